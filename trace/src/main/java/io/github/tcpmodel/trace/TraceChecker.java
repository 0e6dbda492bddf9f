package io.github.tcpmodel.trace;

import io.github.tcpmodel.pcap.CaptureReader;
import io.github.tcpmodel.pcap.IpTcpSegment;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Either;
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
        return check(() -> java.nio.file.Files.newInputStream(capture), capture.toString(), profile, limits,
                Until.LAST_FRAME, Option.none());
    }

    /** A capture that can be read more than once: each call opens it from its start. */
    @FunctionalInterface
    public interface Source {
        /** The capture from its first octet. */
        InputStream open() throws java.io.IOException;
    }

    /**
     * As {@link #check(InputStream, String, Profile, Limits, Until, Option)}, on a capture that can be opened again:
     * its connections are checked by several threads at once (see {@link #workers()}), with the same report as one
     * thread gives, byte for byte. When the connections open at once could have reached {@link
     * Limits#liveConnections()} (whose least recently active connection is closed out across the whole capture), the
     * capture is read again and checked on one thread.
     */
    public static CheckResult check(Source source, String name, Profile profile, Limits limits, Until until,
                                    Option<CongestionBounds.Rules> congestion) {
        return check(source, name, profile, limits, until, congestion, workers());
    }

    /** As {@link #check(Source, String, Profile, Limits, Until, Option)} with {@code workers} threads (1: none). */
    static CheckResult check(Source source, String name, Profile profile, Limits limits, Until until,
                             Option<CongestionBounds.Rules> congestion, int workers) {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(limits, "limits is null");
        Objects.requireNonNull(until, "until is null");
        Objects.requireNonNull(congestion, "congestion is null");
        if (workers > 1) {
            Option<CheckResult> parallel = opened(source).fold(e -> Option.some(e),
                    r -> runParallel(r, name, profile, limits, until, congestion, workers));
            if (parallel.isDefined()) {
                return parallel.get();
            }
        }
        return opened(source).fold(e -> e, r -> run(r, name, profile, limits, until, congestion));
    }

    private static Either<CheckResult, CaptureReader> opened(Source source) {
        InputStream in;
        try {
            in = source.open();
        } catch (java.io.IOException e) {
            return Either.left(new CheckResult.Unreadable("cannot read: " + e.getMessage()));
        }
        return CaptureReader.open(in).mapLeft(e -> new CheckResult.Unreadable(e.message()));
    }

    /**
     * The threads that check connections: the system property {@code tcpmodel.check.workers} if set, else the
     * processors available, at most 4 (one more thread reads the capture).
     */
    public static int workers() {
        Integer set = Integer.getInteger("tcpmodel.check.workers");
        return set != null ? Math.max(1, set) : Math.min(4, Runtime.getRuntime().availableProcessors());
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

        /** Adds what another demultiplexer noted (the frames going backwards are the reader's, noted once). */
        void addAll(Notes o) {
            closedOut += o.closedOut;
            ipv6 += o.ipv6;
            superSegments += o.superSegments;
            largestSuper = Math.max(largestSuper, o.largestSuper);
            lengthFromRecord += o.lengthFromRecord;
            duplicates += o.duplicates;
            captureLoss += o.captureLoss;
        }

        /** Frame {@code frame}, stamped {@code stamp} (ns), comes before {@code previousFrame}'s {@code previousTime}. */
        void backward(long frame, long stamp, long previousFrame, long previousTime) {
            backwards++;
            if (backwardFrames.size() < BACKWARD_FRAMES_LISTED) {
                backwardFrames.add(String.format(java.util.Locale.ROOT, "frame %d is %.6f s before frame %d", frame,
                        (previousTime - stamp) / 1e9, previousFrame));
            }
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
            long index = 0;
            long previousTime = Long.MIN_VALUE;
            long previousFrame = 0;
            // The reader's buffer is reused for every record: only a TCP segment becomes an object of its own.
            while (reader.advance()) {
                long stamp = reader.packetTime();
                long frame = reader.packetFrame();
                if (stamp < previousTime) {
                    // Multi-queue capture, merged files: kept in file order, and never silently.
                    d.notes.backward(frame, stamp, previousFrame, previousTime);
                }
                previousTime = stamp;
                previousFrame = frame;
                Option<IpTcpSegment> parsed = IpTcpSegment.decode(reader.packetBytes(), reader.packetLength(),
                        reader.packetIpOriginalLength());
                if (parsed.isEmpty()) {
                    d.other++;
                    continue;
                }
                d.index = index++;
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

    /** TCP segments handed to the checking threads at a time. */
    private static final int BATCH = 2048;

    /** Batches read ahead of the slowest checking thread: bounds the memory the reading may take. */
    private static final int BATCHES_AHEAD = 8;

    /**
     * Consecutive TCP segments of the capture, shared by all checking threads: each checks the segments of its
     * 4-tuples and moves its clock over the others ({@link Demultiplexer#tick}), so that every connection is
     * settled and released at the capture time one thread would use.
     */
    private static final class Batch {
        final CapturedSegment[] segments = new CapturedSegment[BATCH];
        final long[] frames = new long[BATCH];
        final long[] stamps = new long[BATCH];
        final byte[] owners = new byte[BATCH];
        /** The index of the first segment among the capture's TCP segments. */
        final long first;
        int size;

        Batch(long first) {
            this.first = first;
        }
    }

    private static final Batch END = new Batch(-1);

    /** One checking thread: a demultiplexer fed the batches. */
    private static final class Worker implements Runnable {
        final int k;
        final Demultiplexer d;
        final ConnectionIds.Shared shared;
        final java.util.concurrent.ArrayBlockingQueue<Batch> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(BATCHES_AHEAD);
        volatile Throwable failure;

        Worker(int k, Demultiplexer d, ConnectionIds.Shared shared) {
            this.k = k;
            this.d = d;
            this.shared = shared;
        }

        @Override
        public void run() {
            try {
                for (Batch b = queue.take(); b != END; b = queue.take()) {
                    for (int i = 0; i < b.size; i++) {
                        long index = b.first + i;
                        if (b.owners[i] == k) {
                            d.index = index;
                            d.segment(b.segments[i], b.frames[i], b.stamps[i]);
                        } else {
                            d.tick(b.stamps[i]);
                        }
                        shared.reached(k, index);
                    }
                }
                d.finish();
            } catch (Throwable t) {
                // Nothing allocated here (the failure may be the heap's): the reading thread sees the failure and
                // stops the others.
                failure = t;
                shared.done(k);
                return;
            }
            shared.done(k);
        }
    }

    /**
     * The check on {@code workers} threads, each following the connections of its share of the 4-tuples (by a hash
     * of the 4-tuple, the same both ways): none when the connections open at once could have reached the live limit
     * (then one thread must check the capture, which closes out the least recently active connection of all).
     */
    private static Option<CheckResult> runParallel(CaptureReader reader, String name, Profile profile, Limits limits,
                                                   Until until, Option<CongestionBounds.Rules> congestion,
                                                   int workers) {
        int n = Math.min(workers, Byte.MAX_VALUE);
        ConnectionIds.Shared shared = new ConnectionIds.Shared(n, limits.connections());
        Worker[] ws = new Worker[n];
        Thread[] threads = new Thread[n];
        for (int k = 0; k < n; k++) {
            ws[k] = new Worker(k, new Demultiplexer(profile, limits, congestion, shared.of(k), Integer.MAX_VALUE),
                    shared);
            threads[k] = new Thread(ws[k], "tcpmodel-check-" + k);
            threads[k].setDaemon(true);
            threads[k].start();
        }
        Notes notes = new Notes();
        long other = 0;
        boolean ended = false;
        try (reader) {
            long index = 0;
            long previousTime = Long.MIN_VALUE;
            long previousFrame = 0;
            Batch b = new Batch(0);
            while (reader.advance()) {
                long stamp = reader.packetTime();
                long frame = reader.packetFrame();
                if (stamp < previousTime) {
                    notes.backward(frame, stamp, previousFrame, previousTime);
                }
                previousTime = stamp;
                previousFrame = frame;
                Option<IpTcpSegment> parsed = IpTcpSegment.decode(reader.packetBytes(), reader.packetLength(),
                        reader.packetIpOriginalLength());
                if (parsed.isEmpty()) {
                    other++;
                    continue;
                }
                CapturedSegment w = CapturedSegment.of(parsed.get());
                int i = b.size++;
                b.segments[i] = w;
                b.frames[i] = frame;
                b.stamps[i] = stamp;
                b.owners[i] = (byte) ((ConnectionTable.spread(w) & Integer.MAX_VALUE) % n);
                index++;
                if (b.size == BATCH) {
                    hand(ws, threads, b);
                    b = new Batch(index);
                }
            }
            if (b.size > 0) {
                hand(ws, threads, b);
            }
            hand(ws, threads, END);
            ended = true;
            for (Thread t : threads) {
                t.join();
            }
            for (Worker w : ws) {
                if (w.failure != null) {
                    rethrow(w.failure);
                }
            }
            if (reader.error().isDefined()) {
                return Option.some(new CheckResult.Unreadable(reader.error().get().message()));
            }
            long mostLive = 0;
            for (Worker w : ws) {
                mostLive += w.d.mostLive + 1;
            }
            if (mostLive > limits.liveConnections()) {
                return Option.none();
            }
            long segments = 0;
            long connections = 0;
            long violations = 0;
            ArrayList<ConnectionReport> done = new ArrayList<>();
            for (Worker w : ws) {
                segments += w.d.segments;
                connections += w.d.connections;
                violations += w.d.violations;
                notes.addAll(w.d.notes);
                done.addAll(w.d.done);
            }
            done.sort((x, y) -> Integer.compare(x.id(), y.id()));
            long lastTime = ws[0].d.lastTime;
            long end = Math.max(lastTime, until.resolve(lastTime));
            List<ConnectionReport> reports = List.ofAll(done).map(c -> at(c, end));
            TraceReport report = new TraceReport(name, reader.format(), profile.name(), reader.frames(), segments,
                    other + reader.skipped(), reports, connections, violations, notes.notes(), lastTime, end);
            return Option.some(new CheckResult.Checked(report));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking", e);
        } finally {
            if (!ended) {
                // The reader or a checking thread failed: the others are told to stop.
                shared.stop();
                for (Worker w : ws) {
                    w.queue.clear();
                    w.queue.offer(END);
                }
            }
        }
    }

    /** Gives batch {@code b} to every checking thread; a thread's failure is thrown here. */
    private static void hand(Worker[] ws, Thread[] threads, Batch b) throws InterruptedException {
        for (int k = 0; k < ws.length; k++) {
            Worker w = ws[k];
            while (!w.queue.offer(b, 10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (w.failure != null) {
                    rethrow(w.failure);
                }
                if (!threads[k].isAlive()) {
                    throw new IllegalStateException("a checking thread ended early");
                }
            }
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
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
        /** Numbers connections in the order of their first segments. */
        final ConnectionIds ids;
        /** The index of the current segment among the capture's TCP segments (from 0). */
        long index;
        /** Connections open at once beyond which the least recently active is closed out. */
        final int liveLimit;
        /** The most connections open before one was added. */
        int mostLive;

        Demultiplexer(Profile profile, Limits limits, Option<CongestionBounds.Rules> congestion) {
            this(profile, limits, congestion, new ConnectionIds.Counter(), limits.liveConnections());
        }

        Demultiplexer(Profile profile, Limits limits, Option<CongestionBounds.Rules> congestion, ConnectionIds ids,
                      int liveLimit) {
            this.profile = profile;
            this.limits = limits;
            this.congestion = congestion;
            this.unlisted = new Limits(limits.connections(), limits.liveConnections(), 0, 1, 0, limits.idleNanos());
            this.ids = ids;
            this.liveLimit = liveLimit;
        }

        /** The capture's clock reaches a segment of a connection another demultiplexer follows. */
        long tick(long stamp) {
            // A connection's clock does not go back: a frame stamped earlier is taken at the time of the last.
            long time = Math.max(stamp, lastTime);
            lastTime = time;
            releaseDue(time);
            closeIdle(time);
            return time;
        }

        void segment(CapturedSegment w, long frame, long stamp) {
            long time = tick(stamp);
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
                int id = ids.next(index);
                c = new Conversation(id, profile, id <= limits.connections() ? limits : unlisted, w);
                if (congestion.isDefined()) {
                    c.holdToCongestionBound(congestion.get());
                }
                if (unseenOpen) {
                    c.openedUnseen();
                }
                c.duplicate(w, time, DUPLICATE_NANOS);
                mostLive = Math.max(mostLive, table.size());
                if (table.size() >= liveLimit) {
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
