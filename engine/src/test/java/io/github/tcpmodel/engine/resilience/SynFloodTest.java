package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Spoofed SYNs from unreachable addresses and thousands of ports, at the link's line rate, aimed at B's listener
// while A's clients keep connecting. The in-memory link has no bandwidth of its own: the rate is that of a link of
// the given speed carrying minimum-size Ethernet frames (84 octets on the wire per SYN).
class SynFloodTest {

    // The engine's default listener configuration: embryonic limit 128, SYN cookies on (RFC 4987 §3.6).
    @ParameterizedTest
    @ValueSource(strings = {"rfc9293", "linux"})
    void synCookiesLetLegitimateClientsThroughAtTheDefaultConfiguration(String preset) {
        ConnectionConfig base = preset.equals("linux") ? ConnectionConfig.linux() : ConnectionConfig.rfc9293();
        int embryonicLimit = (int) Knobs.get("flood.embryonic", base.embryonicLimit());
        boolean cookies = Knobs.get("flood.cookies", 1) != 0;
        Result r = flood(preset, base.withEmbryonicLimit(embryonicLimit).withSynCookies(cookies));
        assertTrue(r.listener.cookiesSent() > 0, "the flood did fill the queue");
        assertTrue(r.listener.cookiesAccepted() > 0, "legitimate clients came back with cookies");
        assertEquals(0, r.listener.evictedEmbryonic());
    }

    // Without cookies: the eviction policy (oldest half-open connection out) needs a queue of at least the SYN rate
    // times max(RTT, 10 ms).
    @Test
    void withoutCookiesEvictionNeedsALargeQueue() {
        int embryonicLimit = (int) Knobs.get("flood.evictionEmbryonic", 4096);
        Result r = flood("eviction", ConnectionConfig.rfc9293().withSynCookies(false)
                .withEmbryonicLimit(embryonicLimit));
        assertTrue(r.listener.evictedEmbryonic() > 0, "the flood did fill the queue");
        assertEquals(0, r.listener.cookiesSent());
    }

    private record Result(Listener listener) {
    }

    private static Result flood(String name, ConnectionConfig config) {
        long linkMbps = Knobs.get("flood.mbps", 100);
        long millis = Knobs.get("flood.millis", 500);
        int embryonicLimit = config.embryonicLimit();
        long synsPerSecond = linkMbps * 1_000_000 / (84 * 8);
        Simulation sim = new Simulation("synflood-" + name, config, Impairments.NONE, 61);
        TableMonitor ma = new TableMonitor(config.table());
        TableMonitor mb = new TableMonitor(config.table());
        // After the simulation's conformance monitors, which stay on.
        sim.observeA(ma);
        sim.observeB(mb);
        Listener listener = sim.b().listen(80, 1024);
        SplittableRandom random = new SplittableRandom(62);
        List<Connection> clients = new ArrayList<>();
        long spoofed = 0;
        int maxEmbryonic = 0;
        int maxConnections = 0;
        int maxTimers = 0;
        long end = sim.clock().nowMillis() + millis;
        long perMilli = synsPerSecond / 1000;
        byte[] one = {42};
        while (sim.clock().nowMillis() < end) {
            long now = sim.clock().nowMillis();
            for (long k = 0; k < perMilli; k++) {
                // RFC 6528 makes the ISN unpredictable; the attacker's own sequence numbers do not matter.
                int src = Addresses.of(192, 0, 2 + random.nextInt(2), random.nextInt(256));
                sim.b().packetArrives(Codec.encode(new Packet(src, Simulation.ADDRESS_B, 1024 + random.nextInt(64512),
                        80, random.nextInt(), 0, Flags.SYN, 65535, 0, TcpOptions.mssOnly(1460), Packet.EMPTY)));
                spoofed++;
            }
            if (now % 10 == 0) {
                Connection c = sim.a().connect(Simulation.ADDRESS_B, 80);
                clients.add(c);
            }
            maxEmbryonic = Math.max(maxEmbryonic, listener.embryonicCount());
            maxConnections = Math.max(maxConnections, sim.b().connectionCount());
            maxTimers = Math.max(maxTimers, sim.b().timerEntries());
            sim.runTo(now + 1);
            while (listener.pending() > 0) {
                Connection s = listener.accept().get();
                s.write(one);
                s.close();
            }
        }
        // The flood stops; the clients still in their handshake get one more round trip.
        long cutoff = sim.clock().nowMillis();
        sim.runTo(cutoff + 20);
        long succeeded = 0;
        for (Connection c : clients) {
            succeeded += c.octetsReceived() > 0 || c.tcpState() == TcpState.ESTABLISHED
                    || c.tcpState() == TcpState.CLOSE_WAIT ? 1 : 0;
        }
        double rate = 100.0 * succeeded / clients.size();
        Knobs.report("synflood", String.format("%s: %d spoofed SYNs (%d per s, a %d Mbit/s link) over %d ms;"
                        + " legitimate %d of %d connected (%.2f %%); embryonic at most %d (limit %d), TCBs at most %d,"
                        + " timer entries at most %d; cookies sent %d, accepted %d; evicted %d, dropped %d; conformance"
                        + " monitor steps %d", config.name() + (config.synCookies() ? "+cookies" : "-cookies"),
                spoofed, synsPerSecond, linkMbps, millis, succeeded, clients.size(), rate, maxEmbryonic,
                embryonicLimit, maxConnections, maxTimers, listener.cookiesSent(), listener.cookiesAccepted(),
                listener.evictedEmbryonic(), listener.droppedSyns(),
                sim.monitorA().map(m -> m.steps()).getOrElse(0L) + sim.monitorB().map(m -> m.steps()).getOrElse(0L)));
        assertTrue(rate >= 99.0, "legitimate connections: " + rate + " %");
        assertTrue(maxEmbryonic <= embryonicLimit, "embryonic: " + maxEmbryonic);
        // TCBs: the half-open ones plus the legitimate ones (at most 100 a second, each closed within 4 min).
        assertTrue(maxConnections <= embryonicLimit + clients.size(), "TCBs: " + maxConnections);
        // Timer entries: within what the stack's compaction allows (twice the TCBs plus 64), plus one step's worth.
        assertTrue(maxTimers <= 2 * maxConnections + 64 + perMilli + 64, "timer entries: " + maxTimers);
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        assertEquals(List.of(), sim.divergences());

        // After the flood the half-open ones time out (SYN,ACK given up at 63 s) and everything drains.
        for (Connection c : clients) {
            c.close();
        }
        assertTrue(sim.runUntil(() -> sim.a().connectionCount() == 0 && sim.b().connectionCount() == 0,
                sim.clock().nowMillis() + 600_000));
        assertEquals(0, listener.embryonicCount());
        assertEquals(0, sim.a().connectionCount() + sim.b().connectionCount());
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        assertEquals(List.of(), sim.divergences());
        return new Result(listener);
    }
}
