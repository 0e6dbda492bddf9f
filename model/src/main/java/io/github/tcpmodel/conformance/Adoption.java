package io.github.tcpmodel.conformance;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.EcnMode;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.profile.TcpExtensions;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What the implementation sent, taken as the model's inputs where RFC 9293 leaves the choice to the
 * implementation, so that the model checks the choice instead of imposing its own:
 * <ul>
 *   <li>the TCP extensions and the MSS it offers ({@link #extensions}, {@link #profile}): RFC 7323 §2.2 and §3.2,
 *       RFC 2018 §2, RFC 3168 §6.1.1 and RFC 7413 make each an offer the implementation may or may not make;</li>
 *   <li>the ISS ({@link #iss}): §3.4.1 leaves the initial sequence number to the implementation (MUST-8 asks only
 *       that it be clock-driven or as unpredictable, RFC 6528);</li>
 *   <li>the segment sizes of a SEND ({@link #choices}): §3.8.6 and §3.10.2 leave segmentation to the sender,
 *       within the MSS (§3.7.1), the usable window and the queued text, which the model checks;</li>
 *   <li>ACK now or later, and the throttled ACK ({@link #answer}): §3.8.6.3 (MAY-13, SHLD-18) lets received text
 *       be acknowledged later, RFC 5961 §7 lets the ACK answering a segment that failed a check be held back
 *       ({@link Allowance#DELAYED_ACK}, {@link Allowance#THROTTLED_ACK}); and the window the user's RECEIVE opened
 *       before it was advertised ({@link Allowance#OPENED_WINDOW}).</li>
 * </ul>
 */
public final class Adoption {

    private Adoption() {
    }

    /**
     * The extensions the implementation chose, read from {@code syn}, the first SYN or SYN,ACK it sent, on top of
     * {@code base}: each of window scaling (with the implementation's shift count, at most 14, RFC 7323 §2.3),
     * timestamps and SACK offered exactly when its segment carries the option (RFC 7323 §2.2, §3.2; RFC 2018 §2);
     * ECN asked for when its SYN is an ECN-setup SYN, answered when its SYN,ACK is an ECN-setup SYN,ACK, neither when
     * its SYN,ACK is not (RFC 3168 §6.1.1); Fast Open as a client when its SYN asks for a cookie, as a server when its
     * SYN,ACK hands one out (RFC 7413 §4.1). Whether a missing Timestamps option is accepted cannot be read from a
     * SYN and stays {@code base}'s.
     */
    public static TcpExtensions extensions(TcpExtensions base, Segment syn) {
        Objects.requireNonNull(base, "base is null");
        if (!syn.syn()) {
            throw new IllegalArgumentException("the implementation's choices are read from a SYN: " + syn);
        }
        Conformance.Signals s = Conformance.Signals.of(syn);
        Option<Integer> shift = syn.option(SegmentOption.WindowScale.class)
                .map(w -> Math.min(Negotiated.MAX_SHIFT, w.shift()));
        EcnMode ecn = syn.isAck() ? (s.ecnSetup() ? (base.ecn() == EcnMode.OFF ? EcnMode.PASSIVE : base.ecn())
                : EcnMode.OFF)
                : (s.ecnSetup() ? EcnMode.ACTIVE : base.ecn() == EcnMode.ACTIVE ? EcnMode.PASSIVE : base.ecn());
        boolean client = syn.isAck() ? base.fastOpenClient() : s.fastOpen();
        boolean server = syn.isAck() ? s.fastOpen() : base.fastOpenServer();
        return new TcpExtensions(shift, s.timestamps(), s.sackPermitted(), ecn, client, server,
                base.missingTimestampsAccepted());
    }

    /**
     * The profile {@code p} with the implementation's choices of extensions and MSS (§3.7.1) adopted from the first
     * SYN or SYN,ACK in {@code sent}; {@code p} itself when it sent none.
     */
    public static Profile profile(Profile p, List<Segment> sent) {
        Objects.requireNonNull(p, "profile is null");
        Option<Segment> syn = sent.find(Segment::syn);
        if (syn.isEmpty()) {
            return p;
        }
        Profile q = p.withExtensions(extensions(p.extensions(), syn.get()));
        return syn.get().mss().map(q::withMss).getOrElse(q);
    }

    /** The ISS the implementation chose (§3.4.1): SEG.SEQ of the first SYN it sent; none before it sends one. */
    public static Option<SeqNum> iss(List<Segment> sent) {
        return sent.find(Segment::syn).map(Segment::seq);
    }

    /**
     * The model's {@link Choices} for what the implementation sent in answer to a user call: for a SEND
     * ({@code send}), the payload sizes of the text segments it sent ({@link Choices#segmentizing}); none sent means
     * the SEND only queues and each later segment is a transmit the model checks. Otherwise the reference choices;
     * held-back answers are chosen by {@link #answer}, which needs the model's step to tell.
     */
    public static Choices choices(List<Segment> sent, boolean send) {
        if (!send) {
            return Choices.reference();
        }
        Integer[] sizes = sent.filter(s -> s.dataLength() > 0 && !s.syn()).map(Segment::dataLength)
                .toJavaArray(Integer[]::new);
        return Choices.reference().segmentizing(sizes);
    }

    /**
     * The model's answer to an arriving segment, under the choices that explain what the implementation sent.
     *
     * @param step      the model's step taken
     * @param choices   the choices {@code step} was taken with
     * @param allowance the allowance the implementation took, if any
     */
    public record Answer(Step step, Choices choices, Option<Allowance> allowance) {
        public Answer {
            Objects.requireNonNull(step, "step is null");
            Objects.requireNonNull(choices, "choices is null");
            Objects.requireNonNull(allowance, "allowance is null");
        }
    }

    /**
     * Which of the model's answers to an arriving segment the implementation gave. {@code immediate} is the model's
     * step under {@code base} on TCB {@code m}; {@code model} takes the same step on another TCB or under other
     * choices. In order:
     * <ol>
     *   <li>a held-back answer ({@link Allowance#HELD_BACK}), tried only while the immediate answer does not begin
     *       what the implementation sent, and taken when it does with fewer segments (after an ACK sent at once,
     *       further segments, e.g. a FIN the window now admits, are extras);</li>
     *   <li>the {@link Allowance#OPENED_WINDOW} ({@code opened}, the right edge the user's RECEIVE opened), tried
     *       when the answer so far does not explain what the implementation sent and its state, with the immediate
     *       and the held-back answers, and taken when it explains them better.</li>
     * </ol>
     * The result is {@code immediate} when nothing explains more; the caller then reports the difference.
     */
    public static Answer answer(Tcb m, Choices base, Step immediate, List<Segment> implSent, TcpState implState,
                                Option<SeqNum> opened, BiFunction<Tcb, Choices, Either<String, Step>> model) {
        Objects.requireNonNull(m, "m is null");
        Objects.requireNonNull(implSent, "implSent is null");
        Objects.requireNonNull(model, "model is null");
        Answer a = new Answer(immediate, base, Option.none());
        for (Allowance held : Allowance.HELD_BACK) {
            if (Conformance.begins(a.step().sent(), implSent)) {
                break;
            }
            Choices c = held.heldBack(base);
            Either<String, Step> h = model.apply(m, c);
            if (h.isRight() && Conformance.begins(h.get().sent(), implSent)
                    && h.get().sent().size() < a.step().sent().size()) {
                a = new Answer(h.get(), c, Option.some(held));
            }
        }
        Option<Tcb> wide = Allowance.opened(m, opened);
        Step step = a.step();
        boolean explained = Conformance.begins(step.sent(), implSent) && step.tcb().tcpState() == implState
                && step.sent().size() == implSent.size();
        if (wide.isDefined() && !explained) {
            for (Choices c : Allowance.HELD_BACK.map(h -> h.heldBack(base)).prepend(base)) {
                Either<String, Step> w = model.apply(wide.get(), c);
                if (w.isRight() && Conformance.begins(w.get().sent(), implSent)
                        && w.get().tcb().tcpState() == implState
                        && (!Conformance.begins(step.sent(), implSent) || step.tcb().tcpState() != implState
                        || w.get().sent().size() > step.sent().size())) {
                    return new Answer(w.get(), c, Option.some(Allowance.OPENED_WINDOW));
                }
            }
        }
        return a;
    }
}
