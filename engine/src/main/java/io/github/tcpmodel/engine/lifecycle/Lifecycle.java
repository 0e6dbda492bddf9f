package io.github.tcpmodel.engine.lifecycle;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import java.util.Objects;

/**
 * One connection's control state. Every event is first looked up in the {@link TransitionTable} the machine was
 * generated from (a constant-time array index). An event the table maps to a change of state is fired on the
 * squirrel-foundation machine, which takes it and must land where the table says; an event the table maps to a
 * self-loop (text, ACKs, window updates: the bulk of a transfer) or refuses leaves the state as it is, and the
 * table's outcome is the answer, with no squirrel call. Both paths read the same table, so there is no second
 * source of transitions; {@code LifecycleEquivalenceTest} proves that together they accept and refuse exactly what
 * the table does. Not thread-safe: the engine drives a connection from one thread.
 */
public final class Lifecycle {

    private final TransitionTable table;
    private final LifecycleMachine machine;
    private final Firing firing = new Firing();
    /** The machine's current state, kept here so that reading it does not take squirrel's lock. */
    private ConnectionState current;
    private long machineFirings;

    Lifecycle(LifecycleFactory factory, LifecycleMachine machine) {
        this.table = factory.table();
        this.machine = machine;
        this.current = machine.getCurrentState();
    }

    /** The current state (the squirrel machine's). */
    public ConnectionState state() {
        return current;
    }

    /** The current {@link TcpState}, without the SYN-RECEIVED origin. */
    public TcpState tcpState() {
        return current.state();
    }

    /**
     * Fires {@code event}. Returns the table's transition when it is taken (the state is then its target), or the
     * table's refusal (the state is unchanged). A change of state is taken by the squirrel machine.
     *
     * @throws IllegalStateException if squirrel and the table disagree, which the construction rules out
     */
    public Outcome fire(Event event) {
        Objects.requireNonNull(event, "event is null");
        Outcome outcome = table.step(current, event);
        if (outcome instanceof Outcome.Transition transition && !transition.target().equals(current)) {
            Outcome taken = fireOnMachine(event);
            if (!outcome.equals(taken)) {
                throw new IllegalStateException("squirrel took " + taken + " on " + event.label() + " in "
                        + current.rfcName() + " but the table has " + outcome);
            }
        }
        return outcome;
    }

    /**
     * Fires {@code event} on the squirrel machine whatever the table says: the transition squirrel took, or the
     * table's refusal when it declined. {@link #fire} calls it for changes of state only; the equivalence test calls
     * it for every (state, event) pair to show the machine is the table's.
     */
    Outcome fireOnMachine(Event event) {
        ConnectionState before = machine.getCurrentState();
        machineFirings++;
        firing.reset();
        machine.fire(event, firing);
        current = machine.getCurrentState();
        Outcome.Transition taken = firing.taken();
        if (taken != null) {
            return taken;
        }
        if (machine.getLastException() != null) {
            throw new IllegalStateException("squirrel failed on " + event + " in " + before,
                    machine.getLastException());
        }
        Outcome refusal = table.step(before, event);
        if (refusal.isTransition()) {
            throw new IllegalStateException("squirrel declined " + event.label() + " in " + before.rfcName()
                    + " but the table has a transition");
        }
        return refusal;
    }

    /** The state as the squirrel machine itself reports it (taking its lock); equal to {@link #state()}. */
    ConnectionState machineState() {
        return machine.getCurrentState();
    }

    /** Whether {@code event} would be accepted now (a table transition exists), without firing it. */
    public boolean accepts(Event event) {
        return table.step(current, event).isTransition();
    }

    /** How many events were fired on the squirrel machine (for the equivalence test). */
    long machineFirings() {
        return machineFirings;
    }
}
