package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** The checked choices of RFC 9293 §3.8: retransmission times, R2, Karn, delayed ACKs, and zero-window probing. */
class BoundsTest {

    static final Profile RFC = Profile.rfc9293();
    static final long G = 10;

    // RFC 6298 §2.1: "the sender SHOULD set RTO <- 1 second"; §5.7 keeps the older 3 s after a lost SYN.
    @Test
    void theFirstRetransmissionComesAfterTheInitialRto() {
        assertTrue(RetransmissionBounds.initialAllowed(1_000, G));
        assertTrue(RetransmissionBounds.initialAllowed(3_000, G));
        assertTrue(RetransmissionBounds.initialAllowed(995, G));
        assertFalse(RetransmissionBounds.initialAllowed(200, G), "too early without an RTT sample");
        assertFalse(RetransmissionBounds.initialAllowed(3_100, G));
        assertTrue(RetransmissionBounds.initialAllowed(RFC.synInterval(0), 0));
    }

    // RFC 6298 §5.5: "The host MUST set RTO <- RTO * 2 ("back off the timer")"; §2.5: "A maximum value MAY be
    // placed on RTO provided it is at least 60 seconds."
    @Test
    void theTimerBacksOffByDoublingUpToAMaximumOfAtLeastSixtySeconds() {
        assertTrue(RetransmissionBounds.backoffAllowed(1_000, 2_000, G));
        assertTrue(RetransmissionBounds.backoffAllowed(1_000, 2_005, G));
        assertFalse(RetransmissionBounds.backoffAllowed(1_000, 1_500, G), "not doubled");
        assertFalse(RetransmissionBounds.backoffAllowed(1_000, 4_000, G), "more than doubled");
        assertTrue(RetransmissionBounds.backoffAllowed(32_000, 60_000, G), "capped at 60 s");
        assertTrue(RetransmissionBounds.backoffAllowed(60_000, 60_000, G), "stays at the maximum");
        assertFalse(RetransmissionBounds.backoffAllowed(32_000, 40_000, G), "a maximum below 60 s");
        assertTrue(RetransmissionBounds.backoffAllowed(64_000, 120_000, G), "Linux's 120 s maximum");
        // Both profiles' schedules stay within the bounds.
        for (Profile p : List.of(RFC, Profile.linux())) {
            for (int k = p.synLinearTimeouts(); k < p.synRetries() - 1; k++) {
                assertTrue(RetransmissionBounds.backoffAllowed(p.synInterval(k), p.synInterval(k + 1), 0),
                        p.name() + " " + k);
            }
        }
    }

    // The bounds at their edges, the clock granularity G on either side: the initial RTO in [1 s - G, 3 s + G]; a
    // backed-off RTO in [2 RTO - G, 2 RTO + G], or capped at a maximum of at least 60 s - G that is not below the
    // last RTO - G; no RTO is zero or negative.
    @Test
    void theRetransmissionBoundsAtTheirEdges() {
        assertTrue(RetransmissionBounds.initialAllowed(1_000 - G, G));
        assertFalse(RetransmissionBounds.initialAllowed(1_000 - G - 1, G));
        assertTrue(RetransmissionBounds.initialAllowed(3_000 + G, G));
        assertFalse(RetransmissionBounds.initialAllowed(3_000 + G + 1, G));
        assertTrue(RetransmissionBounds.backoffAllowed(1_000, 2_000 + G, G));
        assertFalse(RetransmissionBounds.backoffAllowed(1_000, 2_000 + G + 1, G));
        assertTrue(RetransmissionBounds.backoffAllowed(1_000, 2_000 - G, G));
        assertFalse(RetransmissionBounds.backoffAllowed(1_000, 2_000 - G - 1, G));
        assertTrue(RetransmissionBounds.backoffAllowed(40_000, 60_000 - G, G), "a 60 s maximum, G early");
        assertFalse(RetransmissionBounds.backoffAllowed(40_000, 60_000 - G - 1, G));
        assertTrue(RetransmissionBounds.backoffAllowed(70_000, 70_000 - G, G), "at the maximum, G early");
        assertFalse(RetransmissionBounds.backoffAllowed(70_000, 70_000 - G - 1, G), "below the last RTO");
        assertFalse(RetransmissionBounds.backoffAllowed(0, 5, G), "no RTO before");
        assertFalse(RetransmissionBounds.backoffAllowed(3, 0, G), "no RTO after");
    }

    // RFC 9293 §3.8.1 MUST-18 (RFC 6298 §3): "RTT samples MUST NOT be made using segments that were retransmitted".
    @Test
    void karnTakesNoSampleFromARetransmittedSegment() {
        Tcb sent = ok(RFC, established(RFC), UserCalls.send(RFC, established(RFC), 10, X, T0, Choices.reference()))
                .tcb();
        assertTrue(RetransmissionBounds.rttSampleAllowed(sent));
        Tcb again = Timeouts.expire(RFC, sent, Timer.RETRANSMISSION, sent.deadline(Timer.RETRANSMISSION).get(),
                Choices.reference()).get().tcb();
        assertFalse(RetransmissionBounds.rttSampleAllowed(again));
        assertFalse(RetransmissionBounds.rttSampleAllowed(established(RFC)), "nothing outstanding");
    }

    // §3.8.3: R2 "greater than R1" (MUST-20), R1 "at least 3 retransmissions" (SHLD-10), R2 "at least 100 seconds"
    // (SHLD-11), and for a SYN "at least 3 minutes" (MUST-23).
    @Test
    void givingUpNeedsEnoughRetransmissionsAndTime() {
        assertTrue(RetransmissionBounds.giveUpAllowed(false, 7, 123_000, G));
        assertFalse(RetransmissionBounds.giveUpAllowed(false, 7, 60_000, G), "R2 below 100 s");
        assertFalse(RetransmissionBounds.giveUpAllowed(false, 4, 200_000, G), "R2 not beyond R1");
        assertTrue(RetransmissionBounds.giveUpAllowed(false, 5, 100_000 - G, G), "R1 + 1 retransmissions, 100 s - G");
        assertFalse(RetransmissionBounds.giveUpAllowed(false, 5, 100_000 - G - 1, G));
        assertFalse(RetransmissionBounds.giveUpAllowed(false, 3, 200_000, G));
        assertTrue(RetransmissionBounds.giveUpAllowed(true, 8, 183_000, G), "the rfc9293 profile: 183 s");
        // Linux's default gives a SYN up at 127 s (tcp_syn_retries = 6): short of MUST-23's 3 minutes.
        assertFalse(RetransmissionBounds.giveUpAllowed(true, 10, Profile.linux().synGiveUp().get(), G));
        long rfcSyn = 0;
        for (int k = 0; k <= RFC.synRetries(); k++) {
            rfcSyn += RFC.synInterval(k);
        }
        assertTrue(RetransmissionBounds.giveUpAllowed(true, RFC.synRetries() + 1, rfcSyn, 0));
    }

    // §3.8.6.3: "the delay MUST be less than 0.5 seconds (MUST-40). An ACK SHOULD be generated for at least every
    // second full-sized segment or 2*RMSS bytes of new data (SHLD-19)".
    @Test
    void aDelayedAckComesWithinHalfASecondAndEverySecondFullSizedSegment() {
        assertTrue(AckDelayBounds.delayAllowed(0));
        assertTrue(AckDelayBounds.delayAllowed(499));
        assertFalse(AckDelayBounds.delayAllowed(500));
        assertFalse(AckDelayBounds.delayAllowed(-1));
        assertTrue(AckDelayBounds.holdAllowed(1460, 1460), "one full-sized segment may wait");
        assertFalse(AckDelayBounds.holdAllowed(2 * 1460, 1460), "the second one is acknowledged");
        assertTrue(AckDelayBounds.holdAllowed(1071, 536));
    }

    // §3.8.6.1: "As long as the receiving TCP peer continues to send acknowledgments in response to the probe
    // segments, the sending TCP peer MUST allow the connection to stay open (MUST-37)." A peer that answers every
    // retransmission into its closed window keeps the connection open far beyond R2; one that stops does not.
    @Test
    void aConnectionWhoseProbesAreAcknowledgedStaysOpen() {
        Tcb t = ok(RFC, established(RFC), UserCalls.send(RFC, established(RFC), 10, X, T0, Choices.reference())).tcb();
        // The peer acknowledges nothing of the text and closes its window.
        t = arrive(RFC, t, peer(0, 0, Control.ACK).withWindow(0), T0 + 10, Choices.reference()).tcb();
        assertEquals(0, t.snd().wnd());
        Tcb silent = t;
        for (int i = 0; i < 3 * RFC.dataRetries(); i++) {
            long at = t.deadline(Timer.RETRANSMISSION).get();
            Step probe = ok(RFC, t, Timeouts.expire(RFC, t, Timer.RETRANSMISSION, at, Choices.reference()));
            assertEquals(Event.RETRANSMISSION_TIMEOUT, probe.event(), "probe " + i);
            t = arrive(RFC, probe.tcb(), peer(0, 0, Control.ACK).withWindow(0), at + 5, Choices.reference()).tcb();
            assertEquals(0, t.retries());
        }
        assertEquals(TcpState.ESTABLISHED, t.tcpState());
        TimersTest.assertGivesUpAfter(RFC, silent, RFC.dataRetries());
    }
}
