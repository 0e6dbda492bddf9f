package io.github.tcpmodel.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.check.semantic.SemanticTheorems;
import io.github.tcpmodel.check.tcp.Theorems;
import io.github.tcpmodel.check.tla.TlaTcpProfile;
import io.github.tcpmodel.profile.Profile;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flat path ({@link FlatSearch}, taken without liveness, checkpoints and spill) against the general search over
 * the {@link StateStore} ({@link Explorer#checkWithStateStore}, or forced by a spill folder whose limit is never
 * reached): the same counts and depth, and with one thread the same shortest counterexamples and witnesses.
 */
class FlatSearchTest {

    static final Options FLAT = Options.defaults().withThreads(1).withLiveness(false);

    private static Options stored(Path dir) {
        return FLAT.withSpill(dir, Long.MAX_VALUE);
    }

    private static void assertSameResult(ExplorationResult general, ExplorationResult flat, boolean sameTraces) {
        assertEquals(general.model(), flat.model());
        assertEquals(general.distinct(), flat.distinct(), general.model());
        assertEquals(general.generated(), flat.generated(), general.model());
        assertEquals(general.depth(), flat.depth(), general.model());
        assertEquals(general.complete(), flat.complete(), general.model());
        assertEquals(general.violations().map(InvariantViolation::property),
                flat.violations().map(InvariantViolation::property), general.model());
        for (InvariantViolation v : general.violations()) {
            Trace t = flat.violation(v.property()).get().trace();
            assertEquals(v.trace().length(), t.length(), general.model() + " " + v.property());
            if (sameTraces) {
                assertEquals(v.trace(), t, general.model() + " " + v.property());
            }
        }
    }

    private static void assertSameVerdicts(List<Theorems.Verdict> general, List<Theorems.Verdict> flat,
                                           boolean sameTraces) {
        assertEquals(general.size(), flat.size());
        for (int i = 0; i < general.size(); i++) {
            Theorems.Verdict g = general.get(i);
            Theorems.Verdict f = flat.get(i);
            assertEquals(g.name(), f.name());
            assertSameResult(g.result(), f.result(), sameTraces);
            assertEquals(g.witnesses().size(), f.witnesses().size());
            for (int k = 0; k < g.witnesses().size(); k++) {
                Option<Trace> gw = g.witnesses().get(k).trace();
                Option<Trace> fw = f.witnesses().get(k).trace();
                assertEquals(gw.isDefined(), fw.isDefined(), g.name());
                if (gw.isDefined()) {
                    assertEquals(gw.get().length(), fw.get().length(), g.name());
                    if (sameTraces) {
                        assertEquals(gw.get(), fw.get(), g.name());
                    }
                }
            }
        }
    }

    private static List<Theorems.Verdict> tableTheorems(Options o) {
        return List.of(Profile.rfc9293(), Profile.linux()).flatMap(p -> Theorems.all(o, p)
                .append(Theorems.blindResetResisted(o, p)).append(Theorems.dataExactlyOnce(o, p)));
    }

    private static List<Theorems.Verdict> semanticTheorems(Options o) {
        return List.of(Profile.rfc9293(), Profile.linux()).flatMap(p -> SemanticTheorems.all(o, p));
    }

    @Test
    void everyTableLevelTheoremHasTheSameCountsDepthAndShortestCounterexamples(@TempDir Path dir) {
        List<Theorems.Verdict> general = tableTheorems(stored(dir));
        assertSameVerdicts(general, tableTheorems(FLAT), true);
        assertSameVerdicts(general, tableTheorems(FLAT.withThreads(2)), false);
        assertTrue(general.exists(v -> !v.result().violations().isEmpty()), "some variant is refuted");
    }

    @Test
    void everySemanticTheoremHasTheSameCountsDepthAndShortestCounterexamples(@TempDir Path dir) {
        List<Theorems.Verdict> general = semanticTheorems(stored(dir));
        assertSameVerdicts(general, semanticTheorems(FLAT), true);
        assertSameVerdicts(general, semanticTheorems(FLAT.withThreads(2)), false);
        assertTrue(general.exists(v -> !v.result().violations().isEmpty()), "some variant is refuted");
    }

    @Test
    void theTlaProfileStillCountsAsTlc() {
        for (int threads : new int[] {1, 2}) {
            ExplorationResult r = Explorer.check(new TlaTcpProfile(), FLAT.withThreads(threads), Progress.SILENT);
            assertEquals(1182, r.distinct());
            assertEquals(6322, r.generated());
            assertEquals(14, r.depth());
        }
    }

    @Test
    void aSpaceThatOutgrowsTheTableManyTimesIsCountedExactly(@TempDir Path dir) {
        // 61^3 = 226,981 states: the table starts at 2^16 slots and doubles three times, mid-level.
        ExplorerTest.Grid m = new ExplorerTest.Grid(60);
        ExplorationResult general = Explorer.checkWithStateStore(m, FLAT, Progress.SILENT);
        assertEquals(226_981, general.distinct());
        assertSameResult(general, Explorer.check(m, FLAT, Progress.SILENT), true);
        for (int round = 0; round < 3; round++) {
            assertSameResult(general, Explorer.check(m, FLAT.withThreads(2), Progress.SILENT), false);
        }
        // The frontier on disk: every full block to a file.
        assertSameResult(general, Explorer.check(m, FLAT.withFrontierLimit(0), Progress.SILENT), true);
        assertSameResult(general, Explorer.check(m, FLAT.withThreads(2).withFrontierLimit(0), Progress.SILENT),
                false);
    }

    @Test
    void deadlocksStateLimitsAndStopsAtViolationsAsTheGeneralSearch(@TempDir Path dir) {
        ExplorerTest.Counter dead = new ExplorerTest.Counter(12, -1, 100, true);
        ExplorationResult general = Explorer.check(dead, stored(dir).withDeadlock(true), Progress.SILENT);
        assertTrue(general.violation("deadlock").isDefined());
        assertSameResult(general, Explorer.check(dead, FLAT.withDeadlock(true), Progress.SILENT), true);

        ExplorerTest.Grid grid = new ExplorerTest.Grid(30);
        ExplorationResult limited = Explorer.check(grid, FLAT.withMaxStates(5000), Progress.SILENT);
        assertFalse(limited.complete());
        assertSameResult(Explorer.check(grid, stored(dir).withMaxStates(5000), Progress.SILENT), limited, true);

        ExplorerTest.Counter small = new ExplorerTest.Counter(40, -1, 7, false);
        ExplorationResult stop = Explorer.check(small, FLAT.withStopAtViolation(true), Progress.SILENT);
        assertFalse(stop.complete());
        assertSameResult(Explorer.check(small, stored(dir).withStopAtViolation(true), Progress.SILENT), stop, true);
    }
}
