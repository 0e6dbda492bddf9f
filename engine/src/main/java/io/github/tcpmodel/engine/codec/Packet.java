package io.github.tcpmodel.engine.codec;

import java.util.Objects;

/**
 * One TCP segment with the IPv4 addresses that frame it. Sequence and acknowledgment numbers are 32-bit unsigned
 * values held in an {@code int} and compared modulo 2^32 (RFC 9293 §3.4); ports and the window are unsigned 16-bit
 * values in an {@code int}. The payload array is owned by the segment and must not be changed after construction.
 *
 * @param srcAddr IPv4 source address, big-endian in an int
 * @param dstAddr IPv4 destination address
 * @param srcPort source port
 * @param dstPort destination port
 * @param seq     SEG.SEQ
 * @param ack     SEG.ACK (meaningful only with {@link Flags#ACK})
 * @param flags   control bits, see {@link Flags}
 * @param window  SEG.WND, unscaled
 * @param urgent  urgent pointer
 * @param options TCP options
 * @param payload segment text, never null
 */
public record Packet(int srcAddr, int dstAddr, int srcPort, int dstPort, int seq, int ack, int flags, int window,
                      int urgent, TcpOptions options, byte[] payload) {

    /** An empty payload, shared. */
    public static final byte[] EMPTY = new byte[0];

    /** Checks ranges; rejects nulls at once. */
    public Packet {
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(payload, "payload is null");
        if ((srcPort & ~0xFFFF) != 0 || (dstPort & ~0xFFFF) != 0 || (window & ~0xFFFF) != 0
                || (urgent & ~0xFFFF) != 0 || (flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("port, window, urgent or flags out of range");
        }
    }

    /** Whether every bit in {@code mask} is set. */
    public boolean has(int mask) {
        return (flags & mask) == mask;
    }

    /** SEG.LEN: the payload length plus one for SYN and one for FIN (RFC 9293 §3.4). */
    public int length() {
        return payload.length + ((flags & Flags.SYN) != 0 ? 1 : 0) + ((flags & Flags.FIN) != 0 ? 1 : 0);
    }

    @Override
    public String toString() {
        return Addresses.format(srcAddr) + ":" + srcPort + " > " + Addresses.format(dstAddr) + ":" + dstPort
                + " [" + Flags.describe(flags) + "] seq " + Integer.toUnsignedString(seq)
                + ((flags & Flags.ACK) != 0 ? " ack " + Integer.toUnsignedString(ack) : "")
                + " win " + window + " len " + payload.length
                + (options.equals(TcpOptions.NONE) ? "" : " " + options);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet s
                && srcAddr == s.srcAddr && dstAddr == s.dstAddr && srcPort == s.srcPort && dstPort == s.dstPort
                && seq == s.seq && ack == s.ack && flags == s.flags && window == s.window && urgent == s.urgent
                && options.equals(s.options) && java.util.Arrays.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(srcAddr, dstAddr, srcPort, dstPort, seq, ack, flags, window)
                * 31 + java.util.Arrays.hashCode(payload);
    }
}
