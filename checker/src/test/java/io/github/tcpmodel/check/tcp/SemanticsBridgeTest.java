package io.github.tcpmodel.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.check.Model;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker's abstraction against the reference semantics on its whole domain: every endpoint the theorems'
 * compositions reach, and every abstract segment of the sequence space 0..15.
 */
class SemanticsBridgeTest {

    /** The bits of an endpoint word that arrival reads or writes: state to RCV.NXT, undelivered, held units. */
    private static final long ARRIVAL_BITS = (1L << 24) - 1 | 3L << 28 | 0x1FL << 36;

    /**
     * The compositions of the theorems (the variants' too: their endpoints step the same semantics), and one where
     * both sides send a unit and close over a reordering network, so that text and FINs arrive out of order.
     */
    private static List<TcpModel> compositions() {
        EndpointConfig a = new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, Theorems.A_ISS,
                1, EndpointConfig.Close.ACTIVE);
        EndpointConfig b = new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.PASSIVE, Theorems.B_ISS,
                2, EndpointConfig.Close.PASSIVE);
        return List.of(TcpModel.of("reordering", a, b, new Network(false, 0, 0, 3), List.empty(), List.empty()).get(),
                Theorems.handshake(TransitionTable.rfc9293()), Theorems.handshake(Variants.twoWayHandshake()),
                Theorems.closeWithLoss(TransitionTable.rfc9293()), Theorems.closeWithLoss(Variants.noTimeWait()),
                Theorems.halfClose(TransitionTable.rfc9293()), Theorems.halfClose(Variants.mergedClose()),
                Theorems.simultaneous());
    }

    private static java.util.List<long[]> reachable(Model m) {
        java.util.List<long[]> all = new java.util.ArrayList<>();
        ArrayDeque<long[]> q = new ArrayDeque<>();
        Set<java.util.List<Long>> seen = new HashSet<>();
        m.initial((l, s) -> q.add(s.clone()));
        while (!q.isEmpty()) {
            long[] s = q.poll();
            if (seen.add(Arrays.asList(s[0], s[1], s[2], s[3]))) {
                all.add(s);
                m.successors(s, (l, t) -> q.add(t.clone()));
            }
        }
        return all;
    }

    /** Every abstract segment: each combination of SYN, ACK, FIN, RST and a data unit, SEG.SEQ, SEG.ACK in 0..15. */
    private static java.util.List<AbstractSegment> everySegment() {
        java.util.List<AbstractSegment> l = new java.util.ArrayList<>();
        for (int flags = 1; flags < 32; flags++) {
            boolean ack = (flags & 2) != 0;
            for (int seq = 0; seq <= AbstractSegment.MAX_SEQ; seq++) {
                for (int no = 0; no <= (ack ? AbstractSegment.MAX_SEQ : 0); no++) {
                    l.add(new AbstractSegment((flags & 1) != 0, ack, (flags & 4) != 0, (flags & 8) != 0,
                            (flags & 16) != 0, seq, no));
                }
            }
        }
        return l;
    }

    private static AbstractTcb load(long word) {
        AbstractTcb t = new AbstractTcb();
        t.load(word);
        return t;
    }

    private static final ConnectionState[] CS = ConnectionState.all().toJavaArray(ConnectionState[]::new);

    private static Step arrive(Profile p, Tcb t, AbstractSegment s, int iss) {
        return Arrival.segmentArrives(p, t, SemanticsBridge.concrete(p, s), SeqNum.of(iss), 0, Choices.reference())
                .get();
    }

    /** What a step does, as the abstraction sees it: state, projection, sent, told, and the TCB's abstraction. */
    private static String outcome(Profile p, Step s, int iss) {
        AbstractTcb t = new AbstractTcb();
        t.iss = iss;
        Option<String> lost = SemanticsBridge.abstractInto(p, s.tcb(), t);
        return s.tcb().state() + " " + s.projection() + " " + s.sent().map(SemanticsBridge::abstracted) + " "
                + s.told() + " " + (lost.isDefined() ? "lost" : Long.toHexString(t.store() & ARRIVAL_BITS));
    }

    @Test
    void everyReachableEndpointAndEverySegmentAgreeWithTheReferenceSemantics() {
        Profile p = Profile.rfc9293();
        // Per composition: its endpoints (arrival bits, keyed with their side) and the segments it sends towards
        // each side; an endpoint meets the segments of its own composition only.
        Map<Long, Set<AbstractSegment>> endpoints = new HashMap<>();
        for (TcpModel m : compositions()) {
            assertEquals(List.of(Theorems.A_ISS, Theorems.B_ISS), List.of(m.a().iss(), m.b().iss()));
            java.util.List<long[]> states = reachable(m);
            java.util.List<Set<AbstractSegment>> towards = java.util.List.of(new HashSet<>(), new HashSet<>());
            for (long[] s : states) {
                for (int side = 0; side < 2; side++) {
                    towards.get(side).addAll(TcpModel.inFlight(s, side).asJava());
                }
            }
            for (long[] s : states) {
                for (int side = 0; side < 2; side++) {
                    endpoints.computeIfAbsent(s[side] & ARRIVAL_BITS, k -> new HashSet<>()).addAll(towards.get(side));
                }
            }
        }
        java.util.List<AbstractSegment> segments = everySegment();
        assertEquals(16 * 256 + 15 * 16, segments.size());
        int exact = 0;
        int lost = 0;
        int pairs = 0;
        int wire = 0;
        for (Map.Entry<Long, Set<AbstractSegment>> e : endpoints.entrySet()) {
            AbstractTcb a = load(e.getKey());
            Set<AbstractSegment> onTheWire = e.getValue();
            wire += onTheWire.size();
            ConnectionState cs = CS[a.cs];
            Tcb t = SemanticsBridge.concrete(p, cs, a);
            // The abstraction of the concrete TCB is the endpoint itself, with nothing lost.
            AbstractTcb back = load(e.getKey() & 0xF | (long) a.iss << 4);
            assertTrue(SemanticsBridge.abstractInto(p, t, back).isEmpty(), cs + " " + t);
            if (cs.state() != TcpState.CLOSED && cs.state() != TcpState.LISTEN) {
                assertEquals(e.getKey().longValue(), back.store() & ARRIVAL_BITS, t.toString());
            }
            for (AbstractSegment s1 : segments) {
                Step step = arrive(p, t, s1, a.iss);
                AbstractTcb after = new AbstractTcb();
                after.iss = a.iss;
                boolean fits = SemanticsBridge.abstractInto(p, step.tcb(), after).isEmpty()
                        && step.sent().forAll(x -> SemanticsBridge.abstracted(x).isDefined());
                if (!fits) {
                    // Only a segment no composition sends may take the TCB beyond the abstraction; the checker
                    // flags such a step (the "abstraction" invariant).
                    assertTrue(!onTheWire.contains(s1), "a segment on the wire leaves the abstraction: " + cs + " "
                            + s1 + " -> " + step.tcb());
                    lost++;
                    continue;
                }
                exact++;
                if (!onTheWire.contains(s1)) {
                    continue;
                }
                // Two steps: the abstraction of the TCB after s1 processes every next segment on the wire as the
                // TCB itself does.
                Tcb again = SemanticsBridge.concrete(p, step.tcb().state(), after);
                for (AbstractSegment s2 : onTheWire) {
                    assertEquals(outcome(p, arrive(p, step.tcb(), s2, a.iss), a.iss),
                            outcome(p, arrive(p, again, s2, a.iss), a.iss), cs + " " + s1 + " then " + s2);
                    pairs++;
                }
            }
        }
        System.out.println("SemanticsBridgeTest: " + endpoints.size() + " endpoints, " + segments.size()
                + " segments, " + exact + " arrivals represented exactly, " + lost + " beyond the abstraction, "
                + wire + " (endpoint, segment on the wire) pairs, " + pairs
                + " two-step pairs");
        assertTrue(endpoints.size() > 50 && lost > 0 && pairs > 10_000, "the domain is not trivial");
    }
}
