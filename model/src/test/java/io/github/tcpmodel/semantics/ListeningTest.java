package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.semantics.Listening.Arrived;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9293 §3.9.1.1 MUST-41 and MUST-42: one LISTEN endpoint, many connections. */
class ListeningTest {

    static SeqNum irs(int remote) {
        return Y.plus(100_000L * remote);
    }

    static Segment synFrom(int remote) {
        return Segment.of(irs(remote), Control.SYN).withWindow(PEER_WND).withMss(1000);
    }

    static Arrived<Integer> in(Profile p, Listening<Integer> l, int remote, Segment s, long now) {
        var r = l.segmentArrives(p, remote, s, X.plus(remote), now, Choices.reference());
        assertTrue(r.isRight(), () -> r.getLeft());
        return r.get();
    }

    // MUST-42: each SYN makes a new TCB in SYN-RECEIVED while the listener stays in LISTEN, unchanged; MUST-41: what
    // happens to one connection touches no other.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void oneListenerAnswersManySynsAndKeepsListening(Profile p) {
        Tcb listener = listen(p);
        Listening<Integer> l = Listening.of(listener);
        for (int r = 1; r <= 3; r++) {
            Arrived<Integer> a = in(p, l, r, synFrom(r), T0);
            assertEquals(Option.some(r), a.by());
            Tcb conn = a.after().connection(r).get();
            assertEquals(TcpState.SYN_RECEIVED, conn.tcpState());
            assertEquals(irs(r), conn.rcv().irs());
            assertEquals(X.plus(r), conn.snd().iss());
            assertEquals(List.of(Segment.of(X.plus(r), Control.SYN).withAck(irs(r).plus(1))), a.step().sent()
                    .map(s -> Segment.of(s.seq(), Control.SYN).withAck(s.ack())), "the SYN,ACK");
            assertEquals(listener, a.after().listener(), "the listener is untouched");
            l = a.after();
        }
        assertEquals(3, l.spawned().size());
        Tcb two = l.connection(2).get();
        Tcb three = l.connection(3).get();

        // Remote 1 completes its handshake.
        Tcb one = l.connection(1).get();
        Segment ack1 = Segment.of(irs(1).plus(1)).withAck(one.snd().nxt()).withWindow(PEER_WND);
        Arrived<Integer> est = in(p, l, 1, ack1, T0 + 10);
        assertEquals(TcpState.ESTABLISHED, est.after().connection(1).get().tcpState());
        assertEquals(two, est.after().connection(2).get());
        assertEquals(three, est.after().connection(3).get());
        l = est.after();

        // A SYN again from remote 1 goes to its connection, not to the listener.
        Arrived<Integer> again = in(p, l, 1, synFrom(1), T0 + 20);
        assertEquals(Option.some(1), again.by());
        assertEquals(TcpState.ESTABLISHED, again.after().connection(1).get().tcpState());
        assertEquals(3, again.after().spawned().size());

        // Remote 2 resets its embryo: it leaves the set, the listener stays (Figure 5 Note 1).
        Segment rst2 = Segment.of(irs(2).plus(1), Control.RST);
        Arrived<Integer> reset = in(p, l, 2, rst2, T0 + 30);
        assertEquals(Option.none(), reset.after().connection(2));
        assertEquals(listener, reset.after().listener());
        assertEquals(List.of(1, 3), reset.after().spawned().keySet().toList().sorted());
        l = reset.after();

        // An ACK from a socket with no connection is the listener's: a reset (§3.10.7.2 second).
        Segment stray = Segment.of(SeqNum.of(77)).withAck(SeqNum.of(99)).withWindow(PEER_WND);
        Arrived<Integer> r4 = in(p, l, 4, stray, T0 + 40);
        assertEquals(Option.none(), r4.by());
        assertEquals(List.of(Segment.of(SeqNum.of(99), Control.RST)), r4.step().sent());
        assertEquals(l.spawned(), r4.after().spawned());
    }

    // The embryo that gives up its SYN,ACK retransmissions leaves the set; the listener goes on.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void anEmbryoThatGivesUpLeavesTheListenerListening(Profile p) {
        Listening<Integer> l = in(p, Listening.of(listen(p)), 1, synFrom(1), T0).after();
        for (int i = 0; i < 50 && l.connection(1).isDefined(); i++) {
            Tcb t = l.connection(1).get();
            var next = t.timers().minBy(e -> e._2).get();
            var r = l.expire(p, 1, next._1, next._2, Choices.reference());
            assertTrue(r.isRight());
            l = r.get().after();
        }
        assertEquals(Option.none(), l.connection(1));
        assertEquals(TcpState.LISTEN, l.listener().tcpState());
        Arrived<Integer> next = in(p, l, 2, synFrom(2), T0 + 1_000_000);
        assertEquals(TcpState.SYN_RECEIVED, next.after().connection(2).get().tcpState(), "the next SYN is answered");
        assertTrue(l.expire(p, 9, Timer.RETRANSMISSION, T0, Choices.reference()).isLeft());
    }

    // MUST-42: a LISTEN alongside an active OPEN's SYN-SENT on the same port.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void aListenerBesideAnActiveOpen(Profile p) {
        Listening<Integer> l = Listening.<Integer>of(listen(p)).with(7, synSent(p));
        assertEquals(TcpState.SYN_SENT, l.connection(7).get().tcpState());
        Arrived<Integer> a = in(p, l, 8, synFrom(8), T0);
        assertEquals(TcpState.SYN_SENT, a.after().connection(7).get().tcpState());
        assertEquals(TcpState.SYN_RECEIVED, a.after().connection(8).get().tcpState());
        assertEquals(Option.none(), l.with(7, Tcb.closed()).connection(7), "a closed connection leaves the set");
        assertThrows(IllegalArgumentException.class, () -> Listening.of(synSent(p)));
    }
}
