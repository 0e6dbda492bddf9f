package io.github.tcpmodel.engine.connection;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** One direction of a byte-exact transfer: writes a seeded stream into a connection, reads the other end. */
final class Pump {

    private final long total;
    private final Random source;
    private final Random check;
    private final byte[] chunk = new byte[16384];
    private final byte[] in = new byte[16384];
    private long written;
    private long read;
    private int pendingLength;
    private int pendingOffset;
    private boolean shutdownSent;
    private boolean eof;
    private long mismatches;
    final ByteArrayOutputStream firstBytes = new ByteArrayOutputStream();

    Pump(long total, long seed) {
        this.total = total;
        this.source = new Random(seed);
        this.check = new Random(seed);
    }

    /** Writes what fits; shuts down when all is written. Returns whether it did anything. */
    boolean write(Connection c, boolean shutdownWhenDone) {
        boolean did = false;
        while (written < total && c.writable() > 0) {
            if (pendingOffset == pendingLength) {
                pendingLength = (int) Math.min(chunk.length, total - written);
                for (int i = 0; i < pendingLength; i++) {
                    chunk[i] = (byte) source.nextInt(256);
                }
                pendingOffset = 0;
            }
            int n = c.write(chunk, pendingOffset, pendingLength - pendingOffset);
            if (n <= 0) {
                break;
            }
            did = true;
            pendingOffset += n;
            written += n;
        }
        // RFC 9293 §3.10.4: CLOSE in SYN-SENT deletes the TCB and its queued text, so wait for the handshake.
        if (written == total && shutdownWhenDone && !shutdownSent && c.tcpState().isSynchronized()) {
            shutdownSent = true;
            c.shutdown();
            did = true;
        }
        return did;
    }

    /** Reads everything available and checks it against the seeded stream. */
    boolean read(Connection c) {
        boolean did = false;
        while (true) {
            int n = c.read(in, 0, in.length);
            if (n < 0) {
                if (c.isEndOfStream()) {
                    eof = true;
                }
                return did;
            }
            if (n == 0) {
                return did;
            }
            did = true;
            for (int i = 0; i < n; i++) {
                if (in[i] != (byte) check.nextInt(256)) {
                    mismatches++;
                }
            }
            read += n;
        }
    }

    boolean allWritten() {
        return written == total;
    }

    long written() {
        return written;
    }

    long read() {
        return read;
    }

    boolean eof() {
        return eof;
    }

    long mismatches() {
        return mismatches;
    }
}
