package io.github.tcpmodel.trace;

import io.github.tcpmodel.linux.netns.KernelSocket;
import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.NetnsError;
import io.github.tcpmodel.linux.netns.TestPacket;
import io.github.tcpmodel.linux.netns.Wire;
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
    static final List<String> TUN_SCENARIOS = List.of("syn-retries", "time-wait-re-ack", "keepalive-death",
            "simultaneous-open");
    /**
     * Kernel to kernel over a veth pair between two fresh namespaces (tcpdump on the client's end, link type 1):
     * {@code veth-} and the scenario. Losses are made with blackhole routes (the capture, on the client's device,
     * sees what leaves the client and what reaches it), the delay that makes a simultaneous open's SYN,ACKs cross
     * with a token bucket (tbf) on the server's device.
     */
    static final List<String> VETH_SCENARIOS = List.of("veth-client-closes-first", "veth-server-closes-first",
            "veth-half-close", "veth-refused", "veth-abort", "veth-simultaneous-close", "veth-syn-retries",
            "veth-time-wait-re-ack", "veth-keepalive-death", "veth-simultaneous-open");
    /** Every kernel scenario: over lo, against a script on a TUN, and over a veth pair. */
    static final List<String> ALL = io.vavr.collection.List.ofAll(SCENARIOS).append("simultaneous-open")
            .appendAll(VETH_SCENARIOS).toJavaList();

    private static final String LO = "127.0.0.1";
    private static final long SETTLE_MS = 150;
    /** Connections tried for the simultaneous close: a test knob, 4 by default; {@link #main} tries 60. */
    private static int attempts = Integer.getInteger("tcpmodel.simultaneousAttempts", 4);

    /** The veth pair's addresses: the client's namespace, the server's. */
    static final String VETH_CLIENT = "10.78.0.1";
    static final String VETH_SERVER = "10.78.0.2";

    private final NetNamespace ns;
    /** The server's namespace: {@link #ns} itself over lo, the other end of the veth pair otherwise. */
    private final NetNamespace serverNs;
    private final String serverIp;
    private final StringBuilder checkpoints = new StringBuilder();

    private KernelCorpus(NetNamespace ns) {
        this(ns, ns, LO);
    }

    private KernelCorpus(NetNamespace ns, NetNamespace serverNs, String serverIp) {
        this.ns = ns;
        this.serverNs = serverNs;
        this.serverIp = serverIp;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "trace/src/test/resources/captures");
        attempts = 60;
        // Further arguments name the scenarios to record (all by default).
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : ALL;
        for (String s : names) {
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
        if (VETH_SCENARIOS.contains(name)) {
            recordVeth(name, dir);
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

    /**
     * Two fresh namespaces joined by a veth pair ({@code tcpva} in the client's, {@code tcpvb} in the server's), with
     * permanent neighbour entries (no ARP during a scenario) and IPv6 off; tcpdump on the client's end.
     */
    private static void recordVeth(String name, Path dir) throws Exception {
        try (NetNamespace client = ok(NetNamespace.create()); NetNamespace server = ok(NetNamespace.create())) {
            if (!server.isNamed()) {
                throw new IllegalStateException("a veth pair needs named namespaces (root)");
            }
            ok(client.run(List.of("ip", "link", "add", "tcpva", "type", "veth", "peer", "name", "tcpvb", "netns",
                    server.name())));
            setUp(client, "tcpva", VETH_CLIENT);
            setUp(server, "tcpvb", VETH_SERVER);
            ok(client.run(List.of("ip", "neigh", "replace", VETH_SERVER, "lladdr", mac(server, "tcpvb"), "dev",
                    "tcpva", "nud", "permanent")));
            ok(server.run(List.of("ip", "neigh", "replace", VETH_CLIENT, "lladdr", mac(client, "tcpva"), "dev",
                    "tcpvb", "nud", "permanent")));
            KernelCorpus k = new KernelCorpus(client, server, VETH_SERVER);
            Path pcap = dir.resolve(name + ".pcap");
            var capture = ok(client.capture("tcpva", pcap));
            try {
                Thread.sleep(SETTLE_MS);
                k.runVeth(name.substring("veth-".length()));
            } finally {
                Thread.sleep(SETTLE_MS);
                capture.stop();
            }
            Files.writeString(dir.resolve(name + ".checkpoints"), k.checkpoints.toString());
        }
    }

    private static void setUp(NetNamespace ns, String dev, String ip) {
        ok(ns.sysctl("net.ipv6.conf." + dev + ".disable_ipv6", "1"));
        ok(ns.run(List.of("ip", "addr", "add", ip + "/24", "dev", dev)));
        ok(ns.run(List.of("ip", "link", "set", dev, "up")));
        ok(ns.run(List.of("ip", "link", "set", "lo", "up")));
    }

    private static String mac(NetNamespace ns, String dev) {
        // nsenter --net does not remount /sys: ask ip ("... link/ether MAC brd ...").
        String out = ok(ns.run(List.of("ip", "-o", "link", "show", "dev", dev)));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("link/ether ([0-9a-f]{2}(:[0-9a-f]{2}){5})")
                .matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no MAC address for " + dev + ": " + out);
        }
        return m.group(1);
    }

    private void runVeth(String name) throws Exception {
        int port = 6000 + VETH_SCENARIOS.indexOf("veth-" + name);
        switch (name) {
            case "syn-retries": {
                // The server has no socket on the port, and its RSTs are dropped by a blackhole route before they
                // reach the wire: the client retransmits its SYN (about 1 s, 2 s, 3 s later on this kernel).
                ok(serverNs.run(List.of("ip", "route", "add", "blackhole", VETH_CLIENT + "/32")));
                SocketChannel s = ok(ns.socket());
                s.configureBlocking(false);
                s.connect(new InetSocketAddress(serverIp, port));
                checkpoint("SYN sent");
                Thread.sleep(3_300);
                checkpoint("after the retries");
                break;
            }
            case "time-wait-re-ack": {
                Pair c = connect(port);
                exchange(c);
                c.client.close();
                drain(c.server);
                checkpoint("client closed");
                // The client's ACK of the server's FIN is dropped before the wire: the server, in LAST-ACK,
                // retransmits its FIN and TIME-WAIT acknowledges it again once the route is back.
                ok(ns.run(List.of("ip", "route", "add", "blackhole", VETH_SERVER + "/32")));
                c.server.close();
                awaitState(ns, io.github.tcpmodel.table.TcpState.TIME_WAIT);
                ok(ns.run(List.of("ip", "route", "del", "blackhole", VETH_SERVER + "/32")));
                checkpoint("time-wait, the ACK lost");
                Thread.sleep(1_000);
                checkpoint("re-acknowledged");
                break;
            }
            case "keepalive-death": {
                Pair c = connect(port);
                exchange(c);
                c.client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                c.client.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 1);
                c.client.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 1);
                c.client.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 2);
                // The server's answers to the probes are dropped before the wire; its socket still receives them,
                // and the client's final RST.
                ok(serverNs.run(List.of("ip", "route", "add", "blackhole", VETH_CLIENT + "/32")));
                checkpoint("established, keep-alive armed");
                Thread.sleep(4_500);
                checkpoint("keep-alive gave up");
                break;
            }
            case "simultaneous-open":
                simultaneousOpen(port);
                break;
            default:
                run(name);
        }
    }

    /**
     * Both ends connect to each other (RFC 9293 §3.5 Figure 7). A token bucket on the server's device holds its SYN
     * long enough for the client's SYN to reach it in SYN-SENT, and its SYN,ACK long enough for the client's SYN,ACK
     * to cross it. The bucket sits before the capture point, so the server's SYN is seen only when it leaves it: the
     * checkpoints are taken once the queue is empty (the states in between are not observable from the capture).
     */
    private void simultaneousOpen(int port) throws Exception {
        int clientPort = port + 100;
        SocketChannel server = ok(serverNs.socket());
        server.bind(new InetSocketAddress(serverIp, port));
        SocketChannel client = ok(ns.socket());
        client.bind(new InetSocketAddress(VETH_CLIENT, clientPort));
        checkpoint("bound");
        ok(serverNs.run(List.of("tc", "qdisc", "add", "dev", "tcpvb", "root", "tbf", "rate", "2kbit", "burst",
                "1500", "latency", "5s")));
        // Empty the bucket: a datagram of 1500 octets on the wire (the client answers port unreachable).
        ok(serverNs.inside(() -> {
            try (java.nio.channels.DatagramChannel d = java.nio.channels.DatagramChannel.open(
                    java.net.StandardProtocolFamily.INET)) {
                d.send(ByteBuffer.allocate(1458), new InetSocketAddress(VETH_CLIENT, 9));
            }
            return true;
        }));
        server.configureBlocking(false);
        server.connect(new InetSocketAddress(VETH_CLIENT, clientPort));
        Thread.sleep(10);
        client.configureBlocking(false);
        client.connect(new InetSocketAddress(serverIp, port));
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean cDone = false;
        boolean sDone = false;
        while (!(cDone && sDone) && System.nanoTime() < deadline) {
            cDone = cDone || client.finishConnect();
            sDone = sDone || server.finishConnect();
            Thread.sleep(5);
        }
        if (!(cDone && sDone)) {
            throw new IllegalStateException("the simultaneous open did not complete");
        }
        Thread.sleep(300);
        ok(serverNs.run(List.of("tc", "qdisc", "del", "dev", "tcpvb", "root")));
        checkpoint("both established");
        client.configureBlocking(true);
        server.configureBlocking(true);
        Pair c = new Pair(client, server);
        exchange(c);
        checkpoint("exchanged");
        c.client.close();
        drain(c.server);
        c.server.close();
        checkpoint("both closed");
    }

    /** Waits up to 3 s until a socket of {@code where} is in {@code state}. */
    private static void awaitState(NetNamespace where, io.github.tcpmodel.table.TcpState state) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (ok(where.sockets()).exists(k -> k.state() == state)) {
                return;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("no socket reached " + state);
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
            case "simultaneous-open": {
                // RFC 9293 §3.5 Figure 7 from the kernel's side: its SYN is crossed by the peer's SYN (SYN-SENT ->
                // SYN-RECEIVED, it sends SYN,ACK), then by the peer's SYN,ACK (SYN-RECEIVED -> ESTABLISHED).
                SocketChannel s = ok(ns.socket());
                s.bind(new InetSocketAddress(Wire.KERNEL, 5012));
                s.configureBlocking(false);
                s.connect(new InetSocketAddress(Wire.ENGINE, 40012));
                TestPacket.Parsed syn = w.expect(5012, 40012);
                long k = (syn.seq() + 1) & 0xFFFFFFFFL;
                checkpoint("SYN sent");
                w.send(40012, 5012, 3000, 0, TestPacket.SYN, TestPacket.mssOption(1460), new byte[0]);
                w.expect(5012, 40012);
                w.awaitState(5012, 40012, io.github.tcpmodel.table.TcpState.SYN_RECEIVED);
                checkpoint("SYN crossed: SYN-RECEIVED");
                w.send(40012, 5012, 3000, k, TestPacket.SYN | TestPacket.ACK, TestPacket.mssOption(1460),
                        new byte[0]);
                w.awaitState(5012, 40012, io.github.tcpmodel.table.TcpState.ESTABLISHED);
                // Text from the peer: the kernel's ACK of it shows on the wire that the SYN,ACK had arrived.
                w.send(40012, 5012, 3001, k, TestPacket.ACK | TestPacket.PSH, new byte[0], bytes(10));
                w.expect(5012, 40012);
                checkpoint("SYN,ACK crossed: ESTABLISHED");
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
        int port = (serverNs == ns ? 5000 : 6000) + SCENARIOS.indexOf(name);
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
                // Over veth, segmentation offload would put more than one MSS in a captured frame: stay below.
                int n = serverNs == ns ? 3000 : 1000;
                c.server.write(ByteBuffer.wrap(bytes(n)));
                checkpoint("server sent after the half-close");
                read(c.client, n);
                c.server.close();
                checkpoint("server closed");
                c.client.close();
                checkpoint("client released");
                break;
            }
            case "refused": {
                SocketChannel s = ok(ns.socket());
                try {
                    s.connect(new InetSocketAddress(serverIp, port));
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
            listener = ok(serverNs.listen(serverIp, port, 8));
        }
        SocketChannel client = ok(ns.socket());
        client.connect(new InetSocketAddress(serverIp, port));
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

    /**
     * The sockets now. {@code ss} runs a while after it is asked (a process entering the namespace, slow under load),
     * so the time recorded lies between two listings that agree: the states listed held at that time.
     */
    private List<KernelSocket> checkpoint(String label) throws Exception {
        Thread.sleep(SETTLE_MS);
        for (int attempt = 0; attempt < STABLE_ATTEMPTS; attempt++) {
            List<KernelSocket> before = sockets();
            Instant now = Instant.now();
            List<KernelSocket> after = sockets();
            if (lines(before).equals(lines(after))) {
                long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                checkpoints.append("# ").append(t).append(' ').append(label).append('\n');
                lines(after).forEach(line -> checkpoints.append(line).append('\n'));
                return after;
            }
        }
        throw new IllegalStateException(label + ": the sockets kept changing during " + STABLE_ATTEMPTS
                + " pairs of listings");
    }

    /** Listings tried by {@link #checkpoint} for two that agree. */
    static final int STABLE_ATTEMPTS = 20;

    private List<KernelSocket> sockets() {
        List<KernelSocket> sockets = new ArrayList<>(ok(ns.sockets()).toJavaList());
        if (serverNs != ns) {
            sockets.addAll(ok(serverNs.sockets()).toJavaList());
        }
        return sockets;
    }

    /** {@code LOCAL PEER STATE} of each connected socket (a listener has no peer). */
    static List<String> lines(List<KernelSocket> sockets) {
        List<String> out = new ArrayList<>();
        for (KernelSocket s : sockets) {
            if (s.peer().getPort() != 0) {
                out.add(text(s.local()) + " " + text(s.peer()) + " " + s.state().rfcName());
            }
        }
        return out;
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
