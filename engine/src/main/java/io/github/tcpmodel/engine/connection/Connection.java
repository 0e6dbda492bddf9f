package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.ModelSegments;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.lifecycle.Lifecycle;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Negotiation;
import io.github.tcpmodel.semantics.Paws;
import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One TCP connection: the TCB of RFC 9293 §3.3.1, its buffers and timers, and the socket-like calls a user makes on
 * it. Read with RFC 9293 §3.10 (event processing), RFC 6298 (the retransmission timer), RFC 5961 (challenge ACKs) and
 * RFC 5681 §3.2 / RFC 6582 (fast retransmit and partial acknowledgments) open beside it.
 *
 * <p>The control state is not a field here: it is the {@link Lifecycle}, a squirrel-foundation machine generated from
 * the transition table. Every user call, segment and timer is classified into one table {@link Event}, fired on the
 * lifecycle, and the table's {@link Action}s are carried out; sequence numbers, windows, buffers and timers are this
 * class's own. Not thread-safe: an engine drives its connections from one thread.
 *
 * <p>Sequence numbers are 32-bit values compared modulo 2^32 (RFC 9293 §3.4) with {@link #lt} and {@link #le}.
 */
public final class Connection {

    private static final long NEVER = Long.MAX_VALUE;
    /** RFC 9293 §3.7.1: the MSS assumed when the peer sends no MSS option. */
    static final int DEFAULT_MSS = 536;

    private final ConnectionId id;
    private final ConnectionConfig config;
    private final Host host;
    private final Lifecycle lifecycle;
    private final Listener parent;
    private final List<StateListener> stateListeners = new ArrayList<>(1);

    // ---- send sequence variables (RFC 9293 §3.3.1) ----
    private int iss;
    private int sndUna;
    private int sndNxt;
    private int sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int maxSndWnd;
    private int sndMss;
    private boolean synAcked;
    private int synTransmissions;

    // ---- send buffer: the octets from bufSeq on, unacknowledged and unsent; it is the retransmission queue ----
    private final ByteRing sendBuf;
    private int bufSeq;
    private boolean finQueued;
    private int finSeq;
    private boolean finSent;

    // ---- receive sequence variables and buffer ----
    private int irs;
    private int rcvNxt;
    private boolean synReceived;
    private long rcvOffset;
    private int rcvAdvRight;
    private boolean advertised;
    private final ByteRing rcvBuf;
    private final Reassembly reassembly;
    private boolean finReceived;
    /** A SYN's text or FIN, held until the handshake completes (RFC 9293 §3.10.7.2 third, §3.10.7.3 fourth). */
    private Packet heldSyn;
    /** A FIN that arrived beyond RCV.NXT, held with the text before it (SHLD-31), and its sequence number. */
    private boolean finHeld;
    private int heldFinSeq;

    // ---- options negotiated on the handshake (RFC 7323, RFC 2018), decided by the model's Negotiation ----
    /** RFC 7323 §2.3 Snd.Wind.Shift and Rcv.Wind.Shift; 0 without window scaling. */
    private int sndShift;
    private int rcvShift;
    private boolean windowScaling;
    /** RFC 7323 §3.2: timestamps in use; TS.Recent, when it was set, and Last.ACK.sent (§4.3). */
    private boolean timestamps;
    private int tsRecent;
    private long tsRecentAt;
    private int lastAckSent;
    /** RFC 7323 §4.2 with RFC 6298: when the last RTT sample from a timestamp echo was taken. */
    private long lastTsSample = -1;
    /** When text was last sent again (any retransmission); -1 before the first. */
    private long lastRetransmitAt = -1;
    /** RFC 2018 §2: SACK in use. */
    private boolean sackOk;
    /** RFC 2018 §4: stream offsets of the latest held segments, most recent first, for the order of SACK blocks. */
    private final long[] sackAnchors = new long[4];
    private int sackAnchorCount;
    /** RFC 2883 §4: a duplicate segment to report in the first block of the next ACK, [left, right). */
    private boolean dsackPending;
    private int dsackLeft;
    private int dsackRight;
    private final long[] heldRanges = new long[16];

    // ---- retransmission (RFC 6298), fast retransmit (RFC 5681) and recovery (RFC 6582) ----
    private final RtoEstimator rto;
    private int timedSeq;
    private long timedAt = -1;
    private int dupAcks;
    private boolean inRecovery;
    private int recover;
    private boolean retransmitAfterEvent;

    // ---- SACK-based loss recovery (RFC 6675), when SACK is in use ----
    /** The scoreboard: SACKed ranges above SND.UNA, left and right edges in turn, in sequence order. */
    private final int[] scoreboard = new int[2 * 32];
    private int sacked;
    /** RFC 6675 §5: in loss recovery until SND.UNA reaches RecoveryPoint ({@code recover}). */
    private boolean sackRecovery;
    /** RFC 6675 §2 HighRxt: the highest sequence number retransmitted in this recovery. */
    private int highRxt;

    // ---- congestion control (RFC 5681, RFC 6582 NewReno, RFC 6928 initial window), in octets ----
    private int cwnd = Integer.MAX_VALUE;
    private int ssthresh = Integer.MAX_VALUE;
    /** Octets acknowledged in congestion avoidance since cwnd last grew (RFC 5681 §3.1, byte counting). */
    private int caAcked;
    /** In fast recovery (RFC 6582 §3.2): cwnd is inflated by duplicate ACKs and deflated by partial ACKs. */
    private boolean fastRecovery;
    /** CUBIC's state (RFC 9438) under {@link DataTransfer.Algorithm#CUBIC}, sized to SMSS when the SYN is acked. */
    private Cubic cubic;

    // ---- RACK-TLP (RFC 8985) under DataTransfer#rackTlp, with SACK ----
    /** The segments in flight with their send times; null unless RACK-TLP is on. */
    private Rack rack;
    /** RFC 8985 §6.3: the reordering timer. */
    private long rackDeadline = NEVER;
    /** RFC 8985 §7.2: the probe timeout (PTO). */
    private long tlpDeadline = NEVER;
    /** RFC 8985 §7.3: a probe is outstanding until SND.UNA passes TLP.end_seq; whether it was a retransmission. */
    private boolean tlpOutstanding;
    private boolean tlpRetransmission;
    private int tlpEndSeq;
    private long lossProbes;
    private long timeouts;
    /** The Nagle algorithm (RFC 9293 §3.7.4); off is TCP_NODELAY. */
    private boolean nagle;

    // ---- delayed ACKs (RFC 9293 §3.8.6.3, RFC 5681 §4.2) ----
    /** RCV.NXT as last acknowledged by a segment sent. */
    private int ackedRcvNxt;
    /** The largest text segment received: the receiver's estimate of the peer's full-sized segment. */
    private int rcvMss;
    private long delAckDeadline = NEVER;

    // ---- timers: absolute deadlines, NEVER when not armed ----
    private long rtxDeadline = NEVER;
    private long userDeadline = NEVER;
    private long timeWaitDeadline = NEVER;
    private long finWait2Deadline = NEVER;
    private long keepAliveDeadline = NEVER;
    long scheduledAt = NEVER;

    // ---- keep-alive (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6) ----
    private boolean keepAlive;
    private long lastHeard;
    private int probesSent;

    // ---- the user's side ----
    private boolean orphaned;
    private boolean resetWithAck;
    private boolean deleted;
    private String error;
    private boolean segmentReported;
    private long octetsSent;
    private long octetsReceived;
    private long retransmissions;
    private long lastReplyAck = Long.MIN_VALUE / 2;
    /** Rebuilding a connection from a SYN cookie: the SYN,ACK was sent before, it is only reported. */
    private boolean replaying;
    /** RFC 7413 §4.2.2: the text of the peer's SYN was accepted by Fast Open; text may go before the handshake ends. */
    private boolean fastOpened;
    /** The Fast Open cookie the SYN,ACK carries (RFC 7413 §4.2.1), null for none, and its option kind. */
    private byte[] fastOpenReply;
    private boolean fastOpenReplyExperimental;
    /** RFC 7413 §4.1.2: octets of text this Fast Open client's SYN carried (0: none, or the SYN was sent again). */
    private int synText;

    private Connection(ConnectionId id, ConnectionConfig config, Host host, Lifecycle lifecycle, Listener parent) {
        this.id = id;
        this.config = config;
        this.host = host;
        this.lifecycle = lifecycle;
        this.parent = parent;
        this.sendBuf = new ByteRing(config.sendBuffer());
        this.rcvBuf = new ByteRing(config.receiveBuffer());
        this.reassembly = new Reassembly(2L * config.receiveBuffer());
        this.rto = new RtoEstimator(config.profile().initialRto(), config.minRto(), config.profile().maxRto());
        this.sndMss = Math.min(config.profile().mss(), DEFAULT_MSS);
        this.keepAlive = config.keepAliveByDefault();
        this.nagle = config.transfer().nagle();
        this.lastHeard = host.now();
    }

    /** An active OPEN (RFC 9293 §3.10.1): a new connection that sends its SYN at once. */
    static Connection active(Host host, ConnectionConfig config, ConnectionId id) {
        Connection c = new Connection(id, config, host, host.newLifecycle(ConnectionState.of(TcpState.CLOSED)),
                null);
        c.initSend(host.initialSequenceNumber(id));
        host.register(c);
        c.fire(Event.ACTIVE_OPEN, null, 0);
        c.afterEvent();
        return c;
    }

    /**
     * An active OPEN with text (RFC 7413 §4.1.2; Linux's sendto with MSG_FASTOPEN): up to {@code len} octets of
     * {@code data} are queued before the SYN is built, so that a Fast Open client ({@link
     * ConnectionConfig#fastOpenClient()}) with a cookie cached for the server sends as many as fit on its SYN. The observers see the OPEN, the SYN, then the SEND that queued the octets. {@link #queued()}
     * tells how many were taken (at most the send buffer).
     */
    static Connection activeWithText(Host host, ConnectionConfig config, ConnectionId id, byte[] data, int off,
                                     int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        Connection c = new Connection(id, config, host, host.newLifecycle(ConnectionState.of(TcpState.CLOSED)),
                null);
        c.initSend(host.initialSequenceNumber(id));
        host.register(c);
        int n = Math.min(len, c.sendBuf.free());
        c.sendBuf.write(data, off, n);
        c.fire(Event.ACTIVE_OPEN, null, 0);
        if (n > 0 && !c.deleted) {
            c.fire(Event.SEND, null, n);
        }
        c.afterEvent();
        return c;
    }

    /** Octets queued and not yet acknowledged: text in the send buffer. */
    public int queued() {
        return sendBuf.size();
    }

    /** Whether this connection's SYN carried text (RFC 7413 §4.1.2) and it was sent once, not again without it. */
    public boolean synCarriedText() {
        return synText > 0;
    }

    /**
     * A connection forked from a listener by a SYN (RFC 9293 §3.10.7.2): its lifecycle starts in LISTEN and the SYN
     * takes it to SYN-RECEIVED (passive).
     */
    static Connection passive(Host host, ConnectionConfig config, ConnectionId id, Listener parent, Packet syn) {
        return passive(host, config, id, parent, syn, false, null, false);
    }

    /**
     * {@link #passive(Host, ConnectionConfig, ConnectionId, Listener, Packet)} with TCP Fast Open's outcome (RFC 7413
     * §4.2): with {@code fastOpen} the SYN's text is accepted at once, and the SYN,ACK acknowledges it; {@code
     * cookie} (null for none) goes on the SYN,ACK in the option kind {@code experimental} says.
     */
    static Connection passive(Host host, ConnectionConfig config, ConnectionId id, Listener parent, Packet syn,
                              boolean fastOpen, byte[] cookie, boolean experimental) {
        Connection c = new Connection(id, config, host, host.newLifecycle(ConnectionState.of(TcpState.LISTEN)),
                parent);
        c.initSend(host.initialSequenceNumber(id));
        c.learnPeerSyn(syn);
        c.fastOpenReply = cookie;
        c.fastOpenReplyExperimental = experimental;
        if (fastOpen) {
            // RFC 7413 §4.2.2: the text is accepted and delivered now. The SYN's window (never scaled, RFC 7323
            // §2.2) is the send window until the handshake completes: the server may send before it (§3), within
            // the initial window (RFC 5681 §3.1, RFC 6928).
            c.fastOpened = true;
            c.receiveText(syn, syn.seq() + 1);
            c.sndWl1 = syn.seq();
            c.sndWl2 = c.iss;
            if (config.transfer().congestionControl()) {
                c.cwnd = config.transfer().initialWindow(c.sndMss);
            }
        } else {
            // RFC 9293 §3.10.7.2: a SYN in LISTEN sets RCV.NXT and IRS, not the send window; SND.WND (and with it
            // RFC 5961's MAX.SND.WND) comes with the ACK of our SYN (§3.10.7.4 fifth).
            c.sndWnd = 0;
            c.maxSndWnd = 0;
            if (!config.profile().synTextDiscarded()) {
                c.holdSyn(syn);
            }
        }
        host.register(c);
        c.segmentReported = false;
        c.fire(Event.RCV_SYN, syn, 0);
        c.afterEvent();
        return c;
    }

    /**
     * A SYN answered with a SYN cookie ({@link SynCookies}): the connection is forked from LISTEN by the SYN, sends
     * its SYN,ACK with ISS = {@code cookie}, and is given up at once (the table's {@code user timeout} in
     * SYN-RECEIVED: delete the TCB, send nothing), so the listener keeps no state and no timer for it.
     */
    static void answerWithCookie(Host host, ConnectionConfig config, ConnectionId id, Listener parent, Packet syn,
                                 int cookie) {
        Connection c = new Connection(id, config, host, host.newLifecycle(ConnectionState.of(TcpState.LISTEN)),
                parent);
        c.initSend(cookie);
        // A SYN cookie keeps only the MSS (RFC 4987 §3.6): the connection rebuilt from it cannot know what else was
        // negotiated, so the SYN,ACK offers nothing else and the options stay off (RFC 7323 §2.2, RFC 2018 §2).
        c.learnPeerSyn(syn, false);
        host.register(c);
        c.segmentReported = false;
        c.fire(Event.RCV_SYN, syn, 0);
        c.fire(Event.USER_TIMEOUT, null, 0);
    }

    /**
     * A connection rebuilt from a valid SYN cookie when {@code ack} (SEG.ACK = cookie + 1, SEG.SEQ = the peer's
     * ISN + 1) arrives at the listener. The monitor's account starts as the connection's did: the SYN, reconstructed
     * from the ACK (SEG.SEQ - 1, the cookie's MSS, the ACK's window), arrives in LISTEN and the lifecycle takes it to
     * SYN-RECEIVED; the SYN,ACK it answered with is reported to the observer again but not sent again
     * ({@link Host#replayed}); then {@code ack} is processed as in SYN-RECEIVED (ESTABLISHED, into the accept queue).
     * No RTT sample is taken from the handshake (the SYN,ACK's send time is not kept).
     */
    static Connection fromCookie(Host host, ConnectionConfig config, ConnectionId id, Listener parent, Packet ack,
                                 int mss) {
        Packet syn = new Packet(ack.srcAddr(), ack.dstAddr(), ack.srcPort(), ack.dstPort(), ack.seq() - 1, 0,
                Flags.SYN, ack.window(), 0, TcpOptions.mssOnly(mss), Packet.EMPTY);
        Connection c = new Connection(id, config, host, host.newLifecycle(ConnectionState.of(TcpState.LISTEN)),
                parent);
        c.initSend(ack.ack() - 1);
        c.learnPeerSyn(syn, false);
        host.register(c);
        c.segmentReported = false;
        c.replaying = true;
        c.fire(Event.RCV_SYN, syn, 0);
        c.replaying = false;
        c.timedAt = -1;
        c.segmentArrives(ack);
        return c;
    }

    /**
     * The listener needs room for a newer SYN: this half-open connection is given up as if its SYN,ACK retries had
     * run out (a {@code user timeout} in SYN-RECEIVED, which deletes the TCB without sending anything).
     */
    void evictEmbryonic() {
        if (deleted) {
            return;
        }
        fire(Event.USER_TIMEOUT, null, 0);
        afterEvent();
    }

    private void initSend(int isn) {
        iss = isn;
        sndUna = isn;
        sndNxt = isn;
        bufSeq = isn + 1;
    }

    private void holdSyn(Packet syn) {
        heldSyn = syn.payload().length > 0 || syn.has(Flags.FIN) ? syn : null;
    }

    private void learnPeerSyn(Packet syn) {
        learnPeerSyn(syn, true);
    }

    /**
     * The peer's SYN (or SYN,ACK) synchronizes the receive side; with {@code negotiate}, what it offers is negotiated
     * against what this side offers (RFC 7323 §2.2, §3.2; RFC 2018 §2) by the model's {@link Negotiation}, the
     * same function the model's own step uses.
     */
    private void learnPeerSyn(Packet syn, boolean negotiate) {
        Negotiated n = Negotiated.NONE;
        if (negotiate) {
            Either<String, Segment> m = ModelSegments.toModel(syn);
            if (m.isRight()) {
                n = Negotiation.onSyn(config.profile(), m.get(), host.now());
            }
        }
        windowScaling = n.windowScaling();
        sndShift = n.sndShift();
        rcvShift = n.rcvShift();
        timestamps = n.timestamps();
        tsRecent = (int) n.tsRecent();
        tsRecentAt = n.tsRecentAt();
        lastAckSent = (int) n.lastAckSent().value();
        sackOk = n.sackOk();
        irs = syn.seq();
        rcvNxt = irs + 1;
        synReceived = true;
        int peerMss = syn.options().mss();
        // RFC 9293 §3.7.1: without an MSS option the peer is assumed to take 536 octets; the effective send MSS is
        // the smaller of what the peer accepts and what this side's own MTU allows. Values below 64 are not honoured.
        sndMss = Math.min(config.profile().mss(), peerMss < 0 ? DEFAULT_MSS : Math.max(64, peerMss));
        if (timestamps) {
            // RFC 9293 §3.7.1: Eff.snd.MSS counts the TCP options each segment carries; the Timestamps option takes
            // 12 octets of every segment (RFC 7323 §3.2), as Linux's 1448 of 1460.
            sndMss -= 12;
        }
        // RFC 7323 §2.2: the window of a SYN or SYN,ACK is never scaled.
        sndWnd = syn.window();
        maxSndWnd = Math.max(maxSndWnd, sndWnd);
        sndWl1 = syn.seq();
        sndWl2 = syn.ack();
        advertiseWindow(true);
    }

    // =================================================================================================
    // User calls (RFC 9293 §3.10.1 - §3.10.6)
    // =================================================================================================

    /**
     * SEND (RFC 9293 §3.10.2): queues up to {@code len} octets; returns how many were taken (0 when the send buffer
     * is full), or -1 when the table refuses the call ({@link #error()} says why).
     */
    public int write(byte[] data, int off, int len) {
        Objects.requireNonNull(data, "data is null");
        Objects.checkFromIndexSize(off, len, data.length);
        int n = Math.min(len, sendBuf.free());
        Outcome outcome = fire(Event.SEND, null, n);
        if (!outcome.isTransition()) {
            return refused(outcome);
        }
        sendBuf.write(data, off, n);
        afterEvent();
        return n;
    }

    /** {@link #write(byte[], int, int)} of the whole array. */
    public int write(byte[] data) {
        return write(data, 0, data.length);
    }

    /**
     * RECEIVE (RFC 9293 §3.10.3): copies up to {@code len} octets of received text; returns how many, 0 when none
     * has arrived yet, or -1 at the end of the stream (the peer's FIN has been read) or when the table refuses the
     * call ({@link #error()} is then set). A read that finds nothing to deliver is not a RECEIVE call: it fires no
     * event, as a non-blocking poll.
     */
    public int read(byte[] dst, int off, int len) {
        Objects.requireNonNull(dst, "dst is null");
        Objects.checkFromIndexSize(off, len, dst.length);
        int n = Math.min(len, rcvBuf.size());
        if (n == 0) {
            return finReceived || deleted ? -1 : 0;
        }
        Outcome outcome = fire(Event.RECEIVE, null, n);
        if (!outcome.isTransition()) {
            // RFC 9293 §3.10.3 answers RECEIVE in CLOSING, LAST-ACK and TIME-WAIT with "error: connection closing",
            // although text that arrived before the peer's FIN may still be on hand (CLOSE-WAIT alone says "satisfied
            // by text already on hand"). Losing that text would break the byte stream, so the engine still hands it
            // over; the observer sees the table's refusal together with the octets delivered.
            boolean closingWithText = finReceived && outcome instanceof Outcome.Refusal refusal
                    && refusal.reply() == io.github.tcpmodel.table.Reply.CONNECTION_CLOSING;
            if (!closingWithText) {
                return refused(outcome);
            }
        }
        rcvBuf.read(dst, off, n);
        maybeSendWindowUpdate();
        afterEvent();
        return n;
    }

    /**
     * CLOSE in the RFC's sense (RFC 9293 §3.10.4): no more data will be sent; a FIN follows the queued data. The
     * connection still receives. Returns false when the table refuses it ({@link #error()} says why).
     */
    public boolean shutdown() {
        Outcome outcome = fire(Event.CLOSE, null, 0);
        afterEvent();
        if (!outcome.isTransition()) {
            refused(outcome);
            return false;
        }
        return true;
    }

    /**
     * The user is done with the connection: CLOSE, and the connection is orphaned (text that arrives later is
     * acknowledged and discarded; an orphaned FIN-WAIT-2 is subject to the FIN-WAIT-2 timer). With
     * {@link io.github.tcpmodel.profile.Profile#resetOnCloseWithUnreadData} and unread text, ABORT instead
     * (RFC 2525 §2.17, as Linux does).
     */
    public void close() {
        if (orphaned || deleted) {
            return;
        }
        orphaned = true;
        if (config.profile().resetOnCloseWithUnreadData() && rcvBuf.size() > 0) {
            // Linux (tcp_send_active_reset) sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> here.
            resetWithAck = true;
            abort();
            return;
        }
        rcvBuf.clear();
        // Held out-of-order text stays: when the gap fills it moves RCV.NXT on as usual and is acknowledged (and
        // discarded by deliver()) with the rest, as the peer expects of a CLOSE, which ends only this side's sending
        // (RFC 9293 §3.10.4); dropping it would leave RCV.NXT behind the model's.
        TcpState s = lifecycle.tcpState();
        if (s == TcpState.FIN_WAIT_1 || s == TcpState.FIN_WAIT_2 || s == TcpState.CLOSING
                || s == TcpState.TIME_WAIT || s == TcpState.LAST_ACK) {
            // Already closed for sending: close() only orphans it.
            armFinWait2();
            afterEvent();
            return;
        }
        shutdown();
    }

    /**
     * ABORT (RFC 9293 §3.10.5): a RST where the table says so, and the TCB is deleted. On a deleted connection it
     * does nothing.
     */
    public void abort() {
        if (deleted) {
            // Nothing to abort; keep the error that ended the connection.
            return;
        }
        orphaned = true;
        // Linux's close() with unread data reports the octets it discards, so that an observer tells it from ABORT.
        Outcome outcome = fire(Event.ABORT, null, resetWithAck ? rcvBuf.size() : 0);
        if (!outcome.isTransition()) {
            refused(outcome);
        }
        afterEvent();
    }

    /** Switches keep-alive probing on or off (SO_KEEPALIVE). */
    public void setKeepAlive(boolean on) {
        keepAlive = on;
        rearmKeepAlive();
        afterEvent();
    }

    /**
     * Switches the Nagle algorithm off ({@code true}, TCP_NODELAY) or on (RFC 9293 §3.7.4: SHLD-7, and MUST-17 that
     * an application can turn it off). Text that Nagle held back may go at once.
     */
    public void setNoDelay(boolean on) {
        nagle = !on;
        afterEvent();
    }

    /** The congestion window in octets (RFC 5681); {@link Integer#MAX_VALUE} without congestion control. */
    public int congestionWindow() {
        return cwnd;
    }

    /** The slow-start threshold in octets (RFC 5681); {@link Integer#MAX_VALUE} until the first loss. */
    public int slowStartThreshold() {
        return ssthresh;
    }

    /** Adds a listener told of every later state change. */
    public void addStateListener(StateListener listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener is null"));
    }

    /** The control state, as the lifecycle holds it. */
    public ConnectionState state() {
        return lifecycle.state();
    }

    /** The control state's {@link TcpState}, without the SYN-RECEIVED origin. */
    public TcpState tcpState() {
        return lifecycle.tcpState();
    }

    /** The 4-tuple and incarnation. */
    public ConnectionId id() {
        return id;
    }

    /** The last error the connection reported (reset, refused, user timeout, a refused call), if any. */
    public Option<String> error() {
        return Option.of(error);
    }

    /** Octets received and not yet read. */
    public int available() {
        return rcvBuf.size();
    }

    /** Whether the peer's FIN has arrived and all text before it has been read. */
    public boolean isEndOfStream() {
        return finReceived && rcvBuf.size() == 0;
    }

    /** Octets queued for sending and not yet acknowledged. */
    public int unacknowledged() {
        return sendBuf.size();
    }

    /** Free space in the send buffer. */
    public int writable() {
        return deleted ? 0 : sendBuf.free();
    }

    /** The effective send MSS after negotiation (RFC 9293 §3.7.1). */
    public int sendMss() {
        return sndMss;
    }

    /** The current retransmission timeout, with backoff (RFC 6298). */
    public long rtoMillis() {
        return rto.current();
    }

    /**
     * When the retransmission timer (also the SYN schedule and the zero-window probe) expires next, if armed: what
     * Linux reports as tcpi_rto in TCP_INFO, as an absolute time on the engine's clock.
     */
    public Option<Long> retransmissionDeadline() {
        return deleted || rtxDeadline == NEVER ? Option.none() : Option.some(rtxDeadline);
    }

    /** When the user timeout (RFC 9293 §3.8.3: R2 of unacknowledged data) expires, if armed. */
    public Option<Long> userTimeoutDeadline() {
        return deleted || userDeadline == NEVER ? Option.none() : Option.some(userDeadline);
    }

    /** The smoothed round-trip time, or -1 before the first sample. */
    public long srttMillis() {
        return rto.srtt();
    }

    /** Retransmission timeouts after the handshake (RFC 6298 §5.4 - §5.7). */
    public long retransmissionTimeouts() {
        return timeouts;
    }

    /** Tail loss probes sent (RFC 8985 §7.3). */
    public long lossProbes() {
        return lossProbes;
    }

    /** Segments sent again (timeouts, fast retransmits, partial acknowledgments). */
    public long retransmissions() {
        return retransmissions;
    }

    /** Octets of new text sent and received (retransmissions not counted). */
    public long octetsSent() {
        return octetsSent;
    }

    /** Octets of text received in order. */
    public long octetsReceived() {
        return octetsReceived;
    }

    /** Octets held by this connection's buffers now (arrays allocated plus out-of-order text). */
    public long bufferFootprint() {
        return sendBuf.allocated() + rcvBuf.allocated() + reassembly.bytes();
    }

    /** Whether the TCB has been deleted. */
    public boolean isDeleted() {
        return deleted;
    }

    /**
     * The first broken TCB invariant, if any (RFC 9293 §3.3.1: SND.UNA =&lt; SND.NXT; the send buffer starts at or
     * after SND.UNA's text and ends at or after SND.NXT's; RCV.NXT never passes the advertised right edge; the FIN
     * sits at the end of the queued text). Checked between events by tests and fuzzers.
     */
    public Option<String> invariantViolation() {
        if (deleted) {
            return Option.none();
        }
        if (lt(sndNxt, sndUna)) {
            return Option.some("SND.NXT < SND.UNA: " + this);
        }
        if (synAcked) {
            int dataEnd = bufSeq + sendBuf.size();
            if (lt(bufSeq, sndUna) && !(finSent && sndUna == finSeq + 1)) {
                return Option.some("send buffer starts before SND.UNA: " + this);
            }
            int sentEnd = finSent ? finSeq : sndNxt;
            if (lt(dataEnd, sentEnd) && !(finSent && dataEnd == finSeq)) {
                return Option.some("sent text beyond the send buffer: " + this);
            }
            if (finQueued && finSeq != dataEnd && lt(bufSeq, finSeq)) {
                return Option.some("FIN not at the end of the queued text: " + this);
            }
        }
        if (synReceived && advertised && lt(rcvAdvRight, rcvNxt)) {
            return Option.some("RCV.NXT beyond the advertised window: " + this);
        }
        if (rcvBuf.size() > config.receiveBuffer() || reassembly.bytes() > 2L * config.receiveBuffer()) {
            return Option.some("receive buffers over their bound: " + this);
        }
        return Option.none();
    }

    @Override
    public String toString() {
        return id + " " + lifecycle.state().rfcName() + " snd.una=" + Integer.toUnsignedString(sndUna) + " snd.nxt="
                + Integer.toUnsignedString(sndNxt) + " snd.wnd=" + sndWnd + " rcv.nxt="
                + Integer.toUnsignedString(rcvNxt) + " rcv.wnd=" + rcvWnd();
    }

    private int refused(Outcome outcome) {
        if (outcome instanceof Outcome.Refusal refusal) {
            error = refusal.reply().text();
        }
        return -1;
    }

    // =================================================================================================
    // Packet arrival (RFC 9293 §3.10.7)
    // =================================================================================================

    /** A segment for this connection's 4-tuple has arrived. */
    void segmentArrives(Packet seg) {
        segmentReported = false;
        dsackPending = false;
        ConnectionState before = lifecycle.state();
        // A switch expression, so that a new TcpState does not compile until it is given its arrival processing.
        boolean processed = switch (before.state()) {
            case SYN_SENT -> {
                synSentArrives(seg);
                yield true;
            }
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> {
                otherwiseArrives(seg);
                yield true;
            }
            // A deleted TCB or a fork returned to LISTEN is no longer registered; nothing reaches it.
            case CLOSED, LISTEN -> false;
        };
        // A segment for which no table event fired, or that no state processes, is reported as it arrived.
        if (!processed || !segmentReported) {
            report(seg, before);
        }
        if (retransmitAfterEvent) {
            // Deferred so that observers see the arriving segment before the retransmission it caused.
            retransmitAfterEvent = false;
            if (!deleted) {
                retransmitFront();
            }
        }
        afterEvent();
    }

    /** RFC 9293 §3.10.7.3: SYN-SENT. */
    private void synSentArrives(Packet seg) {
        boolean ack = seg.has(Flags.ACK);
        // first: check the ACK bit; an acceptable ACK covers our SYN: ISS < SEG.ACK =< SND.NXT.
        if (ack && !(lt(iss, seg.ack()) && le(seg.ack(), sndNxt))) {
            if (seg.has(Flags.RST)) {
                // "If the RST bit is set, discard the segment and return."
                return;
            }
            fire(Event.RCV_BAD_ACK, seg, 0);
            return;
        }
        // second: check the RST bit; RFC 5961 §3.2: only with an acceptable ACK.
        if (seg.has(Flags.RST)) {
            if (ack) {
                fire(Event.RCV_RST, seg, 0);
            }
            return;
        }
        // fourth: check the SYN bit.
        if (seg.has(Flags.SYN)) {
            learnPeerSyn(seg);
            lastHeard = host.now();
            if (ack) {
                learnFastOpenCookie(seg);
                acknowledgeSyn(seg);
                boolean inOrder = receiveText(seg, seg.seq() + 1);
                // SYN-SENT -> ESTABLISHED: snd ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
                fire(Event.RCV_SYN_ACK, seg, 0);
                if (seg.has(Flags.FIN) && inOrder && !deleted && !finReceived) {
                    // §3.10.7.3 fourth: "If there are other controls or text in the segment, then continue
                    // processing at the sixth step": the FIN, a second table event of the same segment, in
                    // ESTABLISHED.
                    rcvNxt = rcvNxt + 1;
                    finReceived = true;
                    fire(Event.RCV_FIN, seg, 0);
                }
            } else {
                // Simultaneous open: SYN-SENT -> SYN-RECEIVED (active), snd SYN,ACK <SEQ=ISS><ACK=RCV.NXT>. The
                // SYN,ACK starts its own retransmission schedule, and "other controls or text" wait for ESTABLISHED.
                holdSyn(seg);
                synTransmissions = 0;
                fire(Event.RCV_SYN, seg, 0);
            }
            return;
        }
        // fifth: "If neither of the SYN or RST bits is set, then drop the segment and return": the table refuses these.
        // A segment without the ACK bit is no ACK at all (the table's rcv ACK here is an ACK of nothing, which the
        // first check already answered with a RST), so it is dropped too.
        fire(seg.has(Flags.FIN) ? Event.RCV_FIN : Event.RCV_ACK_OF_SYN, seg, 0);
    }

    /** RFC 9293 §3.10.7.4: SYN-RECEIVED and the synchronized states. */
    private void otherwiseArrives(Packet seg) {
        TcpState state = lifecycle.tcpState();
        boolean synRcvd = state == TcpState.SYN_RECEIVED;
        int segLen = seg.length();
        boolean crossed = synRcvd && seg.has(Flags.SYN) && seg.has(Flags.ACK) && !seg.has(Flags.RST)
                && !seg.has(Flags.FIN) && segLen == 1 && seg.seq() + 1 == rcvNxt && lt(sndUna, seg.ack())
                && le(seg.ack(), sndNxt) && crossedSynAckArc();

        // RFC 7323 §5.3 R1 and §3.2: with timestamps in use, PAWS and the missing option come before the sequence
        // number check, as the model's Paws.check (the crossed SYN,ACK of a simultaneous open is taken first).
        if (timestamps && !crossed && !seg.has(Flags.RST)) {
            if (!seg.options().timestamps()) {
                if (!config.profile().extensions().missingTimestampsAccepted()) {
                    // §3.2: "a TCP SHOULD silently drop the segment".
                    report(seg, lifecycle.state());
                    return;
                }
            } else if (host.now() - tsRecentAt <= Paws.TS_RECENT_LIFETIME && seg.options().tsVal() - tsRecent < 0) {
                // §5.3 R1: SEG.TSval < TS.Recent (modulo 2^32, §5.2; TS.Recent valid for 24 days, §5.5): not
                // acceptable; "send an acknowledgment in reply" and drop it, throttled as any reply (RFC 5961 §7).
                report(seg, lifecycle.state());
                if (allowReplyAck()) {
                    sendAck();
                }
                return;
            }
        }

        // A retransmission of the FIN we already have (our ACK of it was lost). RFC 9293 §3.10.7.4 eighth says
        // CLOSE-WAIT, CLOSING and LAST-ACK remain and TIME-WAIT acknowledges it and restarts the 2 MSL timeout; a
        // strict first check would call it unacceptable (it lies wholly before RCV.NXT) and only ACK it.
        // RFC9293-CHOICE: classify it as rcv FIN so TIME-WAIT restarts its timer (seed claim C30).
        if (finReceived && seg.has(Flags.FIN) && !seg.has(Flags.RST) && !seg.has(Flags.SYN)
                && seg.seq() + segLen == rcvNxt) {
            lastHeard = host.now();
            // The segment lies wholly before RCV.NXT, so its ACK field is not processed (§3.10.7.4 first: it is
            // answered with an ACK and dropped), even when it would acknowledge our FIN.
            fire(Event.RCV_FIN, seg, 0);
            return;
        }

        // RFC 9293 §3.5 Figure 7 line 6, where the table has the arc (the linux config, as Linux does): the peer's
        // SYN,ACK that crossed ours in a simultaneous open (SEG.SEQ = IRS, no text, SND.UNA < SEG.ACK =< SND.NXT)
        // acknowledges our SYN; its old SYN is trimmed off. By the text of the first check it is not acceptable.
        if (crossed) {
            lastHeard = host.now();
            probesSent = 0;
            acknowledgeSyn(seg);
            sndWl1 = rcvNxt;
            fire(Event.RCV_SYN_ACK, seg, 0);
            return;
        }

        // first: check the sequence number.
        int wnd = rcvWnd();
        // A RST is validated by its sequence number alone: "A reset is valid if its sequence number is in the window".
        boolean acceptable = seg.has(Flags.RST) ? seg.seq() == rcvNxt || (le(rcvNxt, seg.seq())
                && lt(seg.seq(), rcvNxt + wnd)) : acceptable(seg.seq(), segLen, wnd);
        // "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made to accept
        // valid ACKs, URGs, and RSTs": the ACK of an in-sequence segment is processed, its text is not.
        boolean ackOnly = false;
        if (!acceptable && wnd == 0 && seg.seq() == rcvNxt && (seg.has(Flags.ACK) || seg.has(Flags.RST))) {
            acceptable = true;
            ackOnly = true;
        }
        if (!acceptable) {
            if (!synRcvd && seg.has(Flags.SYN) && !seg.has(Flags.RST)) {
                // RFC 9293 §3.10.7.4 fourth (RFC 5961 §4): a SYN in a synchronized state gets a challenge ACK
                // "irrespective of the sequence number".
                fire(seg.has(Flags.ACK) ? Event.RCV_SYN_ACK : Event.RCV_SYN, seg, 0);
                return;
            }
            report(seg, lifecycle.state());
            if (!seg.has(Flags.RST) && allowReplyAck()) {
                // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply", throttled
                // (RFC 5961 §7) so that blind segments cannot make the engine send one ACK each.
                int len = seg.payload().length;
                if (sackOk && len > 0 && le(seg.seq() + len, rcvNxt)) {
                    // RFC 2883 §4: a duplicate segment is reported in the first block of the ACK it triggers.
                    dsackPending = true;
                    dsackLeft = seg.seq();
                    dsackRight = seg.seq() + len;
                }
                sendAck();
            }
            return;
        }
        recordTimestamp(seg);
        lastHeard = host.now();
        probesSent = 0;

        // second: check the RST bit (RFC 5961 §3.2).
        if (seg.has(Flags.RST)) {
            if (seg.seq() == rcvNxt) {
                fire(Event.RCV_RST, seg, 0);
            } else {
                // In the window but not exactly RCV.NXT: a challenge ACK, rate-limited (RFC 5961 §7).
                report(seg, lifecycle.state());
                if (host.allowChallengeAck()) {
                    sendAck();
                }
            }
            return;
        }

        // fourth: check the SYN bit. RFC 5961 §4 challenges a SYN in a synchronized state "irrespective of the
        // sequence number"; in a passive SYN-RECEIVED only a SYN in the window returns to LISTEN: one before RCV.NXT
        // is the peer's first SYN again, the old part of a segment that straddles RCV.NXT, and "only the new parts
        // are processed" (§3.10.7.4 first). Where the table gives the crossed SYN,ACK of SYN-RECEIVED (active) its
        // own arc, the other SYN,ACKs there take the SYN's challenge.
        boolean oldSyn = synRcvd && lifecycle.state().origin().contains(Origin.PASSIVE) && lt(seg.seq(), rcvNxt);
        if (seg.has(Flags.SYN) && !oldSyn) {
            fire(seg.has(Flags.ACK) && !(synRcvd && crossedSynAckArc()) ? Event.RCV_SYN_ACK : Event.RCV_SYN, seg, 0);
            return;
        }

        // fifth: check the ACK field.
        if (!seg.has(Flags.ACK)) {
            // "if the ACK bit is off, drop the segment and return"
            return;
        }
        int ack = seg.ack();
        boolean ofFin = false;
        boolean heldTextTaken = false;
        boolean heldFin = false;
        boolean synNowAcked = synRcvd;
        if (synRcvd) {
            if (!(lt(sndUna, ack) && le(ack, sndNxt))) {
                // RFC 5961 §5 first (§3.10.7.4 fifth): outside [SND.UNA - MAX.SND.WND, SND.NXT] the segment is
                // discarded and an ACK sent (rcv bad ACK); inside, SYN-RECEIVED answers <SEQ=SEG.ACK><CTL=RST>
                // (rcv ACK).
                boolean inRange = le(sndUna - maxSndWnd, ack) && le(ack, sndNxt);
                fire(inRange ? Event.RCV_ACK : Event.RCV_BAD_ACK, seg, 0);
                return;
            }
            acknowledgeSyn(seg);
            // §3.10.7.2 third: text held from the SYN is processed now that the connection is synchronized.
            long next = reassembly.drain(rcvOffset, this::deliver);
            heldTextTaken = next != rcvOffset;
            rcvNxt += (int) (next - rcvOffset);
            rcvOffset = next;
        } else {
            if (lt(sndNxt, ack) || lt(ack, sndUna - maxSndWnd)) {
                // RFC 9293 §3.10.7.4 fifth and RFC 5961 §5.2: an ACK of something not yet sent, or too old to be a
                // duplicate: send an ACK, drop the segment.
                fire(Event.RCV_BAD_ACK, seg, 0);
                return;
            }
            ofFin = acksOurFinNewly(ack);
            if (!synAcked && lt(sndUna, ack)) {
                // FIN-WAIT-1 after a CLOSE in SYN-RECEIVED: this ACK covers our SYN (and perhaps the FIN).
                acknowledgeSyn(seg);
                synNowAcked = true;
            } else {
                processAck(seg);
            }
        }

        // sixth (URG) is not implemented: the urgent pointer is ignored (RFC 9293 §3.8.5 allows no urgent support
        // only as a documented limitation; see docs/engine.md).

        // seventh: process the segment text, in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 (and SYN-RECEIVED, which
        // the ACK just synchronized).
        boolean textStates = synRcvd || state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
        boolean inOrder = false;
        if (textStates && !ackOnly) {
            inOrder = receiveText(seg, seg.has(Flags.SYN) ? seg.seq() + 1 : seg.seq());
        }
        if ((synNowAcked || !synRcvd) && heldSyn != null && !deleted) {
            // The text and FIN that came on the SYN, now that ESTABLISHED (or, after a CLOSE in SYN-RECEIVED,
            // FIN-WAIT-1) is reached (§3.10.7.2 third), at the next segment that passes the checks, after this
            // segment's own text, as the model takes them (what this segment already covered is trimmed off). An
            // in-order FIN of this segment ends the peer's data first: the held text is then dropped, as the model
            // drops held segments with the FIN.
            Packet h = heldSyn;
            heldSyn = null;
            boolean taken = !(seg.has(Flags.FIN) && inOrder) && receiveText(h, h.seq() + 1);
            heldTextTaken = taken && h.payload().length > 0;
            if (taken && h.has(Flags.FIN) && !finReceived) {
                rcvNxt = rcvNxt + 1;
                finReceived = true;
                heldFin = true;
            }
        }

        // eighth: check the FIN bit; processed only when all text before it has arrived.
        if (textStates && !ackOnly && seg.has(Flags.FIN) && !inOrder && !finReceived) {
            // RFC 9293 §3.10.7.4 first: "Segments with higher beginning sequence numbers SHOULD be held for later
            // processing (SHLD-31)": the FIN too, if it lies in the window.
            int f = seg.seq() + seg.payload().length;
            if (lt(rcvNxt, f) && lt(f, rcvNxt + wnd)) {
                finHeld = true;
                heldFinSeq = f;
            }
        }
        boolean fin = ((seg.has(Flags.FIN) && inOrder) || (finHeld && rcvNxt == heldFinSeq)) && !finReceived;
        if (fin) {
            rcvNxt = rcvNxt + 1;
            finReceived = true;
            finHeld = false;
        }
        fin |= heldFin;
        Event event;
        if (fin) {
            event = ofFin ? Event.RCV_FIN_ACK_OF_FIN : Event.RCV_FIN;
        } else if (ofFin) {
            event = Event.RCV_ACK_OF_FIN;
        } else {
            event = synRcvd ? Event.RCV_ACK_OF_SYN : Event.RCV_ACK;
        }
        Outcome outcome = fire(event, seg, 0);
        boolean acked = outcome instanceof Outcome.Transition t && t.actions().contains(Action.SND_ACK);
        // RFC 9293 §3.10.7.4 seventh: text is acknowledged; out-of-order text at once (RFC 5681 §4.2), so the sender
        // sees duplicate ACKs. In CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT text "should not occur since a FIN has
        // been received": it is ignored and nothing calls for an ACK (Linux stays silent too). A FIN there is still
        // acknowledged by the eighth step, except in CLOSING, where the fifth step ignores a segment that does not
        // acknowledge our FIN ("otherwise, ignore the segment"; only a broken peer sends a further FIN; on the ACK that
        // enters TIME-WAIT the model does not acknowledge it either, a model question in docs/engine.md). After the
        // peer's FIN only a further FIN inside the window is acknowledged; one trimmed off at the right edge is not
        // there at all (§3.10.7.4 first: "trimming off any portions that lie outside the window").
        boolean unprocessedFin = seg.has(Flags.FIN) && !fin;
        int finSeqOfSeg = seg.seq() + seg.payload().length;
        boolean finInWindow = textStates || (le(rcvNxt, finSeqOfSeg) && lt(finSeqOfSeg, rcvNxt + wnd));
        boolean answer = textStates ? seg.payload().length > 0 || unprocessedFin || heldTextTaken
                : unprocessedFin && state != TcpState.CLOSING && finInWindow;
        if (!acked && !deleted && answer) {
            if (mayDelayAck(seg, state, inOrder, heldTextTaken, unprocessedFin)) {
                delayAck(seg.payload().length);
            } else {
                sendAck();
            }
        }
    }

    /**
     * Whether the ACK of this segment's text may wait (RFC 9293 §3.8.6.3): only in-order text with no FIN, that
     * neither fills a hole nor leaves text held beyond RCV.NXT (RFC 5681 §4.2: such ACKs go at once, so that the
     * sender sees duplicate ACKs and the filled hole promptly), in ESTABLISHED or FIN-WAIT-1/2.
     */
    private boolean mayDelayAck(Packet seg, TcpState state, boolean inOrder, boolean heldTextTaken,
                                boolean unprocessedFin) {
        return config.transfer().delayedAcks() && inOrder && !heldTextTaken && !unprocessedFin
                && !seg.has(Flags.FIN) && seg.payload().length > 0 && reassembly.bytes() == 0 && !finHeld
                && (state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2);
    }

    /**
     * Delays the ACK of in-order text: sent now once two full-sized segments are unacknowledged (SHLD-19), else when
     * the delayed-ACK timer expires (under 500 ms, MUST-40) unless a segment carries it first.
     */
    private void delayAck(int length) {
        rcvMss = Math.max(rcvMss, length);
        if (rcvNxt - ackedRcvNxt >= 2 * rcvMss) {
            sendAck();
        } else if (delAckDeadline == NEVER) {
            delAckDeadline = host.now() + config.transfer().delayedAckTimeout();
        }
    }

    /**
     * RFC 7323 §4.3 (2), §5.3 R3: an acceptable segment updates TS.Recent "If SEG.TSval &gt;= TS.Recent and SEG.SEQ
     * &lt;= Last.ACK.sent"; after 24 idle days (§5.5) whatever its value, as the model's {@code Paws.record}.
     */
    private void recordTimestamp(Packet seg) {
        if (!timestamps || !seg.options().timestamps()) {
            return;
        }
        long now = host.now();
        int v = seg.options().tsVal();
        boolean stale = now - tsRecentAt > Paws.TS_RECENT_LIFETIME;
        if (stale || (v - tsRecent >= 0 && le(seg.seq(), lastAckSent))) {
            tsRecent = v;
            tsRecentAt = now;
        }
    }

    /** Whether this connection is in SYN-RECEIVED after an active OPEN and its table takes the crossed SYN,ACK. */
    private boolean crossedSynAckArc() {
        ConnectionState now = lifecycle.state();
        return now.origin().contains(Origin.ACTIVE) && config.table().next(now, Event.RCV_SYN_ACK).state()
                == TcpState.ESTABLISHED;
    }

    /** RFC 9293 §3.10.7.4 first: the four cases of segment acceptability. */
    private boolean acceptable(int seq, int segLen, int wnd) {
        if (segLen == 0) {
            return wnd == 0 ? seq == rcvNxt : le(rcvNxt, seq) && lt(seq, rcvNxt + wnd);
        }
        if (wnd == 0) {
            return false;
        }
        int last = seq + segLen - 1;
        return (le(rcvNxt, seq) && lt(seq, rcvNxt + wnd)) || (le(rcvNxt, last) && lt(last, rcvNxt + wnd));
    }

    private boolean acksOurFinNewly(int ack) {
        return finSent && ack == finSeq + 1 && sndUna != finSeq + 1;
    }

    /**
     * RFC 7413 §4.1.3: a Fast Open client keeps the cookie of the SYN,ACK that answers its request (a well-formed one,
     * §4.1.1: 4 to 16 octets, an even number) for the server's address.
     */
    private void learnFastOpenCookie(Packet synAck) {
        if (!config.fastOpenClient()) {
            return;
        }
        byte[] cookie = synAck.options().fastOpen();
        int mss = synAck.options().mss() > 0 ? synAck.options().mss() : config.profile().mss();
        if (cookie != null && cookie.length >= 4 && (cookie.length & 1) == 0) {
            // Linux keeps the server's MSS with the cookie, to size the text of the next SYN.
            host.fastOpenCookieLearned(id.remoteAddr(), cookie, mss);
        } else {
            FastOpenClientCache.Entry cached = host.fastOpenClientEntry(id.remoteAddr());
            if (cached != null) {
                // A SYN,ACK without a cookie leaves the cookie; the server's MSS is the latest (as Linux keeps it).
                host.fastOpenCookieLearned(id.remoteAddr(), cached.cookie(), mss);
            }
        }
    }

    /**
     * Whether a Fast Open client has text to send at once after the SYN,ACK (unsent text, an open window), so that
     * the first segment of text acknowledges the SYN,ACK and no pure ACK goes before it.
     */
    private boolean textRidesOnAck() {
        return config.fastOpenClient() && sendBuf.size() > sndNxt - bufSeq && sndWnd > 0 && !finQueued;
    }

    /** Our SYN is acknowledged (SYN-SENT on SYN,ACK, SYN-RECEIVED on ACK). */
    private void acknowledgeSyn(Packet seg) {
        synAcked = true;
        if (config.transfer().congestionControl()) {
            // RFC 6928 §2 / RFC 5681 §3.1: the initial window; one segment if the SYN or SYN,ACK had to be sent
            // again (RFC 6928 §2: "the initial window ... MUST be reduced to one segment").
            cwnd = synTransmissions > 1 ? sndMss : config.transfer().initialWindow(sndMss);
            cubic = new Cubic(sndMss);
        }
        if (config.transfer().rackTlp()) {
            rack = new Rack();
        }
        if (synTransmissions == 1 && timedAt >= 0) {
            // Karn's rule: a SYN sent once gives a sample (RFC 6298 §2, §3).
            rto.sample(host.now() - timedAt);
        }
        timedAt = -1;
        sndUna = iss + 1;
        rtxDeadline = NEVER;
        sndWnd = peerWindow(seg);
        maxSndWnd = Math.max(maxSndWnd, sndWnd);
        sndWl1 = seg.seq();
        sndWl2 = seg.ack();
        if (lt(sndUna, seg.ack()) && le(seg.ack(), sndNxt)) {
            // The ACK also covers a FIN sent from SYN-RECEIVED after a CLOSE, or the text of a Fast Open SYN.
            processAck(seg);
        }
        if (synText > 0 && sndNxt != sndUna) {
            // RFC 7413 §4.2.2: a server that does not take the SYN's text acknowledges the SYN alone; the client sends
            // the text again at once after the handshake, as new segments from SND.UNA (as Linux does).
            sndNxt = sndUna;
        }
    }

    /**
     * RFC 9293 §3.10.7.4 fifth, ESTABLISHED: SND.UNA < SEG.ACK =< SND.NXT advances SND.UNA and frees acknowledged
     * octets; the send window is updated if the segment is newer than the last update (SND.WL1, SND.WL2).
     */
    private void processAck(Packet seg) {
        int ack = seg.ack();
        long now = host.now();
        int newlySacked = sackOk && seg.options().sackBlocks() > 0 ? recordSack(seg.options().sack(), ack) : 0;
        boolean advances = lt(sndUna, ack);
        if (advances) {
            int dataEnd = bufSeq + sendBuf.size();
            int dataAcked = Math.min(ack - bufSeq, sendBuf.size());
            if (dataAcked > 0) {
                sendBuf.read(null, 0, dataAcked);
                bufSeq += dataAcked;
            }
            if (le(dataEnd, ack) && bufSeq != dataEnd) {
                bufSeq = dataEnd;
            }
            int newlyAcked = ack - sndUna;
            int flightBefore = sndNxt - sndUna;
            sndUna = ack;
            trimScoreboard();
            growWindow(newlyAcked, flightBefore, ack);
            if (timestamps && seg.options().timestamps()) {
                // RFC 7323 §4.1: the RTT measured from the echoed TSval of an ACK that advances SND.UNA. The echo
                // names a transmission, but not always the one whose arrival triggered the ACK: a retransmission
                // that arrives as a duplicate (its first copy arrived, the ACK was lost) is answered with TS.Recent,
                // the TSval of the earlier copy (§4.3, §5.3 R3 updates TS.Recent only from acceptable segments), so
                // now - TSecr spans the lost ACK and the retransmission timeout, not the path. An echo older than
                // the latest retransmission is therefore ambiguous and, by Karn's rule (RFC 6298 §3), gives no
                // sample; one of the retransmission itself or later does. Sampled at most once per SRTT so that RFC
                // 6298's gains keep their meaning (RFC 7323 Appendix G).
                int ecr = seg.options().tsEcr();
                int rtt = (int) now - ecr;
                long srtt = rto.srtt();
                boolean unambiguous = lastRetransmitAt < 0 || ecr - (int) lastRetransmitAt >= 0;
                if (rtt >= 0 && unambiguous && (lastTsSample < 0 || now - lastTsSample >= Math.max(1, srtt))) {
                    rto.sample(rtt);
                    lastTsSample = now;
                }
                timedAt = -1;
            } else if (timedAt >= 0 && le(timedSeq, ack)) {
                rto.sample(now - timedAt);
                timedAt = -1;
            }
            rto.resetBackoff();
            dupAcks = 0;
            if (sackRecovery) {
                // RFC 6675 §5 (C): holes are retransmitted by NextSeg as the pipe allows; the recovery ends when
                // RecoveryPoint is acknowledged.
                if (!lt(ack, recover)) {
                    sackRecovery = false;
                    inRecovery = false;
                    if (rack != null) {
                        rack.recoveryEnded();
                    }
                } else if (lt(highRxt, sndUna)) {
                    highRxt = sndUna;
                }
            } else if (inRecovery) {
                if (lt(ack, recover)) {
                    // RFC 6582 §3.2 step 5: a partial acknowledgment: the next hole is lost too; retransmit it.
                    retransmitAfterEvent = true;
                } else {
                    inRecovery = false;
                }
            }
            if (sndUna == sndNxt) {
                rtxDeadline = NEVER;
                userDeadline = NEVER;
            } else {
                // RFC 6298 §5.3: restart the timer on an ACK of new data.
                rtxDeadline = now + rto.current();
                userDeadline = now + config.userTimeout();
            }
        } else if (sackOk && seg.options().sackBlocks() > 0) {
            // RFC 6675 §2 DupAck: SEG.ACK = SND.UNA with data outstanding, and the SACK option reports new data.
            if (ack == sndUna && sndNxt != sndUna && newlySacked > 0) {
                dupAcks++;
            }
            if (!rackActive() && !sackRecovery && !inRecovery && sndNxt != sndUna
                    && (dupAcks >= SACK_DUP_THRESH || isLost(0))) {
                enterSackRecovery();
            }
        } else if (!rackActive() && ack == sndUna && seg.payload().length == 0 && !seg.has(Flags.FIN)
                && peerWindow(seg) == sndWnd && sndNxt != sndUna) {
            // RFC 5681 §2: a duplicate acknowledgment; the third triggers a fast retransmit (§3.2).
            dupAcks++;
            if (dupAcks == 3 && !inRecovery) {
                inRecovery = true;
                recover = sndNxt;
                retransmitAfterEvent = true;
                if (config.transfer().congestionControl()) {
                    // RFC 5681 §3.2 steps 2 and 3 (RFC 6582 §3.2 steps 2 and 3): halve, retransmit, and inflate by
                    // the three segments that have left the network.
                    ssthresh = reducedThreshold(sndNxt - sndUna);
                    cwnd = ssthresh + 3 * sndMss;
                    fastRecovery = true;
                }
            } else if (fastRecovery) {
                // RFC 5681 §3.2 step 4: each further duplicate ACK means another segment has left the network.
                cwnd = addCapped(cwnd, sndMss);
            }
        }
        // The profile's window update rule (Profile#windowUpdateOnAck: Linux's also takes the window of an ACK that
        // advances SND.UNA, and of one at SND.WL1 only when the window grows or closes).
        boolean update = config.profile().windowUpdateOnAck()
                ? advances || lt(sndWl1, seg.seq()) || sndWl1 == seg.seq() && (peerWindow(seg) > sndWnd
                        || peerWindow(seg) == 0)
                : lt(sndWl1, seg.seq()) || (sndWl1 == seg.seq() && le(sndWl2, ack));
        if (le(sndUna, ack) && le(ack, sndNxt) && update) {
            sndWnd = peerWindow(seg);
            sndWl1 = seg.seq();
            sndWl2 = ack;
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            if (sndWnd > 0 && sndNxt == sndUna && rtxDeadline != NEVER && sendBuf.size() > 0) {
                // The window opened: the persist timer gives way to sending.
                rtxDeadline = NEVER;
            }
        }
        if (rackActive()) {
            rackOnAck(seg, now, advances);
        }
    }

    /** RACK-TLP applies: on in the config, SACK in use (RFC 8985 §2) and the SYN acknowledged. */
    private boolean rackActive() {
        return rack != null && sackOk;
    }

    /**
     * RFC 8985 §6.2 and §7.4 on an ACK: RACK's state from the segments it delivers, the end of a loss probe, then the
     * segments now lost; the first loss starts recovery (RFC 6675 §5 with RACK's marks instead of IsLost()).
     */
    private void rackOnAck(Packet seg, long now, boolean advances) {
        int[] blocks = seg.options().sackBlocks() > 0 ? seg.options().sack() : null;
        // RFC 2883 §4: a first block below SEG.ACK, or within the second, reports a duplicate.
        boolean dsack = blocks != null && blocks.length >= 2 && (lt(blocks[0], seg.ack())
                || (blocks.length >= 4 && le(blocks[2], blocks[0]) && le(blocks[1], blocks[3])));
        long tsEcr = timestamps && seg.options().timestamps() ? now - ((int) now - seg.options().tsEcr()) : -1;
        rack.onAck(sndUna, scoreboard, sacked, now, tsEcr, dsack);
        if (tlpOutstanding && (dsack || !lt(sndUna, tlpEndSeq))) {
            // RFC 8985 §7.4: the probe's episode ends. A retransmitted probe acknowledged without a D-SACK for it
            // repaired a real loss: respond as fast recovery would (§7.4.2); with a D-SACK the original arrived too.
            tlpOutstanding = false;
            if (tlpRetransmission && !dsack && config.transfer().congestionControl() && !inRecovery) {
                ssthresh = reducedThreshold(cwnd);
                cwnd = ssthresh;
                fastRecovery = false;
                caAcked = 0;
            }
        }
        if (sndUna == sndNxt) {
            rackDeadline = NEVER;
            tlpDeadline = NEVER;
            return;
        }
        long wait = rack.detectLoss(now, inRecovery, rto.srtt());
        rackDeadline = wait > 0 ? now + wait : NEVER;
        if (rack.newlyLost > 0) {
            tlpDeadline = NEVER;
            if (!sackRecovery && !inRecovery) {
                enterSackRecovery();
            }
        } else if (advances) {
            armLossProbe(now);
        }
    }

    /**
     * RFC 8985 §7.2: the probe timeout, PTO = 2 SRTT (1 s without a sample), plus the worst-case delayed ACK of 200 ms
     * when one segment is in flight; armed only outside recovery, one probe at a time, and only if it comes before
     * the retransmission timer. At least 10 ms, so that a path whose SRTT rounds to 0 ms is not probed at once.
     */
    private void armLossProbe(long now) {
        if (!rackActive() || inRecovery || tlpOutstanding || sndNxt == sndUna) {
            tlpDeadline = NEVER;
            return;
        }
        long srtt = rto.srtt();
        long pto = srtt < 0 ? 1000 : Math.max(10, 2 * srtt);
        if (sndNxt - sndUna <= sndMss) {
            pto += 200;
        }
        tlpDeadline = rtxDeadline != NEVER && now + pto >= rtxDeadline ? NEVER : now + pto;
    }

    /**
     * RFC 8985 §7.3: the PTO expired: send one new segment if the windows admit it, else retransmit the last segment
     * sent, so that the ACK it draws reveals a tail loss to RACK; then the retransmission timer takes over.
     */
    private void lossProbe(long now) {
        TcpState s = lifecycle.tcpState();
        if (!rackActive() || inRecovery || sndNxt == sndUna || rack.size() == 0
                || !(s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT || s == TcpState.FIN_WAIT_1
                || s == TcpState.CLOSING || s == TcpState.LAST_ACK)) {
            return;
        }
        int dataEnd = bufSeq + sendBuf.size();
        int unsent = finSent ? 0 : dataEnd - sndNxt;
        int usable = sndUna + Math.min(sndWnd, cwnd) - sndNxt;
        if (unsent > 0 && usable >= Math.min(unsent, sndMss)) {
            int n = Math.min(unsent, sndMss);
            sendText(sndNxt, n, false);
            sndNxt += n;
            octetsSent += n;
            tlpRetransmission = false;
        } else {
            int last = rack.size() - 1;
            int from = rack.startOf(last);
            int to = rack.endOf(last);
            boolean fin = finSent && to == finSeq + 1;
            int n = Math.min(sndMss, to - from - (fin ? 1 : 0));
            if (n < 0 || (n == 0 && !fin)) {
                return;
            }
            if (!timestamps) {
                timedAt = -1;
            }
            retransmissions++;
            sendText(from, n, fin && from + n == finSeq);
            tlpRetransmission = true;
        }
        lossProbes++;
        tlpOutstanding = true;
        tlpEndSeq = sndNxt;
        rtxDeadline = now + rto.current();
    }

    /** RFC 6675 §2 DupThresh. */
    private static final int SACK_DUP_THRESH = 3;

    /**
     * Adds the blocks of a SACK option to the scoreboard (RFC 6675 §4 Update(), RFC 2018 §5), a D-SACK block left out
     * (RFC 2883 §4: a first block below SEG.ACK or within the second); clipped to (SND.UNA, SND.NXT]. Returns the
     * octets newly SACKed.
     */
    private int recordSack(int[] blocks, int ack) {
        int before = sackedOctets();
        int from = 0;
        if (blocks.length >= 2 && (lt(blocks[0], ack)
                || (blocks.length >= 4 && le(blocks[2], blocks[0]) && le(blocks[1], blocks[3])))) {
            from = 2;
        }
        int base = lt(sndUna, ack) && le(ack, sndNxt) ? ack : sndUna;
        for (int i = from; i < blocks.length; i += 2) {
            int l = lt(blocks[i], base) ? base : blocks[i];
            int r = lt(sndNxt, blocks[i + 1]) ? sndNxt : blocks[i + 1];
            if (lt(l, r) && le(blocks[i + 1] - blocks[i], 0x4000_0000)) {
                insertSacked(l, r, base);
            }
        }
        return sackedOctets() - before;
    }

    /** Merges [l, r) into the scoreboard, kept in sequence order from {@code base}; the oldest range goes if full. */
    private void insertSacked(int l, int r, int base) {
        int n = sacked;
        int[] b = scoreboard;
        int i = 0;
        while (i < n && b[2 * i] - base < l - base) {
            i++;
        }
        if (n == b.length / 2) {
            // Full: the scoreboard is a hint only (RFC 2018 §8); forget the last range.
            n--;
            if (i > n) {
                return;
            }
        }
        System.arraycopy(b, 2 * i, b, 2 * i + 2, 2 * (n - i));
        b[2 * i] = l;
        b[2 * i + 1] = r;
        n++;
        // Merge ranges that overlap or touch.
        int w = 0;
        for (int k = 1; k < n; k++) {
            if (b[2 * k] - base <= b[2 * w + 1] - base) {
                if (b[2 * k + 1] - base > b[2 * w + 1] - base) {
                    b[2 * w + 1] = b[2 * k + 1];
                }
            } else {
                w++;
                b[2 * w] = b[2 * k];
                b[2 * w + 1] = b[2 * k + 1];
            }
        }
        sacked = n == 0 ? 0 : w + 1;
    }

    /** Drops what SND.UNA now covers from the scoreboard. */
    private void trimScoreboard() {
        int w = 0;
        for (int k = 0; k < sacked; k++) {
            int l = scoreboard[2 * k];
            int r = scoreboard[2 * k + 1];
            if (le(r, sndUna)) {
                continue;
            }
            scoreboard[2 * w] = lt(l, sndUna) ? sndUna : l;
            scoreboard[2 * w + 1] = r;
            w++;
        }
        sacked = w;
    }

    private int sackedOctets() {
        int n = 0;
        for (int k = 0; k < sacked; k++) {
            n += scoreboard[2 * k + 1] - scoreboard[2 * k];
        }
        return n;
    }

    /**
     * RFC 6675 §4 IsLost() for the hole before scoreboard range {@code range}: "DupThresh discontiguous SACKed
     * sequences have arrived above" it, or "more than (DupThresh - 1) * SMSS bytes" SACKed above it. Within one hole
     * the answer is the same for every octet, since what lies above them differs only by unSACKed octets.
     */
    private boolean isLost(int range) {
        if (range >= sacked) {
            return false;
        }
        long above = 0;
        for (int k = range; k < sacked; k++) {
            above += scoreboard[2 * k + 1] - scoreboard[2 * k];
        }
        return sacked - range >= SACK_DUP_THRESH || above > (long) (SACK_DUP_THRESH - 1) * sndMss;
    }

    /**
     * RFC 6675 §4 SetPipe(): the octets in flight; an unSACKed octet counts once unless IsLost(), and once more if it
     * was retransmitted (at or below HighRxt).
     */
    private int pipe() {
        if (rackActive()) {
            return (int) Math.min(Integer.MAX_VALUE, rack.pipe());
        }
        long pipe = 0;
        int prev = sndUna;
        for (int k = 0; k <= sacked; k++) {
            int end = k < sacked ? scoreboard[2 * k] : sndNxt;
            int len = end - prev;
            if (len > 0) {
                if (!isLost(k)) {
                    pipe += len;
                }
                int rexmit = highRxt - prev;
                pipe += Math.max(0, Math.min(len, rexmit));
            }
            if (k < sacked) {
                prev = scoreboard[2 * k + 1];
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, pipe);
    }

    /**
     * RFC 6675 §5 steps 4.1 - 4.4: RecoveryPoint = HighData, ssthresh = cwnd = FlightSize / 2 (at least 2 SMSS, RFC
     * 5681 §3.1 (4)), and the segment at SND.UNA retransmitted at once; NextSeg() sends the rest in output().
     */
    private void enterSackRecovery() {
        sackRecovery = true;
        inRecovery = true;
        recover = sndNxt;
        highRxt = sndUna;
        if (config.transfer().congestionControl()) {
            ssthresh = reducedThreshold(sndNxt - sndUna);
            cwnd = ssthresh;
            fastRecovery = false;
            caAcked = 0;
        }
        // RFC 8985 §7.4: a loss probe's episode ends in this recovery, whose reduction is the congestion response.
        tlpOutstanding = false;
        tlpDeadline = NEVER;
        // With RACK the lost segments are retransmitted by sackOutput() in sequence order.
        if (!rackActive()) {
            retransmitAfterEvent = true;
        }
    }

    /**
     * RFC 6675 §5 (C): while cwnd - pipe &gt;= 1 SMSS, NextSeg(): rule (1), the first lost hole above HighRxt is
     * retransmitted; rule (2), new data the peer's window admits is sent. Rules (3) and (4) are not used.
     */
    private void sackOutput() {
        int dataEnd = bufSeq + sendBuf.size();
        while (true) {
            if (finQueued && !finSent && sndNxt == finSeq && sndUna + sndWnd - sndNxt > 0) {
                // A FIN after all queued text goes at once (RFC 9293 §3.10.4), within the send window (§3.2 Figure
                // 3): it carries no octets, so the pipe does not hold it back.
                sendText(sndNxt, 0, true);
                sndNxt += 1;
                finSent = true;
            }
            if (config.transfer().congestionControl() && cwnd - pipe() < sndMss) {
                return;
            }
            int prev = sndUna;
            boolean sent = false;
            int lost = rackActive() ? rack.firstLost() : -1;
            if (lost >= 0) {
                // RFC 8985 §6.2: the segments RACK marks lost are retransmitted first, in sequence order.
                int from = rack.startOf(lost);
                int n = Math.min(sndMss, Math.min(rack.endOf(lost), dataEnd) - from);
                boolean fin = finSent && rack.endOf(lost) == finSeq + 1 && from + n == finSeq;
                if (n > 0 || fin) {
                    retransmissions++;
                    if (!timestamps) {
                        timedAt = -1;
                    }
                    sendText(from, n, fin);
                    continue;
                }
            }
            for (int k = 0; k < sacked && !sent && !rackActive(); k++) {
                int start = lt(prev, highRxt) ? highRxt : prev;
                int end = lt(dataEnd, scoreboard[2 * k]) ? dataEnd : scoreboard[2 * k];
                if (lt(start, end) && isLost(k)) {
                    int n = Math.min(sndMss, end - start);
                    retransmissions++;
                    if (!timestamps) {
                        timedAt = -1;
                    }
                    sendText(start, n, false);
                    highRxt = start + n;
                    sent = true;
                }
                prev = scoreboard[2 * k + 1];
            }
            if (sent) {
                continue;
            }
            int unsent = finSent ? 0 : dataEnd - sndNxt;
            int usable = sndUna + sndWnd - sndNxt;
            if (unsent > 0 && usable > 0) {
                int n = Math.min(Math.min(unsent, usable), sndMss);
                boolean fin = finQueued && !finSent && sndNxt + n == finSeq && n < usable;
                sendText(sndNxt, n, fin);
                sndNxt += n + (fin ? 1 : 0);
                octetsSent += n;
                finSent |= fin;
                continue;
            }
            return;
        }
    }

    /**
     * The congestion window after an ACK of {@code acked} new octets, {@code flight} having been in flight before it
     * (RFC 5681 §3.1 slow start and congestion avoidance; RFC 6582 §3.2 steps 5 and 6 in fast recovery).
     */
    private void growWindow(int acked, int flight, int ack) {
        if (!config.transfer().congestionControl() || sackRecovery) {
            // RFC 6675 §5: during SACK recovery cwnd stays at ssthresh; the pipe paces the sender. The ACK that ends
            // the recovery does not grow it either: RFC 5681 §3.2 step 6 sets cwnd to ssthresh on that ACK, and
            // growth resumes with the next.
            return;
        }
        if (fastRecovery) {
            if (lt(ack, recover)) {
                // RFC 6582 §3.2 step 5: a partial ACK: deflate by the amount acknowledged, add back one SMSS if
                // that was at least one SMSS (the retransmission of the next hole is done by the caller).
                cwnd = Math.max(sndMss, cwnd - acked + (acked >= sndMss ? sndMss : 0));
            } else {
                // RFC 6582 §3.2 step 6, option 1: deflate to min(ssthresh, max(FlightSize, SMSS) + SMSS).
                int flightAfter = flight - acked;
                cwnd = Math.min(ssthresh, Math.max(flightAfter, sndMss) + sndMss);
                fastRecovery = false;
            }
            return;
        }
        if (cwnd < ssthresh) {
            // RFC 5681 §3.1 (2): slow start grows cwnd by at most one SMSS per ACK.
            cwnd = addCapped(cwnd, Math.min(acked, sndMss));
        } else if (config.transfer().algorithm() == DataTransfer.Algorithm.CUBIC) {
            // RFC 9438 §4.2 - §4.5: the cubic growth towards W_cubic(t + RTT), or the Reno-friendly estimate.
            cwnd = cubic.grow(cwnd, acked, host.now(), rto.srtt());
        } else {
            // RFC 5681 §3.1 (3), byte counting: one SMSS per cwnd of acknowledged octets.
            caAcked += acked;
            if (caAcked >= cwnd) {
                caAcked -= cwnd;
                cwnd = addCapped(cwnd, sndMss);
            }
        }
    }

    /**
     * SND.WND as {@code seg} advertises it: SEG.WND shifted by Snd.Wind.Shift, except on a SYN or SYN,ACK (RFC 7323
     * §2.2: "The window field in a segment where the SYN bit is set ... MUST NOT be scaled"; §2.3).
     */
    private int peerWindow(Packet seg) {
        return seg.has(Flags.SYN) ? seg.window() : seg.window() << sndShift;
    }

    /**
     * The slow-start threshold after a congestion event with {@code flight} octets in flight: RFC 5681 §3.1 (4),
     * max(FlightSize / 2, 2 * SMSS) (NewReno), or CUBIC's β = 0.7 (RFC 9438 §4.6), which also records W_max for the
     * growth that follows.
     */
    private int reducedThreshold(int flight) {
        return switch (config.transfer().algorithm()) {
            case NEW_RENO -> Math.max(flight / 2, 2 * sndMss);
            case CUBIC -> cubic.onCongestion(cwnd, flight);
        };
    }


    private static int addCapped(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }

    /**
     * Takes the segment's text starting at {@code textSeq} (after a SYN, one past it). Text before RCV.NXT and
     * beyond the window is trimmed; in-order text goes to the receive buffer and pulls held text after it; text
     * beyond RCV.NXT is held. Returns whether everything the segment carries is now in order, so that its FIN (if any)
     * can be processed.
     */
    private boolean receiveText(Packet seg, int textSeq) {
        byte[] p = seg.payload();
        if (p.length == 0) {
            return textSeq == rcvNxt;
        }
        int offset = textSeq - rcvNxt;
        int start = Math.max(0, -offset);
        int window = rcvAdvRight - rcvNxt;
        int end = (int) Math.min(p.length, (long) window - offset);
        if (end <= start) {
            return textSeq + p.length == rcvNxt;
        }
        if (offset + start == 0) {
            int n = deliver(p, start, end - start);
            rcvNxt += n;
            rcvOffset += n;
            if (!seg.has(Flags.FIN)) {
                // Held text after a FIN cannot belong to the stream (only a broken peer sends it): not drained.
                long next = reassembly.drain(rcvOffset, this::deliver);
                rcvNxt += (int) (next - rcvOffset);
                rcvOffset = next;
            }
        } else {
            reassembly.hold(rcvOffset + offset + start, java.util.Arrays.copyOfRange(p, start, end));
            if (sackOk) {
                noteHeld(rcvOffset + offset + start);
            }
        }
        return textSeq + p.length == rcvNxt;
    }

    private int deliver(byte[] data, int off, int len) {
        octetsReceived += len;
        if (orphaned) {
            // Nobody will read it: acknowledge and discard.
            return len;
        }
        return rcvBuf.write(data, off, len);
    }

    private void report(Packet seg, ConnectionState before) {
        segmentReported = true;
        EngineObserver observer = host.observer();
        if (observer != EngineObserver.NONE) {
            observer.observe(new EngineEvent.SegmentIn(host.now(), id, seg, before, Option.none(), Option.none()));
        }
    }

    // =================================================================================================
    // Timers (RFC 9293 §3.8.1, §3.10.8; RFC 6298; RFC 1122 §4.2.3.6)
    // =================================================================================================

    /** Called by the host at or after the deadline it was asked for. */
    void onTimers(long now) {
        scheduledAt = NEVER;
        if (deleted) {
            return;
        }
        if (timeWaitDeadline <= now) {
            timeWaitDeadline = NEVER;
            fire(Event.TIME_WAIT_TIMEOUT, null, 0);
        } else if (finWait2Deadline <= now) {
            finWait2Deadline = NEVER;
            fire(Event.FIN_WAIT_2_TIMEOUT, null, 0);
        } else if (userDeadline <= now) {
            userDeadline = NEVER;
            // RFC 9293 §3.8.3: data unacknowledged for the user timeout: the connection is aborted.
            fire(Event.USER_TIMEOUT, null, 0);
        } else if (rtxDeadline <= now) {
            rtxDeadline = NEVER;
            retransmissionTimeout(now);
        } else if (rackDeadline <= now) {
            rackDeadline = NEVER;
            rackTimeout(now);
        } else if (tlpDeadline <= now) {
            tlpDeadline = NEVER;
            lossProbe(now);
        } else if (keepAliveDeadline <= now) {
            keepAliveDeadline = NEVER;
            keepAliveTimeout();
        }
        if (delAckDeadline <= now && !deleted) {
            // RFC 9293 §3.8.6.3: the delayed ACK is due. Not a table event: the table's ACKs are sent at once.
            delAckDeadline = NEVER;
            if (ackedRcvNxt != rcvNxt) {
                sendAck();
            }
        }
        afterEvent();
    }

    /** RFC 8985 §6.3: the reordering timer expired: the segments it waited for are checked again. */
    private void rackTimeout(long now) {
        if (!rackActive() || sndNxt == sndUna) {
            return;
        }
        long wait = rack.detectLoss(now, inRecovery, rto.srtt());
        rackDeadline = wait > 0 ? now + wait : NEVER;
        if (rack.newlyLost > 0 && !sackRecovery && !inRecovery) {
            tlpDeadline = NEVER;
            enterSackRecovery();
        }
    }

    private void retransmissionTimeout(long now) {
        if (!synAcked) {
            TcpState s = lifecycle.tcpState();
            if ((s == TcpState.SYN_SENT || s == TcpState.SYN_RECEIVED)
                    && synTransmissions >= config.synAttempts(synReceived)) {
                // The SYN (or SYN,ACK) retries are spent: give the attempt up, as a user timeout (RFC 9293 §3.8.3 R2
                // for SYN segments). After a CLOSE in SYN-RECEIVED (FIN-WAIT-1 with the SYN,ACK unacknowledged) the
                // FIN is outstanding too, and the user timeout is the R2, as for data.
                fire(Event.USER_TIMEOUT, null, 0);
                return;
            }
            fire(Event.RETRANSMISSION_TIMEOUT, null, 0);
            return;
        }
        // RFC 6298 §5.5 - 5.7: back off, retransmit the earliest unacknowledged segment, restart the timer.
        timeouts++;
        if (rack != null) {
            rack.onTimeout();
            tlpOutstanding = false;
            tlpDeadline = NEVER;
            rackDeadline = NEVER;
        }
        if (config.transfer().congestionControl() && sndNxt != sndUna) {
            if (rto.backoffCount() == 0) {
                // RFC 5681 §3.1 (4): ssthresh on the first timeout of a segment; a repeated timeout keeps it.
                ssthresh = reducedThreshold(sndNxt - sndUna);
            }
            // RFC 5681 §3.1: the loss window, one segment.
            cwnd = sndMss;
            caAcked = 0;
            fastRecovery = false;
        }
        rto.backOff();
        // RFC 2018 §8, RFC 6675 §5.1: after a timeout the SACK information is not trusted (the receiver may have
        // reneged); recovery goes on from SND.UNA as without SACK.
        sacked = 0;
        sackRecovery = false;
        dupAcks = 0;
        if (sndNxt != sndUna) {
            inRecovery = true;
            recover = sndNxt;
        }
        Outcome outcome = fire(Event.RETRANSMISSION_TIMEOUT, null, 0);
        if (outcome.isTransition() && !deleted
                && (sndNxt != sndUna || ((sendBuf.size() > 0 || (finQueued && !finSent)) && sndWnd == 0))) {
            rtxDeadline = now + rto.current();
        }
    }

    private void keepAliveTimeout() {
        TcpState s = lifecycle.tcpState();
        if (!keepAlive || !(s == TcpState.ESTABLISHED || s == TcpState.FIN_WAIT_2 || s == TcpState.CLOSE_WAIT)) {
            return;
        }
        if (sndNxt != sndUna || sendBuf.size() > 0) {
            // Not idle: retransmission covers the peer's liveness; look again a full idle time from now.
            lastHeard = host.now();
            rearmKeepAlive();
            return;
        }
        if (probesSent >= config.keepalive().count()) {
            // RFC 1122 §4.2.3.6: no reply to the probes: the connection is dead.
            fire(Event.USER_TIMEOUT, null, 0);
            return;
        }
        if (!fire(Event.KEEPALIVE_TIMEOUT, null, 0).isTransition()) {
            // A variant table without keep-alive in this state: wait a full idle time before asking again.
            lastHeard = host.now();
        }
    }

    private void rearmKeepAlive() {
        TcpState s = lifecycle.tcpState();
        if (keepAlive && !deleted
                && (s == TcpState.ESTABLISHED || s == TcpState.FIN_WAIT_2 || s == TcpState.CLOSE_WAIT)) {
            keepAliveDeadline = lastHeard + config.keepalive().idle() + (long) probesSent * config.keepalive().interval();
        } else {
            keepAliveDeadline = NEVER;
        }
    }

    private void armFinWait2() {
        Option<Long> timeout = config.profile().finWait2Timeout();
        if (orphaned && timeout.isDefined() && lifecycle.tcpState() == TcpState.FIN_WAIT_2
                && finWait2Deadline == NEVER) {
            finWait2Deadline = host.now() + timeout.get();
        }
    }

    /** Sends what may be sent, re-arms the keep-alive timer and tells the host the next deadline. */
    private void afterEvent() {
        if (deleted) {
            return;
        }
        output();
        if (keepAlive) {
            rearmKeepAlive();
        }
        long next = Math.min(Math.min(Math.min(rtxDeadline, userDeadline), delAckDeadline),
                Math.min(Math.min(timeWaitDeadline, finWait2Deadline), keepAliveDeadline));
        next = Math.min(next, Math.min(rackDeadline, tlpDeadline));
        if (next < scheduledAt) {
            scheduledAt = next;
            host.schedule(this, next);
        }
    }

    // =================================================================================================
    // Firing table events and carrying out their actions
    // =================================================================================================

    private Outcome fire(Event event, Packet trigger, int userBytes) {
        ConnectionState before = lifecycle.state();
        Outcome outcome = lifecycle.fire(event);
        EngineObserver observer = host.observer();
        if (event.cause() == Event.Cause.SEGMENT) {
            segmentReported = true;
        }
        if (observer != EngineObserver.NONE) {
            long now = host.now();
            observer.observe(switch (event.cause()) {
                case SEGMENT -> new EngineEvent.SegmentIn(now, id, trigger, before, Option.some(event),
                        Option.some(outcome));
                case USER -> new EngineEvent.UserCall(now, id, event, outcome, userBytes);
                case TIMEOUT -> new EngineEvent.TimerFired(now, id, event, outcome);
            });
        }
        if (outcome instanceof Outcome.Transition transition) {
            if (!transition.target().equals(before)) {
                entered(before, transition.target(), event);
            }
            perform(transition, event, trigger);
        }
        return outcome;
    }

    /** Carries out the table's actions, in the table's order. */
    private void perform(Outcome.Transition transition, Event event, Packet trigger) {
        for (Action action : transition.actions()) {
            carryOut(action, event, trigger);
        }
    }

    /**
     * Carries out one of the table's actions. A switch expression, so that a new Action does not compile until the
     * engine carries it out; each arm returns a value rather than a lambda, so no object is allocated per action.
     *
     * @return whether the action is carried out here; false for those carried out elsewhere or nowhere
     */
    private boolean carryOut(Action action, Event event, Packet trigger) {
        return switch (action) {
            // The TCB exists; queued text is sent by output(); RECEIVE copies in read(); a FIN is the end of the
            // stream the user reads.
            case CREATE_TCB, QUEUE, SND_DATA, DELIVER, TELL_OK, TELL_STATE, TELL_CLOSING -> false;
            case SND_SYN, SND_SYN_ACK -> {
                sendSyn();
                yield true;
            }
            // RFC 5961 §5.2 (and §3.10.7.4 fifth): the ACK answering an unacceptable SEG.ACK is throttled like the
            // one answering an unacceptable sequence number (RFC 5961 §7).
            case SND_ACK -> {
                if (event == Event.RCV_SYN_ACK && textRidesOnAck()) {
                    // The text sent right after this event carries the ACK of the SYN,ACK (RFC 9293 §3.10.7.4
                    // seventh: an ACK may ride on a segment with text), as Linux sends a Fast Open client's text.
                    yield true;
                }
                if (event != Event.RCV_BAD_ACK || allowReplyAck()) {
                    sendAck();
                }
                yield true;
            }
            case SND_CHALLENGE_ACK -> {
                if (host.allowChallengeAck()) {
                    sendAck();
                }
                yield true;
            }
            // RFC 9293 §3.10.4: the FIN follows all queued text; output() sends it when that has gone.
            case SND_FIN -> {
                finQueued = true;
                finSeq = bufSeq + sendBuf.size();
                yield true;
            }
            case SND_RST -> {
                sendRst(event, trigger);
                yield true;
            }
            case RETRANSMIT -> {
                retransmitFront();
                yield true;
            }
            case SND_KEEPALIVE -> {
                sendKeepAlive();
                yield true;
            }
            case START_TIME_WAIT_TIMER -> {
                timeWaitDeadline = host.now() + config.profile().timeWait();
                yield true;
            }
            case FLUSH_QUEUES -> {
                sendBuf.clear();
                rcvBuf.clear();
                reassembly.clear();
                yield true;
            }
            case TELL_RESET -> tell("connection reset");
            case TELL_REFUSED -> tell("connection refused");
            case TELL_ERROR_CLOSING -> tell("error: closing");
            case TELL_USER_TIMEOUT -> tell("error: connection aborted due to user timeout");
            case DELETE_TCB -> {
                deleteTcb();
                yield true;
            }
        };
    }

    /** Records the error the user is told of (the table's TELL_* actions, RFC 9293 §3.10). */
    private boolean tell(String text) {
        error = text;
        return true;
    }

    /** Bookkeeping on entering a new state; the table already decided the state. */
    private void entered(ConnectionState from, ConnectionState to, Event cause) {
        EngineObserver observer = host.observer();
        if (observer != EngineObserver.NONE) {
            observer.observe(new EngineEvent.StateChanged(host.now(), id, from, to, cause));
        }
        boolean wasEmbryonic = parent != null && from.state() == TcpState.SYN_RECEIVED
                && from.origin().contains(Origin.PASSIVE);
        // A switch expression, so that a new TcpState does not compile until its bookkeeping is decided. It yields
        // whether the connection is now open (ESTABLISHED, or CLOSE-WAIT when a FIN came with the handshake's ACK):
        // an embryonic connection entering it moves to its listener's accept queue, one entering any other state
        // leaves the listener.
        boolean opened = switch (to.state()) {
            // RFC 9293 §3.10.7.4: a passive SYN-RECEIVED returns to LISTEN; this forked TCB is discarded and the
            // listener stays.
            case LISTEN -> {
                clearTimers();
                deleted = true;
                host.forget(this);
                yield false;
            }
            case ESTABLISHED, CLOSE_WAIT -> {
                if (wasEmbryonic) {
                    parent.established(this);
                }
                yield true;
            }
            case FIN_WAIT_2 -> {
                armFinWait2();
                yield false;
            }
            case TIME_WAIT -> {
                rtxDeadline = NEVER;
                userDeadline = NEVER;
                keepAliveDeadline = NEVER;
                finWait2Deadline = NEVER;
                yield false;
            }
            case CLOSED, SYN_SENT, SYN_RECEIVED, FIN_WAIT_1, CLOSING, LAST_ACK -> false;
        };
        if (wasEmbryonic && !opened) {
            parent.embryonicGone(this);
        }
        for (StateListener l : stateListeners) {
            l.stateChanged(this, from, to);
        }
    }

    private void deleteTcb() {
        if (deleted) {
            return;
        }
        deleted = true;
        clearTimers();
        sendBuf.clear();
        reassembly.clear();
        host.forget(this);
    }

    private void clearTimers() {
        delAckDeadline = NEVER;
        rtxDeadline = NEVER;
        userDeadline = NEVER;
        timeWaitDeadline = NEVER;
        finWait2Deadline = NEVER;
        keepAliveDeadline = NEVER;
        rackDeadline = NEVER;
        tlpDeadline = NEVER;
    }

    // =================================================================================================
    // Output
    // =================================================================================================

    /** Sends new text and a queued FIN as far as the send window allows (RFC 9293 §3.8.6.2.1). */
    private void output() {
        if (deleted) {
            return;
        }
        boolean fastOpenText = fastOpened && !synAcked && synTransmissions > 0
                && lifecycle.tcpState() == TcpState.SYN_RECEIVED;
        if (!synAcked && !fastOpenText) {
            // RFC 9293 §3.10.4 SYN-RECEIVED: "If no SENDs have been issued and there is no pending data to send,
            // then form a FIN segment and send it, and enter FIN-WAIT-1 state"; queued text waits for ESTABLISHED.
            if (synReceived && synTransmissions > 0 && finQueued && !finSent && sendBuf.size() == 0
                    && sndNxt == finSeq && lifecycle.tcpState() == TcpState.FIN_WAIT_1) {
                sendText(sndNxt, 0, true);
                sndNxt += 1;
                finSent = true;
            }
            if (synReceived && lifecycle.tcpState() == TcpState.FIN_WAIT_1 && userDeadline == NEVER) {
                // RFC 9293 §3.8.3: after a CLOSE in SYN-RECEIVED the FIN (and any text before it) is outstanding; the
                // user timeout bounds the retransmission of the SYN,ACK.
                userDeadline = host.now() + config.userTimeout();
            }
            return;
        }
        TcpState s = lifecycle.tcpState();
        // FIN-WAIT-1, CLOSING and LAST-ACK may still hold queued text and the FIN behind it (RFC 9293 §3.10.4: the
        // FIN is sent once the preceding SENDs are segmentized).
        if (!(s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT || s == TcpState.FIN_WAIT_1
                || s == TcpState.CLOSING || s == TcpState.LAST_ACK || fastOpenText)) {
            return;
        }
        long now = host.now();
        int nxtBefore = sndNxt;
        if (sackRecovery) {
            sackOutput();
        }
        while (!sackRecovery) {
            int dataEnd = bufSeq + sendBuf.size();
            int unsent = finSent ? 0 : dataEnd - sndNxt;
            // RFC 5681 §3.1: the sender may not send beyond SND.UNA + min(cwnd, SND.WND).
            int usable = sndUna + Math.min(sndWnd, cwnd) - sndNxt;
            if (unsent > 0 && usable > 0) {
                int n = Math.min(Math.min(unsent, usable), sndMss);
                // No unacknowledged text (§3.7.4): the SYN,ACK a Fast Open server still awaits the ACK of is none.
                boolean idle = sndNxt == (synAcked ? sndUna : iss + 1);
                // Sender-side silly window avoidance (RFC 9293 §3.8.6.2.1) and Nagle (§3.7.4): a full segment goes;
                // less goes only when nothing is in flight (the SWS override is then immediate), or, without Nagle,
                // when it is all that is queued.
                if (n < sndMss && !idle && (nagle || n < unsent)) {
                    break;
                }
                // RFC 9293 §3.2 Figure 3: the FIN's sequence number too must lie in the send window.
                boolean fin = finQueued && !finSent && sndNxt + n == finSeq && n < usable;
                sendText(sndNxt, n, fin);
                if (timedAt < 0) {
                    timedAt = now;
                    timedSeq = sndNxt + n;
                }
                sndNxt += n + (fin ? 1 : 0);
                octetsSent += n;
                finSent |= fin;
                continue;
            }
            if (finQueued && !finSent && sndNxt == finSeq && sndUna + sndWnd - sndNxt > 0) {
                // A FIN alone carries no octets: the send window admits it (RFC 9293 §3.2 Figure 3), the congestion
                // window does not hold it back (RFC 5681 counts octets).
                sendText(sndNxt, 0, true);
                sndNxt += 1;
                finSent = true;
            }
            break;
        }
        if (sndNxt != sndUna) {
            if (rtxDeadline == NEVER) {
                rtxDeadline = now + rto.current();
            }
            if (userDeadline == NEVER) {
                userDeadline = now + config.userTimeout();
            }
            if (sndNxt != nxtBefore && rackActive()) {
                // RFC 8985 §7.2: the PTO is scheduled when new data is sent.
                armLossProbe(now);
            }
        } else if ((sendBuf.size() > 0 || (finQueued && !finSent)) && sndWnd == 0 && rtxDeadline == NEVER) {
            // RFC 9293 §3.8.6.1: the window is zero with text or the FIN queued: probe it at the retransmission
            // interval.
            rtxDeadline = now + rto.current();
        }
    }

    /**
     * Retransmits the front of the retransmission queue: the SYN or SYN,ACK before synchronization, else the first
     * unacknowledged segment (with the FIN if it is the last); with nothing in flight and a zero window, a window
     * probe.
     */
    private void retransmitFront() {
        if (!synAcked) {
            sendSyn();
            return;
        }
        // Karn's rule (RFC 6298 §3): no RTT sample from a retransmitted segment.
        timedAt = -1;
        int inFlight = sndNxt - sndUna;
        if (inFlight == 0) {
            if ((sendBuf.size() > 0 || (finQueued && !finSent)) && sndWnd == 0) {
                sendWindowProbe();
            }
            return;
        }
        int dataEnd = bufSeq + sendBuf.size();
        int n = Math.min(sndMss, Math.min(dataEnd - sndUna, inFlight));
        if (sacked > 0 && lt(sndUna, scoreboard[0])) {
            // RFC 6675 §5 step 4.3: the hole at SND.UNA, not the SACKed octets after it.
            n = Math.min(n, scoreboard[0] - sndUna);
        }
        n = Math.max(n, 0);
        boolean fin = finSent && sndUna + n == finSeq;
        if (n == 0 && !fin) {
            return;
        }
        retransmissions++;
        if (sackRecovery && lt(highRxt, sndUna + n)) {
            highRxt = sndUna + n;
        }
        sendText(sndUna, n, fin);
    }

    private void sendText(int seq, int n, boolean fin) {
        if (lt(seq, sndNxt)) {
            lastRetransmitAt = host.now();
        }
        if (rack != null && sackOk) {
            rack.onSend(seq, seq + n + (fin ? 1 : 0), host.now());
        }
        byte[] payload = n == 0 ? Packet.EMPTY : new byte[n];
        if (n > 0) {
            sendBuf.peek(seq - bufSeq, payload, 0, n);
        }
        int flags = Flags.ACK | (n > 0 ? Flags.PSH : 0) | (fin ? Flags.FIN : 0);
        emit(seq, flags, payload, TcpOptions.NONE);
    }

    /** SYN (active) or SYN,ACK (after the peer's SYN), with our MSS option (RFC 9293 §3.7.1) and extensions. */
    private void sendSyn() {
        long now = host.now();
        int flags = synReceived ? Flags.SYN | Flags.ACK : Flags.SYN;
        if (synTransmissions == 0) {
            sndNxt = iss + 1;
            timedAt = now;
            timedSeq = iss + 1;
        } else {
            retransmissions++;
            timedAt = -1;
        }
        // RFC 7323 §2.2, §3.2 and RFC 2018 §2: the SYN offers what the profile offers, the SYN,ACK answers with
        // what is in use; the model's Negotiation lays them out (as Linux does).
        TcpOptions options = TcpOptions.fromModel(synReceived
                ? Negotiation.synAckOptions(config.profile(), negotiated(), now)
                : Negotiation.synOptions(config.profile(), now));
        byte[] text = Packet.EMPTY;
        if (!synReceived && config.fastOpenClient()) {
            FastOpenClientCache.Entry cached = host.fastOpenClientEntry(id.remoteAddr());
            if (synTransmissions == 0 && cached != null && sendBuf.size() == 0) {
                // §4.1.2 without text (Linux's sendto of nothing with MSG_FASTOPEN): the SYN presents the cookie.
                options = options.withFastOpen(cached.cookie(), false);
            } else if (synTransmissions == 0 && cached != null) {
                // RFC 7413 §4.1.2: the cached cookie, and text, on the SYN; as much as a segment of the server's MSS
                // (the one cached with the cookie, else ours) holds beside the most TCP options (40 octets), as
                // Linux sizes it.
                int room = Math.max(0, Math.min(config.profile().mss(), cached.mss()) - 40);
                text = new byte[Math.min(sendBuf.size(), room)];
                sendBuf.peek(0, text, 0, text.length);
                options = options.withFastOpen(cached.cookie(), false);
                synText = text.length;
                sndNxt = iss + 1 + text.length;
            } else if (synText > 0) {
                // The SYN with text went unanswered: as Linux, the SYN is sent again without text or Fast Open option
                // (the server or a middlebox may drop SYNs with text, RFC 7413 §7.1); the text follows the handshake.
                synText = 0;
                sndNxt = iss + 1;
                options = options.withoutFastOpen();
            }
        }
        emit(iss, flags, text, fastOpenReply == null || !synReceived ? options
                : options.withFastOpen(fastOpenReply, fastOpenReplyExperimental));
        long wait = config.synTimeout(synTransmissions, synReceived);
        synTransmissions++;
        if (wait <= 0) {
            // Beyond the SYN schedule (a FIN sent from SYN-RECEIVED keeps the SYN,ACK in flight): RFC 6298 backoff.
            rto.backOff();
            wait = rto.current();
        }
        rtxDeadline = now + wait;
    }

    /**
     * RFC 5961 §7 ACK throttle for replies to segments that failed a check, per connection as Linux's
     * tcp_invalid_ratelimit: at most one per {@link ConnectionConfig#invalidAckInterval}. Such a reply is what an
     * off-path attacker can make the engine send at will (one ACK per blind segment, towards the real peer); a
     * legitimate peer that needs it (its ACK was lost, it retransmits old text) retransmits at its RTO and is
     * answered then. The model takes the held-back ACK as a choice ({@code Choices.ackThrottled}).
     */
    private boolean allowReplyAck() {
        long interval = config.invalidAckInterval();
        long now = host.now();
        if (interval == 0 || now - lastReplyAck >= interval) {
            lastReplyAck = now;
            return true;
        }
        host.replyAckThrottled();
        return false;
    }

    private void sendAck() {
        emit(sndNxt, Flags.ACK, Packet.EMPTY, TcpOptions.NONE);
    }

    /** RFC 9293 §3.8.4: a keep-alive is <SEQ=SND.NXT-1><ACK=RCV.NXT> with no text, which the peer must ACK. */
    private void sendKeepAlive() {
        probesSent++;
        emit(sndNxt - 1, Flags.ACK, Packet.EMPTY, TcpOptions.NONE);
    }

    /**
     * RFC 9293 §3.8.6.1: a zero-window probe. This engine probes with an old sequence number (SND.UNA - 1, no text),
     * which any receiver answers with an ACK carrying its current window, rather than with one new octet.
     */
    private void sendWindowProbe() {
        emit(sndUna - 1, Flags.ACK, Packet.EMPTY, TcpOptions.NONE);
    }

    private void sendRst(Event event, Packet trigger) {
        if (trigger == null) {
            // RFC 9293 §3.10.5 ABORT: <SEQ=SND.NXT><CTL=RST>; with the profile's switch (Linux), and for Linux's
            // close() with unread text, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>.
            boolean withAck = resetWithAck || config.profile().abortSendsRstAck();
            emitRaw(sndNxt, withAck ? rcvNxt : 0, withAck ? Flags.RST | Flags.ACK : Flags.RST, 0);
            return;
        }
        host.transmit(id, lifecycle.state(), resetFor(trigger));
    }

    /**
     * The reset answering {@code seg} (RFC 9293 §3.10.7.1 - §3.10.7.4): {@code <SEQ=SEG.ACK><CTL=RST>} if it has an
     * ACK, else {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}; addresses and ports swapped.
     */
    public static Packet resetFor(Packet seg) {
        if (seg.has(Flags.ACK)) {
            return new Packet(seg.dstAddr(), seg.srcAddr(), seg.dstPort(), seg.srcPort(), seg.ack(), 0, Flags.RST,
                    0, 0, TcpOptions.NONE, Packet.EMPTY);
        }
        return new Packet(seg.dstAddr(), seg.srcAddr(), seg.dstPort(), seg.srcPort(), 0, seg.seq() + seg.length(),
                Flags.RST | Flags.ACK, 0, 0, TcpOptions.NONE, Packet.EMPTY);
    }

    private void emit(int seq, int flags, byte[] payload, TcpOptions options) {
        boolean syn = (flags & Flags.SYN) != 0;
        int window = advertiseWindow(syn);
        if (!syn && (timestamps || sackOk)) {
            options = stamp(payload.length);
        }
        if ((flags & Flags.ACK) != 0) {
            // Any segment with the ACK bit acknowledges RCV.NXT: a delayed ACK rides on it (RFC 9293 §3.8.6.3).
            ackedRcvNxt = rcvNxt;
            delAckDeadline = NEVER;
            // RFC 7323 §4.3: Last.ACK.sent.
            lastAckSent = rcvNxt;
        }
        Packet seg = new Packet(id.localAddr(), id.remoteAddr(), id.localPort(), id.remotePort(), seq,
                (flags & Flags.ACK) != 0 ? rcvNxt : 0, flags, window, 0, options, payload);
        if (replaying) {
            host.replayed(id, lifecycle.state(), seg);
        } else {
            host.transmit(id, lifecycle.state(), seg);
        }
    }

    /**
     * The options of a segment other than SYN and RST: RFC 7323 §3.2, "the TSopt MUST be sent in every non-&lt;RST&gt;
     * segment", TSval from the engine's millisecond clock (§5.4) and TSecr = TS.Recent (§4.3); and with SACK in use
     * and text held beyond RCV.NXT, SACK blocks on a segment without text (RFC 2018 §4: "SHOULD be included in all
     * ACKs which do not ACK the highest sequence number in the data receiver's queue"; a segment with text keeps
     * its full MSS instead).
     */
    private TcpOptions stamp(int textLength) {
        int[] blocks = textLength == 0 && sackOk ? sackBlocks() : null;
        if (!timestamps) {
            return blocks == null ? TcpOptions.NONE : new TcpOptions(-1, -1, false, false, 0, 0, blocks);
        }
        return TcpOptions.stamp((int) host.now(), tsRecent, blocks);
    }

    /**
     * The SACK blocks to send now (RFC 2018 §4), null for none: a pending D-SACK first (RFC 2883 §4), then the held
     * range holding the most recently received segment, then those holding the segments before it, most recent
     * first, as many as fit beside the Timestamps option (3, else 4; §3).
     */
    private int[] sackBlocks() {
        int max = timestamps ? 3 : 4;
        int ranges = reassembly.bytes() == 0 ? 0 : reassembly.ranges(heldRanges);
        if (ranges == 0 && !dsackPending) {
            return null;
        }
        int[] out = new int[2 * max];
        int n = 0;
        if (dsackPending) {
            out[0] = dsackLeft;
            out[1] = dsackRight;
            n = 1;
            dsackPending = false;
        }
        int first = n;
        int kept = 0;
        for (int a = 0; a < sackAnchorCount && n < max; a++) {
            long anchor = sackAnchors[a];
            for (int r = 0; r < ranges; r++) {
                long start = heldRanges[2 * r];
                long end = heldRanges[2 * r + 1];
                if (start <= anchor && anchor < end) {
                    int left = rcvNxt + (int) (start - rcvOffset);
                    int right = rcvNxt + (int) (end - rcvOffset);
                    boolean dup = false;
                    for (int i = first; i < n; i++) {
                        dup |= out[2 * i] == left && out[2 * i + 1] == right;
                    }
                    if (!dup) {
                        out[2 * n] = left;
                        out[2 * n + 1] = right;
                        n++;
                    }
                    sackAnchors[kept++] = anchor;
                    break;
                }
            }
        }
        sackAnchorCount = kept;
        return n == 0 ? null : java.util.Arrays.copyOf(out, 2 * n);
    }

    /** RFC 2018 §4: text held at stream offset {@code offset} is the most recently received. */
    private void noteHeld(long offset) {
        int keep = Math.min(sackAnchorCount, sackAnchors.length - 1);
        System.arraycopy(sackAnchors, 0, sackAnchors, 1, keep);
        sackAnchors[0] = offset;
        sackAnchorCount = keep + 1;
    }

    /** The negotiated state in the model's terms, for the SYN,ACK's options. */
    private Negotiated negotiated() {
        return new Negotiated(windowScaling, sndShift, rcvShift, timestamps, tsRecent & 0xFFFF_FFFFL, tsRecentAt,
                SeqNum.of(lastAckSent & 0xFFFF_FFFFL), sackOk, false);
    }

    /**
     * A RST of this connection (ABORT, RFC 9293 §3.10.5). With timestamps in use it carries the Timestamps option,
     * as Linux's does (RFC 7323 §3.2 leaves it open; the peer's PAWS does not apply to a RST, §5.3 R1).
     */
    private void emitRaw(int seq, int ack, int flags, int window) {
        TcpOptions options = timestamps ? TcpOptions.stamp((int) host.now(), tsRecent, null) : TcpOptions.NONE;
        host.transmit(id, lifecycle.state(), new Packet(id.localAddr(), id.remoteAddr(), id.localPort(),
                id.remotePort(), seq, ack, flags, window, 0, options, Packet.EMPTY));
    }

    // =================================================================================================
    // Receive window (RFC 9293 §3.8.6.2.2)
    // =================================================================================================

    private int rcvWnd() {
        return Math.max(0, rcvAdvRight - rcvNxt);
    }

    /**
     * The window field to advertise now. The right edge moves right only by at least min(half the buffer, one MSS):
     * receiver-side silly window avoidance (RFC 9293 §3.8.6.2.2). On a SYN or SYN,ACK the field is the window itself,
     * at most 65535 (RFC 7323 §2.2: never scaled); after it, RCV.WND &gt;&gt; Rcv.Wind.Shift (§2.3), rounded down as
     * the model's {@code WindowScaling.field}: the edge the peer sees is RCV.NXT + (SEG.WND &lt;&lt; shift), and that is
     * the edge this side accepts text up to. Rounding down may move the edge left by less than one unit of scale
     * between segments (§2.4: "there are instances when a retracted window can be offered"); otherwise the edge never
     * moves left.
     */
    private int advertiseWindow(boolean syn) {
        if (!synReceived) {
            return Math.min(config.receiveBuffer(), 0xFFFF);
        }
        int shift = syn ? 0 : rcvShift;
        int free = Math.min(orphaned ? config.receiveBuffer() : rcvBuf.free(), 0xFFFF << shift);
        int right = rcvNxt + (free >>> shift << shift);
        int threshold = Math.min(config.receiveBuffer() / 2, config.profile().mss());
        if (!advertised || right - rcvAdvRight >= threshold) {
            // RFC 9293 §3.8.6.2.2: RCV.BUFF - RCV.USER - RCV.WND >= min(Fr * RCV.BUFF, Eff.snd.MSS), Fr = 1/2.
            rcvAdvRight = right;
            advertised = true;
        }
        if (lt(rcvAdvRight, rcvNxt)) {
            rcvAdvRight = rcvNxt;
        }
        int field = Math.min((rcvAdvRight - rcvNxt) >>> shift, 0xFFFF);
        rcvAdvRight = rcvNxt + (field << shift);
        return field;
    }

    private void maybeSendWindowUpdate() {
        if (!synReceived || deleted || finReceived) {
            return;
        }
        int free = Math.min(rcvBuf.free(), 0xFFFF << rcvShift);
        int right = rcvNxt + (free >>> rcvShift << rcvShift);
        int threshold = Math.min(config.receiveBuffer() / 2, config.profile().mss());
        int now = Math.max(0, rcvAdvRight - rcvNxt);
        if (right - rcvAdvRight >= threshold && (long) right - rcvNxt >= 2L * now) {
            // RFC 9293 §3.8.6.2.2: tell the sender the window opened by enough to be worth it: the edge moves by
            // the receiver's SWS threshold, and, as Linux decides (tcp_cleanup_rbuf), the window at least doubles;
            // a smaller opening rides on the next ACK.
            sendAck();
        }
    }

    // =================================================================================================
    // Sequence arithmetic (RFC 9293 §3.4)
    // =================================================================================================

    /** {@code a < b} modulo 2^32. */
    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** {@code a =< b} modulo 2^32. */
    static boolean le(int a, int b) {
        return a - b <= 0;
    }
}
