package io.github.tcpmodel.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/**
 * MUST-19 through the comparison core: the events a driver sees (segments sent, segments arriving with the model's
 * TCB before and after, timeouts) turned into the congestion bound, and the flight each segment of new data leaves,
 * RFC 6675's {@code pipe} at its least with SACK.
 */
class CongestionCheckTest {

    static final Profile P = Profile.rfc9293().withMss(1460);
    static final SeqNum X = SeqNum.of(1000);
    static final SeqNum Y = SeqNum.of(5000);
    static final long WND = 1_000_000;
    static final CongestionBounds.Rules RULES = new CongestionBounds.Rules(CongestionBounds.InitialWindow.RFC6928,
            CongestionBounds.SlowStart.SMSS_PER_ACK, CongestionBounds.IdleRestart.KEPT);

    /** A sender seen as a driver sees it: the model's TCB and the check, stepped together. */
    static final class Sender {
        Tcb t;
        CongestionCheck c;
        int smss;

        /** An active opener whose SYN was sent {@code syns} times, ESTABLISHED by the SYN,ACK (MSS 1000). */
        Sender(int syns, boolean sack) {
            this(syns, sack, RULES);
        }

        Sender(int syns, boolean sack, CongestionBounds.Rules rules) {
            c = CongestionCheck.start(rules);
            Tcb synSent = UserCalls.open(P, Tcb.closed(), false, true, Option.none(), X, 0).get().tcb();
            for (int i = 0; i < syns; i++) {
                c = c.sent(synSent, Segment.of(X, Control.SYN)).next();
            }
            Segment synAck = Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(WND).withMss(1000);
            Tcb est = Arrival.segmentArrives(P, synSent, synAck, X, 0, Choices.reference()).get().tcb();
            assertEquals(TcpState.ESTABLISHED, est.tcpState());
            if (sack) {
                Negotiated n = est.negotiated();
                est = est.withNegotiated(new Negotiated(n.windowScaling(), n.sndShift(), n.rcvShift(),
                        n.timestamps(), n.tsRecent(), n.tsRecentAt(), n.lastAckSent(), true, n.ecn()));
            }
            c = c.arrived(P, synSent, est, synAck);
            t = est;
            smss = c.bounds().get().smss();
        }

        SeqNum una() {
            return t.snd().una();
        }

        SeqNum nxt() {
            return t.snd().nxt();
        }

        /** Sends {@code segments} new segments of SMSS each; the violations of all of them. */
        List<String> send(int segments) {
            List<String> v = List.empty();
            for (int i = 0; i < segments; i++) {
                Segment seg = Segment.of(nxt()).withAck(Y.plus(1)).withDataLength(smss);
                CongestionCheck.Sent s = c.sent(t, seg);
                assertTrue(s.checked());
                c = s.next();
                t = t.withSnd(t.snd().withNxt(nxt().plus(smss)));
                v = v.appendAll(s.violations());
            }
            return v;
        }

        /** Retransmits the segment at {@code seq}. */
        void retransmit(SeqNum seq) {
            CongestionCheck.Sent s = c.sent(t, Segment.of(seq).withAck(Y.plus(1)).withDataLength(smss));
            assertFalse(s.checked());
            c = s.next();
        }

        /** An ACK of {@code ack} arrives, with SACK blocks {@code blocks} (left, right offsets from X+1 in pairs). */
        void ack(SeqNum ack, long... blocks) {
            Segment seg = Segment.of(Y.plus(1)).withAck(ack).withWindow(WND);
            if (blocks.length > 0) {
                List<SegmentOption.SackBlock> b = List.empty();
                for (int i = 0; i < blocks.length; i += 2) {
                    b = b.append(new SegmentOption.SackBlock(X.plus(1 + blocks[i]), X.plus(1 + blocks[i + 1])));
                }
                seg = seg.withOptions(List.of(new SegmentOption.Sack(b)));
            }
            Tcb after = ack.gt(una()) ? t.withSnd(t.snd().withUna(ack)) : t;
            c = c.arrived(P, t, after, seg);
            t = after;
        }

        /** Offset {@code n} segments above X+1. */
        SeqNum at(int n) {
            return X.plus(1 + (long) n * smss);
        }
    }

    @Test
    void theBoundStartsWithTheAckOfTheSynAtTheInitialWindow() {
        Sender s = new Sender(1, false);
        assertEquals(1000, s.smss, "SMSS: the peer's MSS, the profile's being larger");
        assertEquals(CongestionBounds.InitialWindow.RFC6928.octets(1000), s.c.bounds().get().cwnd());
        assertTrue(s.send(10).isEmpty(), "RFC 6928: ten segments of 1000 octets");
        List<String> v = s.send(1);
        assertEquals(1, v.size());
        assertTrue(v.head().startsWith("MUST-19: 11000 octets in flight"), v.head());
    }

    @Test
    void noBoundBeforeTheSynIsAcknowledged() {
        CongestionCheck c = CongestionCheck.start(RULES);
        Tcb synSent = UserCalls.open(P, Tcb.closed(), false, true, Option.none(), X, 0).get().tcb();
        assertTrue(c.sent(synSent, Segment.of(X, Control.SYN)).next().bounds().isEmpty());
        assertFalse(c.sent(synSent, Segment.of(X.plus(1)).withDataLength(99_999)).checked());
    }

    @Test
    void aRetransmittedSynLeavesOneSegment() {
        Sender s = new Sender(2, false);
        assertEquals(s.smss, s.c.bounds().get().cwnd());
        assertTrue(s.send(1).isEmpty());
        assertFalse(s.send(1).isEmpty(), "RFC 6928 §2: one segment after a lost SYN");
    }

    @Test
    void anAckOfNewDataGrowsTheBound() {
        Sender s = new Sender(1, false);
        s.send(10);
        s.ack(s.at(1));
        assertTrue(s.send(2).isEmpty(), "slow start: one segment acknowledged frees one and grows cwnd by one");
        assertFalse(s.send(1).isEmpty());
    }

    @Test
    void withoutSackEveryOutstandingOctetCountsAlsoInRecovery() {
        Sender s = new Sender(1, false);
        s.send(10);
        for (int i = 0; i < 3; i++) {
            s.ack(s.at(0));
        }
        s.retransmit(s.at(0));
        assertTrue(s.c.bounds().get().recovery(), "the fast retransmit starts recovery");
        // ssthresh = 0.7 x (cwnd + 2 SMSS of Limited Transmit) = 8.4 segments, cwnd = ssthresh + 3 SMSS = 11.4:
        // FlightSize 11 is allowed, 12 is not, although the peer may hold all but the first segment.
        assertTrue(s.send(1).isEmpty());
        assertFalse(s.send(1).isEmpty(), "RFC 5681 §3.2: FlightSize above cwnd");
    }

    @Test
    void withSackOctetsBelowTheHighestSackedOneMayBeDeemedLost() {
        Sender s = new Sender(1, true);
        s.send(10);
        // Segment 0 is lost; segments 1..9 are SACKed: the pipe of a RACK sender can be 0 (RFC 8985 §6.2).
        for (int i = 2; i <= 10; i++) {
            s.ack(s.at(0), s.smss, (long) i * s.smss);
        }
        assertEquals(9L * s.smss, s.c.sacked().ranges().head().right().offsetFrom(s.c.sacked().ranges().head()
                .left()));
        s.retransmit(s.at(0));
        CongestionBounds b = s.c.bounds().get();
        assertTrue(b.recovery());
        long room = b.limit() / s.smss;
        assertTrue(s.send((int) room).isEmpty(), "only the new data counts: " + b);
        assertFalse(s.send(1).isEmpty(), "new data beyond the bound itself is still caught");
    }

    @Test
    void sackedOctetsLeaveTheFlightOutsideRecovery() {
        Sender s = new Sender(1, true);
        s.send(10);
        // Segment 0 is delayed, segment 1 is SACKed (one duplicate ACK: Limited Transmit allows one segment more,
        // 11 in all). Segment 0 lies below a delivered segment and may be deemed lost; segments 2..9 count.
        s.ack(s.at(0), s.smss, 2L * s.smss);
        assertEquals(11L * s.smss, s.c.bounds().get().limit());
        assertTrue(s.send(3).isEmpty());
        assertFalse(s.send(1).isEmpty(), "above the highest SACKed octet every unSACKed octet counts");
    }

    @Test
    void aTimeoutBacksOffAndTheCheckResumesWithTheLossWindow() {
        Sender s = new Sender(1, false);
        s.send(10);
        s.c = s.c.timedOut(s.t);
        CongestionBounds b = s.c.bounds().get();
        assertTrue(b.backedOff());
        assertEquals(s.smss, b.cwnd(), "RFC 5681 §3.1: the loss window");
        assertEquals(Option.some(s.nxt()), s.c.timeoutRecover());
        // Not checked while FlightSize counts what the timer gave up on.
        Segment seg = Segment.of(s.nxt()).withAck(Y.plus(1)).withDataLength(s.smss);
        assertFalse(s.c.sent(s.t, seg).checked());
        s.ack(s.at(10));
        assertTrue(s.c.timeoutRecover().isEmpty());
        assertTrue(s.send(2).isEmpty(), "cwnd 1 SMSS grown by one SMSS");
        assertFalse(s.send(1).isEmpty());
    }

    @Test
    void aSecondTimeoutKeepsSsthreshAtLeastSevenTenthsOfTheFlight() {
        Sender s = new Sender(1, false);
        s.send(10);
        s.c = s.c.timedOut(s.t);
        long first = s.c.bounds().get().ssthresh();
        s.c = s.c.timedOut(s.t);
        assertEquals(first, s.c.bounds().get().ssthresh());
        assertEquals(7_000, first, "0.7 of 10 segments (RFC 9438 §4.6)");
    }

    @Test
    void aTailLossProbeDeclaresNoLoss() {
        Sender s = new Sender(1, true);
        s.send(5);
        s.retransmit(s.at(4));
        assertFalse(s.c.bounds().get().recovery(), "RFC 8985 §7.3: the last segment sent is a probe");
        assertEquals(Option.some(s.nxt()), s.c.lastRetransmit());
    }

    @Test
    void theRetransmissionMarkLeavesWhenSndUnaPassesIt() {
        Sender s = new Sender(1, true);
        s.send(5);
        s.retransmit(s.at(0));
        s.ack(s.at(4));
        assertEquals(Option.some(s.at(5)), s.c.lastRetransmit());
        s.ack(s.at(5));
        assertTrue(s.c.lastRetransmit().isEmpty());
    }

    @Test
    void dsackBlocksAndRepeatedBlocksAreNotDuplicateAcks() {
        Sender s = new Sender(1, true);
        s.send(10);
        s.ack(s.at(0), s.smss, 2L * s.smss);
        assertEquals(1, s.c.bounds().get().dupAcks());
        s.ack(s.at(0), s.smss, 2L * s.smss);
        assertEquals(1, s.c.bounds().get().dupAcks(), "a repeated block reports nothing new (RFC 6675 §2)");
        s.ack(s.at(0), -s.smss, 0);
        assertEquals(1, s.c.bounds().get().dupAcks(), "a D-SACK block below SEG.ACK (RFC 2883 §4)");
    }

    @Test
    void sackedRangesMergeTrimAndWrap() {
        SeqNum una = SeqNum.of(SeqNum.MODULUS - 100);
        CongestionCheck.Sacked s = CongestionCheck.Sacked.NONE
                .add(una.plus(50), una.plus(150), una)
                .add(una.plus(300), una.plus(400), una)
                .add(una.plus(200), una.plus(250), una);
        assertEquals(3, s.ranges().size());
        assertEquals(250, s.octets(una));
        CongestionCheck.Sacked merged = s.add(una.plus(150), una.plus(200), una);
        assertEquals(2, merged.ranges().size(), "touching ranges merge");
        assertEquals(300, merged.octets(una));
        CongestionCheck.Sacked trimmed = merged.trim(una.plus(100));
        assertEquals(250, trimmed.octets(una.plus(100)));
        assertEquals(una.plus(100), trimmed.ranges().head().left());
        assertEquals(CongestionCheck.Sacked.NONE, merged.trim(una.plus(400)));
        assertEquals(s, s.trim(una), "nothing to trim");
        assertEquals(s, s.add(una.plus(10), una.plus(10), una), "an empty block adds nothing");
        assertEquals(Option.some(una.plus(400)), s.highest());
    }

    @Test
    void sackedRangesAcrossTheWrapCountNewOctetsOnce() {
        SeqNum una = SeqNum.of(0xFFFF_FF00L);
        CongestionCheck.Sacked s = CongestionCheck.Sacked.NONE
                .add(SeqNum.of(0xFFFF_FF80L), SeqNum.of(0xFFFF_FFE4L), una);
        assertEquals(100, s.octets(una));
        assertEquals(s, s.add(SeqNum.of(0xFFFF_FF80L), SeqNum.of(0xFFFF_FFE4L), una));
        // Across the wrap, overlapping the first block by 0x1C octets.
        CongestionCheck.Sacked w = s.add(SeqNum.of(0xFFFF_FFC8L), SeqNum.of(0x10L), una);
        assertEquals(100 + 0x2C, w.octets(una));
        assertEquals(List.of(new SegmentOption.SackBlock(SeqNum.of(0xFFFF_FF80L), SeqNum.of(0x10L))), w.ranges());
        CongestionCheck.Sacked two = w.add(SeqNum.of(0x20L), SeqNum.of(0x30L), una);
        assertEquals(List.of(SeqNum.of(0xFFFF_FFF0L), SeqNum.of(0x20L)),
                two.trim(SeqNum.of(0xFFFF_FFF0L)).ranges().map(SegmentOption.SackBlock::left));
        assertEquals(1, two.trim(SeqNum.of(0x20L)).ranges().size());
        assertTrue(two.trim(SeqNum.of(0x30L)).isEmpty());
    }

    @Test
    void anUndoneReductionRestoresTheBoundBeforeIt() {
        Sender s = new Sender(1, false);
        s.send(10);
        CongestionBounds before = s.c.bounds().get();
        s.retransmit(s.at(0));
        assertTrue(s.c.bounds().get().recovery());
        CongestionBounds reduced = s.c.bounds().get();
        CongestionCheck undone = s.c.undo();
        assertFalse(undone.bounds().get().recovery());
        assertEquals(before.ssthresh(), undone.bounds().get().ssthresh(), "slow start again");
        assertEquals(Math.max(before.cwnd(), reduced.cwnd()), undone.bounds().get().cwnd());
        assertEquals(Option.some(s.nxt()), undone.lastRetransmit(), "the retransmission may still be delivered");
        assertEquals(CongestionCheck.start(RULES), CongestionCheck.start(RULES).undo());
    }

    @Test
    void whereDeliveredOctetsCountSackedOctetsGrowTheBound() {
        Sender linux = new Sender(1, true, CongestionBounds.Rules.linux());
        linux.send(10);
        linux.ack(linux.at(0), linux.smss, 3L * linux.smss);
        assertEquals(12L * linux.smss + linux.smss, linux.c.bounds().get().limit(),
                "two segments SACKed grow cwnd by two (Linux), Limited Transmit adds one");
        Sender rfc = new Sender(1, true);
        rfc.send(10);
        rfc.ack(rfc.at(0), rfc.smss, 3L * rfc.smss);
        assertEquals(10L * rfc.smss + rfc.smss, rfc.c.bounds().get().limit());
    }

    @Test
    void aProbeMayTakeOneSegmentBeyondTheBound() {
        Sender s = new Sender(1, false);
        s.send(10);
        Segment eleventh = Segment.of(s.nxt()).withAck(Y.plus(1)).withDataLength(s.smss);
        assertFalse(s.c.sent(s.t, eleventh).violations().isEmpty());
        assertTrue(s.c.sent(s.t, eleventh, true).violations().isEmpty(), "RFC 8985 §7.3");
        Segment twelfth = eleventh.withDataLength(2 * s.smss);
        assertFalse(s.c.sent(s.t, twelfth, true).violations().isEmpty(), "one segment, no more");
    }

    @Test
    void aLaterTimeoutRaisesSsthreshToSevenTenthsOfTheLargerFlight() {
        Sender s = new Sender(1, false);
        s.send(10);
        s.c = s.c.timedOut(s.t);
        // Twenty more segments go out (not checked while backed off), and the timer expires again.
        s.t = s.t.withSnd(s.t.snd().withNxt(s.at(30)));
        s.c = s.c.timedOut(s.t);
        assertEquals(21_000, s.c.bounds().get().ssthresh(), "0.7 of 30 segments");
        assertEquals(s.smss, s.c.bounds().get().cwnd());
        assertEquals(Option.some(s.at(30)), s.c.timeoutRecover());
    }

    @Test
    void withoutSackAnAckWithAnotherWindowOrTextIsNoDuplicate() {
        Sender s = new Sender(1, false);
        s.send(10);
        Segment dup = Segment.of(Y.plus(1)).withAck(s.at(0)).withWindow(WND);
        s.c = s.c.arrived(P, s.t, s.t, dup.withWindow(WND - 1));
        assertEquals(0, s.c.bounds().get().dupAcks(), "RFC 5681 §2: the window changed");
        s.c = s.c.arrived(P, s.t, s.t, dup.withDataLength(1));
        assertEquals(0, s.c.bounds().get().dupAcks(), "RFC 5681 §2: it carries data");
        s.c = s.c.arrived(P, s.t, s.t, dup);
        assertEquals(1, s.c.bounds().get().dupAcks());
    }
}
