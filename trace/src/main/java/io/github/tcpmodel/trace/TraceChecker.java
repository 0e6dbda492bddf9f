package io.github.tcpmodel.trace;

import io.github.tcpmodel.pcap.CaptureError;
import io.github.tcpmodel.pcap.CaptureReader;
import io.github.tcpmodel.pcap.CapturedPacket;
import io.github.tcpmodel.profile.Profile;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Checks a capture against RFC 9293 under a profile: the entry point of {@code tcpmodel check}.
 *
 * <p>The capture is read as a stream; connections are followed by 4-tuple, several at once, each replayed for both
 * endpoints (see docs/trace-checker.md for what is inferred and what is checked). Memory is bounded by {@link
 * Limits}. A file that cannot be read to its end gives {@link CheckResult.Unreadable} with the reader's one-line
 * message; {@link CheckResult#exitCode()} is the exit code: 0 conforms, 1 violations, 2 unreadable.
 */
public final class TraceChecker {

    private TraceChecker() {
    }

    /** Checks the capture in {@code capture} under {@code profile} with the default limits. */
    public static CheckResult check(Path capture, Profile profile) {
        return check(capture, profile, Limits.defaults());
    }

    /** Checks the capture in {@code capture} under {@code profile}. */
    public static CheckResult check(Path capture, Profile profile, Limits limits) {
        Objects.requireNonNull(capture, "capture is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(limits, "limits is null");
        return CaptureReader.open(capture).fold(e -> new CheckResult.Unreadable(e.message()),
                r -> run(r, capture.toString(), profile, limits));
    }

    /** Checks the capture read from {@code stream} (named {@code name} in the report); the stream is closed. */
    public static CheckResult check(InputStream stream, String name, Profile profile, Limits limits) {
        Objects.requireNonNull(stream, "stream is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(limits, "limits is null");
        return CaptureReader.open(stream).fold(e -> new CheckResult.Unreadable(e.message()),
                r -> run(r, name, profile, limits));
    }

    /** A 4-tuple with its two endpoints in a fixed order, whichever sent the segment. */
    private record Key(long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        static Key of(CapturedSegment w) {
            int c = Long.compare(w.srcHigh(), w.dstHigh());
            if (c == 0) {
                c = Long.compare(w.srcLow(), w.dstLow());
            }
            if (c == 0) {
                c = Integer.compare(w.srcPort(), w.dstPort());
            }
            return c <= 0 ? new Key(w.srcHigh(), w.srcLow(), w.srcPort(), w.dstHigh(), w.dstLow(), w.dstPort())
                    : new Key(w.dstHigh(), w.dstLow(), w.dstPort(), w.srcHigh(), w.srcLow(), w.srcPort());
        }
    }

    /** Two copies of one segment closer in time than this are one segment captured twice (ns). */
    static final long DUPLICATE_NANOS = 2_000_000L;

    /** Frames whose timestamp goes backwards that the notes name; the rest are counted. */
    private static final int BACKWARD_FRAMES_LISTED = 5;

    /**
     * The time the endpoints' final states are given at: the last frame's ({@link #LAST_FRAME}), a later instant
     * ({@link #at}), or an interval after the last frame ({@link #afterLastFrame}).
     *
     * @param nanos    ns since the Unix epoch, or after the last frame
     * @param relative whether {@code nanos} counts from the last frame
     */
    public record Until(long nanos, boolean relative) {
        /** The last frame. */
        public static final Until LAST_FRAME = new Until(0, true);

        /** An absolute time, ns since the Unix epoch. */
        public static Until at(long epochNanos) {
            return new Until(epochNanos, false);
        }

        /** {@code nanos} after the last frame. */
        public static Until afterLastFrame(long nanos) {
            return new Until(nanos, true);
        }

        long resolve(long lastTime) {
            return relative ? lastTime + nanos : nanos;
        }
    }

    /**
     * Checks the capture read from {@code stream} (named {@code name} in the report), giving the endpoints' final
     * states at {@code until}; the stream is closed.
     */
    public static CheckResult check(InputStream stream, String name, Profile profile, Limits limits, Until until) {
        Objects.requireNonNull(stream, "stream is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(limits, "limits is null");
        Objects.requireNonNull(until, "until is null");
        return CaptureReader.open(stream).fold(e -> new CheckResult.Unreadable(e.message()),
                r -> run(r, name, profile, limits, until));
    }

    private static CheckResult run(CaptureReader reader, String name, Profile profile, Limits limits) {
        return run(reader, name, profile, limits, Until.LAST_FRAME);
    }

    /** Counters of what the capture did, summed over connections as they are closed out. */
    private static final class Notes {
        long closedOut;
        long ipv6;
        long superSegments;
        long largestSuper;
        long lengthFromRecord;
        long duplicates;
        long backwards;
        final ArrayList<String> backwardFrames = new ArrayList<>();
        long captureLoss;

        void add(Conversation c) {
            superSegments += c.superSegments;
            largestSuper = Math.max(largestSuper, c.largestSuperSegment);
            captureLoss += c.captureLoss;
        }

        CaptureNotes notes() {
            return new CaptureNotes(ipv6, superSegments, largestSuper, lengthFromRecord, duplicates, backwards,
                    List.ofAll(backwardFrames), captureLoss, closedOut);
        }
    }

    /** A connection that may be over once the capture's clock passes {@code at} (ns). */
    private record Release(long at, Key key, Conversation conversation) {
    }

    private static CheckResult run(CaptureReader reader, String name, Profile profile, Limits limits, Until until) {
        try (reader) {
            // Connections whose TIME-WAIT runs out by the capture's clock are closed out then, so that memory is
            // bounded by the connections still open, not by every connection that ended in TIME-WAIT.
            PriorityQueue<Release> releases = new PriorityQueue<>(Comparator.comparingLong(Release::at));
            ArrayList<ConnectionReport> done = new ArrayList<>();
            long[] counts = new long[3];
            Notes notes = new Notes();
            LinkedHashMap<Key, Conversation> live = new LinkedHashMap<>(1024, 0.75f, true);
            long segments = 0;
            long other = 0;
            long lastTime = 0;
            long previousTime = Long.MIN_VALUE;
            long previousFrame = 0;
            int nextId = 1;
            while (true) {
                Either<CaptureError, Option<CapturedPacket>> next = reader.next();
                if (next.isLeft()) {
                    return new CheckResult.Unreadable(next.getLeft().message());
                }
                if (next.get().isEmpty()) {
                    break;
                }
                CapturedPacket pkt = next.get().get();
                long stamp = pkt.timestampNanos();
                if (stamp < previousTime) {
                    // Multi-queue capture, merged files: kept in file order, and never silently.
                    notes.backwards++;
                    if (notes.backwardFrames.size() < BACKWARD_FRAMES_LISTED) {
                        notes.backwardFrames.add(String.format(java.util.Locale.ROOT,
                                "frame %d is %.6f s before frame %d", pkt.frame(),
                                (previousTime - stamp) / 1e9, previousFrame));
                    }
                }
                previousTime = stamp;
                previousFrame = pkt.frame();
                Option<CapturedSegment> parsed = CapturedSegment.parse(pkt);
                if (parsed.isEmpty()) {
                    other++;
                    continue;
                }
                CapturedSegment w = parsed.get();
                // A connection's clock does not go back: a frame stamped earlier is taken at the time of the last.
                long time = Math.max(stamp, lastTime);
                lastTime = time;
                while (!releases.isEmpty() && releases.peek().at() < time) {
                    Release r = releases.poll();
                    Conversation ended = r.conversation();
                    if (!ended.closedOut && ended.settle(time)) {
                        live.remove(r.key());
                        close(ended, time, done, counts, limits, notes);
                    }
                }
                Key key = Key.of(w);
                Conversation c = live.get(key);
                if (c != null && c.duplicate(w, time, DUPLICATE_NANOS)) {
                    notes.duplicates++;
                    continue;
                }
                segments++;
                if (w.ip().version() == 6) {
                    notes.ipv6++;
                }
                if (w.ip().lengthInferred() != io.github.tcpmodel.pcap.IpTcpSegment.LengthSource.HEADER) {
                    notes.lengthFromRecord++;
                }
                if (c != null && c.startsNewIncarnation(w)) {
                    live.remove(key);
                    close(c, time, done, counts, limits, notes);
                    c = null;
                }
                if (c == null) {
                    c = new Conversation(nextId++, profile, limits, w);
                    c.duplicate(w, time, DUPLICATE_NANOS);
                    live.put(key, c);
                    if (live.size() > limits.liveConnections()) {
                        Iterator<Map.Entry<Key, Conversation>> eldest = live.entrySet().iterator();
                        Conversation old = eldest.next().getValue();
                        eldest.remove();
                        close(old, lastTime, done, counts, limits, notes);
                        notes.closedOut++;
                    }
                }
                c.replay(w, pkt.frame(), time);
                if (c.over()) {
                    live.remove(key);
                    close(c, time, done, counts, limits, notes);
                } else {
                    long at = c.releaseAt();
                    if (at >= 0) {
                        releases.add(new Release(at, key, c));
                    }
                }
            }
            for (Conversation c : live.values()) {
                close(c, lastTime, done, counts, limits, notes);
            }
            live.clear();
            long end = Math.max(lastTime, until.resolve(lastTime));
            done.sort((x, y) -> Integer.compare(x.id(), y.id()));
            List<ConnectionReport> reports = List.ofAll(done).map(c -> at(c, end));
            TraceReport report = new TraceReport(name, reader.format(), profile.name(), reader.frames(), segments,
                    other + reader.skipped(), reports, counts[0], counts[1], notes.notes(), lastTime, end);
            return new CheckResult.Checked(report);
        }
    }

    /** The connection with each endpoint's projected states up to {@code end} taken as entered. */
    private static ConnectionReport at(ConnectionReport c, long end) {
        List<EndpointReport> eps = c.endpoints().map(e -> {
            List<StateEntry> reached = e.projected().takeWhile(s -> s.timeNanos() <= end);
            return reached.isEmpty() ? e : new EndpointReport(e.address(), e.states().appendAll(reached),
                    reached.last().state(), e.projected().drop(reached.size()));
        });
        return new ConnectionReport(c.id(), eps, c.violations(), c.segments(), c.segmentCount(), c.violationCount());
    }

    private static void close(Conversation c, long time, ArrayList<ConnectionReport> done, long[] counts,
                              Limits limits, Notes notes) {
        // The first connections seen are the ones listed, whenever they end; only theirs are projected.
        boolean listed = c.id <= limits.connections();
        c.closedOut = true;
        c.finish(time, listed);
        counts[0]++;
        counts[1] += c.violationCount;
        notes.add(c);
        if (listed) {
            done.add(c.report());
        }
    }
}
