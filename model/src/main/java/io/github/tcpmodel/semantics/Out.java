package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;

/** The segments RFC 9293 §3.10 sends, in its notation. */
final class Out {

    private Out() {
    }

    /** {@code <SEQ=ISS><CTL=SYN>} with this side's MSS and window (§3.10.1). */
    static Segment syn(Profile p, Tcb t) {
        return Segment.of(t.snd().iss(), Control.SYN).withWindow(t.rcv().wnd()).withMss(p.mss());
    }

    /** {@code <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>} (§3.10.7.2, §3.10.7.3). */
    static Segment synAck(Profile p, Tcb t) {
        return Segment.of(t.snd().iss(), Control.SYN).withAck(t.rcv().nxt()).withWindow(t.rcv().wnd())
                .withMss(p.mss());
    }

    /** {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}. */
    static Segment ack(Tcb t) {
        return segment(t, ACK, 0);
    }

    // The control-bit sets of the segments formed on every step, built once, as the instances a segment keeps.
    private static final Set<Control> ACK = shared(Control.ACK);
    private static final Set<Control> ACK_PSH = shared(Control.ACK, Control.PSH);
    private static final Set<Control> ACK_FIN = shared(Control.ACK, Control.FIN);
    private static final Set<Control> ACK_PSH_FIN = shared(Control.ACK, Control.PSH, Control.FIN);

    private static Set<Control> shared(Control... controls) {
        return Segment.of(SeqNum.ZERO, controls).controls();
    }
    private static final Set<EcnFlag> NO_ECN = TreeSet.empty();

    /** {@code <SEQ=SND.NXT><ACK=RCV.NXT>} with {@code controls}, {@code n} octets and SEG.WND = RCV.WND. */
    private static Segment segment(Tcb t, Set<Control> controls, int n) {
        return new Segment(t.snd().nxt(), t.rcv().nxt(), controls, t.rcv().wnd(), 0, n, Option.none(), List.empty(),
                NO_ECN);
    }

    /**
     * The reset that answers {@code seg} (§3.5.2, §3.10.7.1): {@code <SEQ=SEG.ACK><CTL=RST>} when it carries an
     * ACK, otherwise {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}.
     */
    static Segment resetFor(Segment seg) {
        return seg.isAck()
                ? Segment.of(seg.ack(), Control.RST)
                : Segment.of(SeqNum.ZERO, Control.RST).withAck(seg.seq().plus(seg.len()));
    }

    /** {@code <SEQ=SND.NXT><CTL=RST>} (§3.10.5). */
    static Segment abortReset(Tcb t) {
        return Segment.of(t.snd().nxt(), Control.RST);
    }

    /** The next data segment: {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} with {@code n} octets, FIN if asked. */
    static Segment data(Tcb t, int n, boolean fin) {
        return segment(t, n > 0 ? (fin ? ACK_PSH_FIN : ACK_PSH) : (fin ? ACK_FIN : ACK), n);
    }
}
