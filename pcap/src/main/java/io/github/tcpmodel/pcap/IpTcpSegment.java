package io.github.tcpmodel.pcap;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * The IP and TCP header fields of one captured TCP segment over IPv4 or IPv6, decoded leniently: checksums are not
 * verified (a capture taken on a sending host carries partial checksums when the NIC computes them) and the payload
 * need not be captured (the snapshot length may cut it; its length comes from the IP header).
 *
 * <p>Addresses are 128-bit: an IPv4 address is held in its IPv4-mapped IPv6 form {@code ::ffff:a.b.c.d} (RFC 4291
 * §2.5.5.2), so that one key type serves both versions. IPv4 carried in IPv6 (or the reverse) is not decoded: the
 * outer header's protocol is not TCP, so the packet is not a segment.
 *
 * @param version        4 or 6
 * @param srcHigh        the upper 64 bits of the source address
 * @param srcLow         the lower 64 bits of the source address
 * @param dstHigh        the upper 64 bits of the destination address
 * @param dstLow         the lower 64 bits of the destination address
 * @param ipId           the IPv4 Identification field; -1 for IPv6 (which has one only in a fragment header)
 * @param srcPort        the TCP source port
 * @param dstPort        the TCP destination port
 * @param seq            SEG.SEQ
 * @param ack            the acknowledgment field (meaningful with the ACK bit)
 * @param flags          the eight control bits of the header's 14th octet (CWR ECE URG ACK PSH RST SYN FIN)
 * @param window         SEG.WND as on the wire (unscaled)
 * @param urgent         the urgent pointer
 * @param payloadLength  the TCP payload's length
 * @param lengthInferred how the payload length was known: {@link LengthSource}
 * @param options        the TCP options
 */
public record IpTcpSegment(int version, long srcHigh, long srcLow, long dstHigh, long dstLow, int ipId,
                           int srcPort, int dstPort, long seq, long ack, int flags, int window, int urgent,
                           int payloadLength, LengthSource lengthInferred, TcpHeaderOptions options) {

    /** Where the payload length came from. */
    public enum LengthSource {
        /** The IPv4 Total Length or the IPv6 Payload Length field. */
        HEADER,
        /**
         * The record's original length: the length field is 0, as Linux writes it into segmentation-offload
         * super-segments larger than 65,535 octets (BIG TCP) and into IPv6 ones without a Jumbo Payload option.
         */
        RECORD,
        /** The Jumbo Payload option of a Hop-by-Hop Options header (RFC 2675 §2). */
        JUMBO
    }

    private static final long V4_MAPPED = 0xFFFF_0000_0000L;

    public IpTcpSegment {
        Objects.requireNonNull(lengthInferred, "lengthInferred is null");
        Objects.requireNonNull(options, "options is null");
    }

    /**
     * The TCP segment in the IP packet {@code ip}, whose length on the wire was {@code originalLength} octets; none
     * when it holds no TCP segment with a complete header (another protocol, a fragment, a header cut by the
     * snapshot length, an impossible length field).
     */
    public static Option<IpTcpSegment> decode(byte[] ip, int originalLength) {
        Objects.requireNonNull(ip, "ip is null");
        return decode(ip, ip.length, originalLength);
    }

    /**
     * As {@link #decode(byte[], int)}, for the IP packet in the first {@code length} octets of {@code ip} (a
     * reader's reused buffer, {@link CaptureReader#packetBytes()}); the segment copies what it keeps.
     */
    public static Option<IpTcpSegment> decode(byte[] ip, int length, int originalLength) {
        Objects.requireNonNull(ip, "ip is null");
        if (length < 0 || length > ip.length) {
            throw new IllegalArgumentException("length " + length + " outside the array of " + ip.length);
        }
        int n = length;
        if (n < 1) {
            return Option.none();
        }
        int v = (ip[0] & 0xF0) >>> 4;
        return v == 4 ? decode4(ip, n, originalLength) : v == 6 ? decode6(ip, n, originalLength) : Option.none();
    }

    private static Option<IpTcpSegment> decode4(byte[] ip, int n, int originalLength) {
        if (n < 20) {
            return Option.none();
        }
        int ihl = (ip[0] & 0x0F) * 4;
        int total = TcpHeaderOptions.u16(ip, 2);
        // RFC 791: MF set or a fragment offset means a fragment; only a whole datagram is a whole segment.
        if (ihl < 20 || (ip[9] & 0xFF) != 6 || (TcpHeaderOptions.u16(ip, 6) & 0x3FFF) != 0) {
            return Option.none();
        }
        LengthSource source = LengthSource.HEADER;
        if (total == 0) {
            total = Math.max(n, originalLength);
            source = LengthSource.RECORD;
        }
        long src = V4_MAPPED | (TcpHeaderOptions.u32(ip, 12));
        long dst = V4_MAPPED | (TcpHeaderOptions.u32(ip, 16));
        return tcp(ip, n, ihl, total - ihl, 4, 0, src, 0, dst, TcpHeaderOptions.u16(ip, 4), source);
    }

    private static Option<IpTcpSegment> decode6(byte[] ip, int n, int originalLength) {
        if (n < 40) {
            return Option.none();
        }
        long payload = TcpHeaderOptions.u16(ip, 4);
        int next = ip[6] & 0xFF;
        int at = 40;
        long jumbo = -1;
        // RFC 8200 §4: extension headers precede the upper-layer header, each naming the next.
        while (next != 6) {
            if (at + 8 > n) {
                return Option.none();
            }
            int len;
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> len = ((ip[at + 1] & 0xFF) + 1) * 8;
                case 51 -> len = ((ip[at + 1] & 0xFF) + 2) * 4;  // RFC 4302 §2.2: AH counts 32-bit words
                case 44 -> {
                    // RFC 8200 §4.5: a fragment (offset or M flag) is not a whole segment.
                    if ((TcpHeaderOptions.u16(ip, at + 2) & 0xFFF9) != 0) {
                        return Option.none();
                    }
                    len = 8;
                }
                default -> {
                    return Option.none();  // no next header (59), ESP (50), another protocol
                }
            }
            if (at + len > n) {
                return Option.none();
            }
            if (next == 0) {
                jumbo = jumbo(ip, at + 2, at + len);
            }
            next = ip[at] & 0xFF;
            at += len;
        }
        LengthSource source = LengthSource.HEADER;
        if (payload == 0) {
            if (jumbo >= 0) {
                payload = jumbo;
                source = LengthSource.JUMBO;
            } else {
                payload = Math.max(n, originalLength) - 40L;
                source = LengthSource.RECORD;
            }
        }
        if (payload > Integer.MAX_VALUE - 40) {
            return Option.none();
        }
        long srcHi = s64(ip, 8);
        long srcLo = s64(ip, 16);
        long dstHi = s64(ip, 24);
        long dstLo = s64(ip, 32);
        return tcp(ip, n, at, (int) payload - (at - 40), 6, srcHi, srcLo, dstHi, dstLo, -1, source);
    }

    /** The Jumbo Payload Length of a Hop-by-Hop options area {@code [from, to)}, or -1 (RFC 2675 §2: type 0xC2). */
    private static long jumbo(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int type = b[i] & 0xFF;
            if (type == 0) {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return -1;
            }
            int len = b[i + 1] & 0xFF;
            if (type == 0xC2 && len == 4 && i + 6 <= to) {
                return TcpHeaderOptions.u32(b, i + 2);
            }
            i += 2 + len;
        }
        return -1;
    }

    /** The TCP header at {@code t}, with {@code ipPayload} octets from there to the end of the IP payload. */
    private static Option<IpTcpSegment> tcp(byte[] ip, int n, int t, int ipPayload, int version, long srcHi,
            long srcLo, long dstHi, long dstLo, int ipId, LengthSource source) {
        if (ipPayload < 20 || n < t + 20) {
            return Option.none();
        }
        int dataOffset = ((ip[t + 12] & 0xFF) >>> 4) * 4;
        if (dataOffset < 20 || dataOffset > ipPayload) {
            return Option.none();
        }
        TcpHeaderOptions options = TcpHeaderOptions.parse(ip, t + 20, Math.min(n, t + dataOffset));
        return Option.some(new IpTcpSegment(version, srcHi, srcLo, dstHi, dstLo, ipId,
                TcpHeaderOptions.u16(ip, t), TcpHeaderOptions.u16(ip, t + 2), TcpHeaderOptions.u32(ip, t + 4),
                TcpHeaderOptions.u32(ip, t + 8), ip[t + 13] & 0xFF, TcpHeaderOptions.u16(ip, t + 14),
                TcpHeaderOptions.u16(ip, t + 18), ipPayload - dataOffset, source, options));
    }

    /** {@code a.b.c.d:port} for IPv4, {@code [v6]:port} for IPv6 (RFC 5952 text form). */
    public static String address(long high, long low, int port) {
        if (high == 0 && (low >>> 32) == 0xFFFF) {
            int a = (int) low;
            return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF)
                    + ":" + port;
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            g[4 + i] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 §4.2: the longest run of two or more zero groups (the first of equals) becomes "::".
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder(48).append('[');
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != best + bestLen) {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.append("]:").append(port).toString();
    }

    /** The source as {@code ip:port} or {@code [ip6]:port}. */
    public String source() {
        return address(srcHigh, srcLow, srcPort);
    }

    /** The destination as {@code ip:port} or {@code [ip6]:port}. */
    public String destination() {
        return address(dstHigh, dstLow, dstPort);
    }

    private static long s64(byte[] b, int i) {
        return (TcpHeaderOptions.u32(b, i) << 32) | TcpHeaderOptions.u32(b, i + 4);
    }
}
