package io.github.tcpmodel.diagram.scenario;

import static io.github.tcpmodel.diagram.scenario.Cue.call;
import static io.github.tcpmodel.diagram.scenario.Cue.deliver;
import static io.github.tcpmodel.diagram.scenario.Cue.lose;
import static io.github.tcpmodel.diagram.sequence.Lifeline.LEFT;
import static io.github.tcpmodel.diagram.sequence.Lifeline.RIGHT;

import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.Objects;

/**
 * The scenarios of the seeds and of RFC 9293 §3.5 and §3.6, each a short script (who calls what, which segment
 * arrives when) run through the reference semantics of RFC 9293 §3.10 and a transition table. The semantics
 * decide every segment; the table decides every state; a script the table refuses is an error value.
 */
public final class Scenarios {

    private static final String ISN_NOTE = "x, y: the client's and the server's initial sequence numbers (ISN)";
    private static final String CLOSE_NOTE = "u, v: the client's and the server's next sequence numbers (SND.NXT) "
            + "when the close begins; each FIN takes the next sequence number of its side";

    private Scenarios() {
    }

    /**
     * RFC 9293 §3.5 Figure 7, seed claims C1-C3: SYN, SYN,ACK, ACK.
     *
     * @param table the transition table the scenario runs on
     * @return the scenario, or why the table cannot run it
     */
    public static Either<String, Scenario> threeWayHandshake(TransitionTable table) {
        return ScenarioRun.run(table, "three-way-handshake", "Three-way handshake (RFC 9293 §3.5, Figure 7)",
                ScenarioPeer.closed("x"), ScenarioPeer.closed("y"),
                List.of(call(RIGHT, Event.PASSIVE_OPEN), call(LEFT, Event.ACTIVE_OPEN),
                        deliver(RIGHT), deliver(LEFT), deliver(RIGHT)),
                List.of(ISN_NOTE));
    }

    /**
     * RFC 9293 §3.6 Figure 12, seed claims C15-C19: the client closes first; the server closes after.
     *
     * @param table the transition table the scenario runs on
     * @return the scenario, or why the table cannot run it
     */
    public static Either<String, Scenario> fourWayClose(TransitionTable table) {
        return ScenarioRun.run(table, "four-way-close", "Four-way close (RFC 9293 §3.6, Figure 12)",
                ScenarioPeer.established("u", "v"),
                ScenarioPeer.established("v", "u"),
                List.of(call(LEFT, Event.CLOSE), deliver(RIGHT), deliver(LEFT), call(RIGHT, Event.CLOSE),
                        deliver(LEFT), deliver(RIGHT), call(LEFT, Event.TIME_WAIT_TIMEOUT)),
                List.of(CLOSE_NOTE, "only the side that closes first waits in TIME-WAIT (2 MSL)"));
    }

    /**
     * RFC 9293 §3.6 Figure 13, seed claim C23: both close at once; each FIN crosses the other.
     *
     * @param table the transition table the scenario runs on
     * @return the scenario, or why the table cannot run it
     */
    public static Either<String, Scenario> simultaneousClose(TransitionTable table) {
        return ScenarioRun.run(table, "simultaneous-close", "Simultaneous close (RFC 9293 §3.6, Figure 13)",
                ScenarioPeer.established("u", "w"),
                ScenarioPeer.established("w", "u"),
                List.of(call(LEFT, Event.CLOSE), call(RIGHT, Event.CLOSE), deliver(RIGHT), deliver(LEFT),
                        deliver(RIGHT), deliver(LEFT), call(LEFT, Event.TIME_WAIT_TIMEOUT),
                        call(RIGHT, Event.TIME_WAIT_TIMEOUT)),
                List.of("u, w: sequence numbers of the client's and the server's FIN",
                        "both sides pass through CLOSING and TIME-WAIT"));
    }

    /**
     * Seed claim C30: the last ACK of the close is lost; the server, in LAST-ACK, retransmits its FIN; the client,
     * in TIME-WAIT, acknowledges it again and restarts the 2 MSL timer (RFC 9293 §3.10.7.4).
     *
     * @param table the transition table the scenario runs on
     * @return the scenario, or why the table cannot run it
     */
    public static Either<String, Scenario> lostLastAck(TransitionTable table) {
        return ScenarioRun.run(table, "lost-last-ack", "The last ACK is lost (seed claim C30)",
                ScenarioPeer.established("u", "v"),
                ScenarioPeer.established("v", "u"),
                List.of(call(LEFT, Event.CLOSE), deliver(RIGHT), deliver(LEFT), call(RIGHT, Event.CLOSE),
                        deliver(LEFT), lose(RIGHT), call(RIGHT, Event.RETRANSMISSION_TIMEOUT), deliver(LEFT),
                        deliver(RIGHT), call(LEFT, Event.TIME_WAIT_TIMEOUT)),
                List.of(CLOSE_NOTE, "TIME-WAIT acknowledges the retransmitted FIN and restarts its 2 MSL timer: "
                        + "without TIME-WAIT the FIN would meet a closed port and be answered with a reset (C32)"));
    }

    /**
     * RFC 9293 §3.5 Figure 8, seed claim C13: both sides send SYN. The table follows the text of §3.10.7.4
     * (fourth, the SYN bit, before the ACK field), so each side answers the other's SYN,ACK in SYN-RECEIVED
     * with an ACK (RFC 5961 §4), and that ACK completes the handshake.
     *
     * @param table the transition table the scenario runs on
     * @return the scenario, or why the table cannot run it
     */
    public static Either<String, Scenario> simultaneousOpen(TransitionTable table) {
        return ScenarioRun.run(table, "simultaneous-open", "Simultaneous open (RFC 9293 §3.5, Figure 8)",
                ScenarioPeer.closed("x"), ScenarioPeer.closed("y"),
                List.of(call(LEFT, Event.ACTIVE_OPEN), call(RIGHT, Event.ACTIVE_OPEN),
                        deliver(RIGHT), deliver(LEFT), deliver(RIGHT), deliver(LEFT), deliver(RIGHT), deliver(LEFT)),
                List.of(ISN_NOTE, "a SYN,ACK arriving in SYN-RECEIVED is answered with an ACK (§3.10.7.4 fourth, "
                        + "RFC 5961 §4); Figure 8 of RFC 9293 draws ESTABLISHED at once"));
    }

    /**
     * A whole connection: the handshake, then the client closes first and the server after it, then TIME-WAIT
     * expires. The arcs each side takes are the client's and the server's normal paths of the state diagram.
     *
     * @param table the transition table the scenario runs on
     * @return the scenario, or why the table cannot run it
     */
    public static Either<String, Scenario> lifecycle(TransitionTable table) {
        return ScenarioRun.run(table, "lifecycle", "A connection from open to close",
                ScenarioPeer.closed("x"), ScenarioPeer.closed("y"),
                List.of(call(RIGHT, Event.PASSIVE_OPEN), call(LEFT, Event.ACTIVE_OPEN),
                        deliver(RIGHT), deliver(LEFT), deliver(RIGHT),
                        call(LEFT, Event.CLOSE), deliver(RIGHT), deliver(LEFT), call(RIGHT, Event.CLOSE),
                        deliver(LEFT), deliver(RIGHT), call(LEFT, Event.TIME_WAIT_TIMEOUT)),
                List.of(ISN_NOTE));
    }

    /**
     * The scenarios drawn as charts, in the order of the RFC.
     *
     * @param table the transition table the scenarios run on
     * @return the scenario charts, or why one of them could not be run
     */
    public static Either<String, List<Scenario>> charts(TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return Either.sequenceRight(List.of(threeWayHandshake(table), simultaneousOpen(table), fourWayClose(table),
                simultaneousClose(table), lostLastAck(table))).map(List::ofAll);
    }

    /**
     * The shortest counterexamples the model checker finds against the broken variants the seeds argue against:
     * the two-way handshake (an old duplicate SYN opens a connection) and close without TIME-WAIT (the
     * retransmitted FIN meets a closed socket and is answered with RST). One thread, so the chart is the same on
     * every run.
     *
     * @return the charts of the counterexamples, or why one could not be drawn
     */
    public static Either<String, List<Scenario>> counterexamples() {
        io.github.tcpmodel.check.Options one = io.github.tcpmodel.check.Options.defaults().withThreads(1);
        return Either.sequenceRight(List.of(
                counterexample("counterexample-two-way-handshake",
                        "two-way handshake: an old duplicate SYN opens a connection (refuted variant)",
                        io.github.tcpmodel.check.tcp.Theorems.twoWayHandshake(one)),
                counterexample("counterexample-no-time-wait",
                        "close without TIME-WAIT: the retransmitted FIN is answered with RST (refuted variant)",
                        io.github.tcpmodel.check.tcp.Theorems.noTimeWait(one)))).map(List::ofAll);
    }

    private static Either<String, Scenario> counterexample(String name, String title,
                                                           io.github.tcpmodel.check.tcp.Theorems.Verdict v) {
        return v.counterexample().toEither(() -> name + ": the model checker found no counterexample")
                .flatMap(trace -> io.github.tcpmodel.diagram.sequence.FromTrace.chart(title, trace))
                .map(chart -> new Scenario(name, chart, List.empty(), List.empty()));
    }
}
