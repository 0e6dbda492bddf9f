package io.github.tcpmodel.trace;

import io.github.tcpmodel.linux.netns.KernelSocket;
import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.NetnsError;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Records ordinary traffic between two Linux hosts with default settings: two fresh network namespaces joined by a
 * veth pair, IPv4 or IPv6, the kernel's segmentation offloads on (as they come) or off ({@code ethtool -K}), a bulk
 * transfer of several megabytes each way or many short request/response connections, optionally with losses
 * ({@code nft} drops every 50th segment, before and after the capture point) or reordering (an {@code htb} class on a bridge
 * between the hosts that holds a random few of the server's segments behind the others). tcpdump runs on the
 * client's end of the pair.
 *
 * <p>Each scenario writes {@code NAME.pcap} and {@code NAME.checkpoints} in the format {@link KernelCorpus} uses,
 * addresses written as the checker prints them ({@code a.b.c.d:port}, {@code [v6]:port}): the kernel's sockets
 * ({@code ss -tan}) at known times, the ground truth for the checker's states.
 */
final class LinuxTrafficCorpus {

    /** How the path between the hosts is impaired. */
    enum Impairment {
        /** Nothing: the veth pair as it comes. */
        NONE,
        /**
         * Every 50th of the client's segments dropped on its way out (before the capture point, so the capture never
         * shows it), and every 50th on its way into the server (after it): 2 %, and at least one of each in a bulk
         * transfer however few units the offloads make of it.
         */
        LOSS,
        /**
         * Every 20th of the server's segments (5 %) held in a slow {@code htb} class of a bridge between the hosts, so
         * they reach the client (and the capture point) late, overtaken by later ones.
         */
        REORDER
    }

    /** What the hosts exchange. */
    enum Load {
        /** One connection: the client sends {@link #BULK} octets, the server as many back, the client closes. */
        BULK,
        /**
         * {@link #SHORT_CONNECTIONS} connections one after the other: a request, a reply, and a close by the
         * client (even ones) or the server (odd ones).
         */
        SHORT
    }

    /** One recording. */
    record Scenario(String name, boolean ipv6, boolean offloads, Load load, Impairment impairment) {
    }

    static final int BULK = 4 << 20;
    static final int SHORT_CONNECTIONS = 30;
    static final int PORT = 7000;

    /** The scenarios the test records: IPv4 and IPv6, offloads on and off, bulk and short, loss and reordering. */
    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("linux-bulk-v4-offload", false, true, Load.BULK, Impairment.NONE),
            new Scenario("linux-bulk-v6-no-offload", true, false, Load.BULK, Impairment.NONE),
            new Scenario("linux-short-v4-no-offload", false, false, Load.SHORT, Impairment.NONE),
            new Scenario("linux-short-v6-offload", true, true, Load.SHORT, Impairment.NONE),
            new Scenario("linux-bulk-v4-loss", false, true, Load.BULK, Impairment.LOSS),
            new Scenario("linux-bulk-v6-loss-no-offload", true, false, Load.BULK, Impairment.LOSS),
            new Scenario("linux-bulk-v4-reorder", false, false, Load.BULK, Impairment.REORDER),
            new Scenario("linux-short-v6-loss", true, true, Load.SHORT, Impairment.LOSS));

    private static final String CLIENT4 = "10.79.0.1";
    private static final String SERVER4 = "10.79.0.2";
    private static final String CLIENT6 = "fd00:79::1";
    private static final String SERVER6 = "fd00:79::2";
    private static final long SETTLE_MS = 150;

    private final NetNamespace client;
    private final NetNamespace server;
    private final Scenario scenario;
    private final StringBuilder checkpoints = new StringBuilder();

    private LinuxTrafficCorpus(NetNamespace client, NetNamespace server, Scenario scenario) {
        this.client = client;
        this.server = server;
        this.scenario = scenario;
    }

    /** Records every scenario into the directory given (as root), for a look at the captures. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/linux-traffic");
        for (Scenario s : SCENARIOS) {
            if (args.length <= 1 || List.of(args).contains(s.name())) {
                record(s, dir);
                System.out.println("recorded " + dir.resolve(s.name() + ".pcap"));
            }
        }
    }

    /** Records {@code s} into {@code dir} in two fresh namespaces, deleted afterwards. */
    static void record(Scenario s, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (NetNamespace c = ok(NetNamespace.create()); NetNamespace v = ok(NetNamespace.create());
             NetNamespace r = ok(NetNamespace.create())) {
            if (!v.isNamed()) {
                throw new IllegalStateException("a veth pair needs named namespaces (root)");
            }
            // Device names are per namespace: fixed names cannot clash with another test's.
            if (s.impairment() == Impairment.REORDER) {
                // A bridge between the two hosts, in a namespace of its own: the server's segments leave its socket
                // before the bridge holds some back, so TCP Small Queues (the per-socket limit on what waits in the
                // host's queues) cannot slow the server down to the held ones' pace, and they are overtaken.
                ok(c.run(List.of("ip", "link", "add", "tcpta", "type", "veth", "peer", "name", "tcptr", "netns",
                        r.name())));
                ok(r.run(List.of("ip", "link", "add", "tcptq", "type", "veth", "peer", "name", "tcptb", "netns",
                        v.name())));
                ok(r.run(List.of("ip", "link", "add", "tcpbr", "type", "bridge")));
                for (String dev : List.of("tcptr", "tcptq")) {
                    ok(r.run(List.of("ip", "link", "set", dev, "master", "tcpbr")));
                    ok(r.run(List.of("ip", "link", "set", dev, "up")));
                    if (!s.offloads()) {
                        ok(r.run(List.of("ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off")));
                    }
                }
                ok(r.run(List.of("ip", "link", "set", "tcpbr", "up")));
            } else {
                ok(c.run(List.of("ip", "link", "add", "tcpta", "type", "veth", "peer", "name", "tcptb", "netns",
                        v.name())));
            }
            setUp(c, "tcpta", CLIENT4, CLIENT6);
            setUp(v, "tcptb", SERVER4, SERVER6);
            neighbour(c, "tcpta", SERVER4, SERVER6, mac(v, "tcptb"));
            neighbour(v, "tcptb", CLIENT4, CLIENT6, mac(c, "tcpta"));
            if (!s.offloads()) {
                for (var e : List.of(new Object[] {c, "tcpta"}, new Object[] {v, "tcptb"})) {
                    ok(((NetNamespace) e[0]).run(List.of("ethtool", "-K", (String) e[1], "tso", "off", "gso", "off",
                            "gro", "off")));
                }
            }
            impair(s.impairment(), c, v, r);
            LinuxTrafficCorpus k = new LinuxTrafficCorpus(c, v, s);
            Path pcap = dir.resolve(s.name() + ".pcap");
            var capture = ok(c.capture("tcpta", pcap));
            try {
                Thread.sleep(SETTLE_MS);
                k.run();
            } finally {
                Thread.sleep(SETTLE_MS);
                capture.stop();
            }
            Files.writeString(dir.resolve(s.name() + ".checkpoints"), k.checkpoints.toString());
        }
    }

    private static void setUp(NetNamespace ns, String dev, String ip4, String ip6) {
        ok(ns.run(List.of("ip", "addr", "add", ip4 + "/24", "dev", dev)));
        // No duplicate address detection: the address is usable at once.
        ok(ns.run(List.of("ip", "-6", "addr", "add", ip6 + "/64", "dev", dev, "nodad")));
        ok(ns.run(List.of("ip", "link", "set", dev, "up")));
        ok(ns.run(List.of("ip", "link", "set", "lo", "up")));
    }

    private static void neighbour(NetNamespace ns, String dev, String ip4, String ip6, String mac) {
        ok(ns.run(List.of("ip", "neigh", "replace", ip4, "lladdr", mac, "dev", dev, "nud", "permanent")));
        ok(ns.run(List.of("ip", "-6", "neigh", "replace", ip6, "lladdr", mac, "dev", dev, "nud", "permanent")));
    }

    private static String mac(NetNamespace ns, String dev) {
        String out = ok(ns.run(List.of("ip", "-o", "link", "show", "dev", dev)));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("link/ether ([0-9a-f]{2}(:[0-9a-f]{2}){5})")
                .matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no MAC address for " + dev + ": " + out);
        }
        return m.group(1);
    }

    private static void impair(Impairment i, NetNamespace c, NetNamespace v, NetNamespace r) {
        switch (i) {
            case NONE -> {
            }
            case LOSS -> {
                nft(c, "output", "tcp dport " + PORT + " numgen inc mod 50 == 0 drop");
                nft(v, "input", "tcp dport " + PORT + " numgen inc mod 50 == 0 drop");
            }
            case REORDER -> {
                // On the bridge's port toward the client: htb takes a segment whose priority names one of its
                // classes into that class (no filter needed).
                ok(r.run(List.of("tc", "qdisc", "add", "dev", "tcptr", "root", "handle", "1:", "htb", "default",
                        "1")));
                ok(r.run(List.of("tc", "class", "add", "dev", "tcptr", "parent", "1:", "classid", "1:1", "htb",
                        "rate", "10gbit")));
                ok(r.run(List.of("tc", "class", "add", "dev", "tcptr", "parent", "1:", "classid", "1:2", "htb",
                        "rate", "20mbit", "ceil", "20mbit")));
                nft(r, "bridge", "forward", "tcp sport " + PORT + " numgen inc mod 20 == 0 meta priority set 1:2");
            }
        }
    }

    private static void nft(NetNamespace ns, String hook, String rule) {
        nft(ns, "inet", hook, rule);
    }

    private static void nft(NetNamespace ns, String family, String hook, String rule) {
        ok(ns.run(List.of("nft", "add", "table", family, "tcpm")));
        ok(ns.run(List.of("nft", "add", "chain", family, "tcpm", hook, "{ type filter hook " + hook
                + " priority 0; }")));
        List<String> argv = new ArrayList<>(List.of("nft", "add", "rule", family, "tcpm", hook));
        argv.addAll(List.of(rule.split(" ")));
        ok(ns.run(argv));
    }

    private String serverIp() {
        return scenario.ipv6() ? SERVER6 : SERVER4;
    }

    private void run() throws Exception {
        StandardProtocolFamily family = scenario.ipv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        ServerSocketChannel listener = ok(server.inside(() -> {
            ServerSocketChannel l = ServerSocketChannel.open(family);
            l.bind(new InetSocketAddress(InetAddress.getByName(serverIp()), PORT), 64);
            return l;
        }));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            switch (scenario.load()) {
                case BULK -> bulk(listener, family, pool);
                case SHORT -> shortConnections(listener, family);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            listener.close();
        }
    }

    private SocketChannel connect(ServerSocketChannel listener, StandardProtocolFamily family, SocketChannel[] acc)
            throws Exception {
        SocketChannel s = ok(client.inside(() -> SocketChannel.open(family)));
        s.connect(new InetSocketAddress(InetAddress.getByName(serverIp()), PORT));
        acc[0] = listener.accept();
        return s;
    }

    private void bulk(ServerSocketChannel listener, StandardProtocolFamily family, ExecutorService pool)
            throws Exception {
        SocketChannel[] acc = new SocketChannel[1];
        SocketChannel c = connect(listener, family, acc);
        SocketChannel s = acc[0];
        checkpoint("connected");
        // Both directions at once: the segments of each carry the other's ACKs, SACKs and window updates.
        Future<?> up = pool.submit(() -> {
            write(c, BULK);
            return null;
        });
        Future<?> down = pool.submit(() -> {
            write(s, BULK);
            return null;
        });
        read(s, BULK);
        read(c, BULK);
        up.get(60, TimeUnit.SECONDS);
        down.get(60, TimeUnit.SECONDS);
        checkpoint("transferred");
        c.close();
        drain(s);
        s.close();
        checkpoint("closed");
    }

    private void shortConnections(ServerSocketChannel listener, StandardProtocolFamily family) throws Exception {
        for (int i = 0; i < SHORT_CONNECTIONS; i++) {
            SocketChannel[] acc = new SocketChannel[1];
            SocketChannel c = connect(listener, family, acc);
            SocketChannel s = acc[0];
            write(c, 200);
            read(s, 200);
            write(s, 3_000 + 997 * i);
            read(c, 3_000 + 997 * i);
            if (i % 2 == 0) {
                c.close();
                drain(s);
                s.close();
            } else {
                s.close();
                drain(c);
                c.close();
            }
            if (i == SHORT_CONNECTIONS / 2) {
                checkpoint("half of the connections done");
            }
        }
        checkpoint("all closed");
    }

    private static void write(SocketChannel s, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        int left = n;
        while (left > 0) {
            b.clear().limit(Math.min(left, b.capacity()));
            left -= s.write(b);
        }
    }

    private static void read(SocketChannel s, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        int got = 0;
        while (got < n) {
            b.clear().limit(Math.min(n - got, b.capacity()));
            int r = s.read(b);
            if (r < 0) {
                throw new IOException("end of stream after " + got + " of " + n + " octets");
            }
            got += r;
        }
    }

    /** Reads until the peer's FIN. */
    private static void drain(SocketChannel s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (s.read(b.clear()) >= 0) {
            // discard
        }
    }

    /**
     * The connected sockets of both hosts once two listings agree ({@code ss} runs a while after it is asked), the
     * time recorded between them.
     */
    private void checkpoint(String label) throws Exception {
        Thread.sleep(SETTLE_MS);
        for (int attempt = 0; attempt < KernelCorpus.STABLE_ATTEMPTS; attempt++) {
            List<String> before = lines();
            Instant now = Instant.now();
            List<String> after = lines();
            if (before.equals(after)) {
                long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                checkpoints.append("# ").append(t).append(' ').append(label).append('\n');
                after.forEach(line -> checkpoints.append(line).append('\n'));
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(label + ": the sockets kept changing");
    }

    private List<String> lines() {
        List<String> out = new ArrayList<>();
        for (NetNamespace ns : List.of(client, server)) {
            for (KernelSocket s : ok(ns.sockets())) {
                if (s.peer().getPort() != 0) {
                    out.add(text(s.local()) + " " + text(s.peer()) + " " + s.state().rfcName());
                }
            }
        }
        return out;
    }

    /** The address as the checker prints it: {@code a.b.c.d:port}, {@code [v6]:port} (RFC 5952 form). */
    private static String text(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip instanceof Inet6Address v6) {
            String literal = v6.equals(addr(CLIENT6)) ? CLIENT6 : v6.equals(addr(SERVER6)) ? SERVER6
                    : v6.getHostAddress();
            return "[" + literal + "]:" + a.getPort();
        }
        return ip.getHostAddress() + ":" + a.getPort();
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static <T> T ok(io.vavr.control.Either<NetnsError, T> e) {
        if (e.isLeft()) {
            throw e.getLeft().toException();
        }
        return e.get();
    }
}
