package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** RFC 9293 §3.9.1.2 (PUSH: MUST-60, MUST-61, MAY-17) and §3.8.5 (urgent data: MUST-30 to MUST-33, MUST-62). */
class PushAndUrgentTest {

    static final Profile RFC = Profile.rfc9293();

    // §3.9.1.2: without a PUSH flag on SEND, the sender "MUST set the PSH bit in the last buffered segment (i.e.,
    // when there is no more queued data to be sent) (MUST-61)". The model's segments do.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void theLastBufferedSegmentCarriesPsh(Profile p) {
        Tcb t = established(p);
        int mss = t.snd().mss();
        Step s = ok(p, t, UserCalls.send(p, t, 2L * mss + 7, X, T0, Choices.reference()));
        Tcb before = t.withSendQueue(2L * mss + 7);
        int last = 0;
        for (Segment seg : s.sent()) {
            assertEquals(List.empty(), PushRules.violations(before, seg, false));
            last += PushRules.lastBuffered(before, seg) ? 1 : 0;
            before = before.withSendQueue(before.sendQueue() - seg.dataLength())
                    .withSnd(before.snd().withNxt(before.snd().nxt().plus(seg.dataLength())));
        }
        assertEquals(1, last, "exactly one segment empties the queue");
        Segment tail = s.sent().last();
        Tcb atTail = t.withSendQueue(7).withSnd(t.snd().withNxt(tail.seq()));
        assertEquals("MUST-61", PushRules.violations(atTail, tail.without(Control.PSH), false).head()
                .substring(0, 7));
        assertEquals(List.empty(), PushRules.violations(atTail, tail.without(Control.PSH), true),
                "with a PUSH flag on SEND the application decides");
        Segment first = s.sent().head();
        assertEquals(List.empty(), PushRules.violations(t.withSendQueue(2L * mss + 7), first.without(Control.PSH),
                false), "more is queued after it");
    }

    // §3.9.1.3: "A TCP receiver MAY pass a received PSH bit to the application layer ... but it is not required":
    // text is accepted, acknowledged and delivered the same with and without PSH, in every state.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void theReceiverDoesNotNeedPsh(Profile p) {
        for (Tcb t : everyState(p)) {
            for (long off : new long[] {-1, 0, 5}) {
                Segment seg = peer(off, 0, Control.ACK).withDataLength(10);
                var with = Arrival.segmentArrives(p, t, seg.with(Control.PSH), NEW_ISS, T0, Choices.reference());
                var without = Arrival.segmentArrives(p, t, seg, NEW_ISS, T0, Choices.reference());
                // The segment held for reassembly keeps its bits; what is taken from it does not depend on PSH.
                assertEquals(without.map(Step::tcb), with.map(x -> unpushed(x.tcb())), t.state() + " " + off);
                assertEquals(without.map(Step::sent), with.map(Step::sent), t.state() + " " + off);
                assertEquals(without.map(Step::told), with.map(Step::told), t.state() + " " + off);
            }
        }
    }

    static Tcb unpushed(Tcb t) {
        return t.withReassembly(t.reassembly().map(x -> x.without(Control.PSH)));
    }

    // MUST-62: "The urgent pointer MUST point to the sequence number of the octet following the urgent data", and the
    // URG flag is set in every segment before it (§3.8.5).
    @Test
    void theUrgentPointerPointsPastTheUrgentData() {
        Tcb t = established(RFC);
        SeqNum up = UrgentRules.sndUpAfterSend(t, 10);
        assertEquals(t.snd().nxt().plus(10), up);
        assertEquals(t.snd().nxt().plus(15), UrgentRules.sndUpAfterSend(t.withSendQueue(5), 10), "behind 5 queued");
        assertThrows(IllegalArgumentException.class, () -> UrgentRules.sndUpAfterSend(t, 0));
        Segment data = ok(RFC, t, UserCalls.send(RFC, t, 10, X, T0, Choices.reference())).sent().head();
        assertEquals(Option.some(10), UrgentRules.expected(up, data));
        Segment urgent = data.withUrgent(10);
        assertEquals(List.empty(), UrgentRules.violations(Option.some(up), urgent));
        assertTrue(UrgentRules.violations(Option.some(up), data).head().startsWith("MUST-30"), "URG missing");
        assertTrue(UrgentRules.violations(Option.some(up), data.withUrgent(9)).head().startsWith("MUST-62"),
                "RFC 793's pointer to the last urgent octet");
        // A pure ACK before SND.UP carries it too; a segment at or after SND.UP does not.
        Segment ack = Segment.of(t.snd().nxt()).withAck(t.rcv().nxt());
        assertEquals(Option.some(10), UrgentRules.expected(up, ack));
        Segment after = Segment.of(up).withAck(t.rcv().nxt()).withDataLength(3);
        assertEquals(Option.none(), UrgentRules.expected(up, after));
        assertFalse(UrgentRules.violations(Option.some(up), after.withUrgent(1)).isEmpty(), "URG with none pending");
        assertEquals(List.empty(), UrgentRules.violations(Option.none(), data));
        // MUST-31: urgent data of any length: beyond the 16-bit field the pointer is capped and moves on.
        SeqNum far = t.snd().nxt().plus(100_000);
        assertEquals(Option.some(UrgentRules.MAX_FIELD), UrgentRules.expected(far, data));
        assertEquals(Option.some(100_000 - 70_000), UrgentRules.expected(far, data.withSeq(data.seq().plus(70_000))));
    }

    // The two sides agree: the receiver's RCV.UP (§3.10.7.4 sixth) lands on the sender's SND.UP, the user is told
    // once (MUST-32), and what remains urgent shrinks as RECEIVE returns the text (MUST-33).
    @Test
    void theReceiverFindsTheSendersUrgentPoint() {
        Tcb receiver = established(RFC);
        SeqNum sndUp = receiver.rcv().nxt().plus(10);
        Segment seg = peer(0, 0, Control.ACK).withDataLength(30);
        seg = seg.withUrgent(UrgentRules.expected(sndUp, seg).get());
        Step s = arrive(RFC, receiver, seg);
        assertEquals(sndUp, s.tcb().rcv().up());
        assertEquals(List.of(Notice.URGENT), s.told());
        assertEquals(10, UrgentRules.remaining(s.tcb()), "30 octets unread, the first 10 urgent");
        Tcb read4 = ok(RFC, s.tcb(), UserCalls.receive(RFC, s.tcb(), 4, T0)).tcb();
        assertEquals(6, UrgentRules.remaining(read4));
        Tcb readAll = ok(RFC, s.tcb(), UserCalls.receive(RFC, s.tcb(), 30, T0)).tcb();
        assertEquals(0, UrgentRules.remaining(readAll));
        assertEquals(0, UrgentRules.remaining(receiver), "no urgent data yet");
        // The next segment, after the urgent point, with the URG flag still set by a sender whose SND.UP has not
        // moved: nothing new to tell.
        Segment next = peer(30, 0, Control.ACK).withDataLength(5);
        assertEquals(Option.none(), UrgentRules.expected(sndUp, next));
        assertEquals(List.empty(), arrive(RFC, s.tcb(), next).told());
    }

    // §3.4 MUST-66: "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made to
    // accept valid ACKs, URGs, and RSTs": the urgent pointer of a segment at RCV.NXT is taken, its text is not.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void theUrgentPointerIsTakenInAZeroWindow(Profile p) {
        Tcb t = established(p);
        t = t.withRcv(t.rcv().withWnd(0));
        Segment urgent = peer(0, 0, Control.ACK).withDataLength(10).withUrgent(4);
        Step s = arrive(p, t, urgent);
        assertEquals(t.rcv().nxt().plus(4), s.tcb().rcv().up());
        assertEquals(List.of(Notice.URGENT), s.told());
        assertEquals(t.rcv().nxt(), s.tcb().rcv().nxt(), "the text is refused");
        assertEquals(List.of(ZeroWindowProbing.answer(t)), s.sent(), "and acknowledged with the zero window");
        // Beyond RCV.NXT the segment is not acceptable at all: nothing is taken.
        Step beyond = arrive(p, t, peer(3, 0, Control.ACK).withDataLength(10).withUrgent(4));
        assertEquals(t.rcv().up(), beyond.tcb().rcv().up());
        assertEquals(List.empty(), beyond.told());
    }
}
