package io.github.tcpmodel.tcb;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * An immutable transmission control block (RFC 9293 §3.3.1).
 *
 * <p>The queues hold counts and segments, not user buffers: {@code sendQueue} is the number of octets the user
 * has SENT that are not yet segmentized; {@code retransmission} the segments sent and not yet fully acknowledged;
 * {@code undelivered} the in-order octets received and not yet returned by RECEIVE; {@code reassembly} the
 * acceptable segments (already trimmed to the window) that begin beyond RCV.NXT and are held for later processing
 * (SHLD-31), together with text or a FIN that arrived on a SYN and waits for ESTABLISHED. In CLOSED there is no
 * TCB; {@link #closed()} stands for that.
 *
 * @param state           the table state, with the origin in SYN-RECEIVED
 * @param snd             the send sequence variables
 * @param rcv             the receive sequence variables
 * @param sendQueue       octets SENT by the user and not yet segmentized
 * @param closeQueued     whether the user has called CLOSE (the FIN follows the queued octets)
 * @param retransmission  segments sent and not fully acknowledged, oldest first
 * @param undelivered     octets received in order and not yet delivered to the user
 * @param reassembly      acceptable segments held for later processing, in arrival order
 * @param timers          the armed timers and their deadlines (ms)
 * @param lastReceived    the time (ms) the last segment arrived, or the TCB was created
 * @param retries         retransmissions of the oldest unacknowledged segment so far
 * @param probes          keep-alive probes sent without an answer
 * @param rto             the current retransmission timeout (ms)
 * @param userTimeout     the user timeout of the OPEN call (ms), if any
 * @param remoteSpecified whether the OPEN named the remote socket (SEND in LISTEN then makes it active)
 * @param ackPending      whether received text awaits an acknowledgment the implementation chose to delay
 * @param orphaned        whether the user has given the connection up with its CLOSE (a socket closed, not only
 *                        shut down for sending): only an orphaned FIN-WAIT-2 connection runs a profile's
 *                        FIN-WAIT-2 timer
 * @param negotiated      what the handshake negotiated, and the timestamp variables (RFC 7323, RFC 2018, RFC 3168)
 */
public record Tcb(ConnectionState state, SendVars snd, ReceiveVars rcv, long sendQueue, boolean closeQueued,
                  List<Segment> retransmission, long undelivered, List<Segment> reassembly, Map<Timer, Long> timers,
                  long lastReceived, int retries, int probes, long rto, Option<Long> userTimeout,
                  boolean remoteSpecified, boolean ackPending, boolean orphaned,
                  Negotiated negotiated) {

    private static final Tcb CLOSED = new Tcb(ConnectionState.of(TcpState.CLOSED),
            SendVars.afterSyn(SeqNum.ZERO, 536).withNxt(SeqNum.ZERO), new ReceiveVars(SeqNum.ZERO, SeqNum.ZERO, 0,
            SeqNum.ZERO), 0, false, List.empty(), 0, List.empty(), HashMap.empty(), 0, 0, 0, 0, Option.none(),
            false, false, false, Negotiated.NONE);

    public Tcb {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(snd, "snd is null");
        Objects.requireNonNull(rcv, "rcv is null");
        Objects.requireNonNull(retransmission, "retransmission is null");
        Objects.requireNonNull(reassembly, "reassembly is null");
        Objects.requireNonNull(timers, "timers is null");
        Objects.requireNonNull(userTimeout, "userTimeout is null");
        Objects.requireNonNull(negotiated, "negotiated is null");
        if (sendQueue < 0 || undelivered < 0) {
            throw new IllegalArgumentException("negative queue length");
        }
    }

    /** The TCB of a connection its user has not given up, with nothing negotiated ({@link Negotiated#NONE}). */
    public Tcb(ConnectionState state, SendVars snd, ReceiveVars rcv, long sendQueue, boolean closeQueued,
               List<Segment> retransmission, long undelivered, List<Segment> reassembly, Map<Timer, Long> timers,
               long lastReceived, int retries, int probes, long rto, Option<Long> userTimeout,
               boolean remoteSpecified, boolean ackPending) {
        this(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers, lastReceived,
                retries, probes, rto, userTimeout, remoteSpecified, ackPending, false, Negotiated.NONE);
    }

    /** No connection: the fictional CLOSED state has no TCB (RFC 9293 §3.3.2). */
    public static Tcb closed() {
        return CLOSED;
    }

    /** The table state without the origin. */
    public TcpState tcpState() {
        return state.state();
    }

    /** Whether the state is {@code s}. */
    public boolean is(TcpState s) {
        return state.state() == s;
    }

    /** The deadline of timer {@code t}, if armed. */
    public Option<Long> deadline(Timer t) {
        return timers.get(t);
    }

    // Each with-method returns this TCB when the component is already the given one (the same object, or an equal
    // primitive): the result is equal either way, and a step that leaves most components alone allocates nothing
    // for them.

    /** The same TCB in {@code state}. */
    public Tcb withState(ConnectionState state) {
        if (state == this.state) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with these send variables. */
    public Tcb withSnd(SendVars snd) {
        if (snd == this.snd) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with these receive variables. */
    public Tcb withRcv(ReceiveVars rcv) {
        if (rcv == this.rcv) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with {@code sendQueue} octets waiting to be segmentized. */
    public Tcb withSendQueue(long sendQueue) {
        if (sendQueue == this.sendQueue) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with the user's CLOSE recorded (or not). */
    public Tcb withCloseQueued(boolean closeQueued) {
        if (closeQueued == this.closeQueued) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with this retransmission queue. */
    public Tcb withRetransmission(List<Segment> retransmission) {
        if (retransmission == this.retransmission) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with {@code undelivered} octets awaiting RECEIVE. */
    public Tcb withUndelivered(long undelivered) {
        if (undelivered == this.undelivered) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with these segments held for reassembly. */
    public Tcb withReassembly(List<Segment> reassembly) {
        if (reassembly == this.reassembly) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with these armed timers. */
    public Tcb withTimers(Map<Timer, Long> timers) {
        if (timers == this.timers) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with the last arrival at {@code lastReceived}. */
    public Tcb withLastReceived(long lastReceived) {
        if (lastReceived == this.lastReceived) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with this retransmission count. */
    public Tcb withRetries(int retries) {
        if (retries == this.retries) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with this count of unanswered keep-alive probes. */
    public Tcb withProbes(int probes) {
        if (probes == this.probes) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with this retransmission timeout. */
    public Tcb withRto(long rto) {
        if (rto == this.rto) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with a delayed ACK pending (or not). */
    public Tcb withAckPending(boolean ackPending) {
        if (ackPending == this.ackPending) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB with this negotiated state. */
    public Tcb withNegotiated(Negotiated negotiated) {
        if (negotiated == this.negotiated) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** The same TCB, given up by its user (or not). */
    public Tcb withOrphaned(boolean orphaned) {
        if (orphaned == this.orphaned) {
            return this;
        }
        return new Tcb(state, snd, rcv, sendQueue, closeQueued, retransmission, undelivered, reassembly, timers,
                lastReceived, retries, probes, rto, userTimeout, remoteSpecified, ackPending, orphaned, negotiated);
    }

    /** A new TCB for an OPEN call (RFC 9293 §3.10.1), in {@code state}, with nothing sent or received. */
    public static Tcb opened(ConnectionState state, Option<Long> userTimeout, boolean remoteSpecified, long rto,
                             long now) {
        return new Tcb(state, CLOSED.snd, CLOSED.rcv, 0, false, List.empty(), 0, List.empty(), HashMap.empty(), now,
                0, 0, rto, userTimeout, remoteSpecified, false, false, Negotiated.NONE);
    }
}
