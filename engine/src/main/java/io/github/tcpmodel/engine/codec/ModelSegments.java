package io.github.tcpmodel.engine.codec;

import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Segment;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The engine's {@link Packet} in the model's terms ({@link Segment}): one conversion, used where the engine asks the
 * model (the negotiation of options, {@link io.github.tcpmodel.semantics.Negotiation}) and by the conformance
 * monitor. SEG.WND is the field as sent, unscaled: the model applies the window scale itself (RFC 7323 §2.3).
 */
public final class ModelSegments {

    /**
     * The model's control-bit sets for the six bits URG, ACK, PSH, RST, SYN and FIN, indexed by those bits of the
     * header: built once, so that converting a segment allocates no set.
     */
    private static final Set<Control>[] CONTROLS = controlSets();
    /** The ECN bits (RFC 3168 §6.1) by the two high bits of the flags octet. */
    private static final Set<EcnFlag>[] ECN = ecnSets();

    private ModelSegments() {
    }

    @SuppressWarnings("unchecked")
    private static Set<Control>[] controlSets() {
        Set<Control>[] sets = new Set[64];
        for (int bits = 0; bits < 64; bits++) {
            Set<Control> controls = TreeSet.empty();
            if ((bits & Flags.URG) != 0) {
                controls = controls.add(Control.URG);
            }
            if ((bits & Flags.ACK) != 0) {
                controls = controls.add(Control.ACK);
            }
            if ((bits & Flags.PSH) != 0) {
                controls = controls.add(Control.PSH);
            }
            if ((bits & Flags.RST) != 0) {
                controls = controls.add(Control.RST);
            }
            if ((bits & Flags.SYN) != 0) {
                controls = controls.add(Control.SYN);
            }
            if ((bits & Flags.FIN) != 0) {
                controls = controls.add(Control.FIN);
            }
            sets[bits] = controls;
        }
        return sets;
    }

    @SuppressWarnings("unchecked")
    private static Set<EcnFlag>[] ecnSets() {
        Set<EcnFlag>[] sets = new Set[4];
        sets[0] = TreeSet.empty();
        sets[1] = TreeSet.of(EcnFlag.ECE);
        sets[2] = TreeSet.of(EcnFlag.CWR);
        sets[3] = TreeSet.of(EcnFlag.ECE, EcnFlag.CWR);
        return sets;
    }

    /** {@code s} as the model's segment; an error value if a field is out of the model's range. */
    public static Either<String, Segment> toModel(Packet s) {
        Set<Control> controls = CONTROLS[s.flags() & 0x3F];
        return Segment.checked(s.seq() & 0xFFFF_FFFFL, s.has(Flags.ACK) ? s.ack() & 0xFFFF_FFFFL : 0, controls,
                s.window(), s.has(Flags.URG) ? s.urgent() : 0, s.payload().length, Option.none(),
                s.options().toModel(), ECN[(s.flags() >>> 6) & 3]);
    }
}
