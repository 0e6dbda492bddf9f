package io.github.tcpmodel.cli;

import io.github.tcpmodel.diagram.DiagramFormat;
import io.github.tcpmodel.diagram.Diagrams;
import io.github.tcpmodel.diagram.Written;
import io.github.tcpmodel.diagram.state.StateDiagram;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.target.Scripts;
import io.vavr.control.Either;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tcpmodel diagram}: renders every diagram of the model into a folder, or one state diagram in one format to
 * a file or to standard output.
 */
@Command(name = "diagram",
        mixinStandardHelpOptions = true,
        description = {"Render the state diagrams (Figure 5 and complete) and the sequence charts of the handshake "
                + "and close scenarios into a folder: SVG, PNG, DOT and Mermaid.",
                "With --format: one state diagram (Figure 5, or the complete one with --complete) in one format, to "
                        + "standard output or to --out FILE.",
                "--profile linux draws the linux profile's table: its variants of RFC 9293 (the TIME-WAIT reopen of "
                        + "MAY-2, the FIN-WAIT-2 timeout, the request socket's reset) are grey in the complete "
                        + "diagram.",
                "The default engine is graphviz-java's embedded V8; native dot is used when V8 cannot start."},
        footer = {"", "Examples:", "  tcpmodel diagram --out target/diagrams",
                "  tcpmodel diagram --out /tmp/d && xdg-open /tmp/d/tcp-states.svg",
                "  tcpmodel diagram --format dot --out - | dot -Tpdf > tcp-states.pdf",
                "  tcpmodel diagram --format mermaid --complete --profile linux > tcp-states-linux.mmd",
                "  tcpmodel diagram --format png --out tcp-states.png"})
final class DiagramCommand implements Callable<Integer> {

    /** The folder written when neither --format nor --out is given. */
    static final String DEFAULT_FOLDER = "tcpmodel-diagrams";

    @Option(names = "--out", paramLabel = "FOLDER|FILE|-",
            description = "Without --format: the output folder, created if missing (default: " + DEFAULT_FOLDER
                    + "). With --format: the file, or - for standard output (the default, except for png).")
    String out;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "One state diagram in one format: ${COMPLETION-CANDIDATES}.")
    String format;

    @Option(names = "--profile", paramLabel = "PROFILE", completionCandidates = Profiles.class,
            description = "Whose table is drawn: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "rfc9293")
    String profile;

    @Option(names = "--complete", description = "With --format: the complete diagram (every state change of the "
            + "table, with RST, ABORT and the timeouts), not Figure 5.")
    boolean complete;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard output as bytes (a PNG is not text); {@link Main} sets it to the guarded stream it reads. */
    OutputStream stdout = System.out;

    /** The values of --format, for the help and the shell completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return io.vavr.collection.List.of(DiagramFormat.values()).map(DiagramCommand::formatName).iterator();
        }
    }

    /** The values of --profile. */
    static final class Profiles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Scripts.PROFILES.iterator();
        }
    }

    /** The name --format takes for {@code f}: {@code dot}, {@code mermaid}, {@code svg}, {@code png}. */
    static String formatName(DiagramFormat f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Either<String, Profile> p = Scripts.profile(profile);
        if (p.isLeft()) {
            err.println("tcpmodel: " + Shown.line(p.getLeft()));
            return Main.EXIT_USAGE;
        }
        if (out != null && out.isEmpty()) {
            err.println("tcpmodel: --out needs a " + (format == null ? "folder" : "file") + " name (an empty one "
                    + "would mean the current folder)");
            return Main.EXIT_USAGE;
        }
        if (format == null) {
            if (complete) {
                err.println("tcpmodel: --complete chooses the diagram --format draws; without --format every "
                        + "diagram is written");
                return Main.EXIT_USAGE;
            }
            if ("-".equals(out)) {
                err.println("tcpmodel: --out - writes one diagram to standard output: give --format too ("
                        + String.join(", ", new Formats()) + ")");
                return Main.EXIT_USAGE;
            }
            return folder(Path.of(out == null ? DEFAULT_FOLDER : out), p.get());
        }
        Either<String, DiagramFormat> f = io.vavr.collection.List.of(DiagramFormat.values())
                .find(v -> formatName(v).equals(format)).toEither(() -> "unknown format '" + format + "' (known: "
                        + String.join(", ", new Formats()) + ")");
        if (f.isLeft()) {
            err.println("tcpmodel: " + Shown.line(f.getLeft()));
            return Main.EXIT_USAGE;
        }
        return one(p.get(), f.get(), err);
    }

    private Integer folder(Path dir, Profile p) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("tcpmodel: rendering diagrams into " + Shown.line(dir) + " ...");
        err.flush();
        Either<String, Written> written = Diagrams.writeAll(dir, p);
        if (written.isLeft()) {
            err.println("tcpmodel: " + Shown.line(written.getLeft()));
            return Main.EXIT_USAGE;
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("Wrote " + written.get().files().size() + " files into "
                + Shown.line(dir.toAbsolutePath().normalize())
                + " (renderer: " + written.get().engine() + "):");
        written.get().files().forEach(file -> o.println("  " + Shown.line(file.getFileName())));
        o.flush();
        return 0;
    }

    private Integer one(Profile p, DiagramFormat f, PrintWriter err) {
        boolean toStdout = out == null || out.equals("-");
        if (f == DiagramFormat.PNG && out == null) {
            err.println("tcpmodel: a PNG is binary: give --out FILE.png, or --out - to pipe it");
            return Main.EXIT_USAGE;
        }
        Either<String, byte[]> content = Diagrams.stateDiagrams(p)
                .map(ds -> ds.get(complete ? 1 : 0))
                .flatMap((StateDiagram d) -> Diagrams.render(d, f));
        if (content.isLeft()) {
            err.println("tcpmodel: " + Shown.line(content.getLeft()));
            return Main.EXIT_USAGE;
        }
        if (toStdout) {
            PrintWriter o = spec.commandLine().getOut();
            o.flush();
            try {
                stdout.write(content.get());
                stdout.flush();
            } catch (java.io.IOException e) {
                throw new StdoutGuard.Failed(e);
            }
            return 0;
        }
        Either<String, Path> written = OutputFile.write(Path.of(out), content.get(), io.vavr.collection.List.empty());
        if (written.isLeft()) {
            err.println("tcpmodel: " + Shown.line(written.getLeft()));
            return Main.EXIT_USAGE;
        }
        err.println("tcpmodel: wrote " + Shown.line(written.get()));
        return 0;
    }
}
