package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** What the linux profile and the switches change at the segment level (tun-netns-recipe.md, RFC 9293 §3.8). */
class ProfileBehaviourTest {

    static final Profile LINUX = Profile.linux();
    static final Profile RFC = Profile.rfc9293();

    @Test
    void linuxCloseWithUnreadDataSendsReset() {
        Tcb t = arrive(LINUX, established(LINUX), peer(0, 0, Control.ACK).withDataLength(50)).tcb();
        Step s = ok(LINUX, t, UserCalls.close(LINUX, t, T0));
        assertEquals(Tcb.closed(), s.tcb());
        assertEquals(Event.ABORT, s.event(), "close() with unread data is an abort");
        Segment rst = s.sent().single();
        assertTrue(rst.rst() && rst.isAck());
        assertEquals(t.snd().nxt(), rst.seq());
        // RFC 9293 sends the FIN and keeps the data for a later RECEIVE.
        Tcb r = arrive(RFC, established(RFC), peer(0, 0, Control.ACK).withDataLength(50)).tcb();
        Step f = ok(RFC, r, UserCalls.close(RFC, r, T0));
        assertTrue(f.tcb().is(TcpState.FIN_WAIT_1));
        assertTrue(f.sent().single().fin());
    }

    @Test
    void linuxSynAboveRcvNxtReopensTimeWait() {
        Tcb tw = timeWait(LINUX);
        Segment above = Segment.of(tw.rcv().nxt().plus(100_000), Control.SYN).withWindow(PEER_WND);
        Step s = ok(LINUX, tw, Arrival.segmentArrives(LINUX, tw, above, tw.snd().nxt().plus(70_000), T0,
                Choices.reference()));
        assertTrue(s.tcb().is(TcpState.SYN_RECEIVED));
        assertEquals(above.seq().plus(1), s.sent().single().ack());
        assertEquals(tw.snd().nxt().plus(70_000), s.sent().single().seq());
        // A SYN at or below RCV.NXT only gets an ACK (an old duplicate); so does one with too small an ISS.
        for (Segment syn : List.of(Segment.of(tw.rcv().nxt(), Control.SYN), Segment.of(tw.rcv().nxt().minus(9),
                Control.SYN))) {
            Step a = ok(LINUX, tw, Arrival.segmentArrives(LINUX, tw, syn, NEW_ISS, T0, Choices.reference()));
            assertTrue(a.tcb().is(TcpState.TIME_WAIT));
            assertEquals(tw.rcv().nxt(), a.sent().single().ack());
        }
        Step small = ok(LINUX, tw, Arrival.segmentArrives(LINUX, tw, above, tw.snd().nxt(), T0,
                Choices.reference()));
        assertTrue(small.tcb().is(TcpState.TIME_WAIT), "the new ISS must exceed the old SND.NXT (MAY-2 (1))");
        // The reference profile answers any SYN in TIME-WAIT with a (challenge) ACK.
        Tcb rtw = timeWait(RFC);
        Step r = arrive(RFC, rtw, Segment.of(rtw.rcv().nxt().plus(100_000), Control.SYN));
        assertTrue(r.tcb().is(TcpState.TIME_WAIT));
        assertEquals(List.of(Control.ACK), r.sent().single().controls().toList());
    }

    @Test
    void timeWaitLength() {
        assertEquals(Option.some(T0 + 60_000), timeWait(LINUX).deadline(Timer.TIME_WAIT));
        assertEquals(Option.some(T0 + 240_000), timeWait(RFC).deadline(Timer.TIME_WAIT));
        Step gone = ok(LINUX, timeWait(LINUX), Timeouts.expire(LINUX, timeWait(LINUX), Timer.TIME_WAIT, T0 + 60_000,
                Choices.reference()));
        assertEquals(Tcb.closed(), gone.tcb());
    }

    @Test
    void linuxOrphanedFinWait2TimesOut() {
        Tcb fw2 = finWait2(LINUX);
        assertEquals(Option.some(T0 + 60_000), fw2.deadline(Timer.FIN_WAIT_2));
        Step s = ok(LINUX, fw2, Timeouts.expire(LINUX, fw2, Timer.FIN_WAIT_2, T0 + 60_000, Choices.reference()));
        assertEquals(Tcb.closed(), s.tcb());
        assertEquals(List.empty(), s.sent());
        assertTrue(finWait2(RFC).deadline(Timer.FIN_WAIT_2).isEmpty(), "RFC 9293 has no FIN-WAIT-2 timer");
    }

    @Test
    void keepAliveProbesThenGivesUp() {
        Tcb t = established(LINUX);
        long at = t.deadline(Timer.KEEPALIVE).get();
        assertEquals(T0 + 7_200_000, at);
        for (int i = 0; i < 9; i++) {
            Step probe = ok(LINUX, t, Timeouts.expire(LINUX, t, Timer.KEEPALIVE, at, Choices.reference()));
            Segment k = probe.sent().single();
            assertEquals(t.snd().nxt().minus(1), k.seq(), "<SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>");
            assertEquals(List.empty(), Emission.allowed(t, k));
            t = probe.tcb();
            long next = t.deadline(Timer.KEEPALIVE).get();
            assertEquals(75_000, next - at, "the probe interval");
            at = next;
        }
        Step dead = ok(LINUX, t, Timeouts.expire(LINUX, t, Timer.KEEPALIVE, at, Choices.reference()));
        assertEquals(Tcb.closed(), dead.tcb());
        assertEquals(Event.USER_TIMEOUT, dead.event());
        // Any segment from the peer restarts the idle period.
        Tcb alive = arrive(LINUX, established(LINUX), peer(0, 0, Control.ACK), T0 + 1_000, Choices.reference())
                .tcb();
        assertEquals(Option.some(T0 + 1_000 + 7_200_000), alive.deadline(Timer.KEEPALIVE));
        assertTrue(established(RFC).deadline(Timer.KEEPALIVE).isEmpty(), "off by default (MUST-25)");
        Profile on = RFC.withKeepalive(Option.some(new Keepalive(7_200_000, 75_000, 9)));
        assertTrue(established(on).deadline(Timer.KEEPALIVE).isDefined());
    }

    @Test
    void synRetransmissionScheduleAndGivingUp() {
        for (Profile p : List.of(LINUX, RFC)) {
            Tcb t = synSent(p);
            List<Long> times = List.empty();
            for (int i = 0; i < p.synRetries(); i++) {
                long due = t.deadline(Timer.RETRANSMISSION).get();
                Step s = ok(p, t, Timeouts.expire(p, t, Timer.RETRANSMISSION, due, Choices.reference()));
                // The same SYN, the same ISS; a timestamp, where offered, is the clock's now (RFC 7323 §3.2).
                assertEquals(syn(p, X, due), s.sent().single(), "the same SYN, the same ISS");
                times = times.append((due - T0) / 1000);
                t = s.tcb();
            }
            Step end = ok(p, t, Timeouts.expire(p, t, Timer.RETRANSMISSION, t.deadline(Timer.RETRANSMISSION).get(),
                    Choices.reference()));
            assertEquals(Tcb.closed(), end.tcb());
            if (p == LINUX) {
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 7L, 11L, 19L, 35L), times);
            } else {
                assertEquals(List.of(1L, 3L, 7L, 15L, 31L, 63L, 123L), times);
                assertTrue(t.deadline(Timer.RETRANSMISSION).get() - T0 >= 180_000, "R2 for a SYN >= 3 minutes");
            }
        }
        Tcb sr = synRcvdPassive(LINUX);
        List<Long> times = List.empty();
        for (int i = 0; i < LINUX.synAckRetries(); i++) {
            long due = sr.deadline(Timer.RETRANSMISSION).get();
            Step s = ok(LINUX, sr, Timeouts.expire(LINUX, sr, Timer.RETRANSMISSION, due, Choices.reference()));
            assertTrue(s.sent().single().syn() && s.sent().single().isAck());
            times = times.append((due - T0) / 1000);
            sr = s.tcb();
        }
        assertEquals(List.of(1L, 3L, 7L, 15L, 31L), times);
    }

    @Test
    void dataRetransmissionUsesTheChosenRto() {
        Tcb t = UserCalls.send(RFC, established(RFC), 100, X, T0, Choices.reference()).get().tcb();
        long due = t.deadline(Timer.RETRANSMISSION).get();
        Step s = ok(RFC, t, Timeouts.expire(RFC, t, Timer.RETRANSMISSION, due, Choices.reference().withRto(3_000)));
        assertEquals(X.plus(1), s.sent().single().seq());
        assertEquals(100, s.sent().single().dataLength());
        assertEquals(Option.some(due + 3_000), s.tcb().deadline(Timer.RETRANSMISSION));
        assertTrue(Timeouts.expire(RFC, t, Timer.RETRANSMISSION, due - 1, Choices.reference()).isLeft());
    }

    @Test
    void implementationChoicesAreInputs() {
        Tcb t = established(RFC);
        // Segmentation: the implementation's sizes are checked against the MSS (1000 from the peer's SYN,ACK).
        assertTrue(UserCalls.send(RFC, t, 3000, X, T0, Choices.reference().segmentizing(1001)).isLeft());
        Step s = ok(RFC, t, UserCalls.send(RFC, t, 3000, X, T0, Choices.reference().segmentizing(600, 400)));
        assertEquals(List.of(600, 400), s.sent().map(Segment::dataLength));
        assertEquals(2000, s.tcb().sendQueue());
        // ... and against the peer's window (4096).
        Tcb full = ok(RFC, t, UserCalls.send(RFC, t, 5000, X, T0, Choices.reference())).tcb();
        assertEquals(4096, full.snd().inFlight());
        assertTrue(Emission.transmit(RFC, full, 1, T0).isLeft(), "the window is full");
        // Delayed ACK (MAY-13 / SHLD-18): the ACK is pending and goes out with the next segment.
        Step delayed = arrive(RFC, t, peer(0, 0, Control.ACK).withDataLength(10), T0, Choices.reference()
                .delayingAcks());
        assertEquals(List.empty(), delayed.sent());
        assertTrue(delayed.tcb().ackPending());
        Step flush = okDeferred(RFC, delayed.tcb(), Emission.transmit(RFC, delayed.tcb(), 0, T0));
        assertEquals(t.rcv().nxt().plus(10), flush.sent().single().ack());
        assertTrue(Emission.transmit(RFC, flush.tcb(), 0, T0).isLeft(), "nothing left to send");
    }

    @Test
    void allowedChecksEmittedSegments() {
        Tcb t = UserCalls.send(RFC, established(RFC), 2000, X, T0, Choices.reference().segmentizing(500)).get()
                .tcb();
        Segment good = Segment.of(X.plus(501)).withAck(t.rcv().nxt()).withDataLength(500);
        assertEquals(List.empty(), Emission.allowed(t, good));
        assertEquals(List.empty(), Emission.allowed(t, Segment.of(X.plus(1)).withAck(t.rcv().nxt())
                .withDataLength(500)), "a retransmission");
        assertEquals(1, Emission.allowed(t, good.withAck(t.rcv().nxt().plus(1))).size(), "wrong ACK");
        assertEquals(1, Emission.allowed(t, good.withDataLength(1001)).size(), "over the MSS");
        assertEquals(1, Emission.allowed(t, good.withSeq(X.plus(600))).size(), "beyond SND.NXT");
        assertEquals(1, Emission.allowed(t, good.with(Control.FIN)).size(), "FIN before CLOSE");
        assertEquals(1, Emission.allowed(t, good.without(Control.ACK)).size(), "no ACK bit");
        assertTrue(!Emission.allowed(listen(RFC), good).isEmpty());
        assertEquals(List.empty(), Emission.allowed(synSent(RFC), Segment.of(X, Control.SYN)));
        assertEquals(1, Emission.allowed(synSent(RFC), Segment.of(X.plus(1), Control.SYN)).size());
        assertEquals(SeqNum.of(1001), t.snd().una());
    }
}
