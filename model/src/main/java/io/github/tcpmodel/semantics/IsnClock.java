package io.github.tcpmodel.semantics;

import io.github.tcpmodel.seq.SeqNum;
import java.math.BigInteger;

/**
 * The clock of initial sequence number selection (RFC 9293 §3.4.1, MUST-8, SHLD-1), as a check over the ISNs an
 * implementation chose: the model takes every ISN as an input ({@link UserCalls#open}, {@link Arrival#segmentArrives})
 * and this says whether a series of them can come from the generator §3.4.1 describes, "ISN = M + F(localip,
 * localport, remoteip, remoteport, secretkey) where M is the 4 microsecond timer, and F() is a pseudorandom function".
 *
 * <p>For one 4-tuple F is constant, so two ISNs of the same 4-tuple differ by the clock's advance between them (MUST-8:
 * "A TCP implementation MUST use the above type of "clock" for clock-driven selection of initial sequence numbers"):
 * {@link #sameTupleAllowed}. The clock "typically increments at least once every roughly 4 microseconds"; its rate
 * is the implementation's choice, at least 250,000 ticks a second (Linux's runs at one tick per 64 ns). Across
 * 4-tuples F differs (SHLD-1, RFC 6528): ISNs of two 4-tuples that lie on one clock line, as a generator without F
 * makes them, are flagged by {@link #prfSuspect}; a pseudorandom F puts them there by chance once in 2^32 / slack.
 *
 * @param ticksPerSecond the implementation's clock rate M
 */
public record IsnClock(long ticksPerSecond) {

    /** "at least once every roughly 4 microseconds": 250,000 ticks a second. */
    public static final long SLOWEST = 250_000;

    /** RFC 9293's 4-microsecond timer. */
    public static final IsnClock RFC9293 = new IsnClock(SLOWEST);

    /** Linux's clock: nanoseconds shifted right by 6, one tick per 64 ns. */
    public static final IsnClock LINUX = new IsnClock(15_625_000);

    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(32);

    public IsnClock {
        if (ticksPerSecond < SLOWEST) {
            throw new IllegalArgumentException("an ISN clock slower than one tick per 4 microseconds (§3.4.1): "
                    + ticksPerSecond);
        }
    }

    /** The clock's advance over {@code micros} microseconds, modulo 2^32. */
    public long advance(long micros) {
        return BigInteger.valueOf(micros).multiply(BigInteger.valueOf(ticksPerSecond)).divide(MILLION).mod(MODULUS)
                .longValue();
    }

    /**
     * MUST-8: whether {@code isn2}, chosen at {@code at2} microseconds for the same 4-tuple as {@code isn1} chosen at
     * {@code at1}, lies on the clock's line: {@code ISN2 - ISN1 = M(at2) - M(at1)} (mod 2^32) within the clock's
     * advance over {@code slackMicros} (the uncertainty of the times).
     */
    public boolean sameTupleAllowed(SeqNum isn1, long at1, SeqNum isn2, long at2, long slackMicros) {
        return onLine(isn1, at1, isn2, at2, slackMicros);
    }

    /**
     * SHLD-1: whether the ISNs of two different 4-tuples lie on one clock line, as they do when the generator has no
     * per-tuple component F (or a constant one).
     */
    public boolean prfSuspect(SeqNum isnA, long atA, SeqNum isnB, long atB, long slackMicros) {
        return onLine(isnA, atA, isnB, atB, slackMicros);
    }

    private boolean onLine(SeqNum isn1, long at1, SeqNum isn2, long at2, long slackMicros) {
        if (at2 < at1 || slackMicros < 0) {
            throw new IllegalArgumentException("times out of order or a negative slack");
        }
        long actual = isn2.offsetFrom(isn1);
        long expected = advance(at2 - at1);
        // The signed 32-bit distance from the line (RFC 1982 arithmetic): the low 32 bits, read as an int.
        long off = (int) (actual - expected);
        return Math.abs(off) <= advance(slackMicros) + 1;
    }
}
