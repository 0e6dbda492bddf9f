package io.github.tcpmodel.profile;

import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Lazy;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The choices an implementation makes where RFC 9293 leaves them open, as one value. Profiles are values, not
 * subclasses: start from {@link #rfc9293()} or {@link #linux()} and change a switch with a {@code with} method.
 * Every profile carries the {@link #table()} its segment-level behaviour refines, derived from the switches.
 *
 * <p>Times are milliseconds.
 */
public final class Profile {

    /**
     * The retransmission interval (ms) {@link #synRetransmitOnBadAck()} arms: one point of the range
     * [{@link #SYN_REARM_MIN}, {@link #SYN_REARM_MAX}] that real kernels show; the comparison core accepts any time
     * in that range ({@link #synRearmAllowed}).
     */
    public static final long SYN_REARM_INTERVAL = 4;

    /**
     * The earliest a Linux kernel sends its SYN again after an unacceptable ACK in SYN-SENT (ms): TCP_TIMEOUT_MIN is
     * two jiffies, 2 ms at HZ = 1000.
     */
    public static final long SYN_REARM_MIN = 2;

    /**
     * The latest a Linux kernel sends its SYN again after an unacceptable ACK in SYN-SENT (ms): two jiffies are 20 ms
     * at HZ = 100 (8 to 12 ms were observed at HZ = 250, docs/tun.md).
     */
    public static final long SYN_REARM_MAX = 20;

    // The two named profiles are immutable values: one instance each, so that their tables are derived once.
    private static final Lazy<Profile> RFC_9293 = Lazy.of(Profile::buildRfc9293);
    private static final Lazy<Profile> LINUX = Lazy.of(Profile::buildLinux);

    private final String name;
    private final boolean rfc5961;
    private final boolean rfc1337;
    private final boolean timeWaitReopen;
    private final Option<Keepalive> keepalive;
    private final int synRetries;
    private final int synLinearTimeouts;
    private final int synAckRetries;
    private final int dataRetries;
    private final long initialRto;
    private final long maxRto;
    private final long timeWait;
    private final Option<Long> finWait2Timeout;
    private final boolean resetOnCloseWithUnreadData;
    private final boolean crossedSynAckEstablishes;
    private final long receiveWindow;
    private final int mss;
    private final Option<Long> userTimeout;
    private final Quirks quirks;
    private final Extras extras;
    private final TcpExtensions extensions;
    private final TransitionTable table;

    /** The switches for Linux's departures from the segment-arrival text of RFC 9293, one flag each. */
    private record Quirks(boolean dropWithoutAckRstSyn, boolean resetAtRcvNxtMinusOne, boolean synRetransmitOnBadAck,
                          boolean timeWaitSilentRst, boolean timeWaitAcksAll, boolean finAfterFinIgnored,
                          boolean endOfDataBeforeReset, boolean requestSocket, boolean abortSendsRstAck,
                          boolean synTextDiscarded) {

        static final Quirks NONE = new Quirks(false, false, false, false, false, false, false, false, false, false);
        static final Quirks LINUX = new Quirks(true, true, true, true, true, true, true, true, true, true);
    }

    /**
     * The later switches and inputs: Linux's RST sequence test, its reset of a bad ACK in SYN-RECEIVED, its
     * "connection reset" for a RST in SYN-RECEIVED after an active OPEN and its SYN give-up time; the "should" of
     * RFC 9293 §3.5.2 (ABORT enters TIME-WAIT); the address family (MUST-15); Linux's handling of ICMP errors; Linux's
     * send window update; whether the TCP implements TCP Fast Open at all.
     */
    private record Extras(boolean rstSequenceByEnd, boolean synReceivedResetsBadAck,
                          boolean simultaneousOpenResetIsReset, boolean abortEntersTimeWait,
                          AddressFamily addressFamily, Option<Long> synGiveUp, boolean icmpAsLinux,
                          boolean windowUpdateOnAck, boolean fastOpenCapable) {

        static final Extras NONE = new Extras(false, false, false, false, AddressFamily.IPV4, Option.none(), false,
                false, false);
        static final Extras LINUX = new Extras(true, true, true, false, AddressFamily.IPV4, Option.some(127_000L),
                true, true, true);

        Extras {
            Objects.requireNonNull(addressFamily, "addressFamily is null");
            Objects.requireNonNull(synGiveUp, "synGiveUp is null");
        }
    }

    private Profile(String name, boolean rfc5961, boolean rfc1337, boolean timeWaitReopen,
                    Option<Keepalive> keepalive, int synRetries, int synLinearTimeouts, int synAckRetries,
                    int dataRetries, long initialRto, long maxRto, long timeWait, Option<Long> finWait2Timeout,
                    boolean resetOnCloseWithUnreadData, boolean crossedSynAckEstablishes, long receiveWindow,
                    int mss, Option<Long> userTimeout, Quirks quirks, Extras extras,
                    TcpExtensions extensions) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.rfc5961 = rfc5961;
        this.rfc1337 = rfc1337;
        this.timeWaitReopen = timeWaitReopen;
        this.keepalive = Objects.requireNonNull(keepalive, "keepalive is null");
        this.synRetries = synRetries;
        this.synLinearTimeouts = synLinearTimeouts;
        this.synAckRetries = synAckRetries;
        this.dataRetries = dataRetries;
        this.initialRto = initialRto;
        this.maxRto = maxRto;
        this.timeWait = timeWait;
        this.finWait2Timeout = Objects.requireNonNull(finWait2Timeout, "finWait2Timeout is null");
        this.resetOnCloseWithUnreadData = resetOnCloseWithUnreadData;
        this.crossedSynAckEstablishes = crossedSynAckEstablishes;
        this.receiveWindow = receiveWindow;
        this.mss = mss;
        this.userTimeout = Objects.requireNonNull(userTimeout, "userTimeout is null");
        this.quirks = Objects.requireNonNull(quirks, "quirks is null");
        this.extras = Objects.requireNonNull(extras, "extras is null");
        this.extensions = Objects.requireNonNull(extensions, "extensions is null");
        if (synRetries < 0 || synLinearTimeouts < 0 || synAckRetries < 0 || dataRetries < 0) {
            throw new IllegalArgumentException("retry counts must not be negative");
        }
        if (initialRto <= 0 || maxRto < initialRto || timeWait <= 0 || receiveWindow < 0
                || receiveWindow > (1L << 30) || mss <= 0 || mss > 0xFFFF
                || finWait2Timeout.exists(t -> t <= 0) || userTimeout.exists(t -> t <= 0)
                || extras.synGiveUp().exists(t -> t <= 0)) {
            throw new IllegalArgumentException("profile " + name + " has a time, window or MSS out of range");
        }
        this.table = deriveTable();
    }

    /**
     * The reference profile: RFC 9293 with its recommendations. RFC 5961 challenge ACKs on (§3.10.7.4); RFC 1337
     * off; no TIME-WAIT reopen; keep-alive off (MUST-25); initial RTO 1 s (RFC 6298 §2.1) doubling up to 60 s;
     * SYN and SYN,ACK retried 7 times (gives up after 183 s: R2 for a SYN is at least 3 minutes, §3.8.3); data
     * retried 6 times (123 s: R2 at least 100 s); MSL 2 minutes, TIME-WAIT 2 MSL (§3.4.2); user timeout 5 minutes
     * (RFC 793 §3.8); MSS 536 (§3.7.1); receive window 65535. A SYN,ACK that crosses ours in SYN-RECEIVED is
     * judged by the text of §3.10.7.4 (Table 6: not acceptable, ACK it and drop it), not by Figure 7 (see {@link
     * #crossedSynAckEstablishes()}). Extensions: {@link TcpExtensions#RFC9293} (ECN, SHLD-8; no RFC 7323 or RFC 2018
     * options).
     */
    public static Profile rfc9293() {
        return RFC_9293.get();
    }

    private static Profile buildRfc9293() {
        return new Profile("rfc9293", true, false, false, Option.none(), 7, 0, 7, 6, 1_000, 60_000, 240_000,
                Option.none(), false, false, 65_535, 536, Option.some(300_000L), Quirks.NONE, Extras.NONE,
                TcpExtensions.RFC9293);
    }

    /**
     * Linux (kernel 6.x defaults, as observed, docs/tun.md): challenge ACKs (RFC 5961); a RST
     * in TIME-WAIT kills it (tcp_rfc1337 = 0); a SYN above RCV.NXT reopens TIME-WAIT; TIME-WAIT a fixed 60 s; an
     * orphaned FIN-WAIT-2 deleted after tcp_fin_timeout = 60 s; close() with unread data sends a RST; keep-alive
     * 7200 s / 75 s / 9 probes; SYN retransmitted 9 times, the first 4 intervals linear at 1 s then doubling
     * (observed at 1, 2, 3, 4, 5, 7, 11, 19, 35 s) and given up at 127 s (tcp_syn_retries = 6 as a time budget,
     * {@link #synGiveUp()}); SYN,ACK retransmitted 5 times, doubling (1, 3, 7, 15, 31 s);
     * data retried 15 times (tcp_retries2), RTO up to 120 s; MSS 1460; window 64240; no user timeout; the SYN,ACK
     * that crosses ours in a simultaneous open completes the handshake (RFC 9293 §3.5 Figure 7, line 6). Its
     * segment-arrival departures are switches, all on: {@link #dropWithoutAckRstSyn()}, {@link
     * #resetAtRcvNxtMinusOne()}, {@link #synRetransmitOnBadAck()}, {@link #timeWaitSilentRst()}, {@link
     * #timeWaitAcksAll()}, {@link #finAfterFinIgnored()}, {@link #endOfDataBeforeReset()}, {@link #requestSocket()},
     * {@link #abortSendsRstAck()}, {@link #synTextDiscarded()}, {@link #rstSequenceByEnd()}, {@link
     * #synReceivedResetsBadAck()}, {@link #simultaneousOpenResetIsReset()}. Extensions: {@link TcpExtensions#LINUX}
     * (window scale 7, timestamps, SACK, ECN answered, Fast Open off).
     */
    public static Profile linux() {
        return LINUX.get();
    }

    private static Profile buildLinux() {
        return new Profile("linux", true, false, true, Option.some(new Keepalive(7_200_000, 75_000, 9)), 9, 4, 5,
                15, 1_000, 120_000, 60_000, Option.some(60_000L), true, true, 64_240, 1460, Option.none(),
                Quirks.LINUX, Extras.LINUX, TcpExtensions.LINUX);
    }

    private TransitionTable deriveTable() {
        TransitionTable t = TransitionTable.rfc9293();
        List<String> changes = List.empty();
        if (!rfc5961) {
            t = ProfileTables.withoutRfc5961(t);
            changes = changes.append("no-rfc5961");
        }
        if (rfc1337) {
            t = ProfileTables.withRfc1337(t);
            changes = changes.append("rfc1337");
        }
        if (timeWaitReopen) {
            t = ProfileTables.withTimeWaitReopen(t);
            changes = changes.append("time-wait-reopen");
        }
        if (finWait2Timeout.isDefined()) {
            t = ProfileTables.withFinWait2Timeout(t);
            changes = changes.append("fin-wait-2-timeout");
        }
        if (crossedSynAckEstablishes) {
            t = ProfileTables.withCrossedSynAck(t);
            changes = changes.append("crossed-syn-ack");
        }
        if (quirks.requestSocket()) {
            t = ProfileTables.withRequestSocket(t);
            changes = changes.append("request-socket");
        }
        if (extras.synReceivedResetsBadAck() && rfc5961) {
            t = ProfileTables.withSynReceivedBadAckReset(t, "Linux: tcp_check_req and tcp_rcv_state_process reset "
                    + "on any unacceptable ACK in SYN-RECEIVED");
            changes = changes.append("syn-received-bad-ack-reset");
        }
        if (extras.simultaneousOpenResetIsReset()) {
            t = ProfileTables.withSimultaneousOpenReset(t);
            changes = changes.append("simultaneous-open-reset");
        }
        if (extras.abortEntersTimeWait()) {
            t = ProfileTables.withAbortTimeWait(t);
            changes = changes.append("abort-time-wait");
        }
        return changes.isEmpty() ? t : t.named("rfc9293+" + changes.mkString("+"));
    }

    private Profile copy(String n, boolean r5961, boolean r1337, boolean reopen, Option<Keepalive> ka, int syn,
                         int linear, int synAck, long rto, long tw, Option<Long> fw2, boolean rstOnClose) {
        return copy(n, r5961, r1337, reopen, ka, syn, linear, synAck, rto, tw, fw2, rstOnClose,
                crossedSynAckEstablishes);
    }

    private Profile copy(String n, boolean r5961, boolean r1337, boolean reopen, Option<Keepalive> ka, int syn,
                         int linear, int synAck, long rto, long tw, Option<Long> fw2, boolean rstOnClose,
                         boolean crossed) {
        return new Profile(n, r5961, r1337, reopen, ka, syn, linear, synAck, dataRetries, rto, Math.max(maxRto, rto),
                tw, fw2, rstOnClose, crossed, receiveWindow, mss, userTimeout, quirks, extras, extensions);
    }

    private Profile withQuirks(Quirks q) {
        return new Profile(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, dataRetries, initialRto, maxRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData,
                crossedSynAckEstablishes, receiveWindow, mss, userTimeout, q, extras, extensions);
    }

    /** The same profile under another name. */
    public Profile named(String newName) {
        return copy(newName, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, initialRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** RFC 5961 mitigations (challenge ACKs for RST and SYN, the ACK range check) on or off. */
    public Profile withRfc5961(boolean on) {
        return copy(name, on, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts, synAckRetries,
                initialRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** RFC 1337 (ignore RST in TIME-WAIT) on or off. */
    public Profile withRfc1337(boolean on) {
        return copy(name, rfc5961, on, timeWaitReopen, keepalive, synRetries, synLinearTimeouts, synAckRetries,
                initialRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** Reopening from TIME-WAIT on a new SYN (MAY-2, RFC 6191) on or off. */
    public Profile withTimeWaitReopen(boolean on) {
        return copy(name, rfc5961, rfc1337, on, keepalive, synRetries, synLinearTimeouts, synAckRetries,
                initialRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** Keep-alive with these parameters, or off ({@code none}). */
    public Profile withKeepalive(Option<Keepalive> ka) {
        return copy(name, rfc5961, rfc1337, timeWaitReopen, ka, synRetries, synLinearTimeouts, synAckRetries,
                initialRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** SYN retries, how many of their intervals stay at the initial RTO, and SYN,ACK retries. */
    public Profile withSynRetries(int syn, int linear, int synAck) {
        return copy(name, rfc5961, rfc1337, timeWaitReopen, keepalive, syn, linear, synAck, initialRto, timeWait,
                finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** The initial retransmission timeout (ms). */
    public Profile withInitialRto(long rto) {
        return copy(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, rto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** The TIME-WAIT length (ms), 2 MSL. */
    public Profile withTimeWait(long tw) {
        return copy(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, initialRto, tw, finWait2Timeout, resetOnCloseWithUnreadData);
    }

    /** The FIN-WAIT-2 timeout (ms), or none as in RFC 9293. */
    public Profile withFinWait2Timeout(Option<Long> t) {
        return copy(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, initialRto, timeWait, t, resetOnCloseWithUnreadData);
    }

    /** Whether CLOSE with received data the user has not read resets the connection (Linux). */
    public Profile withResetOnCloseWithUnreadData(boolean on) {
        return copy(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, initialRto, timeWait, finWait2Timeout, on);
    }

    /** The MSS this side announces in its SYN (RFC 9293 §3.7.1: at most the MTU less 40 octets of headers). */
    public Profile withMss(int newMss) {
        return new Profile(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, dataRetries, initialRto, maxRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData,
                crossedSynAckEstablishes, receiveWindow, newMss, userTimeout, quirks, extras, extensions);
    }

    /**
     * The receive window a new connection advertises (RCV.WND at OPEN, RFC 9293 §3.3.1); a small one lets a model
     * checker reach window edges and zero windows (§3.8.6) with a few octets.
     */
    public Profile withReceiveWindow(long window) {
        return new Profile(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, dataRetries, initialRto, maxRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData,
                crossedSynAckEstablishes, window, mss, userTimeout, quirks, extras, extensions);
    }

    /** The default user timeout of an OPEN call (RFC 9293 §3.8.3), or none to give up after the data retries. */
    public Profile withUserTimeout(Option<Long> timeout) {
        return new Profile(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, dataRetries, initialRto, maxRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData,
                crossedSynAckEstablishes, receiveWindow, mss, Objects.requireNonNull(timeout, "timeout is null"),
                quirks, extras, extensions);
    }

    /**
     * Whether the SYN,ACK that crosses ours in a simultaneous open completes the handshake, as RFC 9293 §3.5 Figure 7
     * (line 6) draws it and Linux does, or is judged by the text of §3.10.7.4 (Table 6: its SYN lies before RCV.NXT,
     * so it is not acceptable: ACK it, drop it, and wait in SYN-RECEIVED for the peer's ACK).
     */
    public Profile withCrossedSynAckEstablishes(boolean on) {
        return copy(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts, synAckRetries,
                initialRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData, on);
    }

    /**
     * Whether a segment carrying none of ACK, RST and SYN is dropped before the sequence number check, in
     * SYN-RECEIVED after an active OPEN and the synchronized states except TIME-WAIT (Linux).
     *
     * <p>RFC 9293 §3.10.7.4 first checks the sequence number and answers an unacceptable segment: "If an incoming
     * segment is not acceptable, an acknowledgment should be sent in reply (unless the RST bit is set ...)"; only the
     * fifth check drops it: "if the ACK bit is off, drop the segment and return". Linux (tcp_rcv_state_process,
     * tcp_rcv_established's slow path) discards a segment with none of ACK, RST, SYN before tcp_validate_incoming,
     * so an unacceptable FIN without ACK gets no reply. TIME-WAIT (a timewait socket) and SYN-RECEIVED after a
     * passive OPEN (a request socket) have their own code and are not affected.
     */
    public boolean dropWithoutAckRstSyn() {
        return quirks.dropWithoutAckRstSyn();
    }

    /** The switch {@link #dropWithoutAckRstSyn()} on or off. */
    public Profile withDropWithoutAckRstSyn(boolean on) {
        return withQuirks(new Quirks(on, quirks.resetAtRcvNxtMinusOne(), quirks.synRetransmitOnBadAck(),
                quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(), quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), quirks.requestSocket(), quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether, after the peer's FIN (CLOSE-WAIT, CLOSING, LAST-ACK), a RST with SEG.SEQ = RCV.NXT - 1 resets the
     * connection as if it were at RCV.NXT (Linux).
     *
     * <p>RFC 9293 §3.10.7.4 first: such a RST lies before the window and is not acceptable; "If an incoming segment
     * is not acceptable ... (unless the RST bit is set, if so drop the segment and return)". Linux's tcp_reset_check
     * takes SEG.SEQ = RCV.NXT - 1 as exact in these three states (the peer may send its RST with the sequence number
     * of its FIN), both in the sequence check and in the RST check.
     */
    public boolean resetAtRcvNxtMinusOne() {
        return quirks.resetAtRcvNxtMinusOne();
    }

    /** The switch {@link #resetAtRcvNxtMinusOne()} on or off. */
    public Profile withResetAtRcvNxtMinusOne(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), on, quirks.synRetransmitOnBadAck(),
                quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(), quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), quirks.requestSocket(), quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether an unacceptable ACK in SYN-SENT, before any retransmission of the SYN, re-arms the retransmission
     * timer at {@link #SYN_REARM_INTERVAL} ms so that the SYN is sent again at once (Linux).
     *
     * <p>RFC 9293 §3.10.7.3 first: "If SEG.ACK =&lt; ISS or SEG.ACK &gt; SND.NXT, send a reset (unless the RST bit is
     * set, if so drop the segment and return) ... and discard the segment. Return." The timers are left alone. Linux
     * (tcp_rcv_synsent_state_process) re-arms the retransmission timer at TCP_TIMEOUT_MIN when the SYN has not been
     * retransmitted yet ("Previous FIN/ACK or RST/ACK might be ignored"), for a RST with an unacceptable ACK too.
     */
    public boolean synRetransmitOnBadAck() {
        return quirks.synRetransmitOnBadAck();
    }

    /** The switch {@link #synRetransmitOnBadAck()} on or off. */
    public Profile withSynRetransmitOnBadAck(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(), on,
                quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(), quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), quirks.requestSocket(), quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether TIME-WAIT drops every RST not at RCV.NXT without a reply (Linux).
     *
     * <p>RFC 9293 §3.10.7.4 second (RFC 5961 §3.2): "If the RST bit is set and the sequence number does not exactly
     * match the next expected sequence value, yet is within the current receive window, TCP endpoints MUST send an
     * acknowledgment (challenge ACK)". Linux's timewait socket (tcp_timewait_state_process) takes a RST only at
     * RCV.NXT and drops any other RST silently.
     */
    public boolean timeWaitSilentRst() {
        return quirks.timeWaitSilentRst();
    }

    /** The switch {@link #timeWaitSilentRst()} on or off. */
    public Profile withTimeWaitSilentRst(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(),
                quirks.synRetransmitOnBadAck(), on, quirks.timeWaitAcksAll(), quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), quirks.requestSocket(), quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether TIME-WAIT acknowledges every segment without RST except a bare ACK at RCV.NXT (and a SYN that reopens
     * the connection), restarting the 2 MSL timer when the segment carries an ACK (Linux).
     *
     * <p>RFC 9293 §3.10.7.4: a segment at RCV.NXT passes the first check; without the ACK bit it is dropped at the
     * fifth ("if the ACK bit is off, drop the segment and return"), and its text is ignored at the seventh ("This
     * should not occur since a FIN has been received from the remote side. Ignore the segment text."). Linux's
     * timewait socket (tcp_timewait_state_process) answers any such segment with an ACK (TCP_TW_ACK).
     */
    public boolean timeWaitAcksAll() {
        return quirks.timeWaitAcksAll();
    }

    /** The switch {@link #timeWaitAcksAll()} on or off. */
    public Profile withTimeWaitAcksAll(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(),
                quirks.synRetransmitOnBadAck(), quirks.timeWaitSilentRst(), on, quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), quirks.requestSocket(), quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether, after the peer's FIN (CLOSE-WAIT, CLOSING, LAST-ACK), a further FIN at or beyond RCV.NXT that passes
     * the checks is ignored rather than acknowledged (Linux).
     *
     * <p>RFC 9293 §3.10.7.4 eighth, CLOSE-WAIT, CLOSING, LAST-ACK: "Remain in the ... state", after "If the FIN bit
     * is set, signal the user ... advance RCV.NXT over the FIN, and send an acknowledgment for the FIN". Linux
     * (tcp_rcv_state_process, the text step) does not process a segment at or beyond RCV.NXT in these states, so the
     * FIN gets no acknowledgment.
     */
    public boolean finAfterFinIgnored() {
        return quirks.finAfterFinIgnored();
    }

    /** The switch {@link #finAfterFinIgnored()} on or off. */
    public Profile withFinAfterFinIgnored(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(),
                quirks.synRetransmitOnBadAck(), quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(), on, quirks.endOfDataBeforeReset(), quirks.requestSocket(), quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether a reset in CLOSE-WAIT is kept from RECEIVE, which reports the end of the data the peer's FIN announced
     * (Linux); a later SEND still fails, the connection being gone.
     *
     * <p>RFC 9293 §3.10.7.4 second, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: "If the RST bit is set then, any
     * outstanding RECEIVEs and SEND should receive "reset" responses. ... Users should also receive an unsolicited
     * general "connection reset" signal." Linux (tcp_reset) records EPIPE rather than ECONNRESET in CLOSE-WAIT, and
     * tcp_recvmsg returns the end of the data (the FIN was seen) before any pending error.
     */
    public boolean endOfDataBeforeReset() {
        return quirks.endOfDataBeforeReset();
    }

    /** The switch {@link #endOfDataBeforeReset()} on or off. */
    public Profile withEndOfDataBeforeReset(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(),
                quirks.synRetransmitOnBadAck(), quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(),
                quirks.finAfterFinIgnored(), on, quirks.requestSocket(), quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether SYN-RECEIVED after a passive OPEN treats a SYN as Linux's request socket does (tcp_check_req): the
     * peer's SYN again (SEG.SEQ = IRS, no ACK, no RST) is answered with the SYN,ACK again and the retransmission
     * timer restarted; a SYN that passes the sequence number check is answered with a reset, {@code
     * <SEQ=SEG.ACK><CTL=RST>} or {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}, and the embryonic connection is
     * dropped (back to LISTEN), or, when it carries an ACK other than SND.NXT, only the reset is sent.
     *
     * <p>RFC 9293 §3.10.7.4 first: "If an incoming segment is not acceptable, an acknowledgment should be sent in
     * reply"; fourth, SYN-RECEIVED: "If the connection was initiated with a passive OPEN, then return this
     * connection to the LISTEN state and return." Nothing is sent. Changes the table: rcv SYN and rcv SYN,ACK in
     * SYN-RECEIVED (passive) send a RST on their way to LISTEN ({@link ProfileTables#withRequestSocket}).
     */
    public boolean requestSocket() {
        return quirks.requestSocket();
    }

    /** The switch {@link #requestSocket()} on or off. */
    public Profile withRequestSocket(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(),
                quirks.synRetransmitOnBadAck(), quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(),
                quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), on, quirks.abortSendsRstAck(), quirks.synTextDiscarded()));
    }

    /**
     * Whether ABORT sends {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>} (Linux's tcp_send_active_reset always sets
     * ACK) rather than RFC 9293's segment.
     *
     * <p>RFC 9293 §3.10.5, SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: "Send a reset segment:
     * &lt;SEQ=SND.NXT&gt;&lt;CTL=RST&gt;". Both are acceptable to the peer (§3.10.7.4 second: only SEG.SEQ counts).
     */
    public boolean abortSendsRstAck() {
        return quirks.abortSendsRstAck();
    }

    /** The switch {@link #abortSendsRstAck()} on or off. */
    public Profile withAbortSendsRstAck(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(),
                quirks.synRetransmitOnBadAck(), quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(),
                quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), quirks.requestSocket(), on, quirks.synTextDiscarded()));
    }

    /**
     * Whether the text (and FIN) of a SYN arriving at a listener, or reopening TIME-WAIT, is discarded rather than
     * held until ESTABLISHED (Linux without TCP Fast Open); the peer has to send it again.
     *
     * <p>RFC 9293 §3.10.7.2 third: "Any other control or text should be queued for processing later." Linux's
     * tcp_conn_request keeps only the SYN: the SYN,ACK acknowledges the SYN alone and the text is dropped. (A SYN that
     * also carries FIN Linux discards altogether, in tcp_rcv_state_process; the switch does not model that: the model
     * answers such a SYN and drops its FIN with the text.)
     */
    public boolean synTextDiscarded() {
        return quirks.synTextDiscarded();
    }

    /** The switch {@link #synTextDiscarded()} on or off. */
    public Profile withSynTextDiscarded(boolean on) {
        return withQuirks(new Quirks(quirks.dropWithoutAckRstSyn(), quirks.resetAtRcvNxtMinusOne(),
                quirks.synRetransmitOnBadAck(), quirks.timeWaitSilentRst(), quirks.timeWaitAcksAll(),
                quirks.finAfterFinIgnored(), quirks.endOfDataBeforeReset(), quirks.requestSocket(),
                quirks.abortSendsRstAck(), on));
    }

    private Profile withExtras(Extras e) {
        return new Profile(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, dataRetries, initialRto, maxRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData,
                crossedSynAckEstablishes, receiveWindow, mss, userTimeout, quirks, e, extensions);
    }

    /** The TCP extensions this profile offers and accepts (RFC 7323, 2018, 3168, 7413). */
    public TcpExtensions extensions() {
        return extensions;
    }

    /** The same profile offering and accepting the extensions {@code e}. */
    public Profile withExtensions(TcpExtensions e) {
        return new Profile(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synLinearTimeouts,
                synAckRetries, dataRetries, initialRto, maxRto, timeWait, finWait2Timeout, resetOnCloseWithUnreadData,
                crossedSynAckEstablishes, receiveWindow, mss, userTimeout, quirks, extras, e);
    }

    /**
     * Whether a RST is in sequence when its end reaches RCV.NXT (SEG.SEQ + SEG.LEN &gt;= RCV.NXT and SEG.SEQ =&lt;
     * RCV.NXT + RCV.WND), so that a RST whose text lies wholly before RCV.NXT, ending there, gets a challenge ACK
     * (Linux).
     *
     * <p>RFC 9293 §3.10.7.4 first: "In all states except SYN-SENT, all reset (RST) segments are validated by checking
     * their SEQ fields. A reset is valid if its sequence number is in the window." Linux's tcp_sequence tests the
     * segment's end against the left edge of the window and its start against the right edge, for a RST as for any
     * segment; tcp_validate_incoming then answers a RST not at RCV.NXT with a challenge ACK (RFC 5961 §3.2).
     */
    public boolean rstSequenceByEnd() {
        return extras.rstSequenceByEnd();
    }

    /** The switch {@link #rstSequenceByEnd()} on or off. */
    public Profile withRstSequenceByEnd(boolean on) {
        return withExtras(new Extras(on, extras.synReceivedResetsBadAck(), extras.simultaneousOpenResetIsReset(),
                extras.abortEntersTimeWait(), extras.addressFamily(), extras.synGiveUp(), extras.icmpAsLinux(), extras.windowUpdateOnAck(),
                extras.fastOpenCapable()));
    }

    /**
     * Whether SYN-RECEIVED answers every unacceptable ACK with {@code <SEQ=SEG.ACK><CTL=RST>}, an ACK beyond SND.NXT
     * included (Linux).
     *
     * <p>RFC 9293 §3.10.7.4 fifth: a TCP that implements RFC 5961 "MUST add an input check that the ACK value is
     * acceptable only if it is in the range of ((SND.UNA - MAX.SND.WND) =&lt; SEG.ACK =&lt; SND.NXT). All incoming
     * segments whose ACK value doesn't satisfy the above condition MUST be discarded and an ACK sent back"; only an
     * ACK that passes it and is still not acceptable in SYN-RECEIVED gets the reset. Linux's request socket
     * (tcp_check_req) hands a segment whose ACK is not SND.NXT back to the listener, which resets it, and a full
     * socket in SYN-RECV (tcp_rcv_state_process) resets on any ACK tcp_ack rejects.
     */
    public boolean synReceivedResetsBadAck() {
        return extras.synReceivedResetsBadAck();
    }

    /** The switch {@link #synReceivedResetsBadAck()} on or off. */
    public Profile withSynReceivedResetsBadAck(boolean on) {
        return withExtras(new Extras(extras.rstSequenceByEnd(), on, extras.simultaneousOpenResetIsReset(),
                extras.abortEntersTimeWait(), extras.addressFamily(), extras.synGiveUp(), extras.icmpAsLinux(), extras.windowUpdateOnAck(),
                extras.fastOpenCapable()));
    }

    /**
     * Whether a RST accepted in SYN-RECEIVED after an active OPEN (a simultaneous open) tells the user "connection
     * reset" rather than "connection refused" (Linux: connect() fails with ECONNRESET).
     *
     * <p>RFC 9293 §3.10.7.4 second, SYN-RECEIVED: "If this connection was initiated with an active OPEN (i.e., came
     * from SYN-SENT state), then the connection was refused; signal the user "connection refused"." Linux's tcp_reset
     * reports ECONNREFUSED only in SYN-SENT; SYN-RECV is reported as ECONNRESET.
     */
    public boolean simultaneousOpenResetIsReset() {
        return extras.simultaneousOpenResetIsReset();
    }

    /** The switch {@link #simultaneousOpenResetIsReset()} on or off. */
    public Profile withSimultaneousOpenResetIsReset(boolean on) {
        return withExtras(new Extras(extras.rstSequenceByEnd(), extras.synReceivedResetsBadAck(), on,
                extras.abortEntersTimeWait(), extras.addressFamily(), extras.synGiveUp(), extras.icmpAsLinux(), extras.windowUpdateOnAck(),
                extras.fastOpenCapable()));
    }

    /**
     * Whether ABORT, where it sends a reset (SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT), enters
     * TIME-WAIT instead of CLOSED. Off in both built-in profiles.
     *
     * <p>RFC 9293 §3.5.2: "The side of a connection issuing a reset should enter the TIME-WAIT state, as this
     * generally helps to reduce the load on busy servers"; Figure 5 Note 3: "A RST can be sent from any state with a
     * corresponding transition to TIME-WAIT". §3.10.5 itself says "Delete the TCB, enter CLOSED state", so an
     * implementation may do either; the switch names the one it takes.
     */
    public boolean abortEntersTimeWait() {
        return extras.abortEntersTimeWait();
    }

    /** The switch {@link #abortEntersTimeWait()} on or off. */
    public Profile withAbortEntersTimeWait(boolean on) {
        return withExtras(new Extras(extras.rstSequenceByEnd(), extras.synReceivedResetsBadAck(),
                extras.simultaneousOpenResetIsReset(), on, extras.addressFamily(), extras.synGiveUp(),
                extras.icmpAsLinux(), extras.windowUpdateOnAck(),
                extras.fastOpenCapable()));
    }

    /** The address family connections of this profile run over (an input: it decides the default send MSS). */
    public AddressFamily addressFamily() {
        return extras.addressFamily();
    }

    /** The same profile for connections over {@code family}. */
    public Profile withAddressFamily(AddressFamily family) {
        return withExtras(new Extras(extras.rstSequenceByEnd(), extras.synReceivedResetsBadAck(),
                extras.simultaneousOpenResetIsReset(), extras.abortEntersTimeWait(), family, extras.synGiveUp(),
                extras.icmpAsLinux(), extras.windowUpdateOnAck(),
                extras.fastOpenCapable()));
    }

    /**
     * The send MSS assumed when the peer's SYN carries no MSS option: 536 over IPv4, 1220 over IPv6 (RFC 9293 §3.7.1,
     * MUST-15).
     */
    public int defaultSendMss() {
        return extras.addressFamily().defaultSendMss();
    }

    /**
     * The time (ms after the first SYN) at which an unanswered connection attempt is given up, when it is a time
     * budget rather than the end of the last doubled interval: Linux turns tcp_syn_retries into such a budget (6
     * retries: (2^7 - 1) x 1 s = 127 s) and waits for it after its last retransmission. None: give up one
     * {@link #synInterval} after the last retransmission.
     */
    public Option<Long> synGiveUp() {
        return extras.synGiveUp();
    }

    /** The SYN give-up time {@link #synGiveUp()}, or none. */
    public Profile withSynGiveUp(Option<Long> t) {
        return withExtras(new Extras(extras.rstSequenceByEnd(), extras.synReceivedResetsBadAck(),
                extras.simultaneousOpenResetIsReset(), extras.abortEntersTimeWait(), extras.addressFamily(),
                Objects.requireNonNull(t, "t is null"), extras.icmpAsLinux(), extras.windowUpdateOnAck(),
                extras.fastOpenCapable()));
    }

    /**
     * Whether ICMP errors are taken as Linux takes them ({@link io.github.tcpmodel.semantics.IcmpArrival}): a soft
     * error aborts a connection that is not yet established (the widespread behaviour RFC 9293 §3.9.2.2 notes from
     * RFC 5461 §4), a hard error aborts only such a connection, Destination Unreachable code 4 is path MTU discovery (RFC 1191) and aborts nothing, and the
     * quoted sequence number may equal SND.NXT. Off: RFC 9293 §3.9.2.2 and RFC 5927 §4.1 as written.
     */
    public boolean icmpAsLinux() {
        return extras.icmpAsLinux();
    }

    /** The switch {@link #icmpAsLinux()} on or off. */
    public Profile withIcmpAsLinux(boolean on) {
        return withExtras(new Extras(extras.rstSequenceByEnd(), extras.synReceivedResetsBadAck(),
                extras.simultaneousOpenResetIsReset(), extras.abortEntersTimeWait(), extras.addressFamily(),
                extras.synGiveUp(), on, extras.windowUpdateOnAck(),
                extras.fastOpenCapable()));
    }

    /**
     * Whether an acceptable ACK that advances SND.UNA also takes the window it offers, whatever its SEG.SEQ, and one
     * with SEG.SEQ = SND.WL1 that does not advance SND.UNA takes its window only when that grows or is zero (Linux,
     * {@code tcp_may_update_window}). Off: RFC 9293 §3.10.7.4 fifth as written, the window of a segment with SND.WL1
     * &lt; SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 =&lt; SEG.ACK.
     */
    public boolean windowUpdateOnAck() {
        return extras.windowUpdateOnAck();
    }

    /** The switch {@link #windowUpdateOnAck()} on or off. */
    public Profile withWindowUpdateOnAck(boolean on) {
        Extras e = extras;
        return withExtras(new Extras(e.rstSequenceByEnd(), e.synReceivedResetsBadAck(), e.simultaneousOpenResetIsReset(),
                e.abortEntersTimeWait(), e.addressFamily(), e.synGiveUp(), e.icmpAsLinux(), on, e.fastOpenCapable()));
    }

    /**
     * Whether the profile's TCP implements TCP Fast Open (RFC 7413), so that a host configured for it may send text on
     * its SYN and accept the text of a SYN with a cookie: the implementation's configuration, which {@link
     * TcpExtensions#fastOpenClient()} and {@link TcpExtensions#fastOpenServer()} give for the profile's defaults, is
     * then a choice an observer takes from what it sees (a SYN,ACK that acknowledges the SYN's text). Linux implements
     * it (tcp_fastopen); RFC 9293 does not (RFC 7413 is Experimental).
     */
    public boolean fastOpenCapable() {
        return extras.fastOpenCapable();
    }

    /** The switch {@link #fastOpenCapable()} on or off. */
    public Profile withFastOpenCapable(boolean on) {
        Extras e = extras;
        return withExtras(new Extras(e.rstSequenceByEnd(), e.synReceivedResetsBadAck(), e.simultaneousOpenResetIsReset(),
                e.abortEntersTimeWait(), e.addressFamily(), e.synGiveUp(), e.icmpAsLinux(), e.windowUpdateOnAck(), on));
    }

    /**
     * Whether {@code interval} ms between an unacceptable ACK in SYN-SENT and the SYN sent again lies in the range a
     * real kernel shows under {@link #synRetransmitOnBadAck()}: [{@link #SYN_REARM_MIN}, {@link #SYN_REARM_MAX}].
     */
    public static boolean synRearmAllowed(long interval) {
        return interval >= SYN_REARM_MIN && interval <= SYN_REARM_MAX;
    }

    /** The profile's name, e.g. {@code rfc9293}, {@code linux}. */
    public String name() {
        return name;
    }

    /** Whether the RFC 5961 mitigations are on (challenge ACKs, the ACK range check). */
    public boolean rfc5961() {
        return rfc5961;
    }

    /** Whether a RST in TIME-WAIT is ignored (RFC 1337). */
    public boolean rfc1337() {
        return rfc1337;
    }

    /** Whether a new SYN may reopen a connection in TIME-WAIT (MAY-2, RFC 6191). */
    public boolean timeWaitReopen() {
        return timeWaitReopen;
    }

    /** The keep-alive parameters, or none when keep-alive is off (MUST-25). */
    public Option<Keepalive> keepalive() {
        return keepalive;
    }

    /** Retransmissions of a SYN before the connection attempt is given up. */
    public int synRetries() {
        return synRetries;
    }

    /** How many SYN retransmission intervals stay at the initial RTO before doubling starts (Linux). */
    public int synLinearTimeouts() {
        return synLinearTimeouts;
    }

    /** Retransmissions of a SYN,ACK before the half-open connection is given up. */
    public int synAckRetries() {
        return synAckRetries;
    }

    /** Retransmissions of data or a FIN before the connection is given up (R2, §3.8.3). */
    public int dataRetries() {
        return dataRetries;
    }

    /** The initial retransmission timeout (RFC 6298 §2.1: 1 s). */
    public long initialRto() {
        return initialRto;
    }

    /** The largest retransmission timeout the doubling reaches. */
    public long maxRto() {
        return maxRto;
    }

    /** The TIME-WAIT length (2 MSL). */
    public long timeWait() {
        return timeWait;
    }

    /** The orphaned FIN-WAIT-2 timeout, or none (RFC 9293 has none). */
    public Option<Long> finWait2Timeout() {
        return finWait2Timeout;
    }

    /** Whether CLOSE with unread received data resets the connection (Linux). */
    public boolean resetOnCloseWithUnreadData() {
        return resetOnCloseWithUnreadData;
    }

    /**
     * Whether, in SYN-RECEIVED after an active OPEN, the peer's SYN,ACK that crossed ours (SEG.SEQ = IRS, no text or
     * FIN, SND.UNA &lt; SEG.ACK =&lt; SND.NXT) takes the connection to ESTABLISHED (RFC 9293 §3.5 Figure 7, line 6; Linux),
     * rather than failing the acceptability test of §3.10.7.4 (Table 6).
     */
    public boolean crossedSynAckEstablishes() {
        return crossedSynAckEstablishes;
    }

    /** The receive window a new connection advertises (RCV.WND at OPEN). */
    public long receiveWindow() {
        return receiveWindow;
    }

    /** The MSS this side announces in its SYN. */
    public int mss() {
        return mss;
    }

    /** The default user timeout of an OPEN call, if any. */
    public Option<Long> userTimeout() {
        return userTimeout;
    }

    /** The transition table this profile refines: the reference, or a variant named after the switches. */
    public TransitionTable table() {
        return table;
    }

    /**
     * The interval before retransmission number {@code retriesSoFar + 1} of a SYN: the initial RTO for the first
     * {@link #synLinearTimeouts()} + 1 intervals, then doubling, at most {@link #maxRto()}. After the last
     * retransmission ({@code retriesSoFar = synRetries()}) the interval runs to {@link #synGiveUp()} when the profile
     * has one.
     */
    public long synInterval(int retriesSoFar) {
        long interval = backoff(Math.max(0, retriesSoFar - synLinearTimeouts));
        if (retriesSoFar < synRetries || extras.synGiveUp().isEmpty()) {
            return interval;
        }
        // After the last retransmission: wait until the give-up time, counted from the first SYN.
        long elapsed = 0;
        for (int i = 0; i < synRetries; i++) {
            elapsed += backoff(Math.max(0, i - synLinearTimeouts));
        }
        return Math.max(interval, extras.synGiveUp().get() - elapsed);
    }

    /** The interval before retransmission number {@code retriesSoFar + 1} of a SYN,ACK: doubling from the start. */
    public long synAckInterval(int retriesSoFar) {
        return backoff(retriesSoFar);
    }

    private long backoff(int doublings) {
        return Math.min(maxRto, initialRto << Math.min(doublings, 30));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p
                && name.equals(p.name) && rfc5961 == p.rfc5961 && rfc1337 == p.rfc1337
                && timeWaitReopen == p.timeWaitReopen && keepalive.equals(p.keepalive) && synRetries == p.synRetries
                && synLinearTimeouts == p.synLinearTimeouts && synAckRetries == p.synAckRetries
                && dataRetries == p.dataRetries && initialRto == p.initialRto && maxRto == p.maxRto
                && timeWait == p.timeWait && finWait2Timeout.equals(p.finWait2Timeout)
                && resetOnCloseWithUnreadData == p.resetOnCloseWithUnreadData
                && crossedSynAckEstablishes == p.crossedSynAckEstablishes && receiveWindow == p.receiveWindow
                && mss == p.mss && userTimeout.equals(p.userTimeout) && quirks.equals(p.quirks)
                && extras.equals(p.extras) && extensions.equals(p.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, rfc5961, rfc1337, timeWaitReopen, keepalive, synRetries, synAckRetries,
                timeWait, finWait2Timeout, resetOnCloseWithUnreadData, crossedSynAckEstablishes, quirks, extras, extensions);
    }

    @Override
    public String toString() {
        return "Profile(" + name + ", table " + table.name() + ")";
    }
}
