package io.github.tcpmodel.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplorerTest {

    /**
     * A counter from 0 to n: +1 (label 1) and +2 (label 2) below n; from trap (if 0 < trap < n) only to itself;
     * the end state is n. Invariant "small": the counter stays below limit.
     */
    record Counter(int n, int trap, int limit, boolean deadEnd) implements Model {
        @Override
        public String name() {
            return "counter";
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public void initial(Sink sink) {
            sink.accept(-1, new long[] {0});
        }

        @Override
        public void successors(long[] s, Sink sink) {
            long v = s[0];
            if (v == trap) {
                sink.accept(0, new long[] {v});
                return;
            }
            if (deadEnd && v == n - 1) {
                return;
            }
            if (v + 1 <= n) {
                sink.accept(1, new long[] {v + 1});
            }
            if (v + 2 <= n) {
                sink.accept(2, new long[] {v + 2});
            }
        }

        @Override
        public List<Invariant> invariants() {
            return List.of(new Invariant("small", "below the limit", s -> s[0] < limit));
        }

        @Override
        public boolean hasEndStates() {
            return true;
        }

        @Override
        public boolean quiescent(long[] s) {
            return s[0] == n;
        }

        @Override
        public List<String> sides(long[] s) {
            return List.of(Long.toString(s[0]), "");
        }

        @Override
        public TraceStep describe(long[] from, int label, long[] to) {
            return new TraceStep(Actor.LEFT, "+" + label, Option.none(), List.empty(), Option.none(), Actor.RIGHT, "",
                    Long.toString(to[0]), "");
        }
    }

    static final Options ONE = Options.defaults().withThreads(1);

    /**
     * Three counters from 0 to n, each step adds one to one of them: every pair of steps commutes, so nearly every
     * state is generated from several parents, most of them adjacent in the frontier (what the workers'
     * recent-fingerprint cache answers). The invariant fails only in the far corner.
     */
    record Grid(int n) implements Model {
        @Override
        public String name() {
            return "grid";
        }

        @Override
        public int width() {
            return 3;
        }

        @Override
        public void initial(Sink sink) {
            sink.accept(-1, new long[3]);
        }

        @Override
        public void successors(long[] s, Sink sink) {
            for (int i = 0; i < 3; i++) {
                if (s[i] < n) {
                    long[] t = s.clone();
                    t[i]++;
                    sink.accept(i, t);
                }
            }
        }

        @Override
        public List<Invariant> invariants() {
            return List.of(new Invariant("corner", "not in the far corner", s -> s[0] + s[1] + s[2] < 3L * n));
        }

        @Override
        public List<String> sides(long[] s) {
            return List.of(s[0] + "," + s[1], Long.toString(s[2]));
        }

        @Override
        public TraceStep describe(long[] from, int label, long[] to) {
            return new TraceStep(Actor.LEFT, "+" + label, Option.none(), List.empty(), Option.none(), Actor.RIGHT, "",
                    Long.toString(to[label]), "");
        }
    }

    @Test
    void aSpaceOfManyDiamondsIsCountedExactlyOnOneAndTwoThreads() {
        int n = 40;
        long states = (long) (n + 1) * (n + 1) * (n + 1);
        // Every state has one successor per counter below n: 3 n (n+1)^2 steps, plus the initial state.
        long generated = 1 + 3L * n * (n + 1) * (n + 1);
        for (int threads = 1; threads <= 2; threads++) {
            for (boolean liveness : new boolean[] {false, true}) {
                ExplorationResult r = Explorer.check(new Grid(n), Options.defaults().withThreads(threads)
                        .withLiveness(liveness), Progress.SILENT);
                assertEquals(states, r.distinct(), threads + " threads");
                assertEquals(generated, r.generated(), threads + " threads");
                assertEquals(3 * n + 1, r.depth());
                assertEquals(3 * n, r.violation("corner").get().trace().length());
            }
        }
    }

    @Test
    void countsLikeTlc() {
        // 0..10: 11 states; generated: 1 initial + 2 per state below 9, 1 from 9.
        ExplorationResult r = Explorer.check(new Counter(10, -1, 100, false), ONE, Progress.SILENT);
        assertEquals(11, r.distinct());
        assertEquals(1 + 9 * 2 + 1, r.generated());
        assertEquals(6, r.depth());
        assertTrue(r.holds());
        assertEquals(8, r.bytesPerState());
    }

    @Test
    void reportsTheShortestCounterexample() {
        ExplorationResult r = Explorer.check(new Counter(20, -1, 7, false), ONE, Progress.SILENT);
        Trace t = r.violation("small").get().trace();
        // 7 is reached by +2 +2 +2 +1 at the earliest: four steps.
        assertEquals(4, t.length());
        assertEquals("7", t.steps().last().left());
    }

    @Test
    void findsAStateFromWhichNoEndStateIsReachable() {
        ExplorationResult r = Explorer.check(new Counter(10, 4, 100, false), ONE, Progress.SILENT);
        InvariantViolation v = r.violation("liveness").get();
        assertEquals(InvariantViolation.Kind.LIVENESS, v.kind());
        assertEquals("4", v.trace().steps().last().left());
        assertFalse(r.holds());
        assertTrue(Explorer.check(new Counter(10, 4, 100, false), ONE.withLiveness(false), Progress.SILENT).holds());
    }

    @Test
    void findsADeadlock() {
        ExplorationResult r = Explorer.check(new Counter(10, -1, 100, true), ONE, Progress.SILENT);
        assertEquals("9", r.violation("deadlock").get().trace().steps().last().left());
    }

    @Test
    void stopsAtTheStateLimit() {
        ExplorationResult r = Explorer.check(new Counter(1000, -1, 10_000, false), ONE.withMaxStates(10), Progress.SILENT);
        assertFalse(r.complete());
        assertFalse(r.holds());
        assertTrue(r.distinct() < 1000);
    }

    @Test
    void reportsProgressAfterEveryLevel() {
        java.util.List<Long> seen = new java.util.ArrayList<>();
        Explorer.check(new Counter(10, -1, 100, false), ONE, (distinct, generated, queue, depth) -> seen.add(distinct));
        assertEquals(7, seen.size());
        assertEquals(11L, seen.get(seen.size() - 1));
    }

    @Test
    void twoThreadsFindTheSameStates() {
        ExplorationResult one = Explorer.check(new Counter(5000, -1, 100_000, false), ONE, Progress.SILENT);
        ExplorationResult two = Explorer.check(new Counter(5000, -1, 100_000, false), ONE.withThreads(2), Progress.SILENT);
        assertEquals(one.distinct(), two.distinct());
        assertEquals(one.generated(), two.generated());
        assertEquals(one.depth(), two.depth());
    }

    @Test
    void reachFindsAWitness() {
        Option<Trace> t = Explorer.reach(new Counter(10, -1, 100, false), "five", s -> s[0] == 5, ONE);
        assertEquals(3, t.get().length());
        assertEquals("witness: five", t.get().verdict());
        assertTrue(Explorer.reach(new Counter(10, -1, 100, false), "eleven", s -> s[0] == 11, ONE).isEmpty());
    }

    // ---------------------------------------------------------------- fingerprints, spilling, checkpoints

    @Test
    void reportsTheFingerprintCollisionProbability() {
        ExplorationResult r = Explorer.check(new Counter(5000, -1, 100_000, false), ONE, Progress.SILENT);
        // n (n - 1) / 2 pairs of distinct states, each colliding with probability 2^-64.
        assertEquals(5001.0 * 5000 / 2 / 18446744073709551616.0, r.collisionProbability(), 1e-30);
        // TLC's optimistic estimate: n (g - n) / 2^64.
        assertEquals(5001.0 * (r.generated() - 5001) / 18446744073709551616.0, r.tlcCollisionProbability(), 1e-30);
        assertTrue(r.summary().contains("fingerprint collision probability 6.8e-13"), r::summary);
        // Fingerprint tables at load at most 1/2 and a 20-byte trace record per state.
        assertTrue(r.visitedBytesPerState() >= 8 + 20 && r.visitedBytesPerState() <= 4 * 16 + 20 * 2,
                () -> Double.toString(r.visitedBytesPerState()));
    }

    @Test
    void aSpilledTraceLogStillYieldsTheShortestCounterexample(@TempDir Path dir) throws Exception {
        // 200,001 states over 64 shards: past 1,024 records a shard spills its trace log.
        Counter m = new Counter(200_000, -1, 150_000, false);
        ExplorationResult r = Explorer.check(m, ONE.withLiveness(false).withSpill(dir, 1), Progress.SILENT);
        ExplorationResult inMemory = Explorer.check(m, ONE.withLiveness(false), Progress.SILENT);
        assertEquals(inMemory.distinct(), r.distinct());
        Trace t = r.violation("small").get().trace();
        assertEquals(75_000, t.length());
        assertEquals("150000", t.steps().last().left());
        // In memory: the fingerprint tables and at most 2,048 trace records of 20 bytes per shard, not all 3,125.
        assertTrue(inMemory.visitedBytes() - r.visitedBytes() >= 20L * (200_001 - 64 * 2048),
                () -> r.visitedBytesPerState() + " " + inMemory.visitedBytesPerState());
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("trace-")));
        }
    }

    @Test
    void fingerprintTablesSpilledToDiskFindTheSameStates(@TempDir Path dir) throws Exception {
        // 100,001 states over 64 shards; past 64 slots (32 fingerprints) a shard flushes its table to a sorted run.
        Counter m = new Counter(100_000, -1, 80_000, false);
        ExplorationResult inMemory = Explorer.check(m, ONE.withLiveness(false), Progress.SILENT);
        ExplorationResult spilled = Explorer.check(m, ONE.withLiveness(false).withSpill(dir, 64 * 64 * 8),
                Progress.SILENT);
        assertEquals(inMemory.distinct(), spilled.distinct());
        assertEquals(inMemory.generated(), spilled.generated());
        assertEquals(inMemory.depth(), spilled.depth());
        assertEquals(40_000, spilled.violation("small").get().trace().length());
        // In memory: 64 tables of 64 slots (32 KiB) and the trace log up to its limit (1,024 to 2,048 records a
        // shard), not tables for 100,001 fingerprints.
        assertTrue(spilled.visitedBytes() < inMemory.visitedBytes() / 2,
                () -> spilled.visitedBytes() + " vs " + inMemory.visitedBytes());
        long onDisk;
        try (var files = Files.list(dir)) {
            onDisk = files.filter(f -> f.getFileName().toString().startsWith("fingerprints-"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        // Every fingerprint flushed once; at most 32 a shard are still in memory.
        assertTrue(onDisk >= 8L * (100_001 - 64 * 32) && onDisk <= 8L * 100_001, () -> Long.toString(onDisk));
    }

    @Test
    void aStoppedRunResumesFromItsCheckpointToTheSameResult(@TempDir Path dir) {
        Counter m = new Counter(5000, 4000, 100_000, false);
        ExplorationResult whole = Explorer.check(m, ONE, Progress.SILENT);
        ExplorationResult stopped = Explorer.check(m, ONE.withMaxStates(1000).withCheckpoint(dir, false),
                Progress.SILENT);
        assertFalse(stopped.complete());
        assertTrue(stopped.distinct() < 1100, stopped::summary);
        java.util.List<Integer> depths = new java.util.ArrayList<>();
        ExplorationResult resumed = Explorer.check(m, ONE.withCheckpoint(dir, true),
                (distinct, generated, queue, depth) -> depths.add(depth));
        // The resumed run starts at the level where the stopped one ended, not at level 1.
        assertEquals(stopped.depth(), (int) depths.get(0));
        assertEquals(whole.distinct(), resumed.distinct());
        assertEquals(whole.generated(), resumed.generated());
        assertEquals(whole.depth(), resumed.depth());
        // The liveness violation at the trap, found on edges from before and after the stop.
        assertEquals(whole.violation("liveness").get().trace().length(),
                resumed.violation("liveness").get().trace().length());
        assertEquals("4000", resumed.violation("liveness").get().trace().steps().last().left());
    }

    @Test
    void aCheckpointOfAnotherExplorationIsRefused(@TempDir Path dir) {
        Explorer.check(new Counter(100, -1, 1000, false), ONE.withCheckpoint(dir, false), Progress.SILENT);
        assertThrows(IllegalArgumentException.class, () -> Explorer.check(new Counter(100, -1, 1000, false),
                ONE.withLiveness(false).withCheckpoint(dir, true), Progress.SILENT));
        // The same exploration resumes from its finished checkpoint to the same result.
        assertEquals(101, Explorer.check(new Counter(100, -1, 1000, false), ONE.withCheckpoint(dir, true),
                Progress.SILENT).distinct());
    }

    // ---------------------------------------------------------------- the frontier on disk

    /** A model that records every state the explorer asks it to expand (or replays through for a trace). */
    record Recording(Model inner, java.util.Set<java.util.List<Long>> expanded) implements Model {
        Recording(Model inner) {
            this(inner, java.util.concurrent.ConcurrentHashMap.newKeySet());
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int width() {
            return inner.width();
        }

        @Override
        public void initial(Sink sink) {
            inner.initial(sink);
        }

        @Override
        public void successors(long[] s, Sink sink) {
            java.util.List<Long> key = new java.util.ArrayList<>();
            for (long v : s) {
                key.add(v);
            }
            expanded.add(key);
            inner.successors(s, sink);
        }

        @Override
        public List<Invariant> invariants() {
            return inner.invariants();
        }

        @Override
        public boolean hasEndStates() {
            return inner.hasEndStates();
        }

        @Override
        public boolean quiescent(long[] s) {
            return inner.quiescent(s);
        }

        @Override
        public List<String> sides(long[] s) {
            return inner.sides(s);
        }

        @Override
        public TraceStep describe(long[] from, int label, long[] to) {
            return inner.describe(from, label, to);
        }
    }

    @Test
    void aFrontierOnDiskFindsTheSameStatesAndCounterexamplesAsInMemory(@TempDir Path dir) throws Exception {
        // 26^3 = 17,576 states; the widest level holds 507. With no frontier memory every full block of 16 states
        // goes to a file.
        for (boolean liveness : new boolean[] {false, true}) {
            Recording inMemory = new Recording(new Grid(25));
            Recording onDisk = new Recording(new Grid(25));
            long[] peak = {0};
            ExplorationResult a = Explorer.check(inMemory, ONE.withLiveness(liveness), Progress.SILENT);
            ExplorationResult b = Explorer.check(onDisk, ONE.withLiveness(liveness).withSpill(dir, Long.MAX_VALUE)
                    .withFrontierLimit(0), (distinct, generated, queue, depth) -> {
                        try (var files = Files.walk(dir)) {
                            peak[0] = Math.max(peak[0], files.filter(f -> f.getFileName().toString()
                                    .startsWith("block-")).count());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            assertEquals(17_576, a.distinct());
            assertEquals(a.distinct(), b.distinct());
            assertEquals(a.generated(), b.generated());
            assertEquals(a.depth(), b.depth());
            assertEquals(inMemory.expanded(), onDisk.expanded());
            assertEquals(a.violations().map(v -> v.property()), b.violations().map(v -> v.property()));
            assertEquals(TextChart.render(a.violation("corner").get().trace()),
                    TextChart.render(b.violation("corner").get().trace()));
            // A level of 507 states is 31 full blocks: the queue went to disk, and is gone at the end.
            assertTrue(peak[0] >= 30, () -> "block files at a level's end: " + peak[0]);
            try (var files = Files.walk(dir)) {
                assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("frontier-")).count());
            }
        }
    }

    @Test
    void aFrontierOnDiskGivesTheSameShortestCounterexamplesOnTwoThreadsAndResumes(@TempDir Path dir) {
        Grid m = new Grid(20);
        ExplorationResult whole = Explorer.check(m, ONE, Progress.SILENT);
        Options disk = ONE.withThreads(2).withSpill(dir.resolve("spill"), Long.MAX_VALUE).withFrontierLimit(0);
        ExplorationResult two = Explorer.check(m, disk, Progress.SILENT);
        assertEquals(whole.distinct(), two.distinct());
        assertEquals(whole.generated(), two.generated());
        assertEquals(whole.depth(), two.depth());
        assertEquals(60, two.violation("corner").get().trace().length());
        // Stopped and resumed with the frontier on disk: the checkpoint holds the frontier read back from its files.
        ExplorationResult stopped = Explorer.check(m, disk.withMaxStates(3000).withCheckpoint(dir.resolve("cp"),
                false), Progress.SILENT);
        assertFalse(stopped.complete());
        ExplorationResult resumed = Explorer.check(m, disk.withCheckpoint(dir.resolve("cp"), true), Progress.SILENT);
        assertEquals(whole.distinct(), resumed.distinct());
        assertEquals(whole.generated(), resumed.generated());
        assertEquals(whole.depth(), resumed.depth());
        assertEquals(60, resumed.violation("corner").get().trace().length());
    }
}
