package io.github.tcpmodel.trace;

import java.util.Objects;

/** The outcome of checking a capture: a report, or why the file could not be read. */
public sealed interface CheckResult permits CheckResult.Checked, CheckResult.Unreadable {

    /** Exit code 0: every connection conforms. */
    int CONFORMS = 0;
    /** Exit code 1: at least one violation. */
    int VIOLATIONS = 1;
    /** Exit code 2: the input cannot be read. */
    int UNREADABLE = 2;

    /** The process exit code {@code tcpmodel check} ends with: 0 conforms, 1 violations, 2 unreadable input. */
    int exitCode();

    /**
     * The capture was read to its end and checked.
     *
     * @param report what was found
     */
    record Checked(TraceReport report) implements CheckResult {
        public Checked {
            Objects.requireNonNull(report, "report is null");
        }

        @Override
        public int exitCode() {
            return report.conforms() ? CONFORMS : VIOLATIONS;
        }
    }

    /**
     * The input is not a readable capture, or stops being one (a truncated or corrupt file). Nothing is reported
     * for a file that cannot be read to its end: a partial verdict would read as a complete one.
     *
     * @param message one line for the user, e.g. {@code truncated at byte 1234: record header}
     */
    record Unreadable(String message) implements CheckResult {
        public Unreadable {
            Objects.requireNonNull(message, "message is null");
        }

        @Override
        public int exitCode() {
            return UNREADABLE;
        }
    }
}
