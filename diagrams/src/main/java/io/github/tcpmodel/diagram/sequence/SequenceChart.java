package io.github.tcpmodel.diagram.sequence;

import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import java.util.Objects;

/**
 * A message sequence chart: two lifelines, an ordered list of {@link Row}s, and the state of each side before
 * the first step and after every step.
 *
 * <p>To draw a trace of your own, build the steps in order: a {@link Row.Send} for each segment a side emits, an
 * {@link Row.Arrive} (or {@link Row.Lose}) naming the index of that send when the segment reaches the peer (or
 * is lost), and a {@link Row.Local} for a user call or a timer. {@link #of} checks that every arrival refers to
 * an earlier, unresolved send and returns the reason as a value when it does not.
 */
public final class SequenceChart {

    private final String title;
    private final String left;
    private final String right;
    private final RowStates initial;
    private final List<Row> steps;
    private final List<String> notes;

    private SequenceChart(String title, String left, String right, RowStates initial, List<Row> steps,
                          List<String> notes) {
        this.title = title;
        this.left = left;
        this.right = right;
        this.initial = initial;
        this.steps = steps;
        this.notes = notes;
    }

    /**
     * A chart, or the reason it is malformed.
     *
     * @param title   a title, e.g. {@code three-way handshake}
     * @param left    the left lifeline's name, e.g. {@code client}
     * @param right   the right lifeline's name, e.g. {@code server}
     * @param initial the states before the first step
     * @param steps   the steps in order
     * @param notes   lines printed under the chart (what the symbols mean, what is left out); may be empty
     * @return the chart, or why the steps do not make one (a delivery or loss of a segment never sent)
     */
    public static Either<String, SequenceChart> of(String title, String left, String right, RowStates initial,
                                                   List<Row> steps, List<String> notes) {
        Objects.requireNonNull(title, "title is null");
        Objects.requireNonNull(left, "left is null");
        Objects.requireNonNull(right, "right is null");
        Objects.requireNonNull(initial, "initial is null");
        Objects.requireNonNull(steps, "steps is null");
        Objects.requireNonNull(notes, "notes is null");
        if (left.isBlank() || right.isBlank()) {
            return Either.left("a lifeline name is blank");
        }
        Set<Integer> resolved = HashSet.empty();
        for (int i = 0; i < steps.size(); i++) {
            Row step = steps.get(i);
            int send;
            if (step instanceof Row.Arrive) {
                send = ((Row.Arrive) step).send();
            } else if (step instanceof Row.Lose) {
                send = ((Row.Lose) step).send();
            } else {
                continue;
            }
            if (send < 0 || send >= i || !(steps.get(send) instanceof Row.Send)) {
                return Either.left("step " + i + " refers to step " + send + ", which is not an earlier send");
            }
            if (resolved.contains(send)) {
                return Either.left("step " + i + " resolves the segment of step " + send + " a second time");
            }
            resolved = resolved.add(send);
        }
        return Either.right(new SequenceChart(title, left, right, initial, steps, notes));
    }

    /** {@return the chart's title} */
    public String title() {
        return title;
    }

    /**
     * The name of the left lifeline.
     *
     * @return the name of the left lifeline
     */
    public String left() {
        return left;
    }

    /**
     * The name of the right lifeline.
     *
     * @return the name of the right lifeline
     */
    public String right() {
        return right;
    }

    /**
     * The name of {@code side}'s lifeline.
     *
     * @param side the lifeline
     * @return its name
     */
    public String name(Lifeline side) {
        return side == Lifeline.LEFT ? left : right;
    }

    /**
     * The states before the first step.
     *
     * @return the states of both sides before the first step
     */
    public RowStates initial() {
        return initial;
    }

    /** {@return the steps, top to bottom} */
    public List<Row> steps() {
        return steps;
    }

    /** {@return the notes drawn below the chart} */
    public List<String> notes() {
        return notes;
    }

    /**
     * The states before step {@code i} (the initial states for the first).
     *
     * @param i the index of a step
     * @return the states of both sides before it
     */
    public RowStates before(int i) {
        return i == 0 ? initial : steps.get(i - 1).after();
    }

    /**
     * The index of the step that resolves (delivers or loses) the segment sent at step {@code send}, if any.
     *
     * @param send the index of a {@link Row.Send} step
     * @return the index of the step that delivers or loses its segment, or none while it is in flight
     */
    public io.vavr.control.Option<Integer> resolution(int send) {
        for (int i = send + 1; i < steps.size(); i++) {
            Row s = steps.get(i);
            if (s instanceof Row.Arrive && ((Row.Arrive) s).send() == send
                    || s instanceof Row.Lose && ((Row.Lose) s).send() == send) {
                return io.vavr.control.Option.some(i);
            }
        }
        return io.vavr.control.Option.none();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceChart
                && ((SequenceChart) o).title.equals(title)
                && ((SequenceChart) o).left.equals(left)
                && ((SequenceChart) o).right.equals(right)
                && ((SequenceChart) o).initial.equals(initial)
                && ((SequenceChart) o).steps.equals(steps)
                && ((SequenceChart) o).notes.equals(notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, left, right, initial, steps, notes);
    }

    @Override
    public String toString() {
        return "SequenceChart(" + title + ", " + steps.size() + " steps)";
    }
}
