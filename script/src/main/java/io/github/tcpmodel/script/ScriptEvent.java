package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.util.Objects;

/** One timed line of a script: a socket call or a segment. */
public sealed interface ScriptEvent {

    /** Where the event starts in the script. */
    Position position();

    /** When it happens. */
    Timing timing();

    /** The text of the script line the event starts on, trimmed, for reports. */
    String source();

    /** The event as a script line in canonical form; parsing it gives this event back (but for position and source). */
    String render();

    /**
     * A socket call and its expected result, e.g. {@code +0 connect(3, ..., ...) = -1 ECONNREFUSED (Connection
     * refused)}; the text in parentheses is a comment and is not kept.
     *
     * @param position where the line starts
     * @param timing   when the call is made (a range for a blocking call)
     * @param call     the call
     * @param expected the result the script expects
     * @param source   the line's text
     */
    record Call(Position position, Timing timing, SocketCall call, CallResult expected, String source)
            implements ScriptEvent {
        public Call {
            Objects.requireNonNull(position, "position is null");
            Objects.requireNonNull(timing, "timing is null");
            Objects.requireNonNull(call, "call is null");
            Objects.requireNonNull(expected, "expected is null");
            Objects.requireNonNull(source, "source is null");
        }

        @Override
        public String render() {
            return timing + " " + call + " = " + expected;
        }
    }

    /**
     * A segment the script injects ({@code <}) or expects ({@code >}). Sequence numbers are relative, as written:
     * {@code seq} to the initial sequence number of the segment's sender, {@code ack} to the receiver's.
     *
     * @param position  where the line starts
     * @param timing    when the segment is injected or expected
     * @param direction inbound or outbound
     * @param flags     the control bits
     * @param seq       the relative sequence number of the first byte ({@code start} of {@code start:end(len)})
     * @param length    the payload length ({@code len}; {@code end = start + len})
     * @param ack       the relative acknowledgment number; none when not written
     * @param window    the window field; none when not written
     * @param options   the options; none when not written or written {@code <...>} (then not checked)
     * @param source    the line's text
     */
    record Segment(Position position, Timing timing, Direction direction, Set<Flag> flags, long seq, long length,
                   Option<Long> ack, Option<Long> window, Option<List<TcpOption>> options, String source)
            implements ScriptEvent {
        public Segment {
            Objects.requireNonNull(position, "position is null");
            Objects.requireNonNull(timing, "timing is null");
            Objects.requireNonNull(direction, "direction is null");
            Objects.requireNonNull(flags, "flags is null");
            Objects.requireNonNull(ack, "ack is null");
            Objects.requireNonNull(window, "window is null");
            Objects.requireNonNull(options, "options is null");
            Objects.requireNonNull(source, "source is null");
            if (flags.isEmpty() || seq < 0 || length < 0 || seq + length >= ScriptParser.SEQ_LIMIT) {
                throw new IllegalArgumentException("a segment needs flags and a 32-bit sequence range");
            }
        }

        @Override
        public String render() {
            return timing + " " + direction.arrow() + " " + describe();
        }

        /** The segment without its time and arrow, as a script writes it: {@code S. 0:0(0) ack 1 <mss 1000>}. */
        public String describe() {
            StringBuilder b = new StringBuilder(Flag.render(flags));
            b.append(' ').append(seq).append(':').append(seq + length).append('(').append(length).append(')');
            ack.forEach(a -> b.append(" ack ").append(a));
            window.forEach(w -> b.append(" win ").append(w));
            options.forEach(o -> b.append(" <").append(o.mkString(",")).append('>'));
            return b.toString();
        }
    }
}
