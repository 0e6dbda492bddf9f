package io.github.tcpmodel.table;

/**
 * The eleven connection states of RFC 9293 §3.3.2, in the order the RFC lists them (CLOSED first here, since
 * every connection starts and ends there).
 *
 * <p>{@link #rfcName()} is the one place the RFC spelling ({@code SYN-RECEIVED}) comes from.
 */
public enum TcpState {
    /** No TCB: "represents no connection state at all". Fictional, since there is no TCB. */
    CLOSED,
    /** Waiting for a connection request from any remote TCP peer and port. */
    LISTEN,
    /** Waiting for a matching connection request after having sent a connection request. */
    SYN_SENT,
    /** Waiting for a confirming acknowledgment after having both received and sent a connection request. */
    SYN_RECEIVED,
    /** An open connection: data received can be delivered to the user. */
    ESTABLISHED,
    /** Waiting for a termination request from the peer, or an acknowledgment of ours. */
    FIN_WAIT_1,
    /** Waiting for a termination request from the peer. */
    FIN_WAIT_2,
    /** Waiting for a termination request from the local user. */
    CLOSE_WAIT,
    /** Waiting for the peer to acknowledge our termination request. */
    CLOSING,
    /** Waiting for the acknowledgment of our termination request, which itself acknowledged the peer's. */
    LAST_ACK,
    /** Waiting long enough that the peer received our last ACK and old duplicates have died out. */
    TIME_WAIT;

    /** The state's name as RFC 9293 spells it in prose, e.g. {@code SYN-RECEIVED}, {@code TIME-WAIT}. */
    public String rfcName() {
        return name().replace('_', '-');
    }

    /**
     * Whether the state is synchronized: both sequence spaces are known (RFC 9293 §3.5, "synchronized
     * states" in §3.10.7.4 and §3.5.2): ESTABLISHED and every state after it.
     */
    public boolean isSynchronized() {
        return compareTo(ESTABLISHED) >= 0;
    }

    /** The state whose {@link #rfcName()} is {@code name}, if any. */
    public static io.vavr.control.Option<TcpState> ofRfcName(String name) {
        java.util.Objects.requireNonNull(name, "name is null");
        for (TcpState s : values()) {
            if (s.rfcName().equals(name)) {
                return io.vavr.control.Option.some(s);
            }
        }
        return io.vavr.control.Option.none();
    }
}
