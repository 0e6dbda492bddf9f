package io.github.tcpmodel.table;

import static io.github.tcpmodel.table.Action.*;
import static io.github.tcpmodel.table.ConnectionState.*;
import static io.github.tcpmodel.table.Event.*;
import static io.github.tcpmodel.table.Provenance.*;

import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.util.function.Function;

/**
 * The entries of the reference table, one row per (state, event) pair, written event by event in the order of
 * RFC 9293 §3.10: user calls (§3.10.1 - §3.10.6), arriving segments (§3.10.7), timeouts (§3.10.8).
 *
 * <p>Where the RFC leaves a pair open (an abstract event that cannot literally occur in a state, or two readings of
 * the text), the row's note says what was chosen and carries the tag {@code RFC9293-CHOICE}.
 */
final class Rfc9293Table {

    private Rfc9293Table() {
    }

    static final List<ConnectionState> SYN_RECEIVED = List.of(SYN_RECEIVED_PASSIVE, SYN_RECEIVED_ACTIVE);
    /** The synchronized states of §3.10.7.4 after SYN-RECEIVED. */
    static final List<ConnectionState> SYNCHRONIZED =
            List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT);
    /** Every state but CLOSED: the states that have a TCB. */
    static final List<ConnectionState> WITH_TCB = ConnectionState.all().remove(CLOSED);

    private static final String ACK_ON_CLOSED_OR_LISTEN = "any ACK-bearing segment is answered <SEQ=SEG.ACK><CTL=RST>";

    static Map<Tuple2<ConnectionState, Event>, Outcome> entries() {
        List<Row> rows = List.of(userCalls(), segments(), timeouts()).flatMap(Function.identity());
        Map<Tuple2<ConnectionState, Event>, List<Row>> byKey = rows.groupBy(Row::key);
        byKey.filter(e -> e._2.size() > 1).headOption().peek(dup -> {
            throw new IllegalStateException("two rows for " + dup._1);
        });
        return LinkedHashMap.ofEntries(TransitionTable.allPairs()
                .flatMap(k -> byKey.get(k).map(r -> Tuple.of(k, r.head().outcome()))));
    }

    // ---------------------------------------------------------------- user calls (§3.10.1 - §3.10.6)

    private static List<Row> userCalls() {
        return List.of(
                // §3.10.1 OPEN: a passive OPEN creates a TCB and listens; an active OPEN sends SYN.
                List.of(arc(CLOSED, PASSIVE_OPEN, LISTEN, FIGURE_5, "§3.10.1", "", CREATE_TCB)),
                refuseAll(WITH_TCB, PASSIVE_OPEN, Reply.CONNECTION_ALREADY_EXISTS, "§3.10.1"),
                List.of(
                        arc(CLOSED, ACTIVE_OPEN, SYN_SENT, FIGURE_5, "§3.10.1", "", CREATE_TCB, SND_SYN),
                        // In LISTEN an active OPEN "changes the connection from passive to active".
                        arc(LISTEN, ACTIVE_OPEN, SYN_SENT, TEXT, "§3.10.1",
                                "the connection changes from passive to active", SND_SYN)),
                refuseAll(WITH_TCB.remove(LISTEN), ACTIVE_OPEN, Reply.CONNECTION_ALREADY_EXISTS, "§3.10.1"),

                // §3.10.2 SEND
                List.of(refuse(CLOSED, SEND, Reply.CONNECTION_DOES_NOT_EXIST, "§3.10.2", ""),
                        arc(LISTEN, SEND, SYN_SENT, FIGURE_5, "§3.10.2",
                                "with the remote socket specified, the connection changes from passive to active",
                                SND_SYN)),
                stayAll(List.of(SYN_SENT).appendAll(SYN_RECEIVED), SEND, "§3.10.2",
                        "data is queued for transmission after entering ESTABLISHED", QUEUE),
                stayAll(List.of(ESTABLISHED, CLOSE_WAIT), SEND, "§3.10.2", "", SND_DATA),
                refuseAll(List.of(FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT), SEND,
                        Reply.CONNECTION_CLOSING, "§3.10.2"),

                // §3.10.3 RECEIVE
                List.of(refuse(CLOSED, RECEIVE, Reply.CONNECTION_DOES_NOT_EXIST, "§3.10.3", "")),
                stayAll(List.of(LISTEN, SYN_SENT).appendAll(SYN_RECEIVED), RECEIVE, "§3.10.3",
                        "queued for processing after entering ESTABLISHED", QUEUE),
                stayAll(List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2), RECEIVE, "§3.10.3", "", DELIVER),
                List.of(stay(CLOSE_WAIT, RECEIVE, "§3.10.3",
                        "satisfied by data already on hand; with none left the RFC answers "
                                + "\"error: connection closing\" (a segment-level distinction)", DELIVER)),
                refuseAll(List.of(CLOSING, LAST_ACK, TIME_WAIT), RECEIVE, Reply.CONNECTION_CLOSING, "§3.10.3"),

                // §3.10.4 CLOSE
                List.of(refuse(CLOSED, CLOSE, Reply.CONNECTION_DOES_NOT_EXIST, "§3.10.4", ""),
                        arc(LISTEN, CLOSE, CLOSED, FIGURE_5, "§3.10.4",
                                "outstanding RECEIVEs are returned with \"error: closing\"",
                                TELL_ERROR_CLOSING, DELETE_TCB),
                        arc(SYN_SENT, CLOSE, CLOSED, FIGURE_5, "§3.10.4",
                                "queued SENDs and RECEIVEs get \"error: closing\"", TELL_ERROR_CLOSING, DELETE_TCB)),
                SYN_RECEIVED.map(s -> arc(s, CLOSE, FIN_WAIT_1, FIGURE_5, "§3.10.4",
                        "with SENDs pending, the FIN waits until they are segmentized", SND_FIN)),
                List.of(arc(ESTABLISHED, CLOSE, FIN_WAIT_1, FIGURE_5, "§3.10.4",
                                "the FIN follows all preceding SENDs", SND_FIN)),
                List.of(FIN_WAIT_1, FIN_WAIT_2).map(s -> refuse(s, CLOSE, Reply.CONNECTION_CLOSING, "§3.10.4",
                        "the RFC also allows \"ok\", as long as no second FIN is sent")),
                List.of(arc(CLOSE_WAIT, CLOSE, LAST_ACK, FIGURE_5, "§3.10.4",
                        "the FIN follows all preceding SENDs", SND_FIN)),
                refuseAll(List.of(CLOSING, LAST_ACK, TIME_WAIT), CLOSE, Reply.CONNECTION_CLOSING, "§3.10.4"),

                // §3.10.5 ABORT
                List.of(refuse(CLOSED, ABORT, Reply.CONNECTION_DOES_NOT_EXIST, "§3.10.5", "")),
                List.of(LISTEN, SYN_SENT).map(s -> arc(s, ABORT, CLOSED, TEXT, "§3.10.5",
                        "no segment is sent: the peer holds no state for this connection", TELL_RESET, DELETE_TCB)),
                List.of(SYN_RECEIVED_PASSIVE, SYN_RECEIVED_ACTIVE, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT)
                        .map(s -> arc(s, ABORT, CLOSED, TEXT, "§3.10.5", "the reset is <SEQ=SND.NXT><CTL=RST>",
                                SND_RST, FLUSH_QUEUES, TELL_RESET, DELETE_TCB)),
                List.of(CLOSING, LAST_ACK, TIME_WAIT).map(s -> arc(s, ABORT, CLOSED, TEXT, "§3.10.5",
                        "both FINs were sent: nothing to reset", TELL_OK, DELETE_TCB)),

                // §3.10.6 STATUS
                List.of(refuse(CLOSED, STATUS, Reply.CONNECTION_DOES_NOT_EXIST, "§3.10.6", "")),
                stayAll(WITH_TCB, STATUS, "§3.10.6", "", TELL_STATE)
        ).flatMap(Function.identity());
    }

    // ---------------------------------------------------------------- arriving segments (§3.10.7)

    private static List<Row> segments() {
        return List.of(
                // §3.10.7.1 CLOSED: every segment but a RST is answered with a reset.
                List.of(SYN_ACK_LIKE).flatMap(e -> List.of(
                        stay(CLOSED, e, "§3.10.7.1",
                                "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> without ACK, <SEQ=SEG.ACK><CTL=RST> with it",
                                SND_RST))),
                List.of(refuse(CLOSED, RCV_RST, Reply.SEGMENT_DROPPED, "§3.10.7.1", "an incoming RST is discarded")),

                // §3.10.7.2 LISTEN: RST ignored; any ACK answered with a reset; SYN leads to SYN-RECEIVED.
                List.of(refuse(LISTEN, RCV_RST, Reply.SEGMENT_DROPPED, "§3.10.7.2",
                                "it cannot answer anything this incarnation sent"),
                        arc(LISTEN, RCV_SYN, SYN_RECEIVED_PASSIVE, FIGURE_5, "§3.10.7.2",
                                "<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>", SND_SYN_ACK)),
                List.of(ACK_BEARING).map(e -> stay(LISTEN, e, "§3.10.7.2", ACK_ON_CLOSED_OR_LISTEN, SND_RST)),

                // §3.10.7.3 SYN-SENT
                List.of(arc(SYN_SENT, RCV_SYN, SYN_RECEIVED_ACTIVE, FIGURE_5, "§3.10.7.3",
                                "simultaneous open: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>", SND_SYN_ACK),
                        arc(SYN_SENT, RCV_SYN_ACK, ESTABLISHED, FIGURE_5, "§3.10.7.3",
                                "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>", SND_ACK),
                        refuse(SYN_SENT, RCV_ACK_OF_SYN, Reply.SEGMENT_DROPPED, "§3.10.7.3",
                                "fifth: neither SYN nor RST is set"),
                        stay(SYN_SENT, RCV_ACK, "§3.10.7.3", "RFC9293-CHOICE: in SYN-SENT an acceptable ACK "
                                + "acknowledges the SYN, so an ACK of nothing has SEG.ACK =< ISS: "
                                + "<SEQ=SEG.ACK><CTL=RST>", SND_RST),
                        stay(SYN_SENT, RCV_BAD_ACK, "§3.10.7.3", "SEG.ACK =< ISS or SEG.ACK > SND.NXT: "
                                + "<SEQ=SEG.ACK><CTL=RST>", SND_RST),
                        refuse(SYN_SENT, RCV_FIN, Reply.SEGMENT_DROPPED, "§3.10.7.3",
                                "a FIN is not processed in SYN-SENT (§3.10.7.4, eighth); without SYN or RST the "
                                        + "segment is dropped (fifth)"),
                        stay(SYN_SENT, RCV_ACK_OF_FIN, "§3.10.7.3",
                                "no FIN was sent, so SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>", SND_RST),
                        stay(SYN_SENT, RCV_FIN_ACK_OF_FIN, "§3.10.7.3",
                                "no FIN was sent, so SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>", SND_RST),
                        arc(SYN_SENT, RCV_RST, CLOSED, NOTE_3, "§3.10.7.3",
                                "only with an acceptable ACK; a RST without one is dropped", TELL_RESET, DELETE_TCB)),

                // §3.10.7.4 SYN-RECEIVED (both origins)
                List.of(
                        // Fourth (SYN bit), passive origin: back to LISTEN. A SYN,ACK has the SYN bit too.
                        arc(SYN_RECEIVED_PASSIVE, RCV_SYN, LISTEN, TEXT, "§3.10.7.4",
                                "fourth: a SYN after a passive OPEN returns the connection to LISTEN"),
                        arc(SYN_RECEIVED_PASSIVE, RCV_SYN_ACK, LISTEN, TEXT, "§3.10.7.4",
                                "fourth: the SYN bit is checked before the ACK field"),
                        // Fourth, active origin: "handle per the directions for synchronized states".
                        stay(SYN_RECEIVED_ACTIVE, RCV_SYN, "§3.10.7.4",
                                "fourth: as in the synchronized states, RFC 5961 §4 challenge ACK", SND_CHALLENGE_ACK),
                        stay(SYN_RECEIVED_ACTIVE, RCV_SYN_ACK, "§3.10.7.4",
                                "fourth: as in the synchronized states, RFC 5961 §4 challenge ACK", SND_CHALLENGE_ACK),
                        // Second (RST bit): Note 1.
                        arc(SYN_RECEIVED_PASSIVE, RCV_RST, LISTEN, NOTE_1, "§3.10.7.4",
                                "the user need not be informed; the retransmission queue is flushed", FLUSH_QUEUES),
                        arc(SYN_RECEIVED_ACTIVE, RCV_RST, CLOSED, NOTE_3, "§3.10.7.4",
                                "the connection was refused", FLUSH_QUEUES, TELL_REFUSED, DELETE_TCB)),
                SYN_RECEIVED.flatMap(s -> List.of(
                        arc(s, RCV_ACK_OF_SYN, ESTABLISHED, FIGURE_5, "§3.10.7.4",
                                "SND.UNA < SEG.ACK =< SND.NXT; SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK"),
                        stay(s, RCV_ACK, "§3.10.7.4", "RFC9293-CHOICE: in SYN-RECEIVED an acceptable ACK "
                                + "acknowledges the SYN, so an ACK of nothing is not acceptable: "
                                + "<SEQ=SEG.ACK><CTL=RST>", SND_RST),
                        stay(s, RCV_BAD_ACK, "§3.10.7.4", "fifth (RFC 5961 §5): SEG.ACK outside "
                                + "[SND.UNA - MAX.SND.WND, SND.NXT] is discarded and an ACK sent back", SND_ACK),
                        arc(s, RCV_FIN, CLOSE_WAIT, TEXT, "§3.10.7.4",
                                "the FIN's ACK covers the SYN (fifth: ESTABLISHED), then the FIN (eighth)",
                                SND_ACK, TELL_CLOSING),
                        stay(s, RCV_ACK_OF_FIN, "§3.10.7.4",
                                "no FIN was sent, so the ACK is not acceptable: <SEQ=SEG.ACK><CTL=RST>", SND_RST),
                        stay(s, RCV_FIN_ACK_OF_FIN, "§3.10.7.4",
                                "no FIN was sent, so the ACK is not acceptable: <SEQ=SEG.ACK><CTL=RST>", SND_RST))),

                // §3.10.7.4 synchronized states: SYN (RFC 5961 §4), ACKs of SYN and of nothing, bad ACKs.
                SYNCHRONIZED.flatMap(s -> List.of(
                        stay(s, RCV_SYN, "§3.10.7.4", "fourth: RFC 5961 §4 challenge ACK, then drop",
                                SND_CHALLENGE_ACK),
                        stay(s, RCV_SYN_ACK, "§3.10.7.4", "fourth: RFC 5961 §4 challenge ACK, then drop",
                                SND_CHALLENGE_ACK),
                        stay(s, RCV_ACK_OF_SYN, "§3.10.7.4", "a duplicate ACK (SEG.ACK =< SND.UNA) can be ignored"),
                        stay(s, RCV_BAD_ACK, "§3.10.7.4",
                                "fifth: an ACK of something not yet sent is answered with an ACK and dropped",
                                SND_ACK))),
                List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT).map(s -> stay(s, RCV_ACK, "§3.10.7.4",
                        "fifth: SND.UNA and the send window are updated; text is acknowledged (seventh)")),
                List.of(stay(CLOSING, RCV_ACK, "§3.10.7.4", "fifth: not the ACK of our FIN: ignore the segment"),
                        stay(LAST_ACK, RCV_ACK, "§3.10.7.4", "fifth: only the ACK of our FIN matters here"),
                        stay(TIME_WAIT, RCV_ACK, "§3.10.7.4",
                                "RFC9293-CHOICE: fifth says \"the only thing that can arrive in this state is a "
                                        + "retransmission of the remote FIN\"; an ACK without FIN is ignored, the "
                                        + "timer is not restarted")),

                // FIN (eighth), ACK of our FIN (fifth), and both at once (Note 2).
                List.of(
                        arc(ESTABLISHED, RCV_FIN, CLOSE_WAIT, FIGURE_5, "§3.10.7.4", "", SND_ACK, TELL_CLOSING),
                        stay(ESTABLISHED, RCV_ACK_OF_FIN, "§3.10.7.4",
                                "no FIN was sent, so SEG.ACK > SND.NXT: send an ACK and drop", SND_ACK),
                        stay(ESTABLISHED, RCV_FIN_ACK_OF_FIN, "§3.10.7.4",
                                "no FIN was sent, so SEG.ACK > SND.NXT: send an ACK and drop", SND_ACK),

                        arc(FIN_WAIT_1, RCV_FIN, CLOSING, FIGURE_5, "§3.10.7.4",
                                "our FIN is not yet acknowledged: simultaneous close", SND_ACK, TELL_CLOSING),
                        arc(FIN_WAIT_1, RCV_ACK_OF_FIN, FIN_WAIT_2, FIGURE_5, "§3.10.7.4", ""),
                        arc(FIN_WAIT_1, RCV_FIN_ACK_OF_FIN, TIME_WAIT, NOTE_2, "§3.10.7.4",
                                "our FIN is acknowledged in this segment: start the time-wait timer",
                                SND_ACK, TELL_CLOSING, START_TIME_WAIT_TIMER),

                        arc(FIN_WAIT_2, RCV_FIN, TIME_WAIT, FIGURE_5, "§3.10.7.4", "",
                                SND_ACK, TELL_CLOSING, START_TIME_WAIT_TIMER),
                        stay(FIN_WAIT_2, RCV_ACK_OF_FIN, "§3.10.7.4",
                                "a duplicate ACK; the user's CLOSE can be acknowledged \"ok\""),
                        arc(FIN_WAIT_2, RCV_FIN_ACK_OF_FIN, TIME_WAIT, TEXT, "§3.10.7.4",
                                "the same as a FIN: our FIN was already acknowledged",
                                SND_ACK, TELL_CLOSING, START_TIME_WAIT_TIMER),

                        stay(CLOSE_WAIT, RCV_FIN, "§3.10.7.4", "a retransmitted FIN: remain in CLOSE-WAIT", SND_ACK),
                        stay(CLOSE_WAIT, RCV_ACK_OF_FIN, "§3.10.7.4",
                                "no FIN was sent, so SEG.ACK > SND.NXT: send an ACK and drop", SND_ACK),
                        stay(CLOSE_WAIT, RCV_FIN_ACK_OF_FIN, "§3.10.7.4",
                                "no FIN was sent, so SEG.ACK > SND.NXT: send an ACK and drop", SND_ACK),

                        stay(CLOSING, RCV_FIN, "§3.10.7.4", "a retransmitted FIN: remain in CLOSING", SND_ACK),
                        arc(CLOSING, RCV_ACK_OF_FIN, TIME_WAIT, FIGURE_5, "§3.10.7.4", "", START_TIME_WAIT_TIMER),
                        arc(CLOSING, RCV_FIN_ACK_OF_FIN, TIME_WAIT, TEXT, "§3.10.7.4",
                                "the ACK of our FIN leads to TIME-WAIT; the retransmitted FIN is acknowledged",
                                SND_ACK, START_TIME_WAIT_TIMER),

                        stay(LAST_ACK, RCV_FIN, "§3.10.7.4", "a retransmitted FIN: remain in LAST-ACK", SND_ACK),
                        arc(LAST_ACK, RCV_ACK_OF_FIN, CLOSED, FIGURE_5, "§3.10.7.4", "", DELETE_TCB),
                        arc(LAST_ACK, RCV_FIN_ACK_OF_FIN, CLOSED, TEXT, "§3.10.7.4",
                                "fifth: once our FIN is acknowledged the TCB is deleted before the FIN is looked at",
                                DELETE_TCB),

                        stay(TIME_WAIT, RCV_FIN, "§3.10.7.4",
                                "a retransmission of the remote FIN: acknowledge it and restart the 2 MSL timeout",
                                SND_ACK, START_TIME_WAIT_TIMER),
                        stay(TIME_WAIT, RCV_ACK_OF_FIN, "§3.10.7.4", "a duplicate ACK of our FIN: ignored"),
                        stay(TIME_WAIT, RCV_FIN_ACK_OF_FIN, "§3.10.7.4",
                                "a retransmission of the remote FIN: acknowledge it and restart the 2 MSL timeout",
                                SND_ACK, START_TIME_WAIT_TIMER)),

                // Second (RST bit) in the synchronized states: Note 3.
                List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT).map(s -> arc(s, RCV_RST, CLOSED, NOTE_3,
                        "§3.10.7.4", "outstanding RECEIVEs and SENDs get \"reset\"; all queues are flushed",
                        FLUSH_QUEUES, TELL_RESET, DELETE_TCB)),
                List.of(CLOSING, LAST_ACK, TIME_WAIT).map(s -> arc(s, RCV_RST, CLOSED, NOTE_3, "§3.10.7.4",
                        "both FINs were sent: the TCB is deleted without telling the user", DELETE_TCB))
        ).flatMap(Function.identity());
    }

    // ---------------------------------------------------------------- timeouts (§3.10.8, §3.8.4)

    private static List<Row> timeouts() {
        return List.of(
                List.of(arc(TIME_WAIT, TIME_WAIT_TIMEOUT, CLOSED, FIGURE_5, "§3.10.8", "", DELETE_TCB)),
                refuseAll(ConnectionState.all().remove(TIME_WAIT), TIME_WAIT_TIMEOUT, Reply.TIMER_NOT_ARMED,
                        "§3.10.8"),

                List.of(refuse(CLOSED, USER_TIMEOUT, Reply.TIMER_NOT_ARMED, "§3.10.8", "no TCB, no timer")),
                WITH_TCB.remove(SYN_RECEIVED_PASSIVE).map(s -> arc(s, USER_TIMEOUT, CLOSED, TEXT, "§3.10.8",
                        "for any state", FLUSH_QUEUES, TELL_USER_TIMEOUT, DELETE_TCB)),
                // A passive OPEN's listener outlives the connection attempts it spawns (MUST-42; Note 1 returns a
                // reset embryo to LISTEN the same way, "the user need not be informed").
                List.of(arc(SYN_RECEIVED_PASSIVE, USER_TIMEOUT, LISTEN, TEXT, "§3.10.8",
                        "RFC9293-CHOICE: the SYN,ACK retries or the user timeout end the embryonic connection, not "
                                + "the passive OPEN: return to LISTEN (MUST-42, Note 1)", FLUSH_QUEUES)),

                // A segment is on the retransmission queue wherever a SYN, data, or a FIN may be unacknowledged.
                stayAll(List.of(SYN_SENT, SYN_RECEIVED_PASSIVE, SYN_RECEIVED_ACTIVE, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT,
                        CLOSING, LAST_ACK), RETRANSMISSION_TIMEOUT, "§3.10.8",
                        "the segment at the front of the retransmission queue is sent again", RETRANSMIT),
                List.of(CLOSED, LISTEN, FIN_WAIT_2, TIME_WAIT).map(s -> refuse(s, RETRANSMISSION_TIMEOUT,
                        Reply.TIMER_NOT_ARMED, "§3.10.8",
                        "nothing is unacknowledged: no SYN or FIN sent, or our FIN already acknowledged")),

                // RFC 9293 §3.8.4: keep-alive is optional (MAY-5), off by default (MUST-25), for idle connections.
                stayAll(List.of(ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT), KEEPALIVE_TIMEOUT, "§3.8.4",
                        "RFC9293-CHOICE: probes are sent where this side has nothing outstanding "
                                + "(off unless the profile enables keep-alive)", SND_KEEPALIVE),
                List.of(CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED_PASSIVE, SYN_RECEIVED_ACTIVE, FIN_WAIT_1, CLOSING, LAST_ACK,
                        TIME_WAIT).map(s -> refuse(s, KEEPALIVE_TIMEOUT, Reply.TIMER_NOT_ARMED, "§3.8.4",
                        "keep-alive applies to synchronized, idle connections")),

                refuseAll(ConnectionState.all(), FIN_WAIT_2_TIMEOUT, Reply.TIMER_NOT_ARMED, "§3.10.8")
                        .map(r -> r.withNote("RFC 9293 has no FIN-WAIT-2 timer; implementation profiles add one"))
        ).flatMap(Function.identity());
    }

    // ---------------------------------------------------------------- row helpers

    /** Every segment event but RST: answered with a reset in CLOSED. */
    private static final Event[] SYN_ACK_LIKE = {RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN, RCV_ACK, RCV_BAD_ACK,
            RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN};
    /** Every segment event that carries the ACK bit (all but a bare SYN and RST). */
    private static final Event[] ACK_BEARING = {RCV_SYN_ACK, RCV_ACK_OF_SYN, RCV_ACK, RCV_BAD_ACK, RCV_FIN,
            RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN};

    private record Row(ConnectionState state, Event event, Outcome outcome) {
        Tuple2<ConnectionState, Event> key() {
            return Tuple.of(state, event);
        }

        Row withNote(String note) {
            Outcome.Refusal r = (Outcome.Refusal) outcome;
            return new Row(state, event, new Outcome.Refusal(r.reply(), r.section(), note));
        }
    }

    private static Row arc(ConnectionState from, Event event, ConnectionState to, Provenance provenance,
                           String section, String note, Action... actions) {
        return new Row(from, event, new Outcome.Transition(to, List.of(actions), provenance, section, note));
    }

    private static Row stay(ConnectionState state, Event event, String section, String note, Action... actions) {
        return arc(state, event, state, TEXT, section, note, actions);
    }

    private static List<Row> stayAll(List<ConnectionState> states, Event event, String section, String note,
                                     Action... actions) {
        return states.map(s -> stay(s, event, section, note, actions));
    }

    private static Row refuse(ConnectionState state, Event event, Reply reply, String section, String note) {
        return new Row(state, event, new Outcome.Refusal(reply, section, note));
    }

    private static List<Row> refuseAll(List<ConnectionState> states, Event event, Reply reply, String section) {
        return states.map(s -> refuse(s, event, reply, section, ""));
    }
}
