package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.trace.TraceChecker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

    static final Path CAPTURE = Path.of("..", "trace", "src", "test", "resources", "captures",
            "client-closes-first.pcap");

    @Test
    void theFinalStatesSayWhatTheTimersMakeOfThem() {
        MainTest.Run r = MainTest.run("check", "--profile", "linux", CAPTURE.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*final: \\S+ TIME-WAIT, CLOSED at \\+60\\.0 s \\(TIME-WAIT timeout\\).*"),
                r.out());
    }

    @Test
    void untilGivesTheStatesLater() {
        MainTest.Run later = MainTest.run("check", "--profile", "linux", "--until", "+61", "--json",
                CAPTURE.toString());
        assertEquals(0, later.code(), later.err());
        assertTrue(later.out().contains("\"final_state\":\"CLOSED\",\"projected\":[]"), later.out());
        assertTrue(!later.out().contains("\"final_state\":\"TIME-WAIT\""), later.out());
        MainTest.Run text = MainTest.run("check", "--profile", "linux", "--until", "+30", CAPTURE.toString());
        assertTrue(text.out().contains("at +30.0 s after the last frame: "), text.out());
        assertTrue(text.out().contains("TIME-WAIT, CLOSED at +30.0 s"), text.out());
    }

    @Test
    void untilReadsRelativeAbsoluteAndIsoTimes() {
        assertEquals(TraceChecker.Until.afterLastFrame(1_500_000_000L), CheckCommand.until("+1.5").get());
        assertEquals(TraceChecker.Until.at(1_700_000_000_250_000_000L),
                CheckCommand.until("1700000000.25").get());
        assertEquals(TraceChecker.Until.at(1_700_000_000_000_000_000L),
                CheckCommand.until("2023-11-14T22:13:20Z").get());
        assertTrue(CheckCommand.until("soon").isLeft());
        assertTrue(CheckCommand.until("+-1").isLeft());
        assertTrue(CheckCommand.until("+99999999999999999999").isLeft());
    }

    @Test
    void aBadUntilIsAUsageErrorInOneLine() {
        MainTest.Run r = MainTest.run("check", "--until", "tomorrow", CAPTURE.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("tcpmodel: --until: 'tomorrow' is not"), r.err());
    }
}
