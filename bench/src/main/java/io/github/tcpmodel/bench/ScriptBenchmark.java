package io.github.tcpmodel.bench;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.Script;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.github.tcpmodel.script.target.ModelTarget;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark (a main, not a test): the CPU time of one run of a script on the model target (linux profile) after
 * warm-up, parse included, against a reference measured in the same run: parsing the same script alone (what any
 * target pays before it runs a line). Usage: {@code ScriptBenchmark [SCRIPT.pkt | DIR ...]}; a directory stands
 * for every {@code *.pkt} under it (a checkout of packetdrill's {@code gtests/net/tcp}, say), measured script by
 * script and summed up (median, 90th percentile and largest per-script CPU time, and the CPU time of the whole
 * suite once); without arguments it runs a script of the shape typical of packetdrill's TCP suite (shell line,
 * handshake with options, data both ways, close).
 */
public final class ScriptBenchmark {

    /** A typical script: a passive open with the usual options, a request, a response, an orderly close. */
    static final String TYPICAL = String.join("\n",
            "`../common/defaults.sh`",
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
            "+0 bind(3, ..., ...) = 0",
            "+0 listen(3, 1) = 0",
            "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>",
            "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>",
            "+.1 < . 1:1(0) ack 1 win 32792",
            "+0 accept(3, ..., ...) = 4",
            "+0 < P. 1:1001(1000) ack 1 win 32792",
            "+0 > . 1:1(0) ack 1001",
            "+0 read(4, ..., 1000) = 1000",
            "+0 write(4, ..., 2000) = 2000",
            "+0 > P. 1:1001(1000) ack 1001",
            "+0 > P. 1001:2001(1000) ack 1001",
            "+.1 < . 1001:1001(0) ack 2001 win 32792",
            "+0 close(4) = 0",
            "+0 > F. 2001:2001(0) ack 1001",
            "+.1 < F. 1001:1001(0) ack 2002 win 32792",
            "+0 > . 2002:2002(0) ack 1002",
            "");

    private ScriptBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        if (args.length == 0) {
            measure("typical script (built in)", "typical.pkt", TYPICAL, cpu, WARM_UP, RUNS, true);
        }
        for (String a : args) {
            Path p = Path.of(a);
            if (java.nio.file.Files.isDirectory(p)) {
                suite(p, cpu);
            } else {
                measure(a, a, java.nio.file.Files.readString(p), cpu, WARM_UP, RUNS, true);
            }
        }
    }

    private static final int WARM_UP = 300;
    private static final int RUNS = 500;

    /** Every script under {@code dir}: the per-script medians summed up, then the whole suite run once, warm. */
    private static void suite(Path dir, ThreadMXBean cpu) throws java.io.IOException {
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            files = s.filter(f -> f.toString().endsWith(".pkt")).sorted().toList();
        }
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (Path f : files) {
            texts.add(java.nio.file.Files.readString(f));
        }
        int n = files.size();
        double[] run = new double[n];
        double[] parse = new double[n];
        for (int i = 0; i < n; i++) {
            double[] m = measure(dir.relativize(files.get(i)).toString(), files.get(i).toString(), texts.get(i), cpu,
                    30, 50, false);
            run[i] = m[0];
            parse[i] = m[1];
        }
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            once(files.get(i).toString(), texts.get(i), Profile.linux());
        }
        double whole = (cpu.getCurrentThreadCpuTime() - t0) / 1e6;
        double[] sortedRun = run.clone();
        double[] sortedParse = parse.clone();
        Arrays.sort(sortedRun);
        Arrays.sort(sortedParse);
        System.out.printf(Locale.ROOT, "%d scripts under %s: CPU per script run after warm-up: median %.3f ms, "
                + "p90 %.3f ms, max %.3f ms; reference, the parse alone: median %.3f ms; ratio of the medians %.1f; "
                + "the whole suite once, warm: %.0f ms (%.3f ms a script)%n", n, dir, sortedRun[n / 2],
                sortedRun[n * 9 / 10], sortedRun[n - 1], sortedParse[n / 2], sortedRun[n / 2] / sortedParse[n / 2],
                whole, whole / n);
    }

    /**
     * Measures one script: {@code runs} runs after {@code warmUp}, each the parse and the run, and as many parses
     * alone; prints the figures when {@code print}; answers the medians in ms, {run, parse}.
     */
    private static double[] measure(String label, String name, String text, ThreadMXBean cpu, int warmUp, int runs,
                                    boolean print) {
        Profile linux = Profile.linux();
        for (int i = 0; i < warmUp; i++) {
            once(name, text, linux);
            ScriptParser.parse(name, text);
        }
        long[] nanos = new long[runs];
        long[] parseNanos = new long[runs];
        String verdict = "";
        for (int i = 0; i < runs; i++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            verdict = once(name, text, linux);
            long t1 = cpu.getCurrentThreadCpuTime();
            ScriptParser.parse(name, text);
            long t2 = cpu.getCurrentThreadCpuTime();
            nanos[i] = t1 - t0;
            parseNanos[i] = t2 - t1;
        }
        Arrays.sort(nanos);
        Arrays.sort(parseNanos);
        double median = nanos[runs / 2] / 1e6;
        double parseMedian = parseNanos[runs / 2] / 1e6;
        if (print) {
            System.out.printf(Locale.ROOT, "%s: %s; CPU per run after warm-up: median %.3f ms, p90 %.3f ms, max %.3f "
                    + "ms; reference, the parse alone: median %.3f ms; ratio %.1f%n", label, verdict, median,
                    nanos[runs * 9 / 10] / 1e6, nanos[runs - 1] / 1e6, parseMedian, median / parseMedian);
        }
        return new double[] {median, parseMedian};
    }

    /** One run as {@code tcpmodel script --target model} makes it: the model on a 1500-octet link, in the script's folder. */
    private static String once(String name, String text, Profile profile) {
        var parsed = ScriptParser.parse(name, text);
        if (parsed.isLeft()) {
            return "does not parse";
        }
        Script s = parsed.get();
        Path dir = Path.of(name).toAbsolutePath().getParent();
        return ScriptRunner.run(s, ModelTarget.onLink(profile, ModelTarget.LINK_MTU).inDirectory(dir))
                .fold(f -> "fails: " + f.message(), p -> "passes");
    }
}
