package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void threeWayHandshakeSmallTransferAndFourWayClose() {
        // Every ACK at once, as RFC 9293 §3.5 Figure 6 and §3.6 Figure 12 draw them (DelayedAckTest delays them).
        Simulation sim = new Simulation("handshake",
                ConnectionConfig.rfc9293().withTransfer(DataTransfer.rfc().withDelayedAcks(false)), Impairments.NONE, 1);
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        sim.observeA(ra);
        sim.observeB(rb);
        Listener listener = sim.b().listen(80);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertEquals(TcpState.SYN_SENT, client.tcpState());
        assertTrue(sim.runUntil(() -> listener.pending() > 0, 10_000));
        Connection server = listener.accept().get();
        assertEquals(TcpState.ESTABLISHED, client.tcpState());
        assertEquals(TcpState.ESTABLISHED, server.tcpState());

        assertEquals(5, client.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(sim.runUntil(() -> server.available() == 5, 10_000));
        byte[] buf = new byte[10];
        assertEquals(5, server.read(buf, 0, 10));
        assertEquals("hello", new String(buf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));

        assertTrue(client.shutdown());
        assertTrue(sim.runUntil(() -> server.tcpState() == TcpState.CLOSE_WAIT
                && client.tcpState() == TcpState.FIN_WAIT_2, 10_000));
        assertEquals(-1, server.read(buf, 0, 10));
        server.close();
        assertTrue(sim.runUntil(() -> client.tcpState() == TcpState.TIME_WAIT && server.isDeleted(), 10_000));
        assertEquals(ConnectionState.of(TcpState.CLOSED), server.state());
        assertTrue(server.isDeleted());
        long tw = sim.clock().nowMillis();
        assertTrue(sim.runUntil(() -> client.tcpState() == TcpState.CLOSED, 1_000_000));
        assertEquals(240_000, sim.clock().nowMillis() - tw, 1);
        assertEquals(0, sim.a().connectionCount());
        assertEquals(0, sim.b().connectionCount());

        // RFC 9293 §3.5 Figure 6 (the three-way handshake) and §3.6 Figure 12 (normal close), with five octets of text
        // between them: the client sends SYN, the ACK of SYN,ACK, the text, its FIN and the ACK of the server's FIN.
        assertEquals(List.of("S", ".", ".5", "F.", "."), segments(ra));
        assertEquals(List.of("CLOSED>SYN-SENT", "SYN-SENT>ESTABLISHED", "ESTABLISHED>FIN-WAIT-1",
                "FIN-WAIT-1>FIN-WAIT-2", "FIN-WAIT-2>TIME-WAIT", "TIME-WAIT>CLOSED"), states(ra));
        // The server answers with SYN,ACK, acknowledges the text and the client's FIN, then sends its own FIN. The
        // listener enters LISTEN; the connection it forks leaves from LISTEN.
        assertEquals(List.of("S.", ".", ".", "F."), segments(rb));
        assertEquals(List.of("CLOSED>LISTEN", "LISTEN>SYN-RECEIVED (passive)", "SYN-RECEIVED (passive)>ESTABLISHED",
                "ESTABLISHED>CLOSE-WAIT", "CLOSE-WAIT>LAST-ACK", "LAST-ACK>CLOSED"), states(rb));
    }

    /** Each segment sent, as its flags (tcpdump letters, PSH left out) and its text length: {@code S}, {@code .5}. */
    private static List<String> segments(Recorder r) {
        return r.sent(s -> true).stream()
                .map(o -> Flags.describe(o.segment().flags() & ~Flags.PSH)
                        + (o.segment().payload().length == 0 ? "" : String.valueOf(o.segment().payload().length)))
                .collect(Collectors.toList());
    }

    /** Each state change, as {@code FROM>TO} in RFC spelling. */
    private static List<String> states(Recorder r) {
        return r.events.stream()
                .flatMap(e -> e instanceof EngineEvent.StateChanged c ? Stream.of(c) : Stream.empty())
                .map(c -> c.from().rfcName() + ">" + c.to().rfcName())
                .collect(Collectors.toList());
    }
}
