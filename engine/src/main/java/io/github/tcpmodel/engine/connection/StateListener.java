package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.table.ConnectionState;

/** Told of every state change of a connection, on the engine's thread, after the change. */
@FunctionalInterface
public interface StateListener {

    /** {@code connection} moved from {@code from} to {@code to}. */
    void stateChanged(Connection connection, ConnectionState from, ConnectionState to);
}
