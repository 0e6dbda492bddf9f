package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.table.Event;
import java.util.ArrayList;
import java.util.List;

/** Checks that each state change directly follows the event that caused it, on the same connection. */
final class EventOrder implements EngineObserver {

    final List<String> violations = new ArrayList<>();
    long stateChanges;
    private EngineEvent previous;

    @Override
    public void observe(EngineEvent event) {
        if (event instanceof EngineEvent.StateChanged c) {
            stateChanges++;
            Event cause = null;
            Object connection = null;
            if (previous instanceof EngineEvent.SegmentIn in) {
                cause = in.event().getOrNull();
                connection = in.connection();
            } else if (previous instanceof EngineEvent.UserCall call) {
                cause = call.call();
                connection = call.connection();
            } else if (previous instanceof EngineEvent.TimerFired fired) {
                cause = fired.timer();
                connection = fired.connection();
            }
            if (cause != c.cause() || !c.connection().equals(connection)) {
                violations.add(c + " after " + previous);
            }
        }
        previous = event;
    }
}
