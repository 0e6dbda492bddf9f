package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.simulation.Simulation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's and receiver's pacing rules ({@link DataTransfer}): RFC 5681 congestion control with RFC 6582
 * NewReno and the RFC 6928 initial window, delayed ACKs (RFC 9293 §3.8.6.3, MUST-40, SHLD-19), and Nagle (SHLD-7)
 * with TCP_NODELAY; each run with a conformance monitor on both engines, which must find nothing.
 */
class DataTransferTest {

    private static final int MSS = 1460;

    private Simulation sim;
    private final Recorder ra = new Recorder();
    private final Recorder rb = new Recorder();
    private Connection client;
    private Connection server;

    private void open(ConnectionConfig config) {
        sim = new Simulation("transfer-rules", config, config, Impairments.NONE, 5, true);
        sim.observeA(ra);
        sim.observeB(rb);
        Listener listener = sim.b().listen(80);
        client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, 10_000));
        server = listener.accept().get();
        ra.events.clear();
        rb.events.clear();
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

    private static boolean pureAck(Packet p) {
        return p.payload().length == 0 && (p.flags() & ~Flags.PSH) == Flags.ACK;
    }

    // RFC 6928 §2: the first flight is min(10 * SMSS, max(2 * SMSS, 14600)) = 10 segments of 1460 octets; the
    // receiver, its window 64 KiB, is not what limits it.
    @Test
    void theFirstFlightIsTheInitialWindow() {
        open(ConnectionConfig.rfc9293());
        assertEquals(10 * MSS, client.congestionWindow());
        client.write(new byte[100 * MSS]);
        assertEquals(10, ra.sent(DataTransferTest::text).size());
        assertEquals(10 * MSS, client.octetsSent());
    }

    // RFC 5681 §3.1: in slow start every ACK of new data grows cwnd by min(N, SMSS); the second flight is larger
    // than the first, and cwnd never exceeds the initial window plus what was acknowledged.
    @Test
    void slowStartGrowsTheWindowByWhatIsAcknowledged() {
        open(ConnectionConfig.rfc9293());
        client.write(new byte[40 * MSS]);
        long acked = 0;
        byte[] buf = new byte[64 * 1024];
        for (int round = 0; round < 3; round++) {
            int before = client.congestionWindow();
            long unackedBefore = client.unacknowledged();
            sim.runTo(sim.clock().nowMillis() + 2);
            while (server.read(buf, 0, buf.length) > 0) {
                // drain
            }
            acked += unackedBefore - client.unacknowledged();
            assertTrue(client.congestionWindow() >= before, "cwnd shrank without loss");
        }
        assertTrue(acked > 0);
        assertTrue(client.congestionWindow() > 10 * MSS, "cwnd " + client.congestionWindow());
        assertTrue(client.congestionWindow() <= 10 * MSS + acked, "cwnd " + client.congestionWindow());
        assertEquals(Integer.MAX_VALUE, client.slowStartThreshold());
    }

    // RFC 5681 §3.2 and RFC 6582 §3.2: one lost segment in a flight: three duplicate ACKs retransmit it before the
    // retransmission timer, ssthresh = FlightSize / 2, and after the full ACK cwnd is at most ssthresh. Every octet
    // arrives in order.
    @Test
    void threeDuplicateAcksRetransmitAndHalveTheWindow() {
        open(ConnectionConfig.rfc9293());
        int[] count = {0};
        sim.dropFromA(p -> text(p) && ++count[0] == 3);
        client.write(new byte[10 * MSS]);
        long start = sim.clock().nowMillis();
        assertTrue(sim.runUntil(() -> server.available() == 10 * MSS && client.unacknowledged() == 0, 10_000));
        assertEquals(1, sim.scriptedDrops());
        assertEquals(1, client.retransmissions());
        // The retransmission came with the duplicate ACKs, a few link delays, long before the 1 s RTO.
        assertTrue(sim.clock().nowMillis() - start < 100, "took " + (sim.clock().nowMillis() - start));
        // The first two segments were acknowledged together (delayed ACK, SHLD-19), so FlightSize was the other
        // eight when the third duplicate ACK came.
        assertEquals(4 * MSS, client.slowStartThreshold());
        assertTrue(client.congestionWindow() <= client.slowStartThreshold(), "cwnd " + client.congestionWindow());
        assertTrue(client.congestionWindow() >= MSS);
    }

    // RFC 5681 §3.1 (4) and its loss window: after a retransmission timeout cwnd is one segment and ssthresh half
    // the flight; Karn's rule (RFC 6298 §3, MUST-18) takes no RTT sample from the retransmission.
    @Test
    void aTimeoutLeavesOneSegment() {
        open(ConnectionConfig.rfc9293());
        long srtt = client.srttMillis();
        sim.dropFromA(DataTransferTest::text);
        client.write(new byte[4 * MSS]);
        long rto = client.rtoMillis();
        sim.runTo(sim.clock().nowMillis() + rto + 1);
        assertTrue(client.retransmissions() >= 1);
        assertEquals(MSS, client.congestionWindow());
        assertEquals(2 * MSS, client.slowStartThreshold());
        sim.dropFromA(p -> false);
        assertTrue(sim.runUntil(() -> client.unacknowledged() == 0, 60_000));
        assertEquals(srtt, client.srttMillis(), "a sample was taken from a retransmitted segment");
    }

    // RFC 9293 §3.8.6.3: a lone segment's ACK waits for the delayed-ACK timer, 200 ms here (under 500 ms, MUST-40);
    // two full-sized segments are acknowledged at once (SHLD-19).
    @Test
    void delayedAcksWithinMust40AndEverySecondFullSegment() {
        open(ConnectionConfig.rfc9293());
        client.write(new byte[10]);
        long sent = sim.clock().nowMillis();
        assertTrue(sim.runUntil(() -> !rb.sent(DataTransferTest::pureAck).isEmpty(), 10_000));
        long ackAt = rb.sent(DataTransferTest::pureAck).get(0).atMillis();
        // One link delay to arrive, then the timer.
        assertEquals(200, ackAt - sent - 1);
        assertTrue(ackAt - sent < 500);

        rb.events.clear();
        client.write(new byte[2 * MSS]);
        sim.runTo(sim.clock().nowMillis() + 2);
        List<EngineEvent.SegmentOut> acks = rb.sent(DataTransferTest::pureAck);
        assertEquals(1, acks.size(), "one ACK for two full-sized segments");
        assertEquals(client.id().remotePort(), server.id().localPort());
        assertEquals(0, client.unacknowledged());
    }

    // RFC 5681 §4.2: text beyond RCV.NXT is acknowledged at once (a duplicate ACK), and so is the text that fills
    // the hole, delayed ACKs notwithstanding.
    @Test
    void outOfOrderTextIsAcknowledgedAtOnce() {
        open(ConnectionConfig.rfc9293());
        int[] count = {0};
        sim.dropFromA(p -> text(p) && ++count[0] == 1);
        client.write(new byte[2 * MSS]);
        sim.runTo(sim.clock().nowMillis() + 2);
        // The second segment arrived out of order and was acknowledged with RCV.NXT still before the first.
        List<EngineEvent.SegmentOut> acks = rb.sent(DataTransferTest::pureAck);
        assertEquals(1, acks.size());
        assertEquals(0, server.available());
        long t = sim.clock().nowMillis();
        assertTrue(sim.runUntil(() -> server.available() == 2 * MSS, 10_000));
        // The retransmission filled the hole; its ACK went at once, not after the delayed-ACK timer.
        sim.runTo(sim.clock().nowMillis() + 2);
        EngineEvent.SegmentOut last = rb.sent(DataTransferTest::pureAck).get(rb.sent(DataTransferTest::pureAck)
                .size() - 1);
        assertEquals(0, client.unacknowledged());
        assertTrue(last.atMillis() - t < client.rtoMillis() + 10);
    }

    // RFC 9293 §3.7.4 (SHLD-7): with text in flight a partial segment waits for the ACK; TCP_NODELAY (MUST-17)
    // sends it at once.
    @Test
    void nagleHoldsASmallSegmentUntilTheAckAndNoDelaySendsIt() {
        open(ConnectionConfig.rfc9293());
        client.write(new byte[10]);
        client.write(new byte[10]);
        List<EngineEvent.SegmentOut> segs = ra.sent(DataTransferTest::text);
        assertEquals(1, segs.size(), "the second write waits for the ACK of the first");
        assertTrue(sim.runUntil(() -> ra.sent(DataTransferTest::text).size() == 2, 10_000));
        // It went with the ACK of the first, which the receiver delayed.
        assertTrue(sim.clock().nowMillis() >= 200);

        ra.events.clear();
        client.setNoDelay(true);
        client.write(new byte[10]);
        client.write(new byte[10]);
        assertEquals(2, ra.sent(DataTransferTest::text).size());
        assertTrue(sim.runUntil(() -> server.available() == 40, 10_000));
    }

    // Without delayed ACKs and Nagle every segment is acknowledged at once and every write goes at once.
    @Test
    void theKnobsSwitchThemOff() {
        open(ConnectionConfig.rfc9293().withTransfer(DataTransfer.rfc().withDelayedAcks(false).withNagle(false)));
        client.write(new byte[10]);
        client.write(new byte[10]);
        assertEquals(2, ra.sent(DataTransferTest::text).size());
        sim.runTo(sim.clock().nowMillis() + 2);
        assertEquals(2, rb.sent(DataTransferTest::pureAck).size());
    }

    // MUST-40: the delayed-ACK timer is under 500 ms; the presets choose 200 ms (rfc9293) and 40 ms (linux).
    @Test
    void theDelayedAckTimerIsBoundedByMust40() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DataTransfer(true, true, true, 500, true));
        assertEquals(40, ConnectionConfig.linux().transfer().delayedAckTimeout());
        assertTrue(ConnectionConfig.rfc9293().transfer().delayedAcks());
        org.junit.jupiter.api.Assertions.assertFalse(ConnectionConfig.linux().transfer().delayedAcks());
        assertEquals(200, ConnectionConfig.rfc9293().transfer().delayedAckTimeout());
    }

    // RFC 6928 §2: min(10 * SMSS, max(2 * SMSS, 14600)); RFC 5681 §3.1: 4, 3 or 2 segments by SMSS.
    @Test
    void initialWindows() {
        DataTransfer large = DataTransfer.rfc();
        DataTransfer small = new DataTransfer(true, false, true, 200, true);
        assertEquals(5360, large.initialWindow(536));
        assertEquals(14600, large.initialWindow(1460));
        assertEquals(18000, large.initialWindow(9000));
        assertEquals(2144, small.initialWindow(536));
        assertEquals(4380, small.initialWindow(1460));
        assertEquals(18000, small.initialWindow(9000));
    }
}
