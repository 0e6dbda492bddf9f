package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.segment.Segment;
import java.util.Objects;

/** A concrete input to an implementation: a user call, a segment to deliver, or time to advance by. */
public sealed interface Stimulus permits Stimulus.Call, Stimulus.Deliver, Stimulus.Advance {

    /** The user makes {@code call}. */
    record Call(UserCall call) implements Stimulus {
        public Call {
            Objects.requireNonNull(call, "call is null");
        }

        @Override
        public String toString() {
            return call.toString();
        }
    }

    /** {@code segment} arrives from the peer. */
    record Deliver(Segment segment) implements Stimulus {
        public Deliver {
            Objects.requireNonNull(segment, "segment is null");
        }

        @Override
        public String toString() {
            return "deliver " + segment;
        }
    }

    /** The clock advances by {@code ms}. */
    record Advance(long ms) implements Stimulus {
        public Advance {
            if (ms < 0) {
                throw new IllegalArgumentException("negative advance: " + ms);
            }
        }

        @Override
        public String toString() {
            return "advance " + ms + " ms";
        }
    }
}
