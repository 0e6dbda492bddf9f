package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The capture point's bound per endpoint: twice the largest recent round trip, within its floor and ceiling. */
class CapturePointTest {

    static final long MS = 1_000_000L;

    // Before any round trip is seen, the bound is the default; each endpoint has its own.
    @Test
    void eachEndpointHasItsOwnBoundFromItsOwnRoundTrips() {
        CapturePoint c = new CapturePoint();
        assertFalse(c.known(0));
        assertEquals(CapturePoint.UNKNOWN, c.bound(0));
        c.sample(0, 30 * MS);
        c.sample(0, 10 * MS);
        assertTrue(c.known(0));
        assertEquals(60 * MS, c.bound(0));
        assertEquals(CapturePoint.UNKNOWN, c.bound(1));
        assertEquals(CapturePoint.UNKNOWN, c.bound());
        c.sample(1, 1 * MS);
        assertEquals(CapturePoint.FLOOR, c.bound(1));
        assertEquals(60 * MS, c.bound());
    }

    // The bound follows queueing: a long round trip stops counting once WINDOW newer ones were seen.
    @Test
    void theBoundVariesWithTime() {
        CapturePoint c = new CapturePoint();
        c.sample(0, 400 * MS);
        for (int i = 0; i < CapturePoint.WINDOW - 1; i++) {
            c.sample(0, 20 * MS);
        }
        assertEquals(800 * MS, c.bound(0));
        c.sample(0, 20 * MS);
        assertEquals(40 * MS, c.bound(0));
        c.sample(0, 5_000 * MS);
        assertEquals(CapturePoint.CEILING, c.bound(0));
        c.sample(0, -1);
        assertEquals(CapturePoint.CEILING, c.bound(0));
    }
}
