package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.lifecycle.Lifecycle;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Option;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A passive OPEN on a local port (RFC 9293 §3.10.1): a TCB in LISTEN that forks a new connection for each acceptable
 * SYN (§3.10.7.2), keeps at most {@link ConnectionConfig#embryonicLimit} of them half-open (SYN-RECEIVED) and at
 * most {@code backlog} established ones waiting for {@link #accept()}. When the embryonic queue is full and
 * {@link ConnectionConfig#synCookies} is on (the default), a new SYN is answered with a SYN cookie and no state is
 * kept ({@link SynCookies}); an ACK that returns a valid cookie rebuilds the connection. With cookies off, a new SYN
 * evicts the oldest half-open connection if that one is at least {@link #EVICTION_GRACE_MILLIS} old (it is given up
 * silently, as its SYN,ACK retries running out would); otherwise the new SYN is dropped and its peer retransmits it.
 * So a flood of spoofed SYNs cannot lock legitimate clients out for the 63 s a half-open connection would otherwise
 * hold its slot: a legitimate handshake survives when it completes before {@code embryonicLimit} newer SYNs arrive,
 * and a burst of legitimate SYNs is delayed, not reset. When the accept queue is full, SYNs are dropped.
 *
 * <p>TCP Fast Open (RFC 7413 §4.2), where {@link #fastOpen(int)} gives the listener a Fast Open queue and the
 * profile allows it ({@link io.github.tcpmodel.profile.Profile#fastOpenCapable()}): a SYN with an empty Fast Open
 * option requests a cookie and its SYN,ACK carries one ({@link FastOpenCookies}, §4.2.1); the text of a SYN that
 * presents the valid cookie (or any, where the engine requires none, {@link Host#fastOpenCookieRequired()}) is
 * accepted, acknowledged by the SYN,ACK and ready for the user at once: the connection waits for {@link #accept()}
 * in SYN-RECEIVED and may send before the handshake completes (§4.2.2). A SYN whose cookie is not valid has its text
 * handled as without Fast Open, and its SYN,ACK carries the valid cookie. At most the queue's length of accepted
 * Fast Open connections are in SYN-RECEIVED at once (§5.1, "limit the number of pending TFO connections"); beyond
 * it, SYNs are served as without Fast Open and no cookie is handed out. Not thread-safe.
 */
public final class Listener {

    /** The youngest a half-open connection may be and still be evicted for a newer SYN. */
    public static final long EVICTION_GRACE_MILLIS = 10;

    private final ConnectionId id;
    private final ConnectionConfig config;
    private final Host host;
    private final Lifecycle lifecycle;
    private final int backlog;
    private final Map<Connection, Long> embryonic = new LinkedHashMap<>();
    private final ArrayDeque<Connection> acceptQueue = new ArrayDeque<>();
    private long droppedSyns;
    private long evictedEmbryonic;
    private long cookiesSent;
    private long cookiesAccepted;
    private long lastCookieAt;
    /** The Fast Open queue's length (TCP_FASTOPEN); 0: no Fast Open. */
    private int fastOpenQueue;
    /** Fast Open connections still in SYN-RECEIVED (RFC 7413 §5.1: pending), already in the accept queue. */
    private final java.util.Set<Connection> fastOpenPending = new java.util.HashSet<>();
    private long fastOpenAccepted;
    private long fastOpenCookiesSent;

    Listener(ConnectionId id, ConnectionConfig config, Host host, int backlog) {
        this.id = id;
        this.config = config;
        this.host = host;
        this.backlog = backlog;
        this.lifecycle = host.newLifecycle(ConnectionState.of(TcpState.CLOSED));
        fire(Event.PASSIVE_OPEN, null);
    }

    /** A passive OPEN on {@code port} of {@code host}. */
    public static Listener open(Host host, ConnectionConfig config, int localAddr, int port, int backlog) {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1: " + backlog);
        }
        return new Listener(new ConnectionId(localAddr, port, 0, 0, host.nextIncarnation()), config, host, backlog);
    }

    /** The next established connection, if one is waiting. */
    public Option<Connection> accept() {
        return Option.of(acceptQueue.poll());
    }

    /** Established connections waiting for {@link #accept()}. */
    public int pending() {
        return acceptQueue.size();
    }

    /** Half-open connections. */
    public int embryonicCount() {
        return embryonic.size();
    }

    /** SYNs dropped because a queue was full (and ACKs returning a SYN cookie while the accept queue was full). */
    public long droppedSyns() {
        return droppedSyns;
    }

    /** Half-open connections evicted to make room for newer SYNs. */
    public long evictedEmbryonic() {
        return evictedEmbryonic;
    }

    /** SYNs answered with a SYN cookie because the embryonic queue was full. */
    public long cookiesSent() {
        return cookiesSent;
    }

    /** Connections rebuilt from a returning SYN cookie. */
    public long cookiesAccepted() {
        return cookiesAccepted;
    }

    /**
     * Gives the listener a Fast Open queue of {@code queueLength} pending connections (RFC 7413 §4.2, §5.1; the
     * TCP_FASTOPEN socket option), or takes it away with 0.
     *
     * @throws IllegalStateException when the profile does not implement Fast Open
     */
    public void fastOpen(int queueLength) {
        if (queueLength < 0) {
            throw new IllegalArgumentException("queue length must not be negative: " + queueLength);
        }
        if (queueLength > 0 && !config.profile().fastOpenCapable()) {
            throw new IllegalStateException("profile " + config.profile().name() + " does not implement TCP Fast "
                    + "Open (RFC 7413)");
        }
        fastOpenQueue = queueLength;
    }

    /** The Fast Open queue's length; 0 without Fast Open. */
    public int fastOpenQueue() {
        return fastOpenQueue;
    }

    /** SYNs whose text was accepted by Fast Open (RFC 7413 §4.2.2). */
    public long fastOpenAccepted() {
        return fastOpenAccepted;
    }

    /** SYN,ACKs that carried a Fast Open cookie (RFC 7413 §4.2.1). */
    public long fastOpenCookiesSent() {
        return fastOpenCookiesSent;
    }

    /** The listener's state: LISTEN, or CLOSED after {@link #close()}. */
    public ConnectionState state() {
        return lifecycle.state();
    }

    /** The listener's {@link TcpState}: LISTEN, or CLOSED after {@link #close()}. */
    public TcpState tcpState() {
        return lifecycle.tcpState();
    }

    /** The local address and port (remote parts 0). */
    public ConnectionId id() {
        return id;
    }

    /**
     * CLOSE in LISTEN (RFC 9293 §3.10.4): the listener is deleted. Connections already forked are not affected.
     */
    public void close() {
        fire(Event.CLOSE, null);
    }

    /** A segment for the listener's port that matches no connection. */
    void segmentArrives(Packet seg) {
        ConnectionState before = lifecycle.state();
        if (before.state() != TcpState.LISTEN) {
            report(seg, before);
            return;
        }
        // RFC 9293 §3.10.7.2 first: an incoming RST is ignored.
        if (seg.has(Flags.RST)) {
            fire(Event.RCV_RST, seg);
            return;
        }
        // second: any acknowledgment is bad in LISTEN: <SEQ=SEG.ACK><CTL=RST>, unless it returns a SYN cookie.
        if (seg.has(Flags.ACK) && !seg.has(Flags.SYN) && cookiesRecentlySent()) {
            ConnectionId child = new ConnectionId(seg.dstAddr(), seg.dstPort(), seg.srcAddr(), seg.srcPort(), 0);
            int mss = host.synCookies().check(child, seg.seq() - 1, seg.ack() - 1, host.now());
            if (mss > 0) {
                if (acceptQueue.size() >= backlog) {
                    // No room to accept it: drop the ACK (as Linux does); the peer's retransmission may find room.
                    droppedSyns++;
                    report(seg, before);
                    return;
                }
                cookiesAccepted++;
                Connection.fromCookie(host, config, new ConnectionId(child.localAddr(), child.localPort(),
                        child.remoteAddr(), child.remotePort(), host.nextIncarnation()), this, seg, mss);
                return;
            }
        }
        if (seg.has(Flags.ACK)) {
            Event event = seg.has(Flags.SYN) ? Event.RCV_SYN_ACK : seg.has(Flags.FIN) ? Event.RCV_FIN : Event.RCV_ACK;
            fire(event, seg);
            return;
        }
        // third: a SYN forks a connection, if the queues have room.
        if (seg.has(Flags.SYN)) {
            if (acceptQueue.size() >= backlog) {
                droppedSyns++;
                report(seg, before);
                return;
            }
            if (embryonic.size() >= config.embryonicLimit() && config.synCookies()) {
                // RFC 4987 §3.6: answer statelessly; the ACK that returns the cookie rebuilds the connection.
                ConnectionId child = new ConnectionId(seg.dstAddr(), seg.dstPort(), seg.srcAddr(), seg.srcPort(),
                        host.nextIncarnation());
                int cookie = host.synCookies().make(child, seg.seq(), seg.options().mss(), host.now());
                lastCookieAt = host.now();
                cookiesSent++;
                Connection.answerWithCookie(host, config, child, this, seg, cookie);
                return;
            }
            if (embryonic.size() >= config.embryonicLimit()) {
                // Oldest first: under a SYN flood the oldest half-open connection is the one least likely to
                // complete (a legitimate peer answers within a round trip), whereas always dropping the new SYN
                // would lock every legitimate client out.
                Iterator<Map.Entry<Connection, Long>> oldest = embryonic.entrySet().iterator();
                Map.Entry<Connection, Long> victim = oldest.next();
                if (host.now() - victim.getValue() < EVICTION_GRACE_MILLIS) {
                    droppedSyns++;
                    report(seg, before);
                    return;
                }
                oldest.remove();
                evictedEmbryonic++;
                victim.getKey().evictEmbryonic();
            }
            ConnectionId child = new ConnectionId(seg.dstAddr(), seg.dstPort(), seg.srcAddr(), seg.srcPort(),
                    host.nextIncarnation());
            FastOpenAnswer fo = fastOpenAnswer(seg);
            if (fo.cookie() != null) {
                fastOpenCookiesSent++;
            }
            Connection c = Connection.passive(host, config, child, this, seg, fo.accepted(), fo.cookie(),
                    fo.experimental());
            if (!c.isDeleted() && c.tcpState() == TcpState.SYN_RECEIVED) {
                if (fo.accepted()) {
                    // RFC 7413 §4.2.2: the text is the user's at once; the connection waits in the accept queue.
                    fastOpenAccepted++;
                    fastOpenPending.add(c);
                    acceptQueue.add(c);
                } else {
                    embryonic.put(c, host.now());
                }
            }
            return;
        }
        // fourth: other text or control: "drop the segment and return".
        report(seg, before);
    }

    /** Cookies are checked only while they may be out there (Linux does the same): fewer chances to forge one. */
    private boolean cookiesRecentlySent() {
        return config.synCookies() && cookiesSent > 0
                && host.now() - lastCookieAt <= (SynCookies.MAX_AGE_TICKS + 1) * SynCookies.TICK_MILLIS;
    }

    /**
     * What RFC 7413 §4.2 makes of SYN {@code syn}: whether its text is accepted, and the cookie its SYN,ACK carries
     * (null for none), in the kind of the option that asked for it.
     */
    private FastOpenAnswer fastOpenAnswer(Packet syn) {
        byte[] offered = syn.options().fastOpen();
        boolean text = syn.payload().length > 0 && !syn.has(Flags.FIN);
        // §5.1: beyond the queue's pending connections the SYN is served as without Fast Open, with no cookie.
        if (fastOpenQueue == 0 || (!text && offered == null) || fastOpenPending.size() >= fastOpenQueue) {
            return FastOpenAnswer.NONE;
        }
        byte[] client = host.addressOctets(syn.srcAddr());
        byte[] server = host.addressOctets(syn.dstAddr());
        FastOpenCookies cookies = host.fastOpenCookies();
        if (text && (!host.fastOpenCookieRequired() || cookies.valid(offered, client, server))) {
            return new FastOpenAnswer(true, null, false);
        }
        // §4.2.1: a request is answered with a cookie; so is a cookie that is not valid, so that the client holds
        // a valid one for its next connection. A valid cookie on a SYN without text needs no answer.
        return offered == null || cookies.valid(offered, client, server) ? FastOpenAnswer.NONE
                : new FastOpenAnswer(false, cookies.cookie(client, server), syn.options().fastOpenExperimental());
    }

    /** The Fast Open outcome of one SYN. */
    private record FastOpenAnswer(boolean accepted, byte[] cookie, boolean experimental) {
        static final FastOpenAnswer NONE = new FastOpenAnswer(false, null, false);
    }

    void established(Connection c) {
        embryonic.remove(c);
        if (!fastOpenPending.remove(c)) {
            acceptQueue.add(c);
        }
    }

    void embryonicGone(Connection c) {
        embryonic.remove(c);
        fastOpenPending.remove(c);
    }

    private Outcome fire(Event event, Packet trigger) {
        ConnectionState before = lifecycle.state();
        Outcome outcome = lifecycle.fire(event);
        EngineObserver observer = host.observer();
        if (observer != EngineObserver.NONE) {
            long now = host.now();
            if (trigger != null) {
                observer.observe(new EngineEvent.SegmentIn(now, id, trigger, before, Option.some(event),
                        Option.some(outcome)));
            } else {
                observer.observe(new EngineEvent.UserCall(now, id, event, outcome, 0));
            }
            if (outcome.isTransition() && !outcome.target(before).equals(before)) {
                observer.observe(new EngineEvent.StateChanged(now, id, before, outcome.target(before), event));
            }
        }
        if (outcome instanceof Outcome.Transition t && t.actions().contains(Action.SND_RST) && trigger != null) {
            host.transmit(id, lifecycle.state(), Connection.resetFor(trigger));
        }
        return outcome;
    }

    private void report(Packet seg, ConnectionState before) {
        EngineObserver observer = host.observer();
        if (observer != EngineObserver.NONE) {
            observer.observe(new EngineEvent.SegmentIn(host.now(), id, seg, before, Option.none(), Option.none()));
        }
    }
}
