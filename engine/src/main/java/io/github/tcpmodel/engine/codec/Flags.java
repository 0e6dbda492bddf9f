package io.github.tcpmodel.engine.codec;

/** The TCP control bits (RFC 9293 §3.1) as bit masks of the flags octet. */
public final class Flags {

    /** No more data from sender. */
    public static final int FIN = 0x01;
    /** Synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** Reset the connection. */
    public static final int RST = 0x04;
    /** Push function. */
    public static final int PSH = 0x08;
    /** Acknowledgment field is significant. */
    public static final int ACK = 0x10;
    /** Urgent pointer field is significant. */
    public static final int URG = 0x20;
    /** ECN-Echo (RFC 3168). */
    public static final int ECE = 0x40;
    /** Congestion Window Reduced (RFC 3168). */
    public static final int CWR = 0x80;

    private Flags() {
    }

    /** The flags as tcpdump writes them, e.g. {@code S.} for SYN,ACK or {@code R} for RST. */
    public static String describe(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & SYN) != 0) {
            b.append('S');
        }
        if ((flags & FIN) != 0) {
            b.append('F');
        }
        if ((flags & RST) != 0) {
            b.append('R');
        }
        if ((flags & PSH) != 0) {
            b.append('P');
        }
        if ((flags & URG) != 0) {
            b.append('U');
        }
        if ((flags & ACK) != 0) {
            b.append('.');
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
