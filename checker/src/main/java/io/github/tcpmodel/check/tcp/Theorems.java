package io.github.tcpmodel.check.tcp;

import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Invariant;
import io.github.tcpmodel.check.InvariantViolation;
import io.github.tcpmodel.check.Model;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.check.Trace;
import io.github.tcpmodel.check.tla.TlaTcpProfile;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The seeds' six theorems (issue 12), each a named check with the verdict RFC 9293 predicts: a claim that
 * holds for the reference table, or a broken variant that the checker refutes with a shortest counterexample.
 *
 * <p>EndpointConfig A has ISS 4 in this incarnation; an old incarnation of A used ISS 0; peer B has ISS 9.
 */
public final class Theorems {

    /** A's ISS in the incarnation being opened. */
    public static final int A_ISS = 4;
    /** The ISS of A's previous incarnation, whose SYN is an old duplicate. */
    public static final int OLD_ISS = 0;
    /** B's ISS. */
    public static final int B_ISS = 9;

    /** What RFC 9293 predicts for a check. */
    public enum Prediction {
        /** Every property holds and every witness is found. */
        HOLDS,
        /** The named property is violated. */
        REFUTED
    }

    /**
     * A witness: a trace showing that something the claim describes can happen.
     *
     * @param name  what it shows
     * @param trace the shortest such trace, if any
     */
    public record Witness(String name, Option<Trace> trace) {
        /** Rejects nulls. */
        public Witness {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(trace, "trace is null");
        }
    }

    /**
     * The outcome of one check.
     *
     * @param name      the check's name
     * @param claim     the claim in one sentence, with the seed claims it rests on
     * @param predicted what RFC 9293 predicts
     * @param property  for a refutation, the property expected to fail
     * @param result    the exploration
     * @param witnesses the witnesses looked for
     */
    public record Verdict(String name, String claim, Prediction predicted, String property, ExplorationResult result,
                          List<Witness> witnesses) {
        /** Rejects nulls. */
        public Verdict {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(claim, "claim is null");
            Objects.requireNonNull(predicted, "predicted is null");
            Objects.requireNonNull(property, "property is null");
            Objects.requireNonNull(result, "result is null");
            Objects.requireNonNull(witnesses, "witnesses is null");
        }

        /** The counterexample of {@link #property()}, if the checker found one. */
        public Option<Trace> counterexample() {
            return result.violation(property).map(InvariantViolation::trace);
        }

        /** True when the checker's finding is the one RFC 9293 predicts. */
        public boolean asPredicted() {
            if (predicted == Prediction.HOLDS) {
                return result.holds() && witnesses.forAll(w -> w.trace().isDefined());
            }
            return counterexample().isDefined();
        }
    }

    private Theorems() {
    }

    // ---------------------------------------------------------------- properties

    /** No side is ESTABLISHED with a peer that never opened that incarnation (IRS = the peer's ISS). */
    public static Invariant noStaleEstablished() {
        return new Invariant("no-stale-established", "a side in ESTABLISHED has IRS equal to the ISS of the "
                + "peer's current incarnation, which the peer has opened", s -> {
                    for (int side = 0; side < 2; side++) {
                        if (TcpModel.state(s, side) == TcpState.ESTABLISHED) {
                            TcpModel.Endpoint me = TcpModel.endpoint(s, side);
                            TcpModel.Endpoint peer = TcpModel.endpoint(s, 1 - side);
                            if (me.irs() != peer.iss() || !peer.opened()) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
    }

    /** Neither side has accepted a RST. */
    public static Invariant noReset() {
        return new Invariant("no-reset", "neither side's connection is reset",
                s -> !TcpModel.endpoint(s, 0).reset() && !TcpModel.endpoint(s, 1).reset());
    }

    /**
     * A side's connection is reset only once its peer is CLOSED: only a RST the peer sends from CLOSED (RFC 9293
     * §3.10.7.1), never an off-path one, ends it. (A challenge ACK sent from TIME-WAIT can reach a peer that has
     * already closed, whose RST then ends TIME-WAIT early: RFC 1337's TIME-WAIT assassination, harmless here.)
     */
    public static Invariant noBlindReset() {
        return new Invariant("no-blind-reset", "a side is reset only when its peer is CLOSED", s -> {
            for (int side = 0; side < 2; side++) {
                if (TcpModel.endpoint(s, side).reset() && TcpModel.state(s, 1 - side) != TcpState.CLOSED) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Every quiescent end state has both sides CLOSED. */
    public static Invariant endsClosed(Model m) {
        return new Invariant("ends-closed", "in every quiescent end state both sides are CLOSED",
                s -> !m.quiescent(s) || TcpModel.state(s, 0) == TcpState.CLOSED
                        && TcpModel.state(s, 1) == TcpState.CLOSED);
    }

    /** No SEND made before the user's own CLOSE is refused. */
    public static Invariant noSendRefused() {
        return new Invariant("no-send-refused", "no SEND its user made before its own CLOSE is refused with "
                + "\"connection closing\"",
                s -> !TcpModel.endpoint(s, 0).sendRefused() && !TcpModel.endpoint(s, 1).sendRefused());
    }

    /** In every quiescent end state each side has delivered all the data the other side's user sent. */
    public static Invariant dataDelivered(TcpModel m) {
        return new Invariant("data-delivered", "in every quiescent end state each side has delivered every "
                + "unit the other side's user sent",
                s -> !m.quiescent(s) || TcpModel.endpoint(s, 0).delivered() == m.b().sends()
                        && TcpModel.endpoint(s, 1).delivered() == m.a().sends());
    }

    /** With nothing in flight, one side is ESTABLISHED exactly when the other is (the TLA+ spec's Inv). */
    public static Invariant establishedTogether() {
        return new Invariant("established-together", "when no segment is in flight, one side is ESTABLISHED "
                + "exactly when the other is", s -> !TcpModel.networkEmpty(s)
                || (TcpModel.state(s, 0) == TcpState.ESTABLISHED) == (TcpModel.state(s, 1) == TcpState.ESTABLISHED));
    }

    // ---------------------------------------------------------------- configurations

    private static TcpModel model(String name, EndpointConfig a, EndpointConfig b, Network n, List<AbstractSegment> toB) {
        return model(name, a, b, n, toB, List.empty());
    }

    private static TcpModel model(String name, EndpointConfig a, EndpointConfig b, Network n, List<AbstractSegment> toB,
                                  List<AbstractSegment> toA) {
        return TcpModel.of(name, a, b, n, toB, toA).getOrElseThrow((String e) -> new IllegalStateException(e));
    }

    /** Theorem 1-2's composition: A opens, B listens, an old duplicate SYN of A's is in flight, delayed. */
    public static TcpModel handshake(TransitionTable passive) {
        Objects.requireNonNull(passive, "passive is null");
        return model("handshake, old duplicate SYN, " + passive.name(),
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, A_ISS, 0, EndpointConfig.Close.NEVER),
                new EndpointConfig(passive, EndpointConfig.Start.PASSIVE, B_ISS, 0, EndpointConfig.Close.NEVER),
                new Network(false, 0, 1, 4), List.of(AbstractSegment.syn(OLD_ISS)));
    }

    /** Theorem 3's composition: an established connection, both users close, the network may lose a segment. */
    public static TcpModel closeWithLoss(TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return model("close with one loss, A closes first, " + table.name(),
                new EndpointConfig(table, EndpointConfig.Start.ESTABLISHED, A_ISS, 0, EndpointConfig.Close.ACTIVE),
                new EndpointConfig(table, EndpointConfig.Start.ESTABLISHED, B_ISS, 0, EndpointConfig.Close.PASSIVE),
                new Network(true, 1, 0, 3), List.empty());
    }

    /** Theorem 4's composition: B's user still has data to send when A closes. */
    public static TcpModel halfClose(TransitionTable passive) {
        Objects.requireNonNull(passive, "passive is null");
        return model("half-close with data, " + passive.name(),
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ESTABLISHED, A_ISS, 0, EndpointConfig.Close.ACTIVE),
                new EndpointConfig(passive, EndpointConfig.Start.ESTABLISHED, B_ISS, 1, EndpointConfig.Close.PASSIVE),
                Network.reliable(3), List.empty());
    }

    /**
     * Theorem 7's composition: an established connection that both users close, over a reordering network, with an
     * off-path attacker's RST in flight towards each side: its sequence number lies inside the receiver's window
     * but is not RCV.NXT at any point of the connection ({@link #BLIND_RST_TO_B} towards B, {@link #BLIND_RST_TO_A}
     * towards A), as a blind attacker who guessed the window but not the exact number would send (RFC 5961 §3).
     */
    public static TcpModel blindReset() {
        return model("blind RST in the window, both close, rfc9293",
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ESTABLISHED, A_ISS, 0, EndpointConfig.Close.ACTIVE),
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ESTABLISHED, B_ISS, 0, EndpointConfig.Close.PASSIVE),
                new Network(false, 0, 0, 4), List.of(AbstractSegment.reset(BLIND_RST_TO_B)),
                List.of(AbstractSegment.reset(BLIND_RST_TO_A)));
    }

    /** The blind RST towards B: in B's window (RCV.NXT is A's ISS + 1, or + 2 after A's FIN), never RCV.NXT. */
    public static final int BLIND_RST_TO_B = A_ISS + 8;
    /** The blind RST towards A: in A's window (RCV.NXT is B's ISS + 1, or + 2 after B's FIN), never RCV.NXT. */
    public static final int BLIND_RST_TO_A = B_ISS + 5;

    /** Theorem 5's composition: both users open actively and both close. */
    public static TcpModel simultaneous() {
        return model("simultaneous open and close, rfc9293",
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, A_ISS, 0, EndpointConfig.Close.ACTIVE),
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, B_ISS, 0, EndpointConfig.Close.ACTIVE),
                Network.reliable(3), List.empty());
    }

    // ---------------------------------------------------------------- the theorems

    private static Witness witness(Model m, String name, Predicate<long[]> goal, Options o) {
        return new Witness(name, Explorer.reach(m, name, goal, o));
    }

    /** Explores {@code m}; a checkpoint goes to a subfolder named after the model, so that checks do not share one. */
    private static ExplorationResult explore(Model m, Options o) {
        return Explorer.check(m, o.withCheckpointSubfolder(m.name().replaceAll("[^A-Za-z0-9.-]+", "-")),
                Progress.SILENT);
    }

    /** Theorem 1: the three-way handshake rejects an old duplicate SYN (C6). */
    public static Verdict threeWayHandshake(Options o) {
        TcpModel m = handshake(TransitionTable.rfc9293()).withInvariants(List.of(noStaleEstablished()));
        return new Verdict("theorem-1-three-way-handshake",
                "with an old duplicate SYN delayed and duplicated, no side is ESTABLISHED with a peer that never "
                        + "opened that incarnation; the stale SYN,ACK is answered with RST (C6)",
                Prediction.HOLDS, "no-stale-established", explore(m, o),
                List.of(witness(m, "stale SYN,ACK answered with RST", s ->
                        TcpModel.state(s, 0) == TcpState.SYN_SENT && TcpModel.inFlight(s, 1)
                                .exists(g -> g.rst() && g.seq() == OLD_ISS + 1), o),
                        witness(m, "both ESTABLISHED", s -> TcpModel.state(s, 0) == TcpState.ESTABLISHED
                                && TcpModel.state(s, 1) == TcpState.ESTABLISHED, o)));
    }

    /** Theorem 2: a two-way handshake opens a half-open connection from an old duplicate SYN. */
    public static Verdict twoWayHandshake(Options o) {
        TcpModel m = handshake(Variants.twoWayHandshake()).withInvariants(List.of(noStaleEstablished()));
        return new Verdict("theorem-2-two-way-handshake",
                "if the passive side counts as ESTABLISHED once it sends SYN,ACK, an old duplicate SYN leaves it "
                        + "ESTABLISHED with a peer that never opened that incarnation (C6)",
                Prediction.REFUTED, "no-stale-established", explore(m, o), List.empty());
    }

    /** Theorem 3: TIME-WAIT re-acknowledges a retransmitted FIN, so the passive closer closes gracefully. */
    public static Verdict timeWait(Options o) {
        TcpModel base = closeWithLoss(TransitionTable.rfc9293());
        TcpModel m = base.withInvariants(List.of(noReset(), endsClosed(base)));
        return new Verdict("theorem-3-time-wait",
                "with the last ACK lost, the passive closer still reaches CLOSED gracefully because TIME-WAIT "
                        + "re-acknowledges the retransmitted FIN (C29, C30)",
                Prediction.HOLDS, "no-reset", explore(m, o),
                List.of(witness(m, "retransmitted FIN re-acknowledged from TIME-WAIT, passive closer CLOSED",
                        s -> TcpModel.endpoint(s, 0).reackedFin() && TcpModel.state(s, 1) == TcpState.CLOSED, o)));
    }

    /** Theorem 3, refuted: without TIME-WAIT the passive closer receives RST. */
    public static Verdict noTimeWait(Options o) {
        TcpModel base = closeWithLoss(Variants.noTimeWait());
        TcpModel m = base.withInvariants(List.of(noReset(), endsClosed(base)));
        return new Verdict("theorem-3-no-time-wait",
                "without TIME-WAIT a retransmitted FIN meets a closed endpoint and the passive closer receives "
                        + "RST (C32)",
                Prediction.REFUTED, "no-reset", explore(m, o), List.empty());
    }

    /** Theorem 4: the four-way close lets the passive side send during the half-close. */
    public static Verdict fourWayClose(Options o) {
        TcpModel base = halfClose(TransitionTable.rfc9293());
        TcpModel m = base.withInvariants(List.of(noSendRefused(), dataDelivered(base), endsClosed(base)));
        return new Verdict("theorem-4-four-way-close",
                "the passive side sends what it still has during the half-close and every unit is delivered "
                        + "(C7, C25)",
                Prediction.HOLDS, "no-send-refused", explore(m, o),
                List.of(witness(m, "data sent from CLOSE-WAIT", s -> TcpModel.state(s, 1) == TcpState.CLOSE_WAIT
                        && TcpModel.endpoint(s, 1).sent() == 1, o)));
    }

    /** Theorem 4, refuted: merging the ACK and FIN loses the data of the half-close. */
    public static Verdict mergedClose(Options o) {
        TcpModel base = halfClose(Variants.mergedClose());
        TcpModel m = base.withInvariants(List.of(noSendRefused(), dataDelivered(base)));
        return new Verdict("theorem-4-merged-close",
                "if the passive side always merges its ACK and FIN, the data its user still had to send is "
                        + "refused (C7, C25)",
                Prediction.REFUTED, "no-send-refused", explore(m, o), List.empty());
    }

    /** Theorem 5: simultaneous open and close reach ESTABLISHED, then TIME-WAIT and CLOSED, on both sides. */
    public static Verdict simultaneousOpenAndClose(Options o) {
        TcpModel base = simultaneous();
        TcpModel m = base.withInvariants(List.of(endsClosed(base)));
        return new Verdict("theorem-5-simultaneous-open-and-close",
                "simultaneous open reaches ESTABLISHED on both sides through SYN-RECEIVED; simultaneous close "
                        + "reaches TIME-WAIT through CLOSING, then CLOSED, on both sides (C13, C23)",
                Prediction.HOLDS, "ends-closed", explore(m, o),
                List.of(witness(m, "both SYN-RECEIVED (active)", s -> both(s, TcpState.SYN_RECEIVED), o),
                        witness(m, "both ESTABLISHED", s -> both(s, TcpState.ESTABLISHED), o),
                        witness(m, "both CLOSING", s -> both(s, TcpState.CLOSING), o),
                        witness(m, "both TIME-WAIT", s -> both(s, TcpState.TIME_WAIT), o),
                        witness(m, "both CLOSED after both closed", s -> both(s, TcpState.CLOSED)
                                && TcpModel.endpoint(s, 0).closeCalled() && TcpModel.endpoint(s, 1).closeCalled(),
                                o)));
    }

    /**
     * Theorem 7, RFC 5961 §3.2 as RFC 9293 §3.10.7.4 states it (first, the RST check): a RST whose sequence
     * number is in the window but is not exactly RCV.NXT does not reset the connection; the receiver answers with
     * a challenge ACK, and the connection still closes cleanly on both sides.
     */
    public static Verdict blindResetResisted(Options o) {
        return blindResetResisted(o, ArrivalFunction.REFERENCE);
    }

    /**
     * Theorem 7 with {@code arrival} processing the arriving segments in place of the reference semantics: with a
     * rule of §3.10.7 changed, the theorem may fail, which shows it rests on that rule.
     */
    public static Verdict blindResetResisted(Options o, ArrivalFunction arrival) {
        Objects.requireNonNull(arrival, "arrival is null");
        TcpModel base = blindReset().withArrival(arrival);
        TcpModel m = base.withInvariants(List.of(noBlindReset(), endsClosed(base)));
        return new Verdict("theorem-7-blind-reset",
                "an off-path RST with an in-window sequence number other than RCV.NXT never resets either side; "
                        + "it draws a challenge ACK and both sides still end CLOSED (RFC 5961 §3.2, RFC 9293 "
                        + "§3.10.7.4)",
                Prediction.HOLDS, "no-blind-reset", explore(m, o),
                List.of(witness(m, "challenge ACK sent for the blind RST", s -> TcpModel.inFlight(s, 0)
                        .exists(g -> g.ack() && !g.rst() && !g.fin() && TcpModel.state(s, 1) == TcpState.ESTABLISHED
                                && TcpModel.inFlight(s, 1).isEmpty()), o)));
    }

    private static boolean both(long[] s, TcpState st) {
        return TcpModel.state(s, 0) == st && TcpModel.state(s, 1) == st;
    }

    /**
     * Theorem 6: with nothing in flight, one side is ESTABLISHED exactly when the other is; checked on the TLA+
     * spec's own model (its Inv under NoRetransmission and SingleActiveOpen) and on the lossless composition of
     * theorem 5.
     */
    public static Verdict establishedTogether(Options o) {
        ExplorationResult tla = explore(new TlaTcpProfile(), o);
        TcpModel m = simultaneous().withInvariants(List.of(establishedTogether()));
        ExplorationResult ours = explore(m, o);
        ExplorationResult both = new ExplorationResult("TLA+ MCtcp and " + m.name(), tla.distinct() + ours.distinct(),
                tla.generated() + ours.generated(), Math.max(tla.depth(), ours.depth()),
                tla.complete() && ours.complete(), ours.bytesPerState(), tla.visitedBytes() + ours.visitedBytes(),
                tla.violations().appendAll(ours.violations()));
        return new Verdict("theorem-6-established-together",
                "when no segment is in flight, one side is ESTABLISHED exactly when the other is (the TLA+ TCP "
                        + "spec's invariant)",
                Prediction.HOLDS, "established-together", both, List.empty());
    }

    /** All the checks, in order. */
    public static List<Verdict> all(Options o) {
        Objects.requireNonNull(o, "o is null");
        return List.of(threeWayHandshake(o), twoWayHandshake(o), timeWait(o), noTimeWait(o), fourWayClose(o),
                mergedClose(o), simultaneousOpenAndClose(o), establishedTogether(o), blindResetResisted(o));
    }
}
