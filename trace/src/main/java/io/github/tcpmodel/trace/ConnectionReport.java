package io.github.tcpmodel.trace;

import io.vavr.collection.List;
import java.util.Objects;

/**
 * One connection (one 4-tuple incarnation sequence) of a capture.
 *
 * @param id             1 for the first connection seen in the file, and so on
 * @param endpoints      the two endpoints; the first is the sender of the first segment seen
 * @param violations     the segments no conforming TCP would send, in frame order (at most the checker's limit)
 * @param segments       the segments with both states after each (at most the checker's limit; the first ones)
 * @param segmentCount   how many segments the connection had in the capture
 * @param violationCount how many violations were found (may exceed the ones listed)
 */
public record ConnectionReport(int id, List<EndpointReport> endpoints, List<Violation> violations,
                               List<SegmentRow> segments, long segmentCount, long violationCount) {
    public ConnectionReport {
        Objects.requireNonNull(endpoints, "endpoints is null");
        Objects.requireNonNull(violations, "violations is null");
        Objects.requireNonNull(segments, "segments is null");
        if (endpoints.size() != 2) {
            throw new IllegalArgumentException("a connection has two endpoints");
        }
    }

    /** Whether every segment of the connection conforms. */
    public boolean conforms() {
        return violationCount == 0;
    }
}
