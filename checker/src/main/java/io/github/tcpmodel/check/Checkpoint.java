package io.github.tcpmodel.check;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A breadth-first search's checkpoint in a folder, written after every completed level so that a stopped run (its
 * process killed, or its state limit reached) resumes from the last level written.
 *
 * <p>Files: {@code trace-N.log} per shard of the visited set, the trace records (parent id, label, fingerprint) in
 * insertion order, only appended; {@code edges.bin}, the edges kept for liveness, only appended; {@code level.bin},
 * what the level needs beyond them (counts, the number of records of each log and of edges that belong to it,
 * violations, deadlocks, end states and the frontier), written to a temporary file and renamed over the old one, so
 * that a checkpoint is either the old one or the new one whenever the process stops. Records appended after the
 * last {@code level.bin} are ignored on resume. The visited set is rebuilt from the logs.
 */
final class Checkpoint {

    private static final int MAGIC = 0x7C9C4B02;

    /** The state of a search at a level boundary. */
    static final class Search {
        private final StateStore store;
        private final Frontier frontier;
        private long generated;
        private int depth;
        private final long[] violating;
        private final Explorer.LongBuf deadlocks;
        private final Explorer.LongBuf edges;
        private final Explorer.LongBuf ends;

        Search(StateStore store, Frontier frontier, long generated, int depth, long[] violating,
               Explorer.LongBuf deadlocks, Explorer.LongBuf edges, Explorer.LongBuf ends) {
            this.store = store;
            this.frontier = frontier;
            this.generated = generated;
            this.depth = depth;
            this.violating = violating;
            this.deadlocks = deadlocks;
            this.edges = edges;
            this.ends = ends;
        }

        StateStore store() {
            return store;
        }

        Frontier frontier() {
            return frontier;
        }

        long generated() {
            return generated;
        }

        int depth() {
            return depth;
        }

        long[] violating() {
            return violating;
        }

        Explorer.LongBuf deadlocks() {
            return deadlocks;
        }

        Explorer.LongBuf edges() {
            return edges;
        }

        Explorer.LongBuf ends() {
            return ends;
        }

        void setCounts(long g, int d) {
            generated = g;
            depth = d;
        }
    }

    private final Path dir;
    private final String signature;
    private final int width;
    private final long[] committed = new long[StateStore.SHARDS];
    private long committedEdges;

    Checkpoint(Path dir, Model model, Invariant[] inv, boolean liveness) {
        this.dir = dir;
        this.width = model.width();
        StringBuilder b = new StringBuilder(model.name()).append('|').append(width).append('|').append(liveness);
        for (Invariant i : inv) {
            b.append('|').append(i.name());
        }
        this.signature = b.toString();
    }

    private Path log(int shard) {
        return dir.resolve("trace-" + shard + ".log");
    }

    /** Starts a fresh checkpoint: creates the folder and removes an older checkpoint's files. */
    void start() {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < StateStore.SHARDS; i++) {
                Files.deleteIfExists(log(i));
            }
            Files.deleteIfExists(dir.resolve("edges.bin"));
            Files.deleteIfExists(dir.resolve("level.bin"));
            Files.deleteIfExists(dir.resolve("level.tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a checkpoint in " + dir, e);
        }
    }

    /** Appends what is new since the last save and replaces the level file. */
    void save(Search s) {
        try {
            StateStore st = s.store();
            for (int shard = 0; shard < StateStore.SHARDS; shard++) {
                int size = st.shardSize(shard);
                if (size == committed[shard]) {
                    continue;
                }
                try (DataOutputStream out = append(log(shard))) {
                    for (long idx = committed[shard]; idx < size; idx++) {
                        long id = idx << StateStore.SHARD_BITS | shard;
                        out.writeLong(st.parent(id));
                        out.writeInt(st.label(id));
                        out.writeLong(st.fingerprintOf(id));
                    }
                }
                committed[shard] = size;
            }
            Explorer.LongBuf e = s.edges();
            if (e.size > committedEdges) {
                try (DataOutputStream out = append(dir.resolve("edges.bin"))) {
                    for (long i = committedEdges; i < e.size; i++) {
                        out.writeLong(e.data[(int) i]);
                    }
                }
                committedEdges = e.size;
            }
            Path tmp = dir.resolve("level.tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                    1 << 16))) {
                out.writeInt(MAGIC);
                out.writeUTF(signature);
                out.writeLong(s.generated());
                out.writeInt(s.depth());
                for (long c : committed) {
                    out.writeLong(c);
                }
                out.writeLong(committedEdges);
                out.writeInt(s.violating().length);
                for (long v : s.violating()) {
                    out.writeLong(v);
                }
                writeBuf(out, s.deadlocks());
                writeBuf(out, s.ends());
                writeFrontier(out, s.frontier());
            }
            Files.move(tmp, dir.resolve("level.bin"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the checkpoint in " + dir, ex);
        }
    }

    /**
     * The search saved in the folder, its frontier read into {@code frontier} (empty); fails when it is missing or
     * belongs to another model or check. The fingerprint tables are limited to {@code tableLimit} slots (see
     * StateStore).
     */
    Search load(Path spill, int logLimit, int tableLimit, Frontier frontier) {
        Path level = dir.resolve("level.bin");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(level),
                1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(level + " is not a checkpoint of this explorer");
            }
            String sig = in.readUTF();
            if (!sig.equals(signature)) {
                throw new IllegalArgumentException("the checkpoint in " + dir + " is of another exploration: "
                        + sig + ", not " + signature);
            }
            long generated = in.readLong();
            int depth = in.readInt();
            for (int i = 0; i < committed.length; i++) {
                committed[i] = in.readLong();
            }
            committedEdges = in.readLong();
            long[] violating = new long[in.readInt()];
            for (int i = 0; i < violating.length; i++) {
                violating[i] = in.readLong();
            }
            Explorer.LongBuf deadlocks = readBuf(in);
            Explorer.LongBuf ends = readBuf(in);
            readFrontier(in, frontier);
            StateStore store = new StateStore(sig.split("\\|")[2].equals("true"), spill, logLimit, tableLimit);
            for (int shard = 0; shard < StateStore.SHARDS; shard++) {
                if (committed[shard] == 0) {
                    continue;
                }
                try (DataInputStream l = new DataInputStream(new BufferedInputStream(Files.newInputStream(log(shard)),
                        1 << 16))) {
                    for (long k = 0; k < committed[shard]; k++) {
                        long parent = l.readLong();
                        int label = l.readInt();
                        store.restore(shard, parent, label, l.readLong());
                    }
                }
                truncate(log(shard), committed[shard] * 20);
            }
            Explorer.LongBuf edges = new Explorer.LongBuf();
            if (committedEdges > 0) {
                try (DataInputStream l = new DataInputStream(new BufferedInputStream(
                        Files.newInputStream(dir.resolve("edges.bin")), 1 << 16))) {
                    for (long k = 0; k < committedEdges; k++) {
                        edges.add(l.readLong());
                    }
                }
            }
            truncate(dir.resolve("edges.bin"), committedEdges * 8);
            return new Search(store, frontier, generated, depth, violating, deadlocks, edges, ends);
        } catch (EOFException e) {
            throw new IllegalArgumentException("the checkpoint in " + dir + " is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + dir, e);
        }
    }

    /** Drops what was appended after the level file was written (a level the process did not finish). */
    private static void truncate(Path p, long bytes) throws IOException {
        if (Files.exists(p) && Files.size(p) > bytes) {
            try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(bytes);
            }
        }
    }

    private static DataOutputStream append(Path p) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 1 << 16));
    }

    private static void writeBuf(DataOutputStream out, Explorer.LongBuf b) throws IOException {
        out.writeInt(b.size);
        for (int i = 0; i < b.size; i++) {
            out.writeLong(b.data[i]);
        }
    }

    private static void writeFrontier(DataOutputStream out, Frontier f) throws IOException {
        out.writeLong(f.size());
        f.forEachBlock((data, words) -> {
            for (int i = 0; i < words; i++) {
                out.writeLong(data[i]);
            }
        });
    }

    private void readFrontier(DataInputStream in, Frontier f) throws IOException {
        long records = in.readLong();
        long[] rec = new long[width + 1];
        for (long r = 0; r < records; r++) {
            for (int i = 0; i < rec.length; i++) {
                rec[i] = in.readLong();
            }
            f.add(rec);
        }
    }

    private static Explorer.LongBuf readBuf(DataInputStream in) throws IOException {
        Explorer.LongBuf b = new Explorer.LongBuf();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            b.add(in.readLong());
        }
        return b;
    }
}
