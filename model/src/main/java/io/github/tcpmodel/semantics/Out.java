package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;

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
        return Segment.of(t.snd().nxt()).withAck(t.rcv().nxt()).withWindow(t.rcv().wnd());
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
        Segment s = ack(t).withDataLength(n);
        s = n > 0 ? s.with(Control.PSH) : s;
        return fin ? s.with(Control.FIN) : s;
    }
}
