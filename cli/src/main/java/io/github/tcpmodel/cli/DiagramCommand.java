package io.github.tcpmodel.cli;

import io.github.tcpmodel.diagram.Diagrams;
import io.github.tcpmodel.diagram.Written;
import io.vavr.control.Either;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tcpmodel diagram}: renders every diagram of the model into a folder. */
@Command(name = "diagram",
        mixinStandardHelpOptions = true,
        description = {"Render the state diagrams (Figure 5 and complete) and the sequence charts of the handshake "
                + "and close scenarios: SVG, PNG, DOT and Mermaid.",
                "The default engine is graphviz-java's embedded V8; native dot is used when V8 cannot start."},
        footer = {"", "Examples:", "  tcpmodel diagram --out target/diagrams",
                "  tcpmodel diagram --out /tmp/d && xdg-open /tmp/d/tcp-states.svg"})
final class DiagramCommand implements Callable<Integer> {

    @Option(names = "--out", description = "Output folder, created if missing (default: ${DEFAULT-VALUE}).",
            defaultValue = "tcpmodel-diagrams")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (out.toString().isEmpty()) {
            err.println("tcpmodel: --out needs a folder name (an empty one would mean the current folder)");
            return Main.EXIT_USAGE;
        }
        err.println("tcpmodel: rendering diagrams into " + Shown.line(out) + " ...");
        err.flush();
        Either<String, Written> written = Diagrams.writeAll(out);
        if (written.isLeft()) {
            err.println("tcpmodel: " + Shown.line(written.getLeft()));
            return Main.EXIT_USAGE;
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("Wrote " + written.get().files().size() + " files into "
                + Shown.line(out.toAbsolutePath().normalize())
                + " (renderer: " + written.get().engine() + "):");
        written.get().files().forEach(f -> o.println("  " + Shown.line(f.getFileName())));
        o.flush();
        return 0;
    }
}
