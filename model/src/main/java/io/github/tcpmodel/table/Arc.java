package io.github.tcpmodel.table;

import java.util.Objects;

/**
 * One transition of the table, with its source and event: the unit a diagram draws as an edge.
 *
 * @param source     the state before the event
 * @param event      the event
 * @param transition what the table says the connection does
 */
public record Arc(ConnectionState source, Event event, Outcome.Transition transition) {
    public Arc {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(event, "event is null");
        Objects.requireNonNull(transition, "transition is null");
    }

    /** The state after the event: the transition's target. */
    public ConnectionState target() {
        return transition.target();
    }

    /** Whether the arc leaves the state (its target differs from its source). */
    public boolean changesState() {
        return !source.equals(transition.target());
    }

    /** The arc in Figure 5's notation: {@code rcv SYN / snd SYN,ACK}. */
    public String label() {
        return event.label() + " / " + transition.actionLabel();
    }
}
