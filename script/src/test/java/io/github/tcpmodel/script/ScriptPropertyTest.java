package io.github.tcpmodel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScriptPropertyTest {

    static final int CASES = Integer.getInteger("tcpmodel.script.properties", 1_000);
    static final Position NOWHERE = new Position("", 0, 0);

    static long small(SplittableRandom r) {
        switch (r.nextInt(4)) {
            case 0:
                return 0;
            case 1:
                return r.nextInt(10);
            case 2:
                return r.nextInt(100_000);
            default:
                return r.nextLong(Integer.MAX_VALUE);
        }
    }

    static TimePoint time(SplittableRandom r, boolean any) {
        long micros = r.nextBoolean() ? r.nextLong(10_000_000) : r.nextInt(10) * 100_000L;
        switch (r.nextInt(any ? 3 : 2)) {
            case 0:
                return new TimePoint.Absolute(micros);
            case 1:
                return new TimePoint.Relative(micros);
            default:
                return new TimePoint.Any();
        }
    }

    static TcpOption option(SplittableRandom r) {
        switch (r.nextInt(6)) {
            case 0:
                return new TcpOption.Mss(r.nextInt(0x10000));
            case 1:
                return new TcpOption.WindowScale(r.nextInt(256));
            case 2:
                return new TcpOption.SackPermitted();
            case 3:
                return new TcpOption.Timestamp(r.nextLong(1L << 32), r.nextLong(1L << 32));
            case 4:
                return new TcpOption.Nop();
            default:
                return new TcpOption.Eol();
        }
    }

    static ScriptEvent segment(SplittableRandom r) {
        Direction d = r.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        Set<Flag> flags = HashSet.empty();
        while (flags.isEmpty()) {
            for (Flag f : Flag.values()) {
                if (r.nextInt(3) == 0) {
                    flags = flags.add(f);
                }
            }
        }
        long seq = r.nextBoolean() ? r.nextLong(1L << 32) : r.nextInt(3);
        long length = r.nextBoolean() ? 0 : r.nextLong((1L << 32) - seq);
        Option<Long> ack = flags.contains(Flag.ACK) && (d == Direction.INBOUND || r.nextBoolean())
                ? Option.some(r.nextLong(1L << 32)) : Option.none();
        Option<Long> win = r.nextBoolean() ? Option.some((long) r.nextInt(0x10000)) : Option.none();
        Option<List<TcpOption>> options = r.nextBoolean() ? Option.none()
                : Option.some(List.fill(r.nextInt(5), () -> option(r)));
        return new ScriptEvent.Segment(NOWHERE, new Timing(time(r, true), Option.none()), d, flags, seq, length, ack, win,
                options, "");
    }

    static SocketCall call(SplittableRandom r) {
        int fd = r.nextInt(1000);
        switch (r.nextInt(10)) {
            case 0:
                return new SocketCall.Socket();
            case 1:
                return new SocketCall.Bind(fd);
            case 2:
                return new SocketCall.Listen(fd, r.nextBoolean() ? Option.none() : Option.some(small(r)));
            case 3:
                return new SocketCall.Accept(fd);
            case 4:
                return new SocketCall.Connect(fd);
            case 5:
                return new SocketCall.Write(fd, small(r));
            case 6:
                return new SocketCall.Read(fd, small(r));
            case 7:
                return new SocketCall.Shutdown(fd, SocketCall.How.values()[r.nextInt(3)]);
            case 8:
                return new SocketCall.Close(fd);
            default:
                SocketOption o = SocketOption.values()[r.nextInt(SocketOption.values().length)];
                OptionValue v = o.takesLinger() ? new OptionValue.Linger(small(r), small(r))
                        : new OptionValue.IntValue(small(r));
                return new SocketCall.SetSockOpt(fd, o, v);
        }
    }

    static ScriptEvent callEvent(SplittableRandom r) {
        Timing timing;
        if (r.nextInt(4) == 0) {
            TimePoint start = time(r, false);
            TimePoint end = time(r, false);
            // Both ends count from the same origin when both are absolute, and for '+a...b' (packetdrill's reading):
            // then the end is not before the start.
            if (start instanceof TimePoint.Absolute a && end instanceof TimePoint.Absolute) {
                end = new TimePoint.Absolute(a.micros() + r.nextInt(1_000_000));
            } else if (start instanceof TimePoint.Relative a && end instanceof TimePoint.Absolute) {
                end = new TimePoint.Absolute(a.micros() + r.nextInt(1_000_000));
            }
            timing = new Timing(start, Option.some(end));
        } else {
            timing = new Timing(time(r, true), Option.none());
        }
        CallResult result = r.nextBoolean() ? CallResult.returns(small(r))
                : CallResult.fails(Errno.values()[r.nextInt(Errno.values().length)]);
        return new ScriptEvent.Call(NOWHERE, timing, call(r), result, "");
    }

    static ScriptEvent anonymous(ScriptEvent e) {
        if (e instanceof ScriptEvent.Call) {
            ScriptEvent.Call c = (ScriptEvent.Call) e;
            return new ScriptEvent.Call(NOWHERE, c.timing(), c.call(), c.expected(), "");
        }
        ScriptEvent.Segment s = (ScriptEvent.Segment) e;
        return new ScriptEvent.Segment(NOWHERE, s.timing(), s.direction(), s.flags(), s.seq(), s.length(), s.ack(),
                s.window(), s.options(), "");
    }

    /**
     * The events with time going forward, as a valid script has it: an absolute start behind the previous event's
     * time moves forward by that time (and a range's absolute end with it).
     */
    static List<ScriptEvent> forward(List<ScriptEvent> events) {
        long previous = 0;
        java.util.List<ScriptEvent> out = new java.util.ArrayList<>();
        for (ScriptEvent e : events) {
            Timing t = e.timing();
            if (t.start() instanceof TimePoint.Absolute a && a.micros() < previous) {
                long shift = previous;
                Option<TimePoint> end = t.end().map(x -> x instanceof TimePoint.Absolute b
                        ? new TimePoint.Absolute(b.micros() + shift) : x);
                t = new Timing(new TimePoint.Absolute(a.micros() + shift), end);
            }
            if (t.start() instanceof TimePoint.Absolute a) {
                previous = a.micros();
            } else if (t.start() instanceof TimePoint.Relative rel) {
                previous += rel.micros();
            }
            Timing timing = t;
            out.add(e instanceof ScriptEvent.Call c
                    ? new ScriptEvent.Call(c.position(), timing, c.call(), c.expected(), c.source())
                    : withTiming((ScriptEvent.Segment) e, timing));
        }
        return List.ofAll(out);
    }

    private static ScriptEvent.Segment withTiming(ScriptEvent.Segment s, Timing timing) {
        return new ScriptEvent.Segment(s.position(), timing, s.direction(), s.flags(), s.seq(), s.length(), s.ack(),
                s.window(), s.options(), s.source());
    }

    // For every valid event list es: parse(render(es)) = es, up to positions and sources.
    @Test
    void renderedScriptsParseBackToTheSameEvents() {
        SplittableRandom r = new SplittableRandom(13);
        int segments = 0;
        int calls = 0;
        for (int i = 0; i < CASES; i++) {
            List<ScriptEvent> events = forward(List.fill(1 + r.nextInt(6),
                    () -> r.nextBoolean() ? segment(r) : callEvent(r)));
            String text = events.map(ScriptEvent::render).mkString("\n");
            Either<ScriptError, Script> parsed = ScriptParser.parse("p.pkt", text);
            assertTrue(parsed.isRight(), () -> parsed.getLeft().message() + "\n" + text);
            assertEquals(events, parsed.get().events().map(ScriptPropertyTest::anonymous), text);
            // Positions: event k starts at column 1 of line k + 1, and its source is its rendered line.
            for (int k = 0; k < events.size(); k++) {
                assertEquals(new Position("p.pkt", k + 1, 1), parsed.get().events().get(k).position());
                assertEquals(events.get(k).render(), parsed.get().events().get(k).source());
            }
            segments += events.count(e -> e instanceof ScriptEvent.Segment);
            calls += events.count(e -> e instanceof ScriptEvent.Call);
        }
        assertTrue(segments > CASES && calls > CASES, "segments " + segments + ", calls " + calls);
    }

    // For every event e and every comment c: e with c before, between tokens' blanks or after parses to e.
    @Test
    void commentsAndBlanksDoNotChangeTheMeaning() {
        SplittableRandom r = new SplittableRandom(14);
        for (int i = 0; i < CASES; i++) {
            ScriptEvent e = r.nextBoolean() ? segment(r) : callEvent(r);
            String line = e.render();
            String noisy = "/* before */\n\t" + line.replace(" ", r.nextBoolean() ? "  \t" : " /* x */ ")
                    + " // after\n\n";
            Either<ScriptError, Script> parsed = ScriptParser.parse("p.pkt", noisy);
            assertTrue(parsed.isRight(), () -> parsed.getLeft().message() + "\n" + noisy);
            assertEquals(List.of(e), parsed.get().events().map(ScriptPropertyTest::anonymous), noisy);
            assertEquals(2, parsed.get().events().head().position().line());
            assertEquals(2, parsed.get().events().head().position().column());
        }
    }
}
