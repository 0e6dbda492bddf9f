package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Timer;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** RFC 7413 §4.1.3 and §4.2.2 at the client: text on the SYN, and what the SYN,ACK does not acknowledge. */
class FastOpenClientTest {

    static final Profile LINUX = Profile.linux();
    static final Profile CLIENT = LINUX.withExtensions(LINUX.extensions().withFastOpen(true, false));

    static Step open(Profile p) {
        return UserCalls.open(p, Tcb.closed(), false, true, Option.none(), X, T0).get();
    }

    static Step synWithText(long queued, long text) {
        return FastOpen.withSynText(CLIENT, open(CLIENT), queued, text, 1420).get();
    }

    static Segment synAck(long ackedText) {
        return Segment.of(Y, Control.SYN, Control.ACK).withAck(X.plus(1 + ackedText)).withWindow(PEER_WND)
                .withMss(1460);
    }

    // §4.1.3: the cached MSS bounds the text, less the room of the SYN's options; without one, MUST-15's default.
    @Test
    void theRoomIsTheCachedMssLessTheOptionRoom() {
        assertEquals(900, FastOpen.synTextRoom(Option.some(940), 536));
        assertEquals(496, FastOpen.synTextRoom(Option.none(), 536));
        assertEquals(0, FastOpen.synTextRoom(Option.some(20), 536));
    }

    // §4.2.2: the SYN carries the text; SND.NXT is past it, the rest stays queued, the SYN is what is retransmitted.
    @Test
    void theSynCarriesTheChosenText() {
        Step s = synWithText(5000, 1000);
        Segment syn = s.sent().single();
        assertTrue(syn.syn() && !syn.isAck());
        assertEquals(1000, syn.dataLength());
        assertEquals(X.plus(1001), s.tcb().snd().nxt());
        assertEquals(4000, s.tcb().sendQueue());
        assertEquals(syn, s.tcb().retransmission().single());
        assertTrue(s.tcb().is(TcpState.SYN_SENT));
    }

    // The amount is the script's (the client's) choice, checked: within the queue, the room, and the switch.
    @Test
    void textBeyondTheQueueTheRoomOrTheSwitchIsRefused() {
        assertTrue(FastOpen.withSynText(CLIENT, open(CLIENT), 100, 200, 1420).isLeft());
        assertTrue(FastOpen.withSynText(CLIENT, open(CLIENT), 2000, 1421, 1420).isLeft());
        assertTrue(FastOpen.withSynText(CLIENT, open(CLIENT), 100, -1, 1420).isLeft());
        Either<String, Step> off = FastOpen.withSynText(LINUX, open(LINUX), 100, 100, 1420);
        assertTrue(off.isLeft());
        Step opened = synWithText(100, 100);
        assertTrue(FastOpen.withSynText(CLIENT, opened, 100, 10, 1420).isLeft(), "text goes on the first SYN only");
    }

    // A SYN,ACK acknowledging all of the text: ESTABLISHED with nothing outstanding.
    @Test
    void aSynAckOfAllTheTextEstablishes() {
        Step s = arrive(CLIENT, synWithText(1000, 1000).tcb(), synAck(1000));
        assertTrue(s.tcb().is(TcpState.ESTABLISHED));
        assertEquals(X.plus(1001), s.tcb().snd().una());
        assertEquals(X.plus(1001), s.tcb().snd().nxt());
        assertEquals(0, s.tcb().sendQueue());
        assertTrue(s.tcb().retransmission().isEmpty());
    }

    // §4.2.2: the server may acknowledge the SYN alone, or part of the text; what it did not acknowledge is queued
    // again, ahead of the rest, and SND.NXT returns to SND.UNA.
    @Test
    void whatTheSynAckLeavesUnacknowledgedIsSentAgain() {
        for (long acked : new long[] {0, 100, 699}) {
            Step s = arrive(CLIENT, synWithText(1000, 700).tcb(), synAck(acked));
            assertTrue(s.tcb().is(TcpState.ESTABLISHED));
            assertEquals(X.plus(1 + acked), s.tcb().snd().una());
            assertEquals(s.tcb().snd().una(), s.tcb().snd().nxt());
            assertEquals(1000 - acked, s.tcb().sendQueue());
            assertTrue(s.tcb().retransmission().isEmpty());
        }
    }

    // RFC 9293 §3.10.7.3: an ACK beyond the text is still unacceptable: a RST, and SYN-SENT stays.
    @Test
    void aSynAckBeyondTheTextIsUnacceptable() {
        Step s = arrive(CLIENT, synWithText(1000, 700).tcb(), synAck(701));
        assertTrue(s.tcb().is(TcpState.SYN_SENT));
        assertTrue(s.sent().single().rst());
    }

    // RFC 7413 §7.1: on a timeout the SYN goes again plain, its text back on the queue.
    @Test
    void aTimedOutFastOpenSynIsRetransmittedPlain() {
        Tcb t = synWithText(1500, 1000).tcb();
        Step timeout = Timeouts.expire(CLIENT, t, Timer.RETRANSMISSION, T0 + 5_000, Choices.reference()).get();
        Step plain = FastOpen.plainSynRetransmission(timeout);
        Segment syn = plain.sent().single();
        assertTrue(syn.syn());
        assertEquals(0, syn.dataLength());
        assertTrue(syn.option(SegmentOption.FastOpen.class).isEmpty());
        assertEquals(X.plus(1), plain.tcb().snd().nxt());
        assertEquals(1500, plain.tcb().sendQueue());
        assertEquals(syn, plain.tcb().retransmission().single());
        Step established = arrive(CLIENT, plain.tcb(), synAck(0));
        assertEquals(1500, established.tcb().sendQueue());
    }

    // A plain SYN's timeout, and a step that is not a SYN's, are left as they are.
    @Test
    void otherTimeoutsAreUnchanged() {
        Step plainOpen = open(LINUX);
        Step timeout = Timeouts.expire(LINUX, plainOpen.tcb(), Timer.RETRANSMISSION, T0 + 5_000,
                Choices.reference()).get();
        assertSame(timeout, FastOpen.plainSynRetransmission(timeout));
        assertFalse(timeout.sent().isEmpty());
    }
}
