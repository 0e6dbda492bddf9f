package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.HashMap;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** Which timers each state arms and when they expire (RFC 9293 §3.10.8, §3.8.4, §3.8.3). */
class TimersTest {

    static final Profile RFC = Profile.rfc9293();
    static final Profile LINUX = Profile.linux();
    static final Profile KEEPALIVE = RFC.withKeepalive(Option.some(new Keepalive(7_200_000, 75_000, 3)));

    static Set<Timer> armed(Tcb t) {
        return t.timers().keySet().toSet();
    }

    // ---------------------------------------------------------------- which timers run where

    // §3.10.8: the retransmission timer runs while something is unacknowledged; the user timeout while data
    // submitted, here the SYN, is outstanding (§3.9.1.1).
    @Test
    void synSentRunsTheRetransmissionAndUserTimers() {
        Tcb t = synSent(RFC);
        assertEquals(HashSet.of(Timer.RETRANSMISSION, Timer.USER), armed(t));
        assertEquals(Option.some(T0 + RFC.synInterval(0)), t.deadline(Timer.RETRANSMISSION));
        assertEquals(Option.some(T0 + 300_000), t.deadline(Timer.USER));
    }

    // §3.10.8: a listener has nothing outstanding; RFC9293-CHOICE: it has no user timeout either.
    @Test
    void listenRunsNoTimer() {
        assertEquals(HashSet.empty(), armed(listen(KEEPALIVE)));
        assertEquals(HashSet.empty(), armed(Tcb.closed()));
    }

    // §3.10.8 / §3.8.1: SYN-RECEIVED retransmits its SYN,ACK by the SYN,ACK schedule, not the data RTO.
    @Test
    void synReceivedUsesTheSynAckSchedule() {
        Profile p = LINUX.withSynRetries(9, 4, 5).withInitialRto(2_000);
        Tcb t = synRcvdPassive(p);
        assertEquals(Option.some(T0 + p.synAckInterval(0)), t.deadline(Timer.RETRANSMISSION));
        assertEquals(p.synAckInterval(2), Timers.interval(p, t.withRetries(2)));
        assertEquals(p.synInterval(2), Timers.interval(p, synSent(p).withRetries(2)));
        assertEquals(12_345, Timers.interval(p, established(p).withRto(12_345)));
    }

    // §3.8.4: keep-alive runs on idle synchronized connections (ESTABLISHED, FIN-WAIT-2, CLOSE-WAIT) only.
    @Test
    void keepAliveRunsOnlyOnIdleConnections() {
        Profile p = KEEPALIVE;
        for (Tcb t : List.of(established(p), finWait2(p), closeWait(p))) {
            assertEquals(Option.some(t.lastReceived() + 7_200_000), t.deadline(Timer.KEEPALIVE), t.state()::toString);
        }
        for (Tcb t : List.of(synSent(p), synRcvdPassive(p), finWait1(p), closing(p), lastAck(p), timeWait(p))) {
            assertTrue(t.deadline(Timer.KEEPALIVE).isEmpty(), t.state()::toString);
        }
        // Data in flight, or queued, means the connection is not idle.
        Tcb sending = ok(p, established(p), UserCalls.send(p, established(p), 10, X, T0, Choices.reference())).tcb();
        assertTrue(sending.deadline(Timer.KEEPALIVE).isEmpty());
        Tcb queued = Timers.normalize(p, established(p).withSendQueue(5), T0);
        assertTrue(queued.deadline(Timer.KEEPALIVE).isEmpty());
        assertTrue(established(RFC).deadline(Timer.KEEPALIVE).isEmpty(), "off by default (MUST-25)");
    }

    // §3.8.4: the idle period counts from the last segment received, not from now.
    @Test
    void keepAliveCountsFromTheLastArrival() {
        Tcb t = established(KEEPALIVE).withLastReceived(T0 - 500).withTimers(HashMap.empty());
        assertEquals(Option.some(T0 - 500 + 7_200_000), Timers.normalize(KEEPALIVE, t, T0 + 99).deadline(
                Timer.KEEPALIVE));
    }

    // A profile's orphaned FIN-WAIT-2 timer runs in FIN-WAIT-2 only; RFC 9293 has none.
    @Test
    void theFinWait2TimerRunsInFinWait2Only() {
        assertEquals(Option.some(T0 + 60_000), finWait2(LINUX).deadline(Timer.FIN_WAIT_2));
        for (Tcb t : List.of(established(LINUX), finWait1(LINUX), closing(LINUX), timeWait(LINUX))) {
            assertTrue(t.deadline(Timer.FIN_WAIT_2).isEmpty(), t.state()::toString);
        }
        assertTrue(finWait2(RFC).deadline(Timer.FIN_WAIT_2).isEmpty());
    }

    // §3.10.7.4 eighth: TIME-WAIT starts the time-wait timer and turns off the other timers.
    @Test
    void timeWaitRunsOnlyItsOwnTimer() {
        Tcb t = timeWait(KEEPALIVE);
        assertEquals(HashSet.of(Timer.TIME_WAIT), armed(t));
        assertEquals(Option.some(T0 + KEEPALIVE.timeWait()), t.deadline(Timer.TIME_WAIT));
        // Normalizing later keeps the running deadline; only a restart moves it.
        assertEquals(t.timers(), Timers.normalize(KEEPALIVE, t, T0 + 5_000).timers());
        assertEquals(Option.some(T0 + 5_000 + KEEPALIVE.timeWait()),
                Timers.normalize(KEEPALIVE, Timers.restart(t, Timer.TIME_WAIT), T0 + 5_000).deadline(Timer.TIME_WAIT));
    }

    // A running timer keeps its deadline when the TCB is normalized again; a timer that should not run is dropped.
    @Test
    void armingKeepsRunningDeadlines() {
        Tcb t = synSent(RFC);
        Tcb later = Timers.normalize(RFC, t, T0 + 700);
        assertEquals(t.timers(), later.timers());
        Tcb stale = established(RFC).withTimers(established(RFC).timers().put(Timer.RETRANSMISSION, 1L)
                .put(Timer.TIME_WAIT, 2L).put(Timer.FIN_WAIT_2, 3L));
        Tcb clean = Timers.normalize(RFC, stale, T0);
        assertEquals(HashSet.empty(), armed(clean), "idle: nothing outstanding, no user timeout (§3.9.1.1)");
        assertEquals(HashSet.empty(), armed(Timers.normalize(RFC, stale.withState(Tcb.closed().state()), T0)));
    }

    // ---------------------------------------------------------------- expiry

    // §3.10.8: a timer expires at its deadline, not before, and only when armed.
    @Test
    void aTimerExpiresAtItsDeadlineOnly() {
        Tcb t = synSent(RFC);
        long due = t.deadline(Timer.RETRANSMISSION).get();
        Either<String, Step> early = Timeouts.expire(RFC, t, Timer.RETRANSMISSION, due - 1, Choices.reference());
        assertTrue(early.getLeft().contains("is due at " + due), early::toString);
        assertTrue(Timeouts.expire(RFC, t, Timer.RETRANSMISSION, due, Choices.reference()).isRight());
        assertTrue(Timeouts.expire(RFC, t, Timer.RETRANSMISSION, due + 1, Choices.reference()).isRight());
        Either<String, Step> unarmed = Timeouts.expire(RFC, t, Timer.TIME_WAIT, due, Choices.reference());
        assertTrue(unarmed.getLeft().contains("is not armed in SYN-SENT"), unarmed::toString);
    }

    // §3.10.8 USER TIMEOUT: "flush all queues, signal the user "error: connection aborted due to user timeout"",
    // delete the TCB, CLOSED; nothing is sent.
    @Test
    void theUserTimeoutClosesSilently() {
        Tcb t = ok(RFC, established(RFC), UserCalls.send(RFC, established(RFC), 10, X, T0, Choices.reference())).tcb();
        Step s = ok(RFC, t, Timeouts.expire(RFC, t, Timer.USER, t.deadline(Timer.USER).get(), Choices.reference()));
        assertEquals(Tcb.closed(), s.tcb());
        assertEquals(List.empty(), s.sent());
        assertEquals(List.of(Notice.USER_TIMEOUT), s.told());
        assertEquals(Event.USER_TIMEOUT, s.event());
    }

    // §3.10.8 TIME-WAIT TIMEOUT: "delete the TCB, enter the CLOSED state"; a profile's FIN-WAIT-2 timer likewise.
    @Test
    void timeWaitAndFinWait2TimeoutsDeleteTheTcb() {
        Tcb tw = timeWait(RFC);
        Step s = ok(RFC, tw, Timeouts.expire(RFC, tw, Timer.TIME_WAIT, T0 + RFC.timeWait(), Choices.reference()));
        assertEquals(Tcb.closed(), s.tcb());
        assertEquals(List.empty(), s.told());
        assertEquals(Event.TIME_WAIT_TIMEOUT, s.event());
        Tcb fw2 = finWait2(LINUX);
        Step f = ok(LINUX, fw2, Timeouts.expire(LINUX, fw2, Timer.FIN_WAIT_2, T0 + 60_000, Choices.reference()));
        assertEquals(Event.FIN_WAIT_2_TIMEOUT, f.event());
        assertEquals(List.empty(), f.told());
    }

    // §3.8.3 R2: the connection is closed after the profile's number of retransmissions, per kind of segment; the
    // embryo of a passive OPEN returns to LISTEN instead (MUST-42, Note 1).
    @Test
    void retransmissionLimitsDependOnTheState() {
        Profile p = RFC.withSynRetries(3, 0, 2);
        assertGivesUpAfter(p, synSent(p), 3);
        assertGivesUpAfter(p, synRcvdPassive(p), 2);
        assertGivesUpAfter(p, synRcvdActive(p), 2);
        Tcb data = ok(p, established(p), UserCalls.send(p, established(p), 10, X, T0, Choices.reference())).tcb();
        assertGivesUpAfter(p, data, p.dataRetries());
    }

    static void assertGivesUpAfter(Profile p, Tcb t, int limit) {
        Tcb cur = t;
        for (int i = 0; i < limit; i++) {
            Tcb from = cur;
            Step s = ok(p, from, Timeouts.expire(p, from, Timer.RETRANSMISSION,
                    from.deadline(Timer.RETRANSMISSION).get(), Choices.reference()));
            assertEquals(Event.RETRANSMISSION_TIMEOUT, s.event(), () -> from.state() + " gave up early");
            assertEquals(i + 1, s.tcb().retries());
            cur = s.tcb();
        }
        Tcb last = cur;
        Step end = ok(p, last, Timeouts.expire(p, last, Timer.RETRANSMISSION, last.deadline(Timer.RETRANSMISSION).get(),
                Choices.reference()));
        if (t.state().equals(io.github.tcpmodel.table.ConnectionState.synReceived(
                io.github.tcpmodel.table.Origin.PASSIVE))) {
            assertEquals(TcpState.LISTEN, end.tcb().tcpState(), () -> last.state() + " after " + limit);
            assertEquals(List.empty(), end.told());
        } else {
            assertEquals(Tcb.closed(), end.tcb(), () -> last.state() + " after " + limit);
            assertEquals(List.of(Notice.USER_TIMEOUT), end.told());
        }
        assertEquals(List.empty(), end.sent());
    }

    // §3.10.8 / RFC 6298 §5.5: the retransmission repeats the oldest segment with the current ACK and window, and
    // the timer backs off (doubling, up to the maximum); a pending delayed ACK rides on it.
    @Test
    void aRetransmissionCarriesTheCurrentAckAndBacksOff() {
        Profile p = RFC.withInitialRto(40_000);
        Tcb sent = ok(p, established(p), UserCalls.send(p, established(p), 10, X, T0, Choices.reference())).tcb();
        // The peer's text arrives meanwhile, its ACK delayed.
        Tcb t = arrive(p, sent, peer(0, 0, Control.ACK).withDataLength(5), T0, Choices.reference().delayingAcks())
                .tcb();
        assertTrue(t.ackPending());
        long due = t.deadline(Timer.RETRANSMISSION).get();
        Step s = ok(p, t, Timeouts.expire(p, t, Timer.RETRANSMISSION, due, Choices.reference()));
        Segment again = s.sent().single();
        assertEquals(X.plus(1), again.seq());
        assertEquals(10, again.dataLength());
        assertEquals(Y.plus(6), again.ack(), "the ACK of the text received since");
        assertEquals(t.rcv().wnd(), again.window());
        assertFalse(s.tcb().ackPending(), "the retransmission carried the pending ACK");
        assertEquals(60_000, s.tcb().rto(), "doubled to 80 s, capped at the maximum 60 s");
        assertEquals(Option.some(due + 60_000), s.tcb().deadline(Timer.RETRANSMISSION));
        Step s2 = ok(p, sent, Timeouts.expire(p, sent, Timer.RETRANSMISSION, due, Choices.reference()));
        assertEquals(60_000, s2.tcb().rto());
        Profile fast = RFC.withInitialRto(1_000);
        Tcb f = ok(fast, established(fast), UserCalls.send(fast, established(fast), 10, X, T0, Choices.reference()))
                .tcb();
        assertEquals(2_000, ok(fast, f, Timeouts.expire(fast, f, Timer.RETRANSMISSION,
                f.deadline(Timer.RETRANSMISSION).get(), Choices.reference())).tcb().rto());
    }

    // §3.8.4: a keep-alive probe is <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>; after the profile's count of unanswered
    // probes the connection is dropped.
    @Test
    void keepAliveProbesCountUp() {
        Profile p = KEEPALIVE;
        Tcb t = established(p);
        for (int i = 0; i < 3; i++) {
            long at = t.deadline(Timer.KEEPALIVE).get();
            Step probe = ok(p, t, Timeouts.expire(p, t, Timer.KEEPALIVE, at, Choices.reference()));
            Segment k = probe.sent().single();
            assertEquals(Segment.of(t.snd().nxt().minus(1)).withAck(t.rcv().nxt()).withWindow(t.rcv().wnd()), k);
            assertEquals(i + 1, probe.tcb().probes());
            assertEquals(Option.some(at + 75_000), probe.tcb().deadline(Timer.KEEPALIVE));
            t = probe.tcb();
        }
        Tcb last = t;
        Step dead = ok(p, last, Timeouts.expire(p, last, Timer.KEEPALIVE, last.deadline(Timer.KEEPALIVE).get(),
                Choices.reference()));
        assertEquals(Tcb.closed(), dead.tcb());
        assertEquals(List.of(Notice.USER_TIMEOUT), dead.told());
        // §3.8.4: the peer's answer resets the count.
        Step answer = arrive(p, last, peer(0, 0, Control.ACK), last.deadline(Timer.KEEPALIVE).get() - 1,
                Choices.reference());
        assertEquals(0, answer.tcb().probes());
        assertTrue(answer.tcb().is(TcpState.ESTABLISHED));
    }
}
