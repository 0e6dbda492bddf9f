package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The system under test, as the {@link ScriptRunner} drives it: one TCP endpoint with a sockets API on one side and
 * a wire on the other, where the script plays the peer.
 *
 * <p>Contract:
 * <ul>
 *   <li>Time is in microseconds on the target's clock, which reads 0 when the run starts and only moves forward.
 *       Simulated targets move it in {@link #advanceTo} and the {@code await} methods (firing their timers on the
 *       way); real ones let it run and wait.</li>
 *   <li>The target owns its addresses, ports, file descriptor numbers and initial sequence number; the runner maps
 *       the script's descriptors and relative sequence numbers to the target's.</li>
 *   <li>Segments the target emits are queued in order with their time until an {@link #awaitSegment} takes them;
 *       nothing is dropped.</li>
 *   <li>At most one call is blocked at a time; the runner collects it with {@link #awaitReturn} before making
 *       another call.</li>
 *   <li>A left value is a problem of the target itself (it cannot do the call, an I/O error), never a TCP outcome:
 *       a refused connection is a {@link CallResult} with an errno. The runner reports it as a failure.</li>
 * </ul>
 */
public interface Target {

    /**
     * A segment the target emitted, and when.
     *
     * @param at      the target's clock when the segment left, in microseconds
     * @param segment the segment
     */
    record Emitted(long at, ScriptSegment segment) {
        public Emitted {
            java.util.Objects.requireNonNull(segment, "segment is null");
        }
    }

    /**
     * A blocked call that returned, and when.
     *
     * @param at     the target's clock when the call returned, in microseconds
     * @param result what it returned
     */
    record Returned(long at, CallResult result) {
        public Returned {
            java.util.Objects.requireNonNull(result, "result is null");
        }
    }

    /** The target's clock. */
    long now();

    /** Lets time pass until {@code micros} (no effect when it is not later than {@link #now()}); answers the clock. */
    Either<String, Long> advanceTo(long micros);

    /**
     * Makes a socket call now. Answers its result when it returned at once, none when it blocks (a blocking
     * {@code connect}, {@code accept}, {@code read} or a lingering {@code close}).
     */
    Either<String, Option<CallResult>> call(SocketCall call);

    /** Lets time pass until the blocked call returns or {@code deadline} passes, whichever is first. */
    Either<String, Option<Returned>> awaitReturn(long deadline);

    /** Delivers {@code segment} to the target now, as if it arrived from the peer; answers the clock. */
    Either<String, Long> inject(ScriptSegment segment);

    /**
     * Answers the oldest emitted segment not yet taken, letting time pass until one is emitted or {@code deadline}
     * passes, whichever is first. A queued segment is answered at once, whatever the deadline.
     */
    Either<String, Option<Emitted>> awaitSegment(long deadline);

    /**
     * Whether {@code e} is a segment of a connection whose socket the script has closed: packetdrill reads only the
     * segments of the socket under test, so such a segment that no line expects is not held against the script (the
     * runner notes it and goes on). False by default: every segment the target emits is the script's.
     */
    default boolean ofClosedSocket(Emitted e) {
        return false;
    }

    /**
     * As {@link #awaitSegment}, for a segment a script line expects at {@code at} (none for {@code *}): a target
     * that leaves a timing choice open (when to send a delayed ACK, RFC 9293 §3.8.6.3) may take the one the line
     * shows, within what it allows. By default {@link #awaitSegment}.
     */
    default Either<String, Option<Emitted>> awaitExpected(Option<Long> at, long deadline) {
        return awaitSegment(deadline);
    }

    /**
     * The segment a line that expects {@code length} octets of text is judged against, given {@code first}, the
     * segment {@link #awaitExpected} answered with fewer: a target whose segmentation is a choice to be judged may
     * answer {@code first} joined with the segments it emitted right after it, at the same time and in sequence, up to
     * {@code length} octets, as a TSO or GSO burst the script shows as one segment is that train of segments of at
     * most the MSS each (RFC 9293 §3.7.1, MUST-16 bounds each segment, not the burst); the joined ones are taken. By
     * default {@code first}: a target whose wire shows its segments as sent is compared segment by segment.
     */
    default Emitted joined(Emitted first, long length) {
        return first;
    }

    /**
     * Where {@code actual}, a segment this target emitted, differs from {@code expected}, the segment a script line
     * expects (the line's SEG.ACK, or {@code actual}'s where the line gives none): the first field that differs,
     * named as a script names it ({@code flags}, {@code seq}, {@code length}, {@code ack}); none when they agree.
     * The fields RFC 9293 fixes are compared as every driver compares an implementation with the model
     * ({@link ScriptSegment#difference}); PSH, whose placement RFC 9293 leaves to the implementation (§3.9.1.2,
     * MAY-15, MUST-61), is compared as written, as packetdrill does: the script asserts the implementation's choice.
     */
    default Option<String> difference(ScriptSegment expected, ScriptSegment actual) {
        if (expected.flags().contains(Flag.PSH) != actual.flags().contains(Flag.PSH)) {
            return Option.some("flags");
        }
        return ScriptSegment.difference(expected, actual);
    }

    /** The target's name in reports: {@code model}, {@code engine}, {@code linux}. */
    default String name() {
        return "this";
    }

    /**
     * Why this target cannot run {@code event} at all; the runner then skips the line and reports it with the
     * reason, so partial support is visible. None when the target runs it. By default a target runs socket calls
     * of the classic kinds and TCP segments, and nothing else.
     */
    default Option<String> notApplicable(ScriptEvent event) {
        if (event instanceof ScriptEvent.Command) {
            return Option.some("a shell command (this target has no shell and no sysctls)");
        }
        if (event instanceof ScriptEvent.Code) {
            return Option.some("a Python block (it reads the kernel's tcp_info)");
        }
        if (event instanceof ScriptEvent.Icmp) {
            return Option.some("an ICMP message (this target has no IP layer)");
        }
        if (event instanceof ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g) {
            return Option.some("the call " + g.name() + "() is not supported by this target");
        }
        return Option.none();
    }

    /** The parts of {@code event} this target runs without (the line runs; the parts are reported). */
    default List<String> partly(ScriptEvent event) {
        return List.empty();
    }

    /**
     * Of an expected segment's options, and of the options the target sent, the ones this target is held to; by
     * default all of them, compared exactly as written.
     */
    default List<TcpOption> comparable(List<TcpOption> options) {
        return options;
    }

    /**
     * Whether the options {@code actual} of a segment this target just emitted (the one the runner took last) meet
     * {@code expected}, the options its script line writes; both with SACK blocks in absolute sequence numbers.
     * None when they do, else what differs. By default the {@link #comparable} options are compared exactly as
     * written, in order, but for TSval, which follows the target's clock (the echo reply is compared).
     */
    default Option<String> optionDifference(List<TcpOption> expected, List<TcpOption> actual) {
        List<TcpOption> e = comparable(expected);
        List<TcpOption> a = comparable(actual);
        boolean same = e.size() == a.size() && e.zip(a).forAll(p -> {
            if (p._1 instanceof TcpOption.Timestamp x && p._2 instanceof TcpOption.Timestamp y) {
                return x.echoReply() == y.echoReply();
            }
            return p._1.equals(p._2);
        });
        return same ? Option.none() : Option.some("options");
    }

    /**
     * Why a script's command-line option {@code --name=value} does not apply to this target; none when it does (the
     * runner applies {@code tolerance_usecs} itself).
     */
    default Option<String> option(String name, String value) {
        return name.equals("tolerance_usecs") ? Option.none()
                : Option.some("the option --" + name + (value.isEmpty() ? "" : "=" + value) + " is not applied by "
                + "this target");
    }

    /** Delivers {@code segment} as {@code line} writes it (its IP ECN field and urgent pointer, where supported). */
    default Either<String, Long> inject(ScriptSegment segment, ScriptEvent.Segment line) {
        return inject(segment);
    }

    /**
     * Runs a shell command, a Python block or an ICMP line now, for a target that takes it (see {@link
     * #notApplicable}); answers the clock.
     */
    default Either<String, Long> other(ScriptEvent event) {
        return Either.left("this target cannot run " + event.render());
    }
}
