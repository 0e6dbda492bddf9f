package io.github.tcpmodel.trace;

import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.control.Option;
import java.util.ArrayList;

/**
 * The header fields of one captured IPv4/TCP segment, parsed leniently: checksums are not verified (captures taken
 * on the sending host carry partial checksums when the NIC offloads them) and the payload need not be captured (the
 * snapshot length may cut it; its length comes from the IPv4 total length). Fragments and non-TCP packets are not
 * segments.
 */
record CapturedSegment(int src, int dst, int srcPort, int dstPort, long seq, long ack, int flags, int window,
                   int urgent, int payloadLength, int mss, int windowScale) {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    /** The segment in {@code ip}, or none when it holds no (first-fragment, complete-header) TCP segment. */
    static Option<CapturedSegment> parse(byte[] ip) {
        int n = ip.length;
        if (n < 20 || (ip[0] & 0xF0) != 0x40) {
            return Option.none();
        }
        int ihl = (ip[0] & 0x0F) * 4;
        int total = u16(ip, 2);
        if (ihl < 20 || (ip[9] & 0xFF) != 6 || (u16(ip, 6) & 0x3FFF) != 0) {
            return Option.none();
        }
        if (total == 0) {
            // A segmentation-offload capture can carry total length 0; take what was captured.
            total = n;
        }
        if (total < ihl + 20 || n < ihl + 20) {
            return Option.none();
        }
        int t = ihl;
        int dataOffset = ((ip[t + 12] & 0xFF) >>> 4) * 4;
        if (dataOffset < 20 || ihl + dataOffset > total) {
            return Option.none();
        }
        int mss = -1;
        int wscale = -1;
        int end = Math.min(n, t + dataOffset);
        int i = t + 20;
        while (i < end) {
            int kind = ip[i] & 0xFF;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                break;
            }
            int len = ip[i + 1] & 0xFF;
            if (len < 2 || i + len > end) {
                break;
            }
            if (kind == 2 && len == 4) {
                mss = u16(ip, i + 2);
            } else if (kind == 3 && len == 3) {
                wscale = Math.min(14, ip[i + 2] & 0xFF);
            }
            i += len;
        }
        return Option.some(new CapturedSegment(s32(ip, 12), s32(ip, 16), u16(ip, t), u16(ip, t + 2),
                s32(ip, t + 4) & 0xFFFFFFFFL, s32(ip, t + 8) & 0xFFFFFFFFL, ip[t + 13] & 0x3F, u16(ip, t + 14),
                u16(ip, t + 18), total - ihl - dataOffset, mss, wscale));
    }

    boolean has(int mask) {
        return (flags & mask) != 0;
    }

    /** SEG.LEN (RFC 9293 §3.4). */
    long len() {
        return payloadLength + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** The segment in the model's terms, its window multiplied by {@code scale} (2^shift). */
    Segment toModel(int shift) {
        ArrayList<Control> c = new ArrayList<>(6);
        if (has(URG)) {
            c.add(Control.URG);
        }
        if (has(PSH)) {
            c.add(Control.PSH);
        }
        if (has(RST)) {
            c.add(Control.RST);
        }
        if (has(SYN)) {
            c.add(Control.SYN);
        }
        if (has(FIN)) {
            c.add(Control.FIN);
        }
        Segment s = Segment.of(SeqNum.of(seq), c.toArray(new Control[0]))
                .withWindow(Math.min(Segment.MAX_WINDOW, (long) window << shift)).withDataLength(payloadLength);
        if (has(URG)) {
            s = s.withUrgent(urgent);
        }
        if (has(ACK)) {
            s = s.withAck(SeqNum.of(ack));
        }
        if (mss > 0) {
            s = s.withMss(mss);
        }
        return s;
    }

    /** The control bits as tcpdump prints them, e.g. {@code S.}, {@code F.}, {@code R}, {@code P.}. */
    String flagText() {
        StringBuilder b = new StringBuilder();
        if (has(SYN)) {
            b.append('S');
        }
        if (has(FIN)) {
            b.append('F');
        }
        if (has(RST)) {
            b.append('R');
        }
        if (has(PSH)) {
            b.append('P');
        }
        if (has(URG)) {
            b.append('U');
        }
        if (has(ACK)) {
            b.append('.');
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int s32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
