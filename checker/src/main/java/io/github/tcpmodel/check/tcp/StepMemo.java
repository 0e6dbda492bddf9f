package io.github.tcpmodel.check.tcp;

import java.util.Arrays;

/**
 * One thread's memo of what one endpoint's steps did in one composition: for a step (the side, which fixes the
 * profile and the table; the kind: a user call, a timer, or an arrival; the endpoint's encoded TCB word; the
 * arriving segment's code), whether the step is enabled by the endpoint's own state, its new TCB word, and the
 * segments it sends. A step of an endpoint is a pure function of these (user calls and timers step the table,
 * arrivals run RFC 9293 §3.10.7 through a pure {@link ArrivalFunction}), so a hit returns exactly what recomputing
 * would.
 *
 * <p>Direct-mapped and lossy, four {@code long} words a slot in one array (the key, the result's word, the
 * segments sent, padding to half a cache line), so a look-up is array indexing without objects. It belongs to one
 * thread, so a slot is never read while it is written. It starts small (32 KiB) and doubles, dropping its contents,
 * while more than one look-up in 32 since the last doubling missed (a miss may call the reference semantics, a
 * hundred times the cost of a hit), up to {@link #MAX_BITS} (32 MiB).
 */
final class StepMemo {

    static final int MAX_BITS = 20;
    private static final int MIN_BITS = 10;
    /** Bits of the result word: the TCB word below 41, the number of segments sent 41-43, flags above. */
    private static final int COUNT_SHIFT = 41;
    private static final long UNREPRESENTED = 1L << 44;
    private static final long ENABLED = 1L << 45;
    private static final long VALID = 1L << 46;

    private long[] slots = new long[4 << MIN_BITS];
    private int bits = MIN_BITS;
    private long lookups;
    private long misses;

    /** The composition this memo belongs to; another one on the same thread starts it afresh. */
    Object owner;

    /**
     * The key of a step: the side in bit 60, the kind in bits 57-59, the arriving segment's code (0 for a user
     * call or timer) in bits 41-56, the TCB word below.
     */
    static long key(int side, int kind, long tcbWord, int segment) {
        return (long) side << 60 | (long) kind << 57 | (long) segment << 41 | tcbWord;
    }

    /** Forgets everything (another composition on this thread). */
    void reset(Object newOwner) {
        owner = newOwner;
        Arrays.fill(slots, 0);
        lookups = 0;
        misses = 0;
    }

    private int index(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - bits)) << 2;
    }

    /**
     * The slot holding {@code key}'s result, or -1. The result is read with {@link #enabled}, {@link #tcb},
     * {@link #count}, {@link #unrepresented} and {@link #segment}.
     */
    int lookup(long key) {
        lookups++;
        int i = index(key);
        if ((slots[i + 1] & VALID) != 0 && slots[i] == key) {
            return i;
        }
        if (++misses > lookups / 32 && lookups > (4L << bits) && bits < MAX_BITS) {
            bits++;
            slots = new long[4 << bits];
            lookups = 0;
            misses = 0;
        }
        return -1;
    }

    boolean enabled(int slot) {
        return (slots[slot + 1] & ENABLED) != 0;
    }

    long tcb(int slot) {
        return slots[slot + 1] & AbstractTcb.TCB_MASK;
    }

    int count(int slot) {
        return (int) (slots[slot + 1] >>> COUNT_SHIFT) & 7;
    }

    boolean unrepresented(int slot) {
        return (slots[slot + 1] & UNREPRESENTED) != 0;
    }

    /** The {@code i}th segment code sent. */
    int segment(int slot, int i) {
        return (int) (slots[slot + 2] >>> (16 * i)) & 0xFFFF;
    }

    /** Stores a disabled step. */
    void storeDisabled(long key) {
        int i = index(key);
        slots[i] = key;
        slots[i + 1] = VALID;
        slots[i + 2] = 0;
    }

    /** Stores an enabled step's result unless it sent more segments than a slot holds. */
    void store(long key, long tcb, int[] out, int n, boolean unrepresented) {
        if (n > 4) {
            return;
        }
        long sent = 0;
        for (int k = 0; k < n; k++) {
            sent |= (long) out[k] << (16 * k);
        }
        int i = index(key);
        slots[i] = key;
        slots[i + 1] = VALID | ENABLED | (unrepresented ? UNREPRESENTED : 0) | (long) n << COUNT_SHIFT | tcb;
        slots[i + 2] = sent;
    }
}
