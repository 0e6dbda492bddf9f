package io.github.tcpmodel.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption.Eol;
import io.github.tcpmodel.option.SegmentOption.FastOpen;
import io.github.tcpmodel.option.SegmentOption.Mss;
import io.github.tcpmodel.option.SegmentOption.Nop;
import io.github.tcpmodel.option.SegmentOption.Sack;
import io.github.tcpmodel.option.SegmentOption.SackBlock;
import io.github.tcpmodel.option.SegmentOption.SackPermitted;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.option.SegmentOption.Unknown;
import io.github.tcpmodel.option.SegmentOption.WindowScale;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

class OptionCodecTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    // The option list of a Linux SYN: <mss 1460,sackOK,TS val 0x01020304 ecr 0,nop,wscale 7>.
    private static final byte[] LINUX_SYN = bytes(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7);

    @Test
    void readsTheOptionsOfALinuxSynInOrderAndWritesThemBackOctetForOctet() {
        OptionCodec.Decoded d = OptionCodec.decode(LINUX_SYN);
        List<SegmentOption> expected = List.of(new Mss(1460), new SackPermitted(), new Timestamps(0x01020304L, 0),
                new Nop(), new WindowScale(7));
        assertEquals(expected, d.options());
        assertTrue(d.valid());
        assertArrayEquals(LINUX_SYN, OptionCodec.encode(expected));
    }

    // RFC 9293 §3.1 MUST-6: "ignore without error any TCP Option it does not implement, assuming that the option has
    // a length field"; the options after it are read.
    @Test
    void anUnknownOptionIsSkippedByItsLengthAndKept() {
        OptionCodec.Decoded d = OptionCodec.decode(bytes(30, 4, 0xaa, 0xbb, 2, 4, 0x02, 0x18));
        assertEquals(List.of(new Unknown(30, Vector.of((byte) 0xaa, (byte) 0xbb)), new Mss(536)), d.options());
        assertTrue(d.valid());
        assertArrayEquals(bytes(30, 4, 0xaa, 0xbb, 2, 4, 0x02, 0x18), OptionCodec.encode(d.options()));
    }

    // A known kind with a length its definition does not allow cannot be that option; its length field still
    // delimits it (MUST-68), so it is skipped like an unknown one.
    @Test
    void aKnownKindWithTheWrongLengthIsSkippedAsUnknown() {
        OptionCodec.Decoded d = OptionCodec.decode(bytes(2, 3, 0x05, 3, 3, 7));
        assertEquals(List.of(new Unknown(2, Vector.of((byte) 0x05)), new WindowScale(7)), d.options());
        assertTrue(d.valid());
    }

    // RFC 9293 §3.1 MUST-7: "TCP implementations MUST be prepared to handle an illegal option length (e.g., zero)":
    // the list is reported malformed, with the options before the fault.
    @Test
    void anIllegalLengthMakesTheListMalformedAndKeepsWhatCameBefore() {
        OptionCodec.Decoded zero = OptionCodec.decode(bytes(1, 2, 4, 0x05, 0xb4, 8, 0, 1, 1));
        assertEquals(List.of(new Nop(), new Mss(1460)), zero.options());
        assertFalse(zero.valid());
        assertTrue(zero.malformed().get().contains("illegal length 0"), zero.malformed().get());

        OptionCodec.Decoded one = OptionCodec.decode(bytes(3, 1, 7));
        assertTrue(one.options().isEmpty());
        assertTrue(one.malformed().get().contains("illegal length 1"));

        OptionCodec.Decoded overrun = OptionCodec.decode(bytes(1, 8, 10, 0, 0, 0, 1));
        assertEquals(List.of(new Nop()), overrun.options());
        assertTrue(overrun.malformed().get().contains("illegal length 10"));

        OptionCodec.Decoded noLength = OptionCodec.decode(bytes(1, 1, 1, 2));
        assertEquals(List.of(new Nop(), new Nop(), new Nop()), noLength.options());
        assertTrue(noLength.malformed().get().contains("no length octet"));
    }

    // RFC 9293 §3.2: EOL ends the list; "The content of the header beyond the End of Option List Option MUST be
    // header padding of zeros (MUST-69)"; whatever follows is not read as options.
    @Test
    void theListEndsAtEol() {
        OptionCodec.Decoded d = OptionCodec.decode(bytes(2, 4, 0x05, 0xb4, 0, 2, 4, 0x01, 0x00));
        assertEquals(List.of(new Mss(1460), new Eol()), d.options());
        assertTrue(d.valid());
    }

    // RFC 9293 §3.2 MUST-64: options need not begin on a word boundary.
    @Test
    void unalignedOptionsAreRead() {
        OptionCodec.Decoded d = OptionCodec.decode(bytes(3, 3, 14, 2, 4, 0x05, 0xb4, 4, 2));
        assertEquals(List.of(new WindowScale(14), new Mss(1460), new SackPermitted()), d.options());
    }

    // RFC 2018 §3: kind 5, length 2 + 8n, the blocks as pairs of 32-bit sequence numbers.
    @Test
    void sackBlocksAreReadAsSequenceNumbers() {
        OptionCodec.Decoded d = OptionCodec.decode(bytes(1, 1, 5, 18, 0, 0, 0x03, 0xe8, 0, 0, 0x07, 0xd0,
                0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0x10));
        Sack sack = Sack.of(new SackBlock(SeqNum.of(1000), SeqNum.of(2000)),
                new SackBlock(SeqNum.of(0xFFFF_FFF0L), SeqNum.of(0x10)));
        assertEquals(List.of(new Nop(), new Nop(), sack), d.options());
        assertEquals(32, sack.blocks().get(1).length(), "a block may wrap around 2^32");
        assertEquals(d.options(), OptionCodec.decode(OptionCodec.encode(d.options())).options());
    }

    // RFC 7413 §4.1.1: kind 34; and the experimental kind 254 with ExID 0xF989 (RFC 6994); another ExID is some
    // other experiment, unknown here.
    @Test
    void fastOpenCookiesInBothKinds() {
        Vector<Byte> cookie = Vector.of((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7,
                (byte) 8);
        OptionCodec.Decoded k34 = OptionCodec.decode(bytes(34, 10, 1, 2, 3, 4, 5, 6, 7, 8));
        assertEquals(List.of(new FastOpen(cookie, false)), k34.options());
        assertTrue(((FastOpen) k34.options().head()).wellFormed());
        OptionCodec.Decoded exp = OptionCodec.decode(bytes(254, 4, 0xf9, 0x89));
        assertEquals(List.of(new FastOpen(Vector.empty(), true)), exp.options());
        assertTrue(((FastOpen) exp.options().head()).isRequest());
        assertArrayEquals(bytes(254, 4, 0xf9, 0x89), OptionCodec.encode(exp.options()));
        OptionCodec.Decoded other = OptionCodec.decode(bytes(254, 4, 0x12, 0x34));
        assertEquals(List.of(new Unknown(254, Vector.of((byte) 0x12, (byte) 0x34))), other.options());
        assertFalse(new FastOpen(Vector.of((byte) 1, (byte) 2, (byte) 3), false).wellFormed(), "odd length");
    }

    @Test
    void paddingFillsTheLastWordWithZeros() {
        byte[] padded = OptionCodec.encodePadded(List.of(new Nop(), new WindowScale(7)));
        assertArrayEquals(bytes(1, 3, 3, 7), padded);
        assertArrayEquals(bytes(2, 4, 0x05, 0xb4, 3, 3, 7, 0), OptionCodec.encodePadded(List.of(new Mss(1460),
                new WindowScale(7))));
    }
}
