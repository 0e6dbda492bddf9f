package io.github.tcpmodel.linux.netns;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TunAssumptionsTest {

    @Test
    void aMissingPrerequisiteSkipsUnlessTunIsRequired() {
        assertDoesNotThrow(() -> TunAssumptions.skipOrFail(Option.none()));
        Option<String> missing = Option.some("/dev/net/tun does not exist");
        if ("1".equals(System.getenv(TunAssumptions.REQUIRE))) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> TunAssumptions.skipOrFail(missing));
            assertTrue(e.getMessage().contains("/dev/net/tun does not exist"), e.getMessage());
        } else {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> TunAssumptions.skipOrFail(missing));
            assertTrue(e.getMessage().contains("/dev/net/tun does not exist"), e.getMessage());
            assertTrue(e.getMessage().contains(TunAssumptions.REQUIRE + "=1"), e.getMessage());
        }
    }
}
