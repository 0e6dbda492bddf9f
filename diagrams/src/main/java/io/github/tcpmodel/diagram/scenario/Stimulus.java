package io.github.tcpmodel.diagram.scenario;

import io.github.tcpmodel.diagram.sequence.Side;
import io.github.tcpmodel.table.Event;
import java.util.Objects;

/** One line of a scenario's script: what happens next. Segments are only delivered or lost, never invented. */
sealed interface Stimulus permits Stimulus.Call, Stimulus.Deliver, Stimulus.Lose {

    /** A user call or a timer expiry at {@code side}. */
    record Call(Side side, Event event) implements Stimulus {
        public Call {
            Objects.requireNonNull(side, "side is null");
            Objects.requireNonNull(event, "event is null");
            if (event.cause() == Event.Cause.SEGMENT) {
                throw new IllegalArgumentException("a segment arrives by Deliver, not by Call: " + event);
            }
        }
    }

    /** The oldest segment in flight towards {@code to} arrives. */
    record Deliver(Side to) implements Stimulus {
        public Deliver {
            Objects.requireNonNull(to, "to is null");
        }
    }

    /** The oldest segment in flight towards {@code to} is lost. */
    record Lose(Side to) implements Stimulus {
        public Lose {
            Objects.requireNonNull(to, "to is null");
        }
    }

    static Stimulus call(Side side, Event event) {
        return new Call(side, event);
    }

    static Stimulus deliver(Side to) {
        return new Deliver(to);
    }

    static Stimulus lose(Side to) {
        return new Lose(to);
    }
}
