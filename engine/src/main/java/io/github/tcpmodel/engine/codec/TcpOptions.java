package io.github.tcpmodel.engine.codec;

/**
 * The TCP options the codec understands (RFC 9293 §3.1, §3.7.1; RFC 7323; RFC 2018). The engine uses only the MSS;
 * the others are parsed so that a peer's SYN (Linux sends all four) is understood, and ignored: not answering them in
 * a SYN,ACK turns them off for the connection (RFC 7323 §1.3, RFC 2018 §2). An absent value is {@code -1}.
 *
 * @param mss           Maximum Packet Size (kind 2), or -1
 * @param windowScale   window scale shift count (kind 3), or -1
 * @param sackPermitted SACK-permitted (kind 4) present
 * @param tsVal         timestamp value (kind 8), meaningful only if {@code timestamps}
 * @param tsEcr         timestamp echo reply (kind 8), meaningful only if {@code timestamps}
 * @param timestamps    timestamps option present
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr) {

    /** No options. */
    public static final TcpOptions NONE = new TcpOptions(-1, -1, false, false, 0, 0);

    /** Only an MSS option, as this engine sends on SYN and SYN,ACK. */
    public static TcpOptions mssOnly(int mss) {
        return new TcpOptions(mss, -1, false, false, 0, 0);
    }

    /** The encoded length in octets, padded to a multiple of four. */
    public int encodedLength() {
        int n = 0;
        if (mss >= 0) {
            n += 4;
        }
        if (windowScale >= 0) {
            n += 3;
        }
        if (sackPermitted) {
            n += 2;
        }
        if (timestamps) {
            n += 10;
        }
        return (n + 3) & ~3;
    }
}
