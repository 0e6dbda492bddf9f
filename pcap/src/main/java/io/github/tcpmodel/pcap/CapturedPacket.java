package io.github.tcpmodel.pcap;

import java.util.Objects;

/**
 * One IPv4 or IPv6 packet of a capture, with the link-layer header removed.
 *
 * @param frame          the frame number as Wireshark counts it: 1 for the first packet record of the file,
 *                       counting every packet record, IP or not
 * @param timestampNanos the capture time in nanoseconds since the Unix epoch (0 where the format gives none)
 * @param linkType       the link type of the interface the packet was captured on
 * @param ip             the IP packet as captured (possibly cut short by the snapshot length)
 * @param originalLength the packet's length on the wire, link-layer header included
 * @param linkHeader     the length of the link-layer header removed (0 for raw IP)
 * @param interfaceIndex the interface the packet was seen on, where the link type says (SLL2, the link type of a
 *                       capture on Linux's "any" device); 0 otherwise
 */
public record CapturedPacket(long frame, long timestampNanos, int linkType, byte[] ip, int originalLength,
                             int linkHeader, int interfaceIndex) {
    public CapturedPacket {
        Objects.requireNonNull(ip, "ip is null");
        if (linkHeader < 0) {
            throw new IllegalArgumentException("linkHeader must not be negative");
        }
    }

    /** A packet of raw IP (no link-layer header) seen on no particular interface. */
    public CapturedPacket(long frame, long timestampNanos, int linkType, byte[] ip, int originalLength) {
        this(frame, timestampNanos, linkType, ip, originalLength, 0, 0);
    }

    /** The IP packet's length on the wire: the record's original length less the link-layer header. */
    public int ipOriginalLength() {
        return Math.max(ip.length, originalLength - linkHeader);
    }
}
