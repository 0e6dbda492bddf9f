package io.github.tcpmodel.tcb;

import io.github.tcpmodel.seq.SeqNum;
import java.util.Objects;

/**
 * The receive sequence variables of RFC 9293 §3.3.1 (Figure 4).
 *
 * @param irs IRS, the initial receive sequence number
 * @param nxt RCV.NXT, the next sequence number expected
 * @param wnd RCV.WND, the receive window this side advertises
 * @param up  RCV.UP, the receive urgent pointer
 */
public record ReceiveVars(SeqNum irs, SeqNum nxt, long wnd, SeqNum up) {
    public ReceiveVars {
        Objects.requireNonNull(irs, "irs is null");
        Objects.requireNonNull(nxt, "nxt is null");
        Objects.requireNonNull(up, "up is null");
        if (wnd < 0) {
            throw new IllegalArgumentException("negative receive window: " + wnd);
        }
    }

    /** The variables after a SYN with {@code SEG.SEQ = irs}: RCV.NXT = IRS + 1 (§3.10.7.2, §3.10.7.3). */
    public static ReceiveVars afterSyn(SeqNum irs, long wnd) {
        return new ReceiveVars(irs, irs.plus(1), wnd, irs.plus(1));
    }

    /** The same variables with RCV.NXT = {@code nxt}. */
    public ReceiveVars withNxt(SeqNum nxt) {
        if (nxt == this.nxt) {
            return this;
        }
        return new ReceiveVars(irs, nxt, wnd, up);
    }

    /** The same variables with RCV.WND = {@code wnd}. */
    public ReceiveVars withWnd(long wnd) {
        if (wnd == this.wnd) {
            return this;
        }
        return new ReceiveVars(irs, nxt, wnd, up);
    }

    /** The same variables with RCV.UP = {@code up}. */
    public ReceiveVars withUp(SeqNum up) {
        if (up == this.up) {
            return this;
        }
        return new ReceiveVars(irs, nxt, wnd, up);
    }
}
