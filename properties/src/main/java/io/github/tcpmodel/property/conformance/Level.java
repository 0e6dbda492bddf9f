package io.github.tcpmodel.property.conformance;

/**
 * How much of RFC 9293 an implementation claims, each level including the ones before it. The runner gives an
 * implementation only the inputs of its level; the others are recorded as skipped ({@link Entry#skipped()}), so that
 * a stack that implements connection management alone is checked on what it implements, and on all of it.
 */
public enum Level {
    /**
     * Connection management (§3.5, §3.6): OPEN, CLOSE, ABORT and STATUS calls; segments from the peer without text,
     * at SEG.SEQ = RCV.NXT once the peer's ISN is known, and with the ACK bit a window other than zero (a FIN waits
     * for room in the send window, §3.8.6); in a synchronized state no SYN and SEG.ACK within [SND.UNA, SND.NXT]; no
     * time passes.
     */
    HANDSHAKE_AND_CLOSE,
    /**
     * Adds data transfer (§3.8, §3.9): SEND and RECEIVE, text in the peer's segments, SEG.SEQ anywhere and zero
     * windows, so that the acceptability test (§3.10.7.4 first) and the windows are exercised.
     */
    DATA_TRANSFER,
    /**
     * Adds the blind-attack checks of RFC 5961 that §3.10.7.4 recommends: a SYN in a synchronized state (RFC 5961
     * §4) and SEG.ACK outside [SND.UNA, SND.NXT] (RFC 5961 §5); the RST checks of RFC 5961 §3 are already reached
     * with SEG.SEQ anywhere in the window.
     */
    RFC5961,
    /**
     * Adds time: retransmission (§3.8.1, RFC 6298), the user timeout (§3.8.3), the TIME-WAIT timeout (2MSL, MUST-13),
     * keep-alive (§3.8.4) and delayed ACKs (§3.8.6.3).
     */
    TIMERS;

    /**
     * Whether this level includes {@code other}.
     *
     * @param other another level
     * @return true when every requirement of {@code other} is in this one
     */
    public boolean includes(Level other) {
        return compareTo(other) >= 0;
    }
}
