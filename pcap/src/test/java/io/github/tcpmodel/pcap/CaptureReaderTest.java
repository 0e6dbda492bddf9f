package io.github.tcpmodel.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaptureReaderTest {

    static final int[] LINK_TYPES = {LinkType.RAW, LinkType.IPV4, LinkType.ETHERNET, LinkType.LINUX_SLL,
            LinkType.LINUX_SLL2};

    static Stream<Arguments> formats() {
        List<Arguments> args = new ArrayList<>();
        for (int lt : LINK_TYPES) {
            for (ByteOrder o : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
                args.add(Arguments.of("pcap-us", o, lt));
                args.add(Arguments.of("pcap-ns", o, lt));
                args.add(Arguments.of("pcapng", o, lt));
            }
        }
        return args.stream();
    }

    static List<byte[]> packets() {
        return List.of(CaptureFiles.ipv4(0, 0), CaptureFiles.ipv4(5, 0xaa), CaptureFiles.ipv4(1400, 0x55));
    }

    static byte[] capture(String format, ByteOrder order, int linkType, List<byte[]> frames) {
        switch (format) {
            case "pcap-us":
                return CaptureFiles.pcap(order, false, linkType, frames, 1_700_000_000L);
            case "pcap-ns":
                return CaptureFiles.pcap(order, true, linkType, frames, 1_700_000_000L);
            default:
                return CaptureFiles.pcapng(order, linkType, -1, frames, 1_700_000_000_000_000L);
        }
    }

    static List<CapturedPacket> readAll(byte[] file) {
        CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file)).get();
        List<CapturedPacket> out = new ArrayList<>();
        for (Either<CaptureError, Option<CapturedPacket>> n = r.next(); n.get().isDefined(); n = r.next()) {
            out.add(n.get().get());
        }
        return out;
    }

    // Round trip: every IPv4 packet written in any format, byte order and link type is read back unchanged.
    @ParameterizedTest(name = "{0} {1} linktype {2}")
    @MethodSource("formats")
    void readsBackEveryPacket(String format, ByteOrder order, int linkType) {
        List<byte[]> ips = packets();
        List<byte[]> frames = new ArrayList<>();
        for (byte[] ip : ips) {
            frames.add(CaptureFiles.frame(linkType, ip, 0x0800));
        }
        List<CapturedPacket> got = readAll(capture(format, order, linkType, frames));
        assertEquals(ips.size(), got.size());
        for (int i = 0; i < ips.size(); i++) {
            assertArrayEquals(ips.get(i), got.get(i).ip());
            assertEquals(i + 1, got.get(i).frame());
            assertEquals(linkType, got.get(i).linkType());
        }
        long t0 = got.get(0).timestampNanos();
        long expected = format.equals("pcap-us") ? 1_700_000_000_123_456_000L
                : format.equals("pcap-ns") ? 1_700_000_000_123_456_789L : 1_700_000_000_000_000_000L;
        assertEquals(expected, t0);
    }

    @Test
    void pcapngTimestampResolutionIsHonoured() {
        byte[] ns = CaptureFiles.pcapng(ByteOrder.LITTLE_ENDIAN, LinkType.RAW, 9,
                List.of(CaptureFiles.ipv4(0, 0)), 1_234_567_890_123L);
        assertEquals(1_234_567_890_123L, readAll(ns).get(0).timestampNanos());
        byte[] binary = CaptureFiles.pcapng(ByteOrder.BIG_ENDIAN, LinkType.RAW, 0x80 | 10,
                List.of(CaptureFiles.ipv4(0, 0)), 1024 * 5);
        assertEquals(5_000_000_000L, readAll(binary).get(0).timestampNanos());
    }

    @Test
    void nonIpFramesAreSkippedButCountedAndIpv6IsRead() {
        List<byte[]> frames = List.of(
                CaptureFiles.frame(LinkType.ETHERNET, CaptureFiles.ipv6(0), 0x86dd),
                CaptureFiles.frame(LinkType.ETHERNET, CaptureFiles.ipv4(3, 1), 0x0800),
                CaptureFiles.frame(LinkType.ETHERNET, new byte[28], 0x0806));
        CaptureReader r = CaptureReader.open(new ByteArrayInputStream(
                CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET, frames, 0))).get();
        CapturedPacket v6 = r.next().get().get();
        assertEquals(1, v6.frame());
        assertEquals(0x60, v6.ip()[0] & 0xf0);
        assertEquals(14, v6.linkHeader());
        CapturedPacket v4 = r.next().get().get();
        assertEquals(2, v4.frame());
        assertEquals(0x40, v4.ip()[0] & 0xf0);
        assertTrue(r.next().get().isEmpty());
        assertEquals(1, r.skipped());
        assertEquals(3, r.frames());
    }

    @ParameterizedTest
    @MethodSource("ipv6LinkTypes")
    void ipv6IsFoundBehindEveryLinkHeader(int linkType, int ethertype) {
        byte[] ip = CaptureFiles.ipv6(7);
        byte[] f = CaptureFiles.frame(linkType, ip, ethertype);
        List<CapturedPacket> got = readAll(CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, false, linkType, List.of(f), 0));
        assertEquals(1, got.size());
        assertArrayEquals(ip, got.get(0).ip());
        assertEquals(ip.length, got.get(0).ipOriginalLength());
    }

    static Stream<Arguments> ipv6LinkTypes() {
        return Stream.of(Arguments.of(LinkType.RAW, 0), Arguments.of(LinkType.IPV6, 0),
                Arguments.of(LinkType.ETHERNET, 0x86dd), Arguments.of(LinkType.LINUX_SLL, 0x86dd),
                Arguments.of(LinkType.LINUX_SLL2, 0x86dd));
    }

    @Test
    void ipv6BehindStackedVlanTagsIsRead() {
        byte[] ip = CaptureFiles.ipv6(3);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(22 + ip.length);
        b.position(12);
        b.putShort((short) 0x88a8).putShort((short) 5).putShort((short) 0x8100).putShort((short) 7)
                .putShort((short) 0x86dd).put(ip);
        List<CapturedPacket> got = readAll(CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.ETHERNET,
                List.of(b.array()), 0));
        assertArrayEquals(ip, got.get(0).ip());
        assertEquals(22, got.get(0).linkHeader());
    }

    @Test
    void sll2NamesTheInterface() {
        byte[] f = CaptureFiles.frame(LinkType.LINUX_SLL2, CaptureFiles.ipv4(0, 0), 0x0800);
        f[7] = 9;
        List<CapturedPacket> got = readAll(CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.LINUX_SLL2,
                List.of(f), 0));
        assertEquals(9, got.get(0).interfaceIndex());
    }

    @Test
    void ipv4InsideAnIpv4OnlyLinkTypeIsTheOnlyVersionTaken() {
        List<CapturedPacket> got = readAll(CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.IPV4,
                List.of(CaptureFiles.ipv6(0), CaptureFiles.ipv4(0, 0)), 0));
        assertEquals(1, got.size());
        assertEquals(2, got.get(0).frame());
    }

    @Test
    void notACaptureIsSaidSo() {
        Either<CaptureError, CaptureReader> r = CaptureReader.open(new ByteArrayInputStream("hello world".getBytes()));
        assertEquals(CaptureError.Kind.NOT_A_CAPTURE, r.getLeft().kind());
        assertTrue(r.getLeft().message().startsWith("not a capture"));
        assertEquals(CaptureError.Kind.NOT_A_CAPTURE,
                CaptureReader.open(new ByteArrayInputStream(new byte[0])).getLeft().kind());
    }

    @Test
    void unsupportedLinkTypeIsNamed() {
        byte[] f = CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, false, 147, List.of(), 0);
        CaptureError e = CaptureReader.open(new ByteArrayInputStream(f)).getLeft();
        assertEquals(CaptureError.Kind.UNSUPPORTED_LINK_TYPE, e.kind());
        assertEquals("unsupported link type 147 (at byte 20)", e.message());
        byte[] ng = CaptureFiles.pcapng(ByteOrder.BIG_ENDIAN, 147, -1, List.of(new byte[20]), 0);
        CaptureReader r = CaptureReader.open(new ByteArrayInputStream(ng)).get();
        assertEquals(CaptureError.Kind.UNSUPPORTED_LINK_TYPE, r.next().getLeft().kind());
    }

    // pcapng: a section whose major version is not 1 is refused, whether it opens the file or follows another.
    @Test
    void pcapngSectionOfAnUnknownMajorVersionIsRefused() {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            byte[] ok = CaptureFiles.pcapng(order, LinkType.RAW, -1, List.of(CaptureFiles.ipv4(0, 0)), 0);
            byte[] v2 = ok.clone();
            java.nio.ByteBuffer.wrap(v2, 12, 2).order(order).putShort((short) 2);
            Either<CaptureError, Option<CapturedPacket>> first = CaptureReader.open(new ByteArrayInputStream(v2))
                    .flatMap(CaptureReader::next);
            assertEquals(CaptureError.Kind.MALFORMED, first.getLeft().kind());
            assertTrue(first.getLeft().message().contains("pcapng section version 2.0"), first.getLeft().message());
            // The same file twice: the second section is version 2 and is refused after the first's packet.
            byte[] both = new byte[ok.length + v2.length];
            System.arraycopy(ok, 0, both, 0, ok.length);
            System.arraycopy(v2, 0, both, ok.length, v2.length);
            CaptureReader r = CaptureReader.open(new ByteArrayInputStream(both)).get();
            assertTrue(r.next().get().isDefined());
            Either<CaptureError, Option<CapturedPacket>> second = r.next();
            assertTrue(second.isLeft());
            assertEquals(ok.length + 12L, second.getLeft().offset());
        }
    }

    // Truncation: cutting a valid capture at any byte gives the packets before the cut and then either a clean end
    // (cut at a record boundary) or a TRUNCATED error whose offset is the cut.
    @ParameterizedTest(name = "{0} {1} linktype {2}")
    @MethodSource("formats")
    void truncationAtEveryByteIsReportedAtTheCut(String format, ByteOrder order, int linkType) {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] ip : packets()) {
            frames.add(CaptureFiles.frame(linkType, ip, 0x0800));
        }
        byte[] whole = capture(format, order, linkType, frames);
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            Either<CaptureError, CaptureReader> open = CaptureReader.open(new ByteArrayInputStream(part));
            if (open.isLeft()) {
                assertTrue(cut < 32, "header error only in the header, cut " + cut);
                continue;
            }
            CaptureReader r = open.get();
            Either<CaptureError, Option<CapturedPacket>> n = r.next();
            int count = 0;
            while (n.isRight() && n.get().isDefined()) {
                count++;
                n = r.next();
            }
            assertTrue(count < frames.size(), "cut " + cut);
            if (n.isLeft()) {
                assertEquals(CaptureError.Kind.TRUNCATED, n.getLeft().kind(), n.getLeft().message());
                assertEquals(cut, n.getLeft().offset(), n.getLeft().message());
            }
        }
    }

    // Fuzz: random byte mutations of valid captures never throw and always end (the reader consumes input).
    @Test
    void mutatedCapturesNeverThrowAndAlwaysEnd() {
        SplittableRandom random = new SplittableRandom(Long.getLong("tcpmodel.seed", 20261122L));
        int rounds = Integer.getInteger("tcpmodel.fuzz.rounds", 20_000);
        List<byte[]> seeds = new ArrayList<>();
        formats().forEach(a -> {
            Object[] x = a.get();
            List<byte[]> frames = new ArrayList<>();
            for (byte[] ip : packets()) {
                frames.add(CaptureFiles.frame((Integer) x[2], ip, 0x0800));
            }
            seeds.add(capture((String) x[0], (ByteOrder) x[1], (Integer) x[2], frames));
        });
        int errors = 0;
        for (int round = 0; round < rounds; round++) {
            byte[] f = seeds.get(random.nextInt(seeds.size())).clone();
            int flips = 1 + random.nextInt(8);
            for (int k = 0; k < flips; k++) {
                f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                f = java.util.Arrays.copyOf(f, random.nextInt(f.length + 1));
            }
            Either<CaptureError, CaptureReader> open = CaptureReader.open(new ByteArrayInputStream(f));
            if (open.isLeft()) {
                errors++;
                continue;
            }
            CaptureReader r = open.get();
            Either<CaptureError, Option<CapturedPacket>> n;
            int steps = 0;
            do {
                n = r.next();
                steps++;
                assertTrue(steps <= f.length / 8 + 2, "the reader must consume input on every packet");
            } while (n.isRight() && n.get().isDefined());
            if (n.isLeft()) {
                errors++;
                assertTrue(n.getLeft().offset() <= f.length, n.getLeft().message());
            }
        }
        assertTrue(errors > 0, "mutations that break a capture are reported");
    }
}
