package io.github.tcpmodel.linux.interop;

/**
 * What {@link TunLink} does to packets of one direction in user space, each decided per packet by a seeded random
 * source: the kernel never sees the loss, so its own retransmission machinery must repair it.
 *
 * @param drop      probability a packet is dropped
 * @param duplicate probability a packet is delivered twice
 * @param reorder   probability a packet is held back until the next packet of the same direction has passed it
 */
public record TunImpairments(double drop, double duplicate, double reorder) {

    /** Nothing is changed. */
    public static final TunImpairments NONE = new TunImpairments(0, 0, 0);

    /** Checks ranges. */
    public TunImpairments {
        check(drop, "drop");
        check(duplicate, "duplicate");
        check(reorder, "reorder");
    }

    /** Whether any impairment is on. */
    public boolean any() {
        return drop > 0 || duplicate > 0 || reorder > 0;
    }

    private static void check(double p, String name) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1): " + p);
        }
    }
}
