package io.github.tcpmodel.table;

import static io.github.tcpmodel.table.Action.*;
import static io.github.tcpmodel.table.Event.*;
import static io.github.tcpmodel.table.ConnectionState.*;
import static io.github.tcpmodel.table.Figure5ArcsTest.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** The transitions RFC 9293 writes only in the text of §3.10, and the refusals it prescribes. */
class TextTransitionsTest {

    static Outcome.Transition transition(ConnectionState s, Event e) {
        Outcome o = table().step(s, e);
        return assertInstanceOf(Outcome.Transition.class, o, () -> s + " " + e + " was " + o);
    }

    static Outcome.Refusal refusal(ConnectionState s, Event e) {
        Outcome o = table().step(s, e);
        return assertInstanceOf(Outcome.Refusal.class, o, () -> s + " " + e + " was " + o);
    }

    // ---- §3.10.5 ABORT ----

    @Test
    void abortFromListenAndSynSentSendsNothing() {
        for (ConnectionState s : List.of(LISTEN, SYN_SENT)) {
            Outcome.Transition t = transition(s, ABORT);
            assertEquals(CLOSED, t.target());
            assertEquals(List.of(TELL_RESET, DELETE_TCB), t.actions());
        }
    }

    @Test
    void abortFromSynReceivedThroughCloseWaitSendsRst() {
        for (ConnectionState s : List.of(SYN_RCVD_PASSIVE, SYN_RCVD_ACTIVE, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2,
                CLOSE_WAIT)) {
            Outcome.Transition t = transition(s, ABORT);
            assertEquals(CLOSED, t.target());
            assertEquals(List.of(SND_RST, FLUSH_QUEUES, TELL_RESET, DELETE_TCB), t.actions(), s::toString);
        }
    }

    @Test
    void abortFromClosingLastAckTimeWaitAnswersOk() {
        for (ConnectionState s : List.of(CLOSING, LAST_ACK, TIME_WAIT)) {
            assertEquals(List.of(TELL_OK, DELETE_TCB), transition(s, ABORT).actions());
        }
        assertEquals(Reply.CONNECTION_DOES_NOT_EXIST, refusal(CLOSED, ABORT).reply());
    }

    // ---- §3.10.8 user timeout ----

    @Test
    void userTimeoutClosesEveryConnection() {
        for (ConnectionState s : ConnectionState.all().remove(CLOSED).remove(SYN_RECEIVED_PASSIVE)) {
            Outcome.Transition t = transition(s, USER_TIMEOUT);
            assertEquals(CLOSED, t.target());
            assertTrue(t.actions().containsAll(List.of(FLUSH_QUEUES, TELL_USER_TIMEOUT, DELETE_TCB)));
            assertFalse(t.actions().exists(Action::sendsSegment));
        }
    }

    // MUST-42 and Note 1: the embryo of a passive OPEN ends, the listener stays (RFC9293-CHOICE).
    @Test
    void userTimeoutReturnsAnEmbryoToListen() {
        Outcome.Transition t = transition(SYN_RECEIVED_PASSIVE, USER_TIMEOUT);
        assertEquals(LISTEN, t.target());
        assertEquals(List.of(FLUSH_QUEUES), t.actions());
    }

    // ---- §3.10.1, §3.10.2: active OPEN and SEND in LISTEN ----

    @Test
    void activeOpenInListenChangesToActive() {
        Outcome.Transition t = transition(LISTEN, ACTIVE_OPEN);
        assertEquals(SYN_SENT, t.target());
        assertEquals(List.of(SND_SYN), t.actions());
        assertEquals(Provenance.TEXT, t.provenance());
    }

    @Test
    void openOnAnExistingConnectionIsRefused() {
        for (ConnectionState s : ConnectionState.all().remove(CLOSED)) {
            assertEquals(Reply.CONNECTION_ALREADY_EXISTS, refusal(s, PASSIVE_OPEN).reply());
        }
    }

    // ---- §3.10.4 CLOSE ----

    @Test
    void closeInTimeWaitIsErrorConnectionClosing() {
        Outcome.Refusal r = refusal(TIME_WAIT, CLOSE);
        assertEquals("error: connection closing", r.reply().text());
        assertEquals("RFC 9293 §3.10.4", r.citation());
    }

    @Test
    void closeAfterOurFinIsRefusedAndNoSecondFinIsSent() {
        for (ConnectionState s : List.of(FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT)) {
            assertEquals(Reply.CONNECTION_CLOSING, refusal(s, CLOSE).reply());
        }
    }

    // ---- §3.10.7.4 RST and SYN in SYN-RECEIVED depend on how it was reached ----

    @Test
    void rstInSynReceivedPassiveReturnsToListenSilently() {
        Outcome.Transition t = transition(SYN_RCVD_PASSIVE, RCV_RST);
        assertEquals(LISTEN, t.target());
        assertFalse(t.actions().exists(a -> a.name().startsWith("TELL_")));
    }

    @Test
    void rstInSynReceivedActiveIsConnectionRefused() {
        Outcome.Transition t = transition(SYN_RCVD_ACTIVE, RCV_RST);
        assertEquals(CLOSED, t.target());
        assertTrue(t.actions().contains(TELL_REFUSED));
    }

    @Test
    void synInSynReceivedPassiveReturnsToListen() {
        assertEquals(LISTEN, transition(SYN_RCVD_PASSIVE, RCV_SYN).target());
    }

    @Test
    void synInSynReceivedActiveIsChallengedAsInSynchronizedStates() {
        Outcome.Transition t = transition(SYN_RCVD_ACTIVE, RCV_SYN);
        assertEquals(SYN_RCVD_ACTIVE, t.target());
        assertEquals(List.of(SND_CHALLENGE_ACK), t.actions());
    }

    @Test
    void simultaneousOpenReachesSynReceivedWithActiveOrigin() {
        assertEquals(SYN_RCVD_ACTIVE, table().run(CLOSED, List.of(ACTIVE_OPEN, RCV_SYN)));
        assertEquals(SYN_RCVD_ACTIVE, table().run(CLOSED, List.of(PASSIVE_OPEN, SEND, RCV_SYN)));
        assertEquals(SYN_RCVD_PASSIVE, table().run(CLOSED, List.of(PASSIVE_OPEN, RCV_SYN)));
    }

    // ---- §3.10.7.1 - §3.10.7.3: segments before synchronization ----

    @Test
    void closedAnswersEverySegmentButRstWithRst() {
        for (Event e : Event.values()) {
            if (e.cause() != Event.Cause.SEGMENT) {
                continue;
            }
            Outcome o = table().step(CLOSED, e);
            if (e == RCV_RST) {
                assertEquals(Reply.SEGMENT_DROPPED, ((Outcome.Refusal) o).reply());
            } else {
                assertEquals(List.of(SND_RST), ((Outcome.Transition) o).actions(), e::toString);
                assertEquals(CLOSED, o.target(CLOSED));
            }
        }
    }

    @Test
    void finIsNotProcessedInClosedListenOrSynSent() {
        for (ConnectionState s : List.of(CLOSED, LISTEN, SYN_SENT)) {
            Outcome o = table().step(s, RCV_FIN);
            assertEquals(s, o.target(s));
            assertFalse(o.<Boolean>fold(t -> t.actions().contains(TELL_CLOSING), r -> false));
        }
        assertEquals(CLOSE_WAIT, transition(SYN_RCVD_PASSIVE, RCV_FIN).target());
    }

    @Test
    void rstInClosingLastAckTimeWaitClosesSilently() {
        for (ConnectionState s : List.of(CLOSING, LAST_ACK, TIME_WAIT)) {
            assertEquals(List.of(DELETE_TCB), transition(s, RCV_RST).actions());
        }
        for (ConnectionState s : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT)) {
            assertTrue(transition(s, RCV_RST).actions().contains(TELL_RESET));
        }
    }

    @Test
    void timeWaitReAcksARetransmittedFinAndRestartsTheTimer() {
        Outcome.Transition t = transition(TIME_WAIT, RCV_FIN);
        assertEquals(TIME_WAIT, t.target());
        assertEquals(List.of(SND_ACK, START_TIME_WAIT_TIMER), t.actions());
    }

    @Test
    void everyChoiceIsTagged() {
        // A note that says the RFC is silent or ambiguous must carry the grep-able tag.
        for (Outcome o : table().entries().values()) {
            if (o.note().contains("CHOICE")) {
                assertTrue(o.note().startsWith("RFC9293-CHOICE: "), o::note);
            }
        }
        assertTrue(table().entries().values().exists(o -> o.note().startsWith("RFC9293-CHOICE")));
    }
}
