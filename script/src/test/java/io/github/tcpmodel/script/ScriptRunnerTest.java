package io.github.tcpmodel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptRunnerTest {

    static final String PASSIVE_OPEN = String.join("\n",
            "0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0  bind(3, ..., ...) = 0",
            "+0  listen(3, 1) = 0",
            "+0  < S 0:0(0) win 1000 <mss 1000>",
            "+0  > S. 0:0(0) ack 1 <mss 1460>",
            "+.1 < . 1:1(0) ack 1 win 1000",
            "+0  accept(3, ..., ...) = 4",
            "+0  write(4, ..., 10) = 10",
            "+0  > P. 1:11(10) ack 1 win 65535",
            "+0  < P. 1:21(20) ack 11 win 1000",
            "+0  > . 11:11(0) ack 21",
            "+0  read(4, ..., 100) = 20",
            "");

    static final String ACTIVE_OPEN = String.join("\n",
            "0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "0.1...0.3 connect(3, ..., ...) = 0",
            "+0  > S 0:0(0) <mss 1460>",
            "+.2 < S. 0:0(0) ack 1 win 1000 <mss 1000>",
            "+0  > . 1:1(0) ack 1",
            "+0  write(3, ..., 5) = 5",
            "+0  > P. 1:6(5) ack 1",
            "");

    static Script script(String text) {
        Either<ScriptError, Script> r = ScriptParser.parse("t.pkt", text);
        assertTrue(r.isRight(), () -> r.getLeft().message());
        return r.get();
    }

    static Failure failure(String text, Target target) {
        Either<Failure, Passed> r = ScriptRunner.run(script(text), target);
        assertTrue(r.isLeft(), "the script passed");
        return r.getLeft();
    }

    static Passed passes(String text, Target target, ScriptRunner.Config config) {
        Either<Failure, Passed> r = ScriptRunner.run(script(text), target, config);
        assertTrue(r.isRight(), () -> r.getLeft().report());
        return r.get();
    }

    // ---------------------------------------------------------------- sequence numbers and descriptors

    // For all target ISNs i and script ISNs j, including both sides of 2^32: the passive open passes.
    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 5000L, 0x7fffffffL, 0xfffffff0L, 0xfffffffeL, 0xffffffffL})
    void passiveOpenPassesWhateverBothIsns(long isn) {
        for (long remote : new long[] {0L, 123_456L, 0xfffffff5L, 0xffffffffL}) {
            FakeTarget t = new FakeTarget();
            t.isn = isn;
            Passed p = passes(PASSIVE_OPEN, t, ScriptRunner.Config.defaults().withRemoteIsn(remote));
            assertEquals(12, p.events());
            assertEquals(100_000, p.end());
            assertEquals(FakeTarget.State.ESTABLISHED, t.state());
        }
    }

    @Test
    void activeOpenWithABlockingConnect() {
        FakeTarget t = new FakeTarget();
        t.isn = 0xffffffffL;
        Passed p = passes(ACTIVE_OPEN, t, ScriptRunner.Config.defaults());
        assertEquals(7, p.events());
        assertEquals(300_000, p.end());
    }

    @Test
    void wrongAckIsReportedInRelativeNumbers() {
        FakeTarget t = new FakeTarget();
        t.ackOffset = 1;
        Failure f = failure(PASSIVE_OPEN, t);
        assertEquals(new Position("t.pkt", 5, 1), f.position());
        assertEquals("t.pkt:5: expected S. 0:0(0) ack 1 <mss 1460> at 0 / actual S. 0:0(0) ack 2 win 65535 "
                + "<mss 1460> at 0 (ack differs)", f.message());
        assertEquals("+0  > S. 0:0(0) ack 1 <mss 1460>", f.source());
        assertTrue(f.report().endsWith("+0  > S. 0:0(0) ack 1 <mss 1460>"), f.report());
    }

    @Test
    void optionsAreComparedWhereGiven() {
        Failure f = failure(PASSIVE_OPEN.replace("ack 1 <mss 1460>", "ack 1 <mss 1000>"), new FakeTarget());
        assertTrue(f.message().endsWith("(options differs)"), f.message());
        passes(PASSIVE_OPEN.replace("ack 1 <mss 1460>", "ack 1 <...>"), new FakeTarget(),
                ScriptRunner.Config.defaults());
        passes(PASSIVE_OPEN.replace("ack 1 <mss 1460>", "ack 1"), new FakeTarget(), ScriptRunner.Config.defaults());
        assertTrue(failure(PASSIVE_OPEN.replace("ack 1 <mss 1460>", "ack 1 <>"), new FakeTarget()).message()
                .endsWith("(options differs)"));
        passes(PASSIVE_OPEN.replace("> P. 1:11(10) ack 1 win 65535", "> P. 1:11(10) ack 1 win 65535 <>"),
                new FakeTarget(), ScriptRunner.Config.defaults());
    }

    @Test
    void timestampValuesFollowTheTargetsClockSoOnlyTheEchoIsCompared() {
        FakeTarget t = new FakeTarget();
        t.synAckOptions = io.vavr.collection.List.of(new TcpOption.Mss(1460), new TcpOption.Timestamp(999, 77));
        passes(PASSIVE_OPEN.replace("ack 1 <mss 1460>", "ack 1 <mss 1460,TS val 1 ecr 77>"), t,
                ScriptRunner.Config.defaults());
        FakeTarget u = new FakeTarget();
        u.synAckOptions = t.synAckOptions;
        Failure f = failure(PASSIVE_OPEN.replace("ack 1 <mss 1460>", "ack 1 <mss 1460,TS val 999 ecr 78>"), u);
        assertEquals("t.pkt:5: expected S. 0:0(0) ack 1 <mss 1460,TS val 999 ecr 78> at 0 / actual S. 0:0(0) ack 1 "
                + "win 65535 <mss 1460,TS val 999 ecr 77> at 0 (options differs)", f.message());
    }

    @Test
    void windowIsComparedWhereGiven() {
        Failure f = failure(PASSIVE_OPEN.replace("ack 1 win 65535", "ack 1 win 100"), new FakeTarget());
        assertEquals("t.pkt:9: expected P. 1:11(10) ack 1 win 100 at 0.1 / actual P. 1:11(10) ack 1 win 65535 at 0.1"
                + " (win differs)", f.message());
    }

    @Test
    void flagsSeqAndLengthMismatches() {
        assertTrue(failure(PASSIVE_OPEN.replace("> P. 1:11(10)", "> . 1:11(10)"), new FakeTarget()).message()
                .endsWith("(flags differs)"));
        assertTrue(failure(PASSIVE_OPEN.replace("> P. 1:11(10)", "> P. 2:12(10)"), new FakeTarget()).message()
                .endsWith("(seq differs)"));
        assertTrue(failure(PASSIVE_OPEN.replace("> P. 1:11(10)", "> P. 1:10(9)"), new FakeTarget()).message()
                .endsWith("(length differs)"));
    }

    @Test
    void targetDescriptorsAreMappedFromTheScripts() {
        // The fake hands out descriptors from 10; the script says 3 and 4. A call on an unknown one passes through.
        Failure f = failure(PASSIVE_OPEN.replace("+0  write(4, ..., 10) = 10", "+0  write(7, ..., 10) = 10"),
                new FakeTarget() {
                    @Override
                    public Either<String, io.vavr.control.Option<CallResult>> call(SocketCall call) {
                        if (call instanceof SocketCall.Write && call.fd().get() != 11) {
                            return Either.right(io.vavr.control.Option.some(CallResult.fails(Errno.EBADF)));
                        }
                        return super.call(call);
                    }
                });
        assertEquals("t.pkt:8: expected write = 10 / actual write = -1 EBADF at 0.1", f.message());
    }

    // ---------------------------------------------------------------- time

    @Test
    void aLateSegmentFailsAndTheToleranceLineRelaxesIt() {
        FakeTarget late = new FakeTarget();
        late.synAckDelay = 50_000;
        Failure f = failure(PASSIVE_OPEN, late);
        assertEquals("t.pkt:5: expected S. 0:0(0) ack 1 <mss 1460> at 0 / actual no segment by 0.004", f.message());
        FakeTarget relaxed = new FakeTarget();
        relaxed.synAckDelay = 50_000;
        // The SYN,ACK now happens at 0.05, and "+.1" after it puts the ACK at 0.15.
        Passed p = passes("--tolerance_usecs=60000\n" + PASSIVE_OPEN, relaxed, ScriptRunner.Config.defaults());
        assertEquals(150_000, p.end());
    }

    @Test
    void anEarlySegmentFails() {
        Failure f = failure(PASSIVE_OPEN.replace("+0  > S. 0:0(0) ack 1 <mss 1460>", "+.2 > S. 0:0(0) ack 1"),
                new FakeTarget());
        assertEquals("t.pkt:5: expected S. 0:0(0) ack 1 at 0.2 / actual S. 0:0(0) ack 1 win 65535 <mss 1460> at 0 "
                + "(too early)", f.message());
    }

    @Test
    void anyTimeWaitsForTheSegment() {
        FakeTarget late = new FakeTarget();
        late.synAckDelay = 700_000;
        Passed p = passes(PASSIVE_OPEN.replace("+0  > S. 0:0(0)", "*   > S. 0:0(0)"), late,
                ScriptRunner.Config.defaults());
        assertEquals(800_000, p.end());
    }

    @Test
    void retransmittedSynsFollowTheClock() {
        passes(String.join("\n",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "0...3.5 connect(3, ..., ...) = 0",
                "+0 > S 0:0(0) <mss 1460>",
                "+1 > S 0:0(0) <mss 1460>",
                "+2 > S 0:0(0) <mss 1460>",
                "+.5 < S. 0:0(0) ack 1 win 1000",
                "+0 > . 1:1(0) ack 1"), new FakeTarget(), ScriptRunner.Config.defaults());
    }

    @Test
    void anUnexpectedSegmentFailsTheNextLine() {
        Failure f = failure(String.join("\n",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "0...2.1 connect(3, ..., ...) = 0",
                "+0 > S 0:0(0) <mss 1460>",
                "+2 < S. 0:0(0) ack 1 win 1000"), new FakeTarget());
        assertEquals("t.pkt:4: expected no segment before this line at 2 / actual unexpected S 0:0(0) win 65535 "
                + "<mss 1460> at 1", f.message());
    }

    @Test
    void aRangeCallMustNotReturnEarly() {
        Failure f = failure(ACTIVE_OPEN.replace("0.1...0.3 connect", "0.1...0.6 connect"), new FakeTarget());
        assertEquals("t.pkt:2: expected 0 at 0.6 / actual 0 at 0.3", f.message());
    }

    @Test
    void aRangeCallMustReturnInTime() {
        Failure f = failure(ACTIVE_OPEN.replace("0.1...0.3 connect", "0.1...0.2 connect"), new FakeTarget());
        assertEquals("t.pkt:2: expected 0 at 0.2 / actual the call was still blocked at 0.204", f.message());
    }

    @Test
    void aBlockedCallIsCollectedBeforeTheFirstEventAfterItsEnd() {
        String text = String.join("\n",
                "0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "0.1...+.2 connect(3, ..., ...) = -1 ECONNREFUSED",
                "+0  > S 0:0(0) <mss 1460>",
                "+.2 < S. 0:0(0) ack 1 win 1000",
                "+0  > . 1:1(0) ack 1",
                "+1  < P. 1:11(10) ack 1 win 1000",
                "+0  > . 1:1(0) ack 999");
        Failure f = failure(text, new FakeTarget());
        assertEquals("t.pkt:2: expected connect = -1 ECONNREFUSED / actual connect = 0 at 0.3", f.message());
        Failure g = failure(text.replace(" = -1 ECONNREFUSED", " = 0"), new FakeTarget());
        assertEquals("t.pkt:7: expected . 1:1(0) ack 999 at 1.3 / actual . 1:1(0) ack 11 win 65535 at 1.3 "
                + "(ack differs)", g.message());
    }

    @Test
    void aBlockingCallNeedsARange() {
        Failure f = failure(ACTIVE_OPEN.replace("0.1...0.3 connect", "0.1 connect"), new FakeTarget());
        assertEquals("t.pkt:2: expected 0 at 0.1 / actual the call was still blocked at 0.104 (write a time range "
                + "start...end for a blocking call)", f.message());
    }

    @Test
    void aRefusedConnectAndItsErrno() {
        String refused = String.join("\n",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "0...0.1 connect(3, ..., ...) = -1 ECONNREFUSED (Connection refused)",
                "+0 > S 0:0(0) <mss 1460>",
                "+.1 < R. 0:0(0) ack 1 win 0");
        passes(refused, new FakeTarget(), ScriptRunner.Config.defaults());
        Failure f = failure(refused.replace("= -1 ECONNREFUSED (Connection refused)", "= 0"), new FakeTarget());
        assertEquals("t.pkt:2: expected connect = 0 / actual connect = -1 ECONNREFUSED at 0.1", f.message());
    }

    @Test
    void beforeTheTargetsIsnIsKnownItsNumbersAreAbsolute() {
        // RFC 9293 §3.10.7.1: a SYN to a CLOSED port gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
        passes("0 < S 0:0(0) win 1000\n+0 > R. 0:0(0) ack 1\n", new FakeTarget(), ScriptRunner.Config.defaults());
        // ... and an ACK gets <SEQ=SEG.ACK><CTL=RST>.
        passes("0 < . 1:1(0) ack 777 win 1000\n+0 > R 777:777(0)\n", new FakeTarget(),
                ScriptRunner.Config.defaults());
    }

    @Test
    void targetProblemsAreFailuresOfTheLine() {
        FakeTarget broken = new FakeTarget();
        broken.failCallWith = "no such device tun7";
        Failure f = failure(PASSIVE_OPEN, broken);
        assertEquals("t.pkt:1: expected the target to run this line / actual target error: no such device tun7",
                f.message());
    }

    @Test
    void closeHandshakeBothWays() {
        passes(PASSIVE_OPEN + String.join("\n",
                "+0  close(4) = 0",
                "+0  > F. 11:11(0) ack 21",
                "+.1 < F. 21:21(0) ack 12 win 1000",
                "+0  > . 12:12(0) ack 22", ""), new FakeTarget(), ScriptRunner.Config.defaults());
    }
}
