package io.github.tcpmodel.cli;

import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.tcp.Theorems;
import io.github.tcpmodel.diagram.Diagrams;
import io.github.tcpmodel.diagram.Written;
import io.github.tcpmodel.diagram.scenario.Scenario;
import io.github.tcpmodel.diagram.scenario.Scenarios;
import io.github.tcpmodel.diagram.sequence.SequenceChartText;
import io.github.tcpmodel.table.Arc;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tcpmodel tour}: the main job, a guided look at what the model knows and proves. */
@Command(name = "tour",
        mixinStandardHelpOptions = true,
        description = {"A tour of tcpmodel: the state machine of RFC 9293 and what is reachable, the three-way "
                + "handshake and four-way close as sequence charts, the model checker's theorems and the "
                + "counterexamples against the broken variants, a live exchange with the Linux kernel where root "
                + "and /dev/net/tun allow (said and skipped where they do not), and every diagram written to a folder.",
                "Exit codes: 0 everything as predicted (the live part completed or skipped), 1 a verdict differs or "
                        + "the live exchange failed, 2 the diagrams cannot be written or bad usage."},
        footer = {"", "Examples:", "  tcpmodel tour", "  tcpmodel tour --out /tmp/tour"})
final class TourCommand implements Callable<Integer> {

    @Option(names = "--out", description = "Where the diagrams go (default: ${DEFAULT-VALUE}).",
            defaultValue = "tcpmodel-tour")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (out.toString().isEmpty()) {
            err.println("tcpmodel: --out needs a folder name (an empty one would mean the current folder)");
            return Main.EXIT_USAGE;
        }
        TransitionTable table = TransitionTable.rfc9293();
        boolean ok = true;

        heading(o, 1, "The state machine (RFC 9293 §3.3.2, Figure 5)");
        o.printf("The transition table maps each of %d connection states (the eleven TCP states, SYN-RECEIVED%n"
                        + "twice: reached passively or actively) and %d events to one outcome: %d entries, %d of them%n"
                        + "transitions that change state. The arcs of Figure 5 and its Notes 1-2:%n%n",
                io.github.tcpmodel.table.ConnectionState.all().size(),
                io.github.tcpmodel.table.Event.values().length, table.entries().size(), table.stateChanges().size());
        List<Arc> figure = table.stateChanges().filter(a -> a.transition().provenance() == Provenance.FIGURE_5
                || a.transition().provenance() == Provenance.NOTE_1
                || a.transition().provenance() == Provenance.NOTE_2);
        int w = figure.map(a -> a.source().rfcName().length()).max().getOrElse(0);
        int lw = figure.map(a -> a.label().length()).max().getOrElse(0);
        for (Arc a : figure) {
            o.printf("  %-" + w + "s  %-" + lw + "s  -> %s%n", a.source().rfcName(), a.label(), a.target().rfcName());
        }
        o.println();
        o.print(TableFormat.reachability(table));
        o.println("  (the whole table: tcpmodel table; as Markdown: docs/generated/transition-table.md)");
        o.flush();

        heading(o, 2, "Connection set-up and tear-down, stepped through the table on both sides");
        Either<String, List<Scenario>> charts = Scenarios.charts(table);
        if (charts.isLeft()) {
            err.println("tcpmodel: " + charts.getLeft());
            return Main.EXIT_USAGE;
        }
        for (Scenario s : charts.get().filter(s -> s.name().equals("three-way-handshake")
                || s.name().equals("four-way-close"))) {
            o.println(SequenceChartText.render(s.chart()).indent(2).stripTrailing());
            o.println();
        }
        o.flush();

        heading(o, 3, "Theorems: proven over every reachable state, or refuted with a counterexample");
        List<Theorems.Verdict> verdicts = List.empty();
        for (Theorems.Verdict v : Theorems.all(Options.defaults())) {
            ExploreCommand.print(o, v, 0);
            verdicts = verdicts.append(v);
            o.flush();
        }
        long asPredicted = verdicts.count(Theorems.Verdict::asPredicted);
        o.println(asPredicted + " of " + verdicts.size() + " verdicts as RFC 9293 predicts.");
        ok &= asPredicted == verdicts.size();

        heading(o, 4, "Live: the engine and the Linux kernel");
        ok &= Live.run(o, err);
        o.flush();

        heading(o, 5, "Diagrams");
        err.println("tcpmodel: rendering diagrams into " + Shown.line(out) + " ...");
        err.flush();
        Either<String, Written> written = Diagrams.writeAll(out);
        if (written.isLeft()) {
            err.println("tcpmodel: " + Shown.line(written.getLeft()));
            return Main.EXIT_USAGE;
        }
        o.println("Wrote " + written.get().files().size() + " files into "
                + Shown.line(out.toAbsolutePath().normalize())
                + ": the state diagram (tcp-states.svg/.png), the complete diagram with the RST, ABORT and timeout "
                + "transitions (tcp-states-complete.*), DOT and Mermaid sources, the scenario charts, and the "
                + "counterexamples (counterexample-*.svg).");
        o.println();
        o.println("Next: tcpmodel explore | tcpmodel check CAPTURE | tcpmodel script FILES | tcpmodel --help");
        o.flush();
        return ok ? 0 : 1;
    }

    private static void heading(PrintWriter o, int n, String title) {
        o.println();
        o.println(n + ". " + title);
        o.println("-".repeat(n < 10 ? title.length() + 3 : title.length() + 4));
        o.println();
    }
}
