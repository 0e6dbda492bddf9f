package io.github.tcpmodel.check.tcp;

/**
 * The behaviour of the two channels, one per direction.
 *
 * @param fifo       segments arrive in the order sent (otherwise any segment in flight may arrive next)
 * @param losses     how many segments the network may drop, over the whole run
 * @param duplicates how many segments the network may duplicate, over the whole run
 * @param capacity   segments in flight per direction (1 to 4); a send beyond it is recorded as an overflow,
 *                   which the {@code capacity} invariant reports
 */
public record Network(boolean fifo, int losses, int duplicates, int capacity) {
    /** Validates the bounds. */
    public Network {
        if (losses < 0 || losses > 7 || duplicates < 0 || duplicates > 7) {
            throw new IllegalArgumentException("losses and duplicates must lie in 0..7: " + losses + ", " + duplicates);
        }
        if (capacity < 1 || capacity > TcpModel.SLOTS) {
            throw new IllegalArgumentException("capacity must lie in 1.." + TcpModel.SLOTS + ": " + capacity);
        }
    }

    /** FIFO, lossless, no duplication. */
    public static Network reliable(int capacity) {
        return new Network(true, 0, 0, capacity);
    }

    /** The same network with another loss budget. */
    public Network withLosses(int n) {
        return new Network(fifo, n, duplicates, capacity);
    }

    /** The same network with another duplication budget. */
    public Network withDuplicates(int n) {
        return new Network(fifo, losses, n, capacity);
    }

    /** The same network, FIFO or reordering. */
    public Network withFifo(boolean on) {
        return new Network(on, losses, duplicates, capacity);
    }
}
