package io.github.tcpmodel.semantics;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.AddressFamily;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;

import java.util.Objects;

/**
 * The segment-size rules of RFC 9293 §3.7.1 on both sides of the MSS option.
 *
 * <p>The sender: "The maximum size of a segment that a TCP endpoint really sends, the 'effective send MSS', MUST be
 * the smaller (MUST-16) of the send MSS ... and the largest transmission size permitted by the IP layer":
 * {@code Eff.snd.MSS = min(SendMSS+20, MMS_S) - TCPhdrsize - IPoptionsize}, where TCPhdrsize is "the size of the
 * fixed TCP header and any options". SendMSS is {@code SND.MSS} of the TCB (the peer's option, or MUST-15's default).
 * MMS_S and the IP options are the sender's own, invisible on the wire and only ever smaller: a check of what an
 * implementation sent holds it to {@code SendMSS - (TCP options)}, which no conforming sender exceeds.
 *
 * <p>Which options count: the RFC continues "some options might not be included on all segments, but that for each
 * segment sent, the sender should adjust the data length accordingly, within the Eff.snd.MSS". The options that are on
 * every segment of a connection (the Timestamps option once negotiated, RFC 7323 §3.2) are part of Eff.snd.MSS and
 * bind with the MUST; adjusting for an option carried by some segments only (SACK blocks, RFC 2018) is the "should"
 * and is not held against a sender ({@link #fixedOptionSpace}). The model's own segmentizing ({@link #effective})
 * leaves room for the Timestamps option, as every sender with timestamps must.
 *
 * <p>The receiver: "The MSS value to be sent in an MSS Option must be less than or equal to: MMS_R - 20 where MMS_R is
 * the maximum size for a transport-layer message that can be received (and reassembled at the IP layer) (MUST-67)".
 * MMS_R is the implementation's (its link MTU, or the largest datagram its IP layer reassembles), an input of
 * {@link #announcedAllowed}; without it, the largest an IP layer can receive ({@link #largestMmsR}) still bounds it.
 */
public final class MssRules {

    private MssRules() {
    }

    /** The octets a Timestamps option takes in the header with its padding (RFC 7323 §3.2, Appendix A). */
    public static final int TIMESTAMPS_SPACE = 12;

    /** The fixed TCP header that MMS_R - 20 leaves out (RFC 9293 §3.7.1). */
    private static final int TCP_HEADER = 20;

    /**
     * The most text one segment of the model carries: {@code SND.MSS} less the options every segment of the connection
     * carries (MUST-16; the Timestamps option once negotiated). At least one octet, so that a peer announcing an
     * MSS no larger than the options still receives text.
     */
    public static int effective(Tcb t) {
        Objects.requireNonNull(t, "tcb is null");
        int mss = t.snd().mss() - (t.negotiated().timestamps() ? TIMESTAMPS_SPACE : 0);
        return Math.max(1, mss);
    }

    /**
     * The header octets that the options of {@code s} take, SACK blocks and padding of the other options excepted:
     * the options that MUST-16 counts in TCPhdrsize for every segment, rounded up to the 32-bit words the data offset
     * counts (RFC 9293 §3.1).
     */
    public static int fixedOptionSpace(Segment s) {
        Objects.requireNonNull(s, "segment is null");
        int octets = 0;
        for (List<SegmentOption> l = s.options(); !l.isEmpty(); l = l.tail()) {
            SegmentOption o = l.head();
            if (!(o instanceof SegmentOption.Nop || o instanceof SegmentOption.Eol || o instanceof SegmentOption.Sack)) {
                octets += o.size();
            }
        }
        return (octets + 3) / 4 * 4;
    }

    /**
     * Whether the text of {@code s}, sent by a TCP whose TCB is {@code t}, stays within the effective send MSS
     * (MUST-16): its length and {@link #fixedOptionSpace} together no more than {@code SND.MSS}. A SYN is held to
     * {@code SND.MSS} alone: its options are negotiated on it and are not on every segment.
     */
    public static boolean payloadAllowed(Tcb t, Segment s) {
        Objects.requireNonNull(t, "tcb is null");
        long room = t.snd().mss() - (s.syn() ? 0 : fixedOptionSpace(s));
        return s.dataLength() <= Math.max(1, room);
    }

    /**
     * The largest MMS_R an IP layer of family {@code f} can have: the largest IPv4 datagram (65,535 octets) less its
     * 20-octet header; over IPv6 with jumbograms (RFC 2675) a payload of up to 2^32 - 1 octets, where an MSS option of
     * 65,535 means "no limit" (RFC 2675 §3), so no MSS value is refused ({@link Integer#MAX_VALUE} stands for it).
     */
    public static int largestMmsR(AddressFamily f) {
        Objects.requireNonNull(f, "family is null");
        return switch (f) {
            case IPV4 -> 65_535 - 20;
            case IPV6 -> Integer.MAX_VALUE;
        };
    }

    /**
     * Whether an MSS option of value {@code mss} is allowed from a TCP whose IP layer receives transport-layer messages
     * of at most {@code mmsR} octets: {@code mss <= MMS_R - 20} (MUST-67).
     */
    public static boolean announcedAllowed(int mss, int mmsR) {
        return mss >= 1 && mss <= mmsR - TCP_HEADER;
    }
}
