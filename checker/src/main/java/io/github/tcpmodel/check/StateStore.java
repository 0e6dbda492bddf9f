package io.github.tcpmodel.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The visited set of one exploration, as TLC keeps it: 8-byte fingerprints of the encoded states, not the states.
 * Two distinct states with the same fingerprint would make the second look visited; {@link
 * ExplorationResult#collisionProbability()} estimates the chance.
 *
 * <p>Open addressing over {@code long} fingerprints (0 marks a free slot), split into shards with one lock each so
 * that workers rarely wait. A state's id is its insertion index within its shard shifted left by {@link
 * #SHARD_BITS}, or'ed with the shard number. The trace log keeps, per id, its parent's id, the label of the step
 * from the parent and its fingerprint: enough to rebuild a counterexample by replaying the model's steps from an
 * initial state, as TLC does from its trace file; a {@link Checkpoint} appends the log to its files and rebuilds
 * the store from them. With ids on (liveness needs the id of a state already seen) each
 * slot also holds the id.
 *
 * <p>Past {@code logLimit} records in memory per shard, the trace log is appended to a file in the spill folder and
 * read back only for counterexamples, so memory holds the fingerprint table alone (16 bytes a state at worst,
 * load at most 1/2). Local to one {@link Explorer} call, or written to and read from a checkpoint.
 */
final class StateStore implements AutoCloseable {
    static final int SHARD_BITS = 6;
    static final int SHARDS = 1 << SHARD_BITS;

    /** Marks an id returned by {@link #add} for a state that was already stored. */
    static final long SEEN = Long.MIN_VALUE;

    private static final int RECORD = 20;

    private final boolean ids;
    private final Shard[] shards = new Shard[SHARDS];

    StateStore(boolean ids, Path spill, int logLimit) {
        this(ids, spill, logLimit, 0);
    }

    /**
     * A store whose fingerprint tables, each past {@code tableLimit} slots (a power of two; 0 for no limit), are
     * flushed to sorted runs on disk in {@code spill}, as TLC's {@code DiskFPSet} does: only without ids (a
     * fingerprint on disk has no id), and only with a spill folder.
     */
    StateStore(boolean ids, Path spill, int logLimit, int tableLimit) {
        this.ids = ids;
        if (tableLimit != 0 && (ids || spill == null || Integer.bitCount(tableLimit) != 1 || tableLimit < 64)) {
            throw new IllegalArgumentException("a fingerprint table limit needs a spill folder, no ids and a power "
                    + "of two of at least 64 slots: " + tableLimit);
        }
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard(ids, spill == null ? null : spill.resolve("trace-" + i + ".log"), logLimit,
                    tableLimit, spill == null ? null : spill.resolve("fingerprints-" + i + ".bin"));
        }
    }

    /** Fingerprints flushed to disk, over all shards. */
    long fingerprintsOnDisk() {
        long n = 0;
        for (Shard s : shards) {
            n += s.onDisk;
        }
        return n;
    }

    /** The 64-bit fingerprint of a state (never 0). */
    static long fingerprint(long[] s, int off, int width) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < width; i++) {
            h = (h ^ s[off + i]) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return h == 0 ? 1 : h;
    }

    /** Adds the state of fingerprint {@code fp} if absent; returns its new id, or its existing id or'ed with {@link #SEEN}. */
    long add(long fp, long parent, int label) {
        int shard = (int) (fp >>> (64 - SHARD_BITS));
        Shard sh = shards[shard];
        long idx;
        synchronized (sh) {
            idx = sh.add(fp, parent, label);
        }
        return idx < 0 ? ((~idx) << SHARD_BITS) | shard | SEEN : (idx << SHARD_BITS) | shard;
    }

    /**
     * The word in the slot where a look-up of {@code fp} starts, read without the shard's lock: a hint that brings the
     * slot into the cache before {@link #add} takes the lock (a table being replaced by a larger one gives a stale
     * but harmless read).
     */
    long peek(long fp) {
        Shard sh = shards[(int) (fp >>> (64 - SHARD_BITS))];
        long[] t = sh.table;
        int slots = t.length / sh.stride;
        return t[((int) fp & (slots - 1)) * sh.stride];
    }

    long size() {
        long n = 0;
        for (Shard s : shards) {
            n += s.size;
        }
        return n;
    }

    /** Bytes held in memory: the fingerprint tables and the arrays of the trace log not spilled. */
    long memoryBytes() {
        long n = 0;
        for (Shard s : shards) {
            n += (long) s.table.length * Long.BYTES + (long) s.parent.length * RECORD;
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

    static long indexOf(long id) {
        return (id & ~SEEN) >>> SHARD_BITS;
    }

    long parent(long id) {
        return shards[shardOf(id)].record(indexOf(id)).parent;
    }

    int label(long id) {
        return shards[shardOf(id)].record(indexOf(id)).label;
    }

    long fingerprintOf(long id) {
        return shards[shardOf(id)].record(indexOf(id)).fp;
    }

    /** The breadth-first level of id: 1 for an initial state. */
    int depth(long id) {
        int d = 0;
        for (long cur = id; cur >= 0; cur = parent(cur)) {
            d++;
        }
        return d;
    }

    int shardSize(int shard) {
        return shards[shard].size;
    }

    boolean hasIds() {
        return ids;
    }

    /** Re-adds a record read from a checkpoint's trace log to {@code shard}, in its original order. */
    void restore(int shard, long parent, int label, long fp) {
        if (shards[shard].add(fp, parent, label) < 0) {
            throw new IllegalStateException("a checkpoint holds the fingerprint " + fp + " twice");
        }
    }

    @Override
    public void close() {
        for (Shard s : shards) {
            s.close();
        }
    }

    private record Record(long parent, int label, long fp) {
    }

    private static final class Shard {
        private final boolean ids;
        final int stride;
        private final Path file;
        private final int logLimit;
        private RandomAccessFile spill;
        long[] table;
        long[] parent = new long[16];
        int[] label = new int[16];
        long[] fps = new long[16];
        /** Records in memory are those from {@code spilled} to {@code size}. */
        int spilled;
        int size;

        private final int tableLimit;
        private final Path runFile;
        /** The fingerprints flushed from the table, sorted (as signed longs), memory-mapped for look-ups. */
        private java.nio.LongBuffer run;
        long onDisk;
        /** Fingerprints in the table now (those flushed are not). */
        int inTable;

        Shard(boolean ids, Path file, int logLimit, int tableLimit, Path runFile) {
            this.ids = ids;
            this.stride = ids ? 2 : 1;
            this.file = file;
            this.logLimit = logLimit;
            this.tableLimit = tableLimit;
            this.runFile = runFile;
            this.table = new long[32 * stride];
        }

        private boolean onDisk(long fp) {
            if (run == null) {
                return false;
            }
            long lo = 0;
            long hi = onDisk - 1;
            while (lo <= hi) {
                long mid = (lo + hi) >>> 1;
                long v = run.get((int) mid);
                if (v < fp) {
                    lo = mid + 1;
                } else if (v > fp) {
                    hi = mid - 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        /**
         * Moves the table's fingerprints to the sorted run on disk: the run and the sorted table are merged into a
         * new file, renamed over the old one, and the table is emptied.
         */
        private void flush() {
            long[] mine = new long[inTable];
            int k = 0;
            for (long t : table) {
                if (t != 0) {
                    mine[k++] = t;
                }
            }
            Arrays.sort(mine);
            Path tmp = runFile.resolveSibling(runFile.getFileName() + ".tmp");
            try {
                Files.createDirectories(runFile.getParent());
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                        Files.newOutputStream(tmp), 1 << 16))) {
                    long i = 0;
                    int j = 0;
                    while (i < onDisk || j < mine.length) {
                        if (j == mine.length || (i < onDisk && run.get((int) i) < mine[j])) {
                            out.writeLong(run.get((int) i++));
                        } else {
                            out.writeLong(mine[j++]);
                        }
                    }
                }
                Files.move(tmp, runFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                onDisk += mine.length;
                if (onDisk * Long.BYTES > Integer.MAX_VALUE) {
                    throw new IllegalStateException("a shard's fingerprint run exceeds 2 GiB");
                }
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(runFile)) {
                    run = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, onDisk * Long.BYTES)
                            .asLongBuffer();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush the fingerprints to " + runFile, e);
            }
            Arrays.fill(table, 0);
            inTable = 0;
        }

        long add(long fp, long par, int lab) {
            int cap = table.length / stride;
            int mask = cap - 1;
            int slot = (int) fp & mask;
            while (true) {
                long t = table[slot * stride];
                if (t == 0) {
                    break;
                }
                if (t == fp) {
                    return ids ? ~table[slot * stride + 1] : ~0L;
                }
                slot = (slot + 1) & mask;
            }
            if (onDisk(fp)) {
                return ~0L;
            }
            if (size == Integer.MAX_VALUE) {
                throw new IllegalStateException("more than " + Integer.MAX_VALUE + " states in one shard");
            }
            int idx = size;
            int mem = idx - spilled;
            if (mem == parent.length) {
                if (file != null && mem >= logLimit) {
                    spillLog();
                    mem = 0;
                } else {
                    int n = mem * 2;
                    parent = Arrays.copyOf(parent, n);
                    label = Arrays.copyOf(label, n);
                    fps = Arrays.copyOf(fps, n);
                }
            }
            parent[mem] = par;
            label[mem] = lab;
            fps[mem] = fp;
            table[slot * stride] = fp;
            if (ids) {
                table[slot * stride + 1] = idx;
            }
            size = idx + 1;
            inTable++;
            if (inTable * 2L > cap) {
                if (tableLimit != 0 && cap >= tableLimit) {
                    flush();
                } else {
                    rehash();
                }
            }
            return idx;
        }

        private void spillLog() {
            try {
                if (spill == null) {
                    Files.createDirectories(file.getParent());
                    spill = new RandomAccessFile(file.toFile(), "rw");
                    spill.setLength(0);
                }
                int n = size - spilled;
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n * RECORD);
                for (int i = 0; i < n; i++) {
                    b.putLong(parent[i]).putInt(label[i]).putLong(fps[i]);
                }
                spill.seek((long) spilled * RECORD);
                spill.write(b.array());
                spilled = size;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill the trace log to " + file, e);
            }
        }

        Record record(long idx) {
            if (idx >= spilled) {
                int i = (int) (idx - spilled);
                return new Record(parent[i], label[i], fps[i]);
            }
            try {
                byte[] r = new byte[RECORD];
                spill.seek(idx * RECORD);
                spill.readFully(r);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(r);
                return new Record(b.getLong(), b.getInt(), b.getLong());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the trace log " + file, e);
            }
        }

        private void rehash() {
            int cap = table.length / stride * 2;
            long[] t = new long[cap * stride];
            int mask = cap - 1;
            for (int i = 0; i < table.length; i += stride) {
                long fp = table[i];
                if (fp == 0) {
                    continue;
                }
                int slot = (int) fp & mask;
                while (t[slot * stride] != 0) {
                    slot = (slot + 1) & mask;
                }
                t[slot * stride] = fp;
                if (ids) {
                    t[slot * stride + 1] = table[i + 1];
                }
            }
            table = t;
        }

        void close() {
            run = null;
            if (spill != null) {
                try {
                    spill.close();
                } catch (IOException e) {
                    // The spill file is scratch space; a failed close loses nothing the caller reads.
                }
            }
        }
    }
}
