/**
 * The one decision every driver that checks an implementation against the model takes: is what the implementation
 * did allowed here, and which of RFC 9293's choices did it take.
 *
 * <p>{@link io.github.tcpmodel.conformance.Conformance} decides when an implementation's segment is the model's
 * (segment equivalence) and whether a segment is one the model lets a TCP emit;
 * {@link io.github.tcpmodel.conformance.Allowance} names what an implementation may do that the model does not do
 * itself (window updates, zero-window probes, early and repackaged retransmissions, held-back ACKs, the window a
 * RECEIVE opened); {@link io.github.tcpmodel.conformance.Adoption} turns what the implementation sent into the
 * model's inputs where the RFC leaves the choice open (ISS, segment sizes, ACK now or later, throttled ACKs);
 * {@link io.github.tcpmodel.conformance.CongestionCheck} follows a sender's ACKs, loss signals and timeouts and
 * checks each segment of new data against the congestion bound (MUST-19).
 * Pure functions over vavr values, like the rest of the model.
 */
package io.github.tcpmodel.conformance;
