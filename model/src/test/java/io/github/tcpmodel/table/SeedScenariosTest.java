package io.github.tcpmodel.table;

import static io.github.tcpmodel.table.Action.*;
import static io.github.tcpmodel.table.Event.*;
import static io.github.tcpmodel.table.ConnectionState.*;
import static io.github.tcpmodel.table.Figure5ArcsTest.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vavr.Tuple;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * The seeds' three-way handshake and four-way close at the level of the table, as two lockstep endpoints: each
 * segment one side emits is the event the other side receives next (docs/seed-claims.md C1-C3, C15-C19).
 */
class SeedScenariosTest {

    /** Steps one side and returns its new state, checking the action the seeds describe was taken. */
    static ConnectionState step(ConnectionState s, Event e, ConnectionState expected, Action expectedAction) {
        Outcome o = table().step(s, e);
        assertEquals(expected, o.target(s), () -> s + " " + e.label());
        if (expectedAction != null) {
            assertEquals(true, o.<Boolean>fold(t -> t.actions().contains(expectedAction), r -> false),
                    () -> s + " " + e.label() + " should " + expectedAction.label());
        }
        return o.target(s);
    }

    // C1-C3: client CLOSED -active OPEN-> SYN-SENT; server LISTEN -rcv SYN-> SYN-RECEIVED;
    // client -rcv SYN,ACK-> ESTABLISHED; server -rcv ACK of SYN-> ESTABLISHED.
    @Test
    void threeWayHandshake_c1_c2_c3() {
        ConnectionState client = step(CLOSED, ACTIVE_OPEN, SYN_SENT, SND_SYN);              // C1
        ConnectionState server = step(CLOSED, PASSIVE_OPEN, LISTEN, CREATE_TCB);
        server = step(server, RCV_SYN, SYN_RCVD_PASSIVE, SND_SYN_ACK);                       // C2
        client = step(client, RCV_SYN_ACK, ESTABLISHED, SND_ACK);                            // C3
        assertEquals(SYN_RCVD_PASSIVE, server, "the server is not yet established before the third segment");
        server = step(server, RCV_ACK_OF_SYN, ESTABLISHED, null);                            // C3
        assertEquals(Tuple.of(ESTABLISHED, ESTABLISHED), Tuple.of(client, server));
    }

    // C15-C19: the closer goes FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the peer CLOSE-WAIT, LAST-ACK, CLOSED; the peer
    // reaches CLOSED before the closer, which waits in TIME-WAIT.
    @Test
    void fourWayClose_c15_to_c19() {
        ConnectionState closer = step(ESTABLISHED, CLOSE, FIN_WAIT_1, SND_FIN);              // C15
        ConnectionState peer = step(ESTABLISHED, RCV_FIN, CLOSE_WAIT, SND_ACK);             // C16
        closer = step(closer, RCV_ACK_OF_FIN, FIN_WAIT_2, null);                             // C17
        peer = step(peer, CLOSE, LAST_ACK, SND_FIN);                                         // C18
        closer = step(closer, RCV_FIN, TIME_WAIT, SND_ACK);                                  // C19
        peer = step(peer, RCV_ACK_OF_FIN, CLOSED, DELETE_TCB);                               // C19
        assertEquals(Tuple.of(TIME_WAIT, CLOSED), Tuple.of(closer, peer));
        closer = step(closer, TIME_WAIT_TIMEOUT, CLOSED, DELETE_TCB);
        assertEquals(CLOSED, closer);
    }

    // C16: in CLOSE-WAIT the passive side may still send data (half-close).
    @Test
    void halfClosedPeerMayStillSend_c16() {
        assertEquals(List.of(SND_DATA), ((Outcome.Transition) table().step(CLOSE_WAIT, SEND)).actions());
        assertEquals(Reply.CONNECTION_CLOSING, ((Outcome.Refusal) table().step(FIN_WAIT_2, SEND)).reply());
    }
}
