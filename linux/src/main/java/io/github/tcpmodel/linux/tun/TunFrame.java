package io.github.tcpmodel.linux.tun;

import java.util.Objects;

/**
 * One packet read from a TUN device with the {@link VirtioNetHeader} that came with it ({@link VirtioNetHeader#NONE}
 * on a device without {@code IFF_VNET_HDR}).
 *
 * @param header what the kernel left to the device: segmentation of a super-segment, a checksum to complete
 * @param packet the IP packet as the kernel handed it out (a super-segment whole, a partial checksum as it is)
 */
public record TunFrame(VirtioNetHeader header, byte[] packet) {
    public TunFrame {
        Objects.requireNonNull(header, "header is null");
        Objects.requireNonNull(packet, "packet is null");
    }
}
