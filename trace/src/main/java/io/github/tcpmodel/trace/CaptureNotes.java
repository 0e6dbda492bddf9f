package io.github.tcpmodel.trace;

import io.vavr.collection.List;
import java.util.Objects;

/**
 * Properties of the capture itself, as opposed to the TCPs in it: what the capture point and the capturing host did
 * to the segments. None of them is a violation.
 *
 * @param ipv6Segments       TCP segments carried over IPv6
 * @param superSegments      segments with more payload than the sender's MSS: segmentation offload at the sending
 *                           host (TSO, GSO) or receive offload at the receiving one (GRO, LRO) joined several
 *                           segments before the capture point saw them
 * @param largestSuperSegment the largest such payload, in octets (0 without any)
 * @param lengthFromRecord   segments whose IP length field was 0 (BIG TCP over IPv4, IPv6 without a Jumbo Payload
 *                           option) or held a Jumbo Payload option: their length came from the capture record
 * @param duplicates         segments seen twice (the same header, within 2 ms),
 *                           as a capture on Linux's "any" device sees a forwarded segment on two interfaces; the
 *                           second copy is merged into the first
 * @param backwards          frames whose timestamp is earlier than the frame before them in the file
 * @param backwardFrames     the first of them, as {@code "frame F is D s before frame F-1"}
 * @param captureLoss        places where the sender's sequence space skips octets the capture never showed, or a
 *                           segment acknowledges octets the capture never showed: frames missing from the capture
 * @param closedOut          connections closed out before their end to keep memory bounded (the live limit of
 *                           {@link Limits}): a later segment of one starts a new connection
 */
public record CaptureNotes(long ipv6Segments, long superSegments, long largestSuperSegment, long lengthFromRecord,
                           long duplicates, long backwards, List<String> backwardFrames, long captureLoss,
                           long closedOut) {
    public CaptureNotes {
        Objects.requireNonNull(backwardFrames, "backwardFrames is null");
    }

    /** Nothing noted. */
    public static final CaptureNotes NONE = new CaptureNotes(0, 0, 0, 0, 0, 0, List.empty(), 0, 0);

    /** The notes as lines for a reader, empty when there is nothing to say. */
    public List<String> lines() {
        List<String> out = List.empty();
        if (ipv6Segments > 0) {
            out = out.append(ipv6Segments + " segments over IPv6");
        }
        if (superSegments > 0) {
            out = out.append(superSegments + " super-segments larger than the MSS (up to " + largestSuperSegment
                    + " octets): segmentation or receive offload at the capturing host (TSO/GSO/GRO/LRO), each "
                    + "taken as one unit, not a violation");
        }
        if (lengthFromRecord > 0) {
            out = out.append(lengthFromRecord + " segments with an IP length field of 0 or a Jumbo Payload option "
                    + "(BIG TCP): length taken from the capture record");
        }
        if (duplicates > 0) {
            out = out.append(duplicates + " duplicate segments merged (the same segment captured twice, as on "
                    + "two interfaces of a capture on Linux's \"any\" device)");
        }
        if (backwards > 0) {
            out = out.append(backwards + " timestamps go backwards; the file order is kept and a connection's "
                    + "clock does not go back (" + String.join("; ", backwardFrames)
                    + (backwards > backwardFrames.size() ? "; ..." : "") + ")");
        }
        if (captureLoss > 0) {
            out = out.append(captureLoss + " places where the capture misses segments that later segments prove "
                    + "were sent (capture loss, not a violation)");
        }
        if (closedOut > 0) {
            out = out.append(closedOut + " idle connections closed out before their end to bound memory (each "
                    + "with its state at that time; a later segment of one starts a new connection)");
        }
        return out;
    }
}
