package io.github.tcpmodel.diagram.sequence;

/** One of the two lifelines of a chart: {@link #LEFT} is drawn on the left (by convention the client). */
public enum Lifeline {
    /** The lifeline drawn on the left, by convention the client's. */
    LEFT,
    /** The lifeline drawn on the right, by convention the server's. */
    RIGHT;

    /**
     * The other side.
     *
     * @return {@link #RIGHT} for {@link #LEFT}, and the reverse
     */
    public Lifeline peer() {
        return this == LEFT ? RIGHT : LEFT;
    }
}
