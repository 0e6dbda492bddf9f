package io.github.tcpmodel.semantics;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * The result of one event: the TCB after it, the segments sent (in order), what the user is told, how many octets
 * a RECEIVE returned, the rule of RFC 9293 that decided it, and the table events the step projects onto.
 *
 * <p>Refinement: {@code table.run(before.state(), projection)} equals {@code tcb.state()}. The projection is one
 * event except for a SYN,ACK that also carries a FIN in SYN-SENT, which the table can only express as
 * {@code rcv SYN,ACK} followed by {@code rcv FIN} (see docs/segment-semantics.md).
 *
 * @param tcb        the TCB after the event ({@link Tcb#closed()} when it was deleted)
 * @param sent       the segments sent, in order
 * @param told       what the user is told, in order
 * @param delivered  the octets RECEIVE returned (0 otherwise)
 * @param projection the table events this step refines, in order; never empty
 * @param rule       the RFC section and the rule that decided the step, e.g. {@code §3.10.7.4 second: ...}
 */
public record Step(Tcb tcb, List<Segment> sent, List<Notice> told, long delivered, List<Event> projection,
                   String rule) {
    public Step {
        Objects.requireNonNull(tcb, "tcb is null");
        Objects.requireNonNull(sent, "sent is null");
        Objects.requireNonNull(told, "told is null");
        Objects.requireNonNull(projection, "projection is null");
        Objects.requireNonNull(rule, "rule is null");
        if (projection.isEmpty()) {
            throw new IllegalArgumentException("a step projects onto at least one table event");
        }
    }

    /** The first (usually the only) table event of the projection. */
    public Event event() {
        return projection.head();
    }

    static Step of(Tcb tcb, List<Segment> sent, List<Notice> told, Event event, String rule) {
        return new Step(tcb, sent, told, 0, projection(event), rule);
    }

    /** The one-event projections, an immutable list per event by ordinal, so that a step builds none. */
    private static final Object[] PROJECTIONS = List.of(Event.values()).map(List::of).toJavaArray();

    /** The projection onto the single event {@code e}: {@code List.of(e)}. */
    @SuppressWarnings("unchecked")
    static List<Event> projection(Event e) {
        return (List<Event>) PROJECTIONS[e.ordinal()];
    }
}
