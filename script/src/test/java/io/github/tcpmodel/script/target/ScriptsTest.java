package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptsTest {

    @TempDir
    Path dir;

    static final String HANDSHAKE = String.join("\n",
            "// rfc: RFC 9293 §3.5",
            "// profile: rfc9293, linux",
            "0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0   bind(3, ..., ...) = 0",
            "+0   listen(3, 1) = 0",
            "+0   < S 0:0(0) win 65535 <mss 1460>",
            "+0   > S. 0:0(0) ack 1 <...>",
            "+.01 < . 1:1(0) ack 1 win 65535",
            "+0   accept(3, ..., ...) = 4", "");

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aScriptRunsOnceUnderEachProfileItNames() throws IOException {
        ScriptReport r = Scripts.run(java.util.List.of(write("h.pkt", HANDSHAKE)), "model", Option.none()).get();
        assertEquals(List.of("rfc9293", "linux"), r.results().map(ScriptResult::profile));
        assertTrue(r.allPassed(), r::render);
    }

    @Test
    void onTheEngineAScriptRunsOnceUnderEachProfileItNamesAndAFailureNamesItsLine() throws IOException {
        ScriptReport r = Scripts.run(java.util.List.of(write("h.pkt", HANDSHAKE)), "engine", Option.none()).get();
        assertEquals(List.of("rfc9293", "linux"), r.results().map(ScriptResult::profile));
        assertEquals(List.of("engine", "engine"), r.results().map(ScriptResult::target));
        assertTrue(r.allPassed(), r::render);
        Path p = write("bad.pkt", HANDSHAKE.replace("> S. 0:0(0) ack 1 <...>", "> S. 0:0(0) ack 1 <mss 536>"));
        ScriptReport bad = Scripts.run(java.util.List.of(p), "engine", Option.some(Profile.linux())).get();
        assertEquals(List.of("linux"), bad.results().map(ScriptResult::profile));
        String detail = bad.failures().head().detail();
        assertTrue(detail.startsWith(p + ":7: expected S. 0:0(0) ack 1 <mss 536>"), detail);
        assertTrue(detail.contains("<mss 1460>"), detail);
    }

    @Test
    void aProfileGivenOverridesTheHeader() throws IOException {
        ScriptReport r = Scripts.run(java.util.List.of(write("h.pkt", HANDSHAKE)), "model",
                Option.some(Profile.linux())).get();
        assertEquals(List.of("linux"), r.results().map(ScriptResult::profile));
    }

    @Test
    void aFailureNamesTheFileLineExpectedAndActual() throws IOException {
        Path p = write("bad.pkt", HANDSHAKE.replace("> S. 0:0(0) ack 1", "> S. 0:0(0) ack 2"));
        ScriptReport r = Scripts.run(java.util.List.of(p), "model", Option.some(Profile.rfc9293())).get();
        assertFalse(r.allPassed());
        String detail = r.failures().head().detail();
        assertTrue(detail.startsWith(p + ":7: expected S. 0:0(0) ack 2"), detail);
        assertTrue(detail.contains("/ actual S. 0:0(0) ack 1"), detail);
        assertTrue(detail.contains("(ack differs)"), detail);
    }

    @Test
    void aMalformedScriptIsBadInputWithFileLineAndColumn() throws IOException {
        Path p = write("broken.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ... = 0\n");
        ScriptReport r = Scripts.run(java.util.List.of(p), "model", Option.none()).get();
        assertEquals(ScriptResult.Verdict.INVALID, r.results().head().verdict());
        assertTrue(r.results().head().detail().startsWith(p + ":2:"), r.results().head().detail());
        assertEquals(2, r.exitCode());
    }

    // Files that are not readable scripts: each says what it is, none blocks (a FIFO would block a read).
    @Test
    void aFileThatCannotBeReadIsBadInputThatSaysWhy() throws Exception {
        Path missing = dir.resolve("missing.pkt");
        Path folder = Files.createDirectory(dir.resolve("folder.pkt"));
        Path fifo = dir.resolve("fifo.pkt");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Path latin1 = dir.resolve("latin1.pkt");
        Files.write(latin1, "// caf\u00e9\n0 close(3) = 0\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        java.util.Map<Path, String> expected = java.util.Map.of(missing, "no such file", folder, "is a directory",
                fifo, "not a regular file", latin1, "not a UTF-8 text file (byte 6 starts a malformed sequence)");
        for (java.util.Map.Entry<Path, String> x : expected.entrySet()) {
            ScriptResult r = Scripts.run(java.util.List.of(x.getKey()), "model", Option.none()).get().results()
                    .head();
            assertEquals(ScriptResult.Verdict.INVALID, r.verdict(), r.detail());
            assertEquals(x.getKey() + ": " + x.getValue(), r.detail().substring(0, Math.min(r.detail().length(),
                    (x.getKey() + ": " + x.getValue()).length())), r.detail());
        }
    }

    // The profile header: empty or naming an unknown profile is bad input, not a silent default.
    @Test
    void anEmptyOrUnknownProfileHeaderIsBadInput() throws IOException {
        for (String header : List.of("// profile:", "// profile: ,", "// profile: bsd", "// profile: linux, bsd")) {
            Path p = write("h.pkt", HANDSHAKE.replace("// profile: rfc9293, linux", header));
            ScriptReport r = Scripts.run(java.util.List.of(p), "model", Option.none()).get();
            assertEquals(ScriptResult.Verdict.INVALID, r.results().head().verdict(), header);
            assertTrue(r.results().head().detail().contains("'// profile:' header names"), r.results().head()
                    .detail());
        }
        assertEquals(List.of("rfc9293"), Scripts.profileHeader("0 close(3) = 0").get());
    }

    // CR-only line ends: the header and every event are read, so the script runs (and fails where it should).
    @Test
    void aScriptWithCrLineEndsRunsLikeItsLfTwin() throws IOException {
        Path lf = write("lf.pkt", HANDSHAKE);
        Path cr = write("cr.pkt", HANDSHAKE.replace("\n", "\r"));
        ScriptReport both = Scripts.run(java.util.List.of(lf, cr), "model", Option.none()).get();
        assertEquals(4, both.results().size(), both::render);
        assertTrue(both.allPassed(), both::render);
        Path wrong = write("wrong.pkt", HANDSHAKE.replace("ack 1 <...>", "ack 7 <...>").replace("\n", "\r"));
        ScriptReport r = Scripts.run(java.util.List.of(wrong), "model", Option.none()).get();
        assertEquals(ScriptResult.Verdict.FAILED, r.results().head().verdict(), r::render);
        assertTrue(r.results().head().detail().contains("wrong.pkt:7"), r::render);
        assertEquals(1, r.exitCode());
    }

    // Exit codes of a run: 0 passes and skips, 1 a failure, 2 bad input or nothing run.
    @Test
    void theExitCodeSaysInvalidOverFailedOverPassedOrSkipped() {
        ScriptResult pass = new ScriptResult("a", "model", "rfc9293", ScriptResult.Verdict.PASSED, "");
        ScriptResult skip = new ScriptResult("b", "linux", "linux", ScriptResult.Verdict.SKIPPED, "no TUN");
        ScriptResult fail = new ScriptResult("c", "model", "rfc9293", ScriptResult.Verdict.FAILED, "x");
        ScriptResult bad = new ScriptResult("d", "model", "-", ScriptResult.Verdict.INVALID, "y");
        assertEquals(0, new ScriptReport(List.of(pass, skip)).exitCode());
        assertEquals(0, new ScriptReport(List.of(skip)).exitCode());
        assertEquals(1, new ScriptReport(List.of(pass, fail, skip)).exitCode());
        assertEquals(2, new ScriptReport(List.of(pass, fail, bad)).exitCode());
        assertEquals(2, new ScriptReport(List.empty()).exitCode());
        assertEquals("1 passed, 1 failed, 0 skipped, 1 invalid", new ScriptReport(List.of(pass, fail, bad))
                .summary());
    }

    // The linux target refuses what it cannot send whole: a payload beyond one IPv4 packet, a huge write.
    @Test
    void theLinuxTargetRefusesPayloadsItCannotSendWhole() throws IOException {
        String connected = HANDSHAKE.replace("// profile: rfc9293, linux", "// profile: linux");
        for (String line : List.of("+0 < P. 1:4294967295(4294967294) ack 1 win 65535",
                "+0 write(4, ..., 2147483647) = 2147483647")) {
            Path p = write("big.pkt", connected + line + "\n");
            ScriptReport r = Scripts.run(java.util.List.of(p), "linux", Option.none()).get();
            assertEquals(ScriptResult.Verdict.INVALID, r.results().head().verdict(), r::render);
            assertTrue(r.results().head().detail().startsWith(p + ":10:1: the linux target"), r::render);
            assertEquals(2, r.exitCode());
        }
        Path fits = write("fits.pkt", connected + "+0 < P. 1:65001(65000) ack 1 win 65535\n");
        assertTrue(Scripts.refused(io.github.tcpmodel.script.ScriptParser.parse(fits).get(), "linux").isEmpty());
    }

    @Test
    void anUnknownTargetOrProfileIsALeftValue() {
        Either<String, ScriptReport> r = Scripts.run(java.util.List.of(), "bsd", Option.none());
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().contains("known: model, engine, linux"), r.getLeft());
        assertTrue(Scripts.profile("bsd").isLeft());
        assertEquals("linux", Scripts.profile("linux").get().name());
    }

    @Test
    void anEmptyRunDoesNotCountAsAllPassed() {
        assertFalse(Scripts.run(java.util.List.of(), "model", Option.none()).get().allPassed());
    }

    @Test
    void aRfc9293OnlyScriptIsSkippedOnTheKernel() throws IOException {
        Path p = write("x.rfc9293.pkt", HANDSHAKE.replace("// profile: rfc9293, linux", "// profile: rfc9293"));
        ScriptReport r = Scripts.run(java.util.List.of(p), "linux", Option.none()).get();
        assertEquals(ScriptResult.Verdict.SKIPPED, r.results().head().verdict());
        assertFalse(r.allPassed());
    }

    @Test
    void headersAreRead() {
        assertEquals(List.of("rfc9293"), Scripts.profilesOf("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"));
        assertEquals(List.of("linux"), Scripts.profilesOf("// profile: linux\n"));
        assertEquals("why", Scripts.deviationsOf("// deviation: model/linux: why\n").get("model/linux").get());
        assertTrue(Scripts.deviationsOf("// deviation nothing\n").isEmpty());
    }
}
