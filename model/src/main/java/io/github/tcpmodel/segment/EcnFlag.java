package io.github.tcpmodel.segment;

/**
 * The two header bits RFC 3168 §6.1 gives TCP for Explicit Congestion Notification (RFC 9293 §3.1, bits 8 and 9 of
 * the control field). They are kept apart from {@link Control}: they carry no connection-management meaning, only
 * the ECN negotiation of the handshake (RFC 3168 §6.1.1) and congestion signals the model does not see (CE marks in
 * the IP header), and an implementation's use of them is a choice the comparison core accepts
 * ({@link io.github.tcpmodel.conformance.Conformance#optionDifference}).
 */
public enum EcnFlag {
    /** Congestion Window Reduced (RFC 3168 §6.1.2); with ECE on a SYN, an ECN-setup SYN (§6.1.1). */
    CWR,
    /** ECN-Echo (RFC 3168 §6.1.3); with SYN,ACK and without CWR, an ECN-setup SYN,ACK (§6.1.1). */
    ECE
}
