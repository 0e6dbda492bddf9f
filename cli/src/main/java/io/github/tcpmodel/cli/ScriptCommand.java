package io.github.tcpmodel.cli;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.target.LinuxTarget;
import io.github.tcpmodel.script.target.ScriptReport;
import io.github.tcpmodel.script.target.ScriptResult;
import io.github.tcpmodel.script.target.Scripts;
import io.vavr.collection.List;
import io.vavr.control.Either;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code tcpmodel script}: runs conformance scripts (a packetdrill subset) against a target. */
@Command(name = "script",
        mixinStandardHelpOptions = true,
        description = {"Run conformance scripts (a documented subset of packetdrill's language, docs/scripts.md) "
                + "against the model, the engine (in-process, on a virtual clock, with its conformance monitor "
                + "checking every event against the model) or the Linux kernel (through a TUN device in a fresh "
                + "network namespace; needs root).",
                "Each script runs under the profile its '// profile:' header names, unless --profile is given; "
                + "the engine runs with the profile's configuration (rfc9293 or linux).",
                "On the linux target each script runs in its own namespace tcpm-PID-N, deleted after the script and "
                + "on SIGTERM; namespaces a killed run left behind (their process PID gone) are deleted at the next "
                + "run. A script may run for at most " + LinuxTarget.TIME_LIMIT_SECONDS + " s there: a time beyond "
                + "that, or a call blocked past it, fails the script at once. Without root or /dev/net/tun the "
                + "scripts are skipped, and said to be.",
                "Results are printed, and flushed, as each script ends.",
                "Exit codes: 0 every script passed or was skipped, 1 a script failed, 2 bad input (a script that "
                + "cannot be read, is not UTF-8, does not parse, or asks the target for what it cannot do) or "
                + "bad usage."},
        footer = {"", "Examples:", "  tcpmodel script " + ScriptCommand.EXAMPLE,
                "  tcpmodel script --target engine script/src/test/resources/scripts",
                "  tcpmodel script --target linux script/src/test/resources/scripts",
                "  tcpmodel script --profile linux --target model my-tests/*.pkt"})
final class ScriptCommand implements Callable<Integer> {

    /** The script the help's first example runs (a test checks that it exists). */
    static final String EXAMPLE = "script/src/test/resources/scripts/handshake-passive.pkt";

    @Option(names = "--target", description = "model, engine or linux (default: ${DEFAULT-VALUE}).",
            defaultValue = "model")
    String target;

    @Option(names = "--profile", description = "rfc9293 or linux: overrides the scripts' headers.")
    String profile;

    @Option(names = "--json", description = "Print the results as JSON: {\"results\": [{file, target, profile, "
            + "verdict, detail}], \"passed\", \"failed\", \"skipped\", \"invalid\"}; each result is written as "
            + "its script ends, and a run stopped by SIGINT or SIGTERM still closes the object, with "
            + "\"interrupted\": true.")
    boolean json;

    @Option(names = "--report", description = "Also say, per script, which lines (or parts of lines) did not apply "
            + "to the target and why: a shell line or Python block on the model, options the model does not carry, "
            + "a call the target cannot make. In JSON, each result then has \"notApplicable\": [...].")
    boolean report;

    @Parameters(arity = "1..*", paramLabel = "FILES", description = "Script files, or folders searched for *.pkt.")
    java.util.List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Scripts.TARGETS.contains(target)) {
            err.println("tcpmodel: unknown target '" + Shown.line(target) + "'; targets: "
                    + Scripts.TARGETS.mkString(", "));
            return Main.EXIT_USAGE;
        }
        io.vavr.control.Option<Profile> chosen = io.vavr.control.Option.none();
        if (profile != null) {
            Either<String, Profile> p = Scripts.profile(profile);
            if (p.isLeft()) {
                err.println("tcpmodel: " + Shown.line(p.getLeft()));
                return Main.EXIT_USAGE;
            }
            chosen = io.vavr.control.Option.some(p.get());
        }
        Either<String, List<Path>> scripts = expand(files);
        if (scripts.isLeft()) {
            err.println("tcpmodel: " + scripts.getLeft());
            return Main.EXIT_USAGE;
        }
        JsonResults stream = json ? new JsonResults(out, report) : null;
        Thread hook = null;
        if (stream != null) {
            stream.begin();
            hook = new Thread(stream::interrupted, "tcpmodel-json-close");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        List<ScriptResult> results = List.empty();
        try {
            for (Path script : scripts.get()) {
                Either<String, ScriptReport> r = Scripts.run(java.util.List.of(script), target, chosen);
                if (r.isLeft()) {
                    err.println("tcpmodel: " + Shown.line(r.getLeft()));
                    return Main.EXIT_USAGE;
                }
                for (ScriptResult result : r.get().results()) {
                    if (stream != null) {
                        stream.add(result);
                    } else {
                        out.println(Shown.text(report ? result.report() : result.render()));
                        out.flush();
                    }
                }
                results = results.appendAll(r.get().results());
            }
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is closing the output already.
                }
            }
        }
        ScriptReport all = new ScriptReport(results);
        if (stream != null) {
            stream.end(all);
        } else {
            out.println(all.summary());
        }
        out.flush();
        return all.exitCode();
    }

    /**
     * The JSON report written as it grows: the opening at once, each result when its script ends (flushed), and the
     * counts at the end; a shutdown hook closes the object when the run is stopped, so what was written parses.
     */
    static final class JsonResults {
        private final PrintWriter out;
        private final boolean report;
        private final java.util.List<ScriptResult> written = new java.util.ArrayList<>();
        private boolean closed;

        JsonResults(PrintWriter out) {
            this(out, false);
        }

        JsonResults(PrintWriter out, boolean report) {
            this.out = out;
            this.report = report;
        }

        synchronized void begin() {
            out.print("{\"results\": [");
            out.flush();
        }

        synchronized void add(ScriptResult x) {
            if (closed) {
                return;
            }
            out.print((written.isEmpty() ? "" : ",") + "\n  {\"file\": " + Json.string(x.file())
                    + ", \"target\": " + Json.string(x.target()) + ", \"profile\": " + Json.string(x.profile())
                    + ", \"verdict\": " + Json.string(x.verdict().name()) + ", \"detail\": "
                    + Json.string(x.detail()) + (report ? ", \"notApplicable\": ["
                    + x.notApplicable().map(Json::string).mkString(", ") + "]" : "") + "}");
            out.flush();
            written.add(x);
        }

        synchronized void end(ScriptReport all) {
            close(all, false);
        }

        synchronized void interrupted() {
            try {
                close(new ScriptReport(List.ofAll(written)), true);
            } catch (RuntimeException e) {
                // Standard output is gone: nothing more can be said.
            }
        }

        private void close(ScriptReport all, boolean interrupted) {
            if (closed) {
                return;
            }
            closed = true;
            long passed = all.results().count(x -> x.verdict() == ScriptResult.Verdict.PASSED);
            long skipped = all.results().count(x -> x.verdict() == ScriptResult.Verdict.SKIPPED);
            out.println("\n], \"passed\": " + passed + ", \"failed\": " + all.failures().size() + ", \"skipped\": "
                    + skipped + ", \"invalid\": " + all.invalid().size()
                    + (interrupted ? ", \"interrupted\": true" : "") + "}");
            out.flush();
        }
    }

    /** The files given, with folders replaced by the *.pkt files below them (sorted); or why one cannot be read. */
    static Either<String, List<Path>> expand(java.util.List<Path> given) {
        List<Path> out = List.empty();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    List<Path> found = List.ofAll(s.filter(f -> f.toString().endsWith(".pkt")).sorted()
                            .collect(java.util.stream.Collectors.toList()));
                    if (found.isEmpty()) {
                        return Either.left("no *.pkt script in " + Shown.line(p));
                    }
                    out = out.appendAll(found);
                } catch (IOException e) {
                    return Either.left("cannot read the folder " + Shown.line(p) + ": " + StdoutGuard.reason(e));
                } catch (java.io.UncheckedIOException e) {
                    return Either.left("cannot read the folder " + Shown.line(p) + ": "
                            + StdoutGuard.reason(e.getCause()));
                }
            } else {
                io.vavr.control.Option<String> bad = Inputs.problem(p);
                if (bad.isDefined()) {
                    return Either.left(Shown.line(p) + ": " + bad.get());
                }
                out = out.append(p);
            }
        }
        return Either.right(out);
    }
}
