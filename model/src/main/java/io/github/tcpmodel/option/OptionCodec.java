package io.github.tcpmodel.option;

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
import io.vavr.control.Option;
import java.util.Arrays;
import java.util.Objects;

/**
 * The option list of a TCP header, from octets to {@link SegmentOption} values and back (RFC 9293 §3.1, §3.2).
 * Pure: byte arrays in, values out.
 *
 * <p>Decoding keeps every option in order, NOP and EOL included, and stops at EOL (what follows it is padding,
 * MUST-69). An option of a kind the model does not interpret, or of a kind it does with a length that kind does not
 * allow, is skipped by its length field and kept as {@link Unknown} (MUST-6, MUST-68). Options need not be aligned
 * (MUST-64).
 *
 * <p>An illegal length (0 or 1, or running past the end of the option space) leaves the rest of the list
 * unreadable: no later option can be located. RFC 9293 §3.1 (MUST-7): "TCP implementations MUST be prepared to handle
 * an illegal option length (e.g., zero); a suggested procedure is to reset the connection and log the error cause."
 * The codec reports such a list as {@link Decoded#malformed() malformed}, with the options read before the fault.
 * RFC9293-CHOICE: the model's reading of a malformed list is that prefix (the segment is otherwise processed, the
 * options after the fault are not interpreted), as Linux's tcp_parse_options does; the reset the RFC suggests is not
 * mandatory, and a driver that wants it has {@link Decoded#malformed()} to decide on.
 */
public final class OptionCodec {

    private OptionCodec() {
    }

    /** The largest option space of a TCP header: Data Offset 15 words less the 20-octet fixed header. */
    public static final int MAX_SPACE = 40;

    /**
     * A decoded option list.
     *
     * @param options   the options read, in order (up to the fault, if any)
     * @param malformed the fault that ended reading, with its octet offset; none when the list is well formed
     */
    public record Decoded(List<SegmentOption> options, Option<String> malformed) {
        public Decoded {
            Objects.requireNonNull(options, "options is null");
            Objects.requireNonNull(malformed, "malformed is null");
        }

        /** Whether the list is well formed (MUST-7 does not apply). */
        public boolean valid() {
            return malformed.isEmpty();
        }
    }

    /** Decodes the option octets {@code b[from, to)} (the header after its 20 fixed octets). */
    public static Decoded decode(byte[] b, int from, int to) {
        Objects.requireNonNull(b, "bytes are null");
        if (from < 0 || to > b.length || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") outside " + b.length + " octets");
        }
        List<SegmentOption> out = List.empty();
        int i = from;
        while (i < to) {
            int kind = b[i] & 0xFF;
            if (kind == SegmentOption.KIND_EOL) {
                return new Decoded(out.append(new Eol()), Option.none());
            }
            if (kind == SegmentOption.KIND_NOP) {
                out = out.append(new Nop());
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return new Decoded(out, Option.some("option kind " + kind + " at offset " + (i - from)
                        + " has no length octet (MUST-7)"));
            }
            int len = b[i + 1] & 0xFF;
            if (len < 2 || i + len > to) {
                return new Decoded(out, Option.some("option kind " + kind + " at offset " + (i - from)
                        + " has illegal length " + len + " (MUST-7)"));
            }
            out = out.append(option(kind, b, i + 2, len - 2));
            i += len;
        }
        return new Decoded(out, Option.none());
    }

    /** Decodes a whole option space. */
    public static Decoded decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    private static SegmentOption option(int kind, byte[] b, int at, int n) {
        return switch (kind) {
            case SegmentOption.KIND_MSS -> n == 2 ? new Mss(u16(b, at)) : unknown(kind, b, at, n);
            case SegmentOption.KIND_WINDOW_SCALE -> n == 1 ? new WindowScale(b[at] & 0xFF) : unknown(kind, b, at, n);
            case SegmentOption.KIND_SACK_PERMITTED -> n == 0 ? new SackPermitted() : unknown(kind, b, at, n);
            case SegmentOption.KIND_SACK -> n > 0 && n % 8 == 0 && n <= 32 ? sack(b, at, n) : unknown(kind, b, at, n);
            case SegmentOption.KIND_TIMESTAMPS -> n == 8 ? new Timestamps(u32(b, at), u32(b, at + 4))
                    : unknown(kind, b, at, n);
            case SegmentOption.KIND_FAST_OPEN -> n <= 36 ? new FastOpen(octets(b, at, n), false)
                    : unknown(kind, b, at, n);
            case SegmentOption.KIND_EXPERIMENT -> n >= 2 && u16(b, at) == SegmentOption.FAST_OPEN_EXID
                    ? new FastOpen(octets(b, at + 2, n - 2), true) : unknown(kind, b, at, n);
            default -> unknown(kind, b, at, n);
        };
    }

    private static Sack sack(byte[] b, int at, int n) {
        List<SackBlock> blocks = List.empty();
        for (int k = 0; k < n; k += 8) {
            blocks = blocks.append(new SackBlock(SeqNum.of(u32(b, at + k)), SeqNum.of(u32(b, at + k + 4))));
        }
        return new Sack(blocks);
    }

    private static Unknown unknown(int kind, byte[] b, int at, int n) {
        return new Unknown(kind, octets(b, at, n));
    }

    private static Vector<Byte> octets(byte[] b, int at, int n) {
        Vector<Byte> v = Vector.empty();
        for (int k = 0; k < n; k++) {
            v = v.append(b[at + k]);
        }
        return v;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    /** The octets of {@code options}, in order, without padding. */
    public static byte[] encode(List<SegmentOption> options) {
        Objects.requireNonNull(options, "options is null");
        byte[] out = new byte[options.map(SegmentOption::size).sum().intValue()];
        int i = 0;
        for (SegmentOption o : options) {
            i = put(out, i, o);
        }
        return out;
    }

    /** The octets of {@code options} padded with zeros to a multiple of 4 (MUST-69: padding after the list). */
    public static byte[] encodePadded(List<SegmentOption> options) {
        byte[] raw = encode(options);
        return Arrays.copyOf(raw, (raw.length + 3) / 4 * 4);
    }

    private static int put(byte[] out, int i, SegmentOption o) {
        out[i] = (byte) o.kind();
        if (o instanceof Eol || o instanceof Nop) {
            return i + 1;
        }
        out[i + 1] = (byte) o.size();
        int at = i + 2;
        if (o instanceof Mss m) {
            put16(out, at, m.value());
        } else if (o instanceof WindowScale w) {
            out[at] = (byte) w.shift();
        } else if (o instanceof Sack s) {
            for (SackBlock blk : s.blocks()) {
                put32(out, at, blk.left().value());
                put32(out, at + 4, blk.right().value());
                at += 8;
            }
        } else if (o instanceof Timestamps t) {
            put32(out, at, t.tsVal());
            put32(out, at + 4, t.tsEcr());
        } else if (o instanceof FastOpen f) {
            if (f.experimental()) {
                put16(out, at, SegmentOption.FAST_OPEN_EXID);
                at += 2;
            }
            for (byte x : f.cookie()) {
                out[at++] = x;
            }
        } else if (o instanceof Unknown u) {
            for (byte x : u.data()) {
                out[at++] = x;
            }
        }
        return i + o.size();
    }

    private static void put16(byte[] out, int at, int v) {
        out[at] = (byte) (v >>> 8);
        out[at + 1] = (byte) v;
    }

    private static void put32(byte[] out, int at, long v) {
        put16(out, at, (int) (v >>> 16) & 0xFFFF);
        put16(out, at + 2, (int) v & 0xFFFF);
    }
}
