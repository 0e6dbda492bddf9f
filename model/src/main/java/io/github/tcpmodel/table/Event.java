package io.github.tcpmodel.table;

/**
 * The events of RFC 9293 §3.10 in the abstraction of Figure 5, grouped by cause.
 *
 * <p>A segment event names a class of arriving segments as the receiving connection classifies it after the
 * checks of §3.10.7 (acceptability, RST, SYN, ACK): for instance {@link #RCV_ACK_OF_FIN} is an acceptable segment
 * whose ACK covers the FIN this side sent. Every segment event except {@link #RCV_SYN} and {@link #RCV_RST}
 * carries the ACK bit, as every segment after the first SYN does (RFC 9293 §3.4).
 */
public enum Event {
    // ---- user calls (RFC 9293 §3.10.1 - §3.10.6) ----
    /** OPEN with the passive flag (§3.10.1). */
    PASSIVE_OPEN(Cause.USER, "passive OPEN"),
    /** OPEN with the active flag and a fully specified remote socket (§3.10.1). */
    ACTIVE_OPEN(Cause.USER, "active OPEN"),
    /** SEND (§3.10.2); in LISTEN it assumes a specified remote socket. */
    SEND(Cause.USER, "SEND"),
    /** RECEIVE (§3.10.3). */
    RECEIVE(Cause.USER, "RECEIVE"),
    /** CLOSE: "I have no more data to send" (§3.10.4). */
    CLOSE(Cause.USER, "CLOSE"),
    /** ABORT (§3.10.5). */
    ABORT(Cause.USER, "ABORT"),
    /** STATUS (§3.10.6). */
    STATUS(Cause.USER, "STATUS"),

    // ---- segment arrivals (RFC 9293 §3.10.7) ----
    /** A SYN without ACK: a connection request. */
    RCV_SYN(Cause.SEGMENT, "rcv SYN"),
    /** A SYN,ACK whose ACK acknowledges this side's SYN (SND.UNA &lt; SEG.ACK =&lt; SND.NXT). */
    RCV_SYN_ACK(Cause.SEGMENT, "rcv SYN,ACK"),
    /** A segment without SYN, FIN or RST whose ACK acknowledges this side's SYN. */
    RCV_ACK_OF_SYN(Cause.SEGMENT, "rcv ACK of SYN"),
    /** An acceptable ACK-bearing segment without SYN, FIN or RST that acknowledges neither a SYN nor a FIN. */
    RCV_ACK(Cause.SEGMENT, "rcv ACK"),
    /** An ACK-bearing segment without RST whose ACK is not acceptable (e.g. SEG.ACK > SND.NXT). */
    RCV_BAD_ACK(Cause.SEGMENT, "rcv bad ACK"),
    /**
     * An acceptable FIN whose ACK does not newly acknowledge this side's FIN: this side sent none, its FIN is still
     * unacknowledged, or it was acknowledged before (FIN-WAIT-2).
     */
    RCV_FIN(Cause.SEGMENT, "rcv FIN"),
    /** An acceptable segment without FIN whose ACK covers this side's FIN (newly, or again as a duplicate). */
    RCV_ACK_OF_FIN(Cause.SEGMENT, "rcv ACK of FIN"),
    /** An acceptable FIN whose ACK newly acknowledges this side's FIN (Figure 5, Note 2). */
    RCV_FIN_ACK_OF_FIN(Cause.SEGMENT, "rcv FIN,ACK of FIN"),
    /** A RST that passes the checks of the receiving state (acceptable, and exact under RFC 5961). */
    RCV_RST(Cause.SEGMENT, "rcv RST"),

    // ---- timeouts (RFC 9293 §3.10.8, §3.8.4, RFC 9293 §3.6) ----
    /** The TIME-WAIT timer (2 MSL) expires (§3.10.8). */
    TIME_WAIT_TIMEOUT(Cause.TIMEOUT, "Timeout=2MSL"),
    /** The user timeout expires (§3.10.8); also the end of retries (R2, §3.8.3) and of keep-alive probes. */
    USER_TIMEOUT(Cause.TIMEOUT, "user timeout"),
    /** The retransmission timer expires on a segment in the retransmission queue (§3.10.8). */
    RETRANSMISSION_TIMEOUT(Cause.TIMEOUT, "retransmission timeout"),
    /** The keep-alive timer expires on an idle connection (§3.8.4, optional and off by default). */
    KEEPALIVE_TIMEOUT(Cause.TIMEOUT, "keep-alive timeout"),
    /** An orphaned FIN-WAIT-2 timer expires: not in RFC 9293, used by implementations such as Linux. */
    FIN_WAIT_2_TIMEOUT(Cause.TIMEOUT, "FIN-WAIT-2 timeout");

    /** Who causes an event: RFC 9293 §3.10 casts events into these three categories. */
    public enum Cause {
        /** A call by the local user (application). */
        USER,
        /** The arrival of a segment from the network. */
        SEGMENT,
        /** The expiry of a timer. */
        TIMEOUT
    }

    private final Cause cause;
    private final String label;

    Event(Cause cause, String label) {
        this.cause = cause;
        this.label = label;
    }

    /** What causes the event: a user call, a segment arrival or a timeout. */
    public Cause cause() {
        return cause;
    }

    /** The event in Figure 5's notation, e.g. {@code rcv SYN,ACK}, {@code passive OPEN}. */
    public String label() {
        return label;
    }
}
