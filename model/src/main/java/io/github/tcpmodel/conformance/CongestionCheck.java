package io.github.tcpmodel.conformance;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.semantics.WindowScaling;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Arrays;
import java.util.Objects;

/**
 * MUST-19 (RFC 9293 §3.8.2) for one connection's sender, as every driver that compares an implementation with the
 * model sees it: the segments the sender emits, the segments that arrive at it with the model's TCB before and after
 * each, and its retransmission timeouts. It turns them into the events of {@link CongestionBounds} (the bound starts
 * when the SYN is acknowledged; ACKs of new data grow it; duplicate ACKs count for Limited Transmit and inflate it in
 * recovery; octets newly SACKed grow it where the rules count them, {@link CongestionBounds#onSacked}; the sender's
 * fast retransmit is the loss; a timeout is the loss window) and checks each segment of new data against it. Immutable: each event returns a new check.
 *
 * <p><b>The flight.</b> Without SACK the flight is FlightSize, SND.NXT - SND.UNA after the segment (RFC 5681 §2).
 * With SACK a sender counts RFC 6675 §4's {@code pipe}, which leaves out SACKed octets and octets it deems lost
 * (RFC 6675 IsLost, or RFC 8985 §6.2: any octet sent before a segment since delivered, once the reordering window
 * has passed). The check takes the least {@code pipe} any of them can have, so that it never blames a conforming
 * sender: only the octets sent after the latest possibly delivered transmission and not SACKed, that is above the
 * highest SACKed octet and above SND.NXT as it stood at the last retransmission (a retransmission may have been
 * delivered, and RACK then deems everything sent before it lost). Retransmitted octets, which RFC 6675 counts once
 * more, are left out. In recovery this checks little, outside it exactly RFC 5681's FlightSize.
 *
 * <p>Not checked: the flight after a retransmission timeout until new data is acknowledged (FlightSize still counts
 * what the timer gave up on; {@link CongestionBounds#backedOff}); a tail loss probe of new data (RFC 8985 §7.3 sends
 * it whatever cwnd says) is checked like any new data.
 *
 * @param rules          the congestion bound's rules for this sender
 * @param bounds         the bound from the ACK of the SYN on; none before
 * @param synsSent       SYN or SYN,ACK segments the sender sent: more than one makes the initial window one segment
 *                       (RFC 5681 §3.1, RFC 6928 §2)
 * @param sacked         the octets above SND.UNA the peer reported SACKed (D-SACK blocks left out, RFC 2883)
 * @param timeoutRecover SND.NXT when the retransmission timer last expired, until SND.UNA reaches it
 * @param lastRetransmit SND.NXT when the sender last retransmitted, until SND.UNA reaches it
 */
public record CongestionCheck(CongestionBounds.Rules rules, Option<CongestionBounds> bounds, int synsSent,
                              Sacked sacked, Option<SeqNum> timeoutRecover, Option<SeqNum> lastRetransmit) {

    /** RFC 7323 §3.2: the Timestamps option takes 12 octets of every segment (with its two NOPs). */
    static final int TIMESTAMPS_OPTION = 12;

    public CongestionCheck {
        Objects.requireNonNull(rules, "rules is null");
        Objects.requireNonNull(bounds, "bounds is null");
        Objects.requireNonNull(sacked, "sacked is null");
        Objects.requireNonNull(timeoutRecover, "timeoutRecover is null");
        Objects.requireNonNull(lastRetransmit, "lastRetransmit is null");
    }

    /** The check for a new connection whose sender claims congestion control within {@code rules}. */
    public static CongestionCheck start(CongestionBounds.Rules rules) {
        return new CongestionCheck(rules, Option.none(), 0, Sacked.NONE, Option.none(), Option.none());
    }

    /** What {@link #sent} found: the check after the segment, and the violations (empty means allowed). */
    public record Sent(CongestionCheck next, List<String> violations, boolean checked) {
    }

    /**
     * Segment {@code seg} arrived at the sender and the model stepped its TCB from {@code before} to {@code after}
     * under profile {@code p}: the bound starts when the SYN is acknowledged, with SMSS the smaller of the peer's MSS
     * and the profile's, less the Timestamps option when in use (RFC 6691 §2); an ACK that moves SND.UNA lets it grow.
     * A duplicate ACK is RFC 6675 §2's with SACK (its SACK option reports octets not SACKed before; a D-SACK or a
     * repeated block does not count) and RFC 5681 §2's without. The loss itself is the sender's fast retransmit
     * ({@link #sent}), not the third duplicate ACK: a sender using RACK (RFC 8985 §6.2) waits out its reordering
     * window instead of DupThresh.
     */
    public CongestionCheck arrived(Profile p, Tcb before, Tcb after, Segment seg) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(before, "before is null");
        Objects.requireNonNull(after, "after is null");
        Objects.requireNonNull(seg, "segment is null");
        if (bounds.isEmpty()) {
            if (after.tcpState().isSynchronized() && after.snd().una().gt(after.snd().iss())) {
                int smss = Math.max(1, Math.min(after.snd().mss(), p.mss())
                        - (after.negotiated().timestamps() ? TIMESTAMPS_OPTION : 0));
                return withBounds(CongestionBounds.initial(rules, smss, after.snd().una(), synsSent > 1));
            }
            return this;
        }
        if (!seg.isAck() || seg.rst() || !before.tcpState().isSynchronized()) {
            return this;
        }
        SeqNum una = before.snd().una();
        SeqNum nxt = before.snd().nxt();
        Sacked s = sacked;
        long newlySacked = 0;
        Option<SegmentOption.Sack> sack = before.negotiated().sackOk()
                ? seg.option(SegmentOption.Sack.class) : Option.none();
        if (sack.isDefined()) {
            List<SegmentOption.SackBlock> blocks = sack.get().blocks();
            for (int i = 0; i < blocks.size(); i++) {
                SegmentOption.SackBlock b = blocks.get(i);
                // RFC 2883 §4: a first block below SEG.ACK, or within the second, reports a duplicate.
                boolean dsack = i == 0 && (b.left().lt(seg.ack())
                        || (blocks.size() > 1 && blocks.get(1).left().le(b.left())
                        && b.right().le(blocks.get(1).right())));
                if (!dsack && b.right().gt(seg.ack()) && b.right().le(nxt)) {
                    Sacked added = s.add(b.left().max(seg.ack()), b.right(), una);
                    newlySacked += added.octets(una) - s.octets(una);
                    s = added;
                }
            }
        }
        CongestionBounds b = bounds.get().onSacked(newlySacked);
        SeqNum acked = after.snd().una();
        if (acked.gt(una)) {
            return new CongestionCheck(rules, Option.some(b.onAck(acked, nxt, false)), synsSent, s.trim(acked),
                    timeoutRecover.filter(r -> acked.lt(r)), lastRetransmit.filter(r -> acked.lt(r)));
        }
        boolean outstanding = nxt.gt(una);
        boolean duplicate = before.negotiated().sackOk()
                ? outstanding && seg.ack().equals(una) && newlySacked > 0
                : outstanding && seg.ack().equals(una) && seg.dataLength() == 0 && !seg.syn() && !seg.fin()
                && WindowScaling.sendWindow(before.negotiated(), seg) == before.snd().wnd();
        boolean counted = duplicate && (b.recovery() || b.dupAcks() < CongestionBounds.DUP_THRESH - 1);
        return new CongestionCheck(rules, Option.some(b.onAck(una, nxt, counted)), synsSent, s, timeoutRecover,
                lastRetransmit);
    }

    /**
     * The sender emits {@code seg} while the model's TCB is {@code before} (SND.NXT not yet advanced by it). A SYN is
     * counted; a retransmission of data outside a timeout's recovery declares a loss unless it is a tail loss probe
     * (RFC 8985 §7.3: the last segment sent) or a window probe, and the bound takes RFC 5681 §3.2's step at DupThresh
     * with the recovery point SND.NXT - 1 (RFC 6582 §3.2, RFC 6675 §5); new data must leave at most the bound in
     * flight (see the class).
     */
    public Sent sent(Tcb before, Segment seg) {
        return sent(before, seg, false);
    }

    /**
     * As {@link #sent(Tcb, Segment)}; with {@code probe}, for a driver that cannot see the sender's probe timeout,
     * new data may exceed the bound by one SMSS: a tail loss probe (RFC 8985 §7.3) sends a new segment "if the
     * receive window allows", whatever cwnd says.
     */
    public Sent sent(Tcb before, Segment seg, boolean probe) {
        Objects.requireNonNull(before, "before is null");
        Objects.requireNonNull(seg, "segment is null");
        if (seg.syn()) {
            return unchecked(new CongestionCheck(rules, bounds, synsSent + 1, sacked, timeoutRecover,
                    lastRetransmit));
        }
        if (bounds.isEmpty() || seg.dataLength() == 0 || seg.rst() || !before.tcpState().isSynchronized()) {
            return unchecked(this);
        }
        SeqNum nxt = before.snd().nxt();
        if (seg.seq().lt(nxt)) {
            return unchecked(retransmitted(before, seg));
        }
        if (!seg.seq().equals(nxt) || bounds.get().backedOff()) {
            return unchecked(this);
        }
        long flight = flight(before.snd().una(), seg.seq().plus(seg.dataLength()), before.negotiated().sackOk());
        CongestionBounds b = bounds.get();
        boolean probed = probe && flight > b.limit() && flight <= b.limit() + b.smss();
        return new Sent(this, probed ? List.empty() : b.check(flight), true);
    }

    /**
     * The sender's retransmission timer expired with the model's TCB {@code before} (RFC 5681 §3.1, RFC 6298 §5.4):
     * the loss window, and ssthresh at most 0.7 of the FlightSize then (RFC 9438 §4.6, wider than RFC 5681's half),
     * also when an earlier timeout already backed the bound off: FlightSize still counts what the timer gave up on,
     * and the sender may reduce from it.
     */
    public CongestionCheck timedOut(Tcb before) {
        Objects.requireNonNull(before, "before is null");
        SeqNum una = before.snd().una();
        SeqNum nxt = before.snd().nxt();
        if (bounds.isEmpty() || !nxt.gt(una)) {
            return this;
        }
        CongestionBounds b = bounds.get().onTimeout(nxt);
        long floor = Math.max((7 * nxt.offsetFrom(una) + 9) / 10, 2L * b.smss());
        if (floor > b.ssthresh()) {
            b = new CongestionBounds(b.rules(), b.smss(), b.cwnd(), floor, b.una(), b.dupAcks(), b.recovery(),
                    b.recover(), b.backedOff(), b.prior());
        }
        return new CongestionCheck(rules, Option.some(b), synsSent, sacked, Option.some(nxt), lastRetransmit);
    }

    /**
     * The sender's last reduction is taken as found spurious and reversed ({@link CongestionBounds#undo}: RFC 4015
     * §3.2, RFC 5682 §3.1, as Linux undoes on D-SACK or timestamp evidence): for a driver that cannot tell whether a
     * sender had that evidence, undoing every reduction keeps the check from blaming it.
     */
    public CongestionCheck undo() {
        return bounds.isEmpty() ? this : withBounds(bounds.get().undo());
    }

    /**
     * The least flight a conforming sender can count once new data up to {@code end} is sent with SND.UNA at
     * {@code una}: without SACK, FlightSize; with it ({@code sack}), the octets above the latest possibly delivered
     * transmission (SND.UNA, the highest SACKed octet, SND.NXT at the last retransmission) that are not SACKed (see
     * the class; RACK, which deems lost what was sent before a delivered segment, works from SACK information,
     * RFC 8985).
     */
    long flight(SeqNum una, SeqNum end, boolean sack) {
        if (!sack) {
            return end.offsetFrom(una);
        }
        SeqNum from = una;
        Option<SeqNum> highest = sacked.highest();
        if (highest.isDefined() && highest.get().gt(from)) {
            from = highest.get();
        }
        if (lastRetransmit.isDefined() && lastRetransmit.get().gt(from)) {
            from = lastRetransmit.get();
        }
        // From the highest SACKed octet on nothing is SACKed: every octet counts.
        return end.offsetFrom(from);
    }

    private CongestionCheck retransmitted(Tcb tcb, Segment seg) {
        SeqNum nxt = tcb.snd().nxt();
        Option<SeqNum> marked = Option.some(nxt);
        CongestionBounds b = bounds.get();
        boolean tailProbe = seg.seq().plus(seg.dataLength()).equals(nxt) || seg.seq().plus(seg.len()).equals(nxt);
        if (b.recovery() || timeoutRecover.isDefined() || tailProbe || tcb.snd().wnd() == 0
                || !b.una().equals(tcb.snd().una())) {
            return new CongestionCheck(rules, bounds, synsSent, sacked, timeoutRecover, marked);
        }
        // The bound sets RFC 6582's recover to SND.NXT - 1, "the highest sequence number transmitted", so that an ACK
        // of SND.NXT is the full acknowledgment that ends the recovery (RFC 6675 §5 (A): "greater than
        // RecoveryPoint"); its reduction allows 0.7 of the FlightSize SND.NXT - SND.UNA (RFC 9438 §4.6).
        for (int i = 0; i < CongestionBounds.DUP_THRESH && !b.recovery(); i++) {
            b = b.onAck(tcb.snd().una(), nxt, true);
        }
        return new CongestionCheck(rules, Option.some(b), synsSent, sacked, timeoutRecover, marked);
    }

    private CongestionCheck withBounds(CongestionBounds b) {
        return new CongestionCheck(rules, Option.some(b), synsSent, sacked, timeoutRecover, lastRetransmit);
    }

    private static Sent unchecked(CongestionCheck next) {
        return new Sent(next, List.empty(), false);
    }

    /**
     * The octets above SND.UNA a data receiver has reported in SACK blocks (RFC 2018 §3): sorted, disjoint, not
     * touching ranges of sequence numbers, each {@code [left, right)}, compared modulo 2^32 from SND.UNA. Immutable;
     * the arrays are never changed after construction.
     */
    public static final class Sacked {

        /** No SACKed octets. */
        public static final Sacked NONE = new Sacked(new long[0], new long[0]);

        private final long[] left;
        private final long[] right;

        private Sacked(long[] left, long[] right) {
            this.left = left;
            this.right = right;
        }

        /** Whether no SACKed octets are outstanding. */
        public boolean isEmpty() {
            return left.length == 0;
        }

        /** The ranges, in sequence order. */
        public List<SegmentOption.SackBlock> ranges() {
            List<SegmentOption.SackBlock> out = List.empty();
            for (int i = left.length - 1; i >= 0; i--) {
                out = out.prepend(new SegmentOption.SackBlock(SeqNum.of(left[i]), SeqNum.of(right[i])));
            }
            return out;
        }

        /** The right edge of the highest range; none when empty. */
        Option<SeqNum> highest() {
            return isEmpty() ? Option.none() : Option.some(SeqNum.of(right[right.length - 1]));
        }

        /** The SACKed octets, with SND.UNA = {@code una} (every range lies above it). */
        long octets(SeqNum una) {
            long n = 0;
            for (int i = 0; i < left.length; i++) {
                n += SeqNum.of(right[i]).offsetFrom(una) - SeqNum.of(left[i]).offsetFrom(una);
            }
            return n;
        }

        /** With the block [{@code l}, {@code r}) added, SND.UNA being {@code una} (the block lies above it). */
        Sacked add(SeqNum l, SeqNum r, SeqNum una) {
            long lo = l.offsetFrom(una);
            long hi = r.offsetFrom(una);
            if (hi <= lo) {
                return this;
            }
            int n = left.length;
            long[] nl = new long[n + 1];
            long[] nr = new long[n + 1];
            int w = 0;
            boolean placed = false;
            for (int i = 0; i < n; i++) {
                long a = SeqNum.of(left[i]).offsetFrom(una);
                long b = SeqNum.of(right[i]).offsetFrom(una);
                if (b < lo) {
                    nl[w] = a;
                    nr[w++] = b;
                } else if (a > hi) {
                    if (!placed) {
                        nl[w] = lo;
                        nr[w++] = hi;
                        placed = true;
                    }
                    nl[w] = a;
                    nr[w++] = b;
                } else {
                    // Overlapping or touching: merged into the new range.
                    lo = Math.min(lo, a);
                    hi = Math.max(hi, b);
                }
            }
            if (!placed) {
                nl[w] = lo;
                nr[w++] = hi;
            }
            long[] outL = new long[w];
            long[] outR = new long[w];
            for (int i = 0; i < w; i++) {
                outL[i] = una.plus(nl[i]).value();
                outR[i] = una.plus(nr[i]).value();
            }
            return new Sacked(outL, outR);
        }

        /** SND.UNA moved to {@code una}: what it covers is acknowledged and leaves. */
        Sacked trim(SeqNum una) {
            int w = 0;
            long[] nl = new long[left.length];
            long[] nr = new long[left.length];
            for (int i = 0; i < left.length; i++) {
                SeqNum r = SeqNum.of(right[i]);
                if (!r.gt(una)) {
                    continue;
                }
                SeqNum l = SeqNum.of(left[i]);
                nl[w] = l.lt(una) ? una.value() : left[i];
                nr[w++] = right[i];
            }
            return w == left.length && (w == 0 || nl[0] == left[0]) ? this
                    : w == 0 ? NONE : new Sacked(Arrays.copyOf(nl, w), Arrays.copyOf(nr, w));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sacked s && Arrays.equals(left, s.left) && Arrays.equals(right, s.right);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(left) + Arrays.hashCode(right);
        }

        @Override
        public String toString() {
            return ranges().mkString("Sacked(", ", ", ")");
        }
    }
}
