package io.github.tcpmodel.semantics;

/**
 * The bounds on a delayed ACK (RFC 9293 §3.8.6.3), as predicates over what an implementation did: the model lets an
 * ACK be delayed ({@link Choices#delayingAcks()}, MAY-13, SHLD-18) and these say how far.
 */
public final class AckDelayBounds {

    private AckDelayBounds() {
    }

    /** MUST-40: "the delay MUST be less than 0.5 seconds". */
    public static final long LIMIT = 500;

    /** Whether an ACK sent {@code delay} ms after the text it acknowledges arrived is in time (MUST-40). */
    public static boolean delayAllowed(long delay) {
        return delay >= 0 && delay < LIMIT;
    }

    /**
     * Whether the ACK may still be held back with {@code unacknowledged} octets of new text received and not yet
     * acknowledged: SHLD-19, "An ACK SHOULD be generated for at least every second full-sized segment or 2*RMSS
     * bytes of new data", RMSS being {@code rmss}, the MSS this side announced (or the default when it announced
     * none).
     */
    public static boolean holdAllowed(long unacknowledged, int rmss) {
        return unacknowledged >= 0 && unacknowledged < 2L * rmss;
    }
}
