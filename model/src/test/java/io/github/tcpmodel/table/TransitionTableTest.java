package io.github.tcpmodel.table;

import static io.github.tcpmodel.table.Event.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole-table properties: totality, reachability, queries, variants. */
class TransitionTableTest {

    static final TransitionTable TABLE = TransitionTable.rfc9293();
    static final ConnectionState CLOSED = ConnectionState.of(TcpState.CLOSED);

    static Stream<ConnectionState> states() {
        return ConnectionState.all().toJavaStream();
    }

    // Totality: ∀ s ∈ ConnectionState, e ∈ Event: step(s, e) is defined.
    @Test
    void everyPairHasExactlyOneEntry() {
        assertEquals(12, ConnectionState.all().size());
        assertEquals(12 * Event.values().length, TABLE.entries().size());
        assertEquals(TransitionTable.allPairs().toSet(), TABLE.entries().keySet());
        for (Tuple2<ConnectionState, Event> p : TransitionTable.allPairs()) {
            Outcome o = TABLE.step(p._1, p._2);
            assertTrue(o.section().matches("§3\\.[0-9.]+"), () -> p + " cites " + o.section());
        }
    }

    @Test
    void elevenStatesInRfcSpelling() {
        assertEquals(11, TcpState.values().length);
        assertEquals("SYN-RECEIVED", TcpState.SYN_RECEIVED.rfcName());
        assertEquals("TIME-WAIT", TcpState.TIME_WAIT.rfcName());
        for (TcpState s : TcpState.values()) {
            assertEquals(s, TcpState.ofRfcName(s.rfcName()).get());
        }
        assertTrue(TcpState.ofRfcName("SYN_RECEIVED").isEmpty());
    }

    @Test
    void synReceivedCarriesItsOriginAndNoOtherStateDoes() {
        for (ConnectionState c : ConnectionState.all()) {
            assertEquals(c.state() == TcpState.SYN_RECEIVED, c.origin().isDefined(), c::toString);
        }
        assertThrows(IllegalArgumentException.class, () -> ConnectionState.of(TcpState.SYN_RECEIVED));
        for (int i = 0; i < ConnectionState.all().size(); i++) {
            assertEquals(i, ConnectionState.all().get(i).index());
        }
        assertThrows(NullPointerException.class, () -> ConnectionState.synReceived(null));
    }

    // Reachability: ∀ s: s ∈ reachable(CLOSED) ∧ CLOSED ∈ reachable(s).
    @ParameterizedTest
    @MethodSource("states")
    void everyStateIsReachableFromClosed(ConnectionState s) {
        assertTrue(TABLE.reachableFrom(CLOSED).contains(s));
        assertTrue(TABLE.shortestPath(CLOSED, s).isDefined());
    }

    @ParameterizedTest
    @MethodSource("states")
    void closedIsReachableFromEveryState(ConnectionState s) {
        assertTrue(TABLE.reachableFrom(s).contains(CLOSED));
        // ABORT or a user timeout closes every connection in one step.
        assertTrue(TABLE.shortestPath(s, CLOSED).get().size() <= 1);
    }

    // Shortest path: run(from, shortestPath(from, to)) = to, and no shorter event sequence exists.
    @ParameterizedTest
    @MethodSource("states")
    void shortestPathLeadsThereAndIsShortest(ConnectionState target) {
        List<Event> path = TABLE.shortestPath(CLOSED, target).get();
        assertEquals(target, TABLE.run(CLOSED, path));
        Set<ConnectionState> frontier = io.vavr.collection.HashSet.of(CLOSED);
        for (int i = 0; i < path.size(); i++) {
            assertFalse(frontier.contains(target), "reached in fewer than " + path.size() + " steps");
            frontier = frontier.flatMap(TABLE::successors);
        }
        assertTrue(frontier.contains(target));
    }

    @Test
    void shortestPathsOfTheNormalOpenings() {
        assertEquals(List.of(ACTIVE_OPEN, RCV_SYN_ACK),
                TABLE.shortestPath(CLOSED, ConnectionState.of(TcpState.ESTABLISHED)).get());
        assertEquals(List.empty(), TABLE.shortestPath(CLOSED, CLOSED).get());
    }

    @Test
    void successorsAndPredecessorsAreInverse() {
        for (ConnectionState s : ConnectionState.all()) {
            for (ConnectionState t : TABLE.successors(s)) {
                assertTrue(TABLE.predecessors(t).contains(s), s + " -> " + t);
            }
        }
        assertEquals(io.vavr.collection.TreeSet.of(ConnectionState.of(TcpState.FIN_WAIT_2),
                        ConnectionState.of(TcpState.CLOSING), ConnectionState.of(TcpState.TIME_WAIT),
                        ConnectionState.of(TcpState.FIN_WAIT_1), CLOSED),
                TABLE.successors(ConnectionState.of(TcpState.FIN_WAIT_1)));
    }

    @Test
    void everyTransitionThatDeletesTheTcbEndsInClosedAndViceVersa() {
        for (Arc a : TABLE.arcs()) {
            boolean deletes = a.transition().actions().contains(Action.DELETE_TCB);
            boolean endsClosed = a.target().equals(CLOSED) && !a.source().equals(CLOSED);
            assertEquals(endsClosed, deletes, a::toString);
        }
    }

    @Test
    void aVariantChangesOnlyItsEntryAndLeavesTheReferenceAlone() {
        ConnectionState synRcvd = ConnectionState.synReceived(Origin.PASSIVE);
        Outcome twoWay = new Outcome.Transition(ConnectionState.of(TcpState.ESTABLISHED),
                List.of(Action.SND_SYN_ACK), Provenance.VARIANT, "§3.5", "two-way handshake");
        TransitionTable variant = TABLE.with(ConnectionState.of(TcpState.LISTEN), RCV_SYN, twoWay)
                .named("two-way-handshake");
        assertEquals(List.of(io.vavr.Tuple.of(ConnectionState.of(TcpState.LISTEN), RCV_SYN)),
                variant.differences(TABLE));
        assertEquals(synRcvd, TABLE.next(ConnectionState.of(TcpState.LISTEN), RCV_SYN));
        assertEquals("two-way-handshake", variant.name());
        assertFalse(variant.equals(TABLE));
    }

    @Test
    void nullsAreRejectedAtOnce() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> TABLE.step(null, CLOSE));
        assertEquals("state is null", e.getMessage());
        assertThrows(NullPointerException.class, () -> TABLE.step(CLOSED, null));
    }
}
