package io.github.tcpmodel.linux.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

// The engine on a TUN device opened with IFF_VNET_HDR and the kernel's offloads: the kernel hands it TSO
// super-segments with partial checksums, which the link completes; both directions byte-exact, monitor on.
class VnetInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long OCTETS = 4L << 20;

    @Test
    void theEngineTakesTheKernelsSuperSegmentsByteExactWithTheMonitorOn() throws Exception {
        TunAssumptions.assumeTun();
        ConnectionConfig config = ConnectionConfig.linux();
        ConformanceMonitor monitor = new ConformanceMonitor(config);
        AtomicLong largest = new AtomicLong();
        Either<String, EngineOnTun> opened = EngineOnTun.open("vnet", config, TunImpairments.NONE,
                TunImpairments.NONE, 5, Option.none(), false, true);
        assertTrue(opened.isRight(), () -> opened.getLeft());
        try (EngineOnTun e = opened.get()) {
            assertTrue(e.tun().hasVnetHeader());
            EngineObserver sizes = ev -> {
                if (ev instanceof EngineEvent.SegmentIn in) {
                    largest.accumulateAndGet(in.segment().payload().length, Math::max);
                }
            };
            e.driver().call(() -> {
                e.driver().stack().observe(ev -> {
                    monitor.observe(ev);
                    sizes.observe(ev);
                });
                return true;
            }).get();
            Listener l = e.driver().call(() -> e.driver().stack().listen(8010, 8)).get();
            SocketChannel s = e.ns().socket().get();
            s.connect(new InetSocketAddress(EngineOnTun.ENGINE, 8010));
            EngineDriver.await(e.driver().until(() -> l.pending() > 0), WAIT).get();
            Connection c = e.driver().call(() -> l.accept().get()).get();

            EngineStreams.Pattern up = new EngineStreams.Pattern(21, OCTETS);
            EngineStreams.Pattern down = new EngineStreams.Pattern(22, OCTETS);
            CompletableFuture<EngineStreams.Received> atEngine = EngineStreams.receive(e.driver(), c, Long.MAX_VALUE);
            CompletableFuture<Void> sent = EngineStreams.send(e.driver(), c, down, true);
            CompletableFuture<Void> kernelSent = CompletableFuture.runAsync(() -> {
                try {
                    KernelStreams.send(s, up);
                    s.shutdownOutput();
                } catch (IOException x) {
                    throw new IllegalStateException(x);
                }
            });
            EngineStreams.Received atKernel = KernelStreams.receive(s, Long.MAX_VALUE);
            kernelSent.get();
            EngineDriver.await(sent, WAIT).get();
            EngineStreams.Received got = EngineDriver.await(atEngine, WAIT).get();
            assertEquals(OCTETS, atKernel.octets());
            assertArrayEquals(down.digest(), atKernel.sha256(), "engine -> kernel byte-exact");
            assertEquals(OCTETS, got.octets());
            assertArrayEquals(up.digest(), got.sha256(), "kernel -> engine byte-exact");
            s.close();
            List<String> divergences = e.driver().call(() -> {
                monitor.finish();
                return monitor.divergences().stream().map(String::valueOf).toList();
            }).get();
            assertEquals(List.of(), divergences);
            // The device's MTU is 1500: a segment beyond the MSS of 1448 (1460 less the Timestamps option) can
            // only be a super-segment the kernel left to the device to cut.
            assertTrue(largest.get() > c.sendMss(), "largest segment from the kernel " + largest.get());
        }
    }
}
