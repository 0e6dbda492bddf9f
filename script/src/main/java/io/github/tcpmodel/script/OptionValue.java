package io.github.tcpmodel.script;

/** The value passed to {@code setsockopt}. */
public sealed interface OptionValue {

    /** An int, written {@code [N]}. */
    record IntValue(long value) implements OptionValue {
        @Override
        public String toString() {
            return "[" + value + "]";
        }
    }

    /** A {@code struct linger}, written {@code {onoff=N, linger=N}}. */
    record Linger(long onoff, long seconds) implements OptionValue {
        @Override
        public String toString() {
            return "{onoff=" + onoff + ", linger=" + seconds + "}";
        }
    }
}
