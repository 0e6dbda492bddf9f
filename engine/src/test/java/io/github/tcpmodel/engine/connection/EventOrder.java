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
        if (event instanceof EngineEvent.StateChanged) {
            stateChanges++;
            EngineEvent.StateChanged c = (EngineEvent.StateChanged) event;
            Event cause = null;
            Object connection = null;
            if (previous instanceof EngineEvent.SegmentIn) {
                cause = ((EngineEvent.SegmentIn) previous).event().getOrNull();
                connection = ((EngineEvent.SegmentIn) previous).connection();
            } else if (previous instanceof EngineEvent.UserCall) {
                cause = ((EngineEvent.UserCall) previous).call();
                connection = ((EngineEvent.UserCall) previous).connection();
            } else if (previous instanceof EngineEvent.TimerFired) {
                cause = ((EngineEvent.TimerFired) previous).timer();
                connection = ((EngineEvent.TimerFired) previous).connection();
            }
            if (cause != c.cause() || !c.connection().equals(connection)) {
                violations.add(c + " after " + previous);
            }
        }
        previous = event;
    }
}
