package io.github.tcpmodel.engine.monitor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** Questions the conformance monitor raised about the model's emission rules, kept as regression tests. */
class ModelQuestionsTest {

    /** ESTABLISHED with SND.WND = 100, 100 octets queued and CLOSE called (FIN queued behind them). */
    private static Tcb closingWithFullWindow() {
        Profile p = Profile.rfc9293();
        Tcb t = UserCalls.open(p, Tcb.closed(), false, true, Option.none(), SeqNum.of(1000), 0).get().tcb();
        Segment synAck = Segment.of(SeqNum.of(5000), Control.SYN).withAck(SeqNum.of(1001)).withWindow(100);
        t = Arrival.segmentArrives(p, t, synAck, SeqNum.of(0), 1, Choices.reference()).get().tcb();
        t = UserCalls.send(p, t, 100, SeqNum.of(0), 2, new Choices(true, Option.some(List.empty()), Option.none()))
                .get().tcb();
        return UserCalls.close(p, t, 3).get().tcb();
    }

    @Test
    void aFinBeyondTheSendWindowIsNotAllowed() {
        Tcb t = closingWithFullWindow();
        // RFC 9293 §3.2 Figure 3: sequence numbers beyond SND.UNA + SND.WND are "not yet allowed".
        Segment dataAndFin = Segment.of(SeqNum.of(1001), Control.ACK, Control.FIN).withAck(SeqNum.of(5001))
                .withDataLength(100);
        assertFalse(Emission.allowed(t, dataAndFin).isEmpty());
    }

    /**
     * {@code Emission.transmit} sends the last queued octets without the FIN when the FIN's sequence number would
     * lie beyond the send window (RFC 9293 §3.2 Figure 3); the FIN follows when the window opens.
     */
    @Test
    void transmitCanSendTheLastOctetsAndTheFinLater() {
        Tcb t = closingWithFullWindow();
        Step s = Emission.transmit(Profile.rfc9293(), t, 100, 4).get();
        Segment sent = s.sent().head();
        assertTrue(Emission.allowed(t, sent).isEmpty(), () -> "the model's own segment " + sent + " violates "
                + Emission.allowed(t, sent));
    }

    /**
     * CLOSE in ESTABLISHED with the send window used up queues the FIN (§3.10.4 with §3.2 Figure 3: beyond
     * SND.UNA + SND.WND is "not yet allowed"): no segment the model sends fails {@code Emission.allowed}.
     */
    @Test
    void closeWithAFullWindowSendsOnlyAllowedSegments() {
        Profile p = Profile.rfc9293();
        Tcb t = UserCalls.open(p, Tcb.closed(), false, true, Option.none(), SeqNum.of(1000), 0).get().tcb();
        Segment synAck = Segment.of(SeqNum.of(5000), Control.SYN).withAck(SeqNum.of(1001)).withWindow(100);
        t = Arrival.segmentArrives(p, t, synAck, SeqNum.of(0), 1, Choices.reference()).get().tcb();
        t = UserCalls.send(p, t, 100, SeqNum.of(0), 2, Choices.reference()).get().tcb();
        Tcb full = t;
        Tcb closing = t.withCloseQueued(true);
        Step close = UserCalls.close(p, full, 3).get();
        for (Segment s : close.sent()) {
            assertTrue(Emission.allowed(closing, s).isEmpty(), () -> s + " violates " + Emission.allowed(closing, s));
        }
    }
}
