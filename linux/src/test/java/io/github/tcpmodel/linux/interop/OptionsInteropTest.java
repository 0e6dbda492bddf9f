package io.github.tcpmodel.linux.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// The engine's linux configuration against the kernel over IPv4 and IPv6 through the TUN: window scaling, timestamps
// and SACK negotiated both ways (RFC 7323 §2.2, §3.2; RFC 2018 §2), the byte stream exact both ways, the conformance
// monitor silent, and the engine's SYN and SYN,ACK options laid out as the kernel's own in the same run.
class OptionsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long OCTETS = 4L << 20;

    /** One engine with a conformance monitor and every packet that crossed the device, in order. */
    private static final class Setup implements AutoCloseable {
        final EngineOnTun e;
        final ConformanceMonitor monitor;
        final List<byte[]> toKernel = new CopyOnWriteArrayList<>();
        final List<byte[]> fromKernel = new CopyOnWriteArrayList<>();

        Setup(String name, boolean ipv6) {
            TunAssumptions.assumeTun();
            // RFC 9293 §3.7.1: MSS = MTU (1500) less the IP and TCP headers, 40 octets over IPv4 and 60 over IPv6.
            ConnectionConfig config = ConnectionConfig.linux().withMss(ipv6 ? 1440 : 1460)
                    .withUserTimeout(120_000);
            e = ok(EngineOnTun.open(name, config, TunImpairments.NONE, TunImpairments.NONE, name.hashCode(),
                    Option.some(Path.of("target", "pcap", "options-" + name + ".pcap")), ipv6));
            monitor = new ConformanceMonitor(config);
            call(() -> {
                e.driver().stack().observe(monitor);
                return true;
            });
            e.link().tap(new PacketTap() {
                @Override
                public void toKernel(byte[] packet) {
                    Setup.this.toKernel.add(packet.clone());
                }

                @Override
                public void fromKernel(byte[] packet) {
                    Setup.this.fromKernel.add(packet.clone());
                }
            });
        }

        <T> T call(Supplier<T> task) {
            return ok(e.driver().call(task, WAIT));
        }

        void until(String what, java.util.function.BooleanSupplier condition) {
            Either<String, Void> r = EngineDriver.await(e.driver().until(condition), WAIT);
            if (r.isLeft()) {
                fail(what + ": " + r.getLeft());
            }
        }

        SocketChannel kernelSocket() {
            return ok(e.ipv6() ? e.ns().socket6() : e.ns().socket());
        }

        @Override
        public void close() {
            e.close();
        }
    }

    static <T> T ok(Either<? extends Object, T> r) {
        if (r.isLeft()) {
            fail(String.valueOf(r.getLeft()));
        }
        return r.get();
    }

    /** The first TCP SYN (with {@code ack}: SYN,ACK) among {@code packets}. */
    private static byte[] syn(List<byte[]> packets, boolean ack) {
        for (byte[] p : packets) {
            int t = tcpOffset(p);
            if (t > 0) {
                int flags = p[t + 13] & 0xFF;
                if ((flags & 0x02) != 0 && ((flags & 0x10) != 0) == ack) {
                    return p;
                }
            }
        }
        return fail("no " + (ack ? "SYN,ACK" : "SYN") + " among " + packets.size() + " packets");
    }

    /** Where the TCP header starts, or -1 if {@code p} is no TCP packet of IPv4 or IPv6 (without extensions). */
    private static int tcpOffset(byte[] p) {
        int version = (p[0] & 0xFF) >>> 4;
        if (version == 4 && p.length >= 40 && p[9] == 6) {
            return (p[0] & 0x0F) * 4;
        }
        return version == 6 && p.length >= 60 && p[6] == 6 ? 40 : -1;
    }

    /** The options of {@code p} as (kind, length) pairs in order, NOP as (1, 1), up to EOL. */
    private static List<String> layout(byte[] p) {
        int t = tcpOffset(p);
        int end = t + ((p[t + 12] & 0xFF) >>> 4) * 4;
        List<String> out = new ArrayList<>();
        for (int i = t + 20; i < end; ) {
            int kind = p[i] & 0xFF;
            if (kind == 0) {
                break;
            }
            int len = kind == 1 ? 1 : p[i + 1] & 0xFF;
            out.add(kind + "/" + len);
            i += Math.max(1, len);
        }
        return out;
    }

    /** The value octets of option {@code kind} of {@code p}. */
    private static byte[] option(byte[] p, int kind) {
        int t = tcpOffset(p);
        int end = t + ((p[t + 12] & 0xFF) >>> 4) * 4;
        for (int i = t + 20; i < end; ) {
            int k = p[i] & 0xFF;
            if (k == 0) {
                break;
            }
            if (k == 1) {
                i++;
                continue;
            }
            int len = p[i + 1] & 0xFF;
            if (k == kind) {
                return Arrays.copyOfRange(p, i + 2, i + len);
            }
            i += len;
        }
        return fail("no option " + kind);
    }

    @ParameterizedTest(name = "ipv6 = {0}")
    @ValueSource(booleans = {false, true})
    void theEnginesHandshakeOptionsAreTheKernelsOwn(boolean ipv6) throws Exception {
        try (Setup s = new Setup("syn-" + (ipv6 ? 6 : 4), ipv6)) {
            // The kernel connects to the engine: the kernel's SYN, the engine's SYN,ACK.
            Listener l = s.call(() -> s.e.driver().stack().listen(8100, 8));
            SocketChannel k = s.kernelSocket();
            k.connect(new InetSocketAddress(s.e.engineText(), 8100));
            s.until("engine accepts", () -> l.pending() > 0);
            // The engine connects to the kernel: the engine's SYN, the kernel's SYN,ACK.
            ServerSocketChannel server = ok(s.e.ns().listen(s.e.kernelText(), 8101, 8));
            Connection c = s.call(() -> s.e.driver().stack().connect(s.e.kernel(), 8101));
            s.until("engine connects", () -> c.tcpState() == TcpState.ESTABLISHED);
            server.accept().close();
            k.close();

            byte[] kernelSyn = syn(s.fromKernel, false);
            byte[] kernelSynAck = syn(s.fromKernel, true);
            byte[] engineSyn = syn(s.toKernel, false);
            byte[] engineSynAck = syn(s.toKernel, true);
            // tcp_options_write: mss, sackOK, TS, nop, wscale on both.
            assertEquals(List.of("2/4", "4/2", "8/10", "1/1", "3/3"), layout(kernelSyn));
            assertEquals(layout(kernelSyn), layout(engineSyn), "SYN");
            assertEquals(layout(kernelSynAck), layout(engineSynAck), "SYN,ACK");
            assertArrayEquals(option(kernelSyn, 2), option(engineSyn, 2), "the MSS of the same MTU");
            // The shift is each side's own, sized to its receive buffer (RFC 7323 §2.3): the kernel's from its
            // tcp_rmem, the engine's the linux profile's 7.
            assertEquals(7, option(engineSyn, 3)[0], "the engine's shift");
            assertEquals(7, option(engineSynAck, 3)[0], "the engine's shift");
            assertTrue(option(kernelSyn, 3)[0] <= 14 && option(kernelSyn, 3)[0] == option(kernelSynAck, 3)[0]);
            assertEquals(List.of(), s.monitor.divergences());
        }
    }

    @ParameterizedTest(name = "ipv6 = {0}")
    @ValueSource(booleans = {false, true})
    void bulkBothWaysByteExactWithAllThreeOptions(boolean ipv6) throws Exception {
        try (Setup s = new Setup("bulk-" + (ipv6 ? 6 : 4), ipv6)) {
            ServerSocketChannel server = ok(s.e.ns().listen(s.e.kernelText(), 8200, 8));
            Connection c = s.call(() -> s.e.driver().stack().connect(s.e.kernel(), 8200));
            s.until("engine connects", () -> c.tcpState() == TcpState.ESTABLISHED);
            SocketChannel k = server.accept();
            byte[] kernelSynAck = syn(s.fromKernel, true);
            assertEquals(List.of("2/4", "4/2", "8/10", "1/1", "3/3"), layout(kernelSynAck),
                    "the kernel took all three options");

            EngineStreams.Pattern up = new EngineStreams.Pattern(21, OCTETS);
            EngineStreams.Pattern down = new EngineStreams.Pattern(22, OCTETS);
            CompletableFuture<EngineStreams.Received> atEngine = EngineStreams.receive(s.e.driver(), c,
                    Long.MAX_VALUE);
            CompletableFuture<Void> sent = EngineStreams.send(s.e.driver(), c, down, true);
            CompletableFuture<Void> kernelSent = CompletableFuture.runAsync(() -> {
                try {
                    KernelStreams.send(k, up);
                    k.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            EngineStreams.Received atKernel = KernelStreams.receive(k, Long.MAX_VALUE);
            ok(EngineDriver.await(kernelSent, WAIT));
            ok(EngineDriver.await(sent, WAIT));
            EngineStreams.Received got = ok(EngineDriver.await(atEngine, WAIT));
            assertEquals(OCTETS, atKernel.octets());
            assertArrayEquals(down.digest(), atKernel.sha256(), "engine -> kernel byte-exact");
            assertEquals(OCTETS, got.octets());
            assertArrayEquals(up.digest(), got.sha256(), "kernel -> engine byte-exact");
            k.close();
            s.call(() -> {
                c.close();
                return true;
            });
            s.until("engine closed", () -> c.isDeleted() || c.tcpState() == TcpState.TIME_WAIT);
            // Window scaling in use: the engine advertised more than 65535 octets after the handshake.
            long scaled = s.toKernel.stream().filter(p -> tcpOffset(p) > 0 && (p[tcpOffset(p) + 13] & 0x02) == 0)
                    .mapToLong(p -> ((p[tcpOffset(p) + 14] & 0xFF) << 8 | (p[tcpOffset(p) + 15] & 0xFF)) << 7)
                    .max().orElse(0);
            assertTrue(scaled > 65535, "largest scaled window " + scaled);
            s.call(() -> {
                s.monitor.finish();
                return true;
            });
            assertEquals(List.of(), s.monitor.divergences());
        }
    }
}
