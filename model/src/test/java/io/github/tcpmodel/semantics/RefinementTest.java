package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step projects onto the profile's transition table with the same source and target: exhaustively over a
 * bounded domain (every reachable state, every combination of SYN, ACK, FIN, RST, empty or with text, SEG.SEQ and
 * SEG.ACK at the edges of the windows, both ISNs), for every user call and timer.
 */
class RefinementTest {

    static final List<Control> BITS = List.of(Control.SYN, Control.ACK, Control.FIN, Control.RST);

    /** The fixtures of every state plus variants that exercise queues and windows. */
    static List<Tcb> domain(Profile p) {
        Tcb est = Fx.established(p);
        Tcb withQueued = UserCalls.send(p, est, 5000, Fx.X, Fx.T0, Choices.reference().segmentizing(1000)).get()
                .tcb();
        Tcb held = Fx.arrive(p, est, Fx.peer(10, 0, Control.ACK).withDataLength(5)).tcb();
        Tcb zeroWindow = est.withRcv(est.rcv().withWnd(0));
        Tcb finQueued = UserCalls.close(p, withQueued, Fx.T0).get().tcb();
        Tcb fw1Data = UserCalls.close(p, UserCalls.send(p, est, 100, Fx.X, Fx.T0, Choices.reference()).get().tcb(),
                Fx.T0).get().tcb();
        return Fx.everyState(p).appendAll(List.of(withQueued, held, zeroWindow, finQueued, fw1Data,
                Fx.arrive(p, held, Fx.peer(0, 0, Control.ACK).withDataLength(3)).tcb()));
    }

    static List<Long> seqOffsets(Tcb t) {
        long w = t.rcv().wnd();
        return List.of(-3L, -1L, 0L, 1L, Math.max(0, w - 1), w, w + 2, SeqNum.HALF).distinct();
    }

    static List<Long> ackOffsets(Tcb t) {
        long flight = t.snd().inFlight();
        return List.of(-(t.snd().maxWnd() + 1), -1L, 0L, 1L, flight, flight + 1, SeqNum.HALF).distinct();
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void everySegmentInEveryStateRefinesTheTable(Profile p) {
        Set<ConnectionState> covered = HashSet.empty();
        Set<String> pairs = HashSet.empty();
        int steps = 0;
        for (Tcb t : domain(p)) {
            // In CLOSED and LISTEN there is no RCV.NXT; the peer's numbers are taken relative to Y + 1.
            SeqNum base = t.tcpState() == TcpState.CLOSED || t.tcpState() == TcpState.LISTEN
                    || t.tcpState() == TcpState.SYN_SENT ? Fx.Y : t.rcv().nxt();
            for (int mask = 0; mask < 16; mask++) {
                for (int len : new int[] {0, 3}) {
                    for (long so : seqOffsets(t)) {
                        for (long ao : ackOffsets(t)) {
                            // The ISN matters only where a SYN may open a connection.
                            List<SeqNum> isns = t.is(TcpState.LISTEN) || t.is(TcpState.TIME_WAIT)
                                    ? List.of(Fx.NEW_ISS, Fx.X) : List.of(Fx.NEW_ISS);
                            for (SeqNum iss : isns) {
                                Segment s = segment(mask, base.plus(so), t.snd().una().plus(ao), len);
                                Either<String, Step> e = Arrival.segmentArrives(p, t, s, iss, Fx.T0 + 5,
                                        Choices.reference());
                                Step step = Fx.ok(p, t, e);
                                assertInvariants(t, step);
                                covered = covered.add(t.state());
                                pairs = pairs.add(t.state() + " " + step.projection());
                                steps++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(ConnectionState.all().toSet(), covered);
        assertTrue(steps > 20_000, "domain too small: " + steps);
        // The domain reaches the interesting classifications (a failing count means the generator lost reach).
        int distinct = pairs.size();
        assertTrue(distinct > 80, () -> "only " + distinct + " (state, projection) pairs");
    }

    static Segment segment(int mask, SeqNum seq, SeqNum ack, int len) {
        Segment s = Segment.of(seq).withWindow(Fx.PEER_WND).withDataLength(len);
        for (int i = 0; i < 4; i++) {
            if ((mask & (1 << i)) != 0) {
                s = BITS.get(i) == Control.ACK ? s.withAck(ack) : s.with(BITS.get(i));
            }
        }
        return s;
    }

    static void assertInvariants(Tcb before, Step s) {
        Tcb t = s.tcb();
        if (t.is(TcpState.CLOSED)) {
            assertEquals(Tcb.closed(), t, "a deleted TCB holds nothing");
            return;
        }
        if (t.tcpState().compareTo(TcpState.SYN_SENT) >= 0) {
            assertTrue(t.snd().una().le(t.snd().nxt()), () -> "SND.UNA =< SND.NXT: " + t.snd());
        }
        assertTrue(t.retransmission().forAll(seg -> seg.len() > 0), "only sequence space is retransmitted");
        if (t.is(TcpState.TIME_WAIT)) {
            assertEquals(HashSet.of(Timer.TIME_WAIT), t.timers().keySet(), "TIME-WAIT turns off the other timers");
        }
        assertEquals(!t.retransmission().isEmpty() && !t.is(TcpState.TIME_WAIT),
                t.deadline(Timer.RETRANSMISSION).isDefined(), () -> "retransmission timer iff queue: " + t);
        // Sequence space only moves forward.
        if (before.tcpState() == t.tcpState() && before.tcpState().isSynchronized()) {
            assertTrue(before.rcv().nxt().le(t.rcv().nxt()), "RCV.NXT never goes back");
            assertTrue(before.snd().una().le(t.snd().una()), "SND.UNA never goes back");
            assertTrue(before.rcv().nxt().plus(before.rcv().wnd()).le(t.rcv().nxt().plus(t.rcv().wnd())),
                    "RCV.NXT + RCV.WND is not reduced");
        }
        for (Segment out : s.sent()) {
            if (!out.rst() && !before.is(TcpState.CLOSED) && !before.is(TcpState.LISTEN)) {
                assertEquals(List.empty(), Emission.allowed(emitter(before, t, out), out),
                        () -> "model emitted " + out + " from " + before.state());
            }
        }
    }

    /** The TCB a segment is checked against: the one after the step, which the segment's numbers describe. */
    static Tcb emitter(Tcb before, Tcb after, Segment out) {
        return after.is(TcpState.CLOSED) || after.is(TcpState.LISTEN) ? before : after;
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void everyUserCallAndTimerInEveryStateRefinesTheTable(Profile p) {
        int steps = 0;
        for (Tcb t : domain(p)) {
            for (boolean passive : new boolean[] {true, false}) {
                Fx.ok(p, t, UserCalls.open(p, t, passive, true, Option.none(), Fx.NEW_ISS, Fx.T0));
            }
            Either<String, Step> send = UserCalls.send(p, t, 700, Fx.NEW_ISS, Fx.T0, Choices.reference());
            if (!t.is(TcpState.LISTEN) || t.remoteSpecified()) {
                Fx.ok(p, t, send);
            }
            List.of(UserCalls.receive(p, t, 10, Fx.T0), UserCalls.close(p, t, Fx.T0), UserCalls.abort(p, t, Fx.T0),
                    UserCalls.status(p, t, Fx.T0)).forEach(e -> Fx.ok(p, t, e));
            for (Timer timer : Timer.values()) {
                Either<String, Step> e = Timeouts.expire(p, t, timer, Long.MAX_VALUE / 2, Choices.reference());
                assertEquals(t.deadline(timer).isDefined(), e.isRight(), () -> timer + " in " + t.state());
                if (e.isRight()) {
                    Fx.ok(p, t, e);
                    steps++;
                }
            }
            for (int size : new int[] {0, 1, 500, 1000}) {
                Either<String, Step> e = Emission.transmit(p, t, size, Fx.T0);
                if (e.isRight()) {
                    Step s = e.get();
                    assertEquals(s.tcb().state(), p.table().run(t.state(), s.projection()));
                    s.sent().forEach(out -> assertEquals(List.empty(), Emission.allowed(t, out)));
                }
            }
        }
        assertTrue(steps > 10, "timers fired: " + steps);
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void everyTableEventIsReachedFromSomeState(Profile p) {
        // The projection is onto, where the table has a transition: the segment-level model exercises each event.
        Set<Event> seen = HashSet.empty();
        for (Tcb t : domain(p)) {
            SeqNum base = t.tcpState().isSynchronized() || t.is(TcpState.SYN_RECEIVED) ? t.rcv().nxt() : Fx.Y;
            for (int mask = 0; mask < 16; mask++) {
                for (long ao : ackOffsets(t)) {
                    Segment s = segment(mask, base, t.snd().una().plus(ao), 0);
                    seen = seen.addAll(Arrival.segmentArrives(p, t, s, Fx.NEW_ISS, Fx.T0, Choices.reference()).get()
                            .projection());
                }
            }
        }
        Set<Event> segmentEvents = List.of(Event.values()).filter(e -> e.cause() == Event.Cause.SEGMENT).toSet();
        assertEquals(segmentEvents, seen.intersect(segmentEvents));
    }
}
