package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** {@link Emission#transmit}: what the implementation may emit next from the queues, with or without the FIN. */
class EmissionTransmitTest {

    static final Profile P = Profile.rfc9293();

    /** ESTABLISHED with SND.WND = {@code wnd}, {@code queued} octets SENT but not segmentized, CLOSE called or not. */
    static Tcb queued(long wnd, long queued, boolean close) {
        Tcb e = established(P);
        Tcb t = e.withSnd(e.snd().withWindow(wnd, Y, X.plus(1)));
        t = ok(P, t, UserCalls.send(P, t, queued, X, T0, Choices.reference().segmentizing())).tcb();
        return close ? ok(P, t, UserCalls.close(P, t, T0)).tcb() : t;
    }

    // §3.10.4: the FIN goes with the last octets "once all preceding SENDs have been segmentized"; an implementation
    // may also send the octets now and the FIN in a later segment.
    @Test
    void theFinMayRideOnTheLastOctetsOrFollowThem() {
        Tcb t = queued(4096, 10, true);
        Step with = okDeferred(P, t, Emission.transmit(P, t, 10, true, T0));
        Segment s = with.sent().single();
        assertTrue(s.fin());
        assertEquals(10, s.dataLength());
        assertEquals(Option.some(X.plus(11)), with.tcb().snd().fin());
        assertEquals(List.of(Event.CLOSE), with.projection());
        assertTrue(with.rule().contains("send data and FIN"), with::rule);
        Step without = okDeferred(P, t, Emission.transmit(P, t, 10, false, T0));
        assertFalse(without.sent().single().fin());
        assertTrue(without.rule().contains("send data <"), without::rule);
        assertEquals(Option.none(), without.tcb().snd().fin());
        Step later = okDeferred(P, without.tcb(), Emission.transmit(P, without.tcb(), 0, true, T0));
        assertTrue(later.sent().single().fin());
        assertEquals(X.plus(11), later.sent().single().seq());
        assertTrue(later.rule().contains("send FIN <"), later::rule);
        // The default choice sends the FIN as soon as it may go.
        assertTrue(okDeferred(P, t, Emission.transmit(P, t, 10, T0)).sent().single().fin());
        // Declining the FIN with nothing else pending leaves nothing to send.
        assertTrue(Emission.transmit(P, without.tcb(), 0, false, T0).isLeft());
    }

    // §3.10.4: the FIN cannot go before the queued data, nor without CLOSE.
    @Test
    void theFinCannotJumpTheQueue() {
        Either<String, Step> early = Emission.transmit(P, queued(4096, 10, true), 5, true, T0);
        assertTrue(early.getLeft().contains("the FIN cannot go"), early::toString);
        Either<String, Step> unclosed = Emission.transmit(P, queued(4096, 10, false), 10, true, T0);
        assertTrue(unclosed.getLeft().contains("the FIN cannot go"), unclosed::toString);
        Step data = okDeferred(P, queued(4096, 10, false), Emission.transmit(P, queued(4096, 10, false), 10, T0));
        assertFalse(data.sent().single().fin());
        assertEquals(List.of(Event.SEND), data.projection());
    }

    // §3.2 Figure 3: the FIN is a sequence number; it goes with the last octets only if it too lies within
    // SND.UNA + SND.WND.
    @Test
    void theFinNeedsOneMoreNumberInTheWindow() {
        Tcb exact = queued(10, 10, true);
        Step full = okDeferred(P, exact, Emission.transmit(P, exact, 10, T0));
        assertFalse(full.sent().single().fin(), "the window ends at the last octet");
        Either<String, Step> waiting = Emission.transmit(P, full.tcb(), 0, T0);
        assertTrue(waiting.getLeft().contains("the FIN waits for room in the send window"), waiting::toString);
        assertTrue(Emission.transmit(P, exact, 10, true, T0).isLeft());
        Tcb roomy = queued(11, 10, true);
        assertTrue(okDeferred(P, roomy, Emission.transmit(P, roomy, 10, T0)).sent().single().fin());
        Tcb half = queued(12, 10, true);
        assertFalse(okDeferred(P, half, Emission.transmit(P, half, 5, T0)).sent().single().fin(), "data remains");
        // Without CLOSE there is simply nothing to send.
        Either<String, Step> idle = Emission.transmit(P, established(P), 0, T0);
        assertTrue(idle.getLeft().startsWith("nothing to send in ESTABLISHED"), idle::toString);
        assertFalse(idle.getLeft().contains("FIN"), idle::toString);
    }

    // §3.8.6.3: a pending (delayed) ACK goes out alone when there is nothing else to send.
    @Test
    void aPendingAckGoesAlone() {
        Tcb t = arrive(P, established(P), peer(0, 0, Control.ACK).withDataLength(10), T0,
                Choices.reference().delayingAcks()).tcb();
        Step s = okDeferred(P, t, Emission.transmit(P, t, 0, T0));
        assertEquals(Segment.of(X.plus(1)).withAck(Y.plus(11)).withWindow(t.rcv().wnd()), s.sent().single());
        assertTrue(s.rule().contains("send delayed ACK"), s::rule);
        assertEquals(List.empty(), s.tcb().retransmission(), "an ACK occupies no sequence space");
        assertFalse(s.tcb().ackPending());
    }

    // §3.10.2: nothing is sent from the queues before ESTABLISHED; in SYN-RECEIVED the FIN of a CLOSE goes without a
    // window test, and only when one is queued.
    @Test
    void nothingLeavesTheQueuesBeforeSynchronization() {
        Tcb sr = synRcvdPassive(P).withSendQueue(5);
        Either<String, Step> e = Emission.transmit(P, sr, 5, T0);
        assertTrue(e.getLeft().contains("data waits for ESTABLISHED"), e::toString);
        assertEquals("no FIN is queued", Emission.finFromSynReceived(P, sr.withCloseQueued(true), T0).getLeft());
        Tcb closing = synRcvdPassive(P).withCloseQueued(true);
        Step fin = Emission.finFromSynReceived(P, closing.withState(finWait1(P).state()), T0).get();
        assertTrue(fin.sent().single().fin());
        assertEquals(TcpState.FIN_WAIT_1, fin.tcb().tcpState());
    }
}
