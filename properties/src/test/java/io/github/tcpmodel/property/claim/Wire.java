package io.github.tcpmodel.property.claim;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.conformance.ModelImplementation;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/** Two model endpoints joined by a lossless FIFO wire in each direction; segments can be dropped on purpose. */
final class Wire {

    final ModelImplementation a;
    final ModelImplementation b;
    final Deque<Segment> toA = new ArrayDeque<>();
    final Deque<Segment> toB = new ArrayDeque<>();
    /** Every segment put on the wire, in order, with its sender. */
    final java.util.List<String> log = new ArrayList<>();
    final java.util.List<Segment> fromA = new ArrayList<>();
    final java.util.List<Segment> fromB = new ArrayList<>();
    long now;

    Wire(Profile p, SeqNum issA, SeqNum issB) {
        a = new ModelImplementation(p, issA);
        b = new ModelImplementation(p, issB);
    }

    void sendA(List<Segment> segs) {
        for (Segment s : segs) {
            toB.add(s);
            fromA.add(s);
            log.add("A -> B " + s);
        }
    }

    void sendB(List<Segment> segs) {
        for (Segment s : segs) {
            toA.add(s);
            fromB.add(s);
            log.add("B -> A " + s);
        }
    }

    void callA(UserCall c) {
        sendA(a.call(c, now));
    }

    void callB(UserCall c) {
        sendB(b.call(c, now));
    }

    void callA(UserCall.Kind k) {
        callA(UserCall.of(k));
    }

    void callB(UserCall.Kind k) {
        callB(UserCall.of(k));
    }

    /** Delivers one segment to B, if any is on its way. */
    Segment deliverOneToB() {
        Segment s = toB.poll();
        sendB(b.deliver(s, now));
        return s;
    }

    Segment deliverOneToA() {
        Segment s = toA.poll();
        sendA(a.deliver(s, now));
        return s;
    }

    Segment dropToB() {
        log.add("   (lost on the way to B)");
        return toB.poll();
    }

    Segment dropToA() {
        log.add("   (lost on the way to A)");
        return toA.poll();
    }

    /** Delivers in both directions until nothing is in flight. */
    void settle() {
        for (int i = 0; i < 1000 && !(toA.isEmpty() && toB.isEmpty()); i++) {
            if (!toB.isEmpty()) {
                deliverOneToB();
            }
            if (!toA.isEmpty()) {
                deliverOneToA();
            }
        }
    }

    void advance(long ms) {
        now += ms;
        sendA(a.advance(now));
        sendB(b.advance(now));
    }

    /** Both endpoints' states. */
    List<TcpState> states() {
        return List.of(a.state(), b.state());
    }

    @Override
    public String toString() {
        return String.join("\n", log) + "\nstates: A " + a.state() + ", B " + b.state();
    }
}
