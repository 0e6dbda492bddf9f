package io.github.tcpmodel.bench;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.link.MemoryLink;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput between two engines over the in-memory link, in MB/s of wall-clock time on the virtual clock, against a
 * reference measured in the same run: the same octets copied into packet-sized arrays, sent through the same
 * in-memory link and copied out, with no TCP. Also the heap an idle established connection costs.
 *
 * <p>Usage: {@code EngineBenchmark [megabytes] [connections]} (defaults 64 and 2000). Not a test: timings depend on
 * the machine; the ratio to the reference is the figure to compare.
 */
public final class EngineBenchmark {

    private static final int MSS = 1460;
    /** The MSS of a path with a 64 KiB MTU, like Linux's loopback: 65535 less 40 octets of headers. */
    private static final int LOOPBACK_MSS = 65495;

    private EngineBenchmark() {
    }

    /** Runs the benchmark and prints the figures. */
    public static void main(String[] args) {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 64;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long bytes = megabytes * 1024 * 1024;
        System.out.printf(Locale.ROOT, "java %s, %d processors, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ConnectionConfig ethernet = ConnectionConfig.rfc9293();
        ConnectionConfig loopback = ConnectionConfig.rfc9293().withMss(LOOPBACK_MSS);
        // Warm up both paths so the JIT has compiled them before the measured runs.
        referenceCopy(bytes / 8);
        engineTransfer(bytes / 8, ethernet, Impairments.NONE, true);
        engineTransfer(bytes / 8, loopback, Impairments.NONE, false);
        double[] reference = best(bytes, () -> referenceCopy(bytes));
        System.out.printf(Locale.ROOT, "reference byte copy through the link:           %8.1f MB/s"
                + "                       %8.1f MB per CPU-second%n", reference[0], reference[1]);
        row("engine, perfect link, MSS 1460, monitor on: ", best(bytes, () -> engineTransfer(bytes, ethernet,
                Impairments.NONE, true)), reference);
        row("engine, perfect link, MSS 1460, monitor off:", best(bytes, () -> engineTransfer(bytes, ethernet,
                Impairments.NONE, false)), reference);
        row("engine, perfect link, MSS 65495, monitor on: ", best(bytes, () -> engineTransfer(bytes, loopback,
                Impairments.NONE, true)), reference);
        row("engine, perfect link, MSS 65495, monitor off:", best(bytes, () -> engineTransfer(bytes, loopback,
                Impairments.NONE, false)), reference);
        row("engine, harsh link (20% loss ...), monitor on:", engineTransfer(bytes / 4, ethernet, Impairments.harsh(),
                true), reference[0]);
        memoryPerConnection(connections);
    }

    private static void row(String what, double megabytesPerSecond, double reference) {
        System.out.printf(Locale.ROOT, "%-47s %8.1f MB/s  (%.3f of reference)%n", what, megabytesPerSecond,
                megabytesPerSecond / reference);
    }

    /**
     * A row of the best of 3: wall-clock MB/s and its ratio to the reference's, and MB per CPU-second of the process
     * (GC and JIT included), which stays comparable when other processes share the machine.
     */
    private static void row(String what, double[] best, double[] reference) {
        System.out.printf(Locale.ROOT, "%-47s %8.1f MB/s  (%.3f of reference) %8.1f MB per CPU-second (%.3f)%n",
                what, best[0], best[0] / reference[0], best[1], best[1] / reference[1]);
    }

    private interface Run {
        double megabytesPerSecond();
    }

    /** The best of 3 runs of {@code bytes}: wall-clock MB/s and MB per CPU-second of the process. */
    private static double[] best(long bytes, Run run) {
        double bestWall = 0;
        double bestCpu = 0;
        for (int i = 0; i < 3; i++) {
            long cpu = processCpuNanos();
            bestWall = Math.max(bestWall, run.megabytesPerSecond());
            // The process's CPU time is counted in clock ticks (10 ms on Linux): a short run reads coarsely.
            long used = Math.max(1, processCpuNanos() - cpu);
            bestCpu = Math.max(bestCpu, bytes / 1048576.0 / (used / 1e9));
        }
        return new double[] {bestWall, bestCpu};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The reference: packet-sized copies through the same in-memory link, no TCP. */
    static double referenceCopy(long bytes) {
        VirtualClock clock = new VirtualClock();
        MemoryLink[] link = MemoryLink.pair(clock, Impairments.NONE, 1);
        byte[] source = new byte[MSS];
        byte[] sink = new byte[MSS];
        long[] received = {0};
        long sum = 0;
        long start = System.nanoTime();
        for (long sent = 0; sent < bytes; sent += MSS) {
            source[(int) (sent % MSS)]++;
            byte[] packet = new byte[40 + MSS];
            System.arraycopy(source, 0, packet, 40, MSS);
            link[0].send(packet);
            clock.advanceBy(1);
            link[1].receive(p -> {
                System.arraycopy(p, 40, sink, 0, MSS);
                received[0] += MSS;
            }, Integer.MAX_VALUE);
            sum += sink[0];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sum == 42) {
            System.out.print("");
        }
        return received[0] / 1048576.0 / seconds;
    }

    /**
     * One-way transfer of {@code bytes} between two engines under {@code config}, wall-clock MB/s; with
     * {@code monitored}, a conformance monitor on each engine, which must report no divergence.
     */
    static double engineTransfer(long bytes, ConnectionConfig config, Impairments impairments, boolean monitored) {
        Simulation sim = new Simulation("bench", config, config, impairments, 7, monitored);
        Listener listener = sim.b().listen(5001);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 5001);
        sim.runUntil(() -> listener.pending() > 0, 60_000);
        Connection server = listener.accept().get();
        byte[] out = new byte[64 * 1024];
        byte[] in = new byte[64 * 1024];
        long[] sent = {0};
        long[] got = {0};
        long start = System.nanoTime();
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
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!sim.divergences().isEmpty()) {
            throw new IllegalStateException("monitor divergences: " + sim.divergences());
        }
        return got[0] / 1048576.0 / seconds;
    }

    /** Heap per idle established connection (both ends counted: one pair is two connections). */
    static void memoryPerConnection(int pairs) {
        Simulation sim = new Simulation("memory", ConnectionConfig.rfc9293().withEmbryonicLimit(pairs + 1),
                Impairments.NONE, 3);
        Listener listener = sim.b().listen(80, pairs + 1);
        long before = usedHeap();
        List<Connection> keep = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            keep.add(sim.a().connect(Simulation.ADDRESS_B, 80));
        }
        sim.runUntil(() -> listener.pending() == pairs, 600_000);
        while (listener.pending() > 0) {
            keep.add(listener.accept().get());
        }
        for (Connection c : keep) {
            if (c.tcpState() != TcpState.ESTABLISHED) {
                throw new IllegalStateException("not established: " + c);
            }
        }
        long after = usedHeap();
        System.out.printf(Locale.ROOT, "memory per idle established connection: %d bytes (%d connections)%n",
                (after - before) / keep.size(), keep.size());
        // Send 1 octet on each so the buffers are allocated, then measure again.
        for (Connection c : keep) {
            c.write(new byte[] {1});
        }
        sim.runTo(sim.clock().nowMillis() + 1000);
        byte[] one = new byte[1];
        for (Connection c : keep) {
            c.read(one, 0, 1);
        }
        long afterUse = usedHeap();
        System.out.printf(Locale.ROOT, "memory per connection after 1 octet each way: %d bytes%n",
                (afterUse - before) / keep.size());
        if (keep.size() == 42) {
            System.out.print("");
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
