package io.github.tcpmodel.profile;

/**
 * Keep-alive parameters (RFC 9293 §3.8.4): probe after {@code idle} ms without a segment from the peer, then every
 * {@code interval} ms, and give up after {@code count} unanswered probes.
 *
 * @param idle     idle time before the first probe (ms); RFC 9293 MUST-28: at least two hours by default
 * @param interval time between unanswered probes (ms)
 * @param count    unanswered probes after which the connection is dropped
 */
public record Keepalive(long idle, long interval, int count) {
    public Keepalive {
        if (idle <= 0 || interval <= 0 || count <= 0) {
            throw new IllegalArgumentException("keep-alive idle, interval and count must be positive");
        }
    }
}
