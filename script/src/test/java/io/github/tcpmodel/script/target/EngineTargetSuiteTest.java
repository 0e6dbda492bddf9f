package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

/** What the engine target does with the forms packetdrill's own suites rely on. */
class EngineTargetSuiteTest {

    private static EngineTarget linux() {
        return new EngineTarget(EngineTarget.configFor("linux").get());
    }

    private static Either<Failure, Passed> run(String text, EngineTarget t) {
        return ScriptRunner.run(ScriptParser.parse("t.pkt", text).get(), t);
    }

    private static void passes(String text) {
        EngineTarget t = linux();
        Either<Failure, Passed> r = run(text, t);
        assertTrue(r.isRight(), () -> r.getLeft().report());
        assertEquals(java.util.List.of(), t.divergences());
    }

    // A TSO or GSO burst is one segment in the script and a train of segments of at most the MSS from the engine
    // (RFC 9293 §3.7.1, MUST-16 bounds each segment): the train sent at once is judged as the burst.
    @Test
    void aBurstTheScriptShowsAsOneSegmentIsTheEnginesTrainOfSegments() {
        passes(EngineTargetTest.ACCEPTED + String.join("\n", "+0 write(4, ..., 2920) = 2920",
                "+0 > P. 1:2921(2920) ack 1", ""));
        Either<Failure, Passed> more = run(EngineTargetTest.ACCEPTED + String.join("\n",
                "+0 write(4, ..., 2920) = 2920", "+0 > P. 1:3001(3000) ack 1", ""), linux());
        assertTrue(more.isLeft(), "the burst ends where the engine's text ends");
        assertTrue(more.getLeft().actual().contains("1:2921(2920)"), more.getLeft().report());
    }

    // O_NONBLOCK through fcntl: connect() answers EINPROGRESS with the SYN on its way (RFC 9293 §3.10.1), a read
    // with nothing on hand EAGAIN.
    @Test
    void aNonBlockingSocketAnswersAtOnce() {
        passes(String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0", "+0 fcntl(3, F_GETFL) = 0x802",
                "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)",
                "+0 > S 0:0(0) <...>",
                "+.01 < S. 0:0(0) ack 1 win 65535 <mss 1460>", "+0 > . 1:1(0) ack 1",
                "+0 read(3, ..., 100) = -1 EAGAIN (Resource temporarily unavailable)", ""));
    }

    // MSG_ZEROCOPY changes how the octets reach the kernel, not the segments: the send is a plain SEND.
    @Test
    void aZeroCopySendIsAPlainSend() {
        EngineTarget t = linux();
        Either<Failure, Passed> r = run(EngineTargetTest.ACCEPTED + String.join("\n",
                "+0 setsockopt(4, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0",
                "+0 send(4, ..., 100, MSG_ZEROCOPY) = 100", "+0 > P. 1:101(100) ack 1", ""), t);
        assertTrue(r.isRight(), () -> r.getLeft().report());
        assertTrue(r.get().notApplicable().exists(n -> n.contains("MSG_ZEROCOPY")), r.get().toString());
    }
}
