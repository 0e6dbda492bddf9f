package io.github.tcpmodel.bench;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.pcap.CaptureReader;
import io.github.tcpmodel.pcap.CapturedPacket;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.trace.CheckResult;
import io.github.tcpmodel.trace.SyntheticCapture;
import io.github.tcpmodel.trace.TraceChecker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark (a main, not a test): segments checked per second on a synthetic capture of a million segments or
 * more, against references measured in the same run on the same file: {@code tshark -q -z conv,tcp} when tshark is
 * installed, and the capture reader with the codec alone. Usage: {@code TraceBenchmark [SEGMENTS] [DIR]}.
 */
public final class TraceBenchmark {

    private TraceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("trace-bench");
        Path file = dir.resolve("bench.pcap");
        long segments = write(file, target);
        System.out.printf(Locale.ROOT, "capture: %s, %d segments, %d MB%n", file, segments,
                Files.size(file) >> 20);
        Profile linux = Profile.linux();
        double reader = Double.MAX_VALUE;
        double checker = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            reader = Math.min(reader, time(() -> readAndDecode(file)));
            checker = Math.min(checker, time(() -> {
                CheckResult r = TraceChecker.check(file, linux);
                if (!(r instanceof CheckResult.Checked checked) || !checked.report().conforms()) {
                    throw new IllegalStateException("the synthetic capture must conform: " + r.exitCode());
                }
            }));
        }
        report("trace checker (linux profile)", segments, checker, checker);
        report("reader + codec (reference)", segments, reader, checker);
        double tshark = Double.NaN;
        try {
            tshark = time(() -> tshark(file));
            tshark = Math.min(tshark, time(() -> tshark(file)));
            report("tshark -q -z conv,tcp (reference)", segments, tshark, checker);
        } catch (IllegalStateException e) {
            System.out.println("tshark: not measured (" + e.getMessage() + ")");
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double time(Run r) throws Exception {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void report(String what, long segments, double seconds, double checker) {
        System.out.printf(Locale.ROOT, "%-36s %8.2f s %12.0f segments/s  (%.2fx the checker's time)%n", what,
                seconds, segments / seconds, seconds / checker);
    }

    private static void readAndDecode(Path file) {
        CaptureReader r = CaptureReader.open(file).get();
        long ok = 0;
        while (true) {
            var n = r.next();
            if (n.isLeft() || n.get().isEmpty()) {
                break;
            }
            CapturedPacket p = n.get().get();
            if (Codec.decode(p.ip()) instanceof Decoded.Ok) {
                ok++;
            }
        }
        r.close();
        if (ok == 0) {
            throw new IllegalStateException("nothing decoded");
        }
    }

    private static void tshark(Path file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-q", "-z", "conv,tcp", "-r", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("tshark is not installed: " + e.getMessage());
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("tshark exited with " + p.exitValue());
        }
    }

    /**
     * Writes interleaved connections (16 at a time), each a handshake, 40 data segments each acknowledged, and a
     * close by the client: 87 segments per connection, until {@code target} segments are written.
     */
    static long write(Path file, int target) throws IOException {
        long n = 0;
        try (BufferedOutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            SyntheticCapture t = new SyntheticCapture(out);
            SyntheticCapture.Host s = new SyntheticCapture.Host("10.1.0.1", 443);
            int conn = 0;
            while (n < target) {
                SyntheticCapture.Host[] c = new SyntheticCapture.Host[16];
                for (int k = 0; k < 16; k++, conn++) {
                    c[k] = new SyntheticCapture.Host("10.2." + (conn >> 16 & 0xFF) + "." + (conn >> 8 & 0xFF),
                            1024 + (conn & 0xFF));
                }
                for (int step = 0; step < 87; step++) {
                    for (int k = 0; k < 16; k++) {
                        segment(t, c[k], s, 1000L * k, step);
                        n++;
                    }
                    t.after(0.1);
                }
            }
        }
        return n;
    }

    private static void segment(SyntheticCapture t, SyntheticCapture.Host c, SyntheticCapture.Host s, long isn, int step) {
        long ci = isn + 1;
        long si = isn + 500_001;
        if (step == 0) {
            t.syn(c, s, isn);
        } else if (step == 1) {
            t.synAck(s, c, isn + 500_000, ci);
        } else if (step == 2) {
            t.seg(c, s, ci, si, SyntheticCapture.ACK, 0);
        } else if (step < 83) {
            int k = (step - 3) / 2;
            if ((step - 3) % 2 == 0) {
                t.seg(c, s, ci + 100L * k, si, SyntheticCapture.ACK | SyntheticCapture.PSH, 100);
            } else {
                t.seg(s, c, si, ci + 100L * (k + 1), SyntheticCapture.ACK, 0);
            }
        } else if (step == 83) {
            t.seg(c, s, ci + 4000, si, SyntheticCapture.FIN | SyntheticCapture.ACK, 0);
        } else if (step == 84) {
            t.seg(s, c, si, ci + 4001, SyntheticCapture.ACK, 0);
        } else if (step == 85) {
            t.seg(s, c, si, ci + 4001, SyntheticCapture.FIN | SyntheticCapture.ACK, 0);
        } else {
            t.seg(c, s, ci + 4001, si + 1, SyntheticCapture.ACK, 0);
        }
    }
}
