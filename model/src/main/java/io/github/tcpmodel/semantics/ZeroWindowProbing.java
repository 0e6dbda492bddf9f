package io.github.tcpmodel.semantics;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Zero-window probing and the persist timer (RFC 9293 §3.8.6.1, MUST-36, SHLD-29, SHLD-30), as rules over a TCB and
 * checked choices over an implementation's probes and their times. Time is an input: the model keeps no persist timer
 * of its own; it says when a sender must be probing ({@link #mustProbe}), what a probe may be ({@link #form}), and
 * whether the times an implementation chose are allowed ({@link #firstProbeAllowed}, {@link #nextProbeAllowed},
 * {@link #overdue}).
 *
 * <p>While text or a FIN waits behind a zero window and nothing is in flight, no retransmission timer runs, so
 * without a persist timer the connection would wait forever for a window update that may be lost: "The sending TCP
 * peer must regularly transmit at least one octet of new data (if available), or retransmit to the receiving TCP
 * peer even if the send window is zero, in order to "probe" the window" (§3.8.6.1). With something in flight, the
 * retransmission timer already probes (its retransmission is the probe, and MUST-37's answer restarts its count,
 * see {@link Arrival#segmentArrives}).
 *
 * <p>The receiver's side is a rule of {@link Arrival#segmentArrives}: "When the receiving TCP peer has a zero window
 * and a segment arrives, it must still send an acknowledgment showing its next expected sequence number and current
 * window (zero)" (§3.8.6.1); a probe is not acceptable in a zero window (§3.10.7.4 first, Table 6) and is answered
 * with {@link #answer}, however often it comes.
 */
public final class ZeroWindowProbing {

    private ZeroWindowProbing() {
    }

    /** What a zero-window probe may be. */
    public enum Form {
        /**
         * One octet of new data at SND.NXT, beyond the closed window ("at least one octet of new data (if
         * available)"); {@link Emission#allowed} admits exactly one. With CLOSE called and that octet the last one
         * queued, the FIN may ride on it.
         */
        NEW_OCTET,
        /**
         * {@code <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>} with no text: a segment the receiver must find unacceptable
         * and answer with its window ("or retransmit": the octet before SND.UNA was sent and acknowledged). The
         * form of the keep-alive of §3.8.4, used by Linux for its probes.
         */
        OLD_SEQUENCE
    }

    /**
     * Whether the sender of {@code t} must be probing its peer's window (MUST-36): a synchronized state, SND.WND = 0,
     * nothing in flight (SND.NXT = SND.UNA), and text the user has SENT, or the FIN of a CLOSE, not yet sent.
     */
    public static boolean mustProbe(Tcb t) {
        Objects.requireNonNull(t, "tcb is null");
        SendVars snd = t.snd();
        return t.tcpState().isSynchronized() && snd.wnd() == 0 && snd.una().equals(snd.nxt()) && waiting(t);
    }

    private static boolean waiting(Tcb t) {
        return t.sendQueue() > 0 || (t.closeQueued() && t.snd().fin().isEmpty());
    }

    /**
     * The probe the model sends when {@link #mustProbe} holds: one octet of new data at SND.NXT (with the FIN when it
     * is the last octet queued after a CLOSE); when only the FIN waits, {@code <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>}
     * ("or retransmit"): the FIN itself stays behind the closed window, where its sequence number is "not yet
     * allowed" (§3.2 Figure 3, {@link Emission#allowed}). None when no probe is due.
     */
    public static Option<Segment> probe(Tcb t) {
        if (!mustProbe(t)) {
            return Option.none();
        }
        if (t.sendQueue() == 0) {
            return Option.some(Out.ack(t).withSeq(t.snd().una().minus(1)));
        }
        return Option.some(Out.data(t, 1, t.closeQueued() && t.sendQueue() == 1));
    }

    /**
     * Which {@link Form} of probe {@code s} is, sent by a connection whose TCB is {@code t} while
     * {@link #mustProbe} holds; none when {@code s} is not a probe of {@code t} (or no probe is due).
     */
    public static Option<Form> form(Tcb t, Segment s) {
        Objects.requireNonNull(s, "segment is null");
        if (!mustProbe(t) || s.syn() || s.rst() || !s.isAck() || !s.ack().equals(t.rcv().nxt())) {
            return Option.none();
        }
        SendVars snd = t.snd();
        if (s.seq().equals(snd.una().minus(1)) && s.dataLength() == 0 && !s.fin()) {
            return Option.some(Form.OLD_SEQUENCE);
        }
        if (!s.seq().equals(snd.nxt())) {
            return Option.none();
        }
        boolean lastOctet = t.closeQueued() && t.sendQueue() == s.dataLength();
        return s.dataLength() == 1 && (!s.fin() || lastOctet) ? Option.some(Form.NEW_OCTET) : Option.none();
    }

    /**
     * The receiver's answer to a probe arriving at a connection whose TCB is {@code t} (§3.8.6.1): {@code
     * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} with the current window.
     */
    public static Segment answer(Tcb t) {
        return Out.ack(t);
    }

    /**
     * SHLD-29: "The transmitting host SHOULD send the first zero-window probe when a zero window has existed for the
     * retransmission timeout period": whether a first probe {@code interval} ms after the window closed (with
     * nothing in flight) is allowed, the RTO being {@code rto}, within the clock granularity {@code granularity}.
     */
    public static boolean firstProbeAllowed(long interval, long rto, long granularity) {
        return rto > 0 && Math.abs(interval - rto) <= granularity;
    }

    /**
     * SHLD-30: the sender "SHOULD increase exponentially the interval between successive probes": the interval
     * doubles, as the retransmission timer backs off, up to a maximum of at least 60 s (RFC 6298 §2.5, §5.5; see
     * {@link RetransmissionBounds#backoffAllowed}).
     */
    public static boolean nextProbeAllowed(long previous, long next, long granularity) {
        return RetransmissionBounds.backoffAllowed(previous, next, granularity);
    }

    /**
     * MUST-36, "Probing of zero (offered) windows MUST be supported": whether a sender that must probe
     * ({@link #mustProbe}) since {@code since} (the window closing with nothing in flight, or its last probe) and
     * has sent no probe by {@code now} is overdue. {@code maxInterval} is the longest interval the implementation's
     * backoff reaches, its maximum RTO (RFC 6298 §2.5: at least 60 s; Linux's is 120 s): a sender is overdue only
     * once that has passed, plus the clock granularity.
     */
    public static boolean overdue(long since, long now, long maxInterval, long granularity) {
        if (maxInterval < RetransmissionBounds.SMALLEST_MAXIMUM) {
            throw new IllegalArgumentException("a maximum RTO below 60 s (RFC 6298 §2.5): " + maxInterval);
        }
        return now - since > maxInterval + granularity;
    }
}
