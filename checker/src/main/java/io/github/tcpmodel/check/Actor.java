package io.github.tcpmodel.check;

/** Who takes a step in a trace: one of the two endpoints, or the network (loss, duplication). */
public enum Actor {
    /** The first endpoint, drawn on the left. */
    LEFT,
    /** The second endpoint, drawn on the right. */
    RIGHT,
    /** The network between them. */
    NETWORK
}
