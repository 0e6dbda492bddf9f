package io.github.tcpmodel.check.tcp;

import io.github.tcpmodel.check.Actor;
import io.github.tcpmodel.check.Invariant;
import io.github.tcpmodel.check.Model;
import io.github.tcpmodel.check.TraceStep;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Reply;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Two endpoints A and B and a network channel per direction, explored as one {@link Model}.
 *
 * <p>An arriving segment is processed by the reference semantics of RFC 9293 §3.10.7, {@link
 * Arrival#segmentArrives} under the endpoint's {@link EndpointConfig#profile()}, over the reference TCB that the
 * endpoint's small abstract TCB (ISS, IRS, SND.UNA, SND.NXT, RCV.NXT in the sequence space 0..15, undelivered and
 * held units) stands for; {@link SemanticsBridge} maps both ways and reports anything the abstraction cannot
 * represent, which the {@code abstraction} invariant turns into a violation. The step's projection is looked up in
 * the endpoint's {@link io.github.tcpmodel.table.TransitionTable}: a variant's arcs override the profile's. User
 * calls and timers step the table, whose actions become segments with the seq/ack the RFC prescribes.
 *
 * <p>The arrival function is a parameter ({@link #withArrival}): the reference semantics by default, or one with a
 * rule changed to show that a theorem rests on it. Its results, like those of the user calls and timers, are memoized
 * per composition and thread ({@link StepMemo}), which is sound because it is pure.
 *
 * <p>Steps: each user's bounded calls (active OPEN once, its SENDs, CLOSE once after them), the arrival of a
 * segment (the head of the channel, or any segment when reordering), the retransmission timeout, the 2MSL
 * timeout, and the network's losses and duplications within their budgets.
 *
 * <p>Timing abstraction. Timers are not clocks but enabling conditions: a retransmission timeout fires only
 * when nothing is in flight in either direction (the RTO exceeds the round trip, so a segment or its ACK that is
 * still travelling is waited for; spurious retransmissions are covered by duplication); the 2MSL timeout fires
 * only when nothing is in flight and the peer has nothing unacknowledged (2 MSL outlasts the peer's
 * retransmissions: RFC 9293 §3.6.1 and seed claim C29).
 *
 * <p>Encoding: four words: A's TCB (with the network budgets, the overflow and the abstraction flags in its high
 * bits), B's TCB, the channel to B, the channel to A, each channel holding up to four 16-bit segment codes.
 */
public final class TcpModel implements Model {

    static final int SLOTS = 4;
    private static final int WIDTH = 4;
    private static final ConnectionState[] CS = ConnectionState.all().toJavaArray(ConnectionState[]::new);
    private static final Event[] EVENTS = Event.values();
    private static final int LOSS_SHIFT = 41;
    private static final int DUP_SHIFT = 44;
    private static final int OVERFLOW_BIT = 47;
    private static final int UNREPRESENTED_BIT = 48;

    // step kinds, in the label's low 3 bits; bit 3 is the side; the index of a segment is above
    private static final int OPEN = 0;
    private static final int SEND = 1;
    private static final int CLOSE = 2;
    private static final int RECEIVE = 3;
    private static final int RTO = 4;
    private static final int TIME_WAIT = 5;
    private static final int LOSE = 6;
    private static final int DUPLICATE = 7;

    private final String name;
    private final EndpointConfig a;
    private final EndpointConfig b;
    private final Network network;
    private final List<AbstractSegment> toB;
    private final List<AbstractSegment> toA;
    private final List<Invariant> invariants;
    private final Outcome[][][] outcomes;
    /** The table's target (index into CS) and actions per side, state and event, -1 for a refusal. */
    private final int[][][] targets;
    private final Action[][][][] actions;
    private final ArrivalFunction arrival;

    private TcpModel(String name, EndpointConfig a, EndpointConfig b, Network network, List<AbstractSegment> toB, List<AbstractSegment> toA,
                     List<Invariant> invariants, ArrivalFunction arrival) {
        this.name = name;
        this.arrival = arrival;
        this.a = a;
        this.b = b;
        this.network = network;
        this.toB = toB;
        this.toA = toA;
        this.invariants = invariants;
        this.outcomes = new Outcome[2][CS.length][EVENTS.length];
        this.targets = new int[2][CS.length][EVENTS.length];
        this.actions = new Action[2][CS.length][EVENTS.length][];
        EndpointConfig[] peers = {a, b};
        for (int p = 0; p < 2; p++) {
            for (int c = 0; c < CS.length; c++) {
                for (int e = 0; e < EVENTS.length; e++) {
                    Outcome o = peers[p].table().step(CS[c], EVENTS[e]);
                    outcomes[p][c][e] = o;
                    targets[p][c][e] = o.isTransition() ? index(((Outcome.Transition) o).target()) : -1;
                    actions[p][c][e] = o.isTransition()
                            ? ((Outcome.Transition) o).actions().toJavaArray(Action[]::new) : new Action[0];
                }
            }
        }
    }

    /**
     * A composition of two peers and a network, with segments already in flight at the start (an old duplicate
     * SYN, say). Fails with a message when the segments in flight exceed the network's capacity.
     */
    public static io.vavr.control.Either<String, TcpModel> of(String name, EndpointConfig a, EndpointConfig b, Network network,
                                                               List<AbstractSegment> inFlightToB, List<AbstractSegment> inFlightToA) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(a, "a is null");
        Objects.requireNonNull(b, "b is null");
        Objects.requireNonNull(network, "network is null");
        Objects.requireNonNull(inFlightToB, "inFlightToB is null");
        Objects.requireNonNull(inFlightToA, "inFlightToA is null");
        if (inFlightToB.size() > network.capacity() || inFlightToA.size() > network.capacity()) {
            return io.vavr.control.Either.left("more segments in flight at the start than the capacity "
                    + network.capacity());
        }
        return io.vavr.control.Either.right(new TcpModel(name, a, b, network, inFlightToB, inFlightToA,
                List.of(new Invariant("capacity", "no segment is sent into a full channel (the bound is large "
                        + "enough for this configuration)", s -> !AbstractTcb.bit(s[0], OVERFLOW_BIT)),
                        new Invariant("abstraction", "every TCB and segment the reference semantics produce is "
                                + "represented exactly by the abstraction (sequence space 0.." + AbstractSegment.MAX_SEQ
                                + ", up to " + AbstractTcb.HELD + " units held)",
                                s -> !AbstractTcb.bit(s[0], UNREPRESENTED_BIT))), ArrivalFunction.REFERENCE));
    }

    /** The same composition with more invariants. */
    public TcpModel withInvariants(List<Invariant> more) {
        Objects.requireNonNull(more, "more is null");
        return new TcpModel(name, a, b, network, toB, toA, invariants.appendAll(more), arrival);
    }

    /** The same composition under another name. */
    public TcpModel named(String newName) {
        Objects.requireNonNull(newName, "newName is null");
        return new TcpModel(newName, a, b, network, toB, toA, invariants, arrival);
    }

    /**
     * The same composition with another processing of arriving segments in place of the reference semantics
     * (RFC 9293 §3.10.7), to show which theorems depend on a rule. The function must be pure.
     */
    public TcpModel withArrival(ArrivalFunction f) {
        Objects.requireNonNull(f, "f is null");
        return new TcpModel(name, a, b, network, toB, toA, invariants, f);
    }

    /** EndpointConfig A's configuration. */
    public EndpointConfig a() {
        return a;
    }

    /** EndpointConfig B's configuration. */
    public EndpointConfig b() {
        return b;
    }

    /** The network between them. */
    public Network network() {
        return network;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int width() {
        return WIDTH;
    }

    @Override
    public List<Invariant> invariants() {
        return invariants;
    }

    // ---------------------------------------------------------------- views for invariants and tests

    /**
     * One endpoint as seen in an encoded state.
     *
     * @param state       its connection state
     * @param iss         ISS
     * @param irs         IRS
     * @param una         SND.UNA
     * @param nxt         SND.NXT
     * @param rcvNxt      RCV.NXT
     * @param sendsLeft   SENDs its user has still to make
     * @param sent        data units sent on this connection
     * @param delivered   data units received in order (RFC 9293 §3.10.7.4 seventh)
     * @param opened      its user has opened the connection (a passive peer counts as opened)
     * @param closeCalled its user has called CLOSE
     * @param reset       it has accepted a RST
     * @param sendRefused a SEND its user made before its own CLOSE was refused
     * @param reackedFin  it acknowledged a retransmitted FIN from TIME-WAIT
     * @param retransmitted it has retransmitted a segment
     */
    public record Endpoint(ConnectionState state, int iss, int irs, int una, int nxt, int rcvNxt, int sendsLeft,
                           int sent, int delivered, boolean opened, boolean closeCalled, boolean reset,
                           boolean sendRefused, boolean reackedFin, boolean retransmitted) {
    }

    /** Endpoint A ({@code side} 0) or B (1) in {@code state}. */
    public static Endpoint endpoint(long[] state, int side) {
        checkView(state, side);
        AbstractTcb t = new AbstractTcb();
        t.load(state[side] & AbstractTcb.TCB_MASK);
        return new Endpoint(CS[t.cs], t.iss, t.irs, t.una, t.nxt, t.rcv, t.toSend, t.sent, t.delivered, t.opened,
                t.closeCalled, t.reset, t.lostData, t.reacked, t.retransmitted);
    }

    /** The segments in flight towards A ({@code side} 0) or B (1), oldest first. */
    public static List<AbstractSegment> inFlight(long[] state, int side) {
        checkView(state, side);
        long ch = state[2 + (1 - side)];
        List<AbstractSegment> l = List.empty();
        for (int i = 0; i < count(ch); i++) {
            l = l.append(AbstractSegment.decode(slot(ch, i)));
        }
        return l;
    }

    private static void checkView(long[] state, int side) {
        Objects.requireNonNull(state, "state is null");
        if (state.length != WIDTH || side < 0 || side > 1) {
            throw new IllegalArgumentException("a state of this model has " + WIDTH + " words and sides 0 and 1: "
                    + state.length + " words, side " + side);
        }
    }

    /** The connection state of side 0 (A) or 1 (B). */
    public static TcpState state(long[] s, int side) {
        checkView(s, side);
        return CS[(int) s[side] & 0xF].state();
    }

    /** No segment in flight in either direction. */
    public static boolean networkEmpty(long[] s) {
        return s[2] == 0 && s[3] == 0;
    }

    // ---------------------------------------------------------------- channels

    private static int slot(long ch, int i) {
        return (int) (ch >>> (16 * i)) & 0xFFFF;
    }

    private static int count(long ch) {
        int n = 0;
        while (n < SLOTS && slot(ch, n) != 0) {
            n++;
        }
        return n;
    }

    private static long remove(long ch, int i) {
        long low = ch & ((1L << (16 * i)) - 1);
        long high = i + 1 >= SLOTS ? 0 : ch >>> (16 * (i + 1));
        return low | (i >= SLOTS ? 0 : high << (16 * i));
    }

    /** The channel toward the receiving side (0 = A, 1 = B) is word 3 for A and 2 for B. */
    private static int channelTo(int side) {
        return side == 0 ? 3 : 2;
    }

    // ---------------------------------------------------------------- initial state

    @Override
    public void initial(Sink sink) {
        long[] s = new long[WIDTH];
        EndpointConfig[] peers = {a, b};
        for (int p = 0; p < 2; p++) {
            AbstractTcb t = new AbstractTcb();
            EndpointConfig me = peers[p];
            EndpointConfig other = peers[1 - p];
            t.iss = me.iss();
            t.toSend = me.sends();
            t.cs = index(ConnectionState.of(switch (me.start()) {
                case ACTIVE -> TcpState.CLOSED;
                case PASSIVE -> TcpState.LISTEN;
                case ESTABLISHED -> TcpState.ESTABLISHED;
            }));
            t.opened = me.start() != EndpointConfig.Start.ACTIVE;
            if (me.start() == EndpointConfig.Start.ESTABLISHED) {
                t.una = me.iss() + 1;
                t.nxt = me.iss() + 1;
                t.irs = other.iss();
                t.rcv = other.iss() + 1;
            }
            s[p] = t.store();
        }
        s[0] |= (long) network.losses() << LOSS_SHIFT | (long) network.duplicates() << DUP_SHIFT;
        for (AbstractSegment seg : toB) {
            s[2] = append(s, 2, seg.code());
        }
        for (AbstractSegment seg : toA) {
            s[3] = append(s, 3, seg.code());
        }
        sink.accept(-1, s);
    }

    private static int index(ConnectionState c) {
        for (int i = 0; i < CS.length; i++) {
            if (CS[i].equals(c)) {
                return i;
            }
        }
        throw new IllegalStateException("unknown connection state " + c);
    }

    private long append(long[] s, int word, int code) {
        long ch = s[word];
        int n = count(ch);
        if (n >= network.capacity()) {
            s[0] |= 1L << OVERFLOW_BIT;
            return ch;
        }
        return ch | (long) code << (16 * n);
    }

    // ---------------------------------------------------------------- successors

    @Override
    public void successors(long[] s, Sink sink) {
        long[] t = new long[WIDTH];
        Work w = WORK.get();
        w.useMemo(this);
        int losses = (int) (s[0] >>> LOSS_SHIFT) & 7;
        int dups = (int) (s[0] >>> DUP_SHIFT) & 7;
        boolean quiet = networkEmpty(s);
        for (int side = 0; side < 2; side++) {
            long word = s[side];
            for (int kind = OPEN; kind <= TIME_WAIT; kind++) {
                if (kind == RECEIVE) {
                    int n = count(s[channelTo(side)]);
                    for (int i = 0; i < (network.fifo() ? Math.min(1, n) : n); i++) {
                        emit(s, label(kind, side, i), t, w, sink);
                    }
                } else if (mayBeEnabled(kind, word, quiet)) {
                    emit(s, label(kind, side, 0), t, w, sink);
                }
            }
            int n = count(s[channelTo(side)]);
            for (int i = 0; i < n; i++) {
                if (losses > 0) {
                    emit(s, label(LOSE, side, i), t, w, sink);
                }
                if (dups > 0) {
                    emit(s, label(DUPLICATE, side, i), t, w, sink);
                }
            }
        }
    }

    /**
     * A necessary condition, read off the endpoint's word, for the user call or timer {@code kind} to be enabled:
     * the steps it rules out are disabled by {@link #step} too, so skipping them changes nothing but the time.
     */
    private static boolean mayBeEnabled(int kind, long word, boolean quiet) {
        int toSend = (int) (word >>> 24) & 3;
        boolean closeCalled = AbstractTcb.bit(word, 31);
        return switch (kind) {
            case OPEN -> !AbstractTcb.bit(word, 30);
            case SEND -> toSend != 0 && !closeCalled;
            case CLOSE -> toSend == 0 && !closeCalled;
            case RTO -> quiet && peerUnacknowledged(word);
            case TIME_WAIT -> quiet;
            default -> true;
        };
    }

    private void emit(long[] s, int label, long[] t, Work w, Sink sink) {
        if (step(s, label, t, w, null)) {
            sink.accept(label, t);
        }
    }

    private static int label(int kind, int side, int index) {
        return kind | side << 3 | index << 4;
    }

    /**
     * A quiescent end state: nothing in flight, no step possible, and each side at rest (CLOSED, LISTEN,
     * ESTABLISHED, or half-closed waiting for a peer that will not close).
     */
    @Override
    public boolean quiescent(long[] s) {
        if (!networkEmpty(s)) {
            return false;
        }
        for (int side = 0; side < 2; side++) {
            boolean atRest = switch (state(s, side)) {
                case CLOSED, LISTEN, ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT -> true;
                case SYN_SENT, SYN_RECEIVED, FIN_WAIT_1, CLOSING, LAST_ACK, TIME_WAIT -> false;
            };
            if (!atRest) {
                return false;
            }
        }
        boolean[] any = {false};
        successors(s, (l, x) -> any[0] = true);
        return !any[0];
    }

    @Override
    public boolean hasEndStates() {
        return true;
    }

    // ---------------------------------------------------------------- one step

    /**
     * One scratch space per thread, reused for every step it computes: {@link #successors} runs once per explored
     * state, and its scratch is dead when it returns (a sink may call back into this model only on another state,
     * through {@link #quiescent}, which finishes with the scratch before returning).
     */
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    /**
     * Scratch space for one step: the endpoint's TCB, the segments emitted, whether the abstraction lost something,
     * and the thread's memo of endpoint steps (for the composition that last used it on this thread).
     */
    private static final class Work {
        final AbstractTcb me = new AbstractTcb();
        final int[] out = new int[8];
        int n;
        boolean unrepresented;
        /** The thread's memo, set by {@link #useMemo}; null in a scratch space made for one trace step. */
        StepMemo memo;

        void useMemo(TcpModel owner) {
            if (memo == null) {
                memo = new StepMemo();
                memo.owner = owner;
            } else if (memo.owner != owner) {
                memo.reset(owner);
            }
        }
    }

    /** What a step did, for traces. */
    private static final class Rec {
        String event = "";
        String note = "";
        int received;
        int lost;
    }

    /**
     * Computes the step {@code label} from {@code s} into {@code t}; false when it is not enabled. The network's
     * part (losses, duplications, taking the arriving segment off its channel, the timers' conditions on what is in
     * flight, appending what is sent) works on the words directly; the endpoint's part is a pure function of its
     * TCB word ({@link #endpoint}), looked up in the thread's {@link StepMemo} unless a trace is being recorded.
     */
    private boolean step(long[] s, int label, long[] t, Work w, Rec rec) {
        int kind = label & 7;
        int side = label >>> 3 & 1;
        int index = label >>> 4;
        t[0] = s[0];
        t[1] = s[1];
        t[2] = s[2];
        t[3] = s[3];
        int inWord = channelTo(side);
        if (kind == LOSE || kind == DUPLICATE) {
            long ch = s[inWord];
            int code = slot(ch, index);
            if (kind == LOSE) {
                t[0] -= 1L << LOSS_SHIFT;
                t[inWord] = remove(ch, index);
                if (rec != null) {
                    rec.event = "lose";
                    rec.lost = code;
                }
            } else {
                t[0] -= 1L << DUP_SHIFT;
                t[inWord] = append(t, inWord, code);
                if (rec != null) {
                    rec.event = "duplicate";
                    rec.lost = 0;
                    rec.note = "duplicates " + AbstractSegment.decode(code);
                }
            }
            return true;
        }
        int seg = 0;
        if (kind == RECEIVE) {
            long ch = s[inWord];
            if (index >= count(ch)) {
                return false;
            }
            seg = slot(ch, index);
            t[inWord] = remove(ch, index);
            if (rec != null) {
                rec.received = seg;
            }
        } else if (kind == RTO || kind == TIME_WAIT) {
            // A timer fires only when nothing is in flight; 2MSL also waits for the peer's retransmissions to end.
            if (!networkEmpty(s) || (kind == TIME_WAIT && peerUnacknowledged(s[1 - side]))) {
                return false;
            }
        }
        long word = s[side] & AbstractTcb.TCB_MASK;
        long tcb;
        int n;
        boolean unrepresented;
        StepMemo memo = rec == null ? w.memo : null;
        int hit = memo == null ? -1 : memo.lookup(StepMemo.key(side, kind, word, seg));
        if (hit >= 0) {
            if (!memo.enabled(hit)) {
                return false;
            }
            tcb = memo.tcb(hit);
            n = memo.count(hit);
            for (int i = 0; i < n; i++) {
                w.out[i] = memo.segment(hit, i);
            }
            unrepresented = memo.unrepresented(hit);
        } else {
            boolean enabled = endpoint(side, kind, word, seg, w, rec);
            if (memo != null) {
                long key = StepMemo.key(side, kind, word, seg);
                if (enabled) {
                    memo.store(key, w.me.store(), w.out, w.n, w.unrepresented);
                } else {
                    memo.storeDisabled(key);
                }
            }
            if (!enabled) {
                return false;
            }
            tcb = w.me.store();
            n = w.n;
            unrepresented = w.unrepresented;
        }
        w.n = n;
        t[side] = (s[side] & ~AbstractTcb.TCB_MASK) | tcb;
        int outWord = channelTo(1 - side);
        for (int i = 0; i < n; i++) {
            t[outWord] = append(t, outWord, w.out[i]);
        }
        if (unrepresented) {
            t[0] |= 1L << UNREPRESENTED_BIT;
        }
        return true;
    }

    /** SND.UNA < SND.NXT in an endpoint's word: it has something unacknowledged. */
    private static boolean peerUnacknowledged(long word) {
        return ((int) (word >>> 12) & 0xF) < ((int) (word >>> 16) & 0xF);
    }

    /**
     * The endpoint's part of a step: whether its own state enables the user call or timer {@code kind} (an arrival,
     * {@code seg}, is always processed), and if so its new TCB in {@code w.me} and the segments it sends in
     * {@code w.out}. A pure function of the side, the kind, the TCB word and the segment.
     */
    private boolean endpoint(int side, int kind, long word, int seg, Work w, Rec rec) {
        EndpointConfig cfg = side == 0 ? a : b;
        AbstractTcb me = w.me;
        me.load(word);
        w.n = 0;
        w.unrepresented = false;
        TcpState st = CS[me.cs].state();
        Event ev;
        switch (kind) {
            case OPEN:
                if (cfg.start() != EndpointConfig.Start.ACTIVE || me.opened || st != TcpState.CLOSED) {
                    return false;
                }
                ev = Event.ACTIVE_OPEN;
                break;
            case SEND:
                if (me.toSend == 0 || me.closeCalled || !st.isSynchronized()) {
                    return false;
                }
                ev = Event.SEND;
                break;
            case CLOSE:
                if (cfg.closes() == EndpointConfig.Close.NEVER || me.closeCalled || me.toSend > 0
                        || (st != TcpState.CLOSE_WAIT
                        && (st != TcpState.ESTABLISHED || cfg.closes() == EndpointConfig.Close.PASSIVE))) {
                    return false;
                }
                ev = Event.CLOSE;
                break;
            case RECEIVE:
                compute(side, me, word, seg, w, rec);
                ev = null;
                break;
            case RTO:
                if (me.una >= me.nxt || !isTransition(side, me.cs, Event.RETRANSMISSION_TIMEOUT)) {
                    return false;
                }
                ev = Event.RETRANSMISSION_TIMEOUT;
                break;
            case TIME_WAIT:
                if (!isTransition(side, me.cs, Event.TIME_WAIT_TIMEOUT)) {
                    return false;
                }
                ev = Event.TIME_WAIT_TIMEOUT;
                break;
            default:
                return false;
        }
        if (ev != null) {
            apply(side, me, word, ev, seg, w, rec);
        }
        if (kind == SEND) {
            me.toSend--;
        } else if (kind == OPEN) {
            me.opened = true;
        } else if (kind == CLOSE) {
            me.closeCalled = true;
        }
        return true;
    }

    private boolean isTransition(int side, int cs, Event e) {
        return targets[side][cs][e.ordinal()] >= 0;
    }

    /**
     * A segment arrives (RFC 9293 §3.10.7): {@link Arrival#segmentArrives} processes it under the endpoint's profile,
     * over the reference TCB the abstract endpoint stands for ({@link SemanticsBridge}); its new TCB and the
     * segments it sends are written back. The step's projection is looked up in the endpoint's table: where a
     * variant's arcs differ from the profile's, the variant decides the state (a refusal keeps the state and sends
     * nothing), and the segment-sending actions it adds to the profile's arcs are performed on top (the merged
     * close's FIN, say). A TCB or segment the abstraction cannot represent sets the {@code abstraction} flag.
     */
    private void compute(int side, AbstractTcb me, long saved, int seg, Work w, Rec rec) {
        EndpointConfig cfg = side == 0 ? a : b;
        Profile p = cfg.profile();
        ConnectionState from = CS[me.cs];
        AbstractSegment in = AbstractSegment.decode(seg);
        Step step = arrival.arrive(p, SemanticsBridge.concrete(p, from, me), SemanticsBridge.concrete(p, in),
                SeqNum.of(me.iss), 0, Choices.reference()).getOrElseThrow((String e) -> new IllegalStateException(e));
        if (rec != null) {
            rec.event = step.projection().map(Event::label).mkString(", ");
            rec.note = step.rule();
        }
        ConnectionState ref = from;
        ConnectionState var = from;
        boolean overridden = false;
        Option<Reply> refused = Option.none();
        List<Action> refActions = List.empty();
        List<Action> varActions = List.empty();
        String varLabel = "";
        for (Event e : step.projection()) {
            Outcome r = p.table().step(ref, e);
            Outcome v = cfg.table().step(var, e);
            overridden |= !r.equals(v);
            if (r instanceof Outcome.Transition rt) {
                ref = rt.target();
                refActions = refActions.appendAll(rt.actions());
            }
            if (v instanceof Outcome.Transition vt) {
                var = vt.target();
                varActions = varActions.appendAll(vt.actions());
                varLabel = vt.actionLabel();
            } else if (refused.isEmpty()) {
                refused = Option.some(((Outcome.Refusal) v).reply());
            }
        }
        if (overridden && refused.isDefined()) {
            me.load(saved);
            w.n = 0;
            if (rec != null) {
                rec.note = refused.get().text();
            }
            return;
        }
        Option<String> lost = SemanticsBridge.abstractInto(p, step.tcb(), me);
        me.cs = index(step.tcb().state());
        TcpState to = step.tcb().tcpState();
        if ((to == TcpState.CLOSED || to == TcpState.LISTEN) && from.state() != to) {
            me.clearConnection();
        }
        for (io.github.tcpmodel.segment.Segment out : step.sent()) {
            Option<AbstractSegment> o = SemanticsBridge.abstracted(out);
            if (o.isEmpty()) {
                lost = lost.orElse(Option.some("a segment beyond the abstraction: " + out));
            } else {
                w.out[w.n++] = o.get().code();
            }
        }
        if (lost.isDefined()) {
            w.unrepresented = true;
            if (rec != null) {
                rec.note = rec.note + " [not represented: " + lost.get() + "]";
            }
        }
        if (overridden) {
            List<Action> extra = varActions;
            for (Action act : refActions) {
                extra = extra.remove(act);
            }
            for (Action act : extra) {
                perform(me, act, seg, w);
            }
            me.cs = index(var);
            if (var.state() == TcpState.CLOSED || (var.state() == TcpState.LISTEN && to != TcpState.LISTEN)) {
                me.clearConnection();
            }
            if (rec != null) {
                rec.note = varLabel;
            }
        }
        // The connection is reset when a RST makes it leave a synchronized or SYN state (§3.10.7.3, §3.10.7.4).
        TcpState now = CS[me.cs].state();
        if (in.rst() && from.state() != TcpState.CLOSED && from.state() != TcpState.LISTEN && !CS[me.cs].equals(from)) {
            me.reset = true;
        }
        if (from.state() == TcpState.TIME_WAIT && now == TcpState.TIME_WAIT
                && step.projection().contains(Event.RCV_FIN)) {
            me.reacked = true;
        }
    }

    private static int ackSegment(AbstractTcb me) {
        return 2 | me.nxt << 5 | me.rcv << 9;
    }

    /** Steps the table and turns its actions into segments and TCB updates. */
    private void apply(int side, AbstractTcb me, long saved, Event ev, int seg, Work w, Rec rec) {
        int target = targets[side][me.cs][ev.ordinal()];
        if (rec != null) {
            rec.event = ev.label();
        }
        if (target < 0) {
            Reply reply = ((Outcome.Refusal) outcomes[side][me.cs][ev.ordinal()]).reply();
            me.load(saved);
            w.n = 0;
            if (ev == Event.SEND && reply == Reply.CONNECTION_CLOSING && !me.closeCalled) {
                me.lostData = true;
            }
            if (rec != null) {
                rec.note = reply.text();
            }
            return;
        }
        Action[] acts = actions[side][me.cs][ev.ordinal()];
        TcpState from = CS[me.cs].state();
        for (Action act : acts) {
            perform(me, act, seg, w);
        }
        TcpState to = CS[target].state();
        if (rec != null) {
            rec.note = ((Outcome.Transition) outcomes[side][me.cs][ev.ordinal()]).actionLabel();
        }
        me.cs = target;
        if (to == TcpState.CLOSED || (to == TcpState.LISTEN && from != TcpState.CLOSED)) {
            me.clearConnection();
        }
    }

    /** The segments an action of the table sends for a user call or timer, with the TCB updates they imply. */
    private void perform(AbstractTcb me, Action act, int seg, Work w) {
        switch (act) {
            case SND_SYN -> {
                me.una = me.iss;
                me.nxt = me.iss + 1;
                w.out[w.n++] = 1 | me.iss << 5;
            }
            case SND_SYN_ACK -> {
                me.una = me.iss;
                me.nxt = me.iss + 1;
                w.out[w.n++] = 1 | 2 | me.iss << 5 | me.rcv << 9;
            }
            case SND_ACK, SND_CHALLENGE_ACK -> w.out[w.n++] = ackSegment(me);
            case SND_FIN -> {
                // An ACK just emitted in the same step rides on the FIN (a FIN always carries ACK).
                if (w.n > 0 && w.out[w.n - 1] == ackSegment(me)) {
                    w.n--;
                }
                w.out[w.n++] = 4 | 2 | me.nxt << 5 | me.rcv << 9;
                me.nxt++;
            }
            case SND_RST -> w.out[w.n++] = reset(me, seg);
            case SND_DATA -> {
                w.out[w.n++] = 16 | 2 | me.nxt << 5 | me.rcv << 9;
                me.nxt++;
                me.sent++;
            }
            case RETRANSMIT -> {
                w.out[w.n++] = segmentAt(me, me.una);
                me.retransmitted = true;
            }
            case SND_KEEPALIVE, CREATE_TCB, DELETE_TCB, QUEUE, DELIVER, START_TIME_WAIT_TIMER, FLUSH_QUEUES, TELL_OK,
                 TELL_RESET, TELL_REFUSED, TELL_CLOSING, TELL_ERROR_CLOSING, TELL_USER_TIMEOUT, TELL_STATE -> {
                // Nothing the abstraction keeps: no keep-alive timer; the TCB is forgotten by the state change.
            }
        }
    }

    /** RFC 9293 §3.10.7.1-3: {@code <SEQ=SEG.ACK><CTL=RST>}, or without ACK {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}; for ABORT {@code <SEQ=SND.NXT><CTL=RST>}. */
    private static int reset(AbstractTcb me, int seg) {
        if (seg == 0) {
            return 8 | me.nxt << 5;
        }
        if ((seg & 2) != 0) {
            return 8 | (seg >>> 9 & 0xF) << 5;
        }
        int len = (seg & 1) + (seg >>> 2 & 1) + (seg >>> 4 & 1);
        return 8 | 2 | Math.min(AbstractSegment.MAX_SEQ, (seg >>> 5 & 0xF) + len) << 9;
    }

    /** The segment that occupies sequence number {@code p} of this side's stream: SYN, a data unit, or FIN. */
    private int segmentAt(AbstractTcb me, int p) {
        TcpState st = CS[me.cs].state();
        if (p == me.iss) {
            return st == TcpState.SYN_SENT ? 1 | me.iss << 5 : 1 | 2 | me.iss << 5 | me.rcv << 9;
        }
        if (p <= me.iss + me.sent) {
            return 16 | 2 | p << 5 | me.rcv << 9;
        }
        return 4 | 2 | p << 5 | me.rcv << 9;
    }

    /**
     * The step {@code label} from {@code s} computed afresh, without the memo and without {@link #successors}'s
     * filter of user calls and timers: its target, or null when it is not enabled. For tests that check the fast path
     * against it.
     */
    long[] stepAfresh(long[] s, int label) {
        long[] t = new long[WIDTH];
        return step(s, label, t, new Work(), new Rec()) ? t : null;
    }

    // ---------------------------------------------------------------- traces

    @Override
    public List<String> sides(long[] s) {
        return List.of(side(s, 0), side(s, 1));
    }

    private static String side(long[] s, int side) {
        return CS[(int) s[side] & 0xF].rfcName();
    }

    @Override
    public TraceStep describe(long[] from, int label, long[] to) {
        Rec rec = new Rec();
        long[] t = new long[WIDTH];
        Work w = new Work();
        step(from, label, t, w, rec);
        int kind = label & 7;
        int side = label >>> 3 & 1;
        Actor who = side == 0 ? Actor.LEFT : Actor.RIGHT;
        String event;
        switch (kind) {
            case OPEN:
                event = "active OPEN";
                break;
            case SEND:
                event = "SEND";
                break;
            case CLOSE:
                event = "CLOSE";
                break;
            case RTO:
                event = "retransmission timeout";
                break;
            case TIME_WAIT:
                event = "Timeout=2MSL";
                break;
            default:
                event = rec.event;
                break;
        }
        if (kind == LOSE || kind == DUPLICATE) {
            return new TraceStep(Actor.NETWORK, event, Option.none(), List.empty(),
                    kind == LOSE ? Option.some(AbstractSegment.decode(rec.lost).toString()) : Option.none(), who, rec.note,
                    side(to, 0), side(to, 1));
        }
        List<String> sent = List.empty();
        for (int i = 0; i < w.n; i++) {
            sent = sent.append(AbstractSegment.decode(w.out[i]).toString());
        }
        return new TraceStep(who, event, kind == RECEIVE ? Option.some(AbstractSegment.decode(rec.received).toString())
                : Option.none(), sent, Option.none(), side == 0 ? Actor.RIGHT : Actor.LEFT, rec.note,
                side(to, 0), side(to, 1));
    }
}
