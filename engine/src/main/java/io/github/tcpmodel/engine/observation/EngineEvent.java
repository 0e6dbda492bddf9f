package io.github.tcpmodel.engine.observation;

import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.ConnectionId;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * One thing that happened in an engine. Each event carries the time (the engine clock's milliseconds) and the
 * connection it concerns; a connection is a 4-tuple plus an incarnation number, so a reopened 4-tuple is a new
 * connection. Table events and outcomes are the model's own values, so a monitor can step the model with them.
 */
public sealed interface EngineEvent permits EngineEvent.UserCall, EngineEvent.SegmentIn, EngineEvent.SegmentOut,
        EngineEvent.TimerFired, EngineEvent.StateChanged, EngineEvent.Dropped {

    /** When it happened. */
    long atMillis();

    /**
     * A user call (OPEN, SEND, RECEIVE, CLOSE, ABORT) and the table outcome the lifecycle gave it.
     *
     * @param bytes for SEND the octets accepted, for RECEIVE the octets delivered, else 0
     */
    record UserCall(long atMillis, ConnectionId connection, Event call, Outcome outcome, int bytes)
            implements EngineEvent {
        /** Rejects nulls. */
        public UserCall {
            Objects.requireNonNull(connection, "connection is null");
            Objects.requireNonNull(call, "call is null");
            Objects.requireNonNull(outcome, "outcome is null");
        }
    }

    /**
     * A segment that reached a connection (or a listener, or no connection at all: then {@code connection} names
     * the 4-tuple and incarnation 0). {@code event} is how the engine classified it for the table, absent when the
     * RFC's checks dropped it before any table event (e.g. an unacceptable sequence number answered by an ACK), and
     * {@code outcome} is what the lifecycle did with that event.
     */
    record SegmentIn(long atMillis, ConnectionId connection, Packet segment, ConnectionState stateBefore,
                     Option<Event> event, Option<Outcome> outcome) implements EngineEvent {
        /** Rejects nulls. */
        public SegmentIn {
            Objects.requireNonNull(connection, "connection is null");
            Objects.requireNonNull(segment, "segment is null");
            Objects.requireNonNull(stateBefore, "stateBefore is null");
            Objects.requireNonNull(event, "event is null");
            Objects.requireNonNull(outcome, "outcome is null");
        }
    }

    /** A segment the engine sent, and the state of its connection when it was sent. */
    record SegmentOut(long atMillis, ConnectionId connection, Packet segment, ConnectionState state)
            implements EngineEvent {
        /** Rejects nulls. */
        public SegmentOut {
            Objects.requireNonNull(connection, "connection is null");
            Objects.requireNonNull(segment, "segment is null");
            Objects.requireNonNull(state, "state is null");
        }
    }

    /** A timer that expired, as the table event it fires, and the outcome. */
    record TimerFired(long atMillis, ConnectionId connection, Event timer, Outcome outcome) implements EngineEvent {
        /** Rejects nulls. */
        public TimerFired {
            Objects.requireNonNull(connection, "connection is null");
            Objects.requireNonNull(timer, "timer is null");
            Objects.requireNonNull(outcome, "outcome is null");
        }
    }

    /** The lifecycle moved from one state to another (self-loops are not state changes). */
    record StateChanged(long atMillis, ConnectionId connection, ConnectionState from, ConnectionState to, Event cause)
            implements EngineEvent {
        /** Rejects nulls. */
        public StateChanged {
            Objects.requireNonNull(connection, "connection is null");
            Objects.requireNonNull(from, "from is null");
            Objects.requireNonNull(to, "to is null");
            Objects.requireNonNull(cause, "cause is null");
        }
    }

    /** A packet dropped before reaching any connection: malformed, or for another address. */
    record Dropped(long atMillis, Decoded why) implements EngineEvent {
        /** Rejects nulls. */
        public Dropped {
            Objects.requireNonNull(why, "why is null");
        }
    }
}
