package io.github.tcpmodel.engine.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.DataTransfer;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.semantics.CongestionBounds;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The monitor holds a sender to the model's congestion bound (RFC 9293 §3.8.2 MUST-19; {@code
 * semantics.CongestionBounds}: RFC 5681, RFC 6928, RFC 9438): an engine that breaks it is caught, one that keeps it is
 * not, on a clean path with scripted losses and under the harsh link.
 */
class CongestionMonitorTest {

    private static final int SEGMENTS = 40;
    private static final CongestionBounds.Rules RFC6928 = new CongestionBounds.Rules(
            CongestionBounds.InitialWindow.RFC6928, CongestionBounds.SlowStart.SMSS_PER_ACK,
            CongestionBounds.IdleRestart.KEPT);

    private record Outcome(ConformanceMonitor monitor, Connection client, boolean delivered) {
        List<String> congestionDivergences() {
            return monitor.divergences().stream().map(MonitorDivergence::toString)
                    .filter(d -> d.contains("MUST-19")).toList();
        }
    }

    /**
     * A client under {@code client} sends {@code SEGMENTS} full segments to a server that holds {@code window}
     * octets; the client's text segments numbered in {@code lost} (from 1) are dropped once. The client's own
     * monitor holds it to the RFC 6928 bound whatever its config says.
     */
    private static Outcome run(ConnectionConfig client, int window, int... lost) {
        ConnectionConfig server = ConnectionConfig.rfc9293().withBuffers(window, 1 << 16);
        Simulation sim = new Simulation("congestion-monitor", client, server, new Impairments(0, 0, 0, 0, 10, 0, 0),
                3, false);
        ConformanceMonitor monitor = new ConformanceMonitor(client, RFC6928);
        sim.observeA(monitor);
        Listener listener = sim.b().listen(80);
        Connection c = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, 10_000));
        Connection s = listener.accept().get();
        int[] count = {0};
        sim.dropFromA(p -> p.payload().length > 0 && contains(lost, ++count[0]));
        int total = SEGMENTS * c.sendMss();
        byte[] data = new byte[total];
        byte[] buf = new byte[1 << 16];
        int[] written = {0};
        long[] read = {0};
        boolean delivered = sim.runUntil(() -> read[0] == total && c.unacknowledged() == 0, () -> {
            boolean did = false;
            if (written[0] < total) {
                int n = c.write(data, written[0], total - written[0]);
                written[0] += Math.max(0, n);
                did = n > 0;
            }
            int n = s.read(buf, 0, buf.length);
            if (n > 0) {
                read[0] += n;
                did = true;
            }
            return did;
        }, 600_000);
        monitor.finish();
        return new Outcome(monitor, c, delivered);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static ConnectionConfig withoutCongestionControl(ConnectionConfig c) {
        return c.withTransfer(c.transfer().withCongestionControl(false));
    }

    // RFC 6928 §2: the first flight is at most min(10 MSS, max(2 MSS, 14600)); a sender without a congestion window
    // sends all the receiver's window admits at once.
    @Test
    void aFirstFlightAboveTheInitialWindowIsCaught() {
        Outcome o = run(withoutCongestionControl(ConnectionConfig.rfc9293()), 1 << 16);
        assertTrue(o.delivered());
        assertFalse(o.congestionDivergences().isEmpty(), "no MUST-19 divergence: " + o.monitor().divergences());
        assertTrue(o.congestionDivergences().get(0).contains("slow start"), o.congestionDivergences().get(0));
    }

    // The same transfer with the RFC's congestion control: the bound holds throughout.
    @Test
    void theSameTransferWithCongestionControlKeepsTheBound() {
        Outcome o = run(ConnectionConfig.rfc9293(), 1 << 16);
        assertTrue(o.delivered());
        assertEquals(List.of(), o.monitor().divergences());
        assertTrue(o.monitor().congestionChecks() >= SEGMENTS, "checks " + o.monitor().congestionChecks());
    }

    // RFC 5681 §3.1: after a retransmission timeout cwnd is the loss window, one segment. A window of ten segments
    // keeps the first flight within the initial window; the whole second flight is lost, the timer expires, and a
    // sender that does not reduce its window sends new data with the full window in flight.
    @Test
    void aSenderThatKeepsItsWindowAfterATimeoutIsCaught() {
        ConnectionConfig rfc = ConnectionConfig.rfc9293();
        int window = 10 * rfc.profile().mss();
        Outcome o = run(withoutCongestionControl(rfc), window, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        assertTrue(o.delivered());
        assertTrue(o.client().retransmissionTimeouts() >= 1);
        List<String> caught = o.congestionDivergences();
        assertFalse(caught.isEmpty(), "no MUST-19 divergence: " + o.monitor().divergences());
        // Not the first flight: the violation comes after the timeout.
        assertTrue(o.monitor().congestionChecks() > 10, "checks " + o.monitor().congestionChecks());
    }

    @Test
    void theSameLossWithCongestionControlKeepsTheBound() {
        ConnectionConfig rfc = ConnectionConfig.rfc9293();
        int window = 10 * rfc.profile().mss();
        Outcome o = run(rfc, window, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        assertTrue(o.delivered());
        assertTrue(o.client().retransmissionTimeouts() >= 1);
        assertEquals(List.of(), o.monitor().divergences());
        assertTrue(o.monitor().congestionChecks() > 10, "checks " + o.monitor().congestionChecks());
    }

    // RFC 5681 §3.2 and RFC 9438 §4.6: losses repaired by fast retransmit and SACK recovery (NewReno, CUBIC with
    // RACK-TLP) reduce the window within the bound.
    @Test
    void fastRecoveryKeepsTheBound() {
        for (ConnectionConfig config : List.of(ConnectionConfig.rfc9293(), ConnectionConfig.linux(),
                ConnectionConfig.rfc9293().withTransfer(DataTransfer.rfc().withAlgorithm(DataTransfer.Algorithm.CUBIC)))) {
            Outcome o = run(config, 1 << 16, 15, 23, 24, 31);
            assertTrue(o.delivered());
            assertEquals(List.of(), o.monitor().divergences(), config.transfer().toString());
            assertTrue(o.client().retransmissions() >= 4);
            assertTrue(o.monitor().congestionChecks() >= SEGMENTS - 4, "checks " + o.monitor().congestionChecks());
        }
    }

    // Under the harsh link (20% loss, 10% duplication, 20% reordering, 1% corruption) both presets stay within the
    // bound, which the monitors check on every segment of new data.
    @Test
    void theHarshLinkKeepsTheBound() {
        for (ConnectionConfig config : List.of(ConnectionConfig.rfc9293(), ConnectionConfig.linux())) {
            ConnectionConfig patient = config.withUserTimeout(3_600_000);
            Simulation sim = new Simulation("congestion-harsh", patient, patient, Impairments.harsh(), 21, true);
            Listener listener = sim.b().listen(80);
            Connection c = sim.a().connect(Simulation.ADDRESS_B, 80);
            assertTrue(sim.runUntil(() -> listener.pending() > 0, 600_000));
            Connection s = listener.accept().get();
            int total = 256 * 1024;
            byte[] data = new byte[total];
            byte[] buf = new byte[1 << 16];
            int[] written = {0};
            long[] read = {0};
            assertTrue(sim.runUntil(() -> read[0] == total && c.unacknowledged() == 0, () -> {
                boolean did = false;
                if (written[0] < total) {
                    int n = c.write(data, written[0], total - written[0]);
                    written[0] += Math.max(0, n);
                    did = n > 0;
                }
                int n = s.read(buf, 0, buf.length);
                if (n > 0) {
                    read[0] += n;
                    did = true;
                }
                return did;
            }, 7L * 24 * 3600 * 1000));
            ConformanceMonitor monitor = sim.monitorA().get();
            monitor.finish();
            assertTrue(c.retransmissions() > 0 && c.retransmissionTimeouts() > 0);
            assertEquals(List.of(), sim.divergences());
            assertTrue(monitor.congestionChecks() > 100, "checks " + monitor.congestionChecks());
        }
    }
}
