package io.github.tcpmodel.semantics;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * TCP Fast Open at a listener (RFC 7413 §4.2), where the profile's switch
 * ({@link io.github.tcpmodel.profile.TcpExtensions#fastOpenServer()}) turns it on.
 * <ul>
 *   <li>§4.2.1: a SYN with an empty Fast Open option requests a cookie; the SYN,ACK carries one.</li>
 *   <li>§4.2.2: "If the cookie is valid, the server ... accepts the data, and ... sends a SYN-ACK
 *       acknowledging the SYN and the data"; the text is delivered to the application at once.</li>
 * </ul>
 * Whether a cookie is valid is the server's secret (a MAC of the client's address, §4.1.2); the model, which has no
 * addresses, takes any well-formed cookie (4 to 16 octets, an even number, §4.1.1) as valid, and the cookie it hands
 * out stands for the server's (8 octets, from the IRS), compared by presence only. Without the switch a data-bearing
 * SYN is handled as RFC 9293 §3.10.7.2 says (text held until ESTABLISHED), or discarded where the profile says so
 * ({@link Profile#synTextDiscarded()}, Linux without Fast Open). The client side (text on this side's SYN) is not
 * modelled: a SEND in SYN-SENT is queued (§3.10.2); the client only asks for a cookie.
 */
public final class FastOpen {

    private FastOpen() {
    }

    /** Whether listener profile {@code p} accepts the text of {@code syn}: Fast Open on, a well-formed cookie. */
    public static boolean accepts(Profile p, Segment syn) {
        return p.extensions().fastOpenServer() && syn.dataLength() > 0 && !syn.fin()
                && syn.option(SegmentOption.FastOpen.class).exists(SegmentOption.FastOpen::wellFormed);
    }

    /** Whether listener profile {@code p} answers {@code syn} with a cookie: Fast Open on and a cookie requested. */
    public static boolean cookieRequested(Profile p, Segment syn) {
        return p.extensions().fastOpenServer()
                && syn.option(SegmentOption.FastOpen.class).exists(SegmentOption.FastOpen::isRequest);
    }

    /**
     * The TCB of SYN-RECEIVED {@code t} having accepted the text of {@code syn} (RCV.NXT = IRS + 1 already): RCV.NXT
     * advanced over it, RCV.WND reduced by it, and the octets on hand for RECEIVE.
     */
    static Tcb take(Tcb t, Segment syn) {
        long n = syn.dataLength();
        // The SYN's window (never scaled, RFC 7323 §2.2) is the send window until the handshake completes: §4.2.2
        // lets the server send its response before the client's ACK ("the server can send data ... before the
        // 3WHS completes" in the protocol overview, §3), within the congestion control of RFC 5681.
        return t.withRcv(t.rcv().withNxt(t.rcv().nxt().plus(n)).withWnd(Math.max(0, t.rcv().wnd() - n)))
                .withUndelivered(t.undelivered() + n)
                .withSnd(t.snd().withWindow(syn.window(), syn.seq(), t.snd().iss()));
    }

    /**
     * Whether SYN-RECEIVED TCB {@code t} accepted the text of its SYN (RCV.NXT beyond IRS + 1, which only {@link
     * #take} makes so): it may then send text before the handshake completes (RFC 7413 §3, §4.2.2).
     */
    static boolean textAccepted(Tcb t) {
        return t.is(TcpState.SYN_RECEIVED) && t.rcv().nxt().gt(t.rcv().irs().plus(1));
    }

    /** The SYN,ACK {@code synAck} with the cookie a request asked for, in the requesting option's kind. */
    static Segment withCookie(Segment synAck, Segment syn, SeqNum irs) {
        Option<SegmentOption.FastOpen> req = syn.option(SegmentOption.FastOpen.class);
        long v = irs.value();
        Vector<Byte> cookie = Vector.range(0, 8).map(i -> (byte) (v >>> (8 * (i % 4))));
        return synAck.withOptions(synAck.options().append(
                new SegmentOption.FastOpen(cookie, req.exists(SegmentOption.FastOpen::experimental))));
    }
}
