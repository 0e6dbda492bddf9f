package io.github.tcpmodel.engine.lifecycle;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import org.squirrelframework.foundation.fsm.impl.AbstractStateMachine;

/**
 * The squirrel-foundation machine class. Squirrel instantiates it reflectively, so it has a public no-argument
 * constructor; it carries no behaviour besides reporting a declined event to the firing in progress.
 */
public class LifecycleMachine extends AbstractStateMachine<LifecycleMachine, ConnectionState, Event, Firing> {

    /** Called by squirrel-foundation only. */
    public LifecycleMachine() {
        super();
    }

    @Override
    protected void afterTransitionDeclined(ConnectionState from, Event event, Firing firing) {
        if (firing != null) {
            firing.declined();
        }
    }
}
