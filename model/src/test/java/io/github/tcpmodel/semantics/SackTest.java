package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption.Sack;
import io.github.tcpmodel.option.SegmentOption.SackBlock;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** RFC 2018 §3, §4, RFC 2883 §4 and RFC 6675 §4: what a receiver reports and what a sender infers. */
class SackTest {

    static final Profile LINUX = Profile.linux();

    static SackBlock block(long from, long to) {
        return new SackBlock(Y.plus(1 + from), Y.plus(1 + to));
    }

    static Segment data(long off, int n) {
        return PawsTest.data(off, n, 600);
    }

    // RFC 2018 §4: the ACK of a segment held beyond RCV.NXT carries the blocks held, the one containing that
    // segment first; a segment that closes the gap between two blocks merges them.
    @Test
    void theReceiverReportsWhatItHoldsMostRecentFirst() {
        Tcb t = PawsTest.established();
        Step a = arrive(LINUX, t, data(100, 50), T0 + 1, Choices.reference());
        assertEquals(Option.some(Sack.of(block(100, 150))), a.sent().single().option(Sack.class));
        Step b = arrive(LINUX, a.tcb(), data(300, 20), T0 + 2, Choices.reference());
        assertEquals(Option.some(Sack.of(block(300, 320), block(100, 150))), b.sent().single().option(Sack.class));
        Step c = arrive(LINUX, b.tcb(), data(150, 150), T0 + 3, Choices.reference());
        assertEquals(Option.some(Sack.of(block(100, 320))), c.sent().single().option(Sack.class));
        for (Step s : List.of(a, b, c)) {
            Segment recent = s == a ? data(100, 50) : s == b ? data(300, 20) : data(150, 150);
            assertEquals(List.empty(), SackRules.violations(s.tcb(), Option.some(recent),
                    s.sent().single().option(Sack.class).get(), true));
        }
        // The segment at RCV.NXT that fills the hole: everything is acknowledged, no SACK option.
        Step d = arrive(LINUX, c.tcb(), data(0, 100), T0 + 4, Choices.reference());
        assertEquals(Y.plus(321), d.tcb().rcv().nxt());
        assertTrue(d.sent().single().option(Sack.class).isEmpty());
    }

    // RFC 2018 §3: "a maximum of 3 SACK blocks" beside the Timestamps option.
    @Test
    void atMostThreeBlocksBesideTimestamps() {
        Tcb t = PawsTest.established();
        for (int i = 0; i < 5; i++) {
            t = arrive(LINUX, t, data(100L * (i + 1), 10), T0 + 1 + i, Choices.reference()).tcb();
        }
        assertEquals(5, SackRules.held(t).size());
        assertEquals(List.of(block(500, 510), block(400, 410), block(300, 310)), SackRules.report(t, 3));
        Sack four = new Sack(SackRules.report(t, 4));
        assertTrue(SackRules.violations(t, Option.some(data(500, 10)), four, true).head().contains("at most 3"));
        assertEquals(List.empty(), SackRules.violations(t, Option.some(data(500, 10)), four, false));
    }

    @Test
    void blocksMustReportHeldDataTheMostRecentFirstAndNoSubsetTwice() {
        Tcb t = PawsTest.established();
        t = arrive(LINUX, t, data(100, 50), T0 + 1, Choices.reference()).tcb();
        t = arrive(LINUX, t, data(300, 20), T0 + 2, Choices.reference()).tcb();
        Option<Segment> recent = Option.some(data(300, 20));
        assertTrue(SackRules.violations(t, recent, Sack.of(block(300, 330)), true).head()
                .contains("does not hold"));
        assertTrue(SackRules.violations(t, recent, Sack.of(block(100, 150), block(300, 320)), true).head()
                .contains("the first block must contain"));
        assertTrue(SackRules.violations(t, recent, Sack.of(block(300, 320), block(300, 310)), true).head()
                .contains("subset"));
        assertTrue(SackRules.violations(t, recent, Sack.of(block(0, 10)), true).exists(v -> v.contains("within")),
                "data at RCV.NXT is acknowledged cumulatively, not selectively");
        assertEquals(List.empty(), SackRules.violations(t, recent, Sack.of(block(300, 320), block(110, 140)), true),
                "a block may report part of what is held");
    }

    // RFC 2883 §4: a duplicate is reported first, below the cumulative ACK, or within the second block.
    @Test
    void aDuplicateIsReportedFirstBelowTheAckOrWithinTheSecondBlock() {
        Tcb t = PawsTest.established();
        t = arrive(LINUX, t, data(0, 100), T0 + 1, Choices.reference()).tcb();
        t = arrive(LINUX, t, data(200, 50), T0 + 2, Choices.reference()).tcb();
        Segment oldDup = data(0, 50);
        assertTrue(SackRules.isDsack(t.rcv().nxt(), List.of(block(0, 50))));
        assertEquals(List.empty(), SackRules.violations(t, Option.some(oldDup),
                Sack.of(block(0, 50), block(200, 250)), true));
        Segment heldDup = data(210, 20);
        assertTrue(SackRules.isDsack(t.rcv().nxt(), List.of(block(210, 230), block(200, 250))));
        assertEquals(List.empty(), SackRules.violations(t, Option.some(heldDup),
                Sack.of(block(210, 230), block(200, 250)), true));
        assertFalse(SackRules.isDsack(t.rcv().nxt(), List.of(block(200, 250), block(210, 230))));
        assertTrue(SackRules.violations(t, Option.some(data(300, 10)), Sack.of(block(0, 50), block(200, 250)), true)
                .exists(v -> v.contains("RFC 2883")), "a D-SACK reports the duplicate that triggered the ACK");
    }

    // RFC 2018 §5, RFC 6675 §3: the scoreboard is the union of the blocks above SND.UNA, D-SACKs left out.
    @Test
    void theScoreboardIsTheUnionOfTheBlocksAboveUna() {
        SeqNum una = SeqNum.of(1000);
        Segment first = Segment.of(SeqNum.of(7)).withAck(una).withOptions(List.of(Sack.of(
                new SackBlock(SeqNum.of(2000), SeqNum.of(2500)))));
        Segment second = Segment.of(SeqNum.of(7)).withAck(una).withOptions(List.of(Sack.of(
                new SackBlock(SeqNum.of(3000), SeqNum.of(3100)), new SackBlock(SeqNum.of(2400), SeqNum.of(2600)))));
        Segment dsack = Segment.of(SeqNum.of(7)).withAck(una).withOptions(List.of(Sack.of(
                new SackBlock(SeqNum.of(500), SeqNum.of(900)), new SackBlock(SeqNum.of(3000), SeqNum.of(3100)))));
        List<SackBlock> board = SackRules.scoreboard(una, List.of(first, second, dsack));
        assertEquals(List.of(new SackBlock(SeqNum.of(2000), SeqNum.of(2600)),
                new SackBlock(SeqNum.of(3000), SeqNum.of(3100))), board);
        assertEquals(List.of(new SackBlock(SeqNum.of(3000), SeqNum.of(3100))),
                SackRules.scoreboard(SeqNum.of(2600), List.of(first, second, dsack)));
    }

    // RFC 6675 §4 IsLost: DupThresh (3) discontiguous SACKed sequences above, or more than 2 * SMSS octets.
    @Test
    void isLostCountsBlocksAndOctetsAbove() {
        List<SackBlock> three = List.of(new SackBlock(SeqNum.of(200), SeqNum.of(210)),
                new SackBlock(SeqNum.of(300), SeqNum.of(310)), new SackBlock(SeqNum.of(400), SeqNum.of(410)));
        assertTrue(SackRules.isLost(three, SeqNum.of(100), 1000));
        assertFalse(SackRules.isLost(three.take(2), SeqNum.of(100), 1000));
        assertFalse(SackRules.isLost(three, SeqNum.of(250), 1000), "only two blocks lie above 250");
        List<SackBlock> big = List.of(new SackBlock(SeqNum.of(200), SeqNum.of(2201)));
        assertTrue(SackRules.isLost(big, SeqNum.of(100), 1000), "2001 octets > 2 * SMSS");
        assertFalse(SackRules.isLost(big, SeqNum.of(100), 1001));
    }

    // RFC 2018 §3: the limit named in the violation is the one that applies (3 beside timestamps), and a SACK
    // option without blocks is malformed.
    @Test
    void theBlockLimitAndAnEmptyOptionAreNamed() {
        Tcb t = PawsTest.established();
        for (int i = 0; i < 4; i++) {
            t = arrive(LINUX, t, data(100L * (i + 1), 10), T0 + 1 + i, Choices.reference()).tcb();
        }
        Sack four = new Sack(SackRules.report(t, 4));
        assertEquals(List.of("RFC 2018 §3: at most 3 blocks with timestamps, not 4"),
                SackRules.violations(t, Option.some(data(400, 10)), four, true));
        assertEquals(List.of("RFC 2018 §3: a SACK option carries at least one block"),
                SackRules.violations(t, Option.some(data(400, 10)), new Sack(List.empty()), false));
        assertFalse(SackRules.isDsack(t.rcv().nxt(), List.empty()));
    }

    // RFC 2883 §4 and RFC 2018 §4 speak of the segment that triggered the ACK: an ACK that answers a segment without
    // data (a window probe's ACK, a pure ACK) neither justifies a D-SACK nor binds the first block.
    @Test
    void aSegmentWithoutDataNeitherJustifiesADsackNorBindsTheFirstBlock() {
        Tcb t = PawsTest.established();
        t = arrive(LINUX, t, data(0, 100), T0 + 1, Choices.reference()).tcb();
        t = arrive(LINUX, t, data(200, 50), T0 + 2, Choices.reference()).tcb();
        Option<Segment> bareInsideDup = Option.some(data(20, 0));
        assertTrue(SackRules.violations(t, bareInsideDup, Sack.of(block(0, 50), block(200, 250)), true)
                .exists(v -> v.startsWith("RFC 2883 §4")));
        Option<Segment> bareBeyond = Option.some(data(500, 0));
        assertEquals(List.empty(), SackRules.violations(t, bareBeyond, Sack.of(block(200, 250)), true));
    }

    // RFC 6675 §3: blocks the sender may not use are left out of the scoreboard: an empty block, and a block at or
    // below SND.UNA that is not first (so not a D-SACK); one that straddles SND.UNA counts from SND.UNA.
    @Test
    void theScoreboardLeavesOutEmptyBlocksAndBlocksBelowUna() {
        SeqNum una = SeqNum.of(2000);
        Segment ack = Segment.of(SeqNum.of(7)).withAck(SeqNum.of(1000)).withOptions(List.of(Sack.of(
                new SackBlock(SeqNum.of(1200), SeqNum.of(1300)), new SackBlock(SeqNum.of(1500), SeqNum.of(2000)),
                new SackBlock(SeqNum.of(2500), SeqNum.of(2500)), new SackBlock(SeqNum.of(1900), SeqNum.of(2100)))));
        assertEquals(List.of(new SackBlock(una, SeqNum.of(2100))), SackRules.scoreboard(una, List.of(ack)));
        Segment empty = Segment.of(SeqNum.of(7)).withAck(una).withOptions(List.of(Sack.of(
                new SackBlock(SeqNum.of(2000), SeqNum.of(2100)), new SackBlock(SeqNum.of(2600), SeqNum.of(2600)))));
        assertEquals(List.of(new SackBlock(una, SeqNum.of(2100))), SackRules.scoreboard(una, List.of(empty)));
    }

    // RFC 6675 §4 IsLost at its edges: exactly DupThresh blocks above is lost by count alone; exactly
    // (DupThresh - 1) * SMSS octets above is not "more than"; the octets of a block holding SeqNum are those after it.
    @Test
    void isLostAtItsBoundaries() {
        List<SackBlock> three = List.of(new SackBlock(SeqNum.of(200), SeqNum.of(201)),
                new SackBlock(SeqNum.of(300), SeqNum.of(301)), new SackBlock(SeqNum.of(400), SeqNum.of(401)));
        assertTrue(SackRules.isLost(three, SeqNum.of(100), 1000), "three one-octet blocks above");
        assertFalse(SackRules.isLost(three, SeqNum.of(200), 1000), "two blocks start above 200");
        List<SackBlock> exact = List.of(new SackBlock(SeqNum.of(200), SeqNum.of(2200)));
        assertFalse(SackRules.isLost(exact, SeqNum.of(100), 1000), "2000 octets is not more than 2 * SMSS");
        List<SackBlock> holding = List.of(new SackBlock(SeqNum.of(100), SeqNum.of(2102)));
        assertTrue(SackRules.isLost(holding, SeqNum.of(100), 1000), "101..2101: 2001 octets after SeqNum");
        assertFalse(SackRules.isLost(List.of(new SackBlock(SeqNum.of(100), SeqNum.of(2101))), SeqNum.of(100), 1000),
                "101..2100: 2000 octets after SeqNum");
    }

    // RFC 2018 §2: without SACK-Permitted on both SYNs no SACK option is sent.
    @Test
    void withoutSackPermittedNoBlocksAreSent() {
        Tcb t = NegotiationTest.synAckArrives(LINUX, List.of(new io.github.tcpmodel.option.SegmentOption.Mss(1000),
                new Timestamps(500, T0))).tcb();
        assertFalse(t.negotiated().sackOk());
        Step s = arrive(LINUX, t, data(100, 10), T0 + 1, Choices.reference());
        assertTrue(s.sent().single().option(Sack.class).isEmpty());
    }
}
