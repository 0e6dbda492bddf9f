package io.github.tcpmodel.diagram.sequence;

/** One of the two lifelines of a chart: {@link #LEFT} is drawn on the left (by convention the client). */
public enum Side {
    LEFT,
    RIGHT;

    /** The other side. */
    public Side peer() {
        return this == LEFT ? RIGHT : LEFT;
    }
}
