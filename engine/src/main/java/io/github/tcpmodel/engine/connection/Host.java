package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.lifecycle.Lifecycle;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.table.ConnectionState;

/**
 * What a connection needs from the engine that hosts it: time, output, timers, its demultiplexing entry, initial
 * sequence numbers and the observer. Implemented by {@link TcpStack}; tests may implement it directly.
 */
public interface Host {

    /** The engine clock, in milliseconds. */
    long now();

    /** Sends {@code segment} for {@code connection}. */
    void transmit(ConnectionId connection, ConnectionState state, Packet segment);

    /** Asks to have {@link Connection#onTimers} called at {@code deadline} (or soon after). */
    void schedule(Connection connection, long deadline);

    /** A new connection (active, or forked by a listener) that segments should now reach. */
    void register(Connection connection);

    /** A fresh incarnation number for a new connection. */
    long nextIncarnation();

    /** The connection's TCB is deleted (or it returned to LISTEN): forget it. */
    void forget(Connection connection);

    /** A fresh lifecycle in {@code initial}, from this host's table. */
    Lifecycle newLifecycle(ConnectionState initial);

    /** An initial send sequence number for {@code connection} (RFC 9293 §3.4.1). */
    int initialSequenceNumber(ConnectionId connection);

    /** Whether another RFC 5961 challenge ACK may be sent now (the engine-wide rate limit). */
    boolean allowChallengeAck();

    /** The listener's SYN cookies (keyed per engine). */
    SynCookies synCookies();

    /**
     * Tells the observer of {@code segment} as sent by {@code connection} in {@code state} without sending it: the
     * SYN,ACK a SYN cookie answered with earlier, when the connection is rebuilt from the cookie.
     */
    void replayed(ConnectionId connection, ConnectionState state, Packet segment);

    /** An ACK answering a segment that failed a check was held back by the RFC 5961 §7 throttle (for counting). */
    default void replyAckThrottled() {
    }

    /** The engine's observer. */
    EngineObserver observer();

    /** The server's TCP Fast Open cookies (RFC 7413 §4.1.2), under the engine's key. */
    FastOpenCookies fastOpenCookies();

    /**
     * Whether a Fast Open listener takes the text of a SYN only with a valid cookie (RFC 7413 §4.2.2), or every SYN's
     * (Linux's net.ipv4.tcp_fastopen bit 0x200, "cookie not required").
     */
    boolean fastOpenCookieRequired();

    /**
     * A TCP Fast Open client learned {@code cookie} (4 to 16 octets, an even number) and the MSS from the SYN,ACK of
     * the server at {@code remoteAddr}: RFC 7413 §4.1.3, "the client caches cookies from servers for later use".
     */
    void fastOpenCookieLearned(int remoteAddr, byte[] cookie, int mss);

    /** The Fast Open cookie and MSS cached for the server at {@code remoteAddr} (RFC 7413 §4.1.3); null for none. */
    FastOpenClientCache.Entry fastOpenClientEntry(int remoteAddr);

    /** The octets of address {@code address} in network order: 4 on IPv4, 16 on IPv6. */
    byte[] addressOctets(int address);
}
