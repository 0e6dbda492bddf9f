package io.github.tcpmodel.engine.observation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.connection.ConnectionId;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class TableMonitorTest {

    private static final TransitionTable TABLE = TransitionTable.rfc9293();
    private static final ConnectionId ID = new ConnectionId(1, 80, 2, 4000, 7);
    private static final Packet ACK = new Packet(2, 1, 4000, 80, 1, 1, Flags.ACK, 100, 0, TcpOptions.NONE,
            Packet.EMPTY);

    private static ConnectionState s(TcpState state) {
        return ConnectionState.of(state);
    }

    @Test
    void aConformingSequenceHasNoDivergence() {
        TableMonitor m = new TableMonitor(TABLE);
        ConnectionState rcvd = ConnectionState.synReceived(Origin.PASSIVE);
        m.observe(new EngineEvent.SegmentIn(0, ID, ACK, s(TcpState.LISTEN), Option.some(Event.RCV_SYN),
                Option.some(TABLE.step(s(TcpState.LISTEN), Event.RCV_SYN))));
        m.observe(new EngineEvent.StateChanged(0, ID, s(TcpState.LISTEN), rcvd, Event.RCV_SYN));
        m.observe(new EngineEvent.SegmentIn(1, ID, ACK, rcvd, Option.some(Event.RCV_ACK_OF_SYN),
                Option.some(TABLE.step(rcvd, Event.RCV_ACK_OF_SYN))));
        m.observe(new EngineEvent.StateChanged(1, ID, rcvd, s(TcpState.ESTABLISHED), Event.RCV_ACK_OF_SYN));
        m.observe(new EngineEvent.SegmentIn(2, ID, ACK, s(TcpState.ESTABLISHED), Option.none(), Option.none()));
        assertEquals(java.util.List.of(), m.divergences());
        assertEquals(2, m.steps());
    }

    @Test
    void aWrongOutcomeAWrongStateAndAWrongStateChangeAreDivergences() {
        TableMonitor m = new TableMonitor(TABLE);
        ConnectionState rcvd = ConnectionState.synReceived(Origin.PASSIVE);
        // The engine claims a SYN in LISTEN was refused.
        m.observe(new EngineEvent.SegmentIn(0, ID, ACK, s(TcpState.LISTEN), Option.some(Event.RCV_SYN),
                Option.some(TABLE.step(s(TcpState.LISTEN), Event.RCV_RST))));
        assertEquals(1, m.divergences().size());
        // The engine then reports being ESTABLISHED where the table is in SYN-RECEIVED.
        m.observe(new EngineEvent.SegmentIn(1, ID, ACK, s(TcpState.ESTABLISHED), Option.none(), Option.none()));
        assertEquals(2, m.divergences().size());
        // And a state change the table did not make.
        m.observe(new EngineEvent.StateChanged(2, ID, rcvd, s(TcpState.CLOSE_WAIT), Event.RCV_FIN));
        assertEquals(3, m.divergences().size());
        assertTrue(m.divergences().get(0).contains("rcv SYN"));
    }
}
