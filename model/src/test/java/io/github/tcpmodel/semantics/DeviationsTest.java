package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.profile.AddressFamily;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The model against the words of RFC 9293 where a review found it deviating, one group per deviation. */
class DeviationsTest {

    static final Profile RFC = Profile.rfc9293();
    static final Profile LINUX = Profile.linux();
    static final long MINUTE = 60_000;

    // ---------------------------------------------------------------- 1. the user timeout

    // §3.9.1.1: "The timeout, if present, permits the caller to set up a timeout for all data submitted to TCP. If
    // data is not successfully delivered to the destination within the timeout period, the TCP endpoint will abort
    // the connection." An idle connection has no data submitted: it never times out (§3.8.4, MUST-24, MUST-25).
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void anIdleConnectionHasNoUserTimeout(Profile p) {
        Profile withTimeout = p.withUserTimeout(UT);
        for (Tcb t : List.of(established(withTimeout), finWait2(withTimeout), closeWait(withTimeout))) {
            assertTrue(t.deadline(Timer.USER).isEmpty(), t.state()::toString);
            assertTrue(Timeouts.expire(withTimeout, t, Timer.USER, T0 + 10 * UT.get(), Choices.reference())
                    .isLeft(), t.state()::toString);
        }
    }

    // §3.9.1.1 and RFC 5482 §1: the user timeout "controls how long transmitted data may remain unacknowledged":
    // armed by a SEND, restarted by the peer's acceptable segments, disarmed when all is acknowledged.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void theUserTimeoutRunsWhileDataIsOutstanding(Profile p) {
        Tcb idle = established(p.withUserTimeout(UT));
        Profile q = p.withUserTimeout(UT);
        long sentAt = T0 + 5 * MINUTE;
        Tcb sent = ok(q, idle, UserCalls.send(q, idle, 10, X, sentAt, Choices.reference())).tcb();
        assertEquals(Option.some(sentAt + UT.get()), sent.deadline(Timer.USER));
        Step acked = arrive(q, sent, peer(0, 10, Control.ACK), sentAt + 100, Choices.reference());
        assertTrue(acked.tcb().deadline(Timer.USER).isEmpty(), "nothing outstanding once the ACK covers the text");
        Step gaveUp = ok(q, sent, Timeouts.expire(q, sent, Timer.USER, sentAt + UT.get(), Choices.reference()));
        assertEquals(Tcb.closed(), gaveUp.tcb());
        assertEquals(List.of(Notice.USER_TIMEOUT), gaveUp.told());
    }

    // ---------------------------------------------------------------- 2. RST validity

    // §3.10.7.4 first: "In all states except SYN-SENT, all reset (RST) segments are validated by checking their SEQ
    // fields. A reset is valid if its sequence number is in the window." Text on the RST (SHLD-2) that reaches into
    // the window does not make a RST before RCV.NXT valid: "If the RST bit is set ... drop the segment and return".
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void aRstBeforeRcvNxtIsDroppedEvenWhenItsTextReachesTheWindow(Profile p) {
        Tcb t = established(p);
        SeqNum nxt = t.rcv().nxt();
        Segment rst = Segment.of(nxt.minus(5), Control.RST).withDataLength(10);
        Step s = arrive(p, t, rst);
        assertEquals(TcpState.ESTABLISHED, s.tcb().tcpState(), s::rule);
        // Linux's sequence test looks at the end (rstSequenceByEnd): in sequence, and challenged (RFC 5961 §3.2).
        assertEquals(p.rstSequenceByEnd() ? 1 : 0, s.sent().size(), s::rule);
        assertEquals(p.rstSequenceByEnd(), Arrival.resetValid(p, rst, t.rcv()));
        assertTrue(Arrival.resetValid(p, Segment.of(nxt.plus(3), Control.RST).withDataLength(10), t.rcv()));
    }

    // Linux (rstSequenceByEnd): tcp_sequence looks at the segment's end, so a RST whose text ends at RCV.NXT is "in
    // sequence" and, not being at RCV.NXT, gets the challenge ACK of RFC 5961 §3.2; a bare RST before RCV.NXT is
    // still dropped. Under RFC 9293 both are dropped.
    @Test
    void linuxChallengesARstWhoseTextEndsAtRcvNxt() {
        for (Profile p : List.of(LINUX, RFC.withRstSequenceByEnd(true))) {
            Tcb t = established(p);
            SeqNum nxt = t.rcv().nxt();
            Step s = arrive(p, t, Segment.of(nxt.minus(5), Control.RST).withDataLength(5));
            assertEquals(TcpState.ESTABLISHED, s.tcb().tcpState());
            assertEquals(List.of(Segment.of(t.snd().nxt()).withAck(nxt).withWindow(t.rcv().wnd())), s.sent(), s::rule);
            assertEquals(List.empty(), arrive(p, t, Segment.of(nxt.minus(1), Control.RST)).sent());
        }
        Tcb t = established(RFC);
        Step s = arrive(RFC, t, Segment.of(t.rcv().nxt().minus(5), Control.RST).withDataLength(5));
        assertEquals(List.empty(), s.sent(), s::rule);
    }

    // ---------------------------------------------------------------- 3. SEG.UP after trimming

    // §3.1: "This field communicates the current value of the urgent pointer as a positive offset from the sequence
    // number in this segment"; §3.10.7.4 first: the segment is trimmed and "adjusted to be consistent".
    @Test
    void trimmingTheFrontMovesTheUrgentPointerWithIt() {
        Segment s = Segment.of(SeqNum.of(100)).withAck(SeqNum.of(1)).withDataLength(20).withUrgent(10);
        Segment cut = s.trim(SeqNum.of(105), 1000).get();
        assertEquals(SeqNum.of(105), cut.seq());
        assertEquals(5, cut.urgent());
        assertTrue(cut.has(Control.URG));
        Segment past = s.trim(SeqNum.of(112), 1000).get();
        assertFalse(past.has(Control.URG), "the urgent data lies before what is left");
        assertEquals(0, past.urgent());
        assertEquals(s, s.trim(SeqNum.of(100), 1000).get(), "nothing cut, nothing changed");
    }

    // §3.10.7.4 sixth: "If the URG bit is set, RCV.UP <- max(RCV.UP,SEG.UP)": the urgent point of a segment that
    // overlaps RCV.NXT stays where its sender put it.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void rcvUpIsTheSendersUrgentPointAfterTrimming(Profile p) {
        Tcb t = established(p);
        SeqNum nxt = t.rcv().nxt();
        Step s = arrive(p, t, Segment.of(nxt.minus(4)).withAck(X.plus(1)).withWindow(PEER_WND).withDataLength(10)
                .withUrgent(7));
        assertEquals(nxt.plus(3), s.tcb().rcv().up());
        assertEquals(nxt.plus(6), s.tcb().rcv().nxt());
    }

    // ---------------------------------------------------------------- 4. text on a SYN

    // §3.10.1 (LISTEN, and SEND in LISTEN, §3.10.2): "Data associated with SEND may be sent with SYN segment";
    // §3.10.7.3: "Data or controls that were queued for transmission may be included." Only queued text, within the
    // MSS, and the SYN,ACK is held to the same rule.
    @Test
    void aSynMayCarryQueuedText() {
        Tcb listen = UserCalls.open(RFC, Tcb.closed(), true, true, UT, X, T0).get().tcb();
        Tcb synSent = UserCalls.send(RFC, listen, 10, X, T0, Choices.reference()).get().tcb();
        assertEquals(TcpState.SYN_SENT, synSent.tcpState());
        Segment syn = Segment.of(X, Control.SYN).withWindow(100);
        assertEquals(List.empty(), Conformance.violations(synSent, syn.withDataLength(10)));
        assertEquals(1, Conformance.violations(synSent, syn.withDataLength(11)).size());
        assertEquals(1, Conformance.violations(synSent, syn.with(Control.FIN).withDataLength(10)).size());
        Tcb rcvd = synRcvdPassive(RFC);
        Segment synAck = Segment.of(X, Control.SYN).withAck(Y.plus(1)).withWindow(100);
        assertEquals(List.empty(), Conformance.violations(rcvd, synAck));
        assertEquals(1, Conformance.violations(rcvd, synAck.withDataLength(5)).size(), "nothing was SENT");
        Tcb queued = rcvd.withSendQueue(5);
        assertEquals(List.empty(), Conformance.violations(queued, synAck.withDataLength(5)));
    }

    // ---------------------------------------------------------------- 5. SYN-RECEIVED and an ACK beyond SND.NXT

    // §3.10.7.4 fifth: "TCP stacks that implement RFC 5961 MUST add an input check that the ACK value is acceptable
    // only if it is in the range of ((SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT). All incoming segments whose ACK
    // value doesn't satisfy the above condition MUST be discarded and an ACK sent back. ... When the ACK value is
    // acceptable, the per-state processing below applies" (SYN-RECEIVED: the reset).
    @Test
    void synReceivedAcksAnAckBeyondSndNxt() {
        for (Tcb t : List.of(synRcvdPassive(RFC), synRcvdActive(RFC))) {
            Step s = arrive(RFC, t, Segment.of(Y.plus(1)).withAck(X.plus(50)).withWindow(PEER_WND));
            assertEquals(t.state(), s.tcb().state());
            assertEquals(List.of(Segment.of(X.plus(1)).withAck(Y.plus(1)).withWindow(t.rcv().wnd())), s.sent(),
                    s::rule);
            assertEquals(Event.RCV_BAD_ACK, s.event());
            Step old = arrive(RFC, t, Segment.of(Y.plus(1)).withAck(X).withWindow(PEER_WND));
            assertEquals(List.of(Segment.of(X, Control.RST)), old.sent(), "SEG.ACK = SND.UNA passes RFC 5961's check");
        }
        Outcome o = RFC.table().step(ConnectionState.synReceived(Origin.PASSIVE), Event.RCV_BAD_ACK);
        assertTrue(((Outcome.Transition) o).actions().contains(Action.SND_ACK));
    }

    // Without RFC 5961 the state's own rule applies ("form a reset segment <SEQ=SEG.ACK><CTL=RST>"); Linux resets
    // too (tcp_check_req hands the segment back to the listener, which resets it): a profile switch.
    @Test
    void withoutRfc5961AndUnderLinuxSynReceivedResetsAnAckBeyondSndNxt() {
        for (Profile p : List.of(RFC.withRfc5961(false), LINUX, RFC.withSynReceivedResetsBadAck(true))) {
            Tcb t = synRcvdPassive(p);
            Step s = arrive(p, t, Segment.of(Y.plus(1)).withAck(X.plus(50)).withWindow(PEER_WND));
            assertEquals(List.of(Segment.of(X.plus(50), Control.RST)), s.sent(), p::name);
            assertEquals(t.state(), s.tcb().state());
        }
    }

    // ---------------------------------------------------------------- 6. user-call replies

    // §3.10.1: "If active and the remote socket is unspecified, return "error: remote socket unspecified"" (CLOSED,
    // and LISTEN: "If the remote socket was not specified, then return ..."); every other state: "Return "error:
    // connection already exists"."
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void anActiveOpenWithoutARemoteSocketIsJudgedAfterTheState(Profile p) {
        assertEquals(Either.left("error: remote socket unspecified"),
                UserCalls.open(p, Tcb.closed(), false, false, UT, X, T0).map(Step::told));
        assertEquals(Either.left("error: remote socket unspecified"),
                UserCalls.open(p, listen(p), false, false, UT, X, T0).map(Step::told));
        for (Tcb t : everyState(p).drop(2)) {
            Step s = ok(p, t, UserCalls.open(p, t, false, false, UT, X, T0));
            assertEquals(List.of(Notice.CONNECTION_ALREADY_EXISTS), s.told(), t.state()::toString);
            assertEquals(t, s.tcb());
        }
    }

    // §3.10.4 LISTEN: "Any outstanding RECEIVEs are returned with "error: closing" responses. Delete TCB, enter
    // CLOSED state, and return."; SYN-SENT: "Delete the TCB and return "error: closing" responses to any queued
    // SENDs, or RECEIVEs." The CLOSE itself succeeds.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void closeInListenAndSynSentReturnsOkAndErrorClosingGoesToQueuedCalls(Profile p) {
        assertEquals(List.of(Notice.OK), ok(p, listen(p), UserCalls.close(p, listen(p), T0)).told());
        assertEquals(List.of(Notice.OK), ok(p, synSent(p), UserCalls.close(p, synSent(p), T0)).told());
        Tcb queued = ok(p, synSent(p), UserCalls.send(p, synSent(p), 10, X, T0, Choices.reference())).tcb();
        Step s = ok(p, queued, UserCalls.close(p, queued, T0));
        assertEquals(List.of(Notice.ERROR_CLOSING, Notice.OK), s.told());
        assertEquals(Tcb.closed(), s.tcb());
    }

    // §3.10.5 LISTEN: "Any outstanding RECEIVEs should be returned with "error: connection reset" responses";
    // SYN-SENT: "All queued SENDs and RECEIVEs should be given "connection reset" notification".
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void abortUsesTheRfcsWords(Profile p) {
        assertEquals(List.of(Notice.ERROR_CONNECTION_RESET), ok(p, listen(p), UserCalls.abort(p, listen(p), T0))
                .told());
        assertEquals("error: connection reset", Notice.ERROR_CONNECTION_RESET.text());
        assertEquals(List.of(Notice.CONNECTION_RESET), ok(p, synSent(p), UserCalls.abort(p, synSent(p), T0)).told());
    }

    // ---------------------------------------------------------------- 7. ABORT and TIME-WAIT

    // §3.5.2: "The side of a connection issuing a reset should enter the TIME-WAIT state"; Figure 5 Note 3: "A RST
    // can be sent from any state with a corresponding transition to TIME-WAIT". §3.10.5 deletes the TCB, and the
    // built-in profiles keep that; the switch takes the "should".
    @Test
    void abortMayEnterTimeWaitUnderTheSwitch() {
        Profile p = RFC.withAbortEntersTimeWait(true);
        for (Tcb t : List.of(synRcvdPassive(p), synRcvdActive(p), established(p), finWait1(p), finWait2(p),
                closeWait(p))) {
            Step s = ok(p, t, UserCalls.abort(p, t, T0 + 5));
            assertEquals(TcpState.TIME_WAIT, s.tcb().tcpState(), t.state()::toString);
            assertEquals(List.of(Segment.of(t.snd().nxt(), Control.RST)), s.sent());
            assertEquals(Option.some(T0 + 5 + p.timeWait()), s.tcb().deadline(Timer.TIME_WAIT));
            assertEquals(1, s.tcb().timers().size());
            Step end = ok(p, s.tcb(), Timeouts.expire(p, s.tcb(), Timer.TIME_WAIT, T0 + 5 + p.timeWait(),
                    Choices.reference()));
            assertEquals(Tcb.closed(), end.tcb());
        }
        for (Profile d : List.of(RFC, LINUX)) {
            assertFalse(d.abortEntersTimeWait());
            assertEquals(Tcb.closed(), ok(d, established(d), UserCalls.abort(d, established(d), T0)).tcb());
        }
    }

    // ---------------------------------------------------------------- 8. the listener survives its embryos

    // Figure 5 Note 1: "The transition from SYN-RECEIVED to LISTEN on receiving a RST is conditional on having
    // reached SYN-RECEIVED after a passive OPEN"; MUST-42: an application can "LISTEN on a port while a connection
    // block with the same local port is in SYN-SENT or SYN-RECEIVED state". An embryo whose SYN,ACK goes unanswered
    // ends as a reset one does: back to LISTEN, the user not informed; a later SYN is answered.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void anEmbryoThatGivesUpLeavesTheListenerListening(Profile p) {
        Tcb cur = synRcvdPassive(p);
        for (int i = 0; i < p.synAckRetries(); i++) {
            cur = ok(p, cur, Timeouts.expire(p, cur, Timer.RETRANSMISSION, cur.deadline(Timer.RETRANSMISSION).get(),
                    Choices.reference())).tcb();
        }
        long at = cur.deadline(Timer.RETRANSMISSION).get();
        Step end = ok(p, cur, Timeouts.expire(p, cur, Timer.RETRANSMISSION, at, Choices.reference()));
        assertEquals(TcpState.LISTEN, end.tcb().tcpState());
        assertEquals(List.empty(), end.told());
        assertEquals(List.empty(), end.sent());
        assertEquals(Event.USER_TIMEOUT, end.event());
        Step again = arrive(p, end.tcb(), Segment.of(Y.plus(99_999), Control.SYN).withWindow(PEER_WND), at + 1,
                Choices.reference());
        assertEquals(ConnectionState.synReceived(Origin.PASSIVE), again.tcb().state());
        assertTrue(again.sent().single().syn() && again.sent().single().isAck());
        // The user timeout of the passive OPEN, where it runs, ends the embryo the same way.
        Tcb embryo = synRcvdPassive(p.withUserTimeout(UT));
        Step ut = ok(p, embryo, Timeouts.expire(p, embryo, Timer.USER, embryo.deadline(Timer.USER).get(),
                Choices.reference()));
        assertEquals(TcpState.LISTEN, ut.tcb().tcpState());
    }

    // ---------------------------------------------------------------- 9. the MSS

    // §3.7.1: "If an MSS Option is not received at connection setup, TCP implementations MUST assume a default send
    // MSS of 536 (576 - 40) for IPv4 or 1220 (1280 - 60) for IPv6 (MUST-15)." The address family is an input.
    @Test
    void theDefaultSendMssDependsOnTheAddressFamily() {
        Profile v6 = RFC.withAddressFamily(AddressFamily.IPV6);
        assertEquals(1220, v6.defaultSendMss());
        assertEquals(536, RFC.defaultSendMss());
        Segment noMss = Segment.of(Y, Control.SYN).withWindow(PEER_WND);
        Tcb passive = arrive(v6, listen(v6), noMss).tcb();
        assertEquals(1220, passive.snd().mss());
        Tcb active = arrive(v6, synSent(v6), noMss.withAck(X.plus(1))).tcb();
        assertEquals(1220, active.snd().mss());
        assertEquals(536, arrive(RFC, listen(RFC), noMss).tcb().snd().mss());
        assertEquals(1460, arrive(v6, listen(v6), noMss.withMss(1460)).tcb().snd().mss());
    }

    // MUST-14 and §3.7.1: the MSS an implementation announces is its own choice (from its link, SHLD-5, MAY-3); the
    // model as the system under test announces the configured one, and the comparison core accepts any value.
    @Test
    void theAnnouncedMssIsTheImplementationsChoice() {
        Profile p = RFC.withMss(1460);
        Step open = ok(p, Tcb.closed(), UserCalls.open(p, Tcb.closed(), false, true, UT, X, T0));
        assertEquals(Option.some(1460), open.sent().single().mss());
        Segment model = open.sent().single();
        for (Segment impl : List.of(model.withMss(536), model.withMss(9000),
                Segment.of(X, Control.SYN).withWindow(1))) {
            assertTrue(Conformance.same(model, impl), impl::toString);
            assertEquals(List.empty(), Conformance.violations(synSent(RFC), impl));
        }
    }

    // ---------------------------------------------------------------- 10. Linux's timing and replies

    // Linux re-sends its SYN two jiffies after an unacceptable ACK in SYN-SENT: 2 ms at HZ = 1000 to 20 ms at HZ =
    // 100; the model arms one point of the range and the comparison core accepts the range.
    @Test
    void theSynRearmIsARange() {
        assertTrue(Profile.synRearmAllowed(Profile.SYN_REARM_INTERVAL));
        assertTrue(Profile.synRearmAllowed(2) && Profile.synRearmAllowed(8) && Profile.synRearmAllowed(20));
        assertFalse(Profile.synRearmAllowed(1) || Profile.synRearmAllowed(21));
        assertTrue(Conformance.synRearmAllowed(LINUX, 12));
        assertFalse(Conformance.synRearmAllowed(RFC, 12), "RFC 9293 §3.10.7.3 leaves the timer alone");
    }

    // §3.10.7.4 second, SYN-RECEIVED after an active OPEN: "the connection was refused; signal the user "connection
    // refused"". Linux fails connect() with ECONNRESET there: the switch tells "connection reset".
    @Test
    void aResetSimultaneousOpenIsAResetUnderLinux() {
        Segment rst = Segment.of(Y.plus(1), Control.RST);
        assertEquals(List.of(Notice.CONNECTION_REFUSED), arrive(RFC, synRcvdActive(RFC), rst).told());
        Step l = arrive(LINUX, synRcvdActive(LINUX), rst);
        assertEquals(List.of(Notice.CONNECTION_RESET), l.told());
        assertEquals(Tcb.closed(), l.tcb());
        Outcome o = LINUX.table().step(ConnectionState.synReceived(Origin.ACTIVE), Event.RCV_RST);
        assertTrue(((Outcome.Transition) o).actions().contains(Action.TELL_RESET));
    }

    // Linux's FIN-WAIT-2 timer (tcp_fin_timeout) ends only an orphaned connection: one the user closed, not one it
    // only shut down for sending and still holds (observed in FIN-WAIT-2 for 400 s). RFC 9293 has no such timer.
    @Test
    void theFinWait2TimerEndsOnlyOrphanedConnections() {
        Tcb est = established(LINUX);
        Tcb half = ok(LINUX, est, UserCalls.halfClose(LINUX, est, T0)).tcb();
        Tcb fw2 = arrive(LINUX, half, peer(0, 1, Control.ACK)).tcb();
        assertEquals(TcpState.FIN_WAIT_2, fw2.tcpState());
        assertTrue(fw2.deadline(Timer.FIN_WAIT_2).isEmpty());
        assertTrue(Timeouts.expire(LINUX, fw2, Timer.FIN_WAIT_2, T0 + 400_000, Choices.reference()).isLeft());
        // Closing the socket afterwards orphans it; the CLOSE is still "error: connection closing" (§3.10.4).
        Step closed = ok(LINUX, fw2, UserCalls.close(LINUX, fw2, T0 + 1_000));
        assertEquals(List.of(Notice.ERROR_CONNECTION_CLOSING), closed.told());
        assertEquals(Option.some(T0 + 1_000 + 60_000), closed.tcb().deadline(Timer.FIN_WAIT_2));
        // A connection closed at once is orphaned from the start.
        assertEquals(Option.some(T0 + 60_000), finWait2(LINUX).deadline(Timer.FIN_WAIT_2));
    }

    // Linux gives a SYN up at the end of tcp_syn_retries (6) as a time budget, (2^7 - 1) x 1 s = 127 s, after
    // retransmitting at 1, 2, 3, 4, 5, 7, 11, 19 and 35 s (tcp_syn_linear_timeouts = 4), as a 6.x kernel was seen
    // to do.
    @Test
    void linuxGivesASynUpAt127Seconds() {
        Tcb cur = synSent(LINUX);
        List<Long> times = List.empty();
        Step s;
        do {
            long at = cur.deadline(Timer.RETRANSMISSION).get();
            s = ok(LINUX, cur, Timeouts.expire(LINUX, cur, Timer.RETRANSMISSION, at, Choices.reference()));
            times = times.append(at - T0);
            cur = s.tcb();
        } while (s.event() == Event.RETRANSMISSION_TIMEOUT);
        assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 7_000L, 11_000L, 19_000L, 35_000L, 127_000L),
                times);
        assertEquals(Tcb.closed(), cur);
        assertEquals(Option.some(127_000L), LINUX.synGiveUp());
        assertEquals(92_000, LINUX.synInterval(9));
        assertEquals(Math.min(RFC.maxRto(), RFC.initialRto() << RFC.synRetries()), RFC.synInterval(RFC.synRetries()),
                "without a give-up time the last interval is the doubled one");
    }
}
