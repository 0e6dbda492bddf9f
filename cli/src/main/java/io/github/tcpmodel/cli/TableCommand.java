package io.github.tcpmodel.cli;

import io.github.tcpmodel.table.TransitionTable;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tcpmodel table}: the transition table as text, Markdown or JSON. */
@Command(name = "table",
        mixinStandardHelpOptions = true,
        description = "Print the transition table of RFC 9293 (every state x every event).",
        footer = {"", "Examples:", "  tcpmodel table", "  tcpmodel table --changes-only",
                "  tcpmodel table --format json > table.json"})
final class TableCommand implements Callable<Integer> {

    enum Format { text, markdown, json }

    @Option(names = "--format", description = "text, markdown or json (default: ${DEFAULT-VALUE})",
            defaultValue = "text")
    Format format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Option(names = "--changes-only", description = "Only the transitions that change state.")
    boolean changesOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (json && spec.commandLine().getParseResult().hasMatchedOption("--format") && format != Format.json) {
            spec.commandLine().getErr().println("tcpmodel: --json and --format " + format
                    + " ask for two formats; give one");
            return Main.EXIT_USAGE;
        }
        TransitionTable table = TransitionTable.rfc9293();
        Format f = json ? Format.json : format;
        String out = switch (f) {
            case markdown -> TableFormat.markdown(table, changesOnly);
            case json -> TableFormat.json(table, changesOnly);
            case text -> TableFormat.text(table, changesOnly);
        };
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
