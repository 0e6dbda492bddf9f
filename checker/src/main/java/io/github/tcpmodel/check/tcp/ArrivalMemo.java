package io.github.tcpmodel.check.tcp;

/**
 * A memo of one composition's arrivals: what processing an arriving segment (RFC 9293 §3.10.7) did to an abstract
 * endpoint, keyed by the side (which fixes the profile and the table), the endpoint's encoded TCB word and the
 * segment's code. The arrival function is pure, so a hit returns exactly what recomputing would.
 *
 * <p>Direct-mapped and lossy: a slot holds the last entry stored there. Entries are immutable objects with final
 * fields, so the explorer's threads may read and overwrite slots without locks (the Java memory model's final-field
 * guarantee makes a racily read entry complete); a race costs at most a recomputation.
 */
final class ArrivalMemo {

    /** One memoized arrival: the key, the endpoint's new word, and up to four 16-bit segment codes sent. */
    record Entry(long key, long tcb, long sent, int count, boolean unrepresented) {
        /** The {@code i}th segment code sent. */
        int segment(int i) {
            return (int) (sent >>> (16 * i)) & 0xFFFF;
        }
    }

    private static final int BITS = 18;
    private final Entry[] slots = new Entry[1 << BITS];

    /** The key of an arrival: the side in bit 63, the segment's code in bits 41-56, the TCB word below. */
    static long key(int side, long tcbWord, int segment) {
        return (long) side << 63 | (long) segment << 41 | tcbWord;
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - BITS));
    }

    /** The memoized arrival of {@code key}, or null. */
    Entry lookup(long key) {
        Entry e = slots[slot(key)];
        return e != null && e.key == key ? e : null;
    }

    /** Stores an arrival's result unless it sent more segments than an entry holds. */
    void store(long key, long tcb, int[] out, int n, boolean unrepresented) {
        if (n > 4) {
            return;
        }
        long sent = 0;
        for (int i = 0; i < n; i++) {
            sent |= (long) out[i] << (16 * i);
        }
        slots[slot(key)] = new Entry(key, tcb, sent, n, unrepresented);
    }
}
