package io.github.tcpmodel.diagram.scenario;

import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.github.tcpmodel.table.Event;
import java.util.Objects;

/** One line of a scenario's script: what happens next. Segments are only delivered or lost, never invented. */
sealed interface Cue permits Cue.Call, Cue.Deliver, Cue.Lose {

    /** A user call or a timer expiry at {@code side}. */
    record Call(Lifeline side, Event event) implements Cue {
        public Call {
            Objects.requireNonNull(side, "side is null");
            Objects.requireNonNull(event, "event is null");
            if (event.cause() == Event.Cause.SEGMENT) {
                throw new IllegalArgumentException("a segment arrives by Deliver, not by Call: " + event);
            }
        }
    }

    /** The oldest segment in flight towards {@code to} arrives. */
    record Deliver(Lifeline to) implements Cue {
        public Deliver {
            Objects.requireNonNull(to, "to is null");
        }
    }

    /** The oldest segment in flight towards {@code to} is lost. */
    record Lose(Lifeline to) implements Cue {
        public Lose {
            Objects.requireNonNull(to, "to is null");
        }
    }

    static Cue call(Lifeline side, Event event) {
        return new Call(side, event);
    }

    static Cue deliver(Lifeline to) {
        return new Deliver(to);
    }

    static Cue lose(Lifeline to) {
        return new Lose(to);
    }
}
