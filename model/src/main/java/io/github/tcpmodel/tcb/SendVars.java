package io.github.tcpmodel.tcb;

import io.github.tcpmodel.seq.SeqNum;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The send sequence variables of RFC 9293 §3.3.1 (Figure 3), with {@code MAX.SND.WND} of RFC 5961 §5 and the
 * sequence number of this side's FIN once it is sent.
 *
 * @param iss    ISS, the initial send sequence number
 * @param una    SND.UNA, oldest unacknowledged sequence number
 * @param nxt    SND.NXT, next sequence number to be sent
 * @param wnd    SND.WND, the peer's window, an offset from SND.UNA
 * @param wl1    SND.WL1, segment sequence number used for the last window update
 * @param wl2    SND.WL2, segment acknowledgment number used for the last window update
 * @param maxWnd MAX.SND.WND, the largest window the peer has advertised (RFC 5961 §5)
 * @param mss    the largest payload this side may send in one segment (the peer's MSS option, or 536)
 * @param fin    the sequence number of this side's FIN, once sent
 */
public record SendVars(SeqNum iss, SeqNum una, SeqNum nxt, long wnd, SeqNum wl1, SeqNum wl2, long maxWnd, int mss,
                       Option<SeqNum> fin) {
    public SendVars {
        Objects.requireNonNull(iss, "iss is null");
        Objects.requireNonNull(una, "una is null");
        Objects.requireNonNull(nxt, "nxt is null");
        Objects.requireNonNull(wl1, "wl1 is null");
        Objects.requireNonNull(wl2, "wl2 is null");
        Objects.requireNonNull(fin, "fin is null");
    }

    /** The variables right after a SYN with {@code iss} is sent: SND.UNA = ISS, SND.NXT = ISS + 1 (§3.10.1). */
    public static SendVars afterSyn(SeqNum iss, int mss) {
        return new SendVars(iss, iss, iss.plus(1), 0, SeqNum.ZERO, SeqNum.ZERO, 0, mss, Option.none());
    }

    /** The same variables with SND.UNA = {@code una}. */
    public SendVars withUna(SeqNum una) {
        if (una == this.una) {
            return this;
        }
        return new SendVars(iss, una, nxt, wnd, wl1, wl2, maxWnd, mss, fin);
    }

    /** The same variables with SND.NXT = {@code nxt}. */
    public SendVars withNxt(SeqNum nxt) {
        if (nxt == this.nxt) {
            return this;
        }
        return new SendVars(iss, una, nxt, wnd, wl1, wl2, maxWnd, mss, fin);
    }

    /** The same variables with the send MSS {@code mss}. */
    public SendVars withMss(int mss) {
        if (mss == this.mss) {
            return this;
        }
        return new SendVars(iss, una, nxt, wnd, wl1, wl2, maxWnd, mss, fin);
    }

    /** The same variables, recording that this side's FIN was sent at {@code fin}. */
    public SendVars withFin(SeqNum fin) {
        return new SendVars(iss, una, nxt, wnd, wl1, wl2, maxWnd, mss, Option.some(fin));
    }

    /** SND.WND &lt;- wnd, SND.WL1 &lt;- wl1, SND.WL2 &lt;- wl2, and MAX.SND.WND grows to cover {@code wnd}. */
    public SendVars withWindow(long wnd, SeqNum wl1, SeqNum wl2) {
        if (wnd == this.wnd && wl1.equals(this.wl1) && wl2.equals(this.wl2) && wnd <= maxWnd) {
            return this;
        }
        return new SendVars(iss, una, nxt, wnd, wl1, wl2, Math.max(maxWnd, wnd), mss, fin);
    }

    /** Whether this side's FIN has been sent and acknowledged (SND.UNA is past it). */
    public boolean finAcked() {
        return fin.isDefined() && fin.get().lt(una);
    }

    /** Octets in flight: SND.NXT - SND.UNA. */
    public long inFlight() {
        return nxt.offsetFrom(una);
    }

    /** The usable window: how many new octets the peer's window still admits, SND.UNA + SND.WND - SND.NXT. */
    public long usable() {
        return Math.max(0, wnd - inFlight());
    }
}
