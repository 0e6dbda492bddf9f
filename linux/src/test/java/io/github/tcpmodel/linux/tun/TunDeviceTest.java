package io.github.tcpmodel.linux.tun;

import static io.github.tcpmodel.linux.netns.Wire.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TunDeviceTest {

    // ---- no device needed ----

    @Test
    void badNamesAreRejectedBeforeAnySystemCall() {
        for (String bad : List.of("", "sixteen-chars-xx", "bad/name", "a b", "a%d%d", "pct%s")) {
            TunError e = TunDevice.open(bad).getLeft();
            assertEquals(TunError.Kind.INVALID_ARGUMENT, e.kind(), bad);
            assertEquals(0, e.errno());
            assertTrue(e.message().contains(bad), e.message());
        }
    }

    @Test
    void errnoValuesMapToKindsWithActionableMessages() {
        TunError eperm = TunError.ofErrno("open /dev/net/tun", 1);
        assertEquals(TunError.Kind.NOT_PERMITTED, eperm.kind());
        assertTrue(eperm.message().contains("Operation not permitted"), eperm.message());
        assertTrue(eperm.message().contains("CAP_NET_ADMIN"), eperm.message());
        assertEquals(TunError.Kind.NOT_AVAILABLE, TunError.ofErrno("open /dev/net/tun", 2).kind());
        assertEquals(TunError.Kind.IO, TunError.ofErrno("read", 2).kind());
        assertEquals(TunError.Kind.NAME_IN_USE, TunError.ofErrno("ioctl TUNSETIFF 'x'", 16).kind());
        assertEquals(TunError.Kind.INVALID_ARGUMENT, TunError.ofErrno("write", 22).kind());
        assertEquals(TunError.Kind.CLOSED, TunError.ofErrno("write", 9).kind());
        assertEquals(TunError.Kind.IO, TunError.ofErrno("write", 5).kind());
    }

    // ---- a device in a namespace ----

    private static <T> T inFreshNamespace(java.util.function.Function<NetNamespace, T> body) {
        TunAssumptions.assumeTun();
        try (NetNamespace ns = ok(NetNamespace.create())) {
            return body.apply(ns);
        }
    }

    @Test
    void aQuietDeviceReadTimesOutWithNothing() {
        inFreshNamespace(ns -> {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24"));
            assertEquals(Option.none(), ok(tun.read(Duration.ofMillis(100))));
            assertEquals(Option.none(), ok(tun.read(Duration.ZERO)));
            assertEquals(TunError.Kind.INVALID_ARGUMENT, tun.read(Duration.ofMillis(-1)).getLeft().kind());
            return null;
        });
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        inFreshNamespace(ns -> {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24"));
            CompletableFuture<Either<TunError, Option<byte[]>>> reading = new CompletableFuture<>();
            Thread reader = new Thread(() -> reading.complete(tun.read(Duration.ofSeconds(60))), "tun-reader");
            reader.start();
            try {
                // Give the reader time to reach poll(2); the close must wake it wherever it is.
                Thread.sleep(200);
                tun.close();
                Either<TunError, Option<byte[]>> result = reading.get(5, TimeUnit.SECONDS);
                assertEquals(TunError.Kind.CLOSED, result.getLeft().kind(), String.valueOf(result));
                reader.join(5_000);
                assertFalse(reader.isAlive());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertTrue(tun.isClosed());
            assertEquals(TunError.Kind.CLOSED, tun.read(Duration.ofMillis(10)).getLeft().kind());
            assertEquals(TunError.Kind.CLOSED, tun.write(new byte[] {0x45, 0, 0, 20}).getLeft().kind());
            tun.close();
            assertTrue(ns.run(List.of("ip", "link", "show", "dev", tun.name())).isLeft(), "device deleted");
            return null;
        });
    }

    @Test
    void packetsThatCannotBeIpAreRejectedAsValues() {
        inFreshNamespace(ns -> {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24"));
            assertEquals(TunError.Kind.INVALID_ARGUMENT, tun.write(new byte[0]).getLeft().kind());
            assertEquals(TunError.Kind.INVALID_ARGUMENT, tun.write(new byte[] {0x75, 0}).getLeft().kind());
            assertEquals(TunError.Kind.INVALID_ARGUMENT,
                    tun.write(new byte[TunDevice.MAX_PACKET + 1]).getLeft().kind());
            return null;
        });
    }

    @Test
    void buffersCarryOnePacketEachWay() {
        inFreshNamespace(ns -> {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24"));
            byte[] request = io.github.tcpmodel.linux.netns.TestPacket.icmpEcho(
                    io.github.tcpmodel.linux.netns.TestPacket.ip("10.78.0.2"),
                    io.github.tcpmodel.linux.netns.TestPacket.ip("10.78.0.1"), 9, 1, new byte[] {1, 2, 3});
            ByteBuffer framed = ByteBuffer.allocate(request.length + 7);
            framed.put(new byte[3]).put(request).put(new byte[4]).flip().position(3).limit(3 + request.length);
            assertEquals(request.length, ok(tun.write(framed)));
            assertEquals(framed.limit(), framed.position());

            ByteBuffer small = ByteBuffer.allocateDirect(2048);
            assertEquals(TunError.Kind.INVALID_ARGUMENT, tun.read(small, Duration.ofMillis(10)).getLeft().kind());
            ByteBuffer dst = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET + 10).position(10);
            int n = ok(tun.read(dst, Duration.ofSeconds(3)));
            assertEquals(request.length, n, "the echo reply is as long as the request");
            assertEquals(10 + n, dst.position());
            byte[] reply = new byte[n];
            dst.flip().position(10);
            dst.get(reply);
            io.github.tcpmodel.linux.netns.TestPacket.Parsed p =
                    io.github.tcpmodel.linux.netns.TestPacket.parse(reply);
            assertEquals(1, p.protocol());
            assertEquals(0, p.payload()[0], "echo reply");
            assertTrue(p.checksumsValid());
            assertEquals(0, ok(tun.read(ByteBuffer.allocate(TunDevice.MAX_PACKET), Duration.ofMillis(50))));
            assertEquals(TunError.Kind.INVALID_ARGUMENT,
                    tun.write(ByteBuffer.wrap(new byte[] {0x15, 0, 0})).getLeft().kind());
            return null;
        });
    }

    @Test
    void aNameTakenInTheNamespaceIsReportedAsInUse() {
        inFreshNamespace(ns -> {
            TunDevice first = ok(ok(ns.inside(() -> TunDevice.open("tcpmx"))));
            try {
                assertEquals("tcpmx", first.name());
                TunError taken = ok(ns.inside(() -> TunDevice.open("tcpmx"))).getLeft();
                assertEquals(TunError.Kind.NAME_IN_USE, taken.kind());
                assertEquals(16, taken.errno());
                assertTrue(taken.message().contains("TUNSETIFF"), taken.message());
            } finally {
                first.close();
            }
            TunDevice again = ok(ok(ns.inside(() -> TunDevice.open("tcpmx"))));
            again.close();
            return null;
        });
    }
}
