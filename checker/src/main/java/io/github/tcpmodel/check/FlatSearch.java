package io.github.tcpmodel.check;

import io.vavr.collection.List;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The explorer's flat path: the same breadth-first search as the general one over the {@link StateStore}, with the
 * same counts, depth, and (with one thread) the same counterexamples, for the searches that need neither liveness,
 * checkpoints nor a visited set on disk. Every structure is a {@code long} array, and nothing is allocated per
 * state:
 *
 * <ul>
 *   <li>the visited set is one open-addressing table of 8-byte fingerprints (linear probing, at most half full
 *       while the heap has room to double it, else three quarters; doubled between rounds of work), inserted into
 *       by compare-and-set from every worker without locks;</li>
 *   <li>a state's id is its position in breadth-first order, so the frontier holds the states' words alone (a
 *       {@link Frontier}, on disk past {@link Options#frontierLimit()}) and a level's ids are consecutive;</li>
 *   <li>the parent log keeps one word per state: the parent's id and the ordinal of the step among the parent's
 *       successors ({@code (parent + 1) << 24 | ordinal}); a counterexample is rebuilt by replaying the model's
 *       steps, taking the ordinal-th successor at each, as the model's successors are a deterministic function of
 *       the state;</li>
 *   <li>each worker writes successors into a reusable batch, computes their fingerprints, reads the table slots they
 *       map to (independent loads whose cache misses overlap), then inserts them in the order they were generated;
 *       new states go to the output of the chunk of the frontier being expanded, and chunks are appended to the next
 *       level in frontier order.</li>
 * </ul>
 *
 * <p>A level is taken block by block from the frontier; a block is cut into chunks of {@link #CHUNK} states that the
 * workers claim in turn. A worker stops between two states when its share of the table's free half is used up; the
 * table is then doubled and the unfinished chunks continue where they stopped, so the order of states within each
 * chunk, and so the ids with one thread, do not depend on when the table grows.
 */
final class FlatSearch {

    /** States of a frontier block a worker claims at a time. */
    static final int CHUNK = 1024;
    /** Successors a worker collects before it looks them up together. */
    static final int BATCH = 256;
    private static final int RECENT_MASK = (1 << 14) - 1;
    private static final int ORDINAL_BITS = 24;
    private static final long ORDINAL_MASK = (1L << ORDINAL_BITS) - 1;

    private FlatSearch() {
    }

    /** Whether {@code options} ask only for what this search does: no liveness, no checkpoint, no spill. */
    static boolean applies(Model model, Options options) {
        boolean liveness = options.checkLiveness() && model.hasEndStates();
        return !liveness && options.checkpoint().isEmpty() && options.spill().isEmpty();
    }

    static ExplorationResult run(Model model, List<Invariant> invariants, Options options, Progress progress) {
        int w = model.width();
        Invariant[] inv = invariants.toJavaArray(Invariant[]::new);
        int threads = options.threads();
        Table table = new Table(threads > 1);
        ParentLog log = new ParentLog();
        long frontierWords = options.frontierLimit() / Long.BYTES;
        int blockRecords = (int) Math.max(16, Math.min(1 << 16, frontierWords / w / 8));
        Frontier frontier = new Frontier(w, blockRecords, frontierWords, null);
        long[] violating = new long[inv.length];
        Arrays.fill(violating, -1);
        long firstDeadlock = -1;
        boolean complete = true;
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "flat-search");
            t.setDaemon(true);
            return t;
        }) : null;
        Worker[] workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(model, inv, table, options.checkDeadlock());
        }
        try {
            long generated = initialLevel(model, inv, table, log, frontier, violating);
            int depth = frontier.isEmpty() ? 0 : 1;
            long levelStart = 0;
            progress.report(table.size, generated, frontier.size(), depth);
            ArrayList<FrontierChunk> chunks = new ArrayList<>();
            while (!frontier.isEmpty()) {
                if (options.stopAtViolation() && anyViolation(violating)) {
                    complete = false;
                    break;
                }
                if (table.size >= options.maxStates()) {
                    complete = false;
                    break;
                }
                Frontier next = frontier.emptyLike();
                long nextStart = log.size();
                long cursor = levelStart;
                try {
                    for (Explorer.LongBuf block = frontier.take(); block != null; block = frontier.take()) {
                        int n = block.size / w;
                        int count = (n + CHUNK - 1) / CHUNK;
                        while (chunks.size() < count) {
                            chunks.add(new FrontierChunk());
                        }
                        for (int c = 0; c < count; c++) {
                            chunks.get(c).reset(block.data, cursor, c * CHUNK, Math.min(n, (c + 1) * CHUNK));
                        }
                        expand(workers, pool, table, chunks, count);
                        for (int c = 0; c < count; c++) {
                            FrontierChunk ch = chunks.get(c);
                            long base = log.size();
                            generated += ch.generated;
                            log.addAll(ch.log.data, ch.log.size);
                            next.addAll(ch.next.data, ch.next.size);
                            for (int i = 0; i < ch.violations.size; i += 2) {
                                int k = (int) ch.violations.data[i];
                                if (violating[k] < 0) {
                                    violating[k] = base + ch.violations.data[i + 1];
                                }
                            }
                            if (firstDeadlock < 0 && ch.deadlocks.size > 0) {
                                firstDeadlock = ch.deadlocks.data[0];
                            }
                            ch.reset(null, 0, 0, 0);
                        }
                        cursor += n;
                    }
                } catch (RuntimeException | Error e) {
                    next.close();
                    throw e;
                }
                frontier.close();
                frontier = next;
                levelStart = nextStart;
                if (!frontier.isEmpty()) {
                    depth++;
                }
                progress.report(table.size, generated, frontier.size(), depth);
            }
            List<InvariantViolation> found = List.empty();
            for (int i = 0; i < inv.length; i++) {
                if (violating[i] >= 0) {
                    found = found.append(new InvariantViolation(InvariantViolation.Kind.INVARIANT, inv[i].name(),
                            trace(model, log, violating[i], "invariant " + inv[i].name() + " violated: "
                                    + inv[i].statement())));
                }
            }
            if (options.checkDeadlock() && firstDeadlock >= 0) {
                found = found.append(new InvariantViolation(InvariantViolation.Kind.DEADLOCK, "deadlock",
                        trace(model, log, firstDeadlock, "deadlock: no step is possible and this is not an end "
                                + "state")));
            }
            return new ExplorationResult(model.name(), table.size, generated, depth, complete, w * Long.BYTES,
                    table.bytes() + log.bytes(), found);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            frontier.close();
        }
    }

    /** Level 1: the initial states, each counted as generated and stored if within the bounds. */
    private static long initialLevel(Model model, Invariant[] inv, Table table, ParentLog log, Frontier frontier,
                                     long[] violating) {
        long[] generated = {0};
        model.initial((label, s) -> {
            long ordinal = generated[0]++;
            if (!model.withinBounds(s)) {
                return;
            }
            if (table.insert(StateStore.fingerprint(s, 0, s.length))) {
                table.size++;
                long id = log.size();
                log.add(pack(-1, ordinal));
                frontier.addAll(s, s.length);
                for (int i = 0; i < inv.length; i++) {
                    if (violating[i] < 0 && !inv[i].holds().test(s)) {
                        violating[i] = id;
                    }
                }
            }
        });
        return generated[0];
    }

    /**
     * Runs the workers over the chunks until every chunk is done, doubling the table whenever a worker stopped
     * because the table's free half was used up.
     */
    private static void expand(Worker[] workers, ExecutorService pool, Table table, ArrayList<FrontierChunk> chunks,
                               int count) {
        while (true) {
            // Each worker may add its share of what the table takes below its limit; beyond the limit a half or a
            // quarter of the slots stay free, so a worker that overshoots by one batch and one state's successors
            // still finds free slots.
            while (table.limit() - table.size < (long) workers.length * 4 * BATCH) {
                table.grow();
            }
            long quota = (table.limit() - table.size) / workers.length;
            AtomicInteger next = new AtomicInteger();
            GrowRequest stop = new GrowRequest();
            if (pool == null) {
                workers[0].work(chunks, count, next, quota, stop);
            } else {
                ArrayList<Callable<Void>> tasks = new ArrayList<>();
                for (Worker wk : workers) {
                    tasks.add(() -> {
                        wk.work(chunks, count, next, quota, stop);
                        return null;
                    });
                }
                try {
                    for (Future<Void> f : pool.invokeAll(tasks)) {
                        f.get();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while exploring", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            for (Worker wk : workers) {
                table.size += wk.inserted;
                wk.inserted = 0;
            }
            if (!stop.requested) {
                return;
            }
            table.grow();
        }
    }

    /** Set by a worker that used up its quota, so that the others stop too and the table can grow. */
    private static final class GrowRequest {
        volatile boolean requested;
    }

    /** A run of frontier states and what their expansion produced, in the order it was produced. */
    private static final class FrontierChunk {
        long[] states;
        long firstId;
        int pos;
        int end;
        long generated;
        /** The new states' words. */
        final Words next = new Words();
        /** The new states' parent-log words. */
        final Words log = new Words();
        /** Pairs: invariant index, index of the new state in this chunk. */
        final Words violations = new Words();
        /** Ids of explored states without successors that are not end states. */
        final Words deadlocks = new Words();

        void reset(long[] states, long blockFirstId, int from, int to) {
            this.states = states;
            this.firstId = blockFirstId;
            this.pos = from;
            this.end = to;
            generated = 0;
            next.size = 0;
            log.size = 0;
            violations.size = 0;
            deadlocks.size = 0;
        }
    }

    /** One worker's sink: collects a state's successors into a batch, then looks the batch up. */
    private static final class Worker implements Model.Sink {
        final Model model;
        final Invariant[] inv;
        final Table table;
        final boolean deadlock;
        final boolean endStates;
        final int w;
        final long[] cur;
        final long[] scratch;
        long[] words;
        long[] meta;
        long[] fps;
        /**
         * The fingerprints this worker stored or found stored most recently, direct-mapped (128 KiB, in the core's
         * own caches): most successors are states already visited, and most of those were generated a moment before
         * by a sibling (two independent steps taken in either order meet in one state), so a hit answers "visited"
         * without the cache miss into the table. Only fingerprints already in the table enter it, so a hit is never
         * wrong.
         */
        final long[] recent = new long[RECENT_MASK + 1];
        int waiting;
        FrontierChunk chunk;
        long parent;
        int ordinal;
        long inserted;
        long touched;

        Worker(Model model, Invariant[] inv, Table table, boolean deadlock) {
            this.model = model;
            this.inv = inv;
            this.table = table;
            this.deadlock = deadlock;
            this.endStates = model.hasEndStates();
            this.w = model.width();
            this.cur = new long[w];
            this.scratch = new long[w];
            this.words = new long[2 * BATCH * w];
            this.meta = new long[2 * BATCH];
            this.fps = new long[2 * BATCH];
        }

        void work(ArrayList<FrontierChunk> chunks, int count, AtomicInteger next, long quota, GrowRequest stop) {
            for (int c = next.getAndIncrement(); c < count; c = next.getAndIncrement()) {
                FrontierChunk ch = chunks.get(c);
                if (ch.pos == ch.end) {
                    continue;
                }
                chunk = ch;
                long[] states = ch.states;
                int k = ch.pos;
                for (; k < ch.end; k++) {
                    if (inserted + waiting >= quota || stop.requested) {
                        stop.requested = true;
                        break;
                    }
                    System.arraycopy(states, k * w, cur, 0, w);
                    parent = ch.firstId + k;
                    ordinal = 0;
                    model.successors(cur, this);
                    if (deadlock && ordinal == 0 && !(endStates && model.quiescent(cur))) {
                        ch.deadlocks.add(parent);
                    }
                    if (waiting >= BATCH) {
                        flush();
                    }
                }
                flush();
                ch.pos = k;
                if (k < ch.end) {
                    // Stopped for the table to grow: this chunk and those not yet claimed go on in the next round.
                    return;
                }
            }
        }

        @Override
        public void accept(int label, long[] s) {
            FrontierChunk ch = chunk;
            ch.generated++;
            int ord = ordinal++;
            if (ord > ORDINAL_MASK) {
                throw new IllegalStateException("a state has more than " + ORDINAL_MASK + " successors");
            }
            if (!model.withinBounds(s) || !model.allowed(cur, label, s)) {
                return;
            }
            long fp = StateStore.fingerprint(s, 0, w);
            int r = (int) fp & RECENT_MASK;
            if (recent[r] == fp) {
                return;
            }
            if (waiting == meta.length) {
                meta = Arrays.copyOf(meta, 2 * meta.length);
                fps = Arrays.copyOf(fps, 2 * fps.length);
                words = Arrays.copyOf(words, 2 * words.length);
            }
            System.arraycopy(s, 0, words, waiting * w, w);
            fps[waiting] = fp;
            meta[waiting++] = pack(parent, ord);
        }

        /** Looks the batch up: reads every slot first so that the cache misses overlap, then inserts in order. */
        void flush() {
            int n = waiting;
            if (n == 0) {
                return;
            }
            Table t = table;
            long[] tw = words;
            long sum = 0;
            long[] f = fps;
            for (int i = 0; i < n; i++) {
                sum += t.peek(f[i]);
            }
            touched += sum;
            FrontierChunk ch = chunk;
            long[] rc = recent;
            for (int i = 0; i < n; i++) {
                long fp = f[i];
                int r = (int) fp & RECENT_MASK;
                if (rc[r] == fp) {
                    // An earlier successor of this batch was the same state.
                    continue;
                }
                rc[r] = fp;
                if (t.insert(fp)) {
                    inserted++;
                    ch.next.addAll(tw, i * w, w);
                    ch.log.add(meta[i]);
                    if (inv.length > 0) {
                        System.arraycopy(tw, i * w, scratch, 0, w);
                        for (int j = 0; j < inv.length; j++) {
                            if (!inv[j].holds().test(scratch)) {
                                ch.violations.add(j);
                                ch.violations.add(ch.log.size - 1);
                            }
                        }
                    }
                }
            }
            waiting = 0;
        }
    }

    private static long pack(long parent, long ordinal) {
        return (parent + 1) << ORDINAL_BITS | ordinal;
    }

    private static boolean anyViolation(long[] violating) {
        for (long v : violating) {
            if (v >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The trace to {@code id}: the chain of parents back to an initial state, replayed through the model by taking
     * at each step the successor with the logged ordinal.
     */
    private static Trace trace(Model model, ParentLog log, long id, String verdict) {
        ArrayList<Long> chain = new ArrayList<>();
        for (long cur = id; cur >= 0; cur = (log.get(cur) >>> ORDINAL_BITS) - 1) {
            chain.add(cur);
        }
        java.util.Collections.reverse(chain);
        ArrayList<long[]> states = new ArrayList<>();
        ArrayList<Integer> labels = new ArrayList<>();
        long[][] found = new long[1][];
        int[] foundLabel = new int[1];
        for (int i = 0; i < chain.size(); i++) {
            long want = log.get(chain.get(i)) & ORDINAL_MASK;
            long[] seen = {0};
            found[0] = null;
            Model.Sink pick = (label, s) -> {
                if (seen[0]++ == want) {
                    found[0] = s.clone();
                    foundLabel[0] = label;
                }
            };
            if (i == 0) {
                model.initial(pick);
            } else {
                model.successors(states.get(i - 1), pick);
                labels.add(foundLabel[0]);
            }
            if (found[0] == null) {
                throw new IllegalStateException("replaying a trace, step " + i + " has no successor number " + want
                        + ": the model's successors are not a deterministic function of the state");
            }
            states.add(found[0]);
        }
        return Explorer.traceOf(model, states, labels, verdict);
    }

    /** A growable array of longs. */
    static final class Words {
        long[] data = new long[64];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * data.length);
            }
            data[size++] = v;
        }

        void addAll(long[] src, int off, int n) {
            if (size + n > data.length) {
                data = Arrays.copyOf(data, Math.max(2 * data.length, size + n));
            }
            System.arraycopy(src, off, data, size, n);
            size += n;
        }
    }

    /**
     * The visited set: 8-byte fingerprints (never 0, the empty slot) in one power-of-two table with linear probing,
     * indexed by the fingerprint's top bits. Workers insert concurrently by compare-and-set; slots are never cleared,
     * so a probe sequence only ever grows and a fingerprint is stored at most once. {@link #grow} runs between rounds,
     * when no worker is inserting.
     */
    static final class Table {
        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
        private static final int MIN_BITS = 16;
        private static final int MAX_BITS = 30;
        private final boolean concurrent;
        private long[] slots;
        private int shift;
        private int mask;
        /** Stored fingerprints; updated by the exploring thread between rounds. */
        long size;

        Table(boolean concurrent) {
            this.concurrent = concurrent;
            allocate(MIN_BITS);
        }

        private void allocate(int bits) {
            slots = new long[1 << bits];
            shift = 64 - bits;
            mask = (1 << bits) - 1;
        }

        /**
         * The fingerprints the table takes before it must grow: half its slots, or three quarters when it cannot
         * double (at its largest size, or when the old and the doubled table together would take more than half of
         * the heap), where linear probing still finds a free slot within a few cache lines.
         */
        long limit() {
            long bytes = bytes();
            boolean canDouble = slots.length < 1 << MAX_BITS && 3 * bytes <= Runtime.getRuntime().maxMemory() / 2;
            return canDouble ? slots.length >> 1 : slots.length - (slots.length >> 2);
        }

        long bytes() {
            return (long) slots.length * Long.BYTES;
        }

        /** The slot where a look-up of {@code fp} starts, read to bring it into the cache. */
        long peek(long fp) {
            return slots[(int) (fp >>> shift)];
        }

        /** Stores {@code fp} (never 0) if absent; true if it was absent. */
        boolean insert(long fp) {
            long[] t = slots;
            int m = mask;
            int i = (int) (fp >>> shift);
            while (true) {
                long v = t[i];
                if (v == fp) {
                    return false;
                }
                if (v == 0) {
                    if (!concurrent) {
                        t[i] = fp;
                        return true;
                    }
                    if (SLOTS.compareAndSet(t, i, 0L, fp)) {
                        return true;
                    }
                    continue;
                }
                i = (i + 1) & m;
            }
        }

        /** Doubles the table (between rounds only). */
        void grow() {
            long[] old = slots;
            int bits = 64 - shift + 1;
            if (bits > MAX_BITS) {
                throw new IllegalStateException("the visited set is full at " + size + " states; explore with a "
                        + "spill folder (Options.withSpill) to keep the fingerprints on disk");
            }
            allocate(bits);
            long[] t = slots;
            int m = mask;
            for (long fp : old) {
                if (fp != 0) {
                    int i = (int) (fp >>> shift);
                    while (t[i] != 0) {
                        i = (i + 1) & m;
                    }
                    t[i] = fp;
                }
            }
        }
    }

    /** One word per stored state, by id, in pages of 2^20 words. */
    static final class ParentLog {
        private static final int PAGE_BITS = 20;
        private static final int PAGE = 1 << PAGE_BITS;
        private long[][] pages = new long[16][];
        private long size;

        long size() {
            return size;
        }

        long bytes() {
            long b = 0;
            for (long[] p : pages) {
                b += p == null ? 0 : (long) p.length * Long.BYTES;
            }
            return b;
        }

        long get(long id) {
            return pages[(int) (id >>> PAGE_BITS)][(int) id & (PAGE - 1)];
        }

        void add(long v) {
            int p = (int) (size >>> PAGE_BITS);
            if (p == pages.length) {
                pages = Arrays.copyOf(pages, 2 * pages.length);
            }
            if (pages[p] == null) {
                pages[p] = new long[PAGE];
            }
            pages[p][(int) size & (PAGE - 1)] = v;
            size++;
        }

        void addAll(long[] src, int n) {
            int off = 0;
            while (off < n) {
                int p = (int) (size >>> PAGE_BITS);
                if (p == pages.length) {
                    pages = Arrays.copyOf(pages, 2 * pages.length);
                }
                if (pages[p] == null) {
                    pages[p] = new long[PAGE];
                }
                int at = (int) size & (PAGE - 1);
                int k = Math.min(n - off, PAGE - at);
                System.arraycopy(src, off, pages[p], at, k);
                off += k;
                size += k;
            }
        }
    }
}
