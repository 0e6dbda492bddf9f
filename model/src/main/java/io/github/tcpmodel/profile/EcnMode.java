package io.github.tcpmodel.profile;

/** How a TCP takes part in the ECN negotiation of RFC 3168 §6.1.1. */
public enum EcnMode {
    /** Neither sends an ECN-setup SYN nor answers one with an ECN-setup SYN,ACK (Linux tcp_ecn = 0). */
    OFF,
    /** Answers an ECN-setup SYN with an ECN-setup SYN,ACK, never asks (Linux's default, tcp_ecn = 2). */
    PASSIVE,
    /** Sends an ECN-setup SYN on an active OPEN and answers one (Linux tcp_ecn = 1; RFC 9293 SHLD-8). */
    ACTIVE;

    /** Whether a SYN of an active OPEN is an ECN-setup SYN (SYN with ECE and CWR, RFC 3168 §6.1.1). */
    public boolean requests() {
        return switch (this) {
            case ACTIVE -> true;
            case OFF, PASSIVE -> false;
        };
    }

    /** Whether an ECN-setup SYN is answered with an ECN-setup SYN,ACK (SYN,ACK with ECE, without CWR). */
    public boolean answers() {
        return switch (this) {
            case ACTIVE, PASSIVE -> true;
            case OFF -> false;
        };
    }
}
