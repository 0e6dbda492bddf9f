package io.github.tcpmodel.semantics;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The implementation's choices where RFC 9293 leaves them open, given as inputs so that the model checks them
 * instead of imposing one behaviour (the ISN and the current time are separate inputs to every function).
 *
 * @param ackNow       whether received text is acknowledged at once; {@code false} delays the ACK (it is then
 *                     pending in the TCB and goes out with the next segment, see {@link Emission#transmit}).
 *                     MAY-13, SHLD-18 (§3.8.6.3). A FIN, and the ACK that completes the handshake, are always
 *                     acknowledged at once
 * @param segmentSizes how SEND segmentizes: the payload sizes of the segments to emit at once; none means
 *                     "as much as the window and the MSS allow", each size is checked
 * @param rto          the retransmission timeout to use after this step's retransmission, when the
 *                     implementation computes its own (RFC 6298); none means the profile's doubling
 * @param ackThrottled whether an ACK throttle holds back the ACK this step would send in reply to a segment that
 *                     failed a check: an unacceptable segment (§3.10.7.4 first), a challenge ACK (RFC 5961 §3.2,
 *                     §4.2) and an ACK outside the acceptable range (RFC 5961 §5.2). RFC 5961 §7: "An
 *                     implementation SHOULD include an ACK throttling mechanism to be conservative"; the
 *                     reply is what an off-path attacker can make a stack send, so throttling it is the
 *                     implementation's choice (Linux: tcp_invalid_ratelimit and tcp_challenge_ack_limit). The TCB
 *                     after the step is the same either way
 */
public record Choices(boolean ackNow, Option<List<Integer>> segmentSizes, Option<Long> rto, boolean ackThrottled) {

    private static final Choices REFERENCE = new Choices(true, Option.none(), Option.none(), false);

    public Choices {
        Objects.requireNonNull(segmentSizes, "segmentSizes is null");
        Objects.requireNonNull(rto, "rto is null");
    }

    /** Choices with no ACK throttled. */
    public Choices(boolean ackNow, Option<List<Integer>> segmentSizes, Option<Long> rto) {
        this(ackNow, segmentSizes, rto, false);
    }

    /** ACK at once, segmentize greedily, double the RTO on each retransmission. */
    public static Choices reference() {
        return REFERENCE;
    }

    /** The same choices with the ACK of received text delayed. */
    public Choices delayingAcks() {
        return new Choices(false, segmentSizes, rto, ackThrottled);
    }

    /** The same choices with SEND emitting segments of exactly these payload sizes. */
    public Choices segmentizing(Integer... sizes) {
        return new Choices(ackNow, Option.some(List.of(sizes)), rto, ackThrottled);
    }

    /** The same choices with this retransmission timeout. */
    public Choices withRto(long ms) {
        return new Choices(ackNow, segmentSizes, Option.some(ms), ackThrottled);
    }

    /** The same choices with the ACK throttle of RFC 5961 §7 holding back the reply to a failed check. */
    public Choices throttlingAcks() {
        return new Choices(ackNow, segmentSizes, rto, true);
    }
}
