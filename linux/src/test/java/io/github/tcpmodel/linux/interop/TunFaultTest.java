package io.github.tcpmodel.linux.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.linux.tun.TunError;
import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Faults of the TUN device under a live connection (issue "Resilience": a TUN read error never wedges the engine).
 * Verified on these machines: a TUN whose interface is down fails writes with EIO and has nothing to read; a TUN
 * whose interface was deleted reports POLLERR to poll(2) and fails reads and writes with EBADFD.
 */
class TunFaultTest {

    private static final long OCTETS = 512 * 1024;

    // An interface that goes down for a while only loses packets: writes fail with EIO, both TCPs retransmit, and
    // once it is up again both streams arrive byte-exact (RFC 9293 §3.8.1: retransmission recovers lost segments).
    @Test
    void aDeviceThatGoesDownLosesPacketsAndTheConnectionRecovers() throws Exception {
        try (Rig r = Rig.open("tundown")) {
            ServerSocketChannel server = r.kernelListens(5301);
            Connection c = r.engineConnects(5301);
            SocketChannel s = server.accept();
            EngineStreams.Pattern up = new EngineStreams.Pattern(31, OCTETS);
            EngineStreams.Pattern down = new EngineStreams.Pattern(32, OCTETS);
            CompletableFuture<EngineStreams.Received> atEngine = EngineStreams.receive(r.e.driver(), c, OCTETS);
            CompletableFuture<Void> engineSent = EngineStreams.send(r.e.driver(), c, down, false);
            CompletableFuture<Void> kernelSent = CompletableFuture.runAsync(() -> {
                try {
                    KernelStreams.send(s, up);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<EngineStreams.Received> atKernel = CompletableFuture.supplyAsync(() -> {
                try {
                    return KernelStreams.receive(s, OCTETS);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            link(r, "down");
            r.until("a write fails while the device is down", () -> r.e.link().lastError().isDefined());
            Thread.sleep(1_500);
            link(r, "up");

            r.await(engineSent);
            r.await(kernelSent);
            EngineStreams.Received gotEngine = r.await(atEngine);
            EngineStreams.Received gotKernel = r.await(atKernel);
            assertEquals(OCTETS, gotEngine.octets());
            assertArrayEquals(up.digest(), gotEngine.sha256(), "kernel -> engine byte-exact across the outage");
            assertEquals(OCTETS, gotKernel.octets());
            assertArrayEquals(down.digest(), gotKernel.sha256(), "engine -> kernel byte-exact across the outage");

            TunError seen = r.e.link().lastError().get();
            assertEquals(5, seen.errno(), "the write failed with EIO: " + seen);
            assertEquals(Option.none(), r.e.driver().failure(), "the driver keeps running");
            assertEquals(TcpState.ESTABLISHED, r.call(() -> c.tcpState()));
            // End with the engine's RST alone on the wire: the kernel's socket is reset before it is closed, so its
            // close sends no FIN after the RST (the rig's wire check follows both sides).
            int enginePort = c.id().localPort();
            r.run(c::abort);
            for (int i = 0; i < 200 && !Rig.ok(r.e.ns().state(5301, enginePort)).equals(TcpState.CLOSED); i++) {
                Thread.sleep(10);
            }
            s.close();
        }
    }

    // An interface deleted under the engine makes every read fail (POLLERR or EBADFD, whichever comes first): the driver stops at once and tells every
    // caller why, instead of spinning or hanging; a user waiting for data is told too.
    @Test
    void aDeletedDeviceStopsTheDriverAndTellsWhoIsWaiting() throws Exception {
        try (Rig r = Rig.open("tundel")) {
            ServerSocketChannel server = r.kernelListens(5302);
            Connection c = r.engineConnects(5302);
            SocketChannel s = server.accept();
            CompletableFuture<EngineStreams.Received> waiting = EngineStreams.receive(r.e.driver(), c, 1);

            link(r, "del");

            ExecutionException told = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> waiting.get(Rig.WAIT.toSeconds(), TimeUnit.SECONDS), "the waiting reader is told");
            assertTrue(String.valueOf(told.getCause()).contains("TUN read failed"), String.valueOf(told.getCause()));
            Throwable why = r.e.driver().failure().getOrElseThrow(() -> new AssertionError("no driver failure"));
            assertTrue(why.getMessage().contains("TUN read failed: TunError["), "the device's error: " + why);
            Either<String, Boolean> after = r.e.driver().call(() -> true);
            assertTrue(after.isLeft(), "a stopped driver refuses work with its reason");
            assertTrue(after.getLeft().contains("TUN read failed"), after.getLeft());
            s.close();
        }
    }

    private static void link(Rig r, String what) {
        String dev = r.e.tun().name();
        List<String> argv = what.equals("del") ? List.of("ip", "link", "del", dev)
                : List.of("ip", "link", "set", dev, what);
        Rig.ok(r.e.ns().run(argv));
    }
}
