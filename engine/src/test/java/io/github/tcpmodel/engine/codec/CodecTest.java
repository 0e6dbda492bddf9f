package io.github.tcpmodel.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CodecTest {

    private static final int A = Addresses.of(10, 77, 0, 1);
    private static final int B = Addresses.of(10, 77, 0, 2);

    // A SYN shaped like Linux 6.x's (mss 1460, sackOK, TS, nop, wscale 10), 10.77.0.1:40000 > 10.77.0.2:80. Both
    // checksums were computed by a separate implementation (a few lines of Python's struct) when the test was written,
    // so they check this codec's checksums against another implementation rather than against itself.
    private static final String LINUX_STYLE_SYN = "4500003c000040004006" + "2620" + "0a4d00010a4d0002"
            + "9c400050" + "0000000a" + "00000000" + "a002faf0" + "9b71" + "0000"
            + "020405b4" + "0402" + "080a" + "00000064" + "00000000" + "01" + "03030a";

    private static Packet sample(byte[] payload, int flags, TcpOptions options) {
        return new Packet(A, B, 40000, 80, 0xFFFFFFF0, 12345, flags, 64240, 0, options, payload);
    }

    private static Packet decodeOk(byte[] packet) {
        Decoded d = Codec.decode(packet);
        return assertInstanceOf(Decoded.Ok.class, d, () -> d.toString()).segment();
    }

    @Test
    void encodeThenDecodeIsIdentity() {
        TcpOptions all = new TcpOptions(1460, 7, true, true, 123456789, -5);
        for (TcpOptions o : new TcpOptions[] {TcpOptions.NONE, TcpOptions.mssOnly(536), all}) {
            for (int len : new int[] {0, 1, 2, 3, 1460}) {
                byte[] data = new byte[len];
                for (int i = 0; i < len; i++) {
                    data[i] = (byte) (i * 7 + 1);
                }
                Packet s = sample(data, Flags.ACK | Flags.PSH, o);
                assertEquals(s, decodeOk(Codec.encode(s)));
            }
        }
    }

    @Test
    void encodedChecksumsVerifyAndFieldsSitWhereRfc791AndRfc9293PutThem() {
        byte[] p = Codec.encode(sample(new byte[] {1, 2, 3}, Flags.SYN, TcpOptions.mssOnly(1460)));
        assertEquals(0x45, p[0] & 0xFF);
        assertEquals(20 + 24 + 3, Codec.u16(p, 2));
        assertEquals(6, p[9]);
        assertEquals(A, Codec.s32(p, 12));
        assertEquals(0, Checksum.fold(Checksum.sum(p, 0, 20, 0)));
        assertEquals(6, (p[32] & 0xFF) >>> 4);
        assertEquals(0, Checksum.fold(Checksum.sum(p, 20, p.length - 20, Codec.pseudoHeaderSum(A, B, p.length - 20))));
        assertEquals(0x020405B4, Codec.s32(p, 40));
    }

    @Test
    void decodesALinuxStyleSynWithIndependentlyComputedChecksums() {
        byte[] p = HexFormat.of().parseHex(LINUX_STYLE_SYN);
        Packet s = decodeOk(p);
        assertEquals(40000, s.srcPort());
        assertEquals(80, s.dstPort());
        assertEquals(10, s.seq());
        assertEquals(Flags.SYN, s.flags());
        assertEquals(64240, s.window());
        assertEquals(new TcpOptions(1460, 10, true, true, 100, 0), s.options());
        assertEquals(0, s.payload().length);
    }

    // forall bytes, offset: the wide sum folds to the same checksum as a plain 16-bit word sum
    @Test
    void wideChecksumAgreesWithAPlainWordSum() {
        java.util.Random r = new java.util.Random(1071);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[r.nextInt(3000)];
            r.nextBytes(b);
            int off = b.length == 0 ? 0 : r.nextInt(Math.min(b.length, 9));
            int len = b.length - off;
            int initial = r.nextInt(1 << 20);
            long plain = initial;
            for (int i = 0; i + 1 < len; i += 2) {
                plain += (b[off + i] & 0xFF) << 8 | (b[off + i + 1] & 0xFF);
            }
            if ((len & 1) != 0) {
                plain += (b[off + len - 1] & 0xFF) << 8;
            }
            while ((plain >>> 16) != 0) {
                plain = (plain & 0xFFFF) + (plain >>> 16);
            }
            assertEquals((int) (~plain & 0xFFFF), Checksum.fold(Checksum.sum(b, off, len, initial)));
        }
    }

    // RFC 1071 §1 (the two zeros of ones' complement): words of all ones, and all zeros, in every length up to two
    // rounds of the wide loop, fold as the plain word sum does
    @Test
    void wideChecksumKeepsBothZerosApart() {
        for (int len = 0; len <= 40; len++) {
            for (byte fill : new byte[] {0, (byte) 0xFF}) {
                byte[] b = new byte[len];
                java.util.Arrays.fill(b, fill);
                long plain = 0;
                for (int i = 0; i + 1 < len; i += 2) {
                    plain += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
                }
                if ((len & 1) != 0) {
                    plain += (b[len - 1] & 0xFF) << 8;
                }
                while ((plain >>> 16) != 0) {
                    plain = (plain & 0xFFFF) + (plain >>> 16);
                }
                assertEquals((int) (~plain & 0xFFFF), Checksum.fold(Checksum.sum(b, 0, len, 0)), "length " + len);
            }
        }
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2 (one's complement), checksum 0x220d.
        byte[] b = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0x220d, Checksum.fold(Checksum.sum(b, 0, b.length, 0)));
    }

    @Test
    void malformedInputIsATypedValue() {
        byte[] good = Codec.encode(sample(new byte[] {9, 9, 9, 9}, Flags.ACK, TcpOptions.mssOnly(1000)));
        DecodeCounters counters = new DecodeCounters();
        assertKind(counters, Malformation.TRUNCATED, new byte[0]);
        assertKind(counters, Malformation.TRUNCATED, java.util.Arrays.copyOf(good, 19));
        assertKind(counters, Malformation.TRUNCATED, java.util.Arrays.copyOf(good, good.length - 1));
        byte[] v6 = good.clone();
        v6[0] = 0x60;
        assertKind(counters, Malformation.NOT_IPV4, v6);
        byte[] ihl = good.clone();
        ihl[0] = 0x44;
        assertKind(counters, Malformation.BAD_IHL, ihl);
        byte[] total = good.clone();
        Codec.put16(total, 2, 10);
        assertKind(counters, Malformation.BAD_TOTAL_LENGTH, total);
        byte[] ipsum = good.clone();
        ipsum[8] = 1;
        assertKind(counters, Malformation.BAD_IP_CHECKSUM, ipsum);
        byte[] udp = withIpField(good, 9, 17);
        assertKind(counters, Malformation.NOT_TCP, udp);
        byte[] frag = withIpField(good, 6, 0x20);
        assertKind(counters, Malformation.FRAGMENT, frag);
        byte[] off = good.clone();
        off[32] = 0x40;
        assertKind(counters, Malformation.BAD_DATA_OFFSET, off);
        byte[] data = good.clone();
        data[data.length - 1] ^= 0x10;
        assertKind(counters, Malformation.BAD_TCP_CHECKSUM, data);
        Packet badOption = new Packet(A, B, 1, 2, 3, 4, Flags.ACK, 5, 0, TcpOptions.mssOnly(1460), Packet.EMPTY);
        byte[] opt = Codec.encode(badOption);
        opt[41] = 9;
        assertKind(counters, Malformation.BAD_OPTION, refreshTcpChecksum(opt));
        assertEquals(12, counters.malformedTotal());
        assertEquals(3, counters.malformed(Malformation.TRUNCATED));
        assertKind(counters, Malformation.TRUNCATED, good, 5, good.length);
    }

    @Test
    void nopAndEolAndUnknownOptionsAreSkipped() {
        Packet s = new Packet(A, B, 1, 2, 3, 4, Flags.SYN, 5, 0, TcpOptions.mssOnly(1400), Packet.EMPTY);
        byte[] p = Codec.encode(s);
        byte[] longer = new byte[p.length + 8];
        System.arraycopy(p, 0, longer, 0, 40);
        // NOP, unknown kind 30 of length 3, NOP, then the MSS option, then EOL and padding.
        byte[] opts = {1, 30, 3, 0x7F, 1, 2, 4, 0x05, 0x78, 0, 0, 0};
        System.arraycopy(opts, 0, longer, 40, opts.length);
        Codec.put16(longer, 2, longer.length);
        longer[32] = (byte) (8 << 4);
        longer[10] = 0;
        longer[11] = 0;
        Codec.put16(longer, 10, Checksum.fold(Checksum.sum(longer, 0, 20, 0)));
        Packet d = decodeOk(refreshTcpChecksum(longer));
        assertEquals(1400, d.options().mss());
        assertEquals(-1, d.options().windowScale());
    }

    private static void assertKind(DecodeCounters counters, Malformation kind, byte[] p) {
        assertKind(counters, kind, p, 0, p.length);
    }

    private static void assertKind(DecodeCounters counters, Malformation kind, byte[] p, int off, int len) {
        Decoded d = counters.count(Codec.decode(p, off, len));
        Decoded.Malformed m = assertInstanceOf(Decoded.Malformed.class, d);
        assertEquals(kind, m.kind(), m.detail());
        assertTrue(!m.detail().isEmpty());
    }

    private static byte[] withIpField(byte[] p, int index, int value) {
        byte[] q = p.clone();
        q[index] = (byte) value;
        q[10] = 0;
        q[11] = 0;
        Codec.put16(q, 10, Checksum.fold(Checksum.sum(q, 0, 20, 0)));
        return q;
    }

    static byte[] refreshTcpChecksum(byte[] p) {
        int tcpLength = Codec.u16(p, 2) - 20;
        p[36] = 0;
        p[37] = 0;
        Codec.put16(p, 36, Checksum.fold(Checksum.sum(p, 20, tcpLength,
                Codec.pseudoHeaderSum(Codec.s32(p, 12), Codec.s32(p, 16), tcpLength))));
        return p;
    }

    @Test
    void encodeDecodeOfSegmentWithMaxValues() {
        Packet s = new Packet(-1, 0, 65535, 0, -1, -1, 0xFF, 65535, 65535, TcpOptions.NONE, new byte[] {0});
        assertArrayEquals(Codec.encode(s), Codec.encode(decodeOk(Codec.encode(s))));
    }
}
