package io.github.tcpmodel.conformance;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.PushRules;
import io.github.tcpmodel.semantics.SackRules;
import io.github.tcpmodel.semantics.UrgentRules;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Segment equivalence and the per-segment check, decided once for every driver that compares an implementation
 * with the model.
 *
 * <p>Two segments are <em>the same</em> when they agree in what RFC 9293 fixes for a segment a TCP sends:
 * <ul>
 *   <li>SEG.SEQ: §3.4 and §3.10 give every segment's sequence number (SND.NXT, ISS, SND.UNA on retransmission,
 *       SEG.ACK of the segment a RST answers);</li>
 *   <li>SEG.ACK when the ACK bit is set: §3.10.7.4 seventh, "Send an acknowledgment of the form
 *       &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;" (without the bit, §3.1: the field is not
 *       significant);</li>
 *   <li>every control bit but PSH: SYN, FIN, RST, ACK and URG each carry meaning the peer acts on (§3.1, §3.10);
 *       PSH placement is the implementation's choice, §3.9.1.2 (MAY-15: "A TCP implementation MAY implement PUSH
 *       flags on SEND calls"; MUST-61: a sender MAY set PSH on the last buffered segment, and "collapse" PUSHes),
 *       so a segment that differs only in PSH is the same;</li>
 *   <li>SEG.LEN, counting SYN and FIN (§3.4): the octets of text a segment carries decide what SEG.ACK the peer
 *       sends back.</li>
 * </ul>
 * Not compared here: SEG.WND (§3.8.6.2.2 leaves the window's size to the receiver; a driver makes the model's
 * RCV.WND follow the implementation's), the options and the ECN bits (see below), the urgent pointer's value and the
 * payload octets.
 *
 * <p>Options and ECN bits are compared apart, by {@link #optionDifference}: by what they negotiate, not by their
 * layout, unless an exact comparison is asked for. The MSS value is the implementation's (MUST-14, §3.7.1: any
 * value may be announced, and only a SYN without the option makes the peer assume 536 over IPv4 or 1220 over IPv6,
 * MUST-15), the option order and NOP padding are its own (RFC 9293 §3.1: options "may begin on any octet boundary", MUST-64), TSval is its
 * clock (RFC 7323 §5.4), the shift count its buffer's (RFC 7323 §2.3), the SACK blocks its choice among those
 * allowed (RFC 2018 §4, checked by {@link #optionViolations}); what is fixed is which extensions a SYN or SYN,ACK
 * offers, and whether a later segment carries the Timestamps option (RFC 7323 §3.2: in every non-RST segment once
 * negotiated). The ECN bits: ECE and CWR on a SYN, and ECE on a SYN,ACK, are the ECN negotiation (RFC 3168
 * §6.1.1), a choice of the implementation like the other offers (RFC 9293 SHLD-8 is a SHOULD); on any other
 * segment they answer congestion marks in the IP header (RFC 3168 §6.1.2, §6.1.3) that the model does not see, so
 * they are not compared at all. {@link Adoption#extensions} takes the implementation's offers as the model's.
 */
public final class Conformance {

    private Conformance() {
    }

    /** A field segment equivalence compares, by its name in RFC 9293 (§3.1, §3.4). */
    public enum Field {
        /** The control bits but PSH. */
        CTL("CTL"),
        /** The sequence number. */
        SEQ("SEG.SEQ"),
        /** The segment length, SYN and FIN included. */
        LEN("SEG.LEN"),
        /** The acknowledgment number, with the ACK bit. */
        ACK("SEG.ACK");

        private final String rfcName;

        Field(String rfcName) {
            this.rfcName = rfcName;
        }

        /** The field's name in RFC 9293. */
        public String rfcName() {
            return rfcName;
        }
    }

    /** Whether the implementation's segment {@code impl} is the model's segment {@code model} (see the class). */
    public static boolean same(Segment model, Segment impl) {
        return difference(model, impl).isEmpty();
    }

    /**
     * The first field in which {@code impl} differs from {@code model} by the equivalence of this class, in the
     * order CTL, SEG.SEQ, SEG.LEN, SEG.ACK; none when they are the same.
     */
    public static Option<Field> difference(Segment model, Segment impl) {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(impl, "impl is null");
        if (!sameControls(model, impl)) {
            return CTL;
        }
        if (!model.seq().equals(impl.seq())) {
            return SEQ;
        }
        if (model.len() != impl.len()) {
            return LEN;
        }
        if (model.isAck() && !model.ack().equals(impl.ack())) {
            return ACK;
        }
        return Option.none();
    }

    private static final Option<Field> CTL = Option.some(Field.CTL);
    private static final Option<Field> SEQ = Option.some(Field.SEQ);
    private static final Option<Field> LEN = Option.some(Field.LEN);
    private static final Option<Field> ACK = Option.some(Field.ACK);

    /** The control bits but PSH, in the order they are compared. */
    private static final Control[] COMPARED = List.of(Control.values()).remove(Control.PSH).toJavaArray(Control[]::new);

    /** Whether {@code compared(a)} equals {@code compared(b)}, without building either set. */
    private static boolean sameControls(Segment a, Segment b) {
        if (a.controls() == b.controls()) {
            return true;
        }
        for (Control c : COMPARED) {
            if (a.has(c) != b.has(c)) {
                return false;
            }
        }
        return true;
    }

    /** The control bits segment equivalence compares: all but PSH (§3.9.1.2, MAY-15, MUST-61). */
    public static Set<Control> compared(Segment s) {
        return s.controls().remove(Control.PSH);
    }

    /**
     * What a segment signals for the negotiation of extensions: on a SYN or SYN,ACK, which options it offers and
     * whether it is an ECN-setup segment (RFC 3168 §6.1.1); on any other segment, whether it carries the Timestamps
     * option (RFC 7323 §3.2), the one option fixed by the negotiation's outcome.
     *
     * @param windowScale   a Window Scale option (on a SYN)
     * @param timestamps    a Timestamps option
     * @param sackPermitted a SACK-Permitted option (on a SYN)
     * @param ecnSetup      an ECN-setup SYN (ECE and CWR) or SYN,ACK (ECE without CWR)
     * @param fastOpen      a Fast Open option (on a SYN)
     */
    public record Signals(boolean windowScale, boolean timestamps, boolean sackPermitted, boolean ecnSetup,
                          boolean fastOpen) {

        /** The signals of {@code s}. */
        public static Signals of(Segment s) {
            boolean ts = s.option(SegmentOption.Timestamps.class).isDefined();
            if (!s.syn()) {
                return new Signals(false, ts, false, false, false);
            }
            boolean ecn = s.isAck() ? s.has(EcnFlag.ECE) && !s.has(EcnFlag.CWR)
                    : s.has(EcnFlag.ECE) && s.has(EcnFlag.CWR);
            return new Signals(s.option(SegmentOption.WindowScale.class).isDefined(), ts,
                    s.option(SegmentOption.SackPermitted.class).isDefined(), ecn,
                    s.option(SegmentOption.FastOpen.class).isDefined());
        }
    }

    /**
     * How {@code impl}'s options and ECN bits differ from {@code model}'s: with {@code exact}, any difference in the
     * option list (kinds, values, order, NOPs) or the ECN bits; otherwise a difference in their {@link Signals}.
     * None when they agree.
     */
    public static Option<String> optionDifference(Segment model, Segment impl, boolean exact) {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(impl, "impl is null");
        if (exact) {
            if (!model.options().equals(impl.options())) {
                return Option.some("options " + model.options().mkString(",") + " expected, "
                        + impl.options().mkString(",") + " sent");
            }
            return model.ecn().equals(impl.ecn()) ? Option.none()
                    : Option.some("ECN bits " + model.ecn().mkString(",") + " expected, " + impl.ecn().mkString(",")
                            + " sent");
        }
        Signals m = Signals.of(model);
        Signals i = Signals.of(impl);
        return m.equals(i) ? Option.none() : Option.some("option signals " + m + " expected, " + i + " sent");
    }

    /**
     * The option rules a segment {@code s} that a TCP with TCB {@code t} sends breaks; empty when none:
     * SACK-Permitted and Window Scale on a SYN only (RFC 2018 §2: "MUST NOT be sent on non-SYN segments"; RFC 7323
     * §2.2); the Timestamps option on every non-RST segment once negotiated (RFC 7323 §3.2: "MUST be sent"); SACK
     * blocks only when SACK was negotiated (RFC 2018 §2) and only as {@link SackRules#violations} allows (the ACK
     * taken to answer no particular segment).
     */
    public static List<String> optionViolations(Tcb t, Segment s) {
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(s, "segment is null");
        List<String> v = List.empty();
        if (!s.syn() && s.option(SegmentOption.SackPermitted.class).isDefined()) {
            v = v.append("RFC 2018 §2: SACK-Permitted on a segment without SYN");
        }
        if (!s.syn() && s.option(SegmentOption.WindowScale.class).isDefined()) {
            v = v.append("RFC 7323 §2.2: Window Scale on a segment without SYN");
        }
        if (!s.syn() && !s.rst() && t.negotiated().timestamps()
                && s.option(SegmentOption.Timestamps.class).isEmpty()) {
            v = v.append("RFC 7323 §3.2: timestamps are in use and the segment has no Timestamps option");
        }
        Option<SegmentOption.Sack> sack = s.option(SegmentOption.Sack.class);
        if (sack.isDefined() && !t.negotiated().sackOk()) {
            v = v.append("RFC 2018 §2: a SACK option without SACK-Permitted on both SYNs");
        } else if (sack.isDefined()) {
            v = v.appendAll(SackRules.violations(t, Option.none(), sack.get(), t.negotiated().timestamps()));
        }
        return v;
    }

    /** Whether the two lists are the same segments in the same order. */
    public static boolean same(List<Segment> model, List<Segment> impl) {
        return model.size() == impl.size() && model.zip(impl).forAll(t -> same(t._1, t._2));
    }

    /** Whether {@code impl} begins with the segments {@code model}, in order. */
    public static boolean begins(List<Segment> model, List<Segment> impl) {
        return model.size() <= impl.size() && same(model, impl.take(model.size()));
    }

    /**
     * Whether an implementation under profile {@code p} may send its SYN again {@code interval} ms after an
     * unacceptable ACK in SYN-SENT, before the SYN's retransmission timer: only under the profile's
     * {@link Profile#synRetransmitOnBadAck()} (RFC 9293 §3.10.7.3 leaves the timer alone), and then at any time a
     * real kernel shows, two jiffies over the HZ values Linux ships ({@link Profile#synRearmAllowed}).
     */
    public static boolean synRearmAllowed(Profile p, long interval) {
        return p.synRetransmitOnBadAck() && Profile.synRearmAllowed(interval);
    }

    /**
     * The rules on a segment {@code s}, sent by a TCP whose TCB just before it is {@code before}, that depend on what
     * the user asked for, so that only a driver that sees the user's calls can check them: MUST-61 ({@link
     * PushRules#violations}: without a PUSH flag on SEND, as with the sockets interface ({@code sendCanPush} false),
     * the last buffered segment carries PSH) and the urgent pointer (MUST-30, MUST-62, {@link UrgentRules#violations}
     * with SND.UP {@code sndUp}, none when the user never sent urgent data). A capture shows neither the send queue
     * nor SND.UP: the trace checker cannot apply them. Empty means allowed.
     */
    public static List<String> userRules(Tcb before, Segment s, boolean sendCanPush, Option<SeqNum> sndUp) {
        Objects.requireNonNull(before, "tcb is null");
        Objects.requireNonNull(s, "segment is null");
        Objects.requireNonNull(sndUp, "sndUp is null");
        List<String> push = PushRules.violations(before, s, sendCanPush);
        List<String> urgent = UrgentRules.violations(sndUp, s);
        return push.isEmpty() ? urgent : push.appendAll(urgent);
    }

    /**
     * Whether a TCP whose TCB is {@code t} may emit {@code s}, as the model's segment rules say
     * ({@link Emission#allowed}: the kind of segment each state sends, SEG.SEQ within [SND.UNA, SND.NXT] or a
     * keep-alive probe at SND.UNA - 1, SEG.ACK = RCV.NXT, new text within the send window, the MSS and what the user
     * sent, a FIN only after CLOSE and all queued text). The violations; empty means allowed.
     */
    public static List<String> violations(Tcb t, Segment s) {
        return Emission.allowed(t, s);
    }
}
