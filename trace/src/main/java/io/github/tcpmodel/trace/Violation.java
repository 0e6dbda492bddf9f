package io.github.tcpmodel.trace;

import java.util.Objects;

/**
 * A segment no conforming TCP under the chosen profile would send.
 *
 * @param frame    the frame of the segment
 * @param endpoint the sender, {@code ip:port}
 * @param reason   the rule it breaks, in RFC 9293 terms
 */
public record Violation(long frame, String endpoint, String reason) {
    public Violation {
        Objects.requireNonNull(endpoint, "endpoint is null");
        Objects.requireNonNull(reason, "reason is null");
    }
}
