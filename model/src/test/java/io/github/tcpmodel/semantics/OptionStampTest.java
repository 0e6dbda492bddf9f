package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Mss;
import io.github.tcpmodel.option.SegmentOption.Nop;
import io.github.tcpmodel.option.SegmentOption.Sack;
import io.github.tcpmodel.option.SegmentOption.SackBlock;
import io.github.tcpmodel.option.SegmentOption.SackPermitted;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.option.SegmentOption.WindowScale;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * The options and window field of the segments a step sends, each negotiated extension on its own: RFC 7323 §3.2
 * (the Timestamps option on every non-RST segment) and §4.3 (Last.ACK.sent), RFC 2018 §3 and §4 (SACK blocks while
 * data beyond RCV.NXT is held, four without timestamps), RFC 7323 §2.3 (SEG.WND scaled).
 */
class OptionStampTest {

    static final Profile LINUX = Profile.linux();

    static Tcb negotiated(SegmentOption... offered) {
        return NegotiationTest.synAckArrives(LINUX, List.of(offered)).tcb();
    }

    static Segment data(long off, int n) {
        return peer(off, 0, Control.ACK).withDataLength(n);
    }

    // RFC 7323 §4.3: Last.ACK.sent is SEG.ACK of the last ACK sent, kept only while timestamps are in use.
    @Test
    void lastAckSentFollowsTheAcksSentWithTimestamps() {
        Tcb t = PawsTest.established();
        Step s = arrive(LINUX, t, PawsTest.data(0, 100, 600), T0 + 1, Choices.reference());
        assertEquals(Y.plus(101), s.sent().single().ack());
        assertEquals(Y.plus(101), s.tcb().negotiated().lastAckSent());
        Tcb plain = negotiated(new Mss(1000), new SackPermitted());
        Step p = arrive(LINUX, plain, data(0, 100), T0 + 1, Choices.reference());
        assertEquals(Y.plus(101), p.sent().single().ack());
        assertEquals(plain.negotiated().lastAckSent(), p.tcb().negotiated().lastAckSent());
    }

    // RFC 7323 §3.2: "the TSopt MUST be sent in every non-<RST> segment" once negotiated, alone too.
    @Test
    void timestampsAloneAreStampedOnEverySegmentAndKeptOnTheRetransmissionQueue() {
        Tcb t = negotiated(new Mss(1000), new Timestamps(500, T0));
        Step s = ok(LINUX, t, UserCalls.send(LINUX, t, 3000, X, T0 + 7, Choices.reference()));
        assertTrue(s.sent().size() >= 2, () -> "several segments: " + s.sent());
        for (Segment x : s.sent()) {
            assertEquals(List.of(new Nop(), new Nop(), new Timestamps(Negotiation.tsVal(T0 + 7), 500)), x.options());
        }
        assertEquals(s.sent(), s.tcb().retransmission().takeRight(s.sent().size()),
                "the retransmission queue keeps the segments as sent");
    }

    // RFC 2018 §4 without timestamps: the ACK carries the SACK option alone, with up to four blocks (§3).
    @Test
    void sackAloneReportsUpToFourBlocks() {
        Tcb t = negotiated(new Mss(1000), new SackPermitted());
        Step s = arrive(LINUX, t, data(100, 50), T0 + 1, Choices.reference());
        assertEquals(List.of(new Nop(), new Nop(), Sack.of(new SackBlock(Y.plus(101), Y.plus(151)))),
                s.sent().single().options());
        Tcb held = s.tcb();
        for (int i = 2; i <= 5; i++) {
            held = arrive(LINUX, held, data(100L * i, 10), T0 + i, Choices.reference()).tcb();
        }
        Step last = arrive(LINUX, held, data(600, 10), T0 + 6, Choices.reference());
        assertEquals(4, last.sent().single().option(Sack.class).get().blocks().size());
    }

    // RFC 7323 §2.3: with window scaling alone, SEG.WND is RCV.WND shifted right by Rcv.Wind.Shift, and no option.
    @Test
    void windowScalingAloneScalesTheWindowField() {
        Tcb t = negotiated(new Mss(1000), new Nop(), new WindowScale(2));
        assertTrue(t.negotiated().windowScaling() && !t.negotiated().timestamps() && !t.negotiated().sackOk());
        Step s = arrive(LINUX, t, data(0, 100), T0 + 1, Choices.reference());
        Segment ack = s.sent().single();
        assertEquals(List.empty(), ack.options());
        assertEquals(s.tcb().rcv().wnd() >> t.negotiated().rcvShift(), ack.window());
        assertTrue(t.negotiated().rcvShift() > 0);
    }
}
