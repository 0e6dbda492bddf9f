package io.github.tcpmodel.engine.trace;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.interop.EngineDriver;
import io.github.tcpmodel.engine.interop.EngineOnTun;
import io.github.tcpmodel.engine.interop.TunImpairments;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.netns.KernelSocket;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Records captures of the Linux kernel talking to this project's engine ({@code ConnectionConfig.linux()}) through a
 * TUN device in a fresh namespace ({@link EngineOnTun}; the engine's own pcap writer, link type 101, writes every
 * packet as it crosses the device), with both sides' own view of their states at checkpoints: the kernel's from
 * {@code ss}, the engine's from {@link Connection#state()}. The checkpoints file has the format of {@link
 * KernelCorpus}; a line {@code ! engine IP} names the engine's address. A {@link ConformanceMonitor} and a {@link
 * TableMonitor} watch the engine throughout; a divergence fails the recording.
 *
 * <p>Run {@code main} (as root) to regenerate the committed captures under {@code src/test/resources/captures/}.
 */
final class EngineCorpus {

    /** The scenarios, by name ({@code engine-} and what happens). */
    static final List<String> SCENARIOS = List.of("engine-kernel-closes-first", "engine-engine-closes-first",
            "engine-half-close", "engine-refused", "engine-abort", "engine-simultaneous-close",
            "engine-simultaneous-open", "engine-syn-retries");

    private static final long SETTLE_MS = 150;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EngineOnTun e;
    private final StringBuilder checkpoints = new StringBuilder();
    private final List<Connection> engineConnections = new ArrayList<>();

    private EngineCorpus(EngineOnTun e) {
        this.e = e;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "engine/src/test/resources/captures");
        // Further arguments name the scenarios to record (all by default).
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : SCENARIOS;
        for (String s : names) {
            record(s, dir);
            System.out.println("recorded " + dir.resolve(s + ".pcap"));
        }
    }

    /** Records scenario {@code name} into {@code dir} in a fresh namespace, deleted afterwards. */
    static void record(String name, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path pcap = dir.resolve(name + ".pcap");
        ConnectionConfig config = ConnectionConfig.linux();
        EngineOnTun e = ok(EngineOnTun.open(name, config, TunImpairments.NONE, TunImpairments.NONE, name.hashCode(),
                Option.some(pcap)));
        ConformanceMonitor conformance = new ConformanceMonitor(config);
        TableMonitor table = new TableMonitor(config.table());
        EngineCorpus k = new EngineCorpus(e);
        try {
            k.call(() -> {
                e.driver().stack().observe(conformance.andThen(table));
                return true;
            });
            k.checkpoints.append("! engine ").append(EngineOnTun.ENGINE).append('\n');
            Thread.sleep(SETTLE_MS);
            k.run(name);
            Thread.sleep(SETTLE_MS);
        } finally {
            e.close();
        }
        Files.writeString(dir.resolve(name + ".checkpoints"), k.checkpoints.toString());
        conformance.finish();
        if (!conformance.divergences().isEmpty() || !table.divergences().isEmpty()) {
            throw new IllegalStateException(name + ": the engine diverged from the linux profile: "
                    + conformance.divergences() + " " + table.divergences());
        }
    }

    private void run(String name) throws Exception {
        int port = 7000 + SCENARIOS.indexOf(name);
        switch (name) {
            case "engine-kernel-closes-first": {
                // Linux client, engine server; the kernel closes first.
                Listener l = call(() -> e.driver().stack().listen(port, 8));
                SocketChannel s = kernelConnects(port);
                Connection c = accept(l);
                exchange(c, s);
                checkpoint("established");
                s.close();
                until("engine CLOSE-WAIT", () -> c.state().state() == TcpState.CLOSE_WAIT);
                checkpoint("kernel closed");
                call(() -> {
                    c.close();
                    return true;
                });
                until("engine connection deleted", c::isDeleted);
                checkpoint("both closed");
                break;
            }
            case "engine-engine-closes-first": {
                // Engine client, Linux server; the engine closes first.
                ServerSocketChannel server = ok(e.ns().listen(EngineOnTun.KERNEL, port, 8));
                Connection c = engineConnects(port);
                SocketChannel s = server.accept();
                exchange(c, s);
                checkpoint("established");
                call(() -> {
                    c.close();
                    return true;
                });
                until("engine FIN-WAIT-2", () -> c.state().state() == TcpState.FIN_WAIT_2);
                checkpoint("engine closed");
                drain(s);
                s.close();
                until("engine TIME-WAIT", () -> c.state().state() == TcpState.TIME_WAIT);
                checkpoint("both closed");
                break;
            }
            case "engine-half-close": {
                // The kernel shuts down its sending side and the engine still sends.
                Listener l = call(() -> e.driver().stack().listen(port, 8));
                SocketChannel s = kernelConnects(port);
                Connection c = accept(l);
                s.shutdownOutput();
                until("engine CLOSE-WAIT", () -> c.state().state() == TcpState.CLOSE_WAIT);
                checkpoint("kernel shut down its sending side");
                byte[] data = bytes(1000);
                call(() -> c.write(data));
                read(s, 1000);
                checkpoint("engine sent after the half-close");
                call(() -> {
                    c.close();
                    return true;
                });
                drain(s);
                until("engine connection deleted", c::isDeleted);
                checkpoint("engine closed");
                s.close();
                checkpoint("kernel released");
                break;
            }
            case "engine-refused": {
                // The kernel connects to an engine port nobody listens on: RST,ACK.
                SocketChannel s = ok(e.ns().socket());
                try {
                    s.connect(new InetSocketAddress(EngineOnTun.ENGINE, port));
                } catch (IOException expected) {
                    // "Connection refused": the RST,ACK is what is recorded.
                }
                checkpoint("refused");
                break;
            }
            case "engine-abort": {
                ServerSocketChannel server = ok(e.ns().listen(EngineOnTun.KERNEL, port, 8));
                Connection c = engineConnects(port);
                SocketChannel s = server.accept();
                exchange(c, s);
                checkpoint("established");
                call(() -> {
                    c.abort();
                    return true;
                });
                checkpoint("engine aborted");
                break;
            }
            case "engine-simultaneous-close": {
                // The engine's FIN waits in the link until the kernel has sent its own: the FINs cross.
                ServerSocketChannel server = ok(e.ns().listen(EngineOnTun.KERNEL, port, 8));
                Connection c = engineConnects(port);
                SocketChannel s = server.accept();
                exchange(c, s);
                checkpoint("established");
                e.link().holdToKernel(true);
                call(c::shutdown);
                until("the engine's FIN is held", () -> e.link().held() == 1);
                s.shutdownOutput();
                // Released on the engine's thread as soon as the kernel's FIN has arrived, so that the two FINs are
                // on the wire within the checker's crossing window (twice the handshake's round trip, at least 5 ms).
                until("engine CLOSING", () -> {
                    boolean closing = c.state().state() == TcpState.CLOSING;
                    if (closing) {
                        e.link().holdToKernel(false);
                    }
                    return closing;
                });
                until("engine TIME-WAIT", () -> c.state().state() == TcpState.TIME_WAIT);
                checkpoint("both shut down");
                s.close();
                checkpoint("kernel released");
                break;
            }
            case "engine-simultaneous-open": {
                // RFC 9293 §3.5 Figure 7: the engine's SYN is held until the kernel's SYN has reached the engine in
                // SYN-SENT; then its SYN and its SYN,ACK go out one by one, crossing the kernel's SYN,ACK.
                int kernelPort = port + 100;
                SocketChannel s = ok(e.ns().socket());
                s.bind(new InetSocketAddress(EngineOnTun.KERNEL, kernelPort));
                e.link().holdToKernel(true);
                Connection c = call(() -> track(e.driver().stack().connect(EngineOnTun.kernelAddress(), kernelPort,
                        port)));
                until("the engine's SYN is held", () -> e.link().held() == 1);
                s.configureBlocking(false);
                s.connect(new InetSocketAddress(EngineOnTun.ENGINE, port));
                until("engine SYN-RECEIVED and its SYN,ACK held",
                        () -> c.state().state() == TcpState.SYN_RECEIVED && e.link().held() == 2);
                e.link().releaseHeld(1);
                until("engine ESTABLISHED on the kernel's SYN,ACK", () -> c.state().state() == TcpState.ESTABLISHED);
                e.link().holdToKernel(false);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!s.finishConnect() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                s.configureBlocking(true);
                exchange(c, s);
                checkpoint("both established");
                call(() -> {
                    c.close();
                    return true;
                });
                drain(s);
                s.close();
                until("engine TIME-WAIT", () -> c.state().state() == TcpState.TIME_WAIT);
                checkpoint("both closed");
                break;
            }
            case "engine-syn-retries": {
                // The kernel's RSTs to the engine are dropped by a blackhole route: the engine retransmits its SYN
                // (linux config: 1 s, 1 s, ...).
                ok(e.ns().run(List.of("ip", "route", "add", "blackhole", EngineOnTun.ENGINE + "/32")));
                Connection c = call(() -> track(e.driver().stack().connect(EngineOnTun.kernelAddress(), port)));
                checkpoint("SYN sent");
                Thread.sleep(2_500);
                checkpoint("after the retries");
                call(() -> {
                    c.abort();
                    return true;
                });
                break;
            }
            default:
                throw new IllegalArgumentException("unknown scenario " + name);
        }
    }

    private Connection track(Connection c) {
        engineConnections.add(c);
        return c;
    }

    private Connection engineConnects(int kernelPort) {
        Connection c = call(() -> track(e.driver().stack().connect(EngineOnTun.kernelAddress(), kernelPort)));
        until("engine ESTABLISHED", () -> c.state().state() == TcpState.ESTABLISHED);
        return c;
    }

    private SocketChannel kernelConnects(int enginePort) throws IOException {
        SocketChannel s = ok(e.ns().socket());
        s.connect(new InetSocketAddress(EngineOnTun.ENGINE, enginePort));
        return s;
    }

    private Connection accept(Listener l) {
        until("engine accepts", () -> l.pending() > 0);
        return call(() -> track(l.accept().get()));
    }

    /** 100 octets from the kernel to the engine, 200 back. */
    private void exchange(Connection c, SocketChannel s) throws IOException {
        s.write(ByteBuffer.wrap(bytes(100)));
        byte[] in = new byte[100];
        int[] got = {0};
        until("engine reads 100 octets", () -> {
            got[0] += c.read(in, got[0], 100 - got[0]);
            return got[0] == 100;
        });
        byte[] out = bytes(200);
        call(() -> c.write(out));
        read(s, 200);
    }

    private <T> T call(Supplier<T> task) {
        return ok(e.driver().call(task, WAIT));
    }

    private void until(String what, BooleanSupplier condition) {
        Either<String, Void> r = EngineDriver.await(e.driver().until(condition), WAIT);
        if (r.isLeft()) {
            throw new IllegalStateException(what + ": " + r.getLeft());
        }
    }

    private static byte[] bytes(int n) {
        return "x".repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static void read(SocketChannel s, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (s.read(b) < 0) {
                throw new IOException("end of stream after " + b.position() + " of " + n + " octets");
            }
        }
    }

    private static void drain(SocketChannel s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (s.read(b) >= 0) {
            b.clear();
        }
    }

    /** The kernel's sockets ({@code ss}) and the engine's connections, after the settling time. */
    private void checkpoint(String label) throws Exception {
        Thread.sleep(SETTLE_MS);
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        List<KernelSocket> sockets = ok(e.ns().sockets()).toJavaList();
        List<String> engine = call(() -> {
            List<String> out = new ArrayList<>();
            for (Connection c : engineConnections) {
                if (!c.isDeleted()) {
                    out.add(EngineOnTun.ENGINE + ":" + c.id().localPort() + " " + EngineOnTun.KERNEL + ":"
                            + c.id().remotePort() + " " + c.state().state().rfcName());
                }
            }
            return out;
        });
        checkpoints.append("# ").append(t).append(' ').append(label).append('\n');
        for (KernelSocket s : sockets) {
            if (s.peer().getPort() == 0) {
                continue;
            }
            checkpoints.append(s.local().getAddress().getHostAddress()).append(':').append(s.local().getPort())
                    .append(' ').append(s.peer().getAddress().getHostAddress()).append(':')
                    .append(s.peer().getPort()).append(' ').append(s.state().rfcName()).append('\n');
        }
        engine.forEach(line -> checkpoints.append(line).append('\n'));
    }

    private static <T> T ok(Either<?, T> e) {
        if (e.isLeft()) {
            throw new IllegalStateException(String.valueOf(e.getLeft()));
        }
        return e.get();
    }
}
