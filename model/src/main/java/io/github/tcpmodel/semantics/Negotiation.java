package io.github.tcpmodel.semantics;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Nop;
import io.github.tcpmodel.option.SegmentOption.SackPermitted;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.option.SegmentOption.WindowScale;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.profile.TcpExtensions;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.Negotiated;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import java.util.Objects;

/**
 * The negotiation of TCP extensions on the handshake: what this side's SYN offers, what its SYN,ACK answers, and
 * what is in use once the peer's SYN (or SYN,ACK) has arrived.
 * <ul>
 *   <li>Window scaling, RFC 7323 §2.2: "This option is an offer, not a promise; both sides MUST send Window Scale
 *       options in their &lt;SYN&gt; segments to enable window scaling in either direction"; a SYN,ACK carries the option
 *       only if the SYN did. A shift above 14 is taken as 14 (§2.3: "If a Window Scale option is received with a
 *       shift.cnt value larger than 14, the TCP SHOULD log the error but MUST use 14 instead").</li>
 *   <li>Timestamps, RFC 7323 §3.2: in use when both the SYN and the SYN,ACK carry the option; TS.Recent starts at
 *       the TSval of the peer's SYN (§4.3).</li>
 *   <li>SACK, RFC 2018 §2: SACK-Permitted "MUST NOT be sent on non-SYN segments"; SACK is used when both SYNs carried
 *       it.</li>
 *   <li>ECN, RFC 3168 §6.1.1: an ECN-setup SYN (SYN, ECE, CWR) answered by an ECN-setup SYN,ACK (SYN, ACK, ECE, not
 *       CWR).</li>
 * </ul>
 * The options are read on SYN segments only: on any other segment a Window Scale, SACK-Permitted or ECN setup means
 * nothing (RFC 7323 §2.2: "A Window Scale option in a segment without a SYN bit MUST be ignored").
 *
 * <p>Layout: this side sends its options in the order Linux does (MSS, SACK-Permitted, Timestamps, NOP, Window
 * Scale; without timestamps MSS, NOP, NOP, SACK-Permitted, NOP, Window Scale), so that an exact comparison with a
 * Linux peer's SYN is possible; the comparison core compares the negotiation outcome, not the layout.
 */
public final class Negotiation {

    private Negotiation() {
    }

    /**
     * TSval at time {@code now} (ms): the model's timestamp clock ticks once per millisecond (RFC 7323 §5.4: "between
     * 1 ms and 1 second per tick") from 0 at time 0, modulo 2^32.
     */
    public static long tsVal(long now) {
        return now & 0xFFFF_FFFFL;
    }

    /** The options of this side's SYN: MSS and the extensions the profile offers. */
    public static List<SegmentOption> synOptions(Profile p, long now) {
        Objects.requireNonNull(p, "profile is null");
        TcpExtensions x = p.extensions();
        List<SegmentOption> o = List.of(new SegmentOption.Mss(p.mss()));
        o = o.appendAll(layout(x.sack(), x.timestamps(), new Timestamps(tsVal(now), 0), x.windowScale().isDefined(),
                x.windowScale().getOrElse(0)));
        return x.fastOpenClient() ? o.append(SegmentOption.FastOpen.request()) : o;
    }

    /** The ECN bits of this side's SYN: ECE and CWR when the profile asks for ECN (RFC 3168 §6.1.1). */
    public static Set<EcnFlag> synEcn(Profile p) {
        return p.extensions().ecn().requests() ? TreeSet.of(EcnFlag.ECE, EcnFlag.CWR) : TreeSet.empty();
    }

    /**
     * The options of this side's SYN,ACK once the peer's SYN was negotiated into {@code n}: MSS, and of the
     * extensions only those in use (RFC 7323 §2.2, §3.2; RFC 2018 §2), with TSecr = TS.Recent.
     */
    public static List<SegmentOption> synAckOptions(Profile p, Negotiated n, long now) {
        List<SegmentOption> o = List.of(new SegmentOption.Mss(p.mss()));
        return o.appendAll(layout(n.sackOk(), n.timestamps(), new Timestamps(tsVal(now), n.tsRecent()),
                n.windowScaling(), n.rcvShift()));
    }

    /** The ECN bits of this side's SYN,ACK: ECE alone when ECN was negotiated (an ECN-setup SYN,ACK). */
    public static Set<EcnFlag> synAckEcn(Negotiated n) {
        return n.ecn() ? TreeSet.of(EcnFlag.ECE) : TreeSet.empty();
    }

    private static List<SegmentOption> layout(boolean sack, boolean ts, Timestamps stamp, boolean ws, int shift) {
        List<SegmentOption> o = List.empty();
        if (sack) {
            o = ts ? o.append(new SackPermitted()) : o.appendAll(List.of(new Nop(), new Nop(), new SackPermitted()));
        }
        if (ts) {
            o = sack ? o.append(stamp) : o.appendAll(List.of(new Nop(), new Nop(), stamp));
        }
        return ws ? o.appendAll(List.of(new Nop(), new WindowScale(shift))) : o;
    }

    /**
     * What is in use after the peer's {@code syn} (a SYN, or the SYN,ACK answering this side's SYN) arrives at
     * {@code now}, given what this side offers ({@code p}): each extension only if both offered it. For a SYN,ACK
     * this side's offer is its SYN's; for a SYN this side answers with exactly what is in use, so the result is also
     * what its SYN,ACK offers. Last.ACK.sent starts at SEG.SEQ + 1, the RCV.NXT this side acknowledges first.
     */
    public static Negotiated onSyn(Profile p, Segment syn, long now) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(syn, "syn is null");
        if (!syn.syn()) {
            throw new IllegalArgumentException("options are negotiated on a SYN only: " + syn);
        }
        TcpExtensions x = p.extensions();
        boolean ws = x.windowScale().isDefined() && syn.option(WindowScale.class).isDefined();
        int snd = ws ? Math.min(Negotiated.MAX_SHIFT, syn.option(WindowScale.class).get().shift()) : 0;
        int rcv = ws ? x.windowScale().get() : 0;
        boolean ts = x.timestamps() && syn.option(Timestamps.class).isDefined();
        long recent = ts ? syn.option(Timestamps.class).get().tsVal() : 0;
        boolean sack = x.sack() && syn.option(SackPermitted.class).isDefined();
        boolean ecn = syn.isAck()
                ? x.ecn().requests() && syn.has(EcnFlag.ECE) && !syn.has(EcnFlag.CWR)
                : x.ecn().answers() && syn.has(EcnFlag.ECE) && syn.has(EcnFlag.CWR);
        return new Negotiated(ws, snd, rcv, ts, recent, now, syn.seq().plus(1), sack, ecn);
    }
}
