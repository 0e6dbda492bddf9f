package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// Ten thousand concurrent connections in one engine (B), each moving data both ways, then idle, then closed.
class LoadTest {

    @Test
    void tenThousandConnectionsCostBoundedMemoryAndIdleOnesCostNoWork() {
        int count = (int) Knobs.get("load.connections", 10_000);
        int octets = (int) Knobs.get("load.bytes", 2000);
        ConnectionConfig config = ConnectionConfig.rfc9293();
        Simulation sim = new Simulation("load", config, Impairments.NONE, 81);
        long heapBefore = Knobs.usedHeapAfterGc();
        Listener listener = sim.b().listen(80, count);
        List<Connection> clients = new ArrayList<>();
        List<Connection> servers = new ArrayList<>();
        // Open 50 a millisecond, so the handshakes in flight stay under the embryonic limit.
        while (clients.size() < count) {
            for (int i = 0; i < 50 && clients.size() < count; i++) {
                clients.add(sim.a().connect(Simulation.ADDRESS_B, 80));
            }
            sim.runTo(sim.clock().nowMillis() + 1);
            while (listener.pending() > 0) {
                servers.add(listener.accept().get());
            }
        }
        assertTrue(sim.runUntil(() -> {
            while (listener.pending() > 0) {
                servers.add(listener.accept().get());
            }
            return servers.size() == count;
        }, sim.clock().nowMillis() + 60_000));
        assertEquals(count, servers.size());
        assertEquals(count, sim.b().connectionCount());

        List<Stream> streams = new ArrayList<>();
        for (Connection s : servers) {
            Connection c = null;
            for (Connection x : clients) {
                if (x.id().localPort() == s.id().remotePort()) {
                    c = x;
                    break;
                }
            }
            streams.add(new Stream(c, s, s.id().remotePort(), octets));
            streams.add(new Stream(s, c, -s.id().remotePort(), octets));
        }
        assertTrue(sim.runUntil(() -> streams.stream().allMatch(Stream::done), () -> {
            boolean did = false;
            for (Stream s : streams) {
                did |= s.pump();
            }
            return did;
        }, sim.clock().nowMillis() + 600_000));
        long corrupted = 0;
        for (Stream s : streams) {
            assertTrue(s.done());
            corrupted += s.corrupted();
        }
        assertEquals(0, corrupted);
        long heapLoaded = Knobs.usedHeapAfterGc();
        long perTcb = (heapLoaded - heapBefore) / (2L * count);

        // Idle: with keep-alive off nothing is armed once the last retransmission timers (set when the data was
        // sent, lazily cancelled) have lapsed, so afterwards an hour of virtual time costs no polling work.
        int timersSettled = sim.a().timerEntries() + sim.b().timerEntries();
        long stepsBefore = sim.steps();
        sim.runTo(sim.clock().nowMillis() + 600_000);
        long drainSteps = sim.steps() - stepsBefore;
        stepsBefore = sim.steps();
        sim.runTo(sim.clock().nowMillis() + 3_600_000);
        long idleSteps = sim.steps() - stepsBefore;
        int timersIdle = sim.a().timerEntries() + sim.b().timerEntries();
        assertEquals(Long.MAX_VALUE, Math.min(sim.a().nextDeadline(), sim.b().nextDeadline()), "no timer armed");
        assertEquals(0, timersIdle, "no timer entries while idle");
        assertTrue(idleSteps <= 2, "scheduler steps in an idle hour: " + idleSteps);

        // Close: the clients close first and hold TIME-WAIT for 2 MSL; then all are gone.
        for (Connection c : clients) {
            c.close();
        }
        sim.runTo(sim.clock().nowMillis() + 100);
        for (Connection s : servers) {
            s.close();
        }
        sim.runTo(sim.clock().nowMillis() + 10_000);
        long timeWait = clients.stream().filter(c -> c.tcpState() == TcpState.TIME_WAIT).count();
        int timerEntries = sim.a().timerEntries() + sim.b().timerEntries();
        int tcbs = sim.a().connectionCount() + sim.b().connectionCount();
        assertTrue(sim.runUntil(() -> sim.a().connectionCount() == 0 && sim.b().connectionCount() == 0,
                sim.clock().nowMillis() + config.profile().timeWait() + 10_000));
        long heapAfter = Knobs.usedHeapAfterGc();
        Knobs.report("load", String.format("%d connections (%d TCBs), %d octets each way each: %d heap octets per"
                        + " TCB; %d stale timer entries lapse in %d scheduler steps, then an idle hour takes %d; after close %d in TIME-WAIT,"
                        + " %d TCBs, %d timer entries; all gone after 2 MSL; heap after %+d octets vs before",
                count, 2 * count, octets, perTcb, timersSettled, drainSteps, idleSteps, timeWait, tcbs, timerEntries,
                heapAfter - heapBefore));
        assertTrue(perTcb < 32 * 1024, "heap per TCB: " + perTcb);
        assertEquals(count, timeWait, "the active closers hold TIME-WAIT");
        assertEquals(count, tcbs, "only the TIME-WAIT TCBs remain");
        assertTrue(timerEntries <= 4L * tcbs, "timer entries: " + timerEntries);
        assertEquals(0, sim.a().connectionCount() + sim.b().connectionCount());
        assertEquals(Long.MAX_VALUE, Math.min(sim.a().nextDeadline(), sim.b().nextDeadline()));
        assertEquals(0, sim.a().timerEntries() + sim.b().timerEntries(), "stale timer entries are reclaimed");
    }
}
