package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The long recovery of a lossy path: at 20 % loss each way a retransmission is lost, or its ACK is, 36 % of the time,
 * so timeouts come in runs. The retransmission timer backs off (RFC 6298 §5.5: RTO doubled on each expiry, up to its
 * maximum, §2.5) and is restarted with the backed-off value (§5.6); the backoff ends when new data is acknowledged
 * (§5.7; the engine recomputes from SRTT then, as Linux does); and the transfer completes within a bound of simulated
 * time. The simulation's clock is virtual, so the bound is a property of the engine, not of the machine. The RFC
 * configuration: RFC 6298's timer with its 1 s minimum, RTT samples by Karn's rule. The linux configuration: the
 * 200 ms minimum and RTT samples from timestamp echoes (RFC 7323 §4.1), which must not take the lost ACKs and the
 * timeouts of the recovery for the path's round trip: the estimate after each backoff stays near the 10 ms path.
 */
class RtoBackoffTest {

    private static final Impairments LOSSY = new Impairments(0.2, 0, 0, 0, 5, 0, 0);
    private static final int OCTETS = 256 * 1024;
    /**
     * The bound on simulated time for {@link #OCTETS} at 20 % loss each way over a 10 ms round trip: about twice the
     * longest of the seeds below (63 s to 137 s).
     */
    private static final long BOUND_MILLIS = 300_000;

    /** The bound on simulated time for the linux configuration: about three times the longest of its seeds (17 s). */
    private static final long LINUX_BOUND_MILLIS = 60_000;
    /**
     * The most the linux configuration's RTO may be once the backoff is gone (RFC 6298 §5.7): SRTT + 4 RTTVAR of a
     * 10 ms path is below the 200 ms minimum; timestamp echoes that spanned a lost ACK and a timeout inflated it to
     * tens of seconds.
     */
    private static final long LINUX_ESTIMATE_BOUND_MILLIS = 1_000;

    private record Timeout(long at, long rto, boolean newDataAckedBefore) {
    }

    @Test
    void aTransferAtTwentyPercentLossBacksOffResetsAndCompletesInBoundedTime() {
        backsOffResetsAndCompletes(ConnectionConfig.rfc9293().withUserTimeout(3_600_000), new long[] {2, 4, 6, 8, 10, 12},
                BOUND_MILLIS, Long.MAX_VALUE);
    }

    @Test
    void withTimestampsTheEstimateStaysNearThePathAfterLongRecoveries() {
        ConnectionConfig linux = ConnectionConfig.linux().withUserTimeout(3_600_000);
        assertTrue(linux.profile().extensions().timestamps());
        backsOffResetsAndCompletes(linux, new long[] {1, 2, 3, 5, 7, 8, 9}, LINUX_BOUND_MILLIS,
                LINUX_ESTIMATE_BOUND_MILLIS);
    }

    private static void backsOffResetsAndCompletes(ConnectionConfig config, long[] seeds, long boundMillis,
                                                   long estimateBound) {
        int runsOfTwo = 0;
        int resets = 0;
        for (long seed : seeds) {
            Simulation sim = new Simulation("rto-backoff", config, config, LOSSY, seed, true);
            List<Timeout> timeouts = new ArrayList<>();
            List<long[]> afterReset = new ArrayList<>();
            Connection[] client = new Connection[1];
            long[] highestAck = {-1};
            boolean[] acked = {false};
            boolean[] checkReset = {false};
            sim.observeA(e -> {
                Connection c = client[0];
                if (c == null) {
                    return;
                }
                if (e instanceof EngineEvent.TimerFired f && f.timer() == Event.RETRANSMISSION_TIMEOUT
                        && f.connection().equals(c.id())) {
                    // Observed after the engine backed the timer off: the RTO the restarted timer runs with.
                    timeouts.add(new Timeout(f.atMillis(), c.rtoMillis(), acked[0]));
                    acked[0] = false;
                    checkReset[0] = false;
                } else if (e instanceof EngineEvent.SegmentIn in && in.connection().equals(c.id())
                        && in.segment().has(io.github.tcpmodel.engine.codec.Flags.ACK)) {
                    long ack = in.segment().ack() & 0xFFFF_FFFFL;
                    if (highestAck[0] < 0 || Connection.lt((int) highestAck[0], (int) ack)) {
                        highestAck[0] = ack;
                        acked[0] = true;
                        checkReset[0] = !timeouts.isEmpty();
                    }
                } else if (e instanceof EngineEvent.SegmentOut out && out.connection().equals(c.id())
                        && checkReset[0]) {
                    // The first segment after new data was acknowledged following a timeout: the backoff is gone.
                    afterReset.add(new long[] {timeouts.get(timeouts.size() - 1).rto(), c.rtoMillis()});
                    checkReset[0] = false;
                }
            });
            Listener listener = sim.b().listen(80);
            client[0] = sim.a().connect(Simulation.ADDRESS_B, 80);
            assertTrue(sim.runUntil(() -> listener.pending() > 0, 600_000), "no connection, seed " + seed);
            Connection server = listener.accept().get();
            long start = sim.clock().nowMillis();
            byte[] data = new byte[OCTETS];
            byte[] buf = new byte[1 << 16];
            int[] written = {0};
            long[] read = {0};
            Connection c = client[0];
            boolean done = sim.runUntil(() -> read[0] == OCTETS && c.unacknowledged() == 0, () -> {
                boolean did = false;
                if (written[0] < OCTETS) {
                    int n = c.write(data, written[0], OCTETS - written[0]);
                    written[0] += Math.max(0, n);
                    did = n > 0;
                }
                int n = server.read(buf, 0, buf.length);
                if (n > 0) {
                    read[0] += n;
                    did = true;
                }
                return did;
            }, start + boundMillis);
            long took = sim.clock().nowMillis() - start;
            assertTrue(done, "seed " + seed + ": " + read[0] + " of " + OCTETS + " octets after " + took + " ms");
            assertTrue(c.retransmissionTimeouts() > 0, "seed " + seed + ": no timeout");
            System.out.printf("rto backoff: seed %d, %d octets in %d ms of simulated time, %d timeouts, largest RTO %d ms%n",
                    seed, OCTETS, took, c.retransmissionTimeouts(),
                    timeouts.stream().mapToLong(Timeout::rto).max().orElse(0));
            for (int i = 1; i < timeouts.size(); i++) {
                Timeout prev = timeouts.get(i - 1);
                Timeout cur = timeouts.get(i);
                if (!cur.newDataAckedBefore()) {
                    // §5.5 and §5.6: the timer ran for the backed-off RTO, and expiring again doubles it.
                    assertEquals(prev.rto(), cur.at() - prev.at(), "seed " + seed + ": timer interval " + cur);
                    // Doubled, up to the maximum (§2.5).
                    assertEquals(Math.min(2 * prev.rto(), config.profile().maxRto()), cur.rto(),
                            "seed " + seed + ": " + prev + " then " + cur);
                    runsOfTwo++;
                }
            }
            for (long[] r : afterReset) {
                // §5.7: after new data is acknowledged the RTO is no longer the backed-off one (at least twice the
                // base), but the estimate itself.
                assertTrue(r[1] < r[0], "seed " + seed + ": RTO " + r[1] + " after new data, " + r[0] + " at the "
                        + "timeout before");
                assertTrue(r[1] <= estimateBound, "seed " + seed + ": RTO " + r[1] + " after new data");
                resets++;
            }
            assertEquals(List.of(), sim.divergences());
        }
        // The loss rate made runs of timeouts and resets happen, so the assertions above were exercised.
        assertTrue(runsOfTwo > 0, "no two timeouts in a row");
        assertTrue(resets > 0, "no reset observed");
    }
}
