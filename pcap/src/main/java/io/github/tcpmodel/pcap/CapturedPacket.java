package io.github.tcpmodel.pcap;

import java.util.Objects;

/**
 * One IPv4 packet of a capture, with the link-layer header removed.
 *
 * @param frame          the frame number as Wireshark counts it: 1 for the first packet record of the file,
 *                       counting every packet record, IPv4 or not
 * @param timestampNanos the capture time in nanoseconds since the Unix epoch (0 where the format gives none)
 * @param linkType       the link type of the interface the packet was captured on
 * @param ip             the IPv4 packet as captured (possibly cut short by the snapshot length)
 * @param originalLength the packet's length on the wire, link-layer header included
 */
public record CapturedPacket(long frame, long timestampNanos, int linkType, byte[] ip, int originalLength) {
    public CapturedPacket {
        Objects.requireNonNull(ip, "ip is null");
    }
}
