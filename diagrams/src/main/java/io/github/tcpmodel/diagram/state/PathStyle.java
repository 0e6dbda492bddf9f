package io.github.tcpmodel.diagram.state;

/** How an edge is drawn: on the client's normal path, on the server's, or neither. */
public enum PathStyle {
    /** The client's normal path (active open, active close): bold solid. */
    CLIENT,
    /** The server's normal path (passive open, passive close): dashed. */
    SERVER,
    /** Any other transition: thin. */
    OTHER
}
