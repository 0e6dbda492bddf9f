package io.github.tcpmodel.linux.interop;

import static io.github.tcpmodel.linux.interop.Rig.agrees;
import static io.github.tcpmodel.linux.interop.Rig.localPort;
import static io.github.tcpmodel.linux.interop.Rig.predicted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.linux.netns.KernelSocket;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InteropTest {

    /** Octets each way of the bulk transfers: a few MB in CI; -Dtcpmodel.interop.bytes=52428800 for 50 MB. */
    static final long BULK = Long.getLong("tcpmodel.interop.bytes", 4L << 20);

    // ---- handshake and both close orders ----

    @Test
    void linuxClientEngineServerHandshakeThenKernelClosesFirst() throws Exception {
        try (Rig r = Rig.open("linux-client-kernel-closes-first")) {
            Listener l = r.engineListens(8000);
            SocketChannel s = r.kernelConnects(8000);
            Connection c = r.engineAccepts(l);
            KernelCheck k = r.check(localPort(s), 8000, false);
            predicted(k.expect("handshake", Event.RCV_SYN_ACK), ConnectionState.ESTABLISHED);
            assertEquals(TcpState.ESTABLISHED, c.tcpState());

            s.close();
            r.awaitEngine(c, TcpState.CLOSE_WAIT);
            predicted(k.meetClose(false).flatMap(x -> k.expect("kernel close(), then the ACK of its FIN",
                    Event.RCV_ACK_OF_FIN)), ConnectionState.FIN_WAIT_2);
            // fin-wait-2-timeout: the orphaned FIN-WAIT-2 runs a timer (tcp_fin_timeout, 60 s by default).
            assertTimer(r, k.kernelPort(), 8000, 0, 60);
            r.run(c::close);
            r.awaitDeleted(c);
            predicted(k.expect("engine's FIN", Event.RCV_FIN), ConnectionState.TIME_WAIT);
            // time-wait-60s: TIME-WAIT lasts 60 s, not 2 MSL = 4 minutes.
            assertTimer(r, k.kernelPort(), 8000, 50, 60);
            assertTrue(r.engineStates.contains("LAST-ACK"), r.engineStates.toString());
        }
    }

    private static void assertTimer(Rig r, int kernelPort, int enginePort, long minSeconds, long maxSeconds) {
        KernelSocket ks = Rig.ok(r.e.ns().sockets()).find(x -> x.connects(kernelPort, enginePort)).get();
        KernelSocket.Timer t = ks.timer().getOrElseThrow(() -> new AssertionError("no timer: " + ks));
        assertEquals("timewait", t.name(), ks.toString());
        assertTrue(t.remaining().compareTo(Duration.ofSeconds(minSeconds)) >= 0, ks.toString());
        assertTrue(t.remaining().compareTo(Duration.ofSeconds(maxSeconds)) <= 0, ks.toString());
    }

    @Test
    void linuxClientEngineServerEngineClosesFirst() throws Exception {
        try (Rig r = Rig.open("linux-client-engine-closes-first")) {
            Listener l = r.engineListens(8001);
            SocketChannel s = r.kernelConnects(8001);
            Connection c = r.engineAccepts(l);
            KernelCheck k = r.check(localPort(s), 8001, false);
            agrees(k.expect("handshake", Event.RCV_SYN_ACK));

            r.run(c::close);
            r.awaitEngine(c, TcpState.FIN_WAIT_2);
            predicted(k.expect("engine's FIN", Event.RCV_FIN), ConnectionState.CLOSE_WAIT);
            assertEquals(-1, s.read(ByteBuffer.allocate(16)), "the kernel reads the end of the stream");
            r.e.link().holdToKernel(true);
            s.close();
            predicted(k.closed("kernel close()", false), ConnectionState.LAST_ACK);
            r.awaitEngine(c, TcpState.TIME_WAIT);
            r.e.link().holdToKernel(false);
            predicted(k.expect("engine's ACK of FIN", Event.RCV_ACK_OF_FIN), ConnectionState.CLOSED);
        }
    }

    @Test
    void engineClientLinuxServerEngineClosesFirst() throws Exception {
        try (Rig r = Rig.open("engine-client-engine-closes-first")) {
            ServerSocketChannel server = r.kernelListens(7001);
            Connection c = r.engineConnects(7001);
            SocketChannel s = server.accept();
            KernelCheck k = r.check(7001, c.id().localPort(), true);
            predicted(k.expect("handshake", Event.RCV_SYN, Event.RCV_ACK_OF_SYN), ConnectionState.ESTABLISHED);

            r.run(c::close);
            r.awaitEngine(c, TcpState.FIN_WAIT_2);
            predicted(k.expect("engine's FIN", Event.RCV_FIN), ConnectionState.CLOSE_WAIT);
            s.close();
            r.awaitEngine(c, TcpState.TIME_WAIT);
            predicted(k.meetClose(false).flatMap(x -> k.expect("kernel close(), then engine's ACK",
                    Event.RCV_ACK_OF_FIN)),
                    ConnectionState.CLOSED);
        }
    }

    @Test
    void engineClientLinuxServerKernelClosesFirst() throws Exception {
        try (Rig r = Rig.open("engine-client-kernel-closes-first")) {
            ServerSocketChannel server = r.kernelListens(7002);
            Connection c = r.engineConnects(7002);
            SocketChannel s = server.accept();
            KernelCheck k = r.check(7002, c.id().localPort(), true);
            agrees(k.expect("handshake", Event.RCV_SYN, Event.RCV_ACK_OF_SYN));

            s.close();
            r.awaitEngine(c, TcpState.CLOSE_WAIT);
            predicted(k.meetClose(false).flatMap(x -> k.expect("kernel close(), then engine's ACK",
                    Event.RCV_ACK_OF_FIN)),
                    ConnectionState.FIN_WAIT_2);
            r.run(c::close);
            r.awaitDeleted(c);
            predicted(k.expect("engine's FIN", Event.RCV_FIN), ConnectionState.TIME_WAIT);
        }
    }

    @Test
    void simultaneousCloseTakesBothSidesThroughClosing() throws Exception {
        try (Rig r = Rig.open("simultaneous-close")) {
            ServerSocketChannel server = r.kernelListens(7003);
            Connection c = r.engineConnects(7003);
            SocketChannel s = server.accept();
            KernelCheck k = r.check(7003, c.id().localPort(), true);
            agrees(k.expect("handshake", Event.RCV_SYN, Event.RCV_ACK_OF_SYN));

            // The engine's FIN waits in the link while the kernel sends its own: the FINs cross.
            r.e.link().holdToKernel(true);
            r.run(c::shutdown);
            r.until("the engine's FIN is held", () -> r.e.link().held() == 1);
            s.shutdownOutput();
            predicted(k.closed("kernel shutdownOutput()", false), ConnectionState.FIN_WAIT_1);
            r.awaitEngine(c, TcpState.CLOSING);
            r.until("the engine's ACK of the kernel's FIN is held", () -> r.e.link().held() >= 2);
            r.e.link().releaseHeld(1);
            predicted(k.expect("engine's FIN, not acknowledging the kernel's", Event.RCV_FIN),
                    ConnectionState.CLOSING);
            r.awaitEngine(c, TcpState.TIME_WAIT);
            r.e.link().holdToKernel(false);
            predicted(k.expect("engine's ACK of FIN", Event.RCV_ACK_OF_FIN), ConnectionState.TIME_WAIT);
            assertTrue(r.engineStates.contains("CLOSING"), r.engineStates.toString());
        }
    }

    // ---- bulk data ----

    @Test
    void bulkBothWaysLinuxClientEngineServer() throws Exception {
        try (Rig r = Rig.open("bulk-linux-client")) {
            Listener l = r.engineListens(8002);
            SocketChannel s = r.kernelConnects(8002);
            Connection c = r.engineAccepts(l);
            bulkBothWays(r, c, s, 11);
        }
    }

    @Test
    void bulkBothWaysEngineClientLinuxServer() throws Exception {
        try (Rig r = Rig.open("bulk-engine-client")) {
            ServerSocketChannel server = r.kernelListens(7004);
            Connection c = r.engineConnects(7004);
            SocketChannel s = server.accept();
            bulkBothWays(r, c, s, 13);
        }
    }

    private static void bulkBothWays(Rig r, Connection c, SocketChannel s, long seed) throws Exception {
        exchange(r, c, s, BULK, seed, "");
        s.close();
        r.run(c::close);
        // The engine shut down first: it waits in TIME-WAIT, or is gone if the kernel's FIN came first.
        r.until("engine in TIME-WAIT or deleted", () -> c.isDeleted() || c.tcpState() == TcpState.TIME_WAIT);
    }

    /**
     * Moves {@code octets} each way at once (the engine half-closes after its last octet, the kernel shuts down its
     * output after its last) and checks both directions byte-exact by SHA-256.
     */
    private static void exchange(Rig r, Connection c, SocketChannel s, long octets, long seed, String how)
            throws Exception {
        EngineStreams.Pattern up = new EngineStreams.Pattern(seed, octets);
        EngineStreams.Pattern down = new EngineStreams.Pattern(seed + 1, octets);
        CompletableFuture<EngineStreams.Received> atEngine = EngineStreams.receive(r.e.driver(), c, Long.MAX_VALUE);
        CompletableFuture<Void> sent = EngineStreams.send(r.e.driver(), c, down, true);
        CompletableFuture<Void> kernelSent = CompletableFuture.runAsync(() -> {
            try {
                KernelStreams.send(s, up);
                s.shutdownOutput();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        EngineStreams.Received atKernel = KernelStreams.receive(s, Long.MAX_VALUE);
        r.await(kernelSent);
        r.await(sent);
        EngineStreams.Received got = r.await(atEngine);
        assertEquals(octets, atKernel.octets());
        assertArrayEquals(down.digest(), atKernel.sha256(), "engine -> kernel byte-exact" + how);
        assertEquals(octets, got.octets());
        assertArrayEquals(up.digest(), got.sha256(), "kernel -> engine byte-exact" + how);
    }

    // ---- half-close ----

    @Test
    void engineHalfClosesAndTheKernelSendsAfterTheFin() throws Exception {
        try (Rig r = Rig.open("half-close-engine")) {
            ServerSocketChannel server = r.kernelListens(7005);
            Connection c = r.engineConnects(7005);
            SocketChannel s = server.accept();
            KernelCheck k = r.check(7005, c.id().localPort(), true);
            agrees(k.expect("handshake", Event.RCV_SYN, Event.RCV_ACK_OF_SYN));

            EngineStreams.Pattern before = new EngineStreams.Pattern(21, 100_000);
            r.await(EngineStreams.send(r.e.driver(), c, before, true));
            EngineStreams.Received atKernel = KernelStreams.receive(s, Long.MAX_VALUE);
            assertArrayEquals(before.digest(), atKernel.sha256());
            r.awaitEngine(c, TcpState.FIN_WAIT_2);
            predicted(k.expect("engine's FIN", Event.RCV_FIN), ConnectionState.CLOSE_WAIT);

            EngineStreams.Pattern after = new EngineStreams.Pattern(22, 1 << 20);
            CompletableFuture<EngineStreams.Received> atEngine = EngineStreams.receive(r.e.driver(), c,
                    Long.MAX_VALUE);
            KernelStreams.send(s, after);
            s.shutdownOutput();
            EngineStreams.Received got = r.await(atEngine);
            assertArrayEquals(after.digest(), got.sha256(), "data after the engine's FIN arrives byte-exact");
            r.awaitEngine(c, TcpState.TIME_WAIT);
            predicted(k.meetClose(false).flatMap(x -> k.expect("kernel shutdownOutput(), then engine's ACK",
                    Event.RCV_ACK_OF_FIN)), ConnectionState.CLOSED);
            s.close();
        }
    }

    @Test
    void kernelHalfClosesAndTheEngineSendsAfterTheFin() throws Exception {
        try (Rig r = Rig.open("half-close-kernel")) {
            Listener l = r.engineListens(8003);
            SocketChannel s = r.kernelConnects(8003);
            Connection c = r.engineAccepts(l);
            KernelCheck k = r.check(localPort(s), 8003, false);
            agrees(k.expect("handshake", Event.RCV_SYN_ACK));

            s.shutdownOutput();
            r.awaitEngine(c, TcpState.CLOSE_WAIT);
            predicted(k.meetClose(false).flatMap(x -> k.expect("kernel shutdownOutput(), then engine's ACK",
                    Event.RCV_ACK_OF_FIN)), ConnectionState.FIN_WAIT_2);

            EngineStreams.Pattern after = new EngineStreams.Pattern(23, 1 << 20);
            CompletableFuture<Void> sent = EngineStreams.send(r.e.driver(), c, after, true);
            EngineStreams.Received atKernel = KernelStreams.receive(s, Long.MAX_VALUE);
            r.await(sent);
            assertArrayEquals(after.digest(), atKernel.sha256(), "data after the kernel's FIN arrives byte-exact");
            r.awaitDeleted(c);
            predicted(k.expect("engine's FIN", Event.RCV_FIN), ConnectionState.TIME_WAIT);
            s.close();
        }
    }

    // ---- resets ----

    @Test
    void engineAbortResetsTheKernelConnection() throws Exception {
        try (Rig r = Rig.open("engine-abort")) {
            ServerSocketChannel server = r.kernelListens(7006);
            Connection c = r.engineConnects(7006);
            SocketChannel s = server.accept();
            KernelCheck k = r.check(7006, c.id().localPort(), true);
            agrees(k.expect("handshake", Event.RCV_SYN, Event.RCV_ACK_OF_SYN));
            r.run(c::abort);
            predicted(k.expect("engine's RST", Event.RCV_RST), ConnectionState.CLOSED);
            IOException e = assertThrows(IOException.class, () -> s.read(ByteBuffer.allocate(16)));
            assertTrue(String.valueOf(e.getMessage()).contains("reset"), e.toString());
        }
    }

    @Test
    void kernelAbortResetsTheEngineConnection() throws Exception {
        try (Rig r = Rig.open("kernel-abort")) {
            Listener l = r.engineListens(8004);
            SocketChannel s = r.kernelConnects(8004);
            Connection c = r.engineAccepts(l);
            KernelCheck k = r.check(localPort(s), 8004, false);
            agrees(k.expect("handshake", Event.RCV_SYN_ACK));
            s.setOption(StandardSocketOptions.SO_LINGER, 0);
            s.close();
            predicted(k.expect("kernel close() with SO_LINGER 0", Event.ABORT), ConnectionState.CLOSED);
            r.awaitDeleted(c);
            assertTrue(c.error().isDefined(), "the engine reports the reset");
        }
    }

    @Test
    void engineConnectToAClosedKernelPortIsRefused() throws Exception {
        try (Rig r = Rig.open("engine-refused")) {
            Connection c = r.call(() -> r.track(r.e.driver().stack().connect(EngineOnTun.kernelAddress(), 7999)));
            r.awaitDeleted(c);
            assertTrue(c.error().isDefined(), "refused");
            assertFalse(r.engineStates.contains("ESTABLISHED"));
            assertEquals(TcpState.CLOSED, Rig.ok(r.e.ns().state(7999, c.id().localPort())));
        }
    }

    @Test
    void kernelConnectToAClosedEnginePortIsRefused() throws Exception {
        try (Rig r = Rig.open("kernel-refused")) {
            SocketChannel s = Rig.ok(r.e.ns().socket());
            s.bind(new InetSocketAddress(EngineOnTun.KERNEL, 0));
            int port = localPort(s);
            ConnectException e = assertThrows(ConnectException.class,
                    () -> s.connect(new InetSocketAddress(EngineOnTun.ENGINE, 8999)));
            assertTrue(String.valueOf(e.getMessage()).contains("refused"), e.toString());
            KernelShadow shadow = Rig.ok(KernelShadow.of(Profile.linux()).on(Event.ACTIVE_OPEN, Event.RCV_RST));
            assertEquals(ConnectionState.CLOSED, shadow.state());
            assertEquals(TcpState.CLOSED, Rig.ok(r.e.ns().state(port, 8999)));
            s.close();
        }
    }

    @Test
    void kernelCloseWithUnreadDataSendsRst() throws Exception {
        try (Rig r = Rig.open("close-with-unread")) {
            Listener l = r.engineListens(8005);
            SocketChannel s = r.kernelConnects(8005);
            Connection c = r.engineAccepts(l);
            KernelCheck k = r.check(localPort(s), 8005, false);
            agrees(k.expect("handshake", Event.RCV_SYN_ACK));
            r.await(EngineStreams.send(r.e.driver(), c, new EngineStreams.Pattern(31, 1000), false));
            r.until("the kernel acknowledged the text", () -> c.unacknowledged() == 0);
            s.close();
            // rst-on-close-with-unread-data: the linux profile predicts ABORT (CLOSED); RFC 9293 predicts FIN-WAIT-1.
            predicted(k.closed("kernel close() with 1000 unread octets", true), ConnectionState.CLOSED);
            KernelShadow rfc = Rig.ok(KernelShadow.of(Profile.rfc9293()).on(Event.ACTIVE_OPEN, Event.RCV_SYN_ACK)
                    .flatMap(x -> x.close(true)));
            assertNotEquals(rfc.tcpState(), TcpState.CLOSED);
            // The same checkpoint under the rfc9293 profile disagrees with the kernel: the check can fail.
            KernelCheck strict = new KernelCheck(r.e.ns(), k.kernelPort(), 8005, rfc);
            KernelCheck.Checkpoint cp = Rig.ok(strict.expect("kernel close() under rfc9293"));
            assertFalse(cp.agrees(), cp.toString());
            assertEquals(1, strict.disagreements().size());
            r.awaitDeleted(c);
            assertTrue(c.error().isDefined(), "the engine was reset");
            assertFalse(r.engineStates.contains("CLOSE-WAIT"), "no FIN came: " + r.engineStates);
        }
    }

    // ---- the kernel's retransmissions under loss ----

    @Test
    void kernelRetransmitsThroughLossDuplicationAndReordering() throws Exception {
        TunImpairments impair = new TunImpairments(0.03, 0.02, 0.03);
        try (Rig r = Rig.open("kernel-retransmits", impair, impair)) {
            Listener l = r.engineListens(8006);
            SocketChannel s = r.kernelConnects(8006);
            Connection c = r.engineAccepts(l);
            exchange(r, c, s, Math.min(BULK, 1L << 20), 41, " through the loss");
            TunLink link = r.e.link();
            assertTrue(link.droppedToEngine() > 0 && link.droppedToKernel() > 0, "loss was injected");
            assertTrue(link.duplicated() > 0 && link.reordered() > 0, "duplication and reordering were injected");
            assertTrue(link.kernelRetransmissions() > 0, "the kernel retransmitted");
            s.close();
            r.run(c::close);
            r.until("engine in TIME-WAIT or deleted", () -> c.isDeleted() || c.tcpState() == TcpState.TIME_WAIT);
        }
    }
}
