package io.github.tcpmodel.pcap;

import java.util.Arrays;
import java.util.Objects;

/**
 * The options of one TCP header: the raw bytes as captured and a parsed view of the ones a checker uses. Absent
 * options are {@code -1} (numbers) or {@code false}; a malformed option list (a length that runs past the header,
 * a length below 2) ends the parse there and sets {@code malformed}.
 *
 * @param raw           the option bytes between the fixed header and the data (possibly cut by the snapshot length)
 * @param mss           the Maximum Segment Size option (kind 2, RFC 9293 §3.2), or -1
 * @param windowScale   the Window Scale shift (kind 3, RFC 7323 §2.2), capped at 14 as §2.3 says, or -1
 * @param sackPermitted whether SACK-Permitted was present (kind 4, RFC 2018 §2)
 * @param tsVal         TSval of the Timestamps option (kind 8, RFC 7323 §3.2), or -1 without the option
 * @param tsEcr         TSecr of the Timestamps option, or -1 without the option
 * @param sackBlocks    the SACK blocks (kind 5, RFC 2018 §3) as left, right pairs: {@code [l0, r0, l1, r1, ...]}
 * @param fastOpen      whether a TCP Fast Open option was present (kind 34, RFC 7413 §4.1)
 * @param malformed     whether the option list is malformed
 */
public record TcpHeaderOptions(byte[] raw, int mss, int windowScale, boolean sackPermitted, long tsVal, long tsEcr,
                               long[] sackBlocks, boolean fastOpen, boolean malformed) {

    private static final long[] NO_BLOCKS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    /** No options at all. */
    public static final TcpHeaderOptions NONE =
            new TcpHeaderOptions(NO_BYTES, -1, -1, false, -1, -1, NO_BLOCKS, false, false);

    public TcpHeaderOptions {
        Objects.requireNonNull(raw, "raw is null");
        Objects.requireNonNull(sackBlocks, "sackBlocks is null");
    }

    /** Whether the Timestamps option was present. */
    public boolean hasTimestamps() {
        return tsVal >= 0;
    }

    /** Parses the options in {@code b[from, to)}. */
    public static TcpHeaderOptions parse(byte[] b, int from, int to) {
        if (from >= to) {
            return NONE;
        }
        int mss = -1;
        int wscale = -1;
        boolean sackOk = false;
        long tsVal = -1;
        long tsEcr = -1;
        long[] blocks = NO_BLOCKS;
        boolean tfo = false;
        boolean malformed = false;
        int i = from;
        while (i < to) {
            int kind = b[i] & 0xFF;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                malformed = true;
                break;
            }
            int len = b[i + 1] & 0xFF;
            if (len < 2 || i + len > to) {
                malformed = true;
                break;
            }
            switch (kind) {
                case 2 -> mss = len == 4 ? u16(b, i + 2) : mss;
                case 3 -> wscale = len == 3 ? Math.min(14, b[i + 2] & 0xFF) : wscale;
                case 4 -> sackOk = len == 2 || sackOk;
                case 5 -> {
                    if ((len - 2) % 8 == 0) {
                        blocks = new long[(len - 2) / 4];
                        for (int k = 0; k < blocks.length; k++) {
                            blocks[k] = u32(b, i + 2 + 4 * k);
                        }
                    }
                }
                case 8 -> {
                    if (len == 10) {
                        tsVal = u32(b, i + 2);
                        tsEcr = u32(b, i + 6);
                    }
                }
                case 34 -> tfo = true;
                default -> {
                    // other options (MPTCP, AccECN, MD5, TCP-AO, experimental) carry nothing the checker uses
                }
            }
            i += len;
        }
        return new TcpHeaderOptions(Arrays.copyOfRange(b, from, to), mss, wscale, sackOk, tsVal, tsEcr, blocks, tfo,
                malformed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpHeaderOptions t && Arrays.equals(raw, t.raw) && mss == t.mss
                && windowScale == t.windowScale && sackPermitted == t.sackPermitted && tsVal == t.tsVal
                && tsEcr == t.tsEcr && Arrays.equals(sackBlocks, t.sackBlocks) && fastOpen == t.fastOpen
                && malformed == t.malformed;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw) * 31 + Arrays.hashCode(sackBlocks);
    }

    @Override
    public String toString() {
        return "TcpHeaderOptions[mss=" + mss + ", windowScale=" + windowScale + ", sackPermitted=" + sackPermitted
                + ", tsVal=" + tsVal + ", tsEcr=" + tsEcr + ", sackBlocks=" + Arrays.toString(sackBlocks)
                + ", fastOpen=" + fastOpen + ", malformed=" + malformed + "]";
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
