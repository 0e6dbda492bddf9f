package io.github.tcpmodel.check.semantic;

/**
 * The network between the endpoints of a {@link SemanticModel}: one channel per direction.
 *
 * @param reorder    whether any segment in flight may arrive next (delay and reordering), or only the oldest
 * @param losses     how many segments the network may lose in the whole run
 * @param duplicates how many segments the network may duplicate in the whole run
 * @param capacity   how many segments each channel holds; a send into a full channel is reported by the
 *                   {@code capacity} invariant
 */
public record SemanticNetwork(boolean reorder, int losses, int duplicates, int capacity) {
    /** Validates the budgets. */
    public SemanticNetwork {
        if (losses < 0 || losses > 7 || duplicates < 0 || duplicates > 7) {
            throw new IllegalArgumentException("loss and duplication budgets are 0 to 7");
        }
        if (capacity < 1 || capacity > SemanticModel.MAX_CHANNEL) {
            throw new IllegalArgumentException("capacity is 1 to " + SemanticModel.MAX_CHANNEL);
        }
    }

    /** A FIFO network that neither loses nor duplicates. */
    public static SemanticNetwork reliable(int capacity) {
        return new SemanticNetwork(false, 0, 0, capacity);
    }
}
