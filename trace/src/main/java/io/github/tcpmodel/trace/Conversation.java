package io.github.tcpmodel.trace;

import io.github.tcpmodel.conformance.Adoption;
import io.github.tcpmodel.conformance.Allowance;
import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.MssRules;
import io.github.tcpmodel.semantics.Paws;
import io.github.tcpmodel.semantics.SackRules;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.Timeouts;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.semantics.WindowScaling;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayList;

/**
 * One connection replayed through the model for both endpoints.
 *
 * <p>The capture is taken somewhere between the endpoints, so a segment seen arrives a little later, and a segment
 * may have left its sender a while before it was seen. A segment is held in flight until its receiver's next segment
 * shows whether it had arrived (that segment's SEG.ACK or SACK blocks cover it) or not (the two crossed, as in a
 * simultaneous close), or, for a receiver that stays silent, until the capture point's bound for it has passed
 * ({@link CapturePoint}: the round trips seen from the capture point to that endpoint). A segment the sender's
 * TCB does not allow is judged against its TCB before the arrivals taken within that bound; arrivals inferred from
 * time are undone when the receiver's next segment contradicts them. What the wire does not show is inferred: the
 * user calls
 * behind a segment (a SYN from CLOSED is an active OPEN, new data a SEND, a FIN a CLOSE, a RST out of the blue an
 * ABORT), the ISS of a passive endpoint (from its SYN,ACK: until then, its SYN waits), and expiring timers (from
 * the timestamps). Where RFC 9293 leaves a choice (ISN, segment sizes, when to ACK, the window, retransmission
 * timing), the observed choice is taken as input ({@link Adoption}); {@link Conformance#violations} then says
 * whether a conforming TCP
 * could have sent the segment.
 */
final class Conversation {

    private static final long MS = 1_000_000L;
    private static final long UNKNOWN_WINDOW = Segment.MAX_WINDOW;
    private static final int UNKNOWN_MSS = 0xFFFF;
    private static final int INFLIGHT_LIMIT = 4_096;
    private static final int QUEUE_LIMIT = 64;

    final int id;
    private final Profile p;
    private final Limits limits;
    private final long addr0High;
    private final long addr0Low;
    private final int port0;
    final EndpointView[] side = new EndpointView[2];
    private final ArrayList<SegmentRow> rows = new ArrayList<>();
    private final ArrayList<Violation> violations = new ArrayList<>();
    long segmentCount;
    long violationCount;
    /** Set once the checker has closed this connection out and taken its report. */
    boolean closedOut;
    /** Segments with more payload than the sender's MSS (offload at the capturing host), and the largest. */
    long superSegments;
    long largestSuperSegment;
    /** Places where the capture misses segments that later ones prove were sent. */
    long captureLoss;
    /** Recently seen segments, to merge a segment captured twice: a signature and a time per slot. */
    private final long[] recentSignature = new long[4];
    private final long[] recentTime = new long[4];
    private int recentNext;
    /** What the profile's timers make of each endpoint after the connection's last frame. */
    private final List<StateEntry>[] projected = newProjection();
    private long lastFrame;
    private long lastTime;
    private long synTime = -1;
    private boolean lost;
    /** The capture missed this incarnation's opening: its first segment says so. */
    private boolean unseenOpen;
    private PendingLoss pendingLoss;
    /** Where the capture point sits: how long a segment to each endpoint may be in flight, or cross its answer. */
    private final CapturePoint capture = new CapturePoint();
    /** The most earlier TCBs kept per endpoint (those older than the capture point's bound are dropped first). */
    private static final int PAST_LIMIT = 2_048;
    /** The most segments in flight in a row that an arriving segment is found not to cover before the scan stops. */
    private static final int SCAN_LIMIT = 256;
    /** The most earlier TCBs looked at, and asked the model about, for one segment. */
    private static final int PAST_SCAN = 512;
    private static final int JUDGE_LIMIT = 16;
    private final StringBuilder note = new StringBuilder();
    /**
     * Whether the notes of the segment being replayed are shown (its connection is listed and still keeps rows): the
     * text of a note is built only then.
     */
    private boolean noting;
    /**
     * Whether the TSval of the segment being replayed dates it (RFC 7323 §3): its sender's clock read the same or a
     * later value in segments seen before, so it was sent within the span {@link EndpointView#sentFrom}, {@link
     * EndpointView#sentBy}.
     */
    private boolean late;
    /** Whether its TSval is older than its sender's newest: sent before segments its sender sent since. */
    private boolean dated;
    /**
     * The highest SEG.ACK its sender sent in segments whose TSval is before this one's (-1: none): it was sent after
     * them, and RCV.NXT never moves back, so no earlier TCB with a lower RCV.NXT can have sent it.
     */
    private long ackFloor;

    /** Each endpoint's congestion view, by side (null: no congestion check). */
    private CongestionView[] congestion;

    Conversation(int id, Profile p, Limits limits, CapturedSegment first) {
        this.id = id;
        this.p = p;
        this.limits = limits;
        this.addr0High = first.srcHigh();
        this.addr0Low = first.srcLow();
        this.port0 = first.srcPort();
        side[0] = new EndpointView(first.ip().source());
        side[1] = new EndpointView(first.ip().destination());
    }

    /** Holds each endpoint's sending to the congestion bound of {@code rules} (MUST-19, {@link CongestionView}). */
    void holdToCongestionBound(CongestionBounds.Rules rules) {
        congestion = new CongestionView[] {new CongestionView(rules), new CongestionView(rules)};
    }

    /**
     * Replays segment {@code w} of frame {@code frame}, captured at {@code time} (ns). Should the model reject
     * what the checker hands it (a checker bug), the connection is reported as not followed from that frame on,
     * rather than the whole run failing.
     */
    void replay(CapturedSegment w, long frame, long time) {
        if (lost) {
            segmentCount++;
            return;
        }
        try {
            segment(w, frame, time);
        } catch (RuntimeException e) {
            lost = true;
            report(side[w.from(addr0High, addr0Low, port0) ? 0 : 1], frame,
                    List.of("the checker could not follow this connection from here on (" + e
                            + "); its later segments are not checked"));
        }
    }

    private void segment(CapturedSegment w, long frame, long time) {
        int from = w.from(addr0High, addr0Low, port0) ? 0 : 1;
        EndpointView a = side[from];
        segmentCount++;
        note.setLength(0);
        noting = id <= limits.connections() && rows.size() < limits.rows();
        advance(time);
        lastFrame = frame;
        lastTime = time;
        Segment m = w.toModel(shift(from, w));
        late = w.options().hasTimestamps() && a.clock(w.options().tsVal(), time);
        if (w.options().hasTimestamps() && w.has(CapturedSegment.ACK) && !late) {
            a.acked(w.options().tsVal(), w.ack());
        }
        ackFloor = w.options().hasTimestamps() && w.has(CapturedSegment.ACK) ? a.ackFloor(w.options().tsVal()) : -1;
        boolean repeats = !a.fresh && a.tcb.tcpState().isSynchronized() && w.len() > 0
                && SeqNum.of(w.seq()).lt(a.tcb.snd().nxt());
        // Segments to the sender that its SEG.ACK or SACK blocks cover had arrived before it sent this one.
        // A segment its TSval dates before segments its sender sent since (held before the capture point) tells
        // nothing of what arrived at its sender after those: it undoes no arrival.
        dated = late && a.olderClock;
        if (!dated) {
            undoAssumed(from, w);
        }
        deliverCovered(from, w, frame, time);
        sackedBeyond(from, w);
        if (!dated) {
            undoLostAck(from, w, time);
        }
        settleLoss(from, w);
        emit(from, w, m, frame, time);
        if (congestion != null) {
            // After the arrivals this segment proves: the sender's TCB is then synchronized where it can be.
            congested(from, w, m, frame);
        }
        a.tcb = bounded(a.tcb);
        if (a.tcb.tcpState().isSynchronized()) {
            a.usedIss = a.tcb.snd().iss();
            a.usedNxt = a.tcb.snd().nxt();
        }
        if (unseenOpen) {
            unseenOpen = false;
            note("capture loss: a new incarnation of the 4-tuple, its SYN and SYN,ACK not in the capture");
        }
        a.beforeAck = null;
        EndpointView b = side[1 - from];
        b.inbound.add(new EndpointView.InFlight(w, m, frame, time, repeats));
        if (b.inbound.size() > INFLIGHT_LIMIT) {
            EndpointView.InFlight x = b.inbound.poll();
            deliver(1 - from, x, Option.none());
        }
        // Only the connections the report lists show their segments.
        if (id <= limits.connections() && rows.size() < limits.rows()) {
            rows.add(new SegmentRow(frame, time, from, w.flagText(), w.seq(), w.has(CapturedSegment.ACK) ? w.ack() : 0,
                    w.payloadLength(), w.window(), side[0].tcb.tcpState(), side[1].tcb.tcpState(),
                    note.toString()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<StateEntry>[] newProjection() {
        return new List[] {List.empty(), List.empty()};
    }

    /**
     * Everything in flight arrives, and the timers due by {@code time} expire: the end of the capture. With {@code
     * project}, what every timer of the profile makes of each endpoint afterwards, if nothing more arrives, is
     * worked out too (see {@link #report()}).
     */
    void finish(long time, boolean project) {
        if (lost) {
            return;
        }
        note.setLength(0);
        noting = false;
        for (int i = 0; i < 2; i++) {
            while (!side[i].inbound.isEmpty()) {
                EndpointView.InFlight x = side[i].inbound.poll();
                deliver(i, x, Option.none());
            }
        }
        long end = Math.max(time, lastTime);
        expireTimers(end);
        if (pendingLoss != null && side[pendingLoss.dataSender()].lastSentFrame == 0) {
            // The capture shows nothing its data sender sent (one direction only): nothing can refute the octets
            // the ACK covers, and nothing could show them. They stay the capture's loss (counted when presumed).
            pendingLoss = null;
        }
        commitLoss();
        if (project) {
            for (int i = 0; i < 2; i++) {
                projected[i] = side[i].fresh ? List.empty() : project(side[i].tcb, end);
            }
        }
    }

    /**
     * The states a TCB enters if nothing more arrives and its user makes no call: each armed timer (RFC 9293 §3.8,
     * §3.10.8, and the profile's own) expires at its deadline, earliest first, until it is CLOSED or no timer is
     * armed. Bounded: a timer that re-arms forever (keep-alive probes answered by no one) stops after
     * {@value #PROJECTION_STEPS} expiries.
     */
    private List<StateEntry> project(Tcb start, long fromNanos) {
        Tcb t = start;
        long from = fromNanos / MS;
        List<StateEntry> out = List.empty();
        for (int k = 0; k < PROJECTION_STEPS && !t.is(TcpState.CLOSED); k++) {
            Timer next = null;
            long due = Long.MAX_VALUE;
            for (Timer timer : Timer.values()) {
                Option<Long> d = t.deadline(timer);
                if (d.isDefined() && d.get() < due) {
                    due = d.get();
                    next = timer;
                }
            }
            if (next == null) {
                break;
            }
            long at = Math.max(due, from);
            Either<String, Step> r = Timeouts.expire(p, t, next, at, Choices.reference());
            if (r.isLeft()) {
                break;
            }
            TcpState before = t.tcpState();
            t = r.get().tcb();
            if (t.tcpState() != before) {
                out = out.append(new StateEntry(t.tcpState(), lastFrame, at * MS, timerName(next) + " timeout"));
            }
        }
        return out;
    }

    private static final int PROJECTION_STEPS = 256;

    private static String timerName(Timer t) {
        return switch (t) {
            case RETRANSMISSION -> "retransmission";
            case TIME_WAIT -> "TIME-WAIT";
            case USER -> "user";
            case KEEPALIVE -> "keep-alive";
            case FIN_WAIT_2 -> "FIN-WAIT-2";
        };
    }

    /**
     * Whether {@code w} is the second copy of a segment this connection has just seen: the same header (and IPv4
     * Identification) within {@code windowNanos}. A TCP that retransmits changes the IPv4 Identification (Linux
     * counts it per segment) or the TSval, and waits at least a retransmission timeout; a capture on several
     * interfaces at once sees a forwarded segment twice within microseconds.
     */
    boolean duplicate(CapturedSegment w, long time, long windowNanos) {
        long sig = signature(w);
        for (int k = 0; k < recentSignature.length; k++) {
            if (recentSignature[k] == sig && recentTime[k] != 0 && Math.abs(time - recentTime[k]) <= windowNanos) {
                return true;
            }
        }
        recentSignature[recentNext] = sig;
        recentTime[recentNext] = time == 0 ? 1 : time;
        recentNext = (recentNext + 1) % recentSignature.length;
        return false;
    }

    private static long signature(CapturedSegment w) {
        long h = w.seq() * 0x9E3779B97F4A7C15L;
        h = (h ^ w.ack()) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ ((long) w.ip().flags() << 48 | (long) w.window() << 32 | w.payloadLength())) * 0x165667B19E3779F9L;
        h = (h ^ ((long) w.srcPort() << 32 | (w.ip().ipId() & 0xFFFFFFFFL))) * 0x9E3779B97F4A7C15L;
        h ^= java.util.Arrays.hashCode(w.options().raw());
        return h ^ (h >>> 29);
    }

    /**
     * Whether {@code w}, a SYN without ACK, starts a new incarnation of this 4-tuple (RFC 9293 §3.4: a new
     * connection on the same socket pair after the old one ended): its sender had closed the connection (CLOSED,
     * or TIME-WAIT, which Linux lets a new SYN reopen), and the SYN is not a retransmission of the sender's own; or
     * its FIN was sent and the SYN comes from another sequence space than the one it used here (the end of this
     * connection is then counted as capture loss); or a segment without SYN shows a new incarnation whose opening the
     * capture missed ({@link #missedOpen}).
     */
    boolean startsNewIncarnation(CapturedSegment w) {
        if (w.has(CapturedSegment.RST) || lost) {
            return false;
        }
        int from = w.from(addr0High, addr0Low, port0) ? 0 : 1;
        EndpointView a = side[from];
        if (a.fresh) {
            return false;
        }
        if (!w.has(CapturedSegment.SYN)) {
            return missedOpen(a, side[1 - from], w);
        }
        if (w.has(CapturedSegment.ACK)) {
            return false;
        }
        TcpState s = a.tcb.tcpState();
        boolean ended = s == TcpState.CLOSED || s == TcpState.TIME_WAIT;
        if (ended) {
            return !SeqNum.of(w.seq()).equals(a.tcb.snd().iss());
        }
        // Its FIN was sent (the application closed) and the rest of the close is not in the capture: a SYN from
        // a sequence space other than the one it used (ISS to SND.NXT) opens a new connection. A TCP that sends a
        // SYN in the old connection sends it from there (a retransmitted SYN at ISS) and is still reported.
        boolean finSent = switch (s) {
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK -> true;
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, TIME_WAIT -> false;
        };
        if (finSent && a.usedIss != null) {
            SeqNum seq = SeqNum.of(w.seq());
            if (seq.lt(a.usedIss) || seq.gt(a.usedNxt)) {
                // The end of this connection is the capture's loss.
                captureLoss++;
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code w}, a segment without SYN or RST from endpoint {@code a}, belongs to a new incarnation of the
     * 4-tuple whose SYN and SYN,ACK the capture missed (tcpdump drops frames under load): both endpoints are CLOSED or
     * in TIME-WAIT, and SEG.SEQ lies outside the sequence space the sender used in this connection, ISS to SND.NXT.
     * CLOSED sends nothing but resets (RFC 9293 §3.10.7.1) and TIME-WAIT nothing but the ACK of a retransmitted FIN
     * at SND.NXT (§3.10.7.4), so such a segment is not of this connection; a TCP that went on sending after its
     * connection closed would send from SND.NXT, within that space, and is still reported. (Linux reuses a 4-tuple
     * in TIME-WAIT with an ISS 65,537 past the old SND.NXT, tcp_twsk_unique.)
     */
    private static boolean missedOpen(EndpointView a, EndpointView b, CapturedSegment w) {
        if (!closedOrTimeWait(a) || !closedOrTimeWait(b) || a.usedIss == null) {
            return false;
        }
        SeqNum seq = SeqNum.of(w.seq());
        return seq.lt(a.usedIss) || seq.gt(a.usedNxt);
    }

    private static boolean closedOrTimeWait(EndpointView e) {
        return !e.fresh && (e.tcb.is(TcpState.CLOSED) || e.tcb.is(TcpState.TIME_WAIT));
    }

    /**
     * This connection is a new incarnation whose opening the capture does not show (see {@link #missedOpen}): counted
     * as capture loss, and noted on its first segment.
     */
    void openedUnseen() {
        captureLoss++;
        unseenOpen = true;
    }

    /**
     * The capture time (ns) after which this connection may be over by its timers alone, or -1: an endpoint is in
     * TIME-WAIT (RFC 9293 §3.10.8: 2 MSL, or the profile's fixed length), so once the capture's clock passes the
     * timer's deadline and what is in flight has crossed, both endpoints may be CLOSED (see {@link #settle}).
     */
    long releaseAt() {
        if (lost) {
            return -1;
        }
        long at = -1;
        for (EndpointView s : side) {
            if (s.fresh) {
                return -1;
            }
            Option<Long> due = s.tcb.is(TcpState.TIME_WAIT) ? s.tcb.deadline(Timer.TIME_WAIT) : Option.none();
            if (due.isDefined()) {
                at = Math.max(at, due.get() * MS);
            }
        }
        return at < 0 ? -1 : Math.max(at, lastTime + capture.bound()) + 1;
    }

    /**
     * Advances this connection to capture time {@code time} with no segment of its own: what has crossed arrives
     * and the timers due expire. Returns whether it is then {@link #over()}.
     */
    boolean settle(long time) {
        if (lost) {
            return false;
        }
        note.setLength(0);
        noting = false;
        try {
            advance(time);
        } catch (RuntimeException e) {
            return false;
        }
        return over();
    }

    /**
     * Drops the earlier TCBs that no later segment can be judged against: those the next arrival would drop (see
     * {@link #deliver}), with capture time {@code time}, which every later segment is at or after, in place of that
     * arrival's. A connection that has gone quiet (in TIME-WAIT for a minute, say) then keeps no more than it needs.
     */
    void compact(long time) {
        for (int i = 0; i < 2; i++) {
            EndpointView b = side[i];
            long keepFrom = Math.min(time - capture.bound(i) - 2 * b.lateBy, b.clockSince() - capture.bound(i));
            while (!b.past.isEmpty() && !b.past.peek().assumed() && b.past.peek().timeNanos() < keepFrom) {
                b.past.poll();
            }
        }
    }

    /** Whether both endpoints are known and closed with nothing in flight: a new SYN starts a new connection. */
    boolean over() {
        for (EndpointView s : side) {
            if (s.fresh || !s.tcb.is(TcpState.CLOSED) || !s.inbound.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    ConnectionReport report() {
        List<EndpointReport> eps = List.of(0, 1).map(i -> new EndpointReport(side[i].address,
                List.ofAll(side[i].states), side[i].tcb.tcpState(), projected[i]));
        return new ConnectionReport(id, eps, List.ofAll(violations), List.ofAll(rows), segmentCount,
                violationCount);
    }

    // ------------------------------------------------------------------ time

    /**
     * What the passage of time shows: a segment to an endpoint that has stayed silent arrives once the capture
     * point's bound for that endpoint has passed ({@link CapturePoint#bound}). A segment with sequence space whose
     * receiver has spoken since that bound passed, without acknowledging it, did not arrive (it was lost after the
     * capture point, or waits above a hole): it stays in flight until a later segment covers it or the capture ends.
     */
    private void advance(long time) {
        for (int i = 0; i < 2; i++) {
            EndpointView s = side[i];
            long bound = capture.bound(i);
            while (!s.inbound.isEmpty() && s.inbound.peek().timeNanos() + bound < time
                    && !awaitsAnswer(s, s.inbound.peek().wire())
                    && (s.inbound.peek().wire().len() == 0 || s.lastSentTime <= s.inbound.peek().timeNanos() + bound)
                    && !aboveHole(s, s.inbound.peek().wire())) {
                EndpointView.InFlight x = s.inbound.poll();
                deliver(i, x, Option.none());
            }
        }
        expireTimers(time);
    }

    /**
     * Whether {@code w}, in flight to {@code s}, starts beyond its RCV.NXT: only a SACK block or, once the hole is
     * filled, a cumulative ACK can show that the receiver holds it (RFC 9293 §3.10.7.4 seventh leaves keeping such
     * segments to the receiver, a SHOULD), so time alone does not deliver it.
     */
    private static boolean aboveHole(EndpointView s, CapturedSegment w) {
        return w.len() > 0 && !w.has(CapturedSegment.SYN) && !w.has(CapturedSegment.RST) && !s.fresh
                && s.tcb.tcpState().isSynchronized() && SeqNum.of(w.seq()).gt(s.tcb.rcv().nxt());
    }

    /**
     * Whether {@code w}, in flight to {@code s}, is a SYN to an endpoint in CLOSED: whether it met CLOSED, LISTEN or
     * (once the endpoint sends its own SYN) SYN-SENT shows only in the endpoint's next segment, however late that is
     * (a peer's SYN held in a queue before the capture point crosses this one long after it was seen).
     */
    private static boolean awaitsAnswer(EndpointView s, CapturedSegment w) {
        return w.has(CapturedSegment.SYN) && !w.has(CapturedSegment.ACK) && !w.has(CapturedSegment.RST)
                && s.tcb.is(TcpState.CLOSED);
    }

    /**
     * The timers whose expiry the timestamps prove: TIME-WAIT (RFC 9293 §3.10.8, 2 MSL or the profile's fixed
     * length) and a profile's FIN-WAIT-2 timer. Retransmission and keep-alive timers show themselves by the
     * segment they send.
     */
    private static final Timer[] PROVEN_TIMERS = {Timer.TIME_WAIT, Timer.FIN_WAIT_2};

    private void expireTimers(long time) {
        long nowMs = time / MS;
        for (int i = 0; i < 2; i++) {
            EndpointView s = side[i];
            // The model runs the TIME-WAIT timer in TIME-WAIT alone and the FIN-WAIT-2 timer in FIN-WAIT-2 alone
            // (its Timers.normalize): in any other state neither is armed.
            TcpState st = s.tcb.tcpState();
            if (st != TcpState.TIME_WAIT && st != TcpState.FIN_WAIT_2) {
                continue;
            }
            for (Timer timer : PROVEN_TIMERS) {
                Option<Long> due = s.tcb.deadline(timer);
                if (due.isDefined() && due.get() <= nowMs) {
                    Either<String, Step> r = Timeouts.expire(p, s.tcb, timer, due.get(), Choices.reference());
                    if (r.isRight()) {
                        s.tcb = r.get().tcb();
                        record(i, lastFrame, due.get() * MS,
                                (timer == Timer.TIME_WAIT ? "TIME-WAIT" : "FIN-WAIT-2") + " timeout");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ arrival

    /**
     * The segments to {@code y}'s sender that {@code y} shows had arrived before it was sent, delivered in the order
     * they were sent: what its SEG.ACK covers, what its SACK blocks report held above a hole (RFC 2018 §3: "a
     * contiguous block of data that has been received and queued"), and segments without sequence space. Data that
     * neither covers stays in flight (not arrived yet, or lost after the capture point), and the segments behind it
     * are looked at all the same: a hole does not hold back what the receiver reports holding above it. A D-SACK
     * block (RFC 2883 §4) or a TSecr older than the retransmission it acknowledges (RFC 7323 §4.2, the echo of the
     * first transmission, as RFC 3522 uses it) shows that the retransmission was spurious: noted.
     */
    private void deliverCovered(int to, CapturedSegment y, long frame, long time) {
        EndpointView s = side[to];
        if (s.inbound.isEmpty()) {
            return;
        }
        List<SegmentOption.SackBlock> blocks = sackBlocks(y);
        boolean dsack = !blocks.isEmpty() && y.has(CapturedSegment.ACK)
                && SackRules.isDsack(SeqNum.of(y.ack()), blocks);
        List<SegmentOption.SackBlock> held = dsack ? blocks.tail() : blocks;
        ArrayList<EndpointView.InFlight> arrived = null;
        java.util.Iterator<EndpointView.InFlight> it = s.inbound.iterator();
        // Bounded: past SCAN_LIMIT segments in a row that nothing covers, the rest waits for a later segment.
        int uncovered = 0;
        while (it.hasNext() && uncovered < SCAN_LIMIT) {
            EndpointView.InFlight x = it.next();
            if (!dated && lostAck(x.wire(), y) && !echoesBefore(y, x.wire())) {
                if (time - x.timeNanos() <= capture.bound(to)) {
                    // Within the capture point's bound the repetition may have crossed the ACK: it stays in
                    // flight (see undoLostAck).
                    if (noting) {
                        note("sent before the ACK of frame " + x.frame() + " arrived, or that ACK was lost");
                    }
                    continue;
                }
                // The sender repeats what this acknowledgment covers: it never got it (lost past the capture).
                it.remove();
                if (noting) {
                    note("the ACK of frame " + x.frame() + " was lost");
                }
                continue;
            }
            boolean byAck = covered(x.wire(), y);
            boolean bySack = !byAck && x.wire().payloadLength() > 0 && !x.wire().has(CapturedSegment.RST)
                    && heldAny(held, x.wire());
            if (!byAck && !bySack) {
                if (x.wire().len() > 0 && !x.wire().has(CapturedSegment.RST) && !x.wire().has(CapturedSegment.SYN)) {
                    uncovered++;
                    continue;
                }
                break;
            }
            uncovered = 0;
            if (byAck && closes(s, x.wire()) && !y.has(CapturedSegment.RST)) {
                // An ACK that would close the connection (LAST-ACK to CLOSED, RFC 9293 §3.10.7.4 fifth) had not
                // arrived: a closed endpoint sends nothing but RSTs. The two crossed.
                break;
            }
            it.remove();
            if (arrived == null) {
                arrived = new ArrayList<>();
            }
            arrived.add(x);
        }
        if (arrived == null) {
            return;
        }
        Option<CapturedSegment> by = Option.some(y);
        for (EndpointView.InFlight x : arrived) {
            if (x.wire().len() > 0 && !x.retransmission()) {
                capture.sample(to, time - x.timeNanos());
            }
            if (noting && x.retransmission() && spurious(x.wire(), y, dsack ? blocks.head() : null)) {
                note("the retransmission of frame " + x.frame() + " was spurious ("
                        + (dsack ? "D-SACK, RFC 2883 §4" : "TSecr echoes an earlier transmission, RFC 3522") + ")");
            }
            deliver(to, x, by);
        }
    }

    /**
     * SACK blocks of {@code w} beyond all the capture showed of the peer (its SND.NXT): the receiver holds octets
     * (RFC 2018 §3, "received and queued") that the capture never showed, so the peer sent them: the capture's
     * loss, not a violation. The peer's SND.NXT moves to the block's right edge.
     */
    private void sackedBeyond(int from, CapturedSegment w) {
        long[] b = w.options().sackBlocks();
        EndpointView peer = side[1 - from];
        if (b.length == 0 || !w.has(CapturedSegment.ACK) || w.has(CapturedSegment.RST) || peer.fresh
                || !peer.tcb.tcpState().isSynchronized()) {
            return;
        }
        for (int i = 0; i + 1 < b.length; i += 2) {
            SeqNum left = SeqNum.of(b[i]);
            SeqNum right = SeqNum.of(b[i + 1]);
            SendVars snd = peer.tcb.snd();
            if (left.lt(right) && snd.nxt().lt(right) && right.offsetFrom(snd.nxt()) < UNKNOWN_WINDOW) {
                captureLoss++;
                note("SACK block " + b[i] + ":" + b[i + 1] + " reports octets the capture does not show");
                peer.tcb = peer.tcb.withSnd(snd.withNxt(right));
            }
        }
    }

    /** The SACK blocks of {@code y} (RFC 2018 §3), in the order sent. */
    private static List<SegmentOption.SackBlock> sackBlocks(CapturedSegment y) {
        long[] b = y.options().sackBlocks();
        List<SegmentOption.SackBlock> out = List.empty();
        for (int i = 0; i + 1 < b.length; i += 2) {
            out = out.append(new SegmentOption.SackBlock(SeqNum.of(b[i]), SeqNum.of(b[i + 1])));
        }
        return out;
    }

    /** Whether SACK block {@code b} holds all the text of {@code x}. */
    /** Whether a block of {@code held} holds all of {@code x}'s data. */
    private static boolean heldAny(List<SegmentOption.SackBlock> held, CapturedSegment x) {
        for (List<SegmentOption.SackBlock> l = held; !l.isEmpty(); l = l.tail()) {
            if (holds(l.head(), x)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(SegmentOption.SackBlock b, CapturedSegment x) {
        SeqNum from = SeqNum.of(x.seq()).plus(x.has(CapturedSegment.SYN) ? 1 : 0);
        return b.covers(new SegmentOption.SackBlock(from, from.plus(x.payloadLength())));
    }

    /**
     * Whether {@code y}, which acknowledges the retransmission {@code x}, shows that the first transmission had
     * arrived: a D-SACK block {@code dsack} reporting x's text as a duplicate, or a TSecr older than x's TSval (the
     * receiver echoes the timestamp of the segment that advanced its window, RFC 7323 §4.3).
     */
    private static boolean spurious(CapturedSegment x, CapturedSegment y, SegmentOption.SackBlock dsack) {
        if (dsack != null && x.payloadLength() > 0 && holds(dsack, x)) {
            return true;
        }
        long val = x.options().tsVal();
        long ecr = y.options().tsEcr();
        return val >= 0 && ecr >= 0 && y.options().hasTimestamps() && Paws.before(ecr, val);
    }

    /**
     * Arrivals inferred from time alone (the segment's receiver stayed silent past the capture point's bound) that
     * the receiver's next segment {@code y} contradicts: its SEG.ACK is below the RCV.NXT they gave it. The newest of
     * them before which RCV.NXT was at most SEG.ACK, and those after it, were lost after the capture point (or are
     * still on their way): the endpoint goes back to its TCB, states and rows from before them, provided it sent
     * nothing since (what SEG.ACK covers beyond that RCV.NXT is then taken as held, see {@link #captureMissed}).
     */
    private void undoAssumed(int from, CapturedSegment y) {
        EndpointView a = side[from];
        // A SYN again from SYN-SENT: the SYN,ACK taken as arrived had not (RFC 9293 §3.10.7.3: it would have
        // been answered with an ACK).
        boolean synAgain = y.has(CapturedSegment.SYN) && !y.has(CapturedSegment.ACK) && !y.has(CapturedSegment.RST)
                && a.tcb.tcpState().isSynchronized();
        // A SYN,ACK from past SYN-RECEIVED: the peer's SYN,ACK taken as arrived had not (a simultaneous open, RFC
        // 9293 §3.5 Figure 7: the two crossed).
        boolean synAckAgain = y.has(CapturedSegment.SYN) && y.has(CapturedSegment.ACK) && !y.has(CapturedSegment.RST)
                && a.tcb.tcpState().isSynchronized() && !a.tcb.is(TcpState.SYN_RECEIVED);
        synAgain |= synAckAgain;
        if (!a.assumedArrival || y.has(CapturedSegment.RST) || !synAgain && (!y.has(CapturedSegment.ACK)
                || !a.tcb.tcpState().isSynchronized() || !SeqNum.of(y.ack()).lt(a.tcb.rcv().nxt()))) {
            return;
        }
        SeqNum ack = SeqNum.of(y.ack());
        java.util.Iterator<EndpointView.Past> it = a.past.descendingIterator();
        while (it.hasNext()) {
            EndpointView.Past p = it.next();
            if (!p.assumed() || p.lastSentFrame() != a.lastSentFrame) {
                return;
            }
            if (synAgain ? p.tcb().is(synAckAgain ? TcpState.SYN_RECEIVED : TcpState.SYN_SENT)
                    : p.tcb().tcpState().isSynchronized() && p.tcb().rcv().nxt().le(ack)) {
                a.tcb = p.tcb();
                while (a.states.size() > p.states()) {
                    a.states.remove(a.states.size() - 1);
                }
                a.last = p.last();
                a.stateRecorded = p.recorded();
                for (int r = rows.size() - 1; r >= 0 && rows.get(r).frame() >= p.frame(); r--) {
                    rows.set(r, rows.get(r).withState(from, a.tcb.tcpState()));
                }
                // A FIN among them that the endpoint's own FIN contradicts crossed it (a simultaneous close, RFC 9293
                // §3.6 Figure 13), as does a SYN,ACK its own SYN,ACK contradicts (a simultaneous open, §3.5 Figure
                // 7): it is still on its way, and goes back in flight. The others were lost after the capture point.
                java.util.ArrayDeque<EndpointView.InFlight> crossing = new java.util.ArrayDeque<>();
                EndpointView.Past undone;
                do {
                    undone = a.past.pollLast();
                    CapturedSegment u = undone.segment().wire();
                    if (y.has(CapturedSegment.FIN) && u.has(CapturedSegment.FIN) && u.payloadLength() == 0
                            && !u.has(CapturedSegment.RST) || synAckAgain && u.has(CapturedSegment.SYN)
                            && u.has(CapturedSegment.ACK) && !u.has(CapturedSegment.RST)) {
                        crossing.addFirst(undone.segment());
                    }
                } while (undone != p);
                java.util.Iterator<EndpointView.InFlight> newestFirst = crossing.descendingIterator();
                while (newestFirst.hasNext()) {
                    a.inbound.addFirst(newestFirst.next());
                }
                a.assumedArrival = false;
                note("frame " + p.frame() + " and later had not arrived (" + (crossing.isEmpty() ? ""
                        : "the " + (synAckAgain ? "SYN,ACK" : "FIN") + " crossed this one, the rest ")
                        + "lost after the capture point)");
                return;
            }
        }
    }

    /**
     * The sender repeats sequence space that the last acknowledgment it was taken to receive covers: that ACK was
     * lost after the capture point (RFC 9293 §3.8.1: "a retransmission implies a loss"), so its arrival is undone.
     */
    private void undoLostAck(int from, CapturedSegment y, long time) {
        EndpointView a = side[from];
        EndpointView.BeforeAck u = a.beforeAck;
        if (u == null || y.len() == 0 || y.has(CapturedSegment.RST)
                || !SeqNum.of(y.seq()).plus(y.len()).le(SeqNum.of(u.ack()))) {
            return;
        }
        if (u.tsVal() >= 0 && y.options().hasTimestamps() && !Paws.before(y.options().tsEcr(), u.tsVal())) {
            // The sender echoes that ACK's TSval or a later one (RFC 7323 §4.3, TS.Recent): it had processed that
            // ACK (the first arrival with its TSval) or a later one, whose SEG.ACK is at least as high; not lost.
            return;
        }
        if (u.tsVal() >= 0 && y.options().hasTimestamps() && time - u.ackTime() <= capture.bound(from)) {
            // It echoes an older TSval, so it was sent before that ACK was processed, and within the capture
            // point's bound after the ACK was seen: the two crossed (judged against the TCB before the ACK).
            return;
        }
        // Seen within the capture point's bound after the ACK, with no TSecr to tell: the retransmission may have
        // crossed the ACK as well as followed its loss. The ACK goes back in flight (see deliverCovered): a later
        // segment of the sender that needs it (new data in the window it opened) shows it arrived, a repetition
        // after the bound shows it lost.
        boolean crossing = time - u.ackTime() <= capture.bound(from);
        a.tcb = u.tcb();
        while (a.states.size() > u.states()) {
            a.states.remove(a.states.size() - 1);
        }
        a.last = u.last();
        a.stateRecorded = u.recorded();
        for (int r = rows.size() - 1; r >= 0 && rows.get(r).frame() >= u.atFrame(); r--) {
            rows.set(r, rows.get(r).withState(from, a.tcb.tcpState()));
        }
        a.beforeAck = null;
        if (crossing) {
            insertInFlight(a, u.segment());
            note("sent before the ACK of frame " + u.ackFrame() + " arrived, or that ACK was lost");
        } else {
            note("the ACK of frame " + u.ackFrame() + " was lost");
        }
    }

    /** Puts {@code x} back among the segments in flight to {@code a}, in the order the capture saw them. */
    private static void insertInFlight(EndpointView a, EndpointView.InFlight x) {
        java.util.ArrayList<EndpointView.InFlight> later = new java.util.ArrayList<>();
        while (!a.inbound.isEmpty() && a.inbound.peekLast().frame() > x.frame()) {
            later.add(a.inbound.pollLast());
        }
        a.inbound.addLast(x);
        for (int k = later.size() - 1; k >= 0; k--) {
            a.inbound.addLast(later.get(k));
        }
    }

    /** Whether {@code x}, a bare acknowledgment to {@code y}'s sender, covers all of {@code y}: a retransmission. */
    private static boolean lostAck(CapturedSegment x, CapturedSegment y) {
        return x.len() == 0 && x.has(CapturedSegment.ACK) && !x.has(CapturedSegment.RST) && y.len() > 0
                && SeqNum.of(y.seq()).plus(y.len()).le(SeqNum.of(x.ack()));
    }

    /** Whether {@code x}, a bare ACK to {@code s} in LAST-ACK, acknowledges its FIN. */
    private static boolean closes(EndpointView s, CapturedSegment x) {
        return x.len() == 0 && x.has(CapturedSegment.ACK) && s.tcb.is(TcpState.LAST_ACK)
                && SeqNum.of(x.ack()).equals(s.tcb.snd().nxt());
    }

    /** Whether segment {@code y} shows that {@code x}, sent to its sender, had arrived before it was sent. */
    private static boolean covered(CapturedSegment x, CapturedSegment y) {
        if (x.has(CapturedSegment.RST)) {
            return false;
        }
        if (x.len() == 0) {
            return true;
        }
        if (x.has(CapturedSegment.SYN) && x.has(CapturedSegment.ACK) && y.has(CapturedSegment.SYN)) {
            // A SYN,ACK that had arrived would have acknowledged y's SYN: y's sender would not send its SYN again.
            // The two crossed, as the SYN,ACKs of a simultaneous open do (RFC 9293 §3.5 Figure 7).
            return false;
        }
        return y.has(CapturedSegment.ACK) && SeqNum.of(x.seq()).plus(x.len()).le(SeqNum.of(y.ack()));
    }

    /**
     * Segment {@code x} arrives at endpoint {@code to}: after it was sent, and after anything the endpoint sent in
     * the meantime (that crossed it). {@code trigger} is the endpoint's own next segment when that revealed the
     * arrival.
     */
    private void deliver(int to, EndpointView.InFlight x, Option<CapturedSegment> trigger) {
        EndpointView b = side[to];
        boolean crossed = b.lastSentFrame > x.frame();
        long atFrame = crossed ? b.lastSentFrame : x.frame();
        long atTime = crossed ? b.lastSentTime : x.timeNanos();
        CapturedSegment w = x.wire();
        // A segment that crossed arrives after what its receiver sent meanwhile: the receiver's clock has moved on.
        long nowMs = atTime / MS;
        boolean synOnly = w.has(CapturedSegment.SYN) && !w.has(CapturedSegment.ACK) && !w.has(CapturedSegment.RST);
        SeqNum iss = b.tcb.snd().nxt();
        if (synOnly && b.tcb.is(TcpState.CLOSED)) {
            // RFC 9293 §3.10.7.1/§3.10.7.2: whether a SYN meets CLOSED or LISTEN shows only in the answer, and
            // the ISS of a passive OPEN only in its SYN,ACK.
            if (trigger.isEmpty()) {
                return;
            }
            CapturedSegment y = trigger.get();
            b.fresh = false;
            if (y.has(CapturedSegment.SYN) && y.has(CapturedSegment.ACK)) {
                b.tcb = UserCalls.open(p, Tcb.closed(), true, false, Option.none(), SeqNum.ZERO, nowMs).get().tcb();
                record(to, atFrame, atTime, "inferred passive OPEN");
                iss = SeqNum.of(y.seq());
            } else {
                record(to, atFrame, atTime, "no listener");
            }
        } else if (synOnly && b.tcb.is(TcpState.TIME_WAIT)) {
            iss = trigger.filter(y -> y.has(CapturedSegment.SYN)).map(y -> SeqNum.of(y.seq())).getOrElse(iss);
        } else if (b.fresh) {
            // Nothing was known of the receiver: the segment only tells what its sender knew (see synchronize).
            return;
        }
        if (trigger.isEmpty() && w.len() > 0) {
            b.assumedArrival = true;
        }
        Tcb t = b.tcb;
        b.beforeAck = w.len() == 0 && w.has(CapturedSegment.ACK) && !w.has(CapturedSegment.RST)
                ? new EndpointView.BeforeAck(t, b.states.size(), b.last, b.stateRecorded, atFrame, x.frame(), w.ack(),
                        w.options().hasTimestamps() && w.options().tsVal() != b.lastArrivalTs ? w.options().tsVal()
                                : -1, x.timeNanos(), x)
                : null;
        if (t.tcpState().compareTo(TcpState.SYN_RECEIVED) >= 0) {
            long wnd = receiveWindow(b, t);
            // A sender that filled the window sends its ACKs at SEG.SEQ = RCV.NXT + RCV.WND, which Table 6 of RFC
            // 9293 §3.10.7.4 finds unacceptable (SEG.SEQ < RCV.NXT + RCV.WND). A profile whose sequence test takes
            // a segment's start up to the right edge inclusive (Profile#rstSequenceByEnd: Linux's, for every
            // segment) processes that ACK: the window is presented one octet wider for it.
            if (p.rstSequenceByEnd() && x.model().len() == 0 && wnd > 0 && !x.model().rst()
                    && x.model().seq().equals(t.rcv().nxt().plus(wnd))) {
                wnd++;
            }
            t = t.withRcv(t.rcv().withWnd(wnd));
        }
        Segment seg = x.model();
        if (p.rstSequenceByEnd() && seg.dataLength() > 0 && seg.isAck() && !seg.syn() && !seg.fin() && !seg.rst()
                && t.tcpState().isSynchronized() && b.lastSentAck != null
                && seg.seq().plus(seg.dataLength()).le(t.rcv().nxt())
                && !seg.seq().plus(seg.dataLength()).lt(b.lastSentAck) && t.snd().una().lt(seg.ack())) {
            // Text the receiver already holds, ending at or after the RCV.NXT it last advertised: Linux's sequence
            // test starts there (tcp_sequence, rcv_wup), so it takes the segment's acknowledgment and window, where
            // RFC 9293 §3.10.7.4 first drops it. The model keeps no such variable: the segment is presented as its
            // acknowledgment alone.
            seg = seg.withDataLength(0).withSeq(t.rcv().nxt());
        }
        Profile arrivalProfile = p;
        if (synOnly && w.payloadLength() > 0 && t.is(TcpState.LISTEN) && trigger.isDefined()
                && fastOpenAccepted(w, trigger.get())) {
            // The SYN,ACK acknowledges the SYN and its text: a Fast Open server that took the text (RFC 7413
            // §4.2.2). Linux is one where net.ipv4.tcp_fastopen says so, which the wire shows only this way; the
            // cookie's validity is the server's secret, so the SYN is presented with a well-formed one.
            arrivalProfile = p.withExtensions(p.extensions().withFastOpen(p.extensions().fastOpenClient(), true));
            seg = seg.withOptions(seg.options().append(new SegmentOption.FastOpen(
                    io.vavr.collection.Vector.fill(8, (byte) 0), !w.options().fastOpen())));
            note("TCP Fast Open: the SYN's text accepted (RFC 7413 §4.2.2)");
        }
        Either<String, Step> r = Arrival.segmentArrives(arrivalProfile, t, seg, iss, nowMs, Choices.reference());
        if (r.isLeft()) {
            return;
        }
        Step st = r.get();
        if (!p.crossedSynAckEstablishes() && x.model().syn() && x.model().isAck() && t.is(TcpState.SYN_RECEIVED)
                && st.tcb().is(TcpState.SYN_RECEIVED) && Arrival.segmentArrives(p.withCrossedSynAckEstablishes(true),
                t, x.model(), iss, nowMs, Choices.reference()).exists(y -> y.tcb().is(TcpState.ESTABLISHED))) {
            // The one place where RFC 9293's figure and text disagree on a state: say which reading was taken.
            note("crossed SYN,ACK: not acceptable by §3.10.7.4 first (Table 6), so ACKed and dropped; "
                    + "Figure 7 line 6 and Linux take it to ESTABLISHED (profile linux)");
        }
        // Kept long enough for a segment of this endpoint that reaches the capture point as late as any did.
        // and for one sent at any time since its clock last moved on.
        long keepFrom = Math.min(x.timeNanos() - capture.bound(to) - 2 * b.lateBy,
                b.clockSince() - capture.bound(to));
        while (!b.past.isEmpty() && (b.past.size() >= PAST_LIMIT || !b.past.peek().assumed()
                && b.past.peek().timeNanos() < keepFrom)) {
            b.past.poll();
        }
        long ts = w.options().hasTimestamps() ? w.options().tsVal() : -1;
        b.past.add(new EndpointView.Past(b.tcb, atFrame, x.timeNanos(), trigger.isEmpty() && w.len() > 0,
                b.states.size(), b.last, b.stateRecorded, b.lastSentFrame, x, ts >= 0 && ts == b.lastArrivalTs));
        b.lastArrivalTs = ts;
        b.tcb = bounded(st.tcb());
        negotiate(to);
        if (st.sent().exists(Segment::rst)) {
            b.expectedResets = Math.min(8, b.expectedResets + 1);
        }
        readAll(b, nowMs);
        if (changed(to)) {
            recordFrom(to, atFrame, atTime, keepsStates(to) ? "received <" + w.flagText() + "> of frame " + x.frame()
                    : null);
        }
    }

    /**
     * Whether {@code synAck} acknowledges the SYN {@code syn} and all its text: TCP Fast Open (RFC 7413 §4.2.2, "a
     * SYN-ACK acknowledging the SYN and the data"), under a profile whose TCP implements it (Linux, RFC 7413 behind
     * net.ipv4.tcp_fastopen). RFC 9293 alone queues a SYN's text until ESTABLISHED (§3.10.7.2), so its SYN,ACK
     * acknowledges the SYN only.
     */
    private boolean fastOpenAccepted(CapturedSegment syn, CapturedSegment synAck) {
        return fastOpenImplemented() && syn.payloadLength() > 0 && synAck.has(CapturedSegment.SYN)
                && synAck.has(CapturedSegment.ACK) && !synAck.has(CapturedSegment.RST)
                && SeqNum.of(synAck.ack()).equals(SeqNum.of(syn.seq()).plus(syn.len()));
    }

    /**
     * Whether the profile's TCP implements TCP Fast Open (RFC 7413), so that text on a SYN may be an active OPEN's
     * and a SYN,ACK may accept it: {@code Profile#fastOpenCapable}, or a profile whose defaults use it. Whether a host
     * was configured for it is a choice the capture shows (a SYN,ACK that acknowledges the SYN's text).
     */
    private boolean fastOpenImplemented() {
        return p.fastOpenCapable() || p.extensions().fastOpenClient() || p.extensions().fastOpenServer();
    }

    /**
     * The TCB with its retransmission and reassembly queues cut to their newest {@value #QUEUE_LIMIT} segments, so
     * that a capture of one direction only, or of scattered sequence numbers, costs bounded time and memory. The
     * checker does not use queued contents: a receiver may drop what it holds out of order (RFC 9293 §3.10.7.4
     * seventh: "held for later processing", a SHOULD), and only the retransmission timer uses the other queue.
     */
    private static Tcb bounded(Tcb t) {
        if (t.retransmission().size() > QUEUE_LIMIT) {
            t = t.withRetransmission(t.retransmission().drop(t.retransmission().size() - QUEUE_LIMIT));
        }
        if (t.reassembly().size() > QUEUE_LIMIT) {
            t = t.withReassembly(t.reassembly().drop(t.reassembly().size() - QUEUE_LIMIT));
        }
        return t;
    }

    /** RCV.WND as the receiver last advertised it: its right edge less RCV.NXT (the observed choice). */
    private static long receiveWindow(EndpointView b, Tcb t) {
        if (b.rightEdge < 0) {
            return b.scaleUnknown ? UNKNOWN_WINDOW : t.rcv().wnd();
        }
        long d = SeqNum.of(b.rightEdge).distanceFrom(t.rcv().nxt());
        return Math.max(0, Math.min(UNKNOWN_WINDOW, d));
    }

    /**
     * The application reads what has arrived: the wire does not show RECEIVE calls, and taking them as prompt
     * keeps Linux's reset on CLOSE with unread data (RFC 2525 §2.17) for the resets that show it.
     */
    private void readAll(EndpointView b, long nowMs) {
        if (b.tcb.undelivered() > 0) {
            UserCalls.receive(p, b.tcb, b.tcb.undelivered(), nowMs).forEach(s -> b.tcb = s.tcb());
        }
    }

    // ------------------------------------------------------------------ emission

    private void emit(int from, CapturedSegment w, Segment m, long frame, long time) {
        EndpointView a = side[from];
        EndpointView b = side[1 - from];
        long nowMs = time / MS;
        boolean syn = w.has(CapturedSegment.SYN);
        boolean ack = w.has(CapturedSegment.ACK);
        boolean rst = w.has(CapturedSegment.RST);
        if (a.fresh) {
            a.fresh = false;
            if (syn && ack && !rst) {
                synchronizeHandshake(from, w, nowMs, frame, time);
            } else if (!syn && !rst) {
                synchronize(from, w, frame, time);
            }
        }
        if (a.sendGuessed && !syn && !rst) {
            reseat(a, w);
        }
        if (!syn && !rst && ack && b.fresh && a.tcb.is(TcpState.SYN_SENT)
                && SeqNum.of(w.seq()).equals(a.tcb.snd().iss().plus(1))) {
            presumeSynAck(from, w, nowMs, frame, time);
        }
        if (rst) {
            resetSent(from, w, nowMs, frame, time);
        } else if (syn) {
            synSent(from, w, m, nowMs, frame, time);
        } else {
            textSent(from, w, m, nowMs, frame, time);
        }
        negotiate(from);
        SeqNum ackNum = ack ? SeqNum.of(w.ack()) : null;
        if (ack && !rst && a.tcb.negotiated().timestamps() && !a.tcb.negotiated().lastAckSent().equals(ackNum)) {
            a.tcb = a.tcb.withNegotiated(a.tcb.negotiated().withLastAckSent(ackNum));
        }
        if (ack && !rst) {
            // RFC 7323 §2.3: the window a segment advertises, shifted by the sender's Rcv.Wind.Shift when window
            // scaling is in use (the model's WindowScaling), else as the checker presented it.
            Negotiated n = a.tcb.negotiated();
            // m is the segment as captured unless the checker widened its window (a scale not known).
            long advertised = n.windowScaling() ? WindowScaling.advertisedWindow(n, m.window() == w.window() ? m
                    : w.toModel(0)) : m.window();
            advertise(a, w, ackNum.plus(advertised));
            // Its SEG.ACK covers all it was taken to have received: the arrivals inferred from time are proven.
            if (!a.tcb.rcv().nxt().gt(ackNum)) {
                a.assumedArrival = false;
            }
        }
        if (syn && synTime < 0 && !ack) {
            synTime = time;
        } else if (syn && ack && synTime >= 0 && !capture.known(from)) {
            // The SYN,ACK answers the SYN: the round trip from the capture point to its sender and back.
            capture.sample(from, time - synTime);
        }
        if (changed(from)) {
            record(from, frame, time, keepsStates(from) ? "sent <" + w.flagText() + ">" : null);
        }
        a.lastSentFrame = frame;
        a.lastSentTime = time;
        if (ack) {
            a.lastSentAck = ackNum;
        }
        if (b.fresh) {
            b.scaleUnknown |= a.scaleUnknown;
        }
    }

    /**
     * The right edge {@code edge} (SEG.ACK + SEG.WND) that {@code w} advertises becomes its sender's RCV.WND edge,
     * the window its arrivals are judged against, unless {@code w} is older than the segment that set the current
     * edge and would move it left. The peer itself takes a window only from a segment that is not older than the
     * one it last took one from (RFC 9293 §3.10.7.4 fifth: SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 =<
     * SEG.ACK); a segment seen after later ones of its sender (held before the capture point, overtaken on the way)
     * carries the window of when it was sent, which the receiver has since widened, and the data the peer sends into
     * the wider window arrives. A newer segment that moves the edge left (shrinking the window, which a receiver
     * SHOULD NOT do, RFC 9293 §3.8.6, SHLD-14) is taken, as is any segment that moves it right.
     */
    private static void advertise(EndpointView a, CapturedSegment w, SeqNum edge) {
        // On raw 32-bit values (SeqNum.lt's comparison): this runs for every segment, and the edge rarely moves.
        long seq = w.seq();
        long ack = w.ack();
        if (a.rightEdge >= 0 && before(edge.value(), a.rightEdge) && a.edgeSeq != null
                && (before(seq, a.edgeSeq.value()) || seq == a.edgeSeq.value() && before(ack, a.edgeAck.value()))) {
            return;
        }
        a.rightEdge = edge.value();
        if (a.edgeSeq == null || a.edgeSeq.value() != seq) {
            a.edgeSeq = SeqNum.of(seq);
        }
        if (a.edgeAck == null || a.edgeAck.value() != ack) {
            a.edgeAck = SeqNum.of(ack);
        }
    }

    /** {@code x < y} in sequence space, as {@link SeqNum#lt} (RFC 1982 §3.2), on values in {@code [0, 2^32)}. */
    private static boolean before(long x, long y) {
        long d = (y - x) & (SeqNum.MODULUS - 1);
        return d > 0 && d < SeqNum.HALF;
    }

    private void resetSent(int from, CapturedSegment w, long nowMs, long frame, long time) {
        EndpointView a = side[from];
        if (a.expectedResets > 0) {
            a.expectedResets--;
            note("a reset in answer");
            return;
        }
        // Without a connection the RST answers a segment (RFC 9293 §3.10.7.1, §3.10.7.2).
        boolean aborted = switch (a.tcb.tcpState()) {
            case CLOSED, LISTEN -> false;
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
                    TIME_WAIT -> true;
        };
        if (!aborted) {
            note("a reset in answer");
            return;
        }
        // RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> (under linux also CLOSE with unread data,
        // RFC 2525 §2.17, which the wire cannot tell apart).
        UserCalls.abort(p, a.tcb, nowMs).forEach(s -> a.tcb = s.tcb());
        note(p.resetOnCloseWithUnreadData() ? "inferred ABORT (or CLOSE with unread data)" : "inferred ABORT");
    }

    private void synSent(int from, CapturedSegment w, Segment m, long nowMs, long frame, long time) {
        EndpointView a = side[from];
        boolean ack = w.has(CapturedSegment.ACK);
        TcpState st = a.tcb.tcpState();
        if (!ack && (st == TcpState.CLOSED || st == TcpState.LISTEN)) {
            // RFC 9293 §3.10.1: a SYN from CLOSED is an active OPEN; the ISS is the implementation's choice.
            Tcb opened = UserCalls.open(p, a.tcb, false, true, Option.none(), Adoption.iss(List.of(m)).get(), nowMs)
                    .get().tcb();
            a.tcb = opened.withRcv(opened.rcv().withWnd(w.window()));
            a.windowScale = w.windowScale();
            a.synSeen = true;
            a.sackPermitted = w.options().sackPermitted();
            a.synTsVal = w.options().tsVal();
            a.expectedResets = 0;
            note("inferred active OPEN");
            if (w.payloadLength() > 0 && !w.has(CapturedSegment.FIN) && fastOpenImplemented()) {
                // TCP Fast Open (RFC 7413 §4.1, Linux's sendto(MSG_FASTOPEN) or TCP_FASTOPEN_CONNECT): the text
                // rides on the SYN, so SND.NXT is past it. The model's client sends no text in SYN-SENT (it queues
                // a SEND, RFC 9293 §3.10.2); the SYN,ACK then acknowledges the text, or only the SYN and the text
                // is sent again (§4.2.1 fallback).
                a.tcb = a.tcb.withSnd(a.tcb.snd().withNxt(SeqNum.of(w.seq()).plus(w.len())));
                note("TCP Fast Open: " + w.payloadLength() + " octets of text on the SYN (RFC 7413 §4.1)");
            }
            return;
        }
        if (ack && st == TcpState.SYN_RECEIVED && a.tcb.snd().una().equals(a.tcb.snd().iss())) {
            a.windowScale = w.windowScale();
            a.synSeen = true;
            a.sackPermitted = w.options().sackPermitted();
            a.synTsVal = w.options().tsVal();
            a.tcb = a.tcb.withRcv(a.tcb.rcv().withWnd(w.window()));
        }
        check(a, m, frame);
        if (m.seq().equals(a.tcb.snd().iss()) && a.tcb.tcpState() != TcpState.CLOSED && sentBefore(from, w)) {
            note("retransmission (a loss or a timeout)");
        }
    }

    private boolean sentBefore(int from, CapturedSegment w) {
        for (int i = rows.size() - 1; i >= 0 && i >= rows.size() - 64; i--) {
            SegmentRow r = rows.get(i);
            if (r.from() == from && r.seq() == w.seq() && r.flags().equals(w.flagText())) {
                return true;
            }
        }
        return false;
    }

    private void textSent(int from, CapturedSegment w, Segment m, long nowMs, long frame, long time) {
        EndpointView a = side[from];
        readAll(a, nowMs);
        Tcb t = a.tcb;
        boolean fin = w.has(CapturedSegment.FIN);
        if (!t.tcpState().isSynchronized()) {
            check(a, m, frame);
            return;
        }
        SeqNum nxt = t.snd().nxt();
        SeqNum seq = m.seq();
        if (nxt.lt(seq) && seq.offsetFrom(nxt) < (1L << 30)) {
            // The capture lost what the sender sent in [SND.NXT, SEG.SEQ): not the sender's fault.
            long gap = seq.offsetFrom(nxt);
            captureLoss++;
            if (noting) {
                note("capture loss: the capture misses " + gap + " octets before this segment");
            }
            t = t.withSnd(t.snd().withNxt(seq));
            nxt = seq;
        }
        SeqNum dataEnd = seq.plus(w.payloadLength());
        long newData = nxt.lt(dataEnd) ? dataEnd.offsetFrom(nxt) : 0;
        boolean newFin = fin && t.snd().fin().isEmpty();
        if (newData > 0) {
            // RFC 9293 §3.10.2: text beyond SND.NXT was handed over by a SEND; segmentizing is the sender's choice.
            Either<String, Step> s = UserCalls.send(p, t, newData, SeqNum.ZERO, nowMs,
                    Adoption.choices(List.empty(), true));
            if (s.isRight()) {
                t = s.get().tcb();
            }
            if (noting) {
                note("inferred SEND of " + newData);
            }
        }
        if (m.isAck() && t.rcv().nxt().lt(m.ack()) && m.ack().offsetFrom(t.rcv().nxt()) < UNKNOWN_WINDOW) {
            t = captureMissed(from, t, m, frame);
        }
        if (newFin && !t.closeQueued()) {
            // RFC 9293 §3.10.4: a FIN means the application closed (or shut down its sending side).
            Either<String, Step> c = UserCalls.close(p, t, nowMs);
            note("inferred CLOSE");
            if (c.isRight() && !c.get().sent().isEmpty() && newData == 0) {
                Tcb after = c.get().tcb();
                List<String> v = Conformance.violations(t.withCloseQueued(true).withState(after.state()), m);
                report(a, frame, v);
                a.tcb = after;
                return;
            }
            if (c.isRight()) {
                t = c.get().tcb();
            }
        }
        int mss = t.snd().mss();
        // Beyond the effective send MSS (MUST-16: the text and the options on every segment within SND.MSS): a GRO
        // unit may also be a full segment and a short one joined, 1456 octets where the sender's segments are 1448.
        if (w.payloadLength() + MssRules.fixedOptionSpace(m) > mss) {
            // A segment larger than the MSS (RFC 9293 §3.7.1, MUST-16 sender side) seen at a host is what TSO/GSO
            // hands the NIC before it cuts it, or what GRO/LRO joined after the NIC received it: a property of
            // the capture point. The unit is judged as the segments it stands for (window, sequence, FIN).
            superSegments++;
            largestSuperSegment = Math.max(largestSuperSegment, w.payloadLength());
            if (noting) {
                note("super-segment of " + w.payloadLength() + " octets (MSS " + mss
                        + "): offload at the capturing host");
            }
            // Its options are on each segment it stands for (MUST-16 counts them within the MSS).
            t = t.withSnd(t.snd().withMss(w.payloadLength() + MssRules.fixedOptionSpace(m)));
        }
        if (newData > 0 || newFin) {
            List<String> v = Conformance.violations(t, m);
            if (!v.isEmpty() && m.isAck() && m.ack().lt(t.rcv().nxt()) && t.tcpState().isSynchronized()
                    && !belowFloor(m)
                    && leastRcvNxt(from, t, m, time).le(m.ack())
                    && Conformance.violations(t.withRcv(t.rcv().withNxt(m.ack())), m).isEmpty()) {
                // Its SEG.ACK is a RCV.NXT of a moment ago: sent before arrivals the capture showed shortly before.
                note("sent before arrivals seen shortly before it (delayed or reordered before the capture point)");
                v = List.empty();
            }
            report(a, frame, v);
        } else {
            t = judgeOld(from, t, m, frame, time);
        }
        if (newData > 0 || newFin) {
            Either<String, Step> tr = newData > 0 && newData <= Integer.MAX_VALUE
                    ? Emission.transmit(p, t, (int) newData, nowMs) : Either.left("");
            if (tr.isRight() && tr.get().tcb().snd().nxt().equals(seq.plus(w.len()))) {
                t = tr.get().tcb();
            } else {
                // The model would not emit this (the violation is reported): follow the sender anyway.
                SendVars snd = t.snd().withNxt(seq.plus(w.len()));
                t = t.withSnd(fin ? snd.withFin(dataEnd) : snd).withSendQueue(0);
            }
        } else if (w.len() > 0) {
            note(fin ? "retransmitted FIN (a loss or a timeout)" : "retransmission (a loss or a timeout)");
        } else {
            // What the wire shows of the receiver's and the persist timer's choices, named for the reader.
            if (noting) {
                Allowance.classify(t, List.empty(), t, m).forEach(k -> note(k.label()));
            }
        }
        a.tcb = t.snd().mss() == mss ? t : t.withSnd(t.snd().withMss(mss));
    }

    /**
     * The segment acknowledges octets of the peer that the capture never showed. Either the capture missed them
     * (tcpdump drops packets under load) or the sender acknowledges what was never sent. Both endpoints are taken
     * to have exchanged them; the violation is held until the peer's next segment shows which: one at or beyond
     * SEG.ACK confirms the capture's loss, any other makes it a violation.
     */
    private Tcb captureMissed(int from, Tcb t, Segment m, long frame) {
        EndpointView peer = side[1 - from];
        Tcb adjusted = t.withRcv(t.rcv().withNxt(m.ack()));
        if (peer.tcb.tcpState().isSynchronized() && m.ack().le(peer.tcb.snd().nxt())
                && t.rcv().nxt().lt(peer.tcb.snd().nxt())) {
            // The capture showed those octets and they arrived (what the SEG.ACK covers was delivered): the
            // receiver held them above a hole, beyond the newest QUEUE_LIMIT segments the checker keeps queued.
            return adjusted;
        }
        List<String> only = Conformance.violations(t, m).removeAll(Conformance.violations(adjusted, m));
        if (pendingLoss == null && !only.isEmpty()) {
            pendingLoss = new PendingLoss(frame, side[from].address, only, m.ack().value(), 1 - from,
                    t.rcv().nxt(), peer.tcb.snd().nxt());
        }
        if (peer.tcb.tcpState().isSynchronized() && peer.tcb.snd().nxt().lt(m.ack())) {
            peer.tcb = peer.tcb.withSnd(peer.tcb.snd().withNxt(m.ack()));
        }
        captureLoss++;
        if (noting) {
            note("acknowledges " + m.ack().offsetFrom(t.rcv().nxt()) + " octets the capture does not show");
        }
        return adjusted;
    }

    /** A violation held until the capture shows whether it was the capture's loss. */
    private record PendingLoss(long frame, String endpoint, List<String> reasons, long ack, int dataSender,
                               SeqNum rcvNxt, SeqNum sndNxt) {
    }

    private void settleLoss(int from, CapturedSegment w) {
        if (pendingLoss == null || from != pendingLoss.dataSender() || w.has(CapturedSegment.RST)) {
            return;
        }
        boolean confirmed = SeqNum.of(pendingLoss.ack()).le(SeqNum.of(w.seq()).plus(w.len()));
        if (!confirmed) {
            // The octets were never sent: take back what was assumed, so that only the wrong ACK is reported.
            SeqNum ack = SeqNum.of(pendingLoss.ack());
            EndpointView sender = side[pendingLoss.dataSender()];
            EndpointView acker = side[1 - pendingLoss.dataSender()];
            SendVars snd = sender.tcb.snd();
            if (snd.nxt().equals(ack)) {
                SeqNum nxt = pendingLoss.sndNxt();
                sender.tcb = sender.tcb.withSnd(snd.withNxt(nxt).withUna(snd.una().lt(nxt) ? snd.una() : nxt));
            }
            if (acker.tcb.rcv().nxt().equals(ack)) {
                acker.tcb = acker.tcb.withRcv(acker.tcb.rcv().withNxt(pendingLoss.rcvNxt()));
            }
            commitLoss();
        }
        pendingLoss = null;
    }

    private void commitLoss() {
        if (pendingLoss != null) {
            for (String r : pendingLoss.reasons()) {
                violationCount++;
                if (violations.size() < limits.violations()) {
                    violations.add(new Violation(pendingLoss.frame(), pendingLoss.endpoint(), r));
                }
            }
            pendingLoss = null;
        }
    }

    /**
     * Judges {@code m}, a segment of endpoint {@code from} without new text or FIN (an acknowledgment, a window
     * update, a retransmission), which its sender may have sent a while before the capture point saw it: held in a
     * queue, or overtaken by its later segments (reordering on the way, as the several CPUs of a Linux host do). It
     * conforms when the sender's TCB before any of the arrivals inferred within the capture point's bound ({@link
     * CapturePoint#bound}, widened by how late its TSval shows it to be) allows it: the ACK it answers had not
     * arrived, or its SEG.ACK is the RCV.NXT of then. When no single earlier TCB is known to allow it, the sender's
     * variables over that span are: SEG.ACK one of the RCV.NXT it had, SEG.SEQ at or above an SND.UNA it had (an
     * acknowledgment seen on its way to it, or lost after the capture point, had not moved SND.UNA yet). Otherwise its
     * violations depend on that timing when such an earlier TCB existed.
     */
    private Tcb judgeOld(int from, Tcb t, Segment m, long frame, long time) {
        EndpointView a = side[from];
        List<String> v = Conformance.violations(t, m);
        if (v.isEmpty()) {
            return t;
        }
        long oldest = oldestSent(from, time);
        int tried = 0;
        int scanned = 0;
        SeqNum after = m.seq().plus(1);
        SeqNum leastRcv = t.rcv().nxt();
        SeqNum leastUna = t.snd().una();
        java.util.List<EndpointView.Past> sent = sentSpan(from, m, time);
        boolean earlier = !sent.isEmpty();
        for (EndpointView.Past p : sent) {
            Tcb old = p.tcb();
            if (old.tcpState().isSynchronized() && old.tcpState() == t.tcpState()) {
                leastRcv = old.rcv().nxt().lt(leastRcv) ? old.rcv().nxt() : leastRcv;
                leastUna = old.snd().una().lt(leastUna) ? old.snd().una() : leastUna;
            }
            // Only a TCB whose RCV.NXT is SEG.ACK and whose SND.UNA is at most SEG.SEQ (+ 1, a keep-alive) can
            // allow the segment: the model is asked about those alone, and about a bounded number of them.
            if (tried >= JUDGE_LIMIT || scanned++ >= PAST_SCAN || !old.tcpState().isSynchronized()
                    || m.isAck() && !old.rcv().nxt().equals(m.ack()) || after.lt(old.snd().una())) {
                continue;
            }
            if (belowFloor(m)) {
                break;
            }
            tried++;
            Tcb before = old.withSnd(old.snd().withMss(t.snd().mss()));
            if (Conformance.violations(before, m).isEmpty()) {
                if (noting) {
                    note("sent before frame " + p.frame()
                            + " arrived (delayed or reordered before the capture point)");
                }
                return t;
            }
        }
        if (t.tcpState().isSynchronized() && beforeKept(from, m, oldest)) {
            // Sent before the oldest TCB kept: its RCV.NXT and SND.UNA then are known only to lie at or after the
            // start of each sequence space.
            earlier = true;
            leastRcv = t.rcv().irs().plus(1);
            leastUna = t.snd().iss();
        }
        if (earlier && t.tcpState().isSynchronized()) {
            Tcb span = t;
            if (m.isAck() && leastRcv.le(m.ack()) && m.ack().lt(t.rcv().nxt())) {
                span = span.withRcv(span.rcv().withNxt(m.ack()));
            }
            if (leastUna.lt(t.snd().una()) && leastUna.le(m.seq())) {
                span = span.withSnd(span.snd().withUna(leastUna));
            }
            if (span != t && !belowFloor(m) && Conformance.violations(span, m).isEmpty()) {
                note("sent before arrivals seen shortly before it (delayed or reordered before the capture point)");
                return t;
            }
        }
        Violation.Certainty c = earlier || a.assumedArrival || !a.inbound.isEmpty() ? Violation.Certainty.TIMING
                : Violation.Certainty.WIRE;
        for (String r : v) {
            violationCount++;
            if (violations.size() < limits.violations()) {
                violations.add(new Violation(frame, a.address, r, c));
            }
        }
        return t;
    }

    /** Whether {@code m}'s SEG.ACK lies below one its sender sent in a segment its TSval shows was sent before. */
    private boolean belowFloor(Segment m) {
        return m.isAck() && ackFloor >= 0 && m.ack().lt(SeqNum.of(ackFloor));
    }

    /**
     * Whether {@code y} echoes a TSval older than {@code x}'s: its sender had not processed {@code x} when it sent
     * {@code y} (RFC 7323 §4.3: TS.Recent would be x's TSval), so the two crossed; {@code y} repeating what {@code x}
     * acknowledges does not show that {@code x} was lost.
     */
    private static boolean echoesBefore(CapturedSegment y, CapturedSegment x) {
        return y.options().hasTimestamps() && x.options().hasTimestamps()
                && Paws.before(y.options().tsEcr(), x.options().tsVal());
    }

    /** The TSecr of {@code m} (RFC 7323 §3.2), -1 without a Timestamps option. */
    private static long echo(Segment m) {
        Option<SegmentOption.Timestamps> ts = m.option(SegmentOption.Timestamps.class);
        return ts.isDefined() ? ts.get().tsEcr() : -1;
    }

    /**
     * Whether a segment echoing TSecr {@code ecr} may have been sent before the arrival {@code p}, however long ago
     * the capture point saw that arrival: its TSval is the echo or later. A TCP echoes TS.Recent, the TSval of the
     * latest in-sequence segment it processed (RFC 7323 §4.3): one with a later TSval it had not processed yet, and
     * of several with the echoed value it may have processed only the first. (A segment above a hole does not move
     * TS.Recent; taking the TCB before its arrival then only widens what is allowed.)
     */
    private static boolean echoedBefore(EndpointView.Past p, long ecr) {
        if (ecr < 0 || p.segment() == null) {
            return false;
        }
        CapturedSegment w = p.segment().wire();
        return w.options().hasTimestamps() && !Paws.before(w.options().tsVal(), ecr)
                && (w.options().tsVal() != ecr || p.echoSeenBefore());
    }

    /**
     * The latest capture time of an arrival before which the segment being replayed, from endpoint {@code from},
     * may have been sent: the capture point's bound after when its TSval was last current, or after now.
     */
    private long newestSent(int from, long time) {
        return late ? side[from].sentBy + capture.bound(from) : time;
    }

    /** The earliest such time: the bound before its TSval was first seen, before now without a late TSval. */
    private long oldestSent(int from, long time) {
        EndpointView a = side[from];
        if (!late) {
            return time - capture.bound(from);
        }
        return a.sentFrom == Long.MIN_VALUE ? Long.MIN_VALUE
                : Math.min(time, a.sentFrom) - capture.bound(from);
    }

    /**
     * The least RCV.NXT endpoint {@code from} had over the span in which the segment being replayed may have been
     * sent ({@link #newestSent}, {@link #oldestSent}): its TCBs before the arrivals in it, and its current {@code
     * t}; the start of the sequence space when the span reaches before the oldest TCB kept.
     */
    private SeqNum leastRcvNxt(int from, Tcb t, Segment m, long time) {
        EndpointView a = side[from];
        long oldest = oldestSent(from, time);
        if (beforeKept(from, m, oldest)) {
            return t.rcv().irs().plus(1);
        }
        SeqNum least = t.rcv().nxt();
        for (EndpointView.Past p : sentSpan(from, m, time)) {
            Tcb old = p.tcb();
            if (old.tcpState().isSynchronized() && old.rcv().nxt().lt(least)) {
                least = old.rcv().nxt();
            }
        }
        return least;
    }

    /**
     * Whether {@code m}, from endpoint {@code from}, may have been sent before the oldest of its earlier TCBs kept:
     * its TSval dates it before the capture time {@code oldest} that that TCB is after, or its TSecr shows it was
     * sent before that TCB's arrival had been processed ({@link #echoedBefore}; a sender held up for longer than
     * the earlier TCBs are kept, as a loaded host's is, echoes a TSval of long before).
     */
    private boolean beforeKept(int from, Segment m, long oldest) {
        EndpointView a = side[from];
        if (late && a.olderClock && (a.past.isEmpty() || a.past.peek().timeNanos() > oldest)) {
            return true;
        }
        return !a.past.isEmpty() && echoedBefore(a.past.peek(), echo(m));
    }

    /**
     * The earlier TCBs of endpoint {@code from} that {@code m}, seen at {@code time}, may have been sent with, newest
     * first: those before the arrivals within {@link #newestSent} and {@link #oldestSent}, and those before any
     * arrival its TSecr shows it had not processed yet ({@link #echoedBefore}).
     */
    private java.util.List<EndpointView.Past> sentSpan(int from, Segment m, long time) {
        long newest = newestSent(from, time);
        long oldest = oldestSent(from, time);
        long ecr = echo(m);
        java.util.ArrayList<EndpointView.Past> span = new java.util.ArrayList<>();
        java.util.Iterator<EndpointView.Past> it = side[from].past.descendingIterator();
        while (it.hasNext()) {
            EndpointView.Past p = it.next();
            boolean echoed = echoedBefore(p, ecr);
            if (!echoed && p.timeNanos() > newest) {
                continue;
            }
            if (!echoed && p.timeNanos() < oldest) {
                break;
            }
            span.add(p);
        }
        return span;
    }

    private void check(EndpointView a, Segment m, long frame) {
        report(a, frame, Conformance.violations(a.tcb, m));
    }

    /**
     * MUST-19 in capture order ({@link CongestionView}): {@code w} may reach the other endpoint as an ACK, and its
     * sender's flight after it must stay within the bound; a violation depends on the capture holding every ACK.
     */
    private void congested(int from, CapturedSegment w, Segment m, long frame) {
        congestion[1 - from].peerSent(p, side[1 - from].tcb, m);
        List<String> v = congestion[from].sent(p, side[from].tcb, w, m);
        for (String r : v) {
            violationCount++;
            if (violations.size() < limits.violations()) {
                violations.add(new Violation(frame, side[from].address, r, Violation.Certainty.TIMING));
            }
        }
    }

    private void report(EndpointView a, long frame, List<String> reasons) {
        Violation.Certainty c = a.assumedArrival || !a.inbound.isEmpty() ? Violation.Certainty.TIMING
                : Violation.Certainty.WIRE;
        for (String r : reasons) {
            violationCount++;
            if (violations.size() < limits.violations()) {
                violations.add(new Violation(frame, a.address, r, c));
            }
        }
    }

    // ------------------------------------------------------------------ synchronising

    /**
     * An endpoint in SYN-SENT sends its first segment after the SYN with an ACK, while nothing of its peer was seen:
     * only a SYN,ACK makes SYN-SENT send that (RFC 9293 §3.10.7.3: "If the SYN bit is on and the security/compartment
     * is acceptable, then RCV.NXT is set to SEG.SEQ+1, IRS is set to SEG.SEQ ... form an ACK segment"). The capture
     * misses the peer's SYN,ACK (a capture of one direction only, or a lost frame): the peer is presumed to have
     * answered the SYN from LISTEN with {@code <SEQ=SEG.ACK-1><ACK=ISS+1><CTL=SYN,ACK>}, and that SYN,ACK to have
     * arrived. Its MSS and window scale are unknown, so they are left as permissive as a conforming TCP could have
     * made them. Counted as capture loss, with a note.
     */
    private void presumeSynAck(int from, CapturedSegment w, long nowMs, long frame, long time) {
        EndpointView a = side[from];
        EndpointView b = side[1 - from];
        SeqNum iss = a.tcb.snd().iss();
        SeqNum peerIss = SeqNum.of(w.ack()).minus(1);
        Segment theirSyn = null;
        java.util.Iterator<EndpointView.InFlight> it = b.inbound.iterator();
        while (it.hasNext()) {
            EndpointView.InFlight x = it.next();
            if (x.model().syn() && !x.model().isAck() && !x.model().rst() && x.model().seq().equals(iss)) {
                theirSyn = x.model();
                it.remove();
            }
        }
        if (theirSyn == null) {
            theirSyn = Segment.of(iss, io.github.tcpmodel.segment.Control.SYN).withWindow(a.tcb.rcv().wnd());
        }
        Tcb listen = UserCalls.open(p, Tcb.closed(), true, false, Option.none(), SeqNum.ZERO, nowMs).get().tcb();
        Either<String, Step> answered = Arrival.segmentArrives(p, listen, theirSyn, peerIss, nowMs,
                Choices.reference());
        Segment synAck = Segment.of(peerIss, io.github.tcpmodel.segment.Control.SYN).withAck(iss.plus(1))
                .withWindow(0xFFFF).withMss(UNKNOWN_MSS);
        Either<String, Step> arrived = Arrival.segmentArrives(p, a.tcb, synAck, iss, nowMs, Choices.reference());
        if (answered.isLeft() || arrived.isLeft()) {
            return;
        }
        b.fresh = false;
        b.tcb = answered.get().tcb();
        b.scaleUnknown = true;
        a.scaleUnknown = true;
        record(1 - from, frame, time, "presumed SYN,ACK (not in the capture)");
        a.tcb = arrived.get().tcb();
        record(from, frame, time, "received a presumed SYN,ACK");
        captureLoss++;
        note("capture loss: a SYN,ACK <SEQ=" + peerIss.value() + "><ACK=" + iss.plus(1).value()
                + "> that this segment acknowledges is not in the capture (presumed)");
    }

    /**
     * The capture begins with a SYN,ACK: its sender was in LISTEN and has just answered a SYN with {@code
     * SEG.SEQ = SEG.ACK - 1}, which its peer sent from SYN-SENT (RFC 9293 §3.10.7.2).
     */
    private void synchronizeHandshake(int from, CapturedSegment w, long nowMs, long frame, long time) {
        EndpointView a = side[from];
        EndpointView b = side[1 - from];
        SeqNum peerIss = SeqNum.of(w.ack()).minus(1);
        if (b.fresh) {
            b.fresh = false;
            b.tcb = UserCalls.open(p, Tcb.closed(), false, true, Option.none(), peerIss, nowMs).get().tcb();
            record(1 - from, frame, time, "synchronised: its SYN preceded the capture");
        }
        Tcb listen = UserCalls.open(p, Tcb.closed(), true, false, Option.none(), SeqNum.ZERO, nowMs).get().tcb();
        Segment peerSyn = Segment.of(peerIss, io.github.tcpmodel.segment.Control.SYN).withWindow(p.receiveWindow());
        a.tcb = Arrival.segmentArrives(p, listen, peerSyn, SeqNum.of(w.seq()), nowMs, Choices.reference()).get()
                .tcb();
        a.scaleUnknown = true;
        b.scaleUnknown = true;
        note("synchronised from a SYN,ACK");
    }

    /**
     * The capture begins mid-connection: both endpoints are taken as ESTABLISHED with the sequence numbers this
     * segment shows; what it cannot show (the peer's SND.NXT, windows, window scale, MSS) is left as permissive as
     * a conforming TCP could have made it, and the peer's send variables are re-seated by its first segment.
     */
    private void synchronize(int from, CapturedSegment w, long frame, long time) {
        EndpointView a = side[from];
        EndpointView b = side[1 - from];
        long nowMs = time / MS;
        SeqNum seq = SeqNum.of(w.seq());
        SeqNum ack = w.has(CapturedSegment.ACK) ? SeqNum.of(w.ack()) : SeqNum.ZERO;
        a.scaleUnknown = true;
        a.tcb = established(seq, ack, nowMs);
        a.sendGuessed = false;
        record(from, frame, time, "synchronised mid-connection");
        if (b.fresh) {
            b.fresh = false;
            b.scaleUnknown = true;
            b.sendGuessed = true;
            b.tcb = established(ack, seq, nowMs);
            record(1 - from, frame, time, "synchronised mid-connection");
        }
        note("synchronised mid-connection");
    }

    private Tcb established(SeqNum sndNxt, SeqNum rcvNxt, long nowMs) {
        Tcb t = Tcb.opened(ConnectionState.of(TcpState.ESTABLISHED), Option.none(), true, p.initialRto(), nowMs);
        SendVars snd = new SendVars(sndNxt.minus(1), sndNxt, sndNxt, UNKNOWN_WINDOW, sndNxt, sndNxt,
                UNKNOWN_WINDOW, UNKNOWN_MSS, Option.none());
        return t.withSnd(snd).withRcv(new ReceiveVars(rcvNxt.minus(1), rcvNxt, UNKNOWN_WINDOW, rcvNxt));
    }

    /** An endpoint whose send variables were guessed: its first segment shows where its sequence space is. */
    private static void reseat(EndpointView a, CapturedSegment w) {
        a.sendGuessed = false;
        SeqNum seq = SeqNum.of(w.seq());
        SendVars snd = a.tcb.snd();
        SeqNum una = seq.lt(snd.una()) ? seq : snd.una();
        SeqNum nxt = snd.nxt().lt(seq) ? seq : snd.nxt();
        a.tcb = a.tcb.withSnd(new SendVars(una.minus(1), una, nxt, snd.wnd(), snd.wl1(), snd.wl2(), snd.maxWnd(),
                snd.mss(), snd.fin()));
    }

    // ------------------------------------------------------------------ recording

    private int shift(int from, CapturedSegment w) {
        if (w.has(CapturedSegment.SYN)) {
            return 0;
        }
        EndpointView a = side[from];
        EndpointView b = side[1 - from];
        // The receiver's model applies the negotiated shift itself (WindowScaling.sendWindow, RFC 7323 §2.3).
        if (b.tcb.negotiated().windowScaling()) {
            return 0;
        }
        // A first segment after the handshake (the capture began mid-connection) already has a scaled window.
        if (a.scaleUnknown || a.fresh) {
            return 14;
        }
        // RFC 7323 §2.2: scaling applies only when both SYNs carried the option.
        return a.windowScale >= 0 && b.windowScale >= 0 ? a.windowScale : 0;
    }

    /**
     * Passes what the two SYNs negotiated into endpoint {@code i}'s TCB once both were seen and it is past LISTEN
     * (RFC 7323 §2.2: window scaling when both SYNs carried the option, Snd.Wind.Shift the peer's and
     * Rcv.Wind.Shift its own; RFC 2018 §2: SACK when both carried SACK-Permitted): the observed offers, whatever the
     * profile would have offered. The model then scales the peer's windows itself ({@link WindowScaling}).
     * Timestamps when both SYNs carried the option (RFC 7323 §3.2), TS.Recent from the peer's SYN: the model
     * then applies PAWS and keeps TS.Recent (its {@code Paws}); Last.ACK.sent is each segment's SEG.ACK as sent.
     */
    private void negotiate(int i) {
        EndpointView s = side[i];
        EndpointView peer = side[1 - i];
        if (!s.synSeen || !peer.synSeen || s.scaleUnknown || peer.scaleUnknown || s.fresh
                || s.tcb.tcpState().compareTo(TcpState.SYN_RECEIVED) < 0) {
            return;
        }
        boolean ws = s.windowScale >= 0 && peer.windowScale >= 0;
        int snd = ws ? Math.min(Negotiated.MAX_SHIFT, peer.windowScale) : 0;
        int rcv = ws ? Math.min(Negotiated.MAX_SHIFT, s.windowScale) : 0;
        boolean sack = s.sackPermitted && peer.sackPermitted;
        boolean ts = s.synTsVal >= 0 && peer.synTsVal >= 0;
        Negotiated n = s.tcb.negotiated();
        if (n.windowScaling() != ws || n.sndShift() != snd || n.rcvShift() != rcv || n.sackOk() != sack
                || n.timestamps() != ts) {
            // TS.Recent starts as the peer's SYN's TSval, Last.ACK.sent as RCV.NXT (RFC 7323 §4.3).
            long recent = ts ? (n.timestamps() ? n.tsRecent() : peer.synTsVal) : 0;
            s.tcb = s.tcb.withNegotiated(new Negotiated(ws, snd, rcv, ts, recent, n.timestamps() ? n.tsRecentAt()
                    : lastTime / MS, n.timestamps() ? n.lastAckSent() : s.tcb.rcv().nxt(), sack, n.ecn()));
        }
    }

    private void note(String s) {
        if (!noting) {
            return;
        }
        if (note.length() > 0) {
            note.append("; ");
        }
        note.append(s);
    }

    /** Whether endpoint {@code i} is in a state not recorded yet. */
    private boolean changed(int i) {
        EndpointView s = side[i];
        return !s.stateRecorded || s.last != s.tcb.tcpState();
    }

    /**
     * Whether endpoint {@code i}'s state history has room for one more entry: the cause of a change is formed only
     * then (a connection the report does not list keeps no history, and its changes are many).
     */
    private boolean keepsStates(int i) {
        return side[i].states.size() < limits.states();
    }

    /** Records endpoint {@code i}'s state if it changed; {@code cause} may be null when the history is full. */
    private void record(int i, long frame, long time, String cause) {
        EndpointView s = side[i];
        TcpState now = s.tcb.tcpState();
        if (s.stateRecorded && now == s.last) {
            return;
        }
        if (!s.stateRecorded && now == TcpState.CLOSED && s.fresh) {
            return;
        }
        s.stateRecorded = true;
        s.last = now;
        if (s.states.size() < limits.states()) {
            s.states.add(new StateEntry(now, frame, time, cause));
        }
    }

    /** Records a state change caused by an arrival, and shows it in the rows from {@code atFrame} on. */
    private void recordFrom(int i, long atFrame, long atTime, String cause) {
        TcpState before = side[i].last;
        boolean was = side[i].stateRecorded;
        record(i, atFrame, atTime, cause);
        TcpState now = side[i].tcb.tcpState();
        if (was && before == now) {
            return;
        }
        for (int r = rows.size() - 1; r >= 0 && rows.get(r).frame() >= atFrame; r--) {
            rows.set(r, rows.get(r).withState(i, now));
        }
    }
}
