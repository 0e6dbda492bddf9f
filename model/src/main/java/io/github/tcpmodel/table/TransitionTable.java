package io.github.tcpmodel.table;

import io.vavr.Lazy;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Array;
import io.vavr.collection.HashSet;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Queue;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The TCP connection state machine as an immutable value: every pair of a {@link ConnectionState} and an
 * {@link Event} maps to exactly one {@link Outcome}.
 *
 * <p>{@link #rfc9293()} is the reference table: every arc of RFC 9293 Figure 5, its Notes 1-3, and the transitions
 * written only in the text of §3.10. Variants (an implementation's choices, or a deliberately broken protocol for
 * the model checker to refute) are derived with {@link #with}; the reference itself never changes.
 */
public final class TransitionTable {

    /**
     * The reference, built on the first call of {@link #rfc9293()} rather than while this class is initialized, so
     * that the construction code in {@link Rfc9293Table} runs like any other code (mutation testing reaches it).
     */
    private static final Lazy<TransitionTable> RFC_9293 = Lazy.of(TransitionTable::buildRfc9293);

    private static final int EVENTS = Event.values().length;

    private final String name;
    private final Map<Tuple2<ConnectionState, Event>, Outcome> entries;
    /** The same outcomes indexed by {@code state.index() * EVENTS + event.ordinal()}, for a constant-time step. */
    private final Array<Outcome> byIndex;

    private TransitionTable(String name, Map<Tuple2<ConnectionState, Event>, Outcome> entries) {
        this.name = name;
        this.entries = entries;
        Set<Tuple2<ConnectionState, Event>> missing = allPairs().toSet().removeAll(entries.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("table " + name + " is not total; missing: " + missing);
        }
        this.byIndex = Array.ofAll(allPairs().map(p -> entries.get(p).get()));
    }

    /** The reference table of RFC 9293 (one shared instance, built on first use). */
    public static TransitionTable rfc9293() {
        return RFC_9293.get();
    }

    /** A new copy of the reference table, built from {@link Rfc9293Table}'s rows on every call. */
    static TransitionTable buildRfc9293() {
        return new TransitionTable("rfc9293", Rfc9293Table.entries());
    }

    /** Every (state, event) pair in a fixed order: states as in {@link ConnectionState#all()}, events as declared. */
    public static List<Tuple2<ConnectionState, Event>> allPairs() {
        return ConnectionState.all().flatMap(s -> List.of(Event.values()).map(e -> Tuple.of(s, e)));
    }

    /** The table's name: {@code rfc9293} for the reference, the variant's name otherwise. */
    public String name() {
        return name;
    }

    /** What the table says for {@code event} in {@code state}. Total: every pair has an outcome. */
    public Outcome step(ConnectionState state, Event event) {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(event, "event is null");
        return byIndex.get(state.index() * EVENTS + event.ordinal());
    }

    /** The state after {@code event} in {@code state}. */
    public ConnectionState next(ConnectionState state, Event event) {
        return step(state, event).target(state);
    }

    /** The state after each of {@code events} in turn, starting from {@code state}. */
    public ConnectionState run(ConnectionState state, Iterable<Event> events) {
        ConnectionState s = Objects.requireNonNull(state, "state is null");
        for (Event e : Objects.requireNonNull(events, "events is null")) {
            s = next(s, e);
        }
        return s;
    }

    /** Every entry, in the order of {@link #allPairs()}. */
    public Map<Tuple2<ConnectionState, Event>, Outcome> entries() {
        return entries;
    }

    /** Every transition (including self-loops), in the order of {@link #allPairs()}. */
    public List<Arc> arcs() {
        return allPairs().flatMap(p -> step(p._1, p._2) instanceof Outcome.Transition t
                ? Option.some(new Arc(p._1, p._2, t))
                : Option.<Arc>none());
    }

    /** Every transition that leaves its state. */
    public List<Arc> stateChanges() {
        return arcs().filter(Arc::changesState);
    }

    /** The states one transition away from {@code state} (itself included when it has a self-loop). */
    public Set<ConnectionState> successors(ConnectionState state) {
        Objects.requireNonNull(state, "state is null");
        return TreeSet.ofAll(arcs().filter(a -> a.source().equals(state)).map(Arc::target));
    }

    /** The states from which one transition leads to {@code state}. */
    public Set<ConnectionState> predecessors(ConnectionState state) {
        Objects.requireNonNull(state, "state is null");
        return TreeSet.ofAll(arcs().filter(a -> a.target().equals(state)).map(Arc::source));
    }

    /** The states reachable from {@code state} by zero or more transitions. */
    public Set<ConnectionState> reachableFrom(ConnectionState state) {
        Objects.requireNonNull(state, "state is null");
        Set<ConnectionState> seen = HashSet.of(state);
        Queue<ConnectionState> frontier = Queue.of(state);
        while (!frontier.isEmpty()) {
            Tuple2<ConnectionState, Queue<ConnectionState>> next = frontier.dequeue();
            Set<ConnectionState> fresh = successors(next._1).removeAll(seen);
            seen = seen.addAll(fresh);
            frontier = next._2.enqueueAll(fresh);
        }
        return TreeSet.ofAll(seen);
    }

    /**
     * A shortest sequence of events leading from {@code from} to {@code to} (breadth-first, events tried in
     * declaration order, so the answer is deterministic); empty when {@code from} equals {@code to}; none when
     * {@code to} is unreachable.
     */
    public Option<List<Event>> shortestPath(ConnectionState from, ConnectionState to) {
        Objects.requireNonNull(from, "from is null");
        Objects.requireNonNull(to, "to is null");
        Map<ConnectionState, List<Event>> paths = LinkedHashMap.of(from, List.empty());
        Queue<ConnectionState> frontier = Queue.of(from);
        while (!frontier.isEmpty() && !paths.containsKey(to)) {
            Tuple2<ConnectionState, Queue<ConnectionState>> next = frontier.dequeue();
            ConnectionState s = next._1;
            frontier = next._2;
            for (Event e : Event.values()) {
                ConnectionState t = next(s, e);
                if (!paths.containsKey(t)) {
                    paths = paths.put(t, paths.get(s).get().append(e));
                    frontier = frontier.enqueue(t);
                }
            }
        }
        return paths.get(to);
    }

    /** A variant of this table in which {@code event} in {@code state} has {@code outcome}; this table is unchanged. */
    public TransitionTable with(ConnectionState state, Event event, Outcome outcome) {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(event, "event is null");
        Objects.requireNonNull(outcome, "outcome is null");
        return new TransitionTable(name, entries.put(Tuple.of(state, event), outcome));
    }

    /** The same entries under another name, e.g. {@code two-way-handshake} for a variant. */
    public TransitionTable named(String newName) {
        Objects.requireNonNull(newName, "newName is null");
        return new TransitionTable(newName, entries);
    }

    /** The pairs whose outcome differs from {@code other}'s, in the order of {@link #allPairs()}. */
    public List<Tuple2<ConnectionState, Event>> differences(TransitionTable other) {
        Objects.requireNonNull(other, "other is null");
        return allPairs().filter(p -> !step(p._1, p._2).equals(other.step(p._1, p._2)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransitionTable t
                && t.name.equals(name)
                && t.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, entries);
    }

    @Override
    public String toString() {
        return "TransitionTable(" + name + ", " + entries.size() + " entries)";
    }
}
