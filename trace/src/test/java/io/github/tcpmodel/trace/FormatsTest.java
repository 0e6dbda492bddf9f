package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.tcpmodel.profile.Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static final Profile LINUX = Profile.linux();

    /** A packet of a little-endian microsecond pcap: its time (ns) and its bytes. */
    record Packet(long nanos, byte[] data) {
    }

    static List<Packet> packets(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        b.position(24);
        List<Packet> out = new ArrayList<>();
        while (b.remaining() >= 16) {
            long sec = b.getInt() & 0xFFFFFFFFL;
            long usec = b.getInt() & 0xFFFFFFFFL;
            int incl = b.getInt();
            b.getInt();
            byte[] d = new byte[incl];
            b.get(d);
            out.add(new Packet(sec * 1_000_000_000L + usec * 1000, d));
        }
        return out;
    }

    static byte[] frame(int linkType, byte[] ip) {
        ByteBuffer b;
        switch (linkType) {
            case 1:
                b = ByteBuffer.allocate(14 + ip.length);
                b.position(12);
                b.putShort((short) 0x0800);
                break;
            case 113:
                b = ByteBuffer.allocate(16 + ip.length);
                b.position(14);
                b.putShort((short) 0x0800);
                break;
            case 276:
                b = ByteBuffer.allocate(20 + ip.length);
                b.putShort((short) 0x0800);
                b.position(20);
                break;
            default:
                b = ByteBuffer.allocate(ip.length);
        }
        return b.put(ip).array();
    }

    static byte[] pcap(List<Packet> ps, ByteOrder order, boolean nanos, int linkType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        for (Packet p : ps) {
            byte[] f = frame(linkType, p.data());
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            long sub = nanos ? p.nanos() % 1_000_000_000L : p.nanos() % 1_000_000_000L / 1000;
            r.putInt((int) (p.nanos() / 1_000_000_000L)).putInt((int) sub).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    static byte[] block(ByteOrder order, int type, byte[] body) {
        int len = 12 + ((body.length + 3) & ~3);
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        b.putInt(type).putInt(len).put(body);
        b.position(len - 4);
        b.putInt(len);
        return b.array();
    }

    static byte[] pcapng(List<Packet> ps, ByteOrder order, int linkType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(block(order, 0x0A0D0D0A, ByteBuffer.allocate(16).order(order).putInt(0x1A2B3C4D)
                .putShort((short) 1).putShort((short) 0).putLong(-1).array()));
        out.writeBytes(block(order, 1, ByteBuffer.allocate(8).order(order).putShort((short) linkType)
                .putShort((short) 0).putInt(65535).array()));
        for (Packet p : ps) {
            byte[] f = frame(linkType, p.data());
            long micros = p.nanos() / 1000;
            ByteBuffer body = ByteBuffer.allocate(20 + ((f.length + 3) & ~3)).order(order);
            body.putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros).putInt(f.length).putInt(f.length)
                    .put(f);
            out.writeBytes(block(order, 6, body.array()));
        }
        return out.toByteArray();
    }

    private static String stripped(byte[] capture) {
        CheckResult r = TraceChecker.check(new ByteArrayInputStream(capture), "x", LINUX, Limits.defaults());
        return Renderer.json(assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report()).replaceFirst("\"format\":\"[a-z]+\"", "");
    }

    // Every format and link type the reader supports gives the same report for the same packets.
    @Test
    void everyFormatAndLinkTypeGivesTheSameReport() throws Exception {
        byte[] original = Files.readAllBytes(KernelCorpusTest.COMMITTED.resolve("time-wait-re-ack.pcap"));
        List<Packet> ps = packets(original);
        String expected = stripped(original);
        for (int link : new int[] {1, 101, 113, 228, 276}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                assertEquals(expected, stripped(pcap(ps, order, false, link)), "pcap us " + link + " " + order);
                assertEquals(expected, stripped(pcap(ps, order, true, link)), "pcap ns " + link + " " + order);
                assertEquals(expected, stripped(pcapng(ps, order, link)), "pcapng " + link + " " + order);
            }
        }
    }
}
