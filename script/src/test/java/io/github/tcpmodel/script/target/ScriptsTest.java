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
    void aMalformedScriptIsAFailureWithFileLineAndColumn() throws IOException {
        Path p = write("broken.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...\n");
        ScriptReport r = Scripts.run(java.util.List.of(p), "model", Option.none()).get();
        assertEquals(ScriptResult.Verdict.FAILED, r.results().head().verdict());
        assertTrue(r.results().head().detail().startsWith(p + ":2:"), r.results().head().detail());
    }

    @Test
    void anUnreadableFileIsAFailureNotAnException() {
        ScriptReport r = Scripts.run(java.util.List.of(dir.resolve("missing.pkt")), "model", Option.none()).get();
        assertEquals(ScriptResult.Verdict.FAILED, r.results().head().verdict());
        assertTrue(r.results().head().detail().contains("cannot read"));
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
