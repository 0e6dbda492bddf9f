package com.example.tinytcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.property.check.Check;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * The kit catches the broken stack, and its replay line reproduces the failure. The line is run as printed, in this
 * JVM: the test selector it names is run through the JUnit Platform, with {@code -Dtcpmodel.seed} set to the printed
 * seed, which is what {@code mvn test -Dtest=... -Dtcpmodel.seed=...} does in a project that has the kit installed.
 */
class ReplayTest {

    private static final String SELECTOR = "BrokenTinyTcpConformance#conformsOnRandomTraces";
    /** Maven's form: surefire's -Dtest takes the simple class name and the method after '#'. */
    private static final Pattern MAVEN = Pattern.compile(
            "replay: mvn test -Dsurefire\\.failIfNoSpecifiedTests=false -Dtest='([A-Za-z]+)#([A-Za-z]+)'"
                    + " -Dtcpmodel\\.seed=(-?\\d+)(\n|$)");
    /** Gradle's form: --tests takes the class's full name and the method after '.'. */
    private static final Pattern GRADLE = Pattern.compile(
            "replay: gradle test --tests 'com\\.example\\.tinytcp\\.([A-Za-z]+)\\.([A-Za-z]+)'"
                    + " -Dtcpmodel\\.seed=(-?\\d+)(\n|$)");

    @Test
    void theBrokenStackFailsAndThePrintedReplayReproducesTheFailure() {
        String first = failure(null);
        System.out.println("the kit's report on the broken stack:\n" + first);
        assertTrue(first.contains("breaks:"), first);
        assertTrue(first.contains("tiny-tcp (SYN,ACK acknowledges IRS): SYN-RECEIVED") 
                || first.contains("tiny-tcp (SYN,ACK acknowledges IRS): SYN-SENT"), first);
        // The build that runs this test is told apart (surefire or Gradle's test worker): one form is printed.
        Matcher m = (Check.buildTool().get() == Check.BuildTool.GRADLE ? GRADLE : MAVEN).matcher(first);
        assertTrue(m.find(), first);
        assertEquals(SELECTOR, m.group(1) + "#" + m.group(2));
        String seed = m.group(3);
        assertTrue(first.contains("seed: " + seed + "\n"), first);

        String replayed = failure(seed);
        assertEquals(counterexample(first), counterexample(replayed));
        assertTrue(replayed.contains("seed: " + seed + "\n"), replayed);
    }

    /** The smallest counterexample and its divergence report, without the seed and the replay line. */
    private static String counterexample(String message) {
        int from = message.indexOf("smallest counterexample:");
        int to = message.indexOf("seed: ");
        assertTrue(from >= 0 && to > from, message);
        return message.substring(from, to);
    }

    /** Runs the broken stack's random-trace property (with {@code seed}, when given) and returns its failure. */
    private static String failure(String seed) {
        String old = System.getProperty("tcpmodel.seed");
        try {
            if (seed == null) {
                System.clearProperty("tcpmodel.seed");
            } else {
                System.setProperty("tcpmodel.seed", seed);
            }
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectMethod(BrokenTinyTcpConformance.class,
                            "conformsOnRandomTraces", "org.junit.jupiter.api.TestInfo"))
                    .build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            assertEquals(1, summary.getTestsFoundCount(), "the property was not found");
            assertEquals(1, summary.getTotalFailureCount(), "the broken stack was not caught");
            return summary.getFailures().get(0).getException().getMessage();
        } finally {
            if (old == null) {
                System.clearProperty("tcpmodel.seed");
            } else {
                System.setProperty("tcpmodel.seed", old);
            }
        }
    }
}
