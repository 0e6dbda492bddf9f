package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The suite's table names a documented engine deviation where one explains an engine failure, and only there: a
 * Fast Open SYN after TCP_FASTOPEN_CONNECT, TCP_CORK, or a segment that differs only in PSH.
 */
class PacketdrillSuiteTest {

    private static final String FAST_OPEN = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_CONNECT, [1], 4) = 0",
            "+0 connect(3, ..., ...) = 0", "+0 write(3, ..., 1000) = 1000",
            "+0 > S 0:1000(1000) <mss 1460,sackOK,nop,nop,FO abcd1234,nop,nop>", "");
    private static final String SENDTO = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = -1 EINPROGRESS (Operation is now in progress)",
            "+0 > S 0:0(0) <mss 1460,sackOK,nop,nop,FOEXP>", "");

    @Test
    void anEngineFailureIsLabelledOnlyByTheDeviationThatExplainsIt() {
        assertTrue(PacketdrillSuite.engineDeviation(FAST_OPEN, "x").get().contains("no TCP_FASTOPEN_CONNECT"));
        // The engine is a Fast Open client through sendto with MSG_FASTOPEN: such a script names no deviation.
        assertEquals(Option.none(), PacketdrillSuite.engineDeviation(SENDTO, "x"));
        assertEquals(Option.none(), PacketdrillSuite.engineDeviation("+0 > S 0:0(0) <FO,nop,nop>\n", "x"));
        // The engine is a Fast Open server: a peer's Fast Open SYN names no deviation.
        assertEquals(Option.none(), PacketdrillSuite.engineDeviation("+0 < S 0:0(0) win 1 <FO,nop,nop>\n", "x"));
        // A SYN with text is Fast Open only where the script switches it on; a comment names nothing.
        assertEquals(Option.none(), PacketdrillSuite.engineDeviation("+0 > S 0:10(10) win 1\n", "x"));
        assertEquals(Option.none(), PacketdrillSuite.engineDeviation("// > S 0:0(0) <FO>\n", "x"));
        assertTrue(PacketdrillSuite.engineDeviation("+0 setsockopt(4, SOL_TCP, TCP_CORK, [1], 4) = 0\n", "x")
                .get().contains("TCP_CORK"));
        String psh = "x.pkt:31: expected . 569:1543(974) ack 144 at 0.23 / actual P. 569:1543(974) ack 144 win 1 "
                + "at 0.23 (flags differs)";
        assertTrue(PacketdrillSuite.engineDeviation("", psh).get().contains("PSH"));
        assertEquals(Option.none(), PacketdrillSuite.engineDeviation("", psh.replace("actual P. 569:1543(974)",
                "actual P. 569:1001(432)")));
        assertEquals(Option.none(), PacketdrillSuite.engineDeviation("", "x.pkt:3: expected S. 0:0(0) ack 1 / "
                + "actual S. 0:0(0) ack 2 (ack differs)"));
    }

    @Test
    void theTableSaysWhichDeviationAndCountsThem() {
        ScriptResult pass = new ScriptResult("a.pkt", "linux", "linux", ScriptResult.Verdict.PASSED, "");
        ScriptResult engine = new ScriptResult("a.pkt", "engine", "linux", ScriptResult.Verdict.FAILED,
                "a.pkt:3: expected S 0:0(0) <mss 1460,sackOK,nop,nop,FOEXP> / actual S 0:0(0) <mss 1460,sackOK> "
                        + "(options differs)");
        String md = PacketdrillSuite.render(Path.of("d"), List.of(
                new PacketdrillSuite.Row("a.pkt", Option.none(), Option.some(pass), Option.some(pass),
                        Option.some(engine), PacketdrillSuite.engineDeviation(FAST_OPEN, engine.detail()))), true);
        assertTrue(md.contains("pass on the engine: 0 of 1 (0%); of those that fail there, 1 fail by a documented "
                + "engine deviation where the model passes"), md);
        assertTrue(md.contains("| a.pkt | pass | pass | FAIL | engine deviation: the engine target has no "
                + "TCP_FASTOPEN_CONNECT"), md);
    }
}
