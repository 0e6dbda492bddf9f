package io.github.tcpmodel.engine.connection;

/**
 * CUBIC's window in congestion avoidance and its reduction on a congestion event (RFC 9438), in octets, for one
 * connection. Slow start is RFC 5681's, as RFC 9438 §4.10 leaves it; the connection calls {@link #onCongestion} when
 * it enters loss recovery or its retransmission timer expires (§4.6, §4.8), and {@link #grow} on every ACK of new
 * data in congestion avoidance.
 *
 * <p>Within the model's {@code semantics.CongestionBounds}: the reduction keeps β = 0.7 of the flight, and one ACK
 * of N octets grows the window by at most {@code max(N, SMSS) / 2}, the 1.5 cwnd per round trip of §4.2.
 */
final class Cubic {

    /** RFC 9438 §4.6: β_cubic, the multiplicative decrease factor. */
    static final double BETA = 0.7;
    /** RFC 9438 §4.2: C, the cubic's scaling constant, in segments per second cubed. */
    static final double C = 0.4;
    /** RFC 9438 §4.3: α_cubic = 3 (1 - β) / (1 + β), the Reno-friendly additive increase. */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    private final int smss;
    /** W_max in segments: the window before the last reduction (after fast convergence, §4.7). */
    private double wMax;
    /** cwnd_prior in segments: cwnd before the last reduction (§4.3, where α_cubic turns to 1). */
    private double cwndPrior;
    /** K in seconds (§4.2, equation 2). */
    private double k;
    /** W_est in segments (§4.3). */
    private double wEst;
    /** The start of the current congestion-avoidance epoch in ms, or -1 before it starts. */
    private long epochStart = -1;
    /** Octets of window growth not yet added to the integral cwnd. */
    private double carry;

    Cubic(int smss) {
        this.smss = smss;
    }

    /**
     * A congestion event with {@code cwnd} and {@code flight} octets (RFC 9438 §4.6, §4.7): returns the new ssthresh,
     * {@code max(β * min(FlightSize, cwnd), 2 SMSS)}; W_max becomes cwnd, or {@code cwnd (1 + β) / 2} when cwnd is
     * below the previous W_max (fast convergence, §4.7), and a new epoch starts at the next ACK in congestion
     * avoidance.
     */
    int onCongestion(int cwnd, int flight) {
        double w = (double) cwnd / smss;
        wMax = w < wMax ? w * (1 + BETA) / 2 : w;
        cwndPrior = w;
        epochStart = -1;
        carry = 0;
        long s = (long) (BETA * Math.min(cwnd, flight));
        return (int) Math.max(s, 2L * smss);
    }

    /**
     * The window after an ACK of {@code acked} new octets at {@code now} ms in congestion avoidance, cwnd being
     * {@code cwnd} and the smoothed RTT {@code rtt} ms (RFC 9438 §4.2 - §4.5).
     */
    int grow(int cwnd, int acked, long now, long rtt) {
        double w = (double) cwnd / smss;
        if (epochStart < 0) {
            // §4.2: the epoch starts with the first ACK in congestion avoidance; cwnd_epoch is cwnd then. Without a
            // reduction yet (slow start ended at ssthresh), or above W_max, the plateau is here (K = 0).
            epochStart = now;
            if (w < wMax) {
                k = Math.cbrt((wMax - w) / C);
            } else {
                wMax = w;
                k = 0;
            }
            wEst = w;
            carry = 0;
        }
        double t = (now - epochStart) / 1000.0;
        double rttSeconds = Math.max(0, rtt) / 1000.0;
        // §4.2: the target is W_cubic one RTT ahead, within [cwnd, 1.5 cwnd].
        double target = Math.min(Math.max(window(t + rttSeconds), w), 1.5 * w);
        double segments = (double) acked / smss;
        double cubicGrowth = (target - w) / w * segments;
        // §4.3: the Reno-friendly estimate; α_cubic until W_est reaches cwnd_prior, then 1 (Reno's own rate).
        double alpha = wEst >= cwndPrior ? 1 : ALPHA;
        wEst += alpha * segments / w;
        double next = window(t) < wEst ? Math.max(wEst, w) : w + cubicGrowth;
        // §4.2: the window grows by at most half of what an ACK acknowledges (1.5 cwnd per round trip).
        double growth = Math.min((next - w) * smss, Math.max(acked, smss) / 2.0);
        carry += Math.max(0, growth);
        int whole = (int) Math.min(carry, Integer.MAX_VALUE - (long) cwnd);
        carry -= whole;
        return cwnd + whole;
    }

    /** W_cubic(t) in segments (§4.2, equation 1). */
    double window(double t) {
        double d = t - k;
        return C * d * d * d + wMax;
    }

    /** K in seconds. */
    double k() {
        return k;
    }

    /** W_max in segments. */
    double wMax() {
        return wMax;
    }

    /** W_est in segments. */
    double wEst() {
        return wEst;
    }
}
