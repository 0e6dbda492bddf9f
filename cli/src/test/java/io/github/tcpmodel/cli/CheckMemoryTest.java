package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tcpmodel check} in a child JVM with a fixed heap: a capture of a million connections runs in the 128 MB
 * the JVM gives itself on a 512 MB machine, and a heap too small for a capture ends in one line and exit 2.
 */
class CheckMemoryTest {

    private record Child(int code, List<String> out, List<String> err) {
    }

    private static Child check(Path dir, String heap, Path capture) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:-PrintWarnings", "-cp", System.getProperty("java.class.path"),
                "io.github.tcpmodel.cli.Main", "check", "--profile", "linux", capture.toString()));
        Path out = dir.resolve("out-" + heap + ".txt");
        Path err = dir.resolve("err-" + heap + ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("tcpmodel check with -Xmx" + heap + " did not end in 20 minutes");
        }
        return new Child(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    // A million connections, 2.31 million segments: the connections closed both ways, refused or in TIME-WAIT are
    // closed out as the capture's clock passes them, so the heap holds the open ones and the listed reports.
    @Test
    void aMillionConnectionsFitTheDefaultHeapOfA512MegabyteMachine(@TempDir Path dir) throws Exception {
        int n = 1_000_000;
        Path capture = io.github.tcpmodel.trace.ManyConnections.write(dir.resolve("million.pcap"), n, 1_000);
        long segments = io.github.tcpmodel.trace.ManyConnections.segments(n);
        Child c = check(dir, "128m", capture);
        assertEquals(0, c.code(), () -> "stderr: " + c.err());
        assertEquals(capture + " (pcap): " + segments + " frames, " + segments
                + " TCP segments, 0 other packets, profile linux", c.out().get(0));
        assertEquals(n + " connections, 0 violations: conforms", c.out().get(c.out().size() - 1));
        assertTrue(c.out().contains("... " + (n - 5_000) + " more connections not listed"), "the first 5,000 listed");
        assertTrue(c.err().isEmpty(), () -> "stderr: " + c.err());
    }

    // Out of memory while building the command line (4 MB) or while checking (8 MB): one line, the hint, exit 2.
    @ParameterizedTest
    @ValueSource(strings = {"4m", "8m"})
    void aHeapTooSmallIsOneLineWithTheHintAndExitTwo(String heap, @TempDir Path dir) throws Exception {
        Path capture = io.github.tcpmodel.trace.ManyConnections.write(dir.resolve("many.pcap"), 50_000, 1_000);
        Child c = check(dir, heap, capture);
        assertEquals(2, c.code(), () -> "stdout: " + c.out() + ", stderr: " + c.err());
        assertEquals(1, c.err().size(), () -> "stderr: " + c.err());
        String line = c.err().get(0);
        assertTrue(line.startsWith("tcpmodel: out of memory (the Java heap's limit is ")
                && line.endsWith("give it more with -Xmx in JAVA_OPTS, e.g. JAVA_OPTS=-Xmx4g tcpmodel ..."), line);
        assertTrue(c.out().isEmpty(), () -> "a partial report: " + c.out());
    }
}
