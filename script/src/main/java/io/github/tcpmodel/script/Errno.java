package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.control.Option;

/** The errno values a script can expect from a socket call, named as in Linux's {@code errno.h}. */
public enum Errno {
    /** Connection refused: a RST answered our SYN (RFC 9293 §3.10.7.3). */
    ECONNREFUSED(111),
    /** Connection reset by peer (RFC 9293 §3.10.7.4). */
    ECONNRESET(104),
    /** Connection timed out: retransmissions or the user timeout gave up (RFC 9293 §3.8.3). */
    ETIMEDOUT(110),
    /** Operation now in progress: a non-blocking connect. */
    EINPROGRESS(115),
    /** Operation already in progress. */
    EALREADY(114),
    /** Resource temporarily unavailable: a non-blocking call would block. */
    EAGAIN(11),
    /** Broken pipe: writing after the sending side was shut down. */
    EPIPE(32),
    /** Transport endpoint is not connected. */
    ENOTCONN(107),
    /** Transport endpoint is already connected. */
    EISCONN(106),
    /** Invalid argument. */
    EINVAL(22),
    /** Bad file descriptor. */
    EBADF(9),
    /** Address already in use. */
    EADDRINUSE(98),
    /** Operation not supported. */
    EOPNOTSUPP(95),
    /** No route to host. */
    EHOSTUNREACH(113),
    /** Protocol not available (an unknown socket option). */
    ENOPROTOOPT(92),
    /** Operation not permitted. */
    EPERM(1),
    /** No such file or directory. */
    ENOENT(2),
    /** Interrupted system call. */
    EINTR(4),
    /** Input/output error. */
    EIO(5),
    /** Cannot allocate memory. */
    ENOMEM(12),
    /** Permission denied. */
    EACCES(13),
    /** Bad address. */
    EFAULT(14),
    /** Device or resource busy. */
    EBUSY(16),
    /** File exists. */
    EEXIST(17),
    /** No space left on device. */
    ENOSPC(28),
    /** Numerical result out of range. */
    ERANGE(34),
    /** Function not implemented. */
    ENOSYS(38),
    /** No data available. */
    ENODATA(61),
    /** Socket operation on non-socket. */
    ENOTSOCK(88),
    /** Destination address required. */
    EDESTADDRREQ(89),
    /** Message too long. */
    EMSGSIZE(90),
    /** Protocol wrong type for socket. */
    EPROTOTYPE(91),
    /** Protocol not supported. */
    EPROTONOSUPPORT(93),
    /** Address family not supported by protocol. */
    EAFNOSUPPORT(97),
    /** Cannot assign requested address. */
    EADDRNOTAVAIL(99),
    /** Network is down. */
    ENETDOWN(100),
    /** Network is unreachable. */
    ENETUNREACH(101),
    /** Software caused connection abort. */
    ECONNABORTED(103),
    /** No buffer space available. */
    ENOBUFS(105),
    /** Cannot send after transport endpoint shutdown. */
    ESHUTDOWN(108),
    /** Host is down. */
    EHOSTDOWN(112);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The errno's number on Linux. */
    public int number() {
        return number;
    }

    /** The errno with Linux number {@code n}, if this enum has it. */
    public static Option<Errno> ofNumber(int n) {
        return List.of(values()).find(e -> e.number == n);
    }

    /** The errno named {@code name}, if this enum has it. */
    public static Option<Errno> named(String name) {
        // Linux defines EWOULDBLOCK as EAGAIN and ENOTSUP as EOPNOTSUPP.
        String n = switch (name) {
            case "EWOULDBLOCK" -> "EAGAIN";
            case "ENOTSUP" -> "EOPNOTSUPP";
            default -> name;
        };
        return List.of(values()).find(e -> e.name().equals(n));
    }
}
