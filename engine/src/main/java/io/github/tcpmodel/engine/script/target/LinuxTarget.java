package io.github.tcpmodel.engine.script.target;

import io.github.tcpmodel.engine.script.Script;

/** The Linux kernel as a target (placeholder). */
public final class LinuxTarget {
    private LinuxTarget() {
    }

    static ScriptResult play(Script script, String name, String label) {
        return new ScriptResult(name, "linux", label, ScriptResult.Verdict.SKIPPED, "not yet");
    }
}
