package io.github.tcpmodel.trace;

import java.util.Arrays;

/**
 * The connections being followed, by 4-tuple: an open-addressing hash index over entries held in parallel
 * primitive arrays, so that a lookup allocates nothing and a live connection costs its {@link Conversation} plus
 * about 80 bytes here (four {@code long}s of addresses, the ports in one {@code int}, the time of its last segment,
 * its place in the activity list, its scheduled release, and two index slots). The two endpoints are kept in a fixed
 * order (the lower address and port first), so both directions of a connection find the same entry.
 *
 * <p>Entries are also linked in order of their last activity (capture time, which the checker keeps from going
 * backwards), least recent first: the oldest entry is the one to close out when too many are open, and the one
 * idle for longest.
 */
final class ConnectionTable {

    private static final int NONE = -1;

    private long[] aHigh;
    private long[] aLow;
    private long[] bHigh;
    private long[] bLow;
    private int[] ports;
    private Conversation[] conversation;
    private long[] lastActive;
    /** The release time last scheduled for the entry (ns), or -1. */
    private long[] scheduled;
    private int[] older;
    private int[] newer;
    /** Hash slots holding entry + 1, 0 when empty. */
    private int[] index;
    private int mask;
    private int[] free;
    private int freeCount;
    private int used;
    private int size;
    private int oldest = NONE;
    private int newest = NONE;

    ConnectionTable() {
        allocate(1024);
        index = new int[2048];
        mask = index.length - 1;
    }

    private void allocate(int capacity) {
        aHigh = aHigh == null ? new long[capacity] : Arrays.copyOf(aHigh, capacity);
        aLow = aLow == null ? new long[capacity] : Arrays.copyOf(aLow, capacity);
        bHigh = bHigh == null ? new long[capacity] : Arrays.copyOf(bHigh, capacity);
        bLow = bLow == null ? new long[capacity] : Arrays.copyOf(bLow, capacity);
        ports = ports == null ? new int[capacity] : Arrays.copyOf(ports, capacity);
        conversation = conversation == null ? new Conversation[capacity] : Arrays.copyOf(conversation, capacity);
        lastActive = lastActive == null ? new long[capacity] : Arrays.copyOf(lastActive, capacity);
        scheduled = scheduled == null ? new long[capacity] : Arrays.copyOf(scheduled, capacity);
        older = older == null ? new int[capacity] : Arrays.copyOf(older, capacity);
        newer = newer == null ? new int[capacity] : Arrays.copyOf(newer, capacity);
        free = free == null ? new int[capacity] : Arrays.copyOf(free, capacity);
    }

    /** Connections in the table. */
    int size() {
        return size;
    }

    /** Whether the endpoint {@code srcHigh/srcLow:srcPort} sorts before {@code dst...}: it is then endpoint a. */
    private static boolean sourceFirst(long srcHigh, long srcLow, int srcPort, long dstHigh, long dstLow,
                                       int dstPort) {
        int c = Long.compare(srcHigh, dstHigh);
        if (c == 0) {
            c = Long.compare(srcLow, dstLow);
        }
        if (c == 0) {
            c = Integer.compare(srcPort, dstPort);
        }
        return c <= 0;
    }

    private static int hash(long ah, long al, long bh, long bl, int p) {
        long h = ah * 0x9E3779B97F4A7C15L;
        h = (h ^ al) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ bh) * 0x9E3779B97F4A7C15L;
        h = (h ^ bl) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ p) * 0x165667B19E3779F9L;
        return (int) (h ^ (h >>> 32));
    }

    /** A hash of segment {@code w}'s 4-tuple, the same for both directions. */
    static int spread(CapturedSegment w) {
        long srcHigh = w.srcHigh();
        long srcLow = w.srcLow();
        int srcPort = w.srcPort();
        long dstHigh = w.dstHigh();
        long dstLow = w.dstLow();
        int dstPort = w.dstPort();
        return sourceFirst(srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort)
                ? hash(srcHigh, srcLow, dstHigh, dstLow, srcPort << 16 | dstPort)
                : hash(dstHigh, dstLow, srcHigh, srcLow, dstPort << 16 | srcPort);
    }

    /** The entry of the connection segment {@code w} belongs to, or -1. */
    int find(CapturedSegment w) {
        return find(w.srcHigh(), w.srcLow(), w.srcPort(), w.dstHigh(), w.dstLow(), w.dstPort());
    }

    int find(long srcHigh, long srcLow, int srcPort, long dstHigh, long dstLow, int dstPort) {
        long ah;
        long al;
        long bh;
        long bl;
        int p;
        if (sourceFirst(srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort)) {
            ah = srcHigh;
            al = srcLow;
            bh = dstHigh;
            bl = dstLow;
            p = srcPort << 16 | dstPort;
        } else {
            ah = dstHigh;
            al = dstLow;
            bh = srcHigh;
            bl = srcLow;
            p = dstPort << 16 | srcPort;
        }
        for (int s = hash(ah, al, bh, bl, p) & mask; ; s = (s + 1) & mask) {
            int e = index[s] - 1;
            if (e < 0) {
                return NONE;
            }
            if (ports[e] == p && aLow[e] == al && bLow[e] == bl && aHigh[e] == ah && bHigh[e] == bh) {
                return e;
            }
        }
    }

    /** Adds connection {@code c}, whose first segment is {@code w}, active at {@code time}; returns its entry. */
    int add(CapturedSegment w, Conversation c, long time) {
        if (used == aHigh.length && freeCount == 0) {
            allocate(aHigh.length * 2);
        }
        if ((size + 1) * 2 > index.length) {
            rehash(index.length * 2);
        }
        int e = freeCount > 0 ? free[--freeCount] : used++;
        if (sourceFirst(w.srcHigh(), w.srcLow(), w.srcPort(), w.dstHigh(), w.dstLow(), w.dstPort())) {
            aHigh[e] = w.srcHigh();
            aLow[e] = w.srcLow();
            bHigh[e] = w.dstHigh();
            bLow[e] = w.dstLow();
            ports[e] = w.srcPort() << 16 | w.dstPort();
        } else {
            aHigh[e] = w.dstHigh();
            aLow[e] = w.dstLow();
            bHigh[e] = w.srcHigh();
            bLow[e] = w.srcLow();
            ports[e] = w.dstPort() << 16 | w.srcPort();
        }
        conversation[e] = c;
        scheduled[e] = -1;
        lastActive[e] = time;
        older[e] = newest;
        newer[e] = NONE;
        if (newest != NONE) {
            newer[newest] = e;
        } else {
            oldest = e;
        }
        newest = e;
        int s = slotFor(e);
        index[s] = e + 1;
        size++;
        return e;
    }

    private int slotFor(int e) {
        int s = hash(aHigh[e], aLow[e], bHigh[e], bLow[e], ports[e]) & mask;
        while (index[s] != 0) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private void rehash(int slots) {
        index = new int[slots];
        mask = slots - 1;
        for (int e = oldest; e != NONE; e = newer[e]) {
            index[slotFor(e)] = e + 1;
        }
    }

    Conversation conversation(int e) {
        return conversation[e];
    }

    long lastActive(int e) {
        return lastActive[e];
    }

    long scheduled(int e) {
        return scheduled[e];
    }

    void schedule(int e, long at) {
        scheduled[e] = at;
    }

    /** The entry active least recently, or -1 when the table is empty. */
    int oldest() {
        return oldest;
    }

    /** Marks entry {@code e} active at {@code time}: it becomes the most recent. */
    void touch(int e, long time) {
        lastActive[e] = time;
        if (e == newest) {
            return;
        }
        unlink(e);
        older[e] = newest;
        newer[e] = NONE;
        newer[newest] = e;
        newest = e;
    }

    private void unlink(int e) {
        int o = older[e];
        int n = newer[e];
        if (o != NONE) {
            newer[o] = n;
        } else {
            oldest = n;
        }
        if (n != NONE) {
            older[n] = o;
        } else {
            newest = o;
        }
    }

    /** Removes entry {@code e}: its slot is emptied and later slots of its probe run moved up (no tombstones). */
    void remove(int e) {
        int s = hash(aHigh[e], aLow[e], bHigh[e], bLow[e], ports[e]) & mask;
        while (index[s] != e + 1) {
            s = (s + 1) & mask;
        }
        // Backward-shift deletion for linear probing: refill the hole from the rest of the run.
        int hole = s;
        for (int t = (s + 1) & mask; index[t] != 0; t = (t + 1) & mask) {
            int f = index[t] - 1;
            int home = hash(aHigh[f], aLow[f], bHigh[f], bLow[f], ports[f]) & mask;
            // Move f into the hole unless its home lies cyclically in (hole, t].
            boolean stays = hole <= t ? (home > hole && home <= t) : (home > hole || home <= t);
            if (!stays) {
                index[hole] = index[t];
                hole = t;
            }
        }
        index[hole] = 0;
        unlink(e);
        conversation[e] = null;
        scheduled[e] = -1;
        free[freeCount++] = e;
        size--;
    }

    /** Every connection still in the table, least recently active first. */
    java.util.List<Conversation> conversations() {
        java.util.ArrayList<Conversation> out = new java.util.ArrayList<>(size);
        for (int e = oldest; e != NONE; e = newer[e]) {
            out.add(conversation[e]);
        }
        return out;
    }
}
