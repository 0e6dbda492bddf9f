package io.github.tcpmodel.linux.netns;

import java.util.Objects;

/**
 * Why a namespace operation failed.
 *
 * @param kind    the kind of failure
 * @param message what went wrong, with the command and its output where a command failed
 */
public record NetnsError(Kind kind, String message) {

    /** The kinds of failure a caller may want to tell apart. */
    public enum Kind {
        /** The process may not create namespaces or devices (not root, not inside {@code unshare -rn}). */
        NOT_PERMITTED,
        /** A tool or kernel feature the harness needs is missing ({@code /dev/net/tun}, ip, ss, tcpdump). */
        NOT_AVAILABLE,
        /** An argument was rejected before anything was run. */
        INVALID_ARGUMENT,
        /** A command run in the namespace failed or timed out. */
        COMMAND_FAILED,
        /** The output of a command could not be understood. */
        UNPARSEABLE,
        /** A task run on the namespace's thread threw. */
        TASK_FAILED,
        /** The namespace was already deleted. */
        CLOSED
    }

    /** Rejects nulls at once. */
    public NetnsError {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(message, "message is null");
    }

    /** This error as an unchecked exception, for callers (tests) that cannot go on without the result. */
    public IllegalStateException toException() {
        return new IllegalStateException(kind + ": " + message);
    }
}
