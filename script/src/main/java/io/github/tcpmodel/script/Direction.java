package io.github.tcpmodel.script;

/** Which way a segment goes, seen from the script. */
public enum Direction {
    /** {@code <}: the script injects the segment into the target. */
    INBOUND,
    /** {@code >}: the script expects the target to emit the segment. */
    OUTBOUND;

    /** The arrow a script writes. */
    public char arrow() {
        return this == INBOUND ? '<' : '>';
    }
}
