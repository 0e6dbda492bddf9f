package io.github.tcpmodel.property.generator;

import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Sequence numbers and offsets biased to where arithmetic modulo 2^32 breaks: 0, 2^31 (where the order of RFC 1982
 * is undefined), 2^32 - 1, and their neighbours; offsets around 0 and the window edges.
 */
public final class SeqNums {

    private SeqNums() {
    }

    /** The edges of sequence space and their neighbours. */
    public static final List<Long> EDGES = List.of(0L, 1L, SeqNum.HALF - 1, SeqNum.HALF, SeqNum.HALF + 1,
            SeqNum.MODULUS - 1, SeqNum.MODULUS - 2, 65_535L, 65_536L);

    /** Small signed distances and the distances where order flips. */
    public static final List<Long> OFFSETS = List.of(1L, -1L, 2L, -2L, 100L, -100L, 65_535L, 65_536L,
            SeqNum.HALF - 1, SeqNum.HALF, -(SeqNum.HALF - 1), -SeqNum.HALF);

    /** {@return any sequence number, half of them at or next to an edge; shrinks to 0} */
    public static Gen<SeqNum> edges() {
        return Pick.weightedGen(List.of(Pick.uniform(EDGES), Generate.longRange(0, SeqNum.MODULUS - 1, 0)), 1, 1)
                .map(SeqNum::of);
    }

    /** {@return a signed offset: mostly 0, often a small or order-flipping distance, sometimes anything; shrinks to 0} */
    public static Gen<Long> offsets() {
        return Pick.weightedGen(List.of(Generate.constant(0L), Pick.uniform(OFFSETS),
                Generate.longRange(-SeqNum.MODULUS + 1, SeqNum.MODULUS - 1, 0)), 6, 3, 1);
    }

    /**
     * An offset for SEG.ACK: mostly 0, often one past (acknowledging something not yet sent), far behind, or an
     * order-flipping distance; shrinks to 0.
     */
    public static Gen<Long> ackOffsets() {
        return Pick.weightedGen(List.of(Generate.constant(0L), Generate.constant(1L), Pick.uniform(OFFSETS),
                Generate.longRange(-SeqNum.MODULUS + 1, SeqNum.MODULUS - 1, 0)), 5, 2, 2, 1);
    }

    /** {@return any long, including ones far outside 32 bits (for {@link SeqNum#wrap} and {@link SeqNum#parse})} */
    public static Gen<Long> anyLong() {
        return Pick.weightedGen(List.of(Pick.uniform(EDGES.appendAll(List.of(-1L, SeqNum.MODULUS, Long.MIN_VALUE,
                Long.MAX_VALUE))), Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE, 0)), 1, 1);
    }

    /** {@return a window size in [0, 2^32], often 0, 1 or an edge} */
    public static Gen<Long> windows() {
        return Pick.weightedGen(List.of(Pick.uniform(List.of(0L, 1L, 2L, 65_535L, SeqNum.HALF, SeqNum.MODULUS)),
                Generate.longRange(0, SeqNum.MODULUS, 0)), 1, 1);
    }
}
