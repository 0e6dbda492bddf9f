package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Sending what is queued, and checking what an implementation sends.
 *
 * <p>RFC 9293 leaves segmentation, the timing of ACKs and of the FIN after queued data to the implementation
 * (§3.8.6, §3.10.2, §3.10.4). {@link #transmit} is "the implementation now emits its next segment, of this size";
 * the model checks the size is allowed. {@link #allowed} checks any segment an implementation emits against the
 * TCB (a first conformance check for monitors and trace checkers; what it covers is listed there).
 */
public final class Emission {

    private Emission() {
    }

    /**
     * Emit the next segment: {@code size} octets of queued data, with the FIN when the user has closed, they are
     * the last, and the FIN's sequence number lies within the send window; with {@code size = 0}, the FIN alone
     * when only it is left and the window admits it, else a pending (delayed) ACK. The step projects onto the call
     * that queued what is sent: CLOSE once the user has closed, SEND otherwise (in every state where this emits,
     * the table's outcome of that call keeps the state).
     */
    public static Either<String, Step> transmit(Profile p, Tcb t, int size, long now) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        return OptionStamp.stamp(p, t, now, project(t, emit(p, t, size, Option.none(), now)));
    }

    /**
     * As {@link #transmit(Profile, Tcb, int, long)}, with the implementation's choice of whether this segment
     * carries the FIN: RFC 9293 §3.10.4 sends the FIN once "all preceding SENDs have been segmentized", and an
     * implementation may send the last octets now and the FIN in a later segment. {@code withFin} true is an error
     * when the FIN cannot go now (not closed, data left after these octets, or no room in the window).
     */
    public static Either<String, Step> transmit(Profile p, Tcb t, int size, boolean withFin, long now) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        return OptionStamp.stamp(p, t, now, project(t, emit(p, t, size, Option.some(withFin), now)));
    }

    private static Either<String, Step> project(Tcb t, Either<String, Step> emitted) {
        return emitted.map(s -> new Step(s.tcb(), s.sent(), List.empty(), 0,
                Step.projection(t.closeQueued() ? Event.CLOSE : Event.SEND), s.rule()));
    }

    static Either<String, Step> emit(Profile p, Tcb t, int size, long now) {
        return emit(p, t, size, Option.none(), now);
    }

    /**
     * Whether a FIN after {@code size} more octets may go now: the user closed, no other data would be left, and
     * its sequence number is within SND.UNA + SND.WND (§3.2 Figure 3: beyond it is "not yet allowed").
     */
    static boolean finMayGo(Tcb t, int size) {
        return finQueued(t, size) && t.snd().usable() - size >= 1;
    }

    private static boolean finQueued(Tcb t, int size) {
        return t.closeQueued() && t.snd().fin().isEmpty() && size == t.sendQueue();
    }

    /**
     * The FIN of a CLOSE in SYN-RECEIVED (§3.10.4: "form a FIN segment and send it"): the peer's window is not
     * yet taken into SND.WND there (§3.10.7.4 fifth sets it on the ACK of our SYN), so no window test applies.
     */
    static Either<String, Step> finFromSynReceived(Profile p, Tcb closing, long now) {
        return finQueued(closing, 0) ? emit(p, closing, 0, Option.some(true), false, now)
                : Either.left("no FIN is queued");
    }

    private static Either<String, Step> emit(Profile p, Tcb t, int size, Option<Boolean> withFin, long now) {
        return emit(p, t, size, withFin, true, now);
    }

    private static Either<String, Step> emit(Profile p, Tcb t, int size, Option<Boolean> withFin, boolean window,
                                             long now) {
        if (!t.tcpState().isSynchronized() && !FastOpen.textAccepted(t)) {
            return Either.left("nothing is sent from the queues in " + t.tcpState().rfcName()
                    + ": data waits for ESTABLISHED (§3.10.2)");
        }
        if (size < 0) {
            return Either.left("negative segment size: " + size);
        }
        boolean finMay = window ? finMayGo(t, size) : finQueued(t, size);
        if (withFin.contains(true) && !finMay) {
            return Either.left("the FIN cannot go with this segment: it needs CLOSE, no data left after it, and room "
                    + "in the send window (§3.2 Figure 3)");
        }
        boolean fin;
        if (size > 0) {
            if (size > t.sendQueue()) {
                return Either.left("segment of " + size + " octets but only " + t.sendQueue() + " are queued");
            }
            if (size > MssRules.effective(t)) {
                return Either.left("segment of " + size + " octets exceeds the effective send MSS "
                        + MssRules.effective(t) + " (MUST-16, §3.7.1)");
            }
            if (size > t.snd().usable()) {
                return Either.left("segment of " + size + " octets exceeds the usable window "
                        + t.snd().usable() + " (SND.UNA + SND.WND - SND.NXT, §3.8.6)");
            }
            fin = withFin.getOrElse(finMay);
        } else if (finMay && !withFin.contains(false)) {
            fin = true;
        } else if (t.ackPending()) {
            fin = false;
        } else {
            return Either.left("nothing to send in " + t.tcpState().rfcName()
                    + (t.closeQueued() && t.snd().fin().isEmpty() && t.sendQueue() == 0
                    ? ": the FIN waits for room in the send window (§3.2 Figure 3)" : ""));
        }
        Segment s = Out.data(t, size, fin);
        SeqNum nxt = t.snd().nxt();
        SendVars snd = t.snd().withNxt(nxt.plus(s.len()));
        snd = fin ? snd.withFin(nxt.plus(size)) : snd;
        // SND.NXT advanced, the octets taken from the send queue, no ACK pending, the segment queued for
        // retransmission if it occupies sequence space: one TCB.
        Tcb after = new Tcb(t.state(), snd, t.rcv(), t.sendQueue() - size, t.closeQueued(),
                s.len() > 0 ? t.retransmission().append(s) : t.retransmission(), t.undelivered(), t.reassembly(),
                t.timers(), t.lastReceived(), t.retries(), t.probes(), t.rto(), t.userTimeout(), t.remoteSpecified(),
                false, t.orphaned(), t.negotiated());
        String rule = fin ? (size > 0 ? SEND_DATA_AND_FIN : SEND_FIN) : size > 0 ? SEND_DATA : SEND_DELAYED_ACK;
        return Either.right(Step.of(Timers.normalize(p, after, now), List.of(s), List.empty(), Event.SEND, rule));
    }

    private static final String SEND_DATA_AND_FIN = "§3.10.2 / §3.10.4: send data and FIN <SEQ=SND.NXT><ACK=RCV.NXT>";
    private static final String SEND_FIN = "§3.10.2 / §3.10.4: send FIN <SEQ=SND.NXT><ACK=RCV.NXT>";
    private static final String SEND_DATA = "§3.10.2 / §3.10.4: send data <SEQ=SND.NXT><ACK=RCV.NXT>";
    private static final String SEND_DELAYED_ACK = "§3.10.2 / §3.10.4: send delayed ACK <SEQ=SND.NXT><ACK=RCV.NXT>";

    /** SEND's segmentizing: the sizes the implementation chose, or greedily by MSS and usable window. */
    static Either<String, Step> segmentize(Profile p, Tcb t, long now, Choices c, String rule) {
        Tcb cur = t;
        List<Segment> sent = List.empty();
        if (c.segmentSizes().isDefined()) {
            for (Integer size : c.segmentSizes().get()) {
                if (size == null || size <= 0) {
                    return Either.left("segment sizes must be positive");
                }
                Either<String, Step> e = emit(p, cur, size, now);
                if (e.isLeft()) {
                    return Either.left(e.getLeft());
                }
                cur = e.get().tcb();
                sent = sent.appendAll(e.get().sent());
            }
        } else {
            while (cur.sendQueue() > 0 && Math.min(MssRules.effective(cur), cur.snd().usable()) > 0) {
                int size = (int) Math.min(cur.sendQueue(), Math.min(MssRules.effective(cur), cur.snd().usable()));
                Step s = emit(p, cur, size, now).get();
                cur = s.tcb();
                sent = sent.appendAll(s.sent());
            }
        }
        return Either.right(Step.of(cur, sent, List.of(Notice.OK), Event.SEND, rule));
    }

    /**
     * Whether an implementation may emit {@code s} from a connection whose TCB is {@code t} (the TCB before the
     * segment is sent). Returns the violations; empty means allowed.
     *
     * <p>Covered: which kind of segment each state may send (none but RST from CLOSED and LISTEN; SYN from SYN-SENT;
     * SYN,ACK or ACK from SYN-RECEIVED, and text there once the text of a Fast Open SYN was accepted, RFC 7413
     * §4.2.2); text on a SYN or SYN,ACK within the queued text and the MSS (§3.10.1: "Data
     * associated with SEND may be sent with SYN segment"; §3.10.7.3: "Data or controls that were queued for
     * transmission may be included"), with a FIN only after CLOSE and all of it; SEG.SEQ within [SND.UNA - 1,
     * SND.NXT] (SND.UNA - 1 only for a keep-alive probe, §3.8.4); SEG.ACK = RCV.NXT with the ACK bit on every
     * non-initial segment; new data within the peer's window (SND.UNA + SND.WND, a one-octet zero-window probe
     * excepted, §3.8.6.1), within the MSS and the queued data; a FIN only after CLOSE and after all queued data.
     * Not yet covered: RST forms and their sequence numbers, the advertised window (shrinking, SWS avoidance),
     * options other than MSS, the urgent pointer, retransmitted content matching what was sent, timing.
     */
    public static List<String> allowed(Tcb t, Segment s) {
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(s, "segment is null");
        if (s.rst()) {
            return List.empty();
        }
        SendVars snd = t.snd();
        return switch (t.tcpState()) {
            case CLOSED, LISTEN -> List.of("no segment but a RST is sent in " + t.tcpState().rfcName());
            case SYN_SENT -> List.of(
                    check(s.syn() && !s.isAck(), "SYN-SENT sends <SEQ=ISS><CTL=SYN> (§3.10.1)"),
                    check(s.seq().equals(snd.iss()), "the SYN carries SEG.SEQ = ISS = " + snd.iss()),
                    synText(t, s))
                    .flatMap(x -> x);
            case SYN_RECEIVED -> s.syn()
                    ? List.of(
                            check(s.isAck(), "a SYN from SYN-RECEIVED is a SYN,ACK (§3.10.7.2)"),
                            check(s.seq().equals(snd.iss()), "the SYN,ACK carries SEG.SEQ = ISS = " + snd.iss()),
                            check(s.isAck() && s.ack().equals(t.rcv().nxt()), "SEG.ACK must be RCV.NXT"),
                            synText(t, s))
                            .flatMap(x -> x)
                    // RFC 7413 §4.2.2: a server that accepted the text of the SYN may send before the handshake ends.
                    : FastOpen.textAccepted(t) ? synchronizedViolations(t, s)
                    : List.of(
                            check(s.isAck() && s.ack().equals(t.rcv().nxt()), "SEG.ACK must be RCV.NXT"),
                            check(s.seq().equals(snd.nxt()) && s.len() == 0,
                                    "before ESTABLISHED only an empty <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent"))
                            .flatMap(x -> x);
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT ->
                    synchronizedViolations(t, s);
        };
    }

    /**
     * The text and FIN of a SYN or SYN,ACK: at most what the user has SENT and the MSS this side may send; a FIN only
     * after CLOSE, with all the queued text.
     */
    private static List<String> synText(Tcb t, Segment s) {
        return List.of(
                check(s.dataLength() <= t.sendQueue(), "the SYN carries " + s.dataLength() + " octets but only "
                        + t.sendQueue() + " are queued (§3.10.1)"),
                check(s.dataLength() <= t.snd().mss(), "payload exceeds the MSS " + t.snd().mss() + " (§3.7.1)"),
                check(!s.fin() || (t.closeQueued() && s.dataLength() == t.sendQueue()),
                        "a FIN only after CLOSE, after all queued data (§3.10.4)"))
                .flatMap(x -> x);
    }

    private static List<String> synchronizedViolations(Tcb t, Segment s) {
        SendVars snd = t.snd();
        boolean synAckRetransmission = s.syn() && s.seq().equals(snd.iss()) && snd.una().equals(snd.iss());
        long seqOff = s.seq().offsetFrom(snd.una());
        long flight = snd.inFlight();
        boolean keepAlive = s.seq().equals(snd.una().minus(1)) && s.dataLength() <= 1 && !s.fin() && !s.syn();
        long endOff = seqOff + s.len();
        long queuedEnd = flight + t.sendQueue() + (t.closeQueued() && snd.fin().isEmpty() ? 1 : 0);
        boolean zeroWindowProbe = snd.wnd() == 0 && s.dataLength() == 1;
        boolean finOk = !s.fin() || (t.closeQueued()
                && (snd.fin().isDefined() && snd.fin().get().equals(s.seq().plus(s.dataLength()))
                || (snd.fin().isEmpty() && endOff == queuedEnd)));
        boolean synOk = !s.syn() || synAckRetransmission;
        boolean ackOk = s.isAck() && s.ack().equals(t.rcv().nxt());
        boolean seqOk = keepAlive || seqOff <= flight;
        boolean windowOk = keepAlive || endOff <= flight || endOff <= snd.wnd() || zeroWindowProbe;
        boolean queueOk = keepAlive || endOff <= queuedEnd;
        boolean mssOk = MssRules.payloadAllowed(t, s);
        if (synOk && ackOk && seqOk && windowOk && queueOk && mssOk && finOk) {
            // Checked for every segment a monitor sees: the messages are formed only for a segment that breaks a rule.
            return List.empty();
        }
        return List.of(
                check(synOk, "no SYN once synchronized, except a SYN,ACK retransmission"),
                check(ackOk, "every segment carries <ACK=RCV.NXT> = " + t.rcv().nxt() + " (§3.10.7.4 seventh)"),
                check(seqOk, "SEG.SEQ must lie in [SND.UNA, SND.NXT] = [" + snd.una() + ", " + snd.nxt() + "]"),
                check(windowOk, "new data must lie within the peer's window SND.UNA + SND.WND (§3.8.6)"),
                check(queueOk, "more octets than the user has SENT"),
                check(mssOk, "payload exceeds the MSS " + snd.mss() + (MssRules.fixedOptionSpace(s) == 0 ? ""
                        : " less " + MssRules.fixedOptionSpace(s) + " octets of TCP options") + " (MUST-16, §3.7.1)"),
                check(finOk, "a FIN only after CLOSE, after all queued data (§3.10.4)"))
                .flatMap(x -> x);
    }

    private static List<String> check(boolean ok, String message) {
        return ok ? List.empty() : List.of(message);
    }

}
