package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.ConnectionId;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.connection.SynCookies;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

// RFC 4987 §3.6: SYN cookies when the embryonic queue is full.
class SynCookieTest {

    private static final ConnectionId C = new ConnectionId(0x0A000002, 80, 0x0A000001, 40000, 0);
    private static final long T = 1_000_000;

    @Test
    void aCookieIsValidForItsTupleIsnAndAgeOnly() {
        SynCookies cookies = new SynCookies(new byte[32]);
        int cookie = cookies.make(C, 12345, 1460, T);
        assertEquals(1460, cookies.check(C, 12345, cookie, T));
        assertEquals(1460, cookies.check(C, 12345, cookie, T + SynCookies.MAX_AGE_TICKS * SynCookies.TICK_MILLIS));
        assertEquals(-1, cookies.check(C, 12345, cookie, T + (SynCookies.MAX_AGE_TICKS + 1) * SynCookies.TICK_MILLIS));
        assertEquals(-1, cookies.check(C, 12346, cookie, T), "another peer ISN");
        assertEquals(-1, cookies.check(new ConnectionId(0x0A000002, 80, 0x0A000001, 40001, 0), 12345, cookie, T));
        assertEquals(-1, cookies.check(C, 12345, cookie ^ 1, T), "a changed MAC");
        assertEquals(-1, cookies.check(C, 12345, cookie ^ (1 << 25), T), "a changed MSS index");
        assertEquals(-1, new SynCookies(new byte[] {1}).check(C, 12345, cookie, T), "another key");
        // The MSS is rounded down to the table; no option means 536 (RFC 9293 §3.7.1).
        assertEquals(1440, cookies.check(C, 7, cookies.make(C, 7, 1450, T), T));
        assertEquals(536, cookies.check(C, 7, cookies.make(C, 7, -1, T), T));
        assertEquals(536, cookies.check(C, 7, cookies.make(C, 7, 100, T), T));
        // Blind guesses: 2^-25 per guess.
        SplittableRandom r = new SplittableRandom(3);
        int hits = 0;
        for (int i = 0; i < 100_000; i++) {
            hits += cookies.check(C, 12345, r.nextInt(), T) > 0 ? 1 : 0;
        }
        assertTrue(hits <= 1, "blind guesses accepted: " + hits);
        assertNotEquals(cookie, cookies.make(C, 12345, 1460, T + SynCookies.TICK_MILLIS), "the clock moves it");
    }

    @Test
    void aFullQueueAnswersWithACookieAndTheReturningAckEstablishesTheConnection() {
        ConnectionConfig config = ConnectionConfig.rfc9293().withEmbryonicLimit(1);
        Simulation sim = new Simulation("cookie", config, Impairments.NONE, 9);
        List<Packet> fromB = new ArrayList<>();
        sim.observeB(e -> {
            if (e instanceof EngineEvent.SegmentOut out) {
                fromB.add(out.segment());
            }
        });
        Listener l = sim.b().listen(80);
        // A spoofed SYN fills the queue of one.
        sim.b().packetArrives(Codec.encode(new Packet(0xC0000201, Simulation.ADDRESS_B, 999, 80, 5, 0, Flags.SYN,
                65535, 0, TcpOptions.mssOnly(1460), Packet.EMPTY)));
        assertEquals(1, l.embryonicCount());
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> l.pending() > 0, 5_000));
        assertEquals(1, l.cookiesSent());
        assertEquals(1, l.cookiesAccepted());
        assertEquals(1, l.embryonicCount(), "the cookie took no slot");
        Connection server = l.accept().get();
        assertEquals(TcpState.ESTABLISHED, server.tcpState());
        assertEquals(TcpState.ESTABLISHED, client.tcpState());
        // The cookie's MSS: the client announced 1460.
        assertEquals(1460, server.sendMss());
        byte[] msg = "through a cookie".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        client.write(msg);
        server.write(msg);
        byte[] got = new byte[64];
        assertTrue(sim.runUntil(() -> server.available() == msg.length && client.available() == msg.length, 5_000));
        assertEquals(msg.length, server.read(got, 0, got.length));
        assertEquals("through a cookie", new String(got, 0, msg.length, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(List.of(), sim.divergences());
    }

    @Test
    void aForgedAckIsResetAndBuildsNothing() {
        ConnectionConfig config = ConnectionConfig.rfc9293().withEmbryonicLimit(1);
        Simulation sim = new Simulation("forged", config, Impairments.NONE, 10);
        Listener l = sim.b().listen(80);
        for (int i = 0; i < 2; i++) {
            sim.b().packetArrives(Codec.encode(new Packet(0xC0000201, Simulation.ADDRESS_B, 999 + i, 80, 5, 0,
                    Flags.SYN, 65535, 0, TcpOptions.mssOnly(1460), Packet.EMPTY)));
        }
        assertEquals(1, l.cookiesSent());
        long resets = sim.b().resetsSent();
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            sim.b().packetArrives(Codec.encode(new Packet(0xC0000201, Simulation.ADDRESS_B, 2000 + i, 80,
                    r.nextInt(), r.nextInt(), Flags.ACK, 65535, 0, TcpOptions.NONE, Packet.EMPTY)));
        }
        assertEquals(0, l.cookiesAccepted());
        assertEquals(0, l.pending());
        // RFC 9293 §3.10.7.2 second: an ACK in LISTEN that returns no valid cookie gets <SEQ=SEG.ACK><CTL=RST>.
        assertEquals(resets + 1000, sim.b().resetsSent());
        assertEquals(List.of(), sim.divergences());
    }
}
