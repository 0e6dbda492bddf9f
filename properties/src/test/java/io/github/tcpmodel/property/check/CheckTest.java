package io.github.tcpmodel.property.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void theReplayCommandNamesNoModuleAndFitsTheBuildTool() {
        String name = "com.example.tcp.MyStackTest#conformsOnRandomTraces";
        assertEquals("mvn test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='MyStackTest#conformsOnRandomTraces'"
                + " -Dtcpmodel.seed=-7", Check.replayCommand(Check.BuildTool.MAVEN, name, -7));
        assertEquals("gradle test --tests 'com.example.tcp.MyStackTest.conformsOnRandomTraces' -Dtcpmodel.seed=-7",
                Check.replayCommand(Check.BuildTool.GRADLE, name, -7));
        assertEquals("gradle test --tests '*MyStackTest.demo' -Dtcpmodel.seed=3",
                Check.replayCommand(Check.BuildTool.GRADLE, "MyStackTest#demo", 3));
        String old = System.getProperty(Check.BUILD_TOOL);
        try {
            System.setProperty(Check.BUILD_TOOL, "gradle");
            assertEquals(Check.replayCommand(Check.BuildTool.GRADLE, name, 1), Check.replayCommand(name, 1));
            System.setProperty(Check.BUILD_TOOL, "Maven");
            assertEquals(Check.replayCommand(Check.BuildTool.MAVEN, name, 1), Check.replayCommand(name, 1));
            System.setProperty(Check.BUILD_TOOL, "ant");
            assertThrows(IllegalArgumentException.class, () -> Check.replayCommand(name, 1));
        } finally {
            if (old == null) {
                System.clearProperty(Check.BUILD_TOOL);
            } else {
                System.setProperty(Check.BUILD_TOOL, old);
            }
        }
    }

    @Test
    void underSurefireTheReplayCommandIsMavens() {
        // Under surefire, which sets basedir, the build tool is detected. (PIT runs the tests outside surefire.)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("basedir") != null,
                "not run by surefire: no basedir");
        assertEquals(Check.BuildTool.MAVEN, Check.buildTool().get());
        assertFalse(Check.replayCommand("X#y", 7).contains(" -pl "));
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
