package io.github.tcpmodel.trace;

import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic pcap (raw IP, microseconds) of hand-made segments with explicit times: IPv4, or IPv6 after
 * {@link #ipv6()} (addresses {@code fd00::a.b.c.d} for host {@code a.b.c.d}).
 */
public final class SyntheticCapture {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private final OutputStream out;
    private long micros = 1_700_000_000_000_000L;
    private boolean v6;
    private byte[] last;

    public SyntheticCapture(OutputStream out) {
        this.out = out;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        write(h.array());
    }

    public static SyntheticCapture inMemory() {
        return new SyntheticCapture(new ByteArrayOutputStream());
    }

    /** Writes the following segments over IPv6. */
    public SyntheticCapture ipv6() {
        v6 = true;
        return this;
    }

    /** Moves the clock back by {@code ms}, as a multi-queue capture or a merge of files does. */
    public SyntheticCapture back(double ms) {
        micros -= Math.round(ms * 1000);
        return this;
    }

    /** Writes the last segment again, {@code us} microseconds later: the same packet captured twice. */
    public SyntheticCapture again(long us) {
        micros += us;
        record(last);
        return this;
    }

    /** Advances the clock by {@code ms}. */
    public SyntheticCapture after(double ms) {
        micros += Math.round(ms * 1000);
        return this;
    }

    /** One endpoint of a synthetic connection. */
    public record Host(String ip, int port) {
        int addr() {
            return Addresses.parse(ip);
        }
    }

    public SyntheticCapture seg(Host from, Host to, long seq, long ack, int flags, int len, int window, TcpOptions opts) {
        Packet s = new Packet(from.addr(), to.addr(), from.port(), to.port(), (int) seq, (int) ack, flags, window,
                0, opts, new byte[len]);
        byte[] ip = Codec.encode(s);
        if (v6) {
            ip = toIpv6(ip, from.addr(), to.addr());
        }
        record(ip);
        micros += 10;
        return this;
    }

    /**
     * A segment with a Timestamps option ({@code tsVal}, {@code tsEcr}; none when {@code tsVal < 0}) and a SACK
     * option with the blocks {@code sack} (left, right pairs; none when empty), written as raw option octets.
     */
    public SyntheticCapture seg(Host from, Host to, long seq, long ack, int flags, int len, long tsVal, long tsEcr,
                                long... sack) {
        ByteBuffer o = ByteBuffer.allocate(40);
        if (tsVal >= 0) {
            o.put((byte) 1).put((byte) 1).put((byte) 8).put((byte) 10).putInt((int) tsVal).putInt((int) tsEcr);
        }
        if (sack.length > 0) {
            o.put((byte) 1).put((byte) 1).put((byte) 5).put((byte) (2 + 4 * sack.length));
            for (long edge : sack) {
                o.putInt((int) edge);
            }
        }
        byte[] opts = java.util.Arrays.copyOf(o.array(), o.position());
        Packet s = new Packet(from.addr(), to.addr(), from.port(), to.port(), (int) seq, (int) ack, flags, 64_000,
                0, TcpOptions.NONE, new byte[len]);
        byte[] plain = Codec.encode(s);
        int ihl = (plain[0] & 0x0F) * 4;
        int tcpHeader = ((plain[ihl + 12] & 0xF0) >> 4) * 4;
        ByteBuffer ip = ByteBuffer.allocate(plain.length + opts.length);
        ip.put(plain, 0, ihl + tcpHeader).put(opts).put(plain, ihl + tcpHeader, plain.length - ihl - tcpHeader);
        byte[] b = ip.array();
        b[ihl + 12] = (byte) (((tcpHeader + opts.length) / 4) << 4 | (b[ihl + 12] & 0x0F));
        b[2] = (byte) (b.length >> 8);
        b[3] = (byte) b.length;
        if (v6) {
            b = toIpv6(b, from.addr(), to.addr());
        }
        record(b);
        micros += 10;
        return this;
    }

    private void record(byte[] ip) {
        last = ip;
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(ip.length).putInt(ip.length);
        write(r.array());
        write(ip);
    }

    /** The TCP segment of IPv4 packet {@code v4} in an IPv6 packet (checksums are not checked by the reader). */
    private static byte[] toIpv6(byte[] v4, int src, int dst) {
        int ihl = (v4[0] & 0x0F) * 4;
        int tcpLen = v4.length - ihl;
        ByteBuffer b = ByteBuffer.allocate(40 + tcpLen);
        b.putInt(0x60000000).putShort((short) tcpLen).put((byte) 6).put((byte) 64);
        b.putLong(0xfd00_0000_0000_0000L).putLong(src & 0xFFFFFFFFL);
        b.putLong(0xfd00_0000_0000_0000L).putLong(dst & 0xFFFFFFFFL);
        b.put(v4, ihl, tcpLen);
        return b.array();
    }

    public SyntheticCapture seg(Host from, Host to, long seq, long ack, int flags, int len) {
        return seg(from, to, seq, ack, flags, len, 64_000, TcpOptions.NONE);
    }

    public SyntheticCapture syn(Host from, Host to, long isn) {
        return seg(from, to, isn, 0, SYN, 0, 64_240, TcpOptions.mssOnly(1460));
    }

    public SyntheticCapture synAck(Host from, Host to, long isn, long ack) {
        return seg(from, to, isn, ack, SYN | ACK, 0, 64_240, TcpOptions.mssOnly(1460));
    }

    private void write(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void close() throws IOException {
        out.close();
    }

    public byte[] bytes() {
        return ((ByteArrayOutputStream) out).toByteArray();
    }

    public Path save(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes());
        return f;
    }
}
