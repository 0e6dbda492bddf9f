package io.github.tcpmodel.script.target;

import java.util.Objects;

/**
 * The outcome of one script on one target under one profile.
 *
 * @param file    the script's path as given
 * @param target  the target's name ({@code model}, {@code linux})
 * @param profile the profile the script ran under ({@code rfc9293}, {@code linux})
 * @param verdict passed, failed, skipped or invalid
 * @param detail  for a failure {@code file:line: expected ... / actual ...} and the script line; for a skip the
 *                reason; for a pass empty
 * @param notApplicable the lines, or parts of lines, the target did not run, each with the reason
 */
public record ScriptResult(String file, String target, String profile, Verdict verdict, String detail,
                           io.vavr.collection.List<String> notApplicable) {

    /** A result in which every line that ran applied to the target. */
    public ScriptResult(String file, String target, String profile, Verdict verdict, String detail) {
        this(file, target, profile, verdict, detail, io.vavr.collection.List.empty());
    }

    /** What happened. */
    public enum Verdict {
        /** Every line held. */
        PASSED,
        /** A line did not hold, or the target failed (a flaky script, passing only on a second run, too). */
        FAILED,
        /** The script could not run here (no TUN device, no root) or does not apply to the target. */
        SKIPPED,
        /**
         * Bad input: the file cannot be read, is not UTF-8, does not parse, its {@code // profile:} header is empty
         * or unknown, or it asks the target for what it cannot do (a payload it cannot send whole).
         */
        INVALID
    }

    public ScriptResult {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(profile, "profile is null");
        Objects.requireNonNull(verdict, "verdict is null");
        Objects.requireNonNull(detail, "detail is null");
        Objects.requireNonNull(notApplicable, "notApplicable is null");
    }

    /** The result and, one per line, what did not apply to the target (the {@code --report} form). */
    public String report() {
        return notApplicable.isEmpty() ? render()
                : render() + System.lineSeparator() + notApplicable.map(n -> "    n/a " + n)
                .mkString(System.lineSeparator());
    }

    /** One or more lines: {@code PASS file [target/profile]}, or the failure report. */
    public String render() {
        String head = verdict + " " + file + " [" + target + "/" + profile + "]";
        return detail.isEmpty() ? head : head + System.lineSeparator() + "    " + detail.replace("\n", "\n    ");
    }
}
