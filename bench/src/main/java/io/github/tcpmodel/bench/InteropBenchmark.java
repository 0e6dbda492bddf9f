package io.github.tcpmodel.bench;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.linux.interop.EngineDriver;
import io.github.tcpmodel.linux.interop.EngineOnTun;
import io.github.tcpmodel.linux.interop.TunImpairments;
import io.github.tcpmodel.linux.netns.NetNamespace;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Bulk throughput through the TUN device, Linux to engine and engine to Linux, against Linux to Linux over a veth
 * pair between two namespaces, all measured in the same run; prints MB/s and the ratios. The device is plain or
 * opened with {@code IFF_VNET_HDR} and the kernel's offloads. Not a test. Needs root and
 * {@code /dev/net/tun}. Arguments: MiB per transfer (default 64), repetitions (default 3; the best is kept).
 */
public final class InteropBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(5);

    private InteropBenchmark() {
    }

    /** Runs the benchmark and prints the figures. */
    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 64;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Option<String> missing = EngineOnTun.missing();
        if (missing.isDefined()) {
            System.out.println("skipped: " + missing.get());
            return;
        }
        long n = mib << 20;
        double veth = 0;
        // Rows: {MTU 1500, MTU 65535} x {plain TUN, IFF_VNET_HDR} x {monitor on, off} x {to the engine, from it}.
        double[][][][] engine = new double[2][2][2][2];
        for (int i = 0; i < reps; i++) {
            veth = Math.max(veth, vethLinuxToLinux(n));
            for (int mtu = 0; mtu < 2; mtu++) {
                for (int vnet = 0; vnet < 2; vnet++) {
                    for (int monitor = 0; monitor < 2; monitor++) {
                        TunSetup setup = new TunSetup(mtu == 1, monitor == 0, vnet == 1);
                        double[] r = engine[mtu][vnet][monitor];
                        r[0] = Math.max(r[0], linuxToEngine(n, setup));
                        r[1] = Math.max(r[1], engineToLinux(n, setup));
                    }
                }
            }
        }
        System.out.printf("%d MiB per transfer, best of %d%n", mib, reps);
        System.out.printf("Linux -> Linux over veth (reference):                             %8.1f MB/s%n", veth);
        for (int mtu = 0; mtu < 2; mtu++) {
            for (int vnet = 0; vnet < 2; vnet++) {
                for (int monitor = 0; monitor < 2; monitor++) {
                    double[] r = engine[mtu][vnet][monitor];
                    String what = (mtu == 1 ? "MTU 65535" : "MTU 1500") + (vnet == 1 ? ", vnet" : "")
                            + ", monitor " + (monitor == 0 ? "on" : "off");
                    System.out.printf("Linux -> engine through the TUN, %-32s %8.1f MB/s  (%.3f of the reference)%n",
                            what + ":", r[0], r[0] / veth);
                    System.out.printf("engine -> Linux through the TUN, %-32s %8.1f MB/s  (%.3f of the reference)%n",
                            what + ":", r[1], r[1] / veth);
                }
            }
        }
    }

    /**
     * How the engine runs: on a TUN device with Ethernet's MTU (MSS 1460) or with the largest an IPv4 packet allows
     * (MSS 65495, as on Linux's loopback), the device plain or with {@code IFF_VNET_HDR} and the kernel's offloads
     * (TSO super-segments to the engine), and with or without a conformance monitor, which must find nothing.
     */
    private record TunSetup(boolean largeMtu, boolean monitored, boolean vnet) {
        ConnectionConfig config() {
            return largeMtu ? ConnectionConfig.linux().withMss(65_495) : ConnectionConfig.linux();
        }
    }

    private static double mbPerSecond(long octets, long nanos) {
        return octets / 1e6 / (nanos / 1e9);
    }

    private static EngineOnTun open(String name, TunSetup setup, ConformanceMonitor[] monitor) {
        Either<String, EngineOnTun> opened = EngineOnTun.open(name, setup.config(), TunImpairments.NONE,
                TunImpairments.NONE, 1, Option.none(), false, setup.vnet());
        EngineOnTun e = opened.getOrElseThrow((String m) -> new IllegalStateException(m));
        if (setup.largeMtu()) {
            ok(e.ns().run(List.of("ip", "link", "set", e.tun().name(), "mtu", "65535")));
        }
        if (setup.monitored()) {
            monitor[0] = new ConformanceMonitor(setup.config());
            e.driver().call(() -> {
                e.driver().stack().observe(monitor[0]);
                return true;
            }).get();
        }
        return e;
    }

    /** Throws if the monitor (when there is one) found a divergence; called on the driver's thread. */
    private static void checkMonitor(EngineOnTun e, ConformanceMonitor[] monitor) {
        if (monitor[0] != null) {
            java.util.List<String> found = e.driver().call(() -> {
                monitor[0].finish();
                return monitor[0].divergences().stream().map(String::valueOf).toList();
            }).get();
            check(found.isEmpty(), found.size() + " monitor divergences, the first: "
                    + found.subList(0, Math.min(3, found.size())));
        }
    }

    static double linuxToEngine(long n, TunSetup setup) throws Exception {
        ConformanceMonitor[] monitor = new ConformanceMonitor[1];
        try (EngineOnTun e = open("bench-to-engine", setup, monitor)) {
            Listener l = e.driver().call(() -> e.driver().stack().listen(9000, 8)).get();
            SocketChannel s = e.ns().socket().getOrElseThrow(err -> new IllegalStateException(err.toString()));
            s.connect(new InetSocketAddress(EngineOnTun.ENGINE, 9000));
            EngineDriver.await(e.driver().until(() -> l.pending() > 0), WAIT).get();
            Connection c = e.driver().call(() -> l.accept().get()).get();
            long t0 = System.nanoTime();
            byte[] buf = new byte[65536];
            long[] count = {0};
            CompletableFuture<Void> got = e.driver().until(() -> {
                int k;
                while ((k = c.read(buf, 0, buf.length)) > 0) {
                    count[0] += k;
                }
                return count[0] >= n;
            });
            kernelSend(s, n);
            EngineDriver.await(got, WAIT).get();
            long t = System.nanoTime() - t0;
            s.close();
            checkMonitor(e, monitor);
            return mbPerSecond(n, t);
        }
    }

    static double engineToLinux(long n, TunSetup setup) throws Exception {
        ConformanceMonitor[] monitor = new ConformanceMonitor[1];
        try (EngineOnTun e = open("bench-from-engine", setup, monitor)) {
            ServerSocketChannel server = e.ns().listen(EngineOnTun.KERNEL, 9001, 8)
                    .getOrElseThrow(err -> new IllegalStateException(err.toString()));
            Connection c = e.driver().call(() -> e.driver().stack().connect(EngineOnTun.kernelAddress(), 9001))
                    .get();
            SocketChannel s = server.accept();
            long t0 = System.nanoTime();
            byte[] buf = new byte[65536];
            long[] left = {n};
            CompletableFuture<Void> sent = e.driver().until(() -> {
                int k;
                while (left[0] > 0 && (k = c.write(buf, 0, (int) Math.min(buf.length, left[0]))) > 0) {
                    left[0] -= k;
                }
                return left[0] == 0;
            });
            long r = kernelReceive(s, n);
            long t = System.nanoTime() - t0;
            EngineDriver.await(sent, WAIT).get();
            check(r == n, "short transfer to the kernel");
            s.close();
            checkMonitor(e, monitor);
            return mbPerSecond(n, t);
        }
    }

    static double vethLinuxToLinux(long n) throws Exception {
        NetNamespace a = NetNamespace.create().getOrElseThrow(err -> new IllegalStateException(err.toString()));
        try (a; NetNamespace b = NetNamespace.create()
                .getOrElseThrow(err -> new IllegalStateException(err.toString()))) {
            check(b.isNamed(), "the veth reference needs named namespaces (run as root, not under unshare -rn)");
            ok(a.run(List.of("ip", "link", "add", "tcpmva", "type", "veth", "peer", "name", "tcpmvb")));
            ok(a.run(List.of("ip", "link", "set", "tcpmvb", "netns", b.name())));
            ok(a.run(List.of("ip", "addr", "add", "10.78.0.1/24", "dev", "tcpmva")));
            ok(b.run(List.of("ip", "addr", "add", "10.78.0.2/24", "dev", "tcpmvb")));
            for (NetNamespace ns : List.of(a, b)) {
                ok(ns.run(List.of("ip", "link", "set", "lo", "up")));
            }
            ok(a.run(List.of("ip", "link", "set", "tcpmva", "up")));
            ok(b.run(List.of("ip", "link", "set", "tcpmvb", "up")));
            ServerSocketChannel server = b.listen("10.78.0.2", 9002, 8)
                    .getOrElseThrow(err -> new IllegalStateException(err.toString()));
            SocketChannel client = a.socket().getOrElseThrow(err -> new IllegalStateException(err.toString()));
            client.connect(new InetSocketAddress("10.78.0.2", 9002));
            SocketChannel s = server.accept();
            long t0 = System.nanoTime();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    kernelSend(client, n);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long r = kernelReceive(s, n);
            long t = System.nanoTime() - t0;
            sent.get();
            check(r == n, "short transfer over veth");
            client.close();
            s.close();
            return mbPerSecond(n, t);
        }
    }

    /** Writes n octets from one reused buffer: the reference must not be slowed by generating data. */
    private static void kernelSend(SocketChannel s, long n) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(65536);
        long left = n;
        while (left > 0) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), left));
            while (b.hasRemaining()) {
                left -= s.write(b);
            }
        }
    }

    private static long kernelReceive(SocketChannel s, long n) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(65536);
        long count = 0;
        while (count < n) {
            b.clear();
            int k = s.read(b);
            if (k < 0) {
                break;
            }
            count += k;
        }
        return count;
    }

    private static void ok(Either<?, ?> r) {
        if (r.isLeft()) {
            throw new IllegalStateException(String.valueOf(r.getLeft()));
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
