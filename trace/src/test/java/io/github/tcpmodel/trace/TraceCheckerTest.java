package io.github.tcpmodel.trace;

import static io.github.tcpmodel.trace.SyntheticCapture.ACK;
import static io.github.tcpmodel.trace.SyntheticCapture.FIN;
import static io.github.tcpmodel.trace.SyntheticCapture.PSH;
import static io.github.tcpmodel.trace.SyntheticCapture.RST;
import static io.github.tcpmodel.trace.SyntheticCapture.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCheckerTest {

    static final SyntheticCapture.Host C = new SyntheticCapture.Host("10.0.0.1", 40000);
    static final SyntheticCapture.Host S = new SyntheticCapture.Host("10.0.0.2", 80);

    static CheckResult run(SyntheticCapture t, Profile p) {
        return TraceChecker.check(new ByteArrayInputStream(t.bytes()), "test", p, Limits.defaults());
    }

    static TraceReport report(SyntheticCapture t, Profile p) {
        CheckResult r = run(t, p);
        return assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report();
    }

    static List<TcpState> states(ConnectionReport c, int i) {
        return c.endpoints().get(i).states().map(StateEntry::state);
    }

    static List<TcpState> of(TcpState... s) {
        return List.of(s);
    }

    /** Handshake, data both ways; the client closes first. */
    static SyntheticCapture clientClosesFirst(SyntheticCapture t) {
        return t.syn(C, S, 1000).after(1).synAck(S, C, 5000, 1001).after(1)
                .seg(C, S, 1001, 5001, ACK, 0).after(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100).after(1)
                .seg(S, C, 5001, 1101, ACK, 0).after(1)
                .seg(S, C, 5001, 1101, ACK | PSH, 200).after(1)
                .seg(C, S, 1101, 5201, ACK, 0).after(1)
                .seg(C, S, 1101, 5201, FIN | ACK, 0).after(1)
                .seg(S, C, 5201, 1102, ACK, 0).after(1)
                .seg(S, C, 5201, 1102, FIN | ACK, 0).after(1)
                .seg(C, S, 1102, 5202, ACK, 0);
    }

    // ---- connection lifecycles

    @Test
    void activeCloseWalksBothEndpointsThroughTheRfcStates() {
        TraceReport r = report(clientClosesFirst(SyntheticCapture.inMemory()), Profile.rfc9293());
        assertEquals(1, r.connections().size());
        ConnectionReport c = r.connections().head();
        assertEquals(List.of(), c.violations());
        assertEquals("10.0.0.1:40000", c.endpoints().get(0).address());
        assertEquals(of(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2,
                TcpState.TIME_WAIT), states(c, 0));
        assertEquals(of(TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT,
                TcpState.LAST_ACK, TcpState.CLOSED), states(c, 1));
        assertEquals(TcpState.TIME_WAIT, c.endpoints().get(0).finalState());
        assertEquals(0, run(clientClosesFirst(SyntheticCapture.inMemory()), Profile.rfc9293()).exitCode());
    }

    @Test
    void stateEntriesNameTheFrameThatDroveThem() {
        ConnectionReport c = report(clientClosesFirst(SyntheticCapture.inMemory()), Profile.rfc9293()).connections().head();
        // Frame 2 is the SYN,ACK: the client is ESTABLISHED once it arrived, as its ACK in frame 3 shows.
        StateEntry est = c.endpoints().get(0).states().find(e -> e.state() == TcpState.ESTABLISHED).get();
        assertEquals(2, est.frame());
        StateEntry lastAck = c.endpoints().get(1).states().find(e -> e.state() == TcpState.LAST_ACK).get();
        assertEquals(10, lastAck.frame());
        StateEntry closed = c.endpoints().get(1).states().last();
        assertEquals(11, closed.frame());
        assertEquals(TcpState.CLOSED, c.segments().last().state1());
        assertEquals(TcpState.TIME_WAIT, c.segments().last().state0());
        assertTrue(c.segments().get(7).note().contains("CLOSE"), c.segments().get(7).note());
    }

    @Test
    void passiveCloseFirstAndHalfClose() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 7).after(1).synAck(S, C, 9, 8).after(1).seg(C, S, 8, 10, ACK, 0)
                .after(1).seg(S, C, 10, 8, FIN | ACK, 0).after(1).seg(C, S, 8, 11, ACK, 0).after(1)
                // half-closed: the client still sends, the server still acknowledges
                .seg(C, S, 8, 11, ACK | PSH, 50).after(1).seg(S, C, 11, 58, ACK, 0).after(5)
                .seg(C, S, 58, 11, FIN | ACK, 0).after(1).seg(S, C, 11, 59, ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertEquals(of(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK,
                TcpState.CLOSED), states(c, 0));
        assertEquals(of(TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.FIN_WAIT_2, TcpState.TIME_WAIT), states(c, 1));
    }

    @Test
    void refusedConnectionLeavesBothClosed() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 77).after(1).seg(S, C, 0, 78, RST | ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertEquals(of(TcpState.SYN_SENT, TcpState.CLOSED), states(c, 0));
        assertEquals(of(TcpState.CLOSED), states(c, 1));
        assertEquals(TcpState.CLOSED, c.endpoints().get(1).finalState());
    }

    @Test
    void resetOutOfTheBlueIsAnAbort() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1).synAck(S, C, 100, 2).after(1).seg(C, S, 2, 101, ACK, 0)
                .after(1).seg(C, S, 2, 101, RST | ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertEquals(TcpState.CLOSED, c.endpoints().get(0).finalState());
        assertEquals(TcpState.CLOSED, c.endpoints().get(1).finalState());
        assertTrue(c.segments().last().note().contains("ABORT"));
    }

    @Test
    void simultaneousCloseWhoseFinsCrossGoesThroughClosing() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1).synAck(S, C, 100, 2).after(1).seg(C, S, 2, 101, ACK, 0)
                .after(1).seg(C, S, 2, 101, FIN | ACK, 0).seg(S, C, 101, 2, FIN | ACK, 0).after(0.05)
                .seg(C, S, 3, 102, ACK, 0).seg(S, C, 102, 3, ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertEquals(of(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.CLOSING,
                TcpState.TIME_WAIT), states(c, 0));
        assertEquals(of(TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.CLOSING, TcpState.TIME_WAIT), states(c, 1));
    }

    // RFC 9293 Figure 7 (simultaneous open), line 6: a SYN,ACK <SEQ=300><ACK=101> arriving in SYN-RECEIVED with
    // RCV.NXT = 301 takes TCP A to ESTABLISHED, and Linux does the same; the text of §3.10.7.4 first (Table 6:
    // "RCV.NXT =< SEG.SEQ+SEG.LEN-1") finds it unacceptable. The linux profile's switch takes the figure's reading,
    // rfc9293 the text's (docs/segment-semantics.md).
    @Test
    void simultaneousOpen() {
        // RFC 9293 §3.5 Figure 7: the SYNs cross, then the SYN,ACKs; the client ACKs the server's SYN,ACK.
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).syn(S, C, 100).after(0.05).synAck(C, S, 1, 101)
                .synAck(S, C, 100, 2).after(0.05).seg(C, S, 2, 101, ACK, 0);
        // linux (Figure 7 line 6): each crossed SYN,ACK completes its receiver's handshake.
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertEquals(of(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED), states(c, 0));
        assertEquals(of(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED), states(c, 1));
        // rfc9293 (§3.10.7.4 first, Table 6): the crossed SYN,ACK is not acceptable, so it is ACKed and dropped;
        // the server is ESTABLISHED by the client's ACK, the client waits for the server's ACK, which is not shown.
        ConnectionReport r = report(t, Profile.rfc9293()).connections().head();
        assertEquals(List.of(), r.violations());
        assertEquals(of(TcpState.SYN_SENT, TcpState.SYN_RECEIVED), states(r, 0));
        assertEquals(of(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED), states(r, 1));
        assertTrue(r.segments().exists(s -> s.note().contains("Figure 7 line 6")), r.segments().toString());
    }

    // ---- timers from the timestamps

    @Test
    void timeWaitExpiresAfterTheProfilesLength() {
        SyntheticCapture.Host other = new SyntheticCapture.Host("10.0.0.3", 50000);
        SyntheticCapture t = clientClosesFirst(SyntheticCapture.inMemory()).after(70_000).syn(other, S, 5);
        ConnectionReport linux = report(t, Profile.linux()).connections().head();
        assertEquals(TcpState.CLOSED, linux.endpoints().get(0).finalState());
        StateEntry expiry = linux.endpoints().get(0).states().last();
        assertEquals("TIME-WAIT timeout", expiry.cause());
        StateEntry entered = linux.endpoints().get(0).states().get(linux.endpoints().get(0).states().size() - 2);
        assertEquals(60_000L, (expiry.timeNanos() - entered.timeNanos()) / 1_000_000L, 1.0);
        // RFC 9293 §3.10.8: 2 MSL = 4 minutes: still waiting after 70 s.
        ConnectionReport rfc = report(t, Profile.rfc9293()).connections().head();
        assertEquals(TcpState.TIME_WAIT, rfc.endpoints().get(0).finalState());
    }

    @Test
    void retransmissionIsNotedAsALossAndConforms() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1000).syn(C, S, 1).after(1).synAck(S, C, 100, 2).after(1)
                .seg(C, S, 2, 101, ACK | PSH, 10).after(200).seg(C, S, 2, 101, ACK | PSH, 10).after(1)
                .seg(S, C, 101, 12, ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertTrue(c.segments().get(1).note().contains("retransmission"), c.segments().get(1).note());
        assertTrue(c.segments().get(4).note().contains("retransmission"), c.segments().get(4).note());
        assertEquals(TcpState.ESTABLISHED, c.endpoints().get(1).finalState());
    }

    @Test
    void octetsMissingFromTheCaptureAreNotAViolationOnceTheSenderConfirmsThem() {
        // Frames with octets [102, 302) of the client were dropped by the capture, not by the network.
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1).synAck(S, C, 100, 2).after(1).seg(C, S, 2, 101, ACK, 0)
                .after(1).seg(C, S, 2, 101, ACK | PSH, 100).after(1).seg(S, C, 101, 302, ACK, 0).after(1)
                .seg(C, S, 302, 101, ACK | PSH, 100).after(1).seg(S, C, 101, 402, ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertTrue(c.segments().get(4).note().contains("octets the capture does not show"), c.segments().toString());
    }

    @Test
    void aRetransmittedFinUndoesTheAckTheCaptureShowedAsLost() {
        // The server's ACK of the client's FIN (frame 6) never reached the client, which repeats its FIN.
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1).synAck(S, C, 100, 2).after(1).seg(C, S, 2, 101, ACK, 0)
                .after(1).seg(S, C, 101, 2, FIN | ACK, 0).after(1).seg(C, S, 2, 102, FIN | ACK, 0).after(0.01)
                .seg(S, C, 102, 3, ACK, 0).after(200).seg(C, S, 2, 102, FIN | ACK, 0).after(0.01)
                .seg(S, C, 102, 3, ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        assertTrue(c.segments().get(6).note().contains("the ACK of frame 6 was lost"), c.segments().toString());
        assertEquals(TcpState.LAST_ACK, c.segments().get(6).state0());
        assertEquals(of(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK,
                TcpState.CLOSED), states(c, 0));
        assertEquals(8, c.endpoints().get(0).states().last().frame());
        assertEquals(TcpState.TIME_WAIT, c.endpoints().get(1).finalState());
    }

    // ---- violations

    @Test
    void acknowledgingWhatWasNeverSentIsAViolation() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1).synAck(S, C, 100, 2).after(1).seg(C, S, 2, 101, ACK, 0)
                .after(1).seg(C, S, 2, 5000, ACK, 0);
        CheckResult r = run(t, Profile.rfc9293());
        assertEquals(1, r.exitCode());
        ConnectionReport c = ((CheckResult.Checked) r).report().connections().head();
        assertEquals(1, c.violations().size());
        assertEquals(4, c.violations().head().frame());
        assertEquals("10.0.0.1:40000", c.violations().head().endpoint());
        assertTrue(c.violations().head().reason().contains("ACK=RCV.NXT"), c.violations().head().reason());
    }

    @Test
    void dataBeyondThePeersWindowIsAViolation() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1).seg(S, C, 100, 2, SYN | ACK, 0, 100,
                        io.github.tcpmodel.engine.codec.TcpOptions.mssOnly(1460)).after(1)
                .seg(C, S, 2, 101, ACK, 0).after(1).seg(C, S, 2, 101, ACK | PSH, 500);
        ConnectionReport c = report(t, Profile.rfc9293()).connections().head();
        assertFalse(c.violations().isEmpty());
        assertTrue(c.violations().exists(v -> v.reason().contains("window")), c.violations().toString());
    }

    @Test
    void dataAfterTheFinIsAViolation() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).after(1).synAck(S, C, 100, 2).after(1).seg(C, S, 2, 101, ACK, 0)
                .after(1).seg(C, S, 2, 101, FIN | ACK, 0).after(1).seg(S, C, 101, 3, ACK, 0).after(1)
                .seg(C, S, 3, 101, ACK | PSH, 10);
        ConnectionReport c = report(t, Profile.rfc9293()).connections().head();
        assertEquals(1, c.violationCount(), c.violations().toString());
        assertEquals(6, c.violations().head().frame());
    }

    // ---- several connections, captures that start late

    @Test
    void interleavedConnectionsAreSeparatedByFourTuple() {
        SyntheticCapture.Host c2 = new SyntheticCapture.Host("10.0.0.1", 40001);
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1).syn(c2, S, 500).synAck(S, c2, 900, 501).synAck(S, C, 100, 2)
                .seg(c2, S, 501, 901, ACK, 0).seg(C, S, 2, 101, ACK, 0).seg(c2, S, 501, 901, RST | ACK, 0);
        TraceReport r = report(t, Profile.linux());
        assertEquals(2, r.connections().size());
        assertEquals(2, r.connectionCount());
        assertEquals(TcpState.ESTABLISHED, r.connections().get(0).endpoints().get(1).finalState());
        assertEquals(TcpState.CLOSED, r.connections().get(1).endpoints().get(1).finalState());
        assertEquals("10.0.0.1:40001", r.connections().get(1).endpoints().get(0).address());
        assertTrue(r.conforms());
    }

    @Test
    void captureStartingMidConnectionSynchronisesFromTheFirstSegments() {
        SyntheticCapture t = SyntheticCapture.inMemory().seg(C, S, 10_000, 90_000, ACK | PSH, 100).seg(S, C, 90_000, 10_100, ACK, 0)
                .seg(S, C, 90_000, 10_100, ACK | PSH, 3000).seg(C, S, 10_100, 93_000, ACK, 0)
                .seg(C, S, 10_100, 93_000, FIN | ACK, 0).seg(S, C, 93_000, 10_101, FIN | ACK, 0)
                .seg(C, S, 10_101, 93_001, ACK, 0);
        ConnectionReport c = report(t, Profile.linux()).connections().head();
        assertEquals(List.of(), c.violations());
        // Frame 6 acknowledges the client's FIN and carries the server's: FIN-WAIT-1 straight to TIME-WAIT.
        assertEquals(of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.TIME_WAIT), states(c, 0));
        assertEquals(of(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSED),
                states(c, 1));
    }

    @Test
    void captureStartingAtTheSynAckSynchronisesTheHandshake() {
        SyntheticCapture t = SyntheticCapture.inMemory().synAck(S, C, 100, 2).after(1).seg(C, S, 2, 101, ACK, 0);
        ConnectionReport c = report(t, Profile.rfc9293()).connections().head();
        assertEquals(List.of(), c.violations());
        assertEquals(of(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED), states(c, 0));
        assertEquals(of(TcpState.SYN_SENT, TcpState.ESTABLISHED), states(c, 1));
    }

    // ---- input that is not a capture

    @Test
    void unreadableInputExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk"), "hello, this is not a capture".getBytes());
        CheckResult r = TraceChecker.check(junk, Profile.rfc9293());
        assertEquals(2, r.exitCode());
        String m = ((CheckResult.Unreadable) r).message();
        assertTrue(m.startsWith("not a capture"), m);
        assertFalse(m.contains("\n"));

        byte[] good = clientClosesFirst(SyntheticCapture.inMemory()).bytes();
        Path cut = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(good, good.length - 7));
        CheckResult t = TraceChecker.check(cut, Profile.rfc9293());
        assertEquals(2, t.exitCode());
        assertTrue(((CheckResult.Unreadable) t).message().startsWith("truncated at byte"),
                ((CheckResult.Unreadable) t).message());

        CheckResult missing = TraceChecker.check(dir.resolve("absent.pcap"), Profile.rfc9293());
        assertEquals(2, missing.exitCode());
    }

    @Test
    void nonTcpPacketsAreCountedAndSkipped() {
        SyntheticCapture t = clientClosesFirst(SyntheticCapture.inMemory());
        byte[] b = t.bytes();
        // Turn the first segment's IPv4 protocol into UDP (17): that packet is no longer TCP.
        b[24 + 16 + 9] = 17;
        TraceReport r = ((CheckResult.Checked) TraceChecker.check(new ByteArrayInputStream(b), "x", Profile.rfc9293(),
                Limits.defaults())).report();
        assertEquals(1, r.otherPackets());
        assertEquals(11, r.frames());
        assertEquals(10, r.segments());
    }

    // ---- renderers

    @Test
    void jsonFollowsTheDocumentedSchema() {
        TraceReport r = report(clientClosesFirst(SyntheticCapture.inMemory()), Profile.linux());
        String j = Renderer.json(r);
        assertTrue(j.startsWith("{\"file\":\"test\""), j);
        for (String key : new String[] {"\"connections\":[", "\"endpoints\":[", "\"address\":\"10.0.0.1:40000\"",
                "\"states\":[{\"state\":\"SYN-SENT\",\"frame\":1,\"time\":1700000000.000000000",
                "\"final_state\":\"TIME-WAIT\"", "\"violations\":[]", "\"state\":\"SYN-RECEIVED\"",
                "\"flags\":\"S.\""}) {
            assertTrue(j.contains(key), key + " in " + j);
        }
        assertEquals(Renderer.str("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    @Test
    void tableShowsEachSegmentWithBothStates() {
        String s = Renderer.table(report(clientClosesFirst(SyntheticCapture.inMemory()), Profile.linux()));
        assertTrue(s.contains("connection 1: 10.0.0.1:40000 <-> 10.0.0.2:80"), s);
        assertTrue(s.contains("SYN-SENT"), s);
        assertTrue(s.contains("FIN-WAIT-2"), s);
        assertTrue(s.contains("conforms"), s);
        assertEquals(11 + 7, s.lines().count(), s);
    }

    // ---- memory bounded by the connections still open

    /**
     * Connections that end in TIME-WAIT are released once the capture's clock passes the TIME-WAIT deadline (RFC
     * 9293 §3.10.8), not kept until the live limit closes them out: with room for two live connections, five
     * consecutive connections a TIME-WAIT apart are each reported whole, the closer's TIME-WAIT expired.
     */
    @Test
    void connectionsWhoseTimeWaitRanOutAreReleasedBeforeTheLiveLimit() {
        SyntheticCapture t = SyntheticCapture.inMemory();
        for (int k = 0; k < 5; k++) {
            SyntheticCapture.Host c = new SyntheticCapture.Host("10.0.0.1", 40000 + k);
            t.syn(c, S, 1000).after(1).synAck(S, c, 5000, 1001).after(1).seg(c, S, 1001, 5001, ACK, 0).after(1)
                    .seg(c, S, 1001, 5001, FIN | ACK, 0).after(1).seg(S, c, 5001, 1002, FIN | ACK, 0).after(1)
                    .seg(c, S, 1002, 5002, ACK, 0).after(300_000);
        }
        CheckResult r = TraceChecker.check(new ByteArrayInputStream(t.bytes()), "test", Profile.linux(),
                new Limits(10, 2, 100, 100, 100));
        TraceReport report = assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report();
        assertTrue(report.conforms(), Renderer.table(report));
        assertEquals(5, report.connectionCount());
        assertEquals(0, report.notes().closedOut(), Renderer.table(report));
        for (ConnectionReport c : report.connections()) {
            assertEquals(6, c.segmentCount());
            // The last connection's TIME-WAIT runs out after the last frame: it is projected, not entered.
            List<TcpState> closer = of(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                    TcpState.TIME_WAIT);
            assertEquals(c.id() < 5 ? closer.append(TcpState.CLOSED) : closer, states(c, 0), Renderer.table(report));
        }
    }
}
