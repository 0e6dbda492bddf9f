package io.github.tcpmodel.engine.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. */
public final class Checksum {

    /**
     * Eight octets at a time in the machine's own order (little-endian on x86 and ARM): RFC 1071 §2 (B), the sum is
     * independent of byte order, so words summed swapped are swapped back once at the end.
     */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Checksum() {
    }

    /**
     * Adds the 16-bit big-endian words of {@code length} octets from {@code offset} to {@code initial}, padding an
     * odd last octet with zero. The result is unfolded; {@link #fold} reduces it to 16 bits.
     */
    public static int sum(byte[] b, int offset, int length, int initial) {
        // RFC 1071 §2 (B), (C): the sum may be accumulated in wider words and folded afterwards, since 2^16 = 1
        // modulo 2^16 - 1, and in either byte order, swapping the folded result. Sixteen octets a round, each eight
        // as two 32-bit halves into one of two 64-bit accumulators (no overflow below 2^31 octets), read
        // little-endian (the machine's order, no swap per word), then the rest as big-endian 16-bit words.
        long a0 = 0;
        long a1 = 0;
        int i = offset;
        int end = offset + length;
        for (int roundsEnd = offset + (length & ~15); i < roundsEnd; i += 16) {
            long v = (long) LONG.get(b, i);
            long w = (long) LONG.get(b, i + 8);
            a0 += (v >>> 32) + (v & 0xFFFFFFFFL);
            a1 += (w >>> 32) + (w & 0xFFFFFFFFL);
        }
        if (end - i >= 8) {
            long v = (long) LONG.get(b, i);
            a0 += (v >>> 32) + (v & 0xFFFFFFFFL);
            i += 8;
        }
        long swapped = a0 + a1;
        while ((swapped >>> 16) != 0) {
            swapped = (swapped & 0xFFFF) + (swapped >>> 16);
        }
        long s = (initial & 0xFFFFFFFFL) + ((swapped & 0xFF) << 8 | swapped >>> 8);
        for (int wordsEnd = offset + (length & ~1); i < wordsEnd; i += 2) {
            s += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            s += (b[end - 1] & 0xFF) << 8;
        }
        while ((s >>> 32) != 0) {
            s = (s & 0xFFFFFFFFL) + (s >>> 32);
        }
        return (int) s;
    }

    /**
     * Folds a sum to 16 bits and complements it. Over data that includes a correct checksum field this is 0.
     */
    public static int fold(int sum) {
        long s = sum & 0xFFFFFFFFL;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }
}
