package io.github.tcpmodel.linux.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code struct virtio_net_hdr} (linux/virtio_net.h) that precedes every packet on a TUN device opened with
 * {@code IFF_VNET_HDR}: how the packet's checksum and segmentation are left to the other side.
 *
 * <p>On a packet the kernel hands out, a TCP segment longer than the device's MTU allows is a TSO super-segment:
 * {@code gsoType} says {@link #GSO_TCPV4} or {@link #GSO_TCPV6} and {@code gsoSize} the MSS its pieces would have.
 * A checksum the kernel left to the device is flagged {@link #F_NEEDS_CSUM}: the 16-bit one's complement sum
 * starting at {@code csumStart}, stored at {@code csumStart + csumOffset}, holds only the pseudo-header's sum. On a
 * packet written to the kernel the same fields ask it to segment or to complete the checksum.
 *
 * <p>The fields are in the machine's byte order: a TUN device uses the legacy virtio layout unless
 * {@code TUNSETVNETLE}/{@code TUNSETVNETBE} says otherwise, which this project never does.
 *
 * @param flags      {@link #F_NEEDS_CSUM}, {@link #F_DATA_VALID}, or 0
 * @param gsoType    {@link #GSO_NONE}, {@link #GSO_TCPV4}, {@link #GSO_TCPV6}, possibly with {@link #GSO_ECN}
 * @param hdrLen     the length of the headers before the payload (a hint; 0 is allowed)
 * @param gsoSize    the payload of each piece of a super-segment (the MSS), 0 without segmentation
 * @param csumStart  where the checksummed part starts, from the start of the IP packet
 * @param csumOffset where the checksum field is, from {@code csumStart}
 */
public record VirtioNetHeader(int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {

    /** The size of the header in octets. */
    public static final int SIZE = 10;

    /** The checksum at {@code csumStart + csumOffset} holds only the pseudo-header's sum; the device completes it. */
    public static final int F_NEEDS_CSUM = 1;
    /** The checksum has been verified. */
    public static final int F_DATA_VALID = 2;

    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    /** Added to a TCP gso type: the super-segment carries CWR, which only its first piece may keep. */
    public static final int GSO_ECN = 0x80;

    /** No offload asked: a complete packet with its checksums. */
    public static final VirtioNetHeader NONE = new VirtioNetHeader(0, GSO_NONE, 0, 0, 0, 0);

    public VirtioNetHeader {
        for (int v : new int[] {flags, gsoType}) {
            if (v < 0 || v > 0xff) {
                throw new IllegalArgumentException("flags and gsoType are octets: " + flags + ", " + gsoType);
            }
        }
        for (int v : new int[] {hdrLen, gsoSize, csumStart, csumOffset}) {
            if (v < 0 || v > 0xffff) {
                throw new IllegalArgumentException("hdrLen, gsoSize, csumStart and csumOffset are 16-bit: " + v);
            }
        }
    }

    /** A TCP super-segment for the kernel to cut into pieces of {@code mss} octets of payload. */
    public static VirtioNetHeader tcpSegmentation(boolean ipv6, int mss) {
        return new VirtioNetHeader(0, ipv6 ? GSO_TCPV6 : GSO_TCPV4, 0, mss, 0, 0);
    }

    /** Whether the packet is a super-segment (any gso type but {@link #GSO_NONE}). */
    public boolean isSegmentation() {
        return (gsoType & ~GSO_ECN) != GSO_NONE;
    }

    /** Whether the checksum at {@code csumStart + csumOffset} is left to be completed. */
    public boolean needsChecksum() {
        return (flags & F_NEEDS_CSUM) != 0;
    }

    /** Reads a header at {@code at} in {@code buf}. */
    public static VirtioNetHeader decode(ByteBuffer buf, int at) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        return new VirtioNetHeader(b.get(at) & 0xff, b.get(at + 1) & 0xff, b.getShort(at + 2) & 0xffff,
                b.getShort(at + 4) & 0xffff, b.getShort(at + 6) & 0xffff, b.getShort(at + 8) & 0xffff);
    }

    /** The header's {@value #SIZE} octets. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        b.put((byte) flags).put((byte) gsoType).putShort((short) hdrLen).putShort((short) gsoSize)
                .putShort((short) csumStart).putShort((short) csumOffset);
        return b.array();
    }

    /**
     * Completes a checksum the header says was left to the device, in place: the one's complement of the 16-bit
     * one's complement sum from {@code csumStart} to the end of the packet, the field's current content (the
     * pseudo-header's sum) included, as RFC 1071 computes it. Does nothing when {@link #needsChecksum()} is false.
     *
     * @throws IllegalArgumentException when the header's offsets lie outside the packet
     */
    public void completeChecksum(byte[] packet) {
        if (!needsChecksum()) {
            return;
        }
        int field = csumStart + csumOffset;
        if (csumStart >= packet.length || field + 2 > packet.length) {
            throw new IllegalArgumentException("checksum at " + csumStart + "+" + csumOffset
                    + " outside a packet of " + packet.length + " octets");
        }
        long sum = 0;
        for (int i = csumStart; i + 1 < packet.length; i += 2) {
            sum += ((packet[i] & 0xff) << 8) | (packet[i + 1] & 0xff);
        }
        if (((packet.length - csumStart) & 1) == 1) {
            sum += (packet[packet.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        int c = (int) (~sum & 0xffff);
        packet[field] = (byte) (c >> 8);
        packet[field + 1] = (byte) c;
    }
}
