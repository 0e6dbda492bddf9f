package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour the docs promise beyond the hard cases: held FINs, FIN on a SYN,ACK, URG, delayed ACKs. */
class ArrivalDetailsTest {

    // §3.10.7.3 fourth: "If there are other controls or text in the segment, then continue processing at the sixth
    // step": a SYN,ACK with text and FIN goes to CLOSE-WAIT; the table needs two events for it.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void synAckWithTextAndFin(Profile p) {
        Segment s = Segment.of(Y, Control.SYN, Control.FIN).withAck(X.plus(1)).withDataLength(30)
                .withWindow(PEER_WND);
        Step st = arrive(p, synSent(p), s);
        assertTrue(st.tcb().is(TcpState.CLOSE_WAIT));
        assertEquals(List.of(Event.RCV_SYN_ACK, Event.RCV_FIN), st.projection());
        assertEquals(30, st.tcb().undelivered());
        assertEquals(Y.plus(32), st.sent().single().ack(), "SYN, 30 octets and the FIN acknowledged in one ACK");
        assertEquals(List.of(Notice.CONNECTION_CLOSING), st.told());
    }

    // §3.10.7.2 third: "any other control or text should be queued for processing later": a FIN on the SYN is
    // processed when the handshake completes, which then goes SYN-RECEIVED -> CLOSE-WAIT (the table's rcv FIN).
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void finOnTheSynWaitsForTheHandshake(Profile p) {
        Step sr = arrive(p, listen(p), Segment.of(Y, Control.SYN, Control.FIN).withDataLength(4));
        assertTrue(sr.tcb().is(TcpState.SYN_RECEIVED));
        assertEquals(Y.plus(1), sr.sent().single().ack());
        Step done = arrive(p, sr.tcb(), Segment.of(Y.plus(1)).withAck(NEW_ISS.plus(1)).withWindow(PEER_WND));
        if (p.synTextDiscarded()) {
            // Linux without TCP Fast Open (the profile's switch): the text and FIN of the SYN were discarded.
            assertTrue(done.tcb().is(TcpState.ESTABLISHED));
            assertEquals(Y.plus(1), done.tcb().rcv().nxt());
            assertEquals(0, done.tcb().undelivered());
            return;
        }
        assertTrue(done.tcb().is(TcpState.CLOSE_WAIT));
        assertEquals(Event.RCV_FIN, done.event());
        assertEquals(Y.plus(6), done.tcb().rcv().nxt());
        assertEquals(4, done.tcb().undelivered());
    }

    // SHLD-31: an out-of-order FIN is held; when the gap is filled, the FIN is processed (ESTABLISHED -> CLOSE-WAIT).
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void heldFinIsProcessedWhenTheGapCloses(Profile p) {
        Tcb t = established(p);
        Step held = arrive(p, t, peer(10, 0, Control.ACK, Control.FIN).withDataLength(5));
        assertTrue(held.tcb().is(TcpState.ESTABLISHED));
        assertEquals(Event.RCV_ACK, held.event());
        Step fill = arrive(p, held.tcb(), peer(0, 0, Control.ACK).withDataLength(10));
        assertTrue(fill.tcb().is(TcpState.CLOSE_WAIT));
        assertEquals(Event.RCV_FIN, fill.event());
        assertEquals(Y.plus(1 + 15 + 1), fill.tcb().rcv().nxt());
        assertEquals(15, fill.tcb().undelivered());
        assertTrue(fill.tcb().reassembly().isEmpty());
    }

    // §3.10.7.4 sixth: "If the URG bit is set, RCV.UP <- max(RCV.UP,SEG.UP), and signal the user".
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void urgentDataIsSignalledOnce(Profile p) {
        Tcb t = established(p);
        Step u = arrive(p, t, peer(0, 0, Control.ACK).withDataLength(10).withUrgent(50));
        assertEquals(List.of(Notice.URGENT), u.told());
        assertEquals(Y.plus(51), u.tcb().rcv().up());
        Step again = arrive(p, u.tcb(), peer(10, 0, Control.ACK).withDataLength(1).withUrgent(10));
        assertEquals(List.empty(), again.told(), "RCV.UP did not advance");
        Step cw = arrive(p, closeWait(p), Segment.of(closeWait(p).rcv().nxt()).withAck(X.plus(1)).withUrgent(9));
        assertEquals(List.empty(), cw.told(), "after the peer's FIN the URG is ignored");
    }

    // §3.10.7.4 seventh: the ACK "should be piggybacked on a segment being transmitted if possible".
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void delayedAckRidesOnData(Profile p) {
        Tcb t = arrive(p, established(p), peer(0, 0, Control.ACK).withDataLength(10), T0,
                Choices.reference().delayingAcks()).tcb();
        assertTrue(t.ackPending());
        Step d = ok(p, t, UserCalls.send(p, t, 20, X, T0, Choices.reference()));
        assertEquals(Y.plus(11), d.sent().single().ack());
        assertTrue(!d.tcb().ackPending());
        // A FIN is acknowledged at once whatever the choice.
        Step fin = arrive(p, established(p), peer(0, 0, Control.ACK, Control.FIN), T0,
                Choices.reference().delayingAcks());
        assertEquals(Y.plus(2), fin.sent().single().ack());
    }

    // §3.10.7.4 fifth, FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2"; Linux arms its
    // FIN-WAIT-2 timer there, RFC 9293 arms none; a FIN then moves FIN-WAIT-2 to TIME-WAIT.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void finWait2ToTimeWait(Profile p) {
        Tcb fw2 = finWait2(p);
        assertEquals(p.finWait2Timeout().isDefined(), fw2.deadline(Timer.FIN_WAIT_2).isDefined());
        Step tw = arrive(p, fw2, peer(0, 1, Control.ACK, Control.FIN));
        assertTrue(tw.tcb().is(TcpState.TIME_WAIT));
        assertEquals(List.of(Timer.TIME_WAIT), tw.tcb().timers().keySet().toList());
        assertEquals(SeqNum.of(X.value() + 2), tw.sent().single().seq());
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void badInputIsAnErrorValue(Profile p) {
        Tcb t = arrive(p, established(p), peer(0, 0, Control.ACK), T0 + 100, Choices.reference()).tcb();
        assertTrue(Arrival.segmentArrives(p, t, peer(0, 0, Control.ACK), NEW_ISS, T0, Choices.reference())
                .getLeft().startsWith("time went backwards"));
        assertTrue(UserCalls.send(p, t, -1, X, T0, Choices.reference()).isLeft());
        assertTrue(UserCalls.receive(p, t, -1, T0).isLeft());
        assertTrue(UserCalls.open(p, Tcb.closed(), false, false, UT, X, T0).isLeft(), "remote socket unspecified");
        assertTrue(UserCalls.open(p, Tcb.closed(), true, false, io.vavr.control.Option.some(0L), X, T0).isLeft());
        assertTrue(UserCalls.send(p, t, 10, X, T0, Choices.reference().segmentizing(0)).isLeft());
        assertTrue(Emission.transmit(p, t, -3, T0).isLeft());
        assertTrue(Timeouts.expire(p, t, Timer.TIME_WAIT, T0, Choices.reference()).isLeft(), "not armed");
    }
}
