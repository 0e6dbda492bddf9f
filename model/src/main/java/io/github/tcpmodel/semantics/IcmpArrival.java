package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.AddressFamily;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import java.util.Objects;

/**
 * An ICMP error message arriving for a connection (RFC 9293 §3.9.2.2, MUST-54, MUST-55, MUST-56, SHLD-25, SHLD-26),
 * with the blind-attack check of RFC 5927 §4.1. Pure: the TCB and the message in, the TCB after it and the verdict
 * out. ICMP is no event of the transition table (the table has no arc for it); an abort deletes the TCB as a reset
 * does, and an embryo of a passive OPEN gives way to its listener again (Figure 5 Note 1, as for a reset).
 *
 * <p>RFC 9293's reading (the default): Source Quench is silently discarded (MUST-55); the soft errors (IPv4:
 * Destination Unreachable codes 0, 1, 5, Time Exceeded 0 and 1, Parameter Problem; ICMPv6: Destination Unreachable 0
 * and 3, Time Exceeded 0 and 1, Parameter Problem 0 to 2) never abort a connection (MUST-56) and are reported to the
 * user (SHLD-25); the hard errors (IPv4 Destination Unreachable 2 to 4) abort it (SHLD-26), in every state; other
 * messages RFC 9293 does not classify are reported like soft errors (the model's choice: MUST-56's rule for the
 * unlisted). ICMPv6 Packet Too Big is path MTU discovery (RFC 8201) and aborts nothing.
 *
 * <p>Before any of this, RFC 5927 §4.1: "TCP SHOULD check that the TCP sequence number contained in the payload of
 * the ICMP error message is within the range SND.UNA =&lt; SEG.SEQ &lt; SND.NXT"; a message that fails it is
 * discarded, so an attacker who cannot see the connection cannot reset it with a forged ICMP error. A message for a
 * connection in LISTEN (or none) is discarded: there is nothing sent it could be about.
 *
 * <p>The profile switch {@link Profile#icmpAsLinux()}: soft errors abort a connection in SYN-SENT and SYN-RECEIVED,
 * the "widespread implementation behavior that treats soft errors as hard errors during connection establishment"
 * RFC 9293 notes (RFC 5461 §4); hard errors abort only there, and are reported in the synchronized states ("some
 * implementations do not abort connections when an ICMP hard error is received for a connection that is in any of
 * the synchronized states"); IPv4 Destination Unreachable code 4 (fragmentation needed) is path MTU discovery (RFC
 * 1191) and aborts nothing; the quoted sequence number may also equal SND.NXT.
 */
public final class IcmpArrival {

    private IcmpArrival() {
    }

    /**
     * One ICMP or ICMPv6 error message, with the sequence number of the TCP segment it quotes.
     *
     * @param family    IPv4 (ICMP) or IPv6 (ICMPv6)
     * @param type      the ICMP type
     * @param code      the ICMP code
     * @param quotedSeq SEG.SEQ of the quoted TCP header
     */
    public record Message(AddressFamily family, int type, int code, SeqNum quotedSeq) {
        public Message {
            Objects.requireNonNull(family, "family is null");
            Objects.requireNonNull(quotedSeq, "quotedSeq is null");
            if (type < 0 || type > 255 || code < 0 || code > 255) {
                throw new IllegalArgumentException("ICMP type and code are octets: " + type + "/" + code);
            }
        }

        /** IPv4 Destination Unreachable with {@code code}. */
        public static Message unreachable(int code, SeqNum seq) {
            return new Message(AddressFamily.IPV4, 3, code, seq);
        }
    }

    /** How RFC 9293 §3.9.2.2 classes a message. */
    public enum Kind {
        /** IPv4 Source Quench: "MUST silently discard" (MUST-55). */
        SOURCE_QUENCH,
        /** A soft error: "MUST NOT abort the connection" (MUST-56), "SHOULD make the information available" (SHLD-25). */
        SOFT,
        /** A hard error: "SHOULD abort the connection" (SHLD-26). */
        HARD,
        /** Path MTU discovery (ICMPv6 Packet Too Big, RFC 8201; IPv4 fragmentation needed under Linux, RFC 1191). */
        PATH_MTU,
        /** An error message §3.9.2.2 does not class (another code of the types above): reported, as a soft error. */
        UNLISTED,
        /** Not an error message about a segment (Redirect, Echo, ...): not TCP's to act on. */
        NOT_AN_ERROR
    }

    /** What the message does to the connection. */
    public enum Verdict {
        /** Nothing: Source Quench, a message that fails the RFC 5927 check, a message for no connection. */
        DISCARDED,
        /** The user is told; the connection goes on. */
        REPORTED,
        /** The connection is aborted: the TCB is deleted (or a passive embryo returns to LISTEN). */
        ABORTED
    }

    /**
     * The result.
     *
     * @param tcb     the TCB after the message
     * @param kind    how the message was classed
     * @param verdict what it did
     * @param rule    the RFC text that decided it
     */
    public record Result(Tcb tcb, Kind kind, Verdict verdict, String rule) {
    }

    /** How {@code m} is classed (§3.9.2.2), under the profile {@code p}. */
    public static Kind classify(Profile p, Message m) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(m, "message is null");
        int c = m.code();
        return switch (m.family()) {
            case IPV4 -> switch (m.type()) {
                case 4 -> Kind.SOURCE_QUENCH;
                case 3 -> c == 0 || c == 1 || c == 5 ? Kind.SOFT
                        : c == 4 && p.icmpAsLinux() ? Kind.PATH_MTU
                        : c >= 2 && c <= 4 ? Kind.HARD : Kind.UNLISTED;
                case 11 -> c <= 1 ? Kind.SOFT : Kind.UNLISTED;
                case 12 -> Kind.SOFT;
                default -> Kind.NOT_AN_ERROR;
            };
            case IPV6 -> switch (m.type()) {
                case 1 -> c == 0 || c == 3 ? Kind.SOFT : Kind.UNLISTED;
                case 2 -> Kind.PATH_MTU;
                case 3 -> c <= 1 ? Kind.SOFT : Kind.UNLISTED;
                case 4 -> c <= 2 ? Kind.SOFT : Kind.UNLISTED;
                default -> Kind.NOT_AN_ERROR;
            };
        };
    }

    /**
     * RFC 5927 §4.1: whether the quoted SEG.SEQ lies in SND.UNA =&lt; SEG.SEQ &lt; SND.NXT (up to SND.NXT inclusive
     * under {@link Profile#icmpAsLinux()}).
     */
    public static boolean sequenceAcceptable(Profile p, Tcb t, SeqNum quoted) {
        SeqNum una = t.snd().una();
        SeqNum nxt = t.snd().nxt();
        return quoted.ge(una) && (quoted.lt(nxt) || (p.icmpAsLinux() && quoted.equals(nxt)));
    }

    /** The ICMP error {@code m} arrives at time {@code now} for the connection whose TCB is {@code t}. */
    public static Result arrives(Profile p, Tcb t, Message m, long now) {
        Objects.requireNonNull(t, "tcb is null");
        Kind kind = classify(p, m);
        TcpState st = t.tcpState();
        if (st == TcpState.CLOSED || st == TcpState.LISTEN) {
            return new Result(t, kind, Verdict.DISCARDED, "§3.9.2.2: no connection sent what the message quotes");
        }
        if (kind == Kind.SOURCE_QUENCH) {
            return new Result(t, kind, Verdict.DISCARDED,
                    "§3.9.2.2 MUST-55: \"silently discard any received ICMP Source Quench messages\"");
        }
        if (kind == Kind.NOT_AN_ERROR) {
            return new Result(t, kind, Verdict.DISCARDED, "§3.9.2.2: not an error message about a segment");
        }
        if (!sequenceAcceptable(p, t, m.quotedSeq())) {
            return new Result(t, kind, Verdict.DISCARDED, "RFC 5927 §4.1: the quoted sequence number " + m.quotedSeq()
                    + " is outside SND.UNA =< SEG.SEQ < SND.NXT = [" + t.snd().una() + ", " + t.snd().nxt() + ")");
        }
        boolean establishing = st == TcpState.SYN_SENT || st == TcpState.SYN_RECEIVED;
        return switch (kind) {
            case HARD -> establishing || !p.icmpAsLinux()
                    ? aborted(p, t, kind, now, "§3.9.2.2 SHLD-26: a hard error: \"SHOULD abort the connection\"")
                    : new Result(t, kind, Verdict.REPORTED, "Linux (profile switch): a hard error in a synchronized "
                    + "state is reported and the connection goes on (RFC 9293 §3.9.2.2: \"some implementations do not "
                    + "abort connections when an ICMP hard error is received for a connection that is in any of the "
                    + "synchronized states\")");
            case SOFT, UNLISTED -> establishing && p.icmpAsLinux()
                    ? aborted(p, t, kind, now, "Linux (profile switch, RFC 5461 §4): a soft error aborts a connection "
                    + "being established")
                    : new Result(t, kind, Verdict.REPORTED, "§3.9.2.2 MUST-56: a soft error: \"MUST NOT abort the "
                    + "connection\"; SHLD-25: \"make the information available to the application\"");
            case PATH_MTU -> new Result(t, kind, Verdict.REPORTED,
                    "path MTU discovery (RFC 1191, RFC 8201): the path MTU is lowered; the connection goes on");
            case SOURCE_QUENCH, NOT_AN_ERROR -> throw new IllegalStateException("discarded above");
        };
    }

    private static Result aborted(Profile p, Tcb t, Kind kind, long now, String rule) {
        boolean passiveEmbryo = t.is(TcpState.SYN_RECEIVED) && t.state().origin().contains(Origin.PASSIVE);
        Tcb after = passiveEmbryo ? UserCalls.listening(p, t.userTimeout(), t.remoteSpecified(), now) : Tcb.closed();
        return new Result(after, kind, Verdict.ABORTED,
                rule + (passiveEmbryo ? "; the passive OPEN's listener goes on (Figure 5 Note 1)" : ""));
    }
}
