package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.T0;
import static io.github.tcpmodel.semantics.Fx.UT;
import static io.github.tcpmodel.semantics.Fx.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeds' claims about numbers (docs/seed-claims.md C1-C5, C15-C20, C37) at the segment level: two endpoints in
 * lockstep, each segment one sends delivered to the other, with the ISNs x and y as inputs.
 */
class SeedNumbersTest {

    static final SeqNum CX = SeqNum.of(1_000);
    static final SeqNum SY = SeqNum.of(70_000);

    static Step deliver(Profile p, Tcb to, Step from) {
        Segment s = from.sent().single();
        return ok(p, to, Arrival.segmentArrives(p, to, s, SY, T0, Choices.reference()));
    }

    /** The handshake of C1-C3 from ISNs x (client) and y (server); returns {client, server} steps. */
    static Step[] handshake(Profile p, SeqNum x, SeqNum y) {
        Tcb listen = UserCalls.open(p, Tcb.closed(), true, false, UT, y, T0).get().tcb();
        Step c1 = ok(p, Tcb.closed(), UserCalls.open(p, Tcb.closed(), false, true, UT, x, T0));
        Step s1 = ok(p, listen, Arrival.segmentArrives(p, listen, c1.sent().single(), y, T0, Choices.reference()));
        Step c2 = deliver(p, c1.tcb(), s1);
        Step s2 = deliver(p, s1.tcb(), c2);
        return new Step[] {c1, s1, c2, s2};
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void threeWayHandshakeNumbers_c1_c2_c3(Profile p) {
        Step[] h = handshake(p, CX, SY);
        // C1: SYN with the chosen ISN x, SYN-SENT.
        Segment syn = h[0].sent().single();
        assertEquals(List.of(Control.SYN), syn.controls().toList());
        assertEquals(CX, syn.seq());
        assertTrue(h[0].tcb().is(TcpState.SYN_SENT));
        // C2: SYN,ACK with its own ISN y and ack = x + 1, SYN-RECEIVED.
        Segment synAck = h[1].sent().single();
        assertTrue(synAck.syn() && synAck.isAck());
        assertEquals(SY, synAck.seq());
        assertEquals(CX.plus(1), synAck.ack());
        assertTrue(h[1].tcb().is(TcpState.SYN_RECEIVED));
        // C3: the client sends ACK seq = x + 1, ack = y + 1 and is ESTABLISHED; the server on that ACK.
        Segment ack = h[2].sent().single();
        assertEquals(List.of(Control.ACK), ack.controls().toList());
        assertEquals(CX.plus(1), ack.seq());
        assertEquals(SY.plus(1), ack.ack());
        assertTrue(h[2].tcb().is(TcpState.ESTABLISHED));
        assertTrue(h[3].tcb().is(TcpState.ESTABLISHED));
        // C3: the client checks the ACK: any other value than x + 1 gets a reset, not ESTABLISHED.
        Segment wrong = Segment.of(SY, Control.SYN).withAck(CX.plus(2));
        Step bad = ok(p, h[0].tcb(), Arrival.segmentArrives(p, h[0].tcb(), wrong, SY, T0, Choices.reference()));
        assertTrue(bad.tcb().is(TcpState.SYN_SENT));
        assertTrue(bad.sent().single().rst());
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void synConsumesOneNumberPureAckNone_c4(Profile p) {
        Step[] h = handshake(p, CX, SY);
        assertEquals(CX.plus(1), h[0].tcb().snd().nxt(), "the SYN consumed one sequence number");
        assertEquals(CX.plus(1), h[3].tcb().rcv().nxt());
        assertEquals(CX.plus(1), h[2].tcb().snd().nxt(), "the pure ACK consumed none");
        // The third segment may carry data: the server takes it as it becomes ESTABLISHED.
        Segment ackWithData = h[2].sent().single().withDataLength(20);
        Step s = ok(p, h[1].tcb(), Arrival.segmentArrives(p, h[1].tcb(), ackWithData, SY, T0, Choices.reference()));
        assertTrue(s.tcb().is(TcpState.ESTABLISHED));
        assertEquals(CX.plus(21), s.tcb().rcv().nxt());
        assertEquals(20, s.tcb().undelivered());
        // Note on C4: RFC 9293 allows data on a SYN; it is queued until ESTABLISHED (§3.10.7.2, third).
        Tcb listen = UserCalls.open(p, Tcb.closed(), true, false, UT, SY, T0).get().tcb();
        Segment synData = Segment.of(CX, Control.SYN).withDataLength(7).withWindow(1000);
        Step sr = ok(p, listen, Arrival.segmentArrives(p, listen, synData, SY, T0, Choices.reference()));
        assertEquals(CX.plus(1), sr.sent().single().ack(), "the SYN,ACK acknowledges only the SYN");
        assertEquals(0, sr.tcb().undelivered());
        Segment third = Segment.of(CX.plus(1)).withAck(SY.plus(1)).withWindow(1000);
        Step est = ok(p, sr.tcb(), Arrival.segmentArrives(p, sr.tcb(), third, SY, T0, Choices.reference()));
        assertTrue(est.tcb().is(TcpState.ESTABLISHED));
        if (p.synTextDiscarded()) {
            // Linux without TCP Fast Open (the profile's switch): the text of the SYN was discarded.
            assertEquals(CX.plus(1), est.tcb().rcv().nxt());
            assertEquals(0, est.tcb().undelivered());
            return;
        }
        assertEquals(CX.plus(8), est.tcb().rcv().nxt(), "the queued data is taken once ESTABLISHED");
        assertEquals(7, est.tcb().undelivered());
        assertEquals(CX.plus(8), est.sent().single().ack());
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void differentIsnsKeepOldSegmentsOut_c5(Profile p) {
        // C5: the ISN is an input; a segment of an old incarnation (ISNs x, y) is not acceptable to a new one
        // whose ISNs are far away (x', y'), so it cannot inject data or reset it.
        Step[] old = handshake(p, CX, SY);
        Step[] fresh = handshake(p, SeqNum.of(3_000_000_000L), SeqNum.of(2_000_000_000L));
        Tcb server = fresh[3].tcb();
        Segment oldData = Segment.of(CX.plus(1)).withAck(SY.plus(1)).withDataLength(100).withWindow(1000);
        Step d = ok(p, server, Arrival.segmentArrives(p, server, oldData, SY, T0, Choices.reference()));
        assertEquals(server.rcv(), d.tcb().rcv(), "old data is not accepted");
        assertTrue(d.sent().single().isAck() && !d.sent().single().rst());
        Step r = ok(p, server, Arrival.segmentArrives(p, server, Segment.of(CX.plus(1), Control.RST), SY, T0,
                Choices.reference()));
        assertTrue(r.tcb().is(TcpState.ESTABLISHED), "an old RST does not reset the new connection");
        assertFalse(old[3].tcb().rcv().nxt().equals(server.rcv().nxt()));
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void fourWayCloseNumbers_c15_to_c20(Profile p) {
        Step[] h = handshake(p, CX, SY);
        Tcb closer = h[2].tcb();
        Tcb peer = h[3].tcb();
        // The closer sends 10 octets first, so u is one past the last data byte.
        Step data = ok(p, closer, UserCalls.send(p, closer, 10, CX, T0, Choices.reference()));
        Step got = deliver(p, peer, data);
        Step dataAck = deliver(p, data.tcb(), got);
        closer = dataAck.tcb();
        peer = got.tcb();
        SeqNum u = CX.plus(11);
        // C15: FIN with seq = u, FIN-WAIT-1; the closer still receives.
        Step fin = ok(p, closer, UserCalls.close(p, closer, T0));
        assertEquals(u, fin.sent().single().seq());
        assertTrue(fin.sent().single().fin());
        assertTrue(fin.tcb().is(TcpState.FIN_WAIT_1));
        // C20: the FIN consumed one sequence number.
        assertEquals(u.plus(1), fin.tcb().snd().nxt());
        // C16: the peer ACKs u + 1 and enters CLOSE-WAIT.
        Step pAck = deliver(p, peer, fin);
        assertEquals(u.plus(1), pAck.sent().single().ack());
        assertTrue(pAck.tcb().is(TcpState.CLOSE_WAIT));
        assertEquals(u.plus(1), pAck.tcb().rcv().nxt());
        // C16: half-close: the peer may still send data, and the closer (FIN-WAIT-1/2) still receives it.
        Step more = ok(p, pAck.tcb(), UserCalls.send(p, pAck.tcb(), 5, SY, T0, Choices.reference()));
        // C17: on the ACK the closer enters FIN-WAIT-2.
        Step fw2 = deliver(p, fin.tcb(), pAck);
        assertTrue(fw2.tcb().is(TcpState.FIN_WAIT_2));
        Step recv = deliver(p, fw2.tcb(), more);
        assertEquals(5, recv.tcb().undelivered());
        Step moreAcked = deliver(p, more.tcb(), recv);
        // C18: the peer sends its FIN, seq = w, ack = u + 1, LAST-ACK.
        SeqNum w = SY.plus(1 + 5);
        // The peer's application reads its 10 octets first (under Linux, close() with unread data sends a RST).
        Step read = ok(p, moreAcked.tcb(), UserCalls.receive(p, moreAcked.tcb(), 100, T0));
        assertEquals(10, read.delivered());
        Step pFin = ok(p, read.tcb(), UserCalls.close(p, read.tcb(), T0));
        assertEquals(w, pFin.sent().single().seq());
        assertEquals(u.plus(1), pFin.sent().single().ack());
        assertTrue(pFin.tcb().is(TcpState.LAST_ACK));
        // C19: the closer ACKs seq = u + 1, ack = w + 1, TIME-WAIT; the peer is CLOSED on that ACK, first.
        Step last = deliver(p, recv.tcb(), pFin);
        assertEquals(u.plus(1), last.sent().single().seq());
        assertEquals(w.plus(1), last.sent().single().ack());
        assertTrue(last.tcb().is(TcpState.TIME_WAIT));
        Step gone = deliver(p, pFin.tcb(), last);
        assertTrue(gone.tcb().is(TcpState.CLOSED));
        assertTrue(last.tcb().is(TcpState.TIME_WAIT), "the closer waits while the peer is already CLOSED");
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void aConnectionAcrossTheWrap_c37(Profile p) {
        // C37: with ISNs just below 2^32 the numbers wrap to 0 during the connection and nothing breaks.
        SeqNum x = SeqNum.of(SeqNum.MODULUS - 3);
        SeqNum y = SeqNum.of(SeqNum.MODULUS - 1);
        Step[] h = handshake(p, x, y);
        assertEquals(SeqNum.ZERO, h[3].tcb().rcv().nxt().minus(SeqNum.MODULUS - 2));
        assertEquals(SeqNum.ZERO, h[2].tcb().rcv().nxt(), "y + 1 wraps to 0");
        Step data = ok(p, h[2].tcb(), UserCalls.send(p, h[2].tcb(), 100, x, T0, Choices.reference()));
        Step got = deliver(p, h[3].tcb(), data);
        assertEquals(SeqNum.of(98), got.tcb().rcv().nxt(), "x + 1 + 100 mod 2^32");
        Step acked = deliver(p, data.tcb(), got);
        assertEquals(SeqNum.of(98), acked.tcb().snd().una());
        assertTrue(acked.tcb().retransmission().isEmpty());
    }
}
