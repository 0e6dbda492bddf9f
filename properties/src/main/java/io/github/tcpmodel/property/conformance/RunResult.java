package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.table.ConnectionState;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The outcome of a lockstep run: what happened on each input up to the first divergence, and that divergence.
 *
 * @param trace      the trace run
 * @param entries    one per input taken, in order (the diverging input is the last)
 * @param divergence the first divergence, if any
 */
public record RunResult(InputTrace trace, List<Entry> entries, Option<Divergence> divergence) {

    public RunResult {
        Objects.requireNonNull(trace, "trace is null");
        Objects.requireNonNull(entries, "entries is null");
        Objects.requireNonNull(divergence, "divergence is null");
    }

    /** {@return whether the implementation stayed within what the model allows throughout} */
    public boolean conforms() {
        return divergence.isEmpty();
    }

    /** {@return the model's states after each input, starting with CLOSED} */
    public List<ConnectionState> modelStates() {
        return entries.map(Entry::modelState).prepend(ConnectionState.of(io.github.tcpmodel.table.TcpState.CLOSED));
    }

    /**
     * Labels for coverage: {@code state:<RFC name>} for every state the model reached, {@code event:<label>} for
     * every table event a step projected onto, and {@code case:<name>} for the hard cases named in
     * {@link Lockstep#hardCases}.
     */
    public List<String> labels() {
        List<String> states = modelStates().map(s -> "state:" + s.rfcName());
        List<String> events = entries.flatMap(Entry::steps).flatMap(s -> s.projection()).map(e -> "event:" + e.label());
        return states.appendAll(events).appendAll(Lockstep.hardCases(this)).distinct();
    }
}
