package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.seq.SeqNum;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 9293 §3.4.1: the ISN clock (MUST-8) and the per-tuple pseudorandom component (SHLD-1, RFC 6528). */
class IsnClockTest {

    static final long SLACK = 50;

    /** RFC 6528 §3: ISN = M + F(4-tuple, secretkey), M a clock of {@code clock}, F the first 4 octets of SHA-256. */
    static SeqNum rfc6528(IsnClock clock, String tuple, long micros) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((tuple + "|secret").getBytes(StandardCharsets.UTF_8));
            long f = ByteBuffer.wrap(h).getInt() & 0xFFFF_FFFFL;
            return SeqNum.wrap(clock.advance(micros) + f);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // MUST-8: "A TCP implementation MUST use the above type of "clock" for clock-driven selection of initial sequence
    // numbers": two ISNs of one 4-tuple differ by the clock's advance, across the wrap of 2^32 too.
    @Test
    void isnsOfOneTupleFollowTheClock() {
        for (IsnClock clock : new IsnClock[] {IsnClock.RFC9293, IsnClock.LINUX}) {
            long t1 = 1_000_000;
            for (long dt : new long[] {0, 4, 1_000, 3_000_000, 20_000_000_000L}) {
                SeqNum a = rfc6528(clock, "10.0.0.1:40000>10.0.0.2:80", t1);
                SeqNum b = rfc6528(clock, "10.0.0.1:40000>10.0.0.2:80", t1 + dt);
                assertTrue(clock.sameTupleAllowed(a, t1, b, t1 + dt, SLACK), clock + " " + dt);
                assertFalse(clock.sameTupleAllowed(a, t1, b.plus(clock.advance(SLACK) + 2), t1 + dt, SLACK),
                        clock + " " + dt + ": off the line");
            }
        }
        assertEquals(250_000, IsnClock.RFC9293.advance(1_000_000));
        assertEquals(0, IsnClock.RFC9293.advance(17_179_869_184L), "2^32 ticks of 4 microseconds wrap to 0");
        assertEquals(15_625, IsnClock.LINUX.advance(1_000), "one tick per 64 ns");
    }

    // A generator without a clock (random ISNs) or with a stopped one is not what MUST-8 asks for.
    @Test
    void aRandomOrStoppedGeneratorIsCaught() {
        Random r = new Random(7);
        int onLine = 0;
        for (int i = 0; i < 1000; i++) {
            SeqNum a = SeqNum.wrap(r.nextInt() & 0xFFFF_FFFFL);
            SeqNum b = SeqNum.wrap(r.nextInt() & 0xFFFF_FFFFL);
            onLine += IsnClock.RFC9293.sameTupleAllowed(a, 0, b, 1_000_000, SLACK) ? 1 : 0;
        }
        assertTrue(onLine <= 1, "random ISNs lie on the clock line by chance only: " + onLine);
        SeqNum fixed = SeqNum.of(12345);
        assertFalse(IsnClock.RFC9293.sameTupleAllowed(fixed, 0, fixed, 1_000_000, SLACK), "a stopped clock");
        assertThrows(IllegalArgumentException.class, () -> new IsnClock(1000), "slower than 4 microseconds");
        assertThrows(IllegalArgumentException.class,
                () -> IsnClock.RFC9293.sameTupleAllowed(fixed, 10, fixed, 0, SLACK));
    }

    // The clock line at its edges: the slowest clock RFC 9293 allows is allowed; the same instant and a slack of 0
    // are allowed; an ISN off the line by the slack's advance plus one tick, on either side, is on it, and by one
    // more tick is not.
    @Test
    void theClockLineAtItsEdges() {
        assertEquals(IsnClock.SLOWEST, new IsnClock(IsnClock.SLOWEST).ticksPerSecond());
        assertThrows(IllegalArgumentException.class, () -> new IsnClock(IsnClock.SLOWEST - 1));
        SeqNum a = SeqNum.of(4_294_967_000L);
        IsnClock c = IsnClock.RFC9293;
        assertTrue(c.sameTupleAllowed(a, 500, a, 500, 0), "the same instant, no slack");
        long step = c.advance(1_000_000);
        long slack = c.advance(SLACK);
        assertTrue(c.sameTupleAllowed(a, 0, a.plus(step + slack + 1), 1_000_000, SLACK));
        assertFalse(c.sameTupleAllowed(a, 0, a.plus(step + slack + 2), 1_000_000, SLACK));
        assertTrue(c.sameTupleAllowed(a, 0, a.plus(step - slack - 1), 1_000_000, SLACK));
        assertFalse(c.sameTupleAllowed(a, 0, a.plus(step - slack - 2), 1_000_000, SLACK));
        assertTrue(c.sameTupleAllowed(a, 0, a.plus(step), 1_000_000, 0));
        assertFalse(c.sameTupleAllowed(a, 0, a.plus(step).plus(1L << 31), 1_000_000, SLACK), "half the space away");
    }

    // SHLD-1: with F, ISNs of different 4-tuples do not lie on one clock line; without it they do.
    @Test
    void aGeneratorWithoutAPerTupleComponentIsSuspect() {
        IsnClock clock = IsnClock.RFC9293;
        int suspect = 0;
        for (int port = 40000; port < 40200; port++) {
            SeqNum a = rfc6528(clock, "10.0.0.1:" + port + ">10.0.0.2:80", 5_000);
            SeqNum b = rfc6528(clock, "10.0.0.1:" + (port + 1) + ">10.0.0.2:80", 9_000);
            suspect += clock.prfSuspect(a, 5_000, b, 9_000, SLACK) ? 1 : 0;
        }
        assertTrue(suspect <= 1, "a keyed hash per tuple: " + suspect);
        SeqNum a = SeqNum.wrap(clock.advance(5_000) + 777);
        SeqNum b = SeqNum.wrap(clock.advance(9_000) + 777);
        assertTrue(clock.prfSuspect(a, 5_000, b, 9_000, SLACK), "the clock alone (RFC 793's generator)");
    }
}
