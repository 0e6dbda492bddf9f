package io.github.tcpmodel.cli;

import io.github.tcpmodel.table.TransitionTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tcpmodel tour}: a guided look at what the model knows and proves. */
@Command(name = "tour",
        mixinStandardHelpOptions = true,
        description = "A tour of the model: the state machine, its transitions, and what is reachable.",
        footer = {"", "Example:", "  tcpmodel tour"})
final class TourCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TransitionTable table = TransitionTable.rfc9293();
        out.println("tcpmodel tour: TCP connection management as RFC 9293 specifies it");
        out.println();
        out.println("1. The transitions that change state (RFC 9293 Figure 5, its notes, and the text of §3.10)");
        out.println();
        out.print(TableFormat.text(table, true));
        out.println();
        out.println("2. Reachability");
        out.println();
        out.print(TableFormat.reachability(table));
        out.println();
        out.println("The whole table, refusals and self-loops included: tcpmodel table");
        out.flush();
        return 0;
    }
}
