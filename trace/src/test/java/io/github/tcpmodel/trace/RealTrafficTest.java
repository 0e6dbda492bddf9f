package io.github.tcpmodel.trace;

import static io.github.tcpmodel.trace.SyntheticCapture.ACK;
import static io.github.tcpmodel.trace.SyntheticCapture.FIN;
import static io.github.tcpmodel.trace.SyntheticCapture.PSH;
import static io.github.tcpmodel.trace.SyntheticCapture.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** What real captures bring that a clean one does not: IPv6, offloads, duplicates, clocks, incarnations, timers. */
class RealTrafficTest {

    static final SyntheticCapture.Host C = TraceCheckerTest.C;
    static final SyntheticCapture.Host S = TraceCheckerTest.S;
    static final long S_NS = 1_000_000_000L;

    static TraceReport report(SyntheticCapture t, Profile p, TraceChecker.Until until) {
        CheckResult r = TraceChecker.check(new ByteArrayInputStream(t.bytes()), "test", p, Limits.defaults(), until);
        return assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report();
    }

    static TraceReport report(SyntheticCapture t, Profile p) {
        return report(t, p, TraceChecker.Until.LAST_FRAME);
    }

    @Test
    void anIpv6ConnectionIsCheckedLikeAnIpv4One() {
        TraceReport r = report(TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory().ipv6()),
                Profile.linux());
        assertEquals(1, r.connectionCount());
        assertEquals(11, r.segments());
        assertEquals(11, r.notes().ipv6Segments());
        assertTrue(r.conforms(), Renderer.table(r));
        ConnectionReport c = r.connections().get(0);
        assertEquals("[fd00::a00:1]:40000", c.endpoints().get(0).address());
        assertEquals("[fd00::a00:2]:80", c.endpoints().get(1).address());
        assertEquals(TcpState.TIME_WAIT, c.endpoints().get(0).finalState());
        assertEquals(TcpState.CLOSED, c.endpoints().get(1).finalState());
    }

    /** A handshake without MSS options, then one data segment of {@code len} octets. */
    static SyntheticCapture noMssOption(SyntheticCapture t, int len) {
        return t.seg(C, S, 1000, 0, SYN, 0, 64_000, TcpOptions.NONE).after(1)
                .seg(S, C, 5000, 1001, SYN | ACK, 0, 64_000, TcpOptions.NONE).after(1)
                .seg(C, S, 1001, 5001, ACK, 0).after(1)
                .seg(C, S, 1001, 5001, ACK | PSH, len).after(1)
                .seg(S, C, 5001, 1001 + len, ACK, 0);
    }

    @Test
    void withoutAnMssOptionIpv6Assumes1220AndIpv4536() {
        // RFC 9293 §3.7.1 (MUST-15): 1220 octets fit the IPv6 default, not the IPv4 one.
        TraceReport v6 = report(noMssOption(SyntheticCapture.inMemory().ipv6(), 1220), Profile.rfc9293());
        assertEquals(0, v6.notes().superSegments(), Renderer.table(v6));
        TraceReport v6over = report(noMssOption(SyntheticCapture.inMemory().ipv6(), 1221), Profile.rfc9293());
        assertEquals(1, v6over.notes().superSegments());
        TraceReport v4 = report(noMssOption(SyntheticCapture.inMemory(), 1220), Profile.rfc9293());
        assertEquals(1, v4.notes().superSegments());
        TraceReport v4in = report(noMssOption(SyntheticCapture.inMemory(), 536), Profile.rfc9293());
        assertEquals(0, v4in.notes().superSegments());
    }

    @Test
    void superSegmentsAreACapturePropertyNotAViolation() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1000).after(1).synAck(S, C, 5000, 1001).after(1)
                .seg(C, S, 1001, 5001, ACK, 0).after(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 4380).after(1)
                .seg(S, C, 5001, 5381, ACK, 0);
        TraceReport r = report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertEquals(1, r.notes().superSegments());
        assertEquals(4380, r.notes().largestSuperSegment());
        assertTrue(Renderer.table(r).contains("super-segments larger than the MSS"), Renderer.table(r));
    }

    @Test
    void aSegmentCapturedTwiceIsMergedAndCounted() {
        SyntheticCapture t = SyntheticCapture.inMemory();
        t.syn(C, S, 1000).again(20).after(1).synAck(S, C, 5000, 1001).again(20).after(1)
                .seg(C, S, 1001, 5001, ACK, 0).again(20).after(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100).again(20).after(1)
                .seg(S, C, 5001, 1101, ACK, 0).again(20);
        TraceReport r = report(t, Profile.linux());
        assertEquals(5, r.notes().duplicates());
        assertEquals(5, r.segments());
        assertTrue(r.conforms(), Renderer.table(r));
        assertFalse(Renderer.table(r).contains("retransmission"), Renderer.table(r));
    }

    @Test
    void aRetransmissionAfterATimeoutIsNotADuplicate() {
        SyntheticCapture t = SyntheticCapture.inMemory();
        t.syn(C, S, 1000).again(1_000_000).after(1).synAck(S, C, 5000, 1001).after(1)
                .seg(C, S, 1001, 5001, ACK, 0);
        TraceReport r = report(t, Profile.linux());
        assertEquals(0, r.notes().duplicates());
        assertEquals(4, r.segments());
    }

    @Test
    void timestampsGoingBackwardsAreReportedWithTheirFrames() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1000).after(5).synAck(S, C, 5000, 1001).back(3)
                .seg(C, S, 1001, 5001, ACK, 0);
        TraceReport r = report(t, Profile.linux());
        assertEquals(1, r.notes().backwards());
        assertEquals(List.of("frame 3 is 0.002990 s before frame 2"), r.notes().backwardFrames());
        assertTrue(Renderer.table(r).contains("timestamps go backwards; the file order is kept"));
        assertTrue(r.conforms(), Renderer.table(r));
    }

    @Test
    void aNewSynAfterTimeWaitStartsANewConnection() {
        SyntheticCapture t = TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()).after(1000);
        t.syn(C, S, 900_000).after(1).synAck(S, C, 70_000, 900_001).after(1).seg(C, S, 900_001, 70_001, ACK, 0);
        TraceReport r = report(t, Profile.linux());
        assertEquals(2, r.connectionCount());
        assertTrue(r.conforms(), Renderer.table(r));
        assertEquals(11, r.connections().get(0).segmentCount());
        assertEquals(TcpState.TIME_WAIT, r.connections().get(0).endpoints().get(0).finalState());
        ConnectionReport second = r.connections().get(1);
        assertEquals(3, second.segmentCount());
        assertEquals(TcpState.ESTABLISHED, second.endpoints().get(0).finalState());
        assertEquals(TcpState.ESTABLISHED, second.endpoints().get(1).finalState());
    }

    @Test
    void aRetransmittedSynStaysInItsConnection() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1000).after(1000).syn(C, S, 1000).after(1)
                .synAck(S, C, 5000, 1001).after(1).seg(C, S, 1001, 5001, ACK, 0);
        TraceReport r = report(t, Profile.linux());
        assertEquals(1, r.connectionCount());
        assertTrue(r.conforms(), Renderer.table(r));
    }

    @Test
    void statesAfterTheLastFrameFollowTheProfilesTimers() {
        SyntheticCapture t = TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory());
        TraceReport r = report(t, Profile.linux());
        EndpointReport client = r.connections().get(0).endpoints().get(0);
        assertEquals(TcpState.TIME_WAIT, client.finalState());
        assertEquals(1, client.projected().size());
        assertEquals(TcpState.CLOSED, client.projected().get(0).state());
        // The linux profile's TIME-WAIT lasts 60 s from the arrival of the peer's FIN, frame 10, 1.01 ms before
        // the last frame.
        long fin = r.connections().get(0).segments().get(9).timeNanos();
        assertEquals(r.lastTime() - 1_010_000, fin);
        // The model's clock counts milliseconds.
        long finMs = fin / 1_000_000 * 1_000_000;
        assertEquals(finMs + 60 * S_NS, client.projected().get(0).timeNanos());
        assertTrue(Renderer.table(r).contains("TIME-WAIT, CLOSED at +60.0 s (TIME-WAIT timeout)"),
                Renderer.table(r));
        TraceReport rfc = report(TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()), Profile.rfc9293());
        assertEquals(finMs + 240 * S_NS, rfc.connections().get(0).endpoints().get(0).projected().get(0).timeNanos());
    }

    @Test
    void untilAdvancesTheClockAfterTheLastFrame() {
        TraceReport before = report(TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()), Profile.linux(),
                TraceChecker.Until.afterLastFrame(59 * S_NS));
        assertEquals(TcpState.TIME_WAIT, before.connections().get(0).endpoints().get(0).finalState());
        TraceReport after = report(TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()), Profile.linux(),
                TraceChecker.Until.afterLastFrame(61 * S_NS));
        EndpointReport client = after.connections().get(0).endpoints().get(0);
        assertEquals(TcpState.CLOSED, client.finalState());
        assertTrue(client.projected().isEmpty());
        assertEquals(TcpState.CLOSED, client.states().last().state());
        assertEquals(after.lastTime() + 61 * S_NS, after.endTime());
        TraceReport absolute = report(TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()),
                Profile.linux(), TraceChecker.Until.at(after.lastTime() + 61 * S_NS));
        assertEquals(TcpState.CLOSED, absolute.connections().get(0).endpoints().get(0).finalState());
    }

    @Test
    void anUnansweredSynIsGivenUpByTheProfilesRetries() {
        TraceReport r = report(SyntheticCapture.inMemory().syn(C, S, 1000), Profile.linux());
        EndpointReport client = r.connections().get(0).endpoints().get(0);
        assertEquals(TcpState.SYN_SENT, client.finalState());
        assertEquals(TcpState.CLOSED, client.projected().last().state());
        assertTrue(client.projected().last().timeNanos() > r.lastTime());
    }

    @Test
    void certainViolationsAreListedFirst() {
        List<Violation> vs = List.of(new Violation(1, "a", "x", Violation.Certainty.TIMING),
                new Violation(2, "a", "y", Violation.Certainty.WIRE),
                new Violation(3, "a", "z", Violation.Certainty.TIMING));
        assertEquals(List.of(2L, 1L, 3L), Renderer.ordered(vs).map(Violation::frame));
    }

    @Test
    void aViolationWithNothingInFlightIsCertain() {
        // Data from SYN-SENT, before any answer: nothing was in flight to the client.
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1000).after(1)
                .seg(C, S, 1001, 0, PSH, 10);
        TraceReport r = report(t, Profile.rfc9293());
        assertFalse(r.conforms());
        assertTrue(r.connections().get(0).violations().forAll(v -> v.certainty() == Violation.Certainty.WIRE));
        assertTrue(Renderer.json(r).contains("\"certainty\":\"wire\""));
    }

    @Test
    void theJsonCarriesTheCaptureNotesAndProjections() {
        SyntheticCapture t = TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory().ipv6());
        String j = Renderer.json(report(t, Profile.linux()));
        assertTrue(j.contains("\"ipv6_segments\":11"), j);
        assertTrue(j.contains("\"projected\":[{\"state\":\"CLOSED\""), j);
        assertTrue(j.contains("\"cause\":\"TIME-WAIT timeout\""), j);
    }

    @Test
    void aFinishedConnectionKeepsItsFinDirection() {
        // The incarnation rule leaves a FIN's receiver alone: only a SYN from a closed sender starts anew.
        SyntheticCapture t = TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()).after(10)
                .seg(S, C, 5201, 1102, FIN | ACK, 0);
        TraceReport r = report(t, Profile.linux());
        assertEquals(1, r.connectionCount());
    }

    @Test
    void connectionsClosedOutForMemoryAreSaidSo() {
        SyntheticCapture.Host c2 = new SyntheticCapture.Host("10.0.0.3", 40001);
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1000).after(1).syn(c2, S, 2000).after(1)
                .synAck(S, C, 5000, 1001);
        CheckResult r = TraceChecker.check(new ByteArrayInputStream(t.bytes()), "test", Profile.linux(),
                new Limits(10, 1, 100, 100, 100), TraceChecker.Until.LAST_FRAME);
        TraceReport report = assertInstanceOf(CheckResult.Checked.class, r).report();
        assertEquals(2, report.notes().closedOut());
        assertEquals(3, report.connectionCount());
        assertTrue(Renderer.table(report).contains("2 idle connections closed out before their end"),
                Renderer.table(report));
    }
}
