package io.github.tcpmodel.diagram.sequence;

import java.util.Objects;

/**
 * One row of a chart. Every step carries the states of both sides after it. A segment is drawn from its
 * {@link Send} to the {@link Arrive} or {@link Lose} that refers to it, so segments may cross; a segment sent and
 * never resolved is drawn as still in flight at the end.
 */
public sealed interface Row permits Row.Send, Row.Arrive, Row.Lose, Row.Local {

    /**
     * The states of both sides after this step.
     *
     * @return the states of both sides after this step
     */
    RowStates after();

    /** {@code from} puts {@code segment} on the wire. */
    record Send(Lifeline from, Arrow segment, RowStates after) implements Row {
        public Send {
            Objects.requireNonNull(from, "from is null");
            Objects.requireNonNull(segment, "segment is null");
            Objects.requireNonNull(after, "after is null");
        }
    }

    /** The segment sent at step {@code send} (an index into the chart's steps) reaches the other side. */
    record Arrive(int send, RowStates after) implements Row {
        public Arrive {
            Objects.requireNonNull(after, "after is null");
        }
    }

    /** The segment sent at step {@code send} is lost in the network. */
    record Lose(int send, RowStates after) implements Row {
        public Lose {
            Objects.requireNonNull(after, "after is null");
        }
    }

    /** Something happens at one side only: a user call ({@code active OPEN}) or a timer ({@code Timeout=2MSL}). */
    record Local(Lifeline side, String event, RowStates after) implements Row {
        public Local {
            Objects.requireNonNull(side, "side is null");
            Objects.requireNonNull(event, "event is null");
            Objects.requireNonNull(after, "after is null");
        }
    }
}
