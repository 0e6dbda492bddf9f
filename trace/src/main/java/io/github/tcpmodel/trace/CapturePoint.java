package io.github.tcpmodel.trace;

/**
 * Where the capture point sits on one connection, as the wire shows it: per endpoint, how long a segment seen on its
 * way to that endpoint takes until the endpoint's answer is seen, the round trip from the capture point to the
 * endpoint and back. A capture point next to an endpoint sees that round trip near zero; one next to the peer sees
 * the whole path's round-trip time.
 *
 * <p>Samples: the time from a SYN to the SYN,ACK that answers it, and from a segment with sequence space to the
 * first segment of its receiver that acknowledges it (SEG.ACK or a SACK block covering it). As RFC 6298 §3 (Karn's
 * algorithm) has it for the sender's own estimate, a retransmitted segment gives no sample: the answer may be to
 * either copy. The estimate varies with time: it is the largest of the most recent {@value #WINDOW} samples, so
 * queueing that builds up and drains shows in it. A sample includes the endpoint's delay before it acknowledges
 * (delayed ACKs, RFC 9293 §3.8.6.3), so the bound errs on the side of "may still have been in flight", which makes
 * the checker less certain, never wrong.
 *
 * <p>{@link #bound} is then the longest a segment seen on its way to an endpoint may take before the endpoint is
 * taken to have received it; equally, the longest an endpoint's segment may have been under way (or held in a queue
 * before the capture point) while a segment to it was already seen: the window in which the two may have crossed.
 */
final class CapturePoint {

    private static final long MS = 1_000_000L;
    /** The bound before any sample: a round trip as long as the Internet's usual ones. */
    static final long UNKNOWN = 200 * MS;
    /** The least bound: the capture's clock and the hosts' scheduling jitter by about a millisecond. */
    static final long FLOOR = 5 * MS;
    /** The most: past it, a segment unanswered is not in flight but lost or ignored. */
    static final long CEILING = 2_000 * MS;
    /** Samples kept per endpoint. */
    static final int WINDOW = 16;

    private final long[][] samples = new long[2][WINDOW];
    private final int[] count = new int[2];

    /** A round trip seen from the capture point to endpoint {@code to} and back, of {@code nanos}. */
    void sample(int to, long nanos) {
        if (nanos < 0) {
            return;
        }
        samples[to][count[to] % WINDOW] = nanos;
        count[to]++;
    }

    /** Whether any round trip to endpoint {@code to} has been seen. */
    boolean known(int to) {
        return count[to] > 0;
    }

    /**
     * The longest a segment to endpoint {@code to} is taken to be in flight after the capture point saw it, and how
     * long that endpoint's segments may have crossed it: twice the largest recent round trip, within [{@link
     * #FLOOR}, {@link #CEILING}]; {@link #UNKNOWN} before any sample.
     */
    long bound(int to) {
        int n = Math.min(count[to], WINDOW);
        if (n == 0) {
            return UNKNOWN;
        }
        long max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, samples[to][i]);
        }
        return Math.max(FLOOR, Math.min(CEILING, 2 * max));
    }

    /** The longer of the two endpoints' bounds. */
    long bound() {
        return Math.max(bound(0), bound(1));
    }
}
