package io.github.tcpmodel.script;

import java.util.Objects;

/**
 * Why a script cannot be parsed: the first problem found, with its position.
 *
 * @param position where the problem is
 * @param detail   a sentence naming the problem, e.g. {@code expected ')' after the arguments of bind}
 */
public record ScriptError(Position position, String detail) {

    public ScriptError {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(detail, "detail is null");
    }

    /** The error as one line: {@code foo.pkt:12:7: expected ')' after ...}. */
    public String message() {
        return position + ": " + detail;
    }
}
