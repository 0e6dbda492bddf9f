package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * CUBIC's window function against numbers worked out by hand from RFC 9438's formulas, with SMSS = 1000 octets so
 * that a segment is a thousand octets: W_cubic(t) = C (t - K)^3 + W_max (equation 1), K = cbrt((W_max - cwnd_epoch) /
 * C) (equation 2), C = 0.4, β = 0.7, α_cubic = 3 (1 - β) / (1 + β) = 0.5294, the target W_cubic(t + RTT) clamped to
 * [cwnd, 1.5 cwnd] and approached by (target - cwnd) / cwnd segments per segment acknowledged (§4.2).
 */
class CubicTest {

    private static final int SMSS = 1000;

    @Test
    void aLossLeavesBetaOfTheFlightAndNotLessThanTwoSegments() {
        Cubic c = new Cubic(SMSS);
        // §4.6: ssthresh = β * FlightSize = 0.7 * 100000.
        assertEquals(70_000, c.onCongestion(100_000, 100_000));
        // A flight below cwnd (application-limited) is what is reduced.
        assertEquals(28_000, c.onCongestion(100_000, 40_000));
        // RFC 5681 §3.1 (4): never below 2 SMSS.
        assertEquals(2 * SMSS, c.onCongestion(2_000, 2_000));
    }

    @Test
    void fastConvergenceReleasesBandwidthWhenTheWindowShrinksBetweenLosses() {
        Cubic c = new Cubic(SMSS);
        c.onCongestion(100_000, 100_000);
        assertEquals(100, c.wMax(), 1e-9, "first loss: W_max = cwnd");
        // §4.7: a loss below the previous W_max: W_max = cwnd (1 + β) / 2 = 80 * 0.85.
        c.onCongestion(80_000, 80_000);
        assertEquals(68, c.wMax(), 1e-9);
        // A loss above it: W_max = cwnd.
        c.onCongestion(90_000, 90_000);
        assertEquals(90, c.wMax(), 1e-9);
    }

    @Test
    void concaveThenConvexAroundTheOldMaximum() {
        Cubic c = new Cubic(SMSS);
        int ssthresh = c.onCongestion(100_000, 100_000);
        // The epoch starts with the first ACK in congestion avoidance at cwnd_epoch = 70 segments:
        // K = cbrt((100 - 70) / 0.4) = cbrt(75) = 4.2172 s.
        c.grow(ssthresh, SMSS, 0, 100);
        assertEquals(4.2172, c.k(), 1e-4);
        // Concave, t = 2 s, cwnd 90: target W(2.1) = 0.4 (2.1 - 4.2172)^3 + 100 = 96.204; growth per SMSS
        // (96.204 - 90) / 90 = 0.0689 segment = 68.9 octets.
        int concaveEarly = c.grow(90_000, SMSS, 2_000, 100) - 90_000;
        assertEquals(68.9, concaveEarly, 1.0);
        // Concave near the plateau, t = 4 s, cwnd 99: W(4.1) = 99.9994; (99.9994 - 99) / 99 = 10.1 octets.
        int concaveLate = c.grow(99_000, SMSS, 4_000, 100) - 99_000;
        assertEquals(10.1, concaveLate, 1.0);
        // Convex, t = 6 s, cwnd 100: W(6.1) = 0.4 (1.8828)^3 + 100 = 102.670; 26.7 octets.
        int convexEarly = c.grow(100_000, SMSS, 6_000, 100) - 100_000;
        assertEquals(26.7, convexEarly, 1.0);
        // Convex, t = 8 s: W(8.1) = 123.416; 234.2 octets.
        int convexLate = c.grow(100_000, SMSS, 8_000, 100) - 100_000;
        assertEquals(234.2, convexLate, 1.0);
        assertTrue(concaveEarly > concaveLate && convexLate > convexEarly,
                "growth slows towards W_max and speeds up beyond it");
    }

    @Test
    void shortRoundTripsAreInTheRenoFriendlyRegion() {
        Cubic c = new Cubic(SMSS);
        int cwnd = c.onCongestion(20_000, 20_000);
        assertEquals(14_000, cwnd);
        // A whole window of 14 ACKs within the epoch's first millisecond: W_cubic(0) = cwnd_epoch = 14 segments, below
        // W_est, which gains α_cubic / cwnd per segment: 14 + 0.5294 * (1/14 + 1/14.038 + ...) = 14.520 segments.
        for (int i = 0; i < 14; i++) {
            cwnd = c.grow(cwnd, SMSS, 0, 1);
        }
        assertEquals(14_520, cwnd, 3);
        assertEquals(14.520, c.wEst(), 1e-3);
    }

    @Test
    void oneAckGrowsTheWindowByAtMostHalfOfWhatItAcknowledges() {
        Cubic c = new Cubic(SMSS);
        int cwnd = c.onCongestion(10_000, 10_000);
        c.grow(cwnd, SMSS, 0, 100);
        // Far beyond K the cubic is clamped at 1.5 cwnd (§4.2): an ACK of the whole window of 10 segments grows it
        // by 5 segments, an ACK of one segment by half a segment.
        assertEquals(15_000, c.grow(10_000, 10_000, 60_000, 100));
        assertEquals(10_500, c.grow(10_000, SMSS, 60_000, 100));
    }
}
