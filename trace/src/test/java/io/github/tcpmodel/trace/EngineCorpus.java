package io.github.tcpmodel.trace;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.linux.interop.EngineDriver;
import io.github.tcpmodel.linux.interop.EngineOnTun;
import io.github.tcpmodel.linux.interop.TunImpairments;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.linux.netns.KernelSocket;
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
            "engine-simultaneous-open", "engine-syn-retries", "engine-engine-keepalive-death",
            "engine-kernel-keepalive-death", "engine-engine-time-wait-re-ack", "engine-kernel-time-wait-re-ack",
            "engine-time-wait-expiry");
    /** The scenarios that take long to record: TIME-WAIT expiry waits the linux profile's 60 s. */
    static final List<String> LONG = List.of("engine-time-wait-expiry");

    private static final long SETTLE_MS = 150;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EngineOnTun e;
    private final StringBuilder checkpoints = new StringBuilder();
    private final List<Connection> engineConnections = new ArrayList<>();

    private EngineCorpus(EngineOnTun e) {
        this.e = e;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "trace/src/test/resources/captures");
        // Further arguments name the scenarios to record (all by default).
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : SCENARIOS;
        for (String s : names) {
            record(s, dir);
            System.out.println("recorded " + dir.resolve(s + ".pcap"));
        }
    }

    /**
     * Records scenario {@code name} into {@code dir} in a fresh namespace, deleted afterwards. In the simultaneous
     * close and open the engine's FIN or SYN,ACK is held in the link until the kernel's has arrived, so the two cross
     * on the wire however long the engine's thread then takes to release it; the checker takes a FIN (SYN,ACK) that
     * the receiver's own contradicts as crossing, whatever the gap (docs/trace-checker.md, "The capture point").
     */
    static void record(String name, Path dir) throws Exception {
        recordOnce(name, dir);
    }

    private static void recordOnce(String name, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path pcap = dir.resolve(name + ".pcap");
        ConnectionConfig config = name.equals("engine-engine-keepalive-death") ? shortKeepAlive()
                : ConnectionConfig.linux();
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

    /**
     * The linux config with keep-alive parameters of 1 s idle, 1 s between probes and 2 unanswered probes (as the
     * kernel's TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT of 1, 1, 2), still off until a connection switches it on
     * ({@link Connection#setKeepAlive}, SO_KEEPALIVE).
     */
    private static ConnectionConfig shortKeepAlive() {
        return ConnectionConfig.linux().withKeepAlive(false).withKeepAliveTimes(1000, 1000, 2);
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
                until("engine CLOSE-WAIT", () -> c.tcpState() == TcpState.CLOSE_WAIT);
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
                until("engine FIN-WAIT-2", () -> c.tcpState() == TcpState.FIN_WAIT_2);
                checkpoint("engine closed");
                drain(s);
                s.close();
                until("engine TIME-WAIT", () -> c.tcpState() == TcpState.TIME_WAIT);
                checkpoint("both closed");
                break;
            }
            case "engine-half-close": {
                // The kernel shuts down its sending side and the engine still sends.
                Listener l = call(() -> e.driver().stack().listen(port, 8));
                SocketChannel s = kernelConnects(port);
                Connection c = accept(l);
                s.shutdownOutput();
                until("engine CLOSE-WAIT", () -> c.tcpState() == TcpState.CLOSE_WAIT);
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
                    boolean closing = c.tcpState() == TcpState.CLOSING;
                    if (closing) {
                        e.link().holdToKernel(false);
                    }
                    return closing;
                });
                until("engine TIME-WAIT", () -> c.tcpState() == TcpState.TIME_WAIT);
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
                        () -> c.tcpState() == TcpState.SYN_RECEIVED && e.link().held() == 2);
                e.link().releaseHeld(1);
                // Released on the engine's thread in the turn that took the kernel's SYN,ACK: from the test's thread,
                // under load, the engine's SYN,ACK could reach the wire after the checker's crossing window (200 ms
                // before a handshake has been seen) and look as if sent after the kernel's had arrived.
                until("engine ESTABLISHED on the kernel's SYN,ACK", () -> {
                    boolean established = c.tcpState() == TcpState.ESTABLISHED;
                    if (established) {
                        e.link().holdToKernel(false);
                    }
                    return established;
                });
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
                until("engine TIME-WAIT", () -> c.tcpState() == TcpState.TIME_WAIT);
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
            case "engine-engine-keepalive-death": {
                // The engine probes (RFC 9293 §3.8.4) and the kernel's answers are dropped by a blackhole route before
                // the wire. After 2 unanswered probes the engine drops the connection without a segment (RFC 9293
                // §3.10.8, as the model does; Linux would send a RST): the wire shows it only when the kernel's next
                // segment, once the route is gone, is answered by a reset from no connection (§3.10.7.1).
                ServerSocketChannel server = ok(e.ns().listen(EngineOnTun.KERNEL, port, 8));
                Connection c = engineConnects(port);
                SocketChannel s = server.accept();
                exchange(c, s);
                checkpoint("established");
                ok(e.ns().run(List.of("ip", "route", "add", "blackhole", EngineOnTun.ENGINE + "/32")));
                call(() -> {
                    c.setKeepAlive(true);
                    return true;
                });
                checkpoint("keep-alive armed");
                Thread.sleep(1_500);
                checkpoint("probing");
                until("the engine gives up", c::isDeleted);
                ok(e.ns().run(List.of("ip", "route", "del", "blackhole", EngineOnTun.ENGINE + "/32")));
                s.write(ByteBuffer.wrap(bytes(10)));
                awaitKernel("the kernel's socket reset", ks -> ks.isEmpty());
                checkpoint("the kernel's next segment reset");
                break;
            }
            case "engine-kernel-keepalive-death": {
                // The kernel probes (TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 2) and the engine's answers are
                // held in the link, never reaching the wire: the kernel gives up with a RST, which the engine takes.
                Listener l = call(() -> e.driver().stack().listen(port, 8));
                SocketChannel s = kernelConnects(port);
                Connection c = accept(l);
                exchange(c, s);
                checkpoint("established");
                e.link().holdToKernel(true);
                s.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 1);
                s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 1);
                s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 2);
                checkpoint("keep-alive armed");
                until("the engine answers a probe", () -> e.link().held() >= 1);
                checkpoint("probing");
                until("the kernel's RST reaches the engine", c::isDeleted);
                awaitKernel("the kernel gives up", ks -> ks.isEmpty());
                checkpoint("keep-alive gave up");
                break;
            }
            case "engine-engine-time-wait-re-ack": {
                // The engine closes first; its ACK of the kernel's FIN is held in the link (never on the wire), the
                // kernel in LAST-ACK retransmits its FIN, and TIME-WAIT acknowledges it again (RFC 9293 §3.10.7.4
                // eighth, TIME-WAIT: "Acknowledge it, and restart the 2 MSL timeout"). The two ACKs are identical:
                // the second goes out, the first stays held, as if lost.
                ServerSocketChannel server = ok(e.ns().listen(EngineOnTun.KERNEL, port, 8));
                Connection c = engineConnects(port);
                SocketChannel s = server.accept();
                exchange(c, s);
                checkpoint("established");
                call(() -> {
                    c.close();
                    return true;
                });
                until("engine FIN-WAIT-2", () -> c.tcpState() == TcpState.FIN_WAIT_2);
                checkpoint("engine closed");
                e.link().holdToKernel(true);
                drain(s);
                s.close();
                until("engine TIME-WAIT, its ACK held", () -> c.tcpState() == TcpState.TIME_WAIT
                        && e.link().held() == 1);
                checkpoint("time-wait, the ACK lost");
                until("the kernel's FIN again, the engine's ACK again", () -> e.link().held() == 2);
                e.link().releaseHeld(1);
                awaitKernel("the kernel's socket closed", ks -> ks.isEmpty());
                checkpoint("re-acknowledged");
                break;
            }
            case "engine-kernel-time-wait-re-ack": {
                // The mirror: the kernel closes first; its ACK of the engine's FIN is dropped by a blackhole route
                // before the wire; the engine in LAST-ACK retransmits its FIN (held in the link until the route is
                // gone) and the kernel's TIME-WAIT acknowledges it again.
                Listener l = call(() -> e.driver().stack().listen(port, 8));
                SocketChannel s = kernelConnects(port);
                Connection c = accept(l);
                exchange(c, s);
                checkpoint("established");
                s.close();
                until("engine CLOSE-WAIT", () -> c.tcpState() == TcpState.CLOSE_WAIT);
                checkpoint("kernel closed");
                ok(e.ns().run(List.of("ip", "route", "add", "blackhole", EngineOnTun.ENGINE + "/32")));
                // The FIN is written to the device on the engine's thread within the call; what follows is held.
                call(() -> {
                    c.close();
                    e.link().holdToKernel(true);
                    return true;
                });
                awaitKernel("kernel TIME-WAIT", ks -> ks.size() == 1 && ks.get(0).state() == TcpState.TIME_WAIT);
                ok(e.ns().run(List.of("ip", "route", "del", "blackhole", EngineOnTun.ENGINE + "/32")));
                checkpoint("time-wait, the ACK lost");
                until("the engine's FIN again", () -> e.link().held() >= 1);
                e.link().holdToKernel(false);
                until("engine connection deleted", c::isDeleted);
                checkpoint("re-acknowledged");
                break;
            }
            case "engine-time-wait-expiry": {
                // Two connections: the kernel closes first on one (the kernel in TIME-WAIT), the engine on the other
                // (the engine in TIME-WAIT); both expire after the linux profile's 60 s. The kernel's ACKs of the
                // engine's FIN are dropped by a blackhole route for 3.5 s: the engine retransmits its FIN (about 0.2,
                // 0.6, 1.4, 3 s and 6 s after the first), and each one the kernel acknowledges again restarts its
                // 2 MSL timer (RFC 9293 §3.10.7.4 eighth), so that 62 s after it entered TIME-WAIT it is still there.
                // The capture's last segment, a connection refused afterwards, is past both deadlines.
                Listener l = call(() -> e.driver().stack().listen(port, 8));
                SocketChannel s1 = kernelConnects(port);
                Connection c1 = accept(l);
                exchange(c1, s1);
                ServerSocketChannel server = ok(e.ns().listen(EngineOnTun.KERNEL, port, 8));
                Connection c2 = engineConnects(port);
                SocketChannel s2 = server.accept();
                exchange(c2, s2);
                checkpoint("established");
                s1.close();
                until("engine CLOSE-WAIT", () -> c1.tcpState() == TcpState.CLOSE_WAIT);
                ok(e.ns().run(List.of("ip", "route", "add", "blackhole", EngineOnTun.ENGINE + "/32")));
                call(() -> {
                    c1.close();
                    return true;
                });
                awaitKernel("kernel TIME-WAIT", ks -> ks.stream().anyMatch(k -> k.state() == TcpState.TIME_WAIT));
                long kernelTimeWait = System.nanoTime();
                checkpoint("kernel in TIME-WAIT, its ACKs lost");
                Thread.sleep(3_500);
                ok(e.ns().run(List.of("ip", "route", "del", "blackhole", EngineOnTun.ENGINE + "/32")));
                until("the engine's FIN acknowledged", c1::isDeleted);
                call(() -> {
                    c2.close();
                    return true;
                });
                drain(s2);
                s2.close();
                until("engine TIME-WAIT", () -> c2.tcpState() == TcpState.TIME_WAIT);
                checkpoint("both in TIME-WAIT");
                sleepUntil(kernelTimeWait + 30_000_000_000L);
                checkpoint("TIME-WAIT, half way");
                sleepUntil(kernelTimeWait + 62_000_000_000L);
                checkpoint("62 s after the kernel entered TIME-WAIT, restarted by the last FIN");
                long deadline = System.nanoTime() + 45_000_000_000L;
                while (!(connected().isEmpty() && call(c2::isDeleted)) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                checkpoint("expired");
                SocketChannel late = ok(e.ns().socket());
                try {
                    late.connect(new InetSocketAddress(EngineOnTun.ENGINE, port + 100));
                } catch (IOException expected) {
                    // A segment after both deadlines: the capture's end is past them.
                }
                checkpoint("a later connection refused");
                break;
            }
            default:
                throw new IllegalArgumentException("unknown scenario " + name);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** Waits up to 10 s until the kernel's connected sockets satisfy {@code condition}. */
    private void awaitKernel(String what, java.util.function.Predicate<List<KernelSocket>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(connected())) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(what + ": not within " + WAIT);
    }

    /** The kernel's sockets with a peer (not listeners). */
    private List<KernelSocket> connected() {
        List<KernelSocket> out = new ArrayList<>();
        for (KernelSocket s : ok(e.ns().sockets())) {
            if (s.peer().getPort() != 0) {
                out.add(s);
            }
        }
        return out;
    }

    private Connection track(Connection c) {
        engineConnections.add(c);
        return c;
    }

    private Connection engineConnects(int kernelPort) {
        Connection c = call(() -> track(e.driver().stack().connect(EngineOnTun.kernelAddress(), kernelPort)));
        until("engine ESTABLISHED", () -> c.tcpState() == TcpState.ESTABLISHED);
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

    /**
     * The kernel's sockets ({@code ss}) and the engine's connections, after the settling time. The time recorded lies
     * between two listings of both that agree ({@code ss} runs a while after it is asked, slow under load), so the
     * states listed held at that time.
     */
    private void checkpoint(String label) throws Exception {
        Thread.sleep(SETTLE_MS);
        for (int attempt = 0; attempt < KernelCorpus.STABLE_ATTEMPTS; attempt++) {
            List<String> before = states();
            Instant now = Instant.now();
            List<String> after = states();
            if (before.equals(after)) {
                long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                checkpoints.append("# ").append(t).append(' ').append(label).append('\n');
                after.forEach(line -> checkpoints.append(line).append('\n'));
                return;
            }
        }
        throw new IllegalStateException(label + ": the states kept changing during " + KernelCorpus.STABLE_ATTEMPTS
                + " pairs of listings");
    }

    private List<String> states() {
        List<String> out = KernelCorpus.lines(ok(e.ns().sockets()).toJavaList());
        out.addAll(call(() -> {
            List<String> engine = new ArrayList<>();
            for (Connection c : engineConnections) {
                if (!c.isDeleted()) {
                    engine.add(EngineOnTun.ENGINE + ":" + c.id().localPort() + " " + EngineOnTun.KERNEL + ":"
                            + c.id().remotePort() + " " + c.tcpState().rfcName());
                }
            }
            return engine;
        }));
        return out;
    }

    private static <T> T ok(Either<?, T> e) {
        if (e.isLeft()) {
            throw new IllegalStateException(String.valueOf(e.getLeft()));
        }
        return e.get();
    }
}
