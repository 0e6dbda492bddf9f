package io.github.tcpmodel.engine.codec;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import java.util.Arrays;

/**
 * The TCP options the codec understands (RFC 9293 §3.1, §3.7.1; RFC 7323; RFC 2018; RFC 7413): MSS, Window Scale,
 * SACK-Permitted, Timestamps, SACK blocks and the TCP Fast Open cookie. An absent value is {@code -1}; no SACK blocks
 * is an empty array; no Fast Open option is {@code null}.
 *
 * <p>The order on the wire is not kept: {@link Codec#encode} lays the options out as Linux does, so that a SYN the
 * engine sends can be compared octet for octet with the kernel's ({@code tcp_options_write}): MSS; then with both
 * SACK-Permitted and Timestamps {@code sackOK, TS}, with one of them {@code nop, nop} before it; then {@code nop,
 * wscale}; on other segments {@code nop, nop, TS} and {@code nop, nop, sack}; a Fast Open option last, padded with
 * NOPs to a multiple of four octets ({@code FO cookie, nop, nop}). This is the layout of
 * {@link io.github.tcpmodel.semantics.Negotiation}.
 *
 * @param mss           Maximum Segment Size (kind 2), or -1
 * @param windowScale   window scale shift count (kind 3), or -1
 * @param sackPermitted SACK-permitted (kind 4) present
 * @param timestamps    timestamps option present
 * @param tsVal         timestamp value (kind 8), meaningful only if {@code timestamps}
 * @param tsEcr         timestamp echo reply (kind 8), meaningful only if {@code timestamps}
 * @param sack          SACK blocks (kind 5, RFC 2018 §3): left and right edges in turn, 32-bit sequence numbers;
 *                      owned by this value, not changed after construction
 * @param fastOpen      the TCP Fast Open cookie (RFC 7413 §4.1.1), empty for a cookie request, null for no option;
 *                      owned by this value, not changed after construction
 * @param fastOpenExperimental whether the Fast Open option is the experimental kind 254 with ExID 0xF989 (RFC 6994,
 *                      RFC 7413 §4.1.1) rather than kind 34
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr,
                         int[] sack, byte[] fastOpen, boolean fastOpenExperimental) {

    private static final int[] NO_BLOCKS = new int[0];

    /** No options. */
    public static final TcpOptions NONE = new TcpOptions(-1, -1, false, false, 0, 0, NO_BLOCKS);

    /** The most octets a Fast Open cookie has (RFC 7413 §4.1.1: 4 to 16, an even number; 0 for a request). */
    public static final int MAX_COOKIE = 16;

    /**
     * Checks the SACK blocks: pairs, at most four (RFC 2018 §3: 40 octets of option space hold four); and the Fast
     * Open cookie: at most {@link #MAX_COOKIE} octets.
     */
    public TcpOptions {
        if (sack == null) {
            sack = NO_BLOCKS;
        }
        if ((sack.length & 1) != 0 || sack.length > 8) {
            throw new IllegalArgumentException("SACK blocks come as up to four left/right pairs: " + sack.length);
        }
        if (fastOpen != null && fastOpen.length > MAX_COOKIE) {
            throw new IllegalArgumentException("a Fast Open cookie has at most 16 octets: " + fastOpen.length);
        }
    }

    /** Options without a Fast Open option. */
    public TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr,
                      int[] sack) {
        this(mss, windowScale, sackPermitted, timestamps, tsVal, tsEcr, sack, null, false);
    }

    /** Options without SACK blocks. */
    public TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr) {
        this(mss, windowScale, sackPermitted, timestamps, tsVal, tsEcr, NO_BLOCKS);
    }

    /** Only an MSS option. */
    public static TcpOptions mssOnly(int mss) {
        return new TcpOptions(mss, -1, false, false, 0, 0);
    }

    /** Only a Timestamps option (RFC 7323 §3.2), as on every non-SYN segment once timestamps are in use. */
    public static TcpOptions stamp(int tsVal, int tsEcr, int[] sack) {
        return new TcpOptions(-1, -1, false, true, tsVal, tsEcr, sack);
    }

    /** These options with the Fast Open option {@code cookie} (empty: a request) of the kind {@code experimental} says. */
    public TcpOptions withFastOpen(byte[] cookie, boolean experimental) {
        return new TcpOptions(mss, windowScale, sackPermitted, timestamps, tsVal, tsEcr, sack, cookie, experimental);
    }

    /** These options without a Fast Open option. */
    public TcpOptions withoutFastOpen() {
        return new TcpOptions(mss, windowScale, sackPermitted, timestamps, tsVal, tsEcr, sack, null, false);
    }

    /** Whether a Fast Open option is present (a cookie or a cookie request). */
    public boolean hasFastOpen() {
        return fastOpen != null;
    }

    /** The octets of the Fast Open option with its NOP padding to a multiple of four, 0 without one. */
    int fastOpenLength() {
        return fastOpen == null ? 0 : ((fastOpenExperimental ? 4 : 2) + fastOpen.length + 3) & ~3;
    }

    /** The number of SACK blocks. */
    public int sackBlocks() {
        return sack.length / 2;
    }

    /** The encoded length in octets, padded to a multiple of four, in the layout of {@link Codec#encode}. */
    public int encodedLength() {
        int n = mss >= 0 ? 4 : 0;
        if (sackPermitted && timestamps) {
            n += 12;
        } else if (sackPermitted || timestamps) {
            n += 2 + (sackPermitted ? 2 : 10);
        }
        if (windowScale >= 0) {
            n += 4;
        }
        if (sack.length > 0) {
            n += 4 + 4 * sack.length;
        }
        return ((n + 3) & ~3) + fastOpenLength();
    }

    /**
     * The options as the model writes them ({@link SegmentOption}), in the order {@link Codec#encode} lays them
     * out, NOPs included.
     */
    public List<SegmentOption> toModel() {
        if (this == NONE) {
            return List.empty();
        }
        java.util.ArrayList<SegmentOption> o = new java.util.ArrayList<>(8);
        if (mss >= 0) {
            o.add(new SegmentOption.Mss(mss));
        }
        SegmentOption.Timestamps ts = new SegmentOption.Timestamps(tsVal & 0xFFFF_FFFFL, tsEcr & 0xFFFF_FFFFL);
        if (sackPermitted && timestamps) {
            o.add(new SegmentOption.SackPermitted());
            o.add(ts);
        } else if (sackPermitted) {
            o.add(new SegmentOption.Nop());
            o.add(new SegmentOption.Nop());
            o.add(new SegmentOption.SackPermitted());
        } else if (timestamps) {
            o.add(new SegmentOption.Nop());
            o.add(new SegmentOption.Nop());
            o.add(ts);
        }
        if (windowScale >= 0) {
            o.add(new SegmentOption.Nop());
            o.add(new SegmentOption.WindowScale(windowScale));
        }
        if (sack.length > 0) {
            o.add(new SegmentOption.Nop());
            o.add(new SegmentOption.Nop());
            SegmentOption.SackBlock[] blocks = new SegmentOption.SackBlock[sack.length / 2];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = new SegmentOption.SackBlock(SeqNum.of(sack[2 * i] & 0xFFFF_FFFFL),
                        SeqNum.of(sack[2 * i + 1] & 0xFFFF_FFFFL));
            }
            o.add(SegmentOption.Sack.of(blocks));
        }
        if (fastOpen != null) {
            o.add(new SegmentOption.FastOpen(io.vavr.collection.Vector.ofAll(fastOpen), fastOpenExperimental));
            for (int pad = (fastOpenExperimental ? 4 : 2) + fastOpen.length; (pad & 3) != 0; pad++) {
                o.add(new SegmentOption.Nop());
            }
        }
        return List.ofAll(o);
    }

    /**
     * The engine's options for the model's list {@code options} (e.g. {@link
     * io.github.tcpmodel.semantics.Negotiation#synOptions}): MSS, Window Scale, SACK-Permitted, Timestamps and SACK
     * blocks; NOPs, which the layout puts back, and options the engine does not send are left out.
     */
    public static TcpOptions fromModel(List<SegmentOption> options) {
        int mss = -1;
        int ws = -1;
        boolean sackOk = false;
        boolean ts = false;
        int val = 0;
        int ecr = 0;
        int[] blocks = NO_BLOCKS;
        byte[] cookie = null;
        boolean experimental = false;
        for (SegmentOption o : options) {
            if (o instanceof SegmentOption.Mss m) {
                mss = m.value();
            } else if (o instanceof SegmentOption.WindowScale w) {
                ws = w.shift();
            } else if (o instanceof SegmentOption.SackPermitted) {
                sackOk = true;
            } else if (o instanceof SegmentOption.Timestamps t) {
                ts = true;
                val = (int) t.tsVal();
                ecr = (int) t.tsEcr();
            } else if (o instanceof SegmentOption.Sack s) {
                blocks = new int[2 * Math.min(4, s.blocks().size())];
                for (int i = 0; i < blocks.length / 2; i++) {
                    blocks[2 * i] = (int) s.blocks().get(i).left().value();
                    blocks[2 * i + 1] = (int) s.blocks().get(i).right().value();
                }
            } else if (o instanceof SegmentOption.FastOpen f && f.cookie().size() <= MAX_COOKIE) {
                cookie = new byte[f.cookie().size()];
                for (int i = 0; i < cookie.length; i++) {
                    cookie[i] = f.cookie().get(i);
                }
                experimental = f.experimental();
            }
        }
        return new TcpOptions(mss, ws, sackOk, ts, val, ecr, blocks, cookie, experimental);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpOptions t && mss == t.mss && windowScale == t.windowScale
                && sackPermitted == t.sackPermitted && timestamps == t.timestamps && tsVal == t.tsVal
                && tsEcr == t.tsEcr && Arrays.equals(sack, t.sack) && Arrays.equals(fastOpen, t.fastOpen)
                && (fastOpen == null || fastOpenExperimental == t.fastOpenExperimental);
    }

    @Override
    public int hashCode() {
        return ((mss * 31 + windowScale) * 31 + (sackPermitted ? 1 : 0)) * 31 + (timestamps ? tsVal ^ tsEcr : 0)
                + Arrays.hashCode(sack) + Arrays.hashCode(fastOpen);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<");
        if (mss >= 0) {
            b.append("mss ").append(mss).append(',');
        }
        if (sackPermitted) {
            b.append("sackOK,");
        }
        if (timestamps) {
            b.append("TS val ").append(Integer.toUnsignedString(tsVal)).append(" ecr ")
                    .append(Integer.toUnsignedString(tsEcr)).append(',');
        }
        if (windowScale >= 0) {
            b.append("wscale ").append(windowScale).append(',');
        }
        if (sack.length > 0) {
            b.append("sack");
            for (int i = 0; i < sack.length; i += 2) {
                b.append(' ').append(Integer.toUnsignedString(sack[i])).append(':')
                        .append(Integer.toUnsignedString(sack[i + 1]));
            }
            b.append(',');
        }
        if (fastOpen != null) {
            b.append(fastOpenExperimental ? "FOEXP" : "FO");
            if (fastOpen.length > 0) {
                b.append(' ');
                for (byte x : fastOpen) {
                    b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
                }
            }
            b.append(',');
        }
        if (b.length() > 1) {
            b.setLength(b.length() - 1);
        }
        return b.append('>').toString();
    }
}
