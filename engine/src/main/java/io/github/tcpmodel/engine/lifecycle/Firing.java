package io.github.tcpmodel.engine.lifecycle;

import io.github.tcpmodel.table.Outcome;

/**
 * The squirrel context of one {@code fire}: the transition the machine took, if it took one. A firing is reused
 * by its {@link Lifecycle}, which is not thread-safe (the engine drives each connection from one thread).
 */
public final class Firing {

    private Outcome.Transition taken;
    private boolean declined;

    Firing() {
    }

    void reset() {
        taken = null;
        declined = false;
    }

    void took(Outcome.Transition transition) {
        taken = transition;
    }

    void declined() {
        declined = true;
    }

    Outcome.Transition taken() {
        return taken;
    }

    boolean wasDeclined() {
        return declined;
    }
}
