package io.github.tcpmodel.script;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Plays a {@link Script} against a {@link Target}, the script acting as the peer.
 *
 * <p>Times: an absolute time is since the start; {@code +t} is relative to the previous event, taken at the time it
 * actually happened (an expected segment's emission time, a call's start), so delays do not accumulate; {@code *}
 * is now for what the script does, and any time within {@link Config#anyWait} for what it expects. An expected
 * segment must be emitted within the tolerance of its time; injected segments and calls happen at their time, after
 * checking that the target emitted nothing unexpected before. A call written with a range {@code s...e} starts at
 * {@code s}; the events after it run while it blocks, and it must return within the tolerance of {@code e}; it is
 * collected before the next call, before the first event later than {@code e} plus the tolerance, or at the end.
 *
 * <p>Sequence numbers, as in packetdrill: a segment with SYN carries its sequence number as written (offset by
 * {@link Config#remoteIsn} on the script's side), every other segment's numbers count from the connection's initial
 * sequence numbers (RFC 9293 §3.4), and so does an acknowledgment in a segment without SYN. The script side's ISN is
 * the one its SYN carried: the first SYN it injects, the first after a {@code listen}, or the SYN,ACK answering the
 * target's SYN (a SYN injected into a synchronized connection starts nothing). The target's ISN is learned from each
 * SYN it emits that a {@code >} line with SYN matches. Until then, numbers on the target's side are taken as absolute
 * (so {@code > R. 0:0(0) ack 1} matches RFC 9293 §3.10.7.1's {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>} from
 * a CLOSED port). Timestamp values in expected options are not compared (they follow the target's clock); echo
 * replies are.
 */
public final class ScriptRunner {

    /**
     * How to run.
     *
     * @param tolerance the default timing tolerance in microseconds (a script's {@code --tolerance_usecs} wins)
     * @param remoteIsn the script side's initial sequence number, 0 to 2^32-1
     * @param anyWait   how long, in microseconds, an expected segment written at {@code *} is waited for
     */
    public record Config(long tolerance, long remoteIsn, long anyWait) {
        public Config {
            if (tolerance < 0 || anyWait < 0 || remoteIsn < 0 || remoteIsn >= ScriptParser.SEQ_LIMIT) {
                throw new IllegalArgumentException("tolerance and anyWait are >= 0, remoteIsn is 32-bit unsigned");
            }
        }

        /** packetdrill's default tolerance of 4 ms, remote ISN 1000000, and 2 s for {@code *} segments. */
        public static Config defaults() {
            return new Config(4_000, 1_000_000, 2_000_000);
        }

        /** This configuration with another remote ISN. */
        public Config withRemoteIsn(long isn) {
            return new Config(tolerance, isn, anyWait);
        }
    }

    private final Script script;
    private final Target target;
    private final long tolerance;
    private final long remoteIsn;
    private final long anyWait;

    /** The target's ISN on the wire minus the one its SYN line wrote. */
    private Option<Long> localIsn = Option.none();
    /** The target's ISN on the wire, from its last SYN a line matched. */
    private Option<Long> targetIsn = Option.none();
    /** The script side's ISN on the wire: the sequence number of the SYN that began the connection. */
    private Option<Long> peerIsn = Option.none();
    /** A listen was made: the next SYN injected begins a connection. */
    private boolean listening;
    /** The target sent a SYN without ACK: the next SYN,ACK injected begins the connection. */
    private boolean targetSynSent;
    private Map<Integer, Integer> fds = HashMap.empty();
    /**
     * A segment the target emitted within the tolerance of a line that expects none: not provably before that line
     * (the target's clock and the script's meet only within the tolerance), so the next line that expects a segment
     * takes it; the run fails on it if a later line expects none, or if no line takes it.
     */
    private Option<Target.Emitted> held = Option.none();
    private long base;
    /**
     * How late, on the target's clock, the runner made its latest injection or call (0 on a virtual clock). A call
     * or segment that this action brings about is awaited this much longer: the target is judged from when it got
     * the event, not from when the runner meant to give it, so a runner that a loaded machine delays does not blame
     * the target; the early limits stay as written.
     */
    private long lag;
    private Option<Pending> pending = Option.none();
    private int ran;
    private final java.util.List<String> notes = new java.util.ArrayList<>();
    /** The first timestamp value of the script's side and of the target's side (RFC 7323 §3), once seen. */
    private Option<Long> firstScriptTsVal = Option.none();
    private Option<Long> firstActualTsVal = Option.none();

    /** A blocked call and when it should return. */
    private record Pending(ScriptEvent.Call event, long end) {
    }

    /** Internal unwinding to {@link #run}; never leaves this class. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Failure failure;

        Stop(Failure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    private ScriptRunner(Script script, Target target, Config config) {
        this.script = script;
        this.target = target;
        this.tolerance = script.tolerance().getOrElse(config.tolerance());
        this.remoteIsn = config.remoteIsn();
        this.anyWait = config.anyWait();
    }

    /** Runs {@code script} against {@code target} with {@link Config#defaults()}. */
    public static Either<Failure, Passed> run(Script script, Target target) {
        return run(script, target, Config.defaults());
    }

    /** Runs {@code script} against {@code target}; answers the first failure, or a pass. */
    public static Either<Failure, Passed> run(Script script, Target target, Config config) {
        Objects.requireNonNull(script, "script is null");
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(config, "config is null");
        ScriptRunner r = new ScriptRunner(script, target, config);
        try {
            script.options().forEach((name, value) -> target.option(name, value)
                    .forEach(why -> r.notes.add("--" + name + (value.isEmpty() ? "" : "=" + value) + ": " + why)));
            for (ScriptEvent e : script.events()) {
                Option<String> na = target.notApplicable(e);
                if (na.isDefined()) {
                    r.note(e, na.get());
                    continue;
                }
                target.partly(e).forEach(why -> r.note(e, why));
                r.step(e);
                r.ran++;
            }
            r.collectPending();
            r.heldAtEnd();
            return Either.right(new Passed(script.file(), r.ran, target.now(),
                    io.vavr.collection.List.ofAll(r.notes)));
        } catch (Stop stop) {
            Failure f = stop.failure;
            return Either.left(new Failure(f.position(), f.source(), f.expected(), f.actual(),
                    io.vavr.collection.List.ofAll(r.notes)));
        }
    }

    private void note(ScriptEvent e, String why) {
        notes.add("line " + e.position().line() + ": " + e.source() + ": not applicable to the " + target.name()
                + " target: " + why);
    }

    private void step(ScriptEvent e) {
        Option<Long> at = scheduled(e.timing().start());
        if (pending.isDefined()) {
            boolean later = at.map(t -> t > pending.get().end + tolerance).getOrElse(false);
            if (e instanceof ScriptEvent.Call || later) {
                collectPending();
            }
        }
        if (e instanceof ScriptEvent.Call c) {
            call(c, at);
        } else if (e instanceof ScriptEvent.Segment s) {
            if (s.direction() == Direction.INBOUND) {
                inject(s, at);
            } else {
                expect(s, at);
            }
        } else {
            // A command, a Python block or an ICMP line the target takes as it is: it happens at its time.
            base = quietUntil(e, at.getOrElse(target.now()));
            ok(e, target.other(e));
        }
    }

    private Option<Long> scheduled(TimePoint p) {
        if (p instanceof TimePoint.Absolute) {
            return Option.some(((TimePoint.Absolute) p).micros());
        }
        if (p instanceof TimePoint.Relative) {
            return Option.some(base + ((TimePoint.Relative) p).micros());
        }
        return Option.none();
    }

    // ---------------------------------------------------------------- calls

    private void call(ScriptEvent.Call e, Option<Long> at) {
        long previous = base;
        long start = quietUntil(e, at.getOrElse(target.now()));
        base = start;
        SocketCall mapped = e.call().fd().map(fd -> e.call().withFd(fds.get(fd).getOrElse(fd))).getOrElse(e.call());
        lag = Math.max(0, target.now() - start);
        Option<CallResult> result = ok(e, target.call(mapped));
        if (e.call() instanceof SocketCall.Listen || e.call() instanceof SocketCall.Generic g
                && g.name().equals("listen")) {
            listening = true;
        }
        if (e.timing().isRange()) {
            TimePoint endPoint = e.timing().end().get();
            // '+a...b': b counts from the previous event, like a (packetdrill's adjust_relative_event_times);
            // 'a...b' is absolute; '...+b' counts from the call's start.
            long end = endPoint instanceof TimePoint.Relative r
                    ? start + r.micros()
                    : e.timing().start() instanceof TimePoint.Relative
                    ? previous + ((TimePoint.Absolute) endPoint).micros()
                    : ((TimePoint.Absolute) endPoint).micros();
            if (result.isDefined()) {
                if (start < end - tolerance) {
                    throw fail(e, "the call to block until " + seconds(end) + " and return " + e.expected(),
                            "it returned " + result.get() + " at once, at " + seconds(start));
                }
                check(e, result.get(), start);
            } else {
                pending = Option.some(new Pending(e, end));
            }
            return;
        }
        if (result.isDefined()) {
            check(e, result.get(), start);
            return;
        }
        Option<Target.Returned> late = ok(e, target.awaitReturn(start + tolerance + lag));
        if (late.isEmpty()) {
            throw fail(e, e.expected() + " at " + seconds(start),
                    "the call was still blocked at " + seconds(start + tolerance + lag)
                            + " (write a time range start...end for a blocking call)");
        }
        check(e, late.get().result(), late.get().at());
    }

    private void collectPending() {
        if (pending.isEmpty()) {
            return;
        }
        Pending p = pending.get();
        pending = Option.none();
        Option<Target.Returned> r = ok(p.event, target.awaitReturn(p.end + tolerance + lag));
        if (r.isEmpty()) {
            throw fail(p.event, p.event.expected() + " at " + seconds(p.end),
                    "the call was still blocked at " + seconds(p.end + tolerance + lag));
        }
        if (r.get().at() < p.end - tolerance) {
            throw fail(p.event, p.event.expected() + " at " + seconds(p.end),
                    r.get().result() + " at " + seconds(r.get().at()));
        }
        check(p.event, r.get().result(), r.get().at());
    }

    private void check(ScriptEvent.Call e, CallResult actual, long when) {
        CallResult expected = e.expected();
        boolean opensFd = e.call() instanceof SocketCall.Socket || e.call() instanceof SocketCall.Accept
                || (e.call() instanceof SocketCall.Generic g && List.of("socket", "accept", "accept4",
                "epoll_create", "epoll_create1").contains(g.name()));
        if (opensFd && expected.errno().isEmpty() && actual.errno().isEmpty() && actual.value() >= 0) {
            fds = fds.put((int) expected.value(), (int) actual.value());
            return;
        }
        boolean anyErrno = expected.value() == -1 && expected.errno().isEmpty() && actual.value() == -1;
        if (!expected.equals(actual) && !anyErrno) {
            throw fail(e, e.call().name() + " = " + expected, e.call().name() + " = " + actual + " at "
                    + seconds(when));
        }
    }

    // ---------------------------------------------------------------- segments

    private void inject(ScriptEvent.Segment s, Option<Long> at) {
        long when = quietUntil(s, at.getOrElse(target.now()));
        boolean syn = s.flags().contains(Flag.SYN);
        long seq = plus(syn ? remoteIsn : peerIsn.getOrElse(remoteIsn), s.seq());
        boolean begins = s.flags().contains(Flag.ACK) ? targetSynSent : listening;
        if (syn && (begins || peerIsn.isEmpty())) {
            peerIsn = Option.some(seq);
            listening = false;
            targetSynSent = false;
        }
        // An ACK written without 'ack N' carries 0, relative like any other (packetdrill's opt_ack).
        long relativeAck = s.ack().getOrElse(0L);
        long ack = s.flags().contains(Flag.ACK)
                ? (syn ? localIsn : targetIsn).map(isn -> plus(isn, relativeAck)).getOrElse(relativeAck)
                : 0L;
        io.vavr.collection.List<TcpOption> options = s.options().getOrElse(io.vavr.collection.List.empty())
                .map(this::inbound);
        ScriptSegment w = new ScriptSegment(s.flags(), seq, ack, s.window().getOrElse(65_535L), options,
                s.length());
        long injected = ok(s, target.inject(w, s));
        lag = Math.max(0, injected - when);
        base = when;
    }

    /**
     * An injected option in the target's numbers: SACK blocks relative to the target's ISN, and a timestamp echo
     * reply moved from the script's clock to the target's, as packetdrill does (the script writes the echo of a
     * value it saw relative to the first value it saw).
     */
    private TcpOption inbound(TcpOption o) {
        if (o instanceof TcpOption.Sack sack) {
            return new TcpOption.Sack(sack.blocks().map(b -> new TcpOption.SackBlock(
                    targetIsn.map(isn -> plus(isn, b.left())).getOrElse(b.left()),
                    targetIsn.map(isn -> plus(isn, b.right())).getOrElse(b.right()))));
        }
        if (o instanceof TcpOption.Timestamp ts && ts.echoReply() != 0 && firstScriptTsVal.isDefined()
                && firstActualTsVal.isDefined()) {
            return new TcpOption.Timestamp(ts.value(),
                    plus(minus(ts.echoReply(), firstScriptTsVal.get()), firstActualTsVal.get()));
        }
        return o;
    }

    private void expect(ScriptEvent.Segment s, Option<Long> at) {
        // 'a~b': the segment may leave at any time from a to b (b relative to the previous event when written +).
        Option<Long> latest = s.timing().end().map(end -> end instanceof TimePoint.Relative r ? base + r.micros()
                : ((TimePoint.Absolute) end).micros());
        long deadline = latest.orElse(at).map(t -> t + tolerance + lag).getOrElse(target.now() + anyWait);
        Option<Target.Emitted> got = held.isDefined() ? held : ok(s, target.awaitExpected(at, deadline));
        held = Option.none();
        while (got.isDefined() && target.ofClosedSocket(got.get()) && mismatch(s, got.get().segment()).isDefined()) {
            closedSocketSegment(s, got.get());
            got = ok(s, target.awaitExpected(at, deadline));
        }
        String expectedText = s.describe() + at.map(t -> " at " + seconds(t)).getOrElse("");
        if (got.isEmpty()) {
            throw fail(s, expectedText, "no segment by " + seconds(deadline));
        }
        Target.Emitted em = got.get();
        if (em.segment().length() > 0 && em.segment().length() < s.length()) {
            em = target.joined(em, s.length());
        }
        ScriptSegment w = em.segment();
        if (s.flags().contains(Flag.SYN) && w.flags().contains(Flag.SYN)) {
            // Each SYN a line matches, as packetdrill learns each new socket's ISN.
            localIsn = Option.some(minus(w.seq(), s.seq()));
            targetIsn = Option.some(w.seq());
            targetSynSent = !w.flags().contains(Flag.ACK);
        }
        if (firstActualTsVal.isEmpty()) {
            Option<TcpOption.Timestamp> actualTs = timestamp(w.options());
            Option<TcpOption.Timestamp> scriptTs = s.options().flatMap(ScriptRunner::timestamp);
            if (actualTs.isDefined()) {
                firstActualTsVal = Option.some(actualTs.get().value());
                firstScriptTsVal = Option.some(scriptTs.map(TcpOption.Timestamp::value)
                        .getOrElse(actualTs.get().value()));
            }
        }
        String actualText = relative(w) + " at " + seconds(em.at());
        if (at.isDefined() && em.at() < at.get() - tolerance) {
            throw fail(s, expectedText, actualText + " (too early)");
        }
        Option<String> mismatch = mismatch(s, w);
        if (mismatch.isDefined()) {
            throw fail(s, expectedText, actualText + " (" + mismatch.get() + " differs)");
        }
        base = em.at();
    }

    /**
     * Where the emitted segment {@code w} differs from what line {@code s} expects: the fields RFC 9293 fixes, and
     * PSH, as the target compares them ({@link Target#difference}); then the window and the options, the script's
     * own assertions, when the line gives them.
     */
    private Option<String> mismatch(ScriptEvent.Segment s, ScriptSegment w) {
        boolean syn = s.flags().contains(Flag.SYN);
        long seq = (syn ? localIsn : targetIsn).map(isn -> plus(isn, s.seq())).getOrElse(s.seq());
        long ack = s.ack().map(a -> plus(syn ? remoteIsn : peerIsn.getOrElse(remoteIsn), a)).getOrElse(w.ack());
        Option<String> field = target.difference(new ScriptSegment(s.flags(), seq, ack, w.window(), w.options(),
                s.length()), w);
        if (field.isDefined()) {
            return field;
        }
        if (s.window().isDefined() && w.window() != s.window().get()) {
            return Option.some("win");
        }
        if (s.options().isDefined()) {
            return target.optionDifference(s.options().get().map(this::absolute), w.options());
        }
        return Option.none();
    }

    private static Option<TcpOption.Timestamp> timestamp(io.vavr.collection.List<TcpOption> options) {
        return options.find(o -> o instanceof TcpOption.Timestamp).map(o -> (TcpOption.Timestamp) o);
    }

    /** An expected option in absolute numbers: SACK blocks from the script side's ISN on. */
    private TcpOption absolute(TcpOption o) {
        if (o instanceof TcpOption.Sack sack) {
            long isn = peerIsn.getOrElse(remoteIsn);
            return new TcpOption.Sack(sack.blocks().map(b -> new TcpOption.SackBlock(plus(isn, b.left()),
                    plus(isn, b.right()))));
        }
        return o;
    }

    /** An emitted option in the script's numbers: SACK blocks relative to the script side's ISN. */
    private TcpOption outbound(TcpOption o) {
        if (o instanceof TcpOption.Sack sack) {
            long isn = peerIsn.getOrElse(remoteIsn);
            return new TcpOption.Sack(sack.blocks().map(b -> new TcpOption.SackBlock(minus(b.left(), isn),
                    minus(b.right(), isn))));
        }
        return o;
    }

    /** The emitted segment in the script's relative numbers, as a {@code >} line would write it. */
    private String relative(ScriptSegment w) {
        boolean syn = w.flags().contains(Flag.SYN);
        long seq = (syn ? localIsn : targetIsn).map(isn -> minus(w.seq(), isn)).getOrElse(w.seq());
        StringBuilder b = new StringBuilder(Flag.render(w.flags()));
        b.append(' ').append(seq).append(':').append(seq + w.length()).append('(').append(w.length()).append(')');
        if (w.flags().contains(Flag.ACK)) {
            b.append(" ack ").append(minus(w.ack(), syn ? remoteIsn : peerIsn.getOrElse(remoteIsn)));
        }
        b.append(" win ").append(w.window());
        if (!w.options().isEmpty()) {
            b.append(" <").append(w.options().map(this::outbound).mkString(",")).append('>');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- time and plumbing

    /** Fails the run on a segment {@link #held} that no later line took. */
    private void heldAtEnd() {
        if (held.isDefined()) {
            Target.Emitted x = held.get();
            ScriptEvent last = script.events().last();
            throw fail(last, "no segment after the last line's time", "unexpected " + relative(x.segment()) + " at "
                    + seconds(x.at()));
        }
    }

    /** Notes a segment of a closed socket's connection that no line expects (see {@link Target#ofClosedSocket}). */
    private void closedSocketSegment(ScriptEvent e, Target.Emitted x) {
        notes.add("line " + e.position().line() + ": " + e.source() + ": not compared on the " + target.name()
                + " target: " + relative(x.segment()) + " at " + seconds(x.at()) + ", a segment of a connection whose "
                + "socket the script closed and no line expects (packetdrill reads only the socket under test)");
    }

    /** Lets time pass until {@code until}, failing on any segment the target emits meanwhile. */
    private long quietUntil(ScriptEvent e, long until) {
        Option<Target.Emitted> extra = held.isDefined() ? held : ok(e, target.awaitSegment(until));
        held = Option.none();
        while (extra.isDefined() && target.ofClosedSocket(extra.get())) {
            closedSocketSegment(e, extra.get());
            extra = ok(e, target.awaitSegment(until));
        }
        if (extra.isDefined() && extra.get().at() >= until - tolerance) {
            held = extra;
            return ok(e, target.advanceTo(until));
        }
        if (extra.isDefined()) {
            throw fail(e, "no segment before this line at " + seconds(until), "unexpected "
                    + relative(extra.get().segment()) + " at " + seconds(extra.get().at()));
        }
        return ok(e, target.advanceTo(until));
    }

    private <T> T ok(ScriptEvent e, Either<String, T> answer) {
        if (answer.isLeft()) {
            throw fail(e, "the target to run this line", "target error: " + answer.getLeft());
        }
        return answer.get();
    }

    private Stop fail(ScriptEvent e, String expected, String actual) {
        return new Stop(new Failure(e.position(), e.source(), expected, actual));
    }

    private static long plus(long a, long b) {
        return (a + b) & 0xffff_ffffL;
    }

    private static long minus(long a, long b) {
        return (a - b) & 0xffff_ffffL;
    }

    private static String seconds(long micros) {
        return Render.seconds(micros);
    }
}
