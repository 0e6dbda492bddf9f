package io.github.tcpmodel.check.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.check.TextChart;
import io.github.tcpmodel.check.Trace;
import io.github.tcpmodel.check.tcp.ArrivalFunction;
import io.github.tcpmodel.check.tcp.Theorems.Prediction;
import io.github.tcpmodel.check.tcp.Theorems.Verdict;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class SemanticTheoremsTest {

    private static final Options O = Options.defaults().withThreads(2);

    // forall profile, check: the checker's verdict is the one predicted, and nothing is unrepresented
    @Test
    void everyVerdictIsAsPredictedUnderBothProfiles() {
        for (Profile p : List.of(Profile.rfc9293(), Profile.linux())) {
            List<Verdict> all = SemanticTheorems.all(O, p);
            assertEquals(11, all.size());
            for (Verdict v : all) {
                assertTrue(v.asPredicted(), () -> v.name() + ": " + v.result().summary()
                        + v.result().violations().map(x -> "\n" + TextChart.render(x.trace())).mkString());
                assertTrue(v.result().complete() || v.predicted() == Prediction.REFUTED, v.name());
                assertTrue(v.result().violation("abstraction").isEmpty(), v.name());
                assertTrue(v.result().violation("capacity").isEmpty(), v.name());
                if (v.predicted() == Prediction.HOLDS) {
                    assertTrue(v.result().holds(), v.name());
                    assertTrue(v.result().distinct() > 1, v.name());
                }
            }
        }
    }

    // the data theorem's composition crosses the wrap: A's octets are numbered 2^32 - 1 and 0
    @Test
    void sequenceNumbersWrapDuringTheDataTheorem() {
        SemanticModel m = SemanticTheorems.dataTransfer(Profile.rfc9293());
        assertEquals(SeqNum.MODULUS - 2, m.a().iss());
        // B has taken both octets, numbered 2^32 - 1 and 0, so its RCV.NXT is 1.
        assertTrue(Explorer.reach(m, "A's octet at 0 received", s -> {
            SemanticModel.World w = m.view(s);
            return w.received(1) == 2 && w.tcb(1).rcv().nxt().value() == 1;
        }, O).isDefined());
    }

    // the counts do not depend on where the ISNs lie on the circle: near 0, 2^31 and 2^32
    @Test
    void theStateSpaceIsTheSameForIsnsNearZeroHalfAndTheTop() {
        long[][] isns = {{3, 11}, {SeqNum.HALF - 2, SeqNum.HALF + 3}, {SemanticTheorems.A_ISS, SemanticTheorems.B_ISS},
                {SeqNum.MODULUS - 1, SeqNum.MODULUS - 3}};
        List<String> counts = List.empty();
        for (long[] i : isns) {
            SemanticModel base = SemanticTheorems.dataTransfer(Profile.rfc9293());
            SemanticModel m = SemanticModel.of(base.name(), base.a().withIss(i[0]), base.b().withIss(i[1]),
                    new SemanticNetwork(true, 0, 1, 4), List.empty(), List.empty());
            m = m.withInvariants(List.of(SemanticTheorems.dataInOrderOnce(m), SemanticTheorems.dataDelivered(m)));
            ExplorationResult r = Explorer.check(m, O, Progress.SILENT);
            assertTrue(r.holds(), r::summary);
            counts = counts.append(r.distinct() + "/" + r.generated() + "/" + r.depth());
        }
        assertEquals(1, counts.distinct().size(), counts::toString);
    }

    // symmetry: the simultaneous open's states and their mirror images are one; the verdict is the same
    @Test
    void theSymmetryReductionKeepsTheVerdictWithFewerStates() {
        SemanticModel base = SemanticTheorems.simultaneous(Profile.rfc9293());
        assertTrue(base.symmetric());
        SemanticModel plain = base.withoutSymmetry();
        assertFalse(plain.symmetric());
        ExplorationResult reduced = Explorer.check(base.withInvariants(List.of(SemanticTheorems.endsClosed(base))),
                O, Progress.SILENT);
        ExplorationResult full = Explorer.check(plain.withInvariants(List.of(SemanticTheorems.endsClosed(plain))),
                O, Progress.SILENT);
        assertTrue(reduced.holds(), reduced::summary);
        assertTrue(full.holds(), full::summary);
        assertTrue(reduced.distinct() < full.distinct(), reduced.distinct() + " vs " + full.distinct());
        assertTrue(2 * reduced.distinct() >= full.distinct());
        assertFalse(SemanticTheorems.blindReset(Profile.rfc9293()).symmetric());
    }

    // the broken variants are refuted with short counterexamples that end in the violation
    @Test
    void theBrokenVariantsAreRefutedWithShortestCounterexamples() {
        Verdict twoWay = SemanticTheorems.twoWayHandshake(O, Profile.rfc9293());
        Trace t2 = twoWay.counterexample().get();
        // B receives the old SYN and counts as ESTABLISHED at once.
        assertEquals(1, t2.length(), () -> TextChart.render(t2));
        assertEquals("ESTABLISHED", t2.steps().last().right());
        Verdict noTw = SemanticTheorems.noTimeWait(O, Profile.rfc9293());
        Trace t3 = noTw.counterexample().get();
        assertEquals("CLOSED", t3.steps().last().right(), () -> TextChart.render(t3));
        assertTrue(t3.steps().exists(s -> s.event().equals("lose")));
        assertTrue(t3.steps().exists(s -> s.event().equals("retransmission timeout")));
        Verdict shortTw = SemanticTheorems.shortTimeWait(O, Profile.rfc9293());
        Trace ts = shortTw.counterexample().get();
        assertTrue(ts.steps().exists(s -> s.event().equals("Timeout=2MSL")), () -> TextChart.render(ts));
        assertTrue(ts.steps().last().received().get().contains("RST"));
        Verdict merged = SemanticTheorems.mergedClose(O, Profile.rfc9293());
        Trace tm = merged.counterexample().get();
        assertEquals("SEND 1 octet", tm.steps().last().event(), () -> TextChart.render(tm));
        assertTrue(tm.steps().last().note().contains("error: connection closing"));
    }

    // Linux's 60 s TIME-WAIT against 15 retransmissions is a departure the checker shows with its counterexample
    @Test
    void linuxTimeWaitShorterThanThePeersRetransmissionsIsShown() {
        assertTrue(Profile.linux().timeWait() < SemanticModel.retransmissionSpan(Profile.linux()));
        assertTrue(Profile.rfc9293().timeWait() >= SemanticModel.retransmissionSpan(Profile.rfc9293()));
        Verdict v = SemanticTheorems.timeWait(O, Profile.linux());
        assertEquals(Prediction.REFUTED, v.predicted());
        assertTrue(v.asPredicted());
        Verdict r = SemanticTheorems.timeWait(O, Profile.rfc9293());
        assertEquals(Prediction.HOLDS, r.predicted());
        assertTrue(r.result().holds());
    }

    static final ArrivalFunction ANY_RST_IN_WINDOW = (p, t, seg, iss, now, c) -> {
        if (seg.rst() && t.tcpState().isSynchronized() && Arrival.acceptable(seg, t.rcv())) {
            return Arrival.segmentArrives(p, t, seg.withSeq(t.rcv().nxt()), iss, now, c);
        }
        return Arrival.segmentArrives(p, t, seg, iss, now, c);
    };

    // the theorems rest on the reference semantics: one rule of SEGMENT ARRIVES changed, a theorem fails
    @Test
    void theorem7FailsWhenOneRuleOfArrivalAcceptsAnyResetInTheWindow() {
        Verdict v = SemanticTheorems.blindResetResisted(O, Profile.rfc9293(), ANY_RST_IN_WINDOW);
        assertFalse(v.asPredicted());
        Trace t = v.counterexample().get();
        assertEquals(1, t.length(), () -> TextChart.render(t));
        assertTrue(t.steps().head().received().get().contains("RST"));
        assertTrue(SemanticTheorems.blindResetResisted(O, Profile.rfc9293()).asPredicted());
    }

    @Test
    void theorem8FailsWhenArrivalTakesAnOldDuplicateForNewData() {
        ArrivalFunction takesDuplicates = (p, t, seg, iss, now, c) -> {
            if (seg.dataLength() > 0 && t.tcpState().isSynchronized() && !Arrival.acceptable(seg, t.rcv())) {
                return Arrival.segmentArrives(p, t, seg.withSeq(t.rcv().nxt()), iss, now, c);
            }
            return Arrival.segmentArrives(p, t, seg, iss, now, c);
        };
        Verdict v = SemanticTheorems.dataExactlyOnce(O, Profile.rfc9293(), takesDuplicates);
        assertFalse(v.asPredicted());
        Trace t = v.counterexample().get();
        // Shortest: A sends an octet, the network duplicates it, B takes it twice.
        assertEquals(4, t.length(), () -> TextChart.render(t));
        assertEquals("duplicate", t.steps().get(1).event());
    }

    // A zero window: B's window of two octets is full and A's FIN waits for room (RFC 9293 §3.2 Figure 3). B's
    // RECEIVE opens the window but sends no window update, and the semantics have no persist timer (§3.8.6.1,
    // MUST-36) to probe it: the checker finds the stall as a deadlock. When the semantics gain the probe, this
    // composition reaches CLOSED and this test must be turned into a theorem.
    @Test
    void aZeroWindowStallsTheFinBecauseNothingProbesIt() {
        Profile small = Profile.rfc9293().withReceiveWindow(2).withMss(1);
        SemanticModel m = SemanticModel.of("zero window",
                SemanticEndpoint.of(small, SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.A_ISS, 2,
                        SemanticEndpoint.Closing.ACTIVE),
                SemanticEndpoint.of(small, SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.B_ISS, 0,
                        SemanticEndpoint.Closing.NEVER).receiving(true),
                SemanticNetwork.reliable(4), List.empty(), List.empty());
        assertTrue(Explorer.reach(m, "zero window", s -> m.view(s).tcb(0).snd().wnd() == 0
                && m.view(s).tcb(0).snd().una().equals(m.view(s).tcb(0).snd().nxt()), O).isDefined());
        ExplorationResult r = Explorer.check(m, O, Progress.SILENT);
        Trace t = r.violation("deadlock").get().trace();
        assertEquals("FIN-WAIT-1", t.steps().last().left(), () -> TextChart.render(t));
        assertTrue(t.steps().exists(s -> s.event().equals("RECEIVE")), () -> TextChart.render(t));
    }

    // ABORT and keep-alive: an ABORT whose RST is lost leaves the peer ESTABLISHED with nobody on the other side
    // (a half-open connection, RFC 9293 §3.5.1); without keep-alive (RFC 9293's profile, MUST-24) nothing ends it,
    // with Linux's keep-alive the probe draws a RST from the aborted side and the peer ends CLOSED (§3.8.4).
    @Test
    void aLostAbortResetLeavesAHalfOpenConnectionThatOnlyKeepAliveEnds() {
        for (Profile p : List.of(Profile.rfc9293(), Profile.linux())) {
            SemanticModel base = SemanticModel.of("abort, RST may be lost",
                    SemanticEndpoint.of(p, SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.A_ISS, 0,
                            SemanticEndpoint.Closing.NEVER).aborting(1),
                    SemanticEndpoint.of(p, SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.B_ISS, 0,
                            SemanticEndpoint.Closing.NEVER).timingOut(0, SemanticEndpoint.UNBOUNDED),
                    new SemanticNetwork(false, 1, 0, 3), List.empty(), List.empty());
            SemanticModel m = base.withInvariants(List.of(SemanticTheorems.endsClosed(base)));
            ExplorationResult r = Explorer.check(m, O, Progress.SILENT);
            assertTrue(r.violation("abstraction").isEmpty(), r::summary);
            if (p.keepalive().isEmpty()) {
                Trace t = r.violation("ends-closed").get().trace();
                assertEquals(List.of("ABORT", "lose"), t.steps().map(s -> s.event()), () -> TextChart.render(t));
                assertEquals("ESTABLISHED", t.steps().last().right());
            } else {
                assertTrue(r.holds(), () -> r.summary() + r.violations().map(x -> "\n" + TextChart.render(x.trace()))
                        .mkString());
                // The half-open state is reached, and (liveness and ends-closed hold) B leaves it for CLOSED: only
                // its keep-alive probe, answered by a RST from CLOSED, can take it there.
                Trace t = Explorer.reach(m, "half-open", s -> m.view(s).state(0) == TcpState.CLOSED
                        && m.view(s).state(1) == TcpState.ESTABLISHED && m.view(s).networkEmpty(), O).get();
                assertEquals(List.of("ABORT", "lose"), t.steps().map(x -> x.event()), () -> TextChart.render(t));
            }
        }
    }

    // the user timeout: with data outstanding it may expire, and the connection is aborted (§3.10.8)
    @Test
    void theUserTimeoutAbortsAConnectionWithDataOutstanding() {
        SemanticModel m = SemanticModel.of("user timeout",
                SemanticEndpoint.of(Profile.rfc9293(), SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.A_ISS,
                        1, SemanticEndpoint.Closing.NEVER).timingOut(1, 0),
                SemanticEndpoint.of(Profile.rfc9293(), SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.B_ISS,
                        0, SemanticEndpoint.Closing.NEVER),
                new SemanticNetwork(false, 1, 0, 3), List.empty(), List.empty());
        Trace t = Explorer.reach(m, "A aborted by its user timeout", s -> m.view(s).state(0) == TcpState.CLOSED, O)
                .get();
        assertEquals(List.of("SEND 1 octet", "user timeout"), t.steps().map(s -> s.event()), () -> TextChart.render(t));
        assertTrue(t.steps().last().note().contains("user timeout"), t.steps().last().note());
    }

    // the encoding is checked, not trusted: what it cannot hold is reported
    @Test
    void aTcbTheEncodingCannotHoldIsReported() {
        SemanticModel m = SemanticTheorems.dataTransfer(Profile.rfc9293());
        Tcb[] established = new Tcb[1];
        m.initial((l, s) -> established[0] = m.view(s).tcb(0));
        assertTrue(m.unrepresentable(0, established[0]).isEmpty());
        Tcb tooMany = established[0].withReassembly(List.fill(SemanticModel.MAX_QUEUE + 1,
                io.github.tcpmodel.segment.Segment.of(SeqNum.of(SemanticTheorems.B_ISS + 5),
                        io.github.tcpmodel.segment.Control.ACK).withDataLength(1)));
        assertTrue(m.unrepresentable(0, tooMany).isDefined());
        Tcb urgent = established[0].withRetransmission(List.of(io.github.tcpmodel.segment.Segment.of(
                SeqNum.of(SemanticTheorems.A_ISS + 1), io.github.tcpmodel.segment.Control.ACK,
                io.github.tcpmodel.segment.Control.URG).withUrgent(1).withDataLength(1)));
        assertTrue(m.unrepresentable(0, urgent).isDefined());
    }
}
