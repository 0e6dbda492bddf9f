package io.github.tcpmodel.engine.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinWindowTest {

    @Test
    void theFinWaitsUntilItsSequenceNumberIsInTheSendWindow() {
        ConnectionConfig small = ConnectionConfig.rfc9293().withBuffers(1000, 64 * 1024);
        Simulation sim = new Simulation("fin-window", ConnectionConfig.rfc9293(), small, Impairments.NONE, 5);
        List<String> beyond = new ArrayList<>();
        long[] rightEdge = {-1};
        sim.observeB(e -> {
            if (e instanceof EngineEvent.SegmentOut o && o.segment().has(Flags.ACK)) {
                Packet s = o.segment();
                rightEdge[0] = (s.ack() & 0xFFFF_FFFFL) + s.window();
            }
        });
        sim.observeA(e -> {
            if (e instanceof EngineEvent.SegmentOut o && o.segment().has(Flags.FIN)) {
                Packet s = o.segment();
                long finSeq = ((s.seq() & 0xFFFF_FFFFL) + s.payload().length) & 0xFFFF_FFFFL;
                // RFC 9293 §3.2 Figure 3: only SND.UNA .. SND.UNA + SND.WND - 1 may be sent.
                if (rightEdge[0] >= 0 && ((rightEdge[0] - 1 - finSeq) & 0xFFFF_FFFFL) >= (1L << 31)) {
                    beyond.add(s + " beyond the right edge " + rightEdge[0]);
                }
            }
        });
        Listener listener = sim.b().listen(80);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, sim.clock().nowMillis() + 10_000));
        Connection server = listener.accept().get();
        assertEquals(1000, client.write(new byte[1000]));
        assertTrue(client.shutdown());
        assertTrue(sim.runUntil(() -> server.available() == 1000, sim.clock().nowMillis() + 10_000));
        sim.runTo(sim.clock().nowMillis() + 5_000);
        assertEquals(TcpState.ESTABLISHED, server.tcpState(), "the FIN cannot have arrived: the window is full");
        assertEquals(1000, server.read(new byte[2000], 0, 2000));
        assertTrue(sim.runUntil(() -> server.tcpState() == TcpState.CLOSE_WAIT,
                sim.clock().nowMillis() + 120_000));
        assertEquals(List.of(), beyond);
        assertEquals(List.of(), sim.divergences());
    }
}
