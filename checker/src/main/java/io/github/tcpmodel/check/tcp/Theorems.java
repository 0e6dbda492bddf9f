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
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The seeds' six theorems, each a named check with the verdict RFC 9293 predicts: a claim that holds for the
 * reference semantics, or a broken variant that the checker refutes with a shortest counterexample; and theorem 7,
 * RFC 5961's resistance to a blind RST. Every check runs under a {@link Profile} (RFC 9293's unless given).
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

    /**
     * No data unit is delivered twice or out of order: each side has delivered at most the units its peer sent, and
     * once synchronized exactly the units below its RCV.NXT (RCV.NXT - IRS - 1, less one for a FIN received), so a
     * unit held beyond a gap (RFC 9293 §3.10.7.4 seventh) is delivered only when the gap fills, and a duplicate is
     * never delivered again.
     */
    public static Invariant dataInOrderOnce(TcpModel m) {
        int[] sends = {m.a().sends(), m.b().sends()};
        return new Invariant("data-in-order-once", "each side has delivered at most the units its peer's user sent, "
                + "and exactly those below its RCV.NXT", s -> {
                    for (int side = 0; side < 2; side++) {
                        TcpModel.Endpoint me = TcpModel.endpoint(s, side);
                        // The peer's user's SENDs so far (its TCB forgets the units sent once it is CLOSED).
                        if (me.delivered() > sends[1 - side] - TcpModel.endpoint(s, 1 - side).sendsLeft()) {
                            return false;
                        }
                        boolean finReceived = switch (me.state().state()) {
                            case CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
                            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> false;
                        };
                        boolean hasRcvNxt = switch (me.state().state()) {
                            case CLOSED, LISTEN, SYN_SENT -> false;
                            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
                                 TIME_WAIT -> true;
                        };
                        if (hasRcvNxt && me.delivered() != me.rcvNxt() - me.irs() - 1 - (finReceived ? 1 : 0)) {
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

    /** The profile in a composition's name, when it is not RFC 9293's. */
    private static String under(Profile p) {
        return p.equals(Profile.rfc9293()) ? "" : " under " + p.name();
    }

    /** A check's name under profile {@code p}: the RFC 9293 name, with the profile appended for another. */
    private static String named(String name, Profile p) {
        return p.equals(Profile.rfc9293()) ? name : name + "-" + p.name();
    }

    private static TcpModel model(String name, EndpointConfig a, EndpointConfig b, Network n, List<AbstractSegment> toB) {
        return model(name, a, b, n, toB, List.empty());
    }

    private static TcpModel model(String name, EndpointConfig a, EndpointConfig b, Network n, List<AbstractSegment> toB,
                                  List<AbstractSegment> toA) {
        return TcpModel.of(name, a, b, n, toB, toA).getOrElseThrow((String e) -> new IllegalStateException(e));
    }

    /** Theorem 1-2's composition: A opens, B listens, an old duplicate SYN of A's is in flight, delayed. */
    public static TcpModel handshake(TransitionTable passive) {
        return handshake(Profile.rfc9293(), passive);
    }

    /** Theorem 1-2's composition under profile {@code p}; {@code passive} is B's table (p's own, or a variant of it). */
    public static TcpModel handshake(Profile p, TransitionTable passive) {
        Objects.requireNonNull(passive, "passive is null");
        return model("handshake, old duplicate SYN, " + passive.name() + under(p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ACTIVE, A_ISS, 0, EndpointConfig.Close.NEVER, p),
                new EndpointConfig(passive, EndpointConfig.Start.PASSIVE, B_ISS, 0, EndpointConfig.Close.NEVER, p),
                new Network(false, 0, 1, 4), List.of(AbstractSegment.syn(OLD_ISS)));
    }

    /** Theorem 3's composition: an established connection, both users close, the network may lose a segment. */
    public static TcpModel closeWithLoss(TransitionTable table) {
        return closeWithLoss(Profile.rfc9293(), table);
    }

    /** Theorem 3's composition under profile {@code p}, both sides stepping {@code table}. */
    public static TcpModel closeWithLoss(Profile p, TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return model("close with one loss, A closes first, " + table.name() + under(p),
                new EndpointConfig(table, EndpointConfig.Start.ESTABLISHED, A_ISS, 0, EndpointConfig.Close.ACTIVE, p),
                new EndpointConfig(table, EndpointConfig.Start.ESTABLISHED, B_ISS, 0, EndpointConfig.Close.PASSIVE, p),
                new Network(true, 1, 0, 3), List.empty());
    }

    /** Theorem 4's composition: B's user still has data to send when A closes. */
    public static TcpModel halfClose(TransitionTable passive) {
        return halfClose(Profile.rfc9293(), passive);
    }

    /** Theorem 4's composition under profile {@code p}; {@code passive} is B's table. */
    public static TcpModel halfClose(Profile p, TransitionTable passive) {
        Objects.requireNonNull(passive, "passive is null");
        return model("half-close with data, " + passive.name() + under(p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ESTABLISHED, A_ISS, 0, EndpointConfig.Close.ACTIVE, p),
                new EndpointConfig(passive, EndpointConfig.Start.ESTABLISHED, B_ISS, 1, EndpointConfig.Close.PASSIVE, p),
                Network.reliable(3), List.empty());
    }

    /**
     * Theorem 7's composition: an established connection that both users close, over a reordering network, with an
     * off-path attacker's RST in flight towards each side: its sequence number lies inside the receiver's window
     * but is not RCV.NXT at any point of the connection ({@link #BLIND_RST_TO_B} towards B, {@link #BLIND_RST_TO_A}
     * towards A), as a blind attacker who guessed the window but not the exact number would send (RFC 5961 §3).
     */
    public static TcpModel blindReset() {
        return blindReset(Profile.rfc9293());
    }

    /** Theorem 7's composition under profile {@code p}. */
    public static TcpModel blindReset(Profile p) {
        return model("blind RST in the window, both close, " + p.table().name() + under(p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ESTABLISHED, A_ISS, 0, EndpointConfig.Close.ACTIVE, p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ESTABLISHED, B_ISS, 0, EndpointConfig.Close.PASSIVE, p),
                new Network(false, 0, 0, 4), List.of(AbstractSegment.reset(BLIND_RST_TO_B)),
                List.of(AbstractSegment.reset(BLIND_RST_TO_A)));
    }

    /** The blind RST towards B: in B's window (RCV.NXT is A's ISS + 1, or + 2 after A's FIN), never RCV.NXT. */
    public static final int BLIND_RST_TO_B = A_ISS + 8;
    /** The blind RST towards A: in A's window (RCV.NXT is B's ISS + 1, or + 2 after B's FIN), never RCV.NXT. */
    public static final int BLIND_RST_TO_A = B_ISS + 5;

    /**
     * Theorem 8's composition: an established connection; A sends two units and closes, B never closes (so that
     * its ACKs fit the channel), over a network that reorders and may duplicate one segment.
     */
    public static TcpModel dataTransfer(Profile p) {
        return model("two units, reordering, 1 duplicate, " + p.table().name() + under(p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ESTABLISHED, A_ISS, 2, EndpointConfig.Close.ACTIVE, p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ESTABLISHED, B_ISS, 0, EndpointConfig.Close.NEVER, p),
                new Network(false, 0, 1, 4), List.empty(), List.empty());
    }

    /** Theorem 5's composition: both users open actively and both close. */
    public static TcpModel simultaneous() {
        return simultaneous(Profile.rfc9293());
    }

    /** Theorem 5's composition under profile {@code p}. */
    public static TcpModel simultaneous(Profile p) {
        return model("simultaneous open and close, " + p.table().name() + under(p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ACTIVE, A_ISS, 0, EndpointConfig.Close.ACTIVE, p),
                new EndpointConfig(p.table(), EndpointConfig.Start.ACTIVE, B_ISS, 0, EndpointConfig.Close.ACTIVE, p),
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
        return threeWayHandshake(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict threeWayHandshake(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        TcpModel m = handshake(p, p.table()).withInvariants(List.of(noStaleEstablished()));
        return new Verdict(named("theorem-1-three-way-handshake", p),
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
        return twoWayHandshake(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict twoWayHandshake(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        TcpModel m = handshake(p, Variants.twoWayHandshake(p.table())).withInvariants(List.of(noStaleEstablished()));
        return new Verdict(named("theorem-2-two-way-handshake", p),
                "if the passive side counts as ESTABLISHED once it sends SYN,ACK, an old duplicate SYN leaves it "
                        + "ESTABLISHED with a peer that never opened that incarnation (C6)",
                Prediction.REFUTED, "no-stale-established", explore(m, o), List.empty());
    }

    /** Theorem 3: TIME-WAIT re-acknowledges a retransmitted FIN, so the passive closer closes gracefully. */
    public static Verdict timeWait(Options o) {
        return timeWait(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict timeWait(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        TcpModel base = closeWithLoss(p, p.table());
        TcpModel m = base.withInvariants(List.of(noReset(), endsClosed(base)));
        return new Verdict(named("theorem-3-time-wait", p),
                "with the last ACK lost, the passive closer still reaches CLOSED gracefully because TIME-WAIT "
                        + "re-acknowledges the retransmitted FIN (C29, C30)",
                Prediction.HOLDS, "no-reset", explore(m, o),
                List.of(witness(m, "retransmitted FIN re-acknowledged from TIME-WAIT, passive closer CLOSED",
                        s -> TcpModel.endpoint(s, 0).reackedFin() && TcpModel.state(s, 1) == TcpState.CLOSED, o)));
    }

    /** Theorem 3, refuted: without TIME-WAIT the passive closer receives RST. */
    public static Verdict noTimeWait(Options o) {
        return noTimeWait(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict noTimeWait(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        TcpModel base = closeWithLoss(p, Variants.noTimeWait(p.table()));
        TcpModel m = base.withInvariants(List.of(noReset(), endsClosed(base)));
        return new Verdict(named("theorem-3-no-time-wait", p),
                "without TIME-WAIT a retransmitted FIN meets a closed endpoint and the passive closer receives "
                        + "RST (C32)",
                Prediction.REFUTED, "no-reset", explore(m, o), List.empty());
    }

    /** Theorem 4: the four-way close lets the passive side send during the half-close. */
    public static Verdict fourWayClose(Options o) {
        return fourWayClose(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict fourWayClose(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        TcpModel base = halfClose(p, p.table());
        TcpModel m = base.withInvariants(List.of(noSendRefused(), dataDelivered(base), endsClosed(base)));
        return new Verdict(named("theorem-4-four-way-close", p),
                "the passive side sends what it still has during the half-close and every unit is delivered "
                        + "(C7, C25)",
                Prediction.HOLDS, "no-send-refused", explore(m, o),
                List.of(witness(m, "data sent from CLOSE-WAIT", s -> TcpModel.state(s, 1) == TcpState.CLOSE_WAIT
                        && TcpModel.endpoint(s, 1).sent() == 1, o)));
    }

    /** Theorem 4, refuted: merging the ACK and FIN loses the data of the half-close. */
    public static Verdict mergedClose(Options o) {
        return mergedClose(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict mergedClose(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        TcpModel base = halfClose(p, Variants.mergedClose(p.table()));
        TcpModel m = base.withInvariants(List.of(noSendRefused(), dataDelivered(base)));
        return new Verdict(named("theorem-4-merged-close", p),
                "if the passive side always merges its ACK and FIN, the data its user still had to send is "
                        + "refused (C7, C25)",
                Prediction.REFUTED, "no-send-refused", explore(m, o), List.empty());
    }

    /** Theorem 5: simultaneous open and close reach ESTABLISHED, then TIME-WAIT and CLOSED, on both sides. */
    public static Verdict simultaneousOpenAndClose(Options o) {
        return simultaneousOpenAndClose(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict simultaneousOpenAndClose(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        TcpModel base = simultaneous(p);
        TcpModel m = base.withInvariants(List.of(endsClosed(base)));
        return new Verdict(named("theorem-5-simultaneous-open-and-close", p),
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
        return blindResetResisted(o, Profile.rfc9293(), ArrivalFunction.REFERENCE);
    }

    /** The same check under profile {@code p}. */
    public static Verdict blindResetResisted(Options o, Profile p) {
        return blindResetResisted(o, p, ArrivalFunction.REFERENCE);
    }

    /**
     * Theorem 7 with {@code arrival} processing the arriving segments in place of the reference semantics: with a
     * rule of §3.10.7 changed, the theorem may fail, which shows it rests on that rule.
     */
    public static Verdict blindResetResisted(Options o, Profile p, ArrivalFunction arrival) {
        Objects.requireNonNull(p, "p is null");
        Objects.requireNonNull(arrival, "arrival is null");
        TcpModel base = blindReset(p).withArrival(arrival);
        TcpModel m = base.withInvariants(List.of(noBlindReset(), endsClosed(base)));
        return new Verdict(named("theorem-7-blind-reset", p),
                "an off-path RST with an in-window sequence number other than RCV.NXT never resets either side; "
                        + "it draws a challenge ACK and both sides still end CLOSED (RFC 5961 §3.2, RFC 9293 "
                        + "§3.10.7.4)",
                Prediction.HOLDS, "no-blind-reset", explore(m, o),
                List.of(witness(m, "challenge ACK sent for the blind RST", s -> TcpModel.inFlight(s, 0)
                        .exists(g -> g.ack() && !g.rst() && !g.fin() && TcpModel.state(s, 1) == TcpState.ESTABLISHED
                                && TcpModel.inFlight(s, 1).isEmpty()), o)));
    }

    /**
     * Theorem 8: over a network that reorders and duplicates, no data unit is delivered twice or out of
     * order, and every unit sent is delivered.
     */
    public static Verdict dataExactlyOnce(Options o) {
        return dataExactlyOnce(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict dataExactlyOnce(Options o, Profile p) {
        return dataExactlyOnce(o, p, ArrivalFunction.REFERENCE);
    }

    /** Theorem 8 with {@code arrival} processing the arriving segments in place of the reference semantics. */
    public static Verdict dataExactlyOnce(Options o, Profile p, ArrivalFunction arrival) {
        Objects.requireNonNull(p, "p is null");
        Objects.requireNonNull(arrival, "arrival is null");
        TcpModel base = dataTransfer(p).withArrival(arrival);
        TcpModel m = base.withInvariants(List.of(dataInOrderOnce(base), dataDelivered(base)));
        return new Verdict(named("theorem-8-data-in-order-once", p),
                "over a network that reorders and duplicates, each side delivers the units its peer sent "
                        + "once each, in order, and all of them (RFC 9293 §3.10.7.4 seventh)",
                Prediction.HOLDS, "data-in-order-once", explore(m, o), List.empty());
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
        return establishedTogether(o, Profile.rfc9293());
    }

    /** The same check under profile {@code p}. */
    public static Verdict establishedTogether(Options o, Profile p) {
        Objects.requireNonNull(p, "p is null");
        ExplorationResult tla = explore(new TlaTcpProfile(), o);
        TcpModel m = simultaneous(p).withInvariants(List.of(establishedTogether()));
        ExplorationResult ours = explore(m, o);
        ExplorationResult both = new ExplorationResult("TLA+ MCtcp and " + m.name(), tla.distinct() + ours.distinct(),
                tla.generated() + ours.generated(), Math.max(tla.depth(), ours.depth()),
                tla.complete() && ours.complete(), ours.bytesPerState(), tla.visitedBytes() + ours.visitedBytes(),
                tla.violations().appendAll(ours.violations()));
        return new Verdict(named("theorem-6-established-together", p),
                "when no segment is in flight, one side is ESTABLISHED exactly when the other is (the TLA+ TCP "
                        + "spec's invariant)",
                Prediction.HOLDS, "established-together", both, List.empty());
    }

    /** The seeds' checks (theorems 1 to 6 with their refuted variants) under RFC 9293's profile, in order. */
    public static List<Verdict> all(Options o) {
        return all(o, Profile.rfc9293());
    }

    /** The seeds' checks under profile {@code p}, in order. */
    public static List<Verdict> all(Options o, Profile p) {
        Objects.requireNonNull(o, "o is null");
        Objects.requireNonNull(p, "p is null");
        return List.of(threeWayHandshake(o, p), twoWayHandshake(o, p), timeWait(o, p), noTimeWait(o, p),
                fourWayClose(o, p), mergedClose(o, p), simultaneousOpenAndClose(o, p), establishedTogether(o, p));
    }
}
