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
 * warm-up, parse included. Usage: {@code ScriptBenchmark [SCRIPT.pkt ...]}; without files it runs a script of the
 * shape typical of packetdrill's TCP suite (shell line, handshake with options, data both ways, close).
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
            measure("typical script (built in)", "typical.pkt", TYPICAL, cpu);
        }
        for (String a : args) {
            Path p = Path.of(a);
            measure(a, a, java.nio.file.Files.readString(p), cpu);
        }
    }

    private static void measure(String label, String name, String text, ThreadMXBean cpu) {
        Profile linux = Profile.linux();
        for (int i = 0; i < 300; i++) {
            once(name, text, linux);
        }
        int n = 500;
        long[] nanos = new long[n];
        String verdict = "";
        for (int i = 0; i < n; i++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            verdict = once(name, text, linux);
            nanos[i] = cpu.getCurrentThreadCpuTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%s: %s; CPU per run after warm-up: median %.3f ms, p90 %.3f ms, max %.3f ms%n",
                label, verdict, nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6, nanos[n - 1] / 1e6);
    }

    private static String once(String name, String text, Profile profile) {
        var parsed = ScriptParser.parse(name, text);
        if (parsed.isLeft()) {
            return "does not parse";
        }
        Script s = parsed.get();
        return ScriptRunner.run(s, new ModelTarget(profile)).fold(f -> "fails: " + f.message(),
                p -> "passes");
    }
}
