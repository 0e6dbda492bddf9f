package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TransitionTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void tableTextHasOneLinePerPairPlusHeader() {
        Run r = run("table");
        assertEquals(0, r.code);
        assertEquals(1 + TransitionTable.allPairs().size(), r.out.split("\n").length);
        assertTrue(r.out.contains("SYN-RECEIVED (passive)"));
        assertTrue(r.out.contains("refused: error: connection closing"));
    }

    @Test
    void tableJsonListsEveryStateChangeOnce() {
        Run r = run("table", "--json", "--changes-only");
        assertEquals(0, r.code);
        long n = TransitionTable.rfc9293().stateChanges().size();
        assertEquals(n, r.out.split("\"kind\": \"transition\"", -1).length - 1);
        assertFalse(r.out.contains("\"kind\": \"refusal\""));
    }

    @Test
    void tableMarkdownIsATable() {
        Run r = run("table", "--format", "markdown");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("| State | Event |"));
        assertTrue(r.out.contains("| TIME-WAIT | " + Event.TIME_WAIT_TIMEOUT.label() + " | -> CLOSED |"));
    }

    @Test
    void tourShowsTransitionsAndReachability(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run r = run("tour", "--out", dir.toString());
        assertEquals(0, r.code);
        assertTrue(r.out.contains("12 of 12 connection states are reachable from CLOSED"));
        assertTrue(r.out.contains("CLOSED is reachable from 12 of them"));
        assertTrue(r.out.contains("8 of 8 verdicts as RFC 9293 predicts."), r.out);
        assertTrue(r.out.contains("server sends SYN,ACK seq=y ack=x+1"), r.out);
        assertTrue(java.nio.file.Files.exists(dir.resolve("tcp-states.svg")));
        // The live part either ran to completion or said why it was skipped.
        assertTrue(r.out.contains("completed: 65536 octets each way byte-exact") || r.out.contains("skipped"), r.out);
    }

    @Test
    void diagramWritesEveryFileIntoTheFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Run r = run("diagram", "--out", dir.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(java.nio.file.Files.readString(dir.resolve("tcp-states.dot")).contains("digraph"));
        assertTrue(java.nio.file.Files.size(dir.resolve("tcp-states.png")) > 10_000);
        assertTrue(r.out.contains("three-way-handshake.svg"));
    }

    @Test
    void diagramIntoAFileIsOneClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("f"), "x");
        Run r = run("diagram", "--out", file.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.lines().anyMatch(l -> l.startsWith("tcpmodel: ") && l.contains(file.toString())), r.err);
        assertFalse(r.err.contains("Exception"), r.err);
    }

    @Test
    void scriptPassesOnTheModelAndFailsWithTheScriptLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path scripts = java.nio.file.Path.of("..", "script", "src", "test", "resources", "scripts");
        Run ok = run("script", scripts.resolve("close-active.pkt").toString());
        assertEquals(0, ok.code, ok.out + ok.err);
        assertTrue(ok.out.contains("PASSED"), ok.out);
        // The same handshake expecting a wrong ACK number fails on line 3 and exits 1.
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.pkt"), String.join("\n",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 listen(3, 1) = 0",
                "+0 < S 0:0(0) win 65535 <mss 1460>",
                "+0 > S. 0:0(0) ack 7 <...>", ""));
        Run fail = run("script", bad.toString());
        assertEquals(1, fail.code, fail.out + fail.err);
        assertTrue(fail.out.contains("bad.pkt:4"), fail.out);
        Run json = run("script", "--json", bad.toString());
        assertEquals(1, json.code);
        assertTrue(json.out.contains("\"verdict\": \"FAILED\"") && json.out.contains("\"failed\": 1"), json.out);
    }

    @Test
    void scriptRunsOnTheEngineUnderEachProfileAndFailsWithTheScriptLine(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path scripts = java.nio.file.Path.of("..", "script", "src", "test", "resources", "scripts");
        Run ok = run("script", "--target", "engine", scripts.resolve("close-active.pkt").toString(),
                scripts.resolve("syn-retransmit.linux.pkt").toString());
        assertEquals(0, ok.code, ok.out + ok.err);
        assertTrue(ok.out.contains("PASSED") && ok.out.contains("close-active.pkt [engine/rfc9293]")
                && ok.out.contains("close-active.pkt [engine/linux]")
                && ok.out.contains("syn-retransmit.linux.pkt [engine/linux]"), ok.out);
        assertTrue(ok.out.contains("3 passed, 0 failed, 0 skipped"), ok.out);
        // Under the rfc9293 configuration the engine backs off exponentially: the linux script's second SYN at
        // +1 s is the last it sends in time, so the script fails on the third, and the run exits 1.
        Run fail = run("script", "--target", "engine", "--profile", "rfc9293",
                scripts.resolve("syn-retransmit.linux.pkt").toString());
        assertEquals(1, fail.code, fail.out + fail.err);
        assertTrue(fail.out.contains("FAILED") && fail.out.contains("[engine/rfc9293]")
                && fail.out.contains("syn-retransmit.linux.pkt:"), fail.out);
        Run json = run("script", "--json", "--target", "engine", scripts.resolve("close-active.pkt").toString());
        assertEquals(0, json.code);
        assertTrue(json.out.contains("\"target\": \"engine\"") && json.out.contains("\"passed\": 2"), json.out);
    }

    @Test
    void scriptWithAMissingFileOrUnknownTargetIsUsage() {
        assertEquals(2, run("script", "no/such/file.pkt").code);
        Run r = run("script", "--target", "bsd", "x.pkt");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("unknown target") && r.err.contains("model, engine, linux"), r.err);
    }

    @Test
    void checkAKernelCaptureConformsAndDrawsItsChart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path pcap = java.nio.file.Path.of("..", "trace", "src", "test", "resources", "captures",
                "client-closes-first.pcap");
        java.nio.file.Path svg = dir.resolve("c.svg");
        Run r = run("check", "--profile", "linux", "--json", "--msc", svg.toString(), pcap.toString());
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("\"final_state\":\"TIME-WAIT\""), r.out);
        assertTrue(java.nio.file.Files.readString(svg).contains("<svg"));
    }

    @Test
    void checkOfANonCaptureExitsTwoWithOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path text = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "hello");
        Run r = run("check", text.toString());
        assertEquals(2, r.code);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("not a capture"), r.err);
    }

    @Test
    void exploreProvesAndRefutesAsPredictedAndDrawsCounterexamples(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        Run r = run("explore", "--svg", dir.toString());
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("42 of 42 verdicts as RFC 9293 predicts"), r.out);
        assertTrue(java.nio.file.Files.exists(dir.resolve("theorem-2-two-way-handshake.svg")));
        assertTrue(java.nio.file.Files.exists(dir.resolve("semantic-theorem-2-two-way-handshake.svg")));
        assertTrue(java.nio.file.Files.exists(dir.resolve("semantic-theorem-3-time-wait-linux.svg")));
        Run tla = run("explore", "--tla", "--threads", "1");
        assertEquals(0, tla.code, tla.out);
        assertTrue(tla.out.contains("this run: 1182, 6322, 14"), tla.out);
        assertEquals(2, run("explore", "--theorem", "no-such-check").code);
    }

    @Test
    void badOptionIsOneLineAndExitTwo() {
        Run r = run("table", "--format", "yaml");
        assertEquals(2, r.code);
        assertTrue(r.err.startsWith("tcpmodel: "), r.err);
        assertFalse(r.err.contains("at io."), r.err);
    }

    @Test
    void everySubcommandHasHelpWithExamples() {
        for (String sub : new String[] {"tour", "table", "diagram", "script", "check", "explore", "interop"}) {
            Run r = run(sub, "--help");
            assertEquals(0, r.code);
            assertTrue(r.out.contains("Example"), sub);
        }
    }
}
