package io.github.tcpmodel.script;

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
                tolerance = Option.some(optionLine());
            } else {
                ScriptEvent e = event();
                previous = checkOrder(start, e.timing().start(), previous);
                events.add(e);
            }
            endOfLine();
            skipSpace(true);
        }
        if (events.isEmpty()) {
            throw fail(pos, "the script has no events (a socket call or a segment line)");
        }
        return new Script(file, tolerance, List.ofAll(events));
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

    private long optionLine() {
        int start = pos;
        String name = "--tolerance_usecs=";
        if (!text.startsWith(name, pos)) {
            int end = pos;
            while (end < text.length() && !isSpace(text.charAt(end)) && text.charAt(end) != '=') {
                end++;
            }
            throw fail(start, "unsupported option '" + text.substring(start, end)
                    + "' (supported: --tolerance_usecs=N)");
        }
        pos += name.length();
        return integer("a tolerance in microseconds after --tolerance_usecs=", MAX_TOLERANCE);
    }

    private ScriptEvent event() {
        int start = pos;
        char c = peek();
        if (c == '`') {
            throw fail(start, "shell command lines (`...`) are not supported");
        }
        if (c == '%' && peekAt(1) == '{') {
            throw fail(start, "inline Python (%{ ... }%) is not supported");
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
        if (isIdentStart(c) || Character.isLetter(c)) {
            return call(start, timing);
        }
        if (c == '`') {
            throw fail(pos, "shell command lines (`...`) are not supported");
        }
        throw fail(pos, "expected a socket call or a segment ('<' or '>') after the time, found "
                + describe(c));
    }

    private void endOfLine() {
        skipSpace(false);
        if (!atEnd() && peek() != '\n') {
            throw fail(pos, "expected the end of the line, found " + describe(peek()));
        }
    }

    // ---------------------------------------------------------------- times

    private Timing timing() {
        TimePoint start = timePoint("a time ('0.100', '+0.1' or '*') at the start of the event");
        if (text.startsWith("...", pos)) {
            int rangeAt = pos;
            pos += 3;
            if (start instanceof TimePoint.Any) {
                throw fail(rangeAt, "a time range cannot start at '*'");
            }
            TimePoint end = timePoint("the end of the time range after '...'");
            if (end instanceof TimePoint.Any) {
                throw fail(rangeAt + 3, "a time range cannot end at '*'");
            }
            if (start instanceof TimePoint.Absolute && end instanceof TimePoint.Absolute
                    && ((TimePoint.Absolute) end).micros() < ((TimePoint.Absolute) start).micros()) {
                throw fail(rangeAt + 3, "the time range ends before it starts");
            }
            return new Timing(start, Option.some(end));
        }
        return new Timing(start, Option.none());
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

    private ScriptEvent.Segment segment(int start, Timing timing) {
        Direction direction = peek() == '<' ? Direction.INBOUND : Direction.OUTBOUND;
        if (timing.isRange()) {
            throw fail(start, "only socket calls take a time range; a segment happens at one time");
        }
        pos++;
        skipSpace(false);
        int flagsAt = pos;
        Set<Flag> flags = HashSet.empty();
        while (!atEnd() && !isSpace(peek())) {
            char c = peek();
            Option<Flag> f = Flag.of(c);
            if (f.isEmpty()) {
                if (isDigit(c) && !flags.isEmpty()) {
                    throw fail(pos, "expected a space between the flags and the sequence numbers");
                }
                throw fail(pos, "unsupported flag " + describe(c) + " (supported: S F R P and '.' for ACK)");
            }
            if (flags.contains(f.get())) {
                throw fail(pos, "flag '" + c + "' written twice");
            }
            flags = flags.add(f.get());
            pos++;
        }
        if (flags.isEmpty()) {
            throw fail(flagsAt, "expected flags (S F R P, '.' for ACK) after '" + direction.arrow() + "'");
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
            } else {
                throw fail(at, "unsupported segment field '" + word + "' (supported: ack N, win N, <options>)");
            }
        }
        if (ack.isDefined() && !flags.contains(Flag.ACK)) {
            throw fail(flagsAt, "'ack' given but the ACK flag '.' is not set");
        }
        if (direction == Direction.INBOUND && flags.contains(Flag.ACK) && ack.isEmpty()) {
            throw fail(flagsAt, "an injected segment with the ACK flag needs 'ack N'");
        }
        return new ScriptEvent.Segment(position(start), timing, direction, flags, first, length, ack, window, options,
                lineText(start));
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
                default:
                    throw fail(at, "unsupported TCP option '" + name
                            + "' (supported: mss N, nop, sackOK, wscale N, TS val N ecr N, eol)");
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
        if (!CALLS.contains(name)) {
            throw fail(nameAt, "unsupported socket call '" + name + "' (supported: " + CALLS.mkString(", ") + ")");
        }
        skipSpace(false);
        expect('(', "after '" + name + "'");
        java.util.List<Arg> args = new ArrayList<>();
        skipSpace(false);
        if (!atEnd() && peek() == ')') {
            pos++;
        } else {
            while (true) {
                skipSpace(false);
                args.add(argument(name));
                skipSpace(false);
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expect(')', "after the arguments of " + name);
                break;
            }
        }
        int closeAt = pos - 1;
        SocketCall call = meaning(name, List.ofAll(args), closeAt);
        skipSpace(false);
        expect('=', "and the expected result after " + name + "(...)");
        skipSpace(false);
        int resultAt = pos;
        boolean negative = false;
        if (!atEnd() && peek() == '-') {
            negative = true;
            pos++;
        }
        long value = integer("the expected result after '='", Integer.MAX_VALUE);
        CallResult expected;
        if (negative) {
            if (value != 1) {
                throw fail(resultAt, "a failing call returns -1, not -" + value);
            }
            skipSpace(false);
            int errnoAt = pos;
            String errno = identifier("an errno name (e.g. ECONNREFUSED) after -1");
            Option<Errno> e = Errno.named(errno);
            if (e.isEmpty()) {
                throw fail(errnoAt, "unknown errno '" + errno + "' (known: " + List.of(Errno.values()).mkString(", ")
                        + ")");
            }
            expected = CallResult.fails(e.get());
            skipSpace(false);
            if (!atEnd() && peek() == '(') {
                int open = pos;
                while (!atEnd() && peek() != ')' && peek() != '\n') {
                    pos++;
                }
                if (atEnd() || peek() != ')') {
                    throw fail(open, "unclosed '(' in the errno description");
                }
                pos++;
            }
        } else {
            expected = CallResult.returns(value);
        }
        return new ScriptEvent.Call(position(start), timing, call, expected, lineText(start));
    }

    private Arg argument(String call) {
        int at = pos;
        if (atEnd()) {
            throw fail(at, "expected an argument of " + call + ", found the end of the file");
        }
        char c = peek();
        if (text.startsWith("...", pos)) {
            pos += 3;
            return new Arg(at, "elided", 0, "", LinkedHashMap.empty());
        }
        if (isDigit(c)) {
            return new Arg(at, "int", integer("a number", Integer.MAX_VALUE), "", LinkedHashMap.empty());
        }
        if (c == '[') {
            pos++;
            skipSpace(false);
            long v = integer("a number inside '[...]'", Integer.MAX_VALUE);
            skipSpace(false);
            expect(']', "after the number in '[...]'");
            return new Arg(at, "array", v, "", LinkedHashMap.empty());
        }
        if (c == '{') {
            pos++;
            Map<String, Long> fields = LinkedHashMap.empty();
            while (true) {
                skipSpace(false);
                int fieldAt = pos;
                String field = identifier("a field name inside '{...}'");
                if (fields.containsKey(field)) {
                    throw fail(fieldAt, "field '" + field + "' written twice");
                }
                skipSpace(false);
                expect('=', "after the field name '" + field + "'");
                skipSpace(false);
                fields = fields.put(field, integer("a number after '" + field + "='", Integer.MAX_VALUE));
                skipSpace(false);
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expect('}', "after the fields of '{...}'");
                return new Arg(at, "struct", 0, "", fields);
            }
        }
        if (isIdentStart(c)) {
            StringBuilder w = new StringBuilder(identifier("an argument"));
            while (true) {
                skipSpace(false);
                if (atEnd() || peek() != '|') {
                    break;
                }
                pos++;
                skipSpace(false);
                w.append('|').append(identifier("a constant after '|'"));
            }
            return new Arg(at, "word", 0, w.toString(), LinkedHashMap.empty());
        }
        throw fail(at, "expected an argument of " + call + " (a number, a constant, [N], {...} or ...), found "
                + describe(c));
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
