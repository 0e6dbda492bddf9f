package io.github.tcpmodel.profile;

import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.Reply;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;

/**
 * The table-level changes a profile's switches make, each a variant of the reference table derived with
 * {@link TransitionTable#with} and tagged {@link Provenance#VARIANT}. The reference table never changes.
 */
public final class ProfileTables {

    private ProfileTables() {
    }

    private static final ConnectionState CLOSED = ConnectionState.of(TcpState.CLOSED);

    /** SYN-RECEIVED (active) and the synchronized states, where a SYN is handled "per the synchronized states". */
    static final List<ConnectionState> SYN_AS_SYNCHRONIZED = List.of(ConnectionState.synReceived(Origin.ACTIVE))
            .appendAll(ConnectionState.all().filter(c -> c.state().isSynchronized()));

    /**
     * Without RFC 5961: RFC 9293 §3.10.7.4, fourth: "If the SYN is in the window it is an error: send a reset ...
     * enter the CLOSED state, delete the TCB". (A SYN outside the window is answered in the first check, and the
     * RST check resets on any acceptable RST, which the reference table already abstracts as {@code rcv RST}.)
     */
    public static TransitionTable withoutRfc5961(TransitionTable t) {
        TransitionTable r = t;
        for (ConnectionState s : SYN_AS_SYNCHRONIZED) {
            for (Event e : List.of(Event.RCV_SYN, Event.RCV_SYN_ACK)) {
                r = r.with(s, e, new Outcome.Transition(CLOSED,
                        List.of(Action.SND_RST, Action.FLUSH_QUEUES, Action.TELL_RESET, Action.DELETE_TCB),
                        Provenance.VARIANT, "§3.10.7.4",
                        "without RFC 5961: a SYN in the window is an error (RFC 793 behaviour)"));
            }
        }
        return withSynReceivedBadAckReset(r, "without RFC 5961: \"If the segment acknowledgment is not "
                + "acceptable, form a reset segment\"");
    }

    /**
     * SYN-RECEIVED (both origins) answers an ACK outside RFC 5961's range with {@code <SEQ=SEG.ACK><CTL=RST>}, as it
     * answers every unacceptable ACK there: without RFC 5961 (§3.10.7.4 fifth), or as Linux does ({@link
     * Profile#synReceivedResetsBadAck()}).
     */
    public static TransitionTable withSynReceivedBadAckReset(TransitionTable t, String note) {
        TransitionTable r = t;
        for (Origin o : List.of(Origin.PASSIVE, Origin.ACTIVE)) {
            ConnectionState s = ConnectionState.synReceived(o);
            r = r.with(s, Event.RCV_BAD_ACK, new Outcome.Transition(s, List.of(Action.SND_RST), Provenance.VARIANT,
                    "§3.10.7.4", note));
        }
        return r;
    }

    /**
     * A RST accepted in SYN-RECEIVED after an active OPEN tells the user "connection reset" (Linux: ECONNRESET,
     * {@link Profile#simultaneousOpenResetIsReset()}), where §3.10.7.4 second signals "connection refused".
     */
    public static TransitionTable withSimultaneousOpenReset(TransitionTable t) {
        return t.with(ConnectionState.synReceived(Origin.ACTIVE), Event.RCV_RST, new Outcome.Transition(CLOSED,
                List.of(Action.FLUSH_QUEUES, Action.TELL_RESET, Action.DELETE_TCB), Provenance.VARIANT, "§3.10.7.4",
                "Linux: a reset simultaneous open fails connect() with ECONNRESET, not ECONNREFUSED"));
    }

    /**
     * ABORT enters TIME-WAIT where it sends a reset ({@link Profile#abortEntersTimeWait()}): RFC 9293 §3.5.2, "The
     * side of a connection issuing a reset should enter the TIME-WAIT state", and Figure 5 Note 3.
     */
    public static TransitionTable withAbortTimeWait(TransitionTable t) {
        TransitionTable r = t;
        List<ConnectionState> resetting = List.of(ConnectionState.synReceived(Origin.PASSIVE),
                ConnectionState.synReceived(Origin.ACTIVE), ConnectionState.of(TcpState.ESTABLISHED),
                ConnectionState.of(TcpState.FIN_WAIT_1), ConnectionState.of(TcpState.FIN_WAIT_2),
                ConnectionState.of(TcpState.CLOSE_WAIT));
        for (ConnectionState s : resetting) {
            r = r.with(s, Event.ABORT, new Outcome.Transition(ConnectionState.of(TcpState.TIME_WAIT),
                    List.of(Action.SND_RST, Action.FLUSH_QUEUES, Action.TELL_RESET, Action.START_TIME_WAIT_TIMER),
                    Provenance.VARIANT, "§3.5.2", "Note 3: the side issuing a reset should enter TIME-WAIT"));
        }
        return r;
    }

    /** RFC 1337 §3 (TIME-WAIT assassination fix): a RST in TIME-WAIT is ignored. */
    public static TransitionTable withRfc1337(TransitionTable t) {
        return t.with(ConnectionState.of(TcpState.TIME_WAIT), Event.RCV_RST, new Outcome.Refusal(
                Reply.SEGMENT_DROPPED, "§3.10.7.4", "RFC 1337: ignore RST segments in TIME-WAIT"));
    }

    /**
     * RFC 9293 §3.6.1 MAY-2 (and RFC 6191): a new SYN reopens the connection from TIME-WAIT as if it had arrived at
     * a listener; Linux does this for a SYN whose sequence number is above RCV.NXT.
     */
    public static TransitionTable withTimeWaitReopen(TransitionTable t) {
        return t.with(ConnectionState.of(TcpState.TIME_WAIT), Event.RCV_SYN, new Outcome.Transition(
                ConnectionState.synReceived(Origin.PASSIVE), List.of(Action.SND_SYN_ACK), Provenance.VARIANT,
                "§3.6.1", "MAY-2: a SYN with SEG.SEQ > RCV.NXT and a larger ISS reopens the connection"));
    }

    /** The orphaned FIN-WAIT-2 timeout of Linux (tcp_fin_timeout): the TCB is deleted without a segment. */
    public static TransitionTable withFinWait2Timeout(TransitionTable t) {
        return t.with(ConnectionState.of(TcpState.FIN_WAIT_2), Event.FIN_WAIT_2_TIMEOUT, new Outcome.Transition(
                CLOSED, List.of(Action.DELETE_TCB), Provenance.VARIANT, "§3.10.8",
                "not in RFC 9293: an orphaned FIN-WAIT-2 connection is deleted after the FIN-WAIT-2 timeout"));
    }

    /**
     * RFC 9293 §3.5 Figure 7, line 6 ("ESTABLISHED &lt;-- &lt;SEQ=300&gt;&lt;ACK=101&gt;&lt;CTL=SYN,ACK&gt;"): in a
     * simultaneous open, the peer's SYN,ACK that crossed ours takes SYN-RECEIVED to ESTABLISHED. The text of
     * §3.10.7.4 finds that segment unacceptable (Table 6: its only octet, the SYN, lies before RCV.NXT); Linux and
     * the BSDs take it (they trim the old SYN off and process the rest as an ACK). The other SYN,ACKs of this state
     * keep the reference's challenge ACK, which the semantics project onto {@code rcv SYN}.
     */
    public static TransitionTable withCrossedSynAck(TransitionTable t) {
        return t.with(ConnectionState.synReceived(Origin.ACTIVE), Event.RCV_SYN_ACK, new Outcome.Transition(
                ConnectionState.of(TcpState.ESTABLISHED), List.empty(), Provenance.VARIANT, "§3.5",
                "Figure 7 line 6: the SYN,ACK that crossed ours (SEG.SEQ = IRS) acknowledges our SYN: ESTABLISHED"));
    }

    /**
     * Linux's request socket (tcp_check_req; {@link Profile#requestSocket()}): a SYN or SYN,ACK that passes the
     * sequence number check in SYN-RECEIVED after a passive OPEN is answered with a reset as the embryonic connection
     * is dropped. RFC 9293 §3.10.7.4 fourth returns the connection to LISTEN without sending anything.
     */
    public static TransitionTable withRequestSocket(TransitionTable t) {
        TransitionTable r = t;
        for (Event e : List.of(Event.RCV_SYN, Event.RCV_SYN_ACK)) {
            r = r.with(ConnectionState.synReceived(Origin.PASSIVE), e, new Outcome.Transition(
                    ConnectionState.of(TcpState.LISTEN), List.of(Action.SND_RST), Provenance.VARIANT, "§3.10.7.4",
                    "Linux's request socket: an in-window SYN resets the embryonic connection, which is dropped"));
        }
        return r;
    }
}
