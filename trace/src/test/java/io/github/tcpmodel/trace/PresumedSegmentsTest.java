package io.github.tcpmodel.trace;

import static io.github.tcpmodel.trace.SyntheticCapture.ACK;
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
 * What the checker presumes the wire held when the capture does not show it: a SYN,ACK that the active side's
 * next segment acknowledges (a capture of one direction), and the text of a TCP Fast Open SYN (RFC 7413) that the
 * SYN,ACK acknowledges.
 */
class PresumedSegmentsTest {

    static final SyntheticCapture.Host C = TraceCheckerTest.C;
    static final SyntheticCapture.Host S = TraceCheckerTest.S;

    static String rows(TraceReport r) {
        return r.connections().head().segments().map(SegmentRow::note).mkString("\n");
    }

    static TcpState finalState(TraceReport r, int endpoint) {
        return r.connections().head().endpoints().get(endpoint).finalState();
    }

    // RFC 9293 §3.10.7.3: only a SYN,ACK makes SYN-SENT send an ACK with SEG.SEQ = ISS + 1. A capture of the
    // client's direction alone shows that ACK, and data acknowledging the server's text, but nothing of the server.
    @Test
    void aSynAckTheClientAcknowledgesIsPresumedInACaptureOfOneDirection() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1000).after(1)
                .seg(C, S, 1001, 7001, ACK | PSH, 40).after(5)
                .seg(C, S, 1041, 7101, ACK | PSH, 20).after(5)
                .seg(C, S, 1061, 7301, ACK, 0);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(rows(r).contains("a SYN,ACK <SEQ=7000><ACK=1001> that this segment acknowledges is not in the "
                + "capture (presumed)"), rows(r));
        assertTrue(r.notes().captureLoss() >= 1, r.notes().toString());
        assertEquals(TcpState.ESTABLISHED, finalState(r, 0));
        assertEquals(TcpState.ESTABLISHED, finalState(r, 1));
    }

    // An ACK from SYN-SENT whose SEG.SEQ is not ISS + 1 is no answer to a SYN,ACK: nothing is presumed.
    @Test
    void anAckFromSynSentAtAnotherSequenceNumberPresumesNothing() {
        SyntheticCapture t = SyntheticCapture.inMemory().syn(C, S, 1000).after(1)
                .seg(C, S, 1201, 7001, ACK | PSH, 40);
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertFalse(r.conforms(), Renderer.table(r));
        assertFalse(rows(r).contains("presumed"), rows(r));
    }

    // RFC 7413 §4.2.2: a server that takes the text of the SYN sends "a SYN-ACK acknowledging the SYN and the data".
    @Test
    void fastOpenTextOnTheSynAcknowledgedByTheSynAckConformsUnderLinux() {
        SyntheticCapture t = fastOpen();
        TraceReport r = RealTrafficTest.report(t, Profile.linux());
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(rows(r).contains("TCP Fast Open: 50 octets of text on the SYN"), rows(r));
        assertTrue(rows(r).contains("TCP Fast Open: the SYN's text accepted"), rows(r));
        assertEquals(TcpState.ESTABLISHED, finalState(r, 0));
        assertEquals(TcpState.ESTABLISHED, finalState(r, 1));
    }

    // RFC 9293 alone queues a SYN's text until ESTABLISHED (§3.10.7.2): a SYN,ACK acknowledging it acknowledges
    // what the client never sent by the model's reckoning.
    @Test
    void fastOpenIsNotTakenUnderTheRfcProfile() {
        TraceReport r = RealTrafficTest.report(fastOpen(), Profile.rfc9293());
        assertFalse(r.conforms(), Renderer.table(r));
        assertFalse(rows(r).contains("Fast Open"), rows(r));
    }

    private static SyntheticCapture fastOpen() {
        return SyntheticCapture.inMemory()
                .seg(C, S, 1000, 0, SYN, 50, 64_240, TcpOptions.mssOnly(1460)).after(1)
                .seg(S, C, 5000, 1051, SYN | ACK, 0, 64_240, TcpOptions.mssOnly(1460)).after(0.1)
                .seg(C, S, 1051, 5001, ACK, 0).after(2)
                .seg(S, C, 5001, 1051, ACK | PSH, 300).after(1)
                .seg(C, S, 1051, 5301, ACK, 0);
    }
}
