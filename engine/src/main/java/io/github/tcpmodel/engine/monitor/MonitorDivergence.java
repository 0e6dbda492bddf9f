package io.github.tcpmodel.engine.monitor;

import io.github.tcpmodel.engine.connection.ConnectionId;
import java.util.Objects;

/**
 * One disagreement between an engine and the model.
 *
 * @param connection the engine's connection
 * @param event      the engine event at which it was found, as text
 * @param expected   what the model allows or expects
 * @param actual     what the engine did
 */
public record MonitorDivergence(ConnectionId connection, String event, String expected, String actual) {

    /** Rejects nulls. */
    public MonitorDivergence {
        Objects.requireNonNull(connection, "connection is null");
        Objects.requireNonNull(event, "event is null");
        Objects.requireNonNull(expected, "expected is null");
        Objects.requireNonNull(actual, "actual is null");
    }

    @Override
    public String toString() {
        return connection + " at " + event + ": expected " + expected + ", engine " + actual;
    }
}
