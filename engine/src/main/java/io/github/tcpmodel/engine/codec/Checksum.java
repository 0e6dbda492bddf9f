package io.github.tcpmodel.engine.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. */
public final class Checksum {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /**
     * Adds the 16-bit big-endian words of {@code length} octets from {@code offset} to {@code initial}, padding an
     * odd last octet with zero. The result is unfolded; {@link #fold} reduces it to 16 bits.
     */
    public static int sum(byte[] b, int offset, int length, int initial) {
        // RFC 1071 §2 (B), (C): the sum may be accumulated in wider words and folded afterwards, since 2^16 = 1
        // modulo 2^16 - 1. Eight octets at a time, as two 32-bit halves, into a 64-bit accumulator (no overflow for
        // any IPv4 packet), then the remaining 16-bit words.
        long s = initial & 0xFFFFFFFFL;
        int i = offset;
        int wideEnd = offset + (length & ~7);
        for (; i < wideEnd; i += 8) {
            long v = (long) LONG.get(b, i);
            s += (v >>> 32) + (v & 0xFFFFFFFFL);
        }
        int end = offset + (length & ~1);
        for (; i < end; i += 2) {
            s += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            s += (b[offset + length - 1] & 0xFF) << 8;
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
