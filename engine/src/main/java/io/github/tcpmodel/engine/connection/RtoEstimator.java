package io.github.tcpmodel.engine.connection;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from samples (§2.2, §2.3, with alpha 1/8 and beta 1/4),
 * RTO = SRTT + max(G, 4 RTTVAR) bounded below and above (§2.4, §2.5), doubled on each expiry (§5.5).
 * Karn's rule (§3) is the caller's: it takes no sample from a retransmitted segment.
 */
final class RtoEstimator {

    private static final long CLOCK_GRANULARITY = 1;

    private final long minRto;
    private final long maxRto;
    private long srtt = -1;
    private long rttvar;
    private long rto;
    private int backoff;

    RtoEstimator(long initialRto, long minRto, long maxRto) {
        this.minRto = minRto;
        this.maxRto = maxRto;
        this.rto = initialRto;
    }

    void sample(long rtt) {
        if (rtt < 0) {
            return;
        }
        if (srtt < 0) {
            // RFC 6298 §2.2: the first measurement.
            srtt = rtt;
            rttvar = rtt / 2;
        } else {
            // RFC 6298 §2.3: RTTVAR first, with the old SRTT.
            rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
            srtt = (7 * srtt + rtt) / 8;
        }
        rto = Math.max(minRto, Math.min(maxRto, srtt + Math.max(CLOCK_GRANULARITY, 4 * rttvar)));
        backoff = 0;
    }

    /** RFC 6298 §5.5: back off the timer. */
    void backOff() {
        if (backoff < 30) {
            backoff++;
        }
    }

    /**
     * Forget the backoff on an acknowledgment of new data. RFC 6298 §5 allows keeping the backed-off RTO until a
     * sample; like Linux, this engine recomputes from SRTT as soon as the path delivers again, so that heavy loss
     * with Karn's rule (few samples) does not leave the timer at its maximum.
     */
    void resetBackoff() {
        backoff = 0;
    }

    long current() {
        long r = rto;
        for (int i = 0; i < backoff && r < maxRto; i++) {
            r *= 2;
        }
        return Math.min(maxRto, r);
    }

    long srtt() {
        return srtt;
    }

    int backoffCount() {
        return backoff;
    }
}
