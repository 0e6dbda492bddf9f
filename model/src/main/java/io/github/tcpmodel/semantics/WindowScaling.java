package io.github.tcpmodel.semantics;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.Negotiated;
import java.util.Objects;

/**
 * Window scaling (RFC 7323 §2): the peer's SEG.WND shifted into SND.WND, and this side's RCV.WND shifted into the
 * SEG.WND it sends.
 * <ul>
 *   <li>§2.2: "The window field in a segment where the SYN bit is set (i.e., a &lt;SYN&gt; or &lt;SYN,ACK&gt;) MUST NOT be
 *       scaled."</li>
 *   <li>§2.3: "The scale factor applies only to the Window field as transmitted in the TCP header": SND.WND =
 *       SEG.WND &lt;&lt; Snd.Wind.Shift on every segment after the SYN, and SEG.WND = RCV.WND &gt;&gt;
 *       Rcv.Wind.Shift on every segment this side sends after its SYN.</li>
 *   <li>§2.4, the rounding question: the right shift drops the low bits, so the window advertised can end before
 *       RCV.NXT + RCV.WND, and by less than one unit of scale the right edge can move left between segments. "Using
 *       a larger scale factor than necessary will ... [and] there are instances when a retracted window can be
 *       offered ... Implementations MUST ensure that they handle a shrinking window, as specified in Section
 *       4.2.2.16 of [RFC1122]." RFC7323-CHOICE: this side rounds down (never advertises more than RCV.WND), and the
 *       acceptability test keeps using RCV.WND, which is at least what was advertised.</li>
 * </ul>
 * Without window scaling (shift 0) the window passes unchanged, as the model always had it.
 */
public final class WindowScaling {

    private WindowScaling() {
    }

    /** The largest value of the 16-bit Window field. */
    public static final long MAX_FIELD = 0xFFFF;

    /** The peer's window in octets as {@code seg} advertises it: SEG.WND, shifted unless the segment is a SYN. */
    public static long sendWindow(Negotiated n, Segment seg) {
        Objects.requireNonNull(n, "negotiated is null");
        return seg.syn() ? seg.window() : seg.window() << n.sndShift();
    }

    /** The window in octets a segment {@code s} this side sent advertises (the inverse view of the peer). */
    public static long advertisedWindow(Negotiated n, Segment s) {
        Objects.requireNonNull(n, "negotiated is null");
        return s.syn() ? s.window() : s.window() << n.rcvShift();
    }

    /**
     * The SEG.WND field this side sends for receive window {@code rcvWnd}: unchanged on a SYN or without window
     * scaling, else RCV.WND &gt;&gt; Rcv.Wind.Shift (rounded down, §2.4) at most 65535.
     */
    public static long field(Negotiated n, long rcvWnd, boolean syn) {
        Objects.requireNonNull(n, "negotiated is null");
        if (syn || !n.windowScaling()) {
            return rcvWnd;
        }
        return Math.min(MAX_FIELD, rcvWnd >> n.rcvShift());
    }
}
