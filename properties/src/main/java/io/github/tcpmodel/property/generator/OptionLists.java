package io.github.tcpmodel.property.generator;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * TCP option lists (RFC 9293 §3.1, §3.2; RFC 7323; RFC 2018; RFC 7413) and raw option octets. Each option shrinks
 * towards NOP, a list towards the empty list.
 */
public final class OptionLists {

    private OptionLists() {
    }

    private static Gen<Vector<Byte>> octets(int min, int max) {
        return Generate.byteArrays(Generate.range(min, max), Generate.range(-128, 127).map(Integer::byteValue))
                .map(b -> {
                    Vector<Byte> v = Vector.empty();
                    for (byte x : b) {
                        v = v.append(x);
                    }
                    return v;
                });
    }

    private static Gen<SeqNum> seqNums() {
        return Generate.longRange(0, SeqNum.MODULUS - 1).map(SeqNum::of);
    }

    /** One option other than EOL: NOP, MSS, Window Scale, SACK-Permitted, SACK, Timestamps, Fast Open, unknown. */
    public static Gen<SegmentOption> options() {
        Gen<SegmentOption.SackBlock> block = seqNums().zip(seqNums(), SegmentOption.SackBlock::new);
        Gen<SegmentOption> sack = SourceDSL.lists().of(block).ofSizeBetween(1, 4)
                .map(l -> new SegmentOption.Sack(List.ofAll(l)));
        Gen<SegmentOption> unknown = Generate.pick(java.util.List.of(6, 7, 9, 19, 28, 29, 30, 69, 253))
                .zip(octets(0, 10), SegmentOption.Unknown::new);
        return Pick.weightedGen(List.of(
                Generate.constant(new SegmentOption.Nop()),
                Generate.range(0, 0xFFFF).map(SegmentOption.Mss::new),
                Generate.range(0, 0xFF).map(SegmentOption.WindowScale::new),
                Generate.constant(new SegmentOption.SackPermitted()),
                sack,
                Generate.longRange(0, 0xFFFF_FFFFL).zip(Generate.longRange(0, 0xFFFF_FFFFL),
                        SegmentOption.Timestamps::new),
                octets(0, 16).zip(Generate.pick(java.util.List.of(false, true)), SegmentOption.FastOpen::new),
                unknown), 3, 2, 2, 1, 1, 2, 1, 1);
    }

    /** A list of up to {@code max} options, sometimes ended by EOL. */
    public static Gen<List<SegmentOption>> lists(int max) {
        return SourceDSL.lists().of(options()).ofSizeBetween(0, max).map(l -> List.ofAll(l))
                .zip(Pick.weighted(List.of(false, true), 4, 1), (l, eol) -> eol ? l.append(new SegmentOption.Eol()) : l);
    }

    /** Any octets of an option space, 0 to 40 of them, well formed or not. */
    public static Gen<byte[]> raw() {
        return Generate.byteArrays(Generate.range(0, 40), Pick.weightedGen(List.of(
                Generate.range(0, 10).map(Integer::byteValue),
                Generate.range(-128, 127).map(Integer::byteValue)), 1, 1));
    }
}
