package io.github.tcpmodel.engine.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Parses and serializes IPv4 packets carrying TCP (RFC 791 §3.1, RFC 9293 §3.1), and IPv6 packets carrying TCP
 * (RFC 8200 §3) when given an {@link Ipv6Addresses} table for the handles that stand for IPv6 addresses. Stateless
 * and thread-safe.
 *
 * <p>Decoding checks, in this order: length and version, IHL, total length, IPv4 header checksum, protocol,
 * fragmentation (IPv6: payload length and Next Header), data offset, TCP checksum over the pseudo-header, then
 * options. The first failure is returned as a {@link Decoded.Malformed}; no input makes it throw. IPv6 extension
 * headers are not followed: a packet whose Next Header is not TCP is {@link Malformation#NOT_TCP} (the engine
 * sends none, and the kernel sends none on a TCP connection without IPsec or fragmentation, which a DF-sized
 * segment never needs, RFC 8200 §5).
 */
public final class Codec {

    /** IPv4 protocol number of TCP. */
    public static final int PROTOCOL_TCP = 6;
    /** Default TTL of packets this engine sends (RFC 1700's recommended 64). */
    public static final int DEFAULT_TTL = 64;

    private static final int IP_HEADER = 20;
    /** RFC 8200 §3: the fixed IPv6 header. */
    private static final int IPV6_HEADER = 40;
    private static final int TCP_HEADER = 20;

    private Codec() {
    }

    /** Decodes the whole of {@code packet}. */
    public static Decoded decode(byte[] packet) {
        Objects.requireNonNull(packet, "packet is null");
        return decode(packet, 0, packet.length);
    }

    /** Decodes {@code length} octets of {@code buf} from {@code offset}. Never throws for any content. */
    public static Decoded decode(byte[] buf, int offset, int length) {
        return decode(buf, offset, length, null);
    }

    /**
     * Decodes {@code length} octets of {@code buf} from {@code offset}: an IPv4 packet, or with {@code ipv6} (null
     * for none) an IPv6 packet, whose addresses become that table's handles. Never throws for any content.
     */
    public static Decoded decode(byte[] buf, int offset, int length, Ipv6Addresses ipv6) {
        Objects.requireNonNull(buf, "buf is null");
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            return malformed(Malformation.TRUNCATED, "range outside the buffer");
        }
        if (length < 1) {
            return malformed(Malformation.TRUNCATED, "empty packet");
        }
        int version = (buf[offset] & 0xFF) >>> 4;
        if (version == 6 && ipv6 != null) {
            return decode6(buf, offset, length, ipv6);
        }
        if (version != 4) {
            return malformed(Malformation.NOT_IPV4, "IP version " + version);
        }
        if (length < IP_HEADER) {
            return malformed(Malformation.TRUNCATED, length + " octets, below an IPv4 header");
        }
        int ihl = (buf[offset] & 0x0F) * 4;
        if (ihl < IP_HEADER) {
            return malformed(Malformation.BAD_IHL, "IHL " + ihl / 4);
        }
        int totalLength = u16(buf, offset + 2);
        if (totalLength < ihl) {
            return malformed(Malformation.BAD_TOTAL_LENGTH, "total length " + totalLength + " below IHL " + ihl);
        }
        if (totalLength > length) {
            return malformed(Malformation.TRUNCATED, "total length " + totalLength + " but " + length + " octets");
        }
        if (Checksum.fold(Checksum.sum(buf, offset, ihl, 0)) != 0) {
            return malformed(Malformation.BAD_IP_CHECKSUM, "IPv4 header checksum");
        }
        int protocol = buf[offset + 9] & 0xFF;
        if (protocol != PROTOCOL_TCP) {
            return malformed(Malformation.NOT_TCP, "protocol " + protocol);
        }
        int fragment = u16(buf, offset + 6);
        if ((fragment & 0x3FFF) != 0) {
            return malformed(Malformation.FRAGMENT, "fragment offset/MF " + Integer.toHexString(fragment));
        }
        int src = s32(buf, offset + 12);
        int dst = s32(buf, offset + 16);
        int tcpLength = totalLength - ihl;
        return decodeTcp(buf, offset + ihl, tcpLength, src, dst, pseudoHeaderSum(src, dst, tcpLength));
    }

    /**
     * RFC 8200 §3: version 6, payload length, Next Header 6 (TCP, no extension header), source and destination;
     * the pseudo-header of §8.1 for the TCP checksum.
     */
    private static Decoded decode6(byte[] buf, int offset, int length, Ipv6Addresses ipv6) {
        if (length < IPV6_HEADER) {
            return malformed(Malformation.TRUNCATED, length + " octets, below an IPv6 header");
        }
        int payloadLength = u16(buf, offset + 4);
        if (IPV6_HEADER + payloadLength > length) {
            return malformed(Malformation.TRUNCATED, "payload length " + payloadLength + " but " + length
                    + " octets");
        }
        int next = buf[offset + 6] & 0xFF;
        if (next != PROTOCOL_TCP) {
            return malformed(Malformation.NOT_TCP, "IPv6 Next Header " + next);
        }
        int sum = pseudoHeaderSum6(buf, offset + 8, buf, offset + 24, payloadLength);
        Decoded d = decodeTcp(buf, offset + IPV6_HEADER, payloadLength, 0, 0, sum);
        if (!(d instanceof Decoded.Ok ok)) {
            return d;
        }
        // Handles are given out only for packets that passed the checksum, so that garbage does not fill the table.
        Packet s = ok.segment();
        return new Decoded.Ok(new Packet(ipv6.handle(buf, offset + 8), ipv6.handle(buf, offset + 24), s.srcPort(),
                s.dstPort(), s.seq(), s.ack(), s.flags(), s.window(), s.urgent(), s.options(), s.payload()));
    }

    /** The TCP segment of {@code tcpLength} octets at {@code t}, its pseudo-header summed into {@code sum}. */
    private static Decoded decodeTcp(byte[] buf, int t, int tcpLength, int src, int dst, int sum) {
        if (tcpLength < TCP_HEADER) {
            return malformed(Malformation.TRUNCATED, "TCP segment of " + tcpLength + " octets");
        }
        int dataOffset = ((buf[t + 12] & 0xFF) >>> 4) * 4;
        if (dataOffset < TCP_HEADER || dataOffset > tcpLength) {
            return malformed(Malformation.BAD_DATA_OFFSET, "data offset " + dataOffset / 4 + " for " + tcpLength);
        }
        if (Checksum.fold(Checksum.sum(buf, t, tcpLength, sum)) != 0) {
            return malformed(Malformation.BAD_TCP_CHECKSUM, "TCP checksum");
        }
        int optionsEnd = t + dataOffset;
        int mss = -1;
        int windowScale = -1;
        boolean sackPermitted = false;
        boolean timestamps = false;
        int tsVal = 0;
        int tsEcr = 0;
        int[] sack = null;
        byte[] fastOpen = null;
        boolean fastOpenExperimental = false;
        int i = t + TCP_HEADER;
        while (i < optionsEnd) {
            int kind = buf[i] & 0xFF;
            if (kind == 0) {
                // RFC 9293 §3.1: End of Option List; the rest is padding.
                break;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= optionsEnd) {
                return malformed(Malformation.BAD_OPTION, "option " + kind + " without a length");
            }
            int len = buf[i + 1] & 0xFF;
            if (len < 2 || i + len > optionsEnd) {
                return malformed(Malformation.BAD_OPTION, "option " + kind + " of length " + len);
            }
            switch (kind) {
                case 2:
                    if (len != 4) {
                        return malformed(Malformation.BAD_OPTION, "MSS option of length " + len);
                    }
                    mss = u16(buf, i + 2);
                    break;
                case 3:
                    if (len != 3) {
                        return malformed(Malformation.BAD_OPTION, "window scale option of length " + len);
                    }
                    windowScale = buf[i + 2] & 0xFF;
                    break;
                case 4:
                    if (len != 2) {
                        return malformed(Malformation.BAD_OPTION, "SACK-permitted option of length " + len);
                    }
                    sackPermitted = true;
                    break;
                case 8:
                    if (len != 10) {
                        return malformed(Malformation.BAD_OPTION, "timestamps option of length " + len);
                    }
                    timestamps = true;
                    tsVal = s32(buf, i + 2);
                    tsEcr = s32(buf, i + 6);
                    break;
                case 5:
                    // RFC 2018 §3: kind 5, length 2 + 8 * n, at most four blocks in 40 octets of options.
                    if (len < 10 || len > 34 || (len - 2) % 8 != 0) {
                        return malformed(Malformation.BAD_OPTION, "SACK option of length " + len);
                    }
                    sack = new int[(len - 2) / 4];
                    for (int k = 0; k < sack.length; k++) {
                        sack[k] = s32(buf, i + 2 + 4 * k);
                    }
                    break;
                case 34:
                    // RFC 7413 §4.1.1: kind 34, the cookie in the rest (none for a request). A cookie longer than
                    // any the RFC allows is no Fast Open option the engine can answer: skipped as unknown.
                    if (len - 2 <= TcpOptions.MAX_COOKIE) {
                        fastOpen = Arrays.copyOfRange(buf, i + 2, i + len);
                        fastOpenExperimental = false;
                    }
                    break;
                case 254:
                    // RFC 6994 §3: an experiment identified by its 16-bit ExID; 0xF989 is Fast Open (RFC 7413
                    // §4.1.1). Another ExID is an experiment the engine does not know: skipped (MUST-6).
                    if (len >= 4 && u16(buf, i + 2) == 0xF989 && len - 4 <= TcpOptions.MAX_COOKIE) {
                        fastOpen = Arrays.copyOfRange(buf, i + 4, i + len);
                        fastOpenExperimental = true;
                    }
                    break;
                default:
                    // RFC 9293 §3.1 (MUST-6): an unknown option is skipped by its length.
                    break;
            }
            i += len;
        }
        TcpOptions options = mss < 0 && windowScale < 0 && !sackPermitted && !timestamps && sack == null
                && fastOpen == null ? TcpOptions.NONE
                : new TcpOptions(mss, windowScale, sackPermitted, timestamps, tsVal, tsEcr, sack, fastOpen,
                        fastOpenExperimental);
        int payloadLength = tcpLength - dataOffset;
        byte[] payload = payloadLength == 0 ? Packet.EMPTY : new byte[payloadLength];
        System.arraycopy(buf, optionsEnd, payload, 0, payloadLength);
        return new Decoded.Ok(new Packet(src, dst, u16(buf, t), u16(buf, t + 2), s32(buf, t + 4), s32(buf, t + 8),
                buf[t + 13] & 0xFF, u16(buf, t + 14), u16(buf, t + 18), options, payload));
    }

    /** Serializes {@code segment} into a fresh IPv4 packet with both checksums, TTL 64, DF set and IP id 0. */
    public static byte[] encode(Packet segment) {
        return encode(segment, null);
    }

    /**
     * Serializes {@code segment}: as {@link #encode(Packet)}, or with {@code ipv6} (null for none) into an IPv6
     * packet (RFC 8200 §3: traffic class and flow label 0, Next Header 6, Hop Limit 64) whose addresses are those of
     * the segment's handles.
     */
    public static byte[] encode(Packet segment, Ipv6Addresses ipv6) {
        Objects.requireNonNull(segment, "segment is null");
        if (ipv6 != null) {
            return encode6(segment, ipv6);
        }
        TcpOptions o = segment.options();
        int optionLength = o.encodedLength();
        int tcpLength = TCP_HEADER + optionLength + segment.payload().length;
        int total = IP_HEADER + tcpLength;
        if (total > 0xFFFF) {
            throw new IllegalArgumentException("segment of " + total + " octets does not fit an IPv4 packet");
        }
        byte[] p = new byte[total];
        p[0] = 0x45;
        put16(p, 2, total);
        // RFC 791 §3.1: DF, since the engine sizes segments by the negotiated MSS (RFC 9293 §3.7.1).
        put16(p, 6, 0x4000);
        p[8] = (byte) DEFAULT_TTL;
        p[9] = (byte) PROTOCOL_TCP;
        put32(p, 12, segment.srcAddr());
        put32(p, 16, segment.dstAddr());
        put16(p, 10, Checksum.fold(Checksum.sum(p, 0, IP_HEADER, 0)));
        int t = IP_HEADER;
        // Padding up to the data offset stays zero: End of Option List.
        writeTcp(segment, p, t, optionLength);
        int sum = pseudoHeaderSum(segment.srcAddr(), segment.dstAddr(), tcpLength);
        put16(p, t + 16, Checksum.fold(Checksum.sum(p, t, tcpLength, sum)));
        return p;
    }

    /**
     * Writes {@code o} at {@code i} in Linux's layout (see {@link TcpOptions}): MSS; SACK-Permitted and Timestamps,
     * each alone behind two NOPs; NOP and Window Scale; two NOPs and the SACK blocks. The padding stays zero.
     */
    static void writeOptions(TcpOptions o, byte[] p, int i) {
        if (o.mss() >= 0) {
            p[i] = 2;
            p[i + 1] = 4;
            put16(p, i + 2, o.mss());
            i += 4;
        }
        if (o.sackPermitted() != o.timestamps()) {
            p[i] = 1;
            p[i + 1] = 1;
            i += 2;
        }
        if (o.sackPermitted()) {
            p[i] = 4;
            p[i + 1] = 2;
            i += 2;
        }
        if (o.timestamps()) {
            p[i] = 8;
            p[i + 1] = 10;
            put32(p, i + 2, o.tsVal());
            put32(p, i + 6, o.tsEcr());
            i += 10;
        }
        if (o.windowScale() >= 0) {
            p[i] = 1;
            p[i + 1] = 3;
            p[i + 2] = 3;
            p[i + 3] = (byte) o.windowScale();
            i += 4;
        }
        int[] sack = o.sack();
        if (sack.length > 0) {
            p[i] = 1;
            p[i + 1] = 1;
            p[i + 2] = 5;
            p[i + 3] = (byte) (2 + 4 * sack.length);
            i += 4;
            for (int v : sack) {
                put32(p, i, v);
                i += 4;
            }
        }
        byte[] cookie = o.fastOpen();
        if (cookie != null) {
            // RFC 7413 §4.1.1, last as Linux writes it, NOPs after it up to a multiple of four octets.
            int start = i;
            if (o.fastOpenExperimental()) {
                p[i] = (byte) 254;
                p[i + 1] = (byte) (4 + cookie.length);
                put16(p, i + 2, 0xF989);
                i += 4;
            } else {
                p[i] = 34;
                p[i + 1] = (byte) (2 + cookie.length);
                i += 2;
            }
            System.arraycopy(cookie, 0, p, i, cookie.length);
            i += cookie.length;
            while (((i - start) & 3) != 0) {
                p[i++] = 1;
            }
        }
    }

    private static byte[] encode6(Packet segment, Ipv6Addresses ipv6) {
        TcpOptions o = segment.options();
        int optionLength = o.encodedLength();
        int tcpLength = TCP_HEADER + optionLength + segment.payload().length;
        if (tcpLength > 0xFFFF) {
            throw new IllegalArgumentException("segment of " + tcpLength + " octets does not fit an IPv6 payload");
        }
        byte[] p = new byte[IPV6_HEADER + tcpLength];
        p[0] = 0x60;
        put16(p, 4, tcpLength);
        p[6] = (byte) PROTOCOL_TCP;
        p[7] = (byte) DEFAULT_TTL;
        ipv6.write(segment.srcAddr(), p, 8);
        ipv6.write(segment.dstAddr(), p, 24);
        int t = IPV6_HEADER;
        writeTcp(segment, p, t, optionLength);
        int sum = pseudoHeaderSum6(p, 8, p, 24, tcpLength);
        put16(p, t + 16, Checksum.fold(Checksum.sum(p, t, tcpLength, sum)));
        return p;
    }

    /** The TCP header, options and text of {@code segment} at {@code t}; the checksum field stays zero. */
    private static void writeTcp(Packet segment, byte[] p, int t, int optionLength) {
        put16(p, t, segment.srcPort());
        put16(p, t + 2, segment.dstPort());
        put32(p, t + 4, segment.seq());
        put32(p, t + 8, segment.ack());
        p[t + 12] = (byte) (((TCP_HEADER + optionLength) / 4) << 4);
        p[t + 13] = (byte) segment.flags();
        put16(p, t + 14, segment.window());
        put16(p, t + 18, segment.urgent());
        writeOptions(segment.options(), p, t + TCP_HEADER);
        System.arraycopy(segment.payload(), 0, p, t + TCP_HEADER + optionLength, segment.payload().length);
    }

    /**
     * RFC 8200 §8.1: the IPv6 pseudo-header is the source and destination addresses, the upper-layer packet length
     * (32 bits), three zero octets and the Next Header (6).
     */
    static int pseudoHeaderSum6(byte[] src, int srcOff, byte[] dst, int dstOff, int tcpLength) {
        int s = Checksum.sum(src, srcOff, 16, 0);
        s = Checksum.sum(dst, dstOff, 16, s);
        return s + (tcpLength >>> 16) + (tcpLength & 0xFFFF) + PROTOCOL_TCP;
    }

    /** RFC 9293 §3.1: the pseudo-header is source, destination, zero, PTCL and TCP length. */
    static int pseudoHeaderSum(int src, int dst, int tcpLength) {
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + PROTOCOL_TCP + tcpLength;
    }

    private static Decoded malformed(Malformation kind, String detail) {
        return new Decoded.Malformed(kind, detail);
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static long s64(byte[] b, int i) {
        return (long) s32(b, i) << 32 | (s32(b, i + 4) & 0xFFFF_FFFFL);
    }

    static int s32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
