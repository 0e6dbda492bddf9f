package io.github.tcpmodel.diagram.scenario;

import io.github.tcpmodel.diagram.sequence.Arrow;
import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.github.tcpmodel.diagram.sequence.Row;
import io.github.tcpmodel.diagram.sequence.RowStates;
import io.github.tcpmodel.diagram.sequence.SequenceChart;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.Timeouts;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Arc;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * Runs a script for two sides at once through the reference semantics of RFC 9293 §3.10 under the RFC 9293
 * profile: a user call goes to {@link UserCalls}, a timer to {@link Timeouts}, an arriving segment to {@link
 * Arrival#segmentArrives}, each over the side's {@link Tcb}; the segments they send are what the chart draws.
 *
 * <p>The table decides the states. Each step projects onto table events ({@link Step#projection()}); they are
 * looked up in the scenario's table, which is the profile's own table or a variant of it. A user call or timer
 * the table refuses is an error value, so a script cannot draw a picture the table does not allow; a segment
 * whose event the table refuses leaves the state as it is. Where a variant's arc leads elsewhere than the
 * semantics, the side takes the variant's state (its TCB otherwise as the semantics left it), so the chart shows
 * what the variant changes.
 */
final class ScenarioRun {

    private static final Profile PROFILE = Profile.rfc9293();
    /** Distance between the concrete values of two sequence number names: more than a scenario ever advances. */
    private static final long SPACING = 1_000;

    private final TransitionTable table;
    private final List<String> names;
    private Tcb left;
    private Tcb right;
    private long now;
    private List<Row> steps = List.empty();
    /** Segments in flight: the index of their send step, the sender and the segment, oldest first. */
    private List<Tuple2<Integer, Tuple2<Lifeline, Segment>>> inFlight = List.empty();
    private List<Arc> leftArcs = List.empty();
    private List<Arc> rightArcs = List.empty();
    private final ScenarioPeer leftPeer;
    private final ScenarioPeer rightPeer;

    private ScenarioRun(TransitionTable table, ScenarioPeer left, ScenarioPeer right) {
        this.table = table;
        this.leftPeer = left;
        this.rightPeer = right;
        this.names = left.names().appendAll(right.names()).distinct();
        this.left = initial(left);
        this.right = initial(right);
    }

    /** Runs {@code script} from the two peers; the chart's states are RFC names, SYN-RECEIVED without origin. */
    static Either<String, Scenario> run(TransitionTable table, String name, String title, ScenarioPeer left,
                                        ScenarioPeer right, List<Cue> script, List<String> notes) {
        ScenarioRun run = new ScenarioRun(table, left, right);
        RowStates initial = run.states();
        for (Cue s : script) {
            Option<String> error = run.apply(s);
            if (error.isDefined()) {
                return Either.left("scenario " + name + ", step " + (run.steps.size() + 1) + ": " + error.get());
            }
        }
        return SequenceChart.of(title, "client", "server", initial, run.steps, notes)
                .map(chart -> new Scenario(name, chart, run.leftArcs, run.rightArcs));
    }

    // ---------------------------------------------------------------- names and numbers

    /** The concrete value of a name: the first is 1000, the next 2000, and so on. */
    private SeqNum value(String name) {
        return SeqNum.of(SPACING * (names.indexOf(name) + 1));
    }

    /** A concrete sequence number as the nearest name at or below it plus an offset ({@code x+1}). */
    private String name(SeqNum n) {
        for (String s : names) {
            long base = value(s).value();
            if (n.value() >= base && n.value() < base + SPACING) {
                return n.value() == base ? s : s + "+" + (n.value() - base);
            }
        }
        return Long.toString(n.value());
    }

    private Tcb initial(ScenarioPeer p) {
        if (p.isn().isDefined()) {
            return Tcb.closed();
        }
        // ESTABLISHED with nothing outstanding: as after a handshake whose SYNs were ISS = SND.NXT - 1 and
        // IRS = RCV.NXT - 1, both windows the profile's receive window (RFC 9293 §3.10.7.3, §3.10.7.4 fifth).
        SeqNum snd = value(p.sndNxt().get());
        SeqNum rcv = value(p.rcvNxt().get());
        return Tcb.opened(ConnectionState.of(TcpState.ESTABLISHED), Option.none(), true, PROFILE.initialRto(), 0)
                .withSnd(SendVars.afterSyn(snd.minus(1), PROFILE.mss()).withUna(snd)
                        .withWindow(PROFILE.receiveWindow(), rcv, snd))
                .withRcv(ReceiveVars.afterSyn(rcv.minus(1), PROFILE.receiveWindow()));
    }

    private SeqNum iss(Lifeline side) {
        ScenarioPeer p = side == Lifeline.LEFT ? leftPeer : rightPeer;
        return value(p.isn().getOrElse(() -> p.sndNxt().get()));
    }

    // ---------------------------------------------------------------- one cue

    private Option<String> apply(Cue stimulus) {
        now++;
        if (stimulus instanceof Cue.Call call) {
            Tcb t = tcb(call.side());
            Either<String, Step> step = call(call.side(), t, call.event());
            if (step.isLeft()) {
                return Option.some(step.getLeft());
            }
            Either<String, Tcb> after = follow(call.side(), t, step.get(), true);
            if (after.isLeft()) {
                return Option.some(after.getLeft());
            }
            set(call.side(), after.get());
            steps = steps.append(new Row.Local(call.side(), call.event().label(), states()));
            send(call.side(), step.get().sent());
            return Option.none();
        }
        Lifeline to = stimulus instanceof Cue.Deliver d ? d.to() : ((Cue.Lose) stimulus).to();
        Option<Tuple2<Integer, Tuple2<Lifeline, Segment>>> next = inFlight.find(f -> f._2._1 == to.peer());
        if (next.isEmpty()) {
            return Option.some("no segment is in flight towards the " + (to == Lifeline.LEFT ? "client" : "server"));
        }
        inFlight = inFlight.remove(next.get());
        int sendIndex = next.get()._1;
        if (stimulus instanceof Cue.Lose) {
            steps = steps.append(new Row.Lose(sendIndex, states()));
            return Option.none();
        }
        Tcb t = tcb(to);
        Either<String, Step> step = Arrival.segmentArrives(PROFILE, t, next.get()._2._2, iss(to), now,
                Choices.reference());
        if (step.isLeft()) {
            return Option.some(step.getLeft());
        }
        Either<String, Tcb> after = follow(to, t, step.get(), false);
        if (after.isLeft()) {
            return Option.some(after.getLeft());
        }
        set(to, after.get());
        steps = steps.append(new Row.Arrive(sendIndex, states()));
        send(to, step.get().sent());
        return Option.none();
    }

    /** The semantics of a user call or a timer's expiry; a timer expires at its deadline. */
    private Either<String, Step> call(Lifeline side, Tcb t, Event e) {
        return switch (e) {
            case PASSIVE_OPEN -> UserCalls.open(PROFILE, t, true, false, Option.none(), iss(side), now);
            case ACTIVE_OPEN -> UserCalls.open(PROFILE, t, false, true, Option.none(), iss(side), now);
            case CLOSE -> UserCalls.close(PROFILE, t, now);
            case ABORT -> UserCalls.abort(PROFILE, t, now);
            case STATUS -> UserCalls.status(PROFILE, t, now);
            case SEND, RECEIVE -> Either.left(e.label() + " is not drawn: the scenarios carry no data");
            case TIME_WAIT_TIMEOUT -> expire(t, Timer.TIME_WAIT);
            case USER_TIMEOUT -> expire(t, Timer.USER);
            case RETRANSMISSION_TIMEOUT -> expire(t, Timer.RETRANSMISSION);
            case KEEPALIVE_TIMEOUT -> expire(t, Timer.KEEPALIVE);
            case FIN_WAIT_2_TIMEOUT -> expire(t, Timer.FIN_WAIT_2);
            case RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN, RCV_ACK, RCV_BAD_ACK, RCV_FIN, RCV_ACK_OF_FIN,
                 RCV_FIN_ACK_OF_FIN, RCV_RST -> throw new IllegalArgumentException(
                    "a segment arrives by Deliver, not by Call: " + e);
        };
    }

    private Either<String, Step> expire(Tcb t, Timer timer) {
        now = Math.max(now, t.deadline(timer).getOrElse(now));
        return Timeouts.expire(PROFILE, t, timer, now, Choices.reference());
    }

    /**
     * Walks the table along the step's projection from the state before it, recording the arcs taken, and
     * returns the TCB the side continues with: the semantics' own, or, where the table's arcs lead to another
     * state, the same TCB in that state (a deleted one when that state is CLOSED).
     */
    private Either<String, Tcb> follow(Lifeline side, Tcb before, Step step, boolean userCall) {
        ConnectionState state = before.state();
        for (Event e : step.projection()) {
            Outcome o = table.step(state, e);
            if (o instanceof Outcome.Transition t) {
                record(side, new Arc(state, e, t));
                state = t.target();
            } else if (userCall) {
                return Either.left(e.label() + " in " + state + " is refused: "
                        + ((Outcome.Refusal) o).reply().text());
            }
        }
        if (state.equals(step.tcb().state())) {
            return Either.right(step.tcb());
        }
        return Either.right(state.state() == TcpState.CLOSED ? Tcb.closed() : step.tcb().withState(state));
    }

    private void send(Lifeline from, List<Segment> sent) {
        for (Segment s : sent) {
            inFlight = inFlight.append(Tuple.of(steps.size(), Tuple.of(from, s)));
            steps = steps.append(new Row.Send(from, arrow(s), states()));
        }
    }

    /** The arrow of a segment: its control bits as the seeds write them, SEG.SEQ and SEG.ACK by name. */
    private Arrow arrow(Segment s) {
        String ctl = s.syn() ? "SYN" : s.fin() ? "FIN" : s.rst() ? "RST" : "";
        String flags = s.isAck() ? (ctl.isEmpty() ? "ACK" : ctl + ",ACK") : ctl;
        return new Arrow(flags, name(s.seq()), s.isAck() ? Option.some(name(s.ack())) : Option.none(),
                s.dataLength());
    }

    private void record(Lifeline side, Arc arc) {
        if (side == Lifeline.LEFT) {
            leftArcs = leftArcs.append(arc);
        } else {
            rightArcs = rightArcs.append(arc);
        }
    }

    private Tcb tcb(Lifeline side) {
        return side == Lifeline.LEFT ? left : right;
    }

    private void set(Lifeline side, Tcb t) {
        if (side == Lifeline.LEFT) {
            left = t;
        } else {
            right = t;
        }
    }

    private RowStates states() {
        return new RowStates(left.tcpState().rfcName(), right.tcpState().rfcName());
    }
}
