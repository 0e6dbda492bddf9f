package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import java.util.Objects;

/**
 * A segment from the peer, described relative to the receiving connection so that it means the same thing in every
 * run: {@code SEG.SEQ = RCV.NXT + seqOffset} once the peer's ISN is known (SYN-RECEIVED and the synchronized
 * states), else {@code peer ISS + seqOffset}; {@code SEG.ACK = SND.NXT + ackOffset} or {@code SND.UNA + ackOffset}.
 *
 * <p>With {@code fromRightEdge} SEG.SEQ is relative to the right edge of the receive window, RCV.NXT + RCV.WND.
 *
 * @param controls      the control bits
 * @param fromRightEdge whether SEG.SEQ is relative to RCV.NXT + RCV.WND rather than RCV.NXT
 * @param seqOffset     SEG.SEQ relative to its base
 * @param ackFromUna whether SEG.ACK is relative to SND.UNA rather than SND.NXT
 * @param ackOffset  SEG.ACK relative to its base (used only with the ACK bit)
 * @param dataLength payload octets
 * @param window     SEG.WND
 */
public record SegmentSpec(Set<Control> controls, boolean fromRightEdge, long seqOffset, boolean ackFromUna, long ackOffset, int dataLength,
                          long window) {

    public SegmentSpec {
        Objects.requireNonNull(controls, "controls is null");
        controls = TreeSet.ofAll(controls);
        if (dataLength < 0 || window < 0 || window > Segment.MAX_WINDOW) {
            throw new IllegalArgumentException("payload length or window out of range");
        }
    }

    /**
     * The concrete segment this describes, arriving at a connection whose TCB is {@code t}.
     *
     * @param t the TCB of the connection it arrives at
     * @param peerIss the peer's ISS, used before the connection knows it
     * @return the segment
     */
    public Segment resolve(Tcb t, SeqNum peerIss) {
        boolean peerKnown = t.tcpState().isSynchronized() || t.is(io.github.tcpmodel.table.TcpState.SYN_RECEIVED);
        SeqNum base = peerKnown ? t.rcv().nxt() : peerIss;
        SeqNum seq = base.plus((fromRightEdge ? t.rcv().wnd() : 0) + seqOffset);
        Segment s = Segment.of(seq, controls.remove(Control.ACK).toJavaArray(Control[]::new)).withWindow(window);
        if (controls.contains(Control.ACK)) {
            s = s.withAck((ackFromUna ? t.snd().una() : t.snd().nxt()).plus(ackOffset));
        }
        return dataLength > 0 ? s.withDataLength(dataLength) : s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("peer ").append(controls.isEmpty() ? "<no flags>" : controls.mkString(","));
        String seqBase = fromRightEdge ? "RCV.NXT+RCV.WND" : "RCV.NXT";
        b.append(" seq=").append(seqOffset == 0 ? seqBase : seqBase + signed(seqOffset));
        if (controls.contains(Control.ACK)) {
            String base = ackFromUna ? "SND.UNA" : "SND.NXT";
            b.append(" ack=").append(ackOffset == 0 ? base : base + signed(ackOffset));
        }
        if (dataLength > 0) {
            b.append(" data=").append(dataLength);
        }
        return b.append(" wnd=").append(window).toString();
    }

    private static String signed(long n) {
        return n >= 0 ? "+" + n : Long.toString(n);
    }
}
