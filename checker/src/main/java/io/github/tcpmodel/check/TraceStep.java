package io.github.tcpmodel.check;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * One step of a trace, as the diagrams module draws it: who acted, on which event, which segment it consumed,
 * which it emitted, which the network lost or duplicated, and both sides' states afterwards.
 *
 * <p>Segments are texts in RFC notation ({@code <SEQ=100><ACK=301><CTL=SYN,ACK>}); the direction of a sent
 * segment is away from {@link #actor}, of a received one towards it.
 *
 * @param actor      who took the step
 * @param event      the user call, timeout, arrival or network event, in RFC vocabulary ("active OPEN",
 *                   "rcv SYN,ACK", "retransmission timeout", "lose")
 * @param received   the segment the actor consumed, if any
 * @param sent       the segments the actor emitted, in order
 * @param lost       a segment the network dropped, if this is a loss ({@code actor} is then NETWORK)
 * @param towards    for a network step, the side the affected segment was travelling to
 * @param note       the table's action text or the RFC's reply, possibly empty
 * @param left       the left side's state after the step
 * @param right      the right side's state after the step
 */
public record TraceStep(Actor actor, String event, Option<String> received, List<String> sent, Option<String> lost,
                   Actor towards, String note, String left, String right) {
    /** Rejects nulls. */
    public TraceStep {
        Objects.requireNonNull(actor, "actor is null");
        Objects.requireNonNull(event, "event is null");
        Objects.requireNonNull(received, "received is null");
        Objects.requireNonNull(sent, "sent is null");
        Objects.requireNonNull(lost, "lost is null");
        Objects.requireNonNull(towards, "towards is null");
        Objects.requireNonNull(note, "note is null");
        Objects.requireNonNull(left, "left is null");
        Objects.requireNonNull(right, "right is null");
    }
}
