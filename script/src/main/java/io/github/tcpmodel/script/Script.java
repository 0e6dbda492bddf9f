package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A parsed script.
 *
 * @param file      the file name given to the parser
 * @param tolerance the timing tolerance in microseconds set by a {@code --tolerance_usecs=N} line; none for the
 *                  runner's default
 * @param events    the events in script order
 */
public record Script(String file, Option<Long> tolerance, List<ScriptEvent> events) {

    public Script {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(tolerance, "tolerance is null");
        Objects.requireNonNull(events, "events is null");
    }
}
