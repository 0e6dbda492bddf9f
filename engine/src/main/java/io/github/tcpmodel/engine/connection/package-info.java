/**
 * The connection: a mutable, single-threaded implementation of RFC 9293 written independently of the model's
 * functions. A {@link io.github.tcpmodel.engine.connection.Connection} holds the TCB (RFC 9293 §3.3.1), its send
 * buffer (which is also the retransmission queue), its receive buffer with out-of-order reassembly, and its timers;
 * its control state lives in a {@link io.github.tcpmodel.engine.lifecycle.Lifecycle}. Segment processing follows the
 * phases of RFC 9293 §3.10.7, classifies each segment into one table event, fires it, and carries out the table's
 * actions. A {@link io.github.tcpmodel.engine.connection.Listener} forks connections from LISTEN.
 * {@link io.github.tcpmodel.engine.connection.ConnectionConfig} holds the parameters, with an {@code rfc9293} default
 * and a {@code linux} preset.
 */
package io.github.tcpmodel.engine.connection;
