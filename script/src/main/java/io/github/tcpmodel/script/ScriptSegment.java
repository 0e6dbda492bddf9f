package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.collection.Set;
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
