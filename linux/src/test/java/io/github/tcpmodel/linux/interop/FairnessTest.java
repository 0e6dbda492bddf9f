package io.github.tcpmodel.linux.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The engine's congestion control (the linux configuration: CUBIC, RFC 9438, with RACK-TLP, RFC 8985) shares a
 * bottleneck with the kernel's CUBIC fairly. Three namespaces: the engine's, where the engine sits behind its TUN
 * device and which routes; the kernel sender's, joined to it by a veth pair; and a far one holding the receivers,
 * joined to the engine's by a veth pair whose near end carries a token bucket (tc TBF, 20 Mbit/s, 30 ms of queue).
 * Both flows are forwarded into that one queue; after a warm-up, the octets each delivers in a measured interval give
 * Jain's fairness index (x1 + x2)^2 / (2 (x1^2 + x2^2)).
 *
 * <p>The kernel's flow is forwarded too, not sent from the namespace that holds the queue: a socket whose own
 * device's queue drops its segment learns of it at once (the qdisc's verdict reaches TCP, which enters CWR on every
 * such drop, and TCP Small Queues count the octets waiting in it), while the engine's segments are dropped there
 * unseen like any forwarded packet's. With the queue local to the kernel's sender two kernel CUBIC flows alone
 * split it 9:1 in some runs. The kernel flow's congestion control is set on its route ({@code congctl cubic}): the
 * namespace would otherwise inherit the host's default, which need not be CUBIC.
 *
 * <p>The bound is generous so that a loaded machine does not make it flaky, and still meaningful: an index of at
 * least 0.8 means neither flow gets less than a quarter of what both deliver (the shares within 3:1), where a flow
 * without congestion control, or one that never grows past its initial window, takes nearly all or nearly nothing.
 * The engine's conformance monitor stays on and must find nothing.
 */
class FairnessTest {

    private static final String NEAR = "10.78.0.1";
    private static final String FAR = "10.78.0.2";
    /** The engine's namespace and the kernel sender's on the veth pair between them. */
    private static final String ROUTER = "10.79.0.1";
    private static final String SENDER = "10.79.0.2";
    private static final int ENGINE_PORT = 5001;
    private static final int KERNEL_PORT = 5002;
    private static final long RATE_BITS = 20_000_000;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURED = Duration.ofSeconds(15);
    private static final double MIN_JAIN = 0.8;

    @Test
    void anEngineFlowAndAKernelFlowShareOneBottleneckFairly() throws Exception {
        TunAssumptions.assumeTun();
        TunAssumptions.assumeNamedNamespaces();
        ConnectionConfig config = ConnectionConfig.linux().withMss(1460).withUserTimeout(120_000);
        EngineOnTun e = ok(EngineOnTun.open("fairness", config, TunImpairments.NONE, TunImpairments.NONE, 19,
                Option.none()));
        NetNamespace far = null;
        NetNamespace source = null;
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<AutoCloseable> channels = new CopyOnWriteArrayList<>();
        try {
            far = ok(NetNamespace.create());
            NetNamespace near = e.ns();
            // The bottleneck: a veth pair from the engine's namespace to the far one; forwarding on the near side.
            ok(near.run(List.of("ip", "link", "add", "bneck0", "type", "veth", "peer", "name", "bneck1", "netns",
                    far.name())));
            ok(near.run(List.of("ip", "addr", "add", NEAR + "/24", "dev", "bneck0")));
            ok(near.run(List.of("ip", "link", "set", "bneck0", "up")));
            ok(near.sysctl("net.ipv4.ip_forward", "1"));
            // Segmentation offloads off, so that the kernel's flow enters the queue in segments as the engine's does.
            near.run(List.of("ethtool", "-K", "bneck0", "tso", "off", "gso", "off"));
            ok(near.run(List.of("tc", "qdisc", "add", "dev", "bneck0", "root", "tbf", "rate", RATE_BITS + "bit",
                    "burst", "20kb", "latency", "30ms")));
            ok(far.run(List.of("ip", "addr", "add", FAR + "/24", "dev", "bneck1")));
            ok(far.run(List.of("ip", "link", "set", "bneck1", "up")));
            ok(far.run(List.of("ip", "link", "set", "lo", "up")));
            ok(far.run(List.of("ip", "route", "add", "10.77.0.0/24", "via", NEAR)));
            ok(far.run(List.of("ip", "route", "add", "10.79.0.0/24", "via", NEAR)));
            // The kernel's sender: its own namespace, routed through the engine's, CUBIC on its route to the far end.
            source = ok(NetNamespace.create());
            ok(near.run(List.of("ip", "link", "add", "ksend0", "type", "veth", "peer", "name", "ksend1", "netns",
                    source.name())));
            ok(near.run(List.of("ip", "addr", "add", ROUTER + "/24", "dev", "ksend0")));
            ok(near.run(List.of("ip", "link", "set", "ksend0", "up")));
            ok(source.run(List.of("ip", "addr", "add", SENDER + "/24", "dev", "ksend1")));
            ok(source.run(List.of("ip", "link", "set", "ksend1", "up")));
            ok(source.run(List.of("ip", "link", "set", "lo", "up")));
            source.run(List.of("ethtool", "-K", "ksend1", "tso", "off", "gso", "off"));
            ok(source.run(List.of("ip", "route", "add", "10.78.0.0/24", "via", ROUTER, "congctl", "cubic")));

            AtomicLong engineOctets = new AtomicLong();
            AtomicLong kernelOctets = new AtomicLong();
            ServerSocketChannel engineServer = ok(far.listen(FAR, ENGINE_PORT, 4));
            ServerSocketChannel kernelServer = ok(far.listen(FAR, KERNEL_PORT, 4));
            channels.add(engineServer);
            channels.add(kernelServer);
            threads.add(receiver(engineServer, engineOctets, stop, channels));
            threads.add(receiver(kernelServer, kernelOctets, stop, channels));

            ConformanceMonitor monitor = new ConformanceMonitor(config);
            byte[] chunk = new byte[65536];
            Connection engine = ok(e.driver().call(() -> {
                e.driver().stack().observe(monitor);
                return e.driver().stack().connect(Addresses.parse(FAR), ENGINE_PORT);
            }));
            // The engine's application: keep its send buffer full until told to stop.
            e.driver().until(() -> {
                if (stop.get()) {
                    return true;
                }
                if (engine.tcpState() == TcpState.ESTABLISHED) {
                    while (engine.writable() > 0 && engine.write(chunk, 0, chunk.length) > 0) {
                        // fill
                    }
                }
                return false;
            });

            SocketChannel kernel = ok(source.socket());
            channels.add(kernel);
            kernel.connect(new InetSocketAddress(FAR, KERNEL_PORT));
            String info = ok(source.run(List.of("ss", "-tin", "dst", FAR + ":" + KERNEL_PORT)));
            assertTrue(info.contains("cubic"), "the kernel's flow runs CUBIC: " + info);
            Thread sender = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(65536);
                try {
                    while (!stop.get()) {
                        b.clear();
                        kernel.write(b);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "fairness-kernel-sender");
            sender.setDaemon(true);
            sender.start();
            threads.add(sender);

            Thread.sleep(WARM_UP.toMillis());
            long engine0 = engineOctets.get();
            long kernel0 = kernelOctets.get();
            long t0 = System.nanoTime();
            Thread.sleep(MEASURED.toMillis());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long x1 = engineOctets.get() - engine0;
            long x2 = kernelOctets.get() - kernel0;
            stop.set(true);
            double jain = (double) (x1 + x2) * (x1 + x2) / (2.0 * ((double) x1 * x1 + (double) x2 * x2));
            double rate = RATE_BITS / 8.0;
            String measured = String.format("[fairness] over %.1f s after a %d s warm-up: engine %.0f octets/s, "
                            + "kernel %.0f octets/s (bottleneck %.0f), engine share %.3f, Jain's index %.3f",
                    seconds, WARM_UP.toSeconds(), x1 / seconds, x2 / seconds, rate, (double) x1 / (x1 + x2), jain);
            System.out.println(measured);
            // The token bucket was the bottleneck: together the flows filled at least half of it, and no more than
            // it passes (its burst aside).
            assertTrue((x1 + x2) / seconds >= rate / 2, measured);
            assertTrue((x1 + x2) / seconds <= rate * 1.1, measured);
            assertTrue(jain >= MIN_JAIN, measured);
            List<?> divergences = ok(e.driver().call(() -> {
                monitor.finish();
                return List.copyOf(monitor.divergences());
            }));
            assertEquals(List.of(), divergences);
        } finally {
            stop.set(true);
            for (AutoCloseable c : channels) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing what may already be closed
                }
            }
            for (Thread t : threads) {
                t.join(2_000);
            }
            e.close();
            if (far != null) {
                far.close();
            }
            if (source != null) {
                source.close();
            }
        }
    }

    /** Accepts one connection on {@code server} and counts what it delivers until {@code stop}. */
    private static Thread receiver(ServerSocketChannel server, AtomicLong octets, AtomicBoolean stop,
                                   List<AutoCloseable> channels) {
        Thread t = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 18);
            try (SocketChannel s = server.accept()) {
                channels.add(s);
                while (!stop.get()) {
                    b.clear();
                    int n = s.read(b);
                    if (n < 0) {
                        return;
                    }
                    octets.addAndGet(n);
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "fairness-receiver");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static <T> T ok(Either<?, T> r) {
        if (r.isLeft()) {
            fail(String.valueOf(r.getLeft()));
        }
        return r.get();
    }
}
