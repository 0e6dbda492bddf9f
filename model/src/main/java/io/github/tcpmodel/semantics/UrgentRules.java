package io.github.tcpmodel.semantics;

import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The sending side of the urgent mechanism (RFC 9293 §3.8.5, MUST-30, MUST-31, MUST-62) and what remains urgent at
 * the receiver (MUST-33). The receiving side's RCV.UP is a rule of {@link Arrival#segmentArrives} (§3.10.7.4 sixth).
 *
 * <p>SND.UP is not kept in the TCB: a SEND with the URGENT flag sets it ({@link #sndUpAfterSend}) and the caller holds
 * it. RFC 9293 fixes where it points: "The urgent pointer MUST point to the sequence number of the octet following
 * the urgent data (MUST-62)"; §3.10.2's "SND.UP &lt;- SND.NXT" is read with it as SND.NXT once the urgent SEND's data
 * is sent. "The urgent field ... is carried in all segments transmitted. The URG control flag indicates that the
 * urgent field is meaningful and must be added to the segment sequence number to yield the urgent pointer. The
 * absence of this flag indicates that there is no urgent data outstanding" (§3.8.5): every segment whose SEG.SEQ lies
 * before SND.UP carries URG and SEG.UP = SND.UP - SEG.SEQ; the 16-bit field caps an offset beyond 65535 at 65535, a
 * point inside the urgent data that the following segments move on (MUST-31: urgent data of any length).
 */
public final class UrgentRules {

    private UrgentRules() {
    }

    /** The largest SEG.UP the header carries. */
    public static final int MAX_FIELD = 0xFFFF;

    /**
     * SND.UP after a SEND of {@code octets} with the URGENT flag on a connection whose TCB is {@code t} before the
     * call: the octet following the last one of this SEND, SND.NXT + the octets queued + {@code octets}.
     */
    public static SeqNum sndUpAfterSend(Tcb t, long octets) {
        Objects.requireNonNull(t, "tcb is null");
        if (octets <= 0) {
            throw new IllegalArgumentException("an urgent SEND sends at least one data octet (§3.8.5): " + octets);
        }
        return t.snd().nxt().plus(t.sendQueue() + octets);
    }

    /**
     * The SEG.UP a segment {@code s} must carry with SND.UP = {@code sndUp}: none (no URG) when SND.UP is not beyond
     * SEG.SEQ, otherwise {@code min(SND.UP - SEG.SEQ, 65535)}.
     */
    public static Option<Integer> expected(SeqNum sndUp, Segment s) {
        Objects.requireNonNull(sndUp, "sndUp is null");
        Objects.requireNonNull(s, "segment is null");
        if (s.rst() || !sndUp.gt(s.seq())) {
            return Option.none();
        }
        return Option.some((int) Math.min(sndUp.offsetFrom(s.seq()), MAX_FIELD));
    }

    /**
     * The violations of the urgent field by {@code s}, sent with SND.UP = {@code sndUp} (none when the user never
     * sent urgent data). Empty means allowed.
     */
    public static List<String> violations(Option<SeqNum> sndUp, Segment s) {
        Option<Integer> want = sndUp.flatMap(up -> expected(up, s));
        boolean urg = s.has(Control.URG);
        if (want.isEmpty()) {
            return urg ? List.of("URG set at " + s.seq() + " with no urgent data outstanding (§3.8.5: \"The absence of "
                    + "this flag indicates that there is no urgent data outstanding\")") : List.empty();
        }
        if (!urg) {
            return List.of("MUST-30: no URG at " + s.seq() + " while urgent data up to " + sndUp.get()
                    + " is outstanding (§3.8.5)");
        }
        return s.urgent() == want.get() ? List.empty()
                : List.of("MUST-62: SEG.UP = " + s.urgent() + " points to " + s.seq().plus(s.urgent())
                + ", not to the octet following the urgent data, " + sndUp.get() + " (SEG.UP = " + want.get() + ")");
    }

    /**
     * MUST-33, "a way for the application to learn how much urgent data remains to be read": the octets from the
     * first one not yet delivered (RCV.NXT less the octets awaiting RECEIVE) up to RCV.UP; 0 when none.
     */
    public static long remaining(Tcb t) {
        Objects.requireNonNull(t, "tcb is null");
        SeqNum unread = t.rcv().nxt().minus(t.undelivered());
        return t.rcv().up().gt(unread) ? t.rcv().up().offsetFrom(unread) : 0;
    }
}
