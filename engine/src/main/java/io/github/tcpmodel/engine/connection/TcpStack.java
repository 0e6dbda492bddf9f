package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.clock.Clock;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.DecodeCounters;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Ipv6Addresses;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.lifecycle.Lifecycle;
import io.github.tcpmodel.engine.lifecycle.LifecycleFactory;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * A TCP engine on one IPv4 address: it reads packets from a {@link Link}, decodes them, demultiplexes them by
 * 4-tuple to connections or to listeners, answers segments for no connection as CLOSED does (RFC 9293 §3.10.7.1),
 * runs the timers, and writes what connections send. The socket-like API starts here: {@link #connect} and
 * {@link #listen}; then {@link Connection} and {@link Listener}.
 *
 * <p>Single-threaded and non-blocking, like smoltcp: the owner calls {@link #poll()} whenever packets may have arrived
 * or {@link #nextDeadline()} has passed. With a virtual clock and an in-memory link the whole run is deterministic.
 */
public final class TcpStack implements Host {

    private static final Map<TransitionTable, LifecycleFactory> FACTORIES = new ConcurrentHashMap<>();
    private static final int FIRST_EPHEMERAL = 49152;

    private final Clock clock;
    private final Link link;
    private final int address;
    private final ConnectionConfig config;
    private final LifecycleFactory lifecycles;
    private final Lifecycle closed;
    private final Map<Long, Connection> connections = new HashMap<>();
    private final Map<Integer, Listener> listeners = new HashMap<>();
    private final PriorityQueue<TimerEntry> timers = new PriorityQueue<>();
    private final DecodeCounters decodeCounters = new DecodeCounters();
    private final SplittableRandom random;
    private final long isnSecret;
    private final SynCookies cookies;
    private FastOpenCookies fastOpenCookies;
    private boolean fastOpenCookieRequired = true;
    /** The Fast Open client's cookie cache (RFC 7413 §4.1.3): the latest cookie by server address. */
    private final FastOpenClientCache fastOpenClientCookies = new FastOpenClientCache();
    private EngineObserver observer = EngineObserver.NONE;
    private ToIntFunction<ConnectionId> isnOverride;
    private long incarnations;
    private int nextPort;
    private long challengeWindowStart = -1_000_000_000L;
    private int challengeAcksInWindow;
    private long foreignDropped;
    private long segmentsIn;
    private long segmentsOut;
    private long resetsSent;
    private long challengeAcksAllowed;
    private long challengeAcksSuppressed;
    private long replyAcksThrottled;
    /** The handles of IPv6 addresses when the engine runs on IPv6; null on IPv4. */
    private final Ipv6Addresses ipv6;

    /**
     * An engine for {@code address} on {@code link}, with connections configured by {@code config}; {@code seed}
     * makes initial sequence numbers and ephemeral ports reproducible.
     */
    public TcpStack(Clock clock, Link link, int address, ConnectionConfig config, long seed) {
        this(clock, link, address, config, seed, null);
    }

    /**
     * An engine on IPv6 (RFC 8200): its own address {@code address}, and every peer's, is a handle of
     * {@code ipv6} ({@link Ipv6Addresses}); the link carries IPv6 packets. Otherwise as the IPv4 engine.
     */
    public static TcpStack ipv6(Clock clock, Link link, Ipv6Addresses ipv6, String address, ConnectionConfig config,
                                long seed) {
        Objects.requireNonNull(ipv6, "ipv6 is null");
        return new TcpStack(clock, link, ipv6.handle(address), config, seed, ipv6);
    }

    private TcpStack(Clock clock, Link link, int address, ConnectionConfig config, long seed, Ipv6Addresses ipv6) {
        this.ipv6 = ipv6;
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.link = Objects.requireNonNull(link, "link is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.address = address;
        this.lifecycles = FACTORIES.computeIfAbsent(config.table(), LifecycleFactory::of);
        this.closed = lifecycles.newLifecycle(ConnectionState.of(TcpState.CLOSED));
        this.random = new SplittableRandom(seed);
        this.isnSecret = random.nextLong();
        byte[] cookieKey = new byte[32];
        long k = isnSecret;
        for (int i = 0; i < cookieKey.length; i += 8) {
            k = mix(k + 0x9e3779b97f4a7c15L);
            for (int j = 0; j < 8; j++) {
                cookieKey[i + j] = (byte) (k >>> (8 * j));
            }
        }
        this.cookies = new SynCookies(cookieKey);
        // A Fast Open key of its own, as Linux draws one at random until one is set (RFC 7413 §4.1.2).
        byte[] fastOpenKey = new byte[FastOpenCookies.KEY_OCTETS];
        for (int i = 0; i < fastOpenKey.length; i += 8) {
            k = mix(k + 0x9e3779b97f4a7c15L);
            for (int j = 0; j < 8; j++) {
                fastOpenKey[i + j] = (byte) (k >>> (8 * j));
            }
        }
        this.fastOpenCookies = FastOpenCookies.ofKey(fastOpenKey);
        this.nextPort = FIRST_EPHEMERAL + random.nextInt(16384);
    }

    /** Attaches an observer (replacing the previous one); it sees every later event. */
    public void observe(EngineObserver newObserver) {
        this.observer = Objects.requireNonNull(newObserver, "observer is null");
    }

    /** Replaces the RFC 6528 ISN generator, e.g. to start a connection just below the 2^32 wrap. */
    public void overrideIsn(ToIntFunction<ConnectionId> isn) {
        this.isnOverride = Objects.requireNonNull(isn, "isn is null");
    }

    // ---- the socket-like API ----

    /** Active OPEN to {@code remoteAddr:remotePort} from an ephemeral port. */
    public Connection connect(int remoteAddr, int remotePort) {
        for (int i = 0; i < 16384; i++) {
            int port = nextPort;
            nextPort = nextPort == 65535 ? FIRST_EPHEMERAL : nextPort + 1;
            if (!listeners.containsKey(port)
                    && !connections.containsKey(ConnectionId.keyOfArrival(remoteAddr, remotePort, port))) {
                return connect(remoteAddr, remotePort, port);
            }
        }
        throw new IllegalStateException("no free ephemeral port towards " + remoteAddr + ":" + remotePort);
    }

    /** Active OPEN from a given local port (for simultaneous open). */
    public Connection connect(int remoteAddr, int remotePort, int localPort) {
        return connect(remoteAddr, remotePort, localPort, config);
    }

    /**
     * Active OPEN from a given local port with this connection's own parameters (a socket's options set before
     * connect: keep-alive, user timeout); {@code own} must have the engine's transition table.
     */
    public Connection connect(int remoteAddr, int remotePort, int localPort, ConnectionConfig own) {
        return Connection.active(this, own, activeId(remoteAddr, remotePort, localPort, own));
    }

    /**
     * The identity of a new active connection, after checking the ports and {@code own}'s table: an error if the
     * 4-tuple is in use ("connection already exists", RFC 9293 §3.10.1).
     */
    private ConnectionId activeId(int remoteAddr, int remotePort, int localPort, ConnectionConfig own) {
        checkPort(remotePort);
        checkPort(localPort);
        checkTable(own);
        ConnectionId id = new ConnectionId(address, localPort, remoteAddr, remotePort, nextIncarnation());
        if (connections.containsKey(id.key())) {
            throw new IllegalStateException("connection already exists: " + id);
        }
        return id;
    }

    /** Passive OPEN on {@code port} with room for {@code backlog} established connections not yet accepted. */
    public Listener listen(int port, int backlog) {
        return listen(port, backlog, config);
    }

    /**
     * Passive OPEN whose connections take {@code own} parameters (a listening socket's options, inherited by the
     * connections it forks); {@code own} must have the engine's transition table.
     */
    public Listener listen(int port, int backlog, ConnectionConfig own) {
        checkPort(port);
        checkTable(own);
        Listener existing = listeners.get(port);
        if (existing != null && existing.tcpState() == TcpState.LISTEN) {
            throw new IllegalStateException("already listening on " + port);
        }
        Listener l = Listener.open(this, own, address, port, backlog);
        listeners.put(port, l);
        return l;
    }

    /** {@link #listen(int, int)} with a backlog of 128. */
    public Listener listen(int port) {
        return listen(port, 128);
    }

    // ---- driving the engine ----

    /**
     * Processes the packets that have arrived and the timers that are due; returns how many of either it handled.
     */
    public int poll() {
        int work = link.receive(this::packetArrives, 4096);
        long now = clock.nowMillis();
        while (!timers.isEmpty() && timers.peek().deadline <= now) {
            TimerEntry e = timers.poll();
            if (e.connection.scheduledAt == e.deadline && !e.connection.isDeleted()) {
                e.connection.onTimers(now);
                work++;
            }
        }
        return work;
    }

    /** The earliest time at which {@link #poll()} has something to do: a timer or a packet arrival. */
    public long nextDeadline() {
        long t = Long.MAX_VALUE;
        while (!timers.isEmpty()) {
            TimerEntry e = timers.peek();
            if (e.connection.scheduledAt == e.deadline && !e.connection.isDeleted()) {
                t = e.deadline;
                break;
            }
            timers.poll();
        }
        return Math.min(t, link.nextArrivalMillis());
    }

    /** Hands one raw packet to the engine, as if it had arrived on the link. */
    public void packetArrives(byte[] packet) {
        Decoded decoded = decodeCounters.count(Codec.decode(packet, 0, packet.length, ipv6));
        if (!(decoded instanceof Decoded.Ok ok)) {
            if (observer != EngineObserver.NONE) {
                observer.observe(new EngineEvent.Dropped(clock.nowMillis(), decoded));
            }
            return;
        }
        Packet seg = ok.segment();
        if (seg.dstAddr() != address) {
            foreignDropped++;
            if (observer != EngineObserver.NONE) {
                observer.observe(new EngineEvent.Dropped(clock.nowMillis(), decoded));
            }
            return;
        }
        segmentsIn++;
        Connection c = connections.get(ConnectionId.keyOfArrival(seg.srcAddr(), seg.srcPort(), seg.dstPort()));
        if (c != null) {
            c.segmentArrives(seg);
            return;
        }
        Listener l = listeners.get(seg.dstPort());
        if (l != null && l.tcpState() == TcpState.LISTEN) {
            l.segmentArrives(seg);
            return;
        }
        if (l != null) {
            listeners.remove(seg.dstPort());
        }
        closedArrives(seg);
    }

    /** RFC 9293 §3.10.7.1: no TCB. A RST is dropped; anything else is answered by a RST. */
    private void closedArrives(Packet seg) {
        Event event = seg.has(Flags.RST) ? Event.RCV_RST
                : seg.has(Flags.SYN) ? (seg.has(Flags.ACK) ? Event.RCV_SYN_ACK : Event.RCV_SYN)
                : seg.has(Flags.FIN) ? Event.RCV_FIN : Event.RCV_ACK;
        ConnectionState before = closed.state();
        Outcome outcome = closed.fire(event);
        if (observer != EngineObserver.NONE) {
            ConnectionId nobody = new ConnectionId(seg.dstAddr(), seg.dstPort(), seg.srcAddr(), seg.srcPort(), 0);
            observer.observe(new EngineEvent.SegmentIn(clock.nowMillis(), nobody, seg, before, Option.some(event),
                    Option.some(outcome)));
        }
        if (outcome.isTransition()) {
            ConnectionId nobody = new ConnectionId(seg.dstAddr(), seg.dstPort(), seg.srcAddr(), seg.srcPort(), 0);
            transmit(nobody, before, Connection.resetFor(seg));
        }
    }

    // ---- Host ----

    @Override
    public long now() {
        return clock.nowMillis();
    }

    @Override
    public void transmit(ConnectionId connection, ConnectionState state, Packet segment) {
        segmentsOut++;
        if (segment.has(Flags.RST)) {
            resetsSent++;
        }
        if (observer != EngineObserver.NONE) {
            observer.observe(new EngineEvent.SegmentOut(clock.nowMillis(), connection, segment, state));
        }
        link.send(Codec.encode(segment, ipv6));
    }

    @Override
    public void schedule(Connection connection, long deadline) {
        timers.add(new TimerEntry(deadline, connection));
        compactTimersIfStale();
    }

    /**
     * Rescheduling leaves the superseded entry in the queue (lazy cancellation), and an entry far in the future (a
     * keep-alive at two hours, TIME-WAIT) holds its connection, buffers and all, until its deadline comes up, even
     * after the TCB is deleted, so the heap would keep deleted TCBs for hours of virtual time. Dropping the stale entries whenever they outnumber the connections keeps the queue within twice
     * the connections (plus a constant) at an amortized constant cost per entry.
     */
    private void compactTimersIfStale() {
        if (timers.size() > 2 * connections.size() + 64) {
            timers.removeIf(e -> e.connection.scheduledAt != e.deadline || e.connection.isDeleted());
        }
    }

    @Override
    public void register(Connection connection) {
        connections.put(connection.id().key(), connection);
    }

    @Override
    public void forget(Connection connection) {
        connections.remove(connection.id().key(), connection);
        compactTimersIfStale();
    }

    @Override
    public long nextIncarnation() {
        return ++incarnations;
    }

    @Override
    public Lifecycle newLifecycle(ConnectionState initial) {
        return lifecycles.newLifecycle(initial);
    }

    /**
     * RFC 9293 §3.4.1 and RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M a clock
     * ticking every 4 microseconds (here derived from the engine clock's milliseconds) and F a keyed hash.
     */
    @Override
    public int initialSequenceNumber(ConnectionId c) {
        if (isnOverride != null) {
            return isnOverride.applyAsInt(c);
        }
        long h = isnSecret;
        h = mix(h ^ c.localAddr());
        h = mix(h ^ ((long) c.localPort() << 16 | c.remotePort()));
        h = mix(h ^ c.remoteAddr());
        return (int) (clock.nowMillis() * 250L + h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public boolean allowChallengeAck() {
        long now = clock.nowMillis();
        if (now - challengeWindowStart >= 1000) {
            challengeWindowStart = now;
            challengeAcksInWindow = 0;
        }
        if (challengeAcksInWindow >= config.challengeAcksPerSecond()) {
            challengeAcksSuppressed++;
            return false;
        }
        challengeAcksInWindow++;
        challengeAcksAllowed++;
        return true;
    }

    @Override
    public SynCookies synCookies() {
        return cookies;
    }

    @Override
    public FastOpenCookies fastOpenCookies() {
        return fastOpenCookies;
    }

    /**
     * Replaces the key of the TCP Fast Open cookies (Linux's net.ipv4.tcp_fastopen_key); cookies handed out under the
     * old key are no longer valid.
     */
    public void fastOpenKey(FastOpenCookies cookies) {
        this.fastOpenCookies = Objects.requireNonNull(cookies, "cookies is null");
    }

    @Override
    public boolean fastOpenCookieRequired() {
        return fastOpenCookieRequired;
    }

    /**
     * Whether Fast Open listeners take the text of a SYN only with a valid cookie (the default, RFC 7413 §4.2.2) or
     * every data-bearing SYN's (Linux's net.ipv4.tcp_fastopen bit 0x200).
     */
    public void fastOpenCookieRequired(boolean required) {
        this.fastOpenCookieRequired = required;
    }

    @Override
    public void fastOpenCookieLearned(int remoteAddr, byte[] cookie, int mss) {
        fastOpenClientCookies.learn(remoteAddr, cookie, mss);
    }

    @Override
    public FastOpenClientCache.Entry fastOpenClientEntry(int remoteAddr) {
        return fastOpenClientCookies.entry(remoteAddr);
    }

    /**
     * The TCP Fast Open cookie this engine's clients learned from the server at {@code remoteAddr} (RFC 7413 §4.1.3:
     * one per server address, the latest replacing the one before), a copy; empty before any.
     */
    public Option<byte[]> fastOpenClientCookie(int remoteAddr) {
        return Option.of(fastOpenClientCookies.entry(remoteAddr)).map(FastOpenClientCache.Entry::cookie);
    }

    /** Forgets every cookie the engine's Fast Open clients learned (RFC 7413 §4.1.3; Linux's cache is per host). */
    public void clearFastOpenClientCookies() {
        fastOpenClientCookies.clear();
    }

    /**
     * Active OPEN with text (RFC 7413 §4.1.2, Linux's sendto with MSG_FASTOPEN): as {@link #connect(int, int, int,
     * ConnectionConfig)}, with up to {@code len} octets of {@code data} queued before the SYN is built, so that a Fast
     * Open client with a cookie cached for the server sends them on its SYN ({@link Connection#queued()} says how many
     * were taken).
     */
    public Connection connectWithText(int remoteAddr, int remotePort, int localPort, ConnectionConfig own, byte[] data,
                                      int off, int len) {
        return Connection.activeWithText(this, own, activeId(remoteAddr, remotePort, localPort, own), data, off, len);
    }

    @Override
    public byte[] addressOctets(int handle) {
        if (ipv6 != null) {
            byte[] b = new byte[16];
            ipv6.write(handle, b, 0);
            return b;
        }
        return new byte[] {(byte) (handle >>> 24), (byte) (handle >>> 16), (byte) (handle >>> 8), (byte) handle};
    }

    @Override
    public void replayed(ConnectionId connection, ConnectionState state, Packet segment) {
        if (observer != EngineObserver.NONE) {
            observer.observe(new EngineEvent.SegmentOut(clock.nowMillis(), connection, segment, state));
        }
    }

    @Override
    public void replyAckThrottled() {
        replyAcksThrottled++;
    }

    /** Challenge ACKs (RFC 5961 §3.2, §4.2) the rate limit let through. */
    public long challengeAcksAllowed() {
        return challengeAcksAllowed;
    }

    /** Challenge ACKs the RFC 5961 §7 rate limit held back. */
    public long challengeAcksSuppressed() {
        return challengeAcksSuppressed;
    }

    /** ACKs answering unacceptable segments or ACKs that the RFC 5961 §7 throttle held back. */
    public long replyAcksThrottled() {
        return replyAcksThrottled;
    }

    @Override
    public EngineObserver observer() {
        return observer;
    }

    // ---- inspection ----

    /** The engine's address. */
    public int address() {
        return address;
    }

    /** The configuration of new connections. */
    public ConnectionConfig config() {
        return config;
    }

    /** Connections with a TCB (including TIME-WAIT). */
    public Collection<Connection> connections() {
        return List.copyOf(connections.values());
    }

    /** How many connections have a TCB. */
    public int connectionCount() {
        return connections.size();
    }

    /** Listeners in LISTEN. */
    public List<Listener> listeners() {
        List<Listener> l = new ArrayList<>();
        for (Listener x : listeners.values()) {
            if (x.tcpState() == TcpState.LISTEN) {
                l.add(x);
            }
        }
        return l;
    }

    /** Counters of decoded and malformed packets. */
    public DecodeCounters decodeCounters() {
        return decodeCounters;
    }

    /** Well-formed segments for another address, dropped. */
    public long foreignDropped() {
        return foreignDropped;
    }

    /** Well-formed segments for this address. */
    public long segmentsIn() {
        return segmentsIn;
    }

    /** Segments sent. */
    public long segmentsOut() {
        return segmentsOut;
    }

    /** Resets sent. */
    public long resetsSent() {
        return resetsSent;
    }

    /** Pending timer entries (live and stale), for tests of boundedness. */
    public int timerEntries() {
        return timers.size();
    }

    /** Lifecycles come from the engine's table: a connection's own parameters cannot bring another. */
    private void checkTable(ConnectionConfig own) {
        Objects.requireNonNull(own, "config is null");
        if (!own.table().equals(config.table())) {
            throw new IllegalArgumentException("a connection's config must have the engine's table ("
                    + config.table().name() + "), not " + own.table().name());
        }
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    private static final class TimerEntry implements Comparable<TimerEntry> {
        final long deadline;
        final Connection connection;

        TimerEntry(long deadline, Connection connection) {
            this.deadline = deadline;
            this.connection = connection;
        }

        @Override
        public int compareTo(TimerEntry o) {
            return Long.compare(deadline, o.deadline);
        }
    }
}
