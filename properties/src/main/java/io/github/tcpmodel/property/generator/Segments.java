package io.github.tcpmodel.property.generator;

import static io.github.tcpmodel.segment.Control.ACK;
import static io.github.tcpmodel.segment.Control.FIN;
import static io.github.tcpmodel.segment.Control.PSH;
import static io.github.tcpmodel.segment.Control.RST;
import static io.github.tcpmodel.segment.Control.SYN;
import static io.github.tcpmodel.segment.Control.URG;

import io.github.tcpmodel.property.conformance.SegmentSpec;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.segment.Segment;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Segments from the peer relative to the receiving TCB: at RCV.NXT, at the left and right window edges, outside
 * the window, with SEG.ACK at SND.NXT, at SND.UNA, beyond SND.NXT or far behind, and with bad combinations of
 * control bits. Each shrinks to {@code <SEQ=RCV.NXT><ACK=SND.NXT><CTL=ACK>}.
 */
public final class Segments {

    private Segments() {
    }

    /** The control-bit combinations a peer sends in a well-behaved connection, the plain ACK first. */
    public static final List<Set<Control>> USUAL = List.of(set(ACK), set(ACK, FIN), set(SYN), set(SYN, ACK),
            set(RST), set(RST, ACK), set(ACK, PSH));

    /** Combinations that are wrong in every or nearly every state. */
    public static final List<Set<Control>> BAD = List.of(set(SYN, FIN), set(SYN, RST), set(SYN, ACK, RST),
            set(FIN), set(), set(SYN, ACK, FIN), set(RST, FIN, ACK), set(ACK, URG), set(SYN, FIN, RST, ACK));

    static Set<Control> set(Control... cs) {
        return TreeSet.of(cs);
    }

    /** {@return control bits: mostly a usual combination, sometimes a bad one} */
    public static Gen<Set<Control>> controls() {
        return Pick.weightedGen(List.of(Pick.weighted(USUAL, 4, 2, 1, 1, 2, 1, 1), Pick.uniform(BAD)), 5, 1);
    }

    /** {@return a payload length: usually none, sometimes one octet, a full MSS or more} */
    public static Gen<Integer> dataLengths() {
        return Pick.weightedGen(List.of(Generate.constant(0), Pick.uniform(List.of(1, 10, 536, 1460, 4096)),
                Generate.range(0, 70_000, 0)), 6, 3, 1);
    }

    /** {@return SEG.WND the peer advertises} */
    public static Gen<Long> windows() {
        return Pick.weighted(List.of(4096L, 0L, 1L, 65_535L, Segment.MAX_WINDOW), 6, 1, 1, 1, 1);
    }

    /** {@return a segment description relative to the receiving connection} */
    public static Gen<SegmentSpec> specs() {
        Gen<Boolean> rightEdge = Pick.weighted(List.of(false, true), 5, 1);
        Gen<Boolean> fromUna = Pick.weighted(List.of(false, true), 3, 1);
        Gen<long[]> offsets = SeqNums.offsets().zip(SeqNums.ackOffsets(), (a, b) -> new long[] {a, b});
        return controls().zip(rightEdge, fromUna, offsets, (c, r, u, o) -> new Object[] {c, r, u, o})
                .zip(dataLengths(), windows(), (x, n, w) -> {
                    @SuppressWarnings("unchecked")
                    Set<Control> c = (Set<Control>) x[0];
                    long[] o = (long[]) x[3];
                    return new SegmentSpec(c, (Boolean) x[1], o[0], (Boolean) x[2], o[1], n, w);
                });
    }

    /** {@return segment descriptions with the RST bit set, in and around the window} */
    public static Gen<SegmentSpec> resets() {
        return specs().map(s -> new SegmentSpec(s.controls().add(RST), s.fromRightEdge(), s.seqOffset(),
                s.ackFromUna(), s.ackOffset(), s.dataLength(), s.window()));
    }

    /**
     * A concrete segment arriving at {@code t}; before the peer's ISN is known, relative to {@code peerIss}.
     *
     * @param t the TCB of the connection the segment arrives at
     * @param peerIss the peer's ISS, used before the connection knows it
     * @return the generator
     */
    public static Gen<Segment> relativeTo(Tcb t, SeqNum peerIss) {
        return specs().map(s -> s.resolve(t, peerIss));
    }
}
