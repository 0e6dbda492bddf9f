package io.github.tcpmodel.table;

/**
 * What a connection does on a transition (the part under the line in Figure 5), including what the user is told.
 */
public enum Action {
    /** Create a transmission control block (§3.10.1). */
    CREATE_TCB("create TCB"),
    /** Delete the TCB (the connection becomes CLOSED). */
    DELETE_TCB("delete TCB"),
    /** Send {@code <SEQ=ISS><CTL=SYN>}. */
    SND_SYN("snd SYN"),
    /** Send {@code <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>}. */
    SND_SYN_ACK("snd SYN,ACK"),
    /** Send {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}. */
    SND_ACK("snd ACK"),
    /** Send a challenge ACK {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} (RFC 5961 §3, §4). */
    SND_CHALLENGE_ACK("snd challenge ACK"),
    /** Send a FIN after all queued data. */
    SND_FIN("snd FIN"),
    /** Send a reset, in the form the RFC prescribes for the case. */
    SND_RST("snd RST"),
    /** Segmentize queued data and send it with a piggybacked ACK (§3.10.2). */
    SND_DATA("snd data"),
    /** Queue the request for processing after ESTABLISHED is reached (§3.10.2, §3.10.3). */
    QUEUE("queue request"),
    /** Deliver received data to the user (§3.10.3). */
    DELIVER("deliver data"),
    /** Send the segment at the front of the retransmission queue again and restart the timer (§3.10.8). */
    RETRANSMIT("retransmit"),
    /** Send a keep-alive probe {@code <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>} (§3.8.4). */
    SND_KEEPALIVE("snd keep-alive"),
    /** Start, or restart, the 2 MSL TIME-WAIT timer and turn off the other timers (§3.10.7.4). */
    START_TIME_WAIT_TIMER("start 2MSL timer"),
    /** Flush the segment queues (retransmission and send). */
    FLUSH_QUEUES("flush queues"),
    /** Tell the user "ok". */
    TELL_OK("ok"),
    /** Tell the user "connection reset". */
    TELL_RESET("connection reset"),
    /** Tell the user "connection refused". */
    TELL_REFUSED("connection refused"),
    /** Tell the user "connection closing" (the peer sent FIN). */
    TELL_CLOSING("connection closing"),
    /** Tell the user "error: closing" for queued SENDs and RECEIVEs (§3.10.4). */
    TELL_ERROR_CLOSING("error: closing"),
    /** Tell the user "error: connection aborted due to user timeout" (§3.10.8). */
    TELL_USER_TIMEOUT("error: connection aborted due to user timeout"),
    /** Return "state = STATE" and the TCB (§3.10.6). */
    TELL_STATE("state = <state>");

    private final String label;

    Action(String label) {
        this.label = label;
    }

    /** The action in Figure 5's notation ({@code snd SYN,ACK}) or the RFC's words to the user. */
    public String label() {
        return label;
    }

    /** Whether the action emits a segment. */
    public boolean sendsSegment() {
        return switch (this) {
            case SND_SYN, SND_SYN_ACK, SND_ACK, SND_CHALLENGE_ACK, SND_FIN, SND_RST, SND_DATA, RETRANSMIT,
                    SND_KEEPALIVE -> true;
            case CREATE_TCB, DELETE_TCB, QUEUE, DELIVER, START_TIME_WAIT_TIMER, FLUSH_QUEUES, TELL_OK, TELL_RESET,
                    TELL_REFUSED, TELL_CLOSING, TELL_ERROR_CLOSING, TELL_USER_TIMEOUT, TELL_STATE -> false;
        };
    }
}
