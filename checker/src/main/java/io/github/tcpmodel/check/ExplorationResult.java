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
 * @param violations     the violated properties, each with its shortest counterexample
 */
public record ExplorationResult(String model, long distinct, long generated, int depth, boolean complete, int bytesPerState,
                     List<InvariantViolation> violations) {
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

    /** One line for logs: counts and verdict. */
    public String summary() {
        return model + ": " + distinct + " distinct states, " + generated + " generated, depth " + depth
                + (complete ? "" : " (incomplete)")
                + (violations.isEmpty() ? ", no violation" : ", violated: " + violations.map(InvariantViolation::property).mkString(", "));
    }
}
