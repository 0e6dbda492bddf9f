package io.github.tcpmodel.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.check.Actor;
import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.InvariantViolation;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.check.TextChart;
import io.github.tcpmodel.check.Trace;
import io.github.tcpmodel.check.TraceStep;
import io.github.tcpmodel.check.tla.TlaTcpProfile;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class TheoremsTest {

    // One thread: which of several shortest counterexamples is reported is then fixed.
    static final Options ONE = Options.defaults().withThreads(1);

    static Trace witness(Theorems.Verdict v, String name) {
        return v.witnesses().find(w -> w.name().equals(name)).get().trace().get();
    }

    static TraceStep last(Trace t) {
        return t.steps().last();
    }

    static boolean has(Trace t, Actor actor, String event, String sentPart) {
        return t.steps().exists(s -> s.actor() == actor && s.event().equals(event)
                && s.sent().exists(x -> x.contains(sentPart)));
    }

    // ---------------------------------------------------------------- theorem 1

    // forall reachable s: ESTABLISHED(side) => IRS(side) = ISS(peer) and peer opened
    @Test
    void theorem1HoldsAndTheStaleSynAckIsAnsweredWithRst() {
        Theorems.Verdict v = Theorems.threeWayHandshake(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        assertTrue(v.result().holds());
        TraceStep rst = last(witness(v, "stale SYN,ACK answered with RST"));
        assertEquals(Actor.LEFT, rst.actor());
        assertEquals("SYN-SENT", rst.left());
        assertTrue(rst.received().get().contains("<ACK=" + (Theorems.OLD_ISS + 1) + "><CTL=SYN,ACK>"), rst::toString);
        assertEquals(List.of("<SEQ=" + (Theorems.OLD_ISS + 1) + "><CTL=RST>"), rst.sent());
        assertEquals("ESTABLISHED", last(witness(v, "both ESTABLISHED")).right());
    }

    @Test
    void theorem1CountsDoNotDependOnTheNumberOfThreads() {
        ExplorationResult one = Theorems.threeWayHandshake(ONE).result();
        ExplorationResult two = Theorems.threeWayHandshake(ONE.withThreads(2)).result();
        assertEquals(one.distinct(), two.distinct());
        assertEquals(one.generated(), two.generated());
        assertEquals(one.depth(), two.depth());
    }

    // ---------------------------------------------------------------- theorem 2

    // exists reachable s: ESTABLISHED(B) and IRS(B) = old ISS
    @Test
    void theorem2TwoWayHandshakeOpensAHalfOpenConnectionFromTheOldSyn() {
        Theorems.Verdict v = Theorems.twoWayHandshake(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        assertTrue(TransitionTable.rfc9293().differences(Variants.twoWayHandshake()).size() == 1);
        Trace t = v.counterexample().get();
        TraceStep s = last(t);
        assertEquals(Actor.RIGHT, s.actor());
        assertEquals("rcv SYN", s.event());
        assertEquals("<SEQ=" + Theorems.OLD_ISS + "><CTL=SYN>", s.received().get());
        assertEquals("ESTABLISHED", s.right());
        assertFalse(t.steps().exists(x -> x.received().exists(r -> r.equals("<SEQ=" + Theorems.A_ISS + "><CTL=SYN>"))),
                "the peer's SYN of this incarnation never arrived");
        String chart = TextChart.render(t);
        assertTrue(chart.contains("--<SEQ=0><CTL=SYN>-->| ESTABLISHED"), chart);
        assertTrue(chart.contains("<--<SEQ=9><ACK=1><CTL=SYN,ACK>--|"), chart);
        assertTrue(chart.contains("invariant no-stale-established violated"), chart);
    }

    // ---------------------------------------------------------------- theorem 3

    @Test
    void theorem3TimeWaitReacknowledgesTheRetransmittedFin() {
        Theorems.Verdict v = Theorems.timeWait(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        Trace t = witness(v, "retransmitted FIN re-acknowledged from TIME-WAIT, passive closer CLOSED");
        assertTrue(t.steps().exists(s -> s.actor() == Actor.NETWORK && s.lost().exists(x -> x.endsWith("<CTL=ACK>"))));
        assertTrue(has(t, Actor.RIGHT, "retransmission timeout", "CTL=FIN,ACK"));
        assertTrue(t.steps().exists(s -> s.actor() == Actor.LEFT && s.left().equals("TIME-WAIT")
                && s.received().exists(r -> r.contains("FIN")) && s.sent().exists(x -> x.endsWith("<CTL=ACK>"))));
        assertEquals("CLOSED", last(t).right());
        assertEquals("rcv ACK of FIN", last(t).event());
    }

    @Test
    void theorem3WithoutTimeWaitThePassiveCloserReceivesRst() {
        Theorems.Verdict v = Theorems.noTimeWait(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        Trace t = v.counterexample().get();
        String chart = TextChart.render(t);
        assertTrue(chart.contains("--<SEQ=6><ACK=11><CTL=ACK>--X"), chart);
        assertTrue(has(t, Actor.RIGHT, "retransmission timeout", "<SEQ=10><ACK=6><CTL=FIN,ACK>"), chart);
        assertTrue(t.steps().exists(s -> s.actor() == Actor.LEFT && s.left().equals("CLOSED")
                && s.received().contains("<SEQ=10><ACK=6><CTL=FIN,ACK>") && s.sent().equals(List.of("<SEQ=6><CTL=RST>"))),
                chart);
        TraceStep end = last(t);
        assertEquals(Actor.RIGHT, end.actor());
        assertEquals("rcv RST", end.event());
        assertEquals("CLOSED", end.right());
        // The shape of the chart: close, FIN, ACK, FIN, last ACK lost, retransmitted FIN, RST.
        assertEquals(List.of("CLOSE", "rcv FIN", "rcv ACK of FIN", "CLOSE", "rcv FIN", "lose",
                "retransmission timeout", "rcv FIN", "rcv RST"), t.steps().map(TraceStep::event));
    }

    // ---------------------------------------------------------------- theorem 4

    @Test
    void theorem4FourWayCloseDeliversTheHalfCloseData() {
        Theorems.Verdict v = Theorems.fourWayClose(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        assertTrue(v.result().holds());
    }

    @Test
    void theorem4MergedCloseRefusesTheDataStillToSend() {
        Theorems.Verdict v = Theorems.mergedClose(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        assertTrue(v.result().violation("data-delivered").isDefined());
        TraceStep s = last(v.counterexample().get());
        assertEquals(Actor.RIGHT, s.actor());
        assertEquals("SEND", s.event());
        assertEquals("error: connection closing", s.note());
        assertEquals("LAST-ACK", s.right());
        assertTrue(Variants.mergedClose().entries().values().exists(o -> o.isTransition()
                && ((io.github.tcpmodel.table.Outcome.Transition) o).provenance() == Provenance.VARIANT));
    }

    // ---------------------------------------------------------------- theorem 5

    @Test
    void theorem5SimultaneousOpenAndCloseReachTimeWaitThenClosedOnBothSides() {
        Theorems.Verdict v = Theorems.simultaneousOpenAndClose(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        TraceStep open = last(witness(v, "both SYN-RECEIVED (active)"));
        assertEquals("SYN-RECEIVED (active)", open.left());
        assertEquals("SYN-RECEIVED (active)", open.right());
        Trace tw = witness(v, "both TIME-WAIT");
        assertTrue(tw.steps().exists(s -> s.left().equals("CLOSING") && s.right().equals("CLOSING")));
        assertTrue(tw.steps().exists(s -> s.left().equals("ESTABLISHED") || s.right().equals("ESTABLISHED")));
        Trace closed = witness(v, "both CLOSED after both closed");
        assertEquals("Timeout=2MSL", last(closed).event());
    }

    // ---------------------------------------------------------------- theorem 6

    @Test
    void theorem6EstablishedTogetherWhenNothingIsInFlight() {
        Theorems.Verdict v = Theorems.establishedTogether(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
    }

    @Test
    void theorem6IsRefutedWhenTheNetworkMayLoseTheLastAckOfTheHandshake() {
        // The invariant needs the TLA+ model's reliable network: with a loss, A is ESTABLISHED and B not.
        TcpModel m = TcpModel.of("lossy handshake", new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE,
                        Theorems.A_ISS, 0, EndpointConfig.Close.NEVER),
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.PASSIVE, Theorems.B_ISS, 0, EndpointConfig.Close.NEVER),
                Network.reliable(2).withLosses(1), List.empty(), List.empty()).get()
                .withInvariants(List.of(Theorems.establishedTogether()));
        ExplorationResult r = Explorer.check(m, ONE, Progress.SILENT);
        InvariantViolation x = r.violation("established-together").get();
        assertEquals("lose", last(x.trace()).event());
        assertEquals("ESTABLISHED", last(x.trace()).left());
    }

    @Test
    void allVerdictsAreAsPredicted() {
        List<Theorems.Verdict> all = Theorems.all(ONE);
        assertEquals(8, all.size());
        assertTrue(all.forAll(Theorems.Verdict::asPredicted), () -> all.map(v -> v.name() + " " + v.asPredicted())
                .mkString(", "));
        assertEquals(List.of(Theorems.Prediction.HOLDS, Theorems.Prediction.REFUTED, Theorems.Prediction.HOLDS,
                Theorems.Prediction.REFUTED, Theorems.Prediction.HOLDS, Theorems.Prediction.REFUTED,
                Theorems.Prediction.HOLDS, Theorems.Prediction.HOLDS), all.map(Theorems.Verdict::predicted));
        assertTrue(new TlaTcpProfile().invariants().size() == 2);
        // Every step of every composition stayed inside the abstraction of the reference TCB.
        assertTrue(all.forAll(v -> v.result().violation("abstraction").isEmpty()));
    }

    // ---------------------------------------------------------------- the theorems rest on the reference semantics

    /** Theorem 3's composition with an old RST in flight to B whose SEG.SEQ lies in B's window but is not RCV.NXT. */
    static ExplorationResult timeWaitWithABlindReset(Profile p) {
        EndpointConfig a = new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ESTABLISHED,
                Theorems.A_ISS, 0, EndpointConfig.Close.ACTIVE).withProfile(p);
        EndpointConfig b = new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ESTABLISHED,
                Theorems.B_ISS, 0, EndpointConfig.Close.PASSIVE).withProfile(p);
        AbstractSegment blind = new AbstractSegment(false, false, false, true, false, Theorems.A_ISS + 3, 0);
        TcpModel base = TcpModel.of("close with one loss and a blind RST, " + p.table().name(), a, b,
                new Network(true, 1, 0, 3), List.of(blind), List.empty()).get();
        return Explorer.check(base.withInvariants(List.of(Theorems.noReset(), Theorems.endsClosed(base))), ONE,
                Progress.SILENT);
    }

    @Test
    void theorem3SurvivesABlindResetBecauseArrivalSendsAChallengeAck() {
        // RFC 5961 §3.2 (in RFC 9293 §3.10.7.4 second): a RST in the window but not at RCV.NXT gets a challenge ACK.
        ExplorationResult r = timeWaitWithABlindReset(Profile.rfc9293());
        assertTrue(r.holds(), r::summary);
    }

    @Test
    void theorem3FailsWhenTheSemanticsLetAnyResetInTheWindowThrough() {
        // The same composition under a profile whose Arrival resets on any RST in the window (RFC 5961 off): the
        // checker's verdict follows the reference semantics, not a rule of its own.
        Profile without = Profile.rfc9293().withRfc5961(false);
        ExplorationResult r = timeWaitWithABlindReset(without);
        InvariantViolation x = r.violation("no-reset").get();
        assertEquals("rcv RST", last(x.trace()).event());
        assertEquals(Actor.RIGHT, last(x.trace()).actor());
        assertEquals("CLOSED", last(x.trace()).right());
        assertTrue(r.violation("abstraction").isEmpty());
    }

    // ---------------------------------------------------------------- theorem 7 and a changed rule of Arrival

    /**
     * The reference semantics with one rule of RFC 9293 §3.10.7.4 (first, the RST check) changed: a RST anywhere
     * in the window resets the connection, as before RFC 5961, by presenting it to {@code Arrival} as if its
     * sequence number were RCV.NXT. Everything else is the reference.
     */
    static final ArrivalFunction ANY_RST_IN_WINDOW = (p, t, seg, iss, now, c) -> {
        if (seg.rst() && t.tcpState().isSynchronized() && Arrival.acceptable(seg, t.rcv())) {
            return Arrival.segmentArrives(p, t, seg.withSeq(t.rcv().nxt()), iss, now, c);
        }
        return Arrival.segmentArrives(p, t, seg, iss, now, c);
    };

    // forall reachable s: neither side reset, and every quiescent end state has both sides CLOSED
    @Test
    void theorem7ABlindResetInTheWindowDrawsAChallengeAckAndResetsNothing() {
        Theorems.Verdict v = Theorems.blindResetResisted(ONE);
        assertTrue(v.asPredicted(), v.result()::summary);
        assertTrue(v.result().holds());
        TraceStep challenge = last(witness(v, "challenge ACK sent for the blind RST"));
        assertEquals(Actor.RIGHT, challenge.actor());
        assertEquals("<SEQ=" + Theorems.BLIND_RST_TO_B + "><CTL=RST>", challenge.received().get());
        assertEquals(List.of("<SEQ=" + (Theorems.B_ISS + 1) + "><ACK=" + (Theorems.A_ISS + 1) + "><CTL=ACK>"),
                challenge.sent());
        assertEquals("ESTABLISHED", challenge.right());
    }

    @Test
    void everyVerdictIsAsPredictedUnderTheLinuxProfileToo() {
        List<Theorems.Verdict> linux = Theorems.all(ONE, Profile.linux()).append(
                Theorems.blindResetResisted(ONE, Profile.linux()));
        assertTrue(linux.forAll(Theorems.Verdict::asPredicted), () -> linux.filter(v -> !v.asPredicted())
                .map(v -> v.name() + ": " + v.result().summary()).mkString("; "));
        assertEquals("theorem-1-three-way-handshake-linux", linux.head().name());
        assertTrue(linux.forAll(v -> v.result().violation("abstraction").isEmpty()));
        // The compositions are the linux profile's: theorem 1 differs in its state count from RFC 9293's.
        assertTrue(linux.head().result().model().endsWith("under linux"), linux.head().result()::model);
    }

    @Test
    void theorem7FailsWhenOneRuleOfArrivalAcceptsAnyResetInTheWindow() {
        // The checker's verdict follows the arrival function it is given: the theorem rests on that one rule.
        Theorems.Verdict v = Theorems.blindResetResisted(ONE, Profile.rfc9293(), ANY_RST_IN_WINDOW);
        assertFalse(v.asPredicted());
        Trace t = v.counterexample().get();
        // Shortest: the first step delivers one of the two blind RSTs, which now resets the receiver.
        assertEquals(1, t.length(), () -> TextChart.render(t));
        TraceStep rst = last(t);
        assertTrue(rst.received().get().endsWith("<CTL=RST>"), rst::toString);
        assertTrue(rst.left().equals("CLOSED") || rst.right().equals("CLOSED"), rst::toString);
        assertTrue(v.result().violation("abstraction").isEmpty());
    }

    @Test
    void theChangedRuleLeavesTheHandshakeTheoremStanding() {
        // Theorem 1 has no RST whose sequence number is in the window but not RCV.NXT: the same change leaves it true.
        TcpModel m = Theorems.handshake(TransitionTable.rfc9293()).withArrival(ANY_RST_IN_WINDOW)
                .withInvariants(List.of(Theorems.noStaleEstablished()));
        ExplorationResult changed = Explorer.check(m, ONE, Progress.SILENT);
        ExplorationResult reference = Theorems.threeWayHandshake(ONE).result();
        assertTrue(changed.holds(), changed::summary);
        assertEquals(reference.distinct(), changed.distinct());
    }

    // ---------------------------------------------------------------- theorem 8

    // forall reachable s, side: delivered(side) <= SENDs of the peer's user, and = RCV.NXT - IRS - 1 - [FIN received]
    @Test
    void theorem8DataIsDeliveredOnceInOrderUnderBothProfiles() {
        for (Profile p : List.of(Profile.rfc9293(), Profile.linux())) {
            Theorems.Verdict v = Theorems.dataExactlyOnce(ONE, p);
            assertTrue(v.asPredicted(), v.result()::summary);
            assertTrue(v.result().holds());
            assertTrue(v.result().violation("abstraction").isEmpty());
        }
    }

    @Test
    void theorem8FailsWhenArrivalTakesAnOldDuplicateForNewData() {
        // One rule of §3.10.7.4 first changed: text below RCV.NXT (not acceptable, Table 6) is processed as if it
        // began at RCV.NXT instead of being dropped with an ACK.
        ArrivalFunction takesDuplicates = (p, t, seg, iss, now, c) -> {
            if (seg.dataLength() > 0 && t.tcpState().isSynchronized() && !Arrival.acceptable(seg, t.rcv())) {
                return Arrival.segmentArrives(p, t, seg.withSeq(t.rcv().nxt()), iss, now, c);
            }
            return Arrival.segmentArrives(p, t, seg, iss, now, c);
        };
        Theorems.Verdict v = Theorems.dataExactlyOnce(ONE, Profile.rfc9293(), takesDuplicates);
        assertFalse(v.asPredicted());
        Trace t = v.counterexample().get();
        // Shortest: A sends a unit, the network duplicates it, B receives it twice and delivers two units of one.
        assertEquals(4, t.length(), () -> TextChart.render(t));
        assertEquals("duplicate", t.steps().get(1).event());
        assertEquals(List.of("<SEQ=" + (Theorems.B_ISS + 1) + "><ACK=" + (Theorems.A_ISS + 3) + "><CTL=ACK>"),
                last(t).sent());
    }
}
