package io.github.tcpmodel.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Builds small captures in every format and link type the reader supports. */
final class CaptureFiles {

    private CaptureFiles() {
    }

    /** A minimal IPv4 header (20 bytes) followed by {@code payload} bytes of value {@code fill}. */
    static byte[] ipv4(int payload, int fill) {
        byte[] p = new byte[20 + payload];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 6;
        for (int i = 20; i < p.length; i++) {
            p[i] = (byte) fill;
        }
        return p;
    }

    /** A minimal IPv6 header (40 bytes, next header TCP) followed by {@code payload} zero bytes. */
    static byte[] ipv6(int payload) {
        byte[] p = new byte[40 + payload];
        p[0] = 0x60;
        p[4] = (byte) (payload >> 8);
        p[5] = (byte) payload;
        p[6] = 6;
        p[7] = 64;
        p[23] = 1;
        p[39] = 2;
        return p;
    }

    /** {@code ip} framed for {@code linkType}; {@code ethertype} lets a test frame something other than IPv4. */
    static byte[] frame(int linkType, byte[] ip, int ethertype) {
        ByteBuffer b;
        switch (linkType) {
            case LinkType.ETHERNET:
                b = ByteBuffer.allocate(14 + ip.length);
                b.position(12);
                b.putShort((short) ethertype);
                break;
            case LinkType.LINUX_SLL:
                b = ByteBuffer.allocate(16 + ip.length);
                b.position(14);
                b.putShort((short) ethertype);
                break;
            case LinkType.LINUX_SLL2:
                b = ByteBuffer.allocate(20 + ip.length);
                b.putShort((short) ethertype);
                b.position(20);
                break;
            default:
                b = ByteBuffer.allocate(ip.length);
        }
        b.put(ip);
        return b.array();
    }

    static byte[] pcap(ByteOrder order, boolean nanos, int linkType, List<byte[]> frames, long t0Seconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        int i = 0;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt((int) (t0Seconds + i)).putInt(nanos ? 123_456_789 : 123_456).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
            i++;
        }
        return out.toByteArray();
    }

    static byte[] pcapng(ByteOrder order, int linkType, int tsresol, List<byte[]> frames, long t0Units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(block(order, 0x0a0d0d0a, ByteBuffer.allocate(16).order(order)
                .putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1).array()));
        ByteBuffer idb = ByteBuffer.allocate(tsresol < 0 ? 8 : 20).order(order);
        idb.putShort((short) linkType).putShort((short) 0).putInt(0);
        if (tsresol >= 0) {
            idb.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            idb.putShort((short) 0).putShort((short) 0);
        }
        out.writeBytes(block(order, 1, idb.array()));
        // a name-resolution block the reader must skip
        out.writeBytes(block(order, 4, new byte[4]));
        long t = t0Units;
        for (byte[] f : frames) {
            int padded = (f.length + 3) & ~3;
            ByteBuffer epb = ByteBuffer.allocate(20 + padded).order(order);
            epb.putInt(0).putInt((int) (t >>> 32)).putInt((int) t).putInt(f.length).putInt(f.length).put(f);
            out.writeBytes(block(order, 6, epb.array()));
            t += 1;
        }
        return out.toByteArray();
    }

    static byte[] block(ByteOrder order, int type, byte[] body) {
        int length = 12 + body.length;
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        b.putInt(type).putInt(length).put(body).putInt(length);
        return b.array();
    }
}
