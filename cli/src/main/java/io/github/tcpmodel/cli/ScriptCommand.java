package io.github.tcpmodel.cli;

import io.github.tcpmodel.profile.Profile;
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
                "Exit codes: 0 every script passed, 1 a script failed, 2 bad usage or no script found."},
        footer = {"", "Examples:", "  tcpmodel script script/src/test/resources/scripts/handshake-server.pkt",
                "  tcpmodel script --target engine script/src/test/resources/scripts",
                "  tcpmodel script --target linux script/src/test/resources/scripts",
                "  tcpmodel script --profile linux --target model my-tests/*.pkt"})
final class ScriptCommand implements Callable<Integer> {

    @Option(names = "--target", description = "model, engine or linux (default: ${DEFAULT-VALUE}).",
            defaultValue = "model")
    String target;

    @Option(names = "--profile", description = "rfc9293 or linux: overrides the scripts' headers.")
    String profile;

    @Option(names = "--json", description = "Print the results as JSON: {\"results\": [{file, target, profile, "
            + "verdict, detail}], \"passed\", \"failed\", \"skipped\"}.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILES", description = "Script files, or folders searched for *.pkt.")
    java.util.List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Scripts.TARGETS.contains(target)) {
            err.println("tcpmodel: unknown target '" + target + "'; targets: " + Scripts.TARGETS.mkString(", "));
            return Main.EXIT_USAGE;
        }
        io.vavr.control.Option<Profile> chosen = io.vavr.control.Option.none();
        if (profile != null) {
            Either<String, Profile> p = Scripts.profile(profile);
            if (p.isLeft()) {
                err.println("tcpmodel: " + p.getLeft());
                return Main.EXIT_USAGE;
            }
            chosen = io.vavr.control.Option.some(p.get());
        }
        Either<String, List<Path>> scripts = expand(files);
        if (scripts.isLeft()) {
            err.println("tcpmodel: " + scripts.getLeft());
            return Main.EXIT_USAGE;
        }
        List<ScriptResult> results = List.empty();
        for (Path script : scripts.get()) {
            Either<String, ScriptReport> r = Scripts.run(java.util.List.of(script), target, chosen);
            if (r.isLeft()) {
                err.println("tcpmodel: " + r.getLeft());
                return Main.EXIT_USAGE;
            }
            if (!json) {
                for (ScriptResult result : r.get().results()) {
                    out.println(result.render());
                    out.flush();
                }
            }
            results = results.appendAll(r.get().results());
        }
        ScriptReport all = new ScriptReport(results);
        long passed = results.count(x -> x.verdict() == ScriptResult.Verdict.PASSED);
        long skipped = results.count(x -> x.verdict() == ScriptResult.Verdict.SKIPPED);
        if (json) {
            out.println("{\"results\": [" + results.map(x -> "\n  {\"file\": " + Json.string(x.file())
                    + ", \"target\": " + Json.string(x.target()) + ", \"profile\": " + Json.string(x.profile())
                    + ", \"verdict\": " + Json.string(x.verdict().name()) + ", \"detail\": "
                    + Json.string(x.detail()) + "}").mkString(",") + "\n], \"passed\": " + passed
                    + ", \"failed\": " + all.failures().size() + ", \"skipped\": " + skipped + "}");
        } else {
            out.println(passed + " passed, " + all.failures().size() + " failed, " + skipped + " skipped");
        }
        out.flush();
        return all.allPassed() ? 0 : 1;
    }

    /** The files given, with folders replaced by the *.pkt files below them (sorted). */
    static Either<String, List<Path>> expand(java.util.List<Path> given) {
        List<Path> out = List.empty();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    List<Path> found = List.ofAll(s.filter(f -> f.toString().endsWith(".pkt")).sorted()
                            .collect(java.util.stream.Collectors.toList()));
                    if (found.isEmpty()) {
                        return Either.left("no *.pkt script in " + p);
                    }
                    out = out.appendAll(found);
                } catch (IOException | java.io.UncheckedIOException e) {
                    return Either.left("cannot read " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                out = out.append(p);
            } else {
                return Either.left("no such script: " + p);
            }
        }
        return Either.right(out);
    }
}
