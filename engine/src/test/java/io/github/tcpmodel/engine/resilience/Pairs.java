package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;

/** Connections from A to B's port, established and accepted. */
final class Pairs {

    final List<Connection> clients = new ArrayList<>();
    final List<Connection> servers = new ArrayList<>();
    final Listener listener;

    Pairs(Simulation sim, int port, int count) {
        listener = sim.b().listen(port, count);
        for (int i = 0; i < count; i++) {
            clients.add(sim.a().connect(Simulation.ADDRESS_B, port));
        }
        assertTrue(sim.runUntil(() -> {
            while (listener.pending() > 0) {
                servers.add(listener.accept().get());
            }
            return servers.size() == count
                    && clients.stream().allMatch(c -> c.tcpState() == TcpState.ESTABLISHED);
        }, sim.clock().nowMillis() + 120_000));
        if (servers.size() != count) {
            throw new IllegalStateException("only " + servers.size() + " of " + count + " connections established");
        }
        // Match each client with its server by port, so streams pair the right ends.
        List<Connection> ordered = new ArrayList<>();
        for (Connection c : clients) {
            for (Connection s : servers) {
                if (s.id().remotePort() == c.id().localPort()) {
                    ordered.add(s);
                }
            }
        }
        servers.clear();
        servers.addAll(ordered);
    }
}
