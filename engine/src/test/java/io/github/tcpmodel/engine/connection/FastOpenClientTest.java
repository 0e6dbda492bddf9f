package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// RFC 7413 §4.1: the engine as a TCP Fast Open client against the engine as a Fast Open server, both under the
// conformance monitor, which must find nothing.
class FastOpenClientTest {

    private static final int PORT = 80;

    /** The SYNs and SYN,ACKs each side sent, in order. */
    private static List<Packet> handshakes(List<Packet> sent) {
        return sent.stream().filter(p -> p.has(Flags.SYN)).toList();
    }

    private static Connection open(Simulation sim, Listener listener, ConnectionConfig client) {
        int before = listener.pending();
        Connection c = sim.a().connect(Simulation.ADDRESS_B, PORT, 40000 + before, client);
        assertTrue(sim.runUntil(() -> c.tcpState() == TcpState.ESTABLISHED && listener.pending() > before, 60_000));
        return c;
    }

    @Test
    void aClientAsksForACookieAndKeepsTheOneTheServerGivesForItsAddress() {
        ConnectionConfig linux = ConnectionConfig.linux();
        Simulation sim = new Simulation("fastopen-client", linux, linux, Impairments.NONE, 11, true);
        List<Packet> fromA = new ArrayList<>();
        List<Packet> fromB = new ArrayList<>();
        sim.dropFromA(p -> fromA.add(p) && false);
        sim.dropFromB(p -> fromB.add(p) && false);
        Listener listener = sim.b().listen(PORT);
        listener.fastOpen(16);
        assertTrue(sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).isEmpty());

        open(sim, listener, linux.withFastOpenClient(true));

        // §4.1.1: the SYN carries an empty Fast Open option (a cookie request); §4.2.1: the SYN,ACK the cookie.
        Packet syn = handshakes(fromA).get(0);
        assertNotNull(syn.options().fastOpen());
        assertEquals(0, syn.options().fastOpen().length);
        Packet synAck = handshakes(fromB).get(0);
        byte[] given = synAck.options().fastOpen();
        assertNotNull(given);
        // §4.1.2: the server's MAC of the client's address; §4.1.3: the client keeps it for the server's address.
        assertArrayEquals(sim.b().fastOpenCookies().cookie(sim.a().addressOctets(Simulation.ADDRESS_A),
                sim.b().addressOctets(Simulation.ADDRESS_B)), given);
        assertArrayEquals(given, sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).get());
        assertTrue(sim.a().fastOpenClientCookie(Simulation.ADDRESS_A).isEmpty());

        // A connection that is no Fast Open client neither asks for a cookie nor changes the cache.
        sim.a().clearFastOpenClientCookies();
        open(sim, listener, linux);
        Packet plainSyn = handshakes(fromA).get(1);
        assertNull(plainSyn.options().fastOpen());
        assertNull(handshakes(fromB).get(1).options().fastOpen());
        assertTrue(sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).isEmpty());

        sim.monitorA().get().finish();
        sim.monitorB().get().finish();
        assertEquals(List.of(), sim.divergences());
        assertTrue(sim.monitorA().get().steps() > 0);
    }

    @Test
    void aServerWithoutFastOpenLeavesTheCacheEmpty() {
        ConnectionConfig linux = ConnectionConfig.linux();
        Simulation sim = new Simulation("fastopen-client-plain-server", linux, linux, Impairments.NONE, 12, true);
        Listener listener = sim.b().listen(PORT);
        open(sim, listener, linux.withFastOpenClient(true));
        assertTrue(sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).isEmpty());
        sim.monitorA().get().finish();
        sim.monitorB().get().finish();
        assertEquals(List.of(), sim.divergences());
    }

    @Test
    void rfc9293HasNoFastOpenClient() {
        assertThrows(IllegalArgumentException.class, () -> ConnectionConfig.rfc9293().withFastOpenClient(true));
        assertFalse(ConnectionConfig.linux().fastOpenClient());
        assertTrue(ConnectionConfig.linux().withFastOpenClient(true).fastOpenClient());
    }
}
