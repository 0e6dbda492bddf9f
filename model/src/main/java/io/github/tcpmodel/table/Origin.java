package io.github.tcpmodel.table;

/**
 * How a connection reached SYN-RECEIVED. RFC 9293 §3.10.7.4 treats a RST or a SYN in SYN-RECEIVED differently
 * for the two (Figure 5, Note 1), so the origin is part of the {@link ConnectionState} value.
 */
public enum Origin {
    /** From LISTEN, after a passive OPEN: a RST returns the connection to LISTEN. */
    PASSIVE,
    /** From SYN-SENT (simultaneous open), after an active OPEN: a RST means "connection refused". */
    ACTIVE
}
