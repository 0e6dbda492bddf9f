package io.github.tcpmodel.trace;

import io.vavr.collection.List;
import java.util.Objects;

/**
 * What the checker found in a capture.
 *
 * @param file              the capture's name as given
 * @param format            {@code pcap} or {@code pcapng}
 * @param profile           the profile's name ({@code rfc9293}, {@code linux})
 * @param frames            packet records in the file
 * @param segments          TCP segments checked
 * @param otherPackets      records without a TCP segment (ARP, UDP, ICMP, fragments, cut headers)
 * @param connections       the connections, in order of their first segment (at most the checker's limit)
 * @param connectionCount   how many connections there were (may exceed the ones listed)
 * @param violationCount    violations in all connections, listed or not
 * @param notes             what the capture point and the capturing host did (offloads, duplicates, timestamps
 *                          going backwards, capture loss): properties of the capture, not violations
 * @param lastTime          the time of the last frame (ns since the Unix epoch)
 * @param endTime           the time the endpoints' final states are given at: the last frame's, or a later one
 *                          asked for ({@code tcpmodel check --until})
 */
public record TraceReport(String file, String format, String profile, long frames, long segments, long otherPackets,
                     List<ConnectionReport> connections, long connectionCount, long violationCount,
                     CaptureNotes notes, long lastTime, long endTime) {
    public TraceReport {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(format, "format is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(connections, "connections is null");
        Objects.requireNonNull(notes, "notes is null");
    }

    /** A report with nothing noted of the capture, whose states are given at its last frame. */
    public TraceReport(String file, String format, String profile, long frames, long segments, long otherPackets,
                       List<ConnectionReport> connections, long connectionCount, long violationCount) {
        this(file, format, profile, frames, segments, otherPackets, connections, connectionCount, violationCount,
                CaptureNotes.NONE, 0, 0);
    }

    /** Whether every segment conforms. */
    public boolean conforms() {
        return violationCount == 0;
    }
}
