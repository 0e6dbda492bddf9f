package io.github.tcpmodel.conformance;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Emission;
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
 * RCV.WND follow the implementation's), the options (the MSS value is the implementation's, MUST-14, §3.7.1: any
 * value may be announced, and only a SYN without the option makes the peer assume 536 over IPv4 or 1220 over IPv6,
 * MUST-15, which the model takes from the SYN it is given), the urgent pointer's value and the payload octets.
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
        if (!compared(model).equals(compared(impl))) {
            return Option.some(Field.CTL);
        }
        if (!model.seq().equals(impl.seq())) {
            return Option.some(Field.SEQ);
        }
        if (model.len() != impl.len()) {
            return Option.some(Field.LEN);
        }
        if (model.isAck() && !model.ack().equals(impl.ack())) {
            return Option.some(Field.ACK);
        }
        return Option.none();
    }

    /** The control bits segment equivalence compares: all but PSH (§3.9.1.2, MAY-15, MUST-61). */
    public static Set<Control> compared(Segment s) {
        return s.controls().remove(Control.PSH);
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
     * Whether a TCP whose TCB is {@code t} may emit {@code s}, as the model's segment rules say
     * ({@link Emission#allowed}: the kind of segment each state sends, SEG.SEQ within [SND.UNA, SND.NXT] or a
     * keep-alive probe at SND.UNA - 1, SEG.ACK = RCV.NXT, new text within the send window, the MSS and what the user
     * sent, a FIN only after CLOSE and all queued text). The violations; empty means allowed.
     */
    public static List<String> violations(Tcb t, Segment s) {
        return Emission.allowed(t, s);
    }
}
