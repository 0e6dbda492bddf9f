package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.simulation.Simulation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RACK-TLP (RFC 8985) in the linux configuration, on a simulated path of 40 ms each way (RTT 80 ms, so RACK's
 * reordering window min_RTT / 4 is 20 ms), each scenario also run with RACK-TLP off to show that it is RACK-TLP that
 * makes the difference; the conformance monitors on both engines must find nothing.
 */
class RackTlpTest {

    private static final Impairments PATH = new Impairments(0, 0, 0, 0, 40, 0, 0);

    private Simulation sim;
    private Connection client;
    private Connection server;
    private final byte[] buf = new byte[1 << 16];

    private void open(boolean rackTlp) {
        ConnectionConfig linux = ConnectionConfig.linux();
        ConnectionConfig config = linux.withTransfer(linux.transfer().withRackTlp(rackTlp));
        sim = new Simulation("rack-tlp", config, config, PATH, 7, true);
        Listener listener = sim.b().listen(80);
        client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, 10_000));
        server = listener.accept().get();
    }

    @AfterEach
    void noDivergence() {
        if (sim != null) {
            assertEquals(List.of(), sim.divergences());
        }
    }

    private static boolean text(Packet p) {
        return p.payload().length > 0;
    }

    /** Runs until {@code octets} more have been read at the server and everything is acknowledged. */
    private boolean deliver(long octets, long withinMillis) {
        long[] read = {0};
        return sim.runUntil(() -> read[0] == octets && client.unacknowledged() == 0, () -> {
            int n = server.read(buf, 0, buf.length);
            if (n > 0) {
                read[0] += n;
            }
            return n > 0;
        }, sim.clock().nowMillis() + withinMillis);
    }

    private void tailLoss(boolean rackTlp) {
        open(rackTlp);
        int mss = client.sendMss();
        int[] count = {0};
        // The last two segments of the first flight (the initial window of ten) are lost; nothing follows them.
        sim.dropFromA(p -> text(p) && ++count[0] >= 9 && count[0] <= 10);
        client.write(new byte[10 * mss]);
        assertTrue(deliver(10L * mss, 30_000), "the transfer did not complete");
        assertEquals(2, sim.scriptedDrops());
    }

    // RFC 8985 §7: the tail of a flight is lost and no ACK would reveal it; the probe (a retransmission of the last
    // segment, §7.3) draws a SACK, RACK marks the segment before it lost, and recovery repairs both before the RTO.
    @Test
    void aTailLossIsRepairedByAProbeRatherThanATimeout() {
        tailLoss(true);
        assertEquals(1, client.lossProbes());
        assertEquals(0, client.retransmissionTimeouts());
        assertEquals(2, client.retransmissions());
    }

    @Test
    void withoutTheProbeTheSameTailLossWaitsForTheTimeout() {
        tailLoss(false);
        assertEquals(0, client.lossProbes());
        assertTrue(client.retransmissionTimeouts() >= 1, "timeouts " + client.retransmissionTimeouts());
    }

    private long reordering(boolean rackTlp) {
        open(rackTlp);
        int mss = client.sendMss();
        int[] count = {0};
        // First flight: the eighth segment arrives 1 ms after the ninth and tenth (two segments past it: no loss by
        // any rule); RACK learns that this path reorders (RFC 8985 §6.2 step 3).
        sim.delayFromA(p -> text(p) && ++count[0] == 8, 1);
        client.write(new byte[10 * mss]);
        assertTrue(deliver(10L * mss, 30_000));
        assertEquals(0, client.retransmissions());
        // Second flight, sent at once: its second segment arrives 10 ms late, after the eight behind it, within the
        // 20 ms reordering window but after three duplicate ACKs (RFC 5681 §3.2's DupThresh).
        int[] second = {0};
        sim.delayFromA(p -> text(p) && ++second[0] == 2, 10);
        client.write(new byte[10 * mss]);
        assertTrue(deliver(10L * mss, 30_000));
        return client.retransmissions();
    }

    @Test
    void aReorderingWithinTheWindowIsNotTakenForALoss() {
        assertEquals(0, reordering(true));
        assertEquals(0, client.retransmissionTimeouts());
    }

    @Test
    void withoutRackTheSameReorderingCausesASpuriousFastRetransmit() {
        assertTrue(reordering(false) >= 1);
    }
}
