package io.github.tcpmodel.linux.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.linux.netns.TunAssumptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LiveHandshakeTest {

    @Test
    void liveHandshakePrintsBothSidesAndAgreesWithTheLinuxProfile() {
        TunAssumptions.assumeTun();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InteropResult r = Interop.liveHandshake(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        InteropResult.Completed done = assertInstanceOf(InteropResult.Completed.class, r, printed);
        assertTrue(done.ok(), printed);
        assertEquals(6, done.checkpoints().size(), printed);
        assertTrue(printed.contains("LAST-ACK"), printed);
        assertTrue(printed.contains("engine FIN-WAIT-2 -> TIME-WAIT"), printed);
    }
}
