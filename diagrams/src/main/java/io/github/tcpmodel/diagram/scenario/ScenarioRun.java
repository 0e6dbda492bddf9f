package io.github.tcpmodel.diagram.scenario;

import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.github.tcpmodel.diagram.sequence.Row;
import io.github.tcpmodel.diagram.sequence.RowStates;
import io.github.tcpmodel.diagram.sequence.SequenceChart;
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.Arc;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Tuple2;
import io.vavr.Tuple;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * Runs a script against a transition table for two sides at once. Every state change comes from the table: a user
 * call or timer is looked up directly, and an arriving segment is first classified into the {@link Event} the
 * receiver sees. A script that asks for something the table refuses is an error, so a script cannot draw a
 * picture the table does not allow.
 */
final class ScenarioRun {

    private final TransitionTable table;
    private ScenarioPeer left;
    private ScenarioPeer right;
    private List<Row> steps = List.empty();
    /** Segments in flight: the index of their send step and the segment, oldest first. */
    private List<Tuple2<Integer, Wire>> inFlight = List.empty();
    private List<Arc> leftArcs = List.empty();
    private List<Arc> rightArcs = List.empty();

    private ScenarioRun(TransitionTable table, ScenarioPeer left, ScenarioPeer right) {
        this.table = table;
        this.left = left;
        this.right = right;
    }

    /** Runs {@code script} from the two peers; the chart's states are RFC names, SYN-RECEIVED without origin. */
    static Either<String, Scenario> run(TransitionTable table, String name, String title, ScenarioPeer left, ScenarioPeer right,
                                        List<Cue> script, List<String> notes) {
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

    private Option<String> apply(Cue stimulus) {
        if (stimulus instanceof Cue.Call) {
            Cue.Call call = (Cue.Call) stimulus;
            ScenarioPeer p = peer(call.side());
            Outcome outcome = table.step(p.state(), call.event());
            if (!outcome.isTransition()) {
                return Option.some(call.event().label() + " in " + p.state() + " is refused: "
                        + ((Outcome.Refusal) outcome).reply().text());
            }
            Outcome.Transition t = (Outcome.Transition) outcome;
            record(call.side(), new Arc(p.state(), call.event(), t));
            Either<String, Tuple2<ScenarioPeer, List<Wire>>> done = perform(call.side(), p, t);
            if (done.isLeft()) {
                return Option.some(done.getLeft());
            }
            set(call.side(), done.get()._1);
            steps = steps.append(new Row.Local(call.side(), call.event().label(), states()));
            send(done.get()._2);
            return Option.none();
        }
        Lifeline to = stimulus instanceof Cue.Deliver ? ((Cue.Deliver) stimulus).to()
                : ((Cue.Lose) stimulus).to();
        Option<Tuple2<Integer, Wire>> next = inFlight.find(f -> f._2.from() == to.peer());
        if (next.isEmpty()) {
            return Option.some("no segment is in flight towards the " + (to == Lifeline.LEFT ? "client" : "server"));
        }
        inFlight = inFlight.remove(next.get());
        int sendIndex = next.get()._1;
        if (stimulus instanceof Cue.Lose) {
            steps = steps.append(new Row.Lose(sendIndex, states()));
            return Option.none();
        }
        return receive(to, sendIndex, next.get()._2);
    }

    private Option<String> receive(Lifeline to, int sendIndex, Wire w) {
        ScenarioPeer p = peer(to);
        Event event = classify(p, w);
        Outcome outcome = table.step(p.state(), event);
        if (!outcome.isTransition()) {
            // RFC 9293 §3.10.7: the segment is dropped; the chart shows it arriving and nothing changing.
            steps = steps.append(new Row.Arrive(sendIndex, states()));
            return Option.none();
        }
        Outcome.Transition t = (Outcome.Transition) outcome;
        record(to, new Arc(p.state(), event, t));
        ScenarioPeer q = p;
        // A SYN or a new FIN consumes one sequence number (RFC 9293 §3.3.1); RCV.NXT moves past it. Data sent
        // before a FIN is not drawn, so a FIN is new unless RCV.NXT is already past it (a retransmission).
        if (w.syn() && q.rcvNxt().isEmpty() || w.fin() && !q.rcvNxt().contains(w.seq().plus(1))) {
            q = q.withRcvNxt(w.seq().plus(1));
        }
        // The ACK field is only processed when the SYN check did not already answer and drop the segment.
        if (!t.actions().contains(Action.SND_CHALLENGE_ACK) && (q.newlyAcksSyn(w.ack()) || q.newlyAcksFin(w.ack()))) {
            q = q.withSndUna(w.ack().get());
        }
        Either<String, Tuple2<ScenarioPeer, List<Wire>>> done = perform(to, q, t);
        if (done.isLeft()) {
            return Option.some(done.getLeft());
        }
        set(to, done.get()._1);
        steps = steps.append(new Row.Arrive(sendIndex, states()));
        send(done.get()._2);
        return Option.none();
    }

    /**
     * The event the receiver sees (RFC 9293 §3.10.7.4 checks RST, then SYN, then ACK, then FIN): only what these
     * scenarios need, with "ACK of SYN" and "ACK of FIN" meaning that the ACK field newly acknowledges it.
     */
    static Event classify(ScenarioPeer p, Wire w) {
        if (w.rst()) {
            return Event.RCV_RST;
        }
        if (w.syn()) {
            if (w.ack().isEmpty()) {
                return Event.RCV_SYN;
            }
            return p.synEnd().equals(w.ack()) ? Event.RCV_SYN_ACK : Event.RCV_BAD_ACK;
        }
        if (w.fin()) {
            return p.newlyAcksFin(w.ack()) ? Event.RCV_FIN_ACK_OF_FIN : Event.RCV_FIN;
        }
        if (p.newlyAcksFin(w.ack())) {
            return Event.RCV_ACK_OF_FIN;
        }
        return p.newlyAcksSyn(w.ack()) ? Event.RCV_ACK_OF_SYN : Event.RCV_ACK;
    }

    /** The peer after the transition's actions, and the segments they emit, in order. */
    private static Either<String, Tuple2<ScenarioPeer, List<Wire>>> perform(Lifeline side, ScenarioPeer p, Outcome.Transition t) {
        ScenarioPeer q = p;
        List<Wire> out = List.empty();
        for (Action a : t.actions()) {
            switch (a) {
                case SND_SYN:
                case SND_SYN_ACK: {
                    Option<Sym> ack = a == Action.SND_SYN ? Option.none() : q.rcvNxt();
                    // A SYN,ACK in simultaneous open repeats our ISN: the SYN was already sent.
                    Sym isn = q.synEnd().map(e -> new Sym(e.base(), e.offset() - 1)).getOrElse(q.sndNxt());
                    Wire syn = new Wire(side, true, false, false, isn, ack);
                    out = out.append(syn);
                    q = q.withSynEnd(isn.plus(1)).withSndNxt(isn.plus(1)).withUnacked(syn);
                    if (q.sndUna().isEmpty()) {
                        q = q.withSndUna(isn);
                    }
                    break;
                }
                case SND_ACK:
                case SND_CHALLENGE_ACK:
                    out = out.append(new Wire(side, false, false, false, q.sndNxt(), q.rcvNxt()));
                    break;
                case SND_FIN: {
                    Sym fin = q.finSymbol().map(Sym::of).getOrElse(q.sndNxt());
                    Wire finSegment = new Wire(side, false, true, false, fin, q.rcvNxt());
                    out = out.append(finSegment);
                    q = q.withFinEnd(fin.plus(1)).withSndNxt(fin.plus(1)).withUnacked(finSegment);
                    break;
                }
                case RETRANSMIT: {
                    // RFC 9293 §3.10.8: the segment at the front of the retransmission queue goes again, with the
                    // acknowledgment number as it is now.
                    if (q.unacked().isEmpty()) {
                        return Either.left("retransmission timeout with nothing to retransmit");
                    }
                    Wire w = q.unacked().get();
                    out = out.append(new Wire(side, w.syn(), w.fin(), w.rst(), w.seq(), w.ack().isEmpty() ? w.ack()
                            : q.rcvNxt()));
                    break;
                }
                case SND_RST:
                    out = out.append(new Wire(side, false, false, true, q.sndNxt(), Option.none()));
                    break;
                default:
                    if (a.sendsSegment()) {
                        return Either.left("the action \"" + a.label() + "\" is not drawn by the lockstep runner");
                    }
            }
        }
        return Either.right(Tuple.of(q.withState(t.target()), out));
    }

    private void send(List<Wire> wires) {
        for (Wire w : wires) {
            inFlight = inFlight.append(Tuple.of(steps.size(), w));
            steps = steps.append(new Row.Send(w.from(), w.segment(), states()));
        }
    }

    private void record(Lifeline side, Arc arc) {
        if (side == Lifeline.LEFT) {
            leftArcs = leftArcs.append(arc);
        } else {
            rightArcs = rightArcs.append(arc);
        }
    }

    private ScenarioPeer peer(Lifeline side) {
        return side == Lifeline.LEFT ? left : right;
    }

    private void set(Lifeline side, ScenarioPeer p) {
        if (side == Lifeline.LEFT) {
            left = p;
        } else {
            right = p;
        }
    }

    private RowStates states() {
        return new RowStates(left.state().state().rfcName(), right.state().state().rfcName());
    }
}
