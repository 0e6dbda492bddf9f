package io.github.tcpmodel.linux.netns;

import io.vavr.collection.List;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a pcap file holds: its link type and its packets, each as captured (for link type 101, raw IP, the bare
 * IP packet).
 *
 * @param file     the pcap file
 * @param linkType the pcap link type: 101 (raw IP) on a TUN device, 1 (Ethernet) on veth or loopback
 * @param packets  the captured bytes of each packet, in capture order
 */
public record CaptureSummary(Path file, int linkType, List<byte[]> packets) {

    /** The link type of a TUN device's captures: bare IP packets. */
    public static final int LINKTYPE_RAW = 101;

    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    /** Rejects nulls at once. */
    public CaptureSummary {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(packets, "packets is null");
    }

    /** Reads a classic pcap file (microsecond or nanosecond timestamps, either byte order). */
    public static Either<NetnsError, CaptureSummary> read(Path file) {
        Objects.requireNonNull(file, "file is null");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED, "cannot read " + file + ": " + e));
        }
        if (bytes.length < GLOBAL_HEADER) {
            return bad(file, "only " + bytes.length + " bytes, less than a pcap header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                return bad(file, "magic 0x" + Integer.toHexString(magic) + " is not a classic pcap file");
            }
        }
        int linkType = b.getInt(20) & 0x0fffffff;
        List<byte[]> packets = List.empty();
        int at = GLOBAL_HEADER;
        while (at + RECORD_HEADER <= bytes.length) {
            int caplen = b.getInt(at + 8);
            if (caplen < 0 || at + RECORD_HEADER + caplen > bytes.length) {
                // tcpdump killed mid-record; what came before is intact.
                break;
            }
            byte[] packet = new byte[caplen];
            System.arraycopy(bytes, at + RECORD_HEADER, packet, 0, caplen);
            packets = packets.append(packet);
            at += RECORD_HEADER + caplen;
        }
        return Either.right(new CaptureSummary(file, linkType, packets));
    }

    private static Either<NetnsError, CaptureSummary> bad(Path file, String why) {
        return Either.left(new NetnsError(NetnsError.Kind.UNPARSEABLE, file + ": " + why));
    }
}
