package io.github.tcpmodel.script.target;

import io.vavr.collection.List;
import java.util.Objects;

/**
 * The results of a run of scripts, in the order the files were given.
 *
 * @param results one per script and profile run
 */
public record ScriptReport(List<ScriptResult> results) {

    public ScriptReport {
        Objects.requireNonNull(results, "results is null");
    }

    /** Whether every script passed (skips do not count as passes: a CLI exits 0 only when this is true). */
    public boolean allPassed() {
        return !results.isEmpty() && results.forAll(r -> r.verdict() == ScriptResult.Verdict.PASSED);
    }

    /**
     * The exit code a command reports for this run: 2 when a script is bad input (or there is none), else 1 when
     * one failed, else 0 (skipped scripts, said as such, do not fail a run).
     */
    public int exitCode() {
        if (results.isEmpty() || results.exists(r -> r.verdict() == ScriptResult.Verdict.INVALID)) {
            return 2;
        }
        return results.exists(r -> r.verdict() == ScriptResult.Verdict.FAILED) ? 1 : 0;
    }

    /** The scripts that are bad input. */
    public List<ScriptResult> invalid() {
        return results.filter(r -> r.verdict() == ScriptResult.Verdict.INVALID);
    }

    /** The failures. */
    public List<ScriptResult> failures() {
        return results.filter(r -> r.verdict() == ScriptResult.Verdict.FAILED);
    }

    /** Every result on its own line(s), then a summary line. */
    public String render() {
        return results.map(ScriptResult::render).append(summary()).mkString(System.lineSeparator());
    }

    /** {@code N passed, N failed, N skipped}, and {@code , N invalid} when a script is bad input. */
    public String summary() {
        long passed = results.count(r -> r.verdict() == ScriptResult.Verdict.PASSED);
        long skipped = results.count(r -> r.verdict() == ScriptResult.Verdict.SKIPPED);
        int invalid = invalid().size();
        return passed + " passed, " + failures().size() + " failed, " + skipped + " skipped"
                + (invalid == 0 ? "" : ", " + invalid + " invalid");
    }
}
