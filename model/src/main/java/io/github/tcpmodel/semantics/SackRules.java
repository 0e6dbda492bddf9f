package io.github.tcpmodel.semantics;

import io.github.tcpmodel.option.SegmentOption.Sack;
import io.github.tcpmodel.option.SegmentOption.SackBlock;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Selective acknowledgments (RFC 2018) and duplicate SACKs (RFC 2883), as pure functions: what a receiver holds and
 * may report, and what a sender may infer from the reports it received.
 *
 * <p>The receiver (RFC 2018 §3, §4):
 * <ul>
 *   <li>a block reports "a contiguous block of data that has been received and queued": it lies beyond RCV.NXT
 *       (data at RCV.NXT is acknowledged cumulatively) and within what the receiver holds, so within RCV.NXT +
 *       RCV.WND;</li>
 *   <li>"The first SACK block ... MUST specify the contiguous block of data containing the segment which triggered
 *       this ACK, unless that segment advanced the Acknowledgment Number field in the header";</li>
 *   <li>"the 40 bytes available for TCP options can specify a maximum of 4 blocks ... [with] the Timestamp option
 *       ... a maximum of 3 SACK blocks";</li>
 *   <li>the later blocks repeat the most recently reported ones, "not subsets of a SACK block already
 *       included".</li>
 * </ul>
 * A D-SACK (RFC 2883 §4) puts a duplicate first: "If the D-SACK block reports a duplicate contiguous sequence from a
 * (possibly larger) block of data in the receiver's data queue above the cumulative acknowledgement, then the second
 * SACK block in that SACK option should specify that (possibly larger) block of data"; the sender recognises it as a
 * first block below the cumulative acknowledgment or within the second block (§4).
 *
 * <p>The sender (RFC 2018 §5, §8; RFC 6675 §4): the scoreboard is the union of the blocks received above SND.UNA,
 * D-SACK blocks excluded. It is an inference only: the receiver may renege (§8: "the data sender ... MUST NOT discard
 * data before it is acknowledged by the Acknowledgment Number field"), so SACKed data stays on the retransmission
 * queue.
 */
public final class SackRules {

    private SackRules() {
    }

    /** The most blocks a SACK option holds (RFC 2018 §3). */
    public static final int MAX_BLOCKS = 4;

    /** The most blocks beside the Timestamps option (RFC 2018 §3). */
    public static final int MAX_BLOCKS_WITH_TIMESTAMPS = 3;

    /** RFC 6675 §2 DupThresh. */
    public static final int DUP_THRESH = 3;

    /** The contiguous blocks of sequence space the receiver holds beyond RCV.NXT, in sequence order. */
    public static List<SackBlock> held(Tcb t) {
        Objects.requireNonNull(t, "tcb is null");
        return merge(t.rcv().nxt(), t.reassembly().map(s -> new SackBlock(s.seq(), s.seq().plus(s.len()))));
    }

    /**
     * The blocks this side reports (RFC 2018 §4), its choice among those allowed: the block holding the most recently
     * held segment first, then the others by the recency of their latest segment, at most {@code max}.
     */
    public static List<SackBlock> report(Tcb t, int max) {
        if (t.reassembly().isEmpty()) {
            return List.empty();
        }
        List<SackBlock> blocks = held(t);
        List<SackBlock> out = List.empty();
        for (Segment s : t.reassembly().reverse()) {
            if (out.size() == max) {
                break;
            }
            Option<SackBlock> b = blocks.find(x -> x.contains(s.seq()));
            if (b.isDefined() && !out.contains(b.get())) {
                out = out.append(b.get());
            }
        }
        return out;
    }

    /**
     * Why a receiver with TCB {@code t} may not send the SACK option {@code sack}, having just received
     * {@code recent} (none: the ACK answers no segment, e.g. a window update); {@code timestamps}: whether the
     * Timestamps option goes with it. Empty when it may. The first block may be a D-SACK (RFC 2883 §4) of
     * {@code recent}, below RCV.NXT or within the second block.
     */
    public static List<String> violations(Tcb t, Option<Segment> recent, Sack sack, boolean timestamps) {
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(recent, "recent is null");
        List<SackBlock> blocks = sack.blocks();
        List<String> v = List.empty();
        int max = timestamps ? MAX_BLOCKS_WITH_TIMESTAMPS : MAX_BLOCKS;
        if (blocks.size() > max) {
            v = v.append("RFC 2018 §3: at most " + max + " blocks" + (timestamps ? " with timestamps" : "") + ", not "
                    + blocks.size());
        }
        if (blocks.isEmpty()) {
            return v.append("RFC 2018 §3: a SACK option carries at least one block");
        }
        ReceiveVars rcv = t.rcv();
        boolean dsack = isDsack(rcv.nxt(), blocks);
        if (dsack && !recent.exists(r -> r.len() > 0 && overlaps(blocks.head(), r))) {
            v = v.append("RFC 2883 §4: a D-SACK block reports the duplicate segment that triggered the ACK");
        }
        List<SackBlock> held = held(t);
        List<SackBlock> plain = dsack ? blocks.tail() : blocks;
        for (SackBlock b : plain) {
            if (b.length() == 0) {
                v = v.append("RFC 2018 §3: block " + b + " is empty");
            } else if (!rcv.nxt().lt(b.left()) || b.right().gt(rcv.nxt().plus(rcv.wnd()))) {
                v = v.append("RFC 2018 §3: block " + b + " is not within (RCV.NXT, RCV.NXT + RCV.WND]");
            } else if (!held.exists(h -> h.covers(b))) {
                v = v.append("RFC 2018 §3: block " + b + " reports data the receiver does not hold");
            }
        }
        for (int i = 1; i < plain.size(); i++) {
            SackBlock b = plain.get(i);
            if (plain.take(i).exists(a -> a.covers(b))) {
                v = v.append("RFC 2018 §4: block " + b + " is a subset of a block already included");
            }
        }
        // A segment beyond RCV.NXT was held; one at or before it advanced RCV.NXT or was a duplicate.
        boolean heldNow = recent.exists(r -> r.len() > 0 && r.seq().gt(rcv.nxt()));
        if (!dsack && heldNow && !plain.head().contains(recent.get().seq())) {
            v = v.append("RFC 2018 §4: the first block must contain the segment that triggered the ACK");
        }
        return v;
    }

    /**
     * Whether the first block of {@code blocks}, arriving on a segment with SEG.ACK = {@code ack}, is a D-SACK (RFC
     * 2883 §4): below the cumulative acknowledgment, or within the second block.
     */
    public static boolean isDsack(SeqNum ack, List<SackBlock> blocks) {
        if (blocks.isEmpty()) {
            return false;
        }
        SackBlock first = blocks.head();
        return first.left().lt(ack) || blocks.size() > 1 && blocks.get(1).covers(first);
    }

    /**
     * The scoreboard (RFC 6675 §3, RFC 2018 §5): what the sender may infer the receiver holds beyond {@code una}, from
     * the SACK options of the peer's {@code acks} in arrival order, D-SACK blocks left out; merged, in sequence order.
     */
    public static List<SackBlock> scoreboard(SeqNum una, List<Segment> acks) {
        Objects.requireNonNull(una, "una is null");
        List<SackBlock> all = List.empty();
        for (Segment a : acks) {
            Option<Sack> s = a.option(Sack.class);
            if (s.isDefined()) {
                List<SackBlock> b = s.get().blocks();
                all = all.appendAll(isDsack(a.ack(), b) ? b.tail() : b);
            }
        }
        return merge(una, all);
    }

    /**
     * RFC 6675 §4 IsLost(SeqNum): "true when either DupThresh discontiguous SACKed sequences have arrived above
     * 'SeqNum' or more than (DupThresh - 1) * SMSS bytes with sequence numbers greater than 'SeqNum' have been SACKed".
     * The scoreboard's blocks stand for the discontiguous SACKed sequences.
     */
    public static boolean isLost(List<SackBlock> scoreboard, SeqNum seq, int smss) {
        List<SackBlock> above = scoreboard.filter(b -> seq.lt(b.right()));
        long octets = above.map(b -> seq.lt(b.left()) ? b.length() : b.right().offsetFrom(seq) - 1).sum().longValue();
        return above.count(b -> seq.lt(b.left())) >= DUP_THRESH || octets > (long) (DUP_THRESH - 1) * smss;
    }

    private static boolean overlaps(SackBlock b, Segment s) {
        SeqNum end = s.seq().plus(s.len());
        return b.left().lt(end) && s.seq().lt(b.right());
    }

    /**
     * The union of {@code blocks}, clipped to start at {@code base}, merged where they touch, in sequence order; an
     * empty block, or one that ends at or before {@code base}, is left out (its clipped length is 0).
     */
    private static List<SackBlock> merge(SeqNum base, List<SackBlock> blocks) {
        List<SackBlock> sorted = blocks.map(b -> b.left().lt(base) ? new SackBlock(base, b.right()) : b)
                .filter(b -> b.length() > 0).sortBy(b -> b.left().offsetFrom(base));
        List<SackBlock> out = List.empty();
        for (SackBlock b : sorted) {
            if (!out.isEmpty() && !out.last().right().lt(b.left())) {
                SackBlock l = out.last();
                out = out.dropRight(1).append(new SackBlock(l.left(), l.right().max(b.right())));
            } else {
                out = out.append(b);
            }
        }
        return out;
    }
}
