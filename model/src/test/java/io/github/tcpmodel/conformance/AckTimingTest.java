package io.github.tcpmodel.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** RFC 9293 §3.8.6.3 on a receiver's observed ACKs: MUST-40 (less than 0.5 s) and SHLD-19 (every second segment). */
class AckTimingTest {

    private static final int RMSS = 1000;
    private static final SeqNum R = SeqNum.of(4_294_966_000L);

    private static Segment ack(long off) {
        return Segment.of(SeqNum.of(77), Control.ACK).withAck(R.plus(off));
    }

    // MUST-40: "the delay MUST be less than 0.5 seconds".
    @Test
    void anAckLessThanHalfASecondAfterTheTextIsInTime() {
        AckTiming a = AckTiming.start(RMSS).received(1000, R, R.plus(100)).next();
        AckTiming.Checked inTime = a.sent(1499, ack(100));
        assertEquals(List.empty(), inTime.violations());
        assertEquals(List.empty(), inTime.next().waiting());
        AckTiming.Checked late = a.sent(1500, ack(100));
        assertEquals(1, late.violations().size());
        assertTrue(late.violations().head().startsWith("MUST-40"), late.violations()::toString);
    }

    // The oldest text an ACK covers sets its delay; a partial ACK leaves the later text waiting with its own time.
    @Test
    void eachArrivalIsTimedFromWhenItCame() {
        AckTiming a = AckTiming.start(RMSS).received(0, R, R.plus(100)).next()
                .received(400, R.plus(100), R.plus(200)).next();
        AckTiming.Checked partial = a.sent(450, ack(100));
        assertEquals(List.empty(), partial.violations());
        assertEquals(List.of(new AckTiming.Arrived(R.plus(200), 400)), partial.next().waiting());
        assertEquals(List.empty(), partial.next().sent(899, ack(200)).violations());
        assertEquals(1, partial.next().sent(900, ack(200)).violations().size());
        // Covering both at once: the older one is late.
        assertEquals(1, a.sent(600, ack(200)).violations().size());
    }

    // An ACK that acknowledges nothing new (a duplicate, a window update) or a RST does not stand for the ACK.
    @Test
    void onlyAnAckOfTheWaitingTextCounts() {
        AckTiming a = AckTiming.start(RMSS).received(0, R, R.plus(100)).next();
        AckTiming dup = a.sent(10, ack(0)).next();
        assertEquals(1, dup.waiting().size());
        AckTiming rst = a.sent(10, ack(100).with(Control.RST)).next();
        assertEquals(1, rst.waiting().size());
        // An ACK riding on text counts like a pure one.
        assertEquals(List.empty(), a.sent(10, ack(100).withDataLength(50)).next().waiting());
    }

    // Time passing without an ACK: reported once, at the first observation 500 ms or more after the text came, and not
    // again when the ACK finally comes.
    @Test
    void textLeftUnacknowledgedIsReportedOnce() {
        AckTiming a = AckTiming.start(RMSS).received(0, R, R.plus(1)).next();
        assertEquals(List.empty(), a.elapsed(499).violations());
        AckTiming.Checked due = a.elapsed(500);
        assertEquals(1, due.violations().size());
        assertTrue(due.violations().head().contains("still unacknowledged"));
        assertEquals(List.empty(), due.next().elapsed(900).violations());
        AckTiming acked = due.next().sent(950, ack(1)).next();
        assertEquals(List.empty(), due.next().sent(950, ack(1)).violations());
        // The next text is timed afresh, from when it came.
        AckTiming again = acked.received(1000, R.plus(1), R.plus(2)).next();
        assertEquals(List.empty(), again.elapsed(1499).violations());
        assertEquals(1, again.elapsed(1500).violations().size());
    }

    // SHLD-19: "An ACK SHOULD be generated for at least every second full-sized segment or 2*RMSS bytes of new data".
    @Test
    void aThirdFullSegmentWithoutAnAckMissesTheShould() {
        AckTiming a = AckTiming.start(RMSS);
        AckTiming.Checked one = a.received(0, R, R.plus(RMSS));
        AckTiming.Checked two = one.next().received(1, R.plus(RMSS), R.plus(2 * RMSS));
        assertEquals(List.empty(), one.shoulds());
        assertEquals(List.empty(), two.shoulds());
        AckTiming.Checked three = two.next().received(2, R.plus(2 * RMSS), R.plus(3 * RMSS));
        assertEquals(1, three.shoulds().size());
        assertTrue(three.shoulds().head().startsWith("SHLD-19"));
        assertTrue(three.shoulds().head().contains("2000 octets (2 * RMSS = 2000)"), three.shoulds()::toString);
        assertEquals(List.empty(), three.violations(), "a SHOULD is not a MUST violation");
        // Acknowledged after the second: nothing to say.
        AckTiming ackedTwo = two.next().sent(1, ack(2 * RMSS)).next();
        assertEquals(List.empty(), ackedTwo.received(2, R.plus(2 * RMSS), R.plus(3 * RMSS)).shoulds());
    }

    // An arrival that does not move RCV.NXT (out of order, a duplicate) is not timed.
    @Test
    void anArrivalThatDoesNotAdvanceRcvNxtIsNotTimed() {
        AckTiming a = AckTiming.start(RMSS);
        assertEquals(a, a.received(0, R, R).next());
        assertEquals(List.empty(), a.elapsed(10_000).violations());
    }

    // The last in-time moment: 499 ms after the oldest waiting text, none once reported or acknowledged.
    @Test
    void theDueMomentIsTheLastInTimeMillisecond() {
        AckTiming a = AckTiming.start(RMSS).received(100, R, R.plus(10)).next();
        assertEquals(io.vavr.control.Option.some(599L), a.due());
        assertEquals(io.vavr.control.Option.none(), a.elapsed(600).next().due());
        assertEquals(io.vavr.control.Option.none(), a.sent(120, ack(10)).next().due());
        assertEquals(io.vavr.control.Option.none(), AckTiming.start(RMSS).due());
    }
}
