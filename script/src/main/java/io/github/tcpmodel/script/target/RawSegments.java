package io.github.tcpmodel.script.target;

import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.TcpOption;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.io.ByteArrayOutputStream;

/**
 * IPv4/TCP packets written and read octet by octet, so that the options a script writes go on the wire exactly as
 * written (order, padding, kinds the engine's codec does not know) and the options a target sends are read back
 * exactly as sent (RFC 9293 §3.1, §3.2). The IP header's ECN field (RFC 3168 §5) is carried too.
 */
final class RawSegments {

    /** A packet read back: its addresses and ports, the segment, and the ECN field of its IP header. */
    record Read(int src, int dst, int srcPort, int dstPort, ScriptSegment segment, int ecn) {
    }

    private RawSegments() {
    }

    /** The ECN field value (RFC 3168 §5) for a script's marking; 0 (Not-ECT) for none, {@code noecn} or a TOS. */
    static int ecnBits(Option<String> mark) {
        if (mark.isEmpty()) {
            return 0;
        }
        String m = mark.get();
        if (m.startsWith("tos ")) {
            try {
                return Integer.decode(m.substring(4)) & 0xff;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return switch (m) {
            case "ect1" -> 1;
            case "ect0" -> 2;
            case "ce" -> 3;
            default -> 0;
        };
    }

    /** The TCP options of {@code options} as octets, padded with zeros (End of Option List) to a multiple of 4. */
    static byte[] options(List<TcpOption> options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (TcpOption o : options) {
            if (o instanceof TcpOption.Nop) {
                b.write(1);
            } else if (o instanceof TcpOption.Eol) {
                b.write(0);
            } else if (o instanceof TcpOption.Mss m) {
                b.write(2);
                b.write(4);
                b.write(m.value() >> 8);
                b.write(m.value());
            } else if (o instanceof TcpOption.WindowScale w) {
                b.write(3);
                b.write(3);
                b.write(w.shift());
            } else if (o instanceof TcpOption.SackPermitted) {
                b.write(4);
                b.write(2);
            } else if (o instanceof TcpOption.Timestamp t) {
                b.write(8);
                b.write(10);
                int32(b, t.value());
                int32(b, t.echoReply());
            } else if (o instanceof TcpOption.Sack s) {
                b.write(5);
                b.write(2 + 8 * s.blocks().size());
                for (TcpOption.SackBlock k : s.blocks()) {
                    int32(b, k.left());
                    int32(b, k.right());
                }
            } else if (o instanceof TcpOption.FastOpen f) {
                byte[] cookie = hex(f.cookie());
                if (f.experimental()) {
                    b.write(254);
                    b.write(4 + cookie.length);
                    b.write(0xf9);
                    b.write(0x89);
                } else {
                    b.write(34);
                    b.write(2 + cookie.length);
                }
                b.writeBytes(cookie);
            } else if (o instanceof TcpOption.Other x) {
                byte[] data = hex(x.data());
                b.write(x.kind());
                if (x.kind() > 1) {
                    b.write(2 + data.length);
                }
                b.writeBytes(data);
            }
        }
        while (b.size() % 4 != 0) {
            b.write(0);
        }
        return b.toByteArray();
    }

    /** The options in {@code buf[from, to)} as a script writes them; trailing padding after an EOL is not listed. */
    static List<TcpOption> parseOptions(byte[] buf, int from, int to) {
        List<TcpOption> out = List.empty();
        int i = from;
        while (i < to) {
            int kind = buf[i] & 0xff;
            if (kind == 0) {
                return out.append(new TcpOption.Eol());
            }
            if (kind == 1) {
                out = out.append(new TcpOption.Nop());
                i++;
                continue;
            }
            int len = i + 1 < to ? buf[i + 1] & 0xff : 0;
            if (len < 2 || i + len > to) {
                // A malformed length (RFC 9293 §3.1, MUST-7): shown as what it is, and the rest not read.
                return out.append(new TcpOption.Other(kind, hexOf(buf, i + 1, to)));
            }
            int d = i + 2;
            TcpOption o;
            if (kind == 2 && len == 4) {
                o = new TcpOption.Mss(u16(buf, d));
            } else if (kind == 3 && len == 3) {
                o = new TcpOption.WindowScale(buf[d] & 0xff);
            } else if (kind == 4 && len == 2) {
                o = new TcpOption.SackPermitted();
            } else if (kind == 8 && len == 10) {
                o = new TcpOption.Timestamp(u32(buf, d), u32(buf, d + 4));
            } else if (kind == 5 && (len - 2) % 8 == 0) {
                List<TcpOption.SackBlock> blocks = List.empty();
                for (int k = d; k < i + len; k += 8) {
                    blocks = blocks.append(new TcpOption.SackBlock(u32(buf, k), u32(buf, k + 4)));
                }
                o = new TcpOption.Sack(blocks);
            } else if (kind == 34) {
                o = new TcpOption.FastOpen(false, hexOf(buf, d, i + len));
            } else if (kind == 254 && len >= 4 && (buf[d] & 0xff) == 0xf9 && (buf[d + 1] & 0xff) == 0x89) {
                o = new TcpOption.FastOpen(true, hexOf(buf, d + 2, i + len));
            } else {
                o = new TcpOption.Other(kind, hexOf(buf, d, i + len));
            }
            out = out.append(o);
            i += len;
        }
        return out;
    }

    /** An IPv4 packet carrying {@code w} from {@code src:srcPort} to {@code dst:dstPort}, checksums set. */
    static byte[] encode(ScriptSegment w, int src, int dst, int srcPort, int dstPort, int ecn, int urgent,
                         int maxPayload) {
        byte[] opts = checkedOptions(w);
        int payload = (int) Math.min(maxPayload, w.length());
        int tcpLen = 20 + opts.length + payload;
        int total = 20 + tcpLen;
        byte[] p = new byte[total];
        p[0] = 0x45;
        p[1] = (byte) (ecn & 0xff);
        p[2] = (byte) (total >> 8);
        p[3] = (byte) total;
        p[6] = 0x40; // DF
        p[8] = 64;
        p[9] = 6;
        put32(p, 12, src);
        put32(p, 16, dst);
        int c = checksum(p, 0, 20, 0);
        p[10] = (byte) (c >> 8);
        p[11] = (byte) c;
        int pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 6 + tcpLen;
        tcp(p, 20, w, opts, srcPort, dstPort, urgent, tcpLen, pseudo);
        return p;
    }

    /**
     * An IPv6 packet (RFC 8200, no extension headers) carrying {@code w} from {@code src:srcPort} to {@code
     * dst:dstPort}, the ECN field in the Traffic Class (RFC 3168 §5), the TCP checksum over the IPv6 pseudo-header
     * (RFC 8200 §8.1).
     */
    static byte[] encode6(ScriptSegment w, byte[] src, byte[] dst, int srcPort, int dstPort, int ecn, int urgent,
                          int maxPayload) {
        if (src.length != 16 || dst.length != 16) {
            throw new IllegalArgumentException("IPv6 addresses are 16 octets");
        }
        byte[] opts = checkedOptions(w);
        int payload = (int) Math.min(maxPayload, w.length());
        int tcpLen = 20 + opts.length + payload;
        byte[] p = new byte[40 + tcpLen];
        int tc = ecn & 0xff;
        p[0] = (byte) (0x60 | (tc >> 4));
        p[1] = (byte) ((tc & 0x0f) << 4);
        p[4] = (byte) (tcpLen >> 8);
        p[5] = (byte) tcpLen;
        p[6] = 6;
        p[7] = 64;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        int pseudo = 0;
        for (int i = 8; i < 40; i += 2) {
            pseudo += u16(p, i);
        }
        pseudo += (tcpLen >>> 16) + (tcpLen & 0xffff) + 6;
        tcp(p, 40, w, opts, srcPort, dstPort, urgent, tcpLen, pseudo);
        return p;
    }

    private static byte[] checkedOptions(ScriptSegment w) {
        byte[] opts = options(w.options());
        if (opts.length > 40) {
            throw new IllegalArgumentException("the options take " + opts.length + " octets; a TCP header holds 40 "
                    + "(RFC 9293 §3.1)");
        }
        return opts;
    }

    /** The TCP header of {@code w} and its options at {@code t} in {@code p}, the checksum from {@code pseudo}. */
    private static void tcp(byte[] p, int t, ScriptSegment w, byte[] opts, int srcPort, int dstPort, int urgent,
                            int tcpLen, int pseudo) {
        p[t] = (byte) (srcPort >> 8);
        p[t + 1] = (byte) srcPort;
        p[t + 2] = (byte) (dstPort >> 8);
        p[t + 3] = (byte) dstPort;
        put32(p, t + 4, (int) w.seq());
        put32(p, t + 8, (int) w.ack());
        p[t + 12] = (byte) (((20 + opts.length) / 4) << 4);
        int flags = 0;
        for (Flag f : w.flags()) {
            flags |= switch (f) {
                case FIN -> 0x01;
                case SYN -> 0x02;
                case RST -> 0x04;
                case PSH -> 0x08;
                case ACK -> 0x10;
                case URG -> 0x20;
                case ECE -> 0x40;
                case CWR -> 0x80;
            };
        }
        p[t + 13] = (byte) flags;
        p[t + 14] = (byte) (w.window() >> 8);
        p[t + 15] = (byte) w.window();
        p[t + 18] = (byte) (urgent >> 8);
        p[t + 19] = (byte) urgent;
        System.arraycopy(opts, 0, p, t + 20, opts.length);
        int tc = checksum(p, t, tcpLen, pseudo);
        p[t + 16] = (byte) (tc >> 8);
        p[t + 17] = (byte) tc;
    }

    /** An IPv6/TCP packet read from the wire: its addresses, ports, segment and ECN field. */
    record Read6(byte[] src, byte[] dst, int srcPort, int dstPort, ScriptSegment segment, int ecn) {
    }

    /** The IPv6/TCP packet in {@code p} (TCP right after the fixed header), or none when it is not one. */
    static Option<Read6> decode6(byte[] p) {
        if (p.length < 60 || ((p[0] & 0xff) >> 4) != 6 || p[6] != 6) {
            return Option.none();
        }
        int total = Math.min(p.length, 40 + u16(p, 4));
        Option<ScriptSegment> s = segment(p, 40, total);
        if (s.isEmpty()) {
            return Option.none();
        }
        byte[] src = java.util.Arrays.copyOfRange(p, 8, 24);
        byte[] dst = java.util.Arrays.copyOfRange(p, 24, 40);
        int tc = ((p[0] & 0x0f) << 4) | ((p[1] & 0xff) >> 4);
        return Option.some(new Read6(src, dst, u16(p, 40), u16(p, 42), s.get(), tc & 0x03));
    }

    /** The IPv4/TCP packet in {@code p}, or none when it is not one. */
    static Option<Read> decode(byte[] p) {
        if (p.length < 40 || (p[0] >> 4) != 4 || p[9] != 6) {
            return Option.none();
        }
        int ihl = (p[0] & 0x0f) * 4;
        int total = Math.min(p.length, u16(p, 2));
        if (ihl < 20 || total < ihl + 20) {
            return Option.none();
        }
        int t = ihl;
        return segment(p, t, total).map(s -> new Read((int) u32(p, 12), (int) u32(p, 16), u16(p, t), u16(p, t + 2),
                s, p[1] & 0x03));
    }

    /** The TCP segment at {@code t} of {@code p}, which ends at {@code total}; none when its header does not fit. */
    private static Option<ScriptSegment> segment(byte[] p, int t, int total) {
        if (total < t + 20) {
            return Option.none();
        }
        int off = ((p[t + 12] & 0xff) >> 4) * 4;
        if (off < 20 || t + off > total) {
            return Option.none();
        }
        int bits = p[t + 13] & 0xff;
        Set<Flag> flags = HashSet.empty();
        for (Flag f : Flag.values()) {
            int bit = switch (f) {
                case FIN -> 0x01;
                case SYN -> 0x02;
                case RST -> 0x04;
                case PSH -> 0x08;
                case ACK -> 0x10;
                case URG -> 0x20;
                case ECE -> 0x40;
                case CWR -> 0x80;
            };
            if ((bits & bit) != 0) {
                flags = flags.add(f);
            }
        }
        return Option.some(new ScriptSegment(flags, u32(p, t + 4), (bits & 0x10) != 0 ? u32(p, t + 8) : 0,
                u16(p, t + 14), parseOptions(p, t + 20, t + off), total - t - off));
    }

    /** The Internet checksum (RFC 1071) of {@code len} octets of {@code b} from {@code from}. */
    static int internetChecksum(byte[] b, int from, int len) {
        return checksum(b, from, len, 0);
    }

    private static int checksum(byte[] b, int from, int len, int initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((b[from + i] & 0xff) << 8) | (b[from + i + 1] & 0xff);
        }
        if (len % 2 == 1) {
            sum += (b[from + len - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void int32(ByteArrayOutputStream b, long v) {
        b.write((int) (v >> 24));
        b.write((int) (v >> 16));
        b.write((int) (v >> 8));
        b.write((int) v);
    }

    private static void put32(byte[] p, int at, int v) {
        p[at] = (byte) (v >> 24);
        p[at + 1] = (byte) (v >> 16);
        p[at + 2] = (byte) (v >> 8);
        p[at + 3] = (byte) v;
    }

    private static int u16(byte[] p, int at) {
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    private static long u32(byte[] p, int at) {
        return ((long) (p[at] & 0xff) << 24) | ((p[at + 1] & 0xff) << 16) | ((p[at + 2] & 0xff) << 8)
                | (p[at + 3] & 0xff);
    }

    private static byte[] hex(String h) {
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static String hexOf(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            s.append(String.format("%02x", b[i] & 0xff));
        }
        return s.toString();
    }
}
