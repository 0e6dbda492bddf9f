package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void threeWayHandshakeSmallTransferAndFourWayClose() {
        Simulation sim = new Simulation("handshake", ConnectionConfig.rfc9293(), Impairments.NONE, 1);
        Recorder ra = new Recorder();
        sim.observeA(ra);
        Listener listener = sim.b().listen(80);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertEquals(TcpState.SYN_SENT, client.tcpState());
        assertTrue(sim.runUntil(() -> listener.pending() > 0, 10_000));
        Connection server = listener.accept().get();
        assertEquals(TcpState.ESTABLISHED, client.tcpState());
        assertEquals(TcpState.ESTABLISHED, server.tcpState());

        assertEquals(5, client.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        sim.runUntil(() -> server.available() == 5, 10_000);
        byte[] buf = new byte[10];
        assertEquals(5, server.read(buf, 0, 10));
        assertEquals("hello", new String(buf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));

        assertTrue(client.shutdown());
        sim.runUntil(() -> server.tcpState() == TcpState.CLOSE_WAIT
                && client.tcpState() == TcpState.FIN_WAIT_2, 10_000);
        assertEquals(TcpState.FIN_WAIT_2, client.tcpState());
        assertEquals(-1, server.read(buf, 0, 10));
        server.close();
        sim.runUntil(() -> client.tcpState() == TcpState.TIME_WAIT && server.isDeleted(), 10_000);
        assertEquals(ConnectionState.of(TcpState.CLOSED), server.state());
        assertTrue(server.isDeleted());
        long tw = sim.clock().nowMillis();
        sim.runUntil(() -> client.tcpState() == TcpState.CLOSED, 1_000_000);
        assertEquals(240_000, sim.clock().nowMillis() - tw, 1);
        assertEquals(0, sim.a().connectionCount());
        assertEquals(0, sim.b().connectionCount());
        assertTrue(ra.events.size() > 10);
    }
}
