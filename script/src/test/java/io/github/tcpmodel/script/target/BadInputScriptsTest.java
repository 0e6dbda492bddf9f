package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts that ask a target for more than it may do, or whose peer sends odd but legal options: each is bad input
 * in one clear line, or runs with a report in RFC terms, never an OutOfMemoryError, a hang or a silent truncation.
 */
class BadInputScriptsTest {

    @TempDir
    Path dir;

    /** A passive open on both profiles; the accepted connection is fd 4. */
    static final String ACCEPTED = String.join("\n",
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

    private ScriptReport run(String target, String name, String text) throws IOException {
        return Scripts.run(java.util.List.of(write(name, text)), target, Option.none()).get();
    }

    // The rule and wording of the linux target hold on the engine and model targets: a write above
    // Scripts.MAX_WRITE and an injected payload above one IPv4 packet are bad input, exit 2, one line each.
    private void refusesOversizedRequests(String target) throws IOException {
        for (String line : List.of("+0 write(4, ..., 2147483647) = 2147483647",
                "+0 write(4, ..., " + (Scripts.MAX_WRITE + 1) + ") = " + (Scripts.MAX_WRITE + 1),
                "+0 < P. 1:4294967295(4294967294) ack 1 win 65535",
                "+0 < P. 1:65002(65001) ack 1 win 65535")) {
            ScriptReport r = run(target, "big.pkt", ACCEPTED + line + "\n");
            assertEquals(List.of("rfc9293", "linux"), r.results().map(ScriptResult::profile), r::render);
            for (ScriptResult res : r.results()) {
                assertEquals(ScriptResult.Verdict.INVALID, res.verdict(), r::render);
                assertTrue(res.detail().startsWith(dir.resolve("big.pkt") + ":9:1: the " + target + " target "),
                        r::render);
                assertFalse(res.detail().contains("\n"), r::render);
            }
            String expected = line.contains("write")
                    ? "writes at most 16777216 octets in one call, not " + line.replaceAll(".*= ", "")
                    : "cannot inject a payload of ";
            assertTrue(r.results().head().detail().contains(expected), r::render);
            assertEquals(2, r.exitCode(), r::render);
        }
    }

    @Test
    void theEngineTargetRefusesWritesAndPayloadsAboveTheLimits() throws IOException {
        refusesOversizedRequests("engine");
    }

    @Test
    void theModelTargetRefusesWritesAndPayloadsAboveTheLimits() throws IOException {
        refusesOversizedRequests("model");
    }

    // At the limits the script runs: the write is accepted as far as the send buffer goes, the payload arrives.
    @Test
    void atTheLimitsTheEngineAndModelTargetsRunTheScript() throws IOException {
        for (String target : List.of("engine", "model")) {
            ScriptReport r = run(target, "edge.pkt", ACCEPTED
                    + "+0 < P. 1:65001(65000) ack 1 win 65535\n"
                    + "+0 > . 1:1(0) ack 65001 <...>\n");
            assertTrue(r.results().forAll(x -> x.verdict() != ScriptResult.Verdict.INVALID), r::render);
            ScriptReport w = run(target, "edgew.pkt", ACCEPTED
                    + "+0 write(4, ..., " + Scripts.MAX_WRITE + ") = 0\n");
            // The write's return value is the engine's or model's to choose; the script is run, not refused.
            assertTrue(w.results().forAll(x -> x.verdict() != ScriptResult.Verdict.INVALID), w::render);
        }
        assertTrue(Scripts.refused(io.github.tcpmodel.script.ScriptParser.parse(write("w.pkt",
                ACCEPTED + "+0 write(4, ..., 16777216) = 16777216\n")).get(), "engine").isEmpty());
    }

    // A peer announcing MSS 0 (legal on the wire, RFC 9293 §3.7.1) leaves an effective send MSS of 0 (MUST-16,
    // RFC 6691 §2): the handshake runs, the report says the monitor does not follow the connection and why, and
    // data sent to that peer is reported in those terms, not as an internal monitor check.
    static final String MSS_ZERO = ACCEPTED.replace("<mss 1460>", "<mss 0>");

    @Test
    void onTheEngineAPeerAnnouncingMssZeroIsReportedInRfcTerms() throws IOException {
        ScriptReport shake = run("engine", "mss-0.pkt", MSS_ZERO);
        assertEquals(2, shake.results().size(), shake::render);
        for (ScriptResult r : shake.results()) {
            assertEquals(ScriptResult.Verdict.PASSED, r.verdict(), r::report);
            assertEquals(1, r.notApplicable().size(), r::report);
            String note = r.notApplicable().head();
            assertTrue(note.contains("announces MSS 0") && note.contains("RFC 9293 §3.7.1")
                    && note.contains("MUST-16"), r::report);
        }
        ScriptReport data = run("engine", "mss-0-data.pkt", MSS_ZERO + "+0 write(4, ..., 100) = 100\n");
        assertEquals(2, data.results().size(), data::render);
        for (ScriptResult r : data.results()) {
            assertEquals(ScriptResult.Verdict.FAILED, r.verdict(), r::report);
            assertTrue(r.detail().contains("data octets to a peer that announced MSS 0")
                    && r.detail().contains("MUST-16") && r.detail().contains("RFC 6691 §2"), r::report);
            assertFalse(r.report().contains("conformance monitor:"), r::report);
            assertFalse(r.report().contains("model can represent"), r::report);
        }
        assertEquals(1, data.exitCode());
        // The same lines with an MSS the model takes: no note, and the write's data goes out unreported.
        ScriptReport normal = run("engine", "mss-536.pkt", ACCEPTED.replace("<mss 1460>", "<mss 536>")
                + "+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 1 <...>\n");
        assertTrue(normal.allPassed(), normal::render);
        assertTrue(normal.results().forAll(r -> r.notApplicable().isEmpty()), normal::render);
    }
}
