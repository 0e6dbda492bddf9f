package io.github.tcpmodel.script;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * What a socket call answers: a value, and an errno when it failed ({@code -1 ECONNREFUSED}).
 *
 * @param value the return value
 * @param errno the error, present exactly when the call failed
 */
public record CallResult(long value, Option<Errno> errno) {

    public CallResult {
        Objects.requireNonNull(errno, "errno is null");
    }

    /** A successful return of {@code value}. */
    public static CallResult returns(long value) {
        return new CallResult(value, Option.none());
    }

    /** A failure: {@code -1} with {@code errno}. */
    public static CallResult fails(Errno errno) {
        return new CallResult(-1, Option.some(errno));
    }

    @Override
    public String toString() {
        return value + errno.map(e -> " " + e).getOrElse("");
    }
}
