package io.github.tcpmodel.table;

/** Why an event is refused: the RFC's response to the user, or why an arriving segment is dropped. */
public enum Reply {
    /** A user call on a connection that does not exist (CLOSED, §3.10.2 - §3.10.6). */
    CONNECTION_DOES_NOT_EXIST("error: connection does not exist"),
    /** OPEN on a connection that already exists (§3.10.1). */
    CONNECTION_ALREADY_EXISTS("error: connection already exists"),
    /** A call after the local side closed, or after the peer's FIN was consumed (§3.10.2 - §3.10.4). */
    CONNECTION_CLOSING("error: connection closing"),
    /** The segment is dropped without a reply. */
    SEGMENT_DROPPED("segment dropped"),
    /** The timer is not armed in this state, so it cannot expire. */
    TIMER_NOT_ARMED("timer not armed");

    private final String text;

    Reply(String text) {
        this.text = text;
    }

    /** The RFC's words, e.g. {@code error: connection closing}. */
    public String text() {
        return text;
    }
}
