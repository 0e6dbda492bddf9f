package io.github.tcpmodel.diagram.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.table.Arc;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import org.junit.jupiter.api.Test;

class StateDiagramTest {

    private static final TransitionTable RFC = TransitionTable.rfc9293();
    private static final StateDiagram FIGURE_5 = StateDiagram.figure5(RFC).get();
    private static final StateDiagram COMPLETE = StateDiagram.complete(RFC).get();
    private static final Set<Provenance> DRAWN = HashSet.of(Provenance.FIGURE_5, Provenance.NOTE_1, Provenance.NOTE_2);

    /** Whether some edge from the arc's source to its target has a label line naming the arc's event. */
    private static boolean drawn(StateDiagram d, Arc a) {
        return d.edges().exists(e -> e.from() == a.source().state() && e.to() == a.target().state()
                && e.labels().exists(l -> List.of(l.split(" / ")[0].split(" or "))
                        .map(ev -> ev.replace(" [passive]", "").replace(" [active]", ""))
                        .contains(a.event().label())));
    }

    // ---- validity: what is drawn is exactly what the table says

    @Test
    void everyFigure5ArcIsDrawn() {
        List<Arc> arcs = RFC.stateChanges().filter(a -> DRAWN.contains(a.transition().provenance()));
        assertFalse(arcs.isEmpty());
        arcs.forEach(a -> assertTrue(drawn(FIGURE_5, a), a.toString()));
    }

    @Test
    void theFigure5DiagramDrawsNothingElse() {
        for (Edge e : FIGURE_5.edges()) {
            assertTrue(e.figure5(), e.toString());
            assertTrue(RFC.stateChanges().exists(a -> DRAWN.contains(a.transition().provenance())
                    && a.source().state() == e.from() && a.target().state() == e.to()), e.toString());
        }
    }

    @Test
    void everyStateChangeIsInTheCompleteDiagramAsAnEdgeOrInTheExitTable() {
        for (Arc a : RFC.stateChanges()) {
            boolean inTable = StateDiagram.EXIT_EVENTS.contains(a.event())
                    && COMPLETE.exits().exists(x -> x.state() == a.source().state()
                    && !x.cells().get(StateDiagram.EXIT_EVENTS.indexOf(a.event())).equals("-"));
            assertTrue(drawn(COMPLETE, a) || inTable, a.toString());
        }
    }

    @Test
    void noSelfLoopIsDrawn() {
        for (StateDiagram d : List.of(FIGURE_5, COMPLETE)) {
            assertTrue(d.edges().forAll(e -> e.from() != e.to()), d.name());
        }
    }

    @Test
    void synReceivedIsOneNodeAndItsOriginsAreMergedWhereTheyAgree() {
        // Both origins go to ESTABLISHED on the ACK of the SYN: one edge, one label line, no origin mark.
        List<Edge> toEstablished = FIGURE_5.edges()
                .filter(e -> e.from() == TcpState.SYN_RECEIVED && e.to() == TcpState.ESTABLISHED);
        assertEquals(1, toEstablished.size());
        assertEquals(List.of("rcv ACK of SYN / x"), toEstablished.head().labels());
        // Note 1: only the passive origin returns to LISTEN on a reset.
        assertTrue(FIGURE_5.edges().exists(e -> e.from() == TcpState.SYN_RECEIVED && e.to() == TcpState.LISTEN
                && e.labels().contains("rcv RST [passive] / x")));
    }

    @Test
    void userNotificationsAreLeftOffTheLabels() {
        for (Edge e : COMPLETE.edges()) {
            for (String l : e.labels()) {
                assertFalse(l.contains("connection") || l.contains("error") || l.contains("flush"), l);
            }
        }
    }

    // ---- the normal paths: derived from the lockstep run, each a cycle through CLOSED

    private static void assertCycle(StateDiagram d, PathStyle style, List<TcpState> through) {
        List<Edge> path = d.edges().filter(e -> e.style() == style);
        TcpState at = TcpState.CLOSED;
        List<TcpState> visited = List.empty();
        for (int i = 0; i < path.size(); i++) {
            TcpState from = at;
            List<Edge> next = path.filter(e -> e.from() == from);
            assertEquals(1, next.size(), style + " path leaves " + from + " once");
            at = next.head().to();
            visited = visited.append(at);
        }
        assertEquals(TcpState.CLOSED, at, style + " path returns to CLOSED");
        assertEquals(path.size(), visited.distinct().size(), style + " path visits each state once");
        assertTrue(visited.containsAll(through), style + " path " + visited);
    }

    @Test
    void theClientPathIsActiveOpenAndActiveClose() {
        for (StateDiagram d : List.of(FIGURE_5, COMPLETE)) {
            assertCycle(d, PathStyle.CLIENT, List.of(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                    TcpState.FIN_WAIT_2, TcpState.TIME_WAIT));
        }
    }

    @Test
    void theServerPathIsPassiveOpenAndPassiveClose() {
        for (StateDiagram d : List.of(FIGURE_5, COMPLETE)) {
            assertCycle(d, PathStyle.SERVER, List.of(TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED,
                    TcpState.CLOSE_WAIT, TcpState.LAST_ACK));
        }
    }

    // ---- the writers

    @Test
    void dotDeclaresElevenStatesAndStylesThePaths() {
        String dot = DotWriter.write(FIGURE_5);
        for (TcpState s : TcpState.values()) {
            assertTrue(dot.contains("  " + s.name() + " [label=\"" + s.rfcName() + "\"]"), s.toString());
        }
        for (Edge e : FIGURE_5.edges()) {
            String line = dot.lines().filter(l -> l.startsWith("  " + e.from().name() + " -> " + e.to().name() + " "))
                    .filter(l -> l.contains(e.labels().head())).findFirst().orElseThrow();
            assertEquals(e.style() == PathStyle.CLIENT, line.contains("style=bold"), line);
            assertEquals(e.style() == PathStyle.SERVER, line.contains("style=dashed"), line);
        }
        assertTrue(dot.contains("cluster_legend"));
    }

    @Test
    void mermaidHasEveryLabelLine() {
        for (StateDiagram d : List.of(FIGURE_5, COMPLETE)) {
            String mmd = MermaidWriter.write(d);
            assertTrue(mmd.contains("stateDiagram-v2\n"));
            for (Edge e : d.edges()) {
                for (String l : e.labels()) {
                    assertTrue(mmd.contains("    " + e.from().name() + " --> " + e.to().name() + " : " + l), l);
                }
            }
        }
        String complete = MermaidWriter.write(COMPLETE);
        assertTrue(complete.contains("ESTABLISHED --> CLOSED : ABORT / snd RST, delete TCB"));
    }

    @Test
    void theExitTableListsEveryStateButClosed() {
        assertEquals(List.of(TcpState.values()).remove(TcpState.CLOSED), COMPLETE.exits().map(Exit::state));
        assertTrue(FIGURE_5.exits().isEmpty());
    }
}
