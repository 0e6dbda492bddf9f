package io.github.tcpmodel.check;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Breadth-first explicit-state search over a {@link Model}.
 *
 * <p>Level by level: the frontier (state words and ids, a {@link Frontier} that keeps its head in memory and its
 * tail in files past {@link Options#frontierLimit()}) is taken block by block; each block is split into chunks that
 * worker threads expand in parallel, inserting the 64-bit fingerprints of successors into a sharded visited set
 * ({@link StateStore}); the next frontier is the concatenation of the chunks' new states, in block order.
 * Invariants are checked on every newly stored state, so the first level where one fails yields a shortest counterexample, rebuilt by replaying the model's
 * steps from an initial state along the stored parent ids, labels and fingerprints. Liveness (a quiescent end
 * state reachable from every state) is decided after the search by a backward search over the stored edges from
 * the end states.
 *
 * <p>With {@link Options#checkpoint()} the search writes a checkpoint after every level ({@link Checkpoint}); with
 * {@link Options#resume()} it continues from the last one written.
 *
 * <p>A search without liveness, checkpoint and spill folder takes the flat path ({@link FlatSearch}): the same
 * counts, depth and shortest counterexamples over one lock-free fingerprint table and ids in breadth-first order.
 *
 * <p>All mutable structures (visited set, frontier, thread pool) are local to one call; the result is an
 * immutable value. Progress goes to the caller's {@link Progress} after each level; there is no clock here.
 */
public final class Explorer {

    private Explorer() {
    }

    /** Explores {@code model} with its own invariants. */
    public static ExplorationResult check(Model model, Options options, Progress progress) {
        Objects.requireNonNull(model, "model is null");
        return run(model, model.invariants(), options, progress);
    }

    /** Explores {@code model} with its own invariants, default options and no progress reports. */
    public static ExplorationResult check(Model model) {
        return check(model, Options.defaults(), Progress.SILENT);
    }

    /**
     * The shortest trace from an initial state to a state satisfying {@code goal}, if one is reachable: a
     * witness that something can happen.
     */
    public static Option<Trace> reach(Model model, String name, Predicate<long[]> goal, Options options) {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(goal, "goal is null");
        Invariant never = Invariant.never(name, "never " + name, goal);
        ExplorationResult r = run(model, List.of(never), options.withStopAtViolation(true).withLiveness(false)
                .withDeadlock(false).withoutCheckpoint(), Progress.SILENT);
        return r.violation(name).map(v -> new Trace(v.trace().model(), v.trace().leftName(), v.trace().rightName(),
                v.trace().left(), v.trace().right(), v.trace().steps(), "witness: " + name));
    }

    // ------------------------------------------------------------------ the search

    private static final class Chunk {
        final LongBuf next = new LongBuf();
        final LongBuf edges;
        final LongBuf deadlocks = new LongBuf();
        final LongBuf ends;
        final LongBuf violations = new LongBuf(); // pairs: invariant index, id
        long generated;

        Chunk(boolean edges) {
            this.edges = edges ? new LongBuf() : null;
            this.ends = edges ? new LongBuf() : null;
        }
    }

    /**
     * Explores {@code model} with the general search over the sharded {@link StateStore}, also where {@link
     * #check(Model, Options, Progress)} would take the flat path ({@link FlatSearch}): for comparisons of the two.
     */
    public static ExplorationResult checkWithStateStore(Model model, Options options, Progress progress) {
        Objects.requireNonNull(model, "model is null");
        return runStored(model, model.invariants(), options, progress);
    }

    private static ExplorationResult run(Model model, List<Invariant> invariants, Options options, Progress progress) {
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(progress, "progress is null");
        if (FlatSearch.applies(model, options)) {
            return FlatSearch.run(model, invariants, options, progress);
        }
        return runStored(model, invariants, options, progress);
    }

    private static ExplorationResult runStored(Model model, List<Invariant> invariants, Options options,
                                               Progress progress) {
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(progress, "progress is null");
        int w = model.width();
        int rec = w + 1;
        Invariant[] inv = invariants.toJavaArray(Invariant[]::new);
        boolean liveness = options.checkLiveness() && model.hasEndStates();
        int logLimit = (int) Math.max(1024, Math.min(Integer.MAX_VALUE / 2,
                options.memoryLimit() / 20 / StateStore.SHARDS));
        // Without liveness (no ids) the fingerprint tables spill too: each past memoryLimit / 8 / SHARDS slots.
        int tableLimit = liveness || options.spill().isEmpty() || options.memoryLimit() == Long.MAX_VALUE ? 0
                : Integer.highestOneBit((int) Math.max(64, Math.min(1 << 30,
                options.memoryLimit() / Long.BYTES / StateStore.SHARDS)));
        Checkpoint cp = options.checkpoint().map(d -> new Checkpoint(d, model, inv, liveness)).getOrNull();
        long frontierWords = options.frontierLimit() / Long.BYTES;
        // Blocks of up to 65,536 states: large enough that a block's workers run for tens of milliseconds, small
        // enough that a block in memory (one being filled, one being expanded) is a few MB; smaller with a
        // small limit, so that most of a level goes to disk.
        int blockRecords = (int) Math.max(16, Math.min(1 << 16, frontierWords / rec / 8));
        Frontier empty = new Frontier(rec, blockRecords, frontierWords, options.spill().getOrNull());
        Checkpoint.Search sr;
        if (cp != null && options.resume()) {
            sr = cp.load(options.spill().getOrNull(), logLimit, tableLimit, empty);
        } else {
            sr = new Checkpoint.Search(new StateStore(liveness, options.spill().getOrNull(), logLimit, tableLimit),
                    empty,
                    0, 0, new long[inv.length], new LongBuf(), new LongBuf(), new LongBuf());
            Arrays.fill(sr.violating(), -1);
            initialLevel(model, inv, sr, liveness);
            if (cp != null) {
                cp.start();
                cp.save(sr);
            }
        }
        StateStore store = sr.store();
        long generated = sr.generated();
        long[] violating = sr.violating();
        LongBuf deadlocks = sr.deadlocks();
        LongBuf edges = sr.edges();
        LongBuf ends = sr.ends();
        Frontier frontier = sr.frontier();
        int depth = sr.depth();
        boolean complete = true;
        progress.report(store.size(), generated, frontier.size(), depth);
        ForkJoinPool pool = options.threads() > 1 ? new ForkJoinPool(options.threads()) : null;
        try {
            while (!frontier.isEmpty()) {
                if (options.stopAtViolation() && anyViolation(violating)) {
                    complete = false;
                    break;
                }
                if (store.size() >= options.maxStates()) {
                    complete = false;
                    break;
                }
                // One level, block by block from the head of the queue; each block's new states are appended to
                // the next level's queue in the order of the block's pieces, so with one thread the states are
                // stored and queued in the same order whatever the block size and the memory limit.
                Frontier next = frontier.emptyLike();
                try {
                    generated += level(model, inv, store, frontier, next, pool, options, rec, liveness, deadlocks,
                            edges, ends, violating);
                } catch (RuntimeException | Error e) {
                    next.close();
                    throw e;
                }
                frontier.close();
                frontier = next;
                if (!frontier.isEmpty()) {
                    depth++;
                }
                if (cp != null) {
                    cp.save(new Checkpoint.Search(store, frontier, generated, depth, violating, deadlocks, edges,
                            ends));
                }
                progress.report(store.size(), generated, frontier.size(), depth);
            }

            List<InvariantViolation> found = List.empty();
            for (int i = 0; i < inv.length; i++) {
                if (violating[i] >= 0) {
                    found = found.append(new InvariantViolation(InvariantViolation.Kind.INVARIANT, inv[i].name(),
                            trace(model, store, violating[i], "invariant " + inv[i].name() + " violated: "
                                    + inv[i].statement())));
                }
            }
            if (options.checkDeadlock() && deadlocks.size > 0) {
                long first = shallowest(store, deadlocks);
                found = found.append(new InvariantViolation(InvariantViolation.Kind.DEADLOCK, "deadlock",
                        trace(model, store, first, "deadlock: no step is possible and this is not an end state")));
            }
            if (liveness && complete) {
                Option<Long> stuck = cannotReachEnd(store, edges, ends);
                if (stuck.isDefined()) {
                    found = found.append(new InvariantViolation(InvariantViolation.Kind.LIVENESS, "liveness",
                            trace(model, store, stuck.get(), "liveness: from the last state no quiescent end state "
                                    + "is reachable")));
                }
            }
            return new ExplorationResult(model.name(), store.size(), generated, depth, complete, w * Long.BYTES,
                    store.memoryBytes(), found);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
            frontier.close();
            store.close();
        }
    }

    /**
     * Expands every state of {@code frontier}, taking it block by block, into {@code next}; returns the states
     * generated.
     */
    private static long level(Model model, Invariant[] inv, StateStore store, Frontier frontier, Frontier next,
                              ForkJoinPool pool, Options options, int rec, boolean liveness, LongBuf deadlocks,
                              LongBuf edges, LongBuf ends, long[] violating) {
        long generated = 0;
        for (LongBuf block = frontier.take(); block != null; block = frontier.take()) {
            int n = block.size / rec;
            int chunks = pool == null ? 1 : Math.max(1, Math.min(n / 64, options.threads() * 8));
            Chunk[] out = new Chunk[chunks];
            final LongBuf f = block;
            if (pool == null) {
                out[0] = expand(model, inv, store, f, 0, n, rec, liveness, options.checkDeadlock());
            } else {
                pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
                    int from = (int) ((long) n * c / chunks);
                    int to = (int) ((long) n * (c + 1) / chunks);
                    out[c] = expand(model, inv, store, f, from, to, rec, liveness, options.checkDeadlock());
                })).join();
            }
            for (Chunk c : out) {
                generated += c.generated;
                next.addAll(c.next.data, c.next.size);
                c.next.release();
                deadlocks.addAll(c.deadlocks.data, c.deadlocks.size);
                if (liveness) {
                    edges.addAll(c.edges.data, c.edges.size);
                    ends.addAll(c.ends.data, c.ends.size);
                }
                collectViolations(c, violating);
            }
        }
        return generated;
    }

    /** Level 1: the initial states. TLC counts each as generated, stores those within the bounds. */
    private static void initialLevel(Model model, Invariant[] inv, Checkpoint.Search sr, boolean liveness) {
        int w = model.width();
        Chunk init = new Chunk(liveness);
        model.initial((label, s) -> {
            init.generated++;
            if (!model.withinBounds(s)) {
                return;
            }
            long id = sr.store().add(StateStore.fingerprint(s, 0, w), -1, -1);
            if (id >= 0) {
                init.next.add(id);
                init.next.addAll(s, w);
                checkInvariants(inv, s, id, init);
                if (liveness && model.quiescent(s)) {
                    init.ends.add(id);
                }
            }
        });
        collectViolations(init, sr.violating());
        sr.frontier().addAll(init.next.data, init.next.size);
        if (liveness) {
            sr.ends().addAll(init.ends.data, init.ends.size);
        }
        sr.setCounts(init.generated, init.next.size > 0 ? 1 : 0);
    }

    private static boolean anyViolation(long[] violating) {
        for (long v : violating) {
            if (v >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void checkInvariants(Invariant[] inv, long[] s, long id, Chunk c) {
        for (int i = 0; i < inv.length; i++) {
            if (!inv[i].holds().test(s)) {
                c.violations.add(i);
                c.violations.add(id);
            }
        }
    }

    private static void collectViolations(Chunk c, long[] violating) {
        for (int i = 0; i < c.violations.size; i += 2) {
            int k = (int) c.violations.data[i];
            if (violating[k] < 0) {
                violating[k] = c.violations.data[i + 1];
            }
        }
    }

    private static Chunk expand(Model model, Invariant[] inv, StateStore store, LongBuf frontier, int from, int to,
                                int rec, boolean liveness, boolean deadlock) {
        Expansion x = new Expansion(model, inv, store, rec - 1, liveness);
        for (int k = from; k < to; k++) {
            int base = k * rec;
            long id = frontier.data[base];
            x.parent = id;
            System.arraycopy(frontier.data, base + 1, x.cur, 0, rec - 1);
            x.successors = 0;
            model.successors(x.cur, x);
            if (deadlock && x.successors == 0 && !(model.hasEndStates() && model.quiescent(x.cur))) {
                x.out.deadlocks.add(id);
            }
        }
        x.flush();
        return x.out;
    }

    /**
     * One worker's expansion of a run of frontier states: the sink that receives their successors.
     *
     * <p>A successor the worker's {@link RecentSet} knows is settled at once. The others wait in a batch of {@link
     * #BATCH}; when it is full, the batch first reads the visited-set slot each fingerprint maps to, a loop of
     * independent loads whose cache misses the processor overlaps, and then inserts them one by one, in the order
     * they were generated, into slots now in the cache. The misses of a batch cost about one miss instead of one
     * each; the order of insertion, and so the ids and the next frontier, are those of inserting each successor as it
     * comes.
     */
    private static final class Expansion implements Model.Sink {
        static final int BATCH = 256;
        final Model model;
        final Invariant[] inv;
        final StateStore store;
        final int w;
        final boolean liveness;
        final Chunk out;
        final RecentSet recent = new RecentSet();
        final long[] cur;
        final long[] scratch;
        /** Per waiting successor: fingerprint, parent id, label, then its words. */
        final long[] pending;
        final int stride;
        int waiting;
        long parent;
        long successors;
        /** Folds the slots read ahead so that the loads are not dropped as dead. */
        long touched;

        Expansion(Model model, Invariant[] inv, StateStore store, int w, boolean liveness) {
            this.model = model;
            this.inv = inv;
            this.store = store;
            this.w = w;
            this.liveness = liveness;
            this.out = new Chunk(liveness);
            this.cur = new long[w];
            this.scratch = new long[w];
            this.stride = w + 3;
            this.pending = new long[BATCH * stride];
        }

        @Override
        public void accept(int label, long[] s) {
            out.generated++;
            successors++;
            if (!model.withinBounds(s) || !model.allowed(cur, label, s)) {
                return;
            }
            long fp = StateStore.fingerprint(s, 0, w);
            long sid = recent.get(fp);
            if (sid != RecentSet.ABSENT) {
                if (liveness) {
                    out.edges.add(parent);
                    out.edges.add(sid & ~StateStore.SEEN);
                }
                return;
            }
            int base = waiting * stride;
            pending[base] = fp;
            pending[base + 1] = parent;
            pending[base + 2] = label;
            System.arraycopy(s, 0, pending, base + 3, w);
            if (++waiting == BATCH) {
                flush();
            }
        }

        void flush() {
            long t = 0;
            for (int i = 0; i < waiting; i++) {
                t += store.peek(pending[i * stride]);
            }
            touched += t;
            for (int i = 0; i < waiting; i++) {
                int base = i * stride;
                long fp = pending[base];
                long id = pending[base + 1];
                // An earlier successor of the same batch may have stored it.
                long sid = recent.get(fp);
                if (sid == RecentSet.ABSENT) {
                    sid = store.add(fp, id, (int) pending[base + 2]);
                    recent.put(fp, sid | StateStore.SEEN);
                }
                if (sid >= 0) {
                    System.arraycopy(pending, base + 3, scratch, 0, w);
                    out.next.add(sid);
                    out.next.addAll(scratch, w);
                    checkInvariants(inv, scratch, sid, out);
                    if (liveness && model.quiescent(scratch)) {
                        out.ends.add(sid);
                    }
                }
                if (liveness) {
                    out.edges.add(id);
                    out.edges.add(sid & ~StateStore.SEEN);
                }
            }
            waiting = 0;
        }
    }

    private static long shallowest(StateStore store, LongBuf ids) {
        long best = ids.data[0];
        int bestDepth = store.depth(best);
        for (int i = 1; i < ids.size; i++) {
            int d = store.depth(ids.data[i]);
            if (d < bestDepth) {
                best = ids.data[i];
                bestDepth = d;
            }
        }
        return best;
    }

    /** Backward search from the quiescent states; the shallowest state that reaches none, if any. */
    private static Option<Long> cannotReachEnd(StateStore store, LongBuf e, LongBuf ends) {
        long[] offsets = store.offsets();
        int total = (int) offsets[StateStore.SHARDS];
        int[] inDegree = new int[total + 1];
        for (int i = 0; i < e.size; i += 2) {
            inDegree[dense(offsets, e.data[i + 1]) + 1]++;
        }
        for (int i = 0; i < total; i++) {
            inDegree[i + 1] += inDegree[i];
        }
        int[] preds = new int[inDegree[total]];
        int[] fill = Arrays.copyOf(inDegree, total);
        for (int i = 0; i < e.size; i += 2) {
            preds[fill[dense(offsets, e.data[i + 1])]++] = dense(offsets, e.data[i]);
        }
        long[] ids = new long[total];
        for (int shard = 0; shard < StateStore.SHARDS; shard++) {
            for (int idx = 0; idx < store.shardSize(shard); idx++) {
                ids[(int) offsets[shard] + idx] = ((long) idx << StateStore.SHARD_BITS) | shard;
            }
        }
        boolean[] reaches = new boolean[total];
        int[] queue = new int[total];
        int head = 0;
        int tail = 0;
        for (int k = 0; k < ends.size; k++) {
            int i = dense(offsets, ends.data[k]);
            if (!reaches[i]) {
                reaches[i] = true;
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int t = queue[head++];
            for (int j = inDegree[t]; j < inDegree[t + 1]; j++) {
                int p = preds[j];
                if (!reaches[p]) {
                    reaches[p] = true;
                    queue[tail++] = p;
                }
            }
        }
        LongBuf stuck = new LongBuf();
        for (int i = 0; i < total; i++) {
            if (!reaches[i]) {
                stuck.add(ids[i]);
            }
        }
        return stuck.size == 0 ? Option.none() : Option.some(shallowest(store, stuck));
    }

    private static int dense(long[] offsets, long id) {
        return (int) (offsets[StateStore.shardOf(id)] + StateStore.indexOf(id));
    }

    /**
     * The trace to {@code id}: the chain of parent ids back to an initial state, replayed through the model (the
     * initial state and each successor identified by its fingerprint and the step's label), as TLC rebuilds a
     * trace from fingerprints.
     */
    private static Trace trace(Model model, StateStore store, long id, String verdict) {
        int w = model.width();
        java.util.ArrayList<Long> chain = new java.util.ArrayList<>();
        for (long cur = id; cur >= 0; cur = store.parent(cur)) {
            chain.add(cur);
        }
        java.util.Collections.reverse(chain);
        long rootFp = store.fingerprintOf(chain.get(0));
        long[][] found = new long[1][];
        model.initial((label, s) -> {
            if (found[0] == null && StateStore.fingerprint(s, 0, w) == rootFp) {
                found[0] = s.clone();
            }
        });
        java.util.ArrayList<long[]> states = new java.util.ArrayList<>();
        java.util.ArrayList<Integer> labels = new java.util.ArrayList<>();
        states.add(require(found[0], "initial state"));
        for (int i = 1; i < chain.size(); i++) {
            long next = chain.get(i);
            int label = store.label(next);
            long fp = store.fingerprintOf(next);
            long[] cur = states.get(i - 1);
            found[0] = null;
            model.successors(cur, (l, s) -> {
                if (found[0] == null && l == label && StateStore.fingerprint(s, 0, w) == fp) {
                    found[0] = s.clone();
                }
            });
            states.add(require(found[0], "step " + i));
            labels.add(label);
        }
        return traceOf(model, states, labels, verdict);
    }

    /** The trace through {@code states}, the step from each to the next labelled by {@code labels}. */
    static Trace traceOf(Model model, java.util.List<long[]> states, java.util.List<Integer> labels,
                         String verdict) {
        List<String> names = model.sideNames();
        List<String> first = model.sides(states.get(0));
        java.util.ArrayList<TraceStep> steps = new java.util.ArrayList<>();
        for (int i = 1; i < states.size(); i++) {
            steps.add(model.describe(states.get(i - 1), labels.get(i - 1), states.get(i)));
        }
        return new Trace(model.name(), names.get(0), names.get(1), first.get(0), first.get(1), List.ofAll(steps),
                verdict);
    }

    private static long[] require(long[] s, String what) {
        if (s == null) {
            throw new IllegalStateException("replaying a trace, the " + what + " has no state with the stored "
                    + "fingerprint: the model's steps are not deterministic functions of the state and label");
        }
        return s;
    }

    /**
     * The fingerprints one worker stored or found stored most recently, with their ids: a direct-mapped cache small
     * enough for the core's own caches. Most generated states are already visited, and most of those were generated
     * a moment before by a sibling (the two orders of independent steps meet in the same state), so a hit here
     * answers "visited" without the cache miss into the shared visited set. Only fingerprints already in the
     * {@link StateStore} enter it, so a hit is never wrong; a miss only costs the usual look-up.
     */
    static final class RecentSet {
        static final long ABSENT = 0;
        private static final int BITS = 14;
        /** Pairs: fingerprint, id; the two words of an entry share a cache line. */
        private final long[] slots = new long[2 << BITS];

        /** The id (or'ed with {@link StateStore#SEEN}) stored with {@code fp}, or {@link #ABSENT}. */
        long get(long fp) {
            int i = slot(fp);
            return slots[i] == fp ? slots[i + 1] : ABSENT;
        }

        /** Remembers {@code fp} (never 0) with {@code id}, which must have {@link StateStore#SEEN} set. */
        void put(long fp, long id) {
            int i = slot(fp);
            slots[i] = fp;
            slots[i + 1] = id;
        }

        private static int slot(long fp) {
            return ((int) (fp ^ (fp >>> 32)) & ((1 << BITS) - 1)) << 1;
        }
    }

    /** A growable array of longs, local to one search. */
    static final class LongBuf {
        long[] data;
        int size;

        LongBuf() {
            this(64);
        }

        LongBuf(int capacity) {
            data = new long[capacity];
        }

        /** Drops the contents and their memory (a chunk's states once copied into the next frontier). */
        void release() {
            data = new long[0];
            size = 0;
        }

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, Math.max(16, data.length * 2));
            }
            data[size++] = v;
        }

        void addAll(long[] src, int n) {
            if (size + n > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + n));
            }
            System.arraycopy(src, 0, data, size, n);
            size += n;
        }
    }
}
