package io.github.tcpmodel.bench;

import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.NetnsError;
import io.github.tcpmodel.pcap.CaptureReader;
import io.vavr.control.Either;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real capture for the trace benchmarks: two fresh network namespaces joined by a veth pair, Linux TCP on both
 * ends with its default settings (offloads, SACK, timestamps, window scaling on), HTTP-like traffic between them,
 * and {@code tcpdump -s 96} on the client's end of the pair writing a headers-only pcap (Ethernet). Each connection
 * sends a request of 200 to 711 octets that names the response's size, gets a response of 1 to 60 kB, and is closed
 * by the client first (so it ends in TIME-WAIT, RFC 9293 §3.10.7.4); {@value #CLIENTS} clients run at once. Needs
 * root and tcpdump; nothing leaves the namespaces.
 */
final class TraceTraffic {

    /** Clients that run at once. */
    static final int CLIENTS = 16;
    private static final String CLIENT = "10.203.0.1";
    private static final String SERVER = "10.203.0.2";
    private static final int PORT = 8080;

    private TraceTraffic() {
    }

    /** What was captured: the file, its TCP segments and the connections made. */
    record Made(Path file, long segments, long connections) {
    }

    /** Makes traffic until the capture holds at least {@code segments} TCP segments (counted after tcpdump ends). */
    static Made capture(Path file, long segments) throws Exception {
        long connections = 0;
        long have = 0;
        // One run of traffic; if the capture holds fewer segments than asked (offloads join segments), another run
        // replaces it with a longer one.
        long bytes = segments * 100;
        for (int attempt = 0; attempt < 4 && have < segments; attempt++) {
            connections = run(file, bytes);
            have = count(file);
            bytes = bytes * segments / Math.max(1, have) + bytes / 10;
        }
        return new Made(file, have, connections);
    }

    static long count(Path file) {
        CaptureReader r = CaptureReader.open(file).get();
        long n = 0;
        while (r.advance()) {
            byte[] b = r.packetBytes();
            int v = (b[0] & 0xF0) >>> 4;
            if (v == 4 && r.packetLength() >= 20 && b[9] == 6 || v == 6 && r.packetLength() >= 40 && b[6] == 6) {
                n++;
            }
        }
        return n;
    }

    private static <T> T ok(Either<NetnsError, T> e) {
        if (e.isLeft()) {
            throw new IllegalStateException(e.getLeft().toString());
        }
        return e.get();
    }

    /** One run: traffic until the capture file reaches {@code bytes}; answers the connections made. */
    private static long run(Path file, long bytes) throws Exception {
        Files.deleteIfExists(file);
        try (NetNamespace client = ok(NetNamespace.create()); NetNamespace server = ok(NetNamespace.create())) {
            if (!server.isNamed()) {
                throw new IllegalStateException("a veth pair needs named namespaces (root)");
            }
            ok(client.run(List.of("ip", "link", "add", "tcpva", "type", "veth", "peer", "name", "tcpvb", "netns",
                    server.name())));
            setUp(client, "tcpva", CLIENT);
            setUp(server, "tcpvb", SERVER);
            // Many short connections from one address: every local port, and TIME-WAIT sockets reused for new
            // connections (both Linux's own choices for a busy client).
            ok(client.sysctl("net.ipv4.ip_local_port_range", "1024 65535"));
            ok(client.sysctl("net.ipv4.tcp_tw_reuse", "1"));
            ServerSocketChannel listener = ok(server.listen(SERVER, PORT, 4096));
            Process dump = startTcpdump(client, file);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong made = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            try {
                ok(server.inside(() -> {
                    Thread t = new Thread(() -> serve(listener, stop), "trace-traffic-server");
                    t.setDaemon(true);
                    t.start();
                    threads.add(t);
                    return null;
                }));
                ok(client.inside(() -> {
                    for (int i = 0; i < CLIENTS; i++) {
                        int seed = i;
                        Thread t = new Thread(() -> clients(seed, stop, made), "trace-traffic-client-" + i);
                        t.setDaemon(true);
                        t.start();
                        threads.add(t);
                    }
                    return null;
                }));
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (Files.size(file) < bytes && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            } finally {
                stop.set(true);
                for (Thread t : threads) {
                    t.join(5_000);
                }
                listener.close();
                Thread.sleep(500);
                dump.destroy();  // SIGTERM: tcpdump writes out what it holds
                dump.waitFor(10, TimeUnit.SECONDS);
            }
            return made.get();
        }
    }

    private static void setUp(NetNamespace ns, String dev, String ip) {
        ok(ns.run(List.of("ip", "addr", "add", ip + "/24", "dev", dev)));
        ok(ns.run(List.of("ip", "link", "set", dev, "up")));
        ok(ns.run(List.of("ip", "link", "set", "lo", "up")));
    }

    private static Process startTcpdump(NetNamespace ns, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nsenter", "--net=" + ns.path(), "tcpdump", "-i", "tcpva", "-n", "-s", "96",
                "-Z", "root", "-w", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line = err.readLine();
        if (line == null || !line.contains("listening on")) {
            p.destroy();
            throw new IllegalStateException("tcpdump did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // tcpdump's closing counts: not needed
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    /** The server: each connection reads a request whose first 4 octets name the response's size, answers it. */
    private static void serve(ServerSocketChannel listener, AtomicBoolean stop) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS * 2);
        try {
            while (!stop.get()) {
                SocketChannel c = listener.accept();
                pool.submit(() -> answer(c));
            }
        } catch (IOException e) {
            // the listener was closed: the run is over
        } finally {
            pool.shutdownNow();
        }
    }

    private static void answer(SocketChannel c) {
        try (c) {
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining()) {
                if (c.read(head) < 0) {
                    return;
                }
            }
            int response = head.getInt(0);
            ByteBuffer rest = ByteBuffer.allocate(1024);
            // The rest of the request (its length is in octets 4..5 of the 4-byte size's upper half).
            int requestRest = response >>> 20;
            while (requestRest > 0) {
                rest.clear().limit(Math.min(rest.capacity(), requestRest));
                int r = c.read(rest);
                if (r < 0) {
                    return;
                }
                requestRest -= r;
            }
            ByteBuffer out = ByteBuffer.allocate(response & 0xFFFFF);
            while (out.hasRemaining()) {
                c.write(out);
            }
            // Wait for the client's FIN: the client closes first.
            rest.clear();
            while (c.read(rest) >= 0) {
                rest.clear();
            }
        } catch (IOException e) {
            // a reset or the end of the run
        }
    }

    /** One client: connections one after another, each a request, the whole response, then its close. */
    private static void clients(int seed, AtomicBoolean stop, AtomicLong made) {
        long h = 0x9E3779B97F4A7C15L * (seed + 1);
        ByteBuffer in = ByteBuffer.allocate(64 << 10);
        while (!stop.get()) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            int request = 200 + (int) ((h >>> 33) & 0x1FF);
            int response = 1_000 + (int) Long.remainderUnsigned(h >>> 13, 59_000);
            try (SocketChannel c = SocketChannel.open()) {
                c.connect(new InetSocketAddress(SERVER, PORT));
                ByteBuffer req = ByteBuffer.allocate(request);
                req.putInt(0, (request - 4) << 20 | response);
                while (req.hasRemaining()) {
                    c.write(req);
                }
                int got = 0;
                while (got < response) {
                    in.clear();
                    int r = c.read(in);
                    if (r < 0) {
                        break;
                    }
                    got += r;
                }
                made.incrementAndGet();
            } catch (IOException e) {
                if (stop.get()) {
                    return;
                }
            }
        }
    }
}
