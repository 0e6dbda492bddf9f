package io.github.tcpmodel.cli;

import io.github.tcpmodel.diagram.sequence.SequenceChart;
import io.github.tcpmodel.diagram.sequence.SequenceChartSvg;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.target.Scripts;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.trace.CheckResult;
import io.github.tcpmodel.trace.ConnectionReport;
import io.github.tcpmodel.trace.Limits;
import io.github.tcpmodel.trace.Renderer;
import io.github.tcpmodel.trace.TraceChecker;
import io.github.tcpmodel.trace.TraceReport;
import io.vavr.control.Either;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code tcpmodel check}: replays every TCP connection of a capture through the model. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {"Check a capture (pcap or pcapng; IPv4 and IPv6 over raw IP, Ethernet with VLAN tags, Linux cooked "
                + "SLL/SLL2) against the model: "
                + "for every connection, the states each side went through, the segment that drove each "
                + "transition, and every segment no conforming TCP would send.",
                "Exit codes: 0 everything conforms, 1 violations found, 2 the input cannot be read, the chart cannot be "
                        + "written, or bad usage."},
        footer = {"", "Examples:", "  tcpmodel check capture.pcapng",
                "  tcpmodel check --profile linux --json capture.pcap > report.json",
                "  tcpmodel check --msc handshake.svg --connection 2 capture.pcap",
                "  tcpmodel check --profile linux --until +30 capture.pcap",
                "  tcpmodel check --profile linux --congestion linux capture.pcap"})
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CAPTURE", description = "The capture file.")
    Path capture;

    @Option(names = "--profile", description = "rfc9293 or linux (default: ${DEFAULT-VALUE}).",
            defaultValue = "rfc9293")
    String profile;

    @Option(names = "--json", description = "Print the report as JSON (schema in docs/trace-checker.md).")
    boolean json;

    @Option(names = "--msc", paramLabel = "FILE.svg", description = "Draw one connection as a sequence chart.")
    Path msc;

    @Option(names = "--connection", description = "Which connection --msc draws (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int connection;

    @Option(names = "--until", paramLabel = "TIME", description = "Give each endpoint's state at TIME, the profile's "
            + "timers running after the last frame: +SECONDS after the last frame (e.g. +60, +1.5), or an absolute "
            + "time as seconds since the Unix epoch (1700000000.25) or ISO-8601 (2026-12-07T08:00:00Z).")
    String until;

    @Option(names = "--congestion", paramLabel = "RULES", description = "Also hold each sender to the model's "
            + "congestion bound (MUST-19): rfc5681, rfc6928, linux (ten segments of any size) or widest. Every ACK "
            + "the sender may have seen must be in the capture.")
    String congestion;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Either<String, Profile> p = Scripts.profile(profile);
        if (p.isLeft()) {
            err.println("tcpmodel: " + Shown.line(p.getLeft()));
            return Main.EXIT_USAGE;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--connection") && msc == null) {
            err.println("tcpmodel: --connection chooses the connection --msc draws; give --msc FILE.svg too");
            return Main.EXIT_USAGE;
        }
        if (connection < 1) {
            err.println("tcpmodel: --connection counts from 1");
            return Main.EXIT_USAGE;
        }
        Either<String, TraceChecker.Until> end = until == null ? Either.right(TraceChecker.Until.LAST_FRAME)
                : until(until);
        if (end.isLeft()) {
            err.println("tcpmodel: --until: " + Shown.line(end.getLeft()));
            return Main.EXIT_USAGE;
        }
        Either<String, io.vavr.control.Option<CongestionBounds.Rules>> rules = congestion == null
                ? Either.right(io.vavr.control.Option.none()) : congestion(congestion).map(io.vavr.control.Option::some);
        if (rules.isLeft()) {
            err.println("tcpmodel: --congestion: " + Shown.line(rules.getLeft()));
            return Main.EXIT_USAGE;
        }
        io.vavr.control.Option<String> bad = Inputs.problem(capture);
        if (bad.isDefined()) {
            err.println("tcpmodel: " + Shown.line(capture) + ": " + bad.get());
            return CheckResult.UNREADABLE;
        }
        if (msc != null) {
            Either<String, Path> target = OutputFile.check(msc, io.vavr.collection.List.of(capture));
            if (target.isLeft()) {
                err.println("tcpmodel: --msc: " + target.getLeft());
                return Main.EXIT_USAGE;
            }
        }
        CheckResult result;
        try (ProgressLine progress = ProgressLine.start(err, capture)) {
            result = progress.stream().fold(
                    e -> new CheckResult.Unreadable(e),
                    in -> TraceChecker.check(reopenable(in, capture), capture.toString(), p.get(),
                            Limits.defaults(), end.get(), rules.get()));
        }
        if (result instanceof CheckResult.Unreadable u) {
            err.println("tcpmodel: " + Shown.line(capture) + ": " + Shown.line(u.message()));
            return result.exitCode();
        }
        TraceReport report = ((CheckResult.Checked) result).report();
        out.print(json ? Renderer.json(report) : Shown.text(Renderer.table(report)));
        out.flush();
        if (msc != null) {
            Either<String, Path> drawn = draw(report);
            if (drawn.isLeft()) {
                err.println("tcpmodel: " + drawn.getLeft());
                return Main.EXIT_USAGE;
            }
            err.println("tcpmodel: wrote " + Shown.line(drawn.get()));
        }
        return result.exitCode();
    }

    /** The congestion bound's rules named {@code name}. */
    static Either<String, CongestionBounds.Rules> congestion(String name) {
        return switch (name.strip()) {
            case "rfc5681" -> Either.right(CongestionBounds.Rules.rfc5681());
            case "rfc6928" -> Either.right(new CongestionBounds.Rules(CongestionBounds.InitialWindow.RFC6928,
                    CongestionBounds.SlowStart.SMSS_PER_ACK, CongestionBounds.IdleRestart.RFC5681));
            case "linux" -> Either.right(CongestionBounds.Rules.linux());
            case "widest" -> Either.right(CongestionBounds.Rules.widest());
            default -> Either.left("'" + name + "' is not one of rfc5681, rfc6928, linux, widest");
        };
    }

    /** {@code +SECONDS} after the last frame, epoch seconds, or an ISO-8601 instant. */
    /**
     * The capture as a source the checker may read twice (it reads it again on one thread when its connections
     * could exceed the live limit checked on several): first {@code first}, the stream the progress line counts,
     * then the file again.
     */
    private static TraceChecker.Source reopenable(java.io.InputStream first, Path capture) {
        java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> used.getAndSet(true) ? java.nio.file.Files.newInputStream(capture) : first;
    }

    static Either<String, TraceChecker.Until> until(String text) {
        String t = text.strip();
        try {
            if (t.startsWith("+")) {
                java.math.BigDecimal s = new java.math.BigDecimal(t.substring(1));
                if (s.signum() < 0 || s.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L)) > 0) {
                    return Either.left("'" + text + "' is out of range");
                }
                return Either.right(TraceChecker.Until.afterLastFrame(
                        s.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
            }
            if (t.matches("[0-9]+(\\.[0-9]+)?")) {
                java.math.BigDecimal s = new java.math.BigDecimal(t);
                if (s.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L)) > 0) {
                    return Either.left("'" + text + "' is out of range");
                }
                return Either.right(TraceChecker.Until.at(
                        s.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
            }
            java.time.Instant i = java.time.Instant.parse(t);
            return Either.right(TraceChecker.Until.at(
                    Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano())));
        } catch (NumberFormatException | ArithmeticException | java.time.format.DateTimeParseException e) {
            return Either.left("'" + text + "' is not +SECONDS after the last frame, epoch seconds or an ISO-8601 "
                    + "time such as 2026-12-07T08:00:00Z");
        }
    }

    private Either<String, Path> draw(TraceReport report) {
        io.vavr.control.Option<ConnectionReport> c = report.connections().find(x -> x.id() == connection);
        if (c.isEmpty()) {
            return Either.left("no connection " + connection + " in " + Shown.line(capture) + " (it has "
                    + report.connectionCount() + (report.connectionCount() > report.connections().size()
                    ? ", of which the report keeps the first " + report.connections().size() : "") + ")");
        }
        Either<String, SequenceChart> chart = CaptureChart.of(capture.getFileName() + ", connection " + connection,
                c.get());
        if (chart.isLeft()) {
            return Either.left(Shown.line(chart.getLeft()));
        }
        return OutputFile.write(msc, SequenceChartSvg.render(chart.get()), io.vavr.collection.List.of(capture));
    }
}
