package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** RFC 7323 §3.2, §4.3 and §5: PAWS as part of acceptability, and TS.Recent. */
class PawsTest {

    static final Profile LINUX = Profile.linux();

    /** ESTABLISHED (Linux, active) with timestamps: TS.Recent = 500, Last.ACK.sent = RCV.NXT = Y + 1. */
    static Tcb established() {
        return NegotiationTest.synAckArrives(LINUX, NegotiationTest.peerOptions(0)).tcb();
    }

    static Segment data(long off, int n, long tsVal) {
        return peer(off, 0, Control.ACK).withDataLength(n).withOptions(List.of(new Timestamps(tsVal, T0)));
    }

    // §5.3 R1: "SEG.TSval < TS.Recent ... and the RST bit is not set, then treat the arriving segment as not
    // acceptable: Send an acknowledgment in reply ... and drop the segment."
    @Test
    void anOldTimestampIsDroppedWithAnAck() {
        Tcb t = established();
        Step s = arrive(LINUX, t, data(0, 10, 499), T0 + 10, Choices.reference());
        assertEquals(Event.RCV_BAD_ACK, s.event());
        assertTrue(s.rule().startsWith("RFC 7323 §5.3 R1"), s.rule());
        assertEquals(t.rcv().nxt(), s.tcb().rcv().nxt(), "the text is not accepted");
        Segment ack = s.sent().single();
        assertEquals(Segment.of(X.plus(1)).withAck(Y.plus(1)).withWindow(501)
                .withOptions(List.of(new SegmentOption.Nop(), new SegmentOption.Nop(), new Timestamps(T0 + 10, 500))),
                ack);
        // Held back by the ACK throttle like any answer to an unacceptable segment (RFC 5961 §7).
        assertTrue(arrive(LINUX, t, data(0, 10, 499), T0 + 10, Choices.reference().throttlingAcks()).sent()
                .isEmpty());
    }

    @Test
    void anEqualOrNewerTimestampPassesAndIsRecorded() {
        Tcb t = established();
        Step same = arrive(LINUX, t, data(0, 10, 500), T0 + 10, Choices.reference());
        assertEquals(Y.plus(11), same.tcb().rcv().nxt());
        Step newer = arrive(LINUX, t, data(0, 10, 600), T0 + 10, Choices.reference());
        assertEquals(Y.plus(11), newer.tcb().rcv().nxt());
        assertEquals(600, newer.tcb().negotiated().tsRecent());
        assertEquals(T0 + 10, newer.tcb().negotiated().tsRecentAt());
    }

    // §5.3 R1 exempts a RST ("and the RST bit is not set"): it goes on to the RFC 9293 checks.
    @Test
    void aResetIsNotSubjectToPaws() {
        Segment rst = peer(0, 0, Control.RST).withOptions(List.of(new Timestamps(1, T0)));
        Step s = arrive(LINUX, established(), rst, T0 + 10, Choices.reference());
        assertEquals(TcpState.CLOSED, s.tcb().tcpState());
        assertEquals(List.of(Notice.CONNECTION_RESET), s.told());
    }

    // §5.5: "If a connection remains idle for more than 24 days ... TS.Recent [is] invalid": PAWS is skipped and the
    // arriving TSval is recorded.
    @Test
    void after24IdleDaysAnOldTimestampIsAccepted() {
        Tcb t = established();
        long later = T0 + Paws.TS_RECENT_LIFETIME + 1;
        Step s = arrive(LINUX, t, data(0, 10, 499), later, Choices.reference());
        assertEquals(Y.plus(11), s.tcb().rcv().nxt());
        assertEquals(499, s.tcb().negotiated().tsRecent());
        Step justBefore = arrive(LINUX, t, data(0, 10, 499), T0 + Paws.TS_RECENT_LIFETIME, Choices.reference());
        assertEquals(Event.RCV_BAD_ACK, justBefore.event());
    }

    // §4.3 (2): "If SEG.TSval >= TS.Recent and SEG.SEQ <= Last.ACK.sent, then SEG.TSval is copied to TS.Recent;
    // otherwise, it is ignored." A segment beyond RCV.NXT (= Last.ACK.sent) is held but does not update TS.Recent.
    @Test
    void aSegmentBeyondLastAckSentDoesNotUpdateTsRecent() {
        Step s = arrive(LINUX, established(), data(100, 10, 900), T0 + 10, Choices.reference());
        assertEquals(Y.plus(1), s.tcb().rcv().nxt());
        assertEquals(1, s.tcb().reassembly().size());
        assertEquals(500, s.tcb().negotiated().tsRecent());
    }

    // §3.2: "If a non-<RST> segment is received without a TSopt, a TCP SHOULD silently drop the segment"; Linux
    // processes it (the profile's switch).
    @Test
    void aSegmentWithoutTimestampsIsProcessedByLinuxAndDroppedByTheRfcRule() {
        Segment bare = peer(0, 0, Control.ACK).withDataLength(10);
        assertEquals(Y.plus(11), arrive(LINUX, established(), bare, T0 + 1, Choices.reference()).tcb().rcv().nxt());
        Profile strict = LINUX.withExtensions(LINUX.extensions().withMissingTimestampsAccepted(false));
        Tcb t = NegotiationTest.synAckArrives(strict, NegotiationTest.peerOptions(0)).tcb();
        Step s = arrive(strict, t, bare, T0 + 1, Choices.reference());
        assertTrue(s.sent().isEmpty(), "silently");
        assertEquals(Y.plus(1), s.tcb().rcv().nxt());
        assertTrue(s.rule().startsWith("RFC 7323 §3.2"), s.rule());
        // "A TCP MUST NOT abort a TCP connection because any segment lacks an expected TSopt", nor a RST be dropped.
        assertEquals(TcpState.ESTABLISHED, s.tcb().tcpState());
        assertEquals(TcpState.CLOSED, arrive(strict, t, peer(0, 0, Control.RST), T0 + 1, Choices.reference()).tcb()
                .tcpState());
    }

    // Without timestamps negotiated nothing of this applies.
    @Test
    void withoutTimestampsThereIsNoPaws() {
        Tcb t = NegotiationTest.synAckArrives(LINUX, List.of(new SegmentOption.Mss(1000))).tcb();
        assertFalse(t.negotiated().timestamps());
        assertEquals(Y.plus(11), arrive(LINUX, t, data(0, 10, 1), T0 + 1, Choices.reference()).tcb().rcv().nxt());
    }

    // §5.2: timestamps compare as 32-bit serial numbers.
    @Test
    void timestampsCompareModulo2To32() {
        assertTrue(Paws.before(0xFFFF_FFF0L, 5));
        assertFalse(Paws.before(5, 0xFFFF_FFF0L));
        assertFalse(Paws.before(7, 7));
        assertTrue(Paws.before(1, 2));
    }
}
