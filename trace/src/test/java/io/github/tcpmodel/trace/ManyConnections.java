package io.github.tcpmodel.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a pcap (raw IPv4, microseconds, headers only) of {@code n} short connections to one server, a new one
 * every {@code gapMicros}. Of every 100: 10 are a handshake, a close by the client right after it, the server's FIN
 * and the client's last ACK (the client ends in TIME-WAIT, RFC 9293 §3.10.7.4, 60 s under the linux profile); 89
 * are refused (a SYN answered by a RST,ACK, §3.10.7.1); 1 is a handshake and nothing more (an open, idle connection
 * until the end of the capture). Written without the model or the codec so that millions of segments take seconds.
 */
public final class ManyConnections {

    private ManyConnections() {
    }

    /** Segments {@link #write} writes for {@code n} connections. */
    public static long segments(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            int kind = i % 100;
            s += kind < 10 ? 5 : kind == 10 ? 3 : 2;
        }
        return s;
    }

    /** Writes the capture of {@code n} connections to {@code file}, one every {@code gapMicros}; returns {@code file}. */
    public static Path write(Path file, int n, long gapMicros) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(5 * 56);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
            out.write(h.array());
            long t0 = 1_700_000_000_000_000L;
            int server = 0x0A090001;
            for (int i = 0; i < n; i++) {
                int client = 0x0A000001 + i / 50_000;
                int port = 10_000 + i % 50_000;
                int ciss = i * 7919;
                int siss = i * 104_729 + 12_345;
                long t = t0 + i * gapMicros;
                b.clear();
                int kind = i % 100;
                record(b, t, client, server, port, 80, ciss, 0, 0x02);
                if (kind < 10) {
                    record(b, t + 100, server, client, 80, port, siss, ciss + 1, 0x12);
                    record(b, t + 200, client, server, port, 80, ciss + 1, siss + 1, 0x11);
                    record(b, t + 300, server, client, 80, port, siss + 1, ciss + 2, 0x11);
                    record(b, t + 400, client, server, port, 80, ciss + 2, siss + 2, 0x10);
                } else if (kind == 10) {
                    record(b, t + 100, server, client, 80, port, siss, ciss + 1, 0x12);
                    record(b, t + 200, client, server, port, 80, ciss + 1, siss + 1, 0x10);
                } else {
                    record(b, t + 100, server, client, 80, port, 0, ciss + 1, 0x14);
                }
                out.write(b.array(), 0, b.position());
            }
        }
        return file;
    }

    private static void record(ByteBuffer b, long micros, int src, int dst, int sport, int dport, int seq, int ack,
                               int flags) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(40).putInt(40);
        b.order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack).put((byte) 0x50).put((byte) flags)
                .putShort((short) 64_240).putShort((short) 0).putShort((short) 0);
    }
}
