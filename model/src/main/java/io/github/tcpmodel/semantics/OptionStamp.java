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

    /** NOP carries no value: one instance serves every stamp. */
    private static final SegmentOption NOP = new SegmentOption.Nop();

    /** The step {@code step} taken from TCB {@code before} at {@code now}, its segments stamped. */
    static Either<String, Step> stamp(Profile p, Tcb before, long now, Either<String, Step> step) {
        // Without Either.map: a step with nothing to stamp (most steps without options in use) keeps its Either,
        // and no closure is formed per step.
        if (step.isLeft()) {
            return step;
        }
        Step s = step.get();
        Step stamped = stamp(p, before, now, s);
        return stamped == s ? step : Either.right(stamped);
    }

    private static Step stamp(Profile p, Tcb before, long now, Step s) {
        if (s.sent().isEmpty()) {
            return s;
        }
        Tcb after = s.tcb();
        Tcb ctx = after.is(TcpState.CLOSED) ? before : after;
        List<Segment> formed = s.sent();
        List<Segment> out = stampAll(p, ctx, now, formed);
        if (out == formed) {
            // Nothing to stamp (no options in use, or only RSTs): the step is already as sent.
            return s;
        }
        Segment lastAck = null;
        boolean queued = false;
        for (List<Segment> l = out; !l.isEmpty(); l = l.tail()) {
            Segment x = l.head();
            if (x.isAck() && !x.rst()) {
                lastAck = x;
            }
            queued |= x.len() > 0;
        }
        // The retransmission queue keeps a segment as it was sent; only a segment that occupies sequence space is on
        // it.
        List<Segment> queue = after.is(TcpState.CLOSED) || after.retransmission().isEmpty() || !queued
                ? after.retransmission() : restamped(after.retransmission(), formed, out);
        Negotiated n = after.negotiated();
        if (lastAck != null && !after.is(TcpState.CLOSED) && n.timestamps() && !n.lastAckSent().equals(lastAck.ack())) {
            n = n.withLastAckSent(lastAck.ack());
        }
        // One TCB for both changes, not one per with-method: this runs for every segment sent with options in use.
        Tcb t = queue == after.retransmission() && n == after.negotiated() ? after
                : new Tcb(after.state(), after.snd(), after.rcv(), after.sendQueue(), after.closeQueued(), queue,
                        after.undelivered(), after.reassembly(), after.timers(), after.lastReceived(), after.retries(),
                        after.probes(), after.rto(), after.userTimeout(), after.remoteSpecified(), after.ackPending(),
                        after.orphaned(), n);
        return new Step(t, out, s.told(), s.delivered(), s.projection(), s.rule());
    }

    /** The segments {@code formed}, each stamped; {@code formed} itself when none changes. */
    private static List<Segment> stampAll(Profile p, Tcb ctx, long now, List<Segment> formed) {
        if (formed.tail().isEmpty()) {
            // One segment, the common step.
            Segment s = stamp(p, ctx, now, formed.head());
            return s == formed.head() ? formed : List.of(s);
        }
        java.util.ArrayList<Segment> out = new java.util.ArrayList<>(formed.size());
        boolean changed = false;
        for (List<Segment> l = formed; !l.isEmpty(); l = l.tail()) {
            Segment s = stamp(p, ctx, now, l.head());
            changed |= s != l.head();
            out.add(s);
        }
        return changed ? List.ofAll(out) : formed;
    }

    /**
     * The retransmission queue {@code queue} with each segment of {@code formed} replaced by its stamped form in
     * {@code out} (the first equal one of {@code formed}, as {@code List.indexOf} finds it). The part of the queue
     * after the last segment replaced is shared: the segments a step queues are at its end, and the queue of a
     * long transfer is not rebuilt for each of them.
     */
    private static List<Segment> restamped(List<Segment> queue, List<Segment> formed, List<Segment> out) {
        int last = -1;
        int i = 0;
        for (List<Segment> l = queue; !l.isEmpty(); l = l.tail(), i++) {
            int k = formed.indexOf(l.head());
            if (k >= 0 && out.get(k) != l.head()) {
                last = i;
            }
        }
        if (last < 0) {
            return queue;
        }
        java.util.ArrayList<Segment> front = new java.util.ArrayList<>(last + 1);
        List<Segment> rest = queue;
        for (int j = 0; j <= last; j++, rest = rest.tail()) {
            Segment q = rest.head();
            int k = formed.indexOf(q);
            front.add(k < 0 ? q : out.get(k));
        }
        for (int j = front.size() - 1; j >= 0; j--) {
            rest = rest.prepend(front.get(j));
        }
        return rest;
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
        if (n.sackOk()) {
            int max = n.timestamps() ? SackRules.MAX_BLOCKS_WITH_TIMESTAMPS : SackRules.MAX_BLOCKS;
            List<SackBlock> blocks = SackRules.report(ctx, max);
            if (!blocks.isEmpty()) {
                o = o.prepend(new Sack(blocks)).prepend(NOP).prepend(NOP);
            }
        }
        if (n.timestamps()) {
            // Built from the end, so that the common stamp (NOP, NOP, Timestamps) is three cells and one option.
            o = o.prepend(new Timestamps(Negotiation.tsVal(now), n.tsRecent())).prepend(NOP).prepend(NOP);
        }
        long window = WindowScaling.field(n, seg.window(), false);
        if (o.isEmpty() && window == seg.window() && seg.options().isEmpty()) {
            return seg;
        }
        return new Segment(seg.seq(), seg.ack(), seg.controls(), window, seg.urgent(), seg.dataLength(), seg.data(),
                o, seg.ecn());
    }
}
