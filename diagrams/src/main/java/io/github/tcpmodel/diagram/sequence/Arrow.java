package io.github.tcpmodel.diagram.sequence;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * The label of one arrow: a TCP segment's control flags, sequence number, acknowledgment number and length.
 *
 * <p>Numbers are text, so that symbolic values as the seeds write them ({@code x+1}) and numbers taken from a
 * capture ({@code 1001}) both fit.
 *
 * @param flags the control bits as RFC 9293 writes them, comma-separated: {@code SYN}, {@code SYN,ACK},
 *              {@code FIN,ACK}, {@code RST}
 * @param seq   SEG.SEQ
 * @param ack   SEG.ACK, present when the ACK bit is set
 * @param len   the number of data octets (SYN and FIN not counted); shown only when it is not zero
 */
public record Arrow(String flags, String seq, Option<String> ack, long len) {
    public Arrow {
        Objects.requireNonNull(flags, "flags is null");
        Objects.requireNonNull(seq, "seq is null");
        Objects.requireNonNull(ack, "ack is null");
        if (len < 0) {
            throw new IllegalArgumentException("len is negative: " + len);
        }
    }

    /**
     * A segment without data.
     *
     * @param flags the control bits, e.g. {@code SYN,ACK}
     * @param seq the sequence number as drawn, e.g. {@code y}
     * @param ack the acknowledgment number as drawn, none without ACK
     * @return the arrow
     */
    public static Arrow of(String flags, String seq, Option<String> ack) {
        return new Arrow(flags, seq, ack, 0);
    }

    /**
     * The arrow's label: {@code SYN,ACK seq=y ack=x+1}, with {@code len=N} appended when there is data.
     *
     * @return the label drawn on the arrow
     */
    public String label() {
        return flags + " seq=" + seq + ack.map(a -> " ack=" + a).getOrElse("") + (len == 0 ? "" : " len=" + len);
    }
}
