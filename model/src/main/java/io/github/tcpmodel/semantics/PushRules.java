package io.github.tcpmodel.semantics;

import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * The PSH bit (RFC 9293 §3.9.1.2, §3.9.1.3). A sender whose SEND has no PUSH flag (MAY-15 not taken, as with the
 * sockets interface) "MUST set the PSH bit in the last buffered segment (i.e., when there is no more queued data to
 * be sent) (MUST-61)" and must not buffer data indefinitely (MUST-60, {@link SillyWindowAvoidance#heldTooLong}).
 * The receiver needs no PSH to deliver text: "A TCP receiver MAY pass a received PSH bit to the application layer
 * via the PUSH flag in the interface (MAY-17), but it is not required"; {@link Arrival#segmentArrives} accepts and
 * acknowledges text the same with and without it, and the comparison core does not compare PSH
 * ({@link io.github.tcpmodel.conformance.Conformance#same}).
 */
public final class PushRules {

    private PushRules() {
    }

    /**
     * Whether {@code s}, sent by a connection whose TCB before it is {@code t}, is the last buffered segment: new text
     * at SND.NXT that takes all the octets queued.
     */
    public static boolean lastBuffered(Tcb t, Segment s) {
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(s, "segment is null");
        return s.dataLength() > 0 && !s.syn() && !s.rst() && s.seq().equals(t.snd().nxt())
                && s.dataLength() == t.sendQueue();
    }

    /**
     * The violations of MUST-61 by {@code s}, sent with TCB {@code t} before it, for a sender whose SEND can ({@code
     * sendCanPush}) or cannot specify PUSH: without a PUSH flag the last buffered segment carries PSH. Empty means
     * allowed; with a PUSH flag, where the PSH goes is the application's.
     */
    public static List<String> violations(Tcb t, Segment s, boolean sendCanPush) {
        return !sendCanPush && lastBuffered(t, s) && !s.has(Control.PSH)
                ? List.of("MUST-61: the last buffered segment (" + s.dataLength() + " octets at " + s.seq()
                + ", nothing queued after it) carries no PSH (§3.9.1.2)")
                : List.empty();
    }
}
