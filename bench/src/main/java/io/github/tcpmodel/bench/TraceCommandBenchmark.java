package io.github.tcpmodel.bench;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (a main, not a test): the whole {@code tcpmodel check --profile linux FILE} command, JVM start
 * included, against {@code tcpdump -nn -r FILE > /dev/null} and {@code tshark -q -z conv,tcp -r FILE} on the same
 * headers-only capture in the same run. The capture is made at run time, by default ({@code namespace}) from real
 * traffic between two Linux TCPs in network namespaces made by the benchmark ({@link TraceTraffic}, root and
 * tcpdump needed); with {@code synthetic}, written without a network: many interleaved HTTP-like connections
 * (handshake with MSS, a request, a response of 1 to 40 full-sized segments acknowledged every second segment as a
 * delayed ACK does (RFC 9293 §3.8.6.3), a close by the client), each frame cut after the TCP header as {@code
 * tcpdump -s} does. Usage: {@code TraceCommandBenchmark [SEGMENTS] [ROUNDS] [DIR] [namespace|synthetic|reuse] [--
 * JVM-OPTION...]}; with ROUNDS 0 it makes the capture and stops; with {@code reuse} it measures the namespace
 * capture an earlier run left in DIR. The checker's child process gets the JVM options the distribution's launcher
 * gives {@code check}, then the ones after {@code --} (e.g. {@code -Xmx128m}). tshark is installed by {@code
 * bench/setup}.
 */
public final class TraceCommandBenchmark {

    /** Connections open at once in the generated capture. */
    private static final int CONCURRENT = 64;

    private TraceCommandBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> own = new ArrayList<>();
        List<String> jvm = new ArrayList<>();
        boolean toJvm = false;
        for (String a : args) {
            if (a.equals("--")) {
                toJvm = true;
            } else {
                (toJvm ? jvm : own).add(a);
            }
        }
        int target = own.size() > 0 ? Integer.parseInt(own.get(0)) : 450_000;
        int rounds = own.size() > 1 ? Integer.parseInt(own.get(1)) : 3;
        Path dir = own.size() > 2 ? Path.of(own.get(2)) : Files.createTempDirectory("trace-command-bench");
        boolean synthetic = own.size() > 3 && own.get(3).equals("synthetic");
        boolean reuse = own.size() > 3 && own.get(3).equals("reuse");
        Path file = dir.resolve(synthetic ? "connections.pcap" : "namespace.pcap");
        long[] written;
        if (synthetic) {
            written = write(file, target);
        } else if (reuse) {
            // The namespace capture an earlier run left in DIR (rounds 0), so that two builds of the checker can
            // be measured on the same file.
            written = new long[] {TraceTraffic.count(file), -1};
        } else {
            TraceTraffic.Made made = TraceTraffic.capture(file, target);
            written = new long[] {made.segments(), made.connections()};
        }
        System.out.printf(Locale.ROOT, "capture (%s): %s, %d segments, %s connections, %d MB%n",
                synthetic ? "synthetic" : "veth between two namespaces, tcpdump -s 96", file, written[0],
                written[1] < 0 ? "(see the report for the)" : Long.toString(written[1]), Files.size(file) >> 20);
        if (rounds < 1) {
            // Rounds 0: the capture alone, for measuring the checker by hand (peak RSS, heap, profiles).
            return;
        }
        List<String> checker = new ArrayList<>();
        checker.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        checker.addAll(launcherOptions());
        checker.addAll(jvm);
        checker.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.github.tcpmodel.cli.Main", "check",
                "--profile", "linux", file.toString()));
        List<String> tcpdump = List.of("tcpdump", "-nn", "-r", file.toString());
        List<String> tshark = List.of("tshark", "-q", "-z", "conv,tcp", "-r", file.toString());
        System.out.println("checker: " + String.join(" ", checker.subList(0, checker.size() - 7))
                + " -cp BENCH-CLASSPATH io.github.tcpmodel.cli.Main check --profile linux FILE");
        // Best of ROUNDS, wall time and CPU time (user + system, from /usr/bin/time where it exists) apart: on a
        // shared machine the wall time measures the load as much as the command.
        double[] check = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] dump = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] shark = {Double.MAX_VALUE, Double.MAX_VALUE};
        boolean hasDump = true;
        boolean hasShark = true;
        Path cpu = dir.resolve("cpu.txt");
        for (int round = 0; round < rounds; round++) {
            best(check, run(checker, dir.resolve("report.txt"), cpu, 0, 1));
            if (hasDump) {
                try {
                    best(dump, run(tcpdump, null, cpu, 0, 0));
                } catch (IOException e) {
                    System.out.println("tcpdump: not measured (not installed: " + e.getMessage() + ")");
                    hasDump = false;
                }
            }
            if (hasShark) {
                try {
                    best(shark, run(tshark, null, cpu, 0, 0));
                } catch (IOException e) {
                    System.out.println("tshark: not measured (not installed: " + e.getMessage() + ")");
                    hasShark = false;
                }
            }
        }
        List<String> report = Files.readAllLines(dir.resolve("report.txt"));
        System.out.println("checker's verdict: " + (report.isEmpty() ? "(none)" : report.get(report.size() - 1)));
        long segments = written[0];
        report("tcpmodel check --profile linux", segments, check, check);
        if (hasDump) {
            report("tcpdump -nn -r FILE > /dev/null", segments, dump, check);
            System.out.printf(Locale.ROOT, "checker time / tcpdump time: wall %.2f, CPU %.2f (goal: at most 2)%n",
                    check[0] / dump[0], check[1] / dump[1]);
        }
        if (hasShark) {
            report("tshark -q -z conv,tcp -r FILE", segments, shark, check);
            System.out.printf(Locale.ROOT, "tshark time / checker time: wall %.2f, CPU %.2f (goal: at least 3)%n",
                    shark[0] / check[0], shark[1] / check[1]);
        }
    }

    /** The launcher's file, from the repository root: its {@code check_jvm} line is what the command runs with. */
    private static final Path LAUNCHER = Path.of("cli", "src", "dist", "bin", "tcpmodel");

    /**
     * The JVM options the distribution's launcher gives {@code tcpmodel check} (its {@code check_jvm="..."} line),
     * so that the command is measured as a user runs it.
     */
    static List<String> launcherOptions() throws IOException {
        for (String line : Files.readAllLines(LAUNCHER)) {
            if (line.startsWith("check_jvm=\"") && line.endsWith("\"")) {
                return List.of(line.substring("check_jvm=\"".length(), line.length() - 1).split(" "));
            }
        }
        throw new IllegalStateException(LAUNCHER + " has no check_jvm=\"...\" line; run from the repository root");
    }

    private static void best(double[] best, double[] run) {
        best[0] = Math.min(best[0], run[0]);
        best[1] = Math.min(best[1], run[1]);
    }

    /**
     * Wall and CPU time (s; CPU NaN without /usr/bin/time) of one child process, its output written to {@code
     * output} or discarded; its exit code must be one of {@code from..to} (the checker may exit 1: a real capture
     * may hold violations, or what the checker takes for them).
     */
    private static double[] run(List<String> command, Path output, Path cpu, int from, int to)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            cmd.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", cpu.toString()));
        }
        cmd.addAll(command);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.to(output.toFile())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rc < from || rc > to) {
            throw new IllegalStateException(command.get(0) + " exited with " + rc);
        }
        double c = Double.NaN;
        if (timed) {
            String[] f = Files.readString(cpu).trim().split("\\s+");
            c = Double.parseDouble(f[f.length - 2]) + Double.parseDouble(f[f.length - 1]);
        }
        return new double[] {s, c};
    }

    private static void report(String what, long segments, double[] t, double[] checker) {
        System.out.printf(Locale.ROOT, "%-34s wall %7.2f s (%9.0f segments/s, %.2fx the checker's), CPU %7.2f s "
                + "(%9.0f segments/s, %.2fx the checker's)%n", what, t[0], segments / t[0], t[0] / checker[0], t[1],
                segments / t[1], t[1] / checker[1]);
    }

    /** One connection's segments, produced one at a time so that many connections interleave. */
    private static final class Connection {
        final int client;
        final int server;
        final int clientPort;
        final int clientIsn;
        final int serverIsn;
        final int request;
        final int responseSegments;
        int step;
        int sent;

        Connection(int index) {
            client = 0x0A02_0000 | (index >>> 14 & 0xFFFF) + 1;
            server = 0x0A01_0001;
            clientPort = 1024 + (index & 0x3FFF) * 3;
            int h = index * 0x9E37_79B9;
            clientIsn = h;
            serverIsn = h ^ 0x5bd1_e995;
            request = 200 + (h >>> 7 & 0x1FF);
            responseSegments = 1 + Integer.remainderUnsigned(h >>> 11, 40);
        }

        /** Writes the next segment; false when the connection has none left. */
        boolean next(Writer w) throws IOException {
            int c = clientIsn + 1;
            int s = serverIsn + 1;
            int mss = 1448;
            int response = responseSegments * mss;
            switch (step) {
                case 0 -> w.seg(client, server, clientPort, 80, clientIsn, 0, SYN, 0, TcpOptions.mssOnly(1460));
                case 1 -> w.seg(server, client, 80, clientPort, serverIsn, c, SYN | ACK, 0, TcpOptions.mssOnly(1460));
                case 2 -> w.seg(client, server, clientPort, 80, c, s, ACK, 0, TcpOptions.NONE);
                case 3 -> w.seg(client, server, clientPort, 80, c, s, ACK | PSH, request, TcpOptions.NONE);
                case 4 -> {
                    // The response, with the client's ACK after every second segment and after the last.
                    int seq = s + sent * mss;
                    boolean last = sent == responseSegments - 1;
                    w.seg(server, client, 80, clientPort, seq, c + request, last ? ACK | PSH : ACK, mss,
                            TcpOptions.NONE);
                    sent++;
                    if (sent % 2 == 0 || last) {
                        step = 5;
                        return true;
                    }
                    return true;
                }
                case 5 -> {
                    w.seg(client, server, clientPort, 80, c + request, s + sent * mss, ACK, 0, TcpOptions.NONE);
                    step = sent < responseSegments ? 4 : 6;
                    return true;
                }
                case 6 -> w.seg(client, server, clientPort, 80, c + request, s + response, FIN | ACK, 0,
                        TcpOptions.NONE);
                case 7 -> w.seg(server, client, 80, clientPort, s + response, c + request + 1, FIN | ACK, 0,
                        TcpOptions.NONE);
                case 8 -> w.seg(client, server, clientPort, 80, c + request + 1, s + response + 1, ACK, 0,
                        TcpOptions.NONE);
                default -> {
                    return false;
                }
            }
            step++;
            return true;
        }
    }

    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    /** A pcap writer (LINKTYPE_RAW) that keeps the IP and TCP headers of each frame and the frame's length. */
    private static final class Writer {
        private final OutputStream out;
        private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        private long micros = 1_700_000_000_000_000L;
        long segments;

        Writer(OutputStream out) throws IOException {
            this.out = out;
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(96).putInt(101);
            out.write(h.array());
        }

        void seg(int src, int dst, int sport, int dport, int seq, int ack, int flags, int len, TcpOptions opts)
                throws IOException {
            byte[] ip = Codec.encode(new Packet(src, dst, sport, dport, seq, ack, flags, 64_000, 0, opts,
                    len == 0 ? Packet.EMPTY : new byte[len]));
            int ihl = (ip[0] & 0x0F) * 4;
            int headers = ihl + (ip[ihl + 12] >>> 4 & 0x0F) * 4;
            record.clear();
            record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(headers)
                    .putInt(ip.length);
            out.write(record.array());
            out.write(ip, 0, headers);
            micros += 20;
            segments++;
        }
    }

    /**
     * Writes connections, {@link #CONCURRENT} open at once and one segment from each in turn, until {@code target}
     * segments are written and every connection begun has ended; returns the segments and connections written.
     */
    static long[] write(Path file, long target) throws IOException {
        try (BufferedOutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            Writer w = new Writer(out);
            Connection[] open = new Connection[CONCURRENT];
            int begun = 0;
            int live = 0;
            for (int k = 0; k < CONCURRENT; k++) {
                open[k] = new Connection(begun++);
                live++;
            }
            while (live > 0) {
                for (int k = 0; k < CONCURRENT; k++) {
                    if (open[k] == null) {
                        continue;
                    }
                    if (!open[k].next(w)) {
                        if (w.segments < target) {
                            open[k] = new Connection(begun++);
                            open[k].next(w);
                        } else {
                            open[k] = null;
                            live--;
                        }
                    }
                }
            }
            return new long[] {w.segments, begun};
        }
    }
}
