package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * SEGMENT ARRIVES (RFC 9293 §3.10.7): CLOSED (§3.10.7.1), LISTEN (§3.10.7.2), SYN-SENT (§3.10.7.3) and the other
 * states (§3.10.7.4) with their checks in the RFC's order: sequence number (the four cases of Table 6), RST,
 * (security, not modelled), SYN, ACK, URG, text, FIN.
 *
 * <p>The table drives the state. The checks classify the segment into the table events that name its effect (rcv
 * SYN, rcv ACK of SYN, rcv FIN, rcv ACK of FIN, ...) and update the sequence variables, queues and timers; the new
 * state is the target of the profile's {@link Profile#table() table} for each event in turn ({@link #enter}), never
 * assigned beside it. A segment that makes two events the table has no single event for (a SYN,ACK that also
 * carries a FIN in SYN-SENT: {@code rcv SYN,ACK}, then {@code rcv FIN}) steps the table once per event, in the
 * RFC's order.
 *
 * <p>The table has no event for a segment that fails a check and is dropped or answered with an ACK; such a step is
 * classified onto a self-loop or refusal of the state: {@code rcv bad ACK} when an ACK is sent (and in SYN-RECEIVED
 * always), {@code rcv ACK of SYN} when the segment is dropped silently in a synchronized state or SYN-SENT, {@code
 * rcv RST} in CLOSED and LISTEN.
 */
public final class Arrival {

    private Arrival() {
    }

    private static final long BIG_WINDOW = 1L << 31;

    /**
     * Processes {@code seg} arriving at time {@code now}; {@code iss} is used only if the segment opens a
     * connection (a SYN in LISTEN, or one reopening TIME-WAIT). An error when {@code now} is before the last
     * arrival.
     */
    public static Either<String, Step> segmentArrives(Profile p, Tcb t, Segment seg, SeqNum iss, long now,
                                                     Choices c) {
        return segmentArrives(p, t, seg, iss, now, c, true);
    }

    /**
     * {@link #segmentArrives(Profile, Tcb, Segment, SeqNum, long, Choices)}, with header prediction ({@link
     * #predicted}) tried first when {@code predict}; the test that compares the two paths turns it off.
     */
    static Either<String, Step> segmentArrives(Profile p, Tcb t, Segment seg, SeqNum iss, long now, Choices c,
                                               boolean predict) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(seg, "segment is null");
        Objects.requireNonNull(iss, "iss is null");
        Objects.requireNonNull(c, "choices is null");
        if (now < t.lastReceived()) {
            return Either.left("time went backwards: a segment at " + now + " after one at " + t.lastReceived());
        }
        return OptionStamp.stamp(p, t, now, Either.right(switch (t.tcpState()) {
            case CLOSED -> closed(p, t, seg, iss, now);
            case LISTEN -> listen(p, t, seg, iss, now);
            case SYN_SENT -> synSent(p, t, seg, iss, now, c);
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT ->
                    other(p, t, seg, iss, now, c, false, predict);
        }));
    }

    // ------------------------------------------------------------------ §3.10.7.1 CLOSED

    private static Step closed(Profile p, Tcb t, Segment seg, SeqNum iss, long now) {
        if (seg.rst()) {
            return step(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_RST,
                    "§3.10.7.1: an incoming segment containing a RST is discarded");
        }
        // RFC 9293 §3.10.7.1: every other segment is answered with a reset acceptable to its sender.
        return step(p, t, seg, iss, now, List.of(Out.resetFor(seg)), List.empty(), classify(seg),
                "§3.10.7.1: a segment not containing a RST causes a RST to be sent");
    }

    /** The table event of a segment that is not examined further: by its SYN, FIN and ACK bits. */
    private static Event classify(Segment seg) {
        if (seg.syn()) {
            return seg.isAck() ? Event.RCV_SYN_ACK : Event.RCV_SYN;
        }
        return seg.fin() ? Event.RCV_FIN : Event.RCV_ACK;
    }

    // ------------------------------------------------------------------ §3.10.7.2 LISTEN

    private static Step listen(Profile p, Tcb t, Segment seg, SeqNum iss, long now) {
        // First, check for a RST: it cannot answer anything this incarnation sent.
        if (seg.rst()) {
            return step(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_RST,
                    "§3.10.7.2 first: an incoming RST is ignored");
        }
        // Second, check for an ACK: any acknowledgment is bad in LISTEN.
        if (seg.isAck()) {
            return step(p, t, seg, iss, now, List.of(Out.resetFor(seg)), List.empty(), classify(seg),
                    "§3.10.7.2 second: an ACK-bearing segment gets <SEQ=SEG.ACK><CTL=RST>");
        }
        // Third, check for a SYN: the table's rcv SYN enters SYN-RECEIVED (see synReceived), which forms the
        // SYN,ACK and queues it for retransmission.
        if (seg.syn()) {
            Tcb u = enter(p, t, List.of(Event.RCV_SYN), seg, iss, now);
            return Step.of(u, List.of(u.retransmission().head()), List.empty(), Event.RCV_SYN,
                    "§3.10.7.2 third: RCV.NXT <- SEG.SEQ+1, IRS <- SEG.SEQ, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>");
        }
        // Fourth, other text or control: "This should not be reached. Drop the segment and return."
        return step(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_RST,
                "§3.10.7.2 fourth: a segment without SYN, ACK or RST is dropped");
    }

    /**
     * The TCB after a connection request {@code seg} arrives at a listener {@code base}: SYN-RECEIVED (passive),
     * the SYN,ACK on the retransmission queue, and any text or FIN on the SYN held for processing after
     * ESTABLISHED is reached ("queued for processing later", §3.10.7.2). RFC9293-CHOICE: the held text is not
     * acknowledged by the SYN,ACK (RCV.NXT = SEG.SEQ + 1, as the RFC writes); it is taken, and acknowledged, when
     * the handshake completes. MSS: the peer's option, or without one 536 over IPv4 and 1220 over IPv6 (§3.7.1,
     * MUST-15, {@link Profile#defaultSendMss()}). Called by {@link
     * #enter} only, when the table's target is SYN-RECEIVED (passive).
     */
    private static Tcb synReceived(Profile p, Tcb base, ConnectionState target, Segment seg, SeqNum iss, long now) {
        Tcb t = UserCalls.listening(p, base.userTimeout(), base.remoteSpecified(), now)
                .withState(target)
                .withRcv(ReceiveVars.afterSyn(seg.seq(), p.receiveWindow()))
                .withSnd(SendVars.afterSyn(iss, seg.mss().getOrElse(p.defaultSendMss())))
                .withNegotiated(Negotiation.onSyn(p, seg, now));
        // RFC 7413 §4.2.2 (the profile's Fast Open switch): the text of a SYN with a valid cookie is accepted.
        boolean fastOpen = FastOpen.accepts(p, seg);
        t = fastOpen ? FastOpen.take(t, seg) : t;
        Segment synAck = FastOpen.cookieRequested(p, seg) ? FastOpen.withCookie(Out.synAck(p, t), seg, seg.seq())
                : Out.synAck(p, t);
        // The profile's switch (Linux without TCP Fast Open): the text of the SYN is discarded, not held.
        t = t.withRetransmission(List.of(synAck))
                .withReassembly(p.synTextDiscarded() || fastOpen ? List.empty() : held(seg));
        return Timers.normalize(p, t, now);
    }

    /** The text and FIN of a SYN, held until ESTABLISHED; empty when the SYN carries neither. */
    private static List<Segment> held(Segment syn) {
        return syn.trim(syn.seq().plus(1), BIG_WINDOW).filter(s -> s.len() > 0).toList();
    }

    // ------------------------------------------------------------------ §3.10.7.3 SYN-SENT

    private static Step synSent(Profile p, Tcb t, Segment seg, SeqNum iss, long now, Choices c) {
        SendVars snd = t.snd();
        boolean ackOk = false;
        // First, check the ACK bit.
        if (seg.isAck()) {
            if (seg.ack().le(snd.iss()) || !seg.ack().le(snd.nxt())) {
                // The profile's switch (Linux): before the SYN's first retransmission, the timer is re-armed at
                // the minimum, so the SYN goes out again at once.
                boolean rearm = p.synRetransmitOnBadAck() && t.retries() == 0 && !t.retransmission().isEmpty();
                Tcb u = rearm ? t.withTimers(t.timers().put(Timer.RETRANSMISSION, now + Profile.SYN_REARM_INTERVAL))
                        : t;
                String also = rearm ? "; the SYN retransmission is re-armed at the minimum (Linux)" : "";
                if (seg.rst()) {
                    return step(p, u, seg, iss, now, List.empty(), List.empty(), Event.RCV_ACK_OF_SYN,
                            "§3.10.7.3 first: a RST with an unacceptable ACK is dropped" + also);
                }
                Event e = seg.ack().equals(snd.una()) && !seg.syn() ? Event.RCV_ACK : Event.RCV_BAD_ACK;
                return step(p, u, seg, iss, now, List.of(Out.resetFor(seg)), List.empty(), e,
                        "§3.10.7.3 first: SEG.ACK =< ISS or SEG.ACK > SND.NXT: send <SEQ=SEG.ACK><CTL=RST>" + also);
            }
            ackOk = snd.una().lt(seg.ack()) && seg.ack().le(snd.nxt());
        }
        // Second, check the RST bit. Erratum 8167 (verified): RFC 5961 adds no rule to RST handling in SYN-SENT,
        // so the RST counts exactly when its ACK is acceptable, whatever its SEG.SEQ.
        if (seg.rst()) {
            if (ackOk) {
                return step(p, t, seg, iss, now, List.empty(), List.of(Notice.CONNECTION_RESET), Event.RCV_RST,
                        "§3.10.7.3 second: a RST with an acceptable ACK: \"error: connection reset\", CLOSED");
            }
            return step(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_ACK_OF_SYN,
                    "§3.10.7.3 second: a RST without an ACK is dropped");
        }
        // Fourth, check the SYN bit (third, security, is not modelled).
        if (seg.syn()) {
            ReceiveVars rcv = ReceiveVars.afterSyn(seg.seq(), t.rcv().wnd());
            SendVars s = snd.withMss(seg.mss().getOrElse(p.defaultSendMss()));
            if (seg.isAck()) {
                s = s.withUna(seg.ack());
            }
            // RFC9293-CHOICE: the RFC sets SND.WND, SND.WL1 and SND.WL2 only on the way to SYN-RECEIVED; the
            // window of a SYN,ACK is taken here too, or the first data would wait for a window update.
            s = s.withWindow(seg.window(), seg.seq(), seg.isAck() ? seg.ack() : snd.iss());
            Tcb u = t.withRcv(rcv).withSnd(s).withLastReceived(now).withNegotiated(Negotiation.onSyn(p, seg, now));
            u = u.withRetransmission(acked(u.retransmission(), s.una())).withRetries(0);
            Segment rest = seg.trim(rcv.nxt(), rcv.wnd()).getOrElse(Segment.of(rcv.nxt()));
            if (s.una().gt(snd.iss())) {
                // Our SYN is acknowledged: rcv SYN,ACK (ESTABLISHED), ACK it, and continue at the sixth step (URG,
                // text, FIN) by the rules of the state the table entered; a FIN there is a second event, rcv FIN.
                // RFC 7413 §4.2.2: text of a Fast Open SYN that the SYN,ACK did not acknowledge is sent again.
                u = Timers.restart(FastOpen.requeued(enter(p, u, List.of(Event.RCV_SYN_ACK), seg, iss, now)),
                        Timer.RETRANSMISSION, Timer.USER);
                Processed pr = text(p, u, u.tcpState(), rest.withAck(seg.ack()), Choices.reference(), true);
                List<Event> events = pr.finProcessed
                        ? List.of(Event.RCV_SYN_ACK, Event.RCV_FIN) : List.of(Event.RCV_SYN_ACK);
                Tcb v = enter(p, pr.tcb, events.tail(), seg, iss, now);
                return new Step(Timers.normalize(p, v, now), pr.sent, pr.told, 0, events,
                        "§3.10.7.3 fourth: our SYN is acknowledged: ESTABLISHED, send <SEQ=SND.NXT><ACK=RCV.NXT>"
                                + "<CTL=ACK>" + (pr.finProcessed ? ", then the FIN (§3.10.7.4 eighth)" : ""));
            }
            // Simultaneous open: rcv SYN (SYN-RECEIVED), sending SYN,ACK with the same ISS; text waits for
            // ESTABLISHED.
            u = enter(p, u, List.of(Event.RCV_SYN), seg, iss, now).withReassembly(held(seg));
            Segment synAck = Out.synAck(p, u);
            u = Timers.normalize(p, Timers.restart(u.withRetransmission(List.of(synAck)), Timer.RETRANSMISSION),
                    now);
            return Step.of(u, List.of(synAck), List.empty(), Event.RCV_SYN,
                    "§3.10.7.3 fourth: a SYN without an ACK of ours: SYN-RECEIVED, send <SEQ=ISS><ACK=RCV.NXT>"
                            + "<CTL=SYN,ACK>");
        }
        // Fifth: neither SYN nor RST.
        return step(p, t, seg, iss, now, List.empty(), List.empty(), !seg.isAck() && seg.fin() ? Event.RCV_FIN
                : Event.RCV_ACK_OF_SYN, "§3.10.7.3 fifth: neither SYN nor RST is set: drop the segment");
    }

    /** The retransmission queue without what {@code una} acknowledges; a partly acknowledged segment is trimmed. */
    private static List<Segment> acked(List<Segment> queue, SeqNum una) {
        // Each segment is dropped (empty, or wholly below una), trimmed to begin at una, or kept as it is. The list
        // after the last segment that is not kept is shared, not rebuilt: an ACK costs what it acknowledges.
        int changed = -1;
        int i = 0;
        for (List<Segment> l = queue; !l.isEmpty(); l = l.tail(), i++) {
            if (!keptWhole(l.head(), una)) {
                changed = i;
            }
        }
        if (changed < 0) {
            return queue;
        }
        java.util.ArrayList<Segment> front = new java.util.ArrayList<>(changed + 1);
        List<Segment> rest = queue;
        for (int k = 0; k <= changed; k++, rest = rest.tail()) {
            Segment s = rest.head();
            if (s.len() > 0 && !s.last().lt(una)) {
                Option<Segment> part = s.trim(una, BIG_WINDOW);
                if (part.isDefined()) {
                    front.add(part.get());
                }
            }
        }
        for (int k = front.size() - 1; k >= 0; k--) {
            rest = rest.prepend(front.get(k));
        }
        return rest;
    }

    /** Whether {@link #acked} keeps {@code s} unchanged: {@code s.trim(una, BIG_WINDOW)} would be {@code s}. */
    private static boolean keptWhole(Segment s, SeqNum una) {
        long len = s.len();
        if (len == 0) {
            return false;
        }
        long start = s.seq().distanceFrom(una);
        return start >= 0 && start + len <= BIG_WINDOW;
    }

    // ------------------------------------------------------------------ §3.10.7.4 other states

    /**
     * {@code crossed}: {@code seg} is what is left of the SYN,ACK that crossed ours in SYN-RECEIVED after an active
     * OPEN once its old SYN is trimmed off (see the Figure 7 rule below): its ACK of our SYN is that SYN,ACK's event.
     */
    private static Step other(Profile p, Tcb t0, Segment seg, SeqNum iss, long now, Choices c, boolean crossed,
                              boolean predict) {
        TcpState st = t0.tcpState();
        if (st == TcpState.ESTABLISHED && predict) {
            Step fast = predicted(p, t0, seg, iss, now, c);
            if (fast != null) {
                return fast;
            }
        }
        // Any segment from the peer restarts the keep-alive timer (§3.8.4: "idle").
        Tcb t = heard(t0, now);
        ReceiveVars rcv = t.rcv();

        // RFC 9293 §3.6.1 MAY-2 (RFC 6191 without timestamps, as Linux does): a new SYN above RCV.NXT reopens
        // TIME-WAIT if the new ISS is larger than anything the old incarnation used (the profile's table: rcv SYN
        // in TIME-WAIT enters SYN-RECEIVED, ProfileTables#withTimeWaitReopen).
        if (st == TcpState.TIME_WAIT && p.timeWaitReopen() && seg.syn() && !seg.isAck() && !seg.rst()) {
            if (rcv.nxt().lt(seg.seq()) && t.snd().nxt().lt(iss)) {
                Tcb u = enter(p, t, List.of(Event.RCV_SYN), seg, iss, now);
                return Step.of(u, List.of(u.retransmission().head()), List.empty(), Event.RCV_SYN,
                        "§3.6.1 MAY-2: a SYN with SEG.SEQ > RCV.NXT reopens the connection from TIME-WAIT");
            }
            // RFC9293-CHOICE: a SYN that does not qualify is taken as an old duplicate (MAY-2 (2)): ACK it.
            return done(p, t, seg, iss, now, List.of(Out.ack(t)), List.empty(), Event.RCV_BAD_ACK,
                    "§3.6.1 MAY-2: a SYN at or below RCV.NXT (or with too small an ISS) is an old duplicate: ACK");
        }

        // RFC 9293 §3.5 Figure 7, line 6 (the profile's switch): the peer's SYN,ACK that crossed ours in a
        // simultaneous open completes the handshake. By the text of the first check it is not acceptable (its only
        // octet, the SYN, lies before RCV.NXT); taken, its old SYN is trimmed off (as the first check's "only the
        // new parts are processed" would for a longer segment) and the rest is the ACK of our SYN, the event
        // rcv SYN,ACK of the profile's table (ProfileTables#withCrossedSynAck).
        if (st == TcpState.SYN_RECEIVED && p.crossedSynAckEstablishes() && crossedSynAck(t, seg)) {
            Step rest = other(p, t0, seg.without(Control.SYN).withSeq(rcv.nxt()), iss, now, c, true, predict);
            return new Step(rest.tcb(), rest.sent(), rest.told(), rest.delivered(), rest.projection(),
                    "§3.5 Figure 7 line 6: the SYN,ACK that crossed ours acknowledges our SYN; " + rest.rule());
        }

        // The profile's switch (Linux): a segment with none of ACK, RST, SYN is discarded before the sequence number
        // check, unanswered, by every full socket (not TIME-WAIT's timewait socket, nor the request socket of
        // SYN-RECEIVED after a passive OPEN). Nothing of the connection changes, not even the keep-alive idle time.
        boolean passiveOpen = t0.state().origin().contains(Origin.PASSIVE);
        if (p.dropWithoutAckRstSyn() && st != TcpState.TIME_WAIT && !passiveOpen && !seg.isAck() && !seg.rst()
                && !seg.syn()) {
            return step(p, t0, seg, iss, now, List.empty(), List.empty(), dropped(st),
                    "Linux (profile switch): a segment without ACK, RST or SYN is dropped before the sequence check");
        }
        if (st == TcpState.TIME_WAIT && (p.timeWaitSilentRst() || p.timeWaitAcksAll())) {
            Option<Step> tw = linuxTimeWait(p, t, seg, iss, now, c);
            if (tw.isDefined()) {
                return tw.get();
            }
        }

        // The profile's switch (Linux's request socket): the peer's SYN again gets our SYN,ACK again.
        if (p.requestSocket() && passiveOpen && st == TcpState.SYN_RECEIVED && seg.syn() && !seg.isAck()
                && !seg.rst() && seg.seq().plus(1).equals(rcv.nxt()) && !t.retransmission().isEmpty()) {
            Tcb u = Timers.restart(t, Timer.RETRANSMISSION);
            return done(p, u, seg, iss, now, List.of(t.retransmission().head()), List.empty(), Event.RCV_BAD_ACK,
                    "Linux (profile switch, request socket): the peer's SYN again is answered with the SYN,ACK again");
        }

        // RFC 7323 §5.3 R1 and §3.2: with timestamps in use, PAWS and the missing option come before Table 6.
        Option<Paws.Verdict> paws = Paws.check(p, t, seg, now);
        if (paws.isDefined()) {
            return done(p, t, seg, iss, now, paws.get().acked() ? replyAck(t, c) : List.empty(), List.empty(),
                    paws.get().acked() ? Event.RCV_BAD_ACK : dropped(st), paws.get().rule() + throttled(c));
        }

        // First, check the sequence number (Table 6; a RST by its sequence number alone).
        boolean acceptable = seg.rst() ? resetValid(p, seg, rcv) : acceptable(seg, rcv);
        boolean refusedText = false;
        Segment s = seg;
        if (!acceptable) {
            // RFC9293-CHOICE: a retransmission of the peer's FIN lies wholly before RCV.NXT and fails the test;
            // it is still "a retransmission of the remote FIN" that TIME-WAIT acknowledges with a restart of the
            // 2 MSL timer (§3.10.7.4 fifth and eighth), so it is recognised here.
            if (seg.fin() && !seg.rst() && !seg.syn() && seg.seq().plus(seg.len()).equals(rcv.nxt())
                    && peerFinReceived(st)) {
                Tcb u = st == TcpState.TIME_WAIT ? Timers.restart(t, Timer.TIME_WAIT) : t;
                return done(p, u, seg, iss, now, List.of(Out.ack(u)), List.empty(), Event.RCV_FIN,
                        "§3.10.7.4 eighth: a retransmission of the remote FIN is acknowledged"
                                + (st == TcpState.TIME_WAIT ? " and the 2 MSL timeout restarted" : ""));
            }
            // "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made to
            // accept valid ACKs, URGs, and RSTs". RFC9293-CHOICE: a segment at RCV.NXT with text is processed as
            // if it were empty (its text and FIN refused), and an ACK is sent for the refused text; a RST there is
            // a valid RST also when it carries a SYN (the RST is checked second, before the SYN, fourth).
            if (rcv.wnd() == 0 && seg.seq().equals(rcv.nxt()) && (!seg.syn() || seg.rst())) {
                s = seg.without(Control.FIN).withDataLength(0);
                refusedText = true;
            } else if (seg.rst() && resetBeforeRcvNxt(p, st, seg, rcv)) {
                return reset(p, t, seg, iss, now);
            } else if (seg.rst()) {
                return done(p, t, seg, iss, now, List.empty(), List.empty(), dropped(st),
                        "§3.10.7.4 first: an unacceptable RST is dropped");
            } else {
                return done(p, t, seg, iss, now, replyAck(t, c), List.empty(), Event.RCV_BAD_ACK,
                        "§3.10.7.4 first: an unacceptable segment gets <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
                                + throttled(c));
            }
        } else {
            // Trim to the window, SYN and FIN included.
            s = seg.trim(rcv.nxt(), rcv.wnd()).getOrElse(seg);
        }
        // RFC 7323 §5.3 R3, §4.3: an acceptable segment may update TS.Recent.
        t = Paws.record(t, seg, now);

        // Second, check the RST bit.
        if (seg.rst()) {
            if (p.rfc5961() && !seg.seq().equals(rcv.nxt())) {
                return done(p, t, seg, iss, now, replyAck(t, c), List.empty(), Event.RCV_BAD_ACK,
                        "§3.10.7.4 second (RFC 5961 §3): an in-window RST not at RCV.NXT gets a challenge ACK"
                                + throttled(c));
            }
            return reset(p, t, seg, iss, now);
        }

        // Fourth, check the SYN bit (third, security, is not modelled). RFC 5961 §4 challenges a SYN "irrespective
        // of the sequence number", so also one trimmed off the front of an overlapping segment; otherwise only a
        // SYN in the window counts.
        boolean passive = t.state().origin().contains(Origin.PASSIVE);
        if (p.rfc5961() && !passive ? seg.syn() : s.syn()) {
            // Where the profile gives the crossed SYN,ACK of SYN-RECEIVED (active) its own arc, the other SYN,ACKs
            // of that state take the challenge of the SYN's entry.
            boolean crossedArc = st == TcpState.SYN_RECEIVED && !passive && p.crossedSynAckEstablishes();
            Event e = seg.isAck() && !crossedArc ? Event.RCV_SYN_ACK : Event.RCV_SYN;
            if (passive && p.requestSocket() && st == TcpState.SYN_RECEIVED) {
                // The profile's switch (Linux's request socket, which checks the ACK before the sequence number):
                // a reset; the embryonic connection is dropped (the profile's table: back to LISTEN) unless the ACK
                // is wrong, which only the reset answers.
                if (seg.isAck() && !seg.ack().equals(t.snd().nxt())) {
                    return done(p, t, seg, iss, now, List.of(Out.resetFor(seg)), List.empty(), Event.RCV_BAD_ACK,
                            "Linux (profile switch, request socket): SEG.ACK is not SND.NXT: <SEQ=SEG.ACK><CTL=RST>");
                }
                return step(p, t, seg, iss, now, List.of(Out.resetFor(seg)), List.empty(), e,
                        "Linux (profile switch, request socket): an in-window SYN resets the embryonic connection");
            }
            if (passive) {
                return step(p, t, seg, iss, now, List.empty(), List.empty(), e,
                        "§3.10.7.4 fourth: SYN-RECEIVED after a passive OPEN returns to LISTEN");
            }
            if (p.rfc5961()) {
                return done(p, t, seg, iss, now, replyAck(t, c), List.empty(), e,
                        "§3.10.7.4 fourth (RFC 5961 §4): a SYN in a synchronized state gets a challenge ACK"
                                + throttled(c));
            }
            return step(p, t, seg, iss, now, List.of(Out.resetFor(seg)), List.of(Notice.CONNECTION_RESET), e,
                    "§3.10.7.4 fourth (without RFC 5961): a SYN in the window is an error: reset, CLOSED");
        }

        // Fifth, check the ACK field.
        if (!seg.isAck()) {
            return done(p, t, seg, iss, now, List.empty(), List.empty(), dropped(st),
                    "§3.10.7.4 fifth: the ACK bit is off: drop the segment");
        }
        SendVars snd = t.snd();
        SeqNum ack = seg.ack();
        boolean synAcked = false;
        if (st == TcpState.SYN_RECEIVED) {
            if (!(snd.una().lt(ack) && ack.le(snd.nxt()))) {
                // RFC 5961's input check comes first: "All incoming segments whose ACK value doesn't satisfy the
                // above condition MUST be discarded and an ACK sent back"; "When the ACK value is acceptable, the
                // per-state processing below applies" (a reset in SYN-RECEIVED). MAX.SND.WND is 0 after a passive
                // OPEN (no window received yet), so there only SEG.ACK = SND.UNA reaches the reset.
                boolean inRange = snd.una().minus(snd.maxWnd()).le(ack) && ack.le(snd.nxt());
                if (p.rfc5961() && !p.synReceivedResetsBadAck() && !inRange) {
                    return done(p, t, seg, iss, now, replyAck(t, c), List.empty(), Event.RCV_BAD_ACK,
                            "§3.10.7.4 fifth (RFC 5961 §5): SEG.ACK outside [SND.UNA - MAX.SND.WND, SND.NXT]: "
                                    + "discard, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>" + throttled(c));
                }
                boolean inRangeEvent = p.rfc5961() && !p.synReceivedResetsBadAck() ? inRange : ack.equals(snd.una());
                Event e = inRangeEvent ? Event.RCV_ACK : Event.RCV_BAD_ACK;
                return done(p, t, seg, iss, now, List.of(Out.resetFor(seg)), List.empty(), e,
                        "§3.10.7.4 fifth: SYN-RECEIVED and the ACK is not acceptable: <SEQ=SEG.ACK><CTL=RST>"
                                + (p.rfc5961() && !inRange ? " (Linux, profile switch)" : ""));
            }
            t = t.withSnd(snd.withWindow(WindowScaling.sendWindow(t.negotiated(), seg), seg.seq(), ack));
            snd = t.snd();
            synAcked = true;
        } else {
            boolean inRange = p.rfc5961()
                    ? snd.una().minus(snd.maxWnd()).le(ack) && ack.le(snd.nxt())
                    : !ack.gt(snd.nxt());
            if (!inRange) {
                return done(p, t, seg, iss, now, replyAck(t, c), List.empty(), Event.RCV_BAD_ACK, (p.rfc5961()
                        ? "§3.10.7.4 fifth (RFC 5961 §5): SEG.ACK outside [SND.UNA - MAX.SND.WND, SND.NXT]: ACK, drop"
                        : "§3.10.7.4 fifth: SEG.ACK > SND.NXT acks something not yet sent: ACK, drop") + throttled(c));
            }
        }
        // The segment passed the checks: the connection is alive (the user timer restarts, §3.10.8). The send
        // variables, the retransmission queue, the timers and the retry count are updated below and the TCB built
        // once from them.
        Map<Timer, Long> timers = disarmed(t.timers(), Timer.USER);
        List<Segment> queue = t.retransmission();
        int retries = t.retries();
        boolean finAckedBefore = snd.finAcked();
        // The first ACK of our SYN also sets the send window when SYN-RECEIVED was left by a CLOSE (FIN-WAIT-1
        // before the handshake completed), as the SYN-RECEIVED rule would have (SND.WL1 has no value yet).
        boolean firstAck = !synAcked && snd.una().equals(snd.iss()) && snd.una().lt(ack) && ack.le(snd.nxt());
        boolean advances = snd.una().lt(ack) && ack.le(snd.nxt());
        if (advances) {
            snd = snd.withUna(ack);
            queue = acked(queue, ack);
            retries = 0;
            timers = disarmed(timers, Timer.RETRANSMISSION);
        }
        snd = windowUpdated(p, t.negotiated(), snd, seg, advances, firstAck);
        retries = probeAnswered(snd, ack, retries, queue) ? 0 : retries;
        t = acknowledged(t, snd, queue, timers, retries);
        boolean finAckedNow = snd.finAcked() && !finAckedBefore;
        if (st == TcpState.CLOSING) {
            // The ACK of our FIN: rcv ACK of FIN (TIME-WAIT, the 2 MSL timer started); any other: ignored.
            return snd.finAcked()
                    ? done(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_ACK_OF_FIN,
                            "§3.10.7.4 fifth: CLOSING and our FIN is acknowledged: TIME-WAIT")
                    : done(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_ACK,
                            "§3.10.7.4 fifth: CLOSING and not the ACK of our FIN: ignore the segment");
        }
        if (st == TcpState.LAST_ACK && snd.finAcked()) {
            return step(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_ACK_OF_FIN,
                    "§3.10.7.4 fifth: LAST-ACK and our FIN is acknowledged: delete the TCB, CLOSED");
        }

        // Sixth to eighth: URG, text, FIN, by the rules of ESTABLISHED once SYN-RECEIVED has its SYN acknowledged
        // ("enter ESTABLISHED state and continue processing", fifth).
        Processed pr = text(p, t, synAcked ? TcpState.ESTABLISHED : st, s, c, refusedText);
        // The segment's event, from the ACK check and the FIN: the table's arc gives the state (SYN-RECEIVED with
        // the FIN goes to CLOSE-WAIT, FIN-WAIT-1 with the ACK of our FIN and a FIN to TIME-WAIT, Note 2).
        Event e;
        if (synAcked) {
            e = crossed ? Event.RCV_SYN_ACK : pr.finProcessed ? Event.RCV_FIN : Event.RCV_ACK_OF_SYN;
        } else if (finAckedNow) {
            e = pr.finProcessed ? Event.RCV_FIN_ACK_OF_FIN : Event.RCV_ACK_OF_FIN;
        } else {
            e = pr.finProcessed ? Event.RCV_FIN : Event.RCV_ACK;
        }
        Tcb u = enter(p, pr.tcb, e, seg, iss, now);
        String rule;
        if (synAcked) {
            rule = "§3.10.7.4 fifth: SYN-RECEIVED and SND.UNA < SEG.ACK =< SND.NXT: ESTABLISHED" + pr.rule;
        } else if (pr.rule.isEmpty()) {
            rule = WINDOW_UPDATED;
        } else if (pr.rule == TEXT_ACCEPTED) {
            // The rule of an in-order segment of text, formed once: the step builds no string.
            rule = WINDOW_UPDATED_TEXT_ACCEPTED;
        } else {
            rule = WINDOW_UPDATED + pr.rule;
        }
        if (pr.finProcessed && u.state() != t.state()) {
            rule = rule + "; eighth: FIN: " + t.tcpState().rfcName() + " -> " + u.tcpState().rfcName();
        }
        return new Step(Timers.normalize(p, u, now), pr.sent, pr.told, 0, Step.projection(e), rule);
    }

    /**
     * Whether {@code seg} passes the acceptability test of RFC 9293 §3.10.7.4 (Table 6, its four cases of SEG.LEN
     * and RCV.WND being zero or not) against the receive variables {@code rcv}.
     */
    public static boolean acceptable(Segment seg, ReceiveVars rcv) {
        Objects.requireNonNull(seg, "segment is null");
        Objects.requireNonNull(rcv, "rcv is null");
        long len = seg.len();
        long wnd = rcv.wnd();
        if (len == 0) {
            return wnd == 0 ? seg.seq().equals(rcv.nxt()) : seg.seq().inWindow(rcv.nxt(), wnd);
        }
        return wnd > 0 && (seg.seq().inWindow(rcv.nxt(), wnd) || seg.last().inWindow(rcv.nxt(), wnd));
    }

    /**
     * Whether the RST {@code seg} passes the first check of RFC 9293 §3.10.7.4 against the receive variables {@code
     * rcv}: "In all states except SYN-SENT, all reset (RST) segments are validated by checking their SEQ fields. A
     * reset is valid if its sequence number is in the window" (and, with a zero window, "special allowance should be
     * made to accept valid ... RSTs": SEG.SEQ = RCV.NXT). Text a RST carries (SHLD-2) does not make it valid. Under
     * the profile's {@link Profile#rstSequenceByEnd()} (Linux) the test is the one for any segment: its end at or
     * beyond RCV.NXT, its start at or before RCV.NXT + RCV.WND.
     */
    public static boolean resetValid(Profile p, Segment seg, ReceiveVars rcv) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(seg, "segment is null");
        Objects.requireNonNull(rcv, "rcv is null");
        if (p.rstSequenceByEnd()) {
            return !seg.seq().plus(seg.len()).lt(rcv.nxt()) && !seg.seq().gt(rcv.nxt().plus(rcv.wnd()));
        }
        return seg.seq().equals(rcv.nxt()) || seg.seq().inWindow(rcv.nxt(), rcv.wnd());
    }

    /**
     * Whether {@code seg} is the peer's SYN,ACK of a simultaneous open as it arrives in SYN-RECEIVED after an active
     * OPEN: the peer's SYN again (SEG.SEQ = IRS, so SEG.SEQ + 1 = RCV.NXT) without text or FIN, acknowledging our
     * SYN (SND.UNA < SEG.ACK =< SND.NXT). Linux's test is the same (seq + 1 = rcv_nxt, ack = snd_nxt).
     */
    private static boolean crossedSynAck(Tcb t, Segment seg) {
        return t.state().origin().contains(Origin.ACTIVE) && seg.syn() && seg.isAck() && !seg.rst() && !seg.fin()
                && seg.dataLength() == 0 && seg.seq().plus(1).equals(t.rcv().nxt())
                && t.snd().una().lt(seg.ack()) && seg.ack().le(t.snd().nxt());
    }

    /**
     * The profile's switch {@link Profile#resetAtRcvNxtMinusOne()}: after the peer's FIN (CLOSE-WAIT, CLOSING,
     * LAST-ACK), a RST at RCV.NXT - 1, the sequence number of that FIN, counts as exact (Linux's tcp_reset_check).
     */
    private static boolean resetBeforeRcvNxt(Profile p, TcpState st, Segment seg, ReceiveVars rcv) {
        return p.resetAtRcvNxtMinusOne() && seg.rst() && seg.seq().plus(1).equals(rcv.nxt())
                && (st == TcpState.CLOSE_WAIT || st == TcpState.CLOSING || st == TcpState.LAST_ACK);
    }

    /**
     * TIME-WAIT as Linux's timewait socket handles it, where the profile's switches ask for it
     * ({@link Profile#timeWaitSilentRst()}, {@link Profile#timeWaitAcksAll()}); none when the segment takes the
     * RFC's way (a RST or a bare ACK at RCV.NXT, a RST under the other switch off, a reopening SYN, handled above).
     */
    private static Option<Step> linuxTimeWait(Profile p, Tcb t, Segment seg, SeqNum iss, long now, Choices c) {
        SeqNum nxt = t.rcv().nxt();
        if (seg.seq().equals(nxt) && (seg.rst() || seg.len() == 0)) {
            // A RST at RCV.NXT or a bare ACK at RCV.NXT: the RFC's processing (reset, or nothing to do).
            return Option.none();
        }
        if (seg.rst()) {
            return p.timeWaitSilentRst()
                    ? Option.some(done(p, t, seg, iss, now, List.empty(), List.empty(), Event.RCV_ACK_OF_SYN,
                            "Linux (profile switch): TIME-WAIT drops a RST not at RCV.NXT without a reply"))
                    : Option.none();
        }
        if (!p.timeWaitAcksAll()) {
            return Option.none();
        }
        // Linux restarts the TIME-WAIT timer when the segment carries an ACK (an ACK-less SYN may be an old
        // duplicate or a new SYN below RCV.NXT, and leaves it running).
        Tcb u = seg.isAck() ? Timers.restart(t, Timer.TIME_WAIT) : t;
        // A retransmission of the peer's FIN keeps the projection the reference gives it (see the first check).
        boolean finAgain = seg.fin() && !seg.syn() && seg.seq().plus(seg.len()).equals(nxt);
        return Option.some(done(p, u, seg, iss, now, replyAck(u, c), List.empty(),
                finAgain ? Event.RCV_FIN : Event.RCV_BAD_ACK,
                "Linux (profile switch): TIME-WAIT answers a segment that is not a bare ACK at RCV.NXT with "
                        + "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>" + throttled(c)));
    }

    private static boolean peerFinReceived(TcpState s) {
        return switch (s) {
            case CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> false;
        };
    }

    /** The event of a segment dropped without a reply. */
    private static Event dropped(TcpState s) {
        return s == TcpState.SYN_RECEIVED ? Event.RCV_BAD_ACK : Event.RCV_ACK_OF_SYN;
    }

    /**
     * §3.10.7.4 second: the RST is accepted, the event rcv RST; the table gives the state (LISTEN for SYN-RECEIVED
     * after a passive OPEN, Note 1; TIME-WAIT kept under RFC 1337; CLOSED otherwise), the RFC's words what the user
     * is told.
     */
    private static Step reset(Profile p, Tcb t, Segment seg, SeqNum iss, long now) {
        List<Notice> told = switch (t.tcpState()) {
            case SYN_RECEIVED -> t.state().origin().contains(Origin.PASSIVE) ? List.empty()
                    // The profile's switch (Linux): ECONNRESET, not ECONNREFUSED.
                    : List.of(p.simultaneousOpenResetIsReset() ? Notice.CONNECTION_RESET : Notice.CONNECTION_REFUSED);
            // The profile's switch (Linux): RECEIVE reports the end of the data the peer's FIN announced.
            case CLOSE_WAIT -> p.endOfDataBeforeReset() ? List.empty() : List.of(Notice.CONNECTION_RESET);
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> List.of(Notice.CONNECTION_RESET);
            case CLOSING, LAST_ACK, TIME_WAIT -> List.empty();
            case CLOSED, LISTEN, SYN_SENT -> throw new IllegalStateException("RST processing in " + t.state());
        };
        String rule = switch (t.tcpState()) {
            case SYN_RECEIVED -> t.state().origin().contains(Origin.PASSIVE)
                    ? "§3.10.7.4 second: SYN-RECEIVED after a passive OPEN returns to LISTEN (Note 1)"
                    : p.simultaneousOpenResetIsReset()
                    ? "§3.10.7.4 second: SYN-RECEIVED after an active OPEN: \"connection reset\" (Linux, profile "
                            + "switch), CLOSED"
                    : "§3.10.7.4 second: SYN-RECEIVED after an active OPEN: \"connection refused\", CLOSED";
            case CLOSE_WAIT -> p.endOfDataBeforeReset()
                    ? "§3.10.7.4 second: flush the queues, CLOSED; RECEIVE reports the end of the data the peer's FIN "
                            + "announced, not the reset (Linux, profile switch)"
                    : "§3.10.7.4 second: \"connection reset\", flush the queues, CLOSED";
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 ->
                    "§3.10.7.4 second: \"connection reset\", flush the queues, CLOSED";
            case TIME_WAIT -> p.rfc1337() ? "RFC 1337 §3: a RST in TIME-WAIT is ignored"
                    : "§3.10.7.4 second: TIME-WAIT: enter CLOSED, delete the TCB";
            case CLOSING, LAST_ACK -> "§3.10.7.4 second: enter CLOSED, delete the TCB";
            case CLOSED, LISTEN, SYN_SENT -> throw new IllegalStateException("RST processing in " + t.state());
        };
        return done(p, t, seg, iss, now, List.empty(), told, Event.RCV_RST, rule);
    }

    /**
     * The ACK answering a segment that failed a check, unless the implementation's throttle holds it back
     * (RFC 5961 §7, {@link Choices#ackThrottled}).
     */
    private static List<Segment> replyAck(Tcb t, Choices c) {
        return c.ackThrottled() ? List.empty() : List.of(Out.ack(t));
    }

    private static String throttled(Choices c) {
        return c.ackThrottled() ? " (held back by the ACK throttle, RFC 5961 §7)" : "";
    }

    // ------------------------------------------------------------------ the table

    /**
     * A step whose state comes from the profile's table for the event {@code e} ({@link #enter}); the TCB is not
     * normalized (its timers stay as the checks left them).
     */
    private static Step step(Profile p, Tcb t, Segment seg, SeqNum iss, long now, List<Segment> sent,
                             List<Notice> told, Event e, String rule) {
        return Step.of(enter(p, t, e, seg, iss, now), sent, told, e, rule);
    }

    /** As {@link #step}, with the timers normalized afterwards ({@link Timers#normalize}). */
    private static Step done(Profile p, Tcb t, Segment seg, SeqNum iss, long now, List<Segment> sent,
                             List<Notice> told, Event e, String rule) {
        return Step.of(Timers.normalize(p, enter(p, t, e, seg, iss, now), now), sent, told, e, rule);
    }

    /**
     * The one place an arriving segment moves a connection: the TCB {@code t} after the table events {@code events},
     * taken in order from its state. For each, the profile's table gives the outcome; a transition that leaves the
     * state moves the TCB to its target ({@link #moved}) and applies the action that shapes the TCB there,
     * START_TIME_WAIT_TIMER (every arc into CLOSED is DELETE_TCB, see {@link #moved}). A self-loop or a refusal
     * keeps the state; the replies its actions name (an ACK, a challenge ACK, a reset) are the segments the checks
     * computed, which depend on the segment and the profile's switches.
     */
    private static Tcb enter(Profile p, Tcb t, List<Event> events, Segment seg, SeqNum iss, long now) {
        Tcb u = t;
        for (List<Event> l = events; !l.isEmpty(); l = l.tail()) {
            u = enter(p, u, l.head(), seg, iss, now);
        }
        return u;
    }

    /** {@link #enter(Profile, Tcb, List, Segment, SeqNum, long)} for the one event {@code e}. */
    private static Tcb enter(Profile p, Tcb t, Event e, Segment seg, SeqNum iss, long now) {
        ConnectionState from = t.state();
        Outcome o = p.table().step(from, e);
        if (o instanceof Outcome.Transition tr && !tr.target().equals(from)) {
            Tcb u = moved(p, t, tr.target(), seg, iss, now);
            if (tr.actions().contains(Action.START_TIME_WAIT_TIMER)) {
                // RFC 9293 §3.10.7.4 eighth: "start the time-wait timer, turn off the other timers".
                u = Timers.restart(u, Timer.TIME_WAIT);
            }
            return u;
        }
        return t;
    }

    /**
     * The TCB {@code t} moved to the table's {@code target}: CLOSED deletes the TCB (DELETE_TCB); LISTEN is the
     * listener again (RFC 9293 Figure 5 Note 1: SYN-RECEIVED after a passive OPEN returns to it); SYN-RECEIVED
     * (passive), from LISTEN or a TIME-WAIT reopened, is the new connection of the SYN {@code seg} with {@code iss}
     * (§3.10.7.2 third); every other state keeps the TCB's variables, which the checks set.
     */
    private static Tcb moved(Profile p, Tcb t, ConnectionState target, Segment seg, SeqNum iss, long now) {
        return switch (target.state()) {
            case CLOSED -> Tcb.closed();
            case LISTEN -> UserCalls.listening(p, t.userTimeout(), t.remoteSpecified(), now);
            case SYN_RECEIVED -> target.origin().contains(Origin.PASSIVE)
                    ? synReceived(p, t, target, seg, iss, now) : t.withState(target);
            case SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT ->
                    t.withState(target);
        };
    }

    /**
     * The send variables {@code snd} after the window update of §3.10.7.4 fifth for {@code seg}: "If SND.UNA =<
     * SEG.ACK =< SND.NXT, the send window should be updated. If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2
     * =< SEG.ACK)), set SND.WND <- SEG.WND, set SND.WL1 <- SEG.SEQ, and set SND.WL2 <- SEG.ACK"; Linux's rule where
     * the profile has it ({@link Profile#windowUpdateOnAck}); the first ACK of our SYN always ({@code firstAck}).
     * {@code advances}: SEG.ACK acknowledged something new (SND.UNA already moved to it).
     */
    private static SendVars windowUpdated(Profile p, io.github.tcpmodel.tcb.Negotiated n, SendVars snd, Segment seg,
                                          boolean advances, boolean firstAck) {
        SeqNum ack = seg.ack();
        if (firstAck || snd.una().le(ack) && ack.le(snd.nxt()) && (p.windowUpdateOnAck()
                ? advances || snd.wl1().lt(seg.seq()) || snd.wl1().equals(seg.seq())
                        && (WindowScaling.sendWindow(n, seg) > snd.wnd() || seg.window() == 0)
                : snd.wl1().lt(seg.seq()) || (snd.wl1().equals(seg.seq()) && snd.wl2().le(ack)))) {
            return snd.withWindow(WindowScaling.sendWindow(n, seg), seg.seq(), ack);
        }
        return snd;
    }

    /**
     * MUST-37 (§3.8.6.1): "As long as the receiving TCP peer continues to send acknowledgments in response to the
     * probe segments, the sending TCP peer MUST allow the connection to stay open." An ACK that offers a zero window
     * answers the probe: the count toward R2 starts again (the timer keeps its backoff).
     */
    private static boolean probeAnswered(SendVars snd, SeqNum ack, int retries, List<Segment> queue) {
        return ack.equals(snd.una()) && snd.wnd() == 0 && retries > 0 && !queue.isEmpty();
    }

    /**
     * Header prediction (V. Jacobson's, as in 4.4BSD's tcp_input and Linux's fast path): the step of §3.10.7.4 for
     * the commonest segment, computed without the checks that cannot apply to it. It applies to an ESTABLISHED
     * connection with nothing held for reassembly, and a segment with ACK (and perhaps PSH) and no other control
     * bit, that passes PAWS (RFC 7323 §5), begins at RCV.NXT, carries text that fits in RCV.WND, and acknowledges
     * nothing new (SEG.ACK = SND.UNA). For such a segment the first check passes without trimming, the second to
     * fourth do not apply, the fifth updates only the send window (and MUST-37's count), the seventh accepts the
     * text at RCV.NXT and the eighth has no FIN: this method takes exactly those steps, with the same helpers, and
     * builds the TCB once. {@code null} when the prediction fails; the full processing then applies. A test
     * ({@code HeaderPredictionTest}) compares both on every segment and TCB it generates.
     */
    private static Step predicted(Profile p, Tcb t, Segment seg, SeqNum iss, long now, Choices c) {
        if (!predictable(p, t, seg, now)) {
            return null;
        }
        ReceiveVars rcv = t.rcv();
        SendVars snd = t.snd();
        int n = seg.dataLength();
        io.github.tcpmodel.tcb.Negotiated negotiated = Paws.record(t, seg, now).negotiated();
        SendVars s = windowUpdated(p, t.negotiated(), snd, seg, false, false);
        int retries = probeAnswered(s, seg.ack(), t.retries(), t.retransmission()) ? 0 : t.retries();
        Map<Timer, Long> timers = disarmed(disarmed(t.timers(), Timer.KEEPALIVE), Timer.USER);
        ReceiveVars r = advanced(rcv, n);
        boolean ackNow = c.ackNow();
        Tcb u = new Tcb(t.state(), s, r, t.sendQueue(), t.closeQueued(), t.retransmission(), t.undelivered() + n,
                t.reassembly(), timers, now, retries, 0, t.rto(), t.userTimeout(), t.remoteSpecified(), !ackNow,
                t.orphaned(), negotiated);
        List<Segment> sent = ackNow ? List.of(Out.ack(u)) : List.empty();
        u = enter(p, u, Event.RCV_ACK, seg, iss, now);
        return new Step(Timers.normalize(p, u, now), sent, List.empty(), 0, Step.projection(Event.RCV_ACK),
                WINDOW_UPDATED_TEXT_ACCEPTED);
    }

    /** Whether {@link #predicted} applies to {@code seg} arriving at ESTABLISHED TCB {@code t} at {@code now}. */
    static boolean predictable(Profile p, Tcb t, Segment seg, long now) {
        ReceiveVars rcv = t.rcv();
        int n = seg.dataLength();
        return t.is(TcpState.ESTABLISHED) && n > 0 && n <= rcv.wnd() && seg.seq().equals(rcv.nxt())
                && seg.isAck() && seg.ack().equals(t.snd().una()) && !seg.syn() && !seg.rst() && !seg.fin()
                && !seg.has(Control.URG) && t.reassembly().isEmpty() && Paws.check(p, t, seg, now).isEmpty();
    }

    private static final String WINDOW_UPDATED = "§3.10.7.4 fifth: SND.UNA and the send window updated";
    private static final String TEXT_ACCEPTED = "; seventh: text accepted, RCV.NXT advanced";
    private static final String WINDOW_UPDATED_TEXT_ACCEPTED = WINDOW_UPDATED + TEXT_ACCEPTED;

    /** The result of the sixth to eighth steps. */
    private record Processed(Tcb tcb, List<Segment> sent, List<Notice> told, boolean finProcessed, String rule) {
    }

    /**
     * Sixth (URG), seventh (text) and eighth (FIN) steps, by the rules of the state {@code st}, for a segment {@code
     * s} already trimmed to the window, followed by the held segments that now begin at RCV.NXT; one ACK at the end
     * (MUST-58, aggregated). The state does not change here: a FIN processed is the caller's event (rcv FIN).
     */
    private static Processed text(Profile p, Tcb t0, TcpState st, Segment s, Choices c, boolean forceAck) {
        Tcb t = t0;
        List<Notice> told = List.empty();
        boolean receiving = switch (st) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> true;
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> false;
        };
        // Sixth: URG. After the peer's FIN it "should not occur": ignored.
        if (receiving && s.has(Control.URG)) {
            SeqNum up = s.seq().plus(s.urgent());
            if (t.rcv().up().lt(up)) {
                t = t.withRcv(t.rcv().withUp(up));
                told = told.append(Notice.URGENT);
            }
        }
        boolean ackNeeded = forceAck;
        boolean ackNow = c.ackNow();
        boolean fin = false;
        String rule = "";
        if (receiving && (s.dataLength() > 0 || s.fin())) {
            if (s.seq().equals(t.rcv().nxt())) {
                t = accept(t, s);
                fin = s.fin();
                ackNeeded = true;
                rule = TEXT_ACCEPTED;
            } else {
                // RFC9293-CHOICE: the control bits of a segment that begins beyond RCV.NXT were processed above;
                // its text is held for later processing (SHLD-31) and RCV.NXT is acknowledged (MAY-13).
                t = t.withReassembly(t.reassembly().append(s));
                ackNeeded = true;
                rule = "; seventh: begins beyond RCV.NXT: held for reassembly";
            }
        }
        // Held segments (out of order, or text and FIN that came on a SYN) that now begin at RCV.NXT.
        if (receiving && !fin && !t.reassembly().isEmpty()) {
            boolean progress = true;
            while (progress && !fin) {
                progress = false;
                SeqNum nxt = t.rcv().nxt();
                for (Segment h : t.reassembly()) {
                    if (h.seq().le(nxt)) {
                        List<Segment> rest = t.reassembly().remove(h);
                        Option<Segment> part = h.trim(nxt, BIG_WINDOW).filter(x -> x.len() > 0);
                        t = t.withReassembly(rest);
                        if (part.isDefined()) {
                            t = accept(t, part.get());
                            fin = part.get().fin();
                            ackNeeded = true;
                            rule = rule + "; held text at RCV.NXT processed";
                        }
                        progress = true;
                        break;
                    }
                }
            }
        }
        List<Segment> sent = List.empty();
        if (!receiving && s.fin() && p.finAfterFinIgnored() && st != TcpState.TIME_WAIT && !t.rcv().nxt().gt(s.seq())) {
            // The profile's switch (Linux): after the peer's FIN, a segment at or beyond RCV.NXT is not processed.
            return new Processed(t, List.empty(), told, false,
                    "; seventh (Linux, profile switch): after the peer's FIN the segment is ignored, no ACK");
        }
        if (!receiving && s.fin()) {
            // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: the peer's FIN was already counted. RFC9293-CHOICE: a
            // further FIN in the window is acknowledged without advancing RCV.NXT again; TIME-WAIT restarts 2 MSL.
            if (st == TcpState.TIME_WAIT) {
                t = Timers.restart(t, Timer.TIME_WAIT);
            }
            return new Processed(t.withAckPending(false), List.of(Out.ack(t)), told, true,
                    "; eighth: remain in " + st.rfcName() + " and acknowledge the FIN");
        }
        if (fin) {
            // Eighth: the FIN. Advance RCV.NXT over it, tell the user, acknowledge at once; the state is the
            // table's for rcv FIN (CLOSE-WAIT, CLOSING, TIME-WAIT), taken by the caller.
            t = t.withRcv(t.rcv().withNxt(t.rcv().nxt().plus(1))).withReassembly(List.empty());
            told = told.append(Notice.CONNECTION_CLOSING);
            ackNow = true;
        }
        if (ackNeeded && (ackNow || forceAck)) {
            sent = List.of(Out.ack(t));
            t = t.withAckPending(false);
        } else if (ackNeeded) {
            t = t.withAckPending(true);
        }
        return new Processed(t, sent, told, fin, rule);
    }

    /** Takes responsibility for the text of {@code s}, which begins at RCV.NXT (§3.10.7.4 seventh). */
    private static Tcb accept(Tcb t, Segment s) {
        long n = s.dataLength();
        if (n == 0) {
            return t;
        }
        ReceiveVars r = advanced(t.rcv(), n);
        return new Tcb(t.state(), t.snd(), r, t.sendQueue(), t.closeQueued(), t.retransmission(),
                t.undelivered() + n, t.reassembly(), t.timers(), t.lastReceived(), t.retries(), t.probes(), t.rto(),
                t.userTimeout(), t.remoteSpecified(), t.ackPending(), t.orphaned(), t.negotiated());
    }

    /**
     * The receive variables {@code rcv} after {@code n} octets of text at RCV.NXT are accepted: RCV.NXT advanced over
     * them and RCV.WND shrunk by them ("The total of RCV.NXT and RCV.WND should not be reduced", §3.10.7.4 seventh).
     */
    private static ReceiveVars advanced(ReceiveVars rcv, long n) {
        return new ReceiveVars(rcv.irs(), rcv.nxt().plus(n), Math.max(0, rcv.wnd() - n), rcv.up());
    }

    /**
     * The TCB {@code t} when a segment arrives at {@code now}: the last arrival, no keep-alive probe unanswered,
     * and the keep-alive timer disarmed so that {@link Timers#normalize} restarts it (§3.8.4: "idle").
     */
    private static Tcb heard(Tcb t, long now) {
        Map<Timer, Long> timers = disarmed(t.timers(), Timer.KEEPALIVE);
        if (t.lastReceived() == now && t.probes() == 0 && timers == t.timers()) {
            return t;
        }
        return new Tcb(t.state(), t.snd(), t.rcv(), t.sendQueue(), t.closeQueued(), t.retransmission(),
                t.undelivered(), t.reassembly(), timers, now, t.retries(), 0, t.rto(), t.userTimeout(),
                t.remoteSpecified(), t.ackPending(), t.orphaned(), t.negotiated());
    }

    /** The TCB {@code t} after the ACK check (§3.10.7.4 fifth), built once from what it updated. */
    private static Tcb acknowledged(Tcb t, SendVars snd, List<Segment> queue, Map<Timer, Long> timers,
                                    int retries) {
        if (snd == t.snd() && queue == t.retransmission() && timers == t.timers() && retries == t.retries()) {
            return t;
        }
        return new Tcb(t.state(), snd, t.rcv(), t.sendQueue(), t.closeQueued(), queue, t.undelivered(),
                t.reassembly(), timers, t.lastReceived(), retries, t.probes(), t.rto(), t.userTimeout(),
                t.remoteSpecified(), t.ackPending(), t.orphaned(), t.negotiated());
    }

    /** {@code timers} without {@code timer} (so that {@link Timers#normalize} restarts it from now). */
    private static Map<Timer, Long> disarmed(Map<Timer, Long> timers, Timer timer) {
        // An empty map answers without hashing the key (the common case: nothing outstanding, no keep-alive).
        return !timers.isEmpty() && timers.containsKey(timer) ? timers.remove(timer) : timers;
    }
}
