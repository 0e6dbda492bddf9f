package io.github.tcpmodel.pcap;

import java.util.Optional;

/**
 * The link types this reader decodes, and how to find the IPv4 or IPv6 packet behind each link-layer header.
 */
final class LinkType {

    static final int ETHERNET = 1;
    static final int RAW = 101;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;

    private LinkType() {
    }

    static boolean supported(int linkType) {
        return linkType == ETHERNET || linkType == RAW || linkType == LINUX_SLL || linkType == IPV4
                || linkType == IPV6 || linkType == LINUX_SLL2;
    }

    /**
     * The offset of the IP header (IPv4 or IPv6) in a frame of this link type, or empty when the frame carries
     * something else (ARP, LLDP, a frame too short for its header).
     */
    static Optional<Integer> ipOffset(int linkType, byte[] frame, int length) {
        int at = ipAt(linkType, frame, length);
        return at < 0 ? Optional.empty() : Optional.of(at);
    }

    /** As {@link #ipOffset}, without allocating: the offset, or -1. */
    static int ipAt(int linkType, byte[] frame, int length) {
        switch (linkType) {
            case RAW:
                return length >= 1 && ((frame[0] & 0xf0) == 0x40 || (frame[0] & 0xf0) == 0x60)
                        ? 0 : -1;
            case IPV4:
                return length >= 1 && (frame[0] & 0xf0) == 0x40 ? 0 : -1;
            case IPV6:
                return length >= 1 && (frame[0] & 0xf0) == 0x60 ? 0 : -1;
            case ETHERNET: {
                // 6 destination, 6 source, then the EtherType, possibly behind 802.1Q / 802.1ad tags.
                int at = 12;
                while (at + 2 <= length) {
                    int type = u16(frame, at);
                    if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
                        at += 4;
                        continue;
                    }
                    return ip(type) ? at + 2 : -1;
                }
                return -1;
            }
            case LINUX_SLL:
                // packet type, ARPHRD type, address length, 8-byte address, protocol: 16 bytes.
                return length >= 16 && ip(u16(frame, 14)) ? 16 : -1;
            case LINUX_SLL2:
                // protocol, reserved, interface index, ARPHRD type, packet type, address length, address: 20 bytes.
                return length >= 20 && ip(u16(frame, 0)) ? 20 : -1;
            default:
                return -1;
        }
    }

    /**
     * The interface index of an SLL2 frame (the interface a packet was seen on in a capture on Linux's "any"
     * device), or 0 for other link types.
     */
    static int interfaceIndex(int linkType, byte[] frame, int length) {
        return linkType == LINUX_SLL2 && length >= 8
                ? ((frame[4] & 0xff) << 24) | ((frame[5] & 0xff) << 16) | ((frame[6] & 0xff) << 8) | (frame[7] & 0xff)
                : 0;
    }

    private static boolean ip(int ethertype) {
        return ethertype == ETHERTYPE_IPV4 || ethertype == ETHERTYPE_IPV6;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
