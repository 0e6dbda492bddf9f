/**
 * The segment-level reference semantics of RFC 9293 §3.10 as pure functions.
 *
 * <p>Read first: RFC 9293 §3.10 (event processing) and {@code docs/segment-semantics.md}, which maps every
 * function here to its subsection. {@link io.github.tcpmodel.semantics.UserCalls} is §3.10.1 - §3.10.6,
 * {@link io.github.tcpmodel.semantics.Arrival} is §3.10.7, {@link io.github.tcpmodel.semantics.Timeouts} is §3.10.8
 * (with keep-alive, §3.8.4), and {@link io.github.tcpmodel.semantics.Emission} emits queued data and checks
 * segments an implementation emits. Every function returns a {@link io.github.tcpmodel.semantics.Step}: the new
 * TCB, the segments sent, what the user is told, and the table events the step projects onto (refinement).
 * Where RFC 9293 leaves a choice to the implementation (ISN, segment sizes, when to ACK, retransmission timing)
 * the choice is an input ({@link io.github.tcpmodel.semantics.Choices}); places where the RFC is ambiguous carry
 * the tag {@code RFC9293-CHOICE}.
 */
package io.github.tcpmodel.semantics;
