package io.github.tcpmodel.trace;

import static io.github.tcpmodel.trace.SyntheticCapture.ACK;
import static io.github.tcpmodel.trace.SyntheticCapture.FIN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tcpmodel.profile.Profile;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** When the checker closes a connection out, and what a later segment of its 4-tuple then is. */
class TraceStreamingTest {

    private static final SyntheticCapture.Host C = new SyntheticCapture.Host("10.0.0.1", 40000);
    private static final SyntheticCapture.Host S = new SyntheticCapture.Host("10.0.0.2", 80);

    private static TraceReport check(SyntheticCapture t, Limits limits) {
        CheckResult r = TraceChecker.check(new ByteArrayInputStream(t.bytes()), "t", Profile.linux(), limits);
        return ((CheckResult.Checked) r).report();
    }

    /** A handshake, a close by the client, the server's FIN, the last ACK; then the server's FIN again. */
    private static SyntheticCapture closedThenFinAgain(double gapMs) {
        SyntheticCapture t = SyntheticCapture.inMemory();
        t.syn(C, S, 100).synAck(S, C, 500, 101).seg(C, S, 101, 501, FIN | ACK, 0).seg(S, C, 501, 102, FIN | ACK, 0)
                .seg(C, S, 102, 502, ACK, 0);
        t.after(gapMs).seg(S, C, 501, 102, FIN | ACK, 0);
        return t;
    }

    // A listed connection is followed through its TIME-WAIT: the server's FIN sent again 2 s after the close (its
    // last ACK lost after the capture point) belongs to it.
    @Test
    void aListedConnectionKeepsItsTimeWait() {
        TraceReport r = check(closedThenFinAgain(2_000), Limits.defaults());
        assertEquals(1, r.connectionCount());
        assertEquals(6, r.connections().head().segmentCount());
    }

    // A connection beyond the listed ones, closed both ways, is let go once the crossing window has passed: the
    // same FIN 2 s later is the start of another connection; within the window it is still the same one.
    @Test
    void anUnlistedConnectionClosedBothWaysIsLetGo() {
        Limits none = new Limits(0, 100, 10, 10, 10);
        assertEquals(2, check(closedThenFinAgain(2_000), none).connectionCount());
        assertEquals(1, check(closedThenFinAgain(100), none).connectionCount());
    }

    // An open connection silent for longer than the idle bound (capture time) is closed out and noted; its next
    // segment starts a new connection.
    @Test
    void anIdleConnectionIsClosedOutAfterTheBound() {
        SyntheticCapture t = SyntheticCapture.inMemory();
        t.syn(C, S, 100).synAck(S, C, 500, 101).seg(C, S, 101, 501, ACK, 0);
        t.after(3 * 3600_000.0).seg(C, S, 101, 501, ACK, 10);
        TraceReport r = check(t, Limits.defaults());
        assertEquals(2, r.connectionCount());
        assertEquals(1, r.notes().closedOut());
        TraceReport kept = check(t, new Limits(5_000, 65_536, 1_000, 1_000, 100, 4 * 3600_000_000_000L));
        assertEquals(1, kept.connectionCount());
        assertEquals(0, kept.notes().closedOut());
    }

    // Beyond the live limit the least recently active connection is closed out, whichever the order of arrival.
    @Test
    void theLeastRecentlyActiveIsClosedOutBeyondTheLiveLimit() {
        SyntheticCapture.Host c2 = new SyntheticCapture.Host("10.0.0.3", 40001);
        SyntheticCapture.Host c3 = new SyntheticCapture.Host("10.0.0.4", 40002);
        SyntheticCapture t = SyntheticCapture.inMemory();
        t.syn(C, S, 100).synAck(S, C, 500, 101).seg(C, S, 101, 501, ACK, 0);
        t.syn(c2, S, 200).synAck(S, c2, 600, 201).seg(c2, S, 201, 601, ACK, 0);
        t.seg(C, S, 101, 501, ACK, 10);  // the first is now the more recent
        t.syn(c3, S, 300).synAck(S, c3, 700, 301).seg(c3, S, 301, 701, ACK, 0);  // the second is closed out
        t.seg(C, S, 111, 501, ACK, 10);
        t.seg(c2, S, 201, 601, ACK, 10);  // a new connection
        TraceReport r = check(t, new Limits(10, 2, 100, 100, 100));
        assertEquals(4, r.connectionCount());
        assertEquals(2, r.notes().closedOut());
        assertEquals(5, r.connections().find(c -> c.id() == 1).get().segmentCount());
    }
}
