package io.github.tcpmodel.engine.monitor;

import io.github.tcpmodel.conformance.AckTiming;
import io.github.tcpmodel.conformance.Adoption;
import io.github.tcpmodel.conformance.Allowance;
import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.conformance.CongestionCheck;
import io.github.tcpmodel.engine.codec.ModelSegments;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.ConnectionId;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.profile.TcpExtensions;
import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Paws;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.SackRules;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.Timeouts;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.semantics.WindowScaling;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Steps the model's segment semantics in lockstep with every event of one engine and records each divergence.
 *
 * <p>Per connection the monitor keeps a model {@link Tcb}. A user call, an arriving segment and a timer are stepped
 * with {@link UserCalls}, {@link Arrival#segmentArrives} and {@link Timeouts#expire}; the state the engine reports
 * (before a segment, with a segment sent, in a state change) must be the model's. The segments the model's step
 * sends are expected from the engine before the next cause, compared by {@link Conformance#same} (SEG.SEQ, SEG.ACK,
 * the control bits but PSH, SEG.LEN); any other segment the engine emits must pass {@link Conformance#violations}
 * and, if it carries new sequence space, is stepped with {@link Emission#transmit}.
 *
 * <p>The engine's choices are inputs, never compared with one reference behaviour: the ISN (taken from the SYN or
 * SYN,ACK the engine sends; the step that needed it is redone with it), the segment sizes (a SEND only queues in the
 * model; each data segment the engine emits is a {@code transmit} of its size), the advertised window (the model's
 * RCV.WND follows SEG.WND of each emitted segment; the right edge must not move left), the retransmission timing and
 * content (the timer expires when the engine says; what is resent must pass {@code allowed}), when to give up
 * (R2), the keep-alive idle time, a SYN dropped because the listener's queues are full, and the ACKs left out by
 * the RFC 5961 §7 throttle (challenge ACKs, and replies to unacceptable segments and ACKs:
 * {@link Allowance#THROTTLED_ACK}). The ISS and the segment sizes are taken by {@link Adoption}.
 *
 * <p>For an engine with congestion control (RFC 9293 §3.8.2, MUST-19) the monitor also keeps the model's
 * {@link CongestionBounds}: the most any sender within RFC 5681, RFC 6928, RFC 6582 and RFC 9438 could have in flight
 * after the same ACKs and timeouts, and checks each segment of new data against it, through the comparison core's
 * {@link CongestionCheck} ({@link #congestionOnSend}).
 *
 * <p>For every engine, each octet of text or FIN that advanced RCV.NXT must be acknowledged less than 0.5 s later
 * (MUST-40, the comparison core's {@link AckTiming}); text arriving while 2 * RMSS are held unacknowledged is counted
 * ({@link #ackHolds}, SHLD-19).
 */
public final class ConformanceMonitor implements EngineObserver {

    /** The choices of a SEND whose segments are not yet sent: it only queues (built once, immutable). */
    private static final Choices QUEUE_ONLY = Adoption.choices(List.empty(), true);

    /** The ISS a step is first computed with until the engine's SYN or SYN,ACK shows its choice. */
    private static final SeqNum PLACEHOLDER_ISS = SeqNum.of(0);

    private final Profile profile;
    /** The profile with the Fast Open server switch on, where the profile implements Fast Open; else null. */
    private final Profile fastOpenServer;
    /** The profile with the Fast Open client switch on, where the profile implements Fast Open; else null. */
    private final Profile fastOpenClient;
    /**
     * The model's choices for an arriving segment: the reference, or with the ACK of received text delayed when the
     * engine delays it ({@link Allowance#DELAYED_ACK}, RFC 9293 §3.8.6.3); the engine's ACK is then checked when it
     * is sent, as any segment it chooses to send.
     */
    private final Choices arrivalChoices;
    /**
     * The congestion bound's rules for an engine with congestion control: the engine's initial window (RFC 6928 §2 or
     * RFC 5681 §3.1), slow start by at most one SMSS per ACK (RFC 5681 §3.1 equation 2), and a window kept over idle
     * periods (RFC 7661; the engine has no restart after idle). Empty: no congestion check.
     */
    private final Option<CongestionBounds.Rules> congestion;
    private final Map<ConnectionId, Track> tracks = new HashMap<>();
    private final java.util.List<MonitorDivergence> divergences = new ArrayList<>();
    /** Connections the model cannot follow, with the reason: their events are not stepped ({@link #unfollowed()}). */
    private final Map<ConnectionId, String> unfollowed = new java.util.LinkedHashMap<>();
    /** Tracks stepped since the last cause: only they can owe segments or have closed. */
    private final java.util.List<Track> touched = new ArrayList<>();
    private long steps;
    /** Segments of new data checked against a congestion bound. */
    private long congestionChecks;
    /** Arrivals of text while 2 * RMSS were held unacknowledged (SHLD-19, a SHOULD: counted, not a divergence). */
    private long ackHolds;
    /** A SYN,ACK with a FIN whose processing continues in a second arrival event (§3.10.7.3 fourth). */
    private io.github.tcpmodel.engine.codec.Packet continuing;

    /**
     * A monitor for an engine whose connections run under {@code config}: the model runs under the config's profile
     * (for the linux preset, {@link ConnectionConfig#linuxProfile()}: Linux without the departures the engine does
     * not implement).
     */
    public ConformanceMonitor(ConnectionConfig config) {
        this(Objects.requireNonNull(config, "config is null").profile(), config.transfer().delayedAcks(),
                config.transfer().congestionControl()
                        ? Option.some(new CongestionBounds.Rules(config.transfer().largeInitialWindow()
                                ? CongestionBounds.InitialWindow.RFC6928 : CongestionBounds.InitialWindow.RFC5681,
                        CongestionBounds.SlowStart.SMSS_PER_ACK, CongestionBounds.IdleRestart.KEPT))
                        : Option.none());
    }

    /**
     * A monitor for an engine whose connections run under {@code config}, whose senders are held to the congestion
     * bound of {@code rules} whatever the config says: for an engine expected to have congestion control.
     */
    public ConformanceMonitor(ConnectionConfig config, CongestionBounds.Rules rules) {
        this(Objects.requireNonNull(config, "config is null").profile(), config.transfer().delayedAcks(),
                Option.some(Objects.requireNonNull(rules, "rules is null")));
    }

    /** A monitor stepping the model under {@code profile}, for an engine that acknowledges text at once. */
    public ConformanceMonitor(Profile profile) {
        this(profile, false, Option.none());
    }

    private ConformanceMonitor(Profile profile, boolean delayedAcks, Option<CongestionBounds.Rules> congestion) {
        this.profile = Objects.requireNonNull(profile, "profile is null");
        this.fastOpenServer = profile.fastOpenCapable() ? profile.withExtensions(profile.extensions().withFastOpen(
                profile.extensions().fastOpenClient(), true)) : null;
        this.fastOpenClient = profile.fastOpenCapable() ? profile.withExtensions(profile.extensions().withFastOpen(
                true, profile.extensions().fastOpenServer())) : null;
        this.arrivalChoices = delayedAcks ? Allowance.DELAYED_ACK.heldBack(Choices.reference()) : Choices.reference();
        this.congestion = congestion;
    }

    /** The profile the model runs under. */
    public Profile profile() {
        return profile;
    }

    /** Divergences found so far, in order. */
    public java.util.List<MonitorDivergence> divergences() {
        return Collections.unmodifiableList(divergences);
    }

    /**
     * The connections the monitor stopped following, each with the reason, in order: a TCP Fast Open client's SYN
     * that carries text (RFC 7413 §4.1.2), which the model's {@link io.github.tcpmodel.semantics.FastOpen} does not
     * describe (it has the server's rules and the client's cookie request). Their later events are not checked; a
     * caller that requires every connection checked tests this is empty.
     */
    public Map<ConnectionId, String> unfollowed() {
        return Collections.unmodifiableMap(unfollowed);
    }

    /** Model steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * How many times text arrived while the engine held 2 * RMSS or more unacknowledged (RFC 9293 §3.8.6.3, SHLD-19:
     * a SHOULD, so counted here and not recorded as a divergence).
     */
    public long ackHolds() {
        return ackHolds;
    }

    /** Segments of new data checked against the model's congestion bound so far (0 without a congestion check). */
    public long congestionChecks() {
        return congestionChecks;
    }

    /** Checks that every segment the model expected has been sent; call when the run is over. */
    public void finish() {
        settle();
    }

    private static final class Track {
        final ConnectionId id;
        Tcb tcb;
        final LinkedList<Expected> expected = new LinkedList<>();
        /** Redoes the last step with the engine's SYN or SYN,ACK (its ISS, its Fast Open answer), until the next cause. */
        Function<Segment, Either<String, Step>> redo;
        Tcb beforeRedo;
        Supplier<String> redoWhat;
        Option<SeqNum> rightEdge = Option.none();
        /** The last segment that arrived, the one a SACK option's first block answers (RFC 2018 §4, RFC 2883 §4). */
        Option<Segment> lastIn = Option.none();
        /** The comparison core's congestion check (null without one). */
        CongestionCheck congestion;
        /** The comparison core's delayed-ACK timing (null before the engine's SYN or SYN,ACK names its RMSS). */
        AckTiming acks;

        Track(ConnectionId id, Tcb tcb) {
            this.id = id;
            this.tcb = tcb;
        }
    }

    /** A new track, with a congestion check when the monitor has one. */
    private Track track(ConnectionId id, Tcb tcb) {
        Track t = new Track(id, tcb);
        t.congestion = congestion.map(CongestionCheck::start).getOrNull();
        return t;
    }

    private record Expected(Segment segment, boolean mandatory, Supplier<String> because) {
    }

    @Override
    public void observe(EngineEvent event) {
        try {
            dispatch(event);
        } catch (RuntimeException e) {
            // An observer must not break the engine: a model failure is recorded like any divergence.
            ConnectionId id = connectionOf(event);
            divergences.add(new MonitorDivergence(id, event.getClass().getSimpleName() + " at " + event.atMillis(),
                    "a model step", "the monitor failed: " + e));
        }
    }

    private static ConnectionId connectionOf(EngineEvent event) {
        if (event instanceof EngineEvent.SegmentOut out) {
            return out.connection();
        } else if (event instanceof EngineEvent.SegmentIn in) {
            return in.connection();
        } else if (event instanceof EngineEvent.UserCall call) {
            return call.connection();
        } else if (event instanceof EngineEvent.TimerFired fired) {
            return fired.connection();
        } else if (event instanceof EngineEvent.StateChanged change) {
            return change.connection();
        }
        return new ConnectionId(0, 0, 0, 0, 0);
    }

    private void dispatch(EngineEvent event) {
        if (!unfollowed.isEmpty() && unfollowed.containsKey(connectionOf(event))) {
            return;
        }
        if (event instanceof EngineEvent.SegmentOut out) {
            segmentOut(out);
        } else if (event instanceof EngineEvent.StateChanged c) {
            Track t = tracks.get(c.connection());
            if (t != null && !c.to().equals(t.tcb.state())) {
                diverge(c.connection(), "state change " + c.from() + " -> " + c.to() + " on " + c.cause().label(),
                        "state " + t.tcb.state(), "state " + c.to());
            }
        } else if (event instanceof EngineEvent.SegmentIn in) {
            settle();
            segmentIn(in);
        } else if (event instanceof EngineEvent.UserCall call) {
            settle();
            userCall(call);
        } else if (event instanceof EngineEvent.TimerFired fired) {
            settle();
            timer(fired);
        }
    }

    // ---- causes ----

    private void segmentIn(EngineEvent.SegmentIn in) {
        ConnectionId id = in.connection();
        Either<String, Segment> conv = toModel(in.segment());
        if (conv.isLeft()) {
            diverge(id, "segment in", "a segment the model can represent", conv.getLeft());
            return;
        }
        Segment seg = conv.get();
        ConnectionState stateBefore = in.stateBefore();
        Segment described = seg;
        // Descriptions are built only when a divergence is recorded: formatting every segment would cost more than
        // the model step.
        Supplier<String> what = () -> "rcv " + described + " in " + stateBefore;
        Track t;
        if (id.incarnation() == 0) {
            // No TCB: §3.10.7.1, stepped from CLOSED each time.
            t = track(id, Tcb.closed());
            tracks.put(id, t);
            touched.add(t);
        } else {
            t = tracks.get(id);
            if (t == null) {
                if (in.stateBefore().state() != TcpState.LISTEN) {
                    diverge(id, what.get(), "a connection the model knows", "a segment for an unknown connection in "
                            + in.stateBefore());
                    return;
                }
                t = track(id, listening(in.atMillis()));
                tracks.put(id, t);
                touched.add(t);
            }
        }
        if (!in.stateBefore().equals(t.tcb.state())) {
            diverge(id, what.get(), "state " + t.tcb.state(), "state " + in.stateBefore());
            return;
        }
        t.lastIn = Option.some(seg);
        if (in.event().isEmpty() && !seg.rst() && (seg.syn() || seg.isAck()) && t.tcb.is(TcpState.LISTEN)) {
            // The listener's queues are full: dropping the SYN (or the ACK returning a SYN cookie when the accept
            // queue is full) is a resource limit, not a protocol step.
            return;
        }
        Tcb before = t.tcb;
        if (before.is(TcpState.SYN_SENT) && seg.syn() && seg.isAck() && seg.fin()) {
            // §3.10.7.3 fourth: the ACK of the SYN is sent, then processing continues with the FIN; the engine
            // reports that as a second arrival of the same segment in ESTABLISHED, stepped below without the SYN.
            continuing = in.segment();
            seg = seg.without(Control.FIN);
        } else if (continuing == in.segment() && seg.syn() && before.tcpState().isSynchronized()) {
            seg = seg.trim(seg.seq().plus(1), Segment.MAX_WINDOW).getOrElse(seg.without(Control.SYN));
            continuing = null;
        } else {
            continuing = null;
        }
        long now = in.atMillis();
        if (Paws.check(profile, before, seg, now).isDefined()) {
            // RFC 7323 §5.3 R1: the segment is not acceptable and is dropped; the ACK that answers it reports the
            // blocks held as they were, and RFC 2018 §4's first block (the segment that triggered the ACK, once
            // received and queued) does not apply to it.
            t.lastIn = Option.none();
        }
        boolean needsIss = before.is(TcpState.LISTEN) || before.is(TcpState.TIME_WAIT);
        Segment arriving = seg;
        Either<String, Step> r = Arrival.segmentArrives(profile, before, arriving, PLACEHOLDER_ISS, now,
                arrivalChoices);
        apply(t, what, r, needsIss ? synAck -> fastOpenStep(before, arriving, synAck, now) : null, true,
                throttleable(before, arriving, now, r));
        if (t.congestion != null && r.isRight()) {
            t.congestion = t.congestion.arrived(profile, before, t.tcb, arriving);
        }
        if (t.acks != null && r.isRight()) {
            ackTimingOnArrival(t, before, now, what);
        }
    }

    /**
     * MUST-40 (RFC 9293 §3.8.6.3) through the comparison core's {@link AckTiming}: at an arrival, text that waited
     * 500 ms or more without an ACK is late; then the arrival's text (what moved RCV.NXT) starts waiting.
     */
    private void ackTimingOnArrival(Track t, Tcb before, long now, Supplier<String> what) {
        AckTiming.Checked late = t.acks.elapsed(now);
        late.violations().forEach(v -> diverge(t.id, what.get(), "an ACK within 0.5 s", v));
        t.acks = late.next();
        if (before.tcpState().isSynchronized() || before.is(TcpState.SYN_RECEIVED)) {
            AckTiming.Checked c = t.acks.received(now, before.rcv().nxt(), t.tcb.rcv().nxt());
            ackHolds += c.shoulds().size();
            t.acks = c.next();
        }
        if (t.tcb.is(TcpState.CLOSED) || t.tcb.is(TcpState.LISTEN)) {
            // A connection that ended owes no ACK.
            t.acks = null;
        }
    }

    /** MUST-40: the engine sent {@code seg} at {@code now}; its SYN or SYN,ACK starts the timing with its RMSS. */
    private void ackTimingOnSend(Track t, Segment seg, long now, Supplier<String> what) {
        if (t.acks == null && seg.syn() && !seg.rst()) {
            t.acks = AckTiming.start(seg.mss().getOrElse(profile.defaultSendMss()));
        }
        if (t.acks != null) {
            AckTiming.Checked c = t.acks.sent(now, seg);
            c.violations().forEach(v -> diverge(t.id, what.get(), "an ACK within 0.5 s", v));
            t.acks = c.next();
        }
    }

    /**
     * The step of SYN {@code syn} arriving in LISTEN (or TIME-WAIT) {@code before}, redone with the engine's answer
     * {@code synAck}: its ISS, and, where the profile implements TCP Fast Open ({@link Profile#fastOpenCapable()}),
     * whether it took the SYN's text (RFC 7413 §4.2.2: the SYN,ACK acknowledges it). Whether a listener does Fast
     * Open, and whether a cookie is valid (§4.1.2: the server's own MAC) or required at all, is the engine's
     * configuration, which the monitor cannot see: it takes them from the SYN,ACK. Text taken is stepped with the
     * profile's Fast Open switch on and the SYN presenting a valid cookie (its own, or a stand-in where it had none);
     * text not taken with the switch off, as RFC 9293 §3.10.7.2 holds it.
     */
    private Either<String, Step> fastOpenStep(Tcb before, Segment syn, Segment synAck, long now) {
        boolean taken = fastOpenServer != null && before.is(TcpState.LISTEN) && synAck.isAck()
                && syn.dataLength() > 0 && synAck.ack().equals(syn.seq().plus(1 + syn.dataLength()));
        if (!taken) {
            return Arrival.segmentArrives(profile, before, syn, synAck.seq(), now, arrivalChoices);
        }
        Segment presented = syn.option(SegmentOption.FastOpen.class).exists(SegmentOption.FastOpen::wellFormed) ? syn
                : syn.withOptions(syn.options().filter(o -> !(o instanceof SegmentOption.FastOpen))
                        .append(STAND_IN_COOKIE));
        return Arrival.segmentArrives(fastOpenServer, before, presented, synAck.seq(), now, arrivalChoices);
    }

    /**
     * The profile of the active OPEN whose SYN is {@code syn}: with the Fast Open client switch on where the SYN
     * carries a Fast Open option (a cookie request, RFC 7413 §4.1.1, or a cookie without text, §4.1.2) and the profile
     * implements Fast Open (whether a socket is a Fast Open client is the application's choice, TCP_FASTOPEN_CONNECT
     * or MSG_FASTOPEN, which the monitor takes from the SYN).
     */
    private Profile openedBy(Segment syn) {
        boolean fastOpen = syn.option(SegmentOption.FastOpen.class).isDefined();
        return fastOpen && fastOpenClient != null ? fastOpenClient : profile;
    }

    /** A well-formed cookie (RFC 7413 §4.1.1) standing for one the engine took as valid without the SYN having one. */
    private static final SegmentOption.FastOpen STAND_IN_COOKIE = new SegmentOption.FastOpen(
            io.vavr.collection.Vector.fill(8, () -> (byte) 0), false);

    /**
     * The segments of step {@code r} that the engine may leave out: what the same step would not send under the
     * RFC 5961 §7 ACK throttle ({@link Choices#ackThrottled}), i.e. the ACK answering a segment that failed a check
     * and the challenge ACKs. Only those steps can differ, so the second step is taken only for them.
     */
    private List<Segment> throttleable(Tcb before, Segment seg, long now, Either<String, Step> r) {
        if (r.isLeft() || r.get().sent().isEmpty()) {
            return List.empty();
        }
        Event e = r.get().event();
        if (!(e == Event.RCV_BAD_ACK || e == Event.RCV_SYN || e == Event.RCV_SYN_ACK)
                || before.is(TcpState.LISTEN) || before.is(TcpState.CLOSED) || before.is(TcpState.SYN_SENT)) {
            return List.empty();
        }
        Either<String, Step> throttled = Arrival.segmentArrives(profile, before, seg, PLACEHOLDER_ISS, now,
                Allowance.THROTTLED_ACK.heldBack(arrivalChoices));
        return throttled.isLeft() ? List.empty() : Allowance.optional(r.get().sent(), throttled.get().sent());
    }

    private Tcb listening(long now) {
        return UserCalls.open(profile, Tcb.closed(), true, false, Option.none(), PLACEHOLDER_ISS, now).get().tcb();
    }

    private void userCall(EngineEvent.UserCall u) {
        ConnectionId id = u.connection();
        long now = u.atMillis();
        Supplier<String> what = () -> u.call().label() + (u.bytes() > 0 ? " (" + u.bytes() + " octets)" : "");
        Track t = tracks.get(id);
        if (u.call() == Event.ACTIVE_OPEN || u.call() == Event.PASSIVE_OPEN) {
            boolean passive = u.call() == Event.PASSIVE_OPEN;
            Tcb before = t == null ? Tcb.closed() : t.tcb;
            if (t == null) {
                t = track(id, before);
                tracks.put(id, t);
            }
            apply(t, what, UserCalls.open(profile, before, passive, !passive, Option.none(), PLACEHOLDER_ISS, now),
                    passive ? null : syn -> UserCalls.open(openedBy(syn), before, false, true, Option.none(),
                            syn.seq(), now));
            return;
        }
        if (t == null) {
            // A call on a connection the model has closed and forgotten: the engine must answer as the table does
            // in CLOSED (§3.10.2-§3.10.5: "error: connection does not exist").
            Outcome closed = profile.table().step(ConnectionState.of(TcpState.CLOSED), u.call());
            boolean asClosed = u.outcome() instanceof Outcome.Refusal engine
                    && closed instanceof Outcome.Refusal model && engine.reply() == model.reply();
            if (!asClosed) {
                diverge(id, what.get(), "a connection the model knows, or the answer of CLOSED (" + closed + ")",
                        "a call on an unknown connection answered " + u.outcome());
            }
            return;
        }
        followCall(t, u, what, now);
    }

    /**
     * The model's step for SEND, RECEIVE, CLOSE or ABORT (RFC 9293 §3.10.2 - §3.10.5) on a connection it knows.
     *
     * @return whether the model took a step: STATUS changes nothing (§3.10.6), the OPENs are taken by the caller,
     *         and the other events are no user calls
     */
    private boolean followCall(Track t, EngineEvent.UserCall u, Supplier<String> what, long now) {
        Tcb before = t.tcb;
        return switch (u.call()) {
            case SEND -> {
                // Segmentation is the engine's choice: the SEND only queues; each segment sent is a transmit.
                Choices queueOnly = QUEUE_ONLY;
                apply(t, what, UserCalls.send(profile, before, u.bytes(), PLACEHOLDER_ISS, now, queueOnly),
                        before.is(TcpState.LISTEN)
                                ? syn -> UserCalls.send(profile, before, u.bytes(), syn.seq(), now, queueOnly) : null);
                yield true;
            }
            case RECEIVE -> {
                Either<String, Step> r = UserCalls.receive(profile, before, u.bytes(), now);
                if (r.isRight() && u.outcome().isTransition() && r.get().delivered() != u.bytes()) {
                    diverge(t.id, what.get(), r.get().delivered() + " octets deliverable", u.bytes() + " delivered");
                }
                if (r.isRight() && !u.outcome().isTransition()) {
                    // The engine delivers text that arrived before the peer's FIN although §3.10.3 refuses the
                    // call in CLOSING, LAST-ACK and TIME-WAIT (docs/engine.md): keep the model's count in step.
                    t.tcb = before.withUndelivered(Math.max(0, before.undelivered() - u.bytes()));
                    steps++;
                } else {
                    apply(t, what, r, null);
                }
                yield true;
            }
            case CLOSE -> {
                // The engine reports Linux's close() with unread data as ABORT itself; a CLOSE it reports is the
                // RFC's CLOSE (also a half-close by shutdown), which sends a FIN whatever is unread.
                apply(t, what, UserCalls.close(profile.withResetOnCloseWithUnreadData(false), before, now), null);
                yield true;
            }
            case ABORT -> {
                // Linux's close() with unread data comes as ABORT with the octets it discards: the profile's CLOSE
                // step (<SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, RFC 2525 §2.17), not §3.10.5's bare RST.
                apply(t, what, u.bytes() > 0 && profile.resetOnCloseWithUnreadData()
                        ? UserCalls.close(profile, before, now) : UserCalls.abort(profile, before, now), null);
                yield true;
            }
            case STATUS, PASSIVE_OPEN, ACTIVE_OPEN, RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN, RCV_ACK, RCV_BAD_ACK,
                    RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, RCV_RST, TIME_WAIT_TIMEOUT, USER_TIMEOUT,
                    RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT, FIN_WAIT_2_TIMEOUT -> false;
        };
    }

    private void timer(EngineEvent.TimerFired f) {
        ConnectionId id = f.connection();
        Track t = tracks.get(id);
        Supplier<String> what = () -> f.timer().label();
        if (t == null) {
            diverge(id, what.get(), "a connection the model knows", "a timer of an unknown connection");
            return;
        }
        Tcb before = t.tcb;
        long now = f.atMillis();
        boolean known = switch (f.timer()) {
            case RETRANSMISSION_TIMEOUT -> {
                retransmissionTimeout(t, what, now);
                yield true;
            }
            case USER_TIMEOUT -> {
                // Giving up (user timeout, R2 for SYNs and data, unanswered keep-alives) is the engine's choice.
                apply(t, what, Timeouts.expire(profile, before.withTimers(before.timers().put(Timer.USER, now)),
                        Timer.USER, now, Choices.reference()), null);
                yield true;
            }
            case KEEPALIVE_TIMEOUT -> {
                // The idle time and interval are set per connection in the engine: an input.
                apply(t, what, Timeouts.expire(profile.keepalive().isDefined() ? profile : profile.withKeepalive(
                        Option.some(new Keepalive(1, 1, Integer.MAX_VALUE))),
                        before.withTimers(before.timers().put(Timer.KEEPALIVE, now)), Timer.KEEPALIVE, now,
                        Choices.reference()), null);
                yield true;
            }
            case TIME_WAIT_TIMEOUT -> {
                apply(t, what, Timeouts.expire(profile, before, Timer.TIME_WAIT, now, Choices.reference()), null);
                yield true;
            }
            case FIN_WAIT_2_TIMEOUT -> {
                apply(t, what, Timeouts.expire(profile, before, Timer.FIN_WAIT_2, now, Choices.reference()), null);
                yield true;
            }
            case PASSIVE_OPEN, ACTIVE_OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS, RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN,
                    RCV_ACK, RCV_BAD_ACK, RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, RCV_RST -> false;
        };
        if (!known) {
            diverge(id, what.get(), "a timer the model knows", f.timer().label());
        }
    }

    /** The retransmission timeout (RFC 9293 §3.8.1, RFC 6298) of a connection the model knows. */
    private void retransmissionTimeout(Track t, Supplier<String> what, long now) {
        Tcb before = t.tcb;
        if (before.deadline(Timer.RETRANSMISSION).isEmpty()) {
            if (before.snd().wnd() == 0 && before.tcpState().isSynchronized()) {
                // A zero-window probe (§3.8.6.1): the persist timer is not modelled; the probe is
                // checked by Conformance.violations when it is sent.
                steps++;
                return;
            }
            diverge(t.id, what.get(), "no retransmission timer armed", "it fired");
            return;
        }
        if (t.congestion != null) {
            // RFC 5681 §3.1: the loss window, and ssthresh on the first timeout of the segment.
            t.congestion = t.congestion.timedOut(before);
        }
        // RTO and R2 are the engine's choices (RFC 6298, §3.8.3): expire now, do not count towards R2.
        Tcb due = before.withRetries(0).withTimers(before.timers().put(Timer.RETRANSMISSION, now));
        apply(t, what, Timeouts.expire(profile, due, Timer.RETRANSMISSION, now, Choices.reference()), null, false);
    }

    private void apply(Track t, Supplier<String> what, Either<String, Step> r, Function<Segment, Either<String, Step>> redo) {
        apply(t, what, r, redo, true, List.empty());
    }

    private void apply(Track t, Supplier<String> what, Either<String, Step> r, Function<Segment, Either<String, Step>> redo,
                       boolean outputsExpected) {
        apply(t, what, r, redo, outputsExpected, List.empty());
    }

    private void apply(Track t, Supplier<String> what, Either<String, Step> r, Function<Segment, Either<String, Step>> redo,
                       boolean outputsExpected, List<Segment> optional) {
        steps++;
        Tcb before = t.tcb;
        if (r.isLeft()) {
            diverge(t.id, what.get() + " in " + before.state(), "a step the model can take", "model: " + r.getLeft());
            return;
        }
        Step s = r.get();
        t.tcb = s.tcb();
        touched.add(t);
        t.redo = redo;
        t.beforeRedo = before;
        t.redoWhat = what;
        if (outputsExpected) {
            // RFC 5961 §7: what the ACK throttle may hold back is expected but not required.
            for (Segment seg : s.sent()) {
                boolean mandatory = !optional.exists(o -> Conformance.same(o, seg));
                t.expected.add(new Expected(seg, mandatory, () -> what.get() + " (" + s.rule() + ")"));
            }
        }
    }

    // ---- emitted segments ----

    private void segmentOut(EngineEvent.SegmentOut out) {
        ConnectionId id = out.connection();
        Either<String, Segment> conv = toModel(out.segment());
        if (conv.isLeft()) {
            diverge(id, "segment out", "a segment the model can represent", conv.getLeft());
            return;
        }
        Segment seg = conv.get();
        Supplier<String> what = () -> "snd " + seg + " in " + out.state();
        Track t = tracks.get(id);
        if (t == null) {
            diverge(id, what.get(), "no segment from a connection the model does not know", "a segment");
            return;
        }
        if (seg.syn() && !seg.isAck() && seg.dataLength() > 0 && fastOpenClient != null
                && seg.option(SegmentOption.FastOpen.class).exists(o -> !o.cookie().isEmpty())) {
            // RFC 7413 §4.1.2: a Fast Open client's SYN with a cookie and text; the model's client rules
            // (FastOpen#withSynText, #requeued) are not yet applied here.
            unfollowed.put(id, "RFC 7413 §4.1.2: text on a Fast Open client's SYN, not yet stepped by the monitor");
            tracks.remove(id);
            t.expected.clear();
            touched.removeIf(x -> x == t);
            return;
        }
        if (t.redo != null && seg.syn() && !seg.seq().equals(PLACEHOLDER_ISS)) {
            // The ISN is the engine's choice (§3.4.1, Adoption#iss: the SEG.SEQ of its SYN): redo the step that
            // chose it with the engine's value.
            t.expected.clear();
            t.tcb = t.beforeRedo;
            Function<Segment, Either<String, Step>> redo = t.redo;
            steps--;
            apply(t, t.redoWhat, redo.apply(seg), null);
        }
        t.redo = null;
        if (t.congestion != null) {
            congestionOnSend(t, seg, what);
        }
        ackTimingOnSend(t, seg, out.atMillis(), what);
        if (!out.state().equals(t.tcb.state())) {
            diverge(id, what.get(), "state " + t.tcb.state(), "state " + out.state());
        }
        List<String> optionRules = optionViolations(t, seg);
        if (!optionRules.isEmpty()) {
            diverge(id, what.get(), optionRules.mkString("; "), seg + " " + seg.options().mkString(","));
        }
        if (!matchExpected(t, seg)) {
            if (seg.rst()) {
                diverge(id, what.get(), expectedText(t), "an unexpected " + seg);
            } else {
                List<String> violations = Conformance.violations(t.tcb, seg);
                if (!violations.isEmpty()) {
                    diverge(id, what.get(), violations.mkString("; "), seg.toString());
                } else {
                    advance(t, seg, what, out.atMillis());
                }
                // A pure ACK the model expected may ride on this segment (piggybacked, §3.10.7.4 seventh).
                if (seg.isAck()) {
                    t.expected.removeIf(e -> isPureAck(e.segment()) && e.segment().ack().equals(seg.ack()));
                }
            }
        }
        if (seg.isAck() && !seg.rst() && t.tcb.tcpState().isSynchronized()) {
            long window = WindowScaling.advertisedWindow(t.tcb.negotiated(), seg);
            SeqNum edge = seg.ack().plus(window);
            // RFC 7323 §2.4: with window scaling, rounding the window down to a unit of scale may retract the edge by
            // less than one unit ("there are instances when a retracted window can be offered").
            long slack = seg.syn() ? 0 : (1L << t.tcb.negotiated().rcvShift()) - 1;
            if (t.rightEdge.isDefined() && edge.plus(slack).lt(t.rightEdge.get())) {
                diverge(id, what.get(), "the right window edge at or after " + t.rightEdge.get()
                        + " (§3.8.6.2.2: the window should not shrink)", "edge " + edge);
            }
            if (t.rightEdge.isEmpty() || !t.rightEdge.get().equals(edge)) {
                t.rightEdge = Option.some(edge);
            }
            if (seg.ack().equals(t.tcb.rcv().nxt()) && t.tcb.rcv().wnd() != window) {
                // The advertised window is the engine's choice: the model's RCV.WND follows it.
                t.tcb = t.tcb.withRcv(t.tcb.rcv().withWnd(window));
            }
        }
    }

    /**
     * The option rules {@code seg}, which the engine sends with model TCB {@code t.tcb}, breaks (RFC 7323 §2.2,
     * §3.2; RFC 2018 §2): {@link Conformance#optionViolations}, with the SACK blocks checked against the segment that
     * triggered the ACK ({@link SackRules#violations}: the first block holds it, a D-SACK reports it).
     */
    private static List<String> optionViolations(Track t, Segment seg) {
        if (seg.options().isEmpty() && !t.tcb.negotiated().timestamps()) {
            return List.empty();
        }
        if (seg.syn() && seg.isAck() && seg.option(SegmentOption.FastOpen.class).isDefined()) {
            // RFC 7413 §4.1.1, §4.2.1: a server's cookie answers a Fast Open option on the peer's SYN; it is never a
            // request, and well formed.
            Option<SegmentOption.FastOpen> cookie = seg.option(SegmentOption.FastOpen.class);
            if (!t.lastIn.exists(in -> in.syn() && in.option(SegmentOption.FastOpen.class).isDefined())) {
                return List.of("RFC 7413 §4.2.1: a Fast Open cookie on a SYN,ACK answers a Fast Open option on the SYN");
            }
            if (!cookie.get().wellFormed()) {
                return List.of("RFC 7413 §4.1.1: a cookie of 4 to 16 octets, an even number");
            }
        }
        Option<SegmentOption.Sack> sack = seg.option(SegmentOption.Sack.class);
        List<String> v = Conformance.optionViolations(t.tcb, sack.isDefined()
                ? seg.withOptions(seg.options().filter(o -> !(o instanceof SegmentOption.Sack))) : seg);
        if (sack.isDefined()) {
            // The segment that triggered the ACK, if the first-block rule speaks of it: one with text at or before
            // RCV.NXT (it advanced RCV.NXT, or a D-SACK reports it), or one the receiver holds; a segment beyond
            // RCV.NXT that was not queued (outside the window) is in no block, and a FIN without text reports no
            // "block of data" (RFC 2018 §3).
            SeqNum nxt = t.tcb.rcv().nxt();
            List<SegmentOption.SackBlock> held = SackRules.held(t.tcb);
            Option<Segment> recent = t.lastIn.filter(r -> r.dataLength() > 0
                    && (!r.seq().gt(nxt) || held.exists(b -> b.contains(r.seq()))));
            v = t.tcb.negotiated().sackOk()
                    ? v.appendAll(SackRules.violations(t.tcb, recent, sack.get(), t.tcb.negotiated().timestamps()))
                    : v.append("RFC 2018 §2: a SACK option without SACK-Permitted on both SYNs");
        }
        return v;
    }

    /**
     * Whether SYN-RECEIVED TCB {@code t} took the text of its SYN (RFC 7413 §4.2.2; RCV.NXT beyond IRS + 1), so that
     * it may send text before the handshake completes (§3).
     */
    private static boolean fastOpenText(Tcb t) {
        return t.is(TcpState.SYN_RECEIVED) && t.rcv().nxt().gt(t.rcv().irs().plus(1));
    }

    /** New sequence space the engine chose to send now: the model transmits the same. */
    private void advance(Track t, Segment seg, Supplier<String> what, long now) {
        if ((!t.tcb.tcpState().isSynchronized() && !fastOpenText(t.tcb)) || seg.syn()) {
            return;
        }
        boolean fresh = seg.len() > 0 && seg.seq().equals(t.tcb.snd().nxt());
        if (fresh) {
            // The engine's SEND has no PUSH flag and it sends no urgent data (MUST-61, MUST-30).
            List<String> user = Conformance.userRules(t.tcb, seg, false, Option.none());
            if (!user.isEmpty()) {
                diverge(t.id, what.get(), user.mkString("; "), seg.toString());
            }
            // The implementation's choice: the last queued octets with the FIN, or the FIN in a later segment.
            Either<String, Step> r = Emission.transmit(profile, t.tcb, seg.dataLength(), seg.fin(), now);
            steps++;
            if (r.isLeft()) {
                diverge(t.id, what.get(), "a transmit the model allows", "model: " + r.getLeft());
                return;
            }
            Segment mine = r.get().sent().head();
            if (!Conformance.same(mine, seg)) {
                diverge(t.id, what.get(), mine.toString(), seg.toString());
            }
            t.tcb = r.get().tcb();
        } else if (seg.len() == 0 && t.tcb.ackPending()) {
            t.tcb = t.tcb.withAckPending(false);
        }
    }

    /**
     * MUST-19 (RFC 9293 §3.8.2): the engine sent {@code seg} with the model's TCB before it; the comparison core's
     * {@link CongestionCheck} counts a SYN, takes a retransmission outside a timeout's recovery as the sender's loss
     * signal, and checks that new data leaves at most the congestion bound in flight (with SACK, the least RFC 6675
     * pipe any conforming sender can count).
     */
    private void congestionOnSend(Track t, Segment seg, Supplier<String> what) {
        CongestionCheck.Sent s = t.congestion.sent(t.tcb, seg);
        t.congestion = s.next();
        if (s.checked()) {
            congestionChecks++;
        }
        if (!s.violations().isEmpty()) {
            diverge(t.id, what.get(), s.violations().mkString("; "), "new data " + seg);
        }
    }

    private boolean matchExpected(Track t, Segment seg) {
        Iterator<Expected> it = t.expected.iterator();
        while (it.hasNext()) {
            Segment mine = it.next().segment();
            if (Conformance.same(mine, seg)) {
                it.remove();
                if (seg.syn()) {
                    negotiation(t, mine, seg);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * The engine's SYN or SYN,ACK {@code seg}, which the model's {@code mine} expected. A SYN offers what the profile
     * offers (the engine's and the model's {@code Negotiation} are one function). A SYN,ACK answers with a subset of
     * what is in use: an option is "an offer, not a promise" (RFC 7323 §2.2), and a SYN,ACK that leaves one out turns
     * it off (RFC 7323 §2.2, §3.2; RFC 2018 §2), as the engine's SYN cookie does (it keeps only the MSS). The model's
     * TCB adopts what the SYN,ACK carries ({@link Adoption#extensions}); an option the peer did not offer is a
     * divergence.
     */
    private void negotiation(Track t, Segment mine, Segment seg) {
        if (!seg.isAck()) {
            Option<String> d = Conformance.optionDifference(mine, seg, false);
            if (d.isDefined()) {
                diverge(t.id, "snd " + seg + " " + seg.options().mkString(","), "the options of " + mine, d.get());
            }
            return;
        }
        Conformance.Signals m = Conformance.Signals.of(mine);
        Conformance.Signals i = Conformance.Signals.of(seg);
        if ((i.windowScale() && !m.windowScale()) || (i.timestamps() && !m.timestamps())
                || (i.sackPermitted() && !m.sackPermitted())) {
            diverge(t.id, "snd " + seg + " " + seg.options().mkString(","), "at most the options in use " + m,
                    i.toString());
            return;
        }
        TcpExtensions chosen = Adoption.extensions(profile.extensions(), seg);
        Negotiated n = t.tcb.negotiated();
        boolean ws = n.windowScaling() && chosen.windowScale().isDefined();
        Negotiated adopted = new Negotiated(ws, ws ? n.sndShift() : 0, ws ? chosen.windowScale().get() : 0,
                n.timestamps() && chosen.timestamps(), n.tsRecent(), n.tsRecentAt(), n.lastAckSent(),
                n.sackOk() && chosen.sack(), n.ecn());
        if (!adopted.equals(n)) {
            t.tcb = t.tcb.withNegotiated(adopted);
        }
    }

    private static boolean isPureAck(Segment s) {
        return s.isAck() && s.len() == 0 && !s.rst();
    }

    private static String expectedText(Track t) {
        return t.expected.isEmpty() ? "no RST" : "one of " + t.expected.stream().map(e -> e.segment().toString())
                .reduce((a, b) -> a + ", " + b).get();
    }

    /** Before the next cause: everything the model had to send must have been sent. */
    private void settle() {
        for (Track t : touched) {
            t.redo = null;
            for (Expected e : t.expected) {
                if (e.mandatory()) {
                    diverge(t.id, e.because().get(), "snd " + e.segment(), "nothing sent");
                }
            }
            t.expected.clear();
            TcpState s = t.tcb.tcpState();
            boolean forkGone = s == TcpState.LISTEN && t.id.remotePort() != 0;
            if ((s == TcpState.CLOSED || forkGone || t.id.incarnation() == 0) && tracks.get(t.id) == t) {
                tracks.remove(t.id);
            }
        }
        touched.clear();
    }

    private void diverge(ConnectionId id, String event, String expected, String actual) {
        divergences.add(new MonitorDivergence(id, event, expected, actual));
    }

    /** The engine's segment in the model's terms; an error value if a field is out of the model's range. */
    static Either<String, Segment> toModel(io.github.tcpmodel.engine.codec.Packet s) {
        return ModelSegments.toModel(s);
    }
}
