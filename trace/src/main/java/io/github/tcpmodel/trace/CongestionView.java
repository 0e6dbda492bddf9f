package io.github.tcpmodel.trace;

import io.github.tcpmodel.conformance.CongestionCheck;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.semantics.WindowScaling;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;

/**
 * MUST-19 (RFC 9293 §3.8.2) on a capture: one endpoint's sending, followed in capture order through the comparison
 * core's {@link CongestionCheck}.
 *
 * <p>Capture order is what makes the check sound wherever the capture point lies on the path: everything the sender
 * knew when it sent a segment (the peer's ACKs and SACK blocks) passed the capture point before that segment did.
 * So every ACK captured before a segment is taken as having reached the sender (SND.UNA is the highest SEG.ACK
 * captured; the bound grows on each), which can only let more into flight than the sender had, never less.
 *
 * <p>What a capture cannot show is taken in the sender's favour:
 * <ul>
 *   <li>every reduction is undone at once ({@link CongestionCheck#undo}): a sender may find a retransmission spurious
 *       from D-SACK blocks or timestamps (RFC 3708, RFC 4015, RFC 5682) and restore its window, and Linux does; so
 *       the bound is the one of a transfer without loss, and the check catches an initial window too large and a
 *       window that grows faster than slow start allows;</li>
 *   <li>no retransmission is taken as a timeout's, and a retransmitted SYN does not shrink the initial window;</li>
 *   <li>any segment of new data may be a tail loss probe, which RFC 8985 §7.3 sends whatever cwnd says: one SMSS
 *       beyond the bound is allowed;</li>
 *   <li>a connection whose handshake the capture missed is not checked (the sender's SMSS is unknown).</li>
 * </ul>
 * A capture that misses ACKs (sampled, or taken on one direction only) leaves the bound behind the sender's; the
 * check is therefore a choice of the user ({@code --congestion}), not a default, and its violations are reported as
 * depending on the capture ({@link Violation.Certainty#TIMING}).
 */
final class CongestionView {

    private CongestionCheck check;
    /** The MSS the endpoint announced in its SYN or SYN,ACK (0: not captured). */
    private int ownMss;
    /** The highest SEG.ACK captured from the peer (null before any). */
    private SeqNum ackSeen;
    /** SND.UNA and SND.NXT by capture order, from the endpoint's first data on (null before). */
    private SeqNum una;
    private SeqNum nxt;
    /** The peer's last SEG.WND, scaled (-1: none yet). */
    private long peerWindow = -1;
    /** The end of the newest sequence space the endpoint was seen to send, SYN included (null before any). */
    private SeqNum sentTop;

    CongestionView(CongestionBounds.Rules rules) {
        this.check = CongestionCheck.start(rules);
    }

    /**
     * The endpoint sent {@code m} (captured as {@code w}); {@code t} is its TCB as the checker infers it after the
     * segment (for its state, ISS and what was negotiated). Returns the congestion violations (empty: allowed, or
     * not checked).
     */
    List<String> sent(Profile p, Tcb t, CapturedSegment w, Segment m) {
        if (m.rst()) {
            return List.empty();
        }
        SeqNum end = m.seq().plus(m.len());
        SeqNum top = sentTop;
        if (sentTop == null || end.gt(sentTop)) {
            sentTop = end;
        }
        if (m.syn()) {
            if (w.mss() > 0) {
                ownMss = w.mss();
            }
            return List.empty();
        }
        if (ownMss == 0 || !t.tcpState().isSynchronized()) {
            return List.empty();
        }
        if (una == null) {
            start(p, t, top, m);
        }
        Tcb before = view(t);
        CongestionCheck.Sent s = check.sent(before, m, true);
        check = s.next();
        if (check.bounds().isDefined() && check.bounds().get().recovery()) {
            check = check.undo();
        }
        if (end.gt(nxt)) {
            nxt = end;
        }
        return s.violations();
    }

    /**
     * The bound starts at the ACK of the SYN (SND.UNA = ISS + 1) with SND.NXT the end of what the endpoint was seen
     * to send before {@code m} ({@code top}); an ACK captured before the endpoint's TCB was synchronized (the
     * checker may not yet have taken its arrival) is then taken as arrived, so that the window grows by it.
     */
    private void start(Profile p, Tcb t, SeqNum top, Segment m) {
        una = t.snd().iss().plus(1);
        nxt = top != null && top.gt(una) ? top : una;
        Tcb synced = view(t);
        check = check.arrived(p.withMss(ownMss), synced, synced, m);
        if (ackSeen != null && ackSeen.gt(una)) {
            if (ackSeen.gt(nxt)) {
                nxt = ackSeen;
            }
            Tcb before = view(t);
            una = ackSeen;
            check = check.arrived(p.withMss(ownMss), before, view(t),
                    Segment.of(t.rcv().nxt()).withAck(ackSeen));
        }
    }

    /** The peer sent {@code m}; the endpoint's TCB, as the checker infers it, is {@code t}. */
    void peerSent(Profile p, Tcb t, Segment m) {
        if (!m.isAck() || m.rst()) {
            return;
        }
        long window = m.syn() ? m.window() : WindowScaling.sendWindow(t.negotiated(), m);
        if (ackSeen == null || m.ack().gt(ackSeen)) {
            ackSeen = m.ack();
        }
        if (una == null || check.bounds().isEmpty()) {
            peerWindow = window;
            return;
        }
        Tcb before = view(t);
        if (m.ack().gt(nxt)) {
            // The endpoint sent what the capture did not show: it is acknowledged all the same.
            nxt = m.ack();
        }
        if (m.ack().gt(una)) {
            una = m.ack();
        }
        peerWindow = window;
        check = check.arrived(p.withMss(ownMss), before, view(t), m);
        if (check.bounds().get().recovery()) {
            check = check.undo();
        }
    }

    /** The endpoint's TCB with SND.UNA, SND.NXT and SND.WND by capture order. */
    private Tcb view(Tcb t) {
        return t.withSnd(t.snd().withUna(una).withNxt(nxt)
                .withWindow(Math.max(0, peerWindow), t.snd().wl1(), t.snd().wl2()));
    }
}
