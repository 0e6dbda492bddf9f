package io.github.tcpmodel.trace;

import static io.github.tcpmodel.trace.SyntheticCapture.ACK;
import static io.github.tcpmodel.trace.SyntheticCapture.FIN;
import static io.github.tcpmodel.trace.SyntheticCapture.PSH;
import static io.github.tcpmodel.trace.SyntheticCapture.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TcpState;
import org.junit.jupiter.api.Test;

/**
 * What the checker infers of delivery from the wire: SACK blocks, D-SACK blocks, timestamp echoes, cumulative ACKs,
 * and where the capture point sits (the round trips it sees to each endpoint).
 */
class DeliveryInferenceTest {

    static final SyntheticCapture.Host C = TraceCheckerTest.C;
    static final SyntheticCapture.Host S = TraceCheckerTest.S;

    /** A handshake whose SYN,ACK comes {@code rttMs} after the SYN: the round trip to the server. */
    static SyntheticCapture handshake(double rttMs) {
        return SyntheticCapture.inMemory().syn(C, S, 1000).after(rttMs).synAck(S, C, 5000, 1001).after(0.01)
                .seg(C, S, 1001, 5001, ACK, 0).after(1);
    }

    static String rows(TraceReport r) {
        return r.connections().head().segments().map(SegmentRow::note).mkString("\n");
    }

    // A segment lost after the capture point is not taken to have arrived because time passed: its receiver goes
    // on acknowledging below it (with SACK blocks for what it holds above it) until the retransmission fills it.
    @Test
    void aSegmentItsReceiverKeepsNotAcknowledgingDidNotArrive() {
        SyntheticCapture t = handshake(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100).after(0.1)
                .seg(C, S, 1101, 5001, ACK | PSH, 100).after(0.1)
                .seg(C, S, 1201, 5001, ACK | PSH, 100).after(0.1)
                .seg(S, C, 5001, 1101, ACK, 0, -1, -1).after(20)
                .seg(S, C, 5001, 1101, ACK, 0, -1, -1, 1201, 1301).after(30)
                .seg(S, C, 5001, 1101, ACK, 0, -1, -1, 1201, 1301).after(200)
                .seg(C, S, 1101, 5001, ACK | PSH, 100).after(0.1)
                .seg(S, C, 5001, 1301, ACK, 0, -1, -1).after(1)
                .seg(S, C, 5001, 1301, ACK | PSH, 10, -1, -1);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(rows(r).contains("retransmission"), rows(r));
    }

    // A D-SACK block (RFC 2883 §4) shows the first transmission had arrived: the retransmission was spurious.
    @Test
    void aDsackBlockMarksTheRetransmissionSpurious() {
        SyntheticCapture t = handshake(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100).after(300)
                .seg(C, S, 1001, 5001, ACK | PSH, 100).after(0.1)
                .seg(S, C, 5001, 1101, ACK, 0, -1, -1, 1001, 1101);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(rows(r).contains("the retransmission of frame 5 was spurious (D-SACK"), rows(r));
    }

    // A TSecr older than the retransmission's TSval echoes the first transmission (RFC 3522): spurious.
    @Test
    void aTimestampEchoOfTheFirstTransmissionMarksTheRetransmissionSpurious() {
        SyntheticCapture spurious = handshake(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100, 100, 7).after(300)
                .seg(C, S, 1001, 5001, ACK | PSH, 100, 400, 7).after(0.1)
                .seg(S, C, 5001, 1101, ACK, 0, 8, 100);
        TraceReport r = RealTrafficTest.report(spurious, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(rows(r).contains("the retransmission of frame 5 was spurious (TSecr"), rows(r));
        SyntheticCapture needed = handshake(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100, 100, 7).after(300)
                .seg(C, S, 1001, 5001, ACK | PSH, 100, 400, 7).after(0.1)
                .seg(S, C, 5001, 1101, ACK, 0, 8, 400);
        TraceReport n = RealTrafficTest.report(needed, Profile.linux());
        assertFalse(rows(n).contains("spurious"), rows(n));
    }

    // The server's retransmission is seen 5 ms after the client's ACK of it, within the round trip from the capture
    // point to the server (20 ms, from the handshake): it was sent before that ACK arrived. (Within 2 ms the same
    // header would be taken as one segment captured twice.)
    @Test
    void aRetransmissionThatCrossedTheAckConforms() {
        SyntheticCapture t = handshake(20)
                .seg(S, C, 5001, 1001, ACK | PSH, 100).after(0.1)
                .seg(C, S, 1001, 5101, ACK, 0).after(0.1)
                .seg(S, C, 5101, 1001, ACK | PSH, 100).after(5)
                .seg(S, C, 5001, 1001, ACK | PSH, 100);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(rows(r).contains("sent before frame 5 arrived"), rows(r));
    }

    // Far outside that round trip the same retransmission is a violation the wire proves.
    @Test
    void aRetransmissionOfAcknowledgedDataLongAfterTheAckIsAViolation() {
        SyntheticCapture t = handshake(1)
                .seg(S, C, 5001, 1001, ACK | PSH, 100).after(0.1)
                .seg(C, S, 1001, 5101, ACK, 0).after(0.1)
                .seg(S, C, 5101, 1001, ACK | PSH, 100).after(0.1)
                .seg(C, S, 1001, 5201, ACK, 0).after(3_000)
                .seg(S, C, 5001, 1001, ACK | PSH, 100);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertFalse(r.conforms(), Renderer.table(r));
        assertEquals(8L, r.connections().head().violations().head().frame());
    }

    // The server's ACKs reach the capture point out of order (a Linux host sends from several CPUs): the older one,
    // seen 0.1 ms after the newer, carries the RCV.NXT of a moment before.
    @Test
    void anAcknowledgmentOvertakenByALaterOneConforms() {
        SyntheticCapture t = handshake(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100).after(0.01)
                .seg(C, S, 1101, 5001, ACK | PSH, 100).after(0.05)
                .seg(S, C, 5001, 1201, ACK, 0).after(0.1)
                .seg(S, C, 5001, 1101, ACK, 0);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(rows(r).contains("delayed or reordered before the capture point"), rows(r));
    }

    // An ACK held in a queue before the capture point (a qdisc) reaches it 40 ms late, far past the capture point's
    // bound: its TSval, older than its sender's newest (RFC 7323 §3), dates it before the arrivals seen since, so its
    // SEG.ACK is a RCV.NXT of then. With a TSval as new as any, it was sent after them: a wrong SEG.ACK.
    @Test
    void anAcknowledgmentItsTimestampDatesAsHeldConforms() {
        TraceReport held = RealTrafficTest.report(heldAck(7_002), Profile.linux());
        assertTrue(held.conforms(), Renderer.table(held));
        assertTrue(rows(held).contains("delayed or reordered before the capture point"), rows(held));
        TraceReport fresh = RealTrafficTest.report(heldAck(7_050), Profile.linux());
        assertFalse(fresh.conforms(), Renderer.table(fresh));
        assertTrue(fresh.connections().head().violations().head().reason().contains("ACK=RCV.NXT"),
                Renderer.table(fresh));
    }

    /** Two segments of the client, the server's ACK of both (TSval 7003), and 40 ms later its ACK of the first. */
    static SyntheticCapture heldAck(long tsVal) {
        return SyntheticCapture.inMemory().seg(C, S, 1000, 0, SYN, 0, 1000, 0).after(1)
                .seg(S, C, 5000, 1001, SYN | ACK, 0, 7000, 1000).after(1)
                .seg(C, S, 1001, 5001, ACK, 0, 1001, 7000).after(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100, 1002, 7000).after(0.1)
                .seg(C, S, 1101, 5001, ACK | PSH, 100, 1002, 7000).after(0.5)
                .seg(S, C, 5001, 1201, ACK, 0, 7003, 1002).after(40)
                .seg(S, C, 5001, 1101, ACK, 0, tsVal, 1002);
    }

    // A retransmission of data the peer acknowledged 3 s earlier: its TSecr echoes the TSval of the peer's segments
    // before that ACK (RFC 7323 §4.3: the sender had not processed it, which sat in a queue after the capture point),
    // so it conforms; echoing the ACK's own TSval, it was sent after processing the ACK: a violation.
    @Test
    void theEchoedTimestampShowsWhetherTheAckHadArrived() {
        TraceReport queued = RealTrafficTest.report(retransmittedAfterAck(1_001), Profile.linux());
        assertTrue(queued.conforms(), Renderer.table(queued));
        TraceReport processed = RealTrafficTest.report(retransmittedAfterAck(1_003), Profile.linux());
        assertFalse(processed.conforms(), Renderer.table(processed));
        assertEquals(6L, processed.connections().head().violations().head().frame(), Renderer.table(processed));
    }

    /** The server's data, the client's ACK of it (TSval 1003), and 3 s later the data again echoing {@code ecr}. */
    static SyntheticCapture retransmittedAfterAck(long ecr) {
        return SyntheticCapture.inMemory().seg(C, S, 1000, 0, SYN, 0, 1000, 0).after(1)
                .seg(S, C, 5000, 1001, SYN | ACK, 0, 7000, 1000).after(1)
                .seg(C, S, 1001, 5001, ACK, 0, 1001, 7000).after(1)
                .seg(S, C, 5001, 1001, ACK | PSH, 100, 7002, 1001).after(1)
                .seg(C, S, 1001, 5101, ACK, 0, 1003, 7002).after(3_000)
                .seg(S, C, 5001, 1001, ACK | PSH, 100, 10_002, ecr);
    }

    // A SACK block beyond all the capture showed of the sender proves segments the capture missed.
    @Test
    void aSackBlockBeyondWhatTheCaptureShowedIsCaptureLoss() {
        SyntheticCapture t = handshake(1)
                .seg(C, S, 1001, 5001, ACK | PSH, 100).after(0.1)
                .seg(S, C, 5001, 1101, ACK, 0, -1, -1, 1201, 1301).after(0.1)
                .seg(C, S, 1101, 5001, ACK | PSH, 100).after(0.1)
                .seg(S, C, 5001, 1301, ACK, 0, -1, -1);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertEquals(1, r.notes().captureLoss(), Renderer.table(r));
        assertTrue(rows(r).contains("SACK block 1201:1301 reports octets the capture does not show"), rows(r));
    }

    // With timestamps on both SYNs the model keeps TS.Recent and applies PAWS (RFC 7323 §5.3 R1): a FIN whose TSval
    // is older than the one the receiver last recorded is dropped, so its receiver stays ESTABLISHED; the same FIN
    // with a newer TSval takes it to CLOSE-WAIT.
    @Test
    void theTimestampsOfBothSynsPutPawsInForce() {
        TraceReport old = RealTrafficTest.report(timestamped(500), Profile.linux());
        assertEquals(TcpState.ESTABLISHED, old.connections().head().endpoints().get(1).finalState(),
                Renderer.table(old));
        TraceReport fresh = RealTrafficTest.report(timestamped(2_000), Profile.linux());
        assertEquals(TcpState.CLOSE_WAIT, fresh.connections().head().endpoints().get(1).finalState(),
                Renderer.table(fresh));
    }

    /** A handshake with timestamps (client TSval 1000 then 1001), then the client's FIN with TSval {@code finTs}. */
    static SyntheticCapture timestamped(long finTs) {
        return SyntheticCapture.inMemory().seg(C, S, 1000, 0, SYN, 0, 1000, 0).after(1)
                .seg(S, C, 5000, 1001, SYN | ACK, 0, 7000, 1000).after(1)
                .seg(C, S, 1001, 5001, ACK, 0, 1001, 7000).after(1)
                .seg(C, S, 1001, 5001, FIN | ACK, 0, finTs, 7000);
    }

    /**
     * The server's segment 5001:5101 advertising 500 octets is seen after its later segment 5101:5201 that advertised
     * 3000 (overtaken before the capture point); the client sends 1,000 octets into the wider window and opens its
     * own to {@code clientWindow}; the server then sends {@code len} octets.
     */
    static SyntheticCapture overtakenWindow(int clientWindow, int len) {
        return handshake(1)
                .seg(S, C, 5101, 1001, ACK, 100, 3000, TcpOptions.NONE).after(0.01)
                .seg(S, C, 5001, 1001, ACK, 100, 500, TcpOptions.NONE).after(0.01)
                .seg(C, S, 1001, 5201, ACK | PSH, 1000, 100, TcpOptions.NONE).after(0.01)
                .seg(C, S, 2001, 5201, ACK, 0, clientWindow, TcpOptions.NONE).after(0.01)
                .seg(S, C, 5201, 2001, ACK | PSH, len, 3000, TcpOptions.NONE);
    }

    // A segment older than the one that set its sender's window (RFC 9293 §3.10.7.4 fifth: SEG.SEQ below SND.WL1)
    // does not move the window's right edge back: the client's data sent into the wider window arrives, and so does
    // the ACK after it that opens the client's window for the server's next data.
    @Test
    void aSegmentOvertakenBeforeTheCapturePointDoesNotShrinkItsSendersWindow() {
        TraceReport r = RealTrafficTest.report(overtakenWindow(2000, 1000), Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        // Beyond the 2,000 octets the client's ACK allows, the same send is a violation.
        TraceReport beyond = RealTrafficTest.report(overtakenWindow(2000, 2100), Profile.linux());
        assertTrue(beyond.connections().head().violations().exists(v -> v.frame() == 8
                && v.reason().contains("peer's window")), Renderer.table(beyond));
    }

    /**
     * The client allows the server 2,000 octets, the server sends them, the client acknowledges all with a window of
     * 1,400, the server repeats its second segment {@code gapMs} after that ACK is seen (no timestamps to say
     * whether it had processed the ACK), then sends {@code len} octets of new data.
     */
    static SyntheticCapture repeatAfterAck(double gapMs, int len) {
        return handshake(1)
                .seg(C, S, 1001, 5001, ACK, 0, 2000, TcpOptions.NONE).after(0.01)
                .seg(S, C, 5001, 1001, ACK, 1000, 64_000, TcpOptions.NONE).after(0.01)
                .seg(S, C, 6001, 1001, ACK, 1000, 64_000, TcpOptions.NONE).after(0.5)
                .seg(C, S, 1001, 7001, ACK, 0, 1400, TcpOptions.NONE).after(gapMs)
                .seg(S, C, 6001, 1001, ACK, 1000, 64_000, TcpOptions.NONE).after(0.01)
                .seg(S, C, 7001, 1001, ACK | PSH, len, 64_000, TcpOptions.NONE);
    }

    // A retransmission seen within the capture point's bound after the ACK that covers it may have crossed that ACK:
    // the ACK stays in flight, and new data in the window only that ACK opened shows it arrived.
    @Test
    void aRetransmissionThatMayHaveCrossedTheAckLeavesItInFlight() {
        TraceReport crossed = RealTrafficTest.report(repeatAfterAck(3, 1400), Profile.linux());
        assertTrue(crossed.conforms(), Renderer.table(crossed));
        assertTrue(rows(crossed).contains("sent before the ACK of frame 7 arrived"), Renderer.table(crossed));
        // Past the window that ACK opened, the new data is a violation all the same.
        TraceReport beyond = RealTrafficTest.report(repeatAfterAck(3, 1450), Profile.linux());
        assertTrue(beyond.connections().head().violations().exists(v -> v.frame() == 9
                && v.reason().contains("peer's window")), Renderer.table(beyond));
        // Repeated long after the ACK was seen, the ACK was lost.
        TraceReport lost = RealTrafficTest.report(repeatAfterAck(300, 0), Profile.linux());
        assertTrue(rows(lost).contains("the ACK of frame 7 was lost"), rows(lost));
    }

    /**
     * The server's data and the client's ACK of it (TSval 1003), then 30 ms of the server's new data, each
     * acknowledged, and the first data again echoing {@code ecr}: by then the TCBs from before that ACK are no longer
     * kept.
     */
    static SyntheticCapture retransmittedLongAfterAck(long ecr) {
        SyntheticCapture t = SyntheticCapture.inMemory().seg(C, S, 1000, 0, SYN, 0, 1000, 0).after(1)
                .seg(S, C, 5000, 1001, SYN | ACK, 0, 7000, 1000).after(1)
                .seg(C, S, 1001, 5001, ACK, 0, 1001, 7000).after(1)
                .seg(S, C, 5001, 1001, ACK | PSH, 100, 7002, 1001).after(0.1)
                .seg(C, S, 1001, 5101, ACK, 0, 1003, 7002).after(1);
        for (int k = 1; k <= 30; k++) {
            t.seg(S, C, 5001 + 100 * k, 1001, ACK | PSH, 100, 7002 + k, 1001).after(0.1)
                    .seg(C, S, 1001, 5101 + 100 * k, ACK, 0, 1003 + k, 7002 + k).after(1);
        }
        return t.seg(S, C, 5001, 1001, ACK | PSH, 100, 7040, ecr);
    }

    // A sender held up (a loaded host that runs its retransmission timer before the ACKs waiting for it) sends a
    // retransmission that echoes a TSecr from before the ACK covering it (RFC 7323 §4.3), long after that ACK and
    // after the TCBs before it were dropped: it conforms. Echoing the newest TSval of its peer, it is a violation.
    @Test
    void aRetransmissionEchoingATimestampFromBeforeTheKeptTcbsConforms() {
        TraceReport held = RealTrafficTest.report(retransmittedLongAfterAck(1_001), Profile.linux());
        assertTrue(held.conforms(), Renderer.table(held));
        TraceReport processed = RealTrafficTest.report(retransmittedLongAfterAck(1_033), Profile.linux());
        assertTrue(processed.connections().head().violations().exists(v -> v.frame() == 66), Renderer.table(processed));
    }
}
