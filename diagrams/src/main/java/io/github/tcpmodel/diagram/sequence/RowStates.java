package io.github.tcpmodel.diagram.sequence;

import java.util.Objects;

/**
 * The state of each side, as text, so that any producer fits: RFC names ({@code SYN-SENT}) for the model, or an
 * implementation's own names for a capture.
 *
 * @param left  the state of the left side
 * @param right the state of the right side
 */
public record RowStates(String left, String right) {
    public RowStates {
        Objects.requireNonNull(left, "left is null");
        Objects.requireNonNull(right, "right is null");
    }

    /**
     * The state of {@code side}.
     *
     * @param side the lifeline
     * @return its state, e.g. {@code SYN-SENT}
     */
    public String of(Lifeline side) {
        return side == Lifeline.LEFT ? left : right;
    }

    /**
     * These states with {@code side}'s replaced by {@code state}.
     *
     * @param side the lifeline whose state changes
     * @param state its new state
     * @return these states with that one changed
     */
    public RowStates with(Lifeline side, String state) {
        return side == Lifeline.LEFT ? new RowStates(state, right) : new RowStates(left, state);
    }
}
