package io.github.tcpmodel.property.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.check.Coverage;
import io.github.tcpmodel.property.conformance.Entry;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.ModelImplementation;
import io.github.tcpmodel.property.conformance.RunResult;
import io.github.tcpmodel.property.generator.Connections;
import io.github.tcpmodel.property.generator.Pick;
import io.github.tcpmodel.property.generator.Segments;
import io.github.tcpmodel.property.generator.SeqNums;
import io.github.tcpmodel.property.generator.Traces;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.Notice;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Postconditions: after every segment arrival the rules of RFC 9293 §3.10.7 hold, stated independently of the
 * model's code (the acceptability test of Table 6 is restated here). Connections are reached by generated traces;
 * segments are generated relative to them. Subclass and override {@link #profile()} for another profile.
 */
public abstract class PostconditionProperties {

    /** {@return the profile checked} */
    protected Profile profile() {
        return Profile.rfc9293();
    }

    /** {@return the minimum fraction of examples that must hit the case each property is about} */
    protected double minCoverage() {
        return 0.01;
    }

    /** A connection reached by the model and a segment relative to it, with the step the model takes. */
    record Case(Connections c, Segment seg, Step step) {
        Tcb before() {
            return c.tcb();
        }

        @Override
        public String toString() {
            return "arriving " + seg + " at " + c + "\n-> " + step.tcb().state().rfcName() + ", sends " + step.sent()
                    + " (" + step.rule() + ")";
        }
    }

    private static final List<ConnectionState> SYNCHRONIZED = ConnectionState.all()
            .filter(s -> s.state().isSynchronized() || s.state() == TcpState.SYN_RECEIVED);

    private org.quicktheories.core.Gen<Case> cases(List<ConnectionState> states, boolean resets) {
        Profile p = profile();
        return Connections.from(p, states, 2).zip(resets ? Segments.resets() : Segments.specs(), (c, spec) -> {
            Segment seg = spec.resolve(c.tcb(), c.trace().peerIss());
            Step s = Arrival.segmentArrives(p, c.tcb(), seg, c.iss().plus(ModelImplementation.ISN_STRIDE), c.now(),
                    Choices.reference()).getOrElseThrow(m -> new AssertionError("the model refused " + seg + ": " + m));
            return new Case(c, seg, s);
        });
    }

    /**
     * RFC 9293 §3.10.7.4 first, restated: "A reset is valid if its sequence number is in the window" (SEG.SEQ =
     * RCV.NXT with a zero window); under the profile's rstSequenceByEnd (Linux's tcp_sequence), its end at or beyond
     * RCV.NXT and its start at or before RCV.NXT + RCV.WND.
     */
    static boolean resetInWindow(Profile p, Segment seg, ReceiveVars rcv) {
        if (p.rstSequenceByEnd()) {
            return !seg.seq().plus(seg.len()).lt(rcv.nxt()) && !seg.seq().gt(rcv.nxt().plus(rcv.wnd()));
        }
        return seg.seq().equals(rcv.nxt()) || rcv.nxt().le(seg.seq()) && seg.seq().lt(rcv.nxt().plus(rcv.wnd()));
    }

    /** RFC 9293 §3.10.7.4 Table 6, restated: whether {@code seg} is acceptable to a receiver with {@code rcv}. */
    static boolean acceptable(Segment seg, ReceiveVars rcv) {
        long wnd = rcv.wnd();
        if (seg.len() == 0) {
            return wnd == 0 ? seg.seq().equals(rcv.nxt()) : rcv.nxt().le(seg.seq()) && seg.seq().lt(rcv.nxt().plus(wnd))
                    || seg.seq().equals(rcv.nxt());
        }
        if (wnd == 0) {
            return false;
        }
        SeqNum last = seg.seq().plus(seg.len() - 1);
        return seg.seq().inWindow(rcv.nxt(), wnd) || last.inWindow(rcv.nxt(), wnd);
    }

    static Segment ackOf(Tcb t) {
        return Segment.of(t.snd().nxt()).withAck(t.rcv().nxt());
    }

    static boolean sameFields(List<Segment> actual, List<Segment> expected) {
        return actual.size() == expected.size() && actual.zip(expected).forAll(p -> p._1.seq().equals(p._2.seq())
                && p._1.ack().equals(p._2.ack()) && p._1.controls().equals(p._2.controls())
                && p._1.dataLength() == p._2.dataLength());
    }

    private void run(TestInfo info, String label, List<ConnectionState> states,
                     java.util.function.Predicate<Case> applies,
                     java.util.function.Consumer<Case> postcondition) {
        Coverage cov = new Coverage(Names.of(info));
        Check.qt(Names.of(info), Check.tries(2.0, 100)).forAll(cases(states, label.contains("RST"))).checkAssert(k -> {
            boolean hit = applies.test(k);
            cov.example(hit ? List.of(label) : List.empty());
            if (hit) {
                postcondition.accept(k);
            }
        });
        cov.require(minCoverage(), List.of(label));
    }

    // forall seg arriving in CLOSED: RST => nothing sent; else exactly one RST: <SEQ=SEG.ACK><CTL=RST> if ACK,
    // else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (§3.10.7.1).
    @Test
    void closedAnswersWithTheMatchingReset(TestInfo info) {
        run(info, "CLOSED", List.of(ConnectionState.of(TcpState.CLOSED)), k -> k.before().is(TcpState.CLOSED), k -> {
            assertTrue(k.step().tcb().is(TcpState.CLOSED), k::toString);
            Segment seg = k.seg();
            List<Segment> expected = seg.rst() ? List.empty() : seg.isAck()
                    ? List.of(Segment.of(seg.ack(), Control.RST))
                    : List.of(Segment.of(SeqNum.ZERO, Control.RST).withAck(seg.seq().plus(seg.len())));
            assertTrue(sameFields(k.step().sent(), expected), () -> "expected " + expected + ": " + k);
        });
    }

    // forall seg arriving in LISTEN: RST => ignored; ACK => <SEQ=SEG.ACK><CTL=RST>; SYN => SYN-RECEIVED with
    // RCV.NXT = SEG.SEQ+1 and <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; else dropped (§3.10.7.2).
    @Test
    void listenAnswersByTheFourChecks(TestInfo info) {
        run(info, "LISTEN", List.of(ConnectionState.of(TcpState.LISTEN)), k -> k.before().is(TcpState.LISTEN), k -> {
            Segment seg = k.seg();
            Step s = k.step();
            if (seg.rst() || (!seg.isAck() && !seg.syn())) {
                assertEquals(ConnectionState.of(TcpState.LISTEN), s.tcb().state(), k::toString);
                assertTrue(s.sent().isEmpty(), k::toString);
            } else if (seg.isAck()) {
                assertEquals(ConnectionState.of(TcpState.LISTEN), s.tcb().state(), k::toString);
                assertTrue(sameFields(s.sent(), List.of(Segment.of(seg.ack(), Control.RST))), k::toString);
            } else {
                assertEquals(ConnectionState.synReceived(Origin.PASSIVE), s.tcb().state(), k::toString);
                assertEquals(seg.seq().plus(1), s.tcb().rcv().nxt(), k::toString);
                Tcb t = s.tcb();
                assertTrue(sameFields(s.sent(), List.of(Segment.of(t.snd().iss(), Control.SYN)
                        .withAck(seg.seq().plus(1)))), k::toString);
            }
        });
    }

    // forall seg arriving in SYN-SENT with ACK, no RST, and SEG.ACK =< ISS or SEG.ACK > SND.NXT:
    // <SEQ=SEG.ACK><CTL=RST> is sent and the state is unchanged (§3.10.7.3 first).
    @Test
    void synSentResetsAnUnacceptableAck(TestInfo info) {
        run(info, "SYN-SENT unacceptable ACK", List.of(ConnectionState.of(TcpState.SYN_SENT)), k -> k.before().is(TcpState.SYN_SENT) && k.seg().isAck()
                && !k.seg().rst() && (k.seg().ack().le(k.before().snd().iss())
                || !k.seg().ack().le(k.before().snd().nxt())), k -> {
                    assertEquals(k.before().state(), k.step().tcb().state(), k::toString);
                    assertTrue(sameFields(k.step().sent(), List.of(Segment.of(k.seg().ack(), Control.RST))),
                            k::toString);
                });
    }

    private static boolean synchronizedOrSynReceived(Tcb t) {
        return t.tcpState().isSynchronized() || t.is(TcpState.SYN_RECEIVED);
    }

    // forall seg arriving in SYN-RECEIVED or a synchronized state, not acceptable by Table 6, without RST (and not
    // the zero-window allowance, a FIN retransmission, or a SYN that may reopen TIME-WAIT):
    // the state is unchanged and exactly <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.10.7.4 first).
    @Test
    void unacceptableSegmentsAreAnsweredWithAnAck(TestInfo info) {
        Profile p = profile();
        run(info, "unacceptable", SYNCHRONIZED, k -> {
            Tcb t = k.before();
            Segment seg = k.seg();
            boolean finRetransmission = seg.fin() && seg.seq().plus(seg.len()).equals(t.rcv().nxt());
            boolean zeroWindowAllowance = t.rcv().wnd() == 0 && seg.seq().equals(t.rcv().nxt());
            boolean reopen = p.timeWaitReopen() && t.is(TcpState.TIME_WAIT) && seg.syn();
            // Linux (profile switch): a segment without ACK, RST or SYN is dropped before the sequence check.
            boolean linuxDrop = p.dropWithoutAckRstSyn() && !seg.isAck() && !seg.syn();
            // Linux (profile switch): the request socket answers a passive SYN-RECEIVED by its own rules
            // (tcp_check_req: the SYN again gets the SYN,ACK again, a wrong ACK a RST), tested in LinuxSwitchesTest.
            boolean requestSocket = p.requestSocket() && t.is(TcpState.SYN_RECEIVED)
                    && t.state().origin().contains(Origin.PASSIVE);
            return synchronizedOrSynReceived(t) && !acceptable(seg, t.rcv()) && !seg.rst() && !finRetransmission
                    && !zeroWindowAllowance && !reopen && !linuxDrop && !requestSocket;
        }, k -> {
            assertEquals(k.before().state(), k.step().tcb().state(), k::toString);
            assertTrue(sameFields(k.step().sent(), List.of(ackOf(k.before()))), k::toString);
        });
    }

    // forall acceptable seg without RST or SYN, with ACK, arriving in a synchronized state, SEG.ACK > SND.NXT:
    // the state and SND.UNA are unchanged and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.10.7.4 fifth).
    @Test
    void ackOfUnsentDataIsAnsweredAndDropped(TestInfo info) {
        run(info, "SEG.ACK > SND.NXT", SYNCHRONIZED, k -> {
            Tcb t = k.before();
            Segment seg = k.seg();
            return t.tcpState().isSynchronized() && acceptable(seg, t.rcv()) && !seg.rst() && !seg.syn()
                    && seg.isAck() && seg.ack().gt(t.snd().nxt());
        }, k -> {
            assertEquals(k.before().state(), k.step().tcb().state(), k::toString);
            assertEquals(k.before().snd().una(), k.step().tcb().snd().una(), k::toString);
            assertTrue(sameFields(k.step().sent(), List.of(ackOf(k.before()))), k::toString);
        });
    }

    // with RFC 5961: forall RST arriving in a synchronized state with SEG.SEQ in the window but /= RCV.NXT (a RST is
    // validated by its sequence number alone, §3.10.7.4 first, or as the profile's rstSequenceByEnd says):
    // the state is unchanged and a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.10.7.4 second).
    @Test
    void inWindowRstNotAtRcvNxtGetsAChallengeAck(TestInfo info) {
        if (!profile().rfc5961()) {
            return;
        }
        // Linux (profile switch): TIME-WAIT drops such a RST without a reply.
        boolean silentInTimeWait = profile().timeWaitSilentRst();
        run(info, "in-window RST", SYNCHRONIZED, k -> synchronizedOrSynReceived(k.before()) && k.seg().rst()
                && resetInWindow(profile(), k.seg(), k.before().rcv())
                && !k.seg().seq().equals(k.before().rcv().nxt())
                && !(silentInTimeWait && k.before().is(TcpState.TIME_WAIT)), k -> {
                    assertEquals(k.before().state(), k.step().tcb().state(), k::toString);
                    assertTrue(sameFields(k.step().sent(), List.of(ackOf(k.before()))), k::toString);
                });
    }

    // forall acceptable RST with SEG.SEQ = RCV.NXT arriving in ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 or CLOSE-WAIT:
    // CLOSED, nothing sent, the user is told "connection reset" (§3.10.7.4 first and second; in CLOSE-WAIT, with the
    // Linux switch endOfDataBeforeReset, RECEIVE reports the end of data the FIN announced instead).
    @Test
    void exactRstResetsASynchronizedConnection(TestInfo info) {
        boolean endOfData = profile().endOfDataBeforeReset();
        run(info, "exact RST", SYNCHRONIZED, k -> k.seg().rst() && k.seg().seq().equals(k.before().rcv().nxt())
                && acceptable(k.seg(), k.before().rcv())
                && List.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT)
                .contains(k.before().tcpState()), k -> {
                    assertTrue(k.step().tcb().is(TcpState.CLOSED), k::toString);
                    assertTrue(k.step().sent().isEmpty(), k::toString);
                    if (!(endOfData && k.before().is(TcpState.CLOSE_WAIT))) {
                        assertTrue(k.step().told().contains(Notice.CONNECTION_RESET), k::toString);
                    }
                });
    }

    // forall runs, steps, emitted seg without RST: seg is an initial SYN (no ACK, from SYN-SENT) or carries
    // <ACK=RCV.NXT> of the connection after the step (§3.4, §3.10.7.4 seventh; seed claim C36).
    @Test
    void everySegmentButTheFirstSynCarriesTheAck(TestInfo info) {
        forEveryStep(info, (e, step) -> {
            for (Segment s : step.sent()) {
                if (s.rst()) {
                    continue;
                }
                if (s.syn() && !s.isAck()) {
                    assertTrue(step.tcb().is(TcpState.SYN_SENT), () -> "a SYN without ACK from "
                            + step.tcb().state() + ": " + s);
                } else {
                    assertTrue(s.isAck() && s.ack().equals(step.tcb().rcv().nxt()),
                            () -> s + " should carry ACK=RCV.NXT=" + step.tcb().rcv().nxt() + " (" + step.rule() + ")");
                }
            }
        });
    }

    // forall runs, emitted seg without RST: SYN and FIN each occupy one sequence number, a pure ACK none: a SYN
    // is sent at ISS with SEG.LEN = 1 + octets; a FIN is sent at SND.NXT - 1 after the step ... (§3.4; C4, C20).
    @Test
    void synAndFinConsumeOneSequenceNumber(TestInfo info) {
        forEveryStep(info, (e, step) -> {
            Tcb t = step.tcb();
            if (t.is(TcpState.CLOSED)) {
                return;
            }
            for (Segment s : step.sent()) {
                if (s.rst()) {
                    continue;
                }
                assertEquals((long) s.dataLength() + (s.syn() ? 1 : 0) + (s.fin() ? 1 : 0), s.len());
                if (s.syn()) {
                    assertEquals(t.snd().iss(), s.seq(), s::toString);
                    assertTrue(s.seq().plus(1).le(t.snd().nxt()), () -> s + " but SND.NXT=" + t.snd().nxt());
                }
                if (s.fin()) {
                    assertEquals(t.snd().fin().get(), s.seq().plus(s.dataLength()), s::toString);
                    assertTrue(s.seq().plus(s.len()).le(t.snd().nxt()), () -> s + " but SND.NXT=" + t.snd().nxt());
                }
            }
        });
    }

    // forall runs, steps, emitted seg without RST: the step does not end in CLOSED, and Emission.allowed(TCB after
    // the step, seg) = [] (each state's segments, §3.10; SEG.SEQ in [SND.UNA, SND.NXT], Figure 3; <ACK=RCV.NXT>).
    @Test
    void everySegmentTheModelSendsIsAllowed(TestInfo info) {
        forEveryStep(info, (e, step) -> {
            for (Segment s : step.sent().filter(x -> !x.rst())) {
                assertFalse(step.tcb().is(TcpState.CLOSED), () -> "CLOSED sends only resets, not " + s);
                List<String> why = Emission.allowed(step.tcb(), s);
                assertTrue(why.isEmpty(), () -> s + " is not allowed after " + step.rule() + ": " + why);
            }
        });
    }

    // forall reached t in ESTABLISHED or CLOSE-WAIT, SEND of n octets (queued), optionally CLOSE, and the next
    // segment s = transmit(t, k): allowed(t, s) = [], and allowed(t, s') != [] for each perturbation s' of s:
    // SEG.SEQ = SND.NXT + 1 (Figure 3), SEG.ACK = RCV.NXT + 1 (§3.10.7.4 seventh), a payload above the MSS
    // (§3.7.1), new data one octet beyond SND.UNA + SND.WND (§3.8.6), a FIN with queued data behind it (§3.10.4).
    @Test
    void transmissionsAreAllowedAndTheirPerturbationsRefused(TestInfo info) {
        Profile p = profile();
        Coverage cov = new Coverage(Names.of(info));
        List<ConnectionState> sending = List.of(ConnectionState.of(TcpState.ESTABLISHED),
                ConnectionState.of(TcpState.CLOSE_WAIT));
        org.quicktheories.core.Gen<Integer> octets = Pick.weighted(List.of(1, 536, 1460, 3000, 70_000), 3, 2, 2, 2, 1);
        Check.qt(Names.of(info), Check.tries(1.0, 100))
                .forAll(Connections.from(p, sending, 2), octets, Pick.weighted(List.of(false, true), 1, 1),
                        Pick.weighted(List.of(0, 1, 2), 1, 1, 1))
                .checkAssert((c, n, close, pick) -> {
                    Tcb t = c.tcb();
                    if (!t.is(TcpState.ESTABLISHED) && !t.is(TcpState.CLOSE_WAIT)) {
                        cov.example(List.empty());
                        return;
                    }
                    // SEND with no segment chosen yet queues the octets (§3.10.2); CLOSE then queues the FIN.
                    Tcb q = UserCalls.send(p, t, n, c.iss(), c.now(), Choices.reference().segmentizing()).get().tcb();
                    if (close) {
                        q = UserCalls.close(p, q, c.now()).get().tcb();
                    }
                    // Full-sized segments first, as long as the window admits them, each one allowed.
                    while (q.sendQueue() > q.snd().mss() && q.snd().usable() >= q.snd().mss()) {
                        Tcb from = q;
                        Step full = Emission.transmit(p, from, from.snd().mss(), c.now()).get();
                        assertTrue(Emission.allowed(from, full.sent().single()).isEmpty(),
                                () -> Emission.allowed(from, full.sent().single()) + " " + full.sent());
                        q = full.tcb();
                    }
                    long most = Math.min(q.sendQueue(), Math.min(q.snd().mss(), q.snd().usable()));
                    int size = (int) (pick == 0 ? most : pick == 1 ? Math.min(most, 1) : most / 2);
                    Either<String, Step> e = Emission.transmit(p, q, size, c.now());
                    if (e.isLeft()) {
                        cov.example(List.of("nothing to send"));
                        return;
                    }
                    Tcb before = q;
                    Segment s = e.get().sent().single();
                    List<String> labels = List.of(s.fin() ? "FIN" : "data or ACK");
                    String at = "\n" + s + " from " + before.state().rfcName() + " " + before.snd() + " queued "
                            + before.sendQueue() + (before.closeQueued() ? " and CLOSE" : "");
                    assertTrue(Emission.allowed(before, s).isEmpty(), () -> Emission.allowed(before, s) + at);
                    refused(before, s.withSeq(before.snd().nxt().plus(1)), "SEG.SEQ = SND.NXT + 1", at);
                    refused(before, s.withAck(before.rcv().nxt().plus(1)), "SEG.ACK = RCV.NXT + 1", at);
                    refused(before, s.withDataLength(before.snd().mss() + 1), "a payload above the MSS", at);
                    long room = before.snd().wnd() - before.snd().inFlight();
                    if (before.snd().wnd() > 0 && room >= 0 && room + 1 <= before.snd().mss()) {
                        labels = labels.append("beyond the window");
                        refused(before, s.without(Control.FIN).withDataLength((int) room + 1),
                                "data one octet beyond SND.UNA + SND.WND", at);
                    }
                    if (size < before.sendQueue()) {
                        labels = labels.append("FIN before the data");
                        refused(before, s.with(Control.FIN), "a FIN with queued data behind it", at);
                    }
                    cov.example(labels);
                });
        cov.require(minCoverage(), List.of("data or ACK", "FIN", "beyond the window", "FIN before the data"));
    }

    private static void refused(Tcb t, Segment s, String what, String at) {
        assertFalse(Emission.allowed(t, s).isEmpty(), () -> what + " was allowed: " + s + at);
    }

    // forall runs, consecutive synchronized TCBs t -> t': SND.UNA =< SND.NXT, SND.UNA' >= SND.UNA and
    // RCV.NXT' >= RCV.NXT (acknowledgments and received sequence numbers never go back, §3.3.1).
    @Test
    void sndUnaAndRcvNxtNeverGoBack(TestInfo info) {
        forEveryStep(info, (e, step) -> {
            Tcb t = step.tcb();
            if (t.tcpState().isSynchronized()) {
                assertTrue(t.snd().una().le(t.snd().nxt()), () -> "SND.UNA > SND.NXT after " + step.rule());
            }
        });
    }

    private void forEveryStep(TestInfo info, java.util.function.BiConsumer<Entry, Step> check) {
        Profile p = profile();
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), Traces.traces(12)).checkAssert((iss, trace) -> {
            RunResult r = new Lockstep(ModelImplementation.factory(p, iss)).run(trace);
            Tcb prev = Tcb.closed();
            for (Entry e : r.entries()) {
                for (Step step : e.steps()) {
                    try {
                        check.accept(e, step);
                        Tcb t = step.tcb();
                        if (prev.tcpState().isSynchronized() && t.tcpState().isSynchronized()) {
                            assertTrue(prev.snd().una().le(t.snd().una()), () -> "SND.UNA went back");
                            assertTrue(prev.rcv().nxt().le(t.rcv().nxt()), () -> "RCV.NXT went back");
                        }
                        prev = t;
                    } catch (AssertionError err) {
                        throw new AssertionError("at input " + e.index() + " (" + e.stimulus() + "): "
                                + err.getMessage() + "\n" + trace, err);
                    }
                }
            }
        });
    }
}
