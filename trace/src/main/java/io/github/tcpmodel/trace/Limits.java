package io.github.tcpmodel.trace;

/**
 * Bounds on what the checker keeps, so that memory stays bounded whatever the capture holds. Connections beyond
 * {@code connections} are still checked and counted; only their details are not kept.
 *
 * @param connections      connections listed in the report
 * @param liveConnections  connections followed at once; beyond it the least recently active one is closed out
 * @param rows             segments kept per connection for the table and the sequence chart
 * @param states           state entries kept per endpoint
 * @param violations       violations listed per connection
 * @param idleNanos        capture time (ns) after which a connection without a segment is closed out with its
 *                         states at that time; a later segment of its 4-tuple starts a new connection
 */
public record Limits(int connections, int liveConnections, int rows, int states, int violations, long idleNanos) {

    /**
     * The default idle bound: two hours, the least interval RFC 9293 §3.8.4 lets a keep-alive default to, plus the
     * longest retransmission back-off a profile uses; a connection that stays silent longer than an endpoint's own
     * timers would is taken as over for the report.
     */
    public static final long DEFAULT_IDLE_NANOS = (2 * 3600L + 15 * 60L) * 1_000_000_000L;

    public Limits {
        if (connections < 0 || liveConnections < 1 || rows < 0 || states < 1 || violations < 0 || idleNanos < 1) {
            throw new IllegalArgumentException(
                    "limits must not be negative (live connections, states and the idle time >= 1)");
        }
    }

    /** Limits with the default idle bound. */
    public Limits(int connections, int liveConnections, int rows, int states, int violations) {
        this(connections, liveConnections, rows, states, violations, DEFAULT_IDLE_NANOS);
    }

    /**
     * 5,000 connections listed, 65,536 followed at once, 1,000 segments, 1,000 states, 100 violations each, idle
     * connections closed out after {@link #DEFAULT_IDLE_NANOS}.
     */
    public static Limits defaults() {
        return new Limits(5_000, 65_536, 1_000, 1_000, 100);
    }
}
