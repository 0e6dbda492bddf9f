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
 * <p>Level by level: the frontier (state words and ids) is split into chunks that worker threads expand in
 * parallel, inserting successors into a sharded visited set ({@link StateStore}); the next frontier is the
 * concatenation of the chunks' new states. Invariants are checked on every newly stored state, so the first
 * level where one fails yields a shortest counterexample. Liveness (a quiescent end state reachable from every
 * state) is decided after the search by a backward search over the stored edges from the end states.
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
                .withDeadlock(false), Progress.SILENT);
        return r.violation(name).map(v -> new Trace(v.trace().model(), v.trace().leftName(), v.trace().rightName(),
                v.trace().left(), v.trace().right(), v.trace().steps(), "witness: " + name));
    }

    // ------------------------------------------------------------------ the search

    private static final class Chunk {
        final LongBuf next = new LongBuf();
        final LongBuf edges;
        final LongBuf deadlocks = new LongBuf();
        final LongBuf violations = new LongBuf(); // pairs: invariant index, id
        long generated;

        Chunk(boolean edges) {
            this.edges = edges ? new LongBuf() : null;
        }
    }

    private static ExplorationResult run(Model model, List<Invariant> invariants, Options options, Progress progress) {
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(progress, "progress is null");
        int w = model.width();
        int rec = w + 1;
        Invariant[] inv = invariants.toJavaArray(Invariant[]::new);
        StateStore store = new StateStore(w);
        boolean liveness = options.checkLiveness() && model.hasEndStates();

        // Level 1: the initial states. TLC counts each as generated, stores those within the bounds.
        Chunk init = new Chunk(false);
        long[][] firstViolation = new long[inv.length][];
        model.initial((label, s) -> {
            init.generated++;
            if (!model.withinBounds(s)) {
                return;
            }
            long id = store.add(s, 0, -1, -1, 1);
            if (id >= 0) {
                init.next.add(id);
                init.next.addAll(s, w);
                checkInvariants(inv, s, id, init);
            }
        });
        long generated = init.generated;
        LongBuf roots = new LongBuf();
        for (int i = 0; i < init.next.size; i += rec) {
            roots.add(init.next.data[i]);
        }
        long[] violating = new long[inv.length];
        Arrays.fill(violating, -1);
        LongBuf deadlocks = new LongBuf();
        ArrayList<LongBuf> edges = new ArrayList<>();
        collectViolations(init, violating);

        LongBuf frontier = init.next;
        int depth = frontier.size > 0 ? 1 : 0;
        boolean complete = true;
        progress.report(store.size(), generated, frontier.size / rec, depth);
        ForkJoinPool pool = options.threads() > 1 ? new ForkJoinPool(options.threads()) : null;
        try {
            while (frontier.size > 0) {
                if (options.stopAtViolation() && anyViolation(violating)) {
                    complete = false;
                    break;
                }
                if (store.size() >= options.maxStates()) {
                    complete = false;
                    break;
                }
                int n = frontier.size / rec;
                int chunks = pool == null ? 1 : Math.max(1, Math.min(n / 64, options.threads() * 16));
                Chunk[] out = new Chunk[chunks];
                final LongBuf f = frontier;
                final int level = depth + 1;
                Runnable all = () -> IntStream.range(0, chunks).parallel().forEach(c -> {
                    int from = (int) ((long) n * c / chunks);
                    int to = (int) ((long) n * (c + 1) / chunks);
                    out[c] = expand(model, inv, store, f, from, to, rec, level, liveness, options.checkDeadlock());
                });
                if (pool == null) {
                    out[0] = expand(model, inv, store, f, 0, n, rec, level, liveness, options.checkDeadlock());
                } else {
                    pool.submit(all).join();
                }
                LongBuf next = new LongBuf();
                for (Chunk c : out) {
                    generated += c.generated;
                    next.addAll(c.next.data, c.next.size);
                    deadlocks.addAll(c.deadlocks.data, c.deadlocks.size);
                    if (liveness) {
                        edges.add(c.edges);
                    }
                    collectViolations(c, violating);
                }
                frontier = next;
                if (frontier.size > 0) {
                    depth = level;
                }
                progress.report(store.size(), generated, frontier.size / rec, depth);
            }
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
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
            Option<Long> stuck = cannotReachEnd(model, store, edges);
            if (stuck.isDefined()) {
                found = found.append(new InvariantViolation(InvariantViolation.Kind.LIVENESS, "liveness",
                        trace(model, store, stuck.get(), "liveness: from the last state no quiescent end state is "
                                + "reachable")));
            }
        }
        return new ExplorationResult(model.name(), store.size(), generated, depth, complete, w * Long.BYTES, found);
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
                                int rec, int level, boolean liveness, boolean deadlock) {
        int w = rec - 1;
        Chunk c = new Chunk(liveness);
        long[] cur = new long[w];
        long[] succ = new long[1];
        for (int k = from; k < to; k++) {
            int base = k * rec;
            long id = frontier.data[base];
            System.arraycopy(frontier.data, base + 1, cur, 0, w);
            succ[0] = 0;
            model.successors(cur, (label, s) -> {
                c.generated++;
                succ[0]++;
                if (!model.withinBounds(s) || !model.allowed(cur, label, s)) {
                    return;
                }
                long sid = store.add(s, 0, id, label, level);
                if (sid >= 0) {
                    c.next.add(sid);
                    c.next.addAll(s, w);
                    checkInvariants(inv, s, sid, c);
                }
                if (liveness) {
                    c.edges.add(id);
                    c.edges.add(sid & ~StateStore.SEEN);
                }
            });
            if (deadlock && succ[0] == 0 && !(model.hasEndStates() && model.quiescent(cur))) {
                c.deadlocks.add(id);
            }
        }
        return c;
    }

    private static long shallowest(StateStore store, LongBuf ids) {
        long best = ids.data[0];
        for (int i = 1; i < ids.size; i++) {
            if (store.depth(ids.data[i]) < store.depth(best)) {
                best = ids.data[i];
            }
        }
        return best;
    }

    /** Backward search from the quiescent states; the shallowest state that reaches none, if any. */
    private static Option<Long> cannotReachEnd(Model model, StateStore store, ArrayList<LongBuf> edgeBufs) {
        long[] offsets = store.offsets();
        int total = (int) offsets[StateStore.SHARDS];
        int[] inDegree = new int[total + 1];
        for (LongBuf e : edgeBufs) {
            for (int i = 0; i < e.size; i += 2) {
                inDegree[dense(offsets, e.data[i + 1]) + 1]++;
            }
        }
        for (int i = 0; i < total; i++) {
            inDegree[i + 1] += inDegree[i];
        }
        int[] preds = new int[inDegree[total]];
        int[] fill = Arrays.copyOf(inDegree, total);
        for (LongBuf e : edgeBufs) {
            for (int i = 0; i < e.size; i += 2) {
                preds[fill[dense(offsets, e.data[i + 1])]++] = dense(offsets, e.data[i]);
            }
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
        long[] s = new long[model.width()];
        for (int i = 0; i < total; i++) {
            store.copyState(ids[i], s);
            if (model.quiescent(s)) {
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
        long best = -1;
        for (int i = 0; i < total; i++) {
            if (!reaches[i] && (best < 0 || store.depth(ids[i]) < store.depth(best))) {
                best = ids[i];
            }
        }
        return best < 0 ? Option.none() : Option.some(best);
    }

    private static int dense(long[] offsets, long id) {
        return (int) (offsets[StateStore.shardOf(id)] + StateStore.indexOf(id));
    }

    private static Trace trace(Model model, StateStore store, long id, String verdict) {
        int w = model.width();
        java.util.ArrayList<long[]> states = new java.util.ArrayList<>();
        java.util.ArrayList<Integer> labels = new java.util.ArrayList<>();
        long cur = id;
        while (cur >= 0) {
            long[] s = new long[w];
            store.copyState(cur, s);
            states.add(0, s);
            labels.add(0, store.label(cur));
            cur = store.parent(cur);
        }
        List<String> names = model.sideNames();
        List<String> first = model.sides(states.get(0));
        List<TraceStep> steps = List.empty();
        for (int i = 1; i < states.size(); i++) {
            steps = steps.append(model.describe(states.get(i - 1), labels.get(i), states.get(i)));
        }
        return new Trace(model.name(), names.get(0), names.get(1), first.get(0), first.get(1), steps, verdict);
    }

    /** A growable array of longs, local to one search. */
    static final class LongBuf {
        long[] data = new long[64];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
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
