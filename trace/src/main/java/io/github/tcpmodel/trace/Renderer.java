package io.github.tcpmodel.trace;

import io.github.tcpmodel.table.TcpState;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders a {@link TraceReport}: a readable table per connection ({@link #table}) or JSON ({@link #json}) with the
 * schema of docs/trace-checker.md. State names are in RFC spelling ({@code SYN-RECEIVED}, {@code TIME-WAIT}).
 */
public final class Renderer {

    private Renderer() {
    }

    /** One table per connection: frame, time, the segment, each endpoint's state after it; then the violations. */
    public static String table(TraceReport r) {
        Objects.requireNonNull(r, "report is null");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s (%s): %d frames, %d TCP segments, %d other packets, profile %s%n",
                r.file(), r.format(), r.frames(), r.segments(), r.otherPackets(), r.profile()));
        long t0 = r.connections().headOption().flatMap(c -> c.segments().headOption())
                .map(SegmentRow::timeNanos).getOrElse(0L);
        for (ConnectionReport c : r.connections()) {
            EndpointReport e0 = c.endpoints().get(0);
            EndpointReport e1 = c.endpoints().get(1);
            b.append(String.format(Locale.ROOT, "%nconnection %d: %s <-> %s, %d segments, %d violations%n", c.id(),
                    e0.address(), e1.address(), c.segmentCount(), c.violationCount()));
            int w0 = Math.max(14, e0.address().length());
            b.append(String.format(Locale.ROOT, "%7s %12s  %-3s %-44s %-" + w0 + "s %s%n", "frame", "time", "dir",
                    "segment", e0.address(), e1.address()));
            StringBuilder seg = new StringBuilder(64);
            for (SegmentRow s : c.segments()) {
                seg.setLength(0);
                seg.append('[').append(s.flags()).append("] seq ").append(s.seq());
                if (s.flags().contains(".")) {
                    seg.append(" ack ").append(s.ack());
                }
                seg.append(" len ").append(s.len()).append(" win ").append(s.window());
                row(b, s, t0, seg, w0);
            }
            if (c.segments().size() < c.segmentCount()) {
                b.append(String.format(Locale.ROOT, "        ... %d more segments not shown%n",
                        c.segmentCount() - c.segments().size()));
            }
            b.append(String.format(Locale.ROOT, "  %s: %s %s, %s %s%n",
                    r.endTime() > r.lastTime() ? String.format(Locale.ROOT, "at +%.1f s after the last frame",
                            (r.endTime() - r.lastTime()) / 1e9) : "final",
                    e0.address(), finalText(e0, r.endTime()), e1.address(), finalText(e1, r.endTime())));
            for (Violation v : ordered(c.violations())) {
                b.append(String.format(Locale.ROOT, "  VIOLATION frame %d, %s (%s): %s%n", v.frame(), v.endpoint(),
                        certainty(v.certainty()), v.reason()));
            }
        }
        if (r.connections().size() < r.connectionCount()) {
            b.append(String.format(Locale.ROOT, "%n... %d more connections not listed%n",
                    r.connectionCount() - r.connections().size()));
        }
        for (String n : r.notes().lines()) {
            b.append(String.format(Locale.ROOT, "%ncapture: %s", n));
        }
        if (!r.notes().lines().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n"));
        }
        b.append(String.format(Locale.ROOT, "%n%d connections, %d violations: %s%n", r.connectionCount(),
                r.violationCount(), r.conforms() ? "conforms" : "does not conform"));
        return b.toString();
    }

    /**
     * One segment row, the same text as {@code "%7d %12.6f  %-3s %-44s %-W0s %s%s%n"} would give, built without
     * {@link java.util.Formatter}: the table has a row for every segment of every listed connection.
     */
    static void row(StringBuilder b, SegmentRow s, long t0, CharSequence seg, int w0) {
        pad(b, Long.toString(s.frame()), 7, true);
        b.append(' ');
        long nanos = s.timeNanos() - t0;
        if (nanos >= 0 && nanos < 1_000_000_000_000_000L) {
            // Microseconds rounded half up, as %.6f rounds the decimal value of nanos / 1e9.
            long micros = (nanos + 500) / 1000;
            String frac = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
            pad(b, (micros / 1_000_000) + "." + frac, 12, true);
        } else {
            b.append(String.format(Locale.ROOT, "%12.6f", nanos / 1e9));
        }
        b.append("  ");
        pad(b, s.from() == 0 ? "->" : "<-", 3, false);
        b.append(' ');
        pad(b, seg, 44, false);
        b.append(' ');
        pad(b, RFC_NAMES[s.state0().ordinal()], w0, false);
        b.append(' ').append(RFC_NAMES[s.state1().ordinal()]);
        if (!s.note().isEmpty()) {
            b.append("   (").append(s.note()).append(')');
        }
        b.append(System.lineSeparator());
    }

    /** {@link TcpState#rfcName()} of each state by ordinal, built once: two per row, and a row per segment. */
    private static final String[] RFC_NAMES = java.util.Arrays.stream(TcpState.values()).map(TcpState::rfcName)
            .toArray(String[]::new);

    /** {@code text} padded with spaces to {@code width}, on the left if {@code right}-aligned; never cut. */
    private static void pad(StringBuilder b, CharSequence text, int width, boolean right) {
        int spaces = Math.max(0, width - text.length());
        if (!right) {
            b.append(text);
        }
        for (int i = 0; i < spaces; i++) {
            b.append(' ');
        }
        if (right) {
            b.append(text);
        }
    }

    /**
     * The endpoint's state at {@code end} and what the profile's timers make of it afterwards, e.g. {@code
     * TIME-WAIT, CLOSED at +60.0 s} (times from {@code end}).
     */
    static String finalText(EndpointReport e, long end) {
        StringBuilder b = new StringBuilder(e.finalState().rfcName());
        for (StateEntry s : e.projected()) {
            b.append(String.format(Locale.ROOT, ", %s at +%.1f s (%s)", s.state().rfcName(),
                    (s.timeNanos() - end) / 1e9, s.cause()));
        }
        return b.toString();
    }

    /** Violations the wire proves first, then those that depend on timing at the capture point; frame order within. */
    static io.vavr.collection.List<Violation> ordered(io.vavr.collection.List<Violation> vs) {
        return vs.filter(v -> v.certainty() == Violation.Certainty.WIRE)
                .appendAll(vs.filter(v -> v.certainty() == Violation.Certainty.TIMING));
    }

    private static String certainty(Violation.Certainty c) {
        return switch (c) {
            case WIRE -> "certain from the wire";
            case TIMING -> "depends on timing at the capture point";
        };
    }

    /**
     * The report as JSON: {@code {file, format, profile, frames, segments, other_packets, connection_count,
     * violation_count, conforms, last_time, end_time, notes: [line], capture: {ipv6_segments, super_segments,
     * largest_super_segment, length_from_record, duplicates, backwards, capture_loss, closed_out}, connections: [{id,
     * segment_count, violation_count, endpoints: [{address, states: [{state, frame, time, cause}], final_state,
     * projected: [{state, time, cause}]}], violations: [{frame, endpoint, reason, certainty}], segments: [{frame,
     * time, from, to, flags, seq, ack, len, window, states: [s0, s1], note}]}]}}. Times are seconds since the Unix
     * epoch; {@code certainty} is {@code wire} or {@code timing}, wire ones first.
     */
    public static String json(TraceReport r) {
        Objects.requireNonNull(r, "report is null");
        StringBuilder b = new StringBuilder(4096);
        b.append("{\"file\":").append(str(r.file())).append(",\"format\":").append(str(r.format()))
                .append(",\"profile\":").append(str(r.profile())).append(",\"frames\":").append(r.frames())
                .append(",\"segments\":").append(r.segments()).append(",\"other_packets\":")
                .append(r.otherPackets()).append(",\"connection_count\":").append(r.connectionCount())
                .append(",\"violation_count\":").append(r.violationCount()).append(",\"conforms\":")
                .append(r.conforms()).append(",\"last_time\":").append(time(r.lastTime()))
                .append(",\"end_time\":").append(time(r.endTime())).append(",\"notes\":[");
        CaptureNotes n = r.notes();
        b.append(String.join(",", n.lines().map(Renderer::str))).append("],\"capture\":{\"ipv6_segments\":")
                .append(n.ipv6Segments()).append(",\"super_segments\":").append(n.superSegments())
                .append(",\"largest_super_segment\":").append(n.largestSuperSegment())
                .append(",\"length_from_record\":").append(n.lengthFromRecord()).append(",\"duplicates\":")
                .append(n.duplicates()).append(",\"backwards\":").append(n.backwards())
                .append(",\"capture_loss\":").append(n.captureLoss()).append(",\"closed_out\":")
                .append(n.closedOut()).append("},\"connections\":[");
        boolean firstC = true;
        for (ConnectionReport c : r.connections()) {
            b.append(firstC ? "" : ",").append("\n{\"id\":").append(c.id()).append(",\"segment_count\":")
                    .append(c.segmentCount()).append(",\"violation_count\":").append(c.violationCount())
                    .append(",\"endpoints\":[");
            firstC = false;
            boolean firstE = true;
            for (EndpointReport e : c.endpoints()) {
                b.append(firstE ? "" : ",").append("{\"address\":").append(str(e.address())).append(",\"states\":[");
                firstE = false;
                boolean firstS = true;
                for (StateEntry s : e.states()) {
                    b.append(firstS ? "" : ",").append("{\"state\":").append(str(s.state().rfcName()))
                            .append(",\"frame\":").append(s.frame()).append(",\"time\":").append(time(s.timeNanos()))
                            .append(",\"cause\":").append(str(s.cause())).append('}');
                    firstS = false;
                }
                b.append("],\"final_state\":").append(str(e.finalState().rfcName())).append(",\"projected\":[");
                boolean firstP = true;
                for (StateEntry s : e.projected()) {
                    b.append(firstP ? "" : ",").append("{\"state\":").append(str(s.state().rfcName()))
                            .append(",\"time\":").append(time(s.timeNanos())).append(",\"cause\":")
                            .append(str(s.cause())).append('}');
                    firstP = false;
                }
                b.append("]}");
            }
            b.append("],\"violations\":[");
            boolean firstV = true;
            for (Violation v : ordered(c.violations())) {
                b.append(firstV ? "" : ",").append("{\"frame\":").append(v.frame()).append(",\"endpoint\":")
                        .append(str(v.endpoint())).append(",\"reason\":").append(str(v.reason()))
                        .append(",\"certainty\":").append(str(v.certainty() == Violation.Certainty.WIRE
                                ? "wire" : "timing")).append('}');
                firstV = false;
            }
            b.append("],\"segments\":[");
            boolean firstR = true;
            for (SegmentRow s : c.segments()) {
                b.append(firstR ? "" : ",").append("{\"frame\":").append(s.frame()).append(",\"time\":")
                        .append(time(s.timeNanos())).append(",\"from\":")
                        .append(str(c.endpoints().get(s.from()).address())).append(",\"to\":")
                        .append(str(c.endpoints().get(1 - s.from()).address())).append(",\"flags\":")
                        .append(str(s.flags())).append(",\"seq\":").append(s.seq()).append(",\"ack\":")
                        .append(s.ack()).append(",\"len\":").append(s.len()).append(",\"window\":")
                        .append(s.window()).append(",\"states\":[").append(str(s.state0().rfcName())).append(',')
                        .append(str(s.state1().rfcName())).append("],\"note\":").append(str(s.note())).append('}');
                firstR = false;
            }
            b.append("]}");
        }
        b.append("]}\n");
        return b.toString();
    }

    private static String time(long nanos) {
        return String.format(Locale.ROOT, "%d.%09d", Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
            }
        }
        return b.append('"').toString();
    }
}
