package io.github.tcpmodel.script;

import io.vavr.Tuple2;
import io.vavr.collection.HashSet;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;

/**
 * Parses the packetdrill subset described in {@code docs/scripts.md} into a {@link Script}.
 *
 * <p>One event per line (a {@code /* *}{@code /} comment may span lines). The parser answers the first problem as a
 * {@link ScriptError} with file, line and column; it never throws on any input and always terminates, since every
 * step consumes input or fails.
 */
public final class ScriptParser {

    /** Sequence and acknowledgment numbers are 32 bits (RFC 9293 §3.4). */
    static final long SEQ_LIMIT = 1L << 32;

    /** An hour: larger tolerances make no sense and would risk overflow in time sums. */
    static final long MAX_TOLERANCE = 3_600_000_000L;

    private static final List<String> CALLS = List.of("socket", "bind", "listen", "accept", "connect", "write",
            "read", "shutdown", "close", "setsockopt");

    private final String file;
    private final String text;
    private final int[] lineStarts;
    private int pos;

    private ScriptParser(String file, String text) {
        this.file = file;
        this.text = text;
        java.util.List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses {@code text}, naming it {@code file} in positions. A line ends at LF, CR LF or a lone CR (the old Mac
     * convention), so a file written with any of them reads as the same events.
     */
    public static Either<ScriptError, Script> parse(String file, String text) {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(text, "text is null");
        ScriptParser p = new ScriptParser(file, normalizeLineEnds(text));
        try {
            return Either.right(p.script());
        } catch (Problem problem) {
            return Either.left(problem.error);
        }
    }

    /** {@code text} with every CR LF and lone CR turned into LF; columns stay as they were. */
    public static String normalizeLineEnds(String text) {
        Objects.requireNonNull(text, "text is null");
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * Decodes a script file's bytes as UTF-8, refusing malformed input rather than replacing it.
     *
     * @return the text, or why it is not one (with the byte offset of the first malformed sequence)
     */
    public static Either<String, String> decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes is null");
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            return Either.left("not a UTF-8 text file (byte " + in.position() + " starts a malformed sequence)");
        }
        r = d.flush(out);
        if (r.isError()) {
            return Either.left("not a UTF-8 text file (it ends inside a multi-byte sequence)");
        }
        return Either.right(out.flip().toString());
    }

    /**
     * Reads and parses the UTF-8 script in {@code path}, naming it by the path as given; an unreadable file is an
     * error at line 1, column 1.
     */
    public static Either<ScriptError, Script> parse(Path path) {
        Objects.requireNonNull(path, "path is null");
        String name = path.toString();
        try {
            Either<String, String> text = decode(Files.readAllBytes(path));
            if (text.isLeft()) {
                return Either.left(new ScriptError(new Position(name, 1, 1), text.getLeft()));
            }
            return parse(name, text.get());
        } catch (IOException e) {
            return Either.left(new ScriptError(new Position(name, 1, 1), "cannot read the file: " + e));
        }
    }

    /** Internal unwinding to the entry point; never leaves this class. */
    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ScriptError error;

        Problem(ScriptError error) {
            super(error.detail(), null, false, false);
            this.error = error;
        }
    }

    // ---------------------------------------------------------------- the script

    private Script script() {
        Option<Long> tolerance = Option.none();
        Map<String, String> options = LinkedHashMap.empty();
        java.util.List<ScriptEvent> events = new ArrayList<>();
        // When the previous event happens, as far as the script alone says (a '*' time leaves it as it was).
        long previous = 0;
        if (text.startsWith("\uFEFF")) {
            pos++; // a byte order mark some editors write
        }
        skipSpace(true);
        while (!atEnd()) {
            int start = pos;
            if (peek() == '-' && peekAt(1) == '-') {
                if (!events.isEmpty()) {
                    throw fail(start, "option lines (--...) must come before the first event");
                }
                Tuple2<String, String> o = optionLine();
                if (o._1.equals("tolerance_usecs")) {
                    tolerance = Option.some(toleranceOf(start + "--tolerance_usecs=".length(), o._2));
                }
                options = options.put(o._1, o._2);
            } else {
                ScriptEvent e = event();
                previous = checkOrder(start, e.timing().start(), previous);
                events.add(e);
            }
            endOfLine();
            skipSpace(true);
        }
        if (events.stream().noneMatch(e -> !(e instanceof ScriptEvent.Command))) {
            throw fail(pos, "the script has no events (a socket call or a segment line)");
        }
        return new Script(file, tolerance, List.ofAll(events), options);
    }

    /**
     * Time only goes forward, as in packetdrill: an absolute time earlier than the previous event's would otherwise
     * let an expected segment match one the target sent long before. Answers the event's time.
     */
    private long checkOrder(int at, TimePoint t, long previous) {
        if (t instanceof TimePoint.Absolute a) {
            if (a.micros() < previous) {
                throw fail(at, "time goes backwards: " + Render.seconds(a.micros()) + " s is before the previous "
                        + "event's " + Render.seconds(previous) + " s");
            }
            return a.micros();
        }
        if (t instanceof TimePoint.Relative r) {
            return previous + r.micros();
        }
        return previous;
    }

    /**
     * A command-line option written in the script's header, {@code --name=value} or {@code --name}, as packetdrill
     * reads its {@code option} rule: the value runs to the end of the line or a comment.
     */
    private Tuple2<String, String> optionLine() {
        int start = pos;
        pos += 2;
        int nameAt = pos;
        while (!atEnd() && (isIdentStart(peek()) || isDigit(peek()) || peek() == '-')) {
            pos++;
        }
        String name = text.substring(nameAt, pos);
        if (name.isEmpty()) {
            throw fail(start, "expected an option name after '--', as in --tolerance_usecs=10000");
        }
        String value = "";
        if (!atEnd() && peek() == '=') {
            pos++;
            int valueAt = pos;
            while (!atEnd() && peek() != '\n' && !(peek() == '/' && (peekAt(1) == '/' || peekAt(1) == '*'))
                    && !isSpace(peek())) {
                pos++;
            }
            value = text.substring(valueAt, pos);
            if (value.isEmpty()) {
                throw fail(valueAt, "expected a value after '--" + name + "='");
            }
        }
        return new Tuple2<>(name, value);
    }

    private long toleranceOf(int at, String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9') || value.length() > 10
                || Long.parseLong(value) > MAX_TOLERANCE) {
            throw fail(at, "expected a tolerance in microseconds after --tolerance_usecs= (at most "
                    + MAX_TOLERANCE + ")");
        }
        return Long.parseLong(value);
    }

    private ScriptEvent event() {
        int start = pos;
        char c = peek();
        if (c == '`') {
            // An init or cleanup command: packetdrill's grammar allows a command without a time before the first
            // and after the last event.
            return command(start, new Timing(new TimePoint.Relative(0), Option.none()));
        }
        if (c == '%' && peekAt(1) == '{') {
            return code(start, new Timing(new TimePoint.Relative(0), Option.none()));
        }
        Timing timing = timing();
        skipSpace(false);
        if (atEnd() || peek() == '\n') {
            throw fail(pos, "expected a socket call or a segment ('<' or '>') after the time");
        }
        c = peek();
        if (c == '<' || c == '>') {
            return segment(start, timing);
        }
        if (c == '`') {
            return command(start, timing);
        }
        if (c == '%' && peekAt(1) == '{') {
            return code(start, timing);
        }
        if (isIdentStart(c) || Character.isLetter(c)) {
            return call(start, timing);
        }
        throw fail(pos, "expected a socket call or a segment ('<' or '>') after the time, found "
                + describe(c));
    }

    private ScriptEvent.Command command(int start, Timing timing) {
        int open = pos;
        pos++;
        int close = text.indexOf('`', pos);
        if (close < 0) {
            throw fail(open, "unclosed '`' in a shell command");
        }
        String cmd = text.substring(pos, close);
        pos = close + 1;
        return new ScriptEvent.Command(position(start), timing, cmd, lineText(start));
    }

    private ScriptEvent.Code code(int start, Timing timing) {
        int open = pos;
        pos += 2;
        int close = text.indexOf("}%", pos);
        if (close < 0) {
            throw fail(open, "unclosed '%{' in a Python block (it ends with '}%')");
        }
        String body = text.substring(pos, close);
        pos = close + 2;
        return new ScriptEvent.Code(position(start), timing, body, lineText(start));
    }

    private void endOfLine() {
        skipSpace(false);
        if (!atEnd() && peek() != '\n') {
            throw fail(pos, "expected the end of the line, found " + describe(peek()));
        }
    }

    // ---------------------------------------------------------------- times

    /** The separator of the last time range read: {@code ...} (a call) or {@code ~} (an expected segment). */
    private String rangeSeparator = "";

    private Timing timing() {
        TimePoint start = timePoint("a time ('0.100', '+0.1' or '*') at the start of the event");
        int save = pos;
        skipSpace(false);
        String sep = text.startsWith("...", pos) ? "..." : !atEnd() && peek() == '~' ? "~" : "";
        if (sep.isEmpty()) {
            pos = save;
            rangeSeparator = "";
            return new Timing(start, Option.none());
        }
        int rangeAt = pos;
        pos += sep.length();
        skipSpace(false);
        if (start instanceof TimePoint.Any) {
            throw fail(rangeAt, "a time range cannot start at '*'");
        }
        TimePoint end = timePoint("the end of the time range after '" + sep + "'");
        if (end instanceof TimePoint.Any) {
            throw fail(rangeAt + sep.length(), "a time range cannot end at '*'");
        }
        // Both ends count from the same origin when both are absolute, when both are relative after '~' (the
        // previous event), and for '+a...b' (b, like a, counts from the previous event).
        boolean sameOrigin = start.getClass() == end.getClass()
                ? (start instanceof TimePoint.Absolute || sep.equals("~"))
                : (sep.equals("...") && start instanceof TimePoint.Relative && end instanceof TimePoint.Absolute);
        if (sameOrigin && micros(end) < micros(start)) {
            throw fail(rangeAt + sep.length(), "the time range ends before it starts");
        }
        rangeSeparator = sep;
        return new Timing(start, Option.some(end));
    }

    private static long micros(TimePoint p) {
        if (p instanceof TimePoint.Absolute a) {
            return a.micros();
        }
        return p instanceof TimePoint.Relative r ? r.micros() : 0;
    }

    private TimePoint timePoint(String what) {
        if (atEnd()) {
            throw fail(pos, "expected " + what + ", found the end of the file");
        }
        char c = peek();
        if (c == '*') {
            pos++;
            return new TimePoint.Any();
        }
        boolean relative = false;
        if (c == '+') {
            relative = true;
            pos++;
        }
        int start = pos;
        long whole = 0;
        int digits = 0;
        while (!atEnd() && isDigit(peek())) {
            if (digits >= 9) {
                throw fail(start, "time too large (at most 999999999 seconds)");
            }
            whole = whole * 10 + (peek() - '0');
            digits++;
            pos++;
        }
        long micros = 0;
        boolean fraction = !atEnd() && peek() == '.' && isDigit(peekAt(1));
        if (fraction) {
            pos++;
            int places = 0;
            while (!atEnd() && isDigit(peek())) {
                if (places == 6) {
                    throw fail(pos, "times have at most six decimals (microseconds)");
                }
                micros = micros * 10 + (peek() - '0');
                places++;
                pos++;
            }
            for (int i = places; i < 6; i++) {
                micros *= 10;
            }
        }
        if (digits == 0 && !fraction) {
            throw fail(start, "expected " + what + ", found " + describeAt(start));
        }
        long total = whole * 1_000_000 + micros;
        return relative ? new TimePoint.Relative(total) : new TimePoint.Absolute(total);
    }

    // ---------------------------------------------------------------- segments

    private ScriptEvent segment(int start, Timing timing) {
        Direction direction = peek() == '<' ? Direction.INBOUND : Direction.OUTBOUND;
        if (timing.isRange() && (direction == Direction.INBOUND || !rangeSeparator.equals("~"))) {
            throw fail(start, "only an expected segment ('>') takes a time range, written a~b; a call takes a...b");
        }
        pos++;
        skipSpace(false);
        if (text.startsWith("icmp", pos) && (pos + 4 >= text.length() || isSpace(text.charAt(pos + 4)))) {
            return icmp(start, timing, direction);
        }
        Option<String> ecn = Option.none();
        if (!atEnd() && (peek() == '[' || peek() == '(')) {
            char close = peek() == '[' ? ']' : ')';
            int at = pos;
            pos++;
            skipSpace(false);
            String mark = identifier("an ECN codepoint (noecn, ect0, ect1, ce, ect01) or 'tos 0x..'");
            if (mark.equals("tos")) {
                skipSpace(false);
                int hexAt = pos;
                while (!atEnd() && (isIdentStart(peek()) || isDigit(peek()))) {
                    pos++;
                }
                mark = "tos " + text.substring(hexAt, pos);
            } else if (!List.of("noecn", "ect0", "ect1", "ce", "ect01").contains(mark)) {
                throw fail(at + 1, "unknown IP marking '" + mark + "' (known: noecn, ect0, ect1, ce, ect01, tos 0x..)");
            }
            skipSpace(false);
            expect(close, "after the IP marking");
            skipSpace(false);
            ecn = Option.some(mark);
        }
        int flagsAt = pos;
        Set<Flag> flags = HashSet.empty();
        if (!atEnd() && peek() == '-' && (pos + 1 >= text.length() || isSpace(peekAt(1)))) {
            pos++; // '-': no control bit set
        } else {
            while (!atEnd() && !isSpace(peek())) {
                char c = peek();
                Option<Flag> f = Flag.of(c);
                if (f.isEmpty()) {
                    if (isDigit(c) && !flags.isEmpty()) {
                        throw fail(pos, "expected a space between the flags and the sequence numbers");
                    }
                    throw fail(pos, "unsupported flag " + describe(c)
                            + " (supported: S F R P U E W, '.' for ACK, '-' for none)");
                }
                if (flags.contains(f.get())) {
                    throw fail(pos, "flag '" + c + "' written twice");
                }
                flags = flags.add(f.get());
                pos++;
            }
            if (flags.isEmpty()) {
                throw fail(flagsAt, "expected flags (S F R P U E W, '.' for ACK, '-' for none) after '"
                        + direction.arrow() + "'");
            }
        }
        skipSpace(false);
        int seqAt = pos;
        long first = integer("a sequence range start:end(length) after the flags", SEQ_LIMIT - 1);
        expect(':', "after the start of the sequence range");
        long last = integer("the end of the sequence range after ':'", SEQ_LIMIT - 1);
        expect('(', "after the sequence range start:end");
        long length = integer("the payload length inside '(...)'", SEQ_LIMIT - 1);
        expect(')', "after the payload length");
        if (last - first != length) {
            throw fail(seqAt, "sequence range " + first + ":" + last + " spans " + (last - first)
                    + " bytes but the length says (" + length + ")");
        }
        Option<Long> ack = Option.none();
        Option<Long> window = Option.none();
        Option<Long> urgent = Option.none();
        Option<List<TcpOption>> options = Option.none();
        boolean optionsSeen = false;
        while (true) {
            skipSpace(false);
            if (atEnd() || peek() == '\n') {
                break;
            }
            int at = pos;
            if (peek() == '<') {
                if (optionsSeen) {
                    throw fail(at, "options written twice");
                }
                optionsSeen = true;
                options = options();
                continue;
            }
            if (optionsSeen) {
                throw fail(at, "expected the end of the line after the options, found " + describe(peek()));
            }
            String word = identifier("'ack', 'win' or options '<...>'");
            skipSpace(false);
            if (word.equals("ack")) {
                if (ack.isDefined()) {
                    throw fail(at, "'ack' written twice");
                }
                ack = Option.some(integer("an acknowledgment number after 'ack'", SEQ_LIMIT - 1));
            } else if (word.equals("win")) {
                if (window.isDefined()) {
                    throw fail(at, "'win' written twice");
                }
                window = Option.some(integer("a window after 'win'", 0xffff));
            } else if (word.equals("urg")) {
                if (urgent.isDefined()) {
                    throw fail(at, "'urg' written twice");
                }
                urgent = Option.some(integer("an urgent pointer after 'urg'", 0xffff));
            } else {
                throw fail(at, "unsupported segment field '" + word + "' (supported: ack N, win N, urg N, <options>)");
            }
        }
        if (ack.isDefined() && !flags.contains(Flag.ACK)) {
            throw fail(flagsAt, "'ack' given but the ACK flag '.' is not set");
        }
        if (direction == Direction.INBOUND && optionsSeen && options.isEmpty()) {
            throw fail(flagsAt, "'<...>' (options not checked) is for expected segments only");
        }
        return new ScriptEvent.Segment(position(start), timing, direction, flags, first, length, ack, window, options,
                ecn, urgent, lineText(start));
    }

    private ScriptEvent.Icmp icmp(int start, Timing timing, Direction direction) {
        pos += 4;
        skipSpace(false);
        String type = identifier("an ICMP type (unreachable, time_exceeded, ...) after 'icmp'");
        skipSpace(false);
        Option<String> code = Option.none();
        if (!atEnd() && isIdentStart(peek()) && !text.startsWith("mtu", pos)) {
            code = Option.some(identifier("an ICMP code"));
            skipSpace(false);
        }
        Option<Long> mtu = Option.none();
        if (text.startsWith("mtu", pos)) {
            pos += 3;
            skipSpace(false);
            mtu = Option.some(integer("an MTU after 'mtu'", 0xffff));
            skipSpace(false);
        }
        Option<String> echoed = Option.none();
        if (!atEnd() && peek() == '[') {
            int open = pos;
            int close = text.indexOf(']', pos);
            int eol = text.indexOf('\n', pos);
            if (close < 0 || (eol >= 0 && eol < close)) {
                throw fail(open, "unclosed '[' in the ICMP message's quoted segment");
            }
            echoed = Option.some(text.substring(open + 1, close).strip());
            pos = close + 1;
        }
        return new ScriptEvent.Icmp(position(start), timing, direction, type, code, mtu, echoed, lineText(start));
    }

    private Option<List<TcpOption>> options() {
        pos++; // '<'
        skipSpace(false);
        if (text.startsWith("...", pos)) {
            pos += 3;
            expect('>', "after '<...'");
            return Option.none();
        }
        if (!atEnd() && peek() == '>') {
            pos++;
            return Option.some(List.empty());
        }
        java.util.List<TcpOption> list = new ArrayList<>();
        while (true) {
            skipSpace(false);
            int at = pos;
            String name = identifier("a TCP option (mss, nop, sackOK, wscale, TS, eol)");
            skipSpace(false);
            switch (name) {
                case "mss":
                    list.add(new TcpOption.Mss((int) integer("a value after 'mss'", 0xffff)));
                    break;
                case "wscale":
                    list.add(new TcpOption.WindowScale((int) integer("a shift count after 'wscale'", 255)));
                    break;
                case "sackOK":
                    list.add(new TcpOption.SackPermitted());
                    break;
                case "nop":
                    list.add(new TcpOption.Nop());
                    break;
                case "eol":
                    list.add(new TcpOption.Eol());
                    break;
                case "TS":
                    keyword("val", "after 'TS'");
                    long val = integer("a timestamp value after 'val'", SEQ_LIMIT - 1);
                    skipSpace(false);
                    keyword("ecr", "after the timestamp value");
                    long ecr = integer("a timestamp echo reply after 'ecr'", SEQ_LIMIT - 1);
                    list.add(new TcpOption.Timestamp(val, ecr));
                    break;
                case "sack": {
                    java.util.List<TcpOption.SackBlock> blocks = new ArrayList<>();
                    while (!atEnd() && isDigit(peek())) {
                        long left = integer("the left edge of a SACK block", SEQ_LIMIT - 1);
                        expect(':', "between the edges of a SACK block");
                        long right = integer("the right edge of a SACK block", SEQ_LIMIT - 1);
                        blocks.add(new TcpOption.SackBlock(left, right));
                        skipSpace(false);
                    }
                    if (blocks.size() > 4) {
                        throw fail(at, "at most four SACK blocks fit in the TCP header (RFC 2018 §3)");
                    }
                    list.add(new TcpOption.Sack(List.ofAll(blocks)));
                    break;
                }
                case "FO":
                case "FOEXP": {
                    int cookieAt = pos;
                    while (!atEnd() && (isDigit(peek()) || isIdentStart(peek()))) {
                        pos++;
                    }
                    String cookie = text.substring(cookieAt, pos);
                    boolean symbol = !cookie.isEmpty() && !isDigit(cookie.charAt(0))
                            && !cookie.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
                    if (symbol) {
                        // A name packetdrill substitutes from a definition (-D NAME=hex); kept as written.
                        list.add(new TcpOption.FastOpen(name.equals("FOEXP"), cookie));
                        break;
                    }
                    if (cookie.length() % 2 != 0 || cookie.length() > 76
                            || !cookie.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                        throw fail(cookieAt, "a Fast Open cookie is an even number of hex digits that fits the "
                                + "option (RFC 7413 §4.1.1)");
                    }
                    list.add(new TcpOption.FastOpen(name.equals("FOEXP"), cookie.toLowerCase(java.util.Locale.ROOT)));
                    break;
                }
                case "md5": {
                    int keyAt = pos;
                    while (!atEnd() && (isDigit(peek()) || isIdentStart(peek()))) {
                        pos++;
                    }
                    String key = text.substring(keyAt, pos);
                    if (key.length() != 32 || !key.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                        throw fail(keyAt, "an MD5 signature is 16 octets, 32 hex digits (RFC 2385)");
                    }
                    list.add(new TcpOption.Other(19, key.toLowerCase(java.util.Locale.ROOT)));
                    break;
                }
                case "kind": {
                    int kind = (int) integer("an option kind after 'kind'", 255);
                    skipSpace(false);
                    int dataAt = pos;
                    while (!atEnd() && (isDigit(peek()) || isIdentStart(peek()))) {
                        pos++;
                    }
                    String data = text.substring(dataAt, pos);
                    if (data.length() % 2 != 0 || !data.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                        throw fail(dataAt, "an option's data is an even number of hex digits");
                    }
                    list.add(new TcpOption.Other(kind, data.toLowerCase(java.util.Locale.ROOT)));
                    break;
                }
                default:
                    throw fail(at, "unsupported TCP option '" + name + "' (supported: mss N, nop, eol, sackOK, "
                            + "wscale N, TS val N ecr N, sack a:b ..., FO [cookie], FOEXP [cookie], kind N [hex])");
            }
            skipSpace(false);
            if (!atEnd() && peek() == ',') {
                pos++;
                continue;
            }
            expect('>', "after the TCP options");
            return Option.some(List.ofAll(list));
        }
    }

    // ---------------------------------------------------------------- socket calls

    /** An argument as written, before the call gives it a meaning. */
    private record Arg(int at, String kind, long number, String word, Map<String, Long> fields) {
    }

    private ScriptEvent.Call call(int start, Timing timing) {
        int nameAt = pos;
        String name = identifier("a socket call");
        if (rangeSeparator.equals("~")) {
            throw fail(start, "a call's time range is written a...b; a~b is for expected segments");
        }
        skipSpace(false);
        expect('(', "after '" + name + "'");
        java.util.List<CallArgument> raw = new ArrayList<>();
        java.util.List<Integer> rawAt = new ArrayList<>();
        skipSpace(true);
        if (!atEnd() && peek() == ')') {
            pos++;
        } else {
            while (true) {
                skipSpace(true);
                rawAt.add(pos);
                raw.add(expression(name, 0));
                skipSpace(true);
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expect(')', "after the arguments of " + name);
                break;
            }
        }
        java.util.List<Arg> args = new ArrayList<>();
        boolean classic = CALLS.contains(name);
        for (int i = 0; i < raw.size() && classic; i++) {
            Option<Arg> a = classic(rawAt.get(i), raw.get(i));
            if (a.isEmpty()) {
                classic = false;
            } else {
                args.add(a.get());
            }
        }
        if (classic && name.equals("setsockopt") && args.size() == 5) {
            Arg opt = args.get(2);
            Arg level = args.get(1);
            boolean known = opt.kind.equals("word") && SocketOption.named(opt.word).isDefined();
            if (!known) {
                classic = false;
            } else if (level.kind.equals("word") && level.word.equals("SOL_TCP")) {
                args.set(1, new Arg(level.at, "word", 0, "IPPROTO_TCP", LinkedHashMap.empty()));
            }
        }
        if (classic && (name.equals("write") || name.equals("read")) && args.size() == 3
                && !args.get(1).kind.equals("elided")) {
            classic = false;
        }
        if (classic && (name.equals("bind") || name.equals("connect") || name.equals("accept"))
                && args.size() == 3 && !(args.get(1).kind.equals("elided") && args.get(2).kind.equals("elided"))) {
            classic = false;
        }
        int closeAt = pos - 1;
        SocketCall call = classic ? meaning(name, List.ofAll(args), closeAt)
                : new SocketCall.Generic(name, List.ofAll(raw));
        skipSpace(false);
        expect('=', "and the expected result after " + name + "(...)");
        skipSpace(false);
        int resultAt = pos;
        boolean negative = false;
        if (!atEnd() && peek() == '-') {
            negative = true;
            pos++;
        }
        long value;
        if (!negative && text.startsWith("0x", pos)) {
            value = number().value();
        } else {
            value = integer("the expected result after '='", Long.MAX_VALUE / 2);
        }
        CallResult expected;
        if (negative) {
            if (value != 1) {
                throw fail(resultAt, "a failing call returns -1, not -" + value);
            }
            skipSpace(false);
            if (atEnd() || peek() == '\n' || peek() == '(') {
                // packetdrill's opt_errno: a failure whose errno the script does not check.
                if (!atEnd() && peek() == '(') {
                    int open = pos;
                    while (!atEnd() && peek() != ')' && peek() != '\n') {
                        pos++;
                    }
                    if (atEnd() || peek() != ')') {
                        throw fail(open, "unclosed '(' in the note after the result");
                    }
                    pos++;
                }
                return new ScriptEvent.Call(position(start), timing, call, new CallResult(-1, Option.none()),
                        lineText(start));
            }
            int errnoAt = pos;
            String errno = identifier("an errno name (e.g. ECONNREFUSED) after -1");
            Option<Errno> e = Errno.named(errno);
            if (e.isEmpty()) {
                throw fail(errnoAt, "unknown errno '" + errno + "' (known: " + List.of(Errno.values()).mkString(", ")
                        + ")");
            }
            expected = CallResult.fails(e.get());
            skipNote("the errno description");
        } else {
            expected = CallResult.returns(value);
            skipNote("the note after the result");
        }
        return new ScriptEvent.Call(position(start), timing, call, expected, lineText(start));
    }

    /**
     * Skips words in parentheses after a call's result, as packetdrill's opt_note and errno description: not checked.
     */
    private void skipNote(String what) {
        skipSpace(false);
        if (!atEnd() && peek() == '(') {
            int open = pos;
            while (!atEnd() && peek() != ')' && peek() != '\n') {
                pos++;
            }
            if (atEnd() || peek() != ')') {
                throw fail(open, "unclosed '(' in " + what);
            }
            pos++;
        }
    }

    /** The deepest nesting of brackets an argument may have, so that the parser's recursion stays bounded. */
    private static final int MAX_DEPTH = 16;

    /** One argument, as packetdrill's {@code expression} rule reads it. Arguments may span lines. */
    private CallArgument expression(String call, int depth) {
        int at = pos;
        if (depth > MAX_DEPTH) {
            throw fail(at, "arguments nested more than " + MAX_DEPTH + " deep");
        }
        if (atEnd()) {
            throw fail(at, "expected an argument of " + call + ", found the end of the file");
        }
        char c = peek();
        if (text.startsWith("...", pos)) {
            pos += 3;
            return new CallArgument.Elided();
        }
        if (isDigit(c) || (c == '-' && isDigit(peekAt(1)))) {
            return number();
        }
        if (c == '"') {
            int close = text.indexOf('"', pos + 1);
            int eol = text.indexOf('\n', pos + 1);
            if (close < 0 || (eol >= 0 && eol < close)) {
                throw fail(at, "unclosed '\"' in a string");
            }
            String v = text.substring(pos + 1, close);
            pos = close + 1;
            return new CallArgument.Text(v);
        }
        if (c == '[') {
            pos++;
            java.util.List<CallArgument> items = new ArrayList<>();
            skipSpace(true);
            if (!atEnd() && peek() == ']') {
                pos++;
                return new CallArgument.Array(List.empty());
            }
            while (true) {
                skipSpace(true);
                items.add(expression(call, depth + 1));
                skipSpace(true);
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expect(']', "after the items of '[...]'");
                return new CallArgument.Array(List.ofAll(items));
            }
        }
        if (c == '{') {
            pos++;
            java.util.List<CallArgument.Field> fields = new ArrayList<>();
            skipSpace(true);
            if (!atEnd() && peek() == '}') {
                pos++;
                return new CallArgument.Struct(List.empty());
            }
            while (true) {
                skipSpace(true);
                CallArgument first = expression(call, depth + 1);
                skipSpace(true);
                if (!atEnd() && peek() == '=') {
                    pos++;
                    skipSpace(true);
                    fields.add(new CallArgument.Field(Option.some(first), expression(call, depth + 1)));
                } else {
                    fields.add(new CallArgument.Field(Option.none(), first));
                }
                skipSpace(true);
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expect('}', "after the fields of '{...}'");
                return new CallArgument.Struct(List.ofAll(fields));
            }
        }
        if (isIdentStart(c) || Character.isLetter(c)) {
            String word = identifier("an argument");
            skipSpace(false);
            if (!atEnd() && peek() == '(') {
                pos++;
                java.util.List<CallArgument> args = new ArrayList<>();
                skipSpace(true);
                if (!atEnd() && peek() == ')') {
                    pos++;
                    return new CallArgument.Apply(word, List.empty());
                }
                while (true) {
                    skipSpace(true);
                    args.add(expression(call, depth + 1));
                    skipSpace(true);
                    if (!atEnd() && peek() == ',') {
                        pos++;
                        continue;
                    }
                    expect(')', "after the arguments of '" + word + "(...)'");
                    return new CallArgument.Apply(word, List.ofAll(args));
                }
            }
            java.util.List<String> words = new ArrayList<>();
            words.add(word);
            while (true) {
                int save = pos;
                skipSpace(false);
                if (atEnd() || peek() != '|') {
                    pos = save;
                    break;
                }
                pos++;
                skipSpace(true);
                words.add(identifier("a constant after '|'"));
            }
            return new CallArgument.Words(List.ofAll(words));
        }
        throw fail(at, "expected an argument of " + call + " (a number, a constant, a string, [...], {...} or ...), "
                + "found " + describe(c));
    }

    private CallArgument.Number number() {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        long v;
        if (peek() == '0' && (peekAt(1) == 'x' || peekAt(1) == 'X')) {
            pos += 2;
            int hexAt = pos;
            while (!atEnd() && Character.digit(peek(), 16) >= 0) {
                pos++;
            }
            if (pos == hexAt || pos - hexAt > 16) {
                throw fail(start, "expected a hex number after '0x' (at most 16 digits)");
            }
            v = Long.parseUnsignedLong(text.substring(hexAt, pos), 16);
        } else {
            v = integer("a number", Long.MAX_VALUE / 2);
        }
        return new CallArgument.Number(negative ? -v : v, text.substring(start, pos));
    }

    /** The argument in the classic calls' terms, when it has one of their shapes. */
    private static Option<Arg> classic(int at, CallArgument a) {
        if (a instanceof CallArgument.Elided) {
            return Option.some(new Arg(at, "elided", 0, "", LinkedHashMap.empty()));
        }
        if (a instanceof CallArgument.Number n) {
            return n.value() >= 0 && n.value() <= Integer.MAX_VALUE && !n.text().startsWith("0x")
                    ? Option.some(new Arg(at, "int", n.value(), "", LinkedHashMap.empty())) : Option.none();
        }
        if (a instanceof CallArgument.Words w) {
            return Option.some(new Arg(at, "word", 0, w.toString(), LinkedHashMap.empty()));
        }
        if (a instanceof CallArgument.Array arr && arr.items().size() == 1
                && arr.items().head() instanceof CallArgument.Number n && n.value() >= 0
                && n.value() <= Integer.MAX_VALUE) {
            return Option.some(new Arg(at, "array", n.value(), "", LinkedHashMap.empty()));
        }
        if (a instanceof CallArgument.Struct st) {
            Map<String, Long> fields = LinkedHashMap.empty();
            for (CallArgument.Field f : st.fields()) {
                Option<String> name = f.name().flatMap(CallArgument::nameOf);
                if (name.isEmpty() || !(f.name().get() instanceof CallArgument.Words)
                        || !(f.value() instanceof CallArgument.Number n) || n.value() < 0
                        || n.value() > Integer.MAX_VALUE || fields.containsKey(name.get())) {
                    return Option.none();
                }
                fields = fields.put(name.get(), n.value());
            }
            return Option.some(new Arg(at, "struct", 0, "", fields));
        }
        return Option.none();
    }

    private SocketCall meaning(String name, List<Arg> args, int closeAt) {
        switch (name) {
            case "socket":
                arity(name, args, 3, closeAt, "socket(..., SOCK_STREAM, IPPROTO_TCP)");
                word(args.get(0), List.of("AF_INET", "AF_INET6"), "the domain");
                word(args.get(1), List.of("SOCK_STREAM"), "the socket type");
                word(args.get(2), List.of("IPPROTO_TCP"), "the protocol");
                return new SocketCall.Socket();
            case "bind":
                arity(name, args, 3, closeAt, "bind(fd, ..., ...)");
                elided(args, 1, 2);
                return new SocketCall.Bind(fd(args.get(0)));
            case "listen": {
                arity(name, args, 2, closeAt, "listen(fd, backlog)");
                Arg b = args.get(1);
                Option<Long> backlog;
                if (b.kind.equals("elided")) {
                    backlog = Option.none();
                } else if (b.kind.equals("int")) {
                    backlog = Option.some(b.number);
                } else {
                    throw fail(b.at, "expected the backlog (a number or ...)");
                }
                return new SocketCall.Listen(fd(args.get(0)), backlog);
            }
            case "accept":
                arity(name, args, 3, closeAt, "accept(fd, ..., ...)");
                elided(args, 1, 2);
                return new SocketCall.Accept(fd(args.get(0)));
            case "connect":
                arity(name, args, 3, closeAt, "connect(fd, ..., ...)");
                elided(args, 1, 2);
                return new SocketCall.Connect(fd(args.get(0)));
            case "write":
                arity(name, args, 3, closeAt, "write(fd, ..., count)");
                elided(args, 1);
                return new SocketCall.Write(fd(args.get(0)), count(args.get(2)));
            case "read":
                arity(name, args, 3, closeAt, "read(fd, ..., count)");
                elided(args, 1);
                return new SocketCall.Read(fd(args.get(0)), count(args.get(2)));
            case "shutdown": {
                arity(name, args, 2, closeAt, "shutdown(fd, SHUT_WR)");
                Arg h = args.get(1);
                Option<SocketCall.How> how = h.kind.equals("word")
                        ? List.of(SocketCall.How.values()).find(x -> x.name().equals(h.word))
                        : Option.none();
                if (how.isEmpty()) {
                    throw fail(h.at, "expected SHUT_RD, SHUT_WR or SHUT_RDWR");
                }
                return new SocketCall.Shutdown(fd(args.get(0)), how.get());
            }
            case "close":
                arity(name, args, 1, closeAt, "close(fd)");
                return new SocketCall.Close(fd(args.get(0)));
            default:
                return setsockopt(args, closeAt);
        }
    }

    private SocketCall setsockopt(List<Arg> args, int closeAt) {
        arity("setsockopt", args, 5, closeAt, "setsockopt(fd, level, option, value, length)");
        int socket = fd(args.get(0));
        Arg optArg = args.get(2);
        Option<SocketOption> option = optArg.kind.equals("word") ? SocketOption.named(optArg.word) : Option.none();
        if (option.isEmpty()) {
            throw fail(optArg.at, "unsupported socket option" + (optArg.kind.equals("word") ? " '" + optArg.word + "'"
                    : "") + " (supported: " + List.of(SocketOption.values()).mkString(", ") + ")");
        }
        SocketOption opt = option.get();
        Arg level = args.get(1);
        if (!level.kind.equals("elided") && !(level.kind.equals("word") && level.word.equals(opt.level().name()))) {
            throw fail(level.at, "expected level " + opt.level() + " for " + opt);
        }
        Arg v = args.get(3);
        OptionValue value;
        if (opt.takesLinger()) {
            if (!v.kind.equals("struct") || !v.fields.keySet().equals(HashSet.of("onoff", "linger"))) {
                throw fail(v.at, "expected {onoff=N, linger=N} as the value of " + opt);
            }
            value = new OptionValue.Linger(v.fields.get("onoff").get(), v.fields.get("linger").get());
        } else {
            if (!v.kind.equals("array")) {
                throw fail(v.at, "expected [N] as the value of " + opt);
            }
            value = new OptionValue.IntValue(v.number);
        }
        Arg len = args.get(4);
        long expectedLength = opt.takesLinger() ? 8 : 4;
        if (!len.kind.equals("elided") && !(len.kind.equals("int") && len.number == expectedLength)) {
            throw fail(len.at, "expected the option length " + expectedLength + " (or ...) for " + opt);
        }
        return new SocketCall.SetSockOpt(socket, opt, value);
    }

    private void arity(String name, List<Arg> args, int n, int closeAt, String shape) {
        if (args.size() != n) {
            int at = args.size() > n ? args.get(n).at : closeAt;
            throw fail(at, name + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", as in " + shape);
        }
    }

    private void word(Arg a, List<String> allowed, String what) {
        if (a.kind.equals("elided") || (a.kind.equals("word") && allowed.contains(a.word))) {
            return;
        }
        throw fail(a.at, "expected " + allowed.mkString(" or ") + " (or ...) as " + what);
    }

    private void elided(List<Arg> args, int... indexes) {
        for (int i : indexes) {
            Arg a = args.get(i);
            if (!a.kind.equals("elided")) {
                throw fail(a.at, "addresses and buffers are elided: write '...' here");
            }
        }
    }

    private int fd(Arg a) {
        if (!a.kind.equals("int") || a.number > 1_000_000) {
            throw fail(a.at, "expected a file descriptor number");
        }
        return (int) a.number;
    }

    private long count(Arg a) {
        if (!a.kind.equals("int")) {
            throw fail(a.at, "expected a byte count");
        }
        return a.number;
    }

    // ---------------------------------------------------------------- lexical

    private long integer(String what, long max) {
        int start = pos;
        if (atEnd() || !isDigit(peek())) {
            throw fail(start, "expected " + what + ", found " + describeAt(start));
        }
        long v = 0;
        while (!atEnd() && isDigit(peek())) {
            int d = peek() - '0';
            if (v > (max - d) / 10) {
                throw fail(start, "number too large in " + what + " (at most " + max + ")");
            }
            v = v * 10 + d;
            pos++;
        }
        if (!atEnd() && isIdentStart(peek())) {
            throw fail(pos, "expected " + what + ", found " + describeAt(start));
        }
        return v;
    }

    private String identifier(String what) {
        int start = pos;
        if (atEnd() || !(isIdentStart(peek()) || Character.isLetter(peek()))) {
            throw fail(start, "expected " + what + ", found " + describeAt(start));
        }
        while (!atEnd() && (isIdentStart(peek()) || isDigit(peek()) || Character.isLetter(peek()))) {
            pos++;
        }
        String word = text.substring(start, pos);
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!isIdentStart(c) && !isDigit(c)) {
                // A Cyrillic 'с' or Greek 'ο' looks like its Latin twin; say which character it is.
                throw fail(start + i, "non-ASCII letter '" + printable(String.valueOf(c)) + "' (U+"
                        + String.format("%04X", (int) c) + ") in '" + printable(word)
                        + "': names are ASCII letters, digits and '_'");
            }
        }
        return word;
    }

    private void keyword(String word, String after) {
        int at = pos;
        if (!text.startsWith(word, pos) || (pos + word.length() < text.length()
                && (isIdentStart(text.charAt(pos + word.length())) || isDigit(text.charAt(pos + word.length()))))) {
            throw fail(at, "expected '" + word + "' " + after + ", found " + describeAt(at));
        }
        pos += word.length();
        skipSpace(false);
    }

    private void expect(char c, String context) {
        if (atEnd() || peek() != c) {
            throw fail(pos, "expected '" + c + "' " + context + ", found " + describeAt(pos));
        }
        pos++;
    }

    /** Skips blanks and comments; newlines too when {@code lines}. A block comment may span lines. */
    private void skipSpace(boolean lines) {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || (lines && c == '\n')) {
                pos++;
            } else if (c == '/' && peekAt(1) == '/') {
                while (!atEnd() && peek() != '\n') {
                    pos++;
                }
            } else if (c == '/' && peekAt(1) == '*') {
                int open = pos;
                int close = text.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw fail(open, "unclosed comment '/*'");
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private char peekAt(int ahead) {
        int i = pos + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private String describeAt(int at) {
        if (at >= text.length()) {
            return "the end of the file";
        }
        char c = text.charAt(at);
        if (c == '\n') {
            return "the end of the line";
        }
        int end = at;
        while (end < text.length() && end - at < 20 && !isSpace(text.charAt(end))) {
            end++;
        }
        return "'" + printable(text.substring(at, Math.max(end, at + 1))) + "'";
    }

    private static String describe(char c) {
        if (c == '\n') {
            return "the end of the line";
        }
        return "'" + printable(String.valueOf(c)) + "'";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT
                    || (Character.isWhitespace(c) && c != ' ')) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private Position position(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        int line = i >= 0 ? i : -i - 2;
        return new Position(file, line + 1, offset - lineStarts[line] + 1);
    }

    private String lineText(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        int line = i >= 0 ? i : -i - 2;
        int end = text.indexOf('\n', lineStarts[line]);
        return text.substring(lineStarts[line], end < 0 ? text.length() : end).trim();
    }

    private Problem fail(int offset, String detail) {
        return new Problem(new ScriptError(position(Math.min(offset, text.length())), detail));
    }
}
