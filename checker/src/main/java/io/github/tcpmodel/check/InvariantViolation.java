package io.github.tcpmodel.check;

import java.util.Objects;

/**
 * A property that failed, with the shortest trace that shows it.
 *
 * @param kind     what failed
 * @param property the invariant's name, or "deadlock" / "liveness"
 * @param trace    the shortest counterexample found (breadth-first)
 */
public record InvariantViolation(Kind kind, String property, Trace trace) {
    /** What kind of property failed. */
    public enum Kind {
        /** A named invariant is false in a reachable state. */
        INVARIANT,
        /** A reachable state that is not a quiescent end state has no successor. */
        DEADLOCK,
        /** From a reachable state no quiescent end state can be reached. */
        LIVENESS
    }

    /** Rejects nulls. */
    public InvariantViolation {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(property, "property is null");
        Objects.requireNonNull(trace, "trace is null");
    }
}
