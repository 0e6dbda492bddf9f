package io.github.tcpmodel.semantics;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
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
 * ({@link Profile#synTextDiscarded()}, Linux without Fast Open).
 *
 * <p>The client (RFC 7413 §4.1.3, §4.2.2), where {@link io.github.tcpmodel.profile.TcpExtensions#fastOpenClient()}
 * is on: without a cached cookie its SYN asks for one and its text waits for ESTABLISHED, as RFC 9293 §3.10.2 queues
 * a SEND in SYN-SENT; with one, {@link #withSynText} puts text on the SYN, no more than fits the server's MSS cached
 * with the cookie less the room of the SYN's options ({@link #synTextRoom}). How much of the queued text rides on
 * the SYN is the client's choice and the caller's input, checked against that bound. The SYN,ACK may acknowledge
 * all of it, part or none (§4.2.2: the server may drop the text of a SYN); {@link #requeued} puts what it did not
 * acknowledge back on the send queue, to be sent again once ESTABLISHED.
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

    /**
     * The room the options of a SYN may take (RFC 9293 §3.1: a data offset of 15 words leaves 40 octets of
     * options): text on a client's SYN is bounded by the MSS less this room, so the SYN fits the MSS whatever options
     * it carries.
     */
    public static final int SYN_OPTION_ROOM = 40;

    /**
     * The most text a Fast Open client's SYN may carry (RFC 7413 §4.1.3: the client caches the server's MSS with
     * the cookie, so that its SYN's text fits): {@code cachedMss}, or {@code defaultMss} when none was cached (the
     * client's choice: Linux takes the MSS it announces itself), less {@link #SYN_OPTION_ROOM}; never negative.
     */
    public static long synTextRoom(Option<Integer> cachedMss, int defaultMss) {
        return Math.max(0, cachedMss.getOrElse(defaultMss) - SYN_OPTION_ROOM);
    }

    /**
     * The active OPEN {@code open} (what {@link UserCalls#open} answered: SYN-SENT, the SYN its only segment) of a
     * Fast Open client holding a cookie, with {@code text} octets of {@code queued} on its SYN (RFC 7413 §4.2.2: the
     * client "sends a SYN with data and the cookie"): SND.NXT advanced over the text, the rest of {@code queued} on
     * the send queue, the SYN with its text the segment sent and the one to retransmit. An error when the profile's
     * client switch is off, when {@code text} is negative or more than {@code queued}, or more than {@code room}
     * ({@link #synTextRoom}).
     */
    public static Either<String, Step> withSynText(Profile p, Step open, long queued, long text, long room) {
        Tcb t = open.tcb();
        if (!p.extensions().fastOpenClient()) {
            return Either.left("RFC 7413 §4.2.2: text on a SYN needs the Fast Open client switch");
        }
        if (!t.is(TcpState.SYN_SENT) || open.sent().size() != 1 || !open.sent().head().syn()
                || !t.snd().nxt().equals(t.snd().iss().plus(1))) {
            return Either.left("RFC 7413 §4.2.2: text goes on the SYN of an active OPEN, not after it");
        }
        if (text < 0 || text > queued || queued < 0) {
            return Either.left("text on the SYN (" + text + ") must be within what was queued (" + queued + ")");
        }
        if (text > room) {
            return Either.left("RFC 7413 §4.1.3: " + text + " octets of text do not fit the SYN's room of " + room);
        }
        Segment syn = open.sent().head().withDataLength((int) text);
        Tcb u = t.withSnd(t.snd().withNxt(t.snd().iss().plus(1 + text))).withSendQueue(queued - text)
                .withRetransmission(io.vavr.collection.List.of(syn));
        return Either.right(new Step(u, io.vavr.collection.List.of(syn), open.told(), open.delivered(),
                open.projection(), open.rule() + "; RFC 7413 §4.2.2: " + text + " octets of text on the SYN"));
    }

    /**
     * TCB {@code t}, just synchronized by a SYN,ACK in SYN-SENT, with the text of its SYN that the SYN,ACK did not
     * acknowledge (SND.UNA {@literal <} SND.NXT) back on the send queue: RFC 7413 §4.2.2 lets the server acknowledge the SYN
     * alone, and the client then sends the text again. SND.NXT returns to SND.UNA, so the text leaves as new
     * segments under the send rules of ESTABLISHED; the retransmission queue keeps nothing of it. Unchanged when
     * everything was acknowledged or the TCB is not synchronized.
     */
    public static Tcb requeued(Tcb t) {
        if (!t.tcpState().isSynchronized() || !t.snd().una().lt(t.snd().nxt()) || t.snd().fin().isDefined()) {
            return t;
        }
        long rest = t.snd().nxt().distanceFrom(t.snd().una());
        return t.withSnd(t.snd().withNxt(t.snd().una())).withSendQueue(t.sendQueue() + rest)
                .withRetransmission(io.vavr.collection.List.empty());
    }

    /**
     * The step {@code timeout} of a retransmission timeout in SYN-SENT with the SYN sent again plain: without text and
     * without the Fast Open option. A Fast Open SYN that goes unanswered may have been dropped for its option or its
     * text by a middlebox (RFC 7413 §7.1), so the client falls back to a regular SYN, as Linux does; the text goes
     * back on the send queue, to be sent once ESTABLISHED (RFC 9293 §3.10.2 queues a SEND in SYN-SENT). Unchanged
     * when the step sent no such SYN.
     */
    public static Step plainSynRetransmission(Step timeout) {
        Tcb t = timeout.tcb();
        if (!t.is(TcpState.SYN_SENT) || timeout.sent().size() != 1) {
            return timeout;
        }
        Segment syn = timeout.sent().head();
        boolean option = syn.option(SegmentOption.FastOpen.class).isDefined();
        if (!syn.syn() || syn.isAck() || (syn.dataLength() == 0 && !option)) {
            return timeout;
        }
        Segment plain = syn.withDataLength(0)
                .withOptions(syn.options().filter(o -> !(o instanceof SegmentOption.FastOpen)));
        Tcb u = t.withSnd(t.snd().withNxt(t.snd().iss().plus(1))).withSendQueue(t.sendQueue() + syn.dataLength())
                .withRetransmission(io.vavr.collection.List.of(plain));
        return new Step(u, io.vavr.collection.List.of(plain), timeout.told(), timeout.delivered(),
                timeout.projection(), timeout.rule() + "; RFC 7413 §7.1: the SYN again without text or Fast Open option");
    }
}
