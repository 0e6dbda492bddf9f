package io.github.tcpmodel.engine.connection;

import java.util.Objects;

/**
 * How a connection paces its text and its acknowledgments: the sender's congestion control and Nagle algorithm and
 * the receiver's delayed ACKs. None of it changes what the model allows: sending less than the send window permits
 * is always allowed, and an ACK of in-order text may be delayed (RFC 9293 §3.8.6.3, MAY-13).
 *
 * @param congestionControl  RFC 5681 slow start, congestion avoidance, fast retransmit and fast recovery, with the
 *                           NewReno modification (RFC 6582); RFC 9293 §3.8.2 (MUST-19) requires it. Off, the sender
 *                           is bounded by the peer's window alone (for experiments only)
 * @param largeInitialWindow the initial window of RFC 6928, min(10 * SMSS, max(2 * SMSS, 14600)); otherwise RFC 5681
 *                           §3.1's two to four segments
 * @param delayedAcks        RFC 9293 §3.8.6.3 (SHLD-18): in-order text is acknowledged at least every second
 *                           full-sized segment (SHLD-19) or after {@code delayedAckTimeout}; out-of-order text, text
 *                           that fills a hole and a FIN are acknowledged at once (RFC 5681 §4.2)
 * @param delayedAckTimeout  the delayed-ACK timer in milliseconds, below 500 (MUST-40)
 * @param nagle              the Nagle algorithm (RFC 9293 §3.7.4, SHLD-7): with text in flight, less than a full
 *                           segment waits until all that is in flight is acknowledged. A connection turns it off with
 *                           {@link Connection#setNoDelay} (TCP_NODELAY, MUST-17)
 * @param algorithm          the congestion controller in congestion avoidance and on a loss, when
 *                           {@code congestionControl} is on
 * @param rackTlp            RACK-TLP loss detection (RFC 8985) with SACK: segments are marked lost by the time they
 *                           were sent (RACK) and a tail loss is probed before the retransmission timer (TLP); off, a
 *                           loss is found by duplicate ACKs (RFC 5681 §3.2, RFC 6675 IsLost) or the timer alone
 */
public record DataTransfer(boolean congestionControl, boolean largeInitialWindow, boolean delayedAcks,
                           long delayedAckTimeout, boolean nagle, Algorithm algorithm, boolean rackTlp) {

    /** The congestion controller. */
    public enum Algorithm {
        /** RFC 5681 congestion avoidance (one SMSS per window of octets acknowledged), RFC 6582 NewReno recovery. */
        NEW_RENO,
        /** CUBIC (RFC 9438): the cubic window growth with its Reno-friendly region, β = 0.7, fast convergence. */
        CUBIC
    }

    /** NewReno without RACK-TLP. */
    public DataTransfer(boolean congestionControl, boolean largeInitialWindow, boolean delayedAcks,
                        long delayedAckTimeout, boolean nagle) {
        this(congestionControl, largeInitialWindow, delayedAcks, delayedAckTimeout, nagle, Algorithm.NEW_RENO, false);
    }

    /** Checks the delayed-ACK timer against MUST-40. */
    public DataTransfer {
        Objects.requireNonNull(algorithm, "algorithm is null");
        if (delayedAckTimeout <= 0 || delayedAckTimeout >= 500) {
            throw new IllegalArgumentException("delayed-ACK timeout must be in (0, 500) ms (RFC 9293 MUST-40): "
                    + delayedAckTimeout);
        }
    }

    /**
     * The RFC's defaults: congestion control with NewReno, the RFC 6928 initial window, delayed ACKs with a 200 ms
     * timer (RFC 1122 §4.2.3.2's common value) and Nagle on.
     */
    public static DataTransfer rfc() {
        return new DataTransfer(true, true, true, 200, true);
    }

    /**
     * As {@link #rfc()}, but CUBIC (RFC 9438, Linux's default tcp_congestion_control) with RACK-TLP loss detection
     * (RFC 8985, Linux's default since 4.18), and every ACK at once, with
     * Linux's 40 ms delayed-ACK timer (TCP_DELACK_MIN) for a
     * connection that turns delayed ACKs on. Off here because, receiving a bulk transfer from the kernel through the
     * TUN with delayed ACKs, the conformance monitor's model ends up with a smaller RCV.WND than the engine advertised
     * (it trims text the engine accepts); until that is understood the preset that faces the kernel keeps the
     * monitor's account exact.
     */
    public static DataTransfer linux() {
        return new DataTransfer(true, true, false, 40, true, Algorithm.CUBIC, true);
    }

    /** Every ACK at once, no Nagle, no congestion window: the sender bounded by the peer's window alone. */
    public static DataTransfer unpaced() {
        return new DataTransfer(false, true, false, 200, false);
    }

    /** The same with congestion control on or off. */
    public DataTransfer withCongestionControl(boolean on) {
        return new DataTransfer(on, largeInitialWindow, delayedAcks, delayedAckTimeout, nagle, algorithm, rackTlp);
    }

    /** The same with delayed ACKs on or off. */
    public DataTransfer withDelayedAcks(boolean on) {
        return new DataTransfer(congestionControl, largeInitialWindow, on, delayedAckTimeout, nagle, algorithm,
                rackTlp);
    }

    /** The same with the Nagle algorithm on or off. */
    public DataTransfer withNagle(boolean on) {
        return new DataTransfer(congestionControl, largeInitialWindow, delayedAcks, delayedAckTimeout, on, algorithm,
                rackTlp);
    }

    /** The same with another congestion controller. */
    public DataTransfer withAlgorithm(Algorithm other) {
        return new DataTransfer(congestionControl, largeInitialWindow, delayedAcks, delayedAckTimeout, nagle, other,
                rackTlp);
    }

    /** The same with RACK-TLP loss detection (RFC 8985) on or off. */
    public DataTransfer withRackTlp(boolean on) {
        return new DataTransfer(congestionControl, largeInitialWindow, delayedAcks, delayedAckTimeout, nagle,
                algorithm, on);
    }

    /** The initial congestion window for sender MSS {@code smss} (RFC 6928 §2, RFC 5681 §3.1). */
    int initialWindow(int smss) {
        if (largeInitialWindow) {
            return Math.min(10 * smss, Math.max(2 * smss, 14600));
        }
        return smss > 2190 ? 2 * smss : smss > 1095 ? 3 * smss : 4 * smss;
    }
}
