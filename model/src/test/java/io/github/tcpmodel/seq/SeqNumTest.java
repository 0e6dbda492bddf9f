package io.github.tcpmodel.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeqNumTest {

    static final long MAX = SeqNum.MODULUS - 1;

    // C37: sequence numbers are 32 bits and wrap around after 2^32 - 1.
    @Test
    void arithmeticWrapsModulo2To32_c37() {
        assertEquals(SeqNum.ZERO, SeqNum.of(MAX).plus(1));
        assertEquals(SeqNum.of(MAX), SeqNum.ZERO.minus(1));
        assertEquals(SeqNum.of(4), SeqNum.of(MAX - 5).plus(10));
        assertEquals(SeqNum.of(MAX - 5), SeqNum.of(4).minus(10));
        assertEquals(SeqNum.of(7), SeqNum.wrap(SeqNum.MODULUS * 3 + 7));
        assertEquals(SeqNum.of(MAX), SeqNum.wrap(-1));
        assertEquals(10, SeqNum.of(4).offsetFrom(SeqNum.of(MAX - 5)));
    }

    @Test
    void comparisonsHoldAcrossTheWrap() {
        SeqNum a = SeqNum.of(MAX - 1);
        SeqNum b = SeqNum.of(3);
        assertTrue(a.lt(b));
        assertTrue(a.le(b));
        assertFalse(b.lt(a));
        assertTrue(b.gt(a));
        assertTrue(b.ge(a));
        assertTrue(a.le(a) && a.ge(a) && !a.lt(a));
        assertEquals(b, a.max(b));
    }

    @Test
    void atDistanceExactly2To31NeitherIsLess() {
        SeqNum a = SeqNum.of(17);
        SeqNum b = a.plus(SeqNum.HALF);
        assertFalse(a.lt(b));
        assertFalse(b.lt(a));
        assertFalse(a.le(b));
        assertFalse(b.le(a));
        assertTrue(a.lt(a.plus(SeqNum.HALF - 1)));
        assertTrue(a.plus(SeqNum.HALF + 1).lt(a));
    }

    @Test
    void ltIsAStrictOrderWithinHalfTheCircle() {
        Random r = new Random(9293);
        for (int i = 0; i < 20_000; i++) {
            SeqNum a = SeqNum.of(r.nextLong() & MAX);
            long d = 1 + (r.nextLong() & (SeqNum.HALF - 2));
            SeqNum b = a.plus(d);
            assertTrue(a.lt(b) && !b.lt(a), () -> a + " " + b);
            assertEquals(d, b.distanceFrom(a));
            assertEquals(-d, a.distanceFrom(b));
        }
    }

    @Test
    void windowTest() {
        SeqNum left = SeqNum.of(MAX - 2);
        assertTrue(left.inWindow(left, 1));
        assertTrue(SeqNum.of(1).inWindow(left, 5));
        assertFalse(SeqNum.of(2).inWindow(left, 5));
        assertFalse(left.minus(1).inWindow(left, 5));
        assertFalse(left.inWindow(left, 0));
        assertTrue(left.plus(SeqNum.HALF).inWindow(left, SeqNum.HALF + 1));
    }

    @Test
    void badValuesAreErrors() {
        assertTrue(SeqNum.parse(-1).isLeft());
        assertTrue(SeqNum.parse(SeqNum.MODULUS).isLeft());
        assertEquals(SeqNum.of(MAX), SeqNum.parse(MAX).get());
        assertThrows(IllegalArgumentException.class, () -> SeqNum.of(SeqNum.MODULUS));
    }
}
