package io.github.tcpmodel.check;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * What an exploration found, counted as TLC counts: {@code generated} includes initial states and every
 * successor computed (also those outside the bounds or refused by the action constraint, and those already
 * seen); {@code distinct} counts stored states (within bounds); {@code depth} is the number of breadth-first
 * levels, initial states being level 1.
 *
 * @param model          the model's name
 * @param distinct       distinct states stored
 * @param generated      states generated
 * @param depth          breadth-first levels
 * @param complete       false when the state limit stopped the search or it stopped at a violation
 * @param bytesPerState  bytes of the encoded state (width times 8)
 * @param visitedBytes   bytes the visited set held in memory at the end (fingerprint tables and the part of the
 *                       trace log not spilled to disk)
 * @param violations     the violated properties, each with its shortest counterexample
 */
public record ExplorationResult(String model, long distinct, long generated, int depth, boolean complete, int bytesPerState,
                                long visitedBytes, List<InvariantViolation> violations) {
    /** Rejects nulls. */
    public ExplorationResult {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(violations, "violations is null");
    }

    /** True when the search was complete and nothing was violated. */
    public boolean holds() {
        return complete && violations.isEmpty();
    }

    /** The violation of the named property, if any. */
    public Option<InvariantViolation> violation(String property) {
        return violations.find(v -> v.property().equals(property));
    }

    /** Bytes of visited set in memory per distinct state. */
    public double visitedBytesPerState() {
        return distinct == 0 ? 0 : (double) visitedBytes / distinct;
    }

    /**
     * The probability that two of the {@code n} distinct states share a 64-bit fingerprint, so that one of them was
     * taken for visited and not explored: the birthday bound {@code n(n-1)/2 / 2^64}, about {@code n^2 / 2^65}
     * (fingerprints taken as uniform and independent).
     */
    public double collisionProbability() {
        double n = distinct;
        return n * (n - 1) / 2 / Math.pow(2, 64);
    }

    /**
     * TLC's "optimistic" estimate of the same probability: {@code n (g - n) / 2^64} for {@code n} distinct and
     * {@code g} generated states (each of the {@code g - n} look-ups of a state already seen could have hit another
     * state's fingerprint).
     */
    public double tlcCollisionProbability() {
        double n = distinct;
        return n * Math.max(0, generated - distinct) / Math.pow(2, 64);
    }

    /** One line for logs: counts and verdict. */
    public String summary() {
        return model + ": " + distinct + " distinct states, " + generated + " generated, depth " + depth
                + (complete ? "" : " (incomplete)")
                + String.format(java.util.Locale.ROOT, ", fingerprint collision probability %.1e", collisionProbability())
                + (violations.isEmpty() ? ", no violation" : ", violated: " + violations.map(InvariantViolation::property).mkString(", "));
    }
}
