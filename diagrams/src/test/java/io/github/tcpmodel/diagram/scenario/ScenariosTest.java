package io.github.tcpmodel.diagram.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.github.tcpmodel.diagram.sequence.Row;
import io.github.tcpmodel.diagram.sequence.RowStates;
import io.github.tcpmodel.diagram.sequence.SequenceChart;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Reply;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

class ScenariosTest {

    private static final TransitionTable RFC = TransitionTable.rfc9293();

    private static List<String> segments(SequenceChart chart) {
        return chart.steps().filter(s -> s instanceof Row.Send).map(s -> ((Row.Send) s).segment().label());
    }

    /** The states after the arrival of the segment whose label is {@code label}. */
    private static RowStates afterArrivalOf(SequenceChart chart, String label) {
        for (int i = 0; i < chart.steps().size(); i++) {
            Row s = chart.steps().get(i);
            if (s instanceof Row.Arrive
                    && ((Row.Send) chart.steps().get(((Row.Arrive) s).send())).segment().label().equals(label)) {
                return s.after();
            }
        }
        throw new AssertionError("no arrival of " + label);
    }

    private static RowStates afterSendOf(SequenceChart chart, String label) {
        return chart.steps().find(s -> s instanceof Row.Send && ((Row.Send) s).segment().label().equals(label))
                .get().after();
    }

    // ---- seed claims C1-C3: the three-way handshake

    @Test
    void handshakeSegmentsAreThoseOfTheSeeds() {
        SequenceChart c = Scenarios.threeWayHandshake(RFC).get().chart();
        assertEquals(List.of("SYN seq=x", "SYN,ACK seq=y ack=x+1", "ACK seq=x+1 ack=y+1"), segments(c));
    }

    @Test
    void handshakeStatesAreThoseOfTheSeeds() {
        SequenceChart c = Scenarios.threeWayHandshake(RFC).get().chart();
        assertEquals("SYN-SENT", afterSendOf(c, "SYN seq=x").left());
        assertEquals("SYN-RECEIVED", afterArrivalOf(c, "SYN seq=x").right());
        assertEquals("ESTABLISHED", afterArrivalOf(c, "SYN,ACK seq=y ack=x+1").left());
        assertEquals("SYN-RECEIVED", afterArrivalOf(c, "SYN,ACK seq=y ack=x+1").right());
        assertEquals(new RowStates("ESTABLISHED", "ESTABLISHED"), c.steps().last().after());
    }

    // ---- seed claims C15-C19 and RFC 9293 Figure 12: the four-way close; the server's FIN takes its SND.NXT, v

    @Test
    void closeSegmentsAreThoseOfTheSeeds() {
        SequenceChart c = Scenarios.fourWayClose(RFC).get().chart();
        assertEquals(List.of("FIN,ACK seq=u ack=v", "ACK seq=v ack=u+1", "FIN,ACK seq=v ack=u+1",
                "ACK seq=u+1 ack=v+1"), segments(c));
    }

    @Test
    void closeStatesAreThoseOfTheSeeds() {
        SequenceChart c = Scenarios.fourWayClose(RFC).get().chart();
        assertEquals("FIN-WAIT-1", afterSendOf(c, "FIN,ACK seq=u ack=v").left());
        assertEquals("CLOSE-WAIT", afterArrivalOf(c, "FIN,ACK seq=u ack=v").right());
        assertEquals("FIN-WAIT-2", afterArrivalOf(c, "ACK seq=v ack=u+1").left());
        assertEquals("LAST-ACK", afterSendOf(c, "FIN,ACK seq=v ack=u+1").right());
        assertEquals("TIME-WAIT", afterArrivalOf(c, "FIN,ACK seq=v ack=u+1").left());
        // C19: the server reaches CLOSED on the last ACK, while the client still waits in TIME-WAIT.
        assertEquals(new RowStates("TIME-WAIT", "CLOSED"), afterArrivalOf(c, "ACK seq=u+1 ack=v+1"));
        assertEquals(new RowStates("CLOSED", "CLOSED"), c.steps().last().after());
    }

    // ---- seed claim C23 and RFC 9293 Figure 13: simultaneous close

    @Test
    void simultaneousCloseGoesThroughClosingAndTimeWaitOnBothSides() {
        SequenceChart c = Scenarios.simultaneousClose(RFC).get().chart();
        for (Lifeline side : Lifeline.values()) {
            List<String> states = c.steps().map(s -> s.after().of(side)).prepend(c.initial().of(side)).distinct();
            assertEquals(List.of("ESTABLISHED", "FIN-WAIT-1", "CLOSING", "TIME-WAIT", "CLOSED"), states,
                    side.toString());
        }
        // The FINs cross: each is sent before the other's arrives.
        int firstArrival = c.steps().indexWhere(s -> s instanceof Row.Arrive);
        assertEquals(2, c.steps().take(firstArrival).count(s -> s instanceof Row.Send));
    }

    // ---- seed claim C30: the last ACK is lost

    @Test
    void timeWaitAcknowledgesTheRetransmittedFinAndTheServerCloses() {
        SequenceChart c = Scenarios.lostLastAck(RFC).get().chart();
        List<String> fins = segments(c).filter(l -> l.startsWith("FIN,ACK seq=v"));
        assertEquals(List.of("FIN,ACK seq=v ack=u+1", "FIN,ACK seq=v ack=u+1"), fins, "the FIN is sent twice");
        assertEquals(1, c.steps().count(s -> s instanceof Row.Lose));
        int lost = c.steps().indexWhere(s -> s instanceof Row.Lose);
        assertEquals(new RowStates("TIME-WAIT", "LAST-ACK"), c.steps().get(lost).after());
        // The client is still in TIME-WAIT when the retransmitted FIN arrives, and answers it.
        int second = c.steps().lastIndexWhere(s -> s instanceof Row.Arrive
                && ((Row.Send) c.steps().get(((Row.Arrive) s).send())).segment().label().startsWith("FIN"));
        assertEquals("TIME-WAIT", c.steps().get(second).after().left());
        assertEquals("ACK seq=u+1 ack=v+1", ((Row.Send) c.steps().get(second + 1)).segment().label());
        assertEquals(new RowStates("CLOSED", "CLOSED"), c.steps().last().after());
    }

    // ---- seed claim C13 and RFC 9293 Figure 8: simultaneous open

    @Test
    void simultaneousOpenEndsEstablishedThroughSynReceivedOnBothSides() {
        SequenceChart c = Scenarios.simultaneousOpen(RFC).get().chart();
        for (Lifeline side : Lifeline.values()) {
            assertTrue(c.steps().exists(s -> s.after().of(side).equals("SYN-RECEIVED")), side.toString());
        }
        assertEquals(new RowStates("ESTABLISHED", "ESTABLISHED"), c.steps().last().after());
        assertTrue(c.steps().forAll(s -> !(s instanceof Row.Send)
                || !((Row.Send) s).segment().flags().contains("RST")), "no reset in a simultaneous open");
    }

    // ---- the table decides: a variant changes the chart, a refusal is an error value

    @Test
    void aScriptTheTableRefusesIsAnErrorValue() {
        TransitionTable noListen = RFC.with(ConnectionState.of(TcpState.CLOSED), Event.PASSIVE_OPEN,
                new Outcome.Refusal(Reply.CONNECTION_DOES_NOT_EXIST, "§3.10.1", "")).named("no-listen");
        Either<String, Scenario> r = Scenarios.threeWayHandshake(noListen);
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().contains("passive OPEN in CLOSED is refused"), r.getLeft());
    }

    @Test
    void aTwoWayHandshakeVariantShowsTheServerEstablishedAfterTheSynAck() {
        // The model checker's two-way-handshake variant: the server enters ESTABLISHED when it sends SYN,ACK.
        ConnectionState listen = ConnectionState.of(TcpState.LISTEN);
        Outcome.Transition rfc = (Outcome.Transition) RFC.step(listen, Event.RCV_SYN);
        TransitionTable twoWay = RFC.with(listen, Event.RCV_SYN, new Outcome.Transition(
                ConnectionState.of(TcpState.ESTABLISHED), rfc.actions(), rfc.provenance(), rfc.section(), ""))
                .named("two-way-handshake");
        SequenceChart c = Scenarios.threeWayHandshake(twoWay).get().chart();
        assertEquals("ESTABLISHED", afterArrivalOf(c, "SYN seq=x").right());
    }

    // ---- the arcs each side takes are the normal paths

    @Test
    void lifecycleArcsLeadFromClosedBackToClosed() {
        Scenario life = Scenarios.lifecycle(RFC).get();
        for (Lifeline side : Lifeline.values()) {
            List<io.github.tcpmodel.table.Arc> arcs = life.arcs(side).filter(a -> a.changesState());
            assertEquals(TcpState.CLOSED, arcs.head().source().state(), side.toString());
            assertEquals(TcpState.CLOSED, arcs.last().target().state(), side.toString());
            for (int i = 1; i < arcs.size(); i++) {
                assertEquals(arcs.get(i - 1).target(), arcs.get(i).source(), side + " path is connected");
            }
        }
        assertTrue(life.left().exists(a -> a.target().state() == TcpState.TIME_WAIT), "the client waits");
        assertTrue(life.right().forAll(a -> a.target().state() != TcpState.TIME_WAIT), "the server does not");
    }
}
