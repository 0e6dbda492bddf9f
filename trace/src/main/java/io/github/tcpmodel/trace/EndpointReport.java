package io.github.tcpmodel.trace;

import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * One endpoint of a connection.
 *
 * @param address    {@code ip:port}
 * @param states     the states it entered, in order (the first is the first state it is known in)
 * @param finalState its state at the end of the capture
 */
public record EndpointReport(String address, List<StateEntry> states, TcpState finalState) {
    public EndpointReport {
        Objects.requireNonNull(address, "address is null");
        Objects.requireNonNull(states, "states is null");
        Objects.requireNonNull(finalState, "finalState is null");
    }

    /** The state at time {@code timeNanos}: the last one entered at or before it, CLOSED before the first. */
    public TcpState stateAt(long timeNanos) {
        TcpState s = TcpState.CLOSED;
        for (StateEntry e : states) {
            if (e.timeNanos() > timeNanos) {
                break;
            }
            s = e.state();
        }
        return s;
    }
}
