package io.github.tcpmodel.script;

import java.util.Objects;

/**
 * Why a script failed on a target: the line, what the script expected and what happened.
 *
 * @param position where the failing event starts
 * @param source   the text of that line
 * @param expected what the script expected, e.g. {@code S. 0:0(0) ack 1 at 0.1}
 * @param actual   what the target did, e.g. {@code R. 0:0(0) ack 1 win 0 at 0.1}
 * @param notApplicable the lines, or parts of lines, before the failure that the target did not run, with reasons
 */
public record Failure(Position position, String source, String expected, String actual,
                      io.vavr.collection.List<String> notApplicable) {

    /** A failure with every earlier line run. */
    public Failure(Position position, String source, String expected, String actual) {
        this(position, source, expected, actual, io.vavr.collection.List.empty());
    }

    public Failure {
        Objects.requireNonNull(notApplicable, "notApplicable is null");
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(expected, "expected is null");
        Objects.requireNonNull(actual, "actual is null");
    }

    /** One line: {@code file:line: expected ... / actual ...}. */
    public String message() {
        return position.file() + ":" + position.line() + ": expected " + expected + " / actual " + actual;
    }

    /** The message and the script line, on two lines. */
    public String report() {
        return message() + System.lineSeparator() + "    " + source;
    }
}
