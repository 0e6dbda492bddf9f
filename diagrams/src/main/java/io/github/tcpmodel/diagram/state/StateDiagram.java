package io.github.tcpmodel.diagram.state;

import io.github.tcpmodel.diagram.scenario.Scenario;
import io.github.tcpmodel.diagram.scenario.Scenarios;
import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.Arc;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Tuple3;
import io.vavr.Tuple;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A state diagram derived from a transition table: eleven nodes (SYN-RECEIVED's two origins drawn as one) and one
 * edge per group of state-changing transitions between two states.
 *
 * <p>What is drawn, and why:
 * <ul>
 *   <li>Only transitions that change the state; self-loops (retransmissions, challenge ACKs, duplicates, SEND,
 *       RECEIVE, STATUS) would bury the picture and are listed by {@code tcpmodel table} instead.</li>
 *   <li>Actions are those Figure 5 writes: segments sent and the TCB created or deleted. What the user is told,
 *       queue flushes and timers are left out; {@code x} marks a transition with none of the shown actions.</li>
 *   <li>A transition out of SYN-RECEIVED that holds for one origin only is marked {@code [passive]} (entered from
 *       LISTEN) or {@code [active]} (entered from SYN-SENT), as Figure 5's Note 1 distinguishes them.</li>
 *   <li>The client's and the server's normal paths are not listed by hand: they are the arcs the two sides take in
 *       {@link Scenarios#lifecycle}, a lockstep run of the same table.</li>
 * </ul>
 *
 * @param name   a file-name-friendly name, e.g. {@code tcp-states}
 * @param title  the title drawn above the diagram
 * @param edges  the edges, in the order of the table's arcs
 * @param notes  the legend's explanation lines
 */
public record StateDiagram(String name, String title, List<Edge> edges, List<Exit> exits, List<String> notes) {
    public StateDiagram {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(title, "title is null");
        Objects.requireNonNull(edges, "edges is null");
        Objects.requireNonNull(exits, "exits is null");
        Objects.requireNonNull(notes, "notes is null");
    }

    /**
     * The events that lead to CLOSED from (nearly) every state: in the complete diagram they are a table, not arcs.
     * RFC 9293 §3.10.7 (RST), §3.10.5 (ABORT), §3.10.8 (user timeout).
     */
    public static final List<Event> EXIT_EVENTS = List.of(Event.RCV_RST, Event.ABORT, Event.USER_TIMEOUT);

    /** The provenances drawn in RFC 9293 Figure 5 itself. */
    private static final Set<Provenance> FIGURE_5 =
            io.vavr.collection.HashSet.of(Provenance.FIGURE_5, Provenance.NOTE_1, Provenance.NOTE_2);

    /**
     * The transitions of Figure 5 and its Notes 1 and 2.
     *
     * @param table the transition table drawn
     * @return the diagram, or why the table's lifecycle scenario could not be run
     */
    public static Either<String, StateDiagram> figure5(TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return build(table, "tcp-states", "TCP connection states (RFC 9293 Figure 5)",
                a -> FIGURE_5.contains(a.transition().provenance()), false,
                List.of("Arcs of RFC 9293 Figure 5 with its Notes 1 and 2.",
                        "The complete diagram adds the RST arcs of Note 3, ABORT and the timeouts."));
    }

    /**
     * Every state-changing transition of the table, with those not drawn in Figure 5 in grey.
     *
     * @param table the transition table drawn
     * @return the diagram, or why the table's lifecycle scenario could not be run
     */
    public static Either<String, StateDiagram> complete(TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return build(table, "tcp-states-complete", "TCP connection states, complete (RFC 9293 §3.10)",
                a -> true, true,
                List.of("Every state-changing transition of the table: grey ones are only in the text",
                        "of RFC 9293 §3.10 or in Note 3 of Figure 5 (RST arcs). Resets, ABORT and the user",
                        "timeout, which lead to CLOSED from nearly every state, are in the table above."));
    }

    private static Either<String, StateDiagram> build(TransitionTable table, String name, String title,
                                                      Predicate<Arc> drawn, boolean exitTable, List<String> what) {
        return Scenarios.lifecycle(table).map(life -> {
            List<Arc> arcs = table.stateChanges().filter(drawn)
                    .filter(a -> !exitTable || !isExit(a));
            List<Line> lines = arcs.map(a -> line(table, life, a));
            // The two origins of SYN-RECEIVED give identical lines where they agree: draw them once.
            List<Line> merged = lines.map(Line::key).distinct().map(k -> {
                List<Line> same = lines.filter(l -> l.key().equals(k));
                PathStyle style = same.exists(l -> l.style == PathStyle.CLIENT) ? PathStyle.CLIENT
                        : same.exists(l -> l.style == PathStyle.SERVER) ? PathStyle.SERVER : PathStyle.OTHER;
                return new Line(k._1, k._2, same.head().event, same.head().actions, style,
                        same.exists(l -> l.figure5));
            });
            List<Edge> edges = merged.map(Line::edgeKey).distinct().map(k -> {
                List<Line> group = merged.filter(l -> l.edgeKey().equals(k));
                List<String> labels = group.map(l -> l.actions).distinct().map(act ->
                        events(group.filter(l -> l.actions.equals(act)).map(l -> l.event)) + " / " + act);
                return new Edge(k._1._1, k._1._2, labels, k._2, group.head().figure5);
            });
            List<Exit> exits = exitTable ? exits(table) : List.empty();
            return new StateDiagram(name, title, edges, exits, what.appendAll(legend()));
        });
    }

    /** Events joined by "or", an origin qualifier they all share written once at the end. */
    private static String events(List<String> events) {
        for (String q : List.of(" [passive]", " [active]")) {
            if (events.size() > 1 && events.forAll(e -> e.endsWith(q))) {
                return events.map(e -> e.substring(0, e.length() - q.length())).mkString(" or ") + q;
            }
        }
        return events.mkString(" or ");
    }

    /** A reset, abort or user timeout that leads to CLOSED and is not drawn in Figure 5. */
    private static boolean isExit(Arc a) {
        return EXIT_EVENTS.contains(a.event()) && a.target().state() == TcpState.CLOSED
                && !FIGURE_5.contains(a.transition().provenance());
    }

    private static List<Exit> exits(TransitionTable table) {
        return List.of(TcpState.values()).filter(s -> s != TcpState.CLOSED).map(s -> new Exit(s,
                EXIT_EVENTS.map(e -> {
                    List<String> cell = ConnectionState.all().filter(c -> c.state() == s).flatMap(c -> {
                        Outcome o = table.step(c, e);
                        if (!o.isTransition() || !isExit(new Arc(c, e, (Outcome.Transition) o))) {
                            return List.<String>empty();
                        }
                        Arc arc = new Arc(c, e, (Outcome.Transition) o);
                        String q = qualifier(table, arc, actions(arc.transition()));
                        return List.of((q.isEmpty() ? "" : q.trim() + " ") + actions(arc.transition()));
                    }).distinct();
                    return cell.isEmpty() ? "-" : cell.mkString("; ");
                })));
    }

    private static List<String> legend() {
        return List.of("Labels: event / action. Actions shown: segments sent, TCB created or deleted;",
                "what the user is told, queue flushes and timers are left out; x: none of these.",
                "[passive] / [active]: only when SYN-RECEIVED was entered from LISTEN / from SYN-SENT.",
                "Self-loops (retransmissions, challenge ACKs, duplicates, SEND, RECEIVE, STATUS) are not drawn.");
    }

    private static Line line(TransitionTable table, Scenario life, Arc arc) {
        PathStyle style = life.arcs(Lifeline.LEFT).contains(arc) ? PathStyle.CLIENT
                : life.arcs(Lifeline.RIGHT).contains(arc) ? PathStyle.SERVER : PathStyle.OTHER;
        String actions = actions(arc.transition());
        String event = arc.event().label() + qualifier(table, arc, actions);
        Provenance p = arc.transition().provenance();
        return new Line(arc.source().state(), arc.target().state(), event, actions, style, FIGURE_5.contains(p));
    }

    /** {@code [passive]} or {@code [active]} when the other origin of SYN-RECEIVED does something else. */
    private static String qualifier(TransitionTable table, Arc arc, String actions) {
        if (arc.source().origin().isEmpty()) {
            return "";
        }
        Origin origin = arc.source().origin().get();
        Origin other = origin == Origin.PASSIVE ? Origin.ACTIVE : Origin.PASSIVE;
        ConnectionState twin = ConnectionState.synReceived(other);
        Outcome o = table.step(twin, arc.event());
        boolean same = o.isTransition()
                && ((Outcome.Transition) o).target().state() == arc.target().state()
                && actions(((Outcome.Transition) o)).equals(actions);
        return same ? "" : " [" + origin.name().toLowerCase(Locale.ROOT) + "]";
    }

    /** The actions Figure 5 writes: segments sent and the TCB created or deleted; {@code x} for none. */
    static String actions(Outcome.Transition t) {
        List<Action> shown = t.actions().filter(a -> a.sendsSegment()
                || a == Action.CREATE_TCB || a == Action.DELETE_TCB);
        return shown.isEmpty() ? "x" : shown.map(Action::label).mkString(", ");
    }

    /** One transition as it is labelled, before grouping into edges. */
    private static final class Line {
        final TcpState from;
        final TcpState to;
        final String event;
        final String actions;
        final PathStyle style;
        final boolean figure5;

        Line(TcpState from, TcpState to, String event, String actions, PathStyle style, boolean figure5) {
            this.from = from;
            this.to = to;
            this.event = event;
            this.actions = actions;
            this.style = style;
            this.figure5 = figure5;
        }

        Tuple3<TcpState, TcpState, String> key() {
            return Tuple.of(from, to, event + " / " + actions);
        }

        io.vavr.Tuple2<io.vavr.Tuple3<TcpState, TcpState, Boolean>, PathStyle> edgeKey() {
            return Tuple.of(Tuple.of(from, to, figure5), style);
        }
    }
}
