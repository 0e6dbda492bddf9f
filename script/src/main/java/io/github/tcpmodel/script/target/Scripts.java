package io.github.tcpmodel.script.target;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.Script;
import io.github.tcpmodel.script.ScriptError;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The entry point for running conformance scripts: {@code tcpmodel script [--target model|engine|linux] [--profile
 * rfc9293|linux] FILES...} calls {@link #run} and exits 0 exactly when {@link ScriptReport#allPassed()}.
 *
 * <p>Profiles. A script names the behaviour it expects in its {@code // profile: rfc9293, linux} header. On the
 * {@code model} and {@code engine} targets it runs once under each profile it names (or only under the one given to
 * {@link #run}; the engine runs with the matching {@code ConnectionConfig}); on the {@code linux} target it runs
 * once, against the kernel, when it names {@code linux} or a profile was given, and is skipped otherwise (a
 * {@code .rfc9293.pkt} script describes what Linux does not do).
 */
public final class Scripts {

    /** The target names {@link #run} accepts. */
    public static final List<String> TARGETS = List.of("model", "engine", "linux");

    /** The profile names a script header or {@code --profile} may give. */
    public static final List<String> PROFILES = List.of("rfc9293", "linux");

    /**
     * The largest payload an injected segment may carry, on every target: one IPv4 packet with its headers and TCP
     * options (RFC 791's total length of 65,535 octets). A script that injects more is bad input rather than a run
     * that sends less than it says.
     */
    public static final long MAX_INJECTED_PAYLOAD = 65_000;

    /**
     * The largest {@code write} a script may make, on every target: the kernel and engine targets send a buffer of
     * that many octets, so a larger count would be a heap the size of the count, or a silent partial write.
     */
    public static final long MAX_WRITE = 16L << 20;

    private Scripts() {
    }

    /**
     * Why {@code target} does not play {@code script} as written, so that it is bad input: an injected payload
     * larger than {@link #MAX_INJECTED_PAYLOAD}, or a write larger than {@link #MAX_WRITE}. The same rule holds on
     * every target, so that a script is bad input on all of them or on none.
     */
    public static Option<String> refused(Script script, String target) {
        Objects.requireNonNull(script, "script is null");
        Objects.requireNonNull(target, "target is null");
        for (io.github.tcpmodel.script.ScriptEvent e : script.events()) {
            if (e instanceof io.github.tcpmodel.script.ScriptEvent.Segment s
                    && s.direction() == io.github.tcpmodel.script.Direction.INBOUND
                    && s.length() > MAX_INJECTED_PAYLOAD) {
                return Option.some(e.position() + ": the " + target + " target cannot inject a payload of "
                        + s.length() + " octets in one segment (at most " + MAX_INJECTED_PAYLOAD
                        + ", one IPv4 packet)");
            }
            if (e instanceof io.github.tcpmodel.script.ScriptEvent.Call c
                    && c.call() instanceof io.github.tcpmodel.script.SocketCall.Write w && w.count() > MAX_WRITE) {
                return Option.some(e.position() + ": " + tooLargeWrite(target, w.count()));
            }
        }
        return Option.none();
    }

    /** The reason a write of {@code count} octets is refused on {@code target}. */
    static String tooLargeWrite(String target, long count) {
        return "the " + target + " target writes at most " + MAX_WRITE + " octets in one call, not " + count;
    }

    /** The model profile named {@code name}, or why not. */
    public static Either<String, Profile> profile(String name) {
        Objects.requireNonNull(name, "name is null");
        switch (name) {
            case "rfc9293":
                return Either.right(Profile.rfc9293());
            case "linux":
                return Either.right(Profile.linux());
            default:
                return Either.left("unknown profile '" + name + "' (known: " + PROFILES.mkString(", ") + ")");
        }
    }

    /**
     * Runs every file against {@code target}, under {@code profile} when given, else under the profiles each
     * script names. A left value is a bad request (an unknown target); everything about a script, including a
     * parse error or a file that cannot be read, is a result.
     */
    public static Either<String, ScriptReport> run(java.util.List<Path> files, String target, Option<Profile> profile) {
        Objects.requireNonNull(files, "files is null");
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(profile, "profile is null");
        if (!TARGETS.contains(target)) {
            return Either.left("unknown target '" + target + "' (known: " + TARGETS.mkString(", ") + ")");
        }
        List<ScriptResult> results = List.empty();
        for (Path f : files) {
            if (f == null) {
                return Either.left("a file name is missing (null)");
            }
            results = results.appendAll(runOne(f, target, profile));
        }
        return Either.right(new ScriptReport(results));
    }

    private static List<ScriptResult> runOne(Path file, String target, Option<Profile> override) {
        String name = file.toString();
        String shown = override.map(Profile::name).getOrElse("-");
        Either<String, String> read = read(file);
        if (read.isLeft()) {
            return List.of(new ScriptResult(name, target, shown, ScriptResult.Verdict.INVALID,
                    name + ": " + read.getLeft()));
        }
        String text = ScriptParser.normalizeLineEnds(read.get());
        Either<String, List<String>> header = profileHeader(text);
        if (header.isLeft()) {
            return List.of(new ScriptResult(name, target, shown, ScriptResult.Verdict.INVALID,
                    name + ": " + header.getLeft()));
        }
        List<String> named = header.get();
        Either<ScriptError, Script> parsed = ScriptParser.parse(name, text);
        if (parsed.isLeft()) {
            return List.of(new ScriptResult(name, target, override.map(Profile::name).getOrElse(named.head()),
                    ScriptResult.Verdict.INVALID, parsed.getLeft().message()));
        }
        Script script = parsed.get();
        if (target.equals("linux")) {
            String label = override.map(Profile::name).getOrElse("linux");
            if (override.isEmpty() && !named.contains("linux")) {
                return List.of(new ScriptResult(name, target, label, ScriptResult.Verdict.SKIPPED,
                        "the script expects profile " + named.mkString(", ") + " only, which Linux departs from"));
            }
            return List.of(LinuxTarget.play(script, name, label));
        }
        List<Profile> profiles = override.isDefined() ? List.of(override.get())
                : named.map(n -> profile(n).get());
        return profiles.map(p -> {
            Option<String> refused = refused(script, target);
            if (refused.isDefined()) {
                return new ScriptResult(name, target, p.name(), ScriptResult.Verdict.INVALID, refused.get());
            }
            try {
                if (target.equals("engine")) {
                    return EngineTarget.play(script, name, p.name(),
                            Option.some(file.toAbsolutePath().getParent()));
                }
                return result(name, target, p.name(), ScriptRunner.run(script,
                        ModelTarget.onLink(p, ModelTarget.LINK_MTU).inDirectory(
                                file.toAbsolutePath().getParent())));
            } catch (RuntimeException e) {
                return new ScriptResult(name, target, p.name(), ScriptResult.Verdict.FAILED,
                        name + ": target error: " + e);
            }
        });
    }

    /**
     * The text of a script file, or why it cannot be had: not a regular file (a folder, a FIFO, which would block
     * the read, a device), unreadable (with the system's reason), or not UTF-8.
     */
    static Either<String, String> read(Path file) {
        if (Files.isDirectory(file)) {
            return Either.left("is a directory, not a script");
        }
        if (!Files.exists(file)) {
            return Either.left("no such file");
        }
        if (!Files.isRegularFile(file)) {
            return Either.left("not a regular file (a FIFO, socket or device), not a script");
        }
        try {
            return ScriptParser.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            return Either.left("cannot read: " + reason(e));
        } catch (OutOfMemoryError e) {
            return Either.left("too large to read into memory");
        }
    }

    /** The system's reason for an I/O failure ({@code Permission denied}), without the path repeated. */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static ScriptResult result(String name, String target, String profile, Either<Failure, Passed> r) {
        return r.isRight()
                ? new ScriptResult(name, target, profile, ScriptResult.Verdict.PASSED, "", r.get().notApplicable())
                : new ScriptResult(name, target, profile, ScriptResult.Verdict.FAILED, r.getLeft().report(),
                r.getLeft().notApplicable());
    }

    /**
     * The documented deviations of a script: its {@code // deviation: TARGET/PROFILE: reason} lines, by
     * {@code TARGET/PROFILE}. A deviation says the script is known to fail there, and why (a model profile without
     * a switch for a kernel behaviour, say); the corpus tests check that it still does.
     */
    public static io.vavr.collection.Map<String, String> deviationsOf(String text) {
        Objects.requireNonNull(text, "text is null");
        io.vavr.collection.Map<String, String> m = io.vavr.collection.TreeMap.empty();
        for (String line : ScriptParser.normalizeLineEnds(text).split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("// deviation:")) {
                String rest = l.substring("// deviation:".length()).strip();
                int colon = rest.indexOf(':');
                if (colon > 0) {
                    m = m.put(rest.substring(0, colon).strip(), rest.substring(colon + 1).strip());
                }
            }
        }
        return m;
    }

    /** The profiles of a script's {@code // profile:} header; {@code rfc9293} when it has none or names none. */
    public static List<String> profilesOf(String text) {
        return profileHeader(text).getOrElse(List.of("rfc9293"));
    }

    /**
     * The profiles of a script's {@code // profile:} header ({@code rfc9293} when it has none), or why the header
     * is bad input: it names no profile, or one that is not known. The first header line counts.
     */
    public static Either<String, List<String>> profileHeader(String text) {
        Objects.requireNonNull(text, "text is null");
        for (String line : ScriptParser.normalizeLineEnds(text).split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("// profile:")) {
                List<String> names = List.of(l.substring("// profile:".length()).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty());
                if (names.isEmpty()) {
                    return Either.left("the '// profile:' header names no profile (known: "
                            + PROFILES.mkString(", ") + ")");
                }
                Option<String> unknown = names.find(n -> !PROFILES.contains(n));
                if (unknown.isDefined()) {
                    return Either.left("the '// profile:' header names an unknown profile '" + unknown.get()
                            + "' (known: " + PROFILES.mkString(", ") + ")");
                }
                return Either.right(names.distinct());
            }
        }
        return Either.right(List.of("rfc9293"));
    }
}
