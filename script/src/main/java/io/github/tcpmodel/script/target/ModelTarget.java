package io.github.tcpmodel.script.target;

import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.CallResult;
import io.github.tcpmodel.script.Errno;
import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.OptionValue;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.SocketCall;
import io.github.tcpmodel.script.Target;
import io.github.tcpmodel.script.TcpOption;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.Notice;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.Timeouts;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.Tuple2;
import io.vavr.Tuple;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference model as the system under test: a sockets layer over the segment semantics of the {@code model}
 * module, on a virtual clock.
 *
 * <p>The mapping. {@code listen} is a passive OPEN (RFC 9293 §3.10.1) that makes a LISTEN TCB; every SYN it
 * accepts (§3.10.7.2) spawns an embryonic connection with its own TCB, which steps through the semantics on its
 * own and is handed out by {@code accept} once it is synchronized; the listener's TCB stays in LISTEN, as a BSD
 * listener does. {@code connect} is an active OPEN, {@code write} SEND (§3.10.2), {@code read} RECEIVE (§3.10.3),
 * {@code shutdown(SHUT_WR)} and {@code close} CLOSE (§3.10.4), and {@code close} with {@code SO_LINGER {1, 0}}
 * ABORT (§3.10.5). {@code SO_KEEPALIVE} and {@code TCP_KEEP*} switch the profile's keep-alive (§3.8.4) for that
 * socket; {@code TCP_USER_TIMEOUT} sets the OPEN's user timeout (§3.8.3). A segment from the peer goes to the
 * newest connection that still has a TCB, else to the listener, else to CLOSED (§3.10.7.1): the script plays one
 * peer on one pair of ports.
 *
 * <p>Blocking: {@code connect} returns when the connection is synchronized or gone, {@code accept} when a
 * synchronized connection waits, {@code read} when text is on hand, the peer has closed, or the connection is
 * gone. The RFC's user signals become errnos: "connection reset" in SYN-SENT and "connection refused" are
 * {@code ECONNREFUSED}, "connection reset" later {@code ECONNRESET}, the user timeout {@code ETIMEDOUT}, "connection
 * closing" on SEND {@code EPIPE}.
 *
 * <p>Choices: ISNs are inputs (a fixed base, and each new connection one million further); every emitted segment
 * comes from the semantics, {@link Emission#transmit} sends what the queues hold as soon as the window allows, and
 * received text is acknowledged at once ({@link Choices#reference()}). Where the RFC allows several timings, the
 * script's {@code *} or the runner's tolerance decides. Times are microseconds here and milliseconds in the model.
 */
public final class ModelTarget implements Target {

    /** The default ISN base: any fixed value works, scripts use relative numbers. */
    public static final long DEFAULT_ISN = 0x2a00_0000L;

    private static final long ISN_STEP = 1_000_000L;
    private static final long REOPEN_ISS_STEP = 65_537L;
    private static final int LARGEST_MSS = 0xffff;

    private final Profile profile;
    private final long isnBase;
    private final Choices choices = Choices.reference();

    private long now;
    private int nextFd = 3;
    private int opened;
    private final Deque<Emitted> out = new ArrayDeque<>();
    private final TreeMap<Integer, Sock> fds = new TreeMap<>();
    private final java.util.List<Conn> conns = new ArrayList<>();
    private Option<Sock> listener = Option.none();
    private Option<Tuple2<SocketCall, Sock>> blocked = Option.none();
    private Option<Returned> returned = Option.none();

    private enum Kind { FRESH, LISTENER, CONN }

    /** A file descriptor's socket. */
    private static final class Sock {
        Kind kind = Kind.FRESH;
        /** shutdown(SHUT_RD) was called: a read answers what is queued, then the end of the data at once. */
        boolean readShut;
        boolean linger0;
        Option<Long> userTimeout = Option.none();
        boolean keepalive;
        Option<Long> keepIdle = Option.none();
        Option<Long> keepIntvl = Option.none();
        Option<Integer> keepCnt = Option.none();
        Tcb listenTcb = Tcb.closed();
        final java.util.List<Conn> backlog = new ArrayList<>();
        Option<Conn> conn = Option.none();
    }

    /** One connection: its TCB and what its socket will be told. */
    private static final class Conn {
        Tcb tcb;
        Profile profile;
        Option<Errno> error = Option.none();
        boolean synchronizedOnce;

        Conn(Tcb tcb, Profile profile) {
            this.tcb = tcb;
            this.profile = profile;
        }
    }

    /**
     * The MTU of the link the corpus scripts run over, the kernel's and the engine's as well: Ethernet's 1500
     * octets.
     */
    public static final int LINK_MTU = 1500;

    /**
     * A model target under {@code profile} on a link of {@code mtu} octets: it announces the MSS a real stack
     * derives from the link, the MTU less 40 octets of IPv4 and TCP headers (RFC 9293 §3.7.1: the MSS sent is the
     * implementation's choice, MUST-14; MUST-16 bounds what it sends by the IP layer's EMTU_S), instead of the
     * profile's.
     */
    public static ModelTarget onLink(Profile profile, int mtu) {
        if (mtu < 41 || mtu - 40 > 0xffff) {
            throw new IllegalArgumentException("an MTU leaves room for 40 octets of headers and an MSS: " + mtu);
        }
        return new ModelTarget(profile.withMss(mtu - 40));
    }

    /** A model target under {@code profile}, with ISNs from {@link #DEFAULT_ISN}. */
    public ModelTarget(Profile profile) {
        this(profile, DEFAULT_ISN);
    }

    /** A model target under {@code profile}; connections take ISNs {@code isn}, {@code isn + 10^6}, ... */
    public ModelTarget(Profile profile, long isn) {
        this.profile = Objects.requireNonNull(profile, "profile is null");
        if (isn < 0 || isn >= SeqNum.MODULUS) {
            throw new IllegalArgumentException("isn is 32-bit unsigned: " + isn);
        }
        this.isnBase = isn;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Option<String> notApplicable(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g
                && g.classic().isDefined()) {
            return Option.none();
        }
        return Target.super.notApplicable(event);
    }

    @Override
    public String name() {
        return "model";
    }

    /** The model's segments carry one option, MSS (RFC 9293 §3.7.1): only MSS options are compared. */
    @Override
    public List<TcpOption> comparable(List<TcpOption> options) {
        return options.filter(o -> o instanceof TcpOption.Mss);
    }

    @Override
    public List<String> partly(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Segment s) {
            List<String> parts = List.empty();
            List<TcpOption> others = s.options().getOrElse(List.empty()).filter(o -> !(o instanceof TcpOption.Mss));
            if (!others.isEmpty()) {
                parts = parts.append("the options " + others.mkString(",") + " (the model's segments carry MSS "
                        + "only; these are neither sent nor compared)");
            }
            if (s.ecn().isDefined() || s.flags().exists(f -> f == io.github.tcpmodel.script.Flag.ECE
                    || f == io.github.tcpmodel.script.Flag.CWR)) {
                parts = parts.append("ECN (RFC 3168) marks and flags, which the model does not have");
            }
            return parts;
        }
        return List.empty();
    }

    @Override
    public Either<String, Long> advanceTo(long micros) {
        try {
            while (fireNext(micros)) {
                settle();
            }
            now = Math.max(now, micros);
            return Either.right(now);
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    @Override
    public Either<String, Option<CallResult>> call(SocketCall call) {
        if (call instanceof SocketCall.Generic g && g.classic().isDefined()) {
            return call(g.classic().get());
        }
        Objects.requireNonNull(call, "call is null");
        try {
            if (blocked.isDefined()) {
                return Either.left("a call is still blocked: " + blocked.get()._1);
            }
            returned = Option.none();
            Option<Sock> sock = call.fd().flatMap(fd -> Option.of(fds.get(fd)));
            if (call.fd().isDefined() && sock.isEmpty()) {
                return Either.right(Option.some(CallResult.fails(Errno.EBADF)));
            }
            Option<CallResult> r = start(call, sock);
            if (r.isEmpty()) {
                Option<CallResult> again = attempt(call, sock.get());
                if (again.isDefined()) {
                    return Either.right(again);
                }
                blocked = Option.some(Tuple.of(call, sock.get()));
            }
            return Either.right(r);
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    @Override
    public Either<String, Option<Returned>> awaitReturn(long deadline) {
        try {
            while (returned.isEmpty() && blocked.isDefined() && fireNext(deadline)) {
                settle();
            }
            if (returned.isDefined()) {
                Option<Returned> r = returned;
                returned = Option.none();
                return Either.right(r);
            }
            now = Math.max(now, deadline);
            return Either.right(Option.none());
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    @Override
    public Either<String, Long> inject(ScriptSegment segment) {
        Objects.requireNonNull(segment, "segment is null");
        try {
            Segment seg = toModel(segment);
            arrive(seg);
            settle();
            return Either.right(now);
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    @Override
    public Either<String, Option<Emitted>> awaitSegment(long deadline) {
        try {
            while (out.isEmpty() && fireNext(deadline)) {
                settle();
            }
            if (!out.isEmpty()) {
                return Either.right(Option.some(out.poll()));
            }
            now = Math.max(now, deadline);
            return Either.right(Option.none());
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    /**
     * The model is held to what RFC 9293 fixes and nothing more ({@link Conformance#difference}): where it places PSH
     * is its own choice, as it is any implementation's (§3.9.1.2, MAY-15, MUST-61), so a script recorded from a
     * conforming implementation that places PSH elsewhere still passes.
     */
    @Override
    public Option<String> difference(ScriptSegment expected, ScriptSegment actual) {
        return ScriptSegment.difference(expected, actual);
    }

    /** The state of the newest connection, for tests and checkpoints; CLOSED when there is none. */
    public TcpState connectionState() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            if (!conns.get(i).tcb.is(TcpState.CLOSED)) {
                return conns.get(i).tcb.tcpState();
            }
        }
        return TcpState.CLOSED;
    }

    // ---------------------------------------------------------------- calls

    /** Makes {@code call}; none when it has to wait (then {@link #attempt} decides when it returns). */
    private Option<CallResult> start(SocketCall call, Option<Sock> sock) {
        if (call instanceof SocketCall.Socket) {
            int fd = nextFd++;
            fds.put(fd, new Sock());
            return done(fd);
        }
        Sock s = sock.get();
        if (call instanceof SocketCall.Bind) {
            return done(0);
        }
        if (call instanceof SocketCall.SetSockOpt o) {
            return setsockopt(s, o);
        }
        if (call instanceof SocketCall.Listen) {
            if (s.kind != Kind.FRESH && s.kind != Kind.LISTENER) {
                return fail(Errno.EINVAL);
            }
            if (s.kind == Kind.FRESH) {
                Step st = ok(UserCalls.open(profileOf(s), Tcb.closed(), true, false, s.userTimeout, nextIss(),
                        ms()));
                s.listenTcb = st.tcb();
                s.kind = Kind.LISTENER;
                listener = Option.some(s);
            }
            return done(0);
        }
        if (call instanceof SocketCall.Accept) {
            return s.kind == Kind.LISTENER ? Option.none() : fail(Errno.EINVAL);
        }
        if (call instanceof SocketCall.Connect) {
            if (s.kind == Kind.LISTENER) {
                return fail(Errno.EINVAL);
            }
            if (s.kind == Kind.CONN) {
                Conn c = s.conn.get();
                return c.tcb.is(TcpState.SYN_SENT) || c.tcb.is(TcpState.SYN_RECEIVED)
                        ? fail(Errno.EALREADY) : fail(Errno.EISCONN);
            }
            Profile p = profileOf(s);
            Step st = ok(UserCalls.open(p, Tcb.closed(), false, true, s.userTimeout, nextIss(), ms()));
            Conn c = new Conn(Tcb.closed(), p);
            conns.add(c);
            s.kind = Kind.CONN;
            s.conn = Option.some(c);
            apply(c, st);
            return Option.none();
        }
        if (call instanceof SocketCall.Write w) {
            return write(s, w.count());
        }
        if (call instanceof SocketCall.Read) {
            return s.kind == Kind.CONN ? Option.none() : fail(Errno.ENOTCONN);
        }
        if (call instanceof SocketCall.Shutdown sh) {
            return shutdown(s, sh.how());
        }
        if (call instanceof SocketCall.Close cl) {
            return close(s, cl.socket());
        }
        throw new ModelError("unsupported call " + call);
    }

    /** Whether a waiting call returns now, and with what. */
    private Option<CallResult> attempt(SocketCall call, Sock s) {
        if (call instanceof SocketCall.Accept) {
            for (Conn c : s.backlog) {
                if (c.synchronizedOnce) {
                    s.backlog.remove(c);
                    Sock n = new Sock();
                    n.kind = Kind.CONN;
                    n.conn = Option.some(c);
                    n.linger0 = s.linger0;
                    int fd = nextFd++;
                    fds.put(fd, n);
                    return done(fd);
                }
            }
            return Option.none();
        }
        if (call instanceof SocketCall.Connect) {
            Conn c = s.conn.get();
            if (c.tcb.tcpState().isSynchronized()) {
                return done(0);
            }
            if (c.tcb.is(TcpState.CLOSED)) {
                Errno e = c.error.getOrElse(Errno.ECONNREFUSED);
                c.error = Option.none();
                return fail(e);
            }
            return Option.none();
        }
        if (call instanceof SocketCall.Read r) {
            Option<CallResult> got = read(s.conn.get(), r.count());
            // After SHUT_RD a read that would wait answers the end of the data instead (as Linux does).
            return got.isEmpty() && s.readShut ? done(0) : got;
        }
        return Option.none();
    }

    private Option<CallResult> read(Conn c, long count) {
        if (c.tcb.undelivered() > 0) {
            Step st = ok(UserCalls.receive(c.profile, c.tcb, count, ms()));
            apply(c, st);
            return done(st.delivered());
        }
        if (c.error.isDefined()) {
            Errno e = c.error.get();
            c.error = Option.none();
            return fail(e);
        }
        return switch (c.tcb.tcpState()) {
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> Option.none();
            case CLOSED -> c.synchronizedOnce ? done(0) : fail(Errno.ENOTCONN);
            // §3.10.3: the peer's FIN has been received and nothing is left: the end of the data.
            case LISTEN, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> done(0);
        };
    }

    private Option<CallResult> write(Sock s, long count) {
        if (s.kind != Kind.CONN) {
            return fail(Errno.ENOTCONN);
        }
        Conn c = s.conn.get();
        if (c.error.isDefined()) {
            Errno e = c.error.get();
            c.error = Option.none();
            return fail(e);
        }
        if (c.tcb.is(TcpState.CLOSED)) {
            return fail(c.synchronizedOnce ? Errno.EPIPE : Errno.ENOTCONN);
        }
        Step st = ok(UserCalls.send(c.profile, c.tcb, count, nextIssPeek(), ms(), choices));
        if (st.told().contains(Notice.ERROR_CONNECTION_CLOSING)
                || st.told().contains(Notice.CONNECTION_DOES_NOT_EXIST)) {
            return fail(Errno.EPIPE);
        }
        apply(c, st);
        return done(count);
    }

    private Option<CallResult> shutdown(Sock s, SocketCall.How how) {
        if (s.kind != Kind.CONN) {
            return fail(Errno.ENOTCONN);
        }
        if (how != SocketCall.How.SHUT_WR) {
            s.readShut = true;
        }
        if (how == SocketCall.How.SHUT_RD) {
            return done(0);
        }
        Conn c = s.conn.get();
        if (c.tcb.is(TcpState.CLOSED)) {
            return fail(Errno.ENOTCONN);
        }
        // shutdown(SHUT_WR) is the CLOSE of §3.10.4 by a user that keeps the socket: the connection is not orphaned.
        Step st = ok(UserCalls.halfClose(c.profile, c.tcb, ms()));
        apply(c, st);
        return done(0);
    }

    private Option<CallResult> close(Sock s, int fd) {
        fds.remove(fd);
        if (s.kind == Kind.LISTENER) {
            // §3.10.4 LISTEN: delete the TCB. Connections not yet accepted belong to the closed socket: they are
            // aborted (§3.10.5), as a BSD listener does.
            for (Conn c : new ArrayList<>(s.backlog)) {
                apply(c, ok(UserCalls.abort(c.profile, c.tcb, ms())));
            }
            s.backlog.clear();
            s.listenTcb = Tcb.closed();
            listener = Option.none();
            return done(0);
        }
        if (s.kind == Kind.CONN) {
            Conn c = s.conn.get();
            if (!c.tcb.is(TcpState.CLOSED)) {
                Step st = s.linger0
                        ? ok(UserCalls.abort(c.profile, c.tcb, ms()))
                        : ok(UserCalls.close(c.profile, c.tcb, ms()));
                apply(c, st);
            }
        }
        return done(0);
    }

    private Option<CallResult> setsockopt(Sock s, SocketCall.SetSockOpt o) {
        OptionValue v = o.value();
        long n = v instanceof OptionValue.IntValue i ? i.value() : 0;
        return switch (o.option()) {
            case SO_LINGER -> {
                if (!(v instanceof OptionValue.Linger l)) {
                    yield fail(Errno.EINVAL);
                }
                s.linger0 = l.onoff() != 0 && l.seconds() == 0;
                yield done(0);
            }
            case SO_KEEPALIVE -> {
                s.keepalive = n != 0;
                yield reprofiled(s);
            }
            case TCP_KEEPIDLE -> {
                if (n <= 0) {
                    yield fail(Errno.EINVAL);
                }
                s.keepIdle = Option.some(n * 1000);
                yield reprofiled(s);
            }
            case TCP_KEEPINTVL -> {
                if (n <= 0) {
                    yield fail(Errno.EINVAL);
                }
                s.keepIntvl = Option.some(n * 1000);
                yield reprofiled(s);
            }
            case TCP_KEEPCNT -> {
                if (n <= 0 || n > Integer.MAX_VALUE) {
                    yield fail(Errno.EINVAL);
                }
                s.keepCnt = Option.some((int) n);
                yield reprofiled(s);
            }
            case TCP_USER_TIMEOUT -> {
                if (n < 0) {
                    yield fail(Errno.EINVAL);
                }
                s.userTimeout = n == 0 ? Option.none() : Option.some(n);
                s.conn.forEach(c -> c.tcb = withUserTimeout(c.tcb, s.userTimeout));
                yield reprofiled(s);
            }
            case SO_REUSEADDR, TCP_NODELAY -> done(0);
        };
    }

    /** Keep-alive is a profile switch in the model: the socket's connection runs under the changed profile. */
    private Option<CallResult> reprofiled(Sock s) {
        s.conn.forEach(c -> c.profile = profileOf(s));
        return done(0);
    }

    private static Tcb withUserTimeout(Tcb t, Option<Long> ut) {
        return new Tcb(t.state(), t.snd(), t.rcv(), t.sendQueue(), t.closeQueued(), t.retransmission(),
                t.undelivered(), t.reassembly(), t.timers(), t.lastReceived(), t.retries(), t.probes(), t.rto(), ut,
                t.remoteSpecified(), t.ackPending(), t.orphaned(), t.negotiated());
    }

    /** The base profile with this socket's keep-alive settings. */
    private Profile profileOf(Sock s) {
        if (!s.keepalive) {
            return profile.withKeepalive(Option.none());
        }
        // RFC 9293 §3.8.4 MUST-28: the idle interval defaults to no less than two hours; RFC 1122 §4.2.3.6.
        Keepalive d = profile.keepalive().getOrElse(new Keepalive(7_200_000, 75_000, 9));
        return profile.withKeepalive(Option.some(new Keepalive(s.keepIdle.getOrElse(d.idle()),
                s.keepIntvl.getOrElse(d.interval()), s.keepCnt.getOrElse(d.count()))));
    }

    // ---------------------------------------------------------------- segments and timers

    private void arrive(Segment seg) {
        Option<Conn> live = newestLive();
        if (live.isDefined()) {
            Conn c = live.get();
            boolean wasTimeWait = c.tcb.is(TcpState.TIME_WAIT);
            // §3.6.1 MAY-2 needs the new ISS above the old SND.NXT; the ISS is the target's choice, and this one
            // (the old SND.NXT + 65537) is the one Linux picks, so that a script can name it.
            SeqNum iss = wasTimeWait ? c.tcb.snd().nxt().plus(REOPEN_ISS_STEP) : nextIssPeek();
            Step st = ok(Arrival.segmentArrives(c.profile, c.tcb, seg, iss, ms(), choices));
            if (wasTimeWait && st.tcb().is(TcpState.SYN_RECEIVED)) {
                // §3.6.1 MAY-2: the SYN reopened the connection: a new incarnation, handed out by the listener.
                nextIss();
                c.tcb = Tcb.closed();
                Conn n = new Conn(Tcb.closed(), c.profile);
                conns.add(n);
                listener.forEach(l -> l.backlog.add(n));
                apply(n, st);
                return;
            }
            apply(c, st);
            return;
        }
        if (listener.isDefined()) {
            Sock l = listener.get();
            Step st = ok(Arrival.segmentArrives(profileOf(l), l.listenTcb, seg, nextIssPeek(), ms(), choices));
            if (st.tcb().is(TcpState.SYN_RECEIVED)) {
                nextIss();
                Conn n = new Conn(Tcb.closed(), profileOf(l));
                conns.add(n);
                l.backlog.add(n);
                apply(n, st);
            } else {
                emit(st.sent());
            }
            return;
        }
        Step st = ok(Arrival.segmentArrives(profile, Tcb.closed(), seg, SeqNum.of(isnBase), ms(), choices));
        emit(st.sent());
    }

    private Option<Conn> newestLive() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            if (!conns.get(i).tcb.is(TcpState.CLOSED)) {
                return Option.some(conns.get(i));
            }
        }
        return Option.none();
    }

    /** Fires the earliest timer due by {@code limit} (microseconds); false when none is. */
    private boolean fireNext(long limit) {
        Option<Tuple2<Conn, Timer>> first = Option.none();
        long at = Long.MAX_VALUE;
        for (Conn c : conns) {
            for (Tuple2<Timer, Long> e : c.tcb.timers()) {
                long us = e._2 * 1000;
                if (us < at) {
                    at = us;
                    first = Option.some(Tuple.of(c, e._1));
                }
            }
        }
        if (first.isEmpty() || at > limit) {
            return false;
        }
        now = Math.max(now, at);
        Conn c = first.get()._1;
        apply(c, ok(Timeouts.expire(c.profile, c.tcb, first.get()._2, ms(), choices)));
        return true;
    }

    /** Takes a step of connection {@code c}: its segments, its signals, then whatever the queues can send. */
    private void apply(Conn c, Step st) {
        TcpState before = c.tcb.tcpState();
        emit(st.sent());
        for (Notice n : st.told()) {
            c.error = switch (n) {
                case CONNECTION_RESET -> st.tcb().is(TcpState.CLOSED)
                        ? Option.some(before == TcpState.SYN_SENT ? Errno.ECONNREFUSED : Errno.ECONNRESET) : c.error;
                case CONNECTION_REFUSED -> Option.some(Errno.ECONNREFUSED);
                case USER_TIMEOUT -> Option.some(Errno.ETIMEDOUT);
                case OK, QUEUED, DATA, URGENT, CONNECTION_CLOSING, ERROR_CLOSING, ERROR_CONNECTION_CLOSING,
                        ERROR_CONNECTION_RESET, CONNECTION_DOES_NOT_EXIST, CONNECTION_ALREADY_EXISTS, STATE -> c.error;
            };
        }
        // A passive SYN-RECEIVED connection that a RST or SYN returns to LISTEN (§3.10.7.4 Note 1) was an
        // embryonic connection of the listener: it is gone, the listener remains.
        c.tcb = st.tcb().is(TcpState.LISTEN) ? Tcb.closed() : st.tcb();
        if (c.tcb.tcpState().isSynchronized()) {
            c.synchronizedOnce = true;
        }
        if (c.tcb.is(TcpState.CLOSED) && !c.synchronizedOnce) {
            listener.forEach(l -> l.backlog.remove(c));
        }
        flush(c);
    }

    /** Sends what the queues hold while the peer's window allows (§3.10.2), then the FIN after the data (§3.10.4). */
    private void flush(Conn c) {
        while (c.tcb.tcpState().isSynchronized()) {
            Tcb t = c.tcb;
            long room = Math.min(Math.min(t.snd().mss(), t.snd().usable()), LARGEST_MSS);
            int size;
            if (t.sendQueue() > 0 && room > 0) {
                size = (int) Math.min(t.sendQueue(), room);
            } else if ((t.sendQueue() == 0 && t.closeQueued() && t.snd().fin().isEmpty()) || t.ackPending()) {
                size = 0;
            } else {
                return;
            }
            Either<String, Step> st = Emission.transmit(c.profile, t, size, ms());
            if (st.isLeft()) {
                return;
            }
            emit(st.get().sent());
            c.tcb = st.get().tcb();
        }
    }

    /** After an event: a blocked call that can now return does. */
    private void settle() {
        if (blocked.isDefined()) {
            Option<CallResult> r = attempt(blocked.get()._1, blocked.get()._2);
            if (r.isDefined()) {
                blocked = Option.none();
                returned = Option.some(new Returned(now, r.get()));
            }
        }
    }

    private void emit(List<Segment> segments) {
        for (Segment s : segments) {
            out.add(new Emitted(now, toWire(s)));
        }
    }

    private SeqNum nextIssPeek() {
        return SeqNum.wrap(isnBase + (long) opened * ISN_STEP);
    }

    private SeqNum nextIss() {
        SeqNum iss = nextIssPeek();
        opened++;
        return iss;
    }

    private long ms() {
        return now / 1000;
    }

    // ---------------------------------------------------------------- conversions

    static Segment toModel(ScriptSegment w) {
        Either<String, Segment> s = w.toModel();
        if (s.isLeft()) {
            throw new ModelError("segment not representable in the model: " + s.getLeft());
        }
        return s.get();
    }

    static ScriptSegment toWire(Segment s) {
        Set<Flag> flags = HashSet.empty();
        for (Control c : s.controls()) {
            flags = switch (c) {
                case SYN -> flags.add(Flag.SYN);
                case FIN -> flags.add(Flag.FIN);
                case RST -> flags.add(Flag.RST);
                case PSH -> flags.add(Flag.PSH);
                case ACK -> flags.add(Flag.ACK);
                // Flag has no URG: scripts do not use the urgent mechanism (RFC 9293 §3.8.5).
                case URG -> flags;
            };
        }
        List<TcpOption> options = s.mss().map(m -> List.<TcpOption>of(new TcpOption.Mss(m))).getOrElse(List.empty());
        return new ScriptSegment(flags, s.seq().value(), s.isAck() ? s.ack().value() : 0,
                Math.min(0xffff, s.window()), options, s.dataLength());
    }

    // ---------------------------------------------------------------- plumbing

    private static Option<CallResult> done(long value) {
        return Option.some(CallResult.returns(value));
    }

    private static Option<CallResult> fail(Errno e) {
        return Option.some(CallResult.fails(e));
    }

    private static Step ok(Either<String, Step> step) {
        if (step.isLeft()) {
            throw new ModelError("the model refused: " + step.getLeft());
        }
        return step.get();
    }

    /** A refusal of the model, unwound to the {@link Target} method and answered as a left value. */
    private static final class ModelError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ModelError(String message) {
            super(message, null, false, false);
        }
    }
}
