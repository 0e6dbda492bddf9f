package io.github.tcpmodel.trace;

import io.github.tcpmodel.table.TcpState;
import java.util.Objects;

/**
 * One state an endpoint entered.
 *
 * @param state     the state entered
 * @param frame     the frame whose segment drove the transition; for a timer, the last frame of the connection
 *                  before it expired
 * @param timeNanos when: the frame's capture time, or the timer's deadline (ns since the Unix epoch)
 * @param cause     what drove it, e.g. {@code sent <SYN>}, {@code received <FIN,ACK>}, {@code TIME-WAIT timeout}
 */
public record StateEntry(TcpState state, long frame, long timeNanos, String cause) {
    public StateEntry {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(cause, "cause is null");
    }
}
