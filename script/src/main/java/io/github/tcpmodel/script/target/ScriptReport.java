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

    /** The failures. */
    public List<ScriptResult> failures() {
        return results.filter(r -> r.verdict() == ScriptResult.Verdict.FAILED);
    }

    /** Every result on its own line(s), then a summary line. */
    public String render() {
        long passed = results.count(r -> r.verdict() == ScriptResult.Verdict.PASSED);
        long skipped = results.count(r -> r.verdict() == ScriptResult.Verdict.SKIPPED);
        return results.map(ScriptResult::render).append(passed + " passed, " + failures().size() + " failed, "
                + skipped + " skipped").mkString(System.lineSeparator());
    }
}
