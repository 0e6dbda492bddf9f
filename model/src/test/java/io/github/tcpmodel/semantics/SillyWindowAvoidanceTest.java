package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.SillyWindowAvoidance.Nagle;
import io.github.tcpmodel.semantics.SillyWindowAvoidance.Sender;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** RFC 9293 §3.8.6.2: silly window syndrome avoidance in the sender (MUST-38) and the receiver (MUST-39), Nagle. */
class SillyWindowAvoidanceTest {

    static final int MSS = 1000;

    static boolean allowed(Sender s, int size, boolean pushed, Nagle n) {
        return SillyWindowAvoidance.sendAllowed(s, size, pushed, n, false).isEmpty();
    }

    static String firstId(List<String> violations) {
        return violations.head().substring(0, violations.head().indexOf(':'));
    }

    // §3.8.6.2.1 rule (1): "if a maximum-sized segment can be sent, i.e., if: min(D,U) >= Eff.snd.MSS"; SHLD-28:
    // "a TCP implementation SHOULD send a maximum-sized segment whenever possible".
    @Test
    void aFullSegmentIsSentWheneverOneCanBe() {
        Sender s = new Sender(5_000, 3_000, MSS, 8_000, 2_000, false);
        assertTrue(SillyWindowAvoidance.sendNow(s, false, Nagle.CLASSIC), "rule (1), Nagle or not");
        assertTrue(allowed(s, MSS, false, Nagle.CLASSIC));
        assertEquals("SHLD-28", firstId(SillyWindowAvoidance.sendAllowed(s, 600, true, Nagle.OFF, false)));
        assertEquals("MUST-38", firstId(SillyWindowAvoidance.sendAllowed(s, MSS + 1, true, Nagle.OFF, false)),
                "beyond the MSS");
        Sender narrow = new Sender(5_000, 300, MSS, 8_000, 2_000, false);
        assertEquals("MUST-38", firstId(SillyWindowAvoidance.sendAllowed(narrow, 400, true, Nagle.OFF, true)),
                "beyond the usable window, even after the override timeout");
    }

    // Rule (2): "if the data is pushed and all queued data can be sent now, i.e., if: [SND.NXT = SND.UNA and] PUSHed
    // and D <= U (the bracketed condition is imposed by the Nagle algorithm)".
    @Test
    void allThePushedDataGoesWhenNothingIsInFlightOrNagleIsOff() {
        Sender idle = new Sender(200, 8_000, MSS, 8_000, 0, false);
        assertTrue(SillyWindowAvoidance.sendNow(idle, true, Nagle.CLASSIC));
        assertTrue(allowed(idle, 200, true, Nagle.CLASSIC));
        assertFalse(SillyWindowAvoidance.sendNow(idle, false, Nagle.CLASSIC), "not pushed, and far from half");
        assertEquals("MUST-38", firstId(SillyWindowAvoidance.sendAllowed(idle, 200, false, Nagle.CLASSIC, false)));
        assertEquals("MUST-38", firstId(SillyWindowAvoidance.sendAllowed(idle, 100, true, Nagle.CLASSIC, false)),
                "a part of the pushed data");

        Sender busy = new Sender(200, 8_000, MSS, 8_000, 1_000, false);
        assertFalse(SillyWindowAvoidance.sendNow(busy, true, Nagle.CLASSIC));
        assertEquals("SHLD-7", firstId(SillyWindowAvoidance.sendAllowed(busy, 200, true, Nagle.CLASSIC, false)));
        // MUST-17: Nagle off: the short segment goes with data in flight.
        assertTrue(SillyWindowAvoidance.sendNow(busy, true, Nagle.OFF));
        assertTrue(allowed(busy, 200, true, Nagle.OFF));
        // Appendix A.3: with full-sized segments in flight, Minshall's variant sends the short one...
        assertTrue(allowed(busy, 200, true, Nagle.MINSHALL));
        // ...but not while an earlier short segment is unacknowledged.
        Sender shortOut = new Sender(200, 8_000, MSS, 8_000, 1_000, true);
        assertEquals("SHLD-7", firstId(SillyWindowAvoidance.sendAllowed(shortOut, 200, true, Nagle.MINSHALL, false)));
    }

    // Rule (3): "if at least a fraction Fs of the maximum window can be sent ... min(D,U) >= Fs * Max(SND.WND)",
    // Fs = 1/2; rule (4): "or if the override timeout occurs".
    @Test
    void halfTheLargestWindowOrTheOverrideTimeoutLetsAShortSegmentGo() {
        Sender half = new Sender(5_000, 600, MSS, 1_200, 0, false);
        assertTrue(SillyWindowAvoidance.sendNow(half, false, Nagle.CLASSIC));
        assertTrue(allowed(half, 600, false, Nagle.CLASSIC));
        assertEquals("MUST-38", firstId(SillyWindowAvoidance.sendAllowed(half, 500, false, Nagle.CLASSIC, false)));
        Sender silly = new Sender(5_000, 100, MSS, 8_000, 0, false);
        assertFalse(SillyWindowAvoidance.sendNow(silly, true, Nagle.OFF), "a silly window: 100 of 8000");
        assertEquals("MUST-38", firstId(SillyWindowAvoidance.sendAllowed(silly, 100, true, Nagle.OFF, false)));
        assertTrue(SillyWindowAvoidance.sendAllowed(silly, 100, true, Nagle.OFF, true).isEmpty(), "override");
        assertTrue(SillyWindowAvoidance.sendAllowed(silly, 50, true, Nagle.OFF, true).isEmpty(), "override");
        assertFalse(SillyWindowAvoidance.sendNow(new Sender(0, 8_000, MSS, 8_000, 0, false), true, Nagle.OFF),
                "nothing queued");
    }

    // MUST-60: "MUST NOT buffer data indefinitely"; the override timeout "should be in the range 0.1 - 1.0 seconds".
    @Test
    void sendableTextHeldPastTheOverrideTimeoutIsTooLong() {
        Sender silly = new Sender(5_000, 100, MSS, 8_000, 0, false);
        assertFalse(SillyWindowAvoidance.heldTooLong(silly, 1_000, 10));
        assertTrue(SillyWindowAvoidance.heldTooLong(silly, 1_011, 10));
        assertFalse(SillyWindowAvoidance.heldTooLong(new Sender(5_000, 100, MSS, 8_000, 500, false), 5_000, 10),
                "an ACK is awaited");
        assertFalse(SillyWindowAvoidance.heldTooLong(new Sender(5_000, 0, MSS, 8_000, 0, false), 5_000, 10),
                "a zero window is probed instead (MUST-36)");
    }

    // The sender's quantities from the model's TCB: D is the send queue, U the usable window, Max(SND.WND) the
    // largest window offered; a short segment in the retransmission queue is what Minshall's variant waits for.
    @Test
    void theSenderOfAModelTcb() {
        Profile p = Profile.rfc9293();
        Tcb t = ok(p, established(p), UserCalls.send(p, established(p), 300, X, T0, Choices.reference())).tcb();
        Sender s = Sender.of(t);
        assertEquals(300, s.inFlight());
        assertEquals(PEER_WND - 300, s.usable());
        assertEquals(PEER_WND, s.maxSndWnd());
        assertEquals(t.snd().mss(), s.effSndMss());
        assertTrue(s.shortUnacked());
        assertEquals(0, s.queued());
        assertFalse(Sender.of(established(p)).shortUnacked());
        assertThrows(IllegalArgumentException.class, () -> new Sender(-1, 0, MSS, 0, 0, false));
    }

    // §3.8.6.2.2: "keep RCV.NXT+RCV.WND fixed until the reduction satisfies: RCV.BUFF - RCV.USER - RCV.WND >=
    // min( Fr * RCV.BUFF, Eff.snd.MSS )"; SHLD-14: "A TCP receiver SHOULD NOT shrink the window".
    @Test
    void theReceiversRightEdgeStaysOrAdvancesByTheThreshold() {
        assertEquals(1000, SillyWindowAvoidance.threshold(65_535, 1000));
        assertEquals(1000, SillyWindowAvoidance.threshold(2000, 1460), "a small buffer: half of it");
        SeqNumEdge e = new SeqNumEdge();
        assertTrue(SillyWindowAvoidance.windowUpdateAllowed(e.at(0), e.at(0), 65_535, 1000).isEmpty());
        assertTrue(SillyWindowAvoidance.windowUpdateAllowed(e.at(0), e.at(1000), 65_535, 1000).isEmpty());
        assertTrue(SillyWindowAvoidance.windowUpdateAllowed(e.at(0), e.at(20_000), 65_535, 1000).isEmpty());
        List<String> silly = SillyWindowAvoidance.windowUpdateAllowed(e.at(0), e.at(999), 65_535, 1000);
        assertEquals("MUST-39", firstId(silly));
        assertEquals("SHLD-14", firstId(SillyWindowAvoidance.windowUpdateAllowed(e.at(100), e.at(0), 65_535, 1000)));
        // Across the wrap of sequence space.
        assertTrue(SillyWindowAvoidance.windowUpdateAllowed(e.wrap(-500), e.wrap(500), 65_535, 1000).isEmpty());
        assertEquals("MUST-39", firstId(SillyWindowAvoidance.windowUpdateAllowed(e.wrap(-10), e.wrap(10), 65_535,
                1000)));
        assertThrows(IllegalArgumentException.class, () -> SillyWindowAvoidance.threshold(0, 1000));
    }

    // The rules at their edges: min(D,U) equal to Eff.snd.MSS is rule (1) ("min(D,U) >= Eff.snd.MSS"); D equal to U
    // is rule (2) ("D <= U"); a segment of no octets is no segment of new data; rule (4)'s bound is "more than" the
    // override limit plus the clock granularity.
    @Test
    void theRulesAtTheirEdges() {
        Sender full = new Sender(MSS, 5_000, MSS, 8_000, 2_000, false);
        assertTrue(SillyWindowAvoidance.sendNow(full, false, Nagle.CLASSIC), "min(D,U) = Eff.snd.MSS");
        assertTrue(allowed(full, MSS, false, Nagle.CLASSIC));
        Sender exact = new Sender(300, 300, MSS, 8_000, 0, false);
        assertTrue(SillyWindowAvoidance.sendNow(exact, true, Nagle.CLASSIC), "D = U");
        assertTrue(allowed(exact, 300, true, Nagle.CLASSIC));
        assertEquals("MUST-38: a segment of 0 octets, but min(D, U, Eff.snd.MSS) = 300 (§3.8.6.2.1)",
                SillyWindowAvoidance.sendAllowed(exact, 0, true, Nagle.OFF, true).single());
        Sender silly = new Sender(5_000, 100, MSS, 8_000, 0, false);
        assertFalse(SillyWindowAvoidance.heldTooLong(silly, 1_010, 10), "exactly the limit plus the granularity");
        assertThrows(IllegalArgumentException.class, () -> SillyWindowAvoidance.threshold(65_535, 0));
        assertEquals(0, SillyWindowAvoidance.threshold(1, 1), "half of one octet");
    }

    // SHLD-7: the violation names the variant of the Nagle algorithm whose condition holds the short segment back.
    @Test
    void theNagleViolationNamesItsVariant() {
        Sender busy = new Sender(200, 8_000, MSS, 8_000, 1_000, true);
        assertEquals("SHLD-7: a short segment of 200 octets while data is unacknowledged (§3.7.4)",
                SillyWindowAvoidance.sendAllowed(busy, 200, true, Nagle.CLASSIC, false).single());
        assertEquals("SHLD-7: a short segment of 200 octets while a short segment is unacknowledged (§3.7.4, "
                + "Appendix A.3)", SillyWindowAvoidance.sendAllowed(busy, 200, true, Nagle.MINSHALL, false).single());
    }

    // The model's own segments: what UserCalls.send emits into an open window passes the sender's check (a full
    // segment, then the pushed rest with nothing else in flight), so the model never sends a silly segment itself.
    @Test
    void theModelsOwnSegmentizingPassesTheSendersCheck() {
        Profile p = Profile.rfc9293();
        Tcb t = established(p);
        int mss = t.snd().mss();
        Step s = ok(p, t, UserCalls.send(p, t, 2L * mss + 10, X, T0, Choices.reference()));
        Tcb before = t.withSendQueue(2L * mss + 10);
        for (var seg : s.sent()) {
            List<String> v = SillyWindowAvoidance.sendAllowed(Sender.of(before), seg.dataLength(), true, Nagle.OFF,
                    false);
            assertTrue(v.isEmpty(), v::toString);
            before = before.withSendQueue(before.sendQueue() - seg.dataLength())
                    .withSnd(before.snd().withNxt(before.snd().nxt().plus(seg.dataLength())));
        }
        assertEquals(3, s.sent().size());
    }

    /** Sequence numbers near a base, and across the wrap. */
    static final class SeqNumEdge {
        io.github.tcpmodel.seq.SeqNum at(long off) {
            return Y.plus(off);
        }

        io.github.tcpmodel.seq.SeqNum wrap(long off) {
            return io.github.tcpmodel.seq.SeqNum.ZERO.plus(off);
        }
    }
}
