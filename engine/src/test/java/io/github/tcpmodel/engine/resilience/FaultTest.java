package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.link.MemoryLink;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultTest {

    private static final int A = Simulation.ADDRESS_A;
    private static final int B = Simulation.ADDRESS_B;

    // Seed claim C35 (RFC 9293 §3.5.2, Figure 10): the peer lost its state; its next segment meets no TCB and is
    // answered with a RST (§3.10.7.1), and the survivor, which had data in flight, closes.
    @Test
    void aRebootedPeerAnswersWithResetAndTheSurvivorCloses() {
        ConnectionConfig config = ConnectionConfig.rfc9293();
        Net net = new Net();
        MemoryLink[] links = MemoryLink.pair(net.clock, new Impairments(0, 0, 0, 0, 5, 0, 0), 71);
        TcpStack a = new TcpStack(net.clock, links[0], A, config, 72);
        TcpStack b = new TcpStack(net.clock, links[1], B, config, 73);
        TableMonitor ma = new TableMonitor(config.table());
        ConformanceMonitor ca = new ConformanceMonitor(config);
        List<EngineEvent.SegmentIn> aIn = new ArrayList<>();
        a.observe(ca.andThen(ma).andThen(e -> {
            if (e instanceof EngineEvent.SegmentIn in) {
                aIn.add(in);
            }
        }));
        net.stacks.add(a);
        net.stacks.add(b);
        Listener l = b.listen(80);
        Connection client = a.connect(B, 80);
        assertTrue(net.runUntil(() -> l.pending() > 0, () -> false, 10_000));
        Connection server = l.accept().get();
        Stream up = new Stream(client, server, 1, 100_000);
        assertTrue(net.runUntil(up::done, up::pump, 60_000));
        assertEquals(0, up.corrupted());

        // B reboots: a fresh engine on the same address and link, no TCBs, no listener.
        TcpStack rebooted = new TcpStack(net.clock, links[1], B, config, 74);
        ConformanceMonitor cb = new ConformanceMonitor(config);
        rebooted.observe(cb);
        net.stacks.set(1, rebooted);
        List<ConnectionState> told = new ArrayList<>();
        client.addStateListener((c, from, to) -> told.add(to));
        client.write(new byte[] {1, 2, 3});
        assertTrue(net.runUntil(client::isDeleted, () -> false, 60_000));

        assertEquals(TcpState.CLOSED, client.tcpState());
        assertEquals("connection reset", client.error().get());
        assertEquals(TcpState.CLOSED, told.get(told.size() - 1).state(), "the user was told");
        assertEquals(1, rebooted.resetsSent(), "one RST from the rebooted peer");
        assertTrue(aIn.get(aIn.size() - 1).segment().has(Flags.RST));
        assertEquals(List.of(), ma.divergences());
        ca.finish();
        cb.finish();
        assertEquals(List.of(), ca.divergences());
        assertEquals(List.of(), cb.divergences());
    }

    // RFC 9293 §3.8.3: data unacknowledged for the user timeout aborts the connection and tells the user; RFC 1122
    // §4.2.3.6: the idle side learns of it from keep-alive.
    @Test
    void aLinkSilentLongerThanTheUserTimeoutEndsClosedWithTheUserTold() {
        long userTimeout = 30_000;
        ConnectionConfig config = ConnectionConfig.rfc9293().withUserTimeout(userTimeout).withKeepAlive(true);
        Simulation sim = new Simulation("silent", config, new Impairments(0, 0, 0, 0, 5, 0, 0), 75);
        TableMonitor ma = new TableMonitor(config.table());
        TableMonitor mb = new TableMonitor(config.table());
        sim.observeA(ma);
        sim.observeB(mb);
        Pairs pairs = new Pairs(sim, 80, 1);
        Connection client = pairs.clients.get(0);
        Connection server = pairs.servers.get(0);
        List<ConnectionState> toldClient = new ArrayList<>();
        List<ConnectionState> toldServer = new ArrayList<>();
        client.addStateListener((c, from, to) -> toldClient.add(to));
        server.addStateListener((c, from, to) -> toldServer.add(to));

        sim.dropFromA(s -> true);
        sim.dropFromB(s -> true);
        long silentFrom = sim.clock().nowMillis();
        assertEquals(1000, client.write(new byte[1000]));
        assertTrue(sim.runUntil(() -> client.isDeleted() && server.isDeleted(), silentFrom + 4 * 3_600_000L));

        assertEquals(TcpState.CLOSED, client.tcpState());
        assertEquals("error: connection aborted due to user timeout", client.error().get());
        assertEquals(TcpState.CLOSED, toldClient.get(toldClient.size() - 1).state());
        assertEquals(TcpState.CLOSED, server.tcpState());
        assertEquals("error: connection aborted due to user timeout", server.error().get());
        assertEquals(TcpState.CLOSED, toldServer.get(toldServer.size() - 1).state());
        // The server had nothing to send: keep-alive, 2 h idle plus 9 probes 75 s apart.
        assertTrue(sim.clock().nowMillis() - silentFrom <= 7_200_000 + 10 * 75_000 + 1000,
                "closed at " + (sim.clock().nowMillis() - silentFrom));
        assertEquals(0, sim.a().connectionCount() + sim.b().connectionCount());
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        assertEquals(List.of(), sim.divergences());
    }

    // Half-written packets (cut at a random length), bytes of garbage and empty reads on the link, on top of the
    // issue's harsh impairments: the engines drop them as malformed and the transfer still completes byte-exact.
    @Test
    void halfWrittenAndGarbagePacketsNeverWedgeTheEngine() {
        ConnectionConfig config = ConnectionConfig.rfc9293().withUserTimeout(3_600_000);
        Net net = new Net();
        MemoryLink[] links = MemoryLink.pair(net.clock, Impairments.harsh(), 76);
        Random random = new Random(77);
        TcpStack a = new TcpStack(net.clock, new Mangler(links[0], random), A, config, 78);
        TcpStack b = new TcpStack(net.clock, new Mangler(links[1], random), B, config, 79);
        TableMonitor ma = new TableMonitor(config.table());
        TableMonitor mb = new TableMonitor(config.table());
        ConformanceMonitor ca = new ConformanceMonitor(config);
        ConformanceMonitor cb = new ConformanceMonitor(config);
        a.observe(ca.andThen(ma));
        b.observe(cb.andThen(mb));
        net.stacks.add(a);
        net.stacks.add(b);
        Listener l = b.listen(80);
        Connection client = a.connect(B, 80);
        assertTrue(net.runUntil(() -> l.pending() > 0, () -> false, 600_000));
        Connection server = l.accept().get();
        int octets = (int) Knobs.get("faults.bytes", 256 * 1024);
        Stream up = new Stream(client, server, 3, octets);
        Stream down = new Stream(server, client, 4, octets);
        assertTrue(net.runUntil(() -> up.done() && down.done(), () -> up.pump() | down.pump(),
                net.clock.nowMillis() + 3_600_000));
        assertEquals(octets, up.read());
        assertEquals(octets, down.read());
        assertEquals(0, up.corrupted() + down.corrupted());
        client.close();
        server.close();
        assertTrue(net.runUntil(() -> a.connectionCount() == 0 && b.connectionCount() == 0, () -> false,
                net.clock.nowMillis() + 3_600_000));
        assertEquals(0, a.connectionCount() + b.connectionCount());
        long malformed = a.decodeCounters().malformedTotal() + b.decodeCounters().malformedTotal();
        Knobs.report("faults", String.format("%d octets each way byte-exact under harsh() with 5 %% of packets cut"
                + " and 1 %% garbage added; %d malformed packets dropped (%s / %s)", octets, malformed,
                a.decodeCounters().snapshot(), b.decodeCounters().snapshot()));
        assertTrue(malformed > 20, "malformed packets seen: " + malformed);
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        ca.finish();
        cb.finish();
        assertEquals(List.of(), ca.divergences());
        assertEquals(List.of(), cb.divergences());
    }

    private static final class Mangler implements Link {
        private final Link inner;
        private final Random random;

        Mangler(Link inner, Random random) {
            this.inner = inner;
            this.random = random;
        }

        @Override
        public void send(byte[] packet) {
            double p = random.nextDouble();
            if (p < 0.05) {
                inner.send(java.util.Arrays.copyOf(packet, random.nextInt(packet.length)));
                return;
            }
            inner.send(packet);
            if (p > 0.99) {
                byte[] junk = new byte[random.nextInt(80)];
                random.nextBytes(junk);
                if (junk.length > 0) {
                    junk[0] = 0x45;
                }
                inner.send(junk);
            }
        }

        @Override
        public int receive(PacketReceiver receiver, int max) {
            return inner.receive(receiver, max);
        }

        @Override
        public long nextArrivalMillis() {
            return inner.nextArrivalMillis();
        }
    }
}
