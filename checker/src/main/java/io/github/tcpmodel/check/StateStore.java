package io.github.tcpmodel.check;

import java.util.Arrays;

/**
 * The visited set of one exploration: open addressing over encoded states, split into shards with one lock each
 * so that workers rarely wait. A state's id is its index within its shard shifted left by {@link #SHARD_BITS},
 * or'ed with the shard number. Each state keeps its parent's id, the label of the step from the parent and its
 * depth, for counterexamples. Local to one {@link Explorer} call; never escapes it.
 */
final class StateStore {
    static final int SHARD_BITS = 6;
    static final int SHARDS = 1 << SHARD_BITS;

    private final int width;
    private final Shard[] shards = new Shard[SHARDS];

    StateStore(int width) {
        this.width = width;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard(width);
        }
    }

    static long hash(long[] s, int off, int width) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < width; i++) {
            h = (h ^ s[off + i]) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }

    /** Marks an id returned by {@link #add} for a state that was already stored. */
    static final long SEEN = Long.MIN_VALUE;

    /** Adds the state if absent; returns its new id, or its existing id or'ed with {@link #SEEN}. */
    long add(long[] s, int off, long parent, int label, int depth) {
        long h = hash(s, off, width);
        int shard = (int) (h >>> (64 - SHARD_BITS));
        Shard sh = shards[shard];
        int idx;
        synchronized (sh) {
            idx = sh.add(s, off, (int) h, parent, label, depth);
        }
        return idx < 0 ? ((long) ~idx << SHARD_BITS) | shard | SEEN : ((long) idx << SHARD_BITS) | shard;
    }

    long size() {
        long n = 0;
        for (Shard s : shards) {
            n += s.size;
        }
        return n;
    }

    /** Dense numbering: the index of id among all states, shard by shard. Call only when no worker runs. */
    long[] offsets() {
        long[] off = new long[SHARDS + 1];
        for (int i = 0; i < SHARDS; i++) {
            off[i + 1] = off[i] + shards[i].size;
        }
        return off;
    }

    static int shardOf(long id) {
        return (int) (id & (SHARDS - 1));
    }

    static int indexOf(long id) {
        return (int) ((id & ~SEEN) >>> SHARD_BITS);
    }

    void copyState(long id, long[] into) {
        Shard sh = shards[shardOf(id)];
        System.arraycopy(sh.keys, indexOf(id) * width, into, 0, width);
    }

    long parent(long id) {
        return shards[shardOf(id)].parent[indexOf(id)];
    }

    int label(long id) {
        return shards[shardOf(id)].label[indexOf(id)];
    }

    int depth(long id) {
        return shards[shardOf(id)].depth[indexOf(id)];
    }

    int shardSize(int shard) {
        return shards[shard].size;
    }

    private static final class Shard {
        private final int width;
        long[] keys;
        long[] parent;
        int[] label;
        int[] depth;
        int[] table;
        int size;

        Shard(int width) {
            this.width = width;
            keys = new long[16 * width];
            parent = new long[16];
            label = new int[16];
            depth = new int[16];
            table = new int[32];
        }

        int add(long[] s, int off, int h, long par, int lab, int dep) {
            int mask = table.length - 1;
            int slot = h & mask;
            while (true) {
                int t = table[slot];
                if (t == 0) {
                    break;
                }
                if (equal(t - 1, s, off)) {
                    return ~(t - 1);
                }
                slot = (slot + 1) & mask;
            }
            int idx = size;
            if (idx == parent.length) {
                int n = idx * 2;
                keys = Arrays.copyOf(keys, n * width);
                parent = Arrays.copyOf(parent, n);
                label = Arrays.copyOf(label, n);
                depth = Arrays.copyOf(depth, n);
            }
            System.arraycopy(s, off, keys, idx * width, width);
            parent[idx] = par;
            label[idx] = lab;
            depth[idx] = dep;
            table[slot] = idx + 1;
            size = idx + 1;
            if (size * 2 > table.length) {
                rehash();
            }
            return idx;
        }

        private boolean equal(int idx, long[] s, int off) {
            int base = idx * width;
            for (int i = 0; i < width; i++) {
                if (keys[base + i] != s[off + i]) {
                    return false;
                }
            }
            return true;
        }

        private void rehash() {
            int[] t = new int[table.length * 2];
            int mask = t.length - 1;
            for (int idx = 0; idx < size; idx++) {
                int slot = (int) hash(keys, idx * width, width) & mask;
                while (t[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                t[slot] = idx + 1;
            }
            table = t;
        }
    }
}
