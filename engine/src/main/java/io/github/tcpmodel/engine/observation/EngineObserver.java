package io.github.tcpmodel.engine.observation;

import java.util.Objects;

/**
 * Receives every event of an engine, synchronously, on the engine's thread, in the order they happen. An observer
 * must not call back into the engine. A monitor that finds a divergence records it; it does not throw.
 */
@FunctionalInterface
public interface EngineObserver {

    /** Ignores everything; the engine skips building events when this is its observer. */
    EngineObserver NONE = event -> { };

    /** Called once per event. */
    void observe(EngineEvent event);

    /** This observer, then {@code next}. */
    default EngineObserver andThen(EngineObserver next) {
        Objects.requireNonNull(next, "next is null");
        if (this == NONE) {
            return next;
        }
        if (next == NONE) {
            return this;
        }
        return event -> {
            observe(event);
            next.observe(event);
        };
    }
}
