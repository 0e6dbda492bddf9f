package io.github.tcpmodel.script;

import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A TCP segment as it crosses the boundary between the runner and a {@link Target}: absolute 32-bit sequence and
 * acknowledgment numbers, the raw window field, the options in order, and the payload length (payload bytes are
 * not compared; injected payloads are zeros). Ports and addresses are the target's business.
 *
 * @param flags   the control bits
 * @param seq     SEG.SEQ, 0 to 2^32-1
 * @param ack     SEG.ACK, 0 to 2^32-1 (meaningful only with ACK)
 * @param window  SEG.WND as carried in the header (unscaled), 0 to 65535
 * @param options the TCP options in the order they appear
 * @param length  the payload length in bytes (SYN and FIN not counted)
 */
public record ScriptSegment(Set<Flag> flags, long seq, long ack, long window, List<TcpOption> options, long length) {

    public ScriptSegment {
        Objects.requireNonNull(flags, "flags is null");
        Objects.requireNonNull(options, "options is null");
        if (seq < 0 || seq >= ScriptParser.SEQ_LIMIT || ack < 0 || ack >= ScriptParser.SEQ_LIMIT) {
            throw new IllegalArgumentException("seq and ack are 32-bit unsigned: " + seq + ", " + ack);
        }
        if (window < 0 || window > 0xffff || length < 0) {
            throw new IllegalArgumentException("window or length out of range: " + window + ", " + length);
        }
    }

    /**
     * The segment in the model's terms (SEG.WND as carried, the MSS option if present); an error value when a field
     * is out of the model's range.
     */
    public Either<String, Segment> toModel() {
        Set<Control> controls = HashSet.empty();
        for (Flag f : flags) {
            Option<Control> c = switch (f) {
                case SYN -> Option.some(Control.SYN);
                case FIN -> Option.some(Control.FIN);
                case RST -> Option.some(Control.RST);
                case PSH -> Option.some(Control.PSH);
                case ACK -> Option.some(Control.ACK);
                case URG -> Option.some(Control.URG);
                // RFC 3168 §6.1: ECE and CWR are not part of the model's segment (ECN is negotiated outside it).
                case ECE, CWR -> Option.none();
            };
            controls = controls.addAll(c);
        }
        if (length > Integer.MAX_VALUE) {
            return Either.left("payload of " + length + " octets is too long for the model");
        }
        Option<Integer> mss = options.find(o -> o instanceof TcpOption.Mss).map(o -> ((TcpOption.Mss) o).value())
                .filter(m -> m > 0);
        return Segment.checked(seq, flags.contains(Flag.ACK) ? ack : 0, controls, window, 0, (int) length,
                Option.none(), mss);
    }

    /**
     * The first field in which {@code actual} differs from {@code expected} by segment equivalence
     * ({@link Conformance#difference}: the control bits but PSH, SEG.SEQ, SEG.LEN, SEG.ACK with the ACK bit), named
     * as a script names it ({@code flags}, {@code seq}, {@code length}, {@code ack}); none when they are the same.
     */
    public static Option<String> difference(ScriptSegment expected, ScriptSegment actual) {
        Either<String, Segment> e = expected.toModel();
        Either<String, Segment> a = actual.toModel();
        if (e.isLeft() || a.isLeft()) {
            return Option.some(e.isLeft() ? "the expected segment (" + e.getLeft() + ")"
                    : "the emitted segment (" + a.getLeft() + ")");
        }
        return Conformance.difference(e.get(), a.get()).map(f -> switch (f) {
            case CTL -> "flags";
            case SEQ -> "seq";
            case LEN -> "length";
            case ACK -> "ack";
        });
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(Flag.render(flags));
        b.append(' ').append(seq).append(':').append((seq + length) % ScriptParser.SEQ_LIMIT)
                .append('(').append(length).append(')');
        if (flags.contains(Flag.ACK)) {
            b.append(" ack ").append(ack);
        }
        b.append(" win ").append(window);
        if (!options.isEmpty()) {
            b.append(" <").append(options.mkString(",")).append('>');
        }
        return b.toString();
    }
}
