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
 */
public record Limits(int connections, int liveConnections, int rows, int states, int violations) {
    public Limits {
        if (connections < 0 || liveConnections < 1 || rows < 0 || states < 1 || violations < 0) {
            throw new IllegalArgumentException("limits must not be negative (live connections and states >= 1)");
        }
    }

    /** 5,000 connections listed, 65,536 followed at once, 1,000 segments, 1,000 states, 100 violations each. */
    public static Limits defaults() {
        return new Limits(5_000, 65_536, 1_000, 1_000, 100);
    }
}
