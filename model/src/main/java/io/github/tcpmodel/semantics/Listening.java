package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * One LISTEN endpoint and the connections it has spawned (RFC 9293 §3.9.1.1, MUST-41, MUST-42), as a pure value: a
 * SYN from a remote socket the endpoint has no connection for makes a new TCB in SYN-RECEIVED for that socket
 * (§3.10.7.2 third), and the listener stays in LISTEN, unchanged, to answer the next one; a segment from a remote
 * socket with a connection goes to that connection alone. "Every passive OPEN call either creates a new connection
 * record in LISTEN state, or it returns an error; it MUST NOT affect any previously created connection record
 * (MUST-41)"; "A TCP implementation that supports multiple concurrent connections MUST provide an OPEN call that
 * will functionally allow an application to LISTEN on a port while a connection block with the same local port is in
 * SYN-SENT or SYN-RECEIVED state (MUST-42)".
 *
 * <p>A connection that ends (CLOSED), or an embryo that returns to LISTEN (a reset or a given-up SYN,ACK, Figure 5
 * Note 1), leaves the set: its return to LISTEN is the listener that never left. The remote socket is any key with
 * equality ({@code K}): the model has no addresses; a driver uses its 4-tuple.
 *
 * @param listener the listening TCB, in LISTEN
 * @param spawned  the connections by remote socket, in the order they were made
 * @param <K>      the remote socket
 */
public record Listening<K>(Tcb listener, Map<K, Tcb> spawned) {

    public Listening {
        Objects.requireNonNull(listener, "listener is null");
        Objects.requireNonNull(spawned, "spawned is null");
        if (!listener.is(TcpState.LISTEN)) {
            throw new IllegalArgumentException("a listener is in LISTEN, not " + listener.state());
        }
    }

    /**
     * The result of one input.
     *
     * @param after the endpoint after it
     * @param by    the remote socket whose connection took it, or none when the listener did
     * @param step  the step of the TCB that took it (the listener, or the connection)
     * @param <K>   the remote socket
     */
    public record Arrived<K>(Listening<K> after, Option<K> by, Step step) {
    }

    /** A listener made by a passive OPEN, with no connections yet. */
    public static <K> Listening<K> of(Tcb listener) {
        return new Listening<>(listener, LinkedHashMap.empty());
    }

    /**
     * The endpoint with {@code t} as the connection to {@code remote}: an active OPEN from the same local port
     * (SYN-SENT, MUST-42), or any connection a driver already has.
     */
    public Listening<K> with(K remote, Tcb t) {
        Objects.requireNonNull(remote, "remote is null");
        Objects.requireNonNull(t, "tcb is null");
        return new Listening<>(listener, live(t) ? spawned.put(remote, t) : spawned.remove(remote));
    }

    /** The connection to {@code remote}, if there is one. */
    public Option<Tcb> connection(K remote) {
        return spawned.get(remote);
    }

    /**
     * SEGMENT ARRIVES from {@code remote} (§3.10.7): to its connection if it has one, otherwise to the listener, which
     * on a SYN spawns the connection and stays as it was. {@code iss} is the ISS a spawned connection takes.
     */
    public Either<String, Arrived<K>> segmentArrives(Profile p, K remote, Segment seg, SeqNum iss, long now,
                                                    Choices c) {
        Objects.requireNonNull(remote, "remote is null");
        Option<Tcb> conn = spawned.get(remote);
        if (conn.isDefined()) {
            return Arrival.segmentArrives(p, conn.get(), seg, iss, now, c)
                    .map(s -> new Arrived<>(with(remote, s.tcb()), Option.some(remote), s));
        }
        return Arrival.segmentArrives(p, listener, seg, iss, now, c).map(s -> s.tcb().is(TcpState.LISTEN)
                ? new Arrived<>(new Listening<>(s.tcb(), spawned), Option.none(), s)
                : new Arrived<>(new Listening<>(listener, spawned.put(remote, s.tcb())), Option.some(remote), s));
    }

    /** Timer {@code timer} of the connection to {@code remote} expires at {@code now} (§3.10.8). */
    public Either<String, Arrived<K>> expire(Profile p, K remote, Timer timer, long now, Choices c) {
        Option<Tcb> conn = spawned.get(remote);
        if (conn.isEmpty()) {
            return Either.left("no connection to " + remote);
        }
        return Timeouts.expire(p, conn.get(), timer, now, c)
                .map(s -> new Arrived<>(with(remote, s.tcb()), Option.some(remote), s));
    }

    private static boolean live(Tcb t) {
        return !t.is(TcpState.CLOSED) && !t.is(TcpState.LISTEN);
    }
}
