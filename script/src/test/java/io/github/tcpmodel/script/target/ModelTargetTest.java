package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.CallResult;
import io.github.tcpmodel.script.Errno;
import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.OptionValue;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.SocketCall;
import io.github.tcpmodel.script.SocketOption;
import io.github.tcpmodel.script.Target;
import io.github.tcpmodel.script.TcpOption;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class ModelTargetTest {

    static ScriptSegment seg(long seq, long ack, Flag... flags) {
        return new ScriptSegment(HashSet.of(flags), seq, ack, 65535, List.empty(), 0);
    }

    static Either<Failure, Passed> run(String text, Target t) {
        return ScriptRunner.run(ScriptParser.parse("t.pkt", text).get(), t);
    }

    @Test
    void theIsnIsAnInputAndScriptsPassWhateverItIs() {
        String s = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "+0 listen(3, 1) = 0",
                "+0 < S 0:0(0) win 65535", "+0 > S. 0:0(0) ack 1 <mss 536>", "+.01 < . 1:1(0) ack 1 win 65535",
                "+0 accept(3, ..., ...) = 4", "+0 write(4, ..., 10) = 10", "+0 > P. 1:11(10) ack 1", "");
        for (long isn : new long[] {0L, 0xfffffffaL, ModelTarget.DEFAULT_ISN}) {
            Either<Failure, Passed> r = run(s, new ModelTarget(Profile.rfc9293(), isn));
            assertTrue(r.isRight(), () -> r.getLeft().report());
        }
    }

    // RFC 9293 §3.7.1: the MSS a TCP announces is its own choice (MUST-14); a real stack derives it from its link, so
    // a script written against one on a 1500-octet link expects <mss 1460>, and the model on that link announces it.
    @Test
    void onALinkTheModelAnnouncesTheMssOfTheLink() {
        String s = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "+0 listen(3, 1) = 0",
                "+0 < S 0:0(0) win 65535 <mss 1460>", "+0 > S. 0:0(0) ack 1 <mss 1460>", "");
        for (Profile p : List.of(Profile.rfc9293(), Profile.linux())) {
            Either<Failure, Passed> r = run(s, ModelTarget.onLink(p, ModelTarget.LINK_MTU));
            assertTrue(r.isRight(), () -> r.getLeft().report());
        }
        assertTrue(run(s, ModelTarget.onLink(Profile.rfc9293(), 9000)).isLeft(), "a jumbo link announces 8960");
        assertTrue(run(s, new ModelTarget(Profile.rfc9293())).isLeft(), "the profile's own MSS is 536");
    }

    // MUST-19 on the script's lines (CongestionCheck): after the handshake, ten segments of 1460 octets (Linux's
    // initial window) and one that may be a tail loss probe (RFC 8985 §7.3) may go at once; a twelfth may not.
    @Test
    void aFirstFlightBeyondTheCongestionBoundFails() {
        java.util.function.IntFunction<String> burst = n -> String.join("\n",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "+0 listen(3, 1) = 0",
                "+0 < S 0:0(0) win 65535 <mss 1460>", "+0 > S. 0:0(0) ack 1 <mss 1460>",
                "+.01 < . 1:1(0) ack 1 win 65535", "+0 accept(3, ..., ...) = 4",
                "+0 write(4, ..., " + n * 1460 + ") = " + n * 1460, "+0 > P. 1:" + (n * 1460 + 1) + "(" + n * 1460
                        + ") ack 1", "");
        Either<Failure, Passed> within = run(burst.apply(11), ModelTarget.onLink(Profile.linux(), 1500));
        assertTrue(within.isRight(), () -> within.getLeft().report());
        Either<Failure, Passed> beyond = run(burst.apply(12), ModelTarget.onLink(Profile.linux(), 1500));
        assertTrue(beyond.isLeft() && beyond.getLeft().report().contains("MUST-19: 17520 octets in flight"),
                () -> beyond.fold(Failure::report, Passed::toString));
    }

    @Test
    void aListenerSpawnsAConnectionPerSynAndAcceptHandsOutOnlyEstablishedOnes() {
        ModelTarget t = new ModelTarget(Profile.rfc9293());
        assertEquals(3L, t.call(new SocketCall.Socket()).get().get().value());
        t.call(new SocketCall.Listen(3, Option.none()));
        assertTrue(t.call(new SocketCall.Accept(3)).get().isEmpty(), "accept blocks with nobody connecting");
        t.inject(seg(100, 0, Flag.SYN));
        Target.Emitted synAck = t.awaitSegment(0).get().get();
        assertEquals(HashSet.of(Flag.SYN, Flag.ACK), synAck.segment().flags());
        assertEquals(101, synAck.segment().ack());
        assertEquals(TcpState.SYN_RECEIVED, t.connectionState());
        assertTrue(t.awaitReturn(t.now()).get().isEmpty(), "an embryonic connection is not handed out");
        t.inject(seg(101, synAck.segment().seq() + 1, Flag.ACK));
        Target.Returned r = t.awaitReturn(t.now()).get().get();
        assertEquals(CallResult.returns(4), r.result());
        assertEquals(TcpState.ESTABLISHED, t.connectionState());
    }

    @Test
    void aRefusedConnectIsEconnrefusedAndAResetReadIsEconnreset() {
        ModelTarget t = new ModelTarget(Profile.rfc9293());
        t.call(new SocketCall.Socket());
        assertTrue(t.call(new SocketCall.Connect(3)).get().isEmpty());
        ScriptSegment syn = t.awaitSegment(0).get().get().segment();
        t.inject(seg(0, syn.seq() + 1, Flag.RST, Flag.ACK));
        assertEquals(CallResult.fails(Errno.ECONNREFUSED), t.awaitReturn(1).get().get().result());

        ModelTarget u = new ModelTarget(Profile.rfc9293());
        u.call(new SocketCall.Socket());
        u.call(new SocketCall.Connect(3));
        ScriptSegment syn2 = u.awaitSegment(0).get().get().segment();
        u.inject(seg(500, syn2.seq() + 1, Flag.SYN, Flag.ACK));
        assertEquals(CallResult.returns(0), u.awaitReturn(1).get().get().result());
        u.awaitSegment(0);
        assertTrue(u.call(new SocketCall.Read(3, 10)).get().isEmpty());
        u.inject(seg(501, 0, Flag.RST));
        assertEquals(CallResult.fails(Errno.ECONNRESET), u.awaitReturn(1).get().get().result());
        assertEquals(CallResult.fails(Errno.EPIPE), u.call(new SocketCall.Write(3, 5)).get().get());
    }

    @Test
    void writeAfterShutdownIsEpipeAndUnknownDescriptorsAreEbadf() {
        ModelTarget t = new ModelTarget(Profile.rfc9293());
        t.call(new SocketCall.Socket());
        t.call(new SocketCall.Connect(3));
        ScriptSegment syn = t.awaitSegment(0).get().get().segment();
        t.inject(seg(500, syn.seq() + 1, Flag.SYN, Flag.ACK));
        t.awaitReturn(1);
        assertEquals(CallResult.returns(0), t.call(new SocketCall.Shutdown(3, SocketCall.How.SHUT_WR)).get().get());
        assertEquals(CallResult.fails(Errno.EPIPE), t.call(new SocketCall.Write(3, 5)).get().get());
        assertEquals(CallResult.fails(Errno.EBADF), t.call(new SocketCall.Close(9)).get().get());
    }

    @Test
    void lingerZeroCloseIsAbortAndSendsAReset() {
        ModelTarget t = new ModelTarget(Profile.rfc9293());
        t.call(new SocketCall.Socket());
        t.call(new SocketCall.Connect(3));
        ScriptSegment syn = t.awaitSegment(0).get().get().segment();
        t.inject(seg(500, syn.seq() + 1, Flag.SYN, Flag.ACK));
        t.awaitReturn(1);
        t.awaitSegment(t.now());
        t.call(new SocketCall.SetSockOpt(3, SocketOption.SO_LINGER, new OptionValue.Linger(1, 0)));
        t.call(new SocketCall.Close(3));
        ScriptSegment rst = t.awaitSegment(t.now()).get().get().segment();
        assertEquals(HashSet.of(Flag.RST), rst.flags());
        assertEquals(syn.seq() + 1, rst.seq());
        assertEquals(TcpState.CLOSED, t.connectionState());
    }

    @Test
    void timersFireInTimeOrderAndNeverPastTheDeadline() {
        ModelTarget t = new ModelTarget(Profile.rfc9293());
        t.call(new SocketCall.Socket());
        t.call(new SocketCall.Connect(3));
        t.awaitSegment(0);
        // RFC 6298 §2.1: the first retransmission after the initial RTO of 1 s, not before.
        assertTrue(t.awaitSegment(999_999).get().isEmpty());
        assertEquals(999_999, t.now());
        Target.Emitted again = t.awaitSegment(5_000_000).get().get();
        assertEquals(1_000_000, again.at());
    }

    @Test
    void keepAliveAndUserTimeoutAreTheProfilesSwitches() {
        String s = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 setsockopt(3, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0",
                "+0 setsockopt(3, IPPROTO_TCP, TCP_KEEPIDLE, [10], 4) = 0",
                "+0 setsockopt(3, IPPROTO_TCP, TCP_KEEPINTVL, [2], 4) = 0",
                "+0 setsockopt(3, IPPROTO_TCP, TCP_KEEPCNT, [2], 4) = 0",
                "0.1...0.2 connect(3, ..., ...) = 0", "+0 > S 0:0(0) <...>",
                "+.1 < S. 0:0(0) ack 1 win 65535", "+0 > . 1:1(0) ack 1",
                // RFC 9293 §3.8.4: probes <SEQ=SND.NXT-1><ACK=RCV.NXT> after the idle time, then every interval.
                "+10 > . 0:0(0) ack 1", "+2 > . 0:0(0) ack 1",
                "+1 read(3, ..., 10) = -1 ETIMEDOUT", "");
        Either<Failure, Passed> r = run(s.replace("+1 read(3, ..., 10) = -1 ETIMEDOUT",
                "+1...+1 read(3, ..., 10) = -1 ETIMEDOUT"), new ModelTarget(Profile.rfc9293()));
        assertTrue(r.isRight(), () -> r.getLeft().report());
    }

    @Test
    void segmentsConvertBothWaysWithoutLoss() {
        ScriptSegment w = new ScriptSegment(HashSet.of(Flag.SYN, Flag.ACK), 0xfffffffeL, 7, 1000,
                List.of(new TcpOption.Mss(1460)), 0);
        assertEquals(w, ModelTarget.toWire(ModelTarget.toModel(w)));
        ScriptSegment d = new ScriptSegment(HashSet.of(Flag.PSH, Flag.ACK, Flag.FIN), 5, 9, 0, List.empty(), 33);
        assertEquals(d, ModelTarget.toWire(ModelTarget.toModel(d)));
    }
}
