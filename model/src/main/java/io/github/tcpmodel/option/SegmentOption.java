package io.github.tcpmodel.option;

import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * One TCP option of a segment's option list (RFC 9293 §3.1, "Options"), as a value. A segment keeps its options as
 * an ordered list, NOPs and EOL included, so that the exact layout can be compared where that is asked for; the
 * negotiation reads only the options' meaning ({@link io.github.tcpmodel.semantics.Negotiation}).
 *
 * <p>Kinds (IANA "TCP Option Kind Numbers"): 0 EOL and 1 NOP (RFC 9293 §3.2), 2 MSS (RFC 9293 §3.2, §3.7.1), 3
 * Window Scale (RFC 7323 §2.2), 4 SACK-Permitted and 5 SACK (RFC 2018 §2, §3), 8 Timestamps (RFC 7323 §3.2), 34
 * TCP Fast Open Cookie (RFC 7413 §4.1.1), 254 the experimental option carrying the Fast Open cookie behind the
 * ExID 0xF989 (RFC 6994 §3, RFC 7413 §4.1.1). Any other kind is {@link Unknown}, kept with its octets and skipped
 * by the semantics (MUST-6).
 */
public sealed interface SegmentOption {

    /** Option kind 0, End of Option List. */
    int KIND_EOL = 0;
    /** Option kind 1, No-Operation. */
    int KIND_NOP = 1;
    /** Option kind 2, Maximum Segment Size. */
    int KIND_MSS = 2;
    /** Option kind 3, Window Scale. */
    int KIND_WINDOW_SCALE = 3;
    /** Option kind 4, SACK-Permitted. */
    int KIND_SACK_PERMITTED = 4;
    /** Option kind 5, SACK. */
    int KIND_SACK = 5;
    /** Option kind 8, Timestamps. */
    int KIND_TIMESTAMPS = 8;
    /** Option kind 34, TCP Fast Open Cookie. */
    int KIND_FAST_OPEN = 34;
    /** Option kind 254, RFC 3692-style experiment with a 16-bit ExID (RFC 6994). */
    int KIND_EXPERIMENT = 254;
    /** The ExID of TCP Fast Open in option kind 254 (RFC 7413 §4.1.1). */
    int FAST_OPEN_EXID = 0xF989;

    /** The option kind octet. */
    int kind();

    /** The octets the option occupies in the header, kind and length octets included. */
    int size();

    /** End of Option List (RFC 9293 §3.2): one octet; what follows is padding. */
    record Eol() implements SegmentOption {
        @Override
        public int kind() {
            return KIND_EOL;
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** No-Operation (RFC 9293 §3.2): one octet, used to align the next option (MUST-64: not relied on). */
    record Nop() implements SegmentOption {
        @Override
        public int kind() {
            return KIND_NOP;
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /**
     * Maximum Segment Size (RFC 9293 §3.2, §3.7.1): the largest segment the sender of the option can receive.
     *
     * @param value the MSS, in {@code [0, 65535]} on the wire; the model's segments require {@code [1, 65535]}
     */
    record Mss(int value) implements SegmentOption {
        public Mss {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("MSS out of range [0, 65535]: " + value);
            }
        }

        @Override
        public int kind() {
            return KIND_MSS;
        }

        @Override
        public int size() {
            return 4;
        }
    }

    /**
     * Window Scale (RFC 7323 §2.2): the shift count the sender of the option applies to the windows it advertises
     * after the SYN. Any octet value is kept as received; the negotiation caps it at 14 (RFC 7323 §2.3).
     *
     * @param shift the shift count as sent, in {@code [0, 255]}
     */
    record WindowScale(int shift) implements SegmentOption {
        public WindowScale {
            if (shift < 0 || shift > 0xFF) {
                throw new IllegalArgumentException("shift count out of range [0, 255]: " + shift);
            }
        }

        @Override
        public int kind() {
            return KIND_WINDOW_SCALE;
        }

        @Override
        public int size() {
            return 3;
        }
    }

    /** SACK-Permitted (RFC 2018 §2): sent on a SYN only. */
    record SackPermitted() implements SegmentOption {
        @Override
        public int kind() {
            return KIND_SACK_PERMITTED;
        }

        @Override
        public int size() {
            return 2;
        }
    }

    /**
     * One block of a SACK option (RFC 2018 §3): the sequence numbers {@code [left, right)} of a contiguous block of
     * data the receiver holds. A block with {@code right} not after {@code left} is kept as received; the SACK rules
     * judge it ({@link io.github.tcpmodel.semantics.SackRules}).
     *
     * @param left  the first sequence number of the block (Left Edge)
     * @param right the sequence number immediately following the block (Right Edge)
     */
    record SackBlock(SeqNum left, SeqNum right) {
        public SackBlock {
            Objects.requireNonNull(left, "left is null");
            Objects.requireNonNull(right, "right is null");
        }

        /** The octets the block covers; 0 when {@code right} is not after {@code left}. */
        public long length() {
            return right.gt(left) ? right.offsetFrom(left) : 0;
        }

        /** Whether {@code s} lies in the block. */
        public boolean contains(SeqNum s) {
            return left.le(s) && s.lt(right);
        }

        /** Whether every sequence number of {@code other} lies in this block (an empty block lies nowhere). */
        public boolean covers(SackBlock other) {
            return other.length() > 0 && left.le(other.left) && other.right.le(right);
        }

        @Override
        public String toString() {
            return left + ":" + right;
        }
    }

    /**
     * SACK (RFC 2018 §3): the blocks the receiver reports, in the order sent (the first names the most recent
     * segment, §4; or, as a D-SACK, a duplicate, RFC 2883 §4).
     *
     * @param blocks the blocks, at most 4 in a 40-octet option space
     */
    record Sack(List<SackBlock> blocks) implements SegmentOption {
        public Sack {
            Objects.requireNonNull(blocks, "blocks is null");
            if (blocks.size() > 4) {
                throw new IllegalArgumentException("more than 4 SACK blocks do not fit: " + blocks.size());
            }
        }

        /** A SACK option with these blocks. */
        public static Sack of(SackBlock... blocks) {
            return new Sack(List.of(blocks));
        }

        @Override
        public int kind() {
            return KIND_SACK;
        }

        @Override
        public int size() {
            return 2 + 8 * blocks.size();
        }
    }

    /**
     * Timestamps (RFC 7323 §3.2): TSval, the sender's timestamp clock, and TSecr, the echo of the peer's latest
     * TSval (TS.Recent) when the ACK bit is set.
     *
     * @param tsVal  TSval, an unsigned 32-bit value
     * @param tsEcr  TSecr, an unsigned 32-bit value
     */
    record Timestamps(long tsVal, long tsEcr) implements SegmentOption {
        public Timestamps {
            if (tsVal < 0 || tsVal > 0xFFFF_FFFFL || tsEcr < 0 || tsEcr > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("timestamps are unsigned 32-bit values: " + tsVal + ", " + tsEcr);
            }
        }

        @Override
        public int kind() {
            return KIND_TIMESTAMPS;
        }

        @Override
        public int size() {
            return 10;
        }
    }

    /**
     * TCP Fast Open Cookie (RFC 7413 §4.1.1): an empty cookie on a SYN requests one; a cookie of 4 to 16 octets (an
     * even number) on a SYN presents one, on a SYN,ACK hands one out. {@code experimental}: carried in option kind
     * 254 behind the ExID 0xF989, as Linux sends it on request, rather than kind 34.
     *
     * @param cookie       the cookie octets, empty for a request
     * @param experimental whether the option is kind 254 with ExID 0xF989 (else kind 34)
     */
    record FastOpen(Vector<Byte> cookie, boolean experimental) implements SegmentOption {
        public FastOpen {
            Objects.requireNonNull(cookie, "cookie is null");
            if (cookie.size() > 36) {
                throw new IllegalArgumentException("a cookie does not fit in the option space: " + cookie.size());
            }
        }

        /** A cookie request (kind 34, empty cookie). */
        public static FastOpen request() {
            return new FastOpen(Vector.empty(), false);
        }

        /** Whether this is a cookie request: an empty cookie (RFC 7413 §4.1.1). */
        public boolean isRequest() {
            return cookie.isEmpty();
        }

        /** Whether the cookie is well formed: 4 to 16 octets, an even number (RFC 7413 §4.1.1). */
        public boolean wellFormed() {
            return cookie.size() >= 4 && cookie.size() <= 16 && cookie.size() % 2 == 0;
        }

        @Override
        public int kind() {
            return experimental ? KIND_EXPERIMENT : KIND_FAST_OPEN;
        }

        @Override
        public int size() {
            return (experimental ? 4 : 2) + cookie.size();
        }
    }

    /**
     * An option the model does not interpret (MUST-6: ignored without error), kept with its octets so that the list
     * round-trips and can be compared exactly: a kind not listed above, a kind 254 experiment with another ExID, or a
     * listed kind with a length its definition does not allow (e.g. an MSS option of length 3), which a receiver
     * cannot take for that option.
     *
     * @param kind the option kind, in {@code [0, 255]}
     * @param data the option-data octets (without kind and length)
     */
    record Unknown(int kind, Vector<Byte> data) implements SegmentOption {
        public Unknown {
            Objects.requireNonNull(data, "data is null");
            if (kind < 0 || kind > 0xFF || data.size() > 38) {
                throw new IllegalArgumentException("option kind or length out of range: " + kind + ", " + data.size());
            }
        }

        @Override
        public int size() {
            return 2 + data.size();
        }
    }
}
