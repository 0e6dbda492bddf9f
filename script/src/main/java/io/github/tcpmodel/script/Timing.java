package io.github.tcpmodel.script;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * When an event happens: a time, or for a blocking socket call a range {@code 0.100...0.300} (the call starts at the
 * first time and returns at the second; the events written after it happen in between).
 *
 * @param start when the event happens, or when the blocking call starts
 * @param end   when the blocking call returns: absolute, or relative to {@code start} when written {@code +}
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
        return start + end.map(e -> "..." + e).getOrElse("");
    }
}
