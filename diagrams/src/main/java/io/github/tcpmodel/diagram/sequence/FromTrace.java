package io.github.tcpmodel.diagram.sequence;

import io.github.tcpmodel.check.Trace;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a model checker's {@link Trace} (a counterexample or a witness) as a {@link SequenceChart}: each segment a
 * side emits becomes a {@link Row.Send}; the step that consumes it an {@link Row.Arrive}; a network loss a
 * {@link Row.Lose}; a duplicate a second send of the same segment; user calls and timeouts {@link Row.Local}.
 */
public final class FromTrace {

    private static final Pattern SEGMENT =
            Pattern.compile("<SEQ=([^>]*)>(?:<ACK=([^>]*)>)?<CTL=([^>]*)>(<DATA>)?");

    private FromTrace() {
    }

    /**
     * The chart of {@code trace}, titled {@code title}; or why a step cannot be drawn.
     *
     * @param title the chart's title
     * @param trace the model checker's trace
     * @return the chart, or why the trace cannot be drawn as one
     */
    public static Either<String, SequenceChart> chart(String title, Trace trace) {
        List<Row> steps = List.empty();
        // Sends not yet resolved: (step index, sender, segment text).
        List<Pending> pending = List.empty();
        RowStates before = new RowStates(trace.left(), trace.right());
        boolean preloaded = false;
        for (io.github.tcpmodel.check.TraceStep s : trace.steps()) {
            RowStates after = new RowStates(s.left(), s.right());
            if (s.actor() == io.github.tcpmodel.check.Actor.NETWORK) {
                Lifeline to = side(s.towards());
                String text = s.lost().getOrElse(() -> s.note().replaceFirst("^duplicates ", ""));
                Option<Pending> p = pending.find(x -> x.from == to.peer() && x.text.equals(text));
                if (p.isEmpty()) {
                    return Either.left("step '" + s.event() + "': no segment " + text + " in flight to " + to);
                }
                if (s.lost().isDefined()) {
                    steps = steps.append(new Row.Lose(p.get().index, after));
                    pending = pending.remove(p.get());
                } else {
                    Either<String, Arrow> seg = segment(text);
                    if (seg.isLeft()) {
                        return Either.left(seg.getLeft());
                    }
                    pending = pending.append(new Pending(steps.size(), to.peer(), text));
                    steps = steps.append(new Row.Send(to.peer(), seg.get(), after));
                }
                before = after;
                continue;
            }
            Lifeline actor = side(s.actor());
            if (s.received().isDefined()) {
                String text = s.received().get();
                Option<Pending> p = pending.find(x -> x.from == actor.peer() && x.text.equals(text));
                if (p.isEmpty()) {
                    // A segment the trace never sent was in the network when it began (an old duplicate).
                    Either<String, Arrow> old = segment(text);
                    if (old.isLeft()) {
                        return Either.left(old.getLeft());
                    }
                    p = Option.some(new Pending(steps.size(), actor.peer(), text));
                    steps = steps.append(new Row.Send(actor.peer(), old.get(), before));
                    preloaded = true;
                }
                steps = steps.append(new Row.Arrive(p.get().index, after));
                pending = pending.remove(p.get());
            } else {
                steps = steps.append(new Row.Local(actor, s.event(), after));
            }
            for (String text : s.sent()) {
                Either<String, Arrow> seg = segment(text);
                if (seg.isLeft()) {
                    return Either.left(seg.getLeft());
                }
                pending = pending.append(new Pending(steps.size(), actor, text));
                steps = steps.append(new Row.Send(actor, seg.get(), after));
            }
            before = after;
        }
        return SequenceChart.of(title, trace.leftName(), trace.rightName(), new RowStates(trace.left(), trace.right()),
                steps, List.of(trace.verdict(), "model: " + trace.model()
                        + "; sequence numbers are small abstract values; DATA is one unit of data")
                        .appendAll(preloaded ? List.of("a segment drawn without a preceding step was already in the "
                                + "network when the trace began (an old duplicate)") : List.empty()));
    }

    private static Either<String, Arrow> segment(String text) {
        Matcher m = SEGMENT.matcher(text);
        if (!m.matches()) {
            return Either.left("not a segment in RFC notation: " + text);
        }
        return Either.right(new Arrow(m.group(3), m.group(1), Option.of(m.group(2)), m.group(4) == null ? 0 : 1));
    }

    private static Lifeline side(io.github.tcpmodel.check.Actor s) {
        return s == io.github.tcpmodel.check.Actor.LEFT ? Lifeline.LEFT : Lifeline.RIGHT;
    }

    private record Pending(int index, Lifeline from, String text) {
    }
}
