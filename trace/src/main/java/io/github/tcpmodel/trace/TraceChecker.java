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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private record Key(long low, long high) {
        static Key of(CapturedSegment w) {
            long a = ((w.src() & 0xFFFFFFFFL) << 16) | w.srcPort();
            long b = ((w.dst() & 0xFFFFFFFFL) << 16) | w.dstPort();
            return a < b ? new Key(a, b) : new Key(b, a);
        }
    }

    private static CheckResult run(CaptureReader reader, String name, Profile profile, Limits limits) {
        try (reader) {
            ArrayList<ConnectionReport> done = new ArrayList<>();
            long[] counts = new long[3];
            LinkedHashMap<Key, Conversation> live = new LinkedHashMap<>(1024, 0.75f, true);
            long segments = 0;
            long other = 0;
            long lastTime = 0;
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
                Option<CapturedSegment> parsed = CapturedSegment.parse(pkt.ip());
                if (parsed.isEmpty()) {
                    other++;
                    continue;
                }
                CapturedSegment w = parsed.get();
                segments++;
                lastTime = Math.max(lastTime, pkt.timestampNanos());
                Key key = Key.of(w);
                Conversation c = live.get(key);
                if (c == null) {
                    c = new Conversation(nextId++, profile, limits, w);
                    live.put(key, c);
                    if (live.size() > limits.liveConnections()) {
                        Iterator<Map.Entry<Key, Conversation>> eldest = live.entrySet().iterator();
                        Conversation old = eldest.next().getValue();
                        eldest.remove();
                        close(old, lastTime, done, counts, limits);
                    }
                }
                c.replay(w, pkt.frame(), pkt.timestampNanos());
                if (c.over()) {
                    live.remove(key);
                    close(c, pkt.timestampNanos(), done, counts, limits);
                }
            }
            for (Conversation c : live.values()) {
                close(c, lastTime, done, counts, limits);
            }
            done.sort((x, y) -> Integer.compare(x.id(), y.id()));
            TraceReport report = new TraceReport(name, reader.format(), profile.name(), reader.frames(), segments,
                    other + reader.skipped(), List.ofAll(done), counts[0], counts[1]);
            return new CheckResult.Checked(report);
        }
    }

    private static void close(Conversation c, long time, ArrayList<ConnectionReport> done, long[] counts,
                              Limits limits) {
        c.finish(time);
        counts[0]++;
        counts[1] += c.violationCount;
        // The first connections seen are the ones listed, whenever they end.
        if (c.id <= limits.connections()) {
            done.add(c.report());
        }
    }

    /** {@code a.b.c.d:port}. */
    static String address(int addr, int port) {
        return ((addr >>> 24) & 0xFF) + "." + ((addr >>> 16) & 0xFF) + "." + ((addr >>> 8) & 0xFF) + "."
                + (addr & 0xFF) + ":" + port;
    }
}
