package io.github.tcpmodel.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.HashSet;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class SegmentTest {

    // C4, C20: SYN and FIN each consume one sequence number; a pure ACK consumes none (RFC 9293 §3.4).
    @Test
    void segLenCountsSynAndFin_c4_c20() {
        SeqNum s = SeqNum.of(100);
        assertEquals(0, Segment.of(s).withAck(s).len());
        assertEquals(1, Segment.of(s, Control.SYN).len());
        assertEquals(1, Segment.of(s, Control.FIN).withAck(s).len());
        assertEquals(12, Segment.of(s, Control.SYN, Control.FIN).withDataLength(10).len());
        assertEquals(5, Segment.of(s).withAck(s).withDataLength(5).len());
        assertEquals(SeqNum.of(111), Segment.of(s, Control.SYN, Control.FIN).withDataLength(10).last());
    }

    @Test
    void trimKeepsOnlyTheWindowSynAndFinIncluded() {
        Vector<Byte> data = Vector.range(0, 10).map(Integer::byteValue);
        Segment s = Segment.of(SeqNum.of(100), Control.SYN, Control.FIN).withData(data);
        // Occupies 100 (SYN), 101..110 (data), 111 (FIN).
        Segment front = s.trim(SeqNum.of(103), 100).get();
        assertEquals(SeqNum.of(103), front.seq());
        assertEquals(8, front.dataLength());
        assertTrue(!front.syn() && front.fin());
        assertEquals(Vector.range(2, 10).map(Integer::byteValue), front.data().get());
        Segment back = s.trim(SeqNum.of(100), 5).get();
        assertTrue(back.syn() && !back.fin());
        assertEquals(4, back.dataLength());
        assertEquals(Vector.range(0, 4).map(Integer::byteValue), back.data().get());
        assertTrue(s.trim(SeqNum.of(112), 10).isEmpty());
        assertTrue(s.trim(SeqNum.of(50), 50).isEmpty());
    }

    @Test
    void badFieldsAreErrorValues() {
        assertTrue(Segment.checked(-1, 0, HashSet.empty(), 0, 0, 0, Option.none(), Option.none()).isLeft());
        assertTrue(Segment.checked(0, 0, HashSet.empty(), -5, 0, 0, Option.none(), Option.none()).isLeft());
        assertTrue(Segment.checked(0, 0, HashSet.empty(), 0, 70_000, 0, Option.none(), Option.none()).isLeft());
        assertTrue(Segment.checked(0, 0, HashSet.empty(), 0, 0, 3, Option.some(Vector.of((byte) 1)), Option.none())
                .isLeft());
        assertTrue(Segment.checked(0, 0, HashSet.empty(), 0, 0, 0, Option.none(), Option.some(0)).isLeft());
        assertTrue(Segment.checked(0, 0, null, 0, 0, 0, Option.none(), Option.none()).isLeft());
        assertEquals("<SEQ=7><ACK=9><CTL=ACK,FIN><WND=3>",
                Segment.checked(7, 9, HashSet.of(Control.ACK, Control.FIN), 3, 0, 0, Option.none(), Option.none())
                        .get().toString());
    }
}
