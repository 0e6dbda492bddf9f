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
 * @param otherPackets      records without an IPv4 TCP segment (IPv6, ARP, UDP, fragments, cut headers)
 * @param connections       the connections, in order of their first segment (at most the checker's limit)
 * @param connectionCount   how many connections there were (may exceed the ones listed)
 * @param violationCount    violations in all connections, listed or not
 */
public record TraceReport(String file, String format, String profile, long frames, long segments, long otherPackets,
                     List<ConnectionReport> connections, long connectionCount, long violationCount) {
    public TraceReport {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(format, "format is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(connections, "connections is null");
    }

    /** Whether every segment conforms. */
    public boolean conforms() {
        return violationCount == 0;
    }
}
