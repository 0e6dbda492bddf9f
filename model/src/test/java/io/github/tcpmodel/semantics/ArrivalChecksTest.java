package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/**
 * SEGMENT ARRIVES (RFC 9293 §3.10.7) check by check, in the RFC's order, at the edges each check draws; also the
 * table event each step projects onto where two events of the same state would lead to the same state.
 */
class ArrivalChecksTest {

    static final Profile P = Profile.rfc9293();
    static final Profile NO5961 = P.withRfc5961(false);
    static final Profile LINUX = Profile.linux();

    static final ConnectionState ESTABLISHED = ConnectionState.of(TcpState.ESTABLISHED);
    static final ConnectionState SYN_SENT = ConnectionState.of(TcpState.SYN_SENT);

    static Segment ack(Tcb t) {
        return Segment.of(t.snd().nxt()).withAck(t.rcv().nxt()).withWindow(t.rcv().wnd());
    }

    static void assertAckOf(Tcb t, Step s) {
        assertEquals(List.of(ack(t)), s.sent(), s::rule);
    }

    // ================================================================ §3.10.7.1 CLOSED, §3.10.7.2 LISTEN

    // §3.10.7.1 / §3.10.7.2 second: the reset answers every segment alike; the table still names each by its SYN, FIN
    // and ACK bits (rcv SYN, rcv SYN,ACK, rcv FIN, rcv ACK), so that a trace reads as what arrived.
    @Test
    void closedAndListenNameWhatTheyReset() {
        Tcb closed = Tcb.closed();
        assertEquals(Event.RCV_SYN, arrive(P, closed, Segment.of(Y, Control.SYN)).event());
        assertEquals(Event.RCV_SYN_ACK, arrive(P, closed, Segment.of(Y, Control.SYN).withAck(X)).event());
        assertEquals(Event.RCV_FIN, arrive(P, closed, Segment.of(Y, Control.FIN)).event());
        assertEquals(Event.RCV_ACK, arrive(P, closed, Segment.of(Y).withAck(X)).event());
        Tcb l = listen(P);
        assertEquals(Event.RCV_SYN_ACK, arrive(P, l, Segment.of(Y, Control.SYN).withAck(X)).event());
        assertEquals(Event.RCV_FIN, arrive(P, l, Segment.of(Y, Control.FIN).withAck(X)).event());
        Step a = arrive(P, l, Segment.of(Y).withAck(X));
        assertEquals(Event.RCV_ACK, a.event());
        assertEquals(List.of(Segment.of(X, Control.RST)), a.sent());
    }

    // ================================================================ §3.10.7.3 SYN-SENT

    // §3.10.7.3 first: SEG.ACK =< ISS is unacceptable: <SEQ=SEG.ACK><CTL=RST>. The table names an ACK of nothing
    // (SEG.ACK = SND.UNA = ISS) "rcv ACK" and any other bad ACK "rcv bad ACK" (RFC9293-CHOICE rows of SYN-SENT).
    @Test
    void synSentNamesItsUnacceptableAcks() {
        Tcb t = synSent(P);
        Step iss = arrive(P, t, Segment.of(Y).withAck(X));
        assertEquals(List.of(Segment.of(X, Control.RST)), iss.sent());
        assertEquals(Event.RCV_ACK, iss.event());
        assertEquals(Event.RCV_BAD_ACK, arrive(P, t, Segment.of(Y, Control.SYN).withAck(X)).event());
        assertEquals(Event.RCV_BAD_ACK, arrive(P, t, Segment.of(Y).withAck(X.plus(2))).event());
        assertEquals(Event.RCV_BAD_ACK, arrive(P, t, Segment.of(Y).withAck(X.minus(1))).event());
        Step rst = arrive(P, t, Segment.of(Y, Control.RST).withAck(X));
        assertEquals(Event.RCV_ACK_OF_SYN, rst.event());
        assertEquals(t, rst.tcb());
        assertEquals(Event.RCV_ACK_OF_SYN, arrive(P, t, Segment.of(Y, Control.RST)).event());
    }

    // §3.10.7.3 fifth: "If neither of the SYN or RST bits is set, then drop the segment and return"; a FIN without
    // ACK is the table's "rcv FIN", an acceptable ACK without SYN its "rcv ACK of SYN" (both dropped).
    @Test
    void synSentDropsSegmentsWithoutSynOrRst() {
        Tcb t = synSent(P);
        assertEquals(Event.RCV_FIN, arrive(P, t, Segment.of(Y, Control.FIN)).event());
        assertEquals(Event.RCV_ACK_OF_SYN, arrive(P, t, Segment.of(Y, Control.FIN).withAck(X.plus(1))).event());
        assertEquals(Event.RCV_ACK_OF_SYN, arrive(P, t, Segment.of(Y).withAck(X.plus(1))).event());
    }

    // §3.10.7.3 fourth: RCV.NXT <- SEG.SEQ+1, IRS <- SEG.SEQ, SND.UNA <- SEG.ACK, the acknowledged SYN leaves the
    // retransmission queue; SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK; the MSS is the peer's option
    // or 536 (§3.7.1 MUST-15).
    @Test
    void aSynAckInitializesTheConnection() {
        Tcb t = synSent(P);
        Step s = arrive(P, t, Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(3000).withMss(1200),
                T0 + 40, Choices.reference());
        Tcb e = s.tcb();
        assertEquals(ESTABLISHED, e.state());
        assertEquals(Y, e.rcv().irs());
        assertEquals(Y.plus(1), e.rcv().nxt());
        assertEquals(X.plus(1), e.snd().una());
        assertEquals(3000, e.snd().wnd());
        assertEquals(Y, e.snd().wl1());
        assertEquals(X.plus(1), e.snd().wl2());
        assertEquals(1200, e.snd().mss());
        assertEquals(List.empty(), e.retransmission());
        assertEquals(0, e.retries());
        assertTrue(e.deadline(Timer.RETRANSMISSION).isEmpty());
        assertTrue(e.deadline(Timer.USER).isEmpty(), "nothing outstanding: no user timeout (§3.9.1.1)");
        assertEquals(List.of(Segment.of(X.plus(1)).withAck(Y.plus(1)).withWindow(P.receiveWindow())), s.sent());
        assertEquals(List.of(Event.RCV_SYN_ACK), s.projection());
        assertFalse(s.rule().contains("FIN"), s::rule);
        Step withFin = arrive(P, t, Segment.of(Y, Control.SYN, Control.FIN).withAck(X.plus(1)).withWindow(3000));
        assertTrue(withFin.rule().contains("then the FIN (§3.10.7.4 eighth)"), withFin::rule);
        assertEquals(536, arrive(P, t, Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(3000)).tcb().snd()
                .mss());
        // After retransmissions the count starts again.
        Tcb retried = Timeouts.expire(P, t, Timer.RETRANSMISSION, t.deadline(Timer.RETRANSMISSION).get(),
                Choices.reference()).get().tcb();
        assertEquals(1, retried.retries());
        assertEquals(0, arrive(P, retried, Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(3000),
                T0 + 5_000, Choices.reference()).tcb().retries());
    }

    // §3.10.7.3 fourth: text on a SYN,ACK is processed at the sixth step, trimmed to the receive window.
    @Test
    void textOnASynAckIsTrimmedToTheWindow() {
        Profile small = P;
        Tcb t = synSent(small);
        t = t.withRcv(t.rcv().withWnd(10));
        Step s = arrive(small, t, Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(3000).withDataLength(25));
        assertEquals(Y.plus(11), s.tcb().rcv().nxt(), "10 octets fit the window");
        assertEquals(10, s.tcb().undelivered());
        assertEquals(Y.plus(11), s.sent().single().ack());
    }

    // §3.10.7.3 fourth, simultaneous open: SYN-RECEIVED, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; the SYN,ACK is on the
    // retransmission queue with its timer restarted. RFC9293-CHOICE: the SYN's window is taken (SND.WL2 = ISS).
    @Test
    void aSynWithoutAckStartsASimultaneousOpen() {
        Tcb t = synSent(P);
        Step s = arrive(P, t, Segment.of(Y, Control.SYN).withWindow(2500).withMss(1100), T0 + 300,
                Choices.reference());
        Tcb r = s.tcb();
        assertEquals(ConnectionState.synReceived(Origin.ACTIVE), r.state());
        Segment synAck = Segment.of(X, Control.SYN).withAck(Y.plus(1)).withWindow(P.receiveWindow()).withMss(P.mss());
        assertEquals(List.of(synAck), s.sent());
        assertEquals(List.of(synAck), r.retransmission());
        assertEquals(X, r.snd().una());
        assertEquals(2500, r.snd().wnd());
        assertEquals(Y, r.snd().wl1());
        assertEquals(X, r.snd().wl2());
        assertEquals(1100, r.snd().mss());
        assertEquals(Option.some(T0 + 300 + P.synAckInterval(0)), r.deadline(Timer.RETRANSMISSION));
        assertEquals(Event.RCV_SYN, s.event());
    }

    // §3.10.7.4 fifth: the window comes from a segment newer than the last update (SND.WL1 < SEG.SEQ, or SND.WL1 =
    // SEG.SEQ and SND.WL2 =< SEG.ACK). A segment that starts before SND.WL1 (its text overlaps what arrived, and runs
    // past RCV.NXT) and acknowledges new data: RFC 9293 keeps the window; Linux (Profile#windowUpdateOnAck,
    // tcp_may_update_window) takes it, because the ACK advances SND.UNA.
    @Test
    void anOverlappingSegmentThatAdvancesSndUnaTakesItsWindowUnderLinuxOnly() {
        for (Profile p : List.of(P, P.withWindowUpdateOnAck(true))) {
            Tcb t = ok(p, established(p), UserCalls.send(p, established(p), 100, X, T0, Choices.reference())).tcb();
            t = arrive(p, t, peer(0, 0).withDataLength(50).withWindow(4000)).tcb();
            t = arrive(p, t, peer(50, 0).withDataLength(50).withWindow(4000)).tcb();
            assertEquals(Y.plus(51), t.snd().wl1());
            Tcb after = arrive(p, t, peer(0, 100).withDataLength(150).withWindow(6000)).tcb();
            assertEquals(X.plus(101), after.snd().una(), p.name());
            assertEquals(Y.plus(151), after.rcv().nxt(), p.name());
            assertEquals(p.windowUpdateOnAck() ? 6000 : 4000, after.snd().wnd(), p.name());
        }
        assertTrue(LINUX.windowUpdateOnAck());
        assertFalse(P.windowUpdateOnAck());
    }

    // ================================================================ §3.10.7.4 first: sequence number

    // §3.10.7.4 first: "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made
    // to accept valid ACKs, URGs, and RSTs": text and FIN at RCV.NXT are refused (and acknowledged), the ACK taken.
    @Test
    void aZeroWindowStillTakesAcksAndRsts() {
        Tcb sent = ok(P, established(P), UserCalls.send(P, established(P), 100, X, T0, Choices.reference())).tcb();
        Tcb t = sent.withRcv(sent.rcv().withWnd(0));
        Step fin = arrive(P, t, peer(0, 100, Control.ACK, Control.FIN));
        assertEquals(ESTABLISHED, fin.tcb().state(), "the FIN is refused with the text");
        assertEquals(X.plus(101), fin.tcb().snd().una());
        assertEquals(t.rcv().nxt(), fin.tcb().rcv().nxt());
        assertEquals(1, fin.sent().size());
        // A RST at RCV.NXT is acceptable (SEG.LEN = 0 = RCV.WND, SEG.SEQ = RCV.NXT) and resets.
        assertEquals(Tcb.closed(), arrive(P, t, peer(0, 0, Control.RST)).tcb());
        // One beyond is not: dropped.
        Step beyond = arrive(P, t, peer(1, 0, Control.RST));
        assertEquals(List.empty(), beyond.sent());
        assertEquals(ESTABLISHED, beyond.tcb().state());
        // A SYN gets no allowance: unacceptable, answered with an ACK.
        Step syn = arrive(P, t, Segment.of(t.rcv().nxt(), Control.SYN).withAck(X.plus(1)));
        assertEquals(Event.RCV_BAD_ACK, syn.event());
        assertAckOf(t, syn);
    }

    // §3.10.7.4 first: an unacceptable RST is dropped without reply; the table's "rcv ACK of SYN" self-loop in a
    // synchronized state, its "rcv bad ACK" self-loop in SYN-RECEIVED.
    @Test
    void anUnacceptableRstIsDroppedSilently() {
        Step e = arrive(P, established(P), peer(-1, 0, Control.RST));
        assertEquals(Event.RCV_ACK_OF_SYN, e.event());
        Tcb sr = synRcvdPassive(P);
        Step s = arrive(P, sr, Segment.of(Y, Control.RST));
        assertEquals(List.empty(), s.sent());
        assertEquals(Event.RCV_BAD_ACK, s.event());
        assertEquals(sr.state(), s.tcb().state());
    }

    // §3.10.7.4 fifth and eighth: "the only thing that can arrive in this state is a retransmission of the remote
    // FIN. Acknowledge it, and restart the 2 MSL timeout"; in CLOSE-WAIT, CLOSING and LAST-ACK it is acknowledged.
    @Test
    void aRetransmittedFinIsAcknowledged() {
        for (Tcb t : List.of(closeWait(P), closing(P), lastAck(P), timeWait(P))) {
            Segment again = Segment.of(Y.plus(1), Control.FIN).withAck(X.plus(1)).withWindow(PEER_WND);
            long later = T0 + 7_000;
            Step s = arrive(P, t, again, later, Choices.reference());
            assertEquals(t.state(), s.tcb().state());
            assertAckOf(t, s);
            assertEquals(Event.RCV_FIN, s.event());
            assertEquals(t.is(TcpState.TIME_WAIT), s.rule().contains("2 MSL timeout restarted"), s::rule);
            if (t.is(TcpState.TIME_WAIT)) {
                assertEquals(Option.some(later + P.timeWait()), s.tcb().deadline(Timer.TIME_WAIT));
            }
            // With RST it is no retransmission of the FIN: an unacceptable RST is dropped.
            assertEquals(List.empty(), arrive(P, t, again.with(Control.RST), later, Choices.reference()).sent());
        }
        // In ESTABLISHED no FIN has arrived: the same segment is merely old (unacceptable) and gets an ACK.
        Tcb e = established(P);
        Step old = arrive(P, e, Segment.of(Y, Control.FIN).withAck(X.plus(1)));
        assertEquals(Event.RCV_BAD_ACK, old.event());
        assertEquals(ESTABLISHED, old.tcb().state());
        // A FIN ending elsewhere in the past is old too.
        Step older = arrive(P, closeWait(P), Segment.of(Y, Control.FIN).withAck(X.plus(1)));
        assertEquals(Event.RCV_BAD_ACK, older.event());
    }

    // ================================================================ TIME-WAIT reopen (§3.6.1 MAY-2, Linux)

    // RFC 9293 §3.6.1 MAY-2: a SYN may reopen TIME-WAIT only if its SEG.SEQ exceeds RCV.NXT and the new ISS exceeds
    // the old SND.NXT; at equality it is an old duplicate and gets an ACK.
    @Test
    void timeWaitReopensOnlyAboveBothEdges() {
        Tcb tw = timeWait(LINUX);
        SeqNum above = tw.snd().nxt().plus(1);
        Step reopen = ok(LINUX, tw, Arrival.segmentArrives(LINUX, tw, Segment.of(tw.rcv().nxt().plus(1),
                Control.SYN), above, T0 + 1, Choices.reference()));
        assertEquals(ConnectionState.synReceived(Origin.PASSIVE), reopen.tcb().state());
        assertEquals(above, reopen.sent().single().seq());
        Step atRcvNxt = ok(LINUX, tw, Arrival.segmentArrives(LINUX, tw, Segment.of(tw.rcv().nxt(), Control.SYN),
                above, T0 + 1, Choices.reference()));
        assertEquals(TcpState.TIME_WAIT, atRcvNxt.tcb().tcpState());
        assertAckOf(tw, atRcvNxt);
        Step issAtSndNxt = ok(LINUX, tw, Arrival.segmentArrives(LINUX, tw, Segment.of(tw.rcv().nxt().plus(1),
                Control.SYN), tw.snd().nxt(), T0 + 1, Choices.reference()));
        assertEquals(TcpState.TIME_WAIT, issAtSndNxt.tcb().tcpState());
        // A SYN,ACK or a SYN with RST is no new connection request.
        for (Segment s : List.of(Segment.of(tw.rcv().nxt().plus(1), Control.SYN).withAck(X.plus(2)),
                Segment.of(tw.rcv().nxt().plus(1), Control.SYN, Control.RST))) {
            Step st = ok(LINUX, tw, Arrival.segmentArrives(LINUX, tw, s, above, T0 + 1, Choices.reference()));
            assertFalse(st.tcb().is(TcpState.SYN_RECEIVED), s::toString);
        }
    }

    // ================================================================ §3.10.7.4 second and fourth: RST, SYN

    // §3.10.7.4 second (RFC 5961 §3): in SYN-RECEIVED too, an in-window RST not at RCV.NXT gets a challenge ACK.
    @Test
    void synReceivedChallengesAnInexactRst() {
        Tcb sr = synRcvdPassive(P);
        Step s = arrive(P, sr, Segment.of(Y.plus(2), Control.RST));
        assertEquals(sr.state(), s.tcb().state());
        assertAckOf(sr, s);
        assertEquals(Event.RCV_BAD_ACK, s.event());
        assertEquals(ConnectionState.of(TcpState.LISTEN), arrive(NO5961, synRcvdPassive(NO5961),
                Segment.of(Y.plus(2), Control.RST)).tcb().state(), "without RFC 5961 any RST in the window counts");
    }

    // §3.10.7.4 fourth, SYN-RECEIVED after a passive OPEN: "return this connection to the LISTEN state"; the table
    // distinguishes a SYN (rcv SYN) from a SYN,ACK (rcv SYN,ACK). A SYN before the window is no SYN there.
    @Test
    void aSynReturnsPassiveSynReceivedToListen() {
        Tcb sr = synRcvdPassive(P);
        Step syn = arrive(P, sr, Segment.of(Y.plus(1), Control.SYN));
        assertEquals(ConnectionState.of(TcpState.LISTEN), syn.tcb().state());
        assertEquals(Event.RCV_SYN, syn.event());
        assertEquals(List.empty(), syn.sent());
        Step synAck = arrive(P, sr, Segment.of(Y.plus(1), Control.SYN).withAck(X.plus(1)));
        assertEquals(Event.RCV_SYN_ACK, synAck.event());
        assertEquals(ConnectionState.of(TcpState.LISTEN), synAck.tcb().state());
        // The old SYN (SEG.SEQ = IRS) overlapping the window with its text: trimmed, the SYN is gone; the ACK
        // completes the handshake.
        Step old = arrive(P, sr, Segment.of(Y, Control.SYN).withAck(X.plus(1)).withDataLength(5).withWindow(100));
        assertEquals(ESTABLISHED, old.tcb().state());
        assertEquals(Y.plus(6), old.tcb().rcv().nxt());
    }

    // §3.10.7.4 fourth (RFC 5961 §4), active origin as in the synchronized states: a challenge ACK, named rcv SYN or
    // rcv SYN,ACK by the ACK bit (the SYN,ACK shown in ESTABLISHED: SYN-RECEIVED's SYN,ACK is simultaneous open's).
    @Test
    void aSynInActiveSynReceivedIsChallenged() {
        Tcb sr = synRcvdActive(P);
        Step syn = arrive(P, sr, Segment.of(Y.plus(1), Control.SYN));
        assertEquals(sr.state(), syn.tcb().state());
        assertAckOf(sr, syn);
        assertEquals(Event.RCV_SYN, syn.event());
        Step est = arrive(P, established(P), Segment.of(Y.plus(1), Control.SYN).withAck(X.plus(1)));
        assertEquals(Event.RCV_SYN_ACK, est.event());
    }

    // ================================================================ §3.10.7.4 fifth: ACK

    // §3.10.7.4 fifth: "if the ACK bit is off drop the segment and return"; the table's self-loops of the state.
    @Test
    void withoutAckTheSegmentIsDropped() {
        Tcb e = established(P);
        Step s = arrive(P, e, Segment.of(Y.plus(1)).withDataLength(10));
        assertEquals(List.empty(), s.sent());
        assertEquals(e.rcv().nxt(), s.tcb().rcv().nxt(), "its text is not taken");
        assertEquals(Event.RCV_ACK_OF_SYN, s.event());
        Tcb sr = synRcvdPassive(P);
        Step r = arrive(P, sr, Segment.of(Y.plus(1)));
        assertEquals(Event.RCV_BAD_ACK, r.event());
        assertEquals(sr.state(), r.tcb().state());
    }

    // §3.10.7.4 fifth, SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and continue
    // processing with the variables below set to: SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK. If the
    // segment acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST>". RFC 5961's input check
    // comes first: an ACK beyond SND.NXT "MUST be discarded and an ACK sent back".
    @Test
    void synReceivedChecksTheAckOfItsSyn() {
        for (Tcb sr : List.of(synRcvdPassive(P), synRcvdActive(P))) {
            Step una = arrive(P, sr, Segment.of(Y.plus(1)).withAck(X));
            assertEquals(List.of(Segment.of(X, Control.RST)), una.sent());
            assertEquals(Event.RCV_ACK, una.event(), "an ACK of nothing");
            assertEquals(sr.state(), una.tcb().state());
            Step ahead = arrive(P, sr, Segment.of(Y.plus(1)).withAck(X.plus(2)));
            assertEquals(List.of(Segment.of(X.plus(1)).withAck(Y.plus(1)).withWindow(sr.rcv().wnd())), ahead.sent());
            assertEquals(Event.RCV_BAD_ACK, ahead.event());
            assertEquals(sr, ahead.tcb().withTimers(sr.timers()).withLastReceived(sr.lastReceived()));
            Step good = arrive(P, sr, Segment.of(Y.plus(1)).withAck(X.plus(1)).withWindow(777));
            assertEquals(ESTABLISHED, good.tcb().state());
            assertEquals(777, good.tcb().snd().wnd());
            assertEquals(Y.plus(1), good.tcb().snd().wl1());
            assertEquals(X.plus(1), good.tcb().snd().wl2());
            assertEquals(X.plus(1), good.tcb().snd().una());
            assertEquals(Event.RCV_ACK_OF_SYN, good.event());
            assertTrue(good.rule().contains("SYN-RECEIVED and SND.UNA < SEG.ACK =< SND.NXT: ESTABLISHED"), good::rule);
            Step est = arrive(P, good.tcb(), Segment.of(Y.plus(1)).withAck(X.plus(1)).withWindow(777));
            assertTrue(est.rule().startsWith("§3.10.7.4 fifth: SND.UNA and the send window updated"), est::rule);
            assertEquals(List.empty(), good.sent(), "an ACK without text needs no answer");
        }
    }

    // §3.10.7.4 fifth without RFC 5961: only SEG.ACK > SND.NXT is "something not yet sent"; SEG.ACK = SND.NXT is fine.
    @Test
    void withoutRfc5961OnlyAcksBeyondSndNxtAreRefused() {
        Tcb t = ok(NO5961, established(NO5961), UserCalls.send(NO5961, established(NO5961), 50, X, T0,
                Choices.reference())).tcb();
        assertEquals(X.plus(51), arrive(NO5961, t, peer(0, 50, Control.ACK)).tcb().snd().una());
        Step beyond = arrive(NO5961, t, peer(0, 51, Control.ACK));
        assertAckOf(t, beyond);
        assertEquals(Event.RCV_BAD_ACK, beyond.event());
        assertTrue(beyond.rule().contains("SEG.ACK > SND.NXT"), beyond::rule);
        assertTrue(arrive(P, t, peer(0, 51, Control.ACK)).rule().contains("RFC 5961"));
    }

    // §3.10.7.4 fifth: "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on the
    // retransmission queue that are thereby entirely acknowledged are removed"; the timer restarts (RFC 6298 §5.3)
    // and the retry count starts again.
    @Test
    void anAckOfNewDataAdvancesSndUna() {
        Tcb sent = ok(P, established(P), UserCalls.send(P, established(P), 100, X, T0, Choices.reference())).tcb();
        Tcb retried = Timeouts.expire(P, sent, Timer.RETRANSMISSION, sent.deadline(Timer.RETRANSMISSION).get(),
                Choices.reference()).get().tcb();
        assertEquals(1, retried.retries());
        long at = sent.deadline(Timer.RETRANSMISSION).get() + 10;
        Step part = arrive(P, retried, peer(0, 40, Control.ACK), at, Choices.reference());
        assertEquals(X.plus(41), part.tcb().snd().una());
        assertEquals(0, part.tcb().retries());
        assertEquals(Option.some(at + part.tcb().rto()), part.tcb().deadline(Timer.RETRANSMISSION));
        assertEquals(X.plus(41), part.tcb().retransmission().single().seq(), "the rest of the segment stays queued");
        Step all = arrive(P, retried, peer(0, 100, Control.ACK), at, Choices.reference());
        assertEquals(List.empty(), all.tcb().retransmission());
        assertTrue(all.tcb().deadline(Timer.RETRANSMISSION).isEmpty());
        // A duplicate ACK neither moves SND.UNA nor touches the retransmission state.
        Step dup = arrive(P, retried, peer(0, 0, Control.ACK), at, Choices.reference());
        assertEquals(1, dup.tcb().retries());
        assertEquals(retried.deadline(Timer.RETRANSMISSION), dup.tcb().deadline(Timer.RETRANSMISSION));
    }

    // §3.10.7.4 fifth: "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If (SND.WL1 < SEG.SEQ or
    // (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, and SND.WL2 <- SEG.ACK."
    @Test
    void theWindowIsUpdatedByTheNewestSegmentOnly() {
        Tcb t = established(P);
        // Same SEG.SEQ as the SYN,ACK's (SND.WL1 = Y) is not possible at RCV.NXT; bring WL1 to RCV.NXT first.
        Tcb u = arrive(P, t, peer(0, 0, Control.ACK).withWindow(1000)).tcb();
        assertEquals(Y.plus(1), u.snd().wl1());
        assertEquals(X.plus(1), u.snd().wl2());
        // SND.WL1 = SEG.SEQ and SND.WL2 = SEG.ACK: a pure window update is taken.
        assertEquals(2000, arrive(P, u, peer(0, 0, Control.ACK).withWindow(2000)).tcb().snd().wnd());
        // SND.WL1 = SEG.SEQ and SND.WL2 > SEG.ACK: an older acknowledgment, not taken.
        Tcb v = u.withSnd(u.snd().withWindow(1000, Y.plus(1), X.plus(1)).withNxt(X.plus(50)).withUna(X.plus(20)));
        Tcb w = v.withSnd(v.snd().withWindow(1000, Y.plus(1), X.plus(30)));
        assertEquals(1000, arrive(P, w, peer(0, 25, Control.ACK).withWindow(9)).tcb().snd().wnd());
        assertEquals(9, arrive(P, w, peer(0, 30, Control.ACK).withWindow(9)).tcb().snd().wnd());
        assertEquals(9, arrive(P, w, peer(0, 35, Control.ACK).withWindow(9)).tcb().snd().wnd());
        // SND.WL1 > SEG.SEQ: an older segment (still acceptable, the window is large), not taken.
        Tcb x = w.withSnd(w.snd().withWindow(1000, Y.plus(11), X.plus(30)));
        assertEquals(1000, arrive(P, x, peer(0, 30, Control.ACK).withWindow(9)).tcb().snd().wnd());
        // An ACK below SND.UNA (a duplicate) updates nothing.
        assertEquals(1000, arrive(P, u.withSnd(v.snd()), peer(5, 10, Control.ACK).withWindow(9)).tcb().snd().wnd());
    }

    // §3.10.7.4 fifth: the first ACK of our SYN sets the send window even in FIN-WAIT-1 (a CLOSE in SYN-RECEIVED),
    // where SND.WL1 holds no value yet: with the peer's ISS beyond 2^31 its SEG.SEQ is "less" than SND.WL1 = 0.
    @Test
    void theFirstAckOfOurSynSetsTheWindowAfterAnEarlyClose() {
        SeqNum peerIss = SeqNum.of(0x8000_0010L);
        Tcb l = listen(P);
        Tcb sr = Arrival.segmentArrives(P, l, Segment.of(peerIss, Control.SYN).withWindow(100), X, T0,
                Choices.reference()).get().tcb();
        Tcb fw1 = UserCalls.close(P, sr, T0).get().tcb();
        assertEquals(TcpState.FIN_WAIT_1, fw1.tcpState());
        Step s = arrive(P, fw1, Segment.of(peerIss.plus(1)).withAck(X.plus(1)).withWindow(3333));
        assertEquals(3333, s.tcb().snd().wnd());
        assertEquals(X.plus(1), s.tcb().snd().una());
        assertEquals(TcpState.FIN_WAIT_1, s.tcb().tcpState());
        // An ACK of nothing (SEG.ACK = SND.UNA = ISS) does not acknowledge the SYN: it sets no window, as it would
        // have been refused in SYN-RECEIVED.
        assertEquals(0, arrive(P, fw1, Segment.of(peerIss.plus(1)).withAck(X).withWindow(5555)).tcb().snd().wnd());
        Step both = arrive(P, fw1, Segment.of(peerIss.plus(1)).withAck(X.plus(2)).withWindow(4444));
        assertEquals(TcpState.FIN_WAIT_2, both.tcb().tcpState());
        assertEquals(4444, both.tcb().snd().wnd());
        assertEquals(Event.RCV_ACK_OF_FIN, both.event());
    }

    // §3.10.7.4 fifth, CLOSING: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state, otherwise ignore
    // the segment"; LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state".
    @Test
    void closingAndLastAckWaitForTheAckOfTheFin() {
        Tcb c = closing(P);
        Step not = arrive(P, c, peer(1, 0, Control.ACK));
        assertEquals(TcpState.CLOSING, not.tcb().tcpState());
        assertEquals(Event.RCV_ACK, not.event());
        assertEquals(List.empty(), not.sent());
        Step yes = arrive(P, c, peer(1, 1, Control.ACK), T0 + 9, Choices.reference());
        assertEquals(TcpState.TIME_WAIT, yes.tcb().tcpState());
        assertEquals(Event.RCV_ACK_OF_FIN, yes.event());
        assertEquals(Option.some(T0 + 9 + P.timeWait()), yes.tcb().deadline(Timer.TIME_WAIT));
        Tcb la = lastAck(P);
        Step stay = arrive(P, la, peer(1, 0, Control.ACK));
        assertEquals(TcpState.LAST_ACK, stay.tcb().tcpState());
        assertEquals(Event.RCV_ACK, stay.event());
        Step gone = arrive(P, la, peer(1, 1, Control.ACK));
        assertEquals(Tcb.closed(), gone.tcb());
        assertEquals(Event.RCV_ACK_OF_FIN, gone.event());
        assertEquals(List.empty(), gone.sent());
    }

    // §3.10.7.4 fifth and eighth: the events of FIN-WAIT-1 and FIN-WAIT-2 name what the segment did: the ACK of our
    // FIN, the peer's FIN, both, or a duplicate ACK of a FIN acknowledged before.
    @Test
    void finWaitStepsNameTheirEvents() {
        Tcb fw1 = finWait1(P);
        assertEquals(Event.RCV_ACK_OF_FIN, arrive(P, fw1, peer(0, 1, Control.ACK)).event());
        assertEquals(Event.RCV_ACK, arrive(P, fw1, peer(0, 0, Control.ACK)).event());
        assertEquals(Event.RCV_FIN, arrive(P, fw1, peer(0, 0, Control.ACK, Control.FIN)).event());
        Tcb fw2 = finWait2(P);
        assertEquals(Event.RCV_ACK, arrive(P, fw2, peer(0, 1, Control.ACK)).event());
        assertEquals(Event.RCV_FIN, arrive(P, fw2, peer(0, 1, Control.ACK, Control.FIN)).event());
        assertEquals(Event.RCV_ACK, arrive(P, established(P), peer(0, 0, Control.ACK)).event());
        assertEquals(Event.RCV_FIN, arrive(P, established(P), peer(0, 0, Control.ACK, Control.FIN)).event());
        Tcb sr = synRcvdPassive(P);
        assertEquals(Event.RCV_FIN, arrive(P, sr, Segment.of(Y.plus(1), Control.FIN).withAck(X.plus(1))).event());
    }

    // ================================================================ sixth to eighth: URG, text, FIN

    // §3.10.7.4 sixth: "If the URG bit is set, RCV.UP <- max(RCV.UP,SEG.UP)" and the user is told once; an urgent
    // pointer equal to RCV.UP is nothing new.
    @Test
    void theUrgentPointerOnlyMovesForward() {
        Tcb t = established(P);
        Step u = arrive(P, t, peer(0, 0, Control.ACK, Control.URG).withDataLength(10).withUrgent(5));
        assertEquals(Y.plus(6), u.tcb().rcv().up());
        assertEquals(List.of(Notice.URGENT), u.told());
        Step same = arrive(P, u.tcb(), peer(10, 0, Control.ACK, Control.URG).withUrgent(0).withDataLength(1)
                .withSeq(Y.plus(6)));
        assertEquals(List.empty(), same.told(), "SEG.SEQ + SEG.UP = RCV.UP");
        Step fw1 = arrive(P, finWait1(P), peer(0, 0, Control.ACK, Control.URG).withUrgent(3));
        assertEquals(List.of(Notice.URGENT), fw1.told(), "FIN-WAIT-1 still receives");
        Step fw2 = arrive(P, finWait2(P), peer(0, 1, Control.ACK, Control.URG).withUrgent(3));
        assertEquals(List.of(Notice.URGENT), fw2.told(), "FIN-WAIT-2 still receives");
    }

    // §3.10.7.4 seventh: text is delivered in order; the window shrinks by what was taken ("the total of RCV.NXT and
    // RCV.WND should not be reduced"), and held segments follow once the gap closes, whatever order they came in.
    @Test
    void heldSegmentsFollowInSequenceOrder() {
        Tcb t = established(P);
        long wnd = t.rcv().wnd();
        Tcb h1 = arrive(P, t, peer(20, 0, Control.ACK).withDataLength(10)).tcb();
        Tcb h2 = arrive(P, h1, peer(10, 0, Control.ACK).withDataLength(10)).tcb();
        assertEquals(2, h2.reassembly().size());
        assertEquals(t.rcv().nxt(), h2.rcv().nxt());
        Step fill = arrive(P, h2, peer(0, 0, Control.ACK).withDataLength(10));
        assertEquals(Y.plus(31), fill.tcb().rcv().nxt());
        assertEquals(30, fill.tcb().undelivered());
        assertEquals(wnd - 30, fill.tcb().rcv().wnd());
        assertEquals(Y.plus(31).plus(wnd - 30), fill.tcb().rcv().nxt().plus(fill.tcb().rcv().wnd()));
        assertEquals(List.empty(), fill.tcb().reassembly());
        assertEquals(Y.plus(31), fill.sent().single().ack());
        // A held segment that the in-order text already covered is dropped from the queue, taking nothing.
        Step over = arrive(P, h1, peer(0, 0, Control.ACK).withDataLength(30));
        assertEquals(Y.plus(31), over.tcb().rcv().nxt());
        assertEquals(30, over.tcb().undelivered());
        assertEquals(List.empty(), over.tcb().reassembly());
    }

    // §3.10.7.4 seventh: text in CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT "should not occur, since a FIN has been
    // received": it is ignored, RCV.NXT stays.
    @Test
    void textAfterThePeersFinIsIgnored() {
        Tcb cw = closeWait(P);
        Step s = arrive(P, cw, Segment.of(cw.rcv().nxt()).withAck(X.plus(1)).withDataLength(10).withWindow(100));
        assertEquals(cw.rcv().nxt(), s.tcb().rcv().nxt());
        assertEquals(0, s.tcb().undelivered());
        assertEquals(List.empty(), s.sent());
    }

    // §3.10.7.4 eighth, CLOSE-WAIT, CLOSING, LAST-ACK: "Remain in the ... state"; TIME-WAIT: "Restart the 2 MSL
    // time-wait timeout". A FIN in the window there is acknowledged without counting it again.
    @Test
    void aFurtherFinAfterThePeersFinIsAcknowledged() {
        for (Tcb t : List.of(closeWait(P), timeWait(P))) {
            long later = T0 + 3_000;
            Step s = arrive(P, t, Segment.of(t.rcv().nxt(), Control.FIN).withAck(t.snd().nxt()).withWindow(100), later,
                    Choices.reference());
            assertEquals(t.state(), s.tcb().state());
            assertEquals(t.rcv().nxt(), s.tcb().rcv().nxt());
            assertAckOf(t, s);
            assertEquals(Event.RCV_FIN, s.event());
            if (t.is(TcpState.TIME_WAIT)) {
                assertEquals(Option.some(later + P.timeWait()), s.tcb().deadline(Timer.TIME_WAIT));
            } else {
                assertFalse(s.tcb().ackPending());
            }
        }
    }

    // §3.8.6.3 (MAY-13, SHLD-18): the ACK of text may be delayed; it is then pending. RFC 9293 leaves the timing to
    // the implementation (RFC 5681 §4.2 only recommends an immediate ACK above a gap), so out-of-order text with the
    // delaying choice is pending too; a segment without text leaves nothing to acknowledge.
    @Test
    void delayedAcksArePendingExceptForOutOfOrderText() {
        Tcb t = established(P);
        Step d = arrive(P, t, peer(0, 0, Control.ACK).withDataLength(10), T0, Choices.reference().delayingAcks());
        assertEquals(List.empty(), d.sent());
        assertTrue(d.tcb().ackPending());
        Step ooo = arrive(P, t, peer(5, 0, Control.ACK).withDataLength(10), T0, Choices.reference().delayingAcks());
        assertEquals(List.empty(), ooo.sent());
        assertTrue(ooo.tcb().ackPending());
        Step pure = arrive(P, t, peer(0, 0, Control.ACK), T0, Choices.reference().delayingAcks());
        assertEquals(List.empty(), pure.sent());
        assertFalse(pure.tcb().ackPending(), "nothing to acknowledge");
        Step now = arrive(P, t, peer(0, 0, Control.ACK).withDataLength(10));
        assertFalse(now.tcb().ackPending());
        assertEquals(Y.plus(11), now.sent().single().ack());
    }
}
