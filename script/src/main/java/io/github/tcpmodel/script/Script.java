package io.github.tcpmodel.script;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A parsed script.
 *
 * @param file      the file name given to the parser
 * @param tolerance the timing tolerance in microseconds set by a {@code --tolerance_usecs=N} line; none for the
 *                  runner's default
 * @param events    the events in script order
 * @param options   the script's own command-line options ({@code --local_ip=192.0.2.1}, {@code --mtu=1500}), by name
 *                  without the dashes, in order; a flag without a value maps to the empty string
 */
public record Script(String file, Option<Long> tolerance, List<ScriptEvent> events, Map<String, String> options) {

    /** A script without command-line options but the tolerance. */
    public Script(String file, Option<Long> tolerance, List<ScriptEvent> events) {
        this(file, tolerance, events, LinkedHashMap.empty());
    }

    public Script {
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(tolerance, "tolerance is null");
        Objects.requireNonNull(events, "events is null");
    }
}
