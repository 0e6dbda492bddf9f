package io.github.tcpmodel.engine.lifecycle;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import java.util.Objects;

/**
 * One connection's control state, held by a squirrel-foundation machine. Not thread-safe: the engine drives a
 * connection from one thread.
 */
public final class Lifecycle {

    private final LifecycleFactory factory;
    private final LifecycleMachine machine;
    private final Firing firing = new Firing();

    Lifecycle(LifecycleFactory factory, LifecycleMachine machine) {
        this.factory = factory;
        this.machine = machine;
    }

    /** The current state, as squirrel holds it. */
    public ConnectionState state() {
        return machine.getCurrentState();
    }

    /** The current {@link TcpState}, without the SYN-RECEIVED origin. */
    public TcpState tcpState() {
        return machine.getCurrentState().state();
    }

    /**
     * Fires {@code event}. Returns the table's transition when squirrel took it (the state is then its target), or
     * the table's refusal when squirrel declined it (the state is unchanged).
     *
     * @throws IllegalStateException if squirrel and the table disagree, which the construction rules out
     */
    public Outcome fire(Event event) {
        Objects.requireNonNull(event, "event is null");
        ConnectionState before = machine.getCurrentState();
        firing.reset();
        machine.fire(event, firing);
        Outcome.Transition taken = firing.taken();
        if (taken != null) {
            return taken;
        }
        if (machine.getLastException() != null) {
            throw new IllegalStateException("squirrel failed on " + event + " in " + before,
                    machine.getLastException());
        }
        Outcome refusal = factory.table().step(before, event);
        if (refusal.isTransition()) {
            throw new IllegalStateException("squirrel declined " + event.label() + " in " + before.rfcName()
                    + " but the table has a transition");
        }
        return refusal;
    }

    /** Whether {@code event} would be accepted now (a table transition exists), without firing it. */
    public boolean accepts(Event event) {
        return factory.table().step(machine.getCurrentState(), event).isTransition();
    }
}
