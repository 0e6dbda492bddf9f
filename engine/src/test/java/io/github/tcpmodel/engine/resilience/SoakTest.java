package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

// A randomized run under the harsh impairments: connections open, carry data, half-close, close, abort and
// are orphaned at random, on both presets; the ConformanceMonitor and a TableMonitor watch both engines throughout.
class SoakTest {

    @Test
    void randomizedRunUnderImpairmentsHasNoDivergenceNoLeakAndFlatHeap() {
        soak(ConnectionConfig.linux(), 91);
        soak(ConnectionConfig.rfc9293(), 92);
    }

    private void soak(ConnectionConfig base, long seed) {
        long rounds = Knobs.get("soak.rounds", 2000);
        int maxOpen = (int) Knobs.get("soak.connections", 48);
        // Keep-alive on: under RFC 9293 a FIN-WAIT-2 whose peer's RST was lost has no timer of its own (the
        // FIN-WAIT-2 timer is Linux's), so without keep-alive (RFC 1122 §4.2.3.6) it would rightly stay forever.
        ConnectionConfig config = base.withUserTimeout(600_000).withKeepAlive(true);
        Simulation sim = new Simulation("soak-" + base.name(), config, Impairments.harsh(), seed);
        TableMonitor ma = new TableMonitor(config.table());
        TableMonitor mb = new TableMonitor(config.table());
        // After the simulation's conformance monitors, which stay on.
        sim.observeA(ma);
        sim.observeB(mb);
        Listener listener = sim.b().listen(80, 1024);
        SplittableRandom random = new SplittableRandom(seed);
        List<Connection> all = new ArrayList<>();
        List<Connection> live = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        List<String> tcbs = new ArrayList<>();
        long opened = 0;
        long sample = Math.max(1, rounds / 10);
        for (long round = 0; round < rounds; round++) {
            int action = random.nextInt(10);
            if (action < 3 && live.size() < maxOpen) {
                Connection c = sim.a().connect(Simulation.ADDRESS_B, 80);
                all.add(c);
                live.add(c);
                opened++;
            } else if (action == 3 && !live.isEmpty()) {
                Connection c = live.remove(random.nextInt(live.size()));
                c.close();
            } else if (action == 4 && !live.isEmpty() && random.nextInt(4) == 0) {
                live.remove(random.nextInt(live.size())).abort();
            } else if (action == 5 && !live.isEmpty()) {
                live.get(random.nextInt(live.size())).shutdown();
            }
            while (listener.pending() > 0) {
                Connection s = listener.accept().get();
                all.add(s);
                live.add(s);
                // Each accepted connection carries up to 64 KiB each way, checked octet by octet.
                Connection client = null;
                for (Connection x : all) {
                    if (x.id().localAddr() == Simulation.ADDRESS_A && x.id().localPort() == s.id().remotePort()
                            && !x.isDeleted()) {
                        client = x;
                    }
                }
                if (client != null) {
                    streams.add(new Stream(client, s, opened * 2, random.nextInt(65536)));
                    streams.add(new Stream(s, client, opened * 2 + 1, random.nextInt(65536)));
                }
            }
            live.removeIf(Connection::isDeleted);
            streams.removeIf(st -> st.done() || st.dead());
            sim.runUntil(() -> false, () -> {
                boolean did = false;
                for (Stream st : streams) {
                    did |= st.pump();
                }
                return did;
            }, sim.clock().nowMillis() + 1 + random.nextInt(200));
            for (Stream st : streams) {
                assertEquals(0, st.corrupted(), "corrupted octets");
            }
            if (round % sample == 0) {
                heap.add(Knobs.usedHeapAfterGc());
                tcbs.add((sim.a().connectionCount() + sim.b().connectionCount()) + "/"
                        + (sim.a().timerEntries() + sim.b().timerEntries()) + "/" + streams.size() + "/" + all.size());
                all.removeIf(Connection::isDeleted);
            }
        }
        // Wind down: the server stops listening and closes what is still queued; everyone closes; the ones that cannot (their peer is gone) end by RST, user timeout or
        // the FIN-WAIT-2 / TIME-WAIT timers.
        listener.close();
        while (listener.pending() > 0) {
            all.add(listener.accept().get());
        }
        for (Connection c : all) {
            if (!c.isDeleted()) {
                c.close();
            }
        }
        byte[] sink = new byte[65536];
        List<Connection> everyone = new ArrayList<>(all);
        assertTrue(sim.runUntil(() -> sim.a().connectionCount() == 0 && sim.b().connectionCount() == 0, () -> {
            boolean did = false;
            // Handshakes that were under way when the listener closed still complete (RFC 9293 §3.10.4: closing
            // a listener does not touch the connections it forked); the application closes them as they come.
            while (listener.pending() > 0) {
                Connection late = listener.accept().get();
                everyone.add(late);
                late.close();
                did = true;
            }
            for (Connection c : everyone) {
                if (!c.isDeleted() && c.available() > 0) {
                    did |= c.read(sink, 0, sink.length) > 0;
                }
            }
            return did;
        }, sim.clock().nowMillis() + 4 * 3_600_000L));
        for (Connection c : everyone) {
            assertTrue(c.isDeleted() && c.tcpState() == TcpState.CLOSED, "not closed: " + c);
        }
        assertEquals(0, sim.a().connectionCount() + sim.b().connectionCount(),
                () -> "leaked TCBs: " + sim.a().connections() + " " + sim.b().connections());
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        assertEquals(List.of(), sim.divergences());
        long conformanceSteps = sim.monitorA().map(m -> m.steps()).getOrElse(0L)
                + sim.monitorB().map(m -> m.steps()).getOrElse(0L);
        long first = heap.get(Math.min(2, heap.size() - 1));
        long last = heap.get(heap.size() - 1);
        long peak = heap.stream().mapToLong(Long::longValue).max().getAsLong();
        // With every TCB gone and the test's own references dropped, the heap must be back where it started: what
        // the engines still hold then (timer entries, counters, maps) is what a leak would leave.
        int timersLeft = sim.a().timerEntries() + sim.b().timerEntries();
        all.clear();
        live.clear();
        streams.clear();
        everyone.clear();
        long end = Knobs.usedHeapAfterGc();
        Knobs.report("soak-" + base.name(), String.format("%d rounds, %.0f s virtual (with the wind-down), %d"
                        + " connections opened, table monitor steps %d + %d, conformance monitor steps %d,"
                        + " divergences 0; used heap after GC: start %d,"
                        + " at 20 %% %d, peak %d, last %d, after the wind-down %d (%+d vs start); samples %s;"
                        + " TCBs/timer entries/streams/held %s; timer entries left %d", rounds,
                sim.clock().nowMillis() / 1000.0, opened, ma.steps(), mb.steps(), conformanceSteps, heap.get(0), first,
                peak, last,
                end, end - heap.get(0), heap, tcbs, timersLeft));
        assertTrue(end - heap.get(0) < 4L * 1024 * 1024, "heap after the wind-down grew: " + (end - heap.get(0)));
        // TcpStack drops stale timer entries once they outnumber twice the connections plus 64.
        assertTrue(timersLeft <= 64, "timer entries left: " + timersLeft);
    }
}
