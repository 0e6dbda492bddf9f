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

    /** A Fast Open client with text, on a fresh pair of engines whose client has the server's cookie cached. */
    private static final class WithCookie {
        final ConnectionConfig linux = ConnectionConfig.linux();
        final Simulation sim;
        final List<Packet> fromA = new ArrayList<>();
        final List<Packet> fromB = new ArrayList<>();
        final Listener listener;
        final byte[] text;

        WithCookie(long seed, int octets) {
            sim = new Simulation("fastopen-client-text", linux, linux, Impairments.NONE, seed, true);
            sim.dropFromA(p -> fromA.add(p) && false);
            sim.dropFromB(p -> fromB.add(p) && false);
            listener = sim.b().listen(PORT);
            listener.fastOpen(16);
            open(sim, listener, linux.withFastOpenClient(true));
            listener.accept();
            text = new byte[octets];
            new java.util.Random(seed).nextBytes(text);
        }

        Connection connect() {
            return sim.a().connectWithText(Simulation.ADDRESS_B, PORT, 41000, linux.withFastOpenClient(true), text, 0,
                    text.length);
        }

        /** Runs until the server has read all the text; returns it. */
        byte[] serverReads(Connection client) {
            byte[] got = new byte[text.length];
            int[] n = {0};
            Connection[] server = {null};
            // A Fast Open server may read the SYN's text before the client has the SYN,ACK: wait for both.
            assertTrue(sim.runUntil(() -> n[0] == text.length && client.tcpState() == TcpState.ESTABLISHED, () -> {
                if (server[0] == null && listener.pending() > 0) {
                    server[0] = listener.accept().get();
                }
                if (server[0] == null) {
                    return false;
                }
                int r = server[0].read(got, n[0], got.length - n[0]);
                n[0] += Math.max(0, r);
                return r > 0;
            }, 120_000));
            assertEquals(TcpState.ESTABLISHED, client.tcpState());
            return got;
        }

        /** The SYN of the connection from port 41000. */
        Packet syn(int which) {
            return handshakes(fromA).stream().filter(p -> p.srcPort() == 41000).toList().get(which);
        }

        Packet synAck() {
            return handshakes(fromB).stream().filter(p -> p.dstPort() == 41000).findFirst().get();
        }

        /** The server's monitor found nothing and followed everything; the client's stepped aside from the SYN. */
        void monitorsAgree(Connection client) {
            sim.monitorA().get().finish();
            sim.monitorB().get().finish();
            assertEquals(List.of(), sim.divergences());
            assertEquals(java.util.Map.of(), sim.monitorB().get().unfollowed());
            assertEquals(java.util.Set.of(client.id()), sim.monitorA().get().unfollowed().keySet());
        }
    }

    @Test
    void withACachedCookieTheSynCarriesTextAndTheServerTakesIt() {
        WithCookie w = new WithCookie(21, 1000);
        Connection client = w.connect();
        assertEquals(1000, client.queued());
        // RFC 7413 §4.1.2: the SYN carries the cached cookie and the text.
        Packet syn = w.syn(0);
        assertArrayEquals(w.sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).get(), syn.options().fastOpen());
        assertArrayEquals(w.text, syn.payload());
        assertArrayEquals(w.text, w.serverReads(client));
        // §4.2.2: the SYN,ACK acknowledges the text.
        assertEquals(syn.seq() + 1 + 1000, w.synAck().ack());
        assertTrue(client.synCarriedText());
        // Sent once: on the SYN, never again.
        assertEquals(1, w.fromA.stream().filter(p -> p.srcPort() == 41000 && p.payload().length > 0).count());
        w.monitorsAgree(client);
    }

    @Test
    void theSynCarriesWhatASegmentOfTheServersMssHoldsBesideTheOptions() {
        WithCookie w = new WithCookie(22, 5000);
        Connection client = w.connect();
        assertArrayEquals(w.text, w.serverReads(client));
        Packet syn = w.syn(0);
        int room = Math.min(w.linux.profile().mss(), w.synAck().options().mss()) - 40;
        assertEquals(room, syn.payload().length);
        assertArrayEquals(java.util.Arrays.copyOf(w.text, room), syn.payload());
        w.monitorsAgree(client);
    }

    @Test
    void textTheSynAckDoesNotAcknowledgeIsSentAgainAfterTheHandshake() {
        WithCookie w = new WithCookie(23, 700);
        // The server's key changes: the cached cookie is no longer valid, so the server takes only the SYN (§4.2.2).
        w.sim.b().fastOpenKey(FastOpenCookies.ofText("01010101-02020202-03030303-04040404"));
        Connection client = w.connect();
        assertArrayEquals(w.text, w.serverReads(client));
        Packet syn = w.syn(0);
        assertEquals(700, syn.payload().length);
        assertEquals(syn.seq() + 1, w.synAck().ack());
        // The text went again after the SYN,ACK, from SND.UNA = ISS + 1.
        Packet again = w.fromA.stream().filter(p -> p.srcPort() == 41000 && p.payload().length > 0
                && !p.has(Flags.SYN)).findFirst().get();
        assertEquals(syn.seq() + 1, again.seq());
        // §4.1.3: the SYN,ACK's new cookie replaces the old one.
        assertArrayEquals(w.synAck().options().fastOpen(), w.sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).get());
        w.monitorsAgree(client);
    }

    @Test
    void aSynWithTextThatIsLostGoesAgainWithoutTextOrCookie() {
        WithCookie w = new WithCookie(24, 600);
        boolean[] dropped = {false};
        w.sim.dropFromA(p -> {
            w.fromA.add(p);
            if (!dropped[0] && p.has(Flags.SYN) && p.payload().length > 0) {
                dropped[0] = true;
                return true;
            }
            return false;
        });
        Connection client = w.connect();
        assertArrayEquals(w.text, w.serverReads(client));
        assertTrue(dropped[0]);
        Packet again = w.syn(1);
        assertEquals(0, again.payload().length);
        assertNull(again.options().fastOpen());
        assertFalse(client.synCarriedText());
        w.monitorsAgree(client);
    }

    @Test
    void withoutACookieTheSynAsksForOneAndTheTextCarriesTheAckOfTheSynAck() {
        ConnectionConfig linux = ConnectionConfig.linux();
        Simulation sim = new Simulation("fastopen-client-no-cookie", linux, linux, Impairments.NONE, 13, true);
        List<Packet> fromA = new ArrayList<>();
        sim.dropFromA(p -> fromA.add(p) && false);
        Listener listener = sim.b().listen(PORT);
        listener.fastOpen(16);
        byte[] text = new byte[3000];
        new java.util.Random(13).nextBytes(text);
        Connection client = sim.a().connectWithText(Simulation.ADDRESS_B, PORT, 40000, linux.withFastOpenClient(true),
                text, 0, text.length);
        byte[] got = new byte[text.length];
        int[] n = {0};
        Connection[] server = {null};
        assertTrue(sim.runUntil(() -> n[0] == text.length, () -> {
            if (server[0] == null && listener.pending() > 0) {
                server[0] = listener.accept().get();
            }
            int r = server[0] == null ? 0 : server[0].read(got, n[0], got.length - n[0]);
            n[0] += Math.max(0, r);
            return r > 0;
        }, 60_000));
        assertArrayEquals(text, got);
        // §4.1.1: a cookie request and no text on the SYN; the first segment after it carries text and the ACK.
        assertEquals(0, fromA.get(0).payload().length);
        assertEquals(0, fromA.get(0).options().fastOpen().length);
        assertTrue(fromA.get(1).payload().length > 0);
        assertTrue(fromA.get(1).has(Flags.ACK));
        assertTrue(sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).isDefined());
        sim.monitorA().get().finish();
        sim.monitorB().get().finish();
        assertEquals(List.of(), sim.divergences());
        assertEquals(java.util.Map.of(), sim.monitorA().get().unfollowed());
    }

    @Test
    void withACachedCookieAndNoTextTheSynPresentsTheCookieAndTheMonitorFollows() {
        WithCookie w = new WithCookie(25, 0);
        Connection client = w.connect();
        assertTrue(w.sim.runUntil(() -> client.tcpState() == TcpState.ESTABLISHED, 60_000));
        Packet syn = w.syn(0);
        assertEquals(0, syn.payload().length);
        assertArrayEquals(w.sim.a().fastOpenClientCookie(Simulation.ADDRESS_B).get(), syn.options().fastOpen());
        w.sim.monitorA().get().finish();
        w.sim.monitorB().get().finish();
        assertEquals(List.of(), w.sim.divergences());
        assertEquals(java.util.Map.of(), w.sim.monitorA().get().unfollowed());
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
