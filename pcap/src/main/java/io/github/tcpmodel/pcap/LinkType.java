package io.github.tcpmodel.pcap;

import java.util.Optional;

/**
 * The link types this reader decodes, and how to find the network-layer packet behind each link-layer header.
 */
final class LinkType {

    static final int ETHERNET = 1;
    static final int RAW = 101;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;

    private LinkType() {
    }

    static boolean supported(int linkType) {
        return linkType == ETHERNET || linkType == RAW || linkType == LINUX_SLL || linkType == IPV4
                || linkType == LINUX_SLL2;
    }

    /**
     * The offset of the IPv4 header in a frame of this link type, or empty when the frame carries something else
     * (IPv6, ARP, a frame too short for its header).
     */
    static Optional<Integer> ipv4Offset(int linkType, byte[] frame, int length) {
        switch (linkType) {
            case RAW:
            case IPV4:
                return length >= 1 && (frame[0] & 0xf0) == 0x40 ? Optional.of(0) : Optional.empty();
            case ETHERNET: {
                // 6 destination, 6 source, then the EtherType, possibly behind 802.1Q / 802.1ad tags.
                int at = 12;
                while (at + 2 <= length) {
                    int type = u16(frame, at);
                    if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
                        at += 4;
                        continue;
                    }
                    return type == ETHERTYPE_IPV4 ? Optional.of(at + 2) : Optional.empty();
                }
                return Optional.empty();
            }
            case LINUX_SLL:
                // packet type, ARPHRD type, address length, 8-byte address, protocol: 16 bytes.
                return length >= 16 && u16(frame, 14) == ETHERTYPE_IPV4 ? Optional.of(16) : Optional.empty();
            case LINUX_SLL2:
                // protocol, reserved, interface index, ARPHRD type, packet type, address length, address: 20 bytes.
                return length >= 20 && u16(frame, 0) == ETHERTYPE_IPV4 ? Optional.of(20) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
