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
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The twenty hard cases of issue 3, each citing RFC 9293, in both profiles where they apply. */
class HardCasesTest {

    static final ConnectionState CLOSED = ConnectionState.of(TcpState.CLOSED);
    static final ConnectionState LISTEN = ConnectionState.of(TcpState.LISTEN);
    static final ConnectionState SYN_SENT = ConnectionState.of(TcpState.SYN_SENT);
    static final ConnectionState SYN_RCVD_PASSIVE = ConnectionState.synReceived(Origin.PASSIVE);
    static final ConnectionState SYN_RCVD_ACTIVE = ConnectionState.synReceived(Origin.ACTIVE);
    static final ConnectionState ESTABLISHED = ConnectionState.of(TcpState.ESTABLISHED);
    static final ConnectionState FIN_WAIT_1 = ConnectionState.of(TcpState.FIN_WAIT_1);
    static final ConnectionState FIN_WAIT_2 = ConnectionState.of(TcpState.FIN_WAIT_2);
    static final ConnectionState CLOSE_WAIT = ConnectionState.of(TcpState.CLOSE_WAIT);
    static final ConnectionState CLOSING = ConnectionState.of(TcpState.CLOSING);
    static final ConnectionState LAST_ACK = ConnectionState.of(TcpState.LAST_ACK);
    static final ConnectionState TIME_WAIT = ConnectionState.of(TcpState.TIME_WAIT);

    static Segment rst(SeqNum seq) {
        return Segment.of(seq, Control.RST);
    }

    static void assertNothing(Step s) {
        assertEquals(List.empty(), s.sent(), s::rule);
    }

    static void assertAckOnly(Tcb t, Step s) {
        // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        assertEquals(1, s.sent().size(), s::rule);
        Segment a = s.sent().head();
        assertEquals(List.of(Control.ACK), a.controls().toList(), s::rule);
        assertEquals(t.snd().nxt(), a.seq());
        assertEquals(t.rcv().nxt(), a.ack());
    }

    // ---- 1. RFC 9293 §3.10.7.4, second, SYN-RECEIVED: "If this connection was initiated with a passive OPEN
    // ... return this connection to LISTEN state ... The user need not be informed. If ... active OPEN ... the
    // connection was refused; signal the user "connection refused"." (Linux, a profile switch: "connection reset".)
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case01_rstInSynReceived(Profile p) {
        Tcb passive = synRcvdPassive(p);
        Step s = arrive(p, passive, rst(passive.rcv().nxt()));
        assertEquals(LISTEN, s.tcb().state());
        assertEquals(List.empty(), s.told());
        assertNothing(s);
        assertTrue(s.tcb().retransmission().isEmpty(), "the retransmission queue is flushed");

        Tcb active = synRcvdActive(p);
        Step a = arrive(p, active, rst(active.rcv().nxt()));
        assertEquals(CLOSED, a.tcb().state());
        assertEquals(List.of(p.simultaneousOpenResetIsReset() ? Notice.CONNECTION_RESET : Notice.CONNECTION_REFUSED),
                a.told());
        assertNothing(a);
    }

    // ---- 2. §3.10.7.4, fourth, SYN-RECEIVED: "If the connection was initiated with a passive OPEN, then return
    // this connection to the LISTEN state and return."
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case02_synInPassiveSynReceivedReturnsToListen(Profile p) {
        Tcb t = synRcvdPassive(p);
        Step s = arrive(p, t, Segment.of(t.rcv().nxt(), Control.SYN).withWindow(PEER_WND));
        assertEquals(LISTEN, s.tcb().state());
        assertEquals(Event.RCV_SYN, s.event());
        // The retransmitted original SYN (SEG.SEQ = IRS) is an old duplicate: the first check answers it.
        Step dup = arrive(p, t, Segment.of(Y, Control.SYN).withWindow(PEER_WND));
        assertEquals(SYN_RCVD_PASSIVE, dup.tcb().state());
        if (p.requestSocket()) {
            // Linux's request socket answers the peer's SYN again with the SYN,ACK again.
            assertEquals(List.of(t.retransmission().head()), dup.sent());
        } else {
            assertAckOnly(t, dup);
        }
    }

    // ---- 3. §3.10.7.3, fourth: "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT>
    // <CTL=SYN,ACK> and send it."
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case03_simultaneousOpen(Profile p) {
        Tcb t = synSent(p);
        Step s = arrive(p, t, Segment.of(Y, Control.SYN).withWindow(PEER_WND));
        assertEquals(SYN_RCVD_ACTIVE, s.tcb().state());
        Segment synAck = s.sent().single();
        assertTrue(synAck.syn() && synAck.isAck());
        assertEquals(X, synAck.seq(), "the same ISS as the SYN");
        assertEquals(Y.plus(1), synAck.ack());
        assertEquals(X.plus(1), s.tcb().snd().nxt(), "SND.NXT unchanged: the SYN is not sent twice");
        // The peer's SYN,ACK completes both sides: SYN-RECEIVED -> ESTABLISHED on the ACK of our SYN.
        Step e = arrive(p, s.tcb(), Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(PEER_WND));
        // By the text of §3.10.7.4 first (Table 6) a SYN,ACK at IRS is an old duplicate in SYN-RECEIVED; under the
        // profile's switch for Figure 7 line 6 (linux) it is the crossed SYN,ACK that completes the handshake.
        assertEquals(p.crossedSynAckEstablishes() ? ESTABLISHED : SYN_RCVD_ACTIVE, e.tcb().state(),
                "the SYN,ACK at IRS in SYN-RECEIVED under " + p.name());
        Step est = arrive(p, s.tcb(), Segment.of(Y.plus(1)).withAck(X.plus(1)).withWindow(PEER_WND));
        assertEquals(ESTABLISHED, est.tcb().state());
    }

    // ---- 4. §3.10.7.3, first: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set,
    // if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>".
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case04_synSentAckCheck(Profile p) {
        Tcb t = synSent(p);
        for (SeqNum bad : List.of(X, X.minus(7), X.plus(2), X.plus(SeqNum.HALF))) {
            Step s = arrive(p, t, Segment.of(Y, Control.SYN).withAck(bad).withWindow(PEER_WND));
            assertEquals(SYN_SENT, s.tcb().state(), bad::toString);
            assertEquals(List.of(Segment.of(bad, Control.RST)), s.sent(), bad::toString);
            Step r = arrive(p, t, rst(Y).withAck(bad));
            assertEquals(SYN_SENT, r.tcb().state());
            assertNothing(r);
        }
    }

    // ---- 5. §3.10.7.3, second: "If the ACK was acceptable, then signal to the user "error: connection reset",
    // drop the segment, enter CLOSED state, delete TCB, and return. Otherwise (no ACK), drop the segment".
    // Erratum 8167 (verified): RFC 5961 adds no rule here, so SEG.SEQ does not matter.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case05_rstInSynSent(Profile p) {
        Tcb t = synSent(p);
        for (SeqNum anySeq : List.of(SeqNum.ZERO, Y, SeqNum.of(123_456_789))) {
            Step s = arrive(p, t, rst(anySeq).withAck(X.plus(1)));
            assertEquals(CLOSED, s.tcb().state());
            assertEquals(List.of(Notice.CONNECTION_RESET), s.told());
            assertNothing(s);
        }
        Step noAck = arrive(p, t, rst(Y));
        assertEquals(SYN_SENT, noAck.tcb().state());
        assertEquals(t, noAck.tcb(), "dropped: nothing changes");
        assertNothing(noAck);
    }

    // ---- 6. §3.10.7.3, fifth: "if neither of the SYN or RST bits is set, then drop the segment and return."
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case06_synSentNeitherSynNorRst(Profile p) {
        Tcb t = synSent(p);
        for (Segment s : List.of(Segment.of(Y).withAck(X.plus(1)), Segment.of(Y, Control.FIN),
                Segment.of(Y).withAck(X.plus(1)).with(Control.FIN).withDataLength(10), Segment.of(Y))) {
            Step r = arrive(p, t, s);
            assertEquals(t, r.tcb(), s::toString);
            assertNothing(r);
        }
    }

    // ---- 7. §3.10.7.2: first RST ignored; second "any acknowledgment is bad ... <SEQ=SEG.ACK><CTL=RST>"; third
    // SYN -> SYN-RECEIVED; fourth "Drop the segment and return."
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case07_listenOrder(Profile p) {
        Tcb t = listen(p);
        Step r = arrive(p, t, rst(Y).withAck(X));
        assertEquals(t, r.tcb());
        assertNothing(r);
        // An ACK is checked before the SYN: a SYN,ACK gets a reset too.
        for (Segment s : List.of(Segment.of(Y).withAck(SeqNum.of(77)),
                Segment.of(Y, Control.SYN).withAck(SeqNum.of(77)),
                Segment.of(Y, Control.FIN).withAck(SeqNum.of(77)).withDataLength(5))) {
            Step a = arrive(p, t, s);
            assertEquals(LISTEN, a.tcb().state());
            assertEquals(List.of(Segment.of(SeqNum.of(77), Control.RST)), a.sent());
        }
        Step syn = arrive(p, t, Segment.of(Y, Control.SYN).withWindow(100));
        assertEquals(SYN_RCVD_PASSIVE, syn.tcb().state());
        Segment synAck = syn.sent().single();
        assertEquals(NEW_ISS, synAck.seq());
        assertEquals(Y.plus(1), synAck.ack());
        assertEquals(Y, syn.tcb().rcv().irs());
        assertEquals(NEW_ISS, syn.tcb().snd().una());
        assertEquals(NEW_ISS.plus(1), syn.tcb().snd().nxt());
        for (Segment s : List.of(Segment.of(Y, Control.FIN), Segment.of(Y).withDataLength(10))) {
            Step d = arrive(p, t, s);
            assertEquals(t, d.tcb());
            assertNothing(d);
        }
    }

    // ---- 8. §3.10.7.1: "If the ACK bit is off, sequence number zero is used, <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
    // <CTL=RST,ACK>. If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>"; §3.4: SEG.LEN counts SYN and FIN.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case08_closedAnswersWithReset(Profile p) {
        Tcb t = Tcb.closed();
        Segment synFinData = Segment.of(Y, Control.SYN, Control.FIN).withDataLength(10);
        Step a = arrive(p, t, synFinData);
        assertEquals(List.of(Segment.of(SeqNum.ZERO, Control.RST).withAck(Y.plus(12))), a.sent());
        Step b = arrive(p, t, Segment.of(Y, Control.SYN));
        assertEquals(Y.plus(1), b.sent().single().ack());
        Step c = arrive(p, t, Segment.of(Y).withDataLength(3));
        assertEquals(Y.plus(3), c.sent().single().ack());
        Step d = arrive(p, t, Segment.of(Y, Control.FIN).withAck(SeqNum.of(4242)));
        assertEquals(List.of(Segment.of(SeqNum.of(4242), Control.RST)), d.sent());
        Step e = arrive(p, t, rst(Y));
        assertNothing(e);
        assertEquals(CLOSED, e.tcb().state());
    }

    // ---- 9. §3.10.7.4, first, Table 6, and "If an incoming segment is not acceptable, an acknowledgment should be
    // sent in reply (unless the RST bit is set ...) <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
    @Test
    void case09_acceptabilityTable() {
        SeqNum nxt = SeqNum.of(100);
        io.github.tcpmodel.tcb.ReceiveVars w0 = new io.github.tcpmodel.tcb.ReceiveVars(SeqNum.of(99), nxt, 0, nxt);
        io.github.tcpmodel.tcb.ReceiveVars w10 = w0.withWnd(10);
        // length 0, window 0: SEG.SEQ = RCV.NXT
        assertTrue(Arrival.acceptable(Segment.of(nxt), w0));
        assertFalse(Arrival.acceptable(Segment.of(nxt.plus(1)), w0));
        // length 0, window > 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
        assertTrue(Arrival.acceptable(Segment.of(nxt.plus(9)), w10));
        assertFalse(Arrival.acceptable(Segment.of(nxt.plus(10)), w10));
        assertFalse(Arrival.acceptable(Segment.of(nxt.minus(1)), w10));
        // length > 0, window 0: not acceptable
        assertFalse(Arrival.acceptable(Segment.of(nxt).withDataLength(1), w0));
        // length > 0, window > 0: the first or the last octet in the window
        assertTrue(Arrival.acceptable(Segment.of(nxt.minus(5)).withDataLength(6), w10));
        assertFalse(Arrival.acceptable(Segment.of(nxt.minus(5)).withDataLength(5), w10));
        assertTrue(Arrival.acceptable(Segment.of(nxt.plus(9)).withDataLength(50), w10));
        assertFalse(Arrival.acceptable(Segment.of(nxt.plus(10)).withDataLength(1), w10));
        // A FIN counts in SEG.LEN: a FIN right at the edge occupies RCV.NXT+RCV.WND-1.
        assertTrue(Arrival.acceptable(Segment.of(nxt.plus(9), Control.FIN), w10));
        // Across the wrap.
        io.github.tcpmodel.tcb.ReceiveVars wrap = new io.github.tcpmodel.tcb.ReceiveVars(SeqNum.of(0xFFFFFFF0L),
                SeqNum.of(0xFFFFFFFBL), 10, SeqNum.ZERO);
        assertTrue(Arrival.acceptable(Segment.of(SeqNum.of(2)).withDataLength(1), wrap));
        assertFalse(Arrival.acceptable(Segment.of(SeqNum.of(5)), wrap));
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case09_unacceptableSegmentGetsAnAck(Profile p) {
        Tcb t = established(p);
        Step s = arrive(p, t, peer(PEER_WND * 100, 0, Control.ACK).withDataLength(10));
        assertAckOnly(t, s);
        assertEquals(t.rcv(), s.tcb().rcv());
        Step r = arrive(p, t, peer(p.receiveWindow() + 1, 0, Control.RST));
        assertNothing(r);
        assertEquals(ESTABLISHED, r.tcb().state());
        // RCV.WND = 0: text at RCV.NXT is not acceptable, but its ACK is processed (special allowance).
        Tcb closed = UserCalls.send(p, t, 100, X, T0, Choices.reference()).get().tcb();
        closed = closed.withRcv(closed.rcv().withWnd(0));
        Step z = arrive(p, closed, peer(0, 100, Control.ACK).withDataLength(10));
        assertEquals(closed.rcv().nxt(), z.tcb().rcv().nxt(), "the text is refused");
        assertEquals(X.plus(101), z.tcb().snd().una(), "the ACK is taken");
        assertAckOnly(z.tcb(), z);
    }

    // ---- 10. RFC 5961 as RFC 9293 §3.10.7.4 incorporates it.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case10_rfc5961(Profile p) {
        Tcb t = established(p);
        // 1) "If the RST bit is set and the sequence number is outside the current receive window, silently drop"
        Step out = arrive(p, t, peer(-1, 0, Control.RST));
        assertEquals(ESTABLISHED, out.tcb().state());
        assertNothing(out);
        // 2) "exactly matches the next expected sequence number (RCV.NXT) ... reset the connection"
        assertEquals(CLOSED, arrive(p, t, peer(0, 0, Control.RST)).tcb().state());
        // 3) in the window but not exact: "send an acknowledgment (challenge ACK)"
        Step ch = arrive(p, t, peer(1, 0, Control.RST));
        assertEquals(ESTABLISHED, ch.tcb().state());
        assertAckOnly(t, ch);
        // "if the SYN bit is set, irrespective of the sequence number, ... send a "challenge ACK""
        for (long off : new long[] {0, 5}) {
            Step syn = arrive(p, t, Segment.of(Y.plus(1 + off), Control.SYN).withWindow(PEER_WND));
            assertEquals(ESTABLISHED, syn.tcb().state());
            assertAckOnly(t, syn);
        }
        // ... also a SYN whose text overlaps the window but whose SYN lies before RCV.NXT.
        Step overlap = arrive(p, t, Segment.of(Y.minus(2), Control.SYN).withAck(X.plus(1)).withDataLength(10));
        assertAckOnly(t, overlap);
        assertEquals(t.rcv().nxt(), overlap.tcb().rcv().nxt(), "its text is not taken");
        // ACK outside [SND.UNA - MAX.SND.WND, SND.NXT]: "discarded and an ACK sent back", even with text.
        Step old = arrive(p, t, peer(0, -(PEER_WND + 1), Control.ACK).withDataLength(10));
        assertAckOnly(t, old);
        assertEquals(t.rcv().nxt(), old.tcb().rcv().nxt(), "the text of the discarded segment is not taken");
        Step edge = arrive(p, t, peer(0, -PEER_WND, Control.ACK).withDataLength(10));
        assertEquals(t.rcv().nxt().plus(10), edge.tcb().rcv().nxt(), "SND.UNA - MAX.SND.WND is in range");
    }

    @Test
    void case10_withoutRfc5961() {
        Profile p = Profile.rfc9293().withRfc5961(false);
        Tcb t = established(p);
        assertEquals(CLOSED, arrive(p, t, peer(1, 0, Control.RST)).tcb().state(), "any RST in the window resets");
        Step syn = arrive(p, t, Segment.of(Y.plus(3), Control.SYN).withWindow(PEER_WND));
        assertEquals(CLOSED, syn.tcb().state(), "a SYN in the window is an error");
        assertEquals(List.of(Notice.CONNECTION_RESET), syn.told());
        assertEquals(List.of(Segment.of(SeqNum.ZERO, Control.RST).withAck(Y.plus(4))), syn.sent());
        Step old = arrive(p, t, peer(0, -(PEER_WND + 1), Control.ACK).withDataLength(10));
        assertEquals(t.rcv().nxt().plus(10), old.tcb().rcv().nxt(), "an old ACK is a duplicate: the text is taken");
    }

    // ---- 11. §3.10.7.4, second: ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: "connection reset"; CLOSING,
    // LAST-ACK, TIME-WAIT: "enter the CLOSED state, delete the TCB, and return"; RFC 1337 ignores it in TIME-WAIT.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case11_rstInSynchronizedStates(Profile p) {
        for (Tcb t : List.of(established(p), finWait1(p), finWait2(p), closeWait(p))) {
            Step s = arrive(p, t, rst(t.rcv().nxt()));
            assertEquals(CLOSED, s.tcb().state(), t.state()::toString);
            boolean kept = p.endOfDataBeforeReset() && t.is(TcpState.CLOSE_WAIT);
            assertEquals(kept ? List.empty() : List.of(Notice.CONNECTION_RESET), s.told());
        }
        for (Tcb t : List.of(closing(p), lastAck(p), timeWait(p))) {
            Step s = arrive(p, t, rst(t.rcv().nxt()));
            assertEquals(CLOSED, s.tcb().state(), t.state()::toString);
            assertEquals(List.empty(), s.told());
        }
        Profile r1337 = p.withRfc1337(true);
        Step s = arrive(r1337, timeWait(r1337), rst(timeWait(r1337).rcv().nxt()));
        assertEquals(TIME_WAIT, s.tcb().state());
        assertNothing(s);
    }

    // ---- 12. §3.10.7.4, fifth: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK,
    // drop the segment"; "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored"; the window update.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case12_ackProcessing(Profile p) {
        Tcb t = UserCalls.send(p, established(p), 300, X, T0, Choices.reference()).get().tcb();
        assertEquals(X.plus(301), t.snd().nxt());
        Step ahead = arrive(p, t, peer(0, 301, Control.ACK).withDataLength(4));
        assertAckOnly(t, ahead);
        assertEquals(t.rcv().nxt(), ahead.tcb().rcv().nxt(), "dropped");
        Step part = arrive(p, t, peer(0, 100, Control.ACK).withWindow(2000));
        assertEquals(X.plus(101), part.tcb().snd().una());
        assertEquals(2000, part.tcb().snd().wnd());
        assertEquals(200, part.tcb().retransmission().map(Segment::len).sum().longValue(), "what is acked leaves");
        Step dup = arrive(p, part.tcb(), peer(0, 50, Control.ACK).withDataLength(4).withWindow(10));
        assertEquals(X.plus(101), dup.tcb().snd().una(), "a duplicate ACK is ignored");
        assertEquals(t.rcv().nxt().plus(4), dup.tcb().rcv().nxt(), "but the text is processed");
        assertEquals(2000, dup.tcb().snd().wnd(), "SND.UNA =< SEG.ACK fails: no window update");
        // SND.WL1 < SEG.SEQ updates; an older segment (SEG.SEQ < SND.WL1) does not.
        Tcb later = dup.tcb();
        Step newer = arrive(p, later, Segment.of(later.rcv().nxt()).withAck(X.plus(101)).withWindow(3000));
        assertEquals(3000, newer.tcb().snd().wnd());
        assertEquals(later.rcv().nxt(), newer.tcb().snd().wl1());
        Step older = arrive(p, newer.tcb(), Segment.of(later.rcv().nxt().minus(0)).withAck(X.plus(100))
                .withWindow(10));
        assertEquals(3000, older.tcb().snd().wnd(), "SND.WL2 > SEG.ACK: no update");
    }

    // ---- 13. §3.10.7.4 eighth, FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this segment), then enter
    // TIME-WAIT ...; otherwise, enter the CLOSING state"; fifth, CLOSING: "if the ACK acknowledges our FIN, then
    // enter the TIME-WAIT state". Figure 5 Note 2.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case13_finWait1AndClosing(Profile p) {
        Tcb fw1 = finWait1(p);
        Step both = arrive(p, fw1, peer(0, 1, Control.ACK, Control.FIN));
        assertEquals(TIME_WAIT, both.tcb().state());
        assertEquals(Event.RCV_FIN_ACK_OF_FIN, both.event());
        assertEquals(Option.some(T0 + p.timeWait()), both.tcb().deadline(Timer.TIME_WAIT));
        Step fin = arrive(p, fw1, peer(0, 0, Control.ACK, Control.FIN));
        assertEquals(CLOSING, fin.tcb().state());
        assertAckOnly(fin.tcb(), fin);
        Step ack = arrive(p, fin.tcb(), peer(1, 1, Control.ACK));
        assertEquals(TIME_WAIT, ack.tcb().state());
        Step notOurs = arrive(p, fin.tcb(), peer(1, 0, Control.ACK));
        assertEquals(CLOSING, notOurs.tcb().state());
    }

    // ---- 14. §3.10.7.4 eighth, TIME-WAIT: "Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout."
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case14_timeWaitRetransmittedFin(Profile p) {
        Tcb tw = timeWait(p);
        long later = T0 + 5_000;
        Step s = arrive(p, tw, peer(0, 1, Control.ACK, Control.FIN), later, Choices.reference());
        assertEquals(TIME_WAIT, s.tcb().state());
        assertAckOnly(tw, s);
        assertEquals(Option.some(later + p.timeWait()), s.tcb().deadline(Timer.TIME_WAIT));
        assertEquals(Event.RCV_FIN, s.event());
    }

    // ---- 15. §3.10.7.4 eighth: "Do not process the FIN if the state is CLOSED, LISTEN, or SYN-SENT"; SYN-RECEIVED
    // and ESTABLISHED: "Enter the CLOSE-WAIT state."
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case15_finProcessing(Profile p) {
        Segment fin = Segment.of(Y.plus(1), Control.FIN);
        assertEquals(1, arrive(p, Tcb.closed(), fin).sent().single().controls().count(c -> c == Control.RST));
        assertEquals(listen(p), arrive(p, listen(p), fin).tcb());
        assertEquals(synSent(p), arrive(p, synSent(p), fin).tcb());
        Tcb sr = synRcvdPassive(p);
        Step s = arrive(p, sr, Segment.of(Y.plus(1), Control.FIN).withAck(X.plus(1)).withWindow(PEER_WND));
        assertEquals(CLOSE_WAIT, s.tcb().state());
        assertEquals(List.of(Notice.CONNECTION_CLOSING), s.told());
        assertEquals(Y.plus(2), s.sent().single().ack());
    }

    // ---- 16. §3.10.4 CLOSE.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case16_close(Profile p) {
        // SYN-SENT: "Delete the TCB and return "error: closing" responses to any queued SENDs, or RECEIVEs."
        Step ss = ok(p, synSent(p), UserCalls.close(p, synSent(p), T0));
        assertEquals(CLOSED, ss.tcb().state());
        assertNothing(ss);
        // SYN-RECEIVED: "If no SENDs have been issued and there is no pending data to send, then form a FIN".
        Step sr = ok(p, synRcvdPassive(p), UserCalls.close(p, synRcvdPassive(p), T0));
        assertEquals(FIN_WAIT_1, sr.tcb().state());
        assertTrue(sr.sent().single().fin());
        assertEquals(X.plus(1), sr.sent().single().seq());
        // ... "otherwise, queue for processing after entering ESTABLISHED state" (RFC9293-CHOICE: FIN-WAIT-1 now,
        // the FIN after the data).
        Tcb queued = UserCalls.send(p, synRcvdPassive(p), 10, X, T0, Choices.reference()).get().tcb();
        Step q = ok(p, queued, UserCalls.close(p, queued, T0));
        assertEquals(FIN_WAIT_1, q.tcb().state());
        assertNothing(q);
        Step est = arrive(p, q.tcb(), Segment.of(Y.plus(1)).withAck(X.plus(1)).withWindow(PEER_WND));
        assertEquals(PEER_WND, est.tcb().snd().wnd(), "the ACK of the SYN sets the send window in FIN-WAIT-1 too");
        Step df = okDeferred(p, est.tcb(), Emission.transmit(p, est.tcb(), 10, T0));
        assertTrue(df.sent().single().fin(), "the FIN follows the last queued octets");
        assertEquals(10, df.sent().single().dataLength());
        // FIN-WAIT-1 and FIN-WAIT-2: "error: connection closing", no second FIN.
        for (Tcb t : List.of(finWait1(p), finWait2(p))) {
            Step s = ok(p, t, UserCalls.close(p, t, T0));
            assertEquals(List.of(Notice.ERROR_CONNECTION_CLOSING), s.told());
            assertNothing(s);
        }
        // CLOSE-WAIT: "Queue this request until all preceding SENDs have been segmentized; then send a FIN segment,
        // enter LAST-ACK state."
        Tcb cw = UserCalls.send(p, closeWait(p), 5000, X, T0, Choices.reference().segmentizing(1000)).get().tcb();
        Step la = ok(p, cw, UserCalls.close(p, cw, T0));
        assertEquals(LAST_ACK, la.tcb().state());
        assertNothing(la);
        assertEquals(4000, la.tcb().sendQueue());
    }

    // ---- 16, continued. §3.10.4 with §3.2 Figure 3: a FIN is a sequence number like an octet, and "future sequence
    // numbers which are not yet allowed" lie beyond SND.UNA + SND.WND: the FIN waits for the window.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case16_finWaitsForTheSendWindow(Profile p) {
        Tcb est = established(p);
        Tcb full = UserCalls.send(p, est, est.snd().usable(), X, T0, Choices.reference().segmentizing(
                (int) Math.min(est.snd().usable(), est.snd().mss()))).get().tcb();
        Tcb filled = full;
        while (filled.snd().usable() > 0 && filled.sendQueue() > 0) {
            filled = Emission.transmit(p, filled, (int) Math.min(filled.sendQueue(),
                    Math.min(filled.snd().mss(), filled.snd().usable())), T0).get().tcb();
        }
        assertEquals(0, filled.snd().usable());
        Tcb before = filled;
        Step close = ok(p, before, UserCalls.close(p, before, T0));
        assertEquals(FIN_WAIT_1, close.tcb().state());
        assertTrue(close.sent().isEmpty(), "no FIN beyond the window");
        assertTrue(Emission.transmit(p, close.tcb(), 0, T0).isLeft(), "still no room");
        // The peer acknowledges everything and opens its window: now the FIN goes.
        Tcb open = arrive(p, close.tcb(), Segment.of(Y.plus(1)).withAck(close.tcb().snd().nxt())
                .withWindow(PEER_WND)).tcb();
        Step fin = okDeferred(p, open, Emission.transmit(p, open, 0, T0));
        assertTrue(fin.sent().single().fin());
        assertEquals(before.snd().nxt(), fin.sent().single().seq());
    }

    // ---- 17. §3.10.2 SEND.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case17_send(Profile p) {
        Tcb specified = UserCalls.open(p, Tcb.closed(), true, true, UT, X, T0).get().tcb();
        Step s = ok(p, specified, UserCalls.send(p, specified, 100, X, T0, Choices.reference()));
        assertEquals(SYN_SENT, s.tcb().state());
        assertEquals(List.of(syn(p, X, T0)), s.sent());
        assertEquals(100, s.tcb().sendQueue(), "the data waits for ESTABLISHED");
        Either<String, Step> unspecified = UserCalls.send(p, listen(p), 100, X, T0, Choices.reference());
        assertEquals("error: remote socket unspecified", unspecified.getLeft());
        for (Tcb t : List.of(finWait1(p), finWait2(p), closing(p), lastAck(p), timeWait(p))) {
            Step c = ok(p, t, UserCalls.send(p, t, 100, X, T0, Choices.reference()));
            assertEquals(List.of(Notice.ERROR_CONNECTION_CLOSING), c.told());
        }
        Step cw = ok(p, closeWait(p), UserCalls.send(p, closeWait(p), 100, X, T0, Choices.reference()));
        assertEquals(100, cw.sent().single().dataLength());
        assertEquals(closeWait(p).rcv().nxt(), cw.sent().single().ack(), "piggybacked acknowledgment = RCV.NXT");
    }

    // ---- 18. §3.10.5 ABORT.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case18_abort(Profile p) {
        for (Tcb t : List.of(synRcvdPassive(p), synRcvdActive(p), established(p), finWait1(p), finWait2(p),
                closeWait(p))) {
            Step s = ok(p, t, UserCalls.abort(p, t, T0));
            assertEquals(CLOSED, s.tcb().state());
            Segment rst = Segment.of(t.snd().nxt(), Control.RST);
            // Linux's tcp_send_active_reset sets ACK (the profile's switch abortSendsRstAck).
            assertEquals(List.of(p.abortSendsRstAck() ? rst.withAck(t.rcv().nxt()) : rst), s.sent(),
                    t.state()::toString);
            assertEquals(List.of(Notice.CONNECTION_RESET), s.told());
        }
        for (Tcb t : List.of(listen(p), synSent(p))) {
            Step s = ok(p, t, UserCalls.abort(p, t, T0));
            assertEquals(CLOSED, s.tcb().state());
            assertNothing(s);
        }
        for (Tcb t : List.of(closing(p), lastAck(p), timeWait(p))) {
            Step s = ok(p, t, UserCalls.abort(p, t, T0));
            assertEquals(CLOSED, s.tcb().state());
            assertNothing(s);
            assertEquals(List.of(Notice.OK), s.told());
        }
    }

    // ---- 19. §3.10.8: "For any state if the user timeout expires, flush all queues, signal the user "error:
    // connection aborted due to user timeout" ..., delete the TCB, enter the CLOSED state". §3.9.1.1: the timeout
    // is "for all data submitted to TCP. If data is not successfully delivered to the destination within the
    // timeout period, the TCP endpoint will abort the connection": it runs while a SYN, text or a FIN is
    // outstanding, not on an idle connection.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case19_userTimeout(Profile p) {
        Tcb sending = ok(p, established(p), UserCalls.send(p, established(p), 10, X, T0, Choices.reference())).tcb();
        Tcb replying = ok(p, closeWait(p), UserCalls.send(p, closeWait(p), 10, X, T0, Choices.reference())).tcb();
        for (Tcb t : List.of(synSent(p), synRcvdActive(p), sending, finWait1(p), replying, closing(p), lastAck(p))) {
            long due = t.deadline(Timer.USER).get();
            assertEquals(T0 + UT.get(), due, t.state()::toString);
            assertTrue(Timeouts.expire(p, t, Timer.USER, due - 1, Choices.reference()).isLeft(), "not yet due");
            Step s = ok(p, t, Timeouts.expire(p, t, Timer.USER, due, Choices.reference()));
            assertEquals(Tcb.closed(), s.tcb(), "queues flushed, TCB deleted");
            assertEquals(List.of(Notice.USER_TIMEOUT), s.told());
        }
        // The embryo of a passive OPEN returns to LISTEN (MUST-42, Note 1); the listener is not told.
        Tcb embryo = synRcvdPassive(p);
        Step back = ok(p, embryo, Timeouts.expire(p, embryo, Timer.USER, embryo.deadline(Timer.USER).get(),
                Choices.reference()));
        assertEquals(LISTEN, back.tcb().state());
        assertEquals(List.empty(), back.told());
        // Not armed where nothing is outstanding: LISTEN, the idle synchronized states, and TIME-WAIT (which turns
        // off the other timers).
        for (Tcb t : List.of(listen(p), established(p), finWait2(p), closeWait(p), timeWait(p))) {
            assertTrue(Timeouts.expire(p, t, Timer.USER, Long.MAX_VALUE, Choices.reference()).isLeft(),
                    t.state()::toString);
        }
    }

    // ---- 20. §3.10.7.4 first: "If a segment's contents straddle the boundary between old and new, only the new
    // parts are processed"; "trimming off any portions that lie outside the window"; SHLD-31: "Segments with
    // higher beginning sequence numbers SHOULD be held for later processing".
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void case20_trimmingAndReassembly(Profile p) {
        Tcb t = established(p);
        SeqNum nxt = t.rcv().nxt();
        Step straddle = arrive(p, t, Segment.of(nxt.minus(5)).withAck(X.plus(1)).withDataLength(8));
        assertEquals(nxt.plus(3), straddle.tcb().rcv().nxt(), "only the 3 new octets");
        assertEquals(3, straddle.tcb().undelivered());
        Tcb small = t.withRcv(t.rcv().withWnd(10));
        Step right = arrive(p, small, Segment.of(nxt, Control.FIN).withAck(X.plus(1)).withDataLength(15));
        assertEquals(nxt.plus(10), right.tcb().rcv().nxt(), "trimmed to the window, the FIN with it");
        assertEquals(ESTABLISHED, right.tcb().state());
        Step held = arrive(p, t, Segment.of(nxt.plus(5)).withAck(X.plus(1)).withDataLength(5));
        assertEquals(nxt, held.tcb().rcv().nxt());
        assertEquals(1, held.tcb().reassembly().size());
        assertAckOnly(t, held);
        Step filled = arrive(p, held.tcb(), Segment.of(nxt).withAck(X.plus(1)).withDataLength(5));
        assertEquals(nxt.plus(10), filled.tcb().rcv().nxt(), "the held octets follow");
        assertEquals(10, filled.tcb().undelivered());
        assertTrue(filled.tcb().reassembly().isEmpty());
        assertEquals(nxt.plus(10), filled.sent().single().ack(), "one ACK for both (MUST-58)");
    }
}
