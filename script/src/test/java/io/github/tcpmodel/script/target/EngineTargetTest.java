package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.ConnectionConfig;
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
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class EngineTargetTest {

    static final String ACCEPTED = String.join("\n",
            "0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0   bind(3, ..., ...) = 0",
            "+0   listen(3, 1) = 0",
            "+0   < S 0:0(0) win 65535 <mss 1460>",
            "+0   > S. 0:0(0) ack 1 <mss 1460>",
            "+.01 < . 1:1(0) ack 1 win 65535",
            "+0   accept(3, ..., ...) = 4", "");

    static EngineTarget rfc9293() {
        return new EngineTarget(EngineTarget.configFor("rfc9293").get());
    }

    static Either<Failure, Passed> run(String text, Target t) {
        return ScriptRunner.run(ScriptParser.parse("t.pkt", text).get(), t);
    }

    static void passes(String text, EngineTarget t) {
        Either<Failure, Passed> r = run(text, t);
        assertTrue(r.isRight(), () -> r.getLeft().report());
        assertEquals(Option.none(), t.finish());
        assertEquals(java.util.List.of(), t.divergences());
    }

    /** Two small writes, the second while the first is unacknowledged, and both on the wire at once. */
    static final String TWO_SMALL_WRITES = String.join("\n",
            "+0   write(4, ..., 10) = 10",
            "+0   > P. 1:11(10) ack 1",
            "+0   write(4, ..., 10) = 10",
            "+0   > P. 11:21(10) ack 1", "");

    @Test
    void tcpNoDelaySwitchesNagleOffAndAnAcceptedSocketInheritsIt() {
        // RFC 9293 §3.7.4 SHLD-7: with Nagle on, the second small write waits for the first one's ACK.
        assertTrue(run(ACCEPTED + TWO_SMALL_WRITES, rfc9293()).isLeft(), "Nagle holds the second write back");
        // MUST-17: the application can turn Nagle off, on the connection or on the listener before accept.
        passes(ACCEPTED + "+0 setsockopt(4, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0\n" + TWO_SMALL_WRITES, rfc9293());
        passes(ACCEPTED.replace("+0   listen(3, 1) = 0",
                "+0   setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0\n+0   listen(3, 1) = 0")
                + TWO_SMALL_WRITES, rfc9293());
    }

    @Test
    void theLinkCapturesBothDirectionsAsPcap(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("handshake.pcap");
        EngineTarget t = new EngineTarget(EngineTarget.configFor("linux").get(), Option.some(file));
        passes(ACCEPTED + "+0 read(4, ..., 0) = 0\n", t);
        io.github.tcpmodel.pcap.CaptureReader r =
                io.github.tcpmodel.pcap.CaptureReader.open(file).get();
        int frames = 0;
        while (r.next().get().isDefined()) {
            frames++;
        }
        r.close();
        assertEquals(3, frames, "SYN in, SYN,ACK out, ACK in");
    }

    @Test
    void theConfigurationFollowsTheProfileWithTheChallengeAckLimitLifted() {
        ConnectionConfig r = EngineTarget.configFor("rfc9293").get();
        ConnectionConfig l = EngineTarget.configFor("linux").get();
        assertEquals("rfc9293", r.name());
        assertEquals(ConnectionConfig.rfc9293().profile(), r.profile());
        assertEquals("linux", l.name());
        // The linux profile, its window scale sized to packetdrill's 15 MiB tcp_rmem[2] (shift 8, RFC 7323 §2.3).
        assertEquals(ConnectionConfig.linux().profile().withExtensions(ConnectionConfig.linux().profile().extensions()
                .withWindowScale(io.vavr.control.Option.some(8))), l.profile());
        assertEquals(15 << 20, l.receiveBuffer());
        assertTrue(l.profile().resetOnCloseWithUnreadData());
        assertEquals(Integer.MAX_VALUE, r.challengeAcksPerSecond());
        assertTrue(EngineTarget.configFor("bsd").isLeft());
    }

    @Test
    void synRetriesRunningOutMakeConnectFailWithEtimedout() {
        // rfc9293: SYN at 0, 1, 3, 7, 15, 31, 63 and 123 s, given up 60 s after the last, at 183 s: RFC 9293 §3.8.3
        // MUST-23, R2 for a SYN "large enough to provide retransmission of the segment for at least 3 minutes".
        passes(String.join("\n", "--tolerance_usecs=10000",
                "0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "0...183 connect(3, ..., ...) = -1 ETIMEDOUT (Connection timed out)",
                "+0   > S 0:0(0) <mss 1460>", "+1 > S 0:0(0)", "+2 > S 0:0(0)", "+4 > S 0:0(0)", "+8 > S 0:0(0)",
                "+16 > S 0:0(0)", "+32 > S 0:0(0)", "+60 > S 0:0(0)",
                "190  write(3, ..., 1) = -1 ENOTCONN", ""), rfc9293());
    }

    @Test
    void theUserTimeoutSetBeforeListenIsInheritedAndEndsTheConnectionWithEtimedout() {
        passes(String.join("\n",
                "0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0   setsockopt(3, IPPROTO_TCP, TCP_USER_TIMEOUT, [2500], 4) = 0",
                ACCEPTED.substring(ACCEPTED.indexOf("+0   bind")),
                "+0   write(4, ..., 10) = 10",
                "+0   > P. 1:11(10) ack 1",
                "+1   > P. 1:11(10) ack 1",
                // RFC 9293 §3.8.3: unacknowledged for the user timeout (2.5 s): the connection is aborted, silently
                // (the table's user timeout has no snd RST).
                "+2   read(4, ..., 100) = -1 ETIMEDOUT",
                "+0   read(4, ..., 100) = 0", ""), rfc9293());
    }

    @Test
    void unansweredKeepalivesEndTheConnectionWithEtimedout() {
        passes(String.join("\n",
                "0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0   setsockopt(3, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0",
                "+0   setsockopt(3, IPPROTO_TCP, TCP_KEEPIDLE, [2], 4) = 0",
                "+0   setsockopt(3, IPPROTO_TCP, TCP_KEEPINTVL, [1], 4) = 0",
                "+0   setsockopt(3, IPPROTO_TCP, TCP_KEEPCNT, [2], 4) = 0",
                ACCEPTED.substring(ACCEPTED.indexOf("+0   bind")),
                "+2   > . 0:0(0) ack 1",
                "+1   > . 0:0(0) ack 1",
                "+1.1 write(4, ..., 1) = -1 ETIMEDOUT",
                "+0   write(4, ..., 1) = -1 EPIPE", ""), rfc9293());
    }

    @Test
    void closingAListenerAbortsTheConnectionsNobodyAccepted() {
        passes(String.join("\n",
                "0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0   listen(3, 1) = 0",
                "+0   < S 0:0(0) win 65535",
                "+0   > S. 0:0(0) ack 1",
                "+.01 < . 1:1(0) ack 1 win 65535",
                // §3.10.5 ABORT in ESTABLISHED: <SEQ=SND.NXT><CTL=RST>.
                "+.01 close(3) = 0",
                "+0   > R 1:1(0)",
                "+.01 accept(3, ..., ...) = -1 EBADF", ""), rfc9293());
    }

    @Test
    void callsOnUnknownOrWrongSocketsAreErrnosNotTargetErrors() {
        EngineTarget t = rfc9293();
        assertEquals(Option.some(CallResult.fails(Errno.EBADF)), t.call(new SocketCall.Read(9, 10)).get());
        assertEquals(3L, t.call(new SocketCall.Socket()).get().get().value());
        assertEquals(Option.some(CallResult.fails(Errno.ENOTCONN)), t.call(new SocketCall.Write(3, 10)).get());
        assertEquals(Option.some(CallResult.fails(Errno.ENOTCONN)), t.call(new SocketCall.Read(3, 10)).get());
        assertEquals(Option.some(CallResult.fails(Errno.EINVAL)), t.call(new SocketCall.Accept(3)).get());
        assertEquals(Option.some(CallResult.fails(Errno.EINVAL)),
                t.call(new SocketCall.SetSockOpt(3, SocketOption.TCP_KEEPIDLE, new OptionValue.IntValue(0))).get());
        assertEquals(Option.some(CallResult.returns(0)), t.call(new SocketCall.Listen(3, Option.some(1L))).get());
        assertEquals(4L, t.call(new SocketCall.Socket()).get().get().value());
        assertEquals(Option.some(CallResult.fails(Errno.EADDRINUSE)),
                t.call(new SocketCall.Listen(4, Option.none())).get());
        assertEquals(Option.some(CallResult.fails(Errno.EINVAL)), t.call(new SocketCall.Connect(3)).get());
        assertEquals(Option.some(CallResult.returns(0)), t.call(new SocketCall.Close(3)).get());
        assertEquals(Option.some(CallResult.fails(Errno.EBADF)), t.call(new SocketCall.Close(3)).get());
    }

    @Test
    void anOptionTheEngineCannotChangeOnALiveConnectionIsATargetError() {
        EngineTarget t = rfc9293();
        t.call(new SocketCall.Socket());
        t.call(new SocketCall.Listen(3, Option.none()));
        Either<String, Option<CallResult>> r = t.call(new SocketCall.SetSockOpt(3, SocketOption.TCP_KEEPIDLE,
                new OptionValue.IntValue(5)));
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().contains("only before listen or connect"), r.getLeft());
    }

    @Test
    void aBlockedCallIsCollectedWhenTheEventThatEndsItArrives() {
        EngineTarget t = rfc9293();
        t.call(new SocketCall.Socket());
        assertTrue(t.call(new SocketCall.Connect(3)).get().isEmpty(), "connect blocks");
        assertTrue(t.call(new SocketCall.Socket()).isLeft(), "one blocked call at a time");
        Target.Emitted syn = t.awaitSegment(0).get().get();
        assertEquals(HashSet.of(Flag.SYN), syn.segment().flags());
        assertEquals(0, syn.at());
        t.advanceTo(50_000);
        t.inject(new ScriptSegment(HashSet.of(Flag.SYN, Flag.ACK), 7, syn.segment().seq() + 1, 65535, List.empty(), 0));
        Target.Returned back = t.awaitReturn(100_000).get().get();
        assertEquals(50_000, back.at());
        assertEquals(CallResult.returns(0), back.result());
        Target.Emitted ack = t.awaitSegment(50_000).get().get();
        assertEquals(HashSet.of(Flag.ACK), ack.segment().flags());
        assertEquals(8, ack.segment().ack());
        assertEquals(Option.none(), t.finish());
    }

    @Test
    void aSocketsOwnConfigurationMustKeepTheEnginesTable() {
        EngineTarget t = rfc9293();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> t.stack().listen(81, 1, ConnectionConfig.linux()));
        assertEquals(81, t.stack().listen(81, 1, ConnectionConfig.rfc9293().withKeepAlive(true)).id().localPort());
    }

    @Test
    void theIsnCanBeSetJustBelowTheWrap() {
        EngineTarget t = rfc9293();
        t.overrideIsn(0xffff_fffeL);
        t.call(new SocketCall.Socket());
        t.call(new SocketCall.Connect(3));
        assertEquals(0xffff_fffeL, t.awaitSegment(0).get().get().segment().seq());
        t.inject(new ScriptSegment(HashSet.of(Flag.SYN, Flag.ACK), 7, 0xffff_ffffL, 65535, List.empty(), 0));
        assertEquals(CallResult.returns(0), t.awaitReturn(0).get().get().result());
        t.call(new SocketCall.Write(3, 10));
        Target.Emitted ack = t.awaitSegment(0).get().get();
        assertEquals(0xffff_ffffL, ack.segment().seq());
        Target.Emitted data = t.awaitSegment(0).get().get();
        assertEquals(0xffff_ffffL, data.segment().seq());
        assertEquals(10, data.segment().length());
        t.inject(new ScriptSegment(HashSet.of(Flag.ACK), 8, 9, 65535, List.empty(), 0));
        assertEquals(Option.none(), t.finish());
    }

    @Test
    void timersFireOnTheScriptsClockAndNotPastTheDeadline() {
        EngineTarget t = rfc9293();
        t.call(new SocketCall.Socket());
        t.call(new SocketCall.Connect(3));
        t.awaitSegment(0).get().get();
        assertTrue(t.awaitSegment(999_999).get().isEmpty(), "the first retransmission is due at 1 s");
        assertEquals(999_999, t.now());
        Target.Emitted again = t.awaitSegment(5_000_000).get().get();
        assertEquals(1_000_000, again.at());
        assertEquals(1_000_000, t.now());
    }

    @Test
    void aDivergenceTheMonitorFindsFailsTheScriptLine() {
        // A variant table that keeps ESTABLISHED on a FIN: the engine follows it, the monitor's model does not.
        Outcome.Transition stay = new Outcome.Transition(ConnectionState.of(TcpState.ESTABLISHED),
                List.of(Action.SND_ACK), Provenance.VARIANT, "§3.10.7.4", "test: a FIN is acknowledged and ignored");
        TransitionTable broken = TransitionTable.rfc9293()
                .with(ConnectionState.of(TcpState.ESTABLISHED), Event.RCV_FIN, stay).named("rfc9293");
        ConnectionConfig c = EngineTarget.configFor("rfc9293").get();
        ConnectionConfig variant = c.withTable(broken);
        EngineTarget t = new EngineTarget(variant);
        Either<Failure, Passed> r = run(ACCEPTED + "+.01 < F. 1:1(0) ack 1 win 65535\n+0 > . 1:1(0) ack 2\n", t);
        assertTrue(r.isLeft());
        assertEquals(8, r.getLeft().position().line(), r.getLeft().report());
        assertTrue(r.getLeft().report().contains("conformance monitor"), r.getLeft().report());
        assertFalse(t.divergences().isEmpty());
    }
}
