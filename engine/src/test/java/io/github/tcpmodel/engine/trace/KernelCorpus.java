package io.github.tcpmodel.engine.trace;

import io.github.tcpmodel.engine.netns.KernelSocket;
import io.github.tcpmodel.engine.netns.NetNamespace;
import io.github.tcpmodel.engine.netns.NetnsError;
import io.github.tcpmodel.engine.netns.TestPacket;
import io.github.tcpmodel.engine.netns.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Records captures of the Linux kernel talking to itself over the loopback interface of a fresh network namespace
 * (or, for {@link #TUN_SCENARIOS}, to a scripted peer on a TUN device), with the kernel's own view of its sockets
 * ({@code ss}) at checkpoints: the ground truth the trace checker is validated against.
 *
 * <p>Each scenario writes {@code NAME.pcap} (tcpdump on {@code lo}, link type 1) and {@code NAME.checkpoints}:
 * per checkpoint a line {@code # T LABEL} (T in ns since the epoch, the capture's clock) followed by one line per
 * connected socket, {@code LOCAL PEER STATE} (RFC spelling); a socket the kernel does not list is CLOSED.
 *
 * <p>Run {@code main} (as root) to regenerate the committed corpus under {@code src/test/resources/captures/}.
 */
final class KernelCorpus {

    /** The scenarios, by name. */
    static final List<String> SCENARIOS = List.of("client-closes-first", "server-closes-first", "half-close",
            "refused", "abort", "close-with-unread-data", "simultaneous-close", "bulk-transfer", "syn-retries",
            "time-wait-re-ack", "keepalive-death");
    /** The scenarios whose peer is a script writing to a TUN device rather than a kernel socket. */
    static final List<String> TUN_SCENARIOS = List.of("syn-retries", "time-wait-re-ack", "keepalive-death");

    private static final String LO = "127.0.0.1";
    private static final long SETTLE_MS = 150;
    /** Connections tried for the simultaneous close: a test knob, 4 by default; {@link #main} tries 60. */
    private static int attempts = Integer.getInteger("tcpmodel.simultaneousAttempts", 4);

    private final NetNamespace ns;
    private final StringBuilder checkpoints = new StringBuilder();

    private KernelCorpus(NetNamespace ns) {
        this.ns = ns;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "engine/src/test/resources/captures");
        attempts = 60;
        for (String s : SCENARIOS) {
            record(s, dir);
            System.out.println("recorded " + dir.resolve(s + ".pcap"));
        }
    }

    /** Records scenario {@code name} into {@code dir} in a fresh namespace, deleted afterwards. */
    static void record(String name, Path dir) throws Exception {
        Files.createDirectories(dir);
        if (TUN_SCENARIOS.contains(name)) {
            recordTun(name, dir);
            return;
        }
        try (NetNamespace ns = ok(NetNamespace.create())) {
            ok(ns.run(List.of("ip", "link", "set", "lo", "up")));
            KernelCorpus k = new KernelCorpus(ns);
            Path pcap = dir.resolve(name + ".pcap");
            var capture = ok(ns.capture("lo", pcap));
            try {
                k.run(name);
            } finally {
                Thread.sleep(SETTLE_MS);
                capture.stop();
            }
            Files.writeString(dir.resolve(name + ".checkpoints"), k.checkpoints.toString());
        }
    }

    /**
     * The kernel against a scripted peer on a TUN device ({@code Wire}, link type 101): what needs a peer that
     * stays silent or repeats itself. The checkpoints name the scripted address, which has no kernel socket.
     */
    private static void recordTun(String name, Path dir) throws Exception {
        try (Wire w = Wire.open("corpus-" + name)) {
            if (w.capture.isEmpty()) {
                throw new IllegalStateException("tcpdump cannot capture here");
            }
            KernelCorpus k = new KernelCorpus(w.ns);
            k.checkpoints.append("! scripted ").append(Wire.ENGINE).append('\n');
            try {
                k.runTun(name, w);
            } finally {
                Thread.sleep(SETTLE_MS);
                w.capture.get().stop();
            }
            Files.copy(w.capture.get().file(), dir.resolve(name + ".pcap"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".checkpoints"), k.checkpoints.toString());
        }
    }

    private void runTun(String name, Wire w) throws Exception {
        switch (name) {
            case "syn-retries": {
                // Nobody answers: the kernel retransmits its SYN (about 1 s, 2 s, 3 s later on this kernel).
                SocketChannel s = ok(ns.socket());
                s.configureBlocking(false);
                s.connect(new InetSocketAddress(Wire.ENGINE, 7000));
                checkpoint("SYN sent");
                Thread.sleep(3_300);
                checkpoint("after the retries");
                break;
            }
            case "time-wait-re-ack": {
                ServerSocketChannel server = ok(ns.listen(Wire.KERNEL, 5010, 8));
                long k = handshake(w, 5010, 40010, 1000);
                SocketChannel accepted = server.accept();
                checkpoint("established");
                accepted.close();
                w.expect(5010, 40010);
                checkpoint("kernel closed");
                w.send(40010, 5010, 1001, k + 1, TestPacket.FIN | TestPacket.ACK);
                w.expect(5010, 40010);
                w.awaitState(5010, 40010, io.github.tcpmodel.table.TcpState.TIME_WAIT);
                checkpoint("time-wait");
                // The peer repeats its FIN as if the ACK had been lost: TIME-WAIT acknowledges it again.
                w.send(40010, 5010, 1001, k + 1, TestPacket.FIN | TestPacket.ACK);
                w.expect(5010, 40010);
                checkpoint("re-acknowledged");
                break;
            }
            case "keepalive-death": {
                ServerSocketChannel server = ok(ns.listen(Wire.KERNEL, 5011, 8));
                handshake(w, 5011, 40011, 2000);
                SocketChannel accepted = server.accept();
                accepted.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                accepted.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 1);
                accepted.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 1);
                accepted.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 2);
                checkpoint("established, keep-alive armed");
                // The peer never answers the probes: the kernel gives up and resets.
                Thread.sleep(4_500);
                checkpoint("keep-alive gave up");
                break;
            }
            default:
                throw new IllegalArgumentException("unknown scenario " + name);
        }
    }

    /** The scripted peer's side of a handshake with a kernel listener; returns the kernel's SND.NXT. */
    private static long handshake(Wire w, int kernelPort, int peerPort, long isn) throws Exception {
        w.send(peerPort, kernelPort, isn, 0, TestPacket.SYN, TestPacket.mssOption(1460), new byte[0]);
        TestPacket.Parsed synAck = w.expect(kernelPort, peerPort);
        long k = (synAck.seq() + 1) & 0xFFFFFFFFL;
        w.send(peerPort, kernelPort, isn + 1, k, TestPacket.ACK);
        w.awaitState(kernelPort, peerPort, io.github.tcpmodel.table.TcpState.ESTABLISHED);
        return k;
    }

    private void run(String name) throws Exception {
        int port = 5000 + SCENARIOS.indexOf(name);
        switch (name) {
            case "client-closes-first": {
                Pair c = connect(port);
                exchange(c);
                checkpoint("established");
                c.client.close();
                checkpoint("client closed");
                drain(c.server);
                c.server.close();
                checkpoint("both closed");
                break;
            }
            case "server-closes-first": {
                Pair c = connect(port);
                exchange(c);
                c.server.close();
                checkpoint("server closed");
                drain(c.client);
                c.client.close();
                checkpoint("both closed");
                break;
            }
            case "half-close": {
                Pair c = connect(port);
                c.client.shutdownOutput();
                checkpoint("client shut down its sending side");
                drain(c.server);
                c.server.write(ByteBuffer.wrap(bytes(3000)));
                checkpoint("server sent after the half-close");
                read(c.client, 3000);
                c.server.close();
                checkpoint("server closed");
                c.client.close();
                checkpoint("client released");
                break;
            }
            case "refused": {
                SocketChannel s = ok(ns.socket());
                try {
                    s.connect(new InetSocketAddress(LO, port));
                } catch (IOException expected) {
                    // "Connection refused": the RST,ACK is what is recorded.
                }
                checkpoint("refused");
                break;
            }
            case "bulk-transfer": {
                // Enough data both ways for window scaling, delayed ACKs and window updates to show.
                Pair c = connect(port);
                Thread writer = new Thread(() -> {
                    try {
                        c.client.write(ByteBuffer.wrap(bytes(150_000)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.start();
                read(c.server, 150_000);
                writer.join();
                c.server.write(ByteBuffer.wrap(bytes(50_000)));
                read(c.client, 50_000);
                checkpoint("transferred");
                c.client.close();
                drain(c.server);
                c.server.close();
                checkpoint("closed");
                break;
            }
            case "abort": {
                Pair c = connect(port);
                exchange(c);
                c.client.setOption(StandardSocketOptions.SO_LINGER, 0);
                c.client.close();
                checkpoint("client aborted");
                break;
            }
            case "close-with-unread-data": {
                Pair c = connect(port);
                c.client.write(ByteBuffer.wrap(bytes(500)));
                checkpoint("data unread");
                c.server.close();
                checkpoint("server closed with unread data");
                break;
            }
            case "simultaneous-close": {
                // Both ends shut down their sending side at once; on loopback the FINs cross only sometimes
                // (then both ends pass through CLOSING into TIME-WAIT), so connections are tried until they do.
                for (int attempt = 0; attempt < attempts; attempt++) {
                    Pair c = connect(port);
                    CyclicBarrier barrier = new CyclicBarrier(2);
                    Thread other = new Thread(() -> {
                        try {
                            barrier.await();
                            c.server.shutdownOutput();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    other.start();
                    barrier.await();
                    c.client.shutdownOutput();
                    other.join();
                    long timeWaits = checkpoint("both shut down").stream()
                            .filter(k -> k.state() == io.github.tcpmodel.table.TcpState.TIME_WAIT
                                    && k.connects(c.client.socket().getLocalPort(), port)
                                    || k.state() == io.github.tcpmodel.table.TcpState.TIME_WAIT
                                    && k.connects(port, c.client.socket().getLocalPort()))
                            .count();
                    c.client.close();
                    c.server.close();
                    if (timeWaits == 2) {
                        break;
                    }
                }
                checkpoint("released");
                break;
            }
            default:
                throw new IllegalArgumentException("unknown scenario " + name);
        }
    }

    private record Pair(SocketChannel client, SocketChannel server) {
    }

    private ServerSocketChannel listener;

    private Pair connect(int port) throws Exception {
        if (listener == null) {
            listener = ok(ns.listen(LO, port, 8));
        }
        SocketChannel client = ok(ns.socket());
        client.connect(new InetSocketAddress(LO, port));
        SocketChannel server = listener.accept();
        checkpoint("connected");
        return new Pair(client, server);
    }

    private void exchange(Pair c) throws IOException {
        c.client.write(ByteBuffer.wrap(bytes(100)));
        read(c.server, 100);
        c.server.write(ByteBuffer.wrap(bytes(200)));
        read(c.client, 200);
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

    /** Reads until the peer's FIN. */
    private static void drain(SocketChannel s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (s.read(b) >= 0) {
            b.clear();
        }
    }

    private List<KernelSocket> checkpoint(String label) throws Exception {
        Thread.sleep(SETTLE_MS);
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        List<KernelSocket> sockets = new ArrayList<>(ok(ns.sockets()).toJavaList());
        checkpoints.append("# ").append(t).append(' ').append(label).append('\n');
        for (KernelSocket s : sockets) {
            if (s.peer().getPort() == 0) {
                continue;
            }
            checkpoints.append(text(s.local())).append(' ').append(text(s.peer())).append(' ')
                    .append(s.state().rfcName()).append('\n');
        }
        return sockets;
    }

    private static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static <T> T ok(io.vavr.control.Either<NetnsError, T> e) {
        if (e.isLeft()) {
            throw e.getLeft().toException();
        }
        return e.get();
    }
}
