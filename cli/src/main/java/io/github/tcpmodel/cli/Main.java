package io.github.tcpmodel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code tcpmodel}. Exit codes: 0 success, 1 a check found a violation, 2 bad input or usage.
 */
@Command(name = "tcpmodel",
        mixinStandardHelpOptions = true,
        version = "tcpmodel 0.1.0",
        description = "A formally checked reference model of TCP connection management (RFC 9293).",
        subcommands = {TourCommand.class, TableCommand.class, DiagramCommand.class, ExploreCommand.class, CheckCommand.class,
                ScriptCommand.class, InteropCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  tcpmodel tour", "  tcpmodel table --format markdown", "  tcpmodel diagram --out target/diagrams",
                "", "Exit codes: 0 ok, 1 violation found, 2 bad input or usage."})
public final class Main implements Runnable {

    /** Exit code for bad input or usage. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; never throws. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> EXIT_USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("tcpmodel: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'tcpmodel " + (ex.getCommandLine().getCommandName()
                    .equals("tcpmodel") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("tcpmodel: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
