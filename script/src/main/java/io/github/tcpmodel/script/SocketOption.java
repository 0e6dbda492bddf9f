package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.control.Option;

/** The socket options {@code setsockopt} accepts in scripts, each with the level it belongs to. */
public enum SocketOption {
    /** {@code SOL_SOCKET SO_LINGER}, value {@code {onoff=1, linger=0}}: with linger 0, close aborts (RFC 9293 §3.10.4 ABORT). */
    SO_LINGER(Level.SOL_SOCKET, true),
    /** {@code SOL_SOCKET SO_KEEPALIVE}, value {@code [1]} (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6). */
    SO_KEEPALIVE(Level.SOL_SOCKET, false),
    /** {@code SOL_SOCKET SO_REUSEADDR}, value {@code [1]}. */
    SO_REUSEADDR(Level.SOL_SOCKET, false),
    /** {@code IPPROTO_TCP TCP_KEEPIDLE}: seconds of idleness before the first keep-alive probe. */
    TCP_KEEPIDLE(Level.IPPROTO_TCP, false),
    /** {@code IPPROTO_TCP TCP_KEEPINTVL}: seconds between keep-alive probes. */
    TCP_KEEPINTVL(Level.IPPROTO_TCP, false),
    /** {@code IPPROTO_TCP TCP_KEEPCNT}: unanswered probes before the connection is dropped. */
    TCP_KEEPCNT(Level.IPPROTO_TCP, false),
    /** {@code IPPROTO_TCP TCP_USER_TIMEOUT}: milliseconds data may stay unacknowledged (RFC 5482, RFC 9293 §3.8.3). */
    TCP_USER_TIMEOUT(Level.IPPROTO_TCP, false),
    /** {@code IPPROTO_TCP TCP_NODELAY}: disable the Nagle algorithm (RFC 9293 §3.7.4). */
    TCP_NODELAY(Level.IPPROTO_TCP, false);

    /** The protocol level of an option. */
    public enum Level {
        /** The socket layer. */
        SOL_SOCKET,
        /** TCP. */
        IPPROTO_TCP
    }

    private final Level level;
    private final boolean linger;

    SocketOption(Level level, boolean linger) {
        this.level = level;
        this.linger = linger;
    }

    /** The level this option belongs to. */
    public Level level() {
        return level;
    }

    /** Whether the value is a {@code struct linger} ({@code {onoff=N, linger=N}}) rather than an int ({@code [N]}). */
    public boolean takesLinger() {
        return linger;
    }

    /** The option named {@code name}, if supported. */
    public static Option<SocketOption> named(String name) {
        return List.of(values()).find(o -> o.name().equals(name));
    }
}
