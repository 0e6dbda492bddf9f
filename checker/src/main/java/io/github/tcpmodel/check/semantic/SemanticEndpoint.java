package io.github.tcpmodel.check.semantic;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.profile.TcpExtensions;
import io.github.tcpmodel.seq.SeqNum;
import java.util.Objects;

/**
 * One endpoint of a {@link SemanticModel}: the profile its TCB runs under, how it starts, its ISS, and what its user
 * and its timers may do, each within a budget.
 *
 * @param profile       the profile; the model runs it without TCP options ({@link TcpExtensions#NONE}): the
 *                      segments carry an MSS option on SYNs and nothing else
 * @param opening       how the endpoint starts
 * @param iss           the ISS of this incarnation, any 32-bit value (near 0, 2^31 or 2^32 to explore wrap-around)
 * @param sends         how many octets the user SENDs, one octet per call
 * @param closing       when the user calls CLOSE
 * @param receives      whether the user calls RECEIVE whenever text awaits delivery
 * @param aborts        how many ABORT calls the user may make (0 or 1)
 * @param userTimeouts  how many times the user timeout may expire while armed (§3.10.8); {@link #UNBOUNDED}
 *                      for no limit
 * @param keepalives    how many keep-alive timeouts may fire while armed (§3.8.4; only profiles with keep-alive);
 *                      {@link #UNBOUNDED} for no limit (the probes' count, reset by each answer, stays finite)
 * @param delayedAcks   whether an arrival may also be processed with its ACK delayed (MAY-13, SHLD-18), the
 *                      delayed-ACK timer then sending it
 * @param variant       a broken variant of the semantics at this endpoint, or {@link SemanticVariant#NONE}
 */
public record SemanticEndpoint(Profile profile, Opening opening, long iss, int sends, Closing closing,
                               boolean receives, int aborts, int userTimeouts, int keepalives, boolean delayedAcks,
                               SemanticVariant variant) {

    /** A timer budget without limit. */
    public static final int UNBOUNDED = 3;

    /** How an endpoint starts. */
    public enum Opening {
        /** CLOSED; its user makes one active OPEN. */
        ACTIVE,
        /** LISTEN after a passive OPEN. */
        PASSIVE,
        /** ESTABLISHED with its peer, after a handshake the semantics ran before the exploration starts. */
        ESTABLISHED
    }

    /** When the user calls CLOSE, once, after all its SENDs and after reading what has arrived. */
    public enum Closing {
        /** Never. */
        NEVER,
        /** In ESTABLISHED or CLOSE-WAIT. */
        ACTIVE,
        /** Only in CLOSE-WAIT, after the peer's FIN. */
        PASSIVE
    }

    /** Validates the budgets and turns the profile's TCP options off. */
    public SemanticEndpoint {
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(opening, "opening is null");
        Objects.requireNonNull(closing, "closing is null");
        Objects.requireNonNull(variant, "variant is null");
        profile = profile.withExtensions(TcpExtensions.NONE);
        if (iss < 0 || iss >= SeqNum.MODULUS) {
            throw new IllegalArgumentException("ISS is a 32-bit value: " + iss);
        }
        if (sends < 0 || sends > 15 || aborts < 0 || aborts > 3 || userTimeouts < 0 || userTimeouts > 3
                || keepalives < 0 || keepalives > 3) {
            throw new IllegalArgumentException("budgets out of range");
        }
    }

    /** An endpoint with nothing but its opening, ISS, SENDs and CLOSE: no RECEIVE, ABORT or optional timer. */
    public static SemanticEndpoint of(Profile profile, Opening opening, long iss, int sends, Closing closing) {
        return new SemanticEndpoint(profile, opening, iss, sends, closing, false, 0, 0, 0, false,
                SemanticVariant.NONE);
    }

    /** The same endpoint with the user calling RECEIVE (or not). */
    public SemanticEndpoint receiving(boolean on) {
        return new SemanticEndpoint(profile, opening, iss, sends, closing, on, aborts, userTimeouts, keepalives,
                delayedAcks, variant);
    }

    /** The same endpoint with {@code n} ABORT calls allowed. */
    public SemanticEndpoint aborting(int n) {
        return new SemanticEndpoint(profile, opening, iss, sends, closing, receives, n, userTimeouts, keepalives,
                delayedAcks, variant);
    }

    /** The same endpoint with {@code n} user timeouts and {@code k} keep-alive timeouts allowed. */
    public SemanticEndpoint timingOut(int n, int k) {
        return new SemanticEndpoint(profile, opening, iss, sends, closing, receives, aborts, n, k, delayedAcks,
                variant);
    }

    /** The same endpoint delaying ACKs (or not). */
    public SemanticEndpoint delayingAcks(boolean on) {
        return new SemanticEndpoint(profile, opening, iss, sends, closing, receives, aborts, userTimeouts, keepalives,
                on, variant);
    }

    /** The same endpoint with the semantics changed as {@code v} says. */
    public SemanticEndpoint with(SemanticVariant v) {
        return new SemanticEndpoint(profile, opening, iss, sends, closing, receives, aborts, userTimeouts, keepalives,
                delayedAcks, v);
    }

    /** The same endpoint with another ISS. */
    public SemanticEndpoint withIss(long newIss) {
        return new SemanticEndpoint(profile, opening, newIss, sends, closing, receives, aborts, userTimeouts,
                keepalives, delayedAcks, variant);
    }
}
