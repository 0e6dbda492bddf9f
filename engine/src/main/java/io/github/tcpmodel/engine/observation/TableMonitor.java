package io.github.tcpmodel.engine.observation;

import io.github.tcpmodel.engine.connection.ConnectionId;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A conformance monitor at the level of the transition table: it steps its own copy of each connection's state with
 * {@link TransitionTable#step} on every table event the engine reports, and records a divergence when the engine's
 * state before an event, the outcome it reports, or a state change differs from the table's. It checks control
 * states only; the segment-level monitor (sequence numbers, windows, emitted segments) comes with the model's
 * segment semantics. Connection incarnation 0 (segments for no connection) is stepped from CLOSED each time.
 */
public final class TableMonitor implements EngineObserver {

    private final TransitionTable table;
    private final Map<ConnectionId, ConnectionState> states = new HashMap<>();
    private final List<String> divergences = new ArrayList<>();
    private long steps;

    /** A monitor for engines whose lifecycles are built from {@code table}. */
    public TableMonitor(TransitionTable table) {
        this.table = Objects.requireNonNull(table, "table is null");
    }

    @Override
    public void observe(EngineEvent event) {
        if (event instanceof EngineEvent.UserCall u) {
            step(u.connection(), Option.none(), u.call(), u.outcome());
        } else if (event instanceof EngineEvent.SegmentIn s) {
            if (s.event().isDefined()) {
                step(s.connection(), Option.some(s.stateBefore()), s.event().get(), s.outcome().get());
            } else {
                expectState(s.connection(), s.stateBefore(), "segment without table event");
            }
        } else if (event instanceof EngineEvent.TimerFired t) {
            step(t.connection(), Option.none(), t.timer(), t.outcome());
        } else if (event instanceof EngineEvent.StateChanged c) {
            ConnectionState now = states.getOrDefault(c.connection(), ConnectionState.of(TcpState.CLOSED));
            boolean forkDiscarded = c.to().state() == TcpState.LISTEN && c.connection().remotePort() != 0;
            if (c.connection().incarnation() != 0 && !forkDiscarded && !c.to().equals(now)) {
                divergences.add(c.connection() + ": state change to " + c.to() + " but the table is in " + now);
            }
        }
    }

    private void step(ConnectionId id, Option<ConnectionState> reportedBefore, Event event, Outcome reported) {
        steps++;
        ConnectionState before = id.incarnation() == 0 ? ConnectionState.of(TcpState.CLOSED) : current(id, event);
        if (reportedBefore.isDefined() && !reportedBefore.get().equals(before)) {
            divergences.add(id + ": engine was in " + reportedBefore.get() + " before " + event.label()
                    + ", the table in " + before);
            before = reportedBefore.get();
        }
        Outcome expected = table.step(before, event);
        if (!expected.equals(reported)) {
            divergences.add(id + ": " + event.label() + " in " + before + ": engine " + reported + ", table "
                    + expected);
        }
        if (id.incarnation() != 0) {
            ConnectionState after = expected.target(before);
            boolean gone = after.state() == TcpState.CLOSED
                    || (after.state() == TcpState.LISTEN && id.remotePort() != 0);
            if (gone) {
                // The TCB is deleted (or the fork discarded): forget it, so memory stays bounded.
                states.remove(id);
            } else {
                states.put(id, after);
            }
        }
    }

    private ConnectionState current(ConnectionId id, Event event) {
        ConnectionState s = states.get(id);
        if (s != null) {
            return s;
        }
        // A new connection starts in CLOSED (OPEN calls) or, when a listener forks it with a SYN, in LISTEN.
        return ConnectionState.of(event == Event.RCV_SYN ? TcpState.LISTEN : TcpState.CLOSED);
    }

    private void expectState(ConnectionId id, ConnectionState reported, String what) {
        ConnectionState s = states.get(id);
        if (s != null && !s.equals(reported)) {
            divergences.add(id + ": " + what + " in " + reported + ", the table is in " + s);
        }
    }

    /** Divergences found so far, in order. */
    public List<String> divergences() {
        return Collections.unmodifiableList(divergences);
    }

    /** Table events checked so far. */
    public long steps() {
        return steps;
    }
}
