package io.github.tcpmodel.conformance;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.WindowScaling;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * What an implementation may do that the model does not do itself, each with the RFC text that allows it.
 *
 * <p>Three kinds of extra segment ({@link #classify}): a {@link #WINDOW_UPDATE}, a {@link #ZERO_WINDOW_PROBE} and
 * an {@link #EARLY_RETRANSMISSION}. One kind of replaced segment ({@link #repackaged}): a
 * {@link #REPACKAGED_RETRANSMISSION}. Two answers held back ({@link #heldBack}): a {@link #DELAYED_ACK} and a
 * {@link #THROTTLED_ACK}. One receive window ({@link #opened}): the {@link #OPENED_WINDOW} a RECEIVE opened before
 * a segment advertised it. A driver consults those it can observe: one that never sees user calls (a capture)
 * never consults {@link #OPENED_WINDOW}.
 */
public enum Allowance {

    /**
     * RFC 9293 §3.8.6.2.2: the receiver may send a window update, a pure {@code <SEQ=SND.NXT><ACK=RCV.NXT>
     * <CTL=ACK>} that moves the right edge of the receive window further (after the user has read text).
     */
    WINDOW_UPDATE("RFC 9293 §3.8.6.2.2"),

    /**
     * RFC 9293 §3.8.6.1 (MUST-36): with a zero send window and text or a FIN waiting, the sender must probe the
     * window. The model has no persist timer; a probe of no text at SND.UNA - 1 with nothing in flight (the form
     * Linux uses), which the peer answers with its window, is taken as it is. A probe of one new octet is a
     * transmit the model checks itself.
     */
    ZERO_WINDOW_PROBE("RFC 9293 §3.8.6.1"),

    /**
     * A retransmission before the retransmission timer: fast retransmit on duplicate ACKs (RFC 5681 §3.2), the
     * next hole on a partial ACK (RFC 6582 §3.2). The unacknowledged text from SND.UNA as it was sent (at most the
     * MSS, within SND.NXT, the FIN only where it was sent), with the current acknowledgment; the TCB does not
     * change.
     */
    EARLY_RETRANSMISSION("RFC 5681 §3.2, RFC 6582 §3.2"),

    /**
     * RFC 9293 §3.8.6: the sender "may repackage segments on the retransmission queue": a retransmission from the
     * model's SEG.SEQ with its SEG.ACK but other text (within what was sent, at most the MSS, the FIN only where it
     * was sent) stands for the model's.
     */
    REPACKAGED_RETRANSMISSION("RFC 9293 §3.8.6"),

    /**
     * RFC 9293 §3.8.6.3 (MAY-13, SHLD-18): the ACK of received text may be delayed; it then goes with the next
     * segment or on its own later.
     */
    DELAYED_ACK("RFC 9293 §3.8.6.3"),

    /**
     * RFC 5961 §7: "An implementation SHOULD include an ACK throttling mechanism to be conservative": the ACK
     * answering a segment that failed a check (§3.10.7.4 first, RFC 5961 §3.2, §4.2, §5.2) may be held back.
     */
    THROTTLED_ACK("RFC 5961 §7"),

    /**
     * RFC 9293 §3.8.6.2.2 and §3.10.7.4 first: acceptability is judged on RCV.WND, which the user's RECEIVE has
     * opened though no segment has advertised it yet; the implementation may accept a segment within it.
     */
    OPENED_WINDOW("RFC 9293 §3.8.6.2.2, §3.10.7.4");

    /** The answers an implementation may hold back, in the order they are tried. */
    public static final List<Allowance> HELD_BACK = List.of(DELAYED_ACK, THROTTLED_ACK);

    private final String rfc;

    Allowance(String rfc) {
        this.rfc = rfc;
    }

    /** The RFC text that allows it. */
    public String rfc() {
        return rfc;
    }

    /** A short name for reports, with the RFC text, e.g. {@code window update (RFC 9293 §3.8.6.2.2)}. */
    public String label() {
        String name = switch (this) {
            case WINDOW_UPDATE -> "window update";
            case ZERO_WINDOW_PROBE -> "zero-window probe";
            case EARLY_RETRANSMISSION -> "retransmission before the timer";
            case REPACKAGED_RETRANSMISSION -> "repackaged retransmission";
            case DELAYED_ACK -> "delayed ACK";
            case THROTTLED_ACK -> "throttled ACK";
            case OPENED_WINDOW -> "window opened by RECEIVE";
        };
        return name + " (" + rfc + ")";
    }

    // ---------------------------------------------------------------- extra segments

    /**
     * Which allowance explains {@code extra}, a segment the implementation sent beyond the model's during one
     * input: {@link #ZERO_WINDOW_PROBE} (on the TCB before the input, on any TCB during it, e.g. before the user
     * timeout that ended it, or on {@code now}), {@link #EARLY_RETRANSMISSION} on {@code now}, or
     * {@link #WINDOW_UPDATE} beyond the window advertised {@code before} the input. None: the segment must be what
     * the model sends next.
     *
     * @param before the model's TCB before the input
     * @param during the model's TCBs after each step of the input
     * @param now    the model's TCB after the model's segments and the extras before this one
     */
    public static Option<Allowance> classify(Tcb before, List<Tcb> during, Tcb now, Segment extra) {
        Objects.requireNonNull(extra, "extra is null");
        if (zeroWindowProbe(now, extra) || zeroWindowProbe(before, extra)
                || during.exists(t -> zeroWindowProbe(t, extra))) {
            return Option.some(ZERO_WINDOW_PROBE);
        }
        if (earlyRetransmission(now, extra)) {
            return Option.some(EARLY_RETRANSMISSION);
        }
        if (windowUpdate(before, now, extra)) {
            return Option.some(WINDOW_UPDATE);
        }
        return Option.none();
    }

    /**
     * The model's TCB after the implementation sent {@code s} under this allowance: a window update advertises
     * SEG.WND, so RCV.WND follows it; a probe, a retransmission or a held-back answer leaves the TCB as it is.
     */
    public Tcb after(Tcb t, Segment s) {
        return switch (this) {
            case WINDOW_UPDATE -> t.withRcv(t.rcv().withWnd(WindowScaling.advertisedWindow(t.negotiated(), s)));
            case ZERO_WINDOW_PROBE, EARLY_RETRANSMISSION, REPACKAGED_RETRANSMISSION, DELAYED_ACK, THROTTLED_ACK,
                    OPENED_WINDOW -> t;
        };
    }

    /** {@link #WINDOW_UPDATE}: {@code s}, sent with TCB {@code t}, moves the right edge advertised {@code before}. */
    public static boolean windowUpdate(Tcb before, Tcb t, Segment s) {
        boolean known = t.tcpState().isSynchronized();
        return known && s.isAck() && s.len() == 0 && !s.rst() && Conformance.compared(s).size() == 1
                && s.seq().equals(t.snd().nxt()) && s.ack().equals(t.rcv().nxt())
                && s.ack().plus(WindowScaling.advertisedWindow(t.negotiated(), s))
                .gt(before.rcv().nxt().plus(before.rcv().wnd()));
    }

    /** {@link #ZERO_WINDOW_PROBE}: {@code <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>}, no text, nothing in flight. */
    public static boolean zeroWindowProbe(Tcb t, Segment s) {
        boolean waiting = t.sendQueue() > 0 || (t.closeQueued() && t.snd().fin().isEmpty());
        return t.tcpState().isSynchronized() && t.snd().wnd() == 0 && t.snd().una().equals(t.snd().nxt()) && waiting
                && s.isAck() && !s.syn() && !s.fin() && !s.rst() && s.dataLength() == 0
                && s.seq().equals(t.snd().una().minus(1)) && s.ack().equals(t.rcv().nxt());
    }

    /** {@link #EARLY_RETRANSMISSION}: the unacknowledged text from SND.UNA as sent, with SEG.ACK = RCV.NXT. */
    public static boolean earlyRetransmission(Tcb t, Segment s) {
        boolean finOk = !s.fin() || t.snd().fin().contains(s.seq().plus(s.dataLength()));
        return t.tcpState().isSynchronized() && !t.retransmission().isEmpty() && !t.retransmission().head().syn()
                && s.isAck() && !s.syn() && !s.rst() && s.len() > 0 && s.seq().equals(t.snd().una())
                && s.ack().equals(t.rcv().nxt()) && s.dataLength() <= t.snd().mss()
                && s.seq().plus(s.len()).le(t.snd().nxt()) && finOk;
    }

    // ---------------------------------------------------------------- replaced segments

    /**
     * {@link #REPACKAGED_RETRANSMISSION}: {@code impl} may stand for the model's retransmission {@code model}, sent
     * with TCB {@code t}: same SEG.SEQ and SEG.ACK, text within what was sent and at most the MSS, a FIN only where
     * the FIN was sent.
     */
    public static boolean repackages(Tcb t, Segment model, Segment impl) {
        SeqNum end = impl.seq().plus(impl.len());
        boolean finOk = !impl.fin() || t.snd().fin().contains(impl.seq().plus(impl.dataLength()));
        return !model.syn() && !model.rst() && !impl.syn() && !impl.rst() && impl.seq().equals(model.seq())
                && impl.isAck() && model.isAck() && impl.ack().equals(model.ack()) && impl.len() > 0
                && impl.dataLength() <= t.snd().mss() && end.le(t.snd().nxt()) && finOk;
    }

    /**
     * The segments of the model's {@code steps}, where a retransmission (a step of
     * {@link Event#RETRANSMISSION_TIMEOUT}) the implementation repackaged is replaced by the implementation's
     * segment at the same place in {@code implSent}.
     */
    public static List<Segment> repackaged(List<Step> steps, List<Segment> implSent) {
        List<Segment> out = List.empty();
        for (Step s : steps) {
            boolean retransmission = s.projection().contains(Event.RETRANSMISSION_TIMEOUT);
            for (Segment seg : s.sent()) {
                int i = out.size();
                Segment impl = i < implSent.size() ? implSent.get(i) : null;
                boolean repack = retransmission && impl != null && !Conformance.same(seg, impl)
                        && repackages(s.tcb(), seg, impl);
                out = out.append(repack ? impl : seg);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- held-back answers

    /**
     * The choices under which the model holds back this answer: {@link Choices#delayingAcks} for
     * {@link #DELAYED_ACK}, {@link Choices#throttlingAcks} for {@link #THROTTLED_ACK}; the choices unchanged for
     * every other allowance, which does not hold an answer back.
     */
    public Choices heldBack(Choices c) {
        return switch (this) {
            case DELAYED_ACK -> c.delayingAcks();
            case THROTTLED_ACK -> c.throttlingAcks();
            case WINDOW_UPDATE, ZERO_WINDOW_PROBE, EARLY_RETRANSMISSION, REPACKAGED_RETRANSMISSION, OPENED_WINDOW -> c;
        };
    }

    /**
     * The segments of the immediate answer {@code immediate} that the held-back answer {@code held} leaves out:
     * those the implementation may send or not.
     */
    public static List<Segment> optional(List<Segment> immediate, List<Segment> held) {
        return immediate.filter(x -> !held.exists(k -> Conformance.same(k, x)));
    }

    // ---------------------------------------------------------------- the opened window

    /**
     * {@link #OPENED_WINDOW}: the model's TCB {@code t} with RCV.WND reaching {@code edge}, the right edge the
     * user's RECEIVE opened; none when no edge is known or it is not beyond the window {@code t} has.
     */
    public static Option<Tcb> opened(Tcb t, Option<SeqNum> edge) {
        long wnd = edge.map(e -> e.distanceFrom(t.rcv().nxt())).getOrElse(0L);
        return wnd > t.rcv().wnd() ? Option.some(t.withRcv(t.rcv().withWnd(wnd))) : Option.none();
    }
}
