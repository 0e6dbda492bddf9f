package io.github.tcpmodel.property.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.property.generator.Traces;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class CheckTest {

    @Test
    void aFailureNamesTheShrunkCounterexampleTheSeedAndTheReplayCommand() {
        AssertionError e = assertThrows(AssertionError.class, () -> Check.qt("CheckTest#demo", 200)
                .forAll(Generate.range(0, 1_000_000, 0)).check(x -> x < 1000));
        String m = e.getMessage();
        assertTrue(m.contains("smallest counterexample:\n1000\n"), m);
        assertTrue(m.matches("(?s).*seed: -?\\d+\n.*"), m);
        assertTrue(m.matches("(?s).*replay: mvn .*-Dtest='CheckTest#demo' -Dtcpmodel\\.seed=-?\\d+.*"), m);
    }

    @Test
    void theReplayCommandNamesTheModuleTheTestRunsIn() {
        String old = System.getProperty("basedir");
        try {
            System.setProperty("basedir", "/somewhere/tcpmodel/engine");
            assertTrue(Check.replayCommand("X#y", 7).startsWith("mvn -B -ntp -pl engine -am verify "));
            System.clearProperty("basedir");
            assertTrue(Check.replayCommand("X#y", 7).startsWith("mvn -B -ntp -pl properties -am verify "));
        } finally {
            if (old == null) {
                System.clearProperty("basedir");
            } else {
                System.setProperty("basedir", old);
            }
        }
    }

    @Test
    void aFixedSeedReplaysTheSameCounterexample() {
        String old = System.getProperty(Check.SEED);
        try {
            System.setProperty(Check.SEED, "42");
            var one = Check.counterexample("a", 500, Traces.traces(12), t -> t.size() < 9);
            var two = Check.counterexample("b", 500, Traces.traces(12), t -> t.size() < 9);
            assertTrue(one.isDefined());
            assertEquals(one, two);
            assertEquals(9, one.get().size(), one.get()::toString);
        } finally {
            if (old == null) {
                System.clearProperty(Check.SEED);
            } else {
                System.setProperty(Check.SEED, old);
            }
        }
    }

    @Test
    void badSettingsAreClearErrors() {
        String old = System.getProperty(Check.TRIES);
        try {
            System.setProperty(Check.TRIES, "many");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Check::tries);
            assertTrue(e.getMessage().contains("tcpmodel.tries"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(Check.TRIES);
            } else {
                System.setProperty(Check.TRIES, old);
            }
        }
    }

    @Test
    void coverageFailsWhenALabelIsRare() {
        Coverage c = new Coverage("p");
        for (int i = 0; i < 100; i++) {
            c.example(i == 0 ? List.of("rare", "common") : List.of("common"));
        }
        c.require(0.5, List.of("common"));
        AssertionError e = assertThrows(AssertionError.class, () -> c.require(0.02, List.of("rare")));
        assertTrue(e.getMessage().contains("rare: 1 of 100"), e.getMessage());
    }
}
