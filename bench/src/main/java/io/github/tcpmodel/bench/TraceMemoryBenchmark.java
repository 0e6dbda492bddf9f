package io.github.tcpmodel.bench;

import io.github.tcpmodel.trace.ManyConnections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (a main, not a test): peak memory of {@code tcpmodel check --profile linux} on a capture of many
 * connections, in a child JVM with a fixed heap. The capture is written at run time: {@code N} short connections to
 * one server, a new one every millisecond; of every 100, 10 close with a FIN each way and leave the client in
 * TIME-WAIT (60 s under the linux profile, so about 6,000 at once in TIME-WAIT by the capture's clock), 89 are
 * refused (SYN, RST,ACK), 1 stays open and idle to the end. Usage: {@code TraceMemoryBenchmark [N] [HEAP] [DIR]}
 * (default 1000000, 128m); prints the wall time, the CPU time and the peak RSS ({@code /usr/bin/time}).
 */
public final class TraceMemoryBenchmark {

    private TraceMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String heap = args.length > 1 ? args[1] : "128m";
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("trace-memory-bench");
        Path file = ManyConnections.write(dir.resolve("connections-" + n + ".pcap"), n, 1_000);
        System.out.printf(Locale.ROOT, "capture: %s, %d connections, %d segments, %d MB%n", file, n, ManyConnections.segments(n),
                Files.size(file) >> 20);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "wall %e s, CPU %U s user %S s system, "
                + "peak RSS %M KB", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "io.github.tcpmodel.cli.Main", "check", "--profile",
                "linux", file.toString()));
        Path report = dir.resolve("report.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(report.toFile()).redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int rc = p.waitFor();
        List<String> lines = Files.readAllLines(report);
        System.out.println("heap -Xmx" + heap + ", exit " + rc + ": "
                + (lines.isEmpty() ? "(no report)" : lines.get(lines.size() - 1)));
        System.out.print(err);
    }
}
