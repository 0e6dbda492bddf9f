package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.Script;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import org.junit.jupiter.api.Test;

/**
 * What each target answers where a runner could put its own answer in place of the TCP's: a write after
 * SHUT_WR (EPIPE from the kernel), a read after SHUT_RD (the queued data, then the end of the data), a
 * TCP_USER_TIMEOUT the kernel takes, and '+a...b' read as packetdrill reads it.
 */
class RunnerFidelityTest {

    static final String SHUTDOWNS = String.join("\n",
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 setsockopt(3, IPPROTO_TCP, TCP_USER_TIMEOUT, [5000], 4) = 0",
            "+0 bind(3, ..., ...) = 0",
            "+0 listen(3, 1) = 0",
            "+0 < S 0:0(0) win 65535 <mss 1000>",
            "+0 > S. 0:0(0) ack 1 <...>",
            "+0 < . 1:1(0) ack 1 win 65535",
            "+0 accept(3, ..., ...) = 4",
            "+0 < P. 1:1001(1000) ack 1 win 65535",
            "* > . 1:1(0) ack 1001",
            "+0 shutdown(4, SHUT_RD) = 0",
            "+0 read(4, ..., 2000) = 1000",
            "+0 read(4, ..., 2000) = 0",
            "+0 shutdown(4, SHUT_WR) = 0",
            "+0 > F. 1:1(0) ack 1001",
            "+0 write(4, ..., 10) = -1 EPIPE (Broken pipe)",
            "");

    private static Script script(String text) {
        return ScriptParser.parse("fidelity.pkt", text).get();
    }

    @Test
    void shutdownsOnTheModel() {
        var r = ScriptRunner.run(script(SHUTDOWNS), new ModelTarget(Profile.linux()));
        assertTrue(r.isRight(), () -> r.getLeft().report());
    }

    @Test
    void shutdownsOnTheEngine() {
        ScriptResult r = EngineTarget.play(script(SHUTDOWNS), "fidelity.pkt", "linux");
        assertEquals(ScriptResult.Verdict.PASSED, r.verdict(), r.detail());
    }

    @Test
    void shutdownsOnTheKernel() {
        if (LinuxTarget.unavailable().isDefined()) {
            return;
        }
        ScriptResult r = LinuxTarget.play(script(SHUTDOWNS), "fidelity.pkt", "linux");
        assertEquals(ScriptResult.Verdict.PASSED, r.verdict(), r.detail());
    }

    // '+0.1...0.15' after an event at 0.2: the call starts at 0.3 and returns by 0.35 (b counts from the previous
    // event, as a does); read as absolute, 0.15 would lie before the start.
    @Test
    void theEndOfARelativeRangeCountsFromThePreviousEvent() {
        String text = String.join("\n",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 bind(3, ..., ...) = 0",
                "+0 listen(3, 1) = 0",
                "+0.2 < S 0:0(0) win 65535 <mss 1000>",
                "+0 > S. 0:0(0) ack 1 <...>",
                "+0.1...0.15 accept(3, ..., ...) = 4",
                "+0.05 < . 1:1(0) ack 1 win 65535",
                "");
        var r = ScriptRunner.run(script(text), new ModelTarget(Profile.linux()));
        assertTrue(r.isRight(), () -> r.getLeft().report());
        // The same call written to return at 0.4 fails: it returned at 0.35.
        var late = ScriptRunner.run(script(text.replace("0.15 accept", "0.2 accept")),
                new ModelTarget(Profile.linux()));
        assertTrue(late.isLeft(), "a call returning 50 ms before its range's end fails");
    }
}
