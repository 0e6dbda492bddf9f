package io.github.tcpmodel.linux.netns;

import java.nio.ByteBuffer;

/** Test-only IPv4/TCP/ICMP packets, hand-built; the engine's codec replaces this. */
public final class TestPacket {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private TestPacket() {
    }

    public static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
    }

    public static byte[] mssOption(int mss) {
        return new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss};
    }

    public static byte[] tcp(int src, int srcPort, int dst, int dstPort, long seq, long ack, int flags, int window,
                             byte[] options, byte[] payload) {
        int optLen = (options.length + 3) & ~3;
        int tcpLen = 20 + optLen + payload.length;
        ByteBuffer b = ByteBuffer.allocate(20 + tcpLen);
        ipHeader(b, src, dst, 6, 20 + tcpLen);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
        b.put((byte) (((20 + optLen) / 4) << 4)).put((byte) flags).putShort((short) window);
        b.putShort((short) 0).putShort((short) 0);
        b.put(options);
        for (int i = options.length; i < optLen; i++) {
            b.put((byte) 0);
        }
        b.put(payload);
        byte[] pkt = b.array();
        long sum = pseudoHeaderSum(src, dst, 6, tcpLen);
        int csum = checksum(pkt, 20, tcpLen, sum);
        pkt[36] = (byte) (csum >>> 8);
        pkt[37] = (byte) csum;
        return pkt;
    }

    public static byte[] icmpEcho(int src, int dst, int id, int sequence, byte[] data) {
        int len = 8 + data.length;
        ByteBuffer b = ByteBuffer.allocate(20 + len);
        ipHeader(b, src, dst, 1, 20 + len);
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence).put(data);
        byte[] pkt = b.array();
        int csum = checksum(pkt, 20, len, 0);
        pkt[22] = (byte) (csum >>> 8);
        pkt[23] = (byte) csum;
        return pkt;
    }

    private static void ipHeader(ByteBuffer b, int src, int dst, int protocol, int totalLength) {
        b.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putShort((short) 0x1234)
                .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .putInt(src).putInt(dst);
        byte[] a = b.array();
        int csum = checksum(a, 0, 20, 0);
        a[10] = (byte) (csum >>> 8);
        a[11] = (byte) csum;
    }

    private static long pseudoHeaderSum(int src, int dst, int protocol, int length) {
        return ((src >>> 16) & 0xffff) + (src & 0xffff) + ((dst >>> 16) & 0xffff) + (dst & 0xffff) + protocol
                + length;
    }

    static int checksum(byte[] a, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((a[off + i] & 0xff) << 8) | (a[off + i + 1] & 0xff);
        }
        if ((len & 1) == 1) {
            sum += (a[off + len - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** A parsed IPv4 packet; TCP fields are set when protocol is 6. */
    public record Parsed(int protocol, int src, int dst, int srcPort, int dstPort, long seq, long ack, int flags,
                         int window, byte[] options, byte[] payload, boolean checksumsValid) {

        public boolean isTcp() {
            return protocol == 6;
        }

        public boolean is(int exactFlags) {
            return isTcp() && (flags & (FIN | SYN | RST | ACK)) == exactFlags;
        }

        public boolean hasOption(int kind) {
            return optionAt(kind) >= 0;
        }

        public int mss() {
            int at = optionAt(2);
            return at < 0 ? -1 : ((options[at + 2] & 0xff) << 8) | (options[at + 3] & 0xff);
        }

        private int optionAt(int kind) {
            int i = 0;
            while (i < options.length) {
                int k = options[i] & 0xff;
                if (k == 0) {
                    return -1;
                }
                if (k == 1) {
                    i++;
                    continue;
                }
                if (k == kind) {
                    return i;
                }
                if (i + 1 >= options.length || (options[i + 1] & 0xff) < 2) {
                    return -1;
                }
                i += options[i + 1] & 0xff;
            }
            return -1;
        }

        public String describe() {
            if (!isTcp()) {
                return "proto " + protocol;
            }
            StringBuilder f = new StringBuilder();
            if ((flags & SYN) != 0) {
                f.append('S');
            }
            if ((flags & FIN) != 0) {
                f.append('F');
            }
            if ((flags & RST) != 0) {
                f.append('R');
            }
            if ((flags & PSH) != 0) {
                f.append('P');
            }
            if ((flags & ACK) != 0) {
                f.append('.');
            }
            return srcPort + ">" + dstPort + " [" + f + "] seq " + seq + " ack " + ack + " win " + window
                    + " len " + payload.length;
        }
    }

    public static Parsed parse(byte[] p) {
        if (p.length < 20 || (p[0] & 0xf0) != 0x40) {
            return new Parsed(-1, 0, 0, 0, 0, 0, 0, 0, 0, new byte[0], new byte[0], false);
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        int ihl = (p[0] & 0x0f) * 4;
        int total = b.getShort(2) & 0xffff;
        int protocol = p[9] & 0xff;
        int src = b.getInt(12);
        int dst = b.getInt(16);
        boolean ipOk = checksum(p, 0, ihl, 0) == 0;
        if (protocol != 6) {
            byte[] payload = new byte[total - ihl];
            System.arraycopy(p, ihl, payload, 0, payload.length);
            return new Parsed(protocol, src, dst, 0, 0, 0, 0, 0, 0, new byte[0], payload, ipOk);
        }
        int t = ihl;
        int dataOff = ((p[t + 12] & 0xf0) >>> 4) * 4;
        byte[] options = new byte[dataOff - 20];
        System.arraycopy(p, t + 20, options, 0, options.length);
        byte[] payload = new byte[total - ihl - dataOff];
        System.arraycopy(p, t + dataOff, payload, 0, payload.length);
        boolean tcpOk = checksum(p, t, total - ihl, pseudoHeaderSum(src, dst, 6, total - ihl)) == 0;
        return new Parsed(6, src, dst, b.getShort(t) & 0xffff, b.getShort(t + 2) & 0xffff,
                b.getInt(t + 4) & 0xffffffffL, b.getInt(t + 8) & 0xffffffffL, p[t + 13] & 0xff,
                b.getShort(t + 14) & 0xffff, options, payload, ipOk && tcpOk);
    }
}
