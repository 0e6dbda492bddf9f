package io.github.tcpmodel.check;

import io.vavr.collection.List;
import java.util.Objects;

/**
 * A path through a model from an initial state, as an immutable value: the input of
 * {@link TextChart#render(Trace)} and of the diagrams module.
 *
 * @param model     the model's name
 * @param leftName  the left side's name
 * @param rightName the right side's name
 * @param left      the left side's initial state
 * @param right     the right side's initial state
 * @param steps     the steps in order
 * @param verdict   what the trace shows ("invariant X violated", "witness of Y", "no end state reachable")
 */
public record Trace(String model, String leftName, String rightName, String left, String right, List<TraceStep> steps,
                    String verdict) {
    /** Rejects nulls. */
    public Trace {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(leftName, "leftName is null");
        Objects.requireNonNull(rightName, "rightName is null");
        Objects.requireNonNull(left, "left is null");
        Objects.requireNonNull(right, "right is null");
        Objects.requireNonNull(steps, "steps is null");
        Objects.requireNonNull(verdict, "verdict is null");
    }

    /** The number of steps. */
    public int length() {
        return steps.size();
    }
}
