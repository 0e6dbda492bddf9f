package io.github.tcpmodel.script;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * When an event happens: a time; for a blocking socket call a range {@code 0.100...0.300} (the call starts at the
 * first time and returns at the second; the events written after it happen in between); for an expected segment a
 * range {@code 0.100~0.300} within which it must leave.
 *
 * @param start when the event happens, or when the blocking call starts
 * @param end   the range's end. After {@code ...}: absolute, but relative to the previous event when the start is
 *              relative ({@code +0...0.1}, as packetdrill reads it), or relative to {@code start} when written
 *              {@code +}. After {@code ~}: absolute, or relative to the previous event when written {@code +}.
 */
public record Timing(TimePoint start, Option<TimePoint> end) {

    public Timing {
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(end, "end is null");
        if (end.isDefined() && (start instanceof TimePoint.Any || end.get() instanceof TimePoint.Any)) {
            throw new IllegalArgumentException("a time range cannot start or end at '*'");
        }
    }

    /** Whether this is a range, written {@code start...end}. */
    public boolean isRange() {
        return end.isDefined();
    }

    @Override
    public String toString() {
        return render("...");
    }

    /** The timing with {@code separator} between a range's ends: {@code ...} for a call, {@code ~} for a segment. */
    public String render(String separator) {
        return start + end.map(e -> separator + e).getOrElse("");
    }
}
