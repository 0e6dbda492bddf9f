/**
 * The TCP connection state machine of RFC 9293 as an immutable transition table.
 *
 * <p>Read first: RFC 9293 §3.3.2 (state machine overview and Figure 5) and §3.10 (event processing).
 * The table maps every pair of a {@link io.github.tcpmodel.table.ConnectionState} and an
 * {@link io.github.tcpmodel.table.Event} to an {@link io.github.tcpmodel.table.Outcome}: a
 * {@link io.github.tcpmodel.table.Outcome.Transition} (target state, actions, RFC section) or a
 * {@link io.github.tcpmodel.table.Outcome.Refusal} carrying the RFC's response. It is the one source of the
 * state machine: diagrams, the engine's lifecycle machine and the documentation derive from it.
 */
package io.github.tcpmodel.table;
