package io.github.tcpmodel.engine.monitor;

import java.util.Arrays;

/**
 * The octets above SND.UNA a data receiver has reported in SACK blocks (RFC 2018 §3), as the monitor sees them: a
 * sorted list of disjoint ranges of 32-bit sequence numbers, compared modulo 2^32 from SND.UNA. Primitive arrays, so
 * that following the ACKs of a transfer allocates nothing once the arrays have grown to the number of holes.
 */
final class SackScoreboard {

    private static final long MODULUS = 1L << 32;

    private long[] left = new long[8];
    private long[] right = new long[8];
    private int size;

    /**
     * Adds the block [{@code l}, {@code r}) with SND.UNA at {@code una} (the block lies above it); returns the octets
     * it covers that no earlier block did.
     */
    long add(long l, long r, long una) {
        long lo = offset(l, una);
        long hi = offset(r, una);
        if (hi <= lo) {
            return 0;
        }
        long from = lo;
        long to = hi;
        long covered = 0;
        int first = size;
        int last = -1;
        for (int i = 0; i < size; i++) {
            long a = offset(left[i], una);
            long b = offset(right[i], una);
            if (b < lo || a > hi) {
                continue;
            }
            // Overlapping or touching: merged into the new range.
            covered += Math.max(0, Math.min(b, to) - Math.max(a, from));
            first = Math.min(first, i);
            last = i;
            lo = Math.min(lo, a);
            hi = Math.max(hi, b);
        }
        long fresh = to - from - covered;
        if (last < 0) {
            int at = 0;
            while (at < size && offset(left[at], una) < lo) {
                at++;
            }
            if (size == left.length) {
                left = Arrays.copyOf(left, size * 2);
                right = Arrays.copyOf(right, size * 2);
            }
            System.arraycopy(left, at, left, at + 1, size - at);
            System.arraycopy(right, at, right, at + 1, size - at);
            left[at] = (una + lo) % MODULUS;
            right[at] = (una + hi) % MODULUS;
            size++;
        } else {
            left[first] = (una + lo) % MODULUS;
            right[first] = (una + hi) % MODULUS;
            int removed = last - first;
            System.arraycopy(left, last + 1, left, first + 1, size - last - 1);
            System.arraycopy(right, last + 1, right, first + 1, size - last - 1);
            size -= removed;
        }
        return fresh;
    }

    /** SND.UNA moved to {@code una}: what it covers is acknowledged and leaves the scoreboard. */
    void trim(long una) {
        int w = 0;
        for (int i = 0; i < size; i++) {
            long b = offset(right[i], una);
            if (b == 0 || b >= MODULUS / 2) {
                continue;
            }
            long a = offset(left[i], una);
            left[w] = a >= MODULUS / 2 ? una : left[i];
            right[w] = right[i];
            w++;
        }
        size = w;
    }

    /** Whether no SACKed octets are outstanding. */
    boolean isEmpty() {
        return size == 0;
    }

    /** The SACKed ranges, left and right edges in turn (for tests). */
    long[] ranges() {
        long[] out = new long[2 * size];
        for (int i = 0; i < size; i++) {
            out[2 * i] = left[i];
            out[2 * i + 1] = right[i];
        }
        return out;
    }

    private static long offset(long seq, long base) {
        return Math.floorMod(seq - base, MODULUS);
    }
}
