package io.github.tcpmodel.script;

/**
 * The time written at the start of an event, in microseconds since the script started.
 */
public sealed interface TimePoint {

    /** An absolute time, {@code 0.100}. */
    record Absolute(long micros) implements TimePoint {
        @Override
        public String toString() {
            return Render.seconds(micros);
        }
    }

    /** A time relative to the previous event, {@code +0.100}. */
    record Relative(long micros) implements TimePoint {
        @Override
        public String toString() {
            return "+" + Render.seconds(micros);
        }
    }

    /** Any time, {@code *}: the event may happen whenever. */
    record Any() implements TimePoint {
        @Override
        public String toString() {
            return "*";
        }
    }
}
