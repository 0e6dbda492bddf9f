package io.github.tcpmodel.check.tcp;

import java.util.StringJoiner;

/**
 * An abstract TCP segment: control bits, SEG.SEQ and SEG.ACK in a small sequence space (0 to 15, no
 * wrap-around), and whether it carries one unit of data. SYN, FIN and a data unit each occupy one sequence
 * number (RFC 9293 §3.4).
 *
 * @param syn  the SYN bit
 * @param ack  the ACK bit
 * @param fin  the FIN bit
 * @param rst  the RST bit
 * @param data whether one unit of data is carried
 * @param seq  SEG.SEQ
 * @param ackNo SEG.ACK (meaningful with the ACK bit)
 */
public record AbstractSegment(boolean syn, boolean ack, boolean fin, boolean rst, boolean data, int seq, int ackNo) {

    /** The largest sequence number of the abstract space. */
    public static final int MAX_SEQ = 15;

    /** Validates the sequence numbers and that some bit is set. */
    public AbstractSegment {
        if (seq < 0 || seq > MAX_SEQ || ackNo < 0 || ackNo > MAX_SEQ) {
            throw new IllegalArgumentException("sequence numbers must lie in 0.." + MAX_SEQ + ": " + seq + ", " + ackNo);
        }
        if (!(syn || ack || fin || rst || data)) {
            throw new IllegalArgumentException("a segment carries a control bit or data");
        }
    }

    /** {@code <SEQ=seq><CTL=SYN>}. */
    public static AbstractSegment syn(int seq) {
        return new AbstractSegment(true, false, false, false, false, seq, 0);
    }

    /** {@code <SEQ=seq><CTL=RST>}. */
    public static AbstractSegment reset(int seq) {
        return new AbstractSegment(false, false, false, true, false, seq, 0);
    }

    /** SEG.LEN: one for each of SYN, FIN and a data unit. */
    public int length() {
        return (syn ? 1 : 0) + (fin ? 1 : 0) + (data ? 1 : 0);
    }

    int code() {
        int flags = (syn ? 1 : 0) | (ack ? 2 : 0) | (fin ? 4 : 0) | (rst ? 8 : 0) | (data ? 16 : 0);
        return flags | seq << 5 | ackNo << 9;
    }

    static AbstractSegment decode(int code) {
        return new AbstractSegment((code & 1) != 0, (code & 2) != 0, (code & 4) != 0, (code & 8) != 0, (code & 16) != 0,
                (code >>> 5) & 0xF, (code >>> 9) & 0xF);
    }

    /** RFC 9293 notation, e.g. {@code <SEQ=5><ACK=11><CTL=SYN,ACK>}, with {@code <DATA>} for a data unit. */
    @Override
    public String toString() {
        StringJoiner ctl = new StringJoiner(",");
        if (syn) {
            ctl.add("SYN");
        }
        if (fin) {
            ctl.add("FIN");
        }
        if (rst) {
            ctl.add("RST");
        }
        if (ack) {
            ctl.add("ACK");
        }
        return "<SEQ=" + seq + ">" + (ack ? "<ACK=" + ackNo + ">" : "") + "<CTL=" + ctl + ">" + (data ? "<DATA>" : "");
    }
}
