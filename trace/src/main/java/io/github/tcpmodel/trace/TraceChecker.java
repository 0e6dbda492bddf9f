package io.github.tcpmodel.trace;

import io.github.tcpmodel.pcap.CaptureReader;
import io.github.tcpmodel.pcap.IpTcpSegment;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Objects;

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

    /** Two copies of one segment closer in time than this are one segment captured twice (ns). */
    static final long DUPLICATE_NANOS = 2_000_000L;

    /**
     * How long after its last segment a connection the report does not list, closed both ways, is released (ns):
     * more than the time a segment is taken to be in flight across the capture point, so that the last ACK has
     * arrived.
     */
    static final long QUIET_NANOS = 1_000_000_000L;

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
        return check(stream, name, profile, limits, until, Option.none());
    }

    /**
     * As {@link #check(InputStream, String, Profile, Limits, Until)}, and with {@code congestion} each endpoint's
     * sending is held to the model's congestion bound of those rules (MUST-19, {@link CongestionView}).
     */
    public static CheckResult check(InputStream stream, String name, Profile profile, Limits limits, Until until,
                                    Option<CongestionBounds.Rules> congestion) {
        Objects.requireNonNull(stream, "stream is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(limits, "limits is null");
        Objects.requireNonNull(until, "until is null");
        Objects.requireNonNull(congestion, "congestion is null");
        return CaptureReader.open(stream).fold(e -> new CheckResult.Unreadable(e.message()),
                r -> run(r, name, profile, limits, until, congestion));
    }

    private static CheckResult run(CaptureReader reader, String name, Profile profile, Limits limits) {
        return run(reader, name, profile, limits, Until.LAST_FRAME, Option.none());
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

    private static CheckResult run(CaptureReader reader, String name, Profile profile, Limits limits, Until until,
                                   Option<CongestionBounds.Rules> congestion) {
        try (reader) {
            Demultiplexer d = new Demultiplexer(profile, limits, congestion);
            long previousTime = Long.MIN_VALUE;
            long previousFrame = 0;
            // The reader's buffer is reused for every record: only a TCP segment becomes an object of its own.
            while (reader.advance()) {
                long stamp = reader.packetTime();
                long frame = reader.packetFrame();
                if (stamp < previousTime) {
                    // Multi-queue capture, merged files: kept in file order, and never silently.
                    d.notes.backwards++;
                    if (d.notes.backwardFrames.size() < BACKWARD_FRAMES_LISTED) {
                        d.notes.backwardFrames.add(String.format(java.util.Locale.ROOT,
                                "frame %d is %.6f s before frame %d", frame,
                                (previousTime - stamp) / 1e9, previousFrame));
                    }
                }
                previousTime = stamp;
                previousFrame = frame;
                Option<IpTcpSegment> parsed = IpTcpSegment.decode(reader.packetBytes(), reader.packetLength(),
                        reader.packetIpOriginalLength());
                if (parsed.isEmpty()) {
                    d.other++;
                    continue;
                }
                d.segment(CapturedSegment.of(parsed.get()), frame, stamp);
            }
            if (reader.error().isDefined()) {
                return new CheckResult.Unreadable(reader.error().get().message());
            }
            d.finish();
            long end = Math.max(d.lastTime, until.resolve(d.lastTime));
            List<ConnectionReport> reports = List.ofAll(d.done).map(c -> at(c, end));
            TraceReport report = new TraceReport(name, reader.format(), profile.name(), reader.frames(), d.segments,
                    d.other + reader.skipped(), reports, d.connections, d.violations, d.notes.notes(), d.lastTime,
                    end);
            return new CheckResult.Checked(report);
        }
    }

    /**
     * Follows the connections of a capture, segment by segment, and closes each out as soon as its fate is settled,
     * so that memory holds the connections still open, not every connection of the capture. A connection is closed
     * out (its report taken if it is one of the connections listed, its state dropped) when:
     * <ul>
     *   <li>both endpoints are CLOSED with nothing in flight (RFC 9293 §3.10.7: after a reset, or the last ACK of a
     *       close);</li>
     *   <li>the capture's clock passes the end of its TIME-WAIT (RFC 9293 §3.10.8: 2 MSL, or the profile's length)
     *       with no later segment of its own;</li>
     *   <li>a new SYN starts a new incarnation of its 4-tuple;</li>
     *   <li>it has been idle for {@link Limits#idleNanos()} of capture time, or more connections than {@link
     *       Limits#liveConnections()} are open and it is the least recently active: its states are then those at
     *       that moment, and a later segment of its 4-tuple starts a new connection (counted in the notes).</li>
     * </ul>
     * Connections beyond the ones the report lists keep no rows, no state history and no violation list, only their
     * counts. The reports are given in the order of the connections' first segments, whenever each ended.
     */
    private static final class Demultiplexer {
        final Profile profile;
        final Limits limits;
        final Option<CongestionBounds.Rules> congestion;
        /** The limits of a connection the report does not list: nothing kept but the counts. */
        final Limits unlisted;
        final ConnectionTable table = new ConnectionTable();
        final ReleaseQueue releases = new ReleaseQueue();
        final ArrayList<ConnectionReport> done = new ArrayList<>();
        final Notes notes = new Notes();
        long connections;
        long violations;
        long segments;
        long other;
        long lastTime;
        int nextId = 1;

        Demultiplexer(Profile profile, Limits limits, Option<CongestionBounds.Rules> congestion) {
            this.profile = profile;
            this.limits = limits;
            this.congestion = congestion;
            this.unlisted = new Limits(limits.connections(), limits.liveConnections(), 0, 1, 0, limits.idleNanos());
        }

        void segment(CapturedSegment w, long frame, long stamp) {
            // A connection's clock does not go back: a frame stamped earlier is taken at the time of the last.
            long time = Math.max(stamp, lastTime);
            lastTime = time;
            releaseDue(time);
            closeIdle(time);
            int e = table.find(w);
            Conversation c = e < 0 ? null : table.conversation(e);
            if (c != null && c.duplicate(w, time, DUPLICATE_NANOS)) {
                notes.duplicates++;
                return;
            }
            segments++;
            if (w.ip().version() == 6) {
                notes.ipv6++;
            }
            if (w.ip().lengthInferred() != IpTcpSegment.LengthSource.HEADER) {
                notes.lengthFromRecord++;
            }
            boolean unseenOpen = false;
            if (c != null && c.startsNewIncarnation(w)) {
                table.remove(e);
                close(c, time);
                c = null;
                unseenOpen = !w.has(CapturedSegment.SYN);
            }
            if (c == null) {
                int id = nextId++;
                c = new Conversation(id, profile, id <= limits.connections() ? limits : unlisted, w);
                if (congestion.isDefined()) {
                    c.holdToCongestionBound(congestion.get());
                }
                if (unseenOpen) {
                    c.openedUnseen();
                }
                c.duplicate(w, time, DUPLICATE_NANOS);
                if (table.size() >= limits.liveConnections()) {
                    int eldest = table.oldest();
                    Conversation old = table.conversation(eldest);
                    table.remove(eldest);
                    close(old, time);
                    notes.closedOut++;
                }
                e = table.add(w, c, time);
            } else {
                table.touch(e, time);
            }
            c.replay(w, frame, time);
            if (c.over()) {
                table.remove(e);
                close(c, time);
            } else {
                schedule(e, c, time);
            }
        }

        /**
         * Puts connection {@code c} (entry {@code e}) on the release queue: at the end of its TIME-WAIT, or, for a
         * connection the report does not list, {@link #QUIET_NANOS} after this segment, when what is in flight has
         * crossed and it may be over or closed both ways.
         */
        private void schedule(int e, Conversation c, long time) {
            long at = c.releaseAt();
            if (c.id > limits.connections() || at >= 0) {
                // A listed connection in TIME-WAIT is looked at once it has gone quiet too, to compact it.
                at = at < 0 ? time + QUIET_NANOS : Math.min(at, time + QUIET_NANOS);
            }
            if (at >= 0 && at != table.scheduled(e)) {
                table.schedule(e, at);
                releases.add(Math.max(at, time), e, c.id, at == time + QUIET_NANOS);
            }
        }

        /**
         * Whether the connection is closed both ways (RFC 9293 §3.6): each endpoint has sent something and is in
         * TIME-WAIT or CLOSED (its FIN was acknowledged, or a reset ended it), and nothing is in flight. What is
         * left is the TIME-WAIT of one of them, whose only possible events are a new SYN, which starts a new
         * connection anyway, or the peer's FIN again if the last ACK was lost after the capture point.
         */
        private static boolean closedBothWays(Conversation c) {
            for (EndpointView s : c.side) {
                if (s.fresh || !s.inbound.isEmpty()) {
                    return false;
                }
                boolean ended = switch (s.tcb.tcpState()) {
                    case TIME_WAIT, CLOSED -> true;
                    case LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING,
                         LAST_ACK -> false;
                };
                if (!ended) {
                    return false;
                }
            }
            return true;
        }

        /** Closes out the connections whose TIME-WAIT the capture's clock has passed (RFC 9293 §3.10.8). */
        private void releaseDue(long time) {
            while (releases.nonEmpty() && releases.firstAt() < time) {
                int e = releases.firstEntry();
                int id = releases.firstId();
                long at = releases.firstAt();
                releases.poll();
                Conversation c = table.conversation(e);
                if (c == null || c.id != id || table.scheduled(e) > at) {
                    continue;  // closed out already, the entry reused, or rescheduled later
                }
                table.schedule(e, -1);
                if (c.settle(time) || c.id > limits.connections() && closedBothWays(c)) {
                    table.remove(e);
                    close(c, time);
                } else {
                    c.compact(time);
                    // Not over: only its TIME-WAIT's end, if any, comes without a segment of its own.
                    long again = c.releaseAt();
                    if (again > time) {
                        table.schedule(e, again);
                        releases.add(again, e, c.id, false);
                    }
                }
            }
        }

        /** Closes out the connections idle for longer than the limit, by the capture's clock. */
        private void closeIdle(long time) {
            for (int e = table.oldest(); e >= 0 && time - table.lastActive(e) > limits.idleNanos();
                 e = table.oldest()) {
                Conversation c = table.conversation(e);
                table.remove(e);
                close(c, time);
                if (!c.over()) {
                    notes.closedOut++;
                }
            }
        }

        void finish() {
            for (Conversation c : table.conversations()) {
                close(c, lastTime);
            }
            done.sort((x, y) -> Integer.compare(x.id(), y.id()));
        }

        private void close(Conversation c, long time) {
            // The first connections seen are the ones listed, whenever they end; only theirs are projected.
            boolean listed = c.id <= limits.connections();
            c.closedOut = true;
            c.finish(time, listed);
            connections++;
            violations += c.violationCount;
            notes.add(c);
            if (listed) {
                done.add(c.report());
            }
        }
    }

    /**
     * Release times of connections, earliest first (ties in any order: releasing one connection does not touch
     * another). Most items are a connection's next quiet check, {@link #QUIET_NANOS} after its latest segment: the
     * capture's clock never goes back, so those come in order and wait in a first-in first-out ring; the others (the
     * end of a TIME-WAIT) in a binary heap. Both over primitive arrays, each item the time (ns), the connection
     * table's entry and the connection's id (an entry is reused once its connection is closed out; the id tells a
     * stale item). A connection is rescheduled on each of its segments, so the ring takes about one item per
     * segment, each in constant time.
     */
    static final class ReleaseQueue {
        private long[] at = new long[256];
        private int[] entry = new int[256];
        private int[] id = new int[256];
        private int size;
        private long[] ringAt = new long[256];
        private int[] ringEntry = new int[256];
        private int[] ringId = new int[256];
        private int head;
        private int count;

        boolean nonEmpty() {
            return size > 0 || count > 0;
        }

        /** Whether the first item is the ring's: the heap's wins a tie. */
        private boolean ringFirst() {
            return count > 0 && (size == 0 || ringAt[head] < at[0]);
        }

        long firstAt() {
            return ringFirst() ? ringAt[head] : at[0];
        }

        int firstEntry() {
            return ringFirst() ? ringEntry[head] : entry[0];
        }

        int firstId() {
            return ringFirst() ? ringId[head] : id[0];
        }

        /**
         * Adds an item; {@code inOrder} says it is at or after every item added in order before it (a quiet check),
         * checked all the same: one that is not goes to the heap.
         */
        void add(long t, int e, int i, boolean inOrder) {
            if (inOrder && (count == 0 || t >= ringAt[(head + count - 1) & (ringAt.length - 1)])) {
                if (count == ringAt.length) {
                    growRing();
                }
                int k = (head + count) & (ringAt.length - 1);
                ringAt[k] = t;
                ringEntry[k] = e;
                ringId[k] = i;
                count++;
                return;
            }
            if (size == at.length) {
                at = java.util.Arrays.copyOf(at, size * 2);
                entry = java.util.Arrays.copyOf(entry, size * 2);
                id = java.util.Arrays.copyOf(id, size * 2);
            }
            int k = size++;
            while (k > 0) {
                int parent = (k - 1) >>> 1;
                if (at[parent] <= t) {
                    break;
                }
                move(parent, k);
                k = parent;
            }
            at[k] = t;
            entry[k] = e;
            id[k] = i;
        }

        private void growRing() {
            int n = ringAt.length;
            long[] a = new long[n * 2];
            int[] en = new int[n * 2];
            int[] in = new int[n * 2];
            for (int j = 0; j < count; j++) {
                int k = (head + j) & (n - 1);
                a[j] = ringAt[k];
                en[j] = ringEntry[k];
                in[j] = ringId[k];
            }
            ringAt = a;
            ringEntry = en;
            ringId = in;
            head = 0;
        }

        void poll() {
            if (ringFirst()) {
                head = (head + 1) & (ringAt.length - 1);
                count--;
                return;
            }
            int last = --size;
            if (last == 0) {
                return;
            }
            long t = at[last];
            int e = entry[last];
            int i = id[last];
            int k = 0;
            while (true) {
                int child = 2 * k + 1;
                if (child >= last) {
                    break;
                }
                if (child + 1 < last && at[child + 1] < at[child]) {
                    child++;
                }
                if (at[child] >= t) {
                    break;
                }
                move(child, k);
                k = child;
            }
            at[k] = t;
            entry[k] = e;
            id[k] = i;
        }

        private void move(int from, int to) {
            at[to] = at[from];
            entry[to] = entry[from];
            id[to] = id[from];
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

}
