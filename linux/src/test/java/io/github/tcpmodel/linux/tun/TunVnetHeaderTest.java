package io.github.tcpmodel.linux.tun;

import static io.github.tcpmodel.linux.netns.Wire.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.TestPacket;
import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A TUN device with {@code IFF_VNET_HDR} and TSO declared: the kernel's TCP hands out super-segments longer than the
 * MTU with the segmentation and checksum left to the device, and takes packets whose checksum is left to it.
 */
class TunVnetHeaderTest {

    private static final int MSS = 1000;
    private static final int FLIGHT = 10 * MSS;

    // ---- no device needed ----

    @Test
    void theHeaderHasTheVirtioLayoutInTheMachinesByteOrder() {
        VirtioNetHeader h = new VirtioNetHeader(VirtioNetHeader.F_NEEDS_CSUM, VirtioNetHeader.GSO_TCPV4, 52, 1448,
                20, 16);
        byte[] raw = h.encode();
        assertEquals(VirtioNetHeader.SIZE, raw.length);
        assertEquals(1, raw[0]);
        assertEquals(1, raw[1]);
        ByteBuffer b = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder());
        assertEquals(52, b.getShort(2));
        assertEquals(1448, b.getShort(4));
        assertEquals(20, b.getShort(6));
        assertEquals(16, b.getShort(8));
        assertEquals(h, VirtioNetHeader.decode(ByteBuffer.wrap(raw), 0));
        assertTrue(h.isSegmentation());
        assertTrue(new VirtioNetHeader(0, VirtioNetHeader.GSO_TCPV6 | VirtioNetHeader.GSO_ECN, 0, 1, 0, 0)
                .isSegmentation());
        assertFalse(VirtioNetHeader.NONE.isSegmentation());
        assertThrows(IllegalArgumentException.class, () -> new VirtioNetHeader(256, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new VirtioNetHeader(0, 0, 0, 70_000, 0, 0));
    }

    @Test
    void completingAPartialChecksumGivesTheFullOne() {
        byte[] full = TestPacket.tcp(TestPacket.ip("10.78.0.2"), 40_000, TestPacket.ip("10.78.0.1"), 5001, 7, 9,
                TestPacket.ACK | TestPacket.PSH, 1000, new byte[0], new byte[] {1, 2, 3});
        byte[] partial = full.clone();
        int pseudo = pseudoHeaderSum4(partial);
        partial[36] = (byte) (pseudo >> 8);
        partial[37] = (byte) pseudo;
        assertFalse(TestPacket.parse(partial).checksumsValid());
        new VirtioNetHeader(VirtioNetHeader.F_NEEDS_CSUM, 0, 0, 0, 20, 16).completeChecksum(partial);
        assertArrayEquals(full, partial);
        byte[] untouched = partial.clone();
        VirtioNetHeader.NONE.completeChecksum(untouched);
        assertArrayEquals(partial, untouched);
    }

    // ---- a device in a namespace ----

    @Test
    void withoutCsumTheTsoOffloadsAreRefusedBeforeAnySystemCall() {
        TunError e = TunDevice.openWithVnetHeader("tcpm%d", EnumSet.of(TunDevice.Offload.TSO4)).getLeft();
        assertEquals(TunError.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.message().contains("CSUM"), e.message());
    }

    @Test
    void aTsoSuperSegmentOverIpv4ArrivesWholeWithItsGsoSize() throws Exception {
        TunAssumptions.assumeTun();
        try (NetNamespace ns = ok(NetNamespace.create())) {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24", TunDevice.TYPICAL_OFFLOADS));
            assertTrue(tun.hasVnetHeader());
            ServerSocketChannel server = ok(ns.listen("10.78.0.1", 5001, 4));
            int peer = TestPacket.ip("10.78.0.2");
            int kernel = TestPacket.ip("10.78.0.1");
            byte[] syn = TestPacket.tcp(peer, 40_000, kernel, 5001, 100, 0, TestPacket.SYN, 65_535,
                    TestPacket.mssOption(MSS), new byte[0]);
            assertEquals(syn.length, ok(tun.write(syn)));
            TunFrame synAck = next(tun, f -> TestPacket.parse(f.packet()).is(TestPacket.SYN | TestPacket.ACK));
            assertEquals(VirtioNetHeader.GSO_NONE, synAck.header().gsoType());
            long kernelIsn = TestPacket.parse(synAck.packet()).seq();
            assertEquals(40, ok(tun.write(TestPacket.tcp(peer, 40_000, kernel, 5001, 101, kernelIsn + 1,
                    TestPacket.ACK, 65_535, new byte[0], new byte[0]))));
            try (SocketChannel accepted = server.accept()) {
                assertEquals(FLIGHT, accepted.write(ByteBuffer.allocate(FLIGHT)));
                // How much goes in one super-segment is the congestion control's choice (pacing rate, minimum
                // TSO segments); that the first is longer than the MTU and whole is the device's doing.
                TunFrame data = next(tun, f -> TestPacket.parse(f.packet()).isTcp()
                        && f.packet().length > 40 + 12);
                assertEquals(VirtioNetHeader.GSO_TCPV4, data.header().gsoType() & ~VirtioNetHeader.GSO_ECN,
                        String.valueOf(data.header()));
                assertEquals(MSS, data.header().gsoSize(), "the pieces carry the MSS the SYN announced");
                assertTrue(data.packet().length > 1500, "longer than the MTU: " + data.packet().length);
                byte[] whole = data.packet().clone();
                data.header().completeChecksum(whole);
                TestPacket.Parsed p = TestPacket.parse(whole);
                assertTrue(p.payload().length >= 2 * MSS && p.payload().length % MSS == 0,
                        "whole pieces of the MSS: " + p.payload().length);
                assertEquals(kernelIsn + 1, p.seq());
                assertTrue(p.checksumsValid(), "valid once the device's part of the checksum is done");
            }
        }
    }

    @Test
    void aTsoSuperSegmentOverIpv6ArrivesWholeWithItsGsoType() throws Exception {
        TunAssumptions.assumeTun();
        try (NetNamespace ns = ok(NetNamespace.create())) {
            TunDevice tun = ok(ok(ns.inside(() -> TunDevice.openWithVnetHeader("tcpm%d",
                    TunDevice.TYPICAL_OFFLOADS))));
            try {
                String dev = tun.name();
                ok(ns.run(List.of("ip", "-6", "addr", "add", "fd00:78::1/64", "dev", dev, "nodad")));
                ok(ns.run(List.of("ip", "link", "set", dev, "up")));
                ServerSocketChannel server = ok(ns.inside(() -> {
                    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET6);
                    s.bind(new InetSocketAddress(InetAddress.getByName("fd00:78::1"), 5002), 4);
                    return s;
                }));
                byte[] local = InetAddress.getByName("fd00:78::1").getAddress();
                byte[] remote = InetAddress.getByName("fd00:78::2").getAddress();
                byte[] syn = tcp6(remote, local, 100, 0, TestPacket.SYN, TestPacket.mssOption(MSS), 0);
                ok(tun.write(syn));
                TunFrame synAck = next(tun, f -> isTcp6(f.packet()) && (f.packet()[40 + 13] & 0x12) == 0x12);
                long kernelIsn = ByteBuffer.wrap(synAck.packet()).getInt(44) & 0xffff_ffffL;
                ok(tun.write(tcp6(remote, local, 101, kernelIsn + 1, TestPacket.ACK, new byte[0], 0)));
                try (SocketChannel accepted = server.accept()) {
                    assertEquals(FLIGHT, accepted.write(ByteBuffer.allocate(FLIGHT)));
                    TunFrame data = next(tun, f -> isTcp6(f.packet()) && f.packet().length > 40 + 32);
                    assertEquals(VirtioNetHeader.GSO_TCPV6, data.header().gsoType() & ~VirtioNetHeader.GSO_ECN,
                            String.valueOf(data.header()));
                    assertEquals(MSS, data.header().gsoSize());
                    int payloadLength = ByteBuffer.wrap(data.packet()).getShort(4) & 0xffff;
                    int tcpHeader = ((data.packet()[40 + 12] & 0xf0) >>> 4) * 4;
                    assertTrue(data.packet().length > 1500, "longer than the MTU: " + data.packet().length);
                    assertEquals(0, (payloadLength - tcpHeader) % MSS, "whole pieces of the MSS");
                    assertEquals(40 + payloadLength, data.packet().length);
                }
            } finally {
                tun.close();
            }
        }
    }

    @Test
    void aPacketWrittenWithAPartialChecksumIsCompletedByTheKernel() {
        TunAssumptions.assumeTun();
        try (NetNamespace ns = ok(NetNamespace.create())) {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24", TunDevice.TYPICAL_OFFLOADS));
            ok(ns.listen("10.78.0.1", 5003, 4));
            int peer = TestPacket.ip("10.78.0.2");
            int kernel = TestPacket.ip("10.78.0.1");
            VirtioNetHeader partialTcp = new VirtioNetHeader(VirtioNetHeader.F_NEEDS_CSUM, 0, 0, 0, 20, 16);

            // The same SYN with only the pseudo-header's sum in its checksum field: dropped without the header's
            // flag (TcpInCsumErrors), answered when the header leaves the checksum to the device.
            byte[] bad = partialSyn(peer, kernel, 41_000);
            assertEquals(bad.length, ok(tun.write(bad)));
            assertTrue(next(tun, Duration.ofMillis(500), f -> TestPacket.parse(f.packet()).isTcp()).isEmpty(),
                    "a SYN whose checksum is only the pseudo-header's is dropped");
            byte[] partial = partialSyn(peer, kernel, 41_001);
            assertEquals(partial.length, ok(tun.write(partialTcp, partial)));
            TunFrame answer = next(tun, f -> TestPacket.parse(f.packet()).isTcp());
            TestPacket.Parsed synAck = TestPacket.parse(answer.packet());
            assertTrue(synAck.is(TestPacket.SYN | TestPacket.ACK), synAck.describe());
            assertEquals(41_001, synAck.dstPort());
            assertEquals(1001, synAck.ack(), "the SYN was taken whole: ack = its sequence number + 1");
        }
    }

    @Test
    void aDeviceWithoutTheHeaderRefusesOneAndReadsFramesWithNone() {
        TunAssumptions.assumeTun();
        try (NetNamespace ns = ok(NetNamespace.create())) {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24"));
            assertFalse(tun.hasVnetHeader());
            byte[] echo = TestPacket.icmpEcho(TestPacket.ip("10.78.0.2"), TestPacket.ip("10.78.0.1"), 1, 1,
                    new byte[] {5});
            assertEquals(TunError.Kind.INVALID_ARGUMENT,
                    tun.write(VirtioNetHeader.tcpSegmentation(false, 1000), echo).getLeft().kind());
            assertEquals(echo.length, ok(tun.write(VirtioNetHeader.NONE, echo)));
            TunFrame reply = next(tun, f -> TestPacket.parse(f.packet()).protocol() == 1);
            assertEquals(VirtioNetHeader.NONE, reply.header());
            assertEquals(echo.length, reply.packet().length);
        }
    }

    @Test
    void withTheHeaderPlainReadsAndWritesStillCarryBarePackets() {
        TunAssumptions.assumeTun();
        try (NetNamespace ns = ok(NetNamespace.create())) {
            TunDevice tun = ok(ns.openTun("10.78.0.1/24", EnumSet.noneOf(TunDevice.Offload.class)));
            assertTrue(tun.hasVnetHeader());
            byte[] echo = TestPacket.icmpEcho(TestPacket.ip("10.78.0.2"), TestPacket.ip("10.78.0.1"), 2, 1,
                    new byte[] {7, 8});
            assertEquals(echo.length, ok(tun.write(echo)));
            Option<byte[]> reply = ok(tun.read(Duration.ofSeconds(3)));
            assertEquals(echo.length, reply.get().length, "the header is not part of the packet");
            TestPacket.Parsed p = TestPacket.parse(reply.get());
            assertEquals(1, p.protocol());
            assertTrue(p.checksumsValid(), "without CSUM the kernel completes its checksums itself");
        }
    }

    // ---- helpers ----

    private static TunFrame next(TunDevice tun, Predicate<TunFrame> wanted) {
        return next(tun, Duration.ofSeconds(3), wanted)
                .getOrElseThrow(() -> new AssertionError("no such packet from the kernel within 3 s"));
    }

    private static Option<TunFrame> next(TunDevice tun, Duration wait, Predicate<TunFrame> wanted) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Option.none();
            }
            Option<TunFrame> f = ok(tun.readFrame(Duration.ofNanos(left)));
            if (f.isEmpty()) {
                return Option.none();
            }
            if (wanted.test(f.get())) {
                return f;
            }
        }
    }

    /** A SYN to port 5003 whose checksum field holds the pseudo-header's sum, as a device expects it. */
    private static byte[] partialSyn(int src, int dst, int srcPort) {
        byte[] p = TestPacket.tcp(src, srcPort, dst, 5003, 1000, 0, TestPacket.SYN, 65_535,
                TestPacket.mssOption(MSS), new byte[0]);
        int pseudo = pseudoHeaderSum4(p);
        p[36] = (byte) (pseudo >> 8);
        p[37] = (byte) pseudo;
        return p;
    }

    /** The folded, uncomplemented sum of the IPv4 pseudo-header of the TCP segment in {@code p}. */
    private static int pseudoHeaderSum4(byte[] p) {
        ByteBuffer b = ByteBuffer.wrap(p);
        long sum = (b.getShort(12) & 0xffff) + (b.getShort(14) & 0xffff) + (b.getShort(16) & 0xffff)
                + (b.getShort(18) & 0xffff) + 6 + (p.length - 20);
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }

    private static boolean isTcp6(byte[] p) {
        return p.length >= 60 && (p[0] & 0xf0) == 0x60 && p[6] == 6;
    }

    /** An IPv6 TCP segment from port 40000 to 5002 with a full checksum (RFC 8200 §8.1). */
    private static byte[] tcp6(byte[] src, byte[] dst, long seq, long ack, int flags, byte[] options, int payload) {
        int optLen = (options.length + 3) & ~3;
        int tcpLen = 20 + optLen + payload;
        ByteBuffer b = ByteBuffer.allocate(40 + tcpLen);
        b.putInt(0x6000_0000).putShort((short) tcpLen).put((byte) 6).put((byte) 64).put(src).put(dst);
        b.putShort((short) 40_000).putShort((short) 5002).putInt((int) seq).putInt((int) ack);
        b.put((byte) (((20 + optLen) / 4) << 4)).put((byte) flags).putShort((short) 65_535);
        b.putShort((short) 0).putShort((short) 0).put(options);
        byte[] p = b.array();
        long sum = 0;
        for (int i = 8; i < 40; i += 2) {
            sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        }
        sum += tcpLen + 6;
        for (int i = 40; i + 1 < p.length; i += 2) {
            sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        int c = (int) (~sum & 0xffff);
        p[56] = (byte) (c >> 8);
        p[57] = (byte) c;
        return p;
    }
}
