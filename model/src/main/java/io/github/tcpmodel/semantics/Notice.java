package io.github.tcpmodel.semantics;

/** What the user is told, in the RFC's words (RFC 9293 §3.10). */
public enum Notice {
    /** "ok". */
    OK("ok"),
    /** The request is queued until the connection is ESTABLISHED (§3.10.2, §3.10.3). */
    QUEUED("queued"),
    /** Data returned by RECEIVE (§3.10.3). */
    DATA("data"),
    /** The peer has urgent data (§3.10.7.4, sixth). */
    URGENT("urgent data"),
    /** "connection reset". */
    CONNECTION_RESET("connection reset"),
    /** "error: connection reset" for the outstanding RECEIVEs of a listener that is aborted (§3.10.5). */
    ERROR_CONNECTION_RESET("error: connection reset"),
    /** "connection refused" (§3.10.7.4, SYN-RECEIVED reached by an active OPEN). */
    CONNECTION_REFUSED("connection refused"),
    /** "connection closing": the peer sent FIN (§3.10.7.4, eighth). */
    CONNECTION_CLOSING("connection closing"),
    /** "error: closing" for outstanding calls when the user closes (§3.10.4). */
    ERROR_CLOSING("error: closing"),
    /** "error: connection closing" for a call after the connection is closing. */
    ERROR_CONNECTION_CLOSING("error: connection closing"),
    /** "error: connection does not exist" (CLOSED). */
    CONNECTION_DOES_NOT_EXIST("error: connection does not exist"),
    /** "error: connection already exists" (§3.10.1). */
    CONNECTION_ALREADY_EXISTS("error: connection already exists"),
    /** "error: connection aborted due to user timeout" (§3.10.8); also the end of retries or of keep-alives. */
    USER_TIMEOUT("error: connection aborted due to user timeout"),
    /** "state = STATE" and the TCB (§3.10.6). */
    STATE("state = <state>");

    private final String text;

    Notice(String text) {
        this.text = text;
    }

    /** The RFC's words. */
    public String text() {
        return text;
    }
}
