package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.semantics.CongestionBounds.IdleRestart;
import io.github.tcpmodel.semantics.CongestionBounds.InitialWindow;
import io.github.tcpmodel.semantics.CongestionBounds.Rules;
import io.github.tcpmodel.semantics.CongestionBounds.SlowStart;
import io.github.tcpmodel.seq.SeqNum;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 9293 §3.8.2 MUST-19 with RFC 5681, RFC 6928, RFC 6582 and RFC 9438: the upper bound on a sender's flight. Two
 * reference senders (NewReno as RFC 5681 and RFC 6582 write it, and a sender that takes everything CUBIC and Linux
 * may take) are driven by random ACK streams and stay within the bound; senders that break one rule are caught.
 */
class CongestionBoundsTest {

    static final int SMSS = 1000;
    static final SeqNum ISS = SeqNum.of(4_000_000_000L);
    static final long RTO = 1_000;

    // RFC 5681 §3.1 equation (1) and RFC 6928 §2: min(10*MSS, max(2*MSS, 14600)).
    @Test
    void initialWindows() {
        assertEquals(4 * 1095, InitialWindow.RFC5681.octets(1095));
        assertEquals(3 * 1460, InitialWindow.RFC5681.octets(1460));
        assertEquals(2 * 2191, InitialWindow.RFC5681.octets(2191));
        assertEquals(14_600, InitialWindow.RFC6928.octets(1460));
        assertEquals(5_360, InitialWindow.RFC6928.octets(536));
        assertEquals(18_000, InitialWindow.RFC6928.octets(9000));
        assertEquals(14_480, InitialWindow.TEN_SEGMENTS.octets(1448));
        assertEquals(654_830, InitialWindow.TEN_SEGMENTS.octets(65_483), "Linux over loopback: no octet cap");
        assertEquals(InitialWindow.TEN_SEGMENTS, Rules.linux().initialWindow());
        CongestionBounds b = CongestionBounds.initial(Rules.rfc5681(), 1460, ISS, false);
        assertTrue(b.check(3 * 1460).isEmpty());
        assertEquals("MUST-19", b.check(3 * 1460 + 1).head().substring(0, 7));
        // RFC 5681 §3.1: after a lost SYN or SYN,ACK "the initial window ... MUST be one segment".
        assertEquals(1460, CongestionBounds.initial(Rules.widest(), 1460, ISS, true).limit());
    }

    // RFC 5681 §3.1: slow start grows cwnd by min(N, SMSS) per ACK; RFC 3465 allows 2*SMSS; counting every octet
    // acknowledged is the widest.
    @Test
    void slowStartGrowsPerAckByTheRulesStep() {
        for (SlowStart s : SlowStart.values()) {
            CongestionBounds b = CongestionBounds.initial(new Rules(InitialWindow.RFC5681, s, IdleRestart.RFC5681),
                    SMSS, ISS, false);
            long before = b.cwnd();
            b = b.onAck(ISS.plus(3 * SMSS), ISS.plus(4 * SMSS), false);
            long expected = switch (s) {
                case SMSS_PER_ACK -> SMSS;
                case TWO_SMSS_PER_ACK -> 2 * SMSS;
                case ACKED -> 3 * SMSS;
            };
            assertEquals(before + expected, b.cwnd(), s.name());
            assertTrue(b.slowStart());
        }
    }

    // RFC 5681 §3.2: the third duplicate ACK halves (NewReno) or multiplies by 0.7 (CUBIC, RFC 9438 §4.6) the
    // threshold; the bound takes 0.7 of its own limit, and inflates by SMSS per further duplicate.
    @Test
    void theThirdDuplicateAckReducesTheBound() {
        CongestionBounds b = CongestionBounds.initial(Rules.widest(), SMSS, ISS, false);
        SeqNum nxt = ISS.plus(10 * SMSS);
        assertEquals(10 * SMSS, b.limit());
        b = b.onAck(ISS, nxt, true);
        assertEquals(11 * SMSS, b.limit(), "Limited Transmit: one more segment (RFC 3042)");
        b = b.onAck(ISS, nxt, true);
        assertEquals(12 * SMSS, b.limit(), "two more");
        b = b.onAck(ISS, nxt, true);
        assertTrue(b.recovery());
        assertEquals(8_400, b.ssthresh(), "0.7 of the 12 segments Limited Transmit allowed");
        assertEquals(8_400 + 3 * SMSS, b.limit());
        b = b.onAck(ISS, nxt, true);
        assertEquals(8_400 + 4 * SMSS, b.limit());
        b = b.onAck(ISS.plus(SMSS), nxt, false);
        assertTrue(b.recovery(), "a partial ACK (RFC 6582 §3.2)");
        assertEquals(nxt.minus(1), b.recover(), "RFC 6582 §3.2: the highest sequence number transmitted");
        assertTrue(b.onAck(nxt.minus(1), nxt, false).recovery(), "an ACK below SND.NXT is partial");
        b = b.onAck(nxt, nxt, false);
        assertFalse(b.recovery(), "the ACK of SND.NXT is full and ends recovery");
        assertEquals(8_400, b.cwnd());
        assertEquals(b, b.onAck(b.una(), nxt, false), "an ACK that is neither new nor a duplicate");
        // A retransmission timeout: the loss window; a second one before new data is acknowledged keeps ssthresh.
        CongestionBounds t = b.onTimeout(nxt.plus(2 * SMSS));
        assertEquals(SMSS, t.cwnd());
        assertEquals(5_880, t.ssthresh());
        assertEquals(5_880, t.onTimeout(nxt.plus(2 * SMSS)).ssthresh());
        assertEquals(b.cwnd(), t.undo().cwnd(), "a spurious timeout reversed (RFC 4015)");
    }

    // RFC 5681 §4.1: after an idle period longer than the RTO, cwnd falls to RW = min(IW, cwnd); RFC 2861 halves it
    // per RTO instead, not below RW.
    @Test
    void idlePeriodsRestartTheWindow() {
        CongestionBounds b = CongestionBounds.initial(Rules.linux(), SMSS, ISS, false);
        for (int i = 0; i < 40; i++) {
            b = b.onAck(ISS.plus((i + 1L) * SMSS), ISS.plus(100L * SMSS), false);
        }
        long big = b.cwnd();
        assertEquals(50 * SMSS, big);
        assertEquals(big, b.onIdle(RTO, RTO).cwnd(), "not longer than the RTO");
        assertEquals(big / 2, b.onIdle(RTO + 1, RTO).cwnd(), "RFC 2861: one halving");
        assertEquals(big / 2, b.onIdle(2 * RTO, RTO).cwnd());
        assertEquals(big / 4, b.onIdle(2 * RTO + 1, RTO).cwnd());
        assertEquals(10 * SMSS, b.onIdle(100 * RTO, RTO).cwnd(), "not below RW");
        CongestionBounds r = new CongestionBounds(new Rules(InitialWindow.RFC6928, SlowStart.ACKED,
                IdleRestart.RFC5681), SMSS, big, b.ssthresh(), b.una(), 0, false, b.una(), false, b.prior());
        assertEquals(10 * SMSS, r.onIdle(RTO + 1, RTO).cwnd(), "RFC 5681: straight to RW");
        CongestionBounds k = new CongestionBounds(Rules.widest(), SMSS, big, b.ssthresh(), b.una(), 0, false,
                b.una(), false, b.prior());
        assertEquals(big, k.onIdle(100 * RTO, RTO).cwnd(), "kept (RFC 7661)");
    }

    static CongestionBounds bound(Rules rules, long cwnd, long ssthresh) {
        return new CongestionBounds(rules, SMSS, cwnd, ssthresh, ISS, 0, false, ISS, false,
                new CongestionBounds.Prior(cwnd, ssthresh));
    }

    // The bound is never below one segment of cwnd and two of ssthresh (RFC 5681 §3.1 equation (4), §3.2 and the
    // loss window of one segment); exactly those are allowed.
    @Test
    void theBoundIsNeverBelowOneSegment() {
        Rules r = Rules.rfc5681();
        assertEquals(SMSS, bound(r, SMSS, 2 * SMSS).limit());
        for (long[] bad : new long[][] {{SMSS - 1, 2 * SMSS}, {SMSS, 2 * SMSS - 1}}) {
            assertThrows(IllegalArgumentException.class, () -> bound(r, bad[0], bad[1]));
        }
        assertThrows(IllegalArgumentException.class, () -> new CongestionBounds(r, 0, SMSS, 2 * SMSS, ISS, 0, false,
                ISS, false, new CongestionBounds.Prior(SMSS, 2 * SMSS)));
        assertThrows(IllegalArgumentException.class, () -> new CongestionBounds(r, SMSS, SMSS, 2 * SMSS, ISS, -1,
                false, ISS, false, new CongestionBounds.Prior(SMSS, 2 * SMSS)));
        assertEquals(3 * SMSS, CongestionBounds.flightSize(ISS, ISS.plus(3 * SMSS)), "across the wrap of 2^32");
    }

    // RFC 5681 §3.1: "the slow start algorithm is used when cwnd < ssthresh, while the congestion avoidance algorithm
    // is used when cwnd > ssthresh. When cwnd and ssthresh are equal, the sender may use either": the bound takes the
    // larger growth, slow start's, for the ACK at equality, and half a segment or half the octets acknowledged,
    // rounded up, above it (RFC 5681 §3.1 equation (3) allows at most one SMSS per RTT; the bound's per-ACK share is
    // the widest RFC 9438 §4.8 allows, cwnd growing by at most 1.5 per RTT).
    @Test
    void theGrowthAtAndAboveTheThreshold() {
        CongestionBounds equal = bound(Rules.rfc5681(), 20 * SMSS, 20 * SMSS);
        assertFalse(equal.slowStart(), "cwnd = ssthresh is not below it");
        assertEquals(21 * SMSS, equal.onAck(ISS.plus(SMSS), ISS.plus(5 * SMSS), false).cwnd());
        CongestionBounds above = bound(Rules.rfc5681(), 30 * SMSS, 20 * SMSS);
        assertEquals(30 * SMSS + 1501, above.onAck(ISS.plus(3001), ISS.plus(5 * SMSS), false).cwnd(),
                "half of 3001 octets, rounded up");
        assertEquals(30 * SMSS + 500, above.onAck(ISS.plus(1), ISS.plus(5 * SMSS), false).cwnd(),
                "at least half a segment");
    }

    // RFC 5681 §3.1 equation (4): "ssthresh = max (FlightSize / 2, 2*SMSS)", FlightSize being SND.NXT - SND.UNA,
    // which may exceed cwnd after a recovery ends (RFC 6582 §3.2 step 3 sets cwnd to at most ssthresh); the bound's
    // reduction allows RFC 9438 §4.6's wider flight_size * 0.7, of the FlightSize or of its window.
    @Test
    void aReductionAllowsHalfTheFlightSize() {
        CongestionBounds small = bound(Rules.rfc5681(), 2 * SMSS, 2 * SMSS);
        assertEquals(4_900, small.onTimeout(ISS.plus(7 * SMSS)).ssthresh());
        assertEquals(2 * SMSS, small.onTimeout(ISS.plus(SMSS)).ssthresh(), "0.7 of 2000, not below 2 * SMSS");
        CongestionBounds d = small;
        for (int i = 0; i < 3; i++) {
            d = d.onAck(ISS, ISS.plus(9 * SMSS), true);
        }
        assertEquals(6_300, d.ssthresh(), "the third duplicate ACK: 0.7 of 9000 in flight");
    }

    // MUST-19: the violation names the phase whose rule the flight breaks.
    @Test
    void theViolationNamesThePhase() {
        CongestionBounds ss = bound(Rules.rfc5681(), 4 * SMSS, 8 * SMSS);
        assertEquals("MUST-19: 4001 octets in flight, more than the 4000 the congestion window can allow (RFC 5681 §3.1 "
                + "slow start, RFC 9438)", ss.check(4 * SMSS + 1).single());
        CongestionBounds ca = bound(Rules.rfc5681(), 8 * SMSS, 4 * SMSS);
        assertTrue(ca.check(8 * SMSS + 1).single().contains("(RFC 5681 §3.1 congestion avoidance, RFC 9438)"));
        CongestionBounds rec = ca.onAck(ISS, ISS.plus(8 * SMSS), true).onAck(ISS, ISS.plus(8 * SMSS), true)
                .onAck(ISS, ISS.plus(8 * SMSS), true);
        assertTrue(rec.recovery());
        assertTrue(rec.check(rec.limit() + 1).single().contains("(RFC 5681 §3.2, RFC 9438)"));
        assertTrue(rec.check(rec.limit()).isEmpty());
    }

    // RFC 5681 §4.1 and RFC 2861 §3 at their edges: an idle period of exactly one RTO, or any idle period with no RTO
    // known, restarts nothing; RFC 2861 raises ssthresh to at least three quarters of cwnd (rounded up), and a long
    // idle period decays cwnd to RW without the shift wrapping.
    @Test
    void idleRestartAtItsEdges() {
        CongestionBounds b = bound(Rules.linux(), 50 * SMSS + 1, 2 * SMSS);
        assertEquals(b, b.onIdle(RTO, RTO), "exactly one RTO is not longer than the RTO");
        assertEquals(b, b.onIdle(10 * RTO, 0), "no RTO: no restart");
        CongestionBounds once = b.onIdle(RTO + 1, RTO);
        assertEquals((50 * SMSS + 1) / 2, once.cwnd());
        assertEquals(37_501, once.ssthresh(), "3/4 of 50001, rounded up");
        assertEquals(10 * SMSS, b.onIdle(65 * RTO, RTO).cwnd(), "64 halvings");
        assertEquals(10 * SMSS, b.onIdle(200 * RTO, RTO).cwnd());
        CongestionBounds huge = bound(Rules.linux(), CongestionBounds.UNBOUNDED, 2 * SMSS);
        assertEquals(CongestionBounds.UNBOUNDED >> 20, huge.onIdle(21 * RTO, RTO).cwnd(), "20 halvings");
        assertEquals(10 * SMSS, huge.onIdle(41 * RTO, RTO).cwnd(), "40 halvings: below RW");
    }

    /** A sender's congestion control, driven by the same events as the bound, in octets. */
    abstract static class Sender {
        long cwnd;
        long ssthresh = CongestionBounds.UNBOUNDED;
        int dup;
        boolean rec;
        boolean backedOff;
        long una;
        long nxt;
        long recover;

        long limit() {
            return !rec && dup > 0 ? cwnd + Math.min(dup, 2) * (long) SMSS : cwnd;
        }

        abstract void newAck(long n);

        abstract void loss();

        abstract void timeout();

        abstract void idle(long ms);
    }

    /** RFC 5681 with RFC 6582 NewReno and RFC 3042, as written. */
    static class NewReno extends Sender {
        NewReno() {
            cwnd = InitialWindow.RFC5681.octets(SMSS);
        }

        void newAck(long n) {
            if (rec) {
                if (una > recover) {
                    cwnd = Math.min(ssthresh, Math.max(nxt - una, SMSS) + SMSS);
                    rec = false;
                } else {
                    cwnd = Math.max(SMSS, cwnd - n + (n >= SMSS ? SMSS : 0));
                }
            } else if (cwnd < ssthresh) {
                cwnd += Math.min(n, SMSS);
            } else {
                cwnd += Math.max(1, (long) SMSS * SMSS / cwnd);
            }
            dup = 0;
            backedOff = false;
        }

        void loss() {
            if (rec) {
                cwnd += SMSS;
            } else if (dup == 3) {
                ssthresh = Math.max((nxt - una) / 2, 2L * SMSS);
                cwnd = ssthresh + 3L * SMSS;
                rec = true;
                recover = nxt - 1; // RFC 6582 §3.2 step 2: the highest sequence number transmitted
            }
        }

        void timeout() {
            if (!backedOff) {
                ssthresh = Math.max((nxt - una) / 2, 2L * SMSS);
            }
            cwnd = SMSS;
            rec = false;
            dup = 0;
            backedOff = true;
        }

        void idle(long ms) {
            if (ms > RTO) {
                cwnd = Math.min(cwnd, InitialWindow.RFC5681.octets(SMSS));
            }
        }
    }

    /** The most CUBIC and Linux take: 10 segments, slow start by all octets, half per octet, 0.7, RFC 2861. */
    static class CubicLike extends Sender {
        CubicLike() {
            cwnd = 10L * SMSS;
        }

        void newAck(long n) {
            if (rec) {
                if (una > recover) {
                    rec = false;
                }
                cwnd = ssthresh;
            } else if (cwnd < ssthresh) {
                cwnd = cwnd + n;
            } else {
                cwnd += n / 2;
            }
            dup = 0;
            backedOff = false;
        }

        void loss() {
            if (!rec && dup == 3) {
                ssthresh = Math.max(cwnd * 7 / 10, 2L * SMSS);
                cwnd = ssthresh;
                rec = true;
                recover = nxt - 1; // RFC 6582 §3.2 step 2: the highest sequence number transmitted
            }
        }

        void timeout() {
            if (!backedOff) {
                ssthresh = Math.max(cwnd * 7 / 10, 2L * SMSS);
            }
            cwnd = SMSS;
            rec = false;
            dup = 0;
            backedOff = true;
        }

        void idle(long ms) {
            if (ms > RTO) {
                ssthresh = Math.max(ssthresh, cwnd * 3 / 4);
                long rw = Math.min(10L * SMSS, cwnd);
                for (long d = ms - RTO; d > 0 && cwnd > rw; d -= RTO) {
                    cwnd >>= 1;
                }
                cwnd = Math.max(cwnd, rw);
            }
        }
    }

    /** Runs {@code steps} random events; returns the first violation, or null. */
    static String run(Sender s, Rules rules, long seed, int steps) {
        Random r = new Random(seed);
        CongestionBounds b = CongestionBounds.initial(rules, SMSS, ISS, false);
        long segments = 0;
        for (int i = 0; i < steps; i++) {
            // Send new data while the sender's own limit allows a full segment.
            while (s.nxt - s.una + SMSS <= s.limit()) {
                s.nxt += SMSS;
                segments++;
                var v = b.check(s.nxt - s.una);
                if (!v.isEmpty()) {
                    return "seed " + seed + " step " + i + ": " + v.head();
                }
            }
            long outstanding = s.nxt - s.una;
            int e = r.nextInt(10);
            if (outstanding == 0) {
                long idle = r.nextInt(5) * RTO / 2 + r.nextInt(3);
                s.idle(idle);
                b = b.onIdle(idle, RTO);
            } else if (e < 6) {
                long n = Math.min(outstanding, (1 + r.nextInt(3)) * (long) SMSS);
                s.una += n;
                s.newAck(n);
                b = b.onAck(ISS.plus(s.una), ISS.plus(s.nxt), false);
            } else if (e < 9) {
                s.dup++;
                s.loss();
                b = b.onAck(ISS.plus(s.una), ISS.plus(s.nxt), true);
            } else {
                s.timeout();
                b = b.onTimeout(ISS.plus(s.nxt));
                // What was outstanding is sent again from SND.UNA (RFC 5681 §3.1, RFC 6298 §5.4) and all of it is
                // acknowledged before new data goes out.
                s.una += outstanding;
                s.newAck(outstanding);
                b = b.onAck(ISS.plus(s.una), ISS.plus(s.nxt), false);
            }
        }
        assertTrue(segments > steps / 2, "the run sent data: " + segments);
        return null;
    }

    @Test
    void newRenoStaysWithinTheBound() {
        for (long seed = 0; seed < 300; seed++) {
            String v = run(new NewReno(), Rules.rfc5681(), seed, 400);
            assertEquals(null, v);
        }
    }

    @Test
    void aCubicLikeSenderStaysWithinTheWidestBound() {
        for (long seed = 0; seed < 300; seed++) {
            assertEquals(null, run(new CubicLike(), Rules.linux(), seed, 400));
        }
    }

    // Senders that break one rule each are caught on most random streams.
    @Test
    void sendersThatBreakARuleAreCaught() {
        int noReduction = 0;
        int doubling = 0;
        int bigIw = 0;
        for (long seed = 0; seed < 100; seed++) {
            Sender ignoresLoss = new CubicLike() {
                @Override
                void loss() {
                }
            };
            noReduction += run(ignoresLoss, Rules.linux(), seed, 400) == null ? 0 : 1;
            Sender doubles = new NewReno() {
                @Override
                void newAck(long n) {
                    cwnd += 2 * n;
                }
            };
            doubling += run(doubles, Rules.widest(), seed, 400) == null ? 0 : 1;
            Sender twenty = new NewReno();
            twenty.cwnd = 20L * SMSS;
            bigIw += run(twenty, Rules.widest(), seed, 400) == null ? 0 : 1;
        }
        assertTrue(noReduction > 90, "no reduction on loss caught " + noReduction);
        assertTrue(doubling > 90, "slow start doubling per ACK caught " + doubling);
        assertEquals(100, bigIw, "an initial window of 20 segments caught");
    }

    // Linux counts SACKed segments as delivered and grows cwnd by them (SlowStart.ACKED); RFC 5681 does not.
    @Test
    void sackedOctetsGrowTheBoundOnlyWhereEveryDeliveredOctetCounts() {
        CongestionBounds linux = CongestionBounds.initial(Rules.linux(), SMSS, ISS, false);
        assertEquals(linux.cwnd() + 2L * SMSS, linux.onSacked(2L * SMSS).cwnd(), "slow start: every octet");
        assertEquals(linux, linux.onSacked(0));
        CongestionBounds rfc = CongestionBounds.initial(Rules.rfc5681(), SMSS, ISS, false);
        assertEquals(rfc, rfc.onSacked(2L * SMSS));
        CongestionBounds recovering = linux;
        for (int i = 0; i < CongestionBounds.DUP_THRESH; i++) {
            recovering = recovering.onAck(ISS, ISS.plus(10L * SMSS), true);
        }
        assertTrue(recovering.recovery());
        assertEquals(recovering, recovering.onSacked(SMSS), "not in recovery");
        CongestionBounds avoiding = new CongestionBounds(Rules.linux(), SMSS, 20L * SMSS, 10L * SMSS, ISS, 0, false,
                ISS, false, new CongestionBounds.Prior(20L * SMSS, 10L * SMSS));
        assertEquals(20L * SMSS + SMSS / 2, avoiding.onSacked(SMSS).cwnd(), "congestion avoidance: half per octet");
        assertEquals(avoiding.ssthresh(), avoiding.onSacked(SMSS).ssthresh());
        assertEquals(avoiding, avoiding.onSacked(0), "nothing SACKed, no growth in congestion avoidance either");
        CongestionBounds justAbove = new CongestionBounds(Rules.linux(), SMSS, 11L * SMSS, 10L * SMSS, ISS, 0, false,
                ISS, false, new CongestionBounds.Prior(11L * SMSS, 10L * SMSS));
        assertEquals(15L * SMSS, justAbove.onSacked(5L * SMSS).cwnd(), "never below ssthresh plus a slow-start step");
    }
}
