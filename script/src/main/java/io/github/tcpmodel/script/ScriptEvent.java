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
     * @param ecn       the ECN codepoint of the IP header as written in brackets ({@code noecn}, {@code ect0},
     *                  {@code ect1}, {@code ce}, {@code ect01}, RFC 3168 §5); none when not written
     * @param urgent    the urgent pointer ({@code urg N}); none when not written
     * @param source    the line's text
     */
    record Segment(Position position, Timing timing, Direction direction, Set<Flag> flags, long seq, long length,
                   Option<Long> ack, Option<Long> window, Option<List<TcpOption>> options, Option<String> ecn,
                   Option<Long> urgent, String source)
            implements ScriptEvent {

        /** A segment without ECN codepoint and urgent pointer. */
        public Segment(Position position, Timing timing, Direction direction, Set<Flag> flags, long seq, long length,
                       Option<Long> ack, Option<Long> window, Option<List<TcpOption>> options, String source) {
            this(position, timing, direction, flags, seq, length, ack, window, options, Option.none(), Option.none(),
                    source);
        }

        public Segment {
            Objects.requireNonNull(ecn, "ecn is null");
            Objects.requireNonNull(urgent, "urgent is null");
            Objects.requireNonNull(position, "position is null");
            Objects.requireNonNull(timing, "timing is null");
            Objects.requireNonNull(direction, "direction is null");
            Objects.requireNonNull(flags, "flags is null");
            Objects.requireNonNull(ack, "ack is null");
            Objects.requireNonNull(window, "window is null");
            Objects.requireNonNull(options, "options is null");
            Objects.requireNonNull(source, "source is null");
            if (seq < 0 || length < 0 || seq + length >= ScriptParser.SEQ_LIMIT) {
                throw new IllegalArgumentException("a segment needs a 32-bit sequence range");
            }
        }

        @Override
        public String render() {
            return timing.render("~") + " " + direction.arrow() + " " + describe();
        }

        /** The segment without its time and arrow, as a script writes it: {@code S. 0:0(0) ack 1 <mss 1000>}. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            ecn.forEach(e -> b.append('[').append(e).append("] "));
            b.append(flags.isEmpty() ? "-" : Flag.render(flags));
            b.append(' ').append(seq).append(':').append(seq + length).append('(').append(length).append(')');
            ack.forEach(a -> b.append(" ack ").append(a));
            window.forEach(w -> b.append(" win ").append(w));
            urgent.forEach(u -> b.append(" urg ").append(u));
            options.forEach(o -> b.append(" <").append(o.mkString(",")).append('>'));
            return b.toString();
        }
    }

    /**
     * A shell command in backquotes; packetdrill runs it with {@code /bin/sh -c} at its time. Without a time before
     * the first event it is the script's init command, after the last event its cleanup command.
     *
     * @param position where the line starts
     * @param timing   when it runs
     * @param command  the text between the backquotes
     * @param source   the line's text
     */
    record Command(Position position, Timing timing, String command, String source) implements ScriptEvent {
        public Command {
            Objects.requireNonNull(position, "position is null");
            Objects.requireNonNull(timing, "timing is null");
            Objects.requireNonNull(command, "command is null");
            Objects.requireNonNull(source, "source is null");
        }

        @Override
        public String render() {
            return timing + " `" + command + "`";
        }
    }

    /**
     * A Python block {@code %{ ... }%}; packetdrill runs it with the socket's {@code tcp_info} in scope, after the
     * script.
     *
     * @param position where the block starts
     * @param timing   when it is taken
     * @param code     the text between the braces
     * @param source   the line's text
     */
    record Code(Position position, Timing timing, String code, String source) implements ScriptEvent {
        public Code {
            Objects.requireNonNull(position, "position is null");
            Objects.requireNonNull(timing, "timing is null");
            Objects.requireNonNull(code, "code is null");
            Objects.requireNonNull(source, "source is null");
        }

        @Override
        public String render() {
            return timing + " %{" + code + "}%";
        }
    }

    /**
     * An ICMP message the script injects or expects (RFC 792, RFC 4443), e.g. {@code < icmp unreachable
     * frag_needed mtu 1200 [1:1001(1000)]}.
     *
     * @param position  where the line starts
     * @param timing    when
     * @param direction inbound or outbound
     * @param type      the type as written ({@code unreachable}, {@code time_exceeded}, ...)
     * @param code      the code as written; none when not written
     * @param mtu       the next-hop MTU ({@code mtu N}); none when not written
     * @param echoed    the TCP sequence range of the quoted segment ({@code [start:end(len)]}) as written
     * @param source    the line's text
     */
    record Icmp(Position position, Timing timing, Direction direction, String type, Option<String> code,
                Option<Long> mtu, Option<String> echoed, String source) implements ScriptEvent {
        public Icmp {
            Objects.requireNonNull(position, "position is null");
            Objects.requireNonNull(timing, "timing is null");
            Objects.requireNonNull(direction, "direction is null");
            Objects.requireNonNull(type, "type is null");
            Objects.requireNonNull(code, "code is null");
            Objects.requireNonNull(mtu, "mtu is null");
            Objects.requireNonNull(echoed, "echoed is null");
            Objects.requireNonNull(source, "source is null");
        }

        @Override
        public String render() {
            return timing + " " + direction.arrow() + " icmp " + type + code.map(c -> " " + c).getOrElse("")
                    + mtu.map(m -> " mtu " + m).getOrElse("") + echoed.map(e -> " [" + e + "]").getOrElse("");
        }
    }
}
