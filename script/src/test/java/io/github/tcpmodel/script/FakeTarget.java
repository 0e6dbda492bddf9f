package io.github.tcpmodel.script;

import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * A deliberately small TCP endpoint on a virtual clock, enough to exercise the runner: one listener or one active
 * connection, handshake, data counted in bytes, FIN, RST, SYN retransmission. Knobs make it misbehave.
 */
class FakeTarget implements Target {

    enum State { CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, LAST_ACK }

    long isn = 5000;
    long ackOffset = 0;
    long synAckDelay = 0;
    long synRto = 1_000_000;
    String failCallWith = null;
    List<TcpOption> synAckOptions = List.of(new TcpOption.Mss(1460));

    private long now;
    private final Deque<Emitted> out = new ArrayDeque<>();
    private final java.util.List<long[]> timerTimes = new ArrayList<>();
    private final java.util.List<Runnable> timerActions = new ArrayList<>();
    private int nextFd = 10;
    private int connFd = -1;
    private State state = State.CLOSED;
    private long sndNxt;
    private long rcvNxt;
    private long readable;
    private boolean finReceived;
    private Supplier<Option<CallResult>> blocked;
    private Option<Returned> returned = Option.none();

    @Override
    public long now() {
        return now;
    }

    @Override
    public Either<String, Long> advanceTo(long micros) {
        runTimersUntil(micros);
        now = Math.max(now, micros);
        return Either.right(now);
    }

    @Override
    public Either<String, Option<CallResult>> call(SocketCall call) {
        if (failCallWith != null) {
            return Either.left(failCallWith);
        }
        if (call instanceof SocketCall.Socket) {
            return done(CallResult.returns(nextFd++));
        }
        if (call instanceof SocketCall.Bind || call instanceof SocketCall.SetSockOpt) {
            return done(CallResult.returns(0));
        }
        if (call instanceof SocketCall.Listen) {
            state = State.LISTEN;
            return done(CallResult.returns(0));
        }
        if (call instanceof SocketCall.Accept) {
            return block(() -> state == State.ESTABLISHED || state == State.CLOSE_WAIT
                    ? Option.some(CallResult.returns(connFd = nextFd++)) : Option.none());
        }
        if (call instanceof SocketCall.Connect) {
            state = State.SYN_SENT;
            sndNxt = isn;
            sendSyn(0);
            return block(() -> {
                if (state == State.ESTABLISHED) {
                    return Option.some(CallResult.returns(0));
                }
                if (state == State.CLOSED) {
                    return Option.some(CallResult.fails(Errno.ECONNREFUSED));
                }
                return Option.none();
            });
        }
        if (call instanceof SocketCall.Write) {
            long n = ((SocketCall.Write) call).count();
            emit(HashSet.of(Flag.PSH, Flag.ACK), sndNxt, rcvNxt, List.empty(), n);
            sndNxt = (sndNxt + n) & 0xffffffffL;
            return done(CallResult.returns(n));
        }
        if (call instanceof SocketCall.Read) {
            long want = ((SocketCall.Read) call).count();
            return block(() -> {
                if (state == State.CLOSED && !finReceived) {
                    return Option.some(CallResult.fails(Errno.ECONNRESET));
                }
                if (readable > 0) {
                    long n = Math.min(want, readable);
                    readable -= n;
                    return Option.some(CallResult.returns(n));
                }
                return finReceived ? Option.some(CallResult.returns(0)) : Option.none();
            });
        }
        if (call instanceof SocketCall.Close || call instanceof SocketCall.Shutdown) {
            emit(HashSet.of(Flag.FIN, Flag.ACK), sndNxt, rcvNxt, List.empty(), 0);
            sndNxt = (sndNxt + 1) & 0xffffffffL;
            state = state == State.CLOSE_WAIT ? State.LAST_ACK : State.FIN_WAIT_1;
            return done(CallResult.returns(0));
        }
        return Either.left("unsupported call " + call);
    }

    @Override
    public Either<String, Option<Returned>> awaitReturn(long deadline) {
        while (returned.isEmpty() && nextTimer().map(t -> t <= deadline).getOrElse(false)) {
            fireNextTimer();
        }
        if (returned.isEmpty()) {
            now = Math.max(now, deadline);
            return Either.right(Option.none());
        }
        Option<Returned> r = returned;
        returned = Option.none();
        return Either.right(r);
    }

    @Override
    public Either<String, Long> inject(ScriptSegment s) {
        Set<Flag> f = s.flags();
        if (state == State.CLOSED || (state == State.LISTEN && !f.equals(HashSet.of(Flag.SYN)))) {
            if (!f.contains(Flag.RST)) {
                long len = s.length() + (f.contains(Flag.SYN) ? 1 : 0) + (f.contains(Flag.FIN) ? 1 : 0);
                if (f.contains(Flag.ACK)) {
                    emit(HashSet.of(Flag.RST), s.ack(), 0, List.empty(), 0);
                } else {
                    emit(HashSet.of(Flag.RST, Flag.ACK), 0, (s.seq() + len) & 0xffffffffL, List.empty(), 0);
                }
            }
            return Either.right(now);
        }
        switch (state) {
            case LISTEN:
                rcvNxt = (s.seq() + 1) & 0xffffffffL;
                sndNxt = (isn + 1) & 0xffffffffL;
                state = State.SYN_RECEIVED;
                long at = now + synAckDelay;
                schedule(at, () -> emit(HashSet.of(Flag.SYN, Flag.ACK), isn, (rcvNxt + ackOffset) & 0xffffffffL,
                        synAckOptions, 0));
                break;
            case SYN_SENT:
                if (f.contains(Flag.RST) && f.contains(Flag.ACK) && s.ack() == ((isn + 1) & 0xffffffffL)) {
                    state = State.CLOSED;
                } else if (f.equals(HashSet.of(Flag.SYN, Flag.ACK)) && s.ack() == ((isn + 1) & 0xffffffffL)) {
                    rcvNxt = (s.seq() + 1) & 0xffffffffL;
                    sndNxt = s.ack();
                    state = State.ESTABLISHED;
                    emit(HashSet.of(Flag.ACK), sndNxt, rcvNxt, List.empty(), 0);
                }
                break;
            default:
                if (f.contains(Flag.RST)) {
                    state = State.CLOSED;
                    break;
                }
                if (state == State.SYN_RECEIVED && f.contains(Flag.ACK) && s.ack() == sndNxt) {
                    state = State.ESTABLISHED;
                }
                if (s.length() > 0) {
                    rcvNxt = (rcvNxt + s.length()) & 0xffffffffL;
                    readable += s.length();
                    emit(HashSet.of(Flag.ACK), sndNxt, rcvNxt, List.empty(), 0);
                }
                if (f.contains(Flag.FIN)) {
                    rcvNxt = (rcvNxt + 1) & 0xffffffffL;
                    finReceived = true;
                    state = state == State.FIN_WAIT_1 || state == State.FIN_WAIT_2 ? State.CLOSED : State.CLOSE_WAIT;
                    emit(HashSet.of(Flag.ACK), sndNxt, rcvNxt, List.empty(), 0);
                } else if (state == State.FIN_WAIT_1 && f.contains(Flag.ACK) && s.ack() == sndNxt) {
                    state = State.FIN_WAIT_2;
                } else if (state == State.LAST_ACK && f.contains(Flag.ACK) && s.ack() == sndNxt) {
                    state = State.CLOSED;
                    finReceived = true;
                }
                break;
        }
        checkBlocked();
        return Either.right(now);
    }

    @Override
    public Either<String, Option<Emitted>> awaitSegment(long deadline) {
        while (out.isEmpty() && nextTimer().map(t -> t <= deadline).getOrElse(false)) {
            fireNextTimer();
        }
        if (out.isEmpty()) {
            now = Math.max(now, deadline);
            return Either.right(Option.none());
        }
        return Either.right(Option.some(out.poll()));
    }

    State state() {
        return state;
    }

    private void sendSyn(int tries) {
        if (state != State.SYN_SENT) {
            return;
        }
        emit(HashSet.of(Flag.SYN), isn, 0, List.of(new TcpOption.Mss(1460)), 0);
        long rto = synRto << tries;
        schedule(now + rto, () -> sendSyn(tries + 1));
    }

    private Either<String, Option<CallResult>> done(CallResult r) {
        return Either.right(Option.some(r));
    }

    private Either<String, Option<CallResult>> block(Supplier<Option<CallResult>> check) {
        Option<CallResult> r = check.get();
        if (r.isDefined()) {
            return Either.right(r);
        }
        blocked = check;
        return Either.right(Option.none());
    }

    private void checkBlocked() {
        if (blocked != null) {
            Option<CallResult> r = blocked.get();
            if (r.isDefined()) {
                blocked = null;
                returned = Option.some(new Returned(now, r.get()));
            }
        }
    }

    private void emit(Set<Flag> flags, long seq, long ack, List<TcpOption> options, long length) {
        out.add(new Emitted(now, new ScriptSegment(flags, seq, ack, 65_535, options, length)));
    }

    private void schedule(long at, Runnable action) {
        timerTimes.add(new long[] {at});
        timerActions.add(action);
    }

    private Option<Long> nextTimer() {
        return List.ofAll(timerTimes).map(t -> t[0]).minBy(Comparator.naturalOrder());
    }

    private void fireNextTimer() {
        long t = nextTimer().get();
        int i = List.ofAll(timerTimes).indexWhere(x -> x[0] == t);
        timerTimes.remove(i);
        Runnable r = timerActions.remove(i);
        now = Math.max(now, t);
        r.run();
        checkBlocked();
    }

    private void runTimersUntil(long t) {
        while (nextTimer().map(x -> x <= t).getOrElse(false)) {
            fireNextTimer();
        }
    }
}
