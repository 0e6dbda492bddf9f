package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command's promises to a user, one test per class of input: exit 0 ok, 1 a violation, 2 bad input or usage;
 * one line on standard error, never a stack trace, a hang or lost data.
 */
class PromisesTest {

    static final Path CAPTURE = Path.of("..", "trace", "src", "test", "resources", "captures",
            "client-closes-first.pcap");
    static final Path SCRIPTS = Path.of("..", "script", "src", "test", "resources", "scripts");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        /** The single line on standard error, asserting there is exactly one and no stack trace. */
        String line() {
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("tcpmodel: "), err);
            assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
            return err.strip();
        }
    }

    static Run run(OutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(out, new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "",
                err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(new ByteArrayOutputStream(), args);
    }

    // ---------------------------------------------------------------- lost data

    // Standard output that cannot be written (a full disk): exit 2 with the system's reason, for every command.
    @Test
    void standardOutputThatCannotBeWrittenIsExitTwoWithTheReason() throws IOException {
        List<String[]> commands = List.of(new String[] {"table"}, new String[] {"check", CAPTURE.toString()},
                new String[] {"check", "--json", CAPTURE.toString()},
                new String[] {"script", SCRIPTS.resolve("close-active.pkt").toString()},
                new String[] {"script", "--json", SCRIPTS.resolve("close-active.pkt").toString()},
                new String[] {"--help"});
        for (String[] args : commands) {
            try (FileOutputStream full = new FileOutputStream("/dev/full")) {
                Run r = run(full, args);
                assertEquals(2, r.code, String.join(" ", args) + ": " + r.err);
                assertEquals("tcpmodel: cannot write to standard output: No space left on device", r.line());
            }
        }
    }

    // An output file that is an input, a device, a folder or in a missing folder: refused, the input untouched.
    @Test
    void theChartIsNeverWrittenOntoAnInputOrADevice() throws IOException {
        Path capture = Files.copy(CAPTURE, dir.resolve("cap.pcap"));
        byte[] before = Files.readAllBytes(capture);
        Path link = Files.createSymbolicLink(dir.resolve("link.svg"), capture);
        for (Path msc : List.of(capture, dir.resolve(".").resolve("cap.pcap"), link)) {
            Run r = run("check", "--msc", msc.toString(), capture.toString());
            assertEquals(2, r.code, r.err);
            assertTrue(r.line().contains("it is the input"), r.err);
            assertArrayEquals(before, Files.readAllBytes(capture));
        }
        Run dev = run("check", "--msc", "/dev/full", capture.toString());
        assertEquals(2, dev.code);
        assertTrue(dev.line().endsWith("not a regular file (a FIFO, socket or device)"), dev.err);
        assertTrue(Files.exists(Path.of("/dev/full")) && !Files.isRegularFile(Path.of("/dev/full")));
        Run folder = run("check", "--msc", dir.toString(), capture.toString());
        assertEquals(2, folder.code);
        assertTrue(folder.line().endsWith("it is a directory"), folder.err);
    }

    // A write that fails says why at once; nothing half-written, no temporary file is left behind.
    @Test
    void aFailedWriteSaysWhyAndLeavesNothingBehind() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Run r = run("check", "--msc", file.resolve("c.svg").toString(), CAPTURE.toString());
        assertEquals(2, r.code);
        assertEquals("tcpmodel: cannot write " + file.resolve("c.svg") + ": Not a directory", r.line());
        Run ex = run("explore", "--theorem", "two-way", "--threads", "1", "--svg", file.resolve("d").toString());
        assertEquals(2, ex.code);
        assertTrue(ex.err.contains("Not a directory") || ex.err.contains("FileAlreadyExists")
                || ex.err.contains("File exists"), ex.err);
        // A successful write replaces the old file whole, and leaves only it.
        Path svg = Files.writeString(dir.resolve("c.svg"), "old");
        Run ok = run("check", "--profile", "linux", "--msc", svg.toString(), CAPTURE.toString());
        assertEquals(0, ok.code, ok.err);
        assertTrue(Files.readString(svg).startsWith("<svg") || Files.readString(svg).startsWith("<?xml"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("c.svg", "plain"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    // Scripts: bad input is 2, a failure 1, a pass or a skip 0; each says which.
    @Test
    void scriptVerdictsMapToExitCodes() throws IOException {
        String ok = String.join("\n", "// profile: rfc9293", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 bind(3, ..., ...) = 0", "+0 listen(3, 1) = 0", "+0 < S 0:0(0) win 65535 <mss 1460>",
                "+0 > S. 0:0(0) ack 1 <...>", "");
        Path cr = Files.writeString(dir.resolve("cr.pkt"), ok.replace("\n", "\r").replace("ack 1", "ack 9"));
        Run crRun = run("script", cr.toString());
        assertEquals(1, crRun.code, crRun.out);
        assertTrue(crRun.out.contains("cr.pkt:6") && crRun.out.contains("0 passed, 1 failed, 0 skipped"), crRun.out);
        Path empty = Files.writeString(dir.resolve("empty.pkt"), "// profile: rfc9293\n// nothing else\n");
        Path backwards = Files.writeString(dir.resolve("back.pkt"), ok + "0 close(3) = 0\n".replace("0 c", "5 c")
                + "1 close(3) = 0\n");
        for (Path bad : List.of(empty, backwards)) {
            Run r = run("script", bad.toString());
            assertEquals(2, r.code, r.out);
            assertTrue(r.out.contains("INVALID " + bad) && r.out.contains("1 invalid"), r.out);
        }
        // The kernel target skips an rfc9293-only script everywhere: exit 0, and it says so.
        Run skip = run("script", "--target", "linux", Files.writeString(dir.resolve("s.pkt"), ok).toString());
        assertEquals(0, skip.code, skip.out);
        assertTrue(skip.out.contains("SKIPPED") && skip.out.contains("0 passed, 0 failed, 1 skipped"), skip.out);
    }

    // JSON results: each written as it comes; a stop closes the object so what was written still parses.
    @Test
    void jsonResultsAreClosedWhenTheRunIsStopped() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        java.io.PrintWriter w = new java.io.PrintWriter(new java.io.OutputStreamWriter(b, StandardCharsets.UTF_8));
        ScriptCommand.JsonResults json = new ScriptCommand.JsonResults(w);
        json.begin();
        json.add(new io.github.tcpmodel.script.target.ScriptResult("a\".pkt", "linux", "linux",
                io.github.tcpmodel.script.target.ScriptResult.Verdict.PASSED, ""));
        String afterOne = b.toString(StandardCharsets.UTF_8);
        assertTrue(afterOne.contains("\"file\": \"a\\\".pkt\""), afterOne);
        json.interrupted();
        json.interrupted();
        assertEquals("{\"results\": [\n  {\"file\": \"a\\\".pkt\", \"target\": \"linux\", \"profile\": \"linux\", "
                + "\"verdict\": \"PASSED\", \"detail\": \"\"}\n], \"passed\": 1, \"failed\": 0, \"skipped\": 0, "
                + "\"invalid\": 0, \"interrupted\": true}" + System.lineSeparator(), b.toString(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- crashes

    // Memory that runs out, directly or as the cause of another failure: one line with the -Xmx hint, exit 2.
    @Test
    void runningOutOfMemoryIsOneLineWithTheHint() {
        for (Callable<Integer> c : List.<Callable<Integer>>of(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, () -> {
            throw new java.util.concurrent.ExecutionException(new OutOfMemoryError("Requested array size"));
        })) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.execute(new CommandLine(new Boom(c)), new ByteArrayOutputStream(),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            Run r = new Run(code, "", err.toString(StandardCharsets.UTF_8));
            assertEquals(2, r.code);
            assertTrue(r.line().startsWith("tcpmodel: out of memory (the Java heap's limit is ")
                    && r.err.contains("JAVA_OPTS=-Xmx"), r.err);
        }
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Callable<Integer> body;

        Boom(Callable<Integer> body) {
            this.body = body;
        }

        @Override
        public Integer call() throws Exception {
            return body.call();
        }
    }

    // Options out of range, in conflict, or without the option they qualify: usage errors, not ignored.
    @Test
    void optionsThatWouldBeIgnoredOrCrashAreUsageErrors() {
        String[][] cases = {
            {"--threads must be from 1 to 1024, not 32768", "explore", "--threads", "32768"},
            {"--threads must be from 1 to 1024, not 0", "explore", "--threads", "0"},
            {"it takes no --json", "explore", "--tla", "--json"},
            {"it takes no --theorem", "explore", "--tla", "--theorem", "nosuch"},
            {"no check matches 'nosuch'", "explore", "--theorem", "nosuch"},
            {"--json and --format markdown ask for two formats", "table", "--json", "--format", "markdown"},
            {"give --msc FILE.svg too", "check", "--connection", "2", CAPTURE.toString()},
            {"--out needs a folder name", "diagram", "--out", ""},
            {"--out needs a folder name", "tour", "--out", ""},
        };
        for (String[] c : cases) {
            Run r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.code, String.join(" ", c));
            assertTrue(r.line().contains(c[0]), r.err);
        }
        assertEquals(0, run("table", "--json", "--format", "json").code);
    }

    // ---------------------------------------------------------------- unclear messages

    // Inputs that are not readable files: each says what it is; a FIFO is refused, not read (it would block).
    @Test
    void inputsThatAreNotFilesSayWhatTheyAre() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path empty = dir.resolve("nodir");
        String[][] cases = {
            {"no such file", dir.resolve("missing.pcap").toString()},
            {"is a directory", dir.toString()},
            {"not a regular file (a FIFO, socket or device)", fifo.toString()},
        };
        for (String[] c : cases) {
            Run check = run("check", c[1]);
            assertEquals(2, check.code);
            assertEquals("tcpmodel: " + c[1] + ": " + c[0], check.line());
        }
        Run script = run("script", fifo.toString());
        assertEquals(2, script.code);
        assertEquals("tcpmodel: " + fifo + ": not a regular file (a FIFO, socket or device)", script.line());
        Run none = run("script", Files.createDirectory(empty).toString());
        assertEquals("tcpmodel: no *.pkt script in " + empty, none.line());
    }

    // Control characters in names are escaped when echoed, so a name cannot drive the terminal or forge a line.
    @Test
    void controlCharactersInNamesAreEscaped() {
        Run r = run("check", dir.resolve("a\u001b[31mred\nline.pcap").toString());
        assertEquals(2, r.code);
        assertTrue(r.line().contains("a\\x1b[31mred\\x0aline.pcap: no such file"), r.err);
        assertEquals("x\\x07y\\x9b", Shown.text("x\u0007y\u009b"));
    }

    // The help's example script exists where the help says.
    @Test
    void theScriptHelpsExampleExists() {
        assertTrue(Files.isRegularFile(Path.of("..").resolve(ScriptCommand.EXAMPLE)), ScriptCommand.EXAMPLE);
        Run help = run("script", "--help");
        assertTrue(help.out.contains(ScriptCommand.EXAMPLE) && help.out.contains("at most 120"), help.out);
    }

    // The progress line is drawn with carriage returns only on a terminal; in a log it stays silent.
    @Test
    void progressIsOnlyDrawnOnATerminal() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        java.io.PrintWriter err = new java.io.PrintWriter(b, true);
        try (ProgressLine p = ProgressLine.start(err, CAPTURE, false)) {
            assertTrue(p.stream().isRight());
            assertFalse(p.reporting());
        }
        try (ProgressLine p = ProgressLine.start(err, CAPTURE, true)) {
            assertTrue(p.reporting());
        }
        assertEquals("", b.toString());
    }
}
