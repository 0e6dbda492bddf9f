package io.github.tcpmodel.semantics;

import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Timestamps on arrival (RFC 7323 §3.2, §4.3, §5): PAWS, the test that comes before the sequence number check, and
 * the rule that updates TS.Recent after it. Only when timestamps are in use ({@link Negotiated#timestamps()}).
 *
 * <p>PAWS, §5.3 R1: "If there is a Timestamps option in the arriving segment, SEG.TSval &lt; TS.Recent, TS.Recent is
 * valid (see later discussion), and the RST bit is not set, then treat the arriving segment as not acceptable: Send
 * an acknowledgment in reply as specified in [RFC0793], page 69, and drop the segment." A RST is therefore not
 * subject to PAWS (Linux agrees: tcp_validate_incoming accepts a RST that fails PAWS); it goes on to the RFC 9293
 * checks, which with RFC 5961 already demand SEG.SEQ = RCV.NXT. Timestamps compare modulo 2^32 (§5.2).
 *
 * <p>TS.Recent is invalid after 24 days of idleness (§5.5): "If the connection has been idle for more than 24 days
 * ... the PAWS test is skipped", and the arriving timestamp becomes TS.Recent by the update rule.
 *
 * <p>A segment without the option once timestamps are in use, §3.2: "If a non-&lt;RST&gt; segment is received without a
 * TSopt, a TCP SHOULD silently drop the segment. A TCP MUST NOT abort a TCP connection because any segment lacks an
 * expected TSopt." Linux processes such a segment ({@link io.github.tcpmodel.profile.TcpExtensions#missingTimestampsAccepted()}).
 *
 * <p>The update, §4.3 (2): "If SEG.TSval &gt;= TS.Recent and SEG.SEQ &lt;= Last.ACK.sent, then SEG.TSval is copied
 * to TS.Recent; otherwise, it is ignored", applied to a segment that passed the sequence number check (§5.3 R3).
 */
public final class Paws {

    private Paws() {
    }

    /** 24 days in milliseconds: how long TS.Recent stays valid on an idle connection (RFC 7323 §5.5). */
    public static final long TS_RECENT_LIFETIME = 24L * 24 * 60 * 60 * 1000;

    /** Why an arriving segment is dropped before the sequence number check. */
    public enum Verdict {
        /** §5.3 R1: SEG.TSval &lt; TS.Recent: not acceptable, an ACK in reply. */
        OLD_TIMESTAMP("RFC 7323 §5.3 R1: SEG.TSval < TS.Recent (PAWS): not acceptable, send an ACK and drop"),
        /** §3.2: a non-RST segment without a Timestamps option: dropped silently. */
        MISSING_TIMESTAMP("RFC 7323 §3.2: a non-RST segment without a TSopt is silently dropped");

        private final String rule;

        Verdict(String rule) {
            this.rule = rule;
        }

        /** The RFC text that decides. */
        public String rule() {
            return rule;
        }

        /** Whether an ACK is sent in reply. */
        public boolean acked() {
            return switch (this) {
                case OLD_TIMESTAMP -> true;
                case MISSING_TIMESTAMP -> false;
            };
        }
    }

    /** The verdict on {@code seg} arriving at {@code now} for TCB {@code t}; none when it goes on to the checks. */
    public static Option<Verdict> check(Profile p, Tcb t, Segment seg, long now) {
        Objects.requireNonNull(p, "profile is null");
        Negotiated n = t.negotiated();
        if (!n.timestamps() || seg.rst()) {
            return Option.none();
        }
        Option<Timestamps> ts = seg.option(Timestamps.class);
        if (ts.isEmpty()) {
            return p.extensions().missingTimestampsAccepted() ? Option.none() : Option.some(Verdict.MISSING_TIMESTAMP);
        }
        boolean valid = now - n.tsRecentAt() <= TS_RECENT_LIFETIME;
        return valid && before(ts.get().tsVal(), n.tsRecent()) ? Option.some(Verdict.OLD_TIMESTAMP) : Option.none();
    }

    /**
     * The TCB after {@code seg}, which passed the sequence number check, at {@code now}: TS.Recent updated by the rule
     * of §4.3, or after 24 idle days whatever its value (§5.5).
     */
    public static Tcb record(Tcb t, Segment seg, long now) {
        Negotiated n = t.negotiated();
        if (!n.timestamps()) {
            return t;
        }
        Option<Timestamps> ts = seg.option(Timestamps.class);
        if (ts.isEmpty()) {
            return t;
        }
        long v = ts.get().tsVal();
        boolean stale = now - n.tsRecentAt() > TS_RECENT_LIFETIME;
        boolean update = stale || (!before(v, n.tsRecent()) && seg.seq().le(n.lastAckSent()));
        return update ? t.withNegotiated(n.withTsRecent(v, now)) : t;
    }

    /** Whether timestamp {@code a} is before {@code b} modulo 2^32 (RFC 7323 §5.2). */
    public static boolean before(long a, long b) {
        return (int) (a - b) < 0;
    }
}
