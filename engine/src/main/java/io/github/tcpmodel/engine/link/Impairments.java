package io.github.tcpmodel.engine.link;

/**
 * What an in-memory link does to packets, each decided independently per packet by a seeded random source.
 *
 * @param loss         probability a packet is dropped
 * @param duplication  probability a packet is delivered twice (the copy with its own delay)
 * @param reordering   probability a packet is held back by an extra {@code reorderMillis}, so later ones pass it
 * @param corruption   probability one random bit of the packet is flipped
 * @param delayMillis  one-way propagation delay
 * @param jitterMillis extra uniform random delay in [0, jitterMillis]
 * @param reorderMillis extra delay of a reordered packet
 */
public record Impairments(double loss, double duplication, double reordering, double corruption, long delayMillis,
                          long jitterMillis, long reorderMillis) {

    /** A perfect link with 1 ms delay. */
    public static final Impairments NONE = new Impairments(0, 0, 0, 0, 1, 0, 0);

    /** Checks ranges. */
    public Impairments {
        check(loss, "loss");
        check(duplication, "duplication");
        check(reordering, "reordering");
        check(corruption, "corruption");
        if (delayMillis < 0 || jitterMillis < 0 || reorderMillis < 0) {
            throw new IllegalArgumentException("delays must be >= 0");
        }
    }

    /** The harsh link: 20% loss, 10% duplication, 20% reordering, 1% corruption, 5 ms delay. */
    public static Impairments harsh() {
        return new Impairments(0.20, 0.10, 0.20, 0.01, 5, 2, 15);
    }

    private static void check(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
        }
    }
}
