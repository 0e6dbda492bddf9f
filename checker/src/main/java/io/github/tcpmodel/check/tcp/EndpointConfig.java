package io.github.tcpmodel.check.tcp;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TransitionTable;
import java.util.Objects;

/**
 * One endpoint's configuration: its transition table, how it starts, its ISS, what its user does, and the profile
 * whose segment semantics process what arrives.
 *
 * @param table  the transition table it steps: its profile's table, or a variant of it whose arcs override the
 *               profile's where they differ
 * @param start  how it starts
 * @param iss    its initial send sequence number for this incarnation
 * @param sends  how many units of data its user sends once the connection is synchronized (0 to 3)
 * @param closes when its user calls CLOSE (always after its sends)
 * @param profile the profile under which {@link io.github.tcpmodel.semantics.Arrival} processes arriving segments
 */
public record EndpointConfig(TransitionTable table, Start start, int iss, int sends, Close closes, Profile profile) {

    /** When the user calls CLOSE. */
    public enum Close {
        /** Never. */
        NEVER,
        /** In ESTABLISHED or CLOSE-WAIT, whichever comes: it may close first (the active closer). */
        ACTIVE,
        /** Only in CLOSE-WAIT, after the peer's FIN: the passive closer. */
        PASSIVE
    }

    /** How an endpoint starts. */
    public enum Start {
        /** CLOSED; its user calls active OPEN once, at any time. */
        ACTIVE,
        /** LISTEN (its passive OPEN has happened). */
        PASSIVE,
        /** ESTABLISHED with the peer, nothing in flight (for the closing theorems). */
        ESTABLISHED
    }

    /** Validates the bounds. */
    public EndpointConfig {
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(closes, "closes is null");
        Objects.requireNonNull(profile, "profile is null");
        if (sends < 0 || sends > 3) {
            throw new IllegalArgumentException("sends must lie in 0..3: " + sends);
        }
        if (iss < 0 || iss + sends + 2 > AbstractSegment.MAX_SEQ) {
            throw new IllegalArgumentException("iss + sends + 2 must fit in 0.." + AbstractSegment.MAX_SEQ + ": iss " + iss);
        }
    }

    /** An endpoint under the RFC 9293 profile ({@link Profile#rfc9293()}). */
    public EndpointConfig(TransitionTable table, Start start, int iss, int sends, Close closes) {
        this(table, start, iss, sends, closes, Profile.rfc9293());
    }

    /** The same peer with another table. */
    public EndpointConfig withTable(TransitionTable t) {
        return new EndpointConfig(t, start, iss, sends, closes, profile);
    }

    /** The same peer under another profile, stepping that profile's table. */
    public EndpointConfig withProfile(Profile p) {
        return new EndpointConfig(p.table(), start, iss, sends, closes, p);
    }
}
