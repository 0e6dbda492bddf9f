package io.github.tcpmodel.engine.monitor;

import io.github.tcpmodel.engine.simulation.Simulation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

public final class MonitorExtension implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Simulation.drainCreated();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<MonitorDivergence> all = new ArrayList<>();
        for (Simulation sim : Simulation.drainCreated()) {
            all.addAll(sim.divergences());
        }
        if (!all.isEmpty() && context.getExecutionException().isEmpty()
                && !context.getTags().contains("divergences-expected")) {
            StringBuilder b = new StringBuilder(all.size() + " conformance monitor divergence(s):");
            all.stream().limit(15).forEach(d -> b.append("\n  ").append(d));
            throw new AssertionError(b.toString());
        }
    }
}
