package io.github.tcpmodel.script.target;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.ScriptParser;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a checkout of packetdrill's TCP scripts (its {@code gtests/net/tcp} folder, or any folder of {@code *.pkt}
 * files) on the three targets, the model and the engine under the linux profile, and writes a Markdown section:
 * the figures and one row per script (outcome per target, and the first reason). The scripts are read, never
 * copied.
 *
 * <p>{@code java -cp ... io.github.tcpmodel.script.target.PacketdrillSuite DIR [OUT.md]}; without {@code OUT.md}
 * the section is printed; with it, the section replaces the file's own (from {@link #HEADING} on) or is appended.
 */
public final class PacketdrillSuite {

    /** The heading of the generated section; in a file that has it, everything from it on is replaced. */
    public static final String HEADING = "## packetdrill's TCP scripts on the three targets";

    private PacketdrillSuite() {
    }

    /** One script's outcomes. */
    record Row(String name, Option<String> parseError, Option<ScriptResult> linux, Option<ScriptResult> model,
               Option<ScriptResult> engine, Option<String> engineDeviation) {

        Row(String name, Option<String> parseError, Option<ScriptResult> linux, Option<ScriptResult> model,
            Option<ScriptResult> engine) {
            this(name, parseError, linux, model, engine, Option.none());
        }
    }

    /** An outbound SYN that carries text: {@code > S 0:10(10)}. */
    private static final java.util.regex.Pattern DATA_SYN = java.util.regex.Pattern.compile(
            "(?m)^[^/\\n]*>\\s*S\\s+\\d+:\\d+\\([1-9]\\d*\\)");

    /** An outbound SYN with a Fast Open option: {@code > S 0:0(0) <..., FO ...>}. */
    private static final java.util.regex.Pattern FAST_OPEN_SYN = java.util.regex.Pattern.compile(
            "(?m)^[^/\\n]*>\\s*S\\s[^\\n]*\\bFO(?:EXP)?\\b");

    /** A failure that differs only in PSH: the same segment expected without it and sent with it, or the reverse. */
    private static final java.util.regex.Pattern PSH_ONLY = java.util.regex.Pattern.compile(
            "expected (P?)\\. (\\d+:\\d+\\(\\d+\\)) .* / actual (P?)\\. \\2 .*\\(flags differs\\)");

    /**
     * The engine's own documented deviations (docs/conformance.md, the project's corpus) that explain an engine
     * failure of script {@code text} whose failure report is {@code detail}: its missing TCP_FASTOPEN_CONNECT (the
     * engine's Fast Open client, RFC 7413 §4.1, opens through sendto with MSG_FASTOPEN only), its missing TCP_CORK,
     * and PSH placed as the engine chooses (RFC 9293 §3.9.1.2, MAY-15) where Linux places it elsewhere. None when none
     * does.
     */
    static Option<String> engineDeviation(String text, String detail) {
        if (text.contains("TCP_FASTOPEN_CONNECT") && (FAST_OPEN_SYN.matcher(text).find()
                || DATA_SYN.matcher(text).find())) {
            return Option.some("the engine target has no TCP_FASTOPEN_CONNECT: its Fast Open client (RFC 7413 §4.1) "
                    + "opens through sendto with MSG_FASTOPEN only");
        }
        if (text.contains("TCP_CORK")) {
            return Option.some("the engine target has no TCP_CORK: it sends each write at once");
        }
        java.util.regex.Matcher m = PSH_ONLY.matcher(detail);
        if (m.find() && !m.group(1).equals(m.group(3))) {
            return Option.some("the engine places PSH as it chooses (RFC 9293 §3.9.1.2, MAY-15), not where Linux "
                    + "does; the script asserts Linux's placement");
        }
        return Option.none();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PacketdrillSuite DIR [OUT.md]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = List.ofAll(s.filter(f -> f.toString().endsWith(".pkt")).sorted().collect(Collectors.toList()));
        }
        boolean kernel = LinuxTarget.unavailable().isEmpty();
        List<Row> rows = List.empty();
        for (Path f : files) {
            String name = dir.relativize(f).toString();
            Either<String, String> text = Scripts.read(f);
            Option<String> error = text.isLeft() ? Option.some(text.getLeft())
                    : ScriptParser.parse(name, text.get()).swap().map(e -> e.message()).toOption();
            if (error.isDefined()) {
                rows = rows.append(new Row(name, error, Option.none(), Option.none(), Option.none()));
                System.err.println("parse  " + name + ": " + error.get());
                continue;
            }
            Option<ScriptResult> model = one(f, "model");
            Option<ScriptResult> engine = one(f, "engine");
            Option<ScriptResult> linux = kernel ? one(f, "linux") : Option.none();
            System.err.println(verdict(linux) + " " + verdict(model) + " " + verdict(engine) + " " + name);
            // Only where the model passed is an engine failure the engine's own.
            Option<String> deviation = engine.filter(e -> e.verdict() == ScriptResult.Verdict.FAILED
                    && passed(model)).flatMap(e -> engineDeviation(text.get(), e.detail()));
            rows = rows.append(new Row(name, Option.none(), linux, model, engine, deviation));
        }
        String md = render(dir, rows, kernel);
        if (args.length == 2) {
            Path out = Path.of(args[1]);
            String before = "";
            if (Files.exists(out)) {
                String doc = Files.readString(out, StandardCharsets.UTF_8);
                int at = doc.indexOf(HEADING);
                before = at < 0 ? doc + "\n" : doc.substring(0, at);
            }
            Files.writeString(out, before + md, StandardCharsets.UTF_8);
        } else {
            System.out.print(md);
        }
    }

    private static Option<ScriptResult> one(Path f, String target) {
        Either<String, ScriptReport> r = Scripts.run(java.util.List.of(f), target, Option.some(Profile.linux()));
        return r.toOption().flatMap(x -> x.results().headOption());
    }

    private static String verdict(Option<ScriptResult> r) {
        return r.map(x -> switch (x.verdict()) {
            case PASSED -> "pass";
            case FAILED -> "FAIL";
            case SKIPPED -> "skip";
            case INVALID -> "inv.";
        }).getOrElse("-");
    }

    private static boolean passed(Option<ScriptResult> r) {
        return r.exists(x -> x.verdict() == ScriptResult.Verdict.PASSED);
    }

    private static String reason(Row r) {
        if (r.parseError().isDefined()) {
            return "does not parse: " + r.parseError().get();
        }
        for (Option<ScriptResult> x : List.of(r.linux(), r.model(), r.engine())) {
            if (x.isDefined() && x.get().verdict() != ScriptResult.Verdict.PASSED) {
                String d = x.get().detail();
                int nl = d.indexOf('\n');
                String deviation = x == r.engine() ? r.engineDeviation().map(w -> "engine deviation: " + w + "; ")
                        .getOrElse("") : "";
                return deviation + x.get().target() + ": " + (nl < 0 ? d : d.substring(0, nl));
            }
        }
        int na = r.model().map(x -> x.notApplicable().size()).getOrElse(0);
        return na == 0 ? "" : na + " line(s) not applicable to the model";
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%d of %d (%.0f%%)", part, whole,
                100.0 * part / whole);
    }

    static String render(Path dir, List<Row> rows, boolean kernel) {
        long parsed = rows.count(r -> r.parseError().isEmpty());
        List<Row> kernelPass = rows.filter(r -> passed(r.linux()));
        StringBuilder b = new StringBuilder();
        b.append(HEADING).append("\n\n");
        b.append("Generated, as root, from a checkout of packetdrill (`git clone https://github.com/google/packetdrill`; "
                + "its scripts are GPL and are not part of this repository) by the commands below; compiling and listing "
                + "the class path in one reactor run puts the checkout's own classes on it, never older installed "
                + "snapshots\n\n```\nmvn -B -ntp -o -q compile dependency:build-classpath -pl script -am "
                + "-Dmdep.outputFile=/tmp/cp.txt\njava -cp \"$(cat /tmp/cp.txt):script/target/classes\" "
                + "io.github.tcpmodel.script.target.PacketdrillSuite PACKETDRILL/gtests/net/tcp docs/conformance.md"
                + "\n```\n\nThe model and the engine run under the linux profile; the kernel runs each script in a "
                + "fresh namespace with its default sysctls, the script's shell lines run there (`../common/"
                + "defaults.sh` needs the checkout's `gtests/net/common`)").append(kernel ? "" : " (the kernel "
                + "target was not available on the machine that generated this table)").append(". A cell is "
                + "`pass` when every line that applies to the target held; lines that do not apply (a Python "
                + "block, options the model does not carry, a call the target cannot make) are listed by "
                + "`tcpmodel script --report`. `FAIL` includes a flaky script (it passed only on a second run). An engine "
                + "failure that one of the engine's documented deviations explains (no TCP_FASTOPEN_CONNECT, no "
                + "TCP_CORK, PSH placed elsewhere than Linux places it) is labelled `engine deviation` with it.\n\n");
        b.append("- scripts: ").append(rows.size()).append('\n');
        b.append("- parse unchanged: ").append(percent(parsed, rows.size())).append('\n');
        b.append("- pass on the kernel: ").append(percent(kernelPass.size(), parsed)).append('\n');
        b.append("- of those, pass on the model: ")
                .append(percent(kernelPass.count(r -> passed(r.model())), kernelPass.size())).append('\n');
        b.append("- of those, pass on the engine: ")
                .append(percent(kernelPass.count(r -> passed(r.engine())), kernelPass.size()))
                .append("; of those that fail there, ").append(kernelPass.count(r -> !passed(r.engine())
                        && r.engineDeviation().isDefined())).append(" fail by a documented engine deviation where the "
                        + "model passes (the row says which)\n");
        b.append("- pass on the model / the engine (of those that parse): ")
                .append(percent(rows.count(r -> passed(r.model())), parsed)).append(" / ")
                .append(percent(rows.count(r -> passed(r.engine())), parsed)).append("\n\n");
        b.append("| script | kernel | model | engine | first reason |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.name()).append(" | ").append(verdict(r.linux())).append(" | ")
                    .append(verdict(r.model())).append(" | ").append(verdict(r.engine())).append(" | ")
                    .append(reason(r).replace(dir.toAbsolutePath() + "/", "").replace(dir + "/", "")
                            .replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        return b.toString();
    }
}
