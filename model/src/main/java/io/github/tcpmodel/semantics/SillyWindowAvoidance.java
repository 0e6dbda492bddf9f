package io.github.tcpmodel.semantics;

import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * Silly window syndrome avoidance (RFC 9293 §3.8.6.2) and the Nagle algorithm (§3.7.4), as checked choices: the
 * implementation's decision (to send a segment of some size now, to move the right edge of its window) is an input,
 * and these functions say whether the RFC's algorithms allow it. The violations name their requirement: MUST-38
 * (the sender's algorithm, §3.8.6.2.1), MUST-39 (the receiver's, §3.8.6.2.2), SHLD-7 (Nagle), SHLD-14 (no shrinking
 * from the right), SHLD-28 (a maximum-sized segment whenever possible) and MUST-60 (no data buffered indefinitely).
 *
 * <p>The fractions Fs and Fr are the RFC's recommended 1/2. The sender's "override timeout" of rule (4) is an input
 * ({@code overrideExpired}): "The override timeout should be in the range 0.1 - 1.0 seconds", and
 * {@link #heldTooLong} holds an implementation to its upper end.
 */
public final class SillyWindowAvoidance {

    private SillyWindowAvoidance() {
    }

    /** The upper end of the override timeout's range (§3.8.6.2.1): 1.0 s. */
    public static final long OVERRIDE_LIMIT = 1_000;

    /** Which variant of the Nagle algorithm the sender runs (§3.7.4, Appendix A.3). */
    public enum Nagle {
        /** Switched off by the application (MUST-17): the bracketed conditions of §3.8.6.2.1 do not apply. */
        OFF,
        /**
         * RFC 896 as §3.7.4 states it: "If there is unacknowledged data (i.e., SND.NXT &gt; SND.UNA), then the
         * sending TCP endpoint buffers all user data (regardless of the PSH bit) until the outstanding data has been
         * acknowledged or until the TCP endpoint can send a full-sized segment".
         */
        CLASSIC,
        /**
         * The modification of Appendix A.3 (Minshall): a short segment waits only while an earlier short segment is
         * unacknowledged. Linux runs this variant.
         */
        MINSHALL
    }

    /**
     * What the sender knows when it decides, in §3.8.6.2.1's terms.
     *
     * @param queued        D, the octets queued and not yet sent
     * @param usable        U = SND.UNA + SND.WND - SND.NXT (0 when negative, MUST-34)
     * @param effSndMss     Eff.snd.MSS
     * @param maxSndWnd     Max(SND.WND), the largest window the peer has offered, the sender's estimate of RCV.BUFF
     * @param inFlight      SND.NXT - SND.UNA
     * @param shortUnacked  whether a segment shorter than Eff.snd.MSS is among those unacknowledged (Appendix A.3)
     */
    public record Sender(long queued, long usable, int effSndMss, long maxSndWnd, long inFlight,
                         boolean shortUnacked) {
        public Sender {
            if (queued < 0 || usable < 0 || effSndMss <= 0 || maxSndWnd < 0 || inFlight < 0) {
                throw new IllegalArgumentException("negative or empty sender quantities");
            }
        }

        /**
         * The sender's quantities as the model's TCB {@code t} holds them (Eff.snd.MSS: {@link MssRules#effective},
         * the send MSS less the options every segment carries).
         */
        public static Sender of(Tcb t) {
            Objects.requireNonNull(t, "tcb is null");
            SendVars snd = t.snd();
            int effSndMss = MssRules.effective(t);
            boolean shortUnacked = t.retransmission()
                    .exists(s -> s.dataLength() > 0 && s.dataLength() < effSndMss && !s.syn());
            return new Sender(t.sendQueue(), snd.usable(), effSndMss, snd.maxWnd(), snd.inFlight(), shortUnacked);
        }

        /** min(D, U): what can be sent now. */
        public long sendable() {
            return Math.min(queued, usable);
        }

        /** The bracketed condition of rules (2) and (3) under {@code nagle}. */
        boolean nagleClear(Nagle nagle) {
            return switch (nagle) {
                case OFF -> true;
                case CLASSIC -> inFlight == 0;
                case MINSHALL -> !shortUnacked;
            };
        }
    }

    /**
     * Whether §3.8.6.2.1's rules say to send now: (1) a maximum-sized segment can be sent, {@code min(D,U) >=
     * Eff.snd.MSS}; (2) the data is pushed and all of it can be sent, {@code [Nagle and] PUSHed and D <= U}; (3)
     * {@code [Nagle and] min(D,U) >= Fs * Max(SND.WND)}. Rule (4), the override timeout, is the caller's. Nothing is
     * sent when nothing can be ({@code min(D,U) = 0}).
     */
    public static boolean sendNow(Sender s, boolean pushed, Nagle nagle) {
        long m = s.sendable();
        if (m == 0) {
            return false;
        }
        return m >= s.effSndMss()
                || (s.nagleClear(nagle) && pushed && s.queued() <= s.usable())
                || (s.nagleClear(nagle) && 2 * m >= s.maxSndWnd());
    }

    /**
     * Whether the sender {@code s} may send a segment of {@code size} octets of new data now: at most min(D, U,
     * Eff.snd.MSS); a full-sized one when rule (1) holds (SHLD-28); a shorter one only by rule (2) (all that is
     * queued), rule (3) (all that the window admits) or after the override timeout (rule (4),
     * {@code overrideExpired}). {@code pushed}: the data was SENT with PUSH, or the implementation has no PUSH flag
     * and treats every SEND as pushed (MUST-61). Returns the violations; empty means allowed.
     */
    public static List<String> sendAllowed(Sender s, int size, boolean pushed, Nagle nagle, boolean overrideExpired) {
        Objects.requireNonNull(s, "sender is null");
        Objects.requireNonNull(nagle, "nagle is null");
        long m = s.sendable();
        if (size <= 0 || size > Math.min(m, s.effSndMss())) {
            return List.of("MUST-38: a segment of " + size + " octets, but min(D, U, Eff.snd.MSS) = "
                    + Math.min(m, s.effSndMss()) + " (§3.8.6.2.1)");
        }
        if (m >= s.effSndMss()) {
            return size == s.effSndMss() ? List.empty()
                    : List.of("SHLD-28: " + size + " octets where a maximum-sized segment of " + s.effSndMss()
                    + " can be sent (§3.9.1.2, §3.8.6.2.1 rule (1))");
        }
        if (overrideExpired) {
            return List.empty();
        }
        boolean rule2 = pushed && s.queued() <= s.usable() && size == s.queued();
        boolean rule3 = 2 * m >= s.maxSndWnd() && size == m;
        if ((rule2 || rule3) && s.nagleClear(nagle)) {
            return List.empty();
        }
        if (rule2 || rule3) {
            return List.of("SHLD-7: a short segment of " + size + " octets while "
                    + (nagle == Nagle.CLASSIC ? "data is unacknowledged" : "a short segment is unacknowledged")
                    + " (§3.7.4" + (nagle == Nagle.MINSHALL ? ", Appendix A.3" : "") + ")");
        }
        return List.of("MUST-38: a short segment of " + size + " octets: not a maximum-sized segment, not all the "
                + "pushed data (D = " + s.queued() + ", U = " + s.usable() + "), not half the largest window "
                + s.maxSndWnd() + ", before the override timeout (§3.8.6.2.1)");
    }

    /**
     * MUST-60 ("MUST NOT buffer data indefinitely") with rule (4)'s bound: whether the sender {@code s}, which has
     * held text it could send ({@code min(D,U) > 0}) for {@code heldFor} ms with nothing in flight to wait for, is
     * past the override timeout's upper end ({@link #OVERRIDE_LIMIT}), within the clock granularity.
     */
    public static boolean heldTooLong(Sender s, long heldFor, long granularity) {
        return s.sendable() > 0 && s.inFlight() == 0 && heldFor > OVERRIDE_LIMIT + granularity;
    }

    /**
     * The smallest step by which the receiver's algorithm moves the right window edge (§3.8.6.2.2): {@code min(Fr *
     * RCV.BUFF, Eff.snd.MSS)}, Fr = 1/2.
     */
    public static long threshold(long rcvBuff, int effSndMss) {
        if (rcvBuff <= 0 || effSndMss <= 0) {
            throw new IllegalArgumentException("RCV.BUFF and Eff.snd.MSS must be positive");
        }
        return Math.min(rcvBuff / 2, effSndMss);
    }

    /**
     * Whether a receiver whose right window edge RCV.NXT + RCV.WND was {@code previousEdge} may advertise {@code
     * newEdge}: the edge stays where it is, or advances by at least {@link #threshold} (MUST-39: "keep RCV.NXT+RCV.WND
     * fixed until the reduction satisfies: RCV.BUFF - RCV.USER - RCV.WND &gt;= min( Fr * RCV.BUFF, Eff.snd.MSS
     * )", and then RCV.WND is set to RCV.BUFF - RCV.USER, an advance of the whole reduction). An edge that moves left
     * shrinks the window (SHLD-14). {@code rcvBuff} is the receiver's RCV.BUFF, {@code effSndMss} its own
     * Eff.snd.MSS ("the receiver must use its own Eff.snd.MSS"). Returns the violations; empty means allowed.
     */
    public static List<String> windowUpdateAllowed(SeqNum previousEdge, SeqNum newEdge, long rcvBuff, int effSndMss) {
        Objects.requireNonNull(previousEdge, "previousEdge is null");
        Objects.requireNonNull(newEdge, "newEdge is null");
        long step = threshold(rcvBuff, effSndMss);
        if (newEdge.lt(previousEdge)) {
            return List.of("SHLD-14: the right window edge moves left from " + previousEdge + " to " + newEdge
                    + " (§3.8.6)");
        }
        long advance = newEdge.offsetFrom(previousEdge);
        return advance == 0 || advance >= step ? List.empty()
                : List.of("MUST-39: the right window edge advances by " + advance + " octets, less than min(RCV.BUFF"
                + " / 2, Eff.snd.MSS) = " + step + " (§3.8.6.2.2)");
    }
}
