package io.github.tcpmodel.trace;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.pcap.CapturedPacket;
import io.github.tcpmodel.pcap.IpTcpSegment;
import io.github.tcpmodel.pcap.TcpHeaderOptions;
import io.vavr.control.Option;
import io.github.tcpmodel.segment.EcnFlag;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;

/**
 * One captured TCP segment over IPv4 or IPv6 as the checker uses it: the header fields the pcap module decodes
 * ({@link IpTcpSegment}, lenient: checksums not verified, payload length from the IP header), with the MSS the
 * model is to take from a SYN and the Timestamps option.
 */
record CapturedSegment(IpTcpSegment ip, int flags, int mss, int windowScale) {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    /**
     * RFC 9293 §3.7.1 (MUST-15): without an MSS option the sender assumes 536 octets over IPv4 and 1220 over IPv6
     * (the IPv6 minimum MTU of 1280 less 60 octets of headers, RFC 8200 §5).
     */
    static final int DEFAULT_MSS_IPV6 = 1220;

    /** The segment in {@code pkt}, or none when it holds no (whole, complete-header) TCP segment. */
    static Option<CapturedSegment> parse(CapturedPacket pkt) {
        return IpTcpSegment.decode(pkt.ip(), pkt.ipOriginalLength()).map(CapturedSegment::of);
    }

    /** The segment in the IP packet {@code ip}, taken as captured whole. */
    static Option<CapturedSegment> parse(byte[] ip) {
        return IpTcpSegment.decode(ip, ip.length).map(CapturedSegment::of);
    }

    static CapturedSegment of(IpTcpSegment s) {
        int mss = s.options().mss();
        if (mss < 0 && s.version() == 6 && (s.flags() & SYN) != 0) {
            mss = DEFAULT_MSS_IPV6;
        }
        return new CapturedSegment(s, s.flags() & 0x3F, mss, s.options().windowScale());
    }

    long srcHigh() {
        return ip.srcHigh();
    }

    long srcLow() {
        return ip.srcLow();
    }

    long dstHigh() {
        return ip.dstHigh();
    }

    long dstLow() {
        return ip.dstLow();
    }

    int srcPort() {
        return ip.srcPort();
    }

    int dstPort() {
        return ip.dstPort();
    }

    long seq() {
        return ip.seq();
    }

    long ack() {
        return ip.ack();
    }

    int window() {
        return ip.window();
    }

    int urgent() {
        return ip.urgent();
    }

    int payloadLength() {
        return ip.payloadLength();
    }

    TcpHeaderOptions options() {
        return ip.options();
    }

    /** Whether the sender is the endpoint {@code high/low:port}. */
    boolean from(long high, long low, int port) {
        return ip.srcLow() == low && ip.srcHigh() == high && ip.srcPort() == port;
    }

    boolean has(int mask) {
        return (flags & mask) != 0;
    }

    /** SEG.LEN (RFC 9293 §3.4). */
    long len() {
        return payloadLength() + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** The model's control-bit set for each combination of the six bits this record keeps, built once. */
    private static final Set<Control>[] CONTROLS = controlSets();
    private static final Set<EcnFlag> NO_ECN = TreeSet.empty();

    @SuppressWarnings("unchecked")
    private static Set<Control>[] controlSets() {
        Set<Control>[] out = new Set[64];
        for (int f = 0; f < 64; f++) {
            Set<Control> c = TreeSet.empty();
            Control[] bits = {Control.FIN, Control.SYN, Control.RST, Control.PSH, Control.ACK, Control.URG};
            int[] masks = {FIN, SYN, RST, PSH, ACK, URG};
            for (int i = 0; i < bits.length; i++) {
                if ((f & masks[i]) != 0) {
                    c = c.add(bits[i]);
                }
            }
            out[f] = c;
        }
        return out;
    }

    /**
     * The segment in the model's terms, its window multiplied by 2^{@code shift}: built in one step (one segment
     * per captured segment, the control set shared), as it is on the checker's path for every segment.
     */
    Segment toModel(int shift) {
        List<SegmentOption> opts = List.empty();
        if (options().hasTimestamps()) {
            // RFC 7323 §3.2: the model applies PAWS and keeps TS.Recent when the TCB has timestamps in use.
            opts = opts.prepend(new SegmentOption.Timestamps(options().tsVal(), options().tsEcr()));
        }
        if (mss > 0) {
            opts = opts.prepend(new SegmentOption.Mss(mss));
        }
        return Segment.checked(seq(), has(ACK) ? ack() : 0, CONTROLS[flags], Math.min(Segment.MAX_WINDOW,
                (long) window() << shift), has(URG) ? urgent() : 0, payloadLength(), Option.none(), opts, NO_ECN)
                .getOrElseThrow((String e) -> new IllegalStateException(e));
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
}
