/**
 * The state diagram of TCP connection management, derived from a
 * {@link io.github.tcpmodel.table.TransitionTable}: the arcs of RFC 9293 Figure 5 (with Notes 1 and 2), or every
 * state-changing transition of the table, with the client's and the server's normal paths styled as in the
 * state diagram of TCP/IP Illustrated. Written as DOT ({@link io.github.tcpmodel.diagram.state.DotWriter}) and
 * as Mermaid {@code stateDiagram-v2} ({@link io.github.tcpmodel.diagram.state.MermaidWriter}); neither needs a
 * Graphviz engine.
 */
package io.github.tcpmodel.diagram.state;
