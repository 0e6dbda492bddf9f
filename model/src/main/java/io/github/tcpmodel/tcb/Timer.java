package io.github.tcpmodel.tcb;

/** The timers a TCB can arm; a TCB holds each armed one as a deadline (RFC 9293 §3.8, §3.10.8). */
public enum Timer {
    /** Retransmission timer: armed while the retransmission queue is not empty (§3.8.1, §3.10.8). */
    RETRANSMISSION,
    /** The 2 MSL timer of TIME-WAIT (§3.10.7.4, §3.10.8). */
    TIME_WAIT,
    /** The user timeout: armed from OPEN until TIME-WAIT, restarted by segments that pass the checks (§3.10.8). */
    USER,
    /** Keep-alive timer, when the profile enables keep-alives (§3.8.4). */
    KEEPALIVE,
    /** The orphaned FIN-WAIT-2 timer of implementations such as Linux; not in RFC 9293. */
    FIN_WAIT_2
}
