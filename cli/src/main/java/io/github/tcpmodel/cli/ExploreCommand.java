package io.github.tcpmodel.cli;

import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.check.TextChart;
import io.github.tcpmodel.check.Trace;
import io.github.tcpmodel.check.semantic.SemanticTheorems;
import io.github.tcpmodel.check.tcp.Theorems;
import io.github.tcpmodel.check.tla.TlaTcpProfile;
import io.github.tcpmodel.diagram.sequence.FromTrace;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.diagram.sequence.SequenceChartSvg;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code tcpmodel explore}: the model checker's theorems, proven or refuted over every reachable state. */
@Command(name = "explore",
        mixinStandardHelpOptions = true,
        description = {"Run the explicit-state model checker: two endpoints whose arriving segments are processed by "
                + "the reference semantics, over a lossy, duplicating, reordering network. Proves the seeds' theorems "
                + "and refutes the broken variants they argue against, under the rfc9293 and the linux profiles "
                + "(the linux checks' names end in -linux), printing each counterexample as a sequence chart.",
                "The checks named theorem-N run on the table-level composition (a fast first pass); those named "
                        + "semantic-theorem-N run on the semantics-based model, whose endpoints are whole reference "
                        + "TCBs stepped by the user calls, SEGMENT ARRIVES, the timeouts and the transmit rule, with "
                        + "32-bit sequence numbers across the wrap, data, small windows and ordered timers.",
                "--tla reproduces the TLA+ TCP spec's state space (tlaplus/Examples specifications/tcp).",
                "The visited set keeps 8-byte fingerprints; each exploration prints the probability that two of its "
                        + "states shared one (n^2 / 2^65 for n distinct states).",
                "--checkpoint DIR writes a checkpoint after every breadth-first level of every exploration (one "
                        + "subfolder each); --resume DIR continues a stopped run from the last level written.",
                "--frontier-limit SIZE keeps at most SIZE bytes of each level's queue in memory and the rest on disk; "
                        + "--spill DIR --memory-limit SIZE moves the visited set past SIZE bytes to files in DIR.",
                "Exit codes: 0 every verdict as RFC 9293 predicts, 1 a verdict differs, 2 bad usage or a chart "
                        + "that cannot be written."},
        footer = {"", "Examples:", "  tcpmodel explore", "  tcpmodel explore --theorem two-way --svg target/cex",
                "  tcpmodel explore --tla", "  tcpmodel explore --json"})
final class ExploreCommand implements Callable<Integer> {

    @Option(names = "--theorem", paramLabel = "TEXT", description = "Only the checks whose name contains TEXT.")
    String filter;

    /** The most worker threads --threads takes: far more than any machine's cores, far below the pool's limit. */
    static final int MAX_THREADS = 1024;

    @Option(names = "--threads", description = "Worker threads, 1 to " + MAX_THREADS
            + " (default: the number of cores).")
    Integer threads;

    @Option(names = "--svg", paramLabel = "DIR", description = "Also draw each counterexample as an SVG chart.")
    Path svg;

    @Option(names = "--tla", description = "Explore the TLA+ compatibility profile instead.")
    boolean tla;

    @Option(names = "--json", description = "Print the verdicts as JSON.")
    boolean json;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Write a checkpoint to DIR after every "
            + "breadth-first level (an older checkpoint there is replaced).")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "DIR", description = "Resume from the checkpoint in DIR, and go on "
            + "writing checkpoints there.")
    Path resume;

    @Option(names = "--frontier-limit", paramLabel = "SIZE", description = "Bytes of each breadth-first level's "
            + "queue kept in memory; past it the queue's blocks go to files (under --spill DIR, or the system's "
            + "temporary folder) and are read back in order. A number with an optional K, M or G (powers of 1024); "
            + "0 sends every full block to disk (default: 1G).")
    String frontierLimit;

    @Option(names = "--spill", paramLabel = "DIR", description = "Keep the visited set's trace log, and without "
            + "liveness its fingerprint tables, in files under DIR past --memory-limit.")
    Path spill;

    @Option(names = "--memory-limit", paramLabel = "SIZE", description = "Bytes of the visited set's trace log, and "
            + "of its fingerprint tables, kept in memory before they spill to --spill DIR (needs --spill). A number "
            + "with an optional K, M or G (default: 1G).")
    String memoryLimit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The default of --memory-limit with --spill. */
    static final long DEFAULT_MEMORY_LIMIT = 1L << 30;

    /**
     * A size in bytes: digits, then optionally K, M or G (powers of 1024, either case); -1 if {@code text} is not
     * one or exceeds {@link Long#MAX_VALUE}.
     */
    static long parseSize(String text) {
        if (text == null || !text.matches("[0-9]{1,19}[kKmMgG]?")) {
            return -1;
        }
        char last = Character.toUpperCase(text.charAt(text.length() - 1));
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        try {
            long n = Long.parseLong(digits);
            return n > (Long.MAX_VALUE >> shift) ? -1 : n << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * {@code options} with the storage options of the command line (--frontier-limit, --spill, --memory-limit), or
     * an error message for the user.
     */
    Either<String, Options> withStorage(Options options) {
        Options o = options;
        if (frontierLimit != null) {
            long bytes = parseSize(frontierLimit);
            if (bytes < 0) {
                return Either.left("--frontier-limit takes a size such as 0, 65536, 512M or 2G, not '"
                        + Shown.line(frontierLimit) + "'");
            }
            o = o.withFrontierLimit(bytes);
        }
        if (memoryLimit != null && spill == null) {
            return Either.left("--memory-limit bounds what stays in memory before the visited set spills; give "
                    + "--spill DIR too");
        }
        if (spill != null) {
            if (spill.toString().isEmpty()) {
                return Either.left("--spill needs a folder name");
            }
            long bytes = memoryLimit == null ? DEFAULT_MEMORY_LIMIT : parseSize(memoryLimit);
            if (bytes < 1) {
                return Either.left("--memory-limit takes a positive size such as 65536, 512M or 2G, not '"
                        + Shown.line(memoryLimit) + "'");
            }
            o = o.withSpill(spill, bytes);
        }
        return Either.right(o);
    }

    /** The checks, each run under both profiles. */
    private static final List<BiFunction<Options, Profile, Theorems.Verdict>> BY_PROFILE = List.of(
            Theorems::threeWayHandshake, Theorems::twoWayHandshake, Theorems::timeWait, Theorems::noTimeWait,
            Theorems::fourWayClose, Theorems::mergedClose, Theorems::simultaneousOpenAndClose,
            Theorems::establishedTogether, Theorems::blindResetResisted, Theorems::dataExactlyOnce,
            SemanticTheorems::threeWayHandshake, SemanticTheorems::twoWayHandshake, SemanticTheorems::timeWait,
            SemanticTheorems::noTimeWait, SemanticTheorems::shortTimeWait, SemanticTheorems::fourWayClose,
            SemanticTheorems::mergedClose, SemanticTheorems::simultaneousOpenAndClose,
            SemanticTheorems::establishedTogether, SemanticTheorems::blindResetResisted,
            SemanticTheorems::dataExactlyOnce);
    private static final List<String> BASE_NAMES = List.of("theorem-1-three-way-handshake",
            "theorem-2-two-way-handshake", "theorem-3-time-wait", "theorem-3-no-time-wait",
            "theorem-4-four-way-close", "theorem-4-merged-close", "theorem-5-simultaneous-open-and-close",
            "theorem-6-established-together", "theorem-7-blind-reset", "theorem-8-data-in-order-once",
            "semantic-theorem-1-three-way-handshake", "semantic-theorem-2-two-way-handshake",
            "semantic-theorem-3-time-wait", "semantic-theorem-3-no-time-wait", "semantic-theorem-3-short-time-wait",
            "semantic-theorem-4-four-way-close", "semantic-theorem-4-merged-close",
            "semantic-theorem-5-simultaneous-open-and-close", "semantic-theorem-6-established-together",
            "semantic-theorem-7-blind-reset", "semantic-theorem-8-data-in-order-once");
    /** The profiles every check runs under: RFC 9293's, then Linux's (its names end in "-linux"). */
    private static final List<Profile> PROFILES = List.of(Profile.rfc9293(), Profile.linux());

    /** The checks by name, so that a filter runs only what it names. */
    private static final List<Function<Options, Theorems.Verdict>> CHECKS = PROFILES.flatMap(p ->
            BY_PROFILE.map(c -> (Function<Options, Theorems.Verdict>) o -> c.apply(o, p)));
    private static final List<String> NAMES = PROFILES.flatMap(p ->
            BASE_NAMES.map(n -> p.equals(Profile.rfc9293()) ? n : n + "-" + p.name()));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Options options = Options.defaults();
        if (threads != null) {
            if (threads < 1 || threads > MAX_THREADS) {
                err.println("tcpmodel: --threads must be from 1 to " + MAX_THREADS + ", not " + threads);
                return Main.EXIT_USAGE;
            }
            options = options.withThreads(threads);
        }
        Either<String, Options> stored = withStorage(options);
        if (stored.isLeft()) {
            err.println("tcpmodel: " + stored.getLeft());
            return Main.EXIT_USAGE;
        }
        options = stored.get();
        if (tla && (json || filter != null || svg != null)) {
            err.println("tcpmodel: --tla explores the TLA+ profile alone; it takes no "
                    + (json ? "--json" : filter != null ? "--theorem" : "--svg"));
            return Main.EXIT_USAGE;
        }
        if (checkpoint != null && resume != null) {
            err.println("tcpmodel: --checkpoint starts afresh and --resume continues; give one of them");
            return Main.EXIT_USAGE;
        }
        for (Path d : new Path[] {checkpoint, resume}) {
            if (d != null && d.toString().isEmpty()) {
                err.println("tcpmodel: --checkpoint and --resume need a folder name");
                return Main.EXIT_USAGE;
            }
        }
        if (resume != null && !Files.isDirectory(resume)) {
            err.println("tcpmodel: no checkpoint to resume from in " + Shown.line(resume));
            return Main.EXIT_USAGE;
        }
        if (checkpoint != null) {
            options = options.withCheckpoint(checkpoint, false);
        } else if (resume != null) {
            options = options.withCheckpoint(resume, true);
        }
        if (svg != null && svg.toString().isEmpty()) {
            err.println("tcpmodel: --svg needs a folder name");
            return Main.EXIT_USAGE;
        }
        if (tla) {
            long start = System.nanoTime();
            ExplorationResult r;
            try {
                r = Explorer.check(new TlaTcpProfile(), options.withCheckpointSubfolder("tla"), Progress.SILENT);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                err.println("tcpmodel: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            out.println(r.summary());
            out.printf("TLC reports 1182 distinct states, 6322 generated, depth 14 for MCtcp; this run: %d, %d, %d "
                    + "(%.1f s)%n", r.distinct(), r.generated(), r.depth(), (System.nanoTime() - start) / 1e9);
            out.flush();
            return r.distinct() == 1182 && r.generated() == 6322 && r.depth() == 14 ? 0 : 1;
        }
        List<Integer> chosen = List.range(0, CHECKS.size())
                .filter(i -> filter == null || NAMES.get(i).contains(filter));
        if (chosen.isEmpty()) {
            err.println("tcpmodel: no check matches '" + Shown.line(filter) + "'; checks: " + NAMES.mkString(", "));
            return Main.EXIT_USAGE;
        }
        List<Theorems.Verdict> verdicts = List.empty();
        for (int i = 0; i < chosen.size(); i++) {
            int k = chosen.get(i);
            err.printf("tcpmodel: [%d/%d] %s ...%n", i + 1, chosen.size(), NAMES.get(k));
            err.flush();
            long start = System.nanoTime();
            Theorems.Verdict v;
            try {
                v = CHECKS.get(k).apply(options.withCheckpointSubfolder(NAMES.get(k)));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                // A checkpoint that is missing, of another exploration, or cannot be written.
                err.println("tcpmodel: " + NAMES.get(k) + ": " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            verdicts = verdicts.append(v);
            if (!json) {
                print(out, v, (System.nanoTime() - start) / 1e9);
            }
            if (svg != null && v.counterexample().isDefined()) {
                Either<String, Path> w = draw(v.name(), v.claim(), v.counterexample().get());
                if (w.isLeft()) {
                    err.println("tcpmodel: " + w.getLeft());
                    return Main.EXIT_USAGE;
                }
                out.println("  chart: " + w.get());
            }
            out.flush();
        }
        if (json) {
            out.println(json(verdicts));
        } else {
            long ok = verdicts.count(Theorems.Verdict::asPredicted);
            out.println(ok + " of " + verdicts.size() + " verdicts as RFC 9293 predicts");
        }
        out.flush();
        return verdicts.forAll(Theorems.Verdict::asPredicted) ? 0 : 1;
    }

    static void print(PrintWriter out, Theorems.Verdict v, double seconds) {
        ExplorationResult r = v.result();
        String found = v.counterexample().isDefined() ? "REFUTED (" + v.property() + " violated)"
                : r.holds() ? "HOLDS" : "INCOMPLETE";
        out.printf(java.util.Locale.ROOT, "%s: %s%n  claim: %s%n  predicted by RFC 9293: %s; found: %s; %s%n  %d "
                        + "distinct states, %d generated, depth %d, %.1f s; fingerprint collision probability %.1e%n",
                v.name(), v.asPredicted() ? "as predicted" : "NOT AS PREDICTED",
                v.claim(), v.predicted(), found, v.asPredicted() ? "ok" : "check the model", r.distinct(),
                r.generated(), r.depth(), seconds, r.collisionProbability());
        for (Trace t : v.counterexample()) {
            out.println("  shortest counterexample:");
            out.println(TextChart.render(t).indent(4).stripTrailing());
        }
    }

    private Either<String, Path> draw(String name, String title, Trace trace) {
        return FromTrace.chart(title, trace).flatMap(chart -> {
            try {
                Files.createDirectories(svg);
            } catch (IOException e) {
                return Either.left("cannot create the folder " + Shown.line(svg) + ": " + StdoutGuard.reason(e));
            }
            return OutputFile.write(svg.resolve(name + ".svg"), SequenceChartSvg.render(chart), List.empty());
        });
    }

    static String json(List<Theorems.Verdict> verdicts) {
        return "{\"verdicts\": [\n" + verdicts.map(v -> "  {\"name\": " + Json.string(v.name())
                + ", \"claim\": " + Json.string(v.claim())
                + ", \"predicted\": " + Json.string(v.predicted().name())
                + ", \"as_predicted\": " + v.asPredicted()
                + ", \"counterexample\": " + v.counterexample().map(t -> Json.string(TextChart.render(t)))
                .getOrElse("null")
                + ", \"distinct\": " + v.result().distinct() + ", \"generated\": " + v.result().generated()
                + ", \"depth\": " + v.result().depth()
                + ", \"collision_probability\": " + v.result().collisionProbability() + "}").mkString(",\n") + "\n]}";
    }
}
