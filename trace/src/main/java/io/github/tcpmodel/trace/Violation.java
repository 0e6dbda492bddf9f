package io.github.tcpmodel.trace;

import java.util.Objects;

/**
 * A segment no conforming TCP under the chosen profile would send.
 *
 * @param frame     the frame of the segment
 * @param endpoint  the sender, {@code ip:port}
 * @param reason    the rule it breaks, in RFC 9293 terms
 * @param certainty whether the wire alone proves it, or it depends on when segments reached the sender
 */
public record Violation(long frame, String endpoint, String reason, Certainty certainty) {

    /** How sure a violation is. */
    public enum Certainty {
        /** The sender's segments alone, with the ones they acknowledge, prove it whatever the capture point. */
        WIRE,
        /**
         * It depends on the capture point: the sender's state was taken to include segments whose arrival the
         * sender had not yet shown (arrivals inferred from time, or segments still in flight to it).
         */
        TIMING
    }

    public Violation {
        Objects.requireNonNull(endpoint, "endpoint is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(certainty, "certainty is null");
    }

    /** A violation the wire proves. */
    public Violation(long frame, String endpoint, String reason) {
        this(frame, endpoint, reason, Certainty.WIRE);
    }
}
