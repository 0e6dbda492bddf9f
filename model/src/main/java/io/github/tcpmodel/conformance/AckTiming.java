package io.github.tcpmodel.conformance;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.AckDelayBounds;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * The delayed-ACK bounds of RFC 9293 §3.8.6.3 on a receiver, from what a driver observes of it: the times at which its
 * RCV.NXT advances over arriving text (or a FIN), and the times at which it sends segments carrying an ACK.
 * <ul>
 *   <li>MUST-40: "in particular, the delay MUST be less than 0.5 seconds" ({@link AckDelayBounds#delayAllowed}): every
 *       octet that advanced RCV.NXT is acknowledged less than 500 ms after it did, whether by a pure ACK or by an
 *       ACK riding on text (MAY-13 lets the ACK wait for it);</li>
 *   <li>SHLD-19: "an ACK SHOULD be generated for at least every second full-sized segment or 2*RMSS bytes of new data"
 *       ({@link AckDelayBounds#holdAllowed}): when text arrives while 2 * RMSS octets or more are already held
 *       unacknowledged, the receiver has let a second full-sized segment go without its ACK. It is a SHOULD: a
 *       receiver may have reasons (Linux holds its ACK while the application does not read and the window would not
 *       move), so drivers report it apart from the MUSTs ({@link Checked#shoulds}).</li>
 * </ul>
 * Out-of-order text does not advance RCV.NXT and is not timed here (SHLD-18's immediate ACK for it is a SHOULD the
 * model's {@link io.github.tcpmodel.semantics.Arrival} already takes). Time is an input in milliseconds; the value is
 * immutable and every observation returns the next one.
 *
 * @param rmss     RMSS, the MSS the receiver announced (or the default it assumed)
 * @param acked    the highest SEG.ACK the receiver has sent (none before its first ACK is observed)
 * @param waiting  the text not yet acknowledged, oldest first: the RCV.NXT each arrival reached and when
 * @param overdue  whether the oldest waiting arrival was already reported late by {@link #elapsed}
 */
public record AckTiming(int rmss, Option<SeqNum> acked, List<Arrived> waiting, boolean overdue) {

    /** An arrival that advanced RCV.NXT to {@code end} at time {@code at} (ms). */
    public record Arrived(SeqNum end, long at) {
        public Arrived {
            Objects.requireNonNull(end, "end is null");
        }
    }

    /** The next state, the MUST violations ({@code violations}) and the SHOULDs not met ({@code shoulds}). */
    public record Checked(AckTiming next, List<String> violations, List<String> shoulds) {
        public Checked {
            Objects.requireNonNull(next, "next is null");
            Objects.requireNonNull(violations, "violations is null");
            Objects.requireNonNull(shoulds, "shoulds is null");
        }
    }

    public AckTiming {
        Objects.requireNonNull(acked, "acked is null");
        Objects.requireNonNull(waiting, "waiting is null");
        if (rmss <= 0) {
            throw new IllegalArgumentException("RMSS must be positive: " + rmss);
        }
    }

    /** A receiver that announced RMSS {@code rmss} and has sent no ACK yet. */
    public static AckTiming start(int rmss) {
        return new AckTiming(rmss, Option.none(), List.empty(), false);
    }

    private Checked same() {
        return new Checked(this, List.empty(), List.empty());
    }

    /**
     * Text (or a FIN) arrived at {@code now} and moved the receiver's RCV.NXT from {@code before} to {@code after}.
     * Before the first ACK is observed, what lay below {@code before} is taken as acknowledged.
     */
    public Checked received(long now, SeqNum before, SeqNum after) {
        Objects.requireNonNull(before, "before is null");
        Objects.requireNonNull(after, "after is null");
        if (!after.gt(before)) {
            return same();
        }
        SeqNum base = acked.getOrElse(before);
        long held = base.lt(before) ? before.offsetFrom(base) : 0;
        List<String> shoulds = AckDelayBounds.holdAllowed(held, rmss) ? List.empty()
                : List.of("SHLD-19 (RFC 9293 §3.8.6.3): " + held + " octets (2 * RMSS = " + 2L * rmss
                        + ") were held without an ACK when more text arrived");
        AckTiming next = new AckTiming(rmss, Option.some(base), waiting.append(new Arrived(after, now)), overdue);
        return new Checked(next, List.empty(), shoulds);
    }

    /** The receiver sent {@code s} at {@code now}: an ACK (pure or riding on text) acknowledges what it covers. */
    public Checked sent(long now, Segment s) {
        Objects.requireNonNull(s, "segment is null");
        if (!s.isAck() || s.rst()) {
            return same();
        }
        SeqNum ack = s.ack();
        if (acked.isDefined() && !ack.gt(acked.get())) {
            return same();
        }
        List<Arrived> left = waiting;
        List<String> v = List.empty();
        if (!left.isEmpty() && !left.head().end().gt(ack)) {
            long delay = now - left.head().at();
            if (!overdue && !AckDelayBounds.delayAllowed(delay)) {
                v = List.of(late(left.head(), delay, "acknowledged"));
            }
        }
        boolean covered = false;
        while (!left.isEmpty() && !left.head().end().gt(ack)) {
            left = left.tail();
            covered = true;
        }
        return new Checked(new AckTiming(rmss, Option.some(ack), left, overdue && !covered), v, List.empty());
    }

    /**
     * The last moment (ms) at which an ACK of the oldest waiting text is still in time: 499 ms after it arrived (the
     * delay MUST be less than 500 ms, in whole milliseconds). None when nothing waits or it was already reported.
     */
    public Option<Long> due() {
        return waiting.isEmpty() || overdue ? Option.none() : Option.some(waiting.head().at() + AckDelayBounds.LIMIT - 1);
    }

    /**
     * Time {@code now} has come with no ACK observed since the last observation: the oldest waiting text, if it has
     * waited 500 ms or more, is late (reported once).
     */
    public Checked elapsed(long now) {
        if (waiting.isEmpty() || overdue) {
            return same();
        }
        long delay = now - waiting.head().at();
        if (AckDelayBounds.delayAllowed(delay)) {
            return same();
        }
        return new Checked(new AckTiming(rmss, acked, waiting, true),
                List.of(late(waiting.head(), delay, "still unacknowledged")), List.empty());
    }

    private static String late(Arrived a, long delay, String what) {
        return "MUST-40 (RFC 9293 §3.8.6.3): text that arrived at " + a.at() + " ms (RCV.NXT " + a.end() + ") was "
                + what + " " + delay + " ms later; the delay MUST be less than " + AckDelayBounds.LIMIT + " ms";
    }
}
