package io.github.tcpmodel.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code tcpmodel}. Exit codes: 0 success, 1 a check found a violation, 2 bad input or usage
 * (including output that cannot be written and memory that runs out). Every error is one line on standard error,
 * starting {@code tcpmodel: }.
 */
@Command(name = "tcpmodel",
        mixinStandardHelpOptions = true,
        versionProvider = CommandVersion.class,
        description = "A formally checked reference model of TCP connection management (RFC 9293).",
        subcommands = {TourCommand.class, TableCommand.class, DiagramCommand.class, ExploreCommand.class, CheckCommand.class,
                ScriptCommand.class, InteropCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  tcpmodel tour", "  tcpmodel table --format markdown", "  tcpmodel diagram --out target/diagrams",
                "  tcpmodel diagram --format dot --out - | dot -Tpdf > tcp-states.pdf",
                "  source <(tcpmodel generate-completion)",
                "", "Exit codes: 0 ok, 1 a check found a violation, 2 bad input or usage (a file that cannot be read "
                + "or written, a script that does not parse, memory that runs out)."})
public final class Main implements Runnable {

    /** Exit code for bad input or usage. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Heap set aside at start and let go when memory runs out, so that the one line saying so can still be put
     * together and printed whatever the heap's size and however full it was.
     */
    private static volatile byte[] reserve = new byte[64 << 10];
    /** The out-of-memory line, built while memory is still there: saying it then allocates next to nothing. */
    private static final String OUT_OF_MEMORY = "tcpmodel: out of memory (the Java heap's limit is "
            + (Runtime.getRuntime().maxMemory() >> 20) + " MB); give it more with -Xmx in JAVA_OPTS, e.g. "
            + "JAVA_OPTS=-Xmx4g tcpmodel ...";

    /**
     * Runs {@code tcpmodel} and exits the JVM with its exit code.
     *
     * @param args the command line, e.g. {@code tour} or {@code diagram --format dot --out -}
     */
    public static void main(String[] args) {
        int code;
        try {
            // Straight to file descriptor 1, not through System.out, whose PrintStream hides write errors.
            code = run(new FileOutputStream(FileDescriptor.out), System.err, args);
        } catch (Throwable t) {
            // An error outside the command's own handling, such as a class initializer that ran out of memory
            // (an ExceptionInInitializerError whose cause is the OutOfMemoryError): the same one line, never the
            // JVM's stack trace.
            reserve = null;
            code = EXIT_USAGE;
            try {
                System.err.println(fault(t));
            } catch (Throwable again) {
                // Not even the line could be written: the exit code still says it.
            }
        }
        System.exit(code);
    }

    /**
     * Runs the command line on {@link System#out} and {@link System#err}; never throws.
     *
     * @param args the command line, without the command's name
     * @return the exit code: 0 ok, 1 a check found a violation, 2 bad input or usage
     */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns its exit code, never throws. */
    static int run(OutputStream out, PrintStream err, String... args) {
        try {
            return execute(args.length > 0 && args[0].equals("check") ? checkOnly() : commandLine(), out, err, args);
        } catch (OutOfMemoryError x) {
            // A heap too small even to build the command line: the same one line as anywhere else.
            err.println(fault(x));
            return EXIT_USAGE;
        }
    }

    /**
     * The command line of {@code tcpmodel}, with {@code generate-completion} listed among the subcommands (picocli
     * hides it by default).
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash (and zsh) completion script for tcpmodel to standard output.",
                        "Use: . <(tcpmodel generate-completion); the distribution also ships it as "
                                + "bin/tcpmodel_completion.");
        return cl;
    }

    /**
     * The command line of {@code tcpmodel check} alone: the same parent name and version, without building the other
     * subcommands, whose option defaults load the model checker's and the diagrams' classes (a tenth of a second
     * or more of a short check's start).
     */
    static CommandLine checkOnly() {
        return new CommandLine(new CheckOnly());
    }

    /** The parent of {@link #checkOnly()}: {@code tcpmodel} as {@link Main} declares it, with one subcommand. */
    @Command(name = "tcpmodel", mixinStandardHelpOptions = true, versionProvider = CommandVersion.class,
            subcommands = CheckCommand.class)
    static final class CheckOnly implements Runnable {
        @Override
        public void run() {
            // Never run: the command line is built only when the first argument is "check".
        }
    }

    /** Runs {@code cl} with the command's error handling: one line on {@code err} and exit code 2 for any fault. */
    static int execute(CommandLine cl, OutputStream out, PrintStream err, String... args) {
        StdoutGuard guard = new StdoutGuard(out);
        if (cl.getSubcommands().get("diagram") != null
                && cl.getSubcommands().get("diagram").getCommand() instanceof DiagramCommand d) {
            d.stdout = guard;
        }
        PrintWriter o = new PrintWriter(new OutputStreamWriter(guard, StandardCharsets.UTF_8));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setExitCodeExceptionMapper(x -> EXIT_USAGE);
        // Help and version text are printed by the strategy itself, outside the execution exception handler: a
        // write error there would otherwise reach picocli's stack trace printer.
        cl.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (StdoutGuard.Failed f) {
                return EXIT_USAGE;
            }
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("tcpmodel: " + Shown.line(ex.getMessage()));
            ex.getCommandLine().getErr().println("Try 'tcpmodel " + (ex.getCommandLine().getCommandName()
                    .equals("tcpmodel") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (guard.failure() == null) {
                c.getErr().println(fault(ex));
            }
            return EXIT_USAGE;
        });
        int code = EXIT_USAGE;
        try {
            code = cl.execute(args);
            o.flush();
        } catch (OutOfMemoryError | StdoutGuard.Failed x) {
            if (guard.failure() == null) {
                e.println(fault(x));
                return EXIT_USAGE;
            }
        }
        // A write error on standard output is said once, here, whichever write met it first.
        if (guard.failure() != null) {
            e.println(fault(new StdoutGuard.Failed(guard.failure())));
            return EXIT_USAGE;
        }
        return code;
    }

    /** The one line for a fault that ended a command: what happened and, where it helps, what to do. */
    static String fault(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                reserve = null;
                return OUT_OF_MEMORY;
            }
            if (c instanceof StdoutGuard.Failed f) {
                return "tcpmodel: " + f.getMessage();
            }
        }
        return "tcpmodel: " + t.getClass().getSimpleName() + ": " + Shown.line(String.valueOf(t.getMessage()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
