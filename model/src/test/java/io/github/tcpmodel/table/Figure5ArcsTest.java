package io.github.tcpmodel.table;

import static io.github.tcpmodel.table.Action.*;
import static io.github.tcpmodel.table.ConnectionState.*;
import static io.github.tcpmodel.table.Event.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Each arc of RFC 9293 Figure 5, and Notes 1 and 2, as one test named after it. */
class Figure5ArcsTest {

    // A fresh build per use, not the shared instance: mutation testing then reaches the code that builds the rows.
    static TransitionTable table() {
        return TransitionTable.buildRfc9293();
    }

    static final ConnectionState SYN_RCVD_PASSIVE = ConnectionState.SYN_RECEIVED_PASSIVE;
    static final ConnectionState SYN_RCVD_ACTIVE = ConnectionState.SYN_RECEIVED_ACTIVE;

    /** Asserts the table's outcome is the transition drawn in the figure, with the figure's actions in order. */
    static void assertArc(ConnectionState from, Event event, ConnectionState to, Provenance provenance,
                          List<Action> figureActions) {
        Outcome o = table().step(from, event);
        Outcome.Transition t = assertInstanceOf(Outcome.Transition.class, o,
                () -> from + " " + event.label() + " should be a transition, was " + o);
        assertEquals(to, t.target(), () -> from + " " + event.label());
        assertEquals(provenance, t.provenance(), () -> from + " " + event.label());
        assertEquals(figureActions, t.actions().filter(a -> figureActions.contains(a)),
                () -> from + " " + event.label() + " actions " + t.actions());
        assertTrue(t.section().startsWith("§3."), t::section);
    }

    @Test
    void closed_passiveOpen_createTcb_toListen() {
        assertArc(CLOSED, PASSIVE_OPEN, LISTEN, Provenance.FIGURE_5, List.of(CREATE_TCB));
    }

    @Test
    void closed_activeOpen_createTcbSndSyn_toSynSent() {
        assertArc(CLOSED, ACTIVE_OPEN, SYN_SENT, Provenance.FIGURE_5, List.of(CREATE_TCB, SND_SYN));
    }

    @Test
    void listen_close_deleteTcb_toClosed() {
        assertArc(LISTEN, CLOSE, CLOSED, Provenance.FIGURE_5, List.of(DELETE_TCB));
    }

    @Test
    void listen_rcvSyn_sndSynAck_toSynReceivedPassive() {
        assertArc(LISTEN, RCV_SYN, SYN_RCVD_PASSIVE, Provenance.FIGURE_5, List.of(SND_SYN_ACK));
    }

    @Test
    void listen_send_sndSyn_toSynSent() {
        assertArc(LISTEN, SEND, SYN_SENT, Provenance.FIGURE_5, List.of(SND_SYN));
    }

    @Test
    void synSent_close_deleteTcb_toClosed() {
        assertArc(SYN_SENT, CLOSE, CLOSED, Provenance.FIGURE_5, List.of(DELETE_TCB));
    }

    @Test
    void synSent_rcvSyn_sndSynAck_toSynReceivedActive() {
        assertArc(SYN_SENT, RCV_SYN, SYN_RCVD_ACTIVE, Provenance.FIGURE_5, List.of(SND_SYN_ACK));
    }

    @Test
    void synSent_rcvSynAck_sndAck_toEstablished() {
        assertArc(SYN_SENT, RCV_SYN_ACK, ESTABLISHED, Provenance.FIGURE_5, List.of(SND_ACK));
    }

    @Test
    void synReceived_rcvAckOfSyn_toEstablished_fromEitherOrigin() {
        assertArc(SYN_RCVD_PASSIVE, RCV_ACK_OF_SYN, ESTABLISHED, Provenance.FIGURE_5, List.empty());
        assertArc(SYN_RCVD_ACTIVE, RCV_ACK_OF_SYN, ESTABLISHED, Provenance.FIGURE_5, List.empty());
        assertEquals(List.empty(), ((Outcome.Transition) table().step(SYN_RCVD_PASSIVE, RCV_ACK_OF_SYN)).actions());
    }

    @Test
    void synReceived_close_sndFin_toFinWait1() {
        assertArc(SYN_RCVD_PASSIVE, CLOSE, FIN_WAIT_1, Provenance.FIGURE_5, List.of(SND_FIN));
        assertArc(SYN_RCVD_ACTIVE, CLOSE, FIN_WAIT_1, Provenance.FIGURE_5, List.of(SND_FIN));
    }

    @Test
    void synReceivedPassive_rcvRst_toListen_note1() {
        assertArc(SYN_RCVD_PASSIVE, RCV_RST, LISTEN, Provenance.NOTE_1, List.empty());
    }

    @Test
    void synReceivedActive_rcvRst_connectionRefused_toClosed_note1() {
        assertArc(SYN_RCVD_ACTIVE, RCV_RST, CLOSED, Provenance.NOTE_3, List.of(TELL_REFUSED, DELETE_TCB));
    }

    @Test
    void established_close_sndFin_toFinWait1() {
        assertArc(ESTABLISHED, CLOSE, FIN_WAIT_1, Provenance.FIGURE_5, List.of(SND_FIN));
    }

    @Test
    void established_rcvFin_sndAck_toCloseWait() {
        assertArc(ESTABLISHED, RCV_FIN, CLOSE_WAIT, Provenance.FIGURE_5, List.of(SND_ACK));
    }

    @Test
    void finWait1_rcvAckOfFin_toFinWait2() {
        assertArc(FIN_WAIT_1, RCV_ACK_OF_FIN, FIN_WAIT_2, Provenance.FIGURE_5, List.empty());
    }

    @Test
    void finWait1_rcvFin_sndAck_toClosing() {
        assertArc(FIN_WAIT_1, RCV_FIN, CLOSING, Provenance.FIGURE_5, List.of(SND_ACK));
    }

    @Test
    void finWait1_rcvFinAckOfFin_sndAck_toTimeWait_note2() {
        assertArc(FIN_WAIT_1, RCV_FIN_ACK_OF_FIN, TIME_WAIT, Provenance.NOTE_2,
                List.of(SND_ACK, START_TIME_WAIT_TIMER));
    }

    @Test
    void finWait2_rcvFin_sndAck_toTimeWait() {
        assertArc(FIN_WAIT_2, RCV_FIN, TIME_WAIT, Provenance.FIGURE_5, List.of(SND_ACK, START_TIME_WAIT_TIMER));
    }

    @Test
    void closeWait_close_sndFin_toLastAck() {
        assertArc(CLOSE_WAIT, CLOSE, LAST_ACK, Provenance.FIGURE_5, List.of(SND_FIN));
    }

    @Test
    void closing_rcvAckOfFin_toTimeWait() {
        assertArc(CLOSING, RCV_ACK_OF_FIN, TIME_WAIT, Provenance.FIGURE_5, List.of(START_TIME_WAIT_TIMER));
    }

    @Test
    void lastAck_rcvAckOfFin_toClosed() {
        assertArc(LAST_ACK, RCV_ACK_OF_FIN, CLOSED, Provenance.FIGURE_5, List.of(DELETE_TCB));
    }

    @Test
    void timeWait_timeout2Msl_deleteTcb_toClosed() {
        assertArc(TIME_WAIT, TIME_WAIT_TIMEOUT, CLOSED, Provenance.FIGURE_5, List.of(DELETE_TCB));
    }

    @Test
    void figure5HasExactlyTheArcsTestedHere() {
        // Figure 5 draws 20 arcs, one of them Note 1's RST arc; SYN-RECEIVED's other two leave both origins,
        // so 19 + 2 entries are FIGURE_5.
        assertEquals(21, table().arcs().count(a -> a.transition().provenance() == Provenance.FIGURE_5));
        assertEquals(1, table().arcs().count(a -> a.transition().provenance() == Provenance.NOTE_1));
        assertEquals(1, table().arcs().count(a -> a.transition().provenance() == Provenance.NOTE_2));
    }
}
