package io.github.tcpmodel.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

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
}
