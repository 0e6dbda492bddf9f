/**
 * Scenarios generated from the transition table: both sides are stepped through the table in lockstep, and every
 * segment one side emits becomes, when it is delivered, the peer's next event.
 *
 * <p>Sequence numbers are symbolic, as the seeds write them (seed claims C1-C3, C15-C19): the client's ISN is
 * {@code x}, the server's {@code y}; in the close, the closer's FIN has {@code seq=u}, the peer's ACK
 * {@code seq=v}, the peer's FIN {@code seq=w}. The classification of an arriving segment into an
 * {@link io.github.tcpmodel.table.Event} is the small symbolic one these scenarios need (which of our SYN or FIN
 * the ACK field newly acknowledges), not the segment-level semantics of RFC 9293 §3.10.7.
 */
package io.github.tcpmodel.diagram.scenario;
