package io.github.tcpmodel.check.semantic;

/**
 * A broken protocol the theorems argue against, as a change to what the reference semantics do at one endpoint of a
 * {@link SemanticModel}: each rewrites the TCB (and the segments) a step of the semantics produced.
 */
public enum SemanticVariant {
    /** The reference semantics, unchanged. */
    NONE,
    /**
     * A two-way handshake: the passive side counts as ESTABLISHED as soon as it has sent its SYN,ACK (RFC 9293
     * §3.5 explains why the third segment is needed: an old duplicate SYN would open a connection).
     */
    TWO_WAY_HANDSHAKE,
    /** No TIME-WAIT: a connection that would enter TIME-WAIT is deleted at once (§3.6.1 explains why it waits). */
    NO_TIME_WAIT,
    /**
     * Merged close: the side that receives the peer's FIN in ESTABLISHED closes its own half at once (its FIN goes
     * with the ACK), whatever its user still has to send (§3.6: the half-close lets it send on).
     */
    MERGED_CLOSE
}
