package io.github.tcpmodel.check.semantic;

import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Invariant;
import io.github.tcpmodel.check.Model;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.check.tcp.ArrivalFunction;
import io.github.tcpmodel.check.tcp.Theorems.Prediction;
import io.github.tcpmodel.check.tcp.Theorems.Verdict;
import io.github.tcpmodel.check.tcp.Theorems.Witness;
import io.github.tcpmodel.check.tla.TlaTcpProfile;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The theorems restated on the {@link SemanticModel}: each endpoint a reference {@link io.github.tcpmodel.tcb.Tcb}
 * stepped by all of the semantics, with 32-bit sequence numbers that wrap during the run, data, small windows and
 * timers. Each check is a named invariant (or liveness, which every check includes: from every reachable state a
 * quiescent end state is reachable) with the verdict RFC 9293 predicts; the broken variants are refuted with
 * shortest counterexamples. Every check runs under a {@link Profile}.
 *
 * <p>A's ISS is {@link #A_ISS}, 2^32 - 2, so that A's SYN, its data and its FIN cross the wrap from 2^32 - 1 to 0;
 * the previous incarnation of A used {@link #OLD_ISS}; B's ISS is {@link #B_ISS}, 2^31 - 1, so that B's sequence
 * space crosses the half-way point of the circle.
 */
public final class SemanticTheorems {

    /** A's ISS: 2^32 - 2. */
    public static final long A_ISS = SeqNum.MODULUS - 2;
    /** The ISS of A's previous incarnation, whose SYN is an old duplicate: four below A's. */
    public static final long OLD_ISS = SeqNum.MODULUS - 6;
    /** B's ISS: 2^31 - 1. */
    public static final long B_ISS = SeqNum.HALF - 1;

    private SemanticTheorems() {
    }

    // ---------------------------------------------------------------- properties

    /** No side is synchronized with a peer that never opened that incarnation (IRS = the peer's ISS). */
    public static Invariant noStaleEstablished(SemanticModel m) {
        return new Invariant("no-stale-established", "a side in ESTABLISHED or a later state has IRS equal to the "
                + "ISS of the peer's current incarnation, which the peer has opened", s -> {
                    SemanticModel.World w = m.view(s);
                    SemanticEndpoint[] e = {m.a(), m.b()};
                    for (int side = 0; side < 2; side++) {
                        if (synchronizedAfterHandshake(w.state(side))
                                && (w.tcb(side).rcv().irs().value() != e[1 - side].iss() || !w.opened(1 - side))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private static boolean synchronizedAfterHandshake(TcpState s) {
        return switch (s) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED -> false;
        };
    }

    /** Neither side's connection is ended by a RST. */
    public static Invariant noReset(SemanticModel m) {
        return new Invariant("no-reset", "neither side's connection is reset", s -> {
            SemanticModel.World w = m.view(s);
            return !w.reset(0) && !w.reset(1);
        });
    }

    /**
     * A side's connection is reset only once its peer is CLOSED: only a RST the peer sends from CLOSED (RFC 9293
     * §3.10.7.1), never an off-path one, ends it.
     */
    public static Invariant noBlindReset(SemanticModel m) {
        return new Invariant("no-blind-reset", "a side is reset only when its peer is CLOSED", s -> {
            SemanticModel.World w = m.view(s);
            for (int side = 0; side < 2; side++) {
                if (w.reset(side) && w.state(1 - side) != TcpState.CLOSED) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * No octet is delivered twice or out of order: while a side has a receive sequence, the octets its user has
     * received plus those awaiting RECEIVE are exactly the octets below RCV.NXT (RCV.NXT - IRS - 1, less one for
     * the peer's FIN), which are at most the octets the peer's user has SENT. The octets carry no payload, so order
     * is checked through the sequence space: an octet counts only once RCV.NXT has passed it.
     */
    public static Invariant dataInOrderOnce(SemanticModel m) {
        int[] sends = {m.a().sends(), m.b().sends()};
        return new Invariant("data-in-order-once", "each side has taken in order at most the octets its peer's user "
                + "sent, and its user has received or can RECEIVE exactly those below RCV.NXT", s -> {
                    SemanticModel.World w = m.view(s);
                    for (int side = 0; side < 2; side++) {
                        if (w.received(side) > sends[1 - side] - w.sendsLeft(1 - side)) {
                            return false;
                        }
                        if (synchronizedAfterHandshake(w.state(side))
                                && w.delivered(side) + w.tcb(side).undelivered() != w.received(side)) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** Every quiescent end state has both sides CLOSED. */
    public static Invariant endsClosed(Model m) {
        return new Invariant("ends-closed", "in every quiescent end state both sides are CLOSED",
                s -> !m.quiescent(s) || ((SemanticModel) m).view(s).state(0) == TcpState.CLOSED
                        && ((SemanticModel) m).view(s).state(1) == TcpState.CLOSED);
    }

    /** No SEND made before the user's own CLOSE is refused. */
    public static Invariant noSendRefused(SemanticModel m) {
        return new Invariant("no-send-refused", "no SEND its user made before its own CLOSE is refused with "
                + "\"connection closing\"", s -> {
                    SemanticModel.World w = m.view(s);
                    return !w.sendRefused(0) && !w.sendRefused(1);
                });
    }

    /** In every quiescent end state each side has taken in order all the octets the other side's user sent. */
    public static Invariant dataDelivered(SemanticModel m) {
        return new Invariant("data-delivered", "in every quiescent end state each side has taken in order every "
                + "octet the other side's user sent", s -> {
                    if (!m.quiescent(s)) {
                        return true;
                    }
                    SemanticModel.World w = m.view(s);
                    return w.received(0) == m.b().sends() && w.received(1) == m.a().sends();
                });
    }

    /** With nothing in flight, one side is ESTABLISHED exactly when the other is (the TLA+ spec's Inv). */
    public static Invariant establishedTogether(SemanticModel m) {
        return new Invariant("established-together", "when no segment is in flight, one side is ESTABLISHED "
                + "exactly when the other is", s -> {
                    SemanticModel.World w = m.view(s);
                    return !w.networkEmpty()
                            || (w.state(0) == TcpState.ESTABLISHED) == (w.state(1) == TcpState.ESTABLISHED);
                });
    }

    // ---------------------------------------------------------------- compositions

    private static String under(Profile p) {
        return p.equals(Profile.rfc9293()) ? "" : " under " + p.name();
    }

    private static String named(String name, Profile p) {
        return p.equals(Profile.rfc9293()) ? name : name + "-" + p.name();
    }

    private static SemanticEndpoint endpoint(Profile p, SemanticEndpoint.Opening o, long iss, int sends,
                                             SemanticEndpoint.Closing c) {
        return SemanticEndpoint.of(p, o, iss, sends, c);
    }

    /** Theorem 1-2's composition: A opens, B listens, an old duplicate SYN of A's is in flight, delayed. */
    public static SemanticModel handshake(Profile p, SemanticVariant passive) {
        Objects.requireNonNull(passive, "passive is null");
        return SemanticModel.of("semantics: handshake, old duplicate SYN, " + passive + under(p),
                endpoint(p, SemanticEndpoint.Opening.ACTIVE, A_ISS, 0, SemanticEndpoint.Closing.NEVER),
                endpoint(p, SemanticEndpoint.Opening.PASSIVE, B_ISS, 0, SemanticEndpoint.Closing.NEVER).with(passive),
                new SemanticNetwork(true, 0, 1, 4), List.of(oldSyn(p)), List.empty());
    }

    /** The old duplicate SYN of A's previous incarnation, as A's profile forms a SYN. */
    static Segment oldSyn(Profile p) {
        return Segment.of(SeqNum.of(OLD_ISS), Control.SYN).withWindow(p.receiveWindow()).withMss(p.mss());
    }

    /**
     * Theorem 3's composition: an established connection, both users close (A first), the network may lose one
     * segment; A's profile is {@code pa} (a shorter TIME-WAIT, say) and both run {@code variant}.
     */
    public static SemanticModel closeWithLoss(Profile p, Profile pa, SemanticVariant variant) {
        return SemanticModel.of("semantics: close with one loss, A closes first, " + variant + under(pa),
                endpoint(pa, SemanticEndpoint.Opening.ESTABLISHED, A_ISS, 0, SemanticEndpoint.Closing.ACTIVE)
                        .with(variant),
                endpoint(p, SemanticEndpoint.Opening.ESTABLISHED, B_ISS, 0, SemanticEndpoint.Closing.PASSIVE)
                        .with(variant),
                new SemanticNetwork(false, 1, 0, 3), List.empty(), List.empty());
    }

    /**
     * Theorem 4's composition: B's user still has two octets to send when A closes; A's window is three octets and
     * its MSS one, so B's octets go one a segment, fill the window up to its edge, and A's user RECEIVEs them.
     */
    public static SemanticModel halfClose(Profile p, SemanticVariant passive) {
        Profile small = p.withReceiveWindow(3).withMss(1);
        return SemanticModel.of("semantics: half-close with data, " + passive + under(p),
                endpoint(small, SemanticEndpoint.Opening.ESTABLISHED, A_ISS, 0, SemanticEndpoint.Closing.ACTIVE)
                        .receiving(true),
                endpoint(small, SemanticEndpoint.Opening.ESTABLISHED, B_ISS, 2, SemanticEndpoint.Closing.PASSIVE)
                        .receiving(true).with(passive),
                SemanticNetwork.reliable(4), List.empty(), List.empty());
    }

    /** Theorem 5's composition: both users open actively with the same ISS and both close; symmetric. */
    public static SemanticModel simultaneous(Profile p) {
        SemanticEndpoint e = endpoint(p, SemanticEndpoint.Opening.ACTIVE, A_ISS, 0, SemanticEndpoint.Closing.ACTIVE);
        return SemanticModel.of("semantics: simultaneous open and close" + under(p), e, e,
                SemanticNetwork.reliable(3), List.empty(), List.empty());
    }

    /** The blind RST towards B: in B's window, never B's RCV.NXT (A's ISS + 1 or + 2). */
    public static final long BLIND_RST_TO_B = (A_ISS + 8) % SeqNum.MODULUS;
    /** The blind RST towards A: in A's window, never A's RCV.NXT (B's ISS + 1 or + 2). */
    public static final long BLIND_RST_TO_A = B_ISS + 5;

    /** Theorem 7's composition: both close over a reordering network, an off-path RST in flight to each side. */
    public static SemanticModel blindReset(Profile p) {
        return SemanticModel.of("semantics: blind RST in the window, both close" + under(p),
                endpoint(p, SemanticEndpoint.Opening.ESTABLISHED, A_ISS, 0, SemanticEndpoint.Closing.ACTIVE),
                endpoint(p, SemanticEndpoint.Opening.ESTABLISHED, B_ISS, 0, SemanticEndpoint.Closing.PASSIVE),
                new SemanticNetwork(true, 0, 0, 4), List.of(Segment.of(SeqNum.of(BLIND_RST_TO_B), Control.RST)),
                List.of(Segment.of(SeqNum.of(BLIND_RST_TO_A), Control.RST)));
    }

    /**
     * Theorem 8's composition: A's user sends two octets and closes, B's receive window is three octets and its
     * MSS one, B's user RECEIVEs, B never closes; the network reorders and may duplicate one segment, and B may
     * delay its ACKs.
     */
    public static SemanticModel dataTransfer(Profile p) {
        Profile small = p.withReceiveWindow(3).withMss(1);
        return SemanticModel.of("semantics: two octets, window 3, reordering, 1 duplicate" + under(p),
                endpoint(small, SemanticEndpoint.Opening.ESTABLISHED, A_ISS, 2, SemanticEndpoint.Closing.ACTIVE),
                endpoint(small, SemanticEndpoint.Opening.ESTABLISHED, B_ISS, 0, SemanticEndpoint.Closing.NEVER)
                        .receiving(true).delayingAcks(true),
                new SemanticNetwork(true, 0, 1, 4), List.empty(), List.empty());
    }

    // ---------------------------------------------------------------- the checks

    private static Witness witness(Model m, String name, Predicate<long[]> goal, Options o) {
        return new Witness(name, Explorer.reach(m, name, goal, o));
    }

    private static ExplorationResult explore(Model m, Options o) {
        return Explorer.check(m, o.withCheckpointSubfolder(m.name().replaceAll("[^A-Za-z0-9.-]+", "-")),
                Progress.SILENT);
    }

    /** Theorem 1 on the semantics: the three-way handshake rejects an old duplicate SYN (C6). */
    public static Verdict threeWayHandshake(Options o, Profile p) {
        SemanticModel base = handshake(p, SemanticVariant.NONE);
        SemanticModel m = base.withInvariants(List.of(noStaleEstablished(base)));
        return new Verdict(named("semantic-theorem-1-three-way-handshake", p),
                "with an old duplicate SYN delayed and duplicated and ISNs across the wrap, no side is synchronized "
                        + "with a peer that never opened that incarnation (C6)",
                Prediction.HOLDS, "no-stale-established", explore(m, o),
                List.of(witness(m, "stale SYN,ACK answered with RST", s -> {
                    SemanticModel.World w = m.view(s);
                    return w.state(0) == TcpState.SYN_SENT && w.towards(1).exists(g -> g.rst()
                            && g.seq().value() == (OLD_ISS + 1) % SeqNum.MODULUS);
                }, o), witness(m, "both ESTABLISHED", s -> {
                    SemanticModel.World w = m.view(s);
                    return w.state(0) == TcpState.ESTABLISHED && w.state(1) == TcpState.ESTABLISHED;
                }, o)));
    }

    /** Theorem 2 on the semantics: a two-way handshake opens a half-open connection from an old duplicate SYN. */
    public static Verdict twoWayHandshake(Options o, Profile p) {
        SemanticModel base = handshake(p, SemanticVariant.TWO_WAY_HANDSHAKE);
        SemanticModel m = base.withInvariants(List.of(noStaleEstablished(base)));
        return new Verdict(named("semantic-theorem-2-two-way-handshake", p),
                "if the passive side counts as ESTABLISHED once it sends SYN,ACK, an old duplicate SYN leaves it "
                        + "ESTABLISHED with a peer that never opened that incarnation (C6)",
                Prediction.REFUTED, "no-stale-established", explore(m, o), List.empty());
    }

    /**
     * Theorem 3 on the semantics: TIME-WAIT re-acknowledges a retransmitted FIN, so the passive closer closes
     * gracefully. Under a profile whose 2 MSL is shorter than the peer's retransmission schedule (Linux: 60 s
     * against 15 retries), TIME-WAIT can end before the peer's last retransmission of its FIN, which then meets
     * CLOSED and draws a RST: the verdict predicted for such a profile is that counterexample.
     */
    public static Verdict timeWait(Options o, Profile p) {
        SemanticModel base = closeWithLoss(p, p, SemanticVariant.NONE);
        SemanticModel m = base.withInvariants(List.of(noReset(base), endsClosed(base)));
        boolean outlasts = p.timeWait() >= SemanticModel.retransmissionSpan(p);
        return new Verdict(named("semantic-theorem-3-time-wait", p), outlasts
                ? "with the last ACK lost, the passive closer still reaches CLOSED gracefully because TIME-WAIT "
                        + "re-acknowledges the retransmitted FIN (C29, C30)"
                : "TIME-WAIT (" + p.timeWait() / 1000 + " s) is shorter than the peer's retransmission schedule ("
                        + SemanticModel.retransmissionSpan(p) / 1000 + " s): a FIN retransmitted after it ends draws "
                        + "a RST (a departure from RFC 9293 §3.6.1's 2 MSL, shown with its counterexample)",
                outlasts ? Prediction.HOLDS : Prediction.REFUTED, "no-reset", explore(m, o),
                outlasts ? List.of(witness(m, "retransmitted FIN re-acknowledged from TIME-WAIT, passive closer CLOSED",
                        s -> m.view(s).reackedFin(0) && m.view(s).state(1) == TcpState.CLOSED, o)) : List.empty());
    }

    /** Theorem 3 refuted on the semantics: without TIME-WAIT the passive closer receives RST. */
    public static Verdict noTimeWait(Options o, Profile p) {
        SemanticModel base = closeWithLoss(p, p, SemanticVariant.NO_TIME_WAIT);
        SemanticModel m = base.withInvariants(List.of(noReset(base), endsClosed(base)));
        return new Verdict(named("semantic-theorem-3-no-time-wait", p),
                "without TIME-WAIT a retransmitted FIN meets a closed endpoint and the passive closer receives "
                        + "RST (C32)",
                Prediction.REFUTED, "no-reset", explore(m, o), List.empty());
    }

    /** Theorem 3 refuted on the semantics: a TIME-WAIT shorter than the peer's retransmissions lets a RST through. */
    public static Verdict shortTimeWait(Options o, Profile p) {
        Profile shorter = p.withTimeWait(Math.max(1, SemanticModel.retransmissionSpan(p) / 2)).named(p.name()
                + "-short-time-wait");
        SemanticModel base = closeWithLoss(p, shorter, SemanticVariant.NONE);
        SemanticModel m = base.withInvariants(List.of(noReset(base), endsClosed(base)));
        return new Verdict(named("semantic-theorem-3-short-time-wait", p),
                "with TIME-WAIT shorter than the peer's retransmission schedule, a retransmitted FIN can arrive "
                        + "after TIME-WAIT has ended and the passive closer receives RST (C29)",
                Prediction.REFUTED, "no-reset", explore(m, o), List.empty());
    }

    /** Theorem 4 on the semantics: the four-way close lets the passive side send during the half-close. */
    public static Verdict fourWayClose(Options o, Profile p) {
        SemanticModel base = halfClose(p, SemanticVariant.NONE);
        SemanticModel m = base.withInvariants(List.of(noSendRefused(base), dataDelivered(base), endsClosed(base)));
        return new Verdict(named("semantic-theorem-4-four-way-close", p),
                "the passive side sends what it still has during the half-close, up to the edge of the peer's "
                        + "window, and every octet is delivered (C7, C25)",
                Prediction.HOLDS, "no-send-refused", explore(m, o),
                List.of(witness(m, "data sent from CLOSE-WAIT", s -> {
                    SemanticModel.World w = m.view(s);
                    return w.state(1) == TcpState.CLOSE_WAIT && w.sendsLeft(1) == 0 && w.received(0) == 2;
                }, o), witness(m, "the peer's window full", s -> {
                    SemanticModel.World w = m.view(s);
                    return w.state(0) != TcpState.CLOSED && w.tcb(1).state().state() != TcpState.CLOSED
                            && w.tcb(1).snd().usable() == 0 && w.tcb(1).snd().wnd() > 0;
                }, o)));
    }

    /** Theorem 4 refuted on the semantics: merging the ACK and FIN refuses the data of the half-close. */
    public static Verdict mergedClose(Options o, Profile p) {
        SemanticModel base = halfClose(p, SemanticVariant.MERGED_CLOSE);
        SemanticModel m = base.withInvariants(List.of(noSendRefused(base), dataDelivered(base)));
        return new Verdict(named("semantic-theorem-4-merged-close", p),
                "if the passive side always merges its ACK and FIN, the data its user still had to send is "
                        + "refused (C7, C25)",
                Prediction.REFUTED, "no-send-refused", explore(m, o), List.empty());
    }

    /** Theorem 5 on the semantics: simultaneous open and close reach ESTABLISHED, TIME-WAIT and CLOSED. */
    public static Verdict simultaneousOpenAndClose(Options o, Profile p) {
        SemanticModel base = simultaneous(p);
        SemanticModel m = base.withInvariants(List.of(endsClosed(base)));
        return new Verdict(named("semantic-theorem-5-simultaneous-open-and-close", p),
                "simultaneous open reaches ESTABLISHED on both sides through SYN-RECEIVED; simultaneous close "
                        + "reaches TIME-WAIT through CLOSING, then CLOSED, on both sides (C13, C23)",
                Prediction.HOLDS, "ends-closed", explore(m, o),
                List.of(witness(m, "both SYN-RECEIVED", s -> both(m, s, TcpState.SYN_RECEIVED), o),
                        witness(m, "both ESTABLISHED", s -> both(m, s, TcpState.ESTABLISHED), o),
                        witness(m, "both CLOSING", s -> both(m, s, TcpState.CLOSING), o),
                        witness(m, "both TIME-WAIT", s -> both(m, s, TcpState.TIME_WAIT), o),
                        witness(m, "both CLOSED after both closed", s -> both(m, s, TcpState.CLOSED)
                                && m.view(s).closeCalled(0) && m.view(s).closeCalled(1), o)));
    }

    private static boolean both(SemanticModel m, long[] s, TcpState st) {
        SemanticModel.World w = m.view(s);
        return w.state(0) == st && w.state(1) == st;
    }

    /**
     * Theorem 6 on the semantics: with nothing in flight, one side is ESTABLISHED exactly when the other is; on the
     * TLA+ spec's own model (its counts are TLC's) and on theorem 5's composition.
     */
    public static Verdict establishedTogether(Options o, Profile p) {
        ExplorationResult tla = explore(new TlaTcpProfile(), o);
        SemanticModel base = simultaneous(p);
        SemanticModel m = base.withInvariants(List.of(establishedTogether(base)));
        ExplorationResult ours = explore(m, o);
        ExplorationResult both = new ExplorationResult("TLA+ MCtcp and " + m.name(), tla.distinct() + ours.distinct(),
                tla.generated() + ours.generated(), Math.max(tla.depth(), ours.depth()),
                tla.complete() && ours.complete(), ours.bytesPerState(), tla.visitedBytes() + ours.visitedBytes(),
                tla.violations().appendAll(ours.violations()));
        return new Verdict(named("semantic-theorem-6-established-together", p),
                "when no segment is in flight, one side is ESTABLISHED exactly when the other is (the TLA+ TCP "
                        + "spec's invariant)",
                Prediction.HOLDS, "established-together", both, List.empty());
    }

    /** Theorem 7 on the semantics: RFC 5961 §3.2's resistance to a blind RST. */
    public static Verdict blindResetResisted(Options o, Profile p) {
        return blindResetResisted(o, p, ArrivalFunction.REFERENCE);
    }

    /** Theorem 7 with {@code arrival} in place of the reference semantics' SEGMENT ARRIVES. */
    public static Verdict blindResetResisted(Options o, Profile p, ArrivalFunction arrival) {
        SemanticModel base = blindReset(p).withArrival(arrival);
        SemanticModel m = base.withInvariants(List.of(noBlindReset(base), endsClosed(base)));
        return new Verdict(named("semantic-theorem-7-blind-reset", p),
                "an off-path RST with an in-window sequence number other than RCV.NXT never resets either side; "
                        + "it draws a challenge ACK and both sides still end CLOSED (RFC 5961 §3.2, RFC 9293 "
                        + "§3.10.7.4)",
                Prediction.HOLDS, "no-blind-reset", explore(m, o), List.empty());
    }

    /** Theorem 8 on the semantics: no octet is delivered twice or out of order, and all are delivered. */
    public static Verdict dataExactlyOnce(Options o, Profile p) {
        return dataExactlyOnce(o, p, ArrivalFunction.REFERENCE);
    }

    /** Theorem 8 with {@code arrival} in place of the reference semantics' SEGMENT ARRIVES. */
    public static Verdict dataExactlyOnce(Options o, Profile p, ArrivalFunction arrival) {
        SemanticModel base = dataTransfer(p).withArrival(arrival);
        SemanticModel m = base.withInvariants(List.of(dataInOrderOnce(base), dataDelivered(base)));
        return new Verdict(named("semantic-theorem-8-data-in-order-once", p),
                "over a network that reorders and duplicates, with a three-octet window, delayed ACKs and sequence "
                        + "numbers across the wrap, each side takes the octets its peer sent once each, in order, and "
                        + "all of them (RFC 9293 §3.10.7.4 seventh)",
                Prediction.HOLDS, "data-in-order-once", explore(m, o), List.empty());
    }

    /** Every check on the semantics-based model under profile {@code p}, in order. */
    public static List<Verdict> all(Options o, Profile p) {
        return List.of(threeWayHandshake(o, p), twoWayHandshake(o, p), timeWait(o, p), noTimeWait(o, p),
                shortTimeWait(o, p), fourWayClose(o, p), mergedClose(o, p), simultaneousOpenAndClose(o, p),
                establishedTogether(o, p), blindResetResisted(o, p), dataExactlyOnce(o, p));
    }
}
