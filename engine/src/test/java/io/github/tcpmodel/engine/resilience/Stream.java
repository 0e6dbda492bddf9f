package io.github.tcpmodel.engine.resilience;

import io.github.tcpmodel.engine.connection.Connection;

/**
 * One direction of a connection carrying a known byte pattern: the writer writes it, the reader checks every octet.
 */
final class Stream {

    private final Connection writer;
    private final Connection reader;
    private final long salt;
    private final long total;
    private final byte[] buf = new byte[8192];
    private long written;
    private long read;
    private long corrupted;

    Stream(Connection writer, Connection reader, long salt, long total) {
        this.writer = writer;
        this.reader = reader;
        this.salt = salt;
        this.total = total;
    }

    static byte octet(long salt, long offset) {
        long z = (offset + salt * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (byte) (z ^ (z >>> 29) ^ (z >>> 43));
    }

    private long allowance = Long.MAX_VALUE;

    void limitTo(long octets) {
        allowance = octets;
    }

    void grant(long octets) {
        allowance += octets;
    }

    boolean pump() {
        boolean did = false;
        if (written < total && !writer.isDeleted() && allowance > 0) {
            int n = (int) Math.min(Math.min(buf.length, allowance), Math.min(total - written, writer.writable()));
            if (n > 0) {
                for (int i = 0; i < n; i++) {
                    buf[i] = octet(salt, written + i);
                }
                int w = writer.write(buf, 0, n);
                written += Math.max(w, 0);
                allowance -= Math.max(w, 0);
                did |= w > 0;
            }
        }
        {
            int n = reader.read(buf, 0, buf.length);
            for (int i = 0; i < n; i++) {
                if (buf[i] != octet(salt, read + i)) {
                    corrupted++;
                }
            }
            if (n > 0) {
                read += n;
                did = true;
            }
        }
        return did;
    }

    boolean dead() {
        return reader.isDeleted() && reader.available() == 0;
    }

    boolean done() {
        return read == total;
    }

    long read() {
        return read;
    }

    long corrupted() {
        return corrupted;
    }
}
