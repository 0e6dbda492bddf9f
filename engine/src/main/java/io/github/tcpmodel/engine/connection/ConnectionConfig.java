package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.profile.ProfileTables;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import java.util.Arrays;
import java.util.Objects;

/**
 * The parameters of connections, and the transition table their lifecycle is built from. All times in milliseconds.
 *
 * @param name                   {@code rfc9293}, {@code linux} or a caller's name
 * @param table                  the transition table (the reference, or a variant such as Linux's FIN-WAIT-2 timer)
 * @param mss                    the MSS this side announces and its upper bound for sending (RFC 9293 §3.7.1: MTU 1500
 *                               less 40 octets of IPv4 and TCP headers is 1460)
 * @param receiveBuffer          receive buffer in octets; the advertised window is at most this and 65535, since the
 *                               window scale option is not implemented
 * @param sendBuffer             send buffer in octets
 * @param synTimeouts            wait after each SYN transmission; after the last, the attempt is given up
 * @param synAckTimeouts         wait after each SYN,ACK transmission; after the last, the half-open connection is dropped
 * @param initialRto             RFC 6298 §2.1 initial RTO
 * @param minRto                 RFC 6298 §2.4 lower bound
 * @param maxRto                 RFC 6298 §2.5 upper bound
 * @param userTimeout            RFC 9293 §3.8.3: how long data may stay unacknowledged before the connection is aborted
 * @param timeWait               TIME-WAIT duration, 2 MSL (RFC 9293 §3.4.2)
 * @param finWait2Timeout        FIN-WAIT-2 timer of an orphaned (closed) connection; 0 for none (RFC 9293 has none)
 * @param keepAlive              whether new connections send keep-alives (RFC 9293 §3.8.4: off by default)
 * @param keepAliveIdle          idle time before the first probe (at least two hours by RFC 1122 §4.2.3.6)
 * @param keepAliveInterval      time between unanswered probes
 * @param keepAliveProbes        unanswered probes before the connection is closed
 * @param rstOnCloseWithUnread   close() with unread data aborts with RST, as Linux does (RFC 2525 §2.17)
 * @param embryonicLimit         most half-open (SYN-RECEIVED) connections per listener; when full, a SYN is answered
 *                               with a SYN cookie ({@code synCookies}) or evicts the oldest (see {@link Listener})
 * @param challengeAcksPerSecond RFC 5961 §7 rate limit of challenge ACKs per engine
 * @param synCookies             whether a listener whose embryonic queue is full answers a SYN statelessly with a SYN
 *                               cookie (RFC 4987 §3.6; Linux's net.ipv4.tcp_syncookies = 1), see {@link SynCookies}
 * @param invalidAckInterval     RFC 5961 §7 ACK throttle per connection: the least time between two ACKs sent in
 *                               reply to unacceptable segments (§3.10.7.4 first) or to ACKs outside the acceptable
 *                               range (RFC 5961 §5.2); 0 for no throttle (Linux: tcp_invalid_ratelimit, 500 ms)
 */
public record ConnectionConfig(String name, TransitionTable table, int mss, int receiveBuffer, int sendBuffer,
                               long[] synTimeouts, long[] synAckTimeouts, long initialRto, long minRto, long maxRto,
                               long userTimeout, long timeWait, long finWait2Timeout, boolean keepAlive,
                               long keepAliveIdle, long keepAliveInterval, int keepAliveProbes,
                               boolean rstOnCloseWithUnread, int embryonicLimit, int challengeAcksPerSecond,
                               boolean synCookies, long invalidAckInterval) {

    /** Checks the values. */
    public ConnectionConfig {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(synTimeouts, "synTimeouts is null");
        Objects.requireNonNull(synAckTimeouts, "synAckTimeouts is null");
        if (mss < 64 || mss > 65495) {
            throw new IllegalArgumentException("mss out of range: " + mss);
        }
        if (receiveBuffer < 1 || sendBuffer < 1) {
            throw new IllegalArgumentException("buffers must hold at least one octet");
        }
        if (synTimeouts.length == 0 || synAckTimeouts.length == 0) {
            throw new IllegalArgumentException("at least one SYN and SYN,ACK timeout");
        }
        if (initialRto <= 0 || minRto <= 0 || maxRto < minRto || userTimeout <= 0 || timeWait < 0
                || finWait2Timeout < 0 || keepAliveIdle <= 0 || keepAliveInterval <= 0 || keepAliveProbes < 0
                || embryonicLimit < 1 || challengeAcksPerSecond < 0 || invalidAckInterval < 0) {
            throw new IllegalArgumentException("a time or limit is out of range");
        }
        synTimeouts = synTimeouts.clone();
        synAckTimeouts = synAckTimeouts.clone();
    }

    /**
     * The RFC's defaults: initial RTO 1 s, minimum 1 s (RFC 6298), maximum 60 s, user timeout 5 min (RFC 9293
     * §3.8.3), MSL 2 min so TIME-WAIT 4 min (§3.4.2), no FIN-WAIT-2 timer, keep-alive off (2 h, 75 s, 9 probes when
     * switched on), SYN retransmitted with exponential backoff from 1 s (at most the 60 s maximum RTO) for 7
     * retries and given up after 183 s (RFC 9293 §3.8.3 MUST-23: R2 for a SYN "large enough to provide
     * retransmission of the segment for at least 3 minutes"), SYN,ACK for 5.
     */
    public static ConnectionConfig rfc9293() {
        return new ConnectionConfig("rfc9293", TransitionTable.rfc9293(), 1460, 65535, 256 * 1024,
                new long[] {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000},
                new long[] {1000, 2000, 4000, 8000, 16000, 32000},
                1000, 1000, 60_000, 300_000, 240_000, 0, false, 7_200_000, 75_000, 9, false, 128, 10, true, 500);
    }

    /**
     * Linux 6.x defaults as observed (shared/tun-netns-recipe.md): TIME-WAIT 60 s, orphaned FIN-WAIT-2 60 s
     * (tcp_fin_timeout), keep-alive 7200/75/9, close() with unread data sends RST, minimum RTO 200 ms, maximum 120 s,
     * SYN retransmitted at about 1, 2, 3, 4, 5, 7, 11, 19 and 35 s (tcp_syn_linear_timeouts = 4, then doubling) and
     * given up at about 127 s, SYN,ACK at 1, 3, 7, 15 and 31 s and dropped at 63 s, user timeout about 924 s
     * (tcp_retries2 = 15). Its table is the reference with two {@code VARIANT} entries: the FIN-WAIT-2 timer, and
     * the crossed SYN,ACK of a simultaneous open taking SYN-RECEIVED to ESTABLISHED (RFC 9293 §3.5 Figure 7), as
     * the model's {@code linux} profile has them.
     */
    public static ConnectionConfig linux() {
        return new ConnectionConfig("linux", linuxTable(), 1460, 65535, 256 * 1024,
                new long[] {1000, 1000, 1000, 1000, 1000, 2000, 4000, 8000, 16000, 91_500},
                new long[] {1000, 2000, 4000, 8000, 16000, 32000},
                1000, 200, 120_000, 924_600, 60_000, 60_000, false, 7_200_000, 75_000, 9, true, 128, 10, true, 500);
    }

    /**
     * The reference table plus Linux's FIN-WAIT-2 timer (FIN-WAIT-2 on its timeout goes to CLOSED, deleting the TCB)
     * and the crossed SYN,ACK of a simultaneous open ({@link ProfileTables#withCrossedSynAck}).
     */
    public static TransitionTable linuxTable() {
        Outcome.Transition finWait2Timer = new Outcome.Transition(ConnectionState.of(TcpState.CLOSED),
                List.of(io.github.tcpmodel.table.Action.DELETE_TCB), Provenance.VARIANT, "§3.10.8",
                "Linux: an orphaned FIN-WAIT-2 connection is dropped after tcp_fin_timeout (not in RFC 9293)");
        return ProfileTables.withCrossedSynAck(TransitionTable.rfc9293()
                .with(ConnectionState.of(TcpState.FIN_WAIT_2), Event.FIN_WAIT_2_TIMEOUT, finWait2Timer))
                .named("linux");
    }

    /** This config with another MSS. */
    public ConnectionConfig withMss(int newMss) {
        return new ConnectionConfig(name, table, newMss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond,
                synCookies, invalidAckInterval);
    }

    /** This config with keep-alive switched on or off for new connections. */
    public ConnectionConfig withKeepAlive(boolean on) {
        return new ConnectionConfig(name, table, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, on, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond,
                synCookies, invalidAckInterval);
    }

    /** This config with other buffer sizes. */
    public ConnectionConfig withBuffers(int receive, int send) {
        return new ConnectionConfig(name, table, mss, receive, send, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond,
                synCookies, invalidAckInterval);
    }

    /** This config with another user timeout. */
    public ConnectionConfig withUserTimeout(long millis) {
        return new ConnectionConfig(name, table, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, millis, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond,
                synCookies, invalidAckInterval);
    }

    /** This config with another embryonic limit. */
    public ConnectionConfig withEmbryonicLimit(int limit) {
        return new ConnectionConfig(name, table, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, limit, challengeAcksPerSecond,
                synCookies, invalidAckInterval);
    }

    /** This config with SYN cookies switched on or off. */
    public ConnectionConfig withSynCookies(boolean on) {
        return new ConnectionConfig(name, table, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond,
                on, invalidAckInterval);
    }

    /** This config with another RFC 5961 §7 throttle interval for ACKs to unacceptable segments (0: none). */
    public ConnectionConfig withInvalidAckInterval(long millis) {
        return new ConnectionConfig(name, table, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond,
                synCookies, millis);
    }

    /** This config with other keep-alive times: idle time and interval in milliseconds, and the probe count. */
    public ConnectionConfig withKeepAliveTimes(long idle, long interval, int probes) {
        return new ConnectionConfig(name, table, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, idle, interval, probes,
                rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond, synCookies, invalidAckInterval);
    }

    /** This config with another challenge-ACK rate limit (RFC 5961 §7), per second for the whole stack. */
    public ConnectionConfig withChallengeAcksPerSecond(int perSecond) {
        return new ConnectionConfig(name, table, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, perSecond, synCookies,
                invalidAckInterval);
    }

    /** This config with another transition table (a variant the lifecycle follows; the monitor's model does not). */
    public ConnectionConfig withTable(TransitionTable other) {
        return new ConnectionConfig(name, other, mss, receiveBuffer, sendBuffer, synTimeouts, synAckTimeouts,
                initialRto, minRto, maxRto, userTimeout, timeWait, finWait2Timeout, keepAlive, keepAliveIdle,
                keepAliveInterval, keepAliveProbes, rstOnCloseWithUnread, embryonicLimit, challengeAcksPerSecond,
                synCookies, invalidAckInterval);
    }

    @Override
    public long[] synTimeouts() {
        return synTimeouts.clone();
    }

    @Override
    public long[] synAckTimeouts() {
        return synAckTimeouts.clone();
    }

    long synTimeout(int transmissions, boolean synAck) {
        long[] t = synAck ? synAckTimeouts : synTimeouts;
        return transmissions < t.length ? t[transmissions] : -1;
    }

    int synAttempts(boolean synAck) {
        return synAck ? synAckTimeouts.length : synTimeouts.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionConfig && toString().equals(o.toString())
                && table.equals(((ConnectionConfig) o).table);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return name + "{mss=" + mss + ", rcvbuf=" + receiveBuffer + ", sndbuf=" + sendBuffer + ", syn="
                + Arrays.toString(synTimeouts) + ", synack=" + Arrays.toString(synAckTimeouts) + ", rto=" + initialRto
                + "/" + minRto + "/" + maxRto + ", user=" + userTimeout + ", timewait=" + timeWait + ", finwait2="
                + finWait2Timeout + ", keepalive=" + keepAlive + " " + keepAliveIdle + "/" + keepAliveInterval + "/"
                + keepAliveProbes + ", rstOnClose=" + rstOnCloseWithUnread + ", embryonic=" + embryonicLimit
                + ", challengeAcks=" + challengeAcksPerSecond + ", synCookies=" + synCookies + ", invalidAckInterval="
                + invalidAckInterval + "}";
    }
}
