package io.github.tcpmodel.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Mss;
import io.github.tcpmodel.option.SegmentOption.Nop;
import io.github.tcpmodel.option.SegmentOption.WindowScale;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** A segment's option list (RFC 9293 §3.1) and ECN bits (RFC 3168 §6.1), and the MSS accessor kept from before. */
class SegmentOptionsTest {

    static final SeqNum S = SeqNum.of(100);

    @Test
    void theMssConstructorIsTheSegmentWithAnMssOption() {
        Segment old = new Segment(S, SeqNum.ZERO, TreeSet.of(Control.SYN), 10, 0, 0, Option.none(), Option.some(1460));
        Segment now = new Segment(S, SeqNum.ZERO, TreeSet.of(Control.SYN), 10, 0, 0, Option.none(),
                List.of(new Mss(1460)), TreeSet.empty());
        assertEquals(now, old);
        assertEquals(Option.some(1460), old.mss());
        assertEquals(Option.none(), Segment.of(S).mss());
        assertEquals(old, Segment.of(S, Control.SYN).withWindow(10).withMss(1460));
    }

    // The list is kept as sent: order and NOPs count for an exact comparison.
    @Test
    void theOptionListIsKeptInOrder() {
        Segment a = Segment.of(S, Control.SYN).withOptions(List.of(new Nop(), new WindowScale(7), new Mss(1000)));
        Segment b = Segment.of(S, Control.SYN).withOptions(List.of(new WindowScale(7), new Nop(), new Mss(1000)));
        assertTrue(!a.equals(b));
        assertEquals(Option.some(1000), a.mss());
        assertEquals(List.of(new Nop(), new WindowScale(7), new Mss(536)), a.withMss(536).options(),
                "withMss replaces the MSS option in place");
        assertEquals(List.of(new Mss(536), new WindowScale(7)),
                Segment.of(S).withOptions(List.of(new WindowScale(7))).withMss(536).options());
        assertEquals(a.options(), a.trim(S, 10).get().options());
        assertEquals(Option.some(new WindowScale(7)), a.option(WindowScale.class));
    }

    @Test
    void theEcnBitsAreKeptApartFromTheControlBits() {
        Segment s = Segment.of(S, Control.SYN).withEcn(EcnFlag.ECE, EcnFlag.CWR);
        assertTrue(s.has(EcnFlag.ECE) && s.has(EcnFlag.CWR));
        assertEquals(TreeSet.of(Control.SYN), s.controls());
        assertEquals(s.ecn(), s.withAck(S).ecn());
        assertTrue(s.withEcn().ecn().isEmpty());
    }

    @Test
    void anMssOptionOutOfRangeIsRefused() {
        assertTrue(Segment.checked(1, 1, HashSet.of(Control.ACK), 0, 0, 0, Option.none(),
                List.<SegmentOption>of(new Mss(0)), TreeSet.empty()).getLeft().contains("MSS"));
        assertThrows(IllegalArgumentException.class, () -> Segment.of(S).withOptions(List.of(new Mss(0))));
        assertTrue(Segment.checked(1, 1, HashSet.of(Control.ACK), 0, 0, 0, Option.none(), Option.some(70_000))
                .getLeft().contains("MSS"));
    }
}
