package io.github.tcpmodel.property.generator;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;

/** Connection states and table events; each shrinks to the first in RFC order (CLOSED, passive OPEN). */
public final class States {

    private States() {
    }

    /** {@return one of the twelve {@link ConnectionState}s} */
    public static Gen<ConnectionState> connectionStates() {
        return Pick.uniform(ConnectionState.all());
    }

    /** {@return one of the eleven {@link TcpState}s} */
    public static Gen<TcpState> tcpStates() {
        return Pick.uniform(List.of(TcpState.values()));
    }

    /** {@return one of the table's events} */
    public static Gen<Event> events() {
        return Pick.uniform(List.of(Event.values()));
    }

    /**
     * A sequence of events, shorter ones first when shrinking.
     *
     * @param maxLength the most events
     * @return the generator
     */
    public static Gen<List<Event>> eventSequences(int maxLength) {
        return org.quicktheories.generators.SourceDSL.lists().of(events()).ofSizeBetween(0, maxLength)
                .map(l -> List.ofAll(l));
    }
}
