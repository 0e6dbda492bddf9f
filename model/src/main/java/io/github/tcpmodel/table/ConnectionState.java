package io.github.tcpmodel.table;

import io.vavr.Tuple;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The state of one connection as the table sees it: one of the eleven {@link TcpState}s and, in SYN-RECEIVED
 * only, the {@link Origin} that tells how it was reached (RFC 9293 Figure 5, Note 1). There are twelve values.
 */
public final class ConnectionState implements Comparable<ConnectionState> {

    private static final List<ConnectionState> ALL = List.of(TcpState.values())
            .flatMap(s -> s == TcpState.SYN_RECEIVED
                    ? List.of(Origin.values()).map(o -> Tuple.of(s, Option.some(o)))
                    : List.of(Tuple.of(s, Option.<Origin>none())))
            .zipWithIndex()
            .map(t -> new ConnectionState(t._1._1, t._1._2, t._2));

    /** CLOSED: no TCB. */
    public static final ConnectionState CLOSED = ALL.get(0);
    /** LISTEN. */
    public static final ConnectionState LISTEN = ALL.get(1);
    /** SYN-SENT. */
    public static final ConnectionState SYN_SENT = ALL.get(2);
    /** SYN-RECEIVED reached from LISTEN (passive OPEN). */
    public static final ConnectionState SYN_RECEIVED_PASSIVE = ALL.get(3);
    /** SYN-RECEIVED reached from SYN-SENT (simultaneous open). */
    public static final ConnectionState SYN_RECEIVED_ACTIVE = ALL.get(4);
    /** ESTABLISHED. */
    public static final ConnectionState ESTABLISHED = ALL.get(5);
    /** FIN-WAIT-1. */
    public static final ConnectionState FIN_WAIT_1 = ALL.get(6);
    /** FIN-WAIT-2. */
    public static final ConnectionState FIN_WAIT_2 = ALL.get(7);
    /** CLOSE-WAIT. */
    public static final ConnectionState CLOSE_WAIT = ALL.get(8);
    /** CLOSING. */
    public static final ConnectionState CLOSING = ALL.get(9);
    /** LAST-ACK. */
    public static final ConnectionState LAST_ACK = ALL.get(10);
    /** TIME-WAIT. */
    public static final ConnectionState TIME_WAIT = ALL.get(11);

    private final TcpState state;
    private final Option<Origin> origin;
    private final int index;

    private ConnectionState(TcpState state, Option<Origin> origin, int index) {
        this.state = state;
        this.origin = origin;
        this.index = index;
    }

    /** The value for {@code state}; SYN-RECEIVED needs an origin, see {@link #synReceived(Origin)}. */
    public static ConnectionState of(TcpState state) {
        Objects.requireNonNull(state, "state is null");
        if (state == TcpState.SYN_RECEIVED) {
            throw new IllegalArgumentException("SYN-RECEIVED needs an origin: use synReceived(origin)");
        }
        return ALL.find(c -> c.state == state).get();
    }

    /** SYN-RECEIVED reached from LISTEN ({@link Origin#PASSIVE}) or from SYN-SENT ({@link Origin#ACTIVE}). */
    public static ConnectionState synReceived(Origin origin) {
        Objects.requireNonNull(origin, "origin is null");
        return ALL.find(c -> c.origin.contains(origin)).get();
    }

    /** All twelve values, in {@link TcpState} order, passive origin before active. */
    public static List<ConnectionState> all() {
        return ALL;
    }

    /** The position of this value in {@link #all()}: 0 for CLOSED up to 11 for TIME-WAIT. */
    public int index() {
        return index;
    }

    /** The RFC 9293 state (SYN-RECEIVED without its passive or active origin). */
    public TcpState state() {
        return state;
    }

    /** The origin: present exactly in SYN-RECEIVED. */
    public Option<Origin> origin() {
        return origin;
    }

    /** RFC spelling, with the origin in SYN-RECEIVED: {@code SYN-RECEIVED (passive)}. */
    public String rfcName() {
        return state.rfcName() + origin.map(o -> " (" + o.name().toLowerCase(java.util.Locale.ROOT) + ")").getOrElse("");
    }

    @Override
    public int compareTo(ConnectionState other) {
        return Integer.compare(index, other.index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionState c && c.index == index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return rfcName();
    }
}
