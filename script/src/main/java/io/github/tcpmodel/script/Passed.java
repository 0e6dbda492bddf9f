package io.github.tcpmodel.script;

/**
 * A script that passed.
 *
 * @param file   the script's file name
 * @param events how many events ran
 * @param end    the target's clock when the script ended, in microseconds
 * @param notApplicable the lines, or parts of lines, the target did not run, each with the reason
 */
public record Passed(String file, int events, long end, io.vavr.collection.List<String> notApplicable) {

    /** A pass in which every line ran. */
    public Passed(String file, int events, long end) {
        this(file, events, end, io.vavr.collection.List.empty());
    }

    public Passed {
        java.util.Objects.requireNonNull(notApplicable, "notApplicable is null");
    }
}
