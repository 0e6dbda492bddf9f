package io.github.tcpmodel.seq;

import io.vavr.control.Either;

/**
 * A TCP sequence number: an unsigned 32-bit value whose arithmetic is modulo 2^32 (RFC 9293 §3.4: "all arithmetic
 * dealing with sequence numbers must be performed modulo 2**32").
 *
 * <p>Order. Sequence space is a circle, so "less than" only means something for numbers less than half the circle
 * apart. This class follows RFC 1982 §3.2: {@code a < b} holds when {@code b - a} (mod 2^32) lies in
 * {@code (0, 2^31)}. At a distance of exactly 2^31 the order is undefined (RFC9293-CHOICE), and here neither
 * {@code a.lt(b)} nor {@code b.lt(a)} holds (nor {@code le}, since the two are not equal): the two numbers are
 * incomparable, so every RFC test that needs an order between them fails and a segment at that distance is never
 * acceptable. (Linux's
 * {@code before()} instead makes each less than the other at that distance; RFC 9293 does not say.) Window tests
 * ({@link #inWindow}) measure the unsigned offset from the window's left edge and are defined at every distance.
 *
 * @param value the number, in {@code [0, 2^32)}
 */
public record SeqNum(long value) {

    /** 2^32, the size of sequence space. */
    public static final long MODULUS = 1L << 32;
    /** 2^31, half of sequence space: the distance at which the order is undefined. */
    public static final long HALF = 1L << 31;
    /** Sequence number zero, used in {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>} (§3.10.7.1). */
    public static final SeqNum ZERO = new SeqNum(0);

    public SeqNum {
        if (value < 0 || value >= MODULUS) {
            throw new IllegalArgumentException("sequence number out of range [0, 2^32): " + value);
        }
    }

    /** The number {@code value}, which must lie in {@code [0, 2^32)}. */
    public static SeqNum of(long value) {
        return new SeqNum(value);
    }

    /** The number {@code value} reduced modulo 2^32 (any long, including negative ones). */
    public static SeqNum wrap(long value) {
        // Reduction modulo 2^32 of a two's-complement long is its low 32 bits (Math.floorMod's result, without the
        // division).
        return new SeqNum(value & (MODULUS - 1));
    }

    /** The number {@code value}, or an error message when it does not fit 32 bits unsigned. */
    public static Either<String, SeqNum> parse(long value) {
        return value < 0 || value >= MODULUS
                ? Either.left("sequence number out of range [0, 2^32): " + value)
                : Either.right(new SeqNum(value));
    }

    /** {@code this + n} modulo 2^32 ({@code n} may be negative). */
    public SeqNum plus(long n) {
        return n == 0 ? this : wrap(value + n);
    }

    /** {@code this - n} modulo 2^32. */
    public SeqNum minus(long n) {
        return n == 0 ? this : wrap(value - n);
    }

    /** The unsigned distance from {@code base} forward to this number: {@code (this - base) mod 2^32}. */
    public long offsetFrom(SeqNum base) {
        return (value - base.value) & (MODULUS - 1);
    }

    /**
     * The signed distance from {@code base} to this number, in {@code [-2^31, 2^31)}: positive when this number is
     * after {@code base}. At exactly 2^31 the result is {@code -2^31}; use {@link #lt} for comparisons.
     */
    public long distanceFrom(SeqNum base) {
        return (int) (value - base.value);
    }

    /** RFC {@code this < other} (RFC 1982 §3.2; false at a distance of exactly 2^31). */
    public boolean lt(SeqNum other) {
        long d = other.offsetFrom(this);
        return d > 0 && d < HALF;
    }

    /** RFC {@code this =< other}: equal, or {@link #lt}. */
    public boolean le(SeqNum other) {
        return other.offsetFrom(this) < HALF;
    }

    /** RFC {@code this > other}. */
    public boolean gt(SeqNum other) {
        return other.lt(this);
    }

    /** RFC {@code this >= other}. */
    public boolean ge(SeqNum other) {
        return other.le(this);
    }

    /**
     * Whether {@code left =< this < left + size} in sequence space: the window test of RFC 9293 §3.10.7.4
     * (Table 6). An empty window ({@code size = 0}) contains nothing.
     */
    public boolean inWindow(SeqNum left, long size) {
        if (size < 0 || size > MODULUS) {
            throw new IllegalArgumentException("window size out of range [0, 2^32]: " + size);
        }
        return offsetFrom(left) < size;
    }

    /** The later of the two by {@link #lt} (this one if they are equal or incomparable). */
    public SeqNum max(SeqNum other) {
        return lt(other) ? other : this;
    }

    /** Equal when the values are; the record's equality, spelled out so that the hot comparisons need no indy. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof SeqNum s && s.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
