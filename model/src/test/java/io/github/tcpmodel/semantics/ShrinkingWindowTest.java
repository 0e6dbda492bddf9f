package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.NEW_ISS;
import static io.github.tcpmodel.semantics.Fx.T0;
import static io.github.tcpmodel.semantics.Fx.X;
import static io.github.tcpmodel.semantics.Fx.Y;
import static io.github.tcpmodel.semantics.Fx.arrive;
import static io.github.tcpmodel.semantics.Fx.established;
import static io.github.tcpmodel.semantics.Fx.ok;
import static io.github.tcpmodel.semantics.Fx.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9293 §3.8.6: "a sending TCP peer MUST be robust against window shrinking, which may cause the 'usable window'
 * to become negative (MUST-34). If this happens, the sender SHOULD NOT send new data (SHLD-15), but SHOULD retransmit
 * normally the old unacknowledged data between SND.UNA and SND.UNA+SND.WND (SHLD-16). The sender MAY also retransmit
 * old data beyond SND.UNA+SND.WND (MAY-7)".
 */
class ShrinkingWindowTest {

    private static final long SENT = 3000;

    /**
     * An established client (send MSS 1000, the peer's window 4096) that sent {@code SENT} octets in three segments,
     * then received an ACK of the first 1000 with a window of 500: the right edge moved from SND.UNA + 4096 to
     * SND.UNA + 1500, left of SND.NXT = SND.UNA + 3000, so that SND.UNA + SND.WND - SND.NXT is -1500.
     */
    private static Step shrunk(Profile p) {
        Tcb t = ok(p, established(p), UserCalls.send(p, established(p), SENT, NEW_ISS, T0,
                Choices.reference().segmentizing(1000, 1000, 1000))).tcb();
        assertEquals(SENT, t.snd().inFlight());
        return arrive(p, t, peer(0, 1000).withWindow(500));
    }

    // MUST-34: the shrunk window is taken as it is, nothing already sent is forgotten, and the connection goes on.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void aShrunkWindowIsAcceptedWithEverythingSentStillOutstanding(Profile p) {
        Step s = shrunk(p);
        Tcb t = s.tcb();
        assertEquals(TcpState.ESTABLISHED, t.tcpState());
        assertFalse(s.sent().exists(Segment::rst), s.sent()::toString);
        assertEquals(X.plus(1 + 1000), t.snd().una());
        assertEquals(500, t.snd().wnd());
        assertEquals(X.plus(1 + SENT), t.snd().nxt());
        assertEquals(SENT - 1000, t.snd().inFlight());
        assertEquals(SENT - 1000, t.retransmission().map(Segment::dataLength).sum().longValue());
        // The usable window of §3.8.6.2.1 is negative; the sender takes it as no room at all.
        assertEquals(0, t.snd().usable());
    }

    // SHLD-15: no new data while the usable window is negative; SHLD-16 and MAY-7: the old data may go again,
    // within the window and beyond it.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void noNewDataButTheOldDataMayBeRetransmitted(Profile p) {
        Tcb t = shrunk(p).tcb().withSendQueue(100);
        assertTrue(Emission.transmit(p, t, 1, T0).isLeft(), "the model sends no new octet");
        Segment fresh = Segment.of(t.snd().nxt()).withAck(Y.plus(1)).withDataLength(1);
        assertFalse(Emission.allowed(t, fresh).isEmpty(), "an implementation's new octet is flagged");
        Segment withinTheWindow = Segment.of(t.snd().una()).withAck(Y.plus(1)).withDataLength(500);
        Segment beyondTheWindow = Segment.of(t.snd().una()).withAck(Y.plus(1)).withDataLength(1000);
        assertEquals(List.empty(), Emission.allowed(t, withinTheWindow));
        assertEquals(List.empty(), Emission.allowed(t, beyondTheWindow));
    }

    // MUST-34 over time: the retransmission timer resends the front of the queue, the connection stays, and once the
    // window opens again the queued text flows.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void theRetransmissionTimerResendsAndAnOpenedWindowResumes(Profile p) {
        Tcb t = shrunk(p).tcb().withSendQueue(100);
        long at = t.timers().get(Timer.RETRANSMISSION).getOrElseThrow(() -> new AssertionError("no RTO armed"));
        Step rto = ok(p, t, Timeouts.expire(p, t, Timer.RETRANSMISSION, at, Choices.reference()));
        assertEquals(TcpState.ESTABLISHED, rto.tcb().tcpState());
        assertEquals(List.of(t.snd().una()), rto.sent().map(Segment::seq));
        Step opened = arrive(p, rto.tcb(), peer(0, SENT).withWindow(4096), at + 10, Choices.reference());
        assertEquals(X.plus(1 + SENT), opened.tcb().snd().una());
        assertTrue(Emission.transmit(p, opened.tcb(), 100, at + 10).isRight());
    }
}
