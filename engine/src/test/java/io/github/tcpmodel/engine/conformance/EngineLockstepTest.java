package io.github.tcpmodel.engine.conformance;

import static io.github.tcpmodel.segment.Control.ACK;
import static io.github.tcpmodel.segment.Control.FIN;
import static io.github.tcpmodel.segment.Control.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.property.conformance.Input;
import io.github.tcpmodel.property.conformance.InputTrace;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.RunResult;
import io.github.tcpmodel.property.conformance.SegmentSpec;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.collection.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EngineLockstepTest {

    static Stream<ConnectionConfig> configs() {
        return Stream.of(ConnectionConfig.rfc9293(), ConnectionConfig.linux());
    }

    private static Input call(UserCall.Kind kind) {
        return new Input.Call(UserCall.of(kind));
    }

    private static Input peer(boolean rightEdge, long seqOffset, int data, Control... bits) {
        return new Input.Peer(new SegmentSpec(TreeSet.of(bits), rightEdge, seqOffset, false, 0, data, 4096));
    }

    private static RunResult run(ConnectionConfig config, Input... inputs) {
        RunResult r = new Lockstep(EngineImplementation.factory(config)).run(new InputTrace(SeqNum.of(0), List.of(inputs)));
        assertTrue(r.conforms(), () -> r.trace() + "\n" + r.divergence().get().report());
        return r;
    }

    // Regression: the engine took the peer's first SYN, sent again with one octet of text (so the segment
    // straddles RCV.NXT), as a new SYN and returned the passive SYN-RECEIVED to LISTEN. §3.10.7.4 first: only the new
    // parts of such a segment are processed; the old SYN is trimmed off.
    @ParameterizedTest
    @MethodSource("configs")
    void aRetransmittedSynWithTextLeavesAPassiveSynReceivedAlone(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, -1, 1, SYN));
        assertEquals(TcpState.SYN_RECEIVED, r.entries().last().implState());
    }

    // Regression: the model judged acceptability on the profile's receive window (64240 for linux) while the
    // engine had advertised 65535; the runner now takes the advertised window as the implementation's choice.
    @ParameterizedTest
    @MethodSource("configs")
    void acceptabilityIsJudgedOnTheAdvertisedWindow(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(true, 0, 0, ACK));
        assertEquals(TcpState.SYN_RECEIVED, r.entries().last().implState());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void closeInAPassiveSynReceivedSendsTheFin(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), call(UserCall.Kind.CLOSE));
        assertEquals(TcpState.FIN_WAIT_1, r.entries().last().implState());
    }

    // Regression: the engine acknowledged text that arrived after the peer's FIN (out of order, in
    // CLOSE-WAIT). RFC 9293 §3.10.7.4 seventh: in CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT such text "should not
    // occur since a FIN has been received from the remote side. Ignore the segment text."
    @ParameterizedTest
    @MethodSource("configs")
    void textAfterThePeersFinIsIgnoredWithoutAnAck(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN, ACK), peer(false, 0, 0, FIN, ACK),
                peer(false, 1, 1, ACK));
        assertEquals(TcpState.CLOSE_WAIT, r.entries().last().implState());
        assertTrue(r.entries().last().implSent().isEmpty());
    }

    // Regression: the model's user timeout (armed from OPEN, 5 minutes) closed an idle ESTABLISHED connection
    // with nothing outstanding, which the engine keeps. The user timeout is the user's choice (§3.9.1.1: "If data is
    // not successfully delivered to the destination within the timeout period"); the engine tells its deadline.
    @ParameterizedTest
    @MethodSource("configs")
    void anIdleConnectionOutlivesTheUserTimeout(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN, ACK),
                new Input.Wait(400_000, false));
        assertEquals(TcpState.ESTABLISHED, r.entries().last().implState());
    }

    // Regression: after a CLOSE in SYN-RECEIVED (FIN-WAIT-1, the SYN,ACK and the FIN in flight) the engine
    // gave up after the SYN,ACK schedule (63 s) where the profile keeps retransmitting; now the FIN is outstanding
    // data whose R2 is the user timeout (§3.8.3), and the SYN,ACK is retransmitted with RFC 6298 backoff until then.
    @ParameterizedTest
    @MethodSource("configs")
    void afterCloseInSynReceivedTheUserTimeoutBoundsTheRetransmissions(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), call(UserCall.Kind.CLOSE),
                new Input.Wait(240_000, false), new Input.Wait(240_000, false), new Input.Wait(240_000, false),
                new Input.Wait(240_000, false), new Input.Wait(240_000, false));
        assertEquals(TcpState.CLOSED, r.entries().last().implState());
        assertTrue(r.entries().flatMap(e -> e.implSent()).size() > 8);
    }

    // A second FIN at RCV.NXT in CLOSE-WAIT is acknowledged (§3.10.7.4 eighth), though text there is not.
    @ParameterizedTest
    @MethodSource("configs")
    void aFinInCloseWaitIsAcknowledged(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, 0, 0, FIN, ACK),
                peer(false, 0, 0, FIN, ACK));
        assertEquals(1, r.entries().last().implSent().size());
    }

    // Regression: Linux's close() with unread data answers <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> (the
    // linux profile, as tcp_send_active_reset does); the engine sent the bare ABORT form <SEQ=SND.NXT><CTL=RST>.
    @ParameterizedTest
    @MethodSource("configs")
    void closeWithUnreadDataFollowsTheProfile(ConnectionConfig config) {
        run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, 0, 1, ACK),
                call(UserCall.Kind.CLOSE));
    }

    // Regression: a SYN in LISTEN does not set SND.WND (§3.10.7.2), so RFC 5961's MAX.SND.WND is 0 until the
    // ACK of our SYN; an old ACK after a CLOSE in SYN-RECEIVED is out of range and answered with an ACK. And the
    // ACK that covers the SYN in that FIN-WAIT-1 completes the handshake.
    @ParameterizedTest
    @MethodSource("configs")
    void finWait1BeforeTheHandshakeCompletes(ConnectionConfig config) {
        Input oldAck = new Input.Peer(new SegmentSpec(TreeSet.of(ACK), false, 0, false, -100, 0, 4096));
        run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), call(UserCall.Kind.CLOSE), oldAck);
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), call(UserCall.Kind.CLOSE),
                peer(false, 0, 0, ACK));
        assertEquals(TcpState.FIN_WAIT_2, r.entries().last().implState());
    }

    // A kit regression: the runner took the delayed-ACK alternative although the engine's first segment
    // was the ACK the model sends at once; the FIN that followed (the window had just opened) is an extra.
    @ParameterizedTest
    @MethodSource("configs")
    void anAckAtOnceThenTheFinTheWindowAdmits(ConnectionConfig config) {
        Input zeroWindow = new Input.Peer(new SegmentSpec(TreeSet.of(ACK), false, 0, false, 0, 0, 0));
        run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), zeroWindow, call(UserCall.Kind.CLOSE),
                peer(false, 1, 0, FIN, ACK));
    }

    // A kit regression: the engine probes a zero window (RFC 9293 §3.8.6.1 MUST-36) while its FIN waits;
    // the model has no persist timer, and the runner now takes the probe.
    @ParameterizedTest
    @MethodSource("configs")
    void aZeroWindowIsProbedWhileTheFinWaits(ConnectionConfig config) {
        Input zeroWindow = new Input.Peer(new SegmentSpec(TreeSet.of(ACK), false, 0, false, 0, 0, 0));
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), zeroWindow,
                call(UserCall.Kind.CLOSE), new Input.Wait(1_000, false), new Input.Wait(60_000, false));
        assertTrue(r.entries().last().implSent().size() > 0);
    }

    // A kit regression: the engine repackages two one-octet segments into one on retransmission, which
    // RFC 9293 §3.8.6 allows ("may repackage segments on the retransmission queue").
    @ParameterizedTest
    @MethodSource("configs")
    void retransmissionsMayBeRepackaged(ConnectionConfig config) {
        // Without Nagle (TCP_NODELAY) the second octet goes at once, in a segment of its own.
        RunResult r = run(config.withTransfer(config.transfer().withNagle(false)), call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, 0, 0, ACK),
                new Input.Call(UserCall.send(1)), new Input.Call(UserCall.send(1)), new Input.Wait(1_000, true));
        assertEquals(2, r.entries().last().implSent().head().dataLength());
    }

    // Regression: in SYN-SENT a segment with no control bits at all was answered with a RST; §3.10.7.3 fifth:
    // "If neither of the SYN or RST bits is set, then drop the segment and return."
    @ParameterizedTest
    @MethodSource("configs")
    void aSegmentWithoutControlBitsIsDroppedInSynSent(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0));
        assertTrue(r.entries().last().implSent().isEmpty());
        assertEquals(TcpState.SYN_SENT, r.entries().last().implState());
    }

    // Regression: in a simultaneous open the SYN,ACK inherited the SYN's transmission count, so it was given up
    // after fewer retransmissions than the profile's SYN,ACK retries.
    @ParameterizedTest
    @MethodSource("configs")
    void theSynAckOfASimultaneousOpenHasItsOwnRetries(ConnectionConfig config) {
        run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN), new Input.Wait(240_000, false));
    }

    // Regression: a FIN (or text) on the peer's SYN was dropped; RFC 9293 §3.10.7.2 third and §3.10.7.3
    // fourth queue "other controls or text" for processing once ESTABLISHED is reached.
    @ParameterizedTest
    @MethodSource("configs")
    void aFinOnTheSynIsProcessedOnceEstablished(ConnectionConfig config) {
        RunResult active = run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN, FIN),
                peer(false, 0, 0, ACK));
        assertEquals(TcpState.CLOSE_WAIT, active.entries().last().implState());
        RunResult passive = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 10, SYN, FIN),
                peer(false, 0, 0, ACK));
        // Linux (Profile#synTextDiscarded) discards the text and FIN of a SYN that Fast Open does not take.
        assertEquals(config.profile().synTextDiscarded() ? TcpState.ESTABLISHED : TcpState.CLOSE_WAIT,
                passive.entries().last().implState());
    }

    // Regression: a retransmission of the peer's FIN (wholly before RCV.NXT) that also acknowledged our FIN took
    // CLOSING to TIME-WAIT; §3.10.7.4 first: such a segment is acknowledged and dropped, its ACK field unprocessed.
    @ParameterizedTest
    @MethodSource("configs")
    void aRetransmittedFinDoesNotAcknowledgeOurs(ConnectionConfig config) {
        Input oldFin = new Input.Peer(new SegmentSpec(TreeSet.of(FIN, ACK), false, -1, false, 0, 0, 4096));
        Input finOldAck = new Input.Peer(new SegmentSpec(TreeSet.of(FIN, ACK), false, 0, true, 0, 0, 4096));
        RunResult r = run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN, ACK), call(UserCall.Kind.CLOSE),
                finOldAck, oldFin);
        assertEquals(TcpState.CLOSING, r.entries().last().implState());
    }

    // Regression: a FIN on the peer's SYN,ACK was dropped. §3.10.7.3 fourth: the ACK of the SYN is sent, then
    // "if there are other controls or text in the segment, then continue processing at the sixth step": the engine
    // fires the FIN as a second table event in ESTABLISHED, and both the kit and the engine's own conformance monitor
    // take that.
    @ParameterizedTest
    @MethodSource("configs")
    void aFinOnTheSynAckIsProcessed(ConnectionConfig config) {
        io.github.tcpmodel.engine.monitor.ConformanceMonitor monitor =
                new io.github.tcpmodel.engine.monitor.ConformanceMonitor(config);
        io.github.tcpmodel.property.conformance.Implementation.ConformanceFactory base =
                EngineImplementation.factory(config);
        io.github.tcpmodel.property.conformance.Implementation.ConformanceFactory monitored =
                new io.github.tcpmodel.property.conformance.Implementation.ConformanceFactory() {
                    @Override
                    public io.github.tcpmodel.property.conformance.Implementation create() {
                        EngineImplementation e = (EngineImplementation) base.create();
                        e.observe(monitor);
                        return e;
                    }

                    @Override
                    public io.github.tcpmodel.profile.Profile profile() {
                        return base.profile();
                    }

                    @Override
                    public String name() {
                        return base.name();
                    }

                    @Override
                    public long maxWindow() {
                        return base.maxWindow();
                    }

                    @Override
                    public int maxPayload() {
                        return base.maxPayload();
                    }
                };
        RunResult r = new Lockstep(monitored).run(new InputTrace(SeqNum.of(0), List.of(call(UserCall.Kind.ACTIVE_OPEN),
                peer(false, 0, 0, SYN, ACK, FIN), call(UserCall.Kind.CLOSE), peer(false, 0, 0, ACK))));
        assertTrue(r.conforms(), () -> r.divergence().get().report());
        assertEquals(TcpState.CLOSED, r.entries().last().implState());
        monitor.finish();
        assertEquals(java.util.List.of(), monitor.divergences());
    }

    // Regression: in CLOSE-WAIT the engine acknowledged a further FIN that lay beyond the right window edge,
    // which trimming to the window removes (§3.10.7.4 first).
    @ParameterizedTest
    @MethodSource("configs")
    void aFinBeyondTheWindowInCloseWaitIsNotAcknowledged(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN, ACK),
                peer(false, 0, 0, FIN, ACK), peer(true, -1, 1, FIN, ACK));
        assertTrue(r.entries().last().implSent().isEmpty());
    }

    // Kit regressions: a window update after the user reads (§3.8.6.2.2), and the next unacknowledged
    // segment retransmitted on a partial ACK after a timeout (RFC 6582), which the model does not send itself.
    @ParameterizedTest
    @MethodSource("configs")
    void windowUpdatesAndEarlyRetransmissions(ConnectionConfig config) {
        run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, 0, 1460, ACK),
                new Input.Call(UserCall.receive(5000)));
        Input partial = new Input.Peer(new SegmentSpec(TreeSet.of(ACK), false, 0, false, -1, 0, 4096));
        run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN, ACK), new Input.Call(UserCall.send(1)),
                call(UserCall.Kind.CLOSE), new Input.Wait(1_000, true), partial);
    }

    // Regression: text and a FIN on the SYN were not taken when the ACK of our SYN arrived in FIN-WAIT-1 (after
    // a CLOSE in SYN-RECEIVED).
    @ParameterizedTest
    @MethodSource("configs")
    void theSynsFinIsTakenAfterACloseInSynReceived(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 1, SYN, FIN), call(UserCall.Kind.CLOSE),
                peer(false, 0, 0, ACK));
        assertEquals(config.profile().synTextDiscarded() ? TcpState.FIN_WAIT_2 : TcpState.TIME_WAIT,
                r.entries().last().implState());
    }

    // Regression: held text beyond a FIN (a broken peer's) was drained into the stream, so the FIN was not
    // processed; the model takes the FIN.
    @ParameterizedTest
    @MethodSource("configs")
    void heldTextBeyondAFinIsNotTaken(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, 1, 1, ACK),
                peer(false, 0, 1, FIN, ACK));
        assertEquals(TcpState.CLOSE_WAIT, r.entries().last().implState());
    }

    // Regression: with text queued before a CLOSE in SYN-RECEIVED the user timeout was not armed, so the
    // SYN,ACK was retransmitted without bound.
    @ParameterizedTest
    @MethodSource("configs")
    void queuedTextAndCloseInSynReceivedAreBoundedByTheUserTimeout(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.ACTIVE_OPEN), new Input.Call(UserCall.send(1)),
                peer(false, 0, 0, SYN), call(UserCall.Kind.CLOSE), new Input.Wait(240_000, false),
                new Input.Wait(240_000, false), new Input.Wait(240_000, false), new Input.Wait(240_000, false));
        assertEquals(TcpState.CLOSED, r.entries().last().implState());
    }

    // Regression: close() discarded held out-of-order text, so the ACK after the gap filled did not cover it.
    @ParameterizedTest
    @MethodSource("configs")
    void heldTextSurvivesClose(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, 1, 1, ACK),
                call(UserCall.Kind.CLOSE), peer(false, 0, 1, ACK));
        assertEquals(1, r.entries().last().implSent().size());
    }

    // Regression: a FIN beyond RCV.NXT was dropped (the engine held only text); SHLD-31 holds the segment,
    // so the FIN is processed once the gap is filled.
    @ParameterizedTest
    @MethodSource("configs")
    void anOutOfOrderFinIsHeld(ConnectionConfig config) {
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, 1, 1, FIN, ACK),
                peer(false, 0, 1, ACK));
        assertEquals(TcpState.CLOSE_WAIT, r.entries().last().implState());
    }

    // A kit regression: in SYN-SENT the model took text on a SYN,ACK up to the profile's receive window
    // (64240 for linux), not the 65535 the engine's SYN had offered.
    @ParameterizedTest
    @MethodSource("configs")
    void textOnASynAckFillsTheWindowTheSynOffered(ConnectionConfig config) {
        run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 1, 64_729, SYN, ACK));
    }

    // A kit regression: zero-window probes sent during a wait that the user timeout ended were checked
    // against the closed connection instead of the one that sent them.
    @ParameterizedTest
    @MethodSource("configs")
    void probesBeforeTheUserTimeout(ConnectionConfig config) {
        Input zeroWindow = new Input.Peer(new SegmentSpec(TreeSet.of(ACK), false, 0, false, 0, 0, 0));
        run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), new Input.Call(UserCall.send(1)),
                call(UserCall.Kind.CLOSE), zeroWindow, new Input.Wait(1_000, true));
    }

    // A kit regression: the model opened its receive window when the user read, beyond what the engine
    // had advertised, and so accepted a segment the engine (rightly) found outside the window.
    @ParameterizedTest
    @MethodSource("configs")
    void readingDoesNotOpenTheWindowUntilItIsAdvertised(ConnectionConfig config) {
        run(config, call(UserCall.Kind.ACTIVE_OPEN), peer(false, 0, 0, SYN, ACK), call(UserCall.Kind.CLOSE),
                peer(false, 0, 1460, ACK), new Input.Call(UserCall.receive(1)), peer(false, 65_535, 0, ACK));
    }

    // Regression: after a CLOSE in SYN-RECEIVED, text and a FIN held from the SYN waited for an ACK of our SYN;
    // FIN-WAIT-1 is synchronized, so the next acceptable segment (here a duplicate ACK) lets them be processed.
    @ParameterizedTest
    @MethodSource("configs")
    void heldSynTextInFinWait1BeforeTheAckOfTheSyn(ConnectionConfig config) {
        Input dupAck = new Input.Peer(new SegmentSpec(TreeSet.of(ACK), false, 0, true, 0, 0, 4096));
        RunResult r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 1, SYN, FIN), call(UserCall.Kind.CLOSE),
                dupAck);
        assertEquals(config.profile().synTextDiscarded() ? TcpState.FIN_WAIT_1 : TcpState.CLOSING,
                r.entries().last().implState());
    }
}
