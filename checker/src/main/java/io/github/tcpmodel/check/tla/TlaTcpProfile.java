package io.github.tcpmodel.check.tla;

import io.github.tcpmodel.check.Actor;
import io.github.tcpmodel.check.Invariant;
import io.github.tcpmodel.check.Model;
import io.github.tcpmodel.check.TraceStep;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * The model {@code MCtcp} of tlaplus/Examples {@code specifications/tcp/} as a {@link Model}.
 *
 * <p>The spec abstracts from sequence numbers: each of two peers has a TCB flag, one of the eleven states, and an
 * unbounded FIFO queue of the messages addressed to it (SYN, SYN,ACK, ACK, RST, FIN, ACKofFIN). Its next-state
 * relation is a disjunction of actions, each instantiated for (local, remote) = (A, B) and (B, A); every
 * disjunct that is enabled generates one successor, as TLC counts them. The profile follows the spec where it
 * departs from RFC 9293 (tcp.tla marks these with "???" and "TODO"): SYN-RECEIVED returns to LISTEN on any RST
 * whatever its origin; a RST may be sent from any state with a TCB, moving to TIME-WAIT; a RST received in any
 * state moves to LISTEN or CLOSED.
 *
 * <p>Encoding: one {@code long} per peer, holding the TCB flag (bit 0), the state (bits 1-4), the queue length
 * (bits 5-9) and up to 16 messages of 3 bits from bit 10, head first.
 */
public final class TlaTcpProfile implements Model {

    /** The messages of the spec's network. */
    enum Msg {
        NONE, SYN, SYN_ACK, ACK, RST, FIN, ACK_OF_FIN;

        String text() {
            return switch (this) {
                case SYN_ACK -> "SYN,ACK";
                case ACK_OF_FIN -> "ACKofFIN";
                case NONE, SYN, ACK, RST, FIN -> name();
            };
        }
    }

    /** The disjuncts of the spec's Next, in the order tcp.tla lists them (User, System, Reset). */
    enum Act {
        ACTIVE_OPEN, PASSIVE_OPEN, CLOSE_SYN_SENT, CLOSE_SYN_RECEIVED, CLOSE_LISTEN, CLOSE_ESTABLISHED,
        CLOSE_CLOSE_WAIT, SEND,
        SYN_SENT_RCV_SYN, SYN_SENT_RCV_SYN_ACK, SYN_RECEIVED_RCV_RST, SYN_RECEIVED_RCV_ACK, LISTEN_RCV_SYN,
        ESTABLISHED_RCV_FIN, FIN_WAIT_1_RCV_FIN, FIN_WAIT_1_RCV_ACK_OF_FIN, FIN_WAIT_2_RCV_FIN,
        CLOSING_RCV_ACK_OF_FIN, LAST_ACK_RCV_ACK_OF_FIN, TIME_WAIT_TIMEOUT, NOTE_2,
        NOTE_3_SND_RST, NOTE_3_RCV_RST_TO_LISTEN, NOTE_3_RCV_RST_TO_CLOSED
    }

    private static final int MAX = 16;
    private static final Act[] ACTS = Act.values();
    private static final TcpState[] STATES = TcpState.values();

    /** The profile; it has no parameters. */
    public TlaTcpProfile() {
    }

    @Override
    public String name() {
        return "tlaplus/Examples MCtcp";
    }

    @Override
    public int width() {
        return 2;
    }

    // ---------------------------------------------------------------- field access

    static boolean tcb(long p) {
        return (p & 1) != 0;
    }

    static TcpState state(long p) {
        return STATES[(int) (p >>> 1) & 0xF];
    }

    static int len(long p) {
        return (int) (p >>> 5) & 0x1F;
    }

    static Msg msg(long p, int i) {
        return Msg.values()[(int) (p >>> (10 + 3 * i)) & 7];
    }

    static long withTcb(long p, boolean t) {
        return t ? p | 1 : p & ~1L;
    }

    static long withState(long p, TcpState s) {
        return (p & ~(0xFL << 1)) | ((long) s.ordinal() << 1);
    }

    static Option<Msg> head(long p) {
        return len(p) == 0 ? Option.none() : Option.some(msg(p, 0));
    }

    /** Append(network[p], m). */
    static long append(long p, Msg m) {
        int n = len(p);
        if (n == MAX) {
            throw new IllegalStateException("a message queue outgrew the encoding's " + MAX + " entries");
        }
        long q = p | ((long) m.ordinal() << (10 + 3 * n));
        return (q & ~(0x1FL << 5)) | ((long) (n + 1) << 5);
    }

    /** Tail(network[p]). */
    static long tail(long p) {
        int n = len(p);
        long msgs = p >>> 13;
        return (p & 0x1FL) | ((long) (n - 1) << 5) | (msgs << 10);
    }

    static long peer(boolean tcb, TcpState s) {
        return withState(withTcb(0, tcb), s);
    }

    // ---------------------------------------------------------------- initial states

    /**
     * MCInit: one node is in SYN-SENT (its active OPEN has happened) with its SYN queued to the other, which is in
     * LISTEN; both have a TCB. The node is either peer, so there are two initial states.
     */
    @Override
    public void initial(Sink sink) {
        for (int node = 0; node < 2; node++) {
            long[] s = new long[2];
            s[node] = peer(true, TcpState.SYN_SENT);
            s[1 - node] = append(peer(true, TcpState.LISTEN), Msg.SYN);
            sink.accept(-1, s);
        }
    }

    // ---------------------------------------------------------------- Next

    @Override
    public void successors(long[] s, Sink sink) {
        long[] t = new long[2];
        for (int local = 0; local < 2; local++) {
            int remote = 1 - local;
            long l = s[local];
            long r = s[remote];
            TcpState st = state(l);
            Option<Msg> h = head(l);
            for (Act a : ACTS) {
                long nl;
                long nr = r;
                switch (a) {
                    // User: the user's calls (tcp.tla's User).
                    case ACTIVE_OPEN:
                        if (st != TcpState.CLOSED) {
                            continue;
                        }
                        nl = withTcb(withState(l, TcpState.SYN_SENT), true);
                        nr = append(r, Msg.SYN);
                        break;
                    case PASSIVE_OPEN:
                        if (st != TcpState.CLOSED) {
                            continue;
                        }
                        nl = withTcb(withState(l, TcpState.LISTEN), true);
                        break;
                    case CLOSE_SYN_SENT:
                        if (st != TcpState.SYN_SENT) {
                            continue;
                        }
                        nl = withTcb(withState(l, TcpState.CLOSED), false);
                        break;
                    case CLOSE_SYN_RECEIVED:
                        if (st != TcpState.SYN_RECEIVED) {
                            continue;
                        }
                        nl = withState(l, TcpState.FIN_WAIT_1);
                        nr = append(r, Msg.FIN);
                        break;
                    case CLOSE_LISTEN:
                        if (st != TcpState.LISTEN) {
                            continue;
                        }
                        nl = withTcb(withState(l, TcpState.CLOSED), false);
                        break;
                    case CLOSE_ESTABLISHED:
                        if (st != TcpState.ESTABLISHED) {
                            continue;
                        }
                        nl = withState(l, TcpState.FIN_WAIT_1);
                        nr = append(r, Msg.FIN);
                        break;
                    case CLOSE_CLOSE_WAIT:
                        if (st != TcpState.CLOSE_WAIT) {
                            continue;
                        }
                        nl = withState(l, TcpState.LAST_ACK);
                        nr = append(r, Msg.FIN);
                        break;
                    case SEND:
                        if (st != TcpState.LISTEN) {
                            continue;
                        }
                        nl = withState(l, TcpState.SYN_SENT);
                        nr = append(r, Msg.SYN);
                        break;
                    // System: segment arrivals at the head of the local queue (tcp.tla's System).
                    case SYN_SENT_RCV_SYN:
                        if (st != TcpState.SYN_SENT || !h.contains(Msg.SYN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.SYN_RECEIVED);
                        nr = append(r, Msg.SYN_ACK);
                        break;
                    case SYN_SENT_RCV_SYN_ACK:
                        if (st != TcpState.SYN_SENT || !h.contains(Msg.SYN_ACK)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.ESTABLISHED);
                        nr = append(r, Msg.ACK);
                        break;
                    case SYN_RECEIVED_RCV_RST:
                        if (st != TcpState.SYN_RECEIVED || !h.contains(Msg.RST)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.LISTEN);
                        break;
                    case SYN_RECEIVED_RCV_ACK:
                        if (st != TcpState.SYN_RECEIVED || !h.contains(Msg.ACK)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.ESTABLISHED);
                        break;
                    case LISTEN_RCV_SYN:
                        if (st != TcpState.LISTEN || !h.contains(Msg.SYN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.SYN_RECEIVED);
                        nr = append(r, Msg.SYN_ACK);
                        break;
                    case ESTABLISHED_RCV_FIN:
                        if (st != TcpState.ESTABLISHED || !h.contains(Msg.FIN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.CLOSE_WAIT);
                        nr = append(r, Msg.ACK_OF_FIN);
                        break;
                    case FIN_WAIT_1_RCV_FIN:
                        if (st != TcpState.FIN_WAIT_1 || !h.contains(Msg.FIN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.CLOSING);
                        nr = append(r, Msg.ACK_OF_FIN);
                        break;
                    case FIN_WAIT_1_RCV_ACK_OF_FIN:
                        if (st != TcpState.FIN_WAIT_1 || !h.contains(Msg.ACK_OF_FIN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.FIN_WAIT_2);
                        break;
                    case FIN_WAIT_2_RCV_FIN:
                        if (st != TcpState.FIN_WAIT_2 || !h.contains(Msg.FIN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.TIME_WAIT);
                        nr = append(r, Msg.ACK_OF_FIN);
                        break;
                    case CLOSING_RCV_ACK_OF_FIN:
                        if (st != TcpState.CLOSING || !h.contains(Msg.ACK_OF_FIN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.TIME_WAIT);
                        break;
                    case LAST_ACK_RCV_ACK_OF_FIN:
                        if (st != TcpState.LAST_ACK || !h.contains(Msg.ACK_OF_FIN)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.CLOSED);
                        break;
                    case TIME_WAIT_TIMEOUT:
                        // tcp.tla: TIME-WAIT to CLOSED needs a TCB and deletes it; the 2MSL wait is not modelled.
                        if (st != TcpState.TIME_WAIT || !tcb(l)) {
                            continue;
                        }
                        nl = withTcb(withState(l, TcpState.CLOSED), false);
                        break;
                    case NOTE_2:
                        // RFC 9293 Figure 5 Note 2, as tcp.tla reads it: FIN then ACKofFIN at the head of the queue,
                        // both consumed, and an ACKofFIN sent.
                        if (st != TcpState.FIN_WAIT_1 || len(l) < 2 || msg(l, 0) != Msg.FIN
                                || msg(l, 1) != Msg.ACK_OF_FIN) {
                            continue;
                        }
                        nl = withState(tail(tail(l)), TcpState.TIME_WAIT);
                        nr = append(r, Msg.ACK_OF_FIN);
                        break;
                    // Reset: Note 3 (tcp.tla's Reset).
                    case NOTE_3_SND_RST:
                        if (!tcb(l)) {
                            continue;
                        }
                        nl = withState(l, TcpState.TIME_WAIT);
                        nr = append(r, Msg.RST);
                        break;
                    case NOTE_3_RCV_RST_TO_LISTEN:
                        if (!h.contains(Msg.RST)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.LISTEN);
                        break;
                    case NOTE_3_RCV_RST_TO_CLOSED:
                        if (!h.contains(Msg.RST)) {
                            continue;
                        }
                        nl = withState(tail(l), TcpState.CLOSED);
                        break;
                    default:
                        throw new IllegalStateException("unhandled action " + a);
                }
                t[local] = nl;
                t[remote] = nr;
                sink.accept(a.ordinal() * 2 + local, t);
            }
        }
    }

    // ---------------------------------------------------------------- constraints

    /** NoRetransmission (MCtcp): no queue holds the same message twice in a row. */
    @Override
    public boolean withinBounds(long[] s) {
        for (long p : s) {
            int n = len(p);
            for (int i = 0; i + 1 < n; i++) {
                if (msg(p, i) == msg(p, i + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * SingleActiveOpen (MCtcp): a step is refused when it is an ACTIVE_OPEN, PASSIVE_OPEN or SEND step of either
     * peer, judged, as TLC judges an action formula, on the pair of states alone, whichever action produced it.
     */
    @Override
    public boolean allowed(long[] from, int label, long[] to) {
        for (int local = 0; local < 2; local++) {
            int remote = 1 - local;
            long l = from[local];
            long r = from[remote];
            TcpState st = state(l);
            boolean activeOpen = st == TcpState.CLOSED
                    && to[local] == withTcb(withState(l, TcpState.SYN_SENT), true)
                    && to[remote] == append(r, Msg.SYN);
            boolean passiveOpen = st == TcpState.CLOSED
                    && to[local] == withTcb(withState(l, TcpState.LISTEN), true)
                    && to[remote] == r;
            boolean send = st == TcpState.LISTEN
                    && to[local] == withState(l, TcpState.SYN_SENT)
                    && to[remote] == append(r, Msg.SYN);
            if (activeOpen || passiveOpen || send) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- invariants

    /** TypeOK and Inv of tcp.tla. */
    @Override
    public List<Invariant> invariants() {
        return List.of(
                new Invariant("TypeOK", "every queue holds only the six messages of the spec",
                        s -> typeOk(s[0]) && typeOk(s[1])),
                new Invariant("Inv", "when no message is in flight, one peer is ESTABLISHED exactly when the "
                        + "other is", TlaTcpProfile::inv));
    }

    private static boolean typeOk(long p) {
        for (int i = 0; i < len(p); i++) {
            if (msg(p, i) == Msg.NONE) {
                return false;
            }
        }
        return len(p) <= MAX;
    }

    /** Inv: for all peers with empty queues, ESTABLISHED on one side iff on the other (over those peers). */
    static boolean inv(long[] s) {
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                if (len(s[a]) == 0 && len(s[b]) == 0
                        && (state(s[a]) == TcpState.ESTABLISHED) != (state(s[b]) == TcpState.ESTABLISHED)) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- traces

    @Override
    public List<String> sides(long[] s) {
        return List.of(side(s[0]), side(s[1]));
    }

    private static String side(long p) {
        return p == 0 ? "CLOSED" : state(p).rfcName() + (tcb(p) ? "" : " (no TCB)");
    }

    @Override
    public TraceStep describe(long[] from, int label, long[] to) {
        Act a = ACTS[label / 2];
        int local = label % 2;
        int remote = 1 - local;
        Option<String> received = len(to[local]) < len(from[local])
                ? Option.some(head(from[local]).get().text()) : Option.none();
        List<String> sent = len(to[remote]) > len(from[remote])
                ? List.of(msg(to[remote], len(to[remote]) - 1).text()) : List.empty();
        return new TraceStep(local == 0 ? Actor.LEFT : Actor.RIGHT, a.name(), received, sent, Option.none(),
                local == 0 ? Actor.RIGHT : Actor.LEFT, "", side(to[0]), side(to[1]));
    }
}
