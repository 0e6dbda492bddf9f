package io.github.tcpmodel.bench;

import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.link.Impairments;
import java.util.Locale;

/**
 * Throughput of the engine's linux configuration under {@code harsh()} impairments (20 % loss, 10 % duplication, 20 %
 * reordering, 1 % corruption) in memory, with SACK (RFC 2018, RFC 6675 loss recovery) and without it (NewReno, RFC
 * 6582), monitor on: in wall-clock time against the byte copy through the same link measured in the same run (what
 * the CPU does, the monitor's model steps included), and in the simulation's virtual time with its retransmissions
 * (what the protocol does: the link delivers after a virtual millisecond or more). Not a test. Arguments: MiB per
 * transfer (default 8), repetitions (default 3; the best is kept).
 */
public final class SackBenchmark {

    private SackBenchmark() {
    }

    /** Runs the benchmark and prints the figures. */
    public static void main(String[] args) {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 8) << 20;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ConnectionConfig sack = ConnectionConfig.linux().withUserTimeout(3_600_000);
        ConnectionConfig noSack = sack.withProfile(sack.profile().withExtensions(
                sack.profile().extensions().withSack(false)));
        EngineBenchmark.referenceCopy(bytes / 8);
        double reference = 0;
        double with = 0;
        double without = 0;
        for (int i = 0; i < reps; i++) {
            reference = Math.max(reference, EngineBenchmark.referenceCopy(bytes * 8));
            with = Math.max(with, EngineBenchmark.engineTransfer(bytes, sack, Impairments.harsh(), true));
            without = Math.max(without, EngineBenchmark.engineTransfer(bytes, noSack, Impairments.harsh(), true));
        }
        System.out.printf(Locale.ROOT, "%d MiB per transfer, best of %d%n", bytes >> 20, reps);
        System.out.printf(Locale.ROOT, "reference byte copy through the link:          %8.1f MB/s%n", reference);
        System.out.printf(Locale.ROOT, "linux config, harsh link, SACK, monitor on:    %8.2f MB/s  (%.4f)%n", with,
                with / reference);
        System.out.printf(Locale.ROOT, "linux config, harsh link, no SACK, monitor on: %8.2f MB/s  (%.4f)%n", without,
                without / reference);
        for (boolean on : new boolean[] {true, false}) {
            long[] r = virtualTransfer(bytes, on ? sack : noSack);
            System.out.printf(Locale.ROOT, "virtual time, %-8s: %d ms for %d MiB (%.2f MB/s), %d retransmissions%n",
                    on ? "SACK" : "no SACK", r[0], bytes >> 20, (bytes / 1048576.0) / (r[0] / 1000.0), r[1]);
        }
    }

    /** {@code bytes} one way under harsh(), monitor on: the virtual milliseconds taken and the retransmissions. */
    static long[] virtualTransfer(long bytes, ConnectionConfig config) {
        io.github.tcpmodel.engine.simulation.Simulation sim = new io.github.tcpmodel.engine.simulation.Simulation(
                "sack", config, config, Impairments.harsh(), 7, true);
        io.github.tcpmodel.engine.connection.Listener listener = sim.b().listen(5001);
        io.github.tcpmodel.engine.connection.Connection client =
                sim.a().connect(io.github.tcpmodel.engine.simulation.Simulation.ADDRESS_B, 5001);
        sim.runUntil(() -> listener.pending() > 0, 60_000);
        io.github.tcpmodel.engine.connection.Connection server = listener.accept().get();
        byte[] out = new byte[64 * 1024];
        byte[] in = new byte[64 * 1024];
        long[] sent = {0};
        long[] got = {0};
        long start = sim.clock().nowMillis();
        sim.runUntil(() -> got[0] >= bytes, () -> {
            boolean did = false;
            while (sent[0] < bytes && client.writable() > 0) {
                int n = client.write(out, 0, (int) Math.min(out.length, bytes - sent[0]));
                if (n <= 0) {
                    break;
                }
                sent[0] += n;
                did = true;
            }
            int n;
            while ((n = server.read(in, 0, in.length)) > 0) {
                got[0] += n;
                did = true;
            }
            return did;
        }, Long.MAX_VALUE / 4);
        if (!sim.divergences().isEmpty()) {
            throw new IllegalStateException("monitor divergences: " + sim.divergences());
        }
        return new long[] {sim.clock().nowMillis() - start, client.retransmissions()};
    }
}
