package io.github.tcpmodel.diagram.sequence;

/** One of the two lifelines of a chart: {@link #LEFT} is drawn on the left (by convention the client). */
public enum Lifeline {
    LEFT,
    RIGHT;

    /** The other side. */
    public Lifeline peer() {
        return this == LEFT ? RIGHT : LEFT;
    }
}
