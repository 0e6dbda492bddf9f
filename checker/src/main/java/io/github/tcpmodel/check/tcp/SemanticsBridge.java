package io.github.tcpmodel.check.tcp;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * The checker's abstract endpoint as a reference {@link Tcb}, and a reference TCB back as the abstract endpoint,
 * so that an arriving segment is processed by {@link io.github.tcpmodel.semantics.Arrival#segmentArrives} itself.
 *
 * <p>What the abstraction keeps of a TCB (RFC 9293 §3.3.1): the state with its origin, ISS, SND.UNA, SND.NXT,
 * the sequence number of this side's FIN (SND.NXT - 1 once the state says the FIN is sent), IRS, RCV.NXT, the
 * octets received and not yet delivered (one per data unit; the user never calls RECEIVE), and the reassembly
 * queue as the units it holds beyond RCV.NXT. What it fixes: every window is the profile's receive window
 * {@code W} (65535 for RFC 9293), so RCV.WND = W - undelivered, SND.WND = MAX.SND.WND = W once the peer's window
 * is known (RFC 5961 §5's lower bound SND.UNA - MAX.SND.WND then lies far below the 0..15 space), and every
 * abstract segment carries window W. What it drops: SND.WL1, SND.WL2, the MSS, RCV.UP, the retransmission queue
 * (the checker retransmits the unit at SND.UNA), timers, times and counters. {@link #abstractInto} checks that a
 * TCB the semantics produce is exactly the one its abstraction stands for on everything kept and fixed, and names
 * the first difference otherwise.
 */
final class SemanticsBridge {

    private SemanticsBridge() {
    }

    /** The reference TCB that the abstract endpoint {@code a} in {@code cs} stands for under profile {@code p}. */
    static Tcb concrete(Profile p, ConnectionState cs, AbstractTcb a) {
        SeqNum iss = SeqNum.of(a.iss);
        return switch (cs.state()) {
            case CLOSED -> Tcb.closed();
            case LISTEN -> UserCalls.open(p, Tcb.closed(), true, false, Option.none(), iss, 0).get().tcb();
            case SYN_SENT -> UserCalls.open(p, Tcb.closed(), false, true, Option.none(), iss, 0).get().tcb();
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT ->
                    synchronizedTcb(p, cs, a);
        };
    }

    private static Tcb synchronizedTcb(Profile p, ConnectionState cs, AbstractTcb a) {
        long w = p.receiveWindow();
        SeqNum iss = SeqNum.of(a.iss);
        SeqNum irs = SeqNum.of(a.irs);
        SendVars snd;
        if (cs.state() == TcpState.SYN_RECEIVED && cs.origin().contains(Origin.PASSIVE)) {
            // §3.10.7.2 third: after a SYN in LISTEN the peer's window is not yet taken (the ACK of our SYN sets it).
            snd = SendVars.afterSyn(iss, p.mss());
        } else {
            snd = new SendVars(iss, SeqNum.of(a.una), SeqNum.of(a.nxt), w, irs, iss, w, p.mss(),
                    finSent(cs.state()) ? Option.some(SeqNum.of(a.nxt - 1)) : Option.none());
        }
        ReceiveVars rcv = ReceiveVars.afterSyn(irs, w - a.delivered).withNxt(SeqNum.of(a.rcv));
        return Tcb.opened(cs, Option.none(), true, p.initialRto(), 0).withSnd(snd).withRcv(rcv)
                .withUndelivered(a.delivered).withReassembly(held(a));
    }

    /** The states in which this side's FIN has been sent (RFC 9293 §3.6). */
    static boolean finSent(TcpState s) {
        return switch (s) {
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT -> true;
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> false;
        };
    }

    /** The held units as segments: one data octet each, the highest the FIN when so marked. */
    private static List<Segment> held(AbstractTcb a) {
        List<Segment> l = List.empty();
        int highest = 31 - Integer.numberOfLeadingZeros(a.held);
        for (int k = 0; k < AbstractTcb.HELD; k++) {
            if ((a.held >>> k & 1) != 0) {
                SeqNum at = SeqNum.of(a.rcv + 1 + k);
                l = l.append(a.finHeld && k == highest ? Segment.of(at, Control.FIN)
                        : Segment.of(at).withDataLength(1));
            }
        }
        return l;
    }

    /**
     * Writes the TCB {@code t} of state {@code cs} into {@code into} (whose ISS is this endpoint's) and checks that
     * the abstraction loses nothing it keeps or fixes; the first difference otherwise. CLOSED and LISTEN keep no
     * sequence variables: the caller forgets the connection.
     */
    static Option<String> abstractInto(Profile p, Tcb t, AbstractTcb into) {
        TcpState st = t.tcpState();
        if (st == TcpState.CLOSED || st == TcpState.LISTEN) {
            return Option.none();
        }
        if (t.snd().iss().value() != into.iss) {
            return Option.some("ISS " + t.snd().iss() + " is not this endpoint's " + into.iss);
        }
        long[] seqs = {t.snd().una().value(), t.snd().nxt().value(), t.rcv().irs().value(), t.rcv().nxt().value()};
        for (long v : seqs) {
            if (v > AbstractSegment.MAX_SEQ) {
                return Option.some("a sequence number beyond " + AbstractSegment.MAX_SEQ + ": " + v);
            }
        }
        if (t.undelivered() > 3) {
            return Option.some("more than 3 units undelivered: " + t.undelivered());
        }
        if (t.sendQueue() != 0 || t.ackPending()) {
            return Option.some("queued data or a pending ACK");
        }
        into.una = (int) seqs[0];
        into.nxt = (int) seqs[1];
        into.irs = (int) seqs[2];
        into.rcv = (int) seqs[3];
        into.delivered = (int) t.undelivered();
        into.held = 0;
        into.finHeld = false;
        int finAt = -1;
        for (Segment h : t.reassembly()) {
            long k = h.seq().value() - into.rcv - 1;
            boolean data = h.dataLength() == 1 && !h.fin() && !h.syn();
            boolean fin = h.dataLength() == 0 && h.fin() && !h.syn();
            if (k < 0 || k >= AbstractTcb.HELD || !(data || fin)) {
                return Option.some("a held segment the abstraction cannot keep: " + h);
            }
            into.held |= 1 << k;
            finAt = fin ? (int) k : finAt;
        }
        if (finAt >= 0 && finAt != 31 - Integer.numberOfLeadingZeros(into.held)) {
            return Option.some("a held FIN below held text: " + t.reassembly());
        }
        into.finHeld = finAt >= 0;
        Tcb back = concrete(p, t.state(), into);
        SendVars s = t.snd();
        SendVars b = back.snd();
        if (s.wnd() != b.wnd() || s.maxWnd() != b.maxWnd() || !s.fin().equals(b.fin())) {
            return Option.some("send variables SND.WND " + s.wnd() + ", MAX.SND.WND " + s.maxWnd() + ", FIN "
                    + s.fin() + " are not the abstraction's " + b.wnd() + ", " + b.maxWnd() + ", " + b.fin());
        }
        if (t.rcv().wnd() != back.rcv().wnd()) {
            return Option.some("RCV.WND " + t.rcv().wnd() + " is not the abstraction's " + back.rcv().wnd());
        }
        return Option.none();
    }

    /** The reference segment of an abstract one: one data octet for a data unit, window W. */
    static Segment concrete(Profile p, AbstractSegment a) {
        Segment s = Segment.of(SeqNum.of(a.seq())).withWindow(p.receiveWindow()).withDataLength(a.data() ? 1 : 0);
        if (a.syn()) {
            s = s.with(Control.SYN);
        }
        if (a.fin()) {
            s = s.with(Control.FIN);
        }
        if (a.rst()) {
            s = s.with(Control.RST);
        }
        return a.ack() ? s.withAck(SeqNum.of(a.ackNo())) : s;
    }

    /** The abstract segment of a reference one, if the abstraction can carry it (PSH and the window dropped). */
    static Option<AbstractSegment> abstracted(Segment s) {
        if (s.has(Control.URG) || s.dataLength() > 1 || s.seq().value() > AbstractSegment.MAX_SEQ
                || s.isAck() && s.ack().value() > AbstractSegment.MAX_SEQ) {
            return Option.none();
        }
        return Option.some(new AbstractSegment(s.syn(), s.isAck(), s.fin(), s.rst(), s.dataLength() == 1,
                (int) s.seq().value(), s.isAck() ? (int) s.ack().value() : 0));
    }
}
