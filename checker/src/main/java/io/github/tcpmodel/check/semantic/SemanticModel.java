package io.github.tcpmodel.check.semantic;

import io.github.tcpmodel.check.Actor;
import io.github.tcpmodel.check.Invariant;
import io.github.tcpmodel.check.Model;
import io.github.tcpmodel.check.TraceStep;
import io.github.tcpmodel.check.tcp.ArrivalFunction;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.Notice;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.Timeouts;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.ReceiveVars;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.TreeSet;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Arrays;
import java.util.Objects;

/**
 * Two endpoints whose TCBs are the reference semantics' own {@link Tcb}s, stepped by {@link UserCalls}, {@link
 * io.github.tcpmodel.semantics.Arrival} (through an {@link ArrivalFunction}), {@link Timeouts} and {@link Emission}
 * under each endpoint's {@link Profile}, with real 32-bit sequence numbers, and a network channel per direction.
 *
 * <p><b>Steps</b> of an endpoint: the user's calls within its budgets (one active OPEN; SENDs of one octet each
 * before its CLOSE; RECEIVE whenever text awaits delivery; CLOSE once, after its SENDs and once nothing awaits
 * delivery, as a half-close: RFC 9293 §3.10.4's CLOSE, the user still holds the connection; ABORT); the
 * implementation emitting what is queued ({@link Emission#transmit}: as much as the MSS and the usable window admit,
 * else the FIN or a delayed ACK); the arrival of a segment (the oldest in the channel, or any with reordering),
 * with the ACK at once and, where the endpoint delays ACKs, also with the ACK delayed; and the timeouts. The
 * network loses and duplicates segments within its budgets.
 *
 * <p><b>Time</b> is abstracted into ordered events, each enabled by conditions the profile's bounds justify: a TCB
 * holds which timers are armed, not their deadlines, and every step runs at time 0. The retransmission timeout
 * fires only when nothing is in flight in either direction and the peer has no delayed ACK pending (the RTO, at
 * least 1 s, outlasts the round trip and the ACK delay, at most 0.5 s: RFC 6298 §2.4, RFC 9293 SHLD-18); the
 * profile's retry limits end the retransmissions (§3.8.3 R2). The 2 MSL timeout fires only when nothing is in
 * flight (MSL bounds a segment's life, §3.4.2) and, when the profile's 2 MSL outlasts the peer's whole
 * retransmission schedule, only once the peer has nothing unacknowledged (§3.6.1); with a shorter TIME-WAIT (Linux's
 * 60 s against 15 retries) it may expire before the peer's last retransmission. The user timeout and keep-alive
 * fire while armed within their budgets; a profile's orphaned FIN-WAIT-2 timer and the delayed-ACK timer (sending
 * a pending ACK) fire while armed.
 *
 * <p><b>Canonical states.</b> Every sequence number is stored relative to the ISS of the side whose sequence space
 * it belongs to (exact, and the same for ISNs near 0, 2^31 and 2^32); timer deadlines, the time of the last arrival
 * and the current RTO are dropped (time is the event order); when both endpoints and the segments in flight are
 * configured alike, a state and its mirror image (the sides swapped) are one state. A TCB, segment or queue the
 * encoding cannot hold exactly sets the {@code abstraction} flag, reported by the always-present invariant of that
 * name, so no run continues from a state the words do not represent.
 */
public final class SemanticModel implements Model {

    /** The most segments a channel holds. */
    public static final int MAX_CHANNEL = 4;
    /** The most segments a retransmission queue or a reassembly queue holds in the encoding. */
    static final int MAX_QUEUE = 5;

    private static final ConnectionState[] CS = ConnectionState.all().toJavaArray(ConnectionState[]::new);
    private static final Timer[] TIMERS = Timer.values();
    private static final int SEG_BITS = 32 + 32 + 5 + 17 + 8 + 17;
    private static final int TCB_BITS = 4 + 6 * 32 + 33 + 17 + 17 + 16 + 3 * 32 + 17 + 8 + 1 + 8 + 5 + 4 + 4
            + 5 + 3 + MAX_QUEUE * SEG_BITS + 3 + MAX_QUEUE * SEG_BITS;
    private static final int USER_BITS = 4 + 1 + 1 + 2 + 2 + 2 + 6 + 6 + 1 + 1 + 1;
    private static final int GLOBAL_BITS = 3 + 3 + 1 + 1;

    // step kinds (label bits 0-3), side (bit 4), index of a segment (bits 5-8), delayed ACK (bit 9)
    static final int OPEN = 0;
    static final int SEND = 1;
    static final int RECEIVE = 2;
    static final int CLOSE = 3;
    static final int ABORT = 4;
    static final int EMIT = 5;
    static final int RTO = 6;
    static final int USER_TIMEOUT = 7;
    static final int TIME_WAIT = 8;
    static final int KEEPALIVE = 9;
    static final int FIN_WAIT_2 = 10;
    static final int ARRIVE = 11;
    static final int LOSE = 12;
    static final int DUPLICATE = 13;

    private final String name;
    private final SemanticEndpoint[] ends;
    private final SemanticNetwork network;
    private final List<Segment> toB;
    private final List<Segment> toA;
    private final List<Invariant> invariants;
    private final ArrivalFunction arrival;
    private final boolean symmetric;
    private final boolean[] twoMslOutlastsPeer;
    private final Tcb[] start;
    private final int width;

    private SemanticModel(String name, SemanticEndpoint a, SemanticEndpoint b, SemanticNetwork network,
                          List<Segment> toB, List<Segment> toA, List<Invariant> invariants, ArrivalFunction arrival,
                          boolean symmetryAllowed) {
        this.name = name;
        this.ends = new SemanticEndpoint[] {a, b};
        this.network = network;
        this.toB = toB;
        this.toA = toA;
        this.invariants = invariants;
        this.arrival = arrival;
        this.symmetric = symmetryAllowed && a.equals(b) && toA.equals(toB);
        this.twoMslOutlastsPeer = new boolean[] {a.profile().timeWait() >= retransmissionSpan(b.profile()),
                b.profile().timeWait() >= retransmissionSpan(a.profile())};
        this.start = initialTcbs(a, b);
        this.width = (GLOBAL_BITS + 2 * (TCB_BITS + USER_BITS) + 2 * (3 + MAX_CHANNEL * SEG_BITS) + 63) / 64;
    }

    /**
     * A composition of endpoints {@code a} (left) and {@code b} (right) and a network, with segments already in flight
     * towards each at the start (an old duplicate SYN, an off-path RST), written with absolute sequence numbers.
     */
    public static SemanticModel of(String name, SemanticEndpoint a, SemanticEndpoint b, SemanticNetwork network,
                                   List<Segment> inFlightToB, List<Segment> inFlightToA) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(a, "a is null");
        Objects.requireNonNull(b, "b is null");
        Objects.requireNonNull(network, "network is null");
        Objects.requireNonNull(inFlightToB, "inFlightToB is null");
        Objects.requireNonNull(inFlightToA, "inFlightToA is null");
        if (inFlightToB.size() > network.capacity() || inFlightToA.size() > network.capacity()) {
            throw new IllegalArgumentException("more segments in flight than the network holds");
        }
        if ((a.opening() == SemanticEndpoint.Opening.ESTABLISHED) != (b.opening() == SemanticEndpoint.Opening.ESTABLISHED)) {
            throw new IllegalArgumentException("an ESTABLISHED endpoint needs an ESTABLISHED peer");
        }
        return new SemanticModel(name, a, b, network, inFlightToB, inFlightToA, List.empty(),
                ArrivalFunction.REFERENCE, true);
    }

    /** The same composition checking {@code extra} besides the always-present invariants. */
    public SemanticModel withInvariants(List<Invariant> extra) {
        return new SemanticModel(name, ends[0], ends[1], network, toB, toA, extra, arrival, symmetric);
    }

    /**
     * The same composition with {@code f} processing arriving segments in place of the reference semantics at both
     * endpoints: with one rule changed, a theorem that rests on it fails.
     */
    public SemanticModel withArrival(ArrivalFunction f) {
        return new SemanticModel(name, ends[0], ends[1], network, toB, toA, invariants,
                Objects.requireNonNull(f, "f is null"), symmetric);
    }

    /** The same composition without the symmetry reduction. */
    public SemanticModel withoutSymmetry() {
        return new SemanticModel(name, ends[0], ends[1], network, toB, toA, invariants, arrival, false);
    }

    /** Whether a state and its mirror image are one state (both endpoints and their in-flight segments alike). */
    public boolean symmetric() {
        return symmetric;
    }

    /** The left endpoint's configuration. */
    public SemanticEndpoint a() {
        return ends[0];
    }

    /** The right endpoint's configuration. */
    public SemanticEndpoint b() {
        return ends[1];
    }

    /**
     * The time from the first transmission of a segment to the connection's giving up on it: the profile's data
     * retransmission intervals, doubling from the initial RTO up to the largest (RFC 6298 §5.5, RFC 9293 §3.8.3 R2).
     */
    static long retransmissionSpan(Profile p) {
        long span = 0;
        for (int r = 0; r <= p.dataRetries(); r++) {
            span += Math.min(p.maxRto(), p.initialRto() << Math.min(r, 30));
        }
        return span;
    }

    private static Tcb[] initialTcbs(SemanticEndpoint a, SemanticEndpoint b) {
        SemanticEndpoint[] e = {a, b};
        Tcb[] t = new Tcb[2];
        if (a.opening() == SemanticEndpoint.Opening.ESTABLISHED) {
            // The handshake, run by the semantics themselves: A opens, B listens, SYN, SYN,ACK, ACK.
            Step openA = UserCalls.open(a.profile(), Tcb.closed(), false, true, Option.none(), SeqNum.of(a.iss()), 0)
                    .get();
            Step listenB = UserCalls.open(b.profile(), Tcb.closed(), true, false, Option.none(), SeqNum.of(b.iss()),
                    0).get();
            Step synB = io.github.tcpmodel.semantics.Arrival.segmentArrives(b.profile(), listenB.tcb(),
                    openA.sent().head(), SeqNum.of(b.iss()), 0, Choices.reference()).get();
            Step synAckA = io.github.tcpmodel.semantics.Arrival.segmentArrives(a.profile(), openA.tcb(),
                    synB.sent().head(), SeqNum.of(a.iss()), 0, Choices.reference()).get();
            Step ackB = io.github.tcpmodel.semantics.Arrival.segmentArrives(b.profile(), synB.tcb(),
                    synAckA.sent().head(), SeqNum.of(b.iss()), 0, Choices.reference()).get();
            if (!synAckA.tcb().is(TcpState.ESTABLISHED) || !ackB.tcb().is(TcpState.ESTABLISHED)) {
                throw new IllegalStateException("the handshake did not establish the connection");
            }
            t[0] = synAckA.tcb();
            t[1] = ackB.tcb();
            return t;
        }
        for (int i = 0; i < 2; i++) {
            t[i] = e[i].opening() == SemanticEndpoint.Opening.PASSIVE
                    ? UserCalls.open(e[i].profile(), Tcb.closed(), true, false, Option.none(), SeqNum.of(e[i].iss()),
                    0).get().tcb()
                    : Tcb.closed();
        }
        return t;
    }

    // ---------------------------------------------------------------- the decoded state

    /**
     * A state decoded: both TCBs (canonical: timers armed at 0, last arrival at 0, RTO the profile's initial one),
     * the users' bookkeeping, the channels (to A, to B) and the network's budgets.
     */
    public static final class World {
        final Tcb[] tcb = new Tcb[2];
        /** Per side: SENDs left, CLOSE called, opened, ABORTs left, user timeouts left, keep-alives left. */
        final int[] sendsLeft = new int[2];
        final boolean[] closeCalled = new boolean[2];
        final boolean[] opened = new boolean[2];
        final int[] abortsLeft = new int[2];
        final int[] userTimeoutsLeft = new int[2];
        final int[] keepalivesLeft = new int[2];
        /** Octets RECEIVE returned to the user. */
        final int[] delivered = new int[2];
        /** Octets the TCB took in order (RCV.NXT - IRS - 1, less a FIN), as last seen while it had a TCB. */
        final int[] received = new int[2];
        final boolean[] reset = new boolean[2];
        final boolean[] sendRefused = new boolean[2];
        final boolean[] reackedFin = new boolean[2];
        /** The segments travelling to side 0 (A) and to side 1 (B). */
        @SuppressWarnings("unchecked")
        final List<Segment>[] channel = new List[] {List.empty(), List.empty()};
        int lossesLeft;
        int duplicatesLeft;
        boolean overflow;
        boolean unrepresented;

        World copy() {
            World w = new World();
            System.arraycopy(tcb, 0, w.tcb, 0, 2);
            System.arraycopy(sendsLeft, 0, w.sendsLeft, 0, 2);
            System.arraycopy(closeCalled, 0, w.closeCalled, 0, 2);
            System.arraycopy(opened, 0, w.opened, 0, 2);
            System.arraycopy(abortsLeft, 0, w.abortsLeft, 0, 2);
            System.arraycopy(userTimeoutsLeft, 0, w.userTimeoutsLeft, 0, 2);
            System.arraycopy(keepalivesLeft, 0, w.keepalivesLeft, 0, 2);
            System.arraycopy(delivered, 0, w.delivered, 0, 2);
            System.arraycopy(received, 0, w.received, 0, 2);
            System.arraycopy(reset, 0, w.reset, 0, 2);
            System.arraycopy(sendRefused, 0, w.sendRefused, 0, 2);
            System.arraycopy(reackedFin, 0, w.reackedFin, 0, 2);
            w.channel[0] = channel[0];
            w.channel[1] = channel[1];
            w.lossesLeft = lossesLeft;
            w.duplicatesLeft = duplicatesLeft;
            w.overflow = overflow;
            w.unrepresented = unrepresented;
            return w;
        }

        /** Side {@code side}'s TCB. */
        public Tcb tcb(int side) {
            return tcb[side];
        }

        /** Side {@code side}'s connection state. */
        public TcpState state(int side) {
            return tcb[side].tcpState();
        }

        /** The segments in flight towards side {@code side}, oldest first. */
        public List<Segment> towards(int side) {
            return channel[side];
        }

        /** Whether nothing is in flight in either direction. */
        public boolean networkEmpty() {
            return channel[0].isEmpty() && channel[1].isEmpty();
        }

        /** The octets side {@code side}'s user has received by RECEIVE. */
        public int delivered(int side) {
            return delivered[side];
        }

        /** The octets side {@code side}'s TCB has taken in order (RCV.NXT - IRS - 1, less the peer's FIN). */
        public int received(int side) {
            return received[side];
        }

        /** Whether side {@code side}'s connection was ended by a RST it received. */
        public boolean reset(int side) {
            return reset[side];
        }

        /** Whether a SEND of side {@code side}'s user, made before its own CLOSE, was refused. */
        public boolean sendRefused(int side) {
            return sendRefused[side];
        }

        /** Whether side {@code side} acknowledged a retransmitted FIN from TIME-WAIT. */
        public boolean reackedFin(int side) {
            return reackedFin[side];
        }

        /** Whether side {@code side}'s user has called CLOSE. */
        public boolean closeCalled(int side) {
            return closeCalled[side];
        }

        /** Whether side {@code side}'s user has opened its connection. */
        public boolean opened(int side) {
            return opened[side];
        }

        /** SENDs side {@code side}'s user still has to make. */
        public int sendsLeft(int side) {
            return sendsLeft[side];
        }
    }

    /** Decodes {@code state}. */
    public World view(long[] state) {
        return decode(state);
    }

    // ---------------------------------------------------------------- Model

    @Override
    public String name() {
        return name;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void initial(Sink sink) {
        World w = new World();
        for (int i = 0; i < 2; i++) {
            w.tcb[i] = canonical(ends[i].profile(), start[i]);
            w.sendsLeft[i] = ends[i].sends();
            w.opened[i] = ends[i].opening() != SemanticEndpoint.Opening.ACTIVE;
            w.abortsLeft[i] = ends[i].aborts();
            w.userTimeoutsLeft[i] = ends[i].userTimeouts();
            w.keepalivesLeft[i] = ends[i].keepalives();
        }
        w.channel[1] = toB;
        w.channel[0] = toA;
        w.lossesLeft = network.losses();
        w.duplicatesLeft = network.duplicates();
        sink.accept(-1, canonicalWords(w));
    }

    @Override
    public void successors(long[] state, Sink sink) {
        World w = decode(state);
        if (w.unrepresented || w.overflow) {
            return;
        }
        for (int label : labels(w)) {
            Result r = apply(w, label);
            if (r != null) {
                sink.accept(label, canonicalWords(r.world));
            }
        }
    }

    @Override
    public List<Invariant> invariants() {
        return List.of(
                new Invariant("capacity", "no segment is sent into a full channel",
                        s -> !decode(s).overflow),
                new Invariant("abstraction", "every TCB and segment is represented exactly by the encoding",
                        s -> !decode(s).unrepresented))
                .appendAll(invariants);
    }

    @Override
    public boolean hasEndStates() {
        return true;
    }

    /**
     * Quiescent: nothing in flight, nothing queued or unacknowledged, no user call left to make and no step
     * possible, both sides in CLOSED, LISTEN, ESTABLISHED, FIN-WAIT-2 or CLOSE-WAIT.
     */
    @Override
    public boolean quiescent(long[] state) {
        World w = decode(state);
        if (!w.networkEmpty()) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            Tcb t = w.tcb[i];
            boolean rest = switch (t.tcpState()) {
                case CLOSED, LISTEN, ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT -> true;
                case SYN_SENT, SYN_RECEIVED, FIN_WAIT_1, CLOSING, LAST_ACK, TIME_WAIT -> false;
            };
            if (!rest || t.sendQueue() > 0 || !t.retransmission().isEmpty() || w.sendsLeft[i] > 0) {
                return false;
            }
        }
        return labels(w).isEmpty();
    }

    @Override
    public List<String> sides(long[] state) {
        World w = decode(state);
        return List.of(side(w, 0), side(w, 1));
    }

    private static String side(World w, int i) {
        return w.tcb[i].state().rfcName();
    }

    @Override
    public TraceStep describe(long[] from, int label, long[] to) {
        World w = decode(from);
        Result r = apply(w, label);
        int kind = label & 15;
        int side = (label >> 4) & 1;
        Actor who = side == 0 ? Actor.LEFT : Actor.RIGHT;
        World after = r == null ? decode(to) : r.world;
        String left = side(after, 0);
        String right = side(after, 1);
        if (kind == LOSE || kind == DUPLICATE) {
            Segment g = w.channel[side].get((label >> 5) & 15);
            return new TraceStep(Actor.NETWORK, kind == LOSE ? "lose" : "duplicate", Option.none(), List.empty(),
                    kind == LOSE ? Option.some(rfc(g)) : Option.none(), who,
                    kind == LOSE ? "" : "a copy of " + rfc(g), left, right);
        }
        String event = switch (kind) {
            case OPEN -> "active OPEN";
            case SEND -> "SEND 1 octet";
            case RECEIVE -> "RECEIVE";
            case CLOSE -> "CLOSE";
            case ABORT -> "ABORT";
            case EMIT -> "transmit";
            case RTO -> "retransmission timeout";
            case USER_TIMEOUT -> "user timeout";
            case TIME_WAIT -> "Timeout=2MSL";
            case KEEPALIVE -> "keep-alive timeout";
            case FIN_WAIT_2 -> "FIN-WAIT-2 timeout";
            case ARRIVE -> "rcv " + describe(w.channel[side].get((label >> 5) & 15))
                    + ((label >> 9 & 1) == 1 ? " (ACK delayed)" : "");
            default -> "step " + kind;
        };
        Option<String> received = kind == ARRIVE
                ? Option.some(rfc(w.channel[side].get((label >> 5) & 15))) : Option.none();
        List<String> sent = r == null ? List.empty() : r.sent.map(SemanticModel::rfc);
        String note = r == null ? "" : r.rule + (r.told.isEmpty() ? "" : " [" + r.told.map(Notice::text)
                .mkString(", ") + "]");
        return new TraceStep(who, event, received, sent, Option.none(), who, note, left, right);
    }

    /**
     * A segment in the RFC's notation as traces carry it ({@code <SEQ=4294967295><ACK=2147483648><CTL=FIN,ACK>},
     * {@code <DATA>} when it carries text); the window and the MSS option are left out.
     */
    static String rfc(Segment g) {
        List<String> ctl = List.of(Control.SYN, Control.FIN, Control.RST, Control.ACK).filter(g::has)
                .map(Control::name);
        return "<SEQ=" + g.seq() + ">" + (g.isAck() ? "<ACK=" + g.ack() + ">" : "") + "<CTL=" + ctl.mkString(",")
                + ">" + (g.dataLength() > 0 ? "<DATA>" : "");
    }

    private static String describe(Segment g) {
        String ctl = List.of(Control.SYN, Control.FIN, Control.RST, Control.ACK).filter(g::has).mkString(",");
        return ctl + (g.dataLength() > 0 ? " (" + g.dataLength() + " octets)" : "");
    }

    // ---------------------------------------------------------------- steps

    /** The result of a step: the next world (not yet canonical), the segments sent, the rule and the notices. */
    private record Result(World world, List<Segment> sent, String rule, List<Notice> told) {
    }

    /** The labels of every step enabled in {@code w}. */
    private List<Integer> labels(World w) {
        List<Integer> out = List.empty();
        for (int side = 0; side < 2; side++) {
            SemanticEndpoint e = ends[side];
            Tcb t = w.tcb[side];
            TcpState st = t.tcpState();
            int peer = 1 - side;
            int s4 = side << 4;
            if (e.opening() == SemanticEndpoint.Opening.ACTIVE && !w.opened[side] && st == TcpState.CLOSED) {
                out = out.append(OPEN | s4);
            }
            if (w.sendsLeft[side] > 0 && !w.closeCalled[side] && w.opened[side] && st != TcpState.CLOSED
                    && st != TcpState.LISTEN) {
                out = out.append(SEND | s4);
            }
            if (e.receives() && t.undelivered() > 0 && switch (st) {
                case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> true;
                case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, CLOSING, LAST_ACK, TIME_WAIT -> false;
            }) {
                out = out.append(RECEIVE | s4);
            }
            boolean mayClose = switch (e.closing()) {
                case NEVER -> false;
                case ACTIVE -> st == TcpState.ESTABLISHED || st == TcpState.CLOSE_WAIT;
                case PASSIVE -> st == TcpState.CLOSE_WAIT;
            };
            if (mayClose && !w.closeCalled[side] && w.sendsLeft[side] == 0 && (!e.receives() || t.undelivered() == 0)) {
                out = out.append(CLOSE | s4);
            }
            if (w.abortsLeft[side] > 0 && st != TcpState.CLOSED) {
                out = out.append(ABORT | s4);
            }
            if (st.isSynchronized() && (t.sendQueue() > 0 || t.ackPending()
                    || (t.closeQueued() && t.snd().fin().isEmpty()))) {
                out = out.append(EMIT | s4);
            }
            boolean quiet = w.networkEmpty();
            if (t.timers().containsKey(Timer.RETRANSMISSION) && quiet && !w.tcb[peer].ackPending()) {
                out = out.append(RTO | s4);
            }
            if (t.timers().containsKey(Timer.USER) && w.userTimeoutsLeft[side] > 0) {
                out = out.append(USER_TIMEOUT | s4);
            }
            if (t.timers().containsKey(Timer.TIME_WAIT) && quiet
                    && (!twoMslOutlastsPeer[side] || w.tcb[peer].retransmission().isEmpty())) {
                out = out.append(TIME_WAIT | s4);
            }
            if (t.timers().containsKey(Timer.KEEPALIVE) && quiet && w.keepalivesLeft[side] > 0) {
                out = out.append(KEEPALIVE | s4);
            }
            if (t.timers().containsKey(Timer.FIN_WAIT_2) && quiet) {
                out = out.append(FIN_WAIT_2 | s4);
            }
            List<Segment> in = w.channel[side];
            int n = network.reorder() ? in.size() : Math.min(1, in.size());
            for (int i = 0; i < n; i++) {
                out = out.append(ARRIVE | s4 | i << 5);
                if (e.delayedAcks()) {
                    out = out.append(ARRIVE | s4 | i << 5 | 1 << 9);
                }
            }
            for (int i = 0; i < in.size(); i++) {
                if (w.lossesLeft > 0) {
                    out = out.append(LOSE | s4 | i << 5);
                }
                if (w.duplicatesLeft > 0 && in.size() < network.capacity()) {
                    out = out.append(DUPLICATE | s4 | i << 5);
                }
            }
        }
        return out;
    }

    /** Takes step {@code label} from {@code w}; null when the semantics refuse it (an error value). */
    private Result apply(World w0, int label) {
        int kind = label & 15;
        int side = (label >> 4) & 1;
        int index = (label >> 5) & 15;
        boolean delayed = (label >> 9 & 1) == 1;
        SemanticEndpoint e = ends[side];
        Profile p = e.profile();
        SeqNum iss = SeqNum.of(e.iss());
        World w = w0.copy();
        Tcb t = w.tcb[side];
        Either<String, Step> step;
        Segment arrived = null;
        switch (kind) {
            case LOSE -> {
                w.channel[side] = w.channel[side].removeAt(index);
                w.lossesLeft--;
                return new Result(w, List.empty(), "", List.empty());
            }
            case DUPLICATE -> {
                w.channel[side] = w.channel[side].append(w.channel[side].get(index));
                w.duplicatesLeft--;
                return new Result(w, List.empty(), "", List.empty());
            }
            case OPEN -> {
                w.opened[side] = true;
                step = UserCalls.open(p, t, false, true, Option.none(), iss, 0);
            }
            case SEND -> {
                w.sendsLeft[side]--;
                step = UserCalls.send(p, t, 1, iss, 0, Choices.reference());
            }
            case RECEIVE -> step = UserCalls.receive(p, t, Long.MAX_VALUE, 0);
            case CLOSE -> {
                w.closeCalled[side] = true;
                step = UserCalls.halfClose(p, t, 0);
            }
            case ABORT -> {
                w.abortsLeft[side]--;
                step = UserCalls.abort(p, t, 0);
            }
            case EMIT -> {
                long room = Math.min(t.sendQueue(), Math.min(t.snd().mss(), t.snd().usable()));
                step = Emission.transmit(p, t, (int) room, 0);
            }
            case RTO -> step = Timeouts.expire(p, t, Timer.RETRANSMISSION, 0, Choices.reference());
            case USER_TIMEOUT -> {
                w.userTimeoutsLeft[side] -= w.userTimeoutsLeft[side] == SemanticEndpoint.UNBOUNDED ? 0 : 1;
                step = Timeouts.expire(p, t, Timer.USER, 0, Choices.reference());
            }
            case TIME_WAIT -> step = Timeouts.expire(p, t, Timer.TIME_WAIT, 0, Choices.reference());
            case KEEPALIVE -> {
                w.keepalivesLeft[side] -= w.keepalivesLeft[side] == SemanticEndpoint.UNBOUNDED ? 0 : 1;
                step = Timeouts.expire(p, t, Timer.KEEPALIVE, 0, Choices.reference());
            }
            case FIN_WAIT_2 -> step = Timeouts.expire(p, t, Timer.FIN_WAIT_2, 0, Choices.reference());
            case ARRIVE -> {
                arrived = w.channel[side].get(index);
                w.channel[side] = w.channel[side].removeAt(index);
                step = arrival.arrive(p, t, arrived, iss, 0,
                        delayed ? Choices.reference().delayingAcks() : Choices.reference());
            }
            default -> throw new IllegalArgumentException("no step " + label);
        }
        if (step.isLeft()) {
            return null;
        }
        Step s = step.get();
        if (delayed && !s.tcb().ackPending()) {
            // The ACK was not delayable here (a FIN, the handshake): the same step as with the ACK at once.
            return null;
        }
        Tcb after = s.tcb();
        List<Segment> sent = s.sent();
        String rule = s.rule();
        List<Notice> told = s.told();
        // The broken variants rewrite what the semantics did.
        switch (e.variant()) {
            case NONE -> { }
            case TWO_WAY_HANDSHAKE -> {
                if (after.is(TcpState.SYN_RECEIVED) && !t.is(TcpState.SYN_RECEIVED)) {
                    after = after.withState(ConnectionState.of(TcpState.ESTABLISHED));
                    rule = rule + "; two-way handshake: ESTABLISHED once the SYN,ACK is sent";
                }
            }
            case NO_TIME_WAIT -> {
                if (after.is(TcpState.TIME_WAIT)) {
                    after = Tcb.closed();
                    rule = rule + "; no TIME-WAIT: delete the TCB";
                }
            }
            case MERGED_CLOSE -> {
                if (kind == ARRIVE && after.is(TcpState.CLOSE_WAIT) && !t.is(TcpState.CLOSE_WAIT)) {
                    Either<String, Step> fin = UserCalls.halfClose(p, after, 0);
                    if (fin.isRight()) {
                        after = fin.get().tcb();
                        sent = sent.appendAll(fin.get().sent());
                        rule = rule + "; merged close: the FIN goes with the ACK";
                    }
                }
            }
        }
        if (kind == SEND && told.contains(Notice.ERROR_CONNECTION_CLOSING)) {
            w.sendRefused[side] = true;
        }
        if (kind == RECEIVE) {
            w.delivered[side] += (int) s.delivered();
        }
        if (kind == ARRIVE && arrived.rst() && !after.state().equals(t.state())) {
            w.reset[side] = true;
        }
        if (kind == ARRIVE && t.is(TcpState.TIME_WAIT) && after.is(TcpState.TIME_WAIT) && arrived.fin()
                && !sent.isEmpty()) {
            w.reackedFin[side] = true;
        }
        w.tcb[side] = canonical(p, after);
        receivedInOrder(w, side);
        List<Segment> out = w.channel[1 - side].appendAll(sent);
        if (out.size() > network.capacity()) {
            w.overflow = true;
            out = out.take(network.capacity());
        }
        w.channel[1 - side] = out;
        return new Result(w, sent, rule, told);
    }

    /** Records the octets side {@code side}'s TCB has taken in order, while it has a receive sequence. */
    private static void receivedInOrder(World w, int side) {
        Tcb t = w.tcb[side];
        boolean finReceived = switch (t.tcpState()) {
            case CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> false;
        };
        boolean hasRcvNxt = switch (t.tcpState()) {
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED -> false;
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
        };
        if (hasRcvNxt) {
            long n = t.rcv().nxt().offsetFrom(t.rcv().irs()) - 1 - (finReceived ? 1 : 0);
            w.received[side] = (int) Math.max(0, Math.min(63, n));
        }
    }

    /** The TCB with time dropped: every armed timer at 0, the last arrival at 0, the profile's initial RTO. */
    static Tcb canonical(Profile p, Tcb t) {
        if (t.is(TcpState.CLOSED)) {
            return Tcb.closed();
        }
        Map<Timer, Long> timers = HashMap.empty();
        for (Timer k : t.timers().keySet()) {
            timers = timers.put(k, 0L);
        }
        return t.withTimers(timers).withLastReceived(0).withRto(p.initialRto());
    }

    // ---------------------------------------------------------------- encoding

    private long[] canonicalWords(World w) {
        long[] words = encode(w, false);
        if (symmetric) {
            long[] mirror = encode(w, true);
            if (Arrays.compareUnsigned(mirror, words) < 0) {
                return mirror;
            }
        }
        return words;
    }

    /** A cursor writing and reading bit fields over words. */
    private static final class Bits {
        final long[] words;
        int pos;

        Bits(long[] words) {
            this.words = words;
        }

        void put(long v, int n) {
            long x = v & ((1L << n) - 1);
            int i = pos >>> 6;
            int off = pos & 63;
            words[i] |= x << off;
            if (off + n > 64) {
                words[i + 1] |= x >>> (64 - off);
            }
            pos += n;
        }

        long get(int n) {
            int i = pos >>> 6;
            int off = pos & 63;
            long v = words[i] >>> off;
            if (off + n > 64) {
                v |= words[i + 1] << (64 - off);
            }
            pos += n;
            return v & ((1L << n) - 1);
        }
    }

    private static long rel(SeqNum v, long base) {
        return Math.floorMod(v.value() - base, SeqNum.MODULUS);
    }

    private static SeqNum abs(long rel, long base) {
        return SeqNum.of(Math.floorMod(rel + base, SeqNum.MODULUS));
    }

    private long[] encode(World w, boolean mirror) {
        long[] words = new long[width];
        Bits b = new Bits(words);
        boolean unrepresented = w.unrepresented;
        b.put(w.lossesLeft, 3);
        b.put(w.duplicatesLeft, 3);
        b.put(w.overflow ? 1 : 0, 1);
        int unrepresentedAt = b.pos;
        b.put(0, 1);
        for (int k = 0; k < 2; k++) {
            int i = mirror ? 1 - k : k;
            int at = b.pos;
            boolean exact = putTcb(b, w.tcb[i], ends[i].iss(), ends[1 - i].iss());
            // Exactness is checked, not assumed: the TCB read back must be the TCB written.
            Bits back = new Bits(words);
            back.pos = at;
            unrepresented |= !exact || !getTcb(back, ends[i].profile(), ends[i].iss(), ends[1 - i].iss())
                    .equals(w.tcb[i]);
            b.put(w.sendsLeft[i], 4);
            b.put(w.closeCalled[i] ? 1 : 0, 1);
            b.put(w.opened[i] ? 1 : 0, 1);
            b.put(w.abortsLeft[i], 2);
            b.put(w.userTimeoutsLeft[i], 2);
            b.put(w.keepalivesLeft[i], 2);
            b.put(Math.min(63, w.delivered[i]), 6);
            b.put(w.received[i], 6);
            b.put(w.reset[i] ? 1 : 0, 1);
            b.put(w.sendRefused[i] ? 1 : 0, 1);
            b.put(w.reackedFin[i] ? 1 : 0, 1);
        }
        for (int k = 0; k < 2; k++) {
            int i = mirror ? 1 - k : k;
            // Segments towards side i: SEG.SEQ in the sender's (1 - i) space, SEG.ACK in i's.
            int at = b.pos;
            boolean exact = putSegments(b, w.channel[i], MAX_CHANNEL, ends[1 - i].iss(), ends[i].iss());
            Bits back = new Bits(words);
            back.pos = at;
            unrepresented |= !exact || !getSegments(back, MAX_CHANNEL, ends[1 - i].iss(), ends[i].iss())
                    .equals(w.channel[i]);
        }
        if (unrepresented) {
            words[unrepresentedAt >>> 6] |= 1L << (unrepresentedAt & 63);
        }
        return words;
    }

    /**
     * The state last decoded on this thread: the explorer asks for the successors, each invariant and the end-state
     * test of one state in turn, and decoding builds the TCBs anew. Sound because decoding is a function of the
     * words and a decoded world is never changed ({@link #apply} works on a copy).
     */
    private final ThreadLocal<Object[]> lastDecoded = ThreadLocal.withInitial(() -> new Object[2]);

    private World decode(long[] words) {
        Object[] last = lastDecoded.get();
        if (last[0] instanceof long[] w && Arrays.equals(w, words)) {
            return (World) last[1];
        }
        World fresh = decodeWords(words);
        last[0] = words.clone();
        last[1] = fresh;
        return fresh;
    }

    private World decodeWords(long[] words) {
        Bits b = new Bits(words);
        World w = new World();
        w.lossesLeft = (int) b.get(3);
        w.duplicatesLeft = (int) b.get(3);
        w.overflow = b.get(1) == 1;
        w.unrepresented = b.get(1) == 1;
        for (int i = 0; i < 2; i++) {
            w.tcb[i] = getTcb(b, ends[i].profile(), ends[i].iss(), ends[1 - i].iss());
            w.sendsLeft[i] = (int) b.get(4);
            w.closeCalled[i] = b.get(1) == 1;
            w.opened[i] = b.get(1) == 1;
            w.abortsLeft[i] = (int) b.get(2);
            w.userTimeoutsLeft[i] = (int) b.get(2);
            w.keepalivesLeft[i] = (int) b.get(2);
            w.delivered[i] = (int) b.get(6);
            w.received[i] = (int) b.get(6);
            w.reset[i] = b.get(1) == 1;
            w.sendRefused[i] = b.get(1) == 1;
            w.reackedFin[i] = b.get(1) == 1;
        }
        for (int i = 0; i < 2; i++) {
            w.channel[i] = getSegments(b, MAX_CHANNEL, ends[1 - i].iss(), ends[i].iss());
        }
        return w;
    }

    /**
     * Why the canonical form of {@code t} (a TCB of side {@code side}) cannot be held exactly by the encoding: the TCB
     * read back next to the TCB written; empty when it can.
     */
    Option<String> unrepresentable(int side, Tcb t) {
        long[] words = new long[(TCB_BITS + 63) / 64 + 1];
        Bits b = new Bits(words);
        Tcb c = canonical(ends[side].profile(), t);
        boolean exact = putTcb(b, c, ends[side].iss(), ends[1 - side].iss());
        b.pos = 0;
        Tcb back = getTcb(b, ends[side].profile(), ends[side].iss(), ends[1 - side].iss());
        return exact && back.equals(c) ? Option.none() : Option.some("written " + c + "\nread    " + back);
    }

    /** Writes {@code t}; false when it cannot be held exactly (the fields written are then truncated). */
    private static boolean putTcb(Bits b, Tcb t, long own, long peer) {
        int start = b.pos;
        b.put(t.state().index(), 4);
        if (t.is(TcpState.CLOSED)) {
            b.pos = start + TCB_BITS;
            return t.equals(Tcb.closed());
        }
        boolean ok = true;
        SendVars s = t.snd();
        b.put(rel(s.iss(), own), 32);
        b.put(rel(s.una(), own), 32);
        b.put(rel(s.nxt(), own), 32);
        b.put(rel(s.wl1(), peer), 32);
        b.put(rel(s.wl2(), own), 32);
        b.put(s.fin().isDefined() ? 1 : 0, 1);
        b.put(s.fin().map(f -> rel(f, own)).getOrElse(0L), 32);
        ok &= s.wnd() >= 0 && s.wnd() < 1 << 17 && s.maxWnd() >= 0 && s.maxWnd() < 1 << 17;
        b.put(s.wnd(), 17);
        b.put(s.maxWnd(), 17);
        ok &= s.mss() < 1 << 16;
        b.put(s.mss(), 16);
        ReceiveVars r = t.rcv();
        b.put(rel(r.irs(), peer), 32);
        b.put(rel(r.nxt(), peer), 32);
        b.put(rel(r.up(), peer), 32);
        ok &= r.wnd() < 1 << 17;
        b.put(r.wnd(), 17);
        ok &= t.sendQueue() < 256 && t.undelivered() < 256 && t.retries() < 32 && t.probes() < 16;
        b.put(t.sendQueue(), 8);
        b.put(t.closeQueued() ? 1 : 0, 1);
        b.put(t.undelivered(), 8);
        b.put(t.retries(), 5);
        b.put(t.probes(), 4);
        int timers = 0;
        for (Timer k : t.timers().keySet()) {
            timers |= 1 << k.ordinal();
        }
        b.put(timers, 5);
        b.put((t.remoteSpecified() ? 1 : 0) | (t.ackPending() ? 2 : 0) | (t.orphaned() ? 4 : 0), 3);
        ok &= putSegments(b, t.retransmission(), MAX_QUEUE, own, peer);
        ok &= putSegments(b, t.reassembly(), MAX_QUEUE, peer, own);
        // Without options only Last.ACK.sent (RFC 7323 §4.3) may be set; it is a sequence number of the peer's.
        b.put(rel(t.negotiated().lastAckSent(), peer), 32);
        ok &= t.negotiated().equals(Negotiated.NONE.withLastAckSent(t.negotiated().lastAckSent()));
        return ok;
    }

    private static Tcb getTcb(Bits b, Profile p, long own, long peer) {
        int start = b.pos;
        ConnectionState cs = CS[(int) b.get(4)];
        if (cs.state() == TcpState.CLOSED) {
            b.pos = start + TCB_BITS;
            return Tcb.closed();
        }
        SeqNum iss = abs(b.get(32), own);
        SeqNum una = abs(b.get(32), own);
        SeqNum nxt = abs(b.get(32), own);
        SeqNum wl1 = abs(b.get(32), peer);
        SeqNum wl2 = abs(b.get(32), own);
        boolean hasFin = b.get(1) == 1;
        SeqNum fin = abs(b.get(32), own);
        long wnd = b.get(17);
        long maxWnd = b.get(17);
        int mss = (int) b.get(16);
        SendVars s = new SendVars(iss, una, nxt, wnd, wl1, wl2, maxWnd, mss, hasFin ? Option.some(fin) : Option.none());
        SeqNum irs = abs(b.get(32), peer);
        SeqNum rnxt = abs(b.get(32), peer);
        SeqNum up = abs(b.get(32), peer);
        long rwnd = b.get(17);
        ReceiveVars r = new ReceiveVars(irs, rnxt, rwnd, up);
        long sendQueue = b.get(8);
        boolean closeQueued = b.get(1) == 1;
        long undelivered = b.get(8);
        int retries = (int) b.get(5);
        int probes = (int) b.get(4);
        int timerBits = (int) b.get(5);
        Map<Timer, Long> timers = HashMap.empty();
        for (Timer k : TIMERS) {
            if ((timerBits >> k.ordinal() & 1) != 0) {
                timers = timers.put(k, 0L);
            }
        }
        int flags = (int) b.get(3);
        List<Segment> rtx = getSegments(b, MAX_QUEUE, own, peer);
        List<Segment> held = getSegments(b, MAX_QUEUE, peer, own);
        Negotiated n = Negotiated.NONE.withLastAckSent(abs(b.get(32), peer));
        return new Tcb(cs, s, r, sendQueue, closeQueued, rtx, undelivered, held, timers, 0, retries, probes,
                p.initialRto(), p.userTimeout(), (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, n);
    }

    private static boolean putSegments(Bits b, List<Segment> segs, int max, long seqBase, long ackBase) {
        boolean ok = segs.size() <= max;
        b.put(Math.min(segs.size(), 7), 3);
        int start = b.pos;
        for (Segment g : segs.take(max)) {
            ok &= putSegment(b, g, seqBase, ackBase);
        }
        b.pos = start + max * SEG_BITS;
        return ok;
    }

    private static List<Segment> getSegments(Bits b, int max, long seqBase, long ackBase) {
        int n = (int) b.get(3);
        int start = b.pos;
        List<Segment> out = List.empty();
        for (int i = 0; i < Math.min(n, max); i++) {
            out = out.append(getSegment(b, seqBase, ackBase));
        }
        b.pos = start + max * SEG_BITS;
        return out;
    }

    private static boolean putSegment(Bits b, Segment g, long seqBase, long ackBase) {
        b.put(rel(g.seq(), seqBase), 32);
        b.put(rel(g.ack(), ackBase), 32);
        int ctl = 0;
        for (Control c : g.controls()) {
            ctl |= switch (c) {
                case ACK -> 1;
                case PSH -> 2;
                case RST -> 4;
                case SYN -> 8;
                case FIN -> 16;
                case URG -> 32;
            };
        }
        b.put(ctl & 31, 5);
        b.put(g.window(), 17);
        b.put(g.dataLength(), 8);
        Option<Integer> mss = g.mss();
        b.put(mss.isDefined() ? 1 : 0, 1);
        b.put(mss.getOrElse(0), 16);
        boolean mssOnly = g.options().size() == (mss.isDefined() ? 1 : 0);
        return (ctl & 32) == 0 && g.window() < 1 << 17 && g.dataLength() < 256 && g.urgent() == 0
                && g.data().isEmpty() && mssOnly && g.ecn().isEmpty();
    }

    private static Segment getSegment(Bits b, long seqBase, long ackBase) {
        SeqNum seq = abs(b.get(32), seqBase);
        SeqNum ack = abs(b.get(32), ackBase);
        int ctl = (int) b.get(5);
        long window = b.get(17);
        int len = (int) b.get(8);
        boolean hasMss = b.get(1) == 1;
        int mss = (int) b.get(16);
        io.vavr.collection.Set<Control> controls = TreeSet.empty();
        if ((ctl & 1) != 0) {
            controls = controls.add(Control.ACK);
        }
        if ((ctl & 2) != 0) {
            controls = controls.add(Control.PSH);
        }
        if ((ctl & 4) != 0) {
            controls = controls.add(Control.RST);
        }
        if ((ctl & 8) != 0) {
            controls = controls.add(Control.SYN);
        }
        if ((ctl & 16) != 0) {
            controls = controls.add(Control.FIN);
        }
        return new Segment(seq, ack, controls, window, 0, len, Option.none(),
                hasMss ? Option.some(mss) : Option.none());
    }
}
