package io.github.tcpmodel.check;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A named state predicate that must hold in every reachable state.
 *
 * @param name      a short identifier used in reports and tests
 * @param statement the property in one sentence
 * @param holds     the predicate over an encoded state (read-only, valid only during the call)
 */
public record Invariant(String name, String statement, Predicate<long[]> holds) {
    /** Rejects nulls. */
    public Invariant {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(statement, "statement is null");
        Objects.requireNonNull(holds, "holds is null");
    }

    /** The invariant whose violation is a state satisfying {@code goal}: used to find witnesses. */
    public static Invariant never(String name, String statement, Predicate<long[]> goal) {
        Objects.requireNonNull(goal, "goal is null");
        return new Invariant(name, statement, goal.negate());
    }
}
