package io.github.tcpmodel.trace;

import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * One endpoint of a connection.
 *
 * @param address    {@code ip:port}
 * @param states     the states it entered, in order (the first is the first state it is known in)
 * @param finalState its state at the end of the capture (or at the time the check was asked about, when later)
 * @param projected  what the profile's timers make of it if nothing more arrives after that: the states it would
 *                   enter, with their deadlines (for example TIME-WAIT's expiry to CLOSED); empty when no timer
 *                   would change its state
 */
public record EndpointReport(String address, List<StateEntry> states, TcpState finalState,
                             List<StateEntry> projected) {
    public EndpointReport {
        Objects.requireNonNull(address, "address is null");
        Objects.requireNonNull(states, "states is null");
        Objects.requireNonNull(finalState, "finalState is null");
        Objects.requireNonNull(projected, "projected is null");
    }

    /** An endpoint with nothing projected. */
    public EndpointReport(String address, List<StateEntry> states, TcpState finalState) {
        this(address, states, finalState, List.empty());
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
