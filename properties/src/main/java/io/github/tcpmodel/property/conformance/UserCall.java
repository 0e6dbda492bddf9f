package io.github.tcpmodel.property.conformance;

import java.util.Objects;

/**
 * A user call of RFC 9293 §3.10.1 - §3.10.6 with its one numeric argument: the octets of a SEND, the buffer size of
 * a RECEIVE; zero for the others. A passive OPEN leaves the remote socket unspecified; an active OPEN names it.
 *
 * @param kind   the call
 * @param amount octets for SEND and RECEIVE, else 0
 */
public record UserCall(Kind kind, long amount) {

    /** The calls, in the RFC's order. */
    public enum Kind {
        /** OPEN, passive (§3.10.1). */
        PASSIVE_OPEN,
        /** OPEN, active, remote socket specified (§3.10.1). */
        ACTIVE_OPEN,
        /** SEND (§3.10.2). */
        SEND,
        /** RECEIVE (§3.10.3). */
        RECEIVE,
        /** CLOSE (§3.10.4). */
        CLOSE,
        /** ABORT (§3.10.5). */
        ABORT,
        /** STATUS (§3.10.6). */
        STATUS
    }

    public UserCall {
        Objects.requireNonNull(kind, "kind is null");
    }

    /**
     * A call without argument.
     *
     * @param kind the call
     * @return the call
     */
    public static UserCall of(Kind kind) {
        return new UserCall(kind, 0);
    }

    /**
     * SEND of {@code octets}.
     *
     * @param octets how many octets to send
     * @return the call
     */
    public static UserCall send(long octets) {
        return new UserCall(Kind.SEND, octets);
    }

    /**
     * RECEIVE of at most {@code max} octets.
     *
     * @param max the most octets to receive
     * @return the call
     */
    public static UserCall receive(long max) {
        return new UserCall(Kind.RECEIVE, max);
    }

    @Override
    public String toString() {
        String n = kind.name().replace('_', ' ');
        return kind == Kind.SEND || kind == Kind.RECEIVE ? n + "(" + amount + ")" : n;
    }
}
