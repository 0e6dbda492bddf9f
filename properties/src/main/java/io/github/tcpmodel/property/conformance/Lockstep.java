package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.conformance.AckTiming;
import io.github.tcpmodel.conformance.Adoption;
import io.github.tcpmodel.conformance.Allowance;
import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.conformance.CongestionCheck;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.MssRules;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Drives an implementation and the model in lockstep over a {@link InputTrace} and reports the first divergence.
 *
 * <p>Per input: the input is resolved against the model's TCB; the implementation takes it first, and its answers
 * become the model's inputs where RFC 9293 leaves a choice open, so that the model checks the choice instead of
 * imposing its own:
 * <ul>
 *   <li>the ISN: taken from the SYN or SYN,ACK the implementation sends (§3.4.1);</li>
 *   <li>segment sizes of a SEND: the payload sizes the implementation emitted ({@link Choices#segmentizing}),
 *       checked against the MSS, the usable window and the queued data (§3.7.1, §3.8.6, §3.10.2);</li>
 *   <li>when to ACK received text: at once, or delayed ({@link Choices#delayingAcks}, §3.8.6.3);</li>
 *   <li>an ACK answering a segment that failed a check, held back by a rate limit ({@link Choices#throttlingAcks},
 *       RFC 5961 §7);</li>
 *   <li>segments sent later than the model would (queued data once the window opens, a delayed ACK, a FIN after
 *       queued data): each extra segment must be what {@link Emission#transmit} allows next, or a zero-window probe
 *       (§3.8.6.1), a window update (§3.8.6.2.2) or a retransmission from SND.UNA before the timer (fast
 *       retransmit, RFC 5681 §3.2; partial ACKs, RFC 6582), which the model does not send itself;</li>
 *   <li>the advertised window: not compared (§3.8.6 leaves it to the implementation); the model's RCV.WND follows
 *       SEG.WND of what the implementation sends, so that acceptability is judged on the window the peer was
 *       told;</li>
 *   <li>repackaging on retransmission (§3.8.6): a retransmission from SND.UNA with other text (within what was
 *       sent, at most the MSS) stands for the model's;</li>
 *   <li>the MSS option: not compared (§3.7.1).</li>
 * </ul>
 * Then the segments emitted must be the same by the model's segment equivalence ({@link Conformance#same}: SEG.SEQ,
 * SEG.ACK, control bits but PSH, SEG.LEN), and the state must agree. The allowances and the adoption of choices above
 * are the model's ({@link Allowance}, {@link Adoption}), shared with every other driver.
 * An input the model answers with an error value (an invalid call, a wait with no timer) is given to neither side.
 *
 * <p>Timers expire at the profile's deadlines, except those whose deadlines the implementation tells
 * ({@link Implementation#toldTimers}, as TCP_INFO does): the retransmission timer then expires when the
 * implementation's does, within the profile's maximum RTO, and the user timeout when the implementation's does (its
 * value is the user's). The number of SYN retransmissions before giving up and every other timer stay the
 * profile's.
 *
 * <p>For an implementation that claims congestion control ({@link Implementation.ConformanceFactory#congestionControl},
 * MUST-19), every segment of new data it sends must leave at most the model's congestion bound in flight
 * ({@link CongestionCheck}, the comparison core's check, which the engine's monitor applies too).
 *
 * <p>For every implementation: each octet of text or FIN that advanced RCV.NXT is acknowledged less than 0.5 s later
 * (MUST-40, {@link AckTiming}; time is the inputs' waits), and the MSS option of its SYN is at most MMS_R - 20
 * (MUST-67, {@link MssRules#announcedAllowed}).
 */
public final class Lockstep {

    private final Implementation.ConformanceFactory factory;
    private final Level level;
    private final Set<Should> shoulds;

    /**
     * A runner for the implementations {@code factory} makes, against the model with the factory's profile, at
     * {@link Level#TIMERS} and with every {@link Should} claimed.
     *
     * @param factory makes a fresh implementation for each run
     */
    public Lockstep(Implementation.ConformanceFactory factory) {
        this(factory, Level.TIMERS, io.vavr.collection.HashSet.of(Should.values()));
    }

    /**
     * A runner at {@code level}, testing the SHOULDs in {@code shoulds}: inputs beyond the level, or that would
     * test a SHOULD not claimed, are skipped ({@link #outOfScope}).
     *
     * @param factory makes a fresh implementation for each run
     * @param level how much of RFC 9293 the implementation claims
     * @param shoulds the SHOULDs it claims
     */
    public Lockstep(Implementation.ConformanceFactory factory, Level level, Set<Should> shoulds) {
        this.factory = Objects.requireNonNull(factory, "factory is null");
        this.level = Objects.requireNonNull(level, "level is null");
        this.shoulds = Objects.requireNonNull(shoulds, "shoulds is null");
    }

    /**
     * Why {@code s}, arriving at a connection whose TCB is {@code t}, lies outside {@code level} or tests a SHOULD
     * not in {@code shoulds}; none when the implementation is to take it.
     *
     * @param level the level claimed
     * @param shoulds the SHOULDs claimed
     * @param t the connection's TCB
     * @param s the stimulus
     * @return why it is out of scope, or none
     */
    public static Option<String> outOfScope(Level level, Set<Should> shoulds, Tcb t, Stimulus s) {
        boolean known = t.tcpState().isSynchronized() || t.is(TcpState.SYN_RECEIVED);
        if (s instanceof Stimulus.Advance) {
            return level.includes(Level.TIMERS) ? Option.none() : Option.some("time passes: level " + Level.TIMERS);
        }
        if (s instanceof Stimulus.Call c) {
            boolean data = c.call().kind() == UserCall.Kind.SEND || c.call().kind() == UserCall.Kind.RECEIVE;
            return data && !level.includes(Level.DATA_TRANSFER)
                    ? Option.some(c.call().kind() + ": level " + Level.DATA_TRANSFER) : Option.none();
        }
        Segment seg = ((Stimulus.Deliver) s).segment();
        if (!level.includes(Level.DATA_TRANSFER)
                && (seg.dataLength() > 0 || known && !seg.seq().equals(t.rcv().nxt())
                || seg.isAck() && !seg.rst() && seg.window() == 0)) {
            return Option.some("text, SEG.SEQ other than RCV.NXT, or a zero window: level " + Level.DATA_TRANSFER);
        }
        if (!level.includes(Level.RFC5961) && t.tcpState().isSynchronized()
                && (seg.syn() || seg.isAck() && !(t.snd().una().le(seg.ack()) && seg.ack().le(t.snd().nxt())))) {
            return Option.some("a SYN or SEG.ACK outside [SND.UNA, SND.NXT] in a synchronized state: level "
                    + Level.RFC5961);
        }
        if (!shoulds.contains(Should.QUEUE_OUT_OF_ORDER) && known && (seg.dataLength() > 0 || seg.fin())
                && seg.seq().gt(t.rcv().nxt())) {
            return Option.some("text or FIN beyond RCV.NXT: " + Should.QUEUE_OUT_OF_ORDER.id() + " not claimed");
        }
        return Option.none();
    }

    /**
     * Runs {@code trace} on a fresh implementation and the model.
     *
     * @param trace the inputs and the peer's ISS
     * @return the model's and the implementation's steps, and the first divergence if any
     */
    public RunResult run(InputTrace trace) {
        Objects.requireNonNull(trace, "trace is null");
        Profile p = factory.profile();
        Implementation impl;
        try {
            impl = factory.create();
        } catch (RuntimeException e) {
            return new RunResult(trace, List.empty(), Option.some(new Divergence(factory.name(), p.name(), 0,
                    new Input.Wait(0, false), new Stimulus.Advance(0), "the factory threw " + e, "CLOSED",
                    TcpState.CLOSED, List.empty(), List.empty(), "(no step)",
                    new Requirement("create()", "the factory makes a connection in CLOSED"), Option.some(e))));
        }
        Tcb m = Tcb.closed();
        long now = 0;
        List<Entry> entries = List.empty();
        // The right edge of the receive window as the user's reads opened it, while not yet advertised.
        Option<SeqNum> opened = Option.none();
        Option<CongestionCheck> congestion = factory.congestionControl().map(CongestionCheck::start);
        // MUST-40 on the implementation's ACKs, from its own SYN or SYN,ACK (which names RMSS) on.
        Option<AckTiming> acks = Option.none();
        int index = 0;
        for (Input input : trace.inputs()) {
            index++;
            ConnectionState before = m.state();
            Either<Problem, Tcb> timed = timed(p, impl, m, now);
            m = timed.getOrElse(m);
            Stimulus stimulus = fit(input.resolve(m, now, trace.peerIss()));
            Turn turn;
            if (timed.isRight() && outOfScope(level, shoulds, m, stimulus).isDefined()) {
                turn = new Turn();
                turn.skipped = true;
            } else if (timed.isLeft()) {
                turn = new Turn();
                turn.now = now;
                turn.problem = Option.some(timed.getLeft().reason);
                turn.cause = timed.getLeft().cause;
            } else {
                turn = turn(p, impl, m, stimulus, now, opened, acks.flatMap(AckTiming::due));
                if (turn.problem.isEmpty() && congestion.isDefined()) {
                    congestion = Option.some(congestion(p, congestion.get(), m, stimulus, turn));
                }
                if (turn.problem.isEmpty()) {
                    announced(p, turn);
                }
                if (turn.problem.isEmpty()) {
                    acks = ackTiming(p, acks, m, stimulus, turn);
                }
            }
            if (turn.skipped) {
                entries = entries.append(new Entry(index, input, stimulus, before, List.empty(), before,
                        safeState(impl), List.empty(), true));
                continue;
            }
            now = turn.now;
            Tcb after = turn.steps.isEmpty() ? m : turn.steps.last().tcb();
            // The implementation's own state, also when it diverged (or threw): the report shows where it stands.
            TcpState implState = safeState(impl);
            Option<String> problem = turn.problem;
            if (problem.isEmpty()) {
                try {
                    Objects.requireNonNull(impl.state(), "state() returned null");
                } catch (RuntimeException e) {
                    // The report's state is then CLOSED (safeState); the exception says why.
                    problem = Option.some("the implementation threw " + e + " from state()");
                    turn.cause = Option.some(e);
                }
            }
            if (problem.isEmpty()) {
                problem = implState == after.tcpState() ? Option.none()
                        : Option.some("the state differs: the model is in " + after.state().rfcName()
                        + ", the implementation in " + implState.rfcName());
            }
            Entry entry = new Entry(index, input, stimulus, before, turn.steps, after.state(), implState,
                    turn.implSent, false);
            entries = entries.append(entry);
            if (problem.isDefined()) {
                String rule = turn.steps.isEmpty() ? "(no step)" : turn.steps.map(Step::rule).mkString("; ");
                return new RunResult(trace, entries, Option.some(new Divergence(factory.name(), p.name(), index, input,
                        stimulus, problem.get(), after.state().rfcName(), implState, entry.modelSent(),
                        turn.implSent, rule, Requirement.of(before, stimulus, rule, problem.get()), turn.cause)));
            }
            Tcb told = advertised(after, turn.implSent);
            if (told == after && stimulus instanceof Stimulus.Call
                    && ((Stimulus.Call) stimulus).call().kind() == UserCall.Kind.RECEIVE
                    && after.rcv().nxt().equals(m.rcv().nxt())) {
                // The model opens its window when the user reads; until the implementation advertises a larger one,
                // the peer knows only the old one.
                told = after.withRcv(after.rcv().withWnd(Math.min(after.rcv().wnd(), m.rcv().wnd())));
                opened = Option.some(after.rcv().nxt().plus(after.rcv().wnd()));
            } else if (told != after) {
                opened = Option.none();
            }
            m = told;
        }
        return new RunResult(trace, entries, Option.none());
    }

    /**
     * The receive window is the implementation's choice (§3.8.6.2.2 leaves its size to the receiver): the model's
     * RCV.WND follows SEG.WND of the last segment the implementation sent with SEG.ACK = RCV.NXT, so that the
     * acceptability test (§3.10.7.4 first) runs on the window the peer was told.
     */
    static Tcb advertised(Tcb t, List<Segment> sent) {
        if (t.is(TcpState.SYN_SENT)) {
            // The window offered in our SYN, before the peer's sequence numbers are known.
            Option<Segment> syn = sent.filter(s -> s.syn() && !s.isAck() && !s.rst()).lastOption();
            return syn.isDefined() ? t.withRcv(t.rcv().withWnd(syn.get().window())) : t;
        }
        boolean known = t.tcpState().isSynchronized() || t.is(TcpState.SYN_RECEIVED);
        Option<Segment> last = sent.filter(s -> s.isAck() && !s.rst() && s.ack().equals(t.rcv().nxt())).lastOption();
        return known && last.isDefined() ? t.withRcv(t.rcv().withWnd(last.get().window())) : t;
    }

    /** A peer segment within what can reach the implementation ({@code maxWindow}, {@code maxPayload}). */
    private Stimulus fit(Stimulus s) {
        if (!(s instanceof Stimulus.Deliver)) {
            return s;
        }
        Segment seg = ((Stimulus.Deliver) s).segment();
        Segment fitted = seg;
        if (fitted.window() > factory.maxWindow()) {
            fitted = fitted.withWindow(factory.maxWindow());
        }
        if (fitted.dataLength() > factory.maxPayload()) {
            fitted = fitted.withDataLength(factory.maxPayload());
        }
        return fitted == seg ? s : new Stimulus.Deliver(fitted);
    }

    private static TcpState safeState(Implementation impl) {
        try {
            return Objects.requireNonNull(impl.state(), "state() returned null");
        } catch (RuntimeException e) {
            return TcpState.CLOSED;
        }
    }

    /** A problem found outside a turn, and what the implementation threw, if it threw. */
    private record Problem(String reason, Option<Throwable> cause) {
    }

    /** The segments an implementation sent while time advanced from {@code earliest - 1} to {@code end}. */
    private record Stage(long earliest, long end, List<Segment> sent) {
    }

    /** One input taken by both sides. */
    private static final class Turn {
        /** For a turn where time passes: its stages, in order (empty for a call or a delivery, timed at its start). */
        List<Stage> stages = List.empty();
        boolean skipped;
        long now;
        List<Step> steps = List.empty();
        List<Segment> implSent = List.empty();
        Option<String> problem = Option.none();
        /** What the implementation threw, when the problem is that it threw. */
        Option<Throwable> cause = Option.none();
        /** The ACK of the SYN alone, sent before the rest of a SYN,ACK with text or FIN was processed. */
        Option<Segment> extraFirst = Option.none();
    }

    private static Turn turn(Profile p, Implementation impl, Tcb m, Stimulus stimulus, long now,
                             Option<SeqNum> opened, Option<Long> ackDue) {
        Turn turn = new Turn();
        turn.now = now;
        SeqNum placeholder = m.snd().iss().plus(1L << 20);
        if (stimulus instanceof Stimulus.Call) {
            UserCall call = ((Stimulus.Call) stimulus).call();
            if (ModelSteps.call(p, m, call, placeholder, now, Choices.reference()).isLeft()) {
                turn.skipped = true;
                return turn;
            }
            if (!implAnswer(turn, () -> impl.call(call, now))) {
                return turn;
            }
            SeqNum iss = Adoption.iss(turn.implSent).getOrElse(placeholder);
            Choices c = Adoption.choices(turn.implSent, call.kind() == UserCall.Kind.SEND);
            Either<String, Step> e = ModelSteps.call(p, m, call, iss, now, c);
            if (e.isLeft()) {
                turn.problem = Option.some("the implementation's choice is not allowed: " + e.getLeft());
                return turn;
            }
            turn.steps = List.of(e.get());
        } else if (stimulus instanceof Stimulus.Deliver) {
            Segment seg = ((Stimulus.Deliver) stimulus).segment();
            if (!implAnswer(turn, () -> impl.deliver(seg, now))) {
                return turn;
            }
            SeqNum iss = Adoption.iss(turn.implSent).getOrElse(placeholder);
            Choices base = Adoption.choices(turn.implSent, false);
            Either<String, Step> e = ModelSteps.deliver(p, m, seg, iss, now, base);
            if (e.isLeft()) {
                turn.problem = Option.some("the model refused the segment: " + e.getLeft());
                return turn;
            }
            Step step = e.get();
            if (m.is(TcpState.SYN_SENT) && seg.syn() && seg.isAck() && (seg.fin() || seg.dataLength() > 0)
                    && !turn.implSent.isEmpty() && !Conformance.begins(step.sent(), turn.implSent)) {
                // RFC 9293 §3.10.7.3 fourth: on a SYN,ACK the ACK <SEQ=SND.NXT><ACK=RCV.NXT> is formed and sent, and
                // "if there are other controls or text in the segment", processing continues: an implementation
                // may send that first ACK (of the SYN, perhaps with its text) before the model's, which
                // acknowledges the rest too.
                Segment first = turn.implSent.head();
                Option<SeqNum> last = step.sent().filter(Segment::isAck).lastOption().map(Segment::ack);
                boolean synAck = first.isAck() && first.len() == 0 && !first.rst() && last.isDefined()
                        && first.ack().gt(seg.seq()) && first.ack().lt(last.get())
                        && first.seq().equals(step.tcb().snd().nxt());
                if (synAck && Conformance.begins(step.sent(), turn.implSent.tail())) {
                    turn.implSent = turn.implSent.tail();
                    turn.extraFirst = Option.some(first);
                }
            }
            // The answers the implementation may hold back (RFC 9293 §3.8.6.3, RFC 5961 §7) and the window the
            // user's RECEIVE opened before it was advertised (§3.8.6.2.2): Adoption picks the model's answer that
            // explains what the implementation sent.
            step = Adoption.answer(m, base, step, turn.implSent, safeState(impl), opened,
                    (tcb, c) -> ModelSteps.deliver(p, tcb, seg, iss, now, c)).step();
            turn.steps = List.of(step);
        } else {
            // In stages: up to each expiry of the retransmission timer whose deadline the implementation chose, so
            // that every expiry takes its choice, then to the end.
            long to = now + ((Stimulus.Advance) stimulus).ms();
            Tcb cur = m;
            long at = now;
            List<Step> steps = List.empty();
            List<Segment> sent = List.empty();
            for (int stage = 0; ; stage++) {
                long from = at;
                // A stage also ends when the oldest unacknowledged text has waited 499 ms, so that an ACK sent in
                // a later stage is known to be late (MUST-40; a stage's segments are timed from its start).
                long stop = cur.deadline(Timer.RETRANSMISSION).toList().appendAll(cur.deadline(Timer.USER))
                        .appendAll(ackDue).filter(d -> d > from && d < to).min().getOrElse(to);
                List<Step> s = ModelSteps.advance(p, cur, at, stop, Choices.reference());
                steps = steps.appendAll(s);
                cur = s.isEmpty() ? cur : s.last().tcb();
                if (!implAnswer(turn, () -> impl.advance(stop))) {
                    return turn;
                }
                sent = sent.appendAll(turn.implSent);
                // Sent after the previous stage's end, at the earliest one millisecond later; time is in whole ms.
                turn.stages = turn.stages.append(new Stage(from + 1, stop, turn.implSent));
                at = stop;
                if (stop >= to || stage >= ModelSteps.MAX_TIMERS_PER_ADVANCE) {
                    break;
                }
                Either<Problem, Tcb> timed = timed(p, impl, cur, at);
                if (timed.isLeft()) {
                    turn.steps = steps;
                    turn.implSent = sent;
                    turn.problem = Option.some(timed.getLeft().reason);
                    turn.cause = timed.getLeft().cause;
                    return turn;
                }
                cur = timed.get();
            }
            turn.steps = steps;
            turn.implSent = sent;
            turn.now = to;
        }
        matchExtras(p, m, turn);
        if (turn.problem.isEmpty()) {
            pushed(m, turn);
        }
        turn.implSent = turn.extraFirst.map(turn.implSent::prepend).getOrElse(turn.implSent);
        return turn;
    }

    /**
     * MUST-67 (RFC 9293 §3.7.1): the MSS option of the implementation's SYN or SYN,ACK is at most MMS_R - 20, MMS_R
     * being at most what the IP layer of the profile's address family can receive ({@link MssRules#largestMmsR}).
     */
    private static void announced(Profile p, Turn turn) {
        int mmsR = MssRules.largestMmsR(p.addressFamily());
        for (Segment seg : turn.implSent) {
            if (seg.syn() && seg.mss().exists(mss -> !MssRules.announcedAllowed(mss, mmsR))) {
                turn.problem = Option.some("the implementation sent " + seg + ": MUST-67: the MSS option "
                        + seg.mss().get() + " exceeds MMS_R - 20 = " + (mmsR - 20) + " (RFC 9293 §3.7.1)");
                return;
            }
        }
    }

    /**
     * MUST-40 (RFC 9293 §3.8.6.3) through the comparison core's {@link AckTiming}: text that advanced the model's
     * RCV.NXT must be acknowledged by the implementation less than 500 ms later. A call's or a delivery's answers
     * are sent at the turn's time; what the implementation sent while time advanced is taken at the earliest moment
     * of its stage, so that an ACK is called late only when it certainly was. Timing starts with the
     * implementation's SYN or SYN,ACK, whose MSS option is RMSS (without one, MUST-15's default). SHLD-19 is a
     * SHOULD and not a divergence. A violation becomes the turn's problem.
     */
    private static Option<AckTiming> ackTiming(Profile p, Option<AckTiming> timing, Tcb m, Stimulus stimulus,
                                               Turn turn) {
        Tcb after = turn.steps.isEmpty() ? m : turn.steps.last().tcb();
        Option<AckTiming> a = timing;
        if (a.isEmpty()) {
            Option<Segment> syn = turn.implSent.find(x -> x.syn() && !x.rst());
            if (syn.isEmpty()) {
                return a;
            }
            a = Option.some(AckTiming.start(syn.get().mss().getOrElse(p.defaultSendMss())));
        }
        AckTiming t = a.get();
        List<Stage> stages = turn.stages.isEmpty() ? List.of(new Stage(turn.now, turn.now, turn.implSent))
                : turn.stages;
        if (stimulus instanceof Stimulus.Deliver && after.tcpState().isSynchronized()
                && m.tcpState().isSynchronized()) {
            t = t.received(turn.now, m.rcv().nxt(), after.rcv().nxt()).next();
        }
        for (Stage stage : stages) {
            for (Segment seg : stage.sent()) {
                AckTiming.Checked c = t.sent(stage.earliest(), seg);
                if (!c.violations().isEmpty()) {
                    turn.problem = Option.some("the implementation sent " + seg + ": " + c.violations().head());
                    return Option.some(c.next());
                }
                t = c.next();
            }
            AckTiming.Checked c = t.elapsed(stage.end());
            if (!c.violations().isEmpty()) {
                turn.problem = Option.some("at " + stage.end() + " ms the implementation had sent no ACK: "
                        + c.violations().head());
                return Option.some(c.next());
            }
            t = c.next();
        }
        // A connection that ended (a RST, a timeout) owes no ACK; a new one is timed from its own SYN.
        return after.is(TcpState.CLOSED) || after.is(TcpState.LISTEN) ? Option.none() : Option.some(t);
    }

    /**
     * MUST-19 (RFC 9293 §3.8.2) through the comparison core's {@link CongestionCheck}: the segment that arrived (its
     * ACK and SACK blocks) moves the bound; a retransmission in a turn where only time passed is the retransmission
     * timer's; each segment the implementation sent is checked with the model's TCB as it stood just before it
     * (SND.UNA after the arrival, SND.NXT up to the segment). A violation becomes the turn's problem.
     */
    private static CongestionCheck congestion(Profile p, CongestionCheck cc, Tcb m, Stimulus stimulus, Turn turn) {
        Tcb after = turn.steps.isEmpty() ? m : turn.steps.last().tcb();
        Tcb base = m;
        CongestionCheck c = cc;
        if (stimulus instanceof Stimulus.Deliver d && !turn.steps.isEmpty()) {
            base = turn.steps.head().tcb();
            c = c.arrived(p, m, base, d.segment());
        }
        SeqNum nxt = m.snd().nxt();
        if (stimulus instanceof Stimulus.Advance
                && turn.implSent.exists(x -> x.dataLength() > 0 && !x.syn() && x.seq().lt(m.snd().nxt()))) {
            c = c.timedOut(m);
        }
        Tcb synchronizedBase = base.tcpState().isSynchronized() ? base : after;
        for (Segment seg : turn.implSent) {
            boolean fresh = !seg.syn() && seg.dataLength() > 0 && !seg.seq().lt(nxt);
            Tcb before = synchronizedBase.withSnd(synchronizedBase.snd().withNxt(fresh ? seg.seq() : nxt));
            CongestionCheck.Sent s = c.sent(seg.syn() ? m : before, seg);
            if (!s.violations().isEmpty()) {
                turn.problem = Option.some("the implementation sent " + seg + ": " + s.violations().mkString("; "));
                return s.next();
            }
            c = s.next();
            if (fresh) {
                nxt = seg.seq().plus(seg.len());
            }
        }
        return c;
    }

    /**
     * MUST-61 (RFC 9293 §3.9.1.2), through the comparison core's {@link Conformance#userRules}: the kit's SEND has
     * no PUSH flag, so when the turn leaves nothing queued, the last data segment the implementation sent in it, the
     * one that took the last buffered octets, carries PSH.
     */
    private static void pushed(Tcb m, Turn turn) {
        Tcb after = turn.steps.isEmpty() ? m : turn.steps.last().tcb();
        Option<Segment> last = turn.implSent.filter(x -> x.dataLength() > 0 && !x.syn() && !x.rst()).lastOption();
        if (last.isEmpty() || after.sendQueue() != 0
                || !last.get().seq().plus(last.get().dataLength()).equals(after.snd().nxt())) {
            return;
        }
        Segment seg = last.get();
        Tcb before = after.withSnd(after.snd().withNxt(seg.seq())).withSendQueue(seg.dataLength());
        List<String> v = Conformance.userRules(before, seg, false, Option.none());
        if (!v.isEmpty()) {
            turn.problem = Option.some("the implementation sent " + seg + ": " + v.mkString("; "));
        }
    }

    /**
     * The model's TCB with the deadlines of the timers the implementation tells ({@link Implementation#toldTimers})
     * taken as its choices; an error value when a retransmission deadline lies outside (now, now + the profile's
     * maximum RTO] or a user timeout is not in the future.
     */
    private static Either<Problem, Tcb> timed(Profile p, Implementation impl, Tcb t, long now) {
        try {
            Set<Timer> told = Objects.requireNonNull(impl.toldTimers(), "toldTimers() returned null");
            Tcb u = t;
            if (told.contains(Timer.RETRANSMISSION) && u.deadline(Timer.RETRANSMISSION).isDefined()) {
                Option<Long> d = Objects.requireNonNull(impl.timerDeadline(Timer.RETRANSMISSION), "null deadline");
                // None: the implementation has no retransmission timer where the model has one; the model's
                // expires at its own deadline, and a missing retransmission shows then.
                if (d.isDefined()) {
                    long ahead = d.get() - now;
                    if (ahead <= 0 || ahead > p.maxRto()) {
                        return Either.left(new Problem("the implementation's retransmission timer is due in " + ahead
                                + " ms, outside (0, " + p.maxRto() + "] ms (RFC 6298 §2.5: the profile's maximum RTO)",
                                Option.none()));
                    }
                    u = u.withTimers(u.timers().put(Timer.RETRANSMISSION, d.get()));
                }
            }
            if (told.contains(Timer.USER)) {
                Option<Long> d = Objects.requireNonNull(impl.timerDeadline(Timer.USER), "null deadline");
                if (d.isEmpty()) {
                    u = u.withTimers(u.timers().remove(Timer.USER));
                } else if (d.get() <= now) {
                    return Either.left(new Problem("the implementation's user timeout is due at " + d.get()
                            + ", not after " + now, Option.none()));
                } else {
                    u = u.withTimers(u.timers().put(Timer.USER, d.get()));
                    if (u.deadline(Timer.RETRANSMISSION).isDefined()) {
                        // The user timeout is the R2 of these retransmissions (§3.8.3 (a): R2 may be a time).
                        u = u.withRetries(0);
                    }
                }
            }
            return Either.right(u);
        } catch (RuntimeException e) {
            return Either.left(new Problem("the implementation threw " + e, Option.some(e)));
        }
    }

    /** Calls the implementation; a throw becomes the turn's problem. */
    private static boolean implAnswer(Turn turn, Supplier<List<Segment>> call) {
        try {
            turn.implSent = Objects.requireNonNull(call.get(), "the implementation returned null");
            return true;
        } catch (RuntimeException e) {
            turn.problem = Option.some("the implementation threw " + e);
            turn.cause = Option.some(e);
            return false;
        }
    }

    /**
     * The model's segments must begin what the implementation sent; each further segment must be one the model
     * lets the implementation send next ({@link Emission#transmit}).
     */
    private static void matchExtras(Profile p, Tcb m, Turn turn) {
        List<Segment> modelSent = Allowance.repackaged(turn.steps, turn.implSent);
        if (!Conformance.begins(modelSent, turn.implSent)) {
            turn.problem = Option.some(modelSent.size() > turn.implSent.size()
                    && Conformance.begins(turn.implSent, modelSent)
                    ? "the implementation did not send " + modelSent.drop(turn.implSent.size()).mkString(" ")
                    : "the segments differ" + firstDifference(modelSent, turn.implSent, turn.steps.isEmpty() ? m
                    : turn.steps.head().tcb()));
            return;
        }
        Tcb cur = turn.steps.isEmpty() ? m : turn.steps.last().tcb();
        for (Segment extra : turn.implSent.drop(modelSent.size())) {
            Option<Allowance> allowance = Allowance.classify(m, turn.steps.map(Step::tcb), cur, extra);
            if (allowance.isDefined()) {
                cur = allowance.get().after(cur, extra);
                continue;
            }
            Either<String, Step> e = Emission.transmit(p, cur, extra.dataLength(), turn.now);
            if (e.isLeft() || !Conformance.same(e.get().sent(), List.of(extra))) {
                List<String> why = Conformance.violations(cur, extra);
                turn.problem = Option.some("the implementation sent " + extra + ", which the model does not send "
                        + "here" + (e.isRight() ? " (it would send " + e.get().sent().mkString(" ") + ")"
                        : " (" + e.getLeft() + ")") + (why.isEmpty() ? "" : "; " + why.mkString("; ")));
                return;
            }
            turn.steps = turn.steps.append(e.get());
            cur = e.get().tcb();
        }
    }

    private static String firstDifference(List<Segment> model, List<Segment> impl, Tcb t) {
        for (int i = 0; i < Math.min(model.size(), impl.size()); i++) {
            if (!Conformance.same(model.get(i), impl.get(i))) {
                List<String> why = Conformance.violations(t, impl.get(i));
                return ": segment " + (i + 1) + " should be " + model.get(i) + ", not " + impl.get(i)
                        + (why.isEmpty() ? "" : " (" + why.mkString("; ") + ")");
            }
        }
        return ": the model sends " + model.size() + " segment(s), the implementation " + impl.size();
    }

    /** The hard cases a run went through, as coverage labels {@code case:<name>}. */
    static List<String> hardCases(RunResult r) {
        List<String> cases = List.empty();
        for (Entry e : r.entries()) {
            for (Step s : e.steps()) {
                String rule = s.rule();
                ConnectionState from = e.before();
                if (s.tcb().state().equals(ConnectionState.synReceived(Origin.ACTIVE))) {
                    cases = cases.append("case:simultaneous open");
                }
                if (from.state() == TcpState.FIN_WAIT_1 && s.tcb().is(TcpState.TIME_WAIT)) {
                    cases = cases.append("case:FIN-WAIT-1 straight to TIME-WAIT");
                }
                if (rule.contains("unacceptable segment")) {
                    cases = cases.append("case:unacceptable segment answered with ACK");
                }
                if (rule.contains("challenge ACK")) {
                    cases = cases.append("case:challenge ACK");
                }
                if (rule.contains("SND.NXT") && rule.contains("fifth") && s.projection().contains(Event.RCV_BAD_ACK)) {
                    cases = cases.append("case:bad ACK");
                }
                if (s.projection().contains(Event.RCV_RST) && from.state().isSynchronized()
                        && !s.tcb().is(from.state())) {
                    cases = cases.append("case:RST accepted");
                }
                if (s.projection().contains(Event.RETRANSMISSION_TIMEOUT)) {
                    cases = cases.append("case:retransmission");
                }
                if (rule.startsWith("§3.10.7.1") && !s.sent().isEmpty()) {
                    cases = cases.append("case:CLOSED answers with RST");
                }
            }
        }
        return cases;
    }
}
