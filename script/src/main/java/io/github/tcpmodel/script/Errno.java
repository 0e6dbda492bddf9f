package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.control.Option;

/** The errno values a script can expect from a socket call, named as in Linux's {@code errno.h}. */
public enum Errno {
    /** Connection refused: a RST answered our SYN (RFC 9293 §3.10.7.3). */
    ECONNREFUSED,
    /** Connection reset by peer (RFC 9293 §3.10.7.4). */
    ECONNRESET,
    /** Connection timed out: retransmissions or the user timeout gave up (RFC 9293 §3.8.3). */
    ETIMEDOUT,
    /** Operation now in progress: a non-blocking connect. */
    EINPROGRESS,
    /** Operation already in progress. */
    EALREADY,
    /** Resource temporarily unavailable: a non-blocking call would block. */
    EAGAIN,
    /** Broken pipe: writing after the sending side was shut down. */
    EPIPE,
    /** Transport endpoint is not connected. */
    ENOTCONN,
    /** Transport endpoint is already connected. */
    EISCONN,
    /** Invalid argument. */
    EINVAL,
    /** Bad file descriptor. */
    EBADF,
    /** Address already in use. */
    EADDRINUSE,
    /** Operation not supported. */
    EOPNOTSUPP,
    /** No route to host. */
    EHOSTUNREACH,
    /** Protocol not available (an unknown socket option). */
    ENOPROTOOPT;

    /** The errno named {@code name}, if this enum has it. */
    public static Option<Errno> named(String name) {
        return List.of(values()).find(e -> e.name().equals(name));
    }
}
