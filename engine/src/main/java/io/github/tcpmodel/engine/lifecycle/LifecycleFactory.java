package io.github.tcpmodel.engine.lifecycle;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TransitionTable;
import java.util.Objects;
import org.squirrelframework.foundation.fsm.AnonymousAction;
import org.squirrelframework.foundation.fsm.StateMachineBuilder;
import org.squirrelframework.foundation.fsm.StateMachineBuilderFactory;

/**
 * Builds the squirrel-foundation machine of a {@link TransitionTable} once, and hands out one {@link Lifecycle} per
 * connection. Built with the typed builder only: no annotations, no MVEL conditions.
 */
public final class LifecycleFactory {

    private final TransitionTable table;
    private final StateMachineBuilder<LifecycleMachine, ConnectionState, Event, Firing> builder;
    private final int transitions;

    private LifecycleFactory(TransitionTable table) {
        this.table = table;
        this.builder = StateMachineBuilderFactory.create(
                LifecycleMachine.class, ConnectionState.class, Event.class, Firing.class);
        for (ConnectionState state : ConnectionState.all()) {
            builder.defineState(state);
        }
        int count = 0;
        for (ConnectionState source : ConnectionState.all()) {
            for (Event event : Event.values()) {
                Outcome outcome = table.step(source, event);
                if (!(outcome instanceof Outcome.Transition transition)) {
                    // A refusal has no squirrel transition: squirrel declines the event and the state stays.
                    continue;
                }
                TakeTransition action = new TakeTransition(transition);
                if (transition.target().equals(source)) {
                    // A self-loop (e.g. TIME-WAIT re-acknowledging a FIN) neither exits nor re-enters the state.
                    builder.internalTransition().within(source).on(event).perform(action);
                } else {
                    builder.externalTransition().from(source).to(transition.target()).on(event).perform(action);
                }
                count++;
            }
        }
        this.transitions = count;
    }

    /** The factory for {@code table}'s machine. */
    public static LifecycleFactory of(TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return new LifecycleFactory(table);
    }

    /** The table the machine was built from. */
    public TransitionTable table() {
        return table;
    }

    /** How many squirrel transitions the machine has: the number of table entries that are transitions. */
    public int transitionCount() {
        return transitions;
    }

    /** A fresh lifecycle in {@code initial}. */
    public Lifecycle newLifecycle(ConnectionState initial) {
        Objects.requireNonNull(initial, "initial is null");
        LifecycleMachine machine;
        // The builder prepares itself lazily on the first machine; squirrel does not promise that is thread-safe.
        synchronized (builder) {
            machine = builder.newStateMachine(initial);
        }
        // Squirrel reports no current state until the machine is started.
        machine.start();
        return new Lifecycle(this, machine);
    }

    private static final class TakeTransition
            extends AnonymousAction<LifecycleMachine, ConnectionState, Event, Firing> {
        private final Outcome.Transition transition;

        TakeTransition(Outcome.Transition transition) {
            this.transition = transition;
        }

        @Override
        public void execute(ConnectionState from, ConnectionState to, Event event, Firing firing,
                            LifecycleMachine machine) {
            firing.took(transition);
        }
    }
}
