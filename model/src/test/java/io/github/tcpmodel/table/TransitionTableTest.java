package io.github.tcpmodel.table;

import static io.github.tcpmodel.table.Event.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    // A fresh build per use, not the shared instance: mutation testing then reaches the code that builds the rows.
    static TransitionTable table() {
        return TransitionTable.buildRfc9293();
    }

    static final ConnectionState CLOSED = ConnectionState.of(TcpState.CLOSED);

    static Stream<ConnectionState> states() {
        return ConnectionState.all().toJavaStream();
    }

    // Totality: ∀ s ∈ ConnectionState, e ∈ Event: step(s, e) is defined.
    @Test
    void everyPairHasExactlyOneEntry() {
        assertEquals(12, ConnectionState.all().size());
        assertEquals(12 * Event.values().length, table().entries().size());
        assertEquals(TransitionTable.allPairs().toSet(), table().entries().keySet());
        for (Tuple2<ConnectionState, Event> p : TransitionTable.allPairs()) {
            Outcome o = table().step(p._1, p._2);
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
        assertTrue(table().reachableFrom(CLOSED).contains(s));
        assertTrue(table().shortestPath(CLOSED, s).isDefined());
    }

    @ParameterizedTest
    @MethodSource("states")
    void closedIsReachableFromEveryState(ConnectionState s) {
        assertTrue(table().reachableFrom(s).contains(CLOSED));
        // ABORT or a user timeout closes every connection in one step.
        assertTrue(table().shortestPath(s, CLOSED).get().size() <= 1);
    }

    // Shortest path: run(from, shortestPath(from, to)) = to, and no shorter event sequence exists.
    @ParameterizedTest
    @MethodSource("states")
    void shortestPathLeadsThereAndIsShortest(ConnectionState target) {
        List<Event> path = table().shortestPath(CLOSED, target).get();
        assertEquals(target, table().run(CLOSED, path));
        Set<ConnectionState> frontier = io.vavr.collection.HashSet.of(CLOSED);
        for (int i = 0; i < path.size(); i++) {
            assertFalse(frontier.contains(target), "reached in fewer than " + path.size() + " steps");
            frontier = frontier.flatMap(table()::successors);
        }
        assertTrue(frontier.contains(target));
    }

    @Test
    void shortestPathsOfTheNormalOpenings() {
        assertEquals(List.of(ACTIVE_OPEN, RCV_SYN_ACK),
                table().shortestPath(CLOSED, ConnectionState.of(TcpState.ESTABLISHED)).get());
        assertEquals(List.empty(), table().shortestPath(CLOSED, CLOSED).get());
    }

    @Test
    void successorsAndPredecessorsAreInverse() {
        for (ConnectionState s : ConnectionState.all()) {
            for (ConnectionState t : table().successors(s)) {
                assertTrue(table().predecessors(t).contains(s), s + " -> " + t);
            }
        }
        assertEquals(io.vavr.collection.TreeSet.of(ConnectionState.of(TcpState.FIN_WAIT_2),
                        ConnectionState.of(TcpState.CLOSING), ConnectionState.of(TcpState.TIME_WAIT),
                        ConnectionState.of(TcpState.FIN_WAIT_1), CLOSED),
                table().successors(ConnectionState.of(TcpState.FIN_WAIT_1)));
    }

    @Test
    void everyTransitionThatDeletesTheTcbEndsInClosedAndViceVersa() {
        for (Arc a : table().arcs()) {
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
        TransitionTable variant = TransitionTable.rfc9293()
                .with(ConnectionState.of(TcpState.LISTEN), RCV_SYN, twoWay).named("two-way-handshake");
        assertEquals(List.of(io.vavr.Tuple.of(ConnectionState.of(TcpState.LISTEN), RCV_SYN)),
                variant.differences(TransitionTable.rfc9293()));
        assertEquals(synRcvd, TransitionTable.rfc9293().next(ConnectionState.of(TcpState.LISTEN), RCV_SYN));
        assertEquals("two-way-handshake", variant.name());
        assertFalse(variant.equals(TransitionTable.rfc9293()));
    }

    // rfc9293() is one shared instance, and it has exactly the rows a fresh build of RFC 9293's table has.
    @Test
    void theSharedReferenceIsBuiltOnceFromTheSameRows() {
        assertSame(TransitionTable.rfc9293(), TransitionTable.rfc9293());
        TransitionTable fresh = table();
        assertEquals(fresh, TransitionTable.rfc9293());
        assertEquals(fresh.entries().toList(), TransitionTable.rfc9293().entries().toList());
        assertEquals("rfc9293", TransitionTable.rfc9293().name());
    }

    @Test
    void nullsAreRejectedAtOnce() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> table().step(null, CLOSE));
        assertEquals("state is null", e.getMessage());
        assertThrows(NullPointerException.class, () -> table().step(CLOSED, null));
    }
}
