package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.profile.TcpExtensions;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.stream.Stream;

final class Fx {

    private Fx() {
    }

    static final long T0 = 10_000;
    static final Option<Long> UT = Option.some(300_000L);
    static final SeqNum X = SeqNum.of(1000);
    static final SeqNum Y = SeqNum.of(5000);
    static final SeqNum NEW_ISS = SeqNum.of(900_000);
    static final long PEER_WND = 4096;

    /**
     * The SYN an active OPEN of {@code p} sends at {@code now} (RFC 9293 §3.10.1), its offers written out: the
     * reference profile's ECN-setup SYN with the MSS (RFC 3168 §6.1.1, SHLD-8), Linux's MSS, SACK-Permitted,
     * Timestamps (TSval = now, TSecr 0), NOP, Window Scale 7 (RFC 7323 §2.2, §3.2; RFC 2018 §2).
     */
    static Segment syn(Profile p, SeqNum iss, long now) {
        Segment s = Segment.of(iss, Control.SYN).withWindow(p.receiveWindow());
        if (p.extensions().equals(TcpExtensions.LINUX)) {
            return s.withOptions(List.of(new SegmentOption.Mss(1460), new SegmentOption.SackPermitted(),
                    new SegmentOption.Timestamps(now, 0), new SegmentOption.Nop(), new SegmentOption.WindowScale(7)));
        }
        if (p.extensions().equals(TcpExtensions.RFC9293)) {
            return s.withMss(536).withEcn(EcnFlag.ECE, EcnFlag.CWR);
        }
        throw new IllegalArgumentException("no SYN written out for " + p);
    }

    static Stream<Profile> profiles() {
        return Stream.of(Profile.rfc9293(), Profile.linux());
    }

    static Stream<Profile> allProfiles() {
        return Stream.of(Profile.rfc9293(), Profile.linux(), Profile.rfc9293().withRfc5961(false).named("no5961"),
                Profile.rfc9293().withRfc1337(true).named("rfc1337"),
                Profile.rfc9293().withRfc5961(false).withTimeWaitReopen(true).named("reopen-no5961"),
                Profile.rfc9293().withKeepalive(Option.some(new io.github.tcpmodel.profile.Keepalive(7_200_000,
                        75_000, 9))).named("keepalive"));
    }

    /** The step, checked to refine the profile's table; fails the test on an error value. */
    static Step ok(Profile p, Tcb before, Either<String, Step> e) {
        assertTrue(e.isRight(), () -> "expected a step, got " + e.getLeft());
        Step s = e.get();
        assertRefines(p, before, s);
        return s;
    }

    /** A step of {@link Emission#transmit}: the deferred part of an earlier SEND or CLOSE; only states are checked. */
    static Step okDeferred(Profile p, Tcb before, Either<String, Step> e) {
        assertTrue(e.isRight(), () -> "expected a step, got " + e.getLeft());
        assertEquals(e.get().tcb().state(), p.table().run(before.state(), e.get().projection()));
        return e.get();
    }

    static void assertRefines(Profile p, Tcb before, Step s) {
        assertEquals(s.tcb().state(), p.table().run(before.state(), s.projection()),
                () -> p.name() + ": " + before.state() + " " + s.projection() + " -> " + s.tcb().state()
                        + " (" + s.rule() + ")");
        assertTrue(s.projection().size() == 1 || (before.is(TcpState.SYN_SENT) && s.projection().size() == 2),
                () -> "a step projects onto one event: " + s.projection());
        if (s.projection().size() == 1) {
            Outcome o = p.table().step(before.state(), s.event());
            if (o instanceof Outcome.Transition t && !before.state().equals(s.tcb().state())) {
                // A state change sends a segment exactly when the table's actions do, except that the FIN waits
                // behind queued data (§3.10.4) or for room in the send window (§3.2 Figure 3), and that text
                // carried with an ACK of SYN or FIN is acknowledged.
                boolean tableSends = t.actions().exists(a -> a.sendsSegment());
                boolean finDeferred = tableSends && s.sent().isEmpty() && s.tcb().closeQueued()
                        && (s.tcb().sendQueue() > 0 || s.tcb().snd().usable() < 1);
                boolean textAcked = !tableSends && s.sent().forAll(x -> x.len() == 0 && x.isAck() && !x.rst())
                        && (!s.tcb().rcv().nxt().equals(before.rcv().nxt())
                        || s.tcb().reassembly().size() > before.reassembly().size());
                assertTrue(tableSends == !s.sent().isEmpty() || finDeferred || textAcked,
                        () -> before.state() + " " + s.event() + ": the table's actions " + o + " vs sent " + s.sent());
            }
            if (!o.isTransition()) {
                assertTrue(s.sent().isEmpty(), () -> "a refused " + s.event() + " sends nothing: " + s.sent());
            }
        }
    }

    static Step arrive(Profile p, Tcb t, Segment s) {
        return arrive(p, t, s, T0, Choices.reference());
    }

    static Step arrive(Profile p, Tcb t, Segment s, long now, Choices c) {
        return ok(p, t, Arrival.segmentArrives(p, t, s, NEW_ISS, now, c));
    }

    // ------------------------------------------------------------- segments from the peer

    /** A segment from the peer of an established client: SEG.SEQ = Y + 1 + off, SEG.ACK = X + 1 + ackOff. */
    static Segment peer(long off, long ackOff, Control... controls) {
        Segment s = Segment.of(Y.plus(1 + off), controls).withAck(X.plus(1 + ackOff)).withWindow(PEER_WND);
        return s;
    }

    // ------------------------------------------------------------- connections in every state
    // The "client" opened actively with ISS X; its peer uses ISS Y.

    static Tcb listen(Profile p) {
        return UserCalls.open(p, Tcb.closed(), true, false, UT, X, T0).get().tcb();
    }

    static Tcb synSent(Profile p) {
        return UserCalls.open(p, Tcb.closed(), false, true, UT, X, T0).get().tcb();
    }

    /** A listener with ISS X that received the peer's SYN with ISS Y. */
    static Tcb synRcvdPassive(Profile p) {
        return Arrival.segmentArrives(p, listen(p), Segment.of(Y, Control.SYN).withWindow(PEER_WND).withMss(1000),
                X, T0, Choices.reference()).get().tcb();
    }

    /** Simultaneous open: SYN-SENT (ISS X) received a SYN (ISS Y) without ACK. */
    static Tcb synRcvdActive(Profile p) {
        return Arrival.segmentArrives(p, synSent(p), Segment.of(Y, Control.SYN).withWindow(PEER_WND), X, T0,
                Choices.reference()).get().tcb();
    }

    static Tcb established(Profile p) {
        return Arrival.segmentArrives(p, synSent(p), Segment.of(Y, Control.SYN).withAck(X.plus(1))
                .withWindow(PEER_WND).withMss(1000), X, T0, Choices.reference()).get().tcb();
    }

    /** ESTABLISHED, then CLOSE with nothing queued: the FIN (SEQ X+1) is sent. */
    static Tcb finWait1(Profile p) {
        return UserCalls.close(p, established(p), T0).get().tcb();
    }

    static Tcb finWait2(Profile p) {
        return Arrival.segmentArrives(p, finWait1(p), peer(0, 1, Control.ACK), X, T0, Choices.reference()).get()
                .tcb();
    }

    static Tcb closeWait(Profile p) {
        return Arrival.segmentArrives(p, established(p), peer(0, 0, Control.FIN), X, T0, Choices.reference()).get()
                .tcb();
    }

    static Tcb closing(Profile p) {
        return Arrival.segmentArrives(p, finWait1(p), peer(0, 0, Control.FIN), X, T0, Choices.reference()).get()
                .tcb();
    }

    static Tcb lastAck(Profile p) {
        return UserCalls.close(p, closeWait(p), T0).get().tcb();
    }

    static Tcb timeWait(Profile p) {
        return Arrival.segmentArrives(p, finWait2(p), peer(0, 1, Control.FIN), X, T0, Choices.reference()).get()
                .tcb();
    }

    /** One TCB per connection state (both SYN-RECEIVED origins), in table order. */
    static List<Tcb> everyState(Profile p) {
        return List.of(Tcb.closed(), listen(p), synSent(p), synRcvdPassive(p), synRcvdActive(p), established(p),
                finWait1(p), finWait2(p), closeWait(p), closing(p), lastAck(p), timeWait(p));
    }
}
