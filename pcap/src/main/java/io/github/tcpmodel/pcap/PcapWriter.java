package io.github.tcpmodel.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Writes the classic libpcap format (magic 0xa1b2c3d4, version 2.4, microsecond timestamps) with link type 101,
 * raw IP. Timestamps come from a clock in milliseconds, so a virtual-clock test yields a capture with virtual times. Each
 * packet is flushed as it is written.
 */
public final class PcapWriter implements Closeable {

    /** LINKTYPE_RAW: each record is a bare IPv4 or IPv6 packet. */
    public static final int LINKTYPE_RAW = 101;
    private static final int SNAPLEN = 65535;

    private final OutputStream out;
    private final LongSupplier clock;
    private final byte[] recordHeader = new byte[16];

    /**
     * Writes the file header to {@code out} at once.
     *
     * @param out   where the capture goes
     * @param clock the time in milliseconds since the Unix epoch, read for each packet's timestamp
     */
    public PcapWriter(OutputStream out, LongSupplier clock) {
        this.out = Objects.requireNonNull(out, "out is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        byte[] h = new byte[24];
        putLe32(h, 0, 0xa1b2c3d4);
        putLe16(h, 4, 2);
        putLe16(h, 6, 4);
        putLe32(h, 16, SNAPLEN);
        putLe32(h, 20, LINKTYPE_RAW);
        write(h, 0, h.length);
    }

    /**
     * A writer to a new file at {@code path}, its parent directories created if missing.
     *
     * @param path  the capture file, replaced if it exists
     * @param clock the time in milliseconds since the Unix epoch, read for each packet's timestamp
     * @return the writer, its file header written
     */
    public static PcapWriter create(Path path, LongSupplier clock) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(path)), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }

    /**
     * Appends one packet, timestamped now.
     *
     * @param packet the IPv4 or IPv6 packet, cut to 65535 octets (the snapshot length) in the record
     */
    public synchronized void write(byte[] packet) {
        long micros = clock.getAsLong() * 1000L;
        int captured = Math.min(packet.length, SNAPLEN);
        putLe32(recordHeader, 0, (int) (micros / 1_000_000L));
        putLe32(recordHeader, 4, (int) (micros % 1_000_000L));
        putLe32(recordHeader, 8, captured);
        putLe32(recordHeader, 12, packet.length);
        write(recordHeader, 0, 16);
        write(packet, 0, captured);
        // Flushed per packet, so a capture is complete even when a test fails or never closes its simulation.
        flush();
    }

    /** Flushes what has been written. */
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putLe16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    private static void putLe32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
