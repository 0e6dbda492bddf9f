package io.github.tcpmodel.linux.tun;

import java.util.Objects;

/**
 * Why a TUN operation failed: what kind of failure, which operation, the errno where the kernel gave one (0 where
 * the argument was rejected before any system call), and a message a person can act on.
 *
 * @param kind      the kind of failure, for callers that react to it (a skip, a retry, a stop)
 * @param operation the operation that failed, e.g. {@code open /dev/net/tun} or {@code write}
 * @param errno     the errno of the failed system call, or 0 if none was made
 * @param message   what went wrong, including the errno's name from {@code strerror}
 */
public record TunError(Kind kind, String operation, int errno, String message) {

    /** The kinds of failure a caller may want to tell apart. */
    public enum Kind {
        /** There is no TUN driver or no {@code /dev/net/tun} node (ENOENT, ENODEV, ENXIO). */
        NOT_AVAILABLE,
        /** The process lacks CAP_NET_ADMIN in the device's user namespace, or may not open the node. */
        NOT_PERMITTED,
        /** The requested interface name is taken by a device of another kind or owner (EBUSY). */
        NAME_IN_USE,
        /** The argument was rejected, by this class or by the kernel (EINVAL, EMSGSIZE, EFAULT). */
        INVALID_ARGUMENT,
        /** The device was closed, before or during the call. */
        CLOSED,
        /** Any other failure of the system call. */
        IO
    }

    /** Rejects nulls at once. */
    public TunError {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(operation, "operation is null");
        Objects.requireNonNull(message, "message is null");
    }

    static TunError ofErrno(String operation, int errno) {
        String text = LibC.INSTANCE.strerror(errno);
        return new TunError(kindOf(operation, errno), operation, errno,
                operation + " failed: errno " + errno + " (" + text + ")" + hint(errno));
    }

    static TunError invalid(String operation, String why) {
        return new TunError(Kind.INVALID_ARGUMENT, operation, 0, operation + " rejected: " + why);
    }

    static TunError closed(String operation) {
        return new TunError(Kind.CLOSED, operation, 0, operation + " failed: the TUN device is closed");
    }

    private static Kind kindOf(String operation, int errno) {
        switch (errno) {
            case 2: // ENOENT
            case 6: // ENXIO
            case 19: // ENODEV
                return operation.startsWith("open") ? Kind.NOT_AVAILABLE : Kind.IO;
            case 1: // EPERM
            case 13: // EACCES
                return Kind.NOT_PERMITTED;
            case 16: // EBUSY
                return Kind.NAME_IN_USE;
            case 9: // EBADF: the descriptor went away under us, which only close() does
                return Kind.CLOSED;
            case 14: // EFAULT
            case 22: // EINVAL
            case 90: // EMSGSIZE
                return Kind.INVALID_ARGUMENT;
            default:
                return Kind.IO;
        }
    }

    private static String hint(int errno) {
        switch (errno) {
            case 1:
            case 13:
                return "; creating a TUN device needs CAP_NET_ADMIN (run as root, or inside `unshare -rn`)";
            case 2:
            case 19:
                return "; is the tun module loaded and /dev/net/tun present?";
            case 16:
                return "; the interface name is already used by another device";
            default:
                return "";
        }
    }
}
