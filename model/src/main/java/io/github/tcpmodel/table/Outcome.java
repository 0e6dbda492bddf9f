package io.github.tcpmodel.table;

import io.vavr.collection.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the table says for one (state, event) pair: a {@link Transition} that the connection takes (possibly back
 * to the same state, as a self-loop with actions), or a {@link Refusal} that leaves the state unchanged and does
 * nothing but answer with the RFC's response.
 */
public sealed interface Outcome permits Outcome.Transition, Outcome.Refusal {

    /** The RFC 9293 section that specifies this outcome, e.g. {@code §3.10.7.4}. */
    String section();

    /** A short explanation; empty where the RFC's words need none. Choices are tagged {@code RFC9293-CHOICE}. */
    String note();

    /** The state after the event, given the state before it. */
    ConnectionState target(ConnectionState source);

    /** Whether the table accepts the event (a transition) rather than refusing it. */
    default boolean isTransition() {
        return this instanceof Transition;
    }

    /** The citation in full, e.g. {@code RFC 9293 §3.10.7.4}. */
    default String citation() {
        return "RFC 9293 " + section();
    }

    /** Applies one of the two functions, by kind. */
    default <T> T fold(Function<? super Transition, ? extends T> ifTransition,
                       Function<? super Refusal, ? extends T> ifRefusal) {
        if (this instanceof Transition t) {
            return ifTransition.apply(t);
        }
        if (this instanceof Refusal r) {
            return ifRefusal.apply(r);
        }
        throw new AssertionError("Outcome is sealed: " + this);
    }

    /**
     * The connection moves to {@code target} and performs {@code actions} in order.
     *
     * @param target     the state after the event (equal to the source for a self-loop)
     * @param actions    what the connection does, including what the user is told
     * @param provenance where RFC 9293 draws or writes this transition
     * @param section    the RFC 9293 section that specifies it
     * @param note       a short explanation, or empty
     */
    record Transition(ConnectionState target, List<Action> actions, Provenance provenance, String section,
                      String note) implements Outcome {
        public Transition {
            Objects.requireNonNull(target, "target is null");
            Objects.requireNonNull(actions, "actions is null");
            Objects.requireNonNull(provenance, "provenance is null");
            Objects.requireNonNull(section, "section is null");
            Objects.requireNonNull(note, "note is null");
        }

        @Override
        public ConnectionState target(ConnectionState source) {
            return target;
        }

        /** The actions in Figure 5's notation, e.g. {@code snd SYN,ACK}; {@code x} when there are none. */
        public String actionLabel() {
            return actions.isEmpty() ? "x" : actions.map(Action::label).mkString(", ");
        }
    }

    /**
     * The event is refused: the state is unchanged, nothing is sent, and the user (or nobody, for a dropped
     * segment) gets {@code reply}.
     */
    record Refusal(Reply reply, String section, String note) implements Outcome {
        public Refusal {
            Objects.requireNonNull(reply, "reply is null");
            Objects.requireNonNull(section, "section is null");
            Objects.requireNonNull(note, "note is null");
        }

        @Override
        public ConnectionState target(ConnectionState source) {
            return source;
        }
    }
}
