package io.github.tcpmodel.property.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.ModelImplementation;
import io.github.tcpmodel.property.conformance.RunResult;
import io.github.tcpmodel.property.generator.Connections;
import io.github.tcpmodel.property.generator.Pick;
import io.github.tcpmodel.property.generator.Segments;
import io.github.tcpmodel.property.generator.SeqNums;
import io.github.tcpmodel.property.generator.States;
import io.github.tcpmodel.property.generator.Traces;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validity: the table is a total, deterministic function; sequence-number and segment arithmetic obey their laws;
 * every step of the segment-level semantics refines the profile's table. Subclass and override
 * {@link #profile()} to check another profile.
 */
public abstract class ValidityProperties {

    /** {@return the profile whose table and semantics are checked} */
    protected Profile profile() {
        return Profile.rfc9293();
    }

    static Stream<Arguments> pairs() {
        return TransitionTable.allPairs().toJavaStream().map(t -> Arguments.of(t._1, t._2));
    }

    // ---------------------------------------------------------------- the table, exhaustively

    // forall s, e: table(s, e) is the table's entry for (s, e), it cites the RFC, and a refusal leaves s unchanged.
    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("pairs")
    void tableIsTotal(ConnectionState s, Event e) {
        TransitionTable t = profile().table();
        Outcome o = t.step(s, e);
        assertEquals(Option.some(o), t.entries().get(io.vavr.Tuple.of(s, e)), () -> s + " x " + e + " has no entry");
        assertTrue(o.section().startsWith("§") || o.section().startsWith("RFC"), o::section);
        if (!o.isTransition()) {
            assertEquals(s, o.target(s));
        }
        assertEquals(o.target(s), profile().table().next(s, e));
    }

    // forall s, e: the table derived from the profile's switches says the same for (s, e) each time it is derived
    // (profile() builds the profile anew for the shipped profiles), and SYN-RECEIVED is the only state with an origin.
    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("pairs")
    void tableIsDeterministic(ConnectionState s, Event e) {
        TransitionTable t = profile().table();
        TransitionTable again = profile().table();
        assertEquals(t.step(s, e), again.step(s, e), () -> s + " x " + e + " differs between two derivations");
        ConnectionState target = t.next(s, e);
        assertEquals(target.state() == TcpState.SYN_RECEIVED, target.origin().isDefined());
    }

    // |entries| = |states| x |events|: no pair is missing or doubled.
    @Test
    void tableHasOneEntryPerPair() {
        assertEquals(ConnectionState.all().size() * Event.values().length, profile().table().entries().size());
    }

    // forall s, es: run(s, es) = fold(next, s, es).
    @Test
    void runIsTheFoldOfNext(TestInfo info) {
        TransitionTable t = profile().table();
        Check.qt(Names.of(info)).forAll(States.connectionStates(), States.eventSequences(20)).check((s, es) ->
                t.run(s, es).equals(es.foldLeft(s, t::next)));
    }

    // forall s, t: t in successors(s) <=> s in predecessors(t) <=> exists e: table(s, e) is a transition to t.
    @Test
    void successorsAndPredecessorsAreConverse(TestInfo info) {
        TransitionTable t = profile().table();
        Check.qt(Names.of(info)).forAll(States.connectionStates(), States.connectionStates()).check((a, b) -> {
            boolean arc = List.of(Event.values()).exists(e -> t.step(a, e).isTransition() && t.next(a, e).equals(b));
            return t.successors(a).contains(b) == arc && t.predecessors(b).contains(a) == arc;
        });
    }

    // forall s, t: shortestPath(s, t) = some(p) => run(s, p) = t and |p| is minimal; none <=> t not reachable.
    @Test
    void shortestPathsLeadThereAndNoShorterOneDoes(TestInfo info) {
        TransitionTable t = profile().table();
        Check.qt(Names.of(info)).forAll(States.connectionStates(), States.connectionStates()).checkAssert((a, b) -> {
            Option<List<Event>> path = t.shortestPath(a, b);
            assertEquals(t.reachableFrom(a).contains(b), path.isDefined(), () -> a + " -> " + b);
            path.forEach(p -> {
                assertEquals(b, t.run(a, p));
                if (!p.isEmpty()) {
                    List<ConnectionState> shorter = List.of(a);
                    for (int i = 1; i < p.size(); i++) {
                        shorter = shorter.flatMap(x -> t.successors(x).toList().append(x)).distinct();
                    }
                    assertFalse(shorter.contains(b), () -> "a path shorter than " + p + " exists");
                }
            });
        });
    }

    // arcs = the transitions of entries; stateChanges = the arcs whose target differs from their source; each arc's
    // label is "event / actions".
    @Test
    void arcsAreTheTransitions() {
        TransitionTable t = profile().table();
        List<io.github.tcpmodel.table.Arc> arcs = t.arcs();
        assertEquals(t.entries().count(e -> e._2.isTransition()), arcs.size());
        for (io.github.tcpmodel.table.Arc a : arcs) {
            assertEquals(t.step(a.source(), a.event()), a.transition());
            assertEquals(!a.source().equals(a.target()), a.changesState());
            assertEquals(a.event().label() + " / " + a.transition().actionLabel(), a.label());
            assertEquals(a.transition().actions().isEmpty() ? "x"
                    : a.transition().actions().map(io.github.tcpmodel.table.Action::label).mkString(", "),
                    a.transition().actionLabel());
        }
        assertEquals(arcs.filter(io.github.tcpmodel.table.Arc::changesState), t.stateChanges());
        assertTrue(t.stateChanges().size() > 0 && t.stateChanges().size() < arcs.size());
    }

    // equals and hashCode: a table equals itself renamed back, not a variant with one entry changed, nor another
    // name; differences lists exactly the changed pair.
    @Test
    void tablesAreValues() {
        TransitionTable t = profile().table();
        ConnectionState s = ConnectionState.of(TcpState.ESTABLISHED);
        Outcome refusal = new Outcome.Refusal(io.github.tcpmodel.table.Reply.values()[0], "§0", "test");
        TransitionTable variant = t.with(s, Event.CLOSE, refusal);
        assertEquals(t, t.named(t.name()));
        assertEquals(t.hashCode(), t.named(t.name()).hashCode());
        assertFalse(t.equals(variant));
        assertFalse(t.equals(t.named(t.name() + "'")));
        assertFalse(t.equals(t.name()));
        assertEquals(List.of(io.vavr.Tuple.of(s, Event.CLOSE)), t.differences(variant));
        assertTrue(t.toString().contains(t.name()) && t.toString().contains(t.entries().size() + " entries"));
    }

    // forall a: a sends a segment <=> its label starts with "snd" or it is "retransmit"; forall e: cause(e) is USER
    // exactly for the seven calls of §3.10.1 - §3.10.6, TIMEOUT exactly for the timeouts.
    @Test
    void actionsAndEventsAreClassifiedByTheirRfcNames() {
        for (io.github.tcpmodel.table.Action a : io.github.tcpmodel.table.Action.values()) {
            assertEquals(a.label().startsWith("snd") || a.label().equals("retransmit"), a.sendsSegment(), a::label);
        }
        for (Event e : Event.values()) {
            Event.Cause expected = e.ordinal() <= Event.STATUS.ordinal() ? Event.Cause.USER
                    : e.label().startsWith("rcv") ? Event.Cause.SEGMENT : Event.Cause.TIMEOUT;
            assertEquals(expected, e.cause(), e::label);
        }
    }

    // ---------------------------------------------------------------- sequence numbers (RFC 9293 §3.4, RFC 1982)

    // forall a, n: (a + n) - n = a.
    @Test
    void plusAndMinusAreInverse(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.anyLong()).check((a, n) ->
                a.plus(n).minus(n).equals(a) && a.minus(n).plus(n).equals(a));
    }

    // forall x: wrap(x) = x mod 2^32, and parse(x) is an error exactly outside [0, 2^32).
    @Test
    void wrapIsModularAndParseRejectsOutOfRange(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.anyLong()).check(x -> {
            boolean inRange = x >= 0 && x < SeqNum.MODULUS;
            Either<String, SeqNum> p = SeqNum.parse(x);
            return SeqNum.wrap(x).value() == Math.floorMod(x, SeqNum.MODULUS)
                    && p.isRight() == inRange && (!inRange || p.get().value() == x);
        });
    }

    // forall a, b: a < b <=> 0 < (b - a) mod 2^32 < 2^31.
    @Test
    void lessThanIsTheHalfCircle(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.edges()).check((a, b) -> {
            long d = b.offsetFrom(a);
            return a.lt(b) == (d > 0 && d < SeqNum.HALF);
        });
    }

    // forall a, b: not (a < a); a < b => not (b < a); a != b and |b - a| != 2^31 => a < b or b < a.
    @Test
    void orderIsIrreflexiveAsymmetricAndTotalAwayFromHalf(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.offsets()).check((a, k) -> {
            SeqNum b = a.plus(k);
            boolean half = b.offsetFrom(a) == SeqNum.HALF;
            return !a.lt(a) && !(a.lt(b) && b.lt(a))
                    && (a.equals(b) || half || a.lt(b) || b.lt(a))
                    && (!half || (!a.lt(b) && !b.lt(a) && !a.le(b)));
        });
    }

    // forall a, b, k: a < b <=> a + k < b + k (the order is invariant under rotation).
    @Test
    void orderIsShiftInvariant(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.offsets(), SeqNums.anyLong()).check((a, d, k) -> {
            SeqNum b = a.plus(d);
            return a.lt(b) == a.plus(k).lt(b.plus(k)) && a.le(b) == a.plus(k).le(b.plus(k));
        });
    }

    // forall a, b: a <= b <=> a = b or a < b; a > b <=> b < a; a >= b <=> b <= a; max(a, b) is not below either.
    @Test
    void derivedComparisonsAgree(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.offsets()).check((a, d) -> {
            SeqNum b = a.plus(d);
            SeqNum m = a.max(b);
            return a.le(b) == (a.equals(b) || a.lt(b)) && a.gt(b) == b.lt(a) && a.ge(b) == b.le(a)
                    && !m.lt(a) && !m.lt(b) && (m.equals(a) || m.equals(b));
        });
    }

    // forall a, b: b + (a - b) = a, 0 <= offset < 2^32, distance = offset mod 2^32 in [-2^31, 2^31).
    @Test
    void offsetAndDistanceAreConsistent(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.edges()).check((a, b) -> {
            long off = a.offsetFrom(b);
            long dist = a.distanceFrom(b);
            return off >= 0 && off < SeqNum.MODULUS && b.plus(off).equals(a) && dist >= -SeqNum.HALF
                    && dist < SeqNum.HALF && Math.floorMod(dist, SeqNum.MODULUS) == off;
        });
    }

    // forall a, l, w: a in [l, l + w) <=> (a - l) mod 2^32 < w, invariant under rotation; nothing is in [l, l).
    @Test
    void windowTestIsTheUnsignedOffset(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.edges(), SeqNums.windows(), SeqNums.anyLong())
                .check((a, l, w, k) -> a.inWindow(l, w) == (a.offsetFrom(l) < w)
                        && a.inWindow(l, w) == a.plus(k).inWindow(l.plus(k), w) && !a.inWindow(l, 0));
    }

    // ---------------------------------------------------------------- segments (RFC 9293 §3.4, §3.10.7.4)

    private static final io.vavr.collection.List<io.vavr.collection.Set<Control>> ALL_BITS =
            Segments.USUAL.appendAll(Segments.BAD);

    // forall seg: SEG.LEN = octets + [SYN] + [FIN].
    @Test
    void segmentLengthCountsSynAndFin(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), Pick.uniform(ALL_BITS), Segments.dataLengths())
                .check((s, c, n) -> {
                    Segment seg = Segment.of(s, c.toJavaArray(Control[]::new)).withDataLength(n);
                    return seg.len() == n + (c.contains(Control.SYN) ? 1 : 0) + (c.contains(Control.FIN) ? 1 : 0)
                            && (seg.len() == 0 || seg.last().equals(s.plus(seg.len() - 1)));
                });
    }

    // forall seg, l, w: trim(seg, l, w) lies in [l, l + w), is no longer than seg, keeps SYN only at the front and
    // FIN only at the end, keeps the urgent point SEG.SEQ + SEG.UP (dropping URG once the cut passes it), and
    // commutes with rotation by k.
    @Test
    void trimStaysInTheWindow(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), Pick.uniform(ALL_BITS), Segments.dataLengths(),
                SeqNums.offsets().zip(Pick.uniform(List.of(0L, 1L, 2L, 100L, 65_535L, 1L << 30)), (o, w) ->
                        new long[] {o, w})).checkAssert((l, c, n, ow) -> {
                            long w = ow[1];
                            Segment seg = Segment.of(l.plus(ow[0]), c.toJavaArray(Control[]::new)).withDataLength(n);
                            Option<Segment> t = seg.trim(l, w);
                            t.forEach(x -> {
                                assertTrue(x.len() <= seg.len(), () -> seg + " -> " + x);
                                if (x.len() > 0) {
                                    assertTrue(x.seq().inWindow(l, w) && x.last().inWindow(l, w),
                                            () -> seg + " trimmed to [" + l + ", +" + w + ") gives " + x);
                                }
                                assertTrue(!x.syn() || x.seq().equals(seg.seq()), () -> "SYN moved: " + x);
                                assertTrue(!x.fin() || x.seq().plus(x.len()).equals(seg.seq().plus(seg.len())),
                                        () -> "FIN moved: " + x);
                                assertEquals(x.controls().removeAll(List.of(Control.SYN, Control.FIN, Control.URG)),
                                        seg.controls().removeAll(List.of(Control.SYN, Control.FIN, Control.URG)));
                                // SEG.UP is an offset from SEG.SEQ (§3.1): the urgent point stays where it was, and
                                // URG goes only with a front cut that passes it.
                                long cut = x.seq().offsetFrom(seg.seq());
                                boolean passed = cut > 0 && cut >= seg.urgent();
                                assertEquals(seg.has(Control.URG) && !passed, x.has(Control.URG),
                                        () -> seg + " -> " + x);
                                if (x.has(Control.URG)) {
                                    assertEquals(seg.seq().plus(seg.urgent()), x.seq().plus(x.urgent()));
                                }
                            });
                            if (seg.len() > 0 && w > 0 && seg.seq().inWindow(l, w)) {
                                assertTrue(t.isDefined(), () -> seg + " begins in the window but was dropped");
                            }
                            long k = 0x9E37_79B9L;
                            assertEquals(t.map(x -> x.seq().plus(k)), seg.withSeq(seg.seq().plus(k))
                                    .trim(l.plus(k), w).map(Segment::seq));
                        });
    }

    // forall fields: Segment.checked is an error value exactly when a field is out of range, and never throws.
    @Test
    void checkedSegmentsRejectBadFieldsAsValues(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.anyLong(), SeqNums.anyLong(),
                Pick.uniform(List.of(-1L, 0L, 65_535L, Segment.MAX_WINDOW, Segment.MAX_WINDOW + 1)),
                Pick.uniform(List.of(-1, 0, 1, 536, 65_535, 65_536))).check((s, a, w, m) -> {
                    Either<String, Segment> e = Segment.checked(s, a, io.vavr.collection.HashSet.of(Control.ACK), w,
                            m, Math.max(0, m), Option.none(), m > 0 ? Option.some(m) : Option.none());
                    boolean ok = s >= 0 && s < SeqNum.MODULUS && a >= 0 && a < SeqNum.MODULUS && w >= 0
                            && w <= Segment.MAX_WINDOW && m >= 0 && m <= 65_535;
                    return e.isRight() == ok;
                });
    }

    // forall bytes b, l, w: the payload of trim(<SEQ=s><DATA=b>, l, w) is the run of b that lies in [l, l + w).
    @Test
    void trimKeepsTheOctetsInsideTheWindow(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), org.quicktheories.generators.Generate.range(1, 40, 1),
                org.quicktheories.generators.Generate.range(-45, 45, 0),
                org.quicktheories.generators.Generate.range(0, 50, 0)).checkAssert((s, n, cut, w) -> {
                    io.vavr.collection.Vector<Byte> bytes = io.vavr.collection.Vector.range(0, n).map(i -> (byte) (int) i);
                    Segment seg = Segment.of(s, Control.ACK).withData(bytes);
                    SeqNum left = s.plus(cut);
                    List<Byte> inside = List.range(0, n).filter(i -> s.plus(i).inWindow(left, w))
                            .map(i -> (byte) (int) i);
                    Option<Segment> t = seg.trim(left, w);
                    assertEquals(inside.isEmpty(), t.isEmpty(), () -> seg + " in [" + left + ", +" + w + ")");
                    t.forEach(x -> {
                        assertEquals(inside, x.data().get().toList());
                        assertEquals(inside.size(), x.dataLength());
                        assertEquals(x.seq(), s.plus(Math.max(0, cut)));
                    });
                });
    }

    // forall s, l, w: a zero-length segment survives trim(l, w) exactly when SEG.SEQ = l or SEG.SEQ is in [l, l + w).
    @Test
    void trimKeepsAnEmptySegmentAtTheEdgeOrInside(TestInfo info) {
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), SeqNums.offsets(), Pick.uniform(List.of(0L, 1L, 5L)))
                .check((l, off, w) -> {
                    Segment seg = Segment.of(l.plus(off), Control.ACK);
                    boolean keep = off == 0 || seg.seq().inWindow(l, w);
                    return seg.trim(l, w).isDefined() == keep && seg.trim(l, w).forAll(seg::equals);
                });
    }

    // Segment.toString is RFC notation: <SEQ><ACK only with the ACK bit><CTL><DATA only with payload><WND>.
    @Test
    void segmentsPrintInRfcNotation() {
        Segment s = Segment.of(SeqNum.of(7), Control.SYN).withAck(SeqNum.of(9)).withWindow(512);
        assertEquals("<SEQ=7><ACK=9><CTL=ACK,SYN><WND=512>", s.toString());
        assertEquals("<SEQ=7><CTL=SYN><DATA=3><WND=512>", s.without(Control.ACK).withDataLength(3).toString());
        assertEquals(SeqNum.ZERO, s.without(Control.ACK).ack());
        assertEquals(SeqNum.of(9), s.without(Control.SYN).ack());
        assertEquals("4294967295", SeqNum.of(SeqNum.MODULUS - 1).toString());
        Segment u = s.withUrgent(5);
        assertTrue(u.has(Control.URG) && u.urgent() == 5);
        Segment d = s.withData(io.vavr.collection.Vector.of((byte) 1, (byte) 2));
        assertEquals(2, d.dataLength());
        assertEquals(Option.some(io.vavr.collection.Vector.of((byte) 1, (byte) 2)), d.data());
        assertEquals(Option.some(1460), s.withMss(1460).mss());
    }

    // Segment.checked names the first bad field: payload bytes that disagree with the length, an MSS outside
    // [1, 65535], an urgent pointer outside [0, 65535], a negative length, null collections.
    @Test
    void checkedSegmentsNameTheBadField() {
        io.vavr.collection.Set<Control> ack = io.vavr.collection.HashSet.of(Control.ACK);
        Option<io.vavr.collection.Vector<Byte>> twoBytes = Option.some(io.vavr.collection.Vector.of((byte) 1, (byte) 2));
        assertTrue(Segment.checked(1, 1, ack, 0, 0, 3, twoBytes, Option.none()).getLeft().contains("payload has 2"));
        assertTrue(Segment.checked(1, 1, ack, 0, 0, 2, twoBytes, Option.none()).isRight());
        assertTrue(Segment.checked(1, 1, ack, 0, 0, 0, Option.none(), Option.some(0)).getLeft().contains("MSS"));
        assertTrue(Segment.checked(1, 1, ack, 0, 0, 0, Option.none(), Option.some(65_536)).getLeft().contains("MSS"));
        assertTrue(Segment.checked(1, 1, ack, 0, 0, 0, Option.none(), Option.some(65_535)).isRight());
        assertTrue(Segment.checked(1, 1, ack, 0, 0, 0, Option.none(), Option.some(1)).isRight());
        assertTrue(Segment.checked(1, 1, ack, 0, 65_536, 0, Option.none(), Option.none()).getLeft().contains("urgent"));
        assertTrue(Segment.checked(1, 1, ack, 0, -1, 0, Option.none(), Option.none()).getLeft().contains("urgent"));
        assertTrue(Segment.checked(1, 1, ack, 0, 0, -1, Option.none(), Option.none()).getLeft().contains("negative"));
        assertTrue(Segment.checked(1, 1, null, 0, 0, 0, Option.none(), Option.none()).isLeft());
        assertTrue(Segment.checked(1, 1, ack, -1, 0, 0, Option.none(), Option.none()).getLeft().contains("window"));
    }

    // ---------------------------------------------------------------- refinement of the table by the semantics

    // forall reachable tcb, input i: table.run(tcb.state, projection(step(tcb, i))) = step(tcb, i).state.
    @Test
    void everyStepRefinesTheTable(TestInfo info) {
        Profile p = profile();
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), Traces.traces(12)).checkAssert((iss, trace) -> {
            RunResult r = new Lockstep(ModelImplementation.factory(p, iss)).run(trace);
            for (var e : r.entries()) {
                ConnectionState s = e.before();
                for (Step step : e.steps()) {
                    ConnectionState expected = p.table().run(s, step.projection());
                    assertEquals(expected, step.tcb().state(), () -> "step " + e.index() + " " + e.stimulus()
                            + " from " + e.before() + " projects onto " + step.projection() + " (" + step.rule()
                            + ")\n" + trace);
                    s = step.tcb().state();
                }
            }
        });
    }

    // forall tcb, step: a refusal of the table sends nothing.
    @Test
    void refusedEventsSendNothing(TestInfo info) {
        Profile p = profile();
        Check.qt(Names.of(info)).forAll(Connections.any(p, 8), Segments.specs()).checkAssert((c, spec) -> {
            Segment seg = spec.resolve(c.tcb(), c.trace().peerIss());
            var e = io.github.tcpmodel.semantics.Arrival.segmentArrives(p, c.tcb(), seg, c.iss().plus(7), c.now(),
                    io.github.tcpmodel.semantics.Choices.reference());
            assertTrue(e.isRight(), () -> "the model refused a segment: " + e.getLeft());
            Step s = e.get();
            if (s.projection().size() == 1 && !p.table().step(c.tcb().state(), s.event()).isTransition()) {
                assertTrue(s.sent().isEmpty(), () -> c + "\n" + seg + " is refused by the table as " + s.event()
                        + " but the step sends " + s.sent());
            }
        });
    }
}
