package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.ZeroWindowProbing.Form;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9293 §3.8.6.1: zero-window probing (MUST-36), its times (SHLD-29, SHLD-30), and the receiver's answers. */
class ZeroWindowProbingTest {

    static final Profile RFC = Profile.rfc9293();
    static final long G = 10;

    /** ESTABLISHED, the peer's window closed with nothing in flight, then {@code queued} octets SENT. */
    static Tcb closedWindow(Profile p, long queued) {
        Tcb t = arrive(p, established(p), peer(0, 0, Control.ACK).withWindow(0)).tcb();
        assertEquals(0, t.snd().wnd());
        return queued == 0 ? t : ok(p, t, UserCalls.send(p, t, queued, X, T0, Choices.reference())).tcb();
    }

    // §3.8.6.1: "Probing of zero (offered) windows MUST be supported (MUST-36)": text behind a zero window with
    // nothing in flight has no retransmission timer to carry it; the model says a probe is due.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void textBehindAZeroWindowWithNothingInFlightMustBeProbed(Profile p) {
        Tcb t = closedWindow(p, 10);
        assertEquals(10, t.sendQueue(), "SEND cannot segmentize into a zero window");
        assertTrue(t.snd().una().equals(t.snd().nxt()));
        assertTrue(ZeroWindowProbing.mustProbe(t));
        assertFalse(ZeroWindowProbing.mustProbe(closedWindow(p, 0)), "nothing waits");
        assertFalse(ZeroWindowProbing.mustProbe(ok(p, established(p),
                UserCalls.send(p, established(p), 10, X, T0, Choices.reference())).tcb()), "the window is open");
        // With text in flight the retransmission timer probes.
        Tcb inFlight = ok(p, established(p), UserCalls.send(p, established(p), 10, X, T0, Choices.reference())).tcb();
        inFlight = arrive(p, inFlight, peer(0, 0, Control.ACK).withWindow(0)).tcb();
        assertEquals(0, inFlight.snd().wnd());
        assertFalse(ZeroWindowProbing.mustProbe(inFlight));
    }

    // A FIN waiting behind a zero window is probed too: its sequence number is beyond the window ("not yet allowed",
    // §3.2 Figure 3), so the probe is the retransmit form <SEQ=SND.UNA-1>, and a lone FIN is no probe.
    @Test
    void aFinBehindAZeroWindowIsProbedWithoutTheFin() {
        Tcb t = ok(RFC, closedWindow(RFC, 0), UserCalls.close(RFC, closedWindow(RFC, 0), T0)).tcb();
        assertTrue(t.snd().fin().isEmpty(), "the FIN waits for room in the window");
        assertTrue(ZeroWindowProbing.mustProbe(t));
        Segment probe = ZeroWindowProbing.probe(t).get();
        assertFalse(probe.fin());
        assertEquals(0, probe.dataLength());
        assertEquals(t.snd().una().minus(1), probe.seq());
        assertEquals(t.rcv().nxt(), probe.ack());
        assertEquals(Option.some(Form.OLD_SEQUENCE), ZeroWindowProbing.form(t, probe));
        assertEquals(io.vavr.collection.List.empty(), Emission.allowed(t, probe));
        Segment fin = Segment.of(t.snd().nxt(), Control.FIN).withAck(t.rcv().nxt());
        assertTrue(ZeroWindowProbing.form(t, fin).isEmpty());
        assertFalse(Emission.allowed(t, fin).isEmpty(), "the FIN itself is beyond the window");
    }

    // §3.8.6.1: "transmit at least one octet of new data (if available), or retransmit".
    @Test
    void theFormsOfAProbe() {
        Tcb t = closedWindow(RFC, 10);
        Segment octet = ZeroWindowProbing.probe(t).get();
        assertEquals(1, octet.dataLength());
        assertEquals(t.snd().nxt(), octet.seq());
        assertFalse(octet.fin());
        assertEquals(Option.some(Form.NEW_OCTET), ZeroWindowProbing.form(t, octet));
        assertTrue(Emission.allowed(t, octet).isEmpty(), () -> Emission.allowed(t, octet).toString());

        Segment old = Segment.of(t.snd().una().minus(1)).withAck(t.rcv().nxt());
        assertEquals(Option.some(Form.OLD_SEQUENCE), ZeroWindowProbing.form(t, old));
        assertTrue(Emission.allowed(t, old).isEmpty());

        assertTrue(ZeroWindowProbing.form(t, octet.withDataLength(2)).isEmpty(), "more than one octet");
        assertTrue(ZeroWindowProbing.form(t, octet.with(Control.FIN)).isEmpty(), "no CLOSE was called");
        assertTrue(ZeroWindowProbing.form(t, octet.withAck(t.rcv().nxt().plus(1))).isEmpty(), "SEG.ACK = RCV.NXT");
        assertTrue(ZeroWindowProbing.form(t, octet.withSeq(t.snd().nxt().plus(1))).isEmpty(), "at SND.NXT");
        assertTrue(ZeroWindowProbing.form(t, old.withDataLength(1)).isEmpty(), "the old-sequence form has no text");
        assertTrue(ZeroWindowProbing.form(closedWindow(RFC, 0), old).isEmpty(), "nothing waits: not a probe");

        // The last queued octet after CLOSE may carry the FIN.
        Tcb one = ok(RFC, closedWindow(RFC, 1), UserCalls.close(RFC, closedWindow(RFC, 1), T0)).tcb();
        Segment last = ZeroWindowProbing.probe(one).get();
        assertTrue(last.fin());
        assertEquals(1, last.dataLength());
        assertEquals(Option.some(Form.NEW_OCTET), ZeroWindowProbing.form(one, last));
        assertEquals(io.vavr.collection.List.empty(), Emission.allowed(one, last));
    }

    // §3.8.6.1: "When the receiving TCP peer has a zero window and a segment arrives, it must still send an
    // acknowledgment showing its next expected sequence number and current window (zero)", every time, and the
    // connection stays as it is.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void theReceiverAnswersEveryProbeWithItsZeroWindow(Profile p) {
        Tcb receiver = established(p);
        receiver = receiver.withRcv(receiver.rcv().withWnd(0));
        Segment newOctet = peer(0, 0, Control.ACK).withDataLength(1);
        Segment oldSequence = peer(-1, 0, Control.ACK);
        Segment fin = peer(0, 0, Control.ACK, Control.FIN);
        Tcb t = receiver;
        for (int i = 0; i < 20; i++) {
            for (Segment probe : new Segment[] {newOctet, oldSequence, fin}) {
                Step s = arrive(p, t, probe, T0 + i * 1000L, Choices.reference());
                Segment answer = ZeroWindowProbing.answer(t);
                assertEquals(io.vavr.collection.List.of(answer), s.sent(), p.name() + " probe " + i + " " + probe);
                assertEquals(0, answer.window());
                assertEquals(t.rcv().nxt(), answer.ack());
                assertEquals(TcpState.ESTABLISHED, s.tcb().tcpState());
                assertEquals(t.rcv().nxt(), s.tcb().rcv().nxt(), "the probe's octet is not accepted");
                t = s.tcb();
            }
        }
    }

    // SHLD-29: the first probe "when a zero window has existed for the retransmission timeout period"; SHLD-30: the
    // interval between probes grows exponentially (doubling, to a maximum of at least 60 s).
    @Test
    void probeTimesFollowTheRetransmissionTimer() {
        assertTrue(ZeroWindowProbing.firstProbeAllowed(1_000, 1_000, G));
        assertTrue(ZeroWindowProbing.firstProbeAllowed(1_008, 1_000, G));
        assertFalse(ZeroWindowProbing.firstProbeAllowed(200, 1_000, G), "before the RTO");
        assertFalse(ZeroWindowProbing.firstProbeAllowed(3_000, 1_000, G), "long after the RTO");
        assertFalse(ZeroWindowProbing.firstProbeAllowed(0, 0, G), "no RTO");
        assertTrue(ZeroWindowProbing.nextProbeAllowed(1_000, 2_000, G));
        assertFalse(ZeroWindowProbing.nextProbeAllowed(1_000, 1_000, G), "not increased");
        assertFalse(ZeroWindowProbing.nextProbeAllowed(1_000, 5_000, G), "more than doubled");
        assertTrue(ZeroWindowProbing.nextProbeAllowed(64_000, 120_000, G), "Linux's 120 s maximum");
        assertTrue(ZeroWindowProbing.nextProbeAllowed(120_000, 120_000, G), "stays at the maximum");
    }

    // MUST-36: a sender that never probes is overdue once its longest backoff interval has passed.
    @Test
    void aSenderThatNeverProbesIsOverdue() {
        assertFalse(ZeroWindowProbing.overdue(T0, T0 + 60_000, 60_000, G));
        assertFalse(ZeroWindowProbing.overdue(T0, T0 + 60_010, 60_000, G));
        assertTrue(ZeroWindowProbing.overdue(T0, T0 + 60_011, 60_000, G));
        assertFalse(ZeroWindowProbing.overdue(T0, T0 + 100_000, 120_000, G));
        assertTrue(ZeroWindowProbing.overdue(T0, T0 + 121_000, 120_000, G));
        assertThrows(IllegalArgumentException.class, () -> ZeroWindowProbing.overdue(T0, T0, 30_000, G));
    }
}
