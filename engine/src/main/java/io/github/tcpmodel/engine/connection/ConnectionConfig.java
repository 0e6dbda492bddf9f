package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.profile.EcnMode;
import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.profile.TcpExtensions;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The parameters of connections: the model's {@link Profile}, which says everything RFC 9293 leaves to an
 * implementation and the model knows about (the transition table, the MSS, the initial and maximum RTO, SYN and
 * SYN,ACK retransmissions, the user timeout, TIME-WAIT, the FIN-WAIT-2 timer, keep-alive, RST on close with unread
 * data), plus the knobs only the engine has. All times in milliseconds.
 *
 * <p>The conformance monitor steps the model under the same {@link #profile()}.
 *
 * @param profile                what the connections do where RFC 9293 leaves a choice; its table is the one their
 *                               lifecycle follows, unless {@code variantTable} replaces it
 * @param receiveBuffer          receive buffer in octets; the advertised window is at most this, and at most 65535
 *                               unless window scaling is in use (RFC 7323 §2)
 * @param sendBuffer             send buffer in octets
 * @param minRto                 RFC 6298 §2.4 lower bound of the RTO
 * @param socketKeepalive        the keep-alive parameters a connection uses when the application turns keep-alive on
 *                               ({@link Connection#setKeepAlive}, SO_KEEPALIVE) and the profile has none (keep-alive
 *                               off by default, RFC 9293 §3.8.4 MUST-25)
 * @param embryonicLimit         most half-open (SYN-RECEIVED) connections per listener; when full, a SYN is answered
 *                               with a SYN cookie ({@code synCookies}) or evicts the oldest (see {@link Listener})
 * @param challengeAcksPerSecond RFC 5961 §7 rate limit of challenge ACKs per engine
 * @param synCookies             whether a listener whose embryonic queue is full answers a SYN statelessly with a SYN
 *                               cookie (RFC 4987 §3.6; Linux's net.ipv4.tcp_syncookies = 1), see {@link SynCookies}
 * @param invalidAckInterval     RFC 5961 §7 ACK throttle per connection: the least time between two ACKs sent in
 *                               reply to unacceptable segments (§3.10.7.4 first) or to ACKs outside the acceptable
 *                               range (RFC 5961 §5.2); 0 for no throttle (Linux: tcp_invalid_ratelimit, 500 ms)
 * @param variantTable           a table the lifecycle follows instead of the profile's (a deliberately broken engine,
 *                               for checking that a checker catches it); the monitor's model keeps the profile's
 * @param transfer               congestion control, delayed ACKs and Nagle ({@link DataTransfer})
 */
public record ConnectionConfig(Profile profile, int receiveBuffer, int sendBuffer, long minRto,
                               Keepalive socketKeepalive, int embryonicLimit, int challengeAcksPerSecond,
                               boolean synCookies, long invalidAckInterval, Option<TransitionTable> variantTable,
                               DataTransfer transfer) {

    /**
     * The linux preset's receive buffer: 4 MiB (Linux's net.core.rmem_max), for which Linux's rule ({@link
     * #windowShift}) gives the shift 7 of {@link TcpExtensions#LINUX}.
     */
    public static final int LINUX_RECEIVE_BUFFER = 4 << 20;

    /**
     * The keep-alive parameters of a connection whose application turns keep-alive on when the profile has none: idle
     * two hours (RFC 9293 §3.8.4 MUST-28), then a probe every 75 s, 9 probes (RFC 1122 §4.2.3.6 implementations).
     */
    public static final Keepalive DEFAULT_KEEPALIVE = new Keepalive(7_200_000, 75_000, 9);

    /** Checks the values. */
    public ConnectionConfig {
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(socketKeepalive, "socketKeepalive is null");
        Objects.requireNonNull(variantTable, "variantTable is null");
        Objects.requireNonNull(transfer, "transfer is null");
        if (profile.mss() < 64 || profile.mss() > 65495) {
            throw new IllegalArgumentException("mss out of range: " + profile.mss());
        }
        if (receiveBuffer < 1 || sendBuffer < 1) {
            throw new IllegalArgumentException("buffers must hold at least one octet");
        }
        if (minRto <= 0 || profile.maxRto() < minRto || embryonicLimit < 1 || challengeAcksPerSecond < 0
                || invalidAckInterval < 0) {
            throw new IllegalArgumentException("a time or limit is out of range");
        }
    }

    /**
     * The engine under the reference profile {@link Profile#rfc9293()}, announcing the MSS of an Ethernet path, 1460
     * (RFC 9293 §3.7.1: MTU 1500 less 40 octets of IPv4 and TCP headers), rather than the profile's 536 of a path
     * whose MTU is unknown. Everything else is the profile's: RTO 1 s initial and 60 s maximum, SYN and SYN,ACK
     * retransmitted 7 times with doubling intervals (the SYN given up after 183 s, MUST-23), user timeout 5 min
     * (§3.8.3), TIME-WAIT 4 min (2 MSL, §3.4.2), no FIN-WAIT-2 timer, keep-alive off. Options: MSS only, the
     * profile's {@link io.github.tcpmodel.profile.TcpExtensions#RFC9293}: RFC 9293 requires no option beyond MSS
     * (window scaling, SACK and timestamps are RFC 7323 and RFC 2018, timestamps MAY-10), so the reference engine
     * stays the plain RFC 9293 TCP the model's reference profile describes; ECN off, since the engine does not
     * implement RFC 3168 (SHLD-8 not met, see docs/engine.md). Engine knobs: 64 KiB receive
     * and 256 KiB send buffers, minimum RTO 1 s (RFC 6298 §2.4), 128 half-open connections per listener with SYN
     * cookies, 10 challenge ACKs per second, the ACK throttle at 500 ms, and {@link DataTransfer#rfc()}
     * (congestion control, delayed ACKs, Nagle).
     */
    public static ConnectionConfig rfc9293() {
        Profile p = Profile.rfc9293().withMss(1460);
        return new ConnectionConfig(p.withExtensions(p.extensions().withEcn(EcnMode.OFF)), 65535, 256 * 1024, 1000, DEFAULT_KEEPALIVE, 128,
                10, true, 500, Option.none(), DataTransfer.rfc());
    }

    /**
     * The engine under the {@link Profile#linux()} profile as far as the engine implements Linux (see {@link
     * #linuxProfile()}): TIME-WAIT 60 s, orphaned FIN-WAIT-2 60 s (tcp_fin_timeout), close() with unread data sends
     * RST, maximum RTO 120 s, SYN retransmitted at 1, 2, 3, 4, 5, 7, 11, 19 and 35 s (tcp_syn_linear_timeouts = 4,
     * then doubling), SYN,ACK at 1, 3, 7, 15 and 31 s, no user timeout but 15 data retries (tcp_retries2, about
     * 924 s with the 200 ms minimum RTO, see {@link #userTimeout()}), the crossed SYN,ACK of a simultaneous open
     * taking SYN-RECEIVED to ESTABLISHED (RFC 9293 §3.5 Figure 7). Engine knobs as {@link #rfc9293()}, except the
     * minimum RTO of 200 ms (Linux's TCP_RTO_MIN), a {@link #LINUX_RECEIVE_BUFFER} receive buffer advertised
     * through window scaling, and {@link DataTransfer#linux()} (every ACK at once).
     */
    public static ConnectionConfig linux() {
        return new ConnectionConfig(linuxProfile(), LINUX_RECEIVE_BUFFER, 256 * 1024, 200, DEFAULT_KEEPALIVE, 128, 10, true, 500,
                Option.none(), DataTransfer.linux());
    }

    /**
     * {@link Profile#linux()} without what the engine does not implement, so that the engine's linux preset is still
     * an allowed RFC 9293 behaviour and the monitor's model predicts it: eight of the ten switches for Linux's
     * segment-arrival departures off ({@link Profile#dropWithoutAckRstSyn}, {@link Profile#resetAtRcvNxtMinusOne},
     * {@link Profile#synRetransmitOnBadAck}, {@link Profile#timeWaitSilentRst}, {@link Profile#timeWaitAcksAll},
     * {@link Profile#finAfterFinIgnored}, {@link Profile#endOfDataBeforeReset}, {@link Profile#requestSocket}; the
     * engine implements the other two, {@link Profile#abortSendsRstAck} and {@link Profile#synTextDiscarded}, and TCP
     * Fast Open, {@link Profile#fastOpenCapable}), and {@link Profile#rstSequenceByEnd}, {@link
     * Profile#synReceivedResetsBadAck}, {@link Profile#simultaneousOpenResetIsReset}; no reopening of TIME-WAIT by a
     * new SYN (RFC 9293 §3.6.1 MAY-2); keep-alive off by default (§3.8.4 MUST-25: an application turns it on per
     * connection). Its table is the reference with Linux's FIN-WAIT-2 timer and the crossed SYN,ACK. Options as
     * Linux's defaults ({@link TcpExtensions#LINUX}): window scale 7, timestamps and SACK offered, a segment without
     * timestamps accepted; ECN off (Linux's tcp_ecn = 2 answers an ECN-setup SYN; the engine does not implement RFC
     * 3168).
     */
    public static Profile linuxProfile() {
        return Profile.linux()
                .withDropWithoutAckRstSyn(false).withResetAtRcvNxtMinusOne(false).withSynRetransmitOnBadAck(false)
                .withTimeWaitSilentRst(false).withTimeWaitAcksAll(false).withFinAfterFinIgnored(false)
                .withEndOfDataBeforeReset(false).withRequestSocket(false)
                .withRstSequenceByEnd(false).withSynReceivedResetsBadAck(false).withSimultaneousOpenResetIsReset(false)
                .withTimeWaitReopen(false)
                .withKeepalive(Option.none())
                .withExtensions(TcpExtensions.LINUX.withEcn(EcnMode.OFF));
    }

    /** The profile's name, e.g. {@code rfc9293}, {@code linux}. */
    public String name() {
        return profile.name();
    }

    /** The table the connections' lifecycle follows: the profile's, or the variant that replaces it. */
    public TransitionTable table() {
        return variantTable.getOrElse(profile::table);
    }

    /**
     * How long data may stay unacknowledged before the connection is aborted (RFC 9293 §3.8.3): the profile's user
     * timeout, or, without one, the time {@link Profile#dataRetries()} retransmissions take with the RTO doubling
     * from {@link #minRto()} up to {@link Profile#maxRto()} (Linux's tcp_retries2: 15 retries, about 924.6 s).
     */
    public long userTimeout() {
        return profile.userTimeout().getOrElse(() -> {
            long total = 0;
            for (int i = 0; i <= profile.dataRetries(); i++) {
                total += Math.min(profile.maxRto(), minRto << Math.min(i, 30));
            }
            return total;
        });
    }

    /** Whether new connections send keep-alives: exactly when the profile has keep-alive on. */
    public boolean keepAliveByDefault() {
        return profile.keepalive().isDefined();
    }

    /** The keep-alive parameters: the profile's, or {@link #socketKeepalive()} when it has none. */
    public Keepalive keepalive() {
        return profile.keepalive().getOrElse(socketKeepalive);
    }

    /** This config with another MSS (the profile's). */
    public ConnectionConfig withMss(int newMss) {
        return withProfile(profile.withMss(newMss));
    }

    /** This config with keep-alive switched on or off for new connections, keeping its parameters. */
    public ConnectionConfig withKeepAlive(boolean on) {
        Keepalive k = keepalive();
        return new ConnectionConfig(profile.withKeepalive(on ? Option.some(k) : Option.none()), receiveBuffer,
                sendBuffer, minRto, k, embryonicLimit, challengeAcksPerSecond, synCookies, invalidAckInterval,
                variantTable, transfer);
    }

    /** This config with other keep-alive parameters: idle time and interval in milliseconds, and the probe count. */
    public ConnectionConfig withKeepAliveTimes(long idle, long interval, int probes) {
        Keepalive k = new Keepalive(idle, interval, probes);
        return new ConnectionConfig(keepAliveByDefault() ? profile.withKeepalive(Option.some(k)) : profile, receiveBuffer,
                sendBuffer, minRto, k, embryonicLimit, challengeAcksPerSecond, synCookies, invalidAckInterval,
                variantTable, transfer);
    }

    /** This config with another user timeout (the profile's). */
    public ConnectionConfig withUserTimeout(long millis) {
        return withProfile(profile.withUserTimeout(Option.some(millis)));
    }

    /**
     * This config with the TCP Fast Open client on or off (RFC 7413 §4.1; Linux's TCP_FASTOPEN_CONNECT or
     * MSG_FASTOPEN on one socket): an active OPEN asks for a cookie on its SYN (§4.1.1, the profile's {@link
     * io.github.tcpmodel.profile.TcpExtensions#fastOpenClient()}), and the cookie the server's SYN,ACK carries is kept
     * for that server's address ({@link TcpStack#fastOpenClientCookie}, §4.1.3).
     *
     * @throws IllegalArgumentException to turn it on under a profile that does not implement Fast Open ({@link
     *                                  Profile#fastOpenCapable()}: RFC 9293 does not, RFC 7413 being Experimental)
     */
    public ConnectionConfig withFastOpenClient(boolean on) {
        if (on && !profile.fastOpenCapable()) {
            throw new IllegalArgumentException("the " + profile.name() + " profile does not implement TCP Fast Open");
        }
        return withProfile(profile.withExtensions(profile.extensions().withFastOpen(on,
                profile.extensions().fastOpenServer())));
    }

    /** Whether an active OPEN under this config is a TCP Fast Open client ({@link #withFastOpenClient}). */
    public boolean fastOpenClient() {
        return profile.extensions().fastOpenClient();
    }

    /** This config under another profile, the engine knobs unchanged. */
    public ConnectionConfig withProfile(Profile other) {
        return new ConnectionConfig(other, receiveBuffer, sendBuffer, minRto, socketKeepalive, embryonicLimit,
                challengeAcksPerSecond, synCookies, invalidAckInterval, variantTable, transfer);
    }

    /**
     * This config with other buffer sizes. A profile that offers window scaling offers the shift sized to the new
     * receive buffer ({@link #windowShift}).
     */
    public ConnectionConfig withBuffers(int receive, int send) {
        Profile p = profile.extensions().windowScale().isDefined()
                ? profile.withExtensions(profile.extensions().withWindowScale(Option.some(windowShift(receive))))
                : profile;
        return new ConnectionConfig(p, receive, send, minRto, socketKeepalive, embryonicLimit,
                challengeAcksPerSecond, synCookies, invalidAckInterval, variantTable, transfer);
    }

    /**
     * The window scale shift for a receive buffer of {@code octets}: the least shift by which the 16-bit window field
     * covers the buffer (RFC 7323 §2.3), at most 14, as Linux sizes it to its largest receive buffer
     * (tcp_select_initial_window: halve the space until it fits 65535).
     */
    public static int windowShift(int octets) {
        int shift = 0;
        long space = octets;
        while (space > 0xFFFF && shift < 14) {
            space >>= 1;
            shift++;
        }
        return shift;
    }

    /** This config with another embryonic limit. */
    public ConnectionConfig withEmbryonicLimit(int limit) {
        return new ConnectionConfig(profile, receiveBuffer, sendBuffer, minRto, socketKeepalive, limit,
                challengeAcksPerSecond, synCookies, invalidAckInterval, variantTable, transfer);
    }

    /** This config with SYN cookies switched on or off. */
    public ConnectionConfig withSynCookies(boolean on) {
        return new ConnectionConfig(profile, receiveBuffer, sendBuffer, minRto, socketKeepalive, embryonicLimit,
                challengeAcksPerSecond, on, invalidAckInterval, variantTable, transfer);
    }

    /** This config with another RFC 5961 §7 throttle interval for ACKs to unacceptable segments (0: none). */
    public ConnectionConfig withInvalidAckInterval(long millis) {
        return new ConnectionConfig(profile, receiveBuffer, sendBuffer, minRto, socketKeepalive, embryonicLimit,
                challengeAcksPerSecond, synCookies, millis, variantTable, transfer);
    }

    /** This config with another challenge-ACK rate limit (RFC 5961 §7), per second for the whole stack. */
    public ConnectionConfig withChallengeAcksPerSecond(int perSecond) {
        return new ConnectionConfig(profile, receiveBuffer, sendBuffer, minRto, socketKeepalive, embryonicLimit,
                perSecond, synCookies, invalidAckInterval, variantTable, transfer);
    }

    /** This config with a variant table the lifecycle follows instead of the profile's (the monitor's model does not). */
    public ConnectionConfig withTable(TransitionTable other) {
        return new ConnectionConfig(profile, receiveBuffer, sendBuffer, minRto, socketKeepalive, embryonicLimit,
                challengeAcksPerSecond, synCookies, invalidAckInterval, Option.some(other), transfer);
    }

    /** This config with other {@link DataTransfer} rules. */
    public ConnectionConfig withTransfer(DataTransfer other) {
        return new ConnectionConfig(profile, receiveBuffer, sendBuffer, minRto, socketKeepalive, embryonicLimit,
                challengeAcksPerSecond, synCookies, invalidAckInterval, variantTable, other);
    }

    /**
     * The wait after SYN (or SYN,ACK) transmission number {@code transmissions} (0 for the first): the profile's
     * {@link Profile#synInterval} or {@link Profile#synAckInterval}; -1 after the last, when the attempt is given up.
     */
    long synTimeout(int transmissions, boolean synAck) {
        if (transmissions >= synAttempts(synAck)) {
            return -1;
        }
        return synAck ? profile.synAckInterval(transmissions) : profile.synInterval(transmissions);
    }

    /** How many times a SYN (or SYN,ACK) is sent: once and the profile's retries. */
    int synAttempts(boolean synAck) {
        return 1 + (synAck ? profile.synAckRetries() : profile.synRetries());
    }
}
