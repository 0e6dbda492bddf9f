package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.AddressFamily;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.CongestionBounds.InitialWindow;
import io.github.tcpmodel.semantics.SillyWindowAvoidance.Sender;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import org.junit.jupiter.api.Test;

/** Small rules at the edges of their ranges, each with the words of the RFC it states. */
class EdgesTest {

    // RFC 7323 §2.2: "The window field in a segment where the SYN bit is set (i.e., a <SYN> or <SYN,ACK>) MUST NOT be
    // scaled"; §2.3: every other SEG.WND this side sends is RCV.WND >> Rcv.Wind.Shift, and the peer reads it back
    // shifted left; at most 65535 fits the field.
    @Test
    void theWindowFieldAndItsReading() {
        Negotiated n = new Negotiated(true, 2, 5, false, 0, 0, X, false, false);
        assertEquals(64 << 5, WindowScaling.advertisedWindow(n, Segment.of(X, Control.ACK).withWindow(64)));
        assertEquals(64, WindowScaling.advertisedWindow(n, Segment.of(X, Control.SYN).withWindow(64)));
        assertEquals(1000 >> 5, WindowScaling.field(n, 1000, false));
        assertEquals(1000, WindowScaling.field(n, 1000, true));
        assertEquals(65_535, WindowScaling.field(n, 65_535L << 6, false), "at most 65535");
        assertEquals(100_000, WindowScaling.field(Negotiated.NONE, 100_000, false), "no scaling: unchanged");
    }

    // §3.8.6.2.1: the sender's quantities are never negative, Eff.snd.MSS at least one octet; zero queued, zero
    // usable, nothing in flight are a sender too. A short segment is one of 1 to Eff.snd.MSS - 1 octets of text.
    @Test
    void theSendersQuantities() {
        Sender zero = new Sender(0, 0, 1, 0, 0, false);
        assertEquals(0, zero.sendable());
        assertThrows(IllegalArgumentException.class, () -> new Sender(0, 0, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sender(0, -1, 1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sender(0, 0, 1, -1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sender(0, 0, 1, 0, -1, false));
        var p = io.github.tcpmodel.profile.Profile.rfc9293();
        Tcb est = established(p);
        int mss = est.snd().mss();
        Tcb full = ok(p, est, UserCalls.send(p, est, mss, X, T0, Choices.reference())).tcb();
        assertFalse(Sender.of(full).shortUnacked(), "a full-sized segment is not short");
        Tcb oneShort = ok(p, est, UserCalls.send(p, est, mss - 1, X, T0, Choices.reference())).tcb();
        assertTrue(Sender.of(oneShort).shortUnacked());
        assertFalse(Sender.of(established(p)).shortUnacked(), "nothing unacknowledged");
    }

    // ICMP type and code are octets (RFC 792): 0 and 255 are values, -1 and 256 are not.
    @Test
    void icmpTypeAndCodeAreOctets() {
        assertEquals(255, new IcmpArrival.Message(AddressFamily.IPV4, 255, 255, X).type());
        assertEquals(0, new IcmpArrival.Message(AddressFamily.IPV4, 0, 0, X).code());
        for (int[] bad : new int[][] {{-1, 0}, {256, 0}, {0, -1}, {0, 256}}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new IcmpArrival.Message(AddressFamily.IPV4, bad[0], bad[1], X));
        }
    }

    // SHLD-19: "at least every second full-sized segment or 2*RMSS bytes": 2*RMSS - 1 may wait, 2*RMSS may not.
    // MUST-61's last buffered segment: the one at SND.NXT that takes all the octets queued, text of one octet too.
    // RFC 5681 §3.1 equation (1): 4 segments up to 1095 octets, 3 up to 2190, 2 above.
    @Test
    void boundariesOfTheSmallRules() {
        assertTrue(AckDelayBounds.holdAllowed(1999, 1000));
        assertFalse(AckDelayBounds.holdAllowed(2000, 1000));
        assertTrue(AckDelayBounds.holdAllowed(0, 1000));
        assertFalse(AckDelayBounds.holdAllowed(-1, 1000));
        assertEquals(3 * 2190, InitialWindow.RFC5681.octets(2190));
        assertEquals(2 * 2191, InitialWindow.RFC5681.octets(2191));
        assertEquals(4 * 1095, InitialWindow.RFC5681.octets(1095));
        var p = io.github.tcpmodel.profile.Profile.rfc9293();
        Tcb one = established(p).withSendQueue(1);
        Segment s = Segment.of(one.snd().nxt(), Control.ACK).withAck(Y.plus(1)).withDataLength(1);
        assertTrue(PushRules.lastBuffered(one, s));
        assertFalse(PushRules.lastBuffered(one, s.withDataLength(0)));
    }
}
