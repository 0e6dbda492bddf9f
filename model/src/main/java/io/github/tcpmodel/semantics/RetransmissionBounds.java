package io.github.tcpmodel.semantics;

import io.github.tcpmodel.tcb.Tcb;
import java.util.Objects;

/**
 * The bounds within which an implementation's retransmission times are allowed (RFC 9293 §3.8.1, §3.8.3 and RFC
 * 6298), as predicates: the model does not impose one RTO algorithm, it checks the times an implementation chose.
 * {@code granularity} is the clock granularity G of RFC 6298 §2, the slack a timer may show.
 */
public final class RetransmissionBounds {

    private RetransmissionBounds() {
    }

    /**
     * RFC 6298 §2.1: "Until a round-trip time (RTT) measurement has been made ... the sender SHOULD set RTO &lt;- 1
     * second".
     */
    public static final long INITIAL_RTO = 1_000;

    /**
     * RFC 6298 §5.7: after a SYN or SYN,ACK was retransmitted with an initial RTO below 3 s, "the RTO MUST be
     * re-initialized to 3 seconds when data transmission begins".
     */
    public static final long RESTARTED_RTO = 3_000;

    /** RFC 6298 §2.5: "A maximum value MAY be placed on RTO provided it is at least 60 seconds." */
    public static final long SMALLEST_MAXIMUM = 60_000;

    /** RFC 9293 §3.8.3 MUST-23: a SYN is retransmitted "for at least 3 minutes" before the attempt is given up. */
    public static final long SYN_R2 = 180_000;

    /** RFC 9293 §3.8.3 SHLD-11: "The value of R2 SHOULD correspond to at least 100 seconds". */
    public static final long DATA_R2 = 100_000;

    /** RFC 9293 §3.8.3 SHLD-10: "The value of R1 SHOULD correspond to at least 3 retransmissions". */
    public static final int R1 = 3;

    /**
     * Whether {@code interval}, the time from the first transmission of a segment to its first retransmission when no
     * RTT has been measured, is allowed: the initial RTO of 1 s (RFC 6298 §2.1), or the 3 s of §5.7 (and of RFC
     * 1122) that an implementation may still use.
     */
    public static boolean initialAllowed(long interval, long granularity) {
        return interval >= INITIAL_RTO - granularity && interval <= RESTARTED_RTO + granularity;
    }

    /**
     * Whether the timer may next expire {@code next} ms after a retransmission whose RTO was {@code previous}: RFC
     * 6298 §5.5, "The host MUST set RTO &lt;- RTO * 2 ("back off the timer")", with a maximum that is at least 60 s
     * (§2.5). An RTO at the maximum stays there.
     */
    public static boolean backoffAllowed(long previous, long next, long granularity) {
        if (previous <= 0 || next <= 0 || next > 2 * previous + granularity) {
            return false;
        }
        boolean doubled = next >= 2 * previous - granularity;
        boolean capped = next >= SMALLEST_MAXIMUM - granularity && next + granularity >= previous;
        return doubled || capped;
    }

    /**
     * Karn's algorithm (RFC 9293 §3.8.1, MUST-18; RFC 6298 §3): "RTT samples MUST NOT be made using segments that
     * were retransmitted". Whether an ACK that arrives for the oldest unacknowledged segment of {@code t} may give an
     * RTT sample: only if that segment was sent once.
     */
    public static boolean rttSampleAllowed(Tcb t) {
        Objects.requireNonNull(t, "tcb is null");
        return t.retries() == 0 && !t.retransmission().isEmpty();
    }

    /**
     * Whether an implementation may give a connection up (R2, RFC 9293 §3.8.3, MUST-20) after {@code
     * transmissions} transmissions of the same segment over {@code elapsed} ms from the first: R2 must exceed R1,
     * which "SHOULD correspond to at least 3 retransmissions" (SHLD-10); for a SYN, "R2 ... MUST be set large enough
     * to provide retransmission of the segment for at least 3 minutes" (MUST-23); for data, "R2 SHOULD correspond to
     * at least 100 seconds" (SHLD-11). An application may set R2 itself (MUST-21), which this does not judge.
     */
    public static boolean giveUpAllowed(boolean syn, int transmissions, long elapsed, long granularity) {
        return transmissions > R1 + 1 && elapsed + granularity >= (syn ? SYN_R2 : DATA_R2);
    }
}
