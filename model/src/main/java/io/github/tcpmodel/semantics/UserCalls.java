package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The user calls of RFC 9293 §3.10.1 - §3.10.6: OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS. Every state is listed in
 * each switch without a default, so a new state breaks the build. Bad arguments (a negative count, an active
 * OPEN without a remote socket where one is needed) are error values, not steps; they are checked where the RFC
 * checks them, after the state.
 */
public final class UserCalls {

    private UserCalls() {
    }

    private static final ConnectionState CLOSED = ConnectionState.of(TcpState.CLOSED);
    private static final ConnectionState SYN_SENT = ConnectionState.of(TcpState.SYN_SENT);

    /**
     * OPEN (§3.10.1). {@code passive} selects LISTEN; an active OPEN in CLOSED or LISTEN needs {@code
     * remoteSpecified} ("error: remote socket unspecified", an error value) and sends {@code <SEQ=ISS><CTL=SYN>} with
     * {@code iss}. In every other state the answer is "error: connection already exists", whatever the arguments. A
     * passive OPEN with the remote socket specified lets a later SEND make the connection active (§3.10.2).
     */
    public static Either<String, Step> open(Profile p, Tcb t, boolean passive, boolean remoteSpecified,
                                            Option<Long> userTimeout, SeqNum iss, long now) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(userTimeout, "userTimeout is null");
        Objects.requireNonNull(iss, "iss is null");
        Event e = passive ? Event.PASSIVE_OPEN : Event.ACTIVE_OPEN;
        if (userTimeout.exists(u -> u <= 0)) {
            return Either.left("user timeout must be positive: " + userTimeout.get());
        }
        boolean unspecified = !passive && !remoteSpecified;
        Option<Long> ut = userTimeout.orElse(p.userTimeout());
        return OptionStamp.stamp(p, t, now, switch (t.tcpState()) {
            case CLOSED, LISTEN -> unspecified ? Either.left("error: remote socket unspecified")
                    : Either.right(openFrom(p, t, passive, remoteSpecified, ut, iss, now, e));
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
                    TIME_WAIT -> Either.right(refused(t, Notice.CONNECTION_ALREADY_EXISTS, e, "§3.10.1"));
        });
    }

    private static Step openFrom(Profile p, Tcb t, boolean passive, boolean remoteSpecified, Option<Long> ut,
                                 SeqNum iss, long now, Event e) {
        return switch (t.tcpState()) {
            case CLOSED -> passive
                    ? Step.of(listening(p, ut, remoteSpecified, now), List.empty(), List.of(Notice.OK), e,
                            "§3.10.1 CLOSED: create a TCB and enter LISTEN")
                    : activeOpen(p, listening(p, ut, true, now), iss, now, e,
                            "§3.10.1 CLOSED: active OPEN sends <SEQ=ISS><CTL=SYN> and enters SYN-SENT");
            case LISTEN -> passive
                    ? refused(t, Notice.CONNECTION_ALREADY_EXISTS, e, "§3.10.1")
                    : activeOpen(p, listening(p, ut, true, now), iss, now, e,
                            "§3.10.1 LISTEN: the connection changes from passive to active");
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
                    TIME_WAIT -> refused(t, Notice.CONNECTION_ALREADY_EXISTS, e, "§3.10.1");
        };
    }

    /** A TCB in LISTEN, as after a passive OPEN (also what SYN-RECEIVED returns to on a RST, Note 1). */
    static Tcb listening(Profile p, Option<Long> userTimeout, boolean remoteSpecified, long now) {
        Tcb t = Tcb.opened(ConnectionState.of(TcpState.LISTEN), userTimeout, remoteSpecified, p.initialRto(), now);
        return t.withRcv(t.rcv().withWnd(p.receiveWindow()));
    }

    private static Step activeOpen(Profile p, Tcb base, SeqNum iss, long now, Event e, String rule) {
        Tcb t = base.withState(SYN_SENT).withSnd(SendVars.afterSyn(iss, p.defaultSendMss()))
                .withRcv(new ReceiveVars(SeqNum.ZERO, SeqNum.ZERO, p.receiveWindow(), SeqNum.ZERO));
        Segment syn = Out.syn(p, t);
        t = Timers.normalize(p, t.withRetransmission(List.of(syn)), now);
        return Step.of(t, List.of(syn), List.of(Notice.OK), e, rule);
    }

    /**
     * SEND of {@code octets} (§3.10.2). In LISTEN with the remote socket specified it sends a SYN with {@code iss}
     * and queues the data; in SYN-SENT and SYN-RECEIVED it queues; in ESTABLISHED and CLOSE-WAIT it queues and
     * segmentizes as {@code choices} say (each segment checked against the MSS and the peer's window).
     */
    public static Either<String, Step> send(Profile p, Tcb t, long octets, SeqNum iss, long now, Choices choices) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(iss, "iss is null");
        Objects.requireNonNull(choices, "choices is null");
        if (octets < 0) {
            return Either.left("SEND of a negative number of octets: " + octets);
        }
        String rule = "§3.10.2 " + t.tcpState().rfcName();
        return OptionStamp.stamp(p, t, now, switch (t.tcpState()) {
            case CLOSED -> Either.right(refused(t, Notice.CONNECTION_DOES_NOT_EXIST, Event.SEND, rule));
            case LISTEN -> {
                if (!t.remoteSpecified()) {
                    yield Either.left("error: remote socket unspecified");
                }
                Step open = activeOpen(p, t, iss, now, Event.SEND,
                        rule + ": the remote socket is specified: the connection changes from passive to active");
                yield Either.right(new Step(open.tcb().withSendQueue(octets), open.sent(), open.told(), 0,
                        open.projection(), open.rule()));
            }
            case SYN_SENT, SYN_RECEIVED -> Either.right(Step.of(t.withSendQueue(t.sendQueue() + octets),
                    List.empty(), List.of(Notice.QUEUED), Event.SEND, rule + ": queued until ESTABLISHED"));
            case ESTABLISHED, CLOSE_WAIT -> Emission.segmentize(p, t.withSendQueue(t.sendQueue() + octets), now,
                    choices, rule + ": segmentize and send with a piggybacked ACK");
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT ->
                    Either.right(refused(t, Notice.ERROR_CONNECTION_CLOSING, Event.SEND, rule));
        });
    }

    /**
     * RECEIVE of at most {@code max} octets (§3.10.3). Returns what is on hand (opening the receive window by as
     * much), queues the request when nothing is, and answers "error: connection closing" in CLOSE-WAIT once
     * nothing is left.
     */
    public static Either<String, Step> receive(Profile p, Tcb t, long max, long now) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        if (max < 0) {
            return Either.left("RECEIVE of a negative number of octets: " + max);
        }
        String rule = "§3.10.3 " + t.tcpState().rfcName();
        return Either.right(switch (t.tcpState()) {
            case CLOSED -> refused(t, Notice.CONNECTION_DOES_NOT_EXIST, Event.RECEIVE, rule);
            case LISTEN, SYN_SENT -> Step.of(t, List.empty(), List.of(Notice.QUEUED), Event.RECEIVE,
                    rule + ": queued until ESTABLISHED");
            // Text on hand in SYN-RECEIVED is the text of a SYN whose Fast Open cookie was valid: RFC 7413 §4.2.2
            // hands it to the application at once, before the handshake completes.
            case SYN_RECEIVED -> t.undelivered() == 0
                    ? Step.of(t, List.empty(), List.of(Notice.QUEUED), Event.RECEIVE, rule + ": queued until ESTABLISHED")
                    : deliver(t, max, rule + ": text accepted with a Fast Open SYN (RFC 7413 §4.2.2)");
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> t.undelivered() == 0
                    ? Step.of(t, List.empty(), List.of(Notice.QUEUED), Event.RECEIVE, rule + ": queued")
                    : deliver(t, max, rule);
            case CLOSE_WAIT -> t.undelivered() == 0
                    ? Step.of(t, List.empty(), List.of(Notice.ERROR_CONNECTION_CLOSING), Event.RECEIVE,
                    rule + ": no text awaits delivery")
                    : deliver(t, max, rule + ": satisfied by data already on hand");
            case CLOSING, LAST_ACK, TIME_WAIT -> refused(t, Notice.ERROR_CONNECTION_CLOSING, Event.RECEIVE, rule);
        });
    }

    private static Step deliver(Tcb t, long max, String rule) {
        long n = Math.min(max, t.undelivered());
        // §3.10.7.4 seventh: RCV.WND follows buffer availability; delivering frees n octets.
        Tcb after = t.withUndelivered(t.undelivered() - n).withRcv(t.rcv().withWnd(t.rcv().wnd() + n));
        return new Step(after, List.empty(), List.of(Notice.DATA), n, List.of(Event.RECEIVE), rule);
    }

    /**
     * CLOSE (§3.10.4) by a user who gives the connection up (a socket closed): the connection is orphaned ({@link
     * Tcb#orphaned()}), also where the CLOSE itself is an error (FIN-WAIT-1, FIN-WAIT-2 after a {@link #halfClose}).
     * In SYN-RECEIVED, ESTABLISHED and CLOSE-WAIT the FIN follows the queued data: it is sent at once when nothing
     * is queued, otherwise by {@link Emission#transmit} after the data. A profile that resets on close with unread
     * data (Linux) aborts instead; that step projects onto ABORT.
     *
     * <p>In LISTEN and SYN-SENT the TCB is deleted and the call returns "ok"; the "error: closing" of §3.10.4 goes to
     * the calls still outstanding ("Any outstanding RECEIVEs are returned with "error: closing" responses", "return
     * "error: closing" responses to any queued SENDs, or RECEIVEs"), which the model knows of only as queued SENDs:
     * with octets queued, "error: closing" (for them) precedes the "ok".
     */
    public static Either<String, Step> close(Profile p, Tcb t, long now) {
        return close(p, t, now, true);
    }

    /**
     * CLOSE (§3.10.4) by a user who keeps the connection to receive on (shutdown(SHUT_WR)): as {@link #close} but
     * the connection is not orphaned, so a profile's FIN-WAIT-2 timer, which only orphaned connections run, does
     * not end it. RFC 9293's CLOSE is this half-close ("I have no more data to send", §3.10.4; the user may still
     * RECEIVE); the model takes the distinction as an input because implementations time out FIN-WAIT-2 only for
     * connections no user holds (Linux: tcp_fin_timeout applies to orphaned sockets).
     */
    public static Either<String, Step> halfClose(Profile p, Tcb t, long now) {
        return close(p, t, now, false);
    }

    private static Either<String, Step> close(Profile p, Tcb t, long now, boolean orphan) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        String rule = "§3.10.4 " + t.tcpState().rfcName();
        return OptionStamp.stamp(p, t, now, switch (t.tcpState()) {
            case CLOSED -> Either.right(refused(t, Notice.CONNECTION_DOES_NOT_EXIST, Event.CLOSE, rule));
            case LISTEN, SYN_SENT -> Either.right(Step.of(Tcb.closed(), List.empty(),
                    t.sendQueue() > 0 ? List.of(Notice.ERROR_CLOSING, Notice.OK) : List.of(Notice.OK), Event.CLOSE,
                    rule + ": delete the TCB and return; outstanding calls get \"error: closing\""));
            case SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> closeSynchronized(p, t.withOrphaned(orphan), now, rule);
            case FIN_WAIT_1, FIN_WAIT_2 -> Either.right(refused(orphan
                    ? Timers.normalize(p, t.withOrphaned(true), now) : t, Notice.ERROR_CONNECTION_CLOSING,
                    Event.CLOSE, rule));
            case CLOSING, LAST_ACK, TIME_WAIT ->
                    Either.right(refused(t, Notice.ERROR_CONNECTION_CLOSING, Event.CLOSE, rule));
        });
    }

    /** CLOSE in SYN-RECEIVED, ESTABLISHED or CLOSE-WAIT (§3.10.4): the FIN follows the queued data. */
    private static Either<String, Step> closeSynchronized(Profile p, Tcb t, long now, String rule) {
        if (p.resetOnCloseWithUnreadData() && t.undelivered() > 0) {
            Segment rst = Out.abortReset(t).withAck(t.rcv().nxt());
            return Either.right(Step.of(Tcb.closed(), List.of(rst), List.of(Notice.OK), Event.ABORT,
                    "profile " + p.name() + ": close() with unread data sends a RST (RFC 2525 §2.17)"));
        }
        // RFC9293-CHOICE: SYN-RECEIVED and CLOSE-WAIT with SENDs pending "queue" the CLOSE; the model
        // enters FIN-WAIT-1 / LAST-ACK at once and sends the FIN after the data, as ESTABLISHED does.
        ConnectionState target = ConnectionState.of(
                t.is(TcpState.CLOSE_WAIT) ? TcpState.LAST_ACK : TcpState.FIN_WAIT_1);
        Tcb closing = t.withCloseQueued(true).withState(target);
        if (t.sendQueue() > 0) {
            return Either.right(Step.of(closing, List.empty(), List.of(Notice.OK), Event.CLOSE,
                    rule + ": the FIN follows the queued SENDs"));
        }
        if (t.is(TcpState.SYN_RECEIVED)) {
            return Emission.finFromSynReceived(p, closing, now).map(s -> new Step(s.tcb(), s.sent(),
                    List.of(Notice.OK), 0, List.of(Event.CLOSE), rule + ": form a FIN segment and send it"));
        }
        if (!Emission.finMayGo(closing, 0)) {
            return Either.right(Step.of(Timers.normalize(p, closing, now), List.empty(), List.of(Notice.OK),
                    Event.CLOSE, rule + ": the FIN waits for room in the send window (§3.2 Figure 3)"));
        }
        return Emission.emit(p, closing, 0, now).map(s -> new Step(s.tcb(), s.sent(), List.of(Notice.OK),
                0, List.of(Event.CLOSE), rule + ": form a FIN segment and send it"));
    }

    /**
     * ABORT (§3.10.5). In LISTEN the outstanding RECEIVEs get "error: connection reset", in the other states with a
     * TCB the queued calls get "connection reset" (the RFC's words for each). Where a reset is sent, the profile's
     * {@link Profile#abortEntersTimeWait()} takes the connection to TIME-WAIT (§3.5.2) instead of CLOSED.
     */
    public static Either<String, Step> abort(Profile p, Tcb t, long now) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        String rule = "§3.10.5 " + t.tcpState().rfcName();
        return Either.right(switch (t.tcpState()) {
            case CLOSED -> refused(t, Notice.CONNECTION_DOES_NOT_EXIST, Event.ABORT, rule);
            case LISTEN -> Step.of(Tcb.closed(), List.empty(), List.of(Notice.ERROR_CONNECTION_RESET),
                    Event.ABORT, rule + ": outstanding RECEIVEs get \"error: connection reset\"; delete the TCB");
            case SYN_SENT -> Step.of(Tcb.closed(), List.empty(), List.of(Notice.CONNECTION_RESET),
                    Event.ABORT, rule + ": delete the TCB; no segment is sent");
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> resetByAbort(p, t, now, rule);
            case CLOSING, LAST_ACK, TIME_WAIT -> Step.of(Tcb.closed(), List.empty(), List.of(Notice.OK), Event.ABORT,
                    rule + ": respond \"ok\" and delete the TCB");
        });
    }

    private static Step resetByAbort(Profile p, Tcb t, long now, String rule) {
        Segment rst = p.abortSendsRstAck() ? Out.abortReset(t).withAck(t.rcv().nxt()) : Out.abortReset(t);
        String form = p.abortSendsRstAck()
                ? "send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> (Linux, profile switch)"
                : "send <SEQ=SND.NXT><CTL=RST>";
        if (p.abortEntersTimeWait()) {
            // RFC 9293 §3.5.2: "The side of a connection issuing a reset should enter the TIME-WAIT state".
            Tcb tw = t.withState(ConnectionState.of(TcpState.TIME_WAIT)).withRetransmission(List.empty())
                    .withSendQueue(0).withUndelivered(0).withReassembly(List.empty()).withTimers(HashMap.empty());
            return Step.of(Timers.normalize(p, tw, now), List.of(rst), List.of(Notice.CONNECTION_RESET), Event.ABORT,
                    rule + ": " + form + ", flush the queues, enter TIME-WAIT (§3.5.2, profile switch)");
        }
        return Step.of(Tcb.closed(), List.of(rst), List.of(Notice.CONNECTION_RESET), Event.ABORT,
                rule + ": " + form + ", flush the queues, delete the TCB");
    }

    /** STATUS (§3.10.6). */
    public static Either<String, Step> status(Profile p, Tcb t, long now) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        return Either.right(t.is(TcpState.CLOSED)
                ? refused(t, Notice.CONNECTION_DOES_NOT_EXIST, Event.STATUS, "§3.10.6 CLOSED")
                : Step.of(t, List.empty(), List.of(Notice.STATE), Event.STATUS,
                "§3.10.6: return \"state = " + t.tcpState().rfcName() + "\" and the TCB"));
    }

    static Step refused(Tcb t, Notice n, Event e, String rule) {
        return Step.of(t, List.empty(), List.of(n), e, rule + ": " + n.text());
    }

}
