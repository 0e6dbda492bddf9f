package io.github.tcpmodel.semantics;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Sack;
import io.github.tcpmodel.option.SegmentOption.SackBlock;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The options and the window field of the segments a step sends, in one place, applied once by each public entry
 * point of the semantics (SEGMENT ARRIVES, the user calls that send, the transmit rule, the timeouts) to the segments
 * the RFC 9293 rules formed:
 * <ul>
 *   <li>a SYN offers what the profile offers ({@link Negotiation#synOptions}, ECN setup, RFC 3168 §6.1.1);</li>
 *   <li>a SYN,ACK answers with what is in use ({@link Negotiation#synAckOptions}), keeping a Fast Open cookie;</li>
 *   <li>every other segment but a RST carries the Timestamps option when timestamps are in use (RFC 7323 §3.2:
 *       "the TSopt MUST be sent in every non-&lt;RST&gt; segment"), TSecr = TS.Recent; a SACK option while the receiver
 *       holds data beyond RCV.NXT and SACK is in use (RFC 2018 §4: "SHOULD be included in all ACKs which do not
 *       ACK the highest sequence number in the data receiver's queue"); and SEG.WND scaled
 *       ({@link WindowScaling#field}).</li>
 * </ul>
 * RFC7323-CHOICE: a RST carries no options (§3.2: the Timestamps option "SHOULD be sent in an &lt;RST&gt; segment"; the
 * peer's PAWS does not apply to a RST, §5.3 R1, so it would not protect anything). Last.ACK.sent follows SEG.ACK of
 * the last ACK sent (RFC 7323 §4.3). The retransmission queue keeps the segments as stamped; a retransmission is
 * stamped again when it is sent (a new TSval, RFC 7323 §3.2 and §4.1).
 */
final class OptionStamp {

    private OptionStamp() {
    }

    /** The step {@code step} taken from TCB {@code before} at {@code now}, its segments stamped. */
    static Either<String, Step> stamp(Profile p, Tcb before, long now, Either<String, Step> step) {
        return step.map(s -> stamp(p, before, now, s));
    }

    private static Step stamp(Profile p, Tcb before, long now, Step s) {
        if (s.sent().isEmpty()) {
            return s;
        }
        Tcb after = s.tcb();
        Tcb ctx = after.is(TcpState.CLOSED) ? before : after;
        List<Segment> out = s.sent().map(seg -> stamp(p, ctx, now, seg));
        Option<Segment> lastAck = out.filter(x -> x.isAck() && !x.rst()).lastOption();
        // The retransmission queue keeps a segment as it was sent.
        List<Segment> formed = s.sent();
        Tcb t = after.is(TcpState.CLOSED) || after.retransmission().isEmpty() ? after
                : after.withRetransmission(after.retransmission().map(q -> {
                    int i = formed.indexOf(q);
                    return i < 0 ? q : out.get(i);
                }));
        if (lastAck.isDefined() && !after.is(TcpState.CLOSED) && after.negotiated().timestamps()
                && !after.negotiated().lastAckSent().equals(lastAck.get().ack())) {
            t = t.withNegotiated(after.negotiated().withLastAckSent(lastAck.get().ack()));
        }
        return new Step(t, out, s.told(), s.delivered(), s.projection(), s.rule());
    }

    private static Segment stamp(Profile p, Tcb ctx, long now, Segment seg) {
        if (seg.rst()) {
            return seg;
        }
        Negotiated n = ctx.negotiated();
        if (seg.syn() && !seg.isAck()) {
            Segment s = seg.withOptions(Negotiation.synOptions(p, now));
            return s.withEcn(Negotiation.synEcn(p).toJavaArray(EcnFlag[]::new));
        }
        if (seg.syn()) {
            List<SegmentOption> kept = seg.options().filter(o -> o instanceof SegmentOption.FastOpen);
            Segment s = seg.withOptions(Negotiation.synAckOptions(p, n, now).appendAll(kept));
            return s.withEcn(Negotiation.synAckEcn(n).toJavaArray(EcnFlag[]::new));
        }
        if (!n.timestamps() && !n.sackOk() && !n.windowScaling()) {
            return seg;
        }
        List<SegmentOption> o = List.empty();
        if (n.timestamps()) {
            o = o.appendAll(List.of(new SegmentOption.Nop(), new SegmentOption.Nop(),
                    new Timestamps(Negotiation.tsVal(now), n.tsRecent())));
        }
        if (n.sackOk()) {
            int max = n.timestamps() ? SackRules.MAX_BLOCKS_WITH_TIMESTAMPS : SackRules.MAX_BLOCKS;
            List<SackBlock> blocks = SackRules.report(ctx, max);
            if (!blocks.isEmpty()) {
                o = o.appendAll(List.of(new SegmentOption.Nop(), new SegmentOption.Nop(), new Sack(blocks)));
            }
        }
        return new Segment(seg.seq(), seg.ack(), seg.controls(), WindowScaling.field(n, seg.window(), false),
                seg.urgent(), seg.dataLength(), seg.data(), o, seg.ecn());
    }
}
