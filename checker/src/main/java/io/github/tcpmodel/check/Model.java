package io.github.tcpmodel.check;

import io.vavr.collection.List;

/**
 * A finite transition system the {@link Explorer} can search: initial states, labelled successors, bounds and
 * invariants, over states encoded as a fixed number of {@code long} words.
 *
 * <p>The encoding is the model's business; the explorer only hashes and compares words. Arrays passed in are
 * read-only views valid for the duration of the call; arrays handed to a {@link Sink} may be reused by the model
 * after {@code accept} returns (the explorer copies what it keeps). Implementations are immutable values: all
 * state lives in the words.
 */
public interface Model {

    /** Receives successor (or initial) states. */
    @FunctionalInterface
    interface Sink {
        /**
         * One state.
         *
         * @param label the model's code for the step that produced it (for traces); {@code -1} for an initial state
         * @param state the encoded state, {@link #width()} words; valid only during the call
         */
        void accept(int label, long[] state);
    }

    /** A short name for reports. */
    String name();

    /** The number of {@code long} words of every encoded state. */
    int width();

    /** Emits every initial state. */
    void initial(Sink sink);

    /** Emits every successor of {@code state}, one call per step (the same target may come from several steps). */
    void successors(long[] state, Sink sink);

    /**
     * The state constraint: a state outside the bounds is counted as generated but neither stored nor explored
     * (TLC's CONSTRAINT).
     */
    default boolean withinBounds(long[] state) {
        return true;
    }

    /** The action constraint: a step it refuses is counted as generated and then discarded (TLC's ACTION_CONSTRAINT). */
    default boolean allowed(long[] from, int label, long[] to) {
        return true;
    }

    /** The named invariants checked in every stored state. */
    List<Invariant> invariants();

    /**
     * Whether liveness is defined for this model: then every reachable state must be able to reach a
     * {@linkplain #quiescent quiescent} end state.
     */
    default boolean hasEndStates() {
        return false;
    }

    /** A quiescent end state: nothing in flight and nothing left to do. Only meaningful with {@link #hasEndStates()}. */
    default boolean quiescent(long[] state) {
        return false;
    }

    /** The names of the two sides, for charts (e.g. "A", "B"). */
    default List<String> sideNames() {
        return List.of("A", "B");
    }

    /** What each side looks like in {@code state}: one short text per side, in {@link #sideNames()} order. */
    List<String> sides(long[] state);

    /** Describes the step {@code label} from {@code from} to {@code to} for a trace. */
    TraceStep describe(long[] from, int label, long[] to);
}
