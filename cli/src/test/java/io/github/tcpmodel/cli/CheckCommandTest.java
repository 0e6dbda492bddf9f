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

    @Test
    void congestionHoldsEachSenderToTheBound(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // A handshake (MSS 1460 both ways), then twelve full segments without an ACK: ten, a probe and one more.
        Path burst = dir.resolve("burst.pcap");
        long[] clock = {1_700_000_000_000L};
        try (io.github.tcpmodel.pcap.PcapWriter w = io.github.tcpmodel.pcap.PcapWriter.create(burst,
                () -> clock[0] += 1)) {
            int c = io.github.tcpmodel.engine.codec.Addresses.parse("10.0.0.1");
            int s = io.github.tcpmodel.engine.codec.Addresses.parse("10.0.0.2");
            io.github.tcpmodel.engine.codec.TcpOptions mss =
                    io.github.tcpmodel.engine.codec.TcpOptions.mssOnly(1460);
            io.github.tcpmodel.engine.codec.TcpOptions none = io.github.tcpmodel.engine.codec.TcpOptions.NONE;
            w.write(packet(c, s, 40000, 80, 1000, 0, 0x02, mss, 0));
            w.write(packet(s, c, 80, 40000, 5000, 1001, 0x12, mss, 0));
            w.write(packet(c, s, 40000, 80, 1001, 5001, 0x10, none, 0));
            for (int i = 0; i < 12; i++) {
                w.write(packet(s, c, 80, 40000, 5001 + 1460 * i, 1001, 0x10, none, 1460));
            }
        }
        MainTest.Run plain = MainTest.run("check", "--profile", "linux", burst.toString());
        assertEquals(0, plain.code(), plain.out() + plain.err());
        MainTest.Run held = MainTest.run("check", "--profile", "linux", "--congestion", "linux", burst.toString());
        assertEquals(1, held.code(), held.out() + held.err());
        assertTrue(held.out().contains("MUST-19: 17520 octets in flight"), held.out());
    }

    private static byte[] packet(int src, int dst, int sp, int dp, long seq, long ack, int flags,
                                 io.github.tcpmodel.engine.codec.TcpOptions opts, int len) {
        return io.github.tcpmodel.engine.codec.Codec.encode(new io.github.tcpmodel.engine.codec.Packet(src, dst, sp,
                dp, (int) seq, (int) ack, flags, 64_240, 0, opts, new byte[len]));
    }

    @Test
    void aBadCongestionRuleIsAUsageErrorInOneLine() {
        MainTest.Run r = MainTest.run("check", "--congestion", "bbr", CAPTURE.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("tcpmodel: --congestion: 'bbr' is not one of"), r.err());
        assertEquals(0, MainTest.run("check", "--profile", "linux", "--congestion", "widest", CAPTURE.toString())
                .code());
    }
}
