package io.github.tcpmodel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScriptParserFuzzTest {

    /** Cases per test; raise with -Dtcpmodel.script.fuzz=N for a longer run. */
    static final int CASES = Integer.getInteger("tcpmodel.script.fuzz", 10_000);

    static final String[] TOKENS = {"0", "+0", "+.1", ".5", "1.000001", "*", "...", "<", ">", "S", "S.", ".", "F.",
        "R", "P.", "0:0(0)", "1:11(10)", "4294967295", "99999999999999999999", "ack", "win", "1", "<mss 1000>",
        "<...>", "<nop,sackOK,wscale 7,TS val 1 ecr 0,eol>", "socket(..., SOCK_STREAM, IPPROTO_TCP)", "bind",
        "connect", "(", ")", ",", "=", "-1", "ECONNREFUSED", "(Connection refused)", "[1]", "{onoff=1, linger=0}",
        "setsockopt", "SOL_SOCKET", "SO_LINGER", "//", "/*", "*/", "`", "%{", "\n", "\r\n", "\t", " ", "--",
        "--tolerance_usecs=", "|", "\u00e9", "\u0000", "\ud83d", "\\"};

    static List<String> seeds() throws IOException {
        List<String> seeds = new ArrayList<>(List.of(ScriptRunnerTest.PASSIVE_OPEN, ScriptRunnerTest.ACTIVE_OPEN));
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/scripts"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".pkt")).sorted().collect(Collectors.toList())) {
                seeds.add(Files.readString(p));
            }
        }
        return seeds;
    }

    static String mutate(String s, SplittableRandom r) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(5)) {
                case 0:
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                    break;
                case 1:
                    b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                    break;
                case 2:
                    b.insert(at, (char) r.nextInt(128));
                    break;
                case 3:
                    b.setLength(at);
                    break;
                default:
                    int from = r.nextInt(b.length() + 1);
                    int to = Math.min(b.length(), from + r.nextInt(40));
                    b.insert(at, b.substring(from, to));
                    break;
            }
        }
        return b.toString();
    }

    static String random(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(30);
        for (int i = 0; i < n; i++) {
            b.append(TOKENS[r.nextInt(TOKENS.length)]);
            if (r.nextBoolean()) {
                b.append(' ');
            }
        }
        return b.toString();
    }

    static Either<ScriptError, Script> parseOrFail(String text) {
        try {
            return ScriptParser.parse("t.pkt", text);
        } catch (RuntimeException | StackOverflowError e) {
            fail("the parser threw " + e + " on:\n" + text);
            return null;
        }
    }

    // For every text: parse answers a value (never throws), and an error names a line and column inside the text.
    static void checkWellFormed(String text, Either<ScriptError, Script> r) {
        String[] lines = ScriptParser.normalizeLineEnds(text).split("\n", -1);
        if (r.isLeft()) {
            Position p = r.getLeft().position();
            assertTrue(p.line() >= 1 && p.line() <= lines.length, () -> "line out of range: " + r.getLeft().message());
            assertTrue(p.column() >= 1 && p.column() <= lines[p.line() - 1].length() + 1,
                    () -> "column out of range: " + r.getLeft().message());
            assertTrue(r.getLeft().message().startsWith("t.pkt:" + p.line() + ":" + p.column() + ": "));
            assertTrue(!r.getLeft().detail().isBlank());
        } else {
            for (ScriptEvent e : r.get().events()) {
                assertEquals(lines[e.position().line() - 1].trim(), e.source());
            }
        }
    }

    // For every text t: parse("\n" + t) is parse(t) with every line one further down.
    static void checkShift(String text, Either<ScriptError, Script> r) {
        Either<ScriptError, Script> shifted = parseOrFail("\n" + text);
        assertEquals(r.isLeft(), shifted.isLeft(), text);
        if (r.isLeft()) {
            assertEquals(r.getLeft().detail(), shifted.getLeft().detail());
            assertEquals(r.getLeft().position().line() + 1, shifted.getLeft().position().line());
            assertEquals(r.getLeft().position().column(), shifted.getLeft().position().column());
        } else {
            assertEquals(r.get().events().size(), shifted.get().events().size());
            assertEquals(r.get().events().map(e -> e.position().line() + 1),
                    shifted.get().events().map(e -> e.position().line()));
        }
    }

    @Test
    void mutatedScriptsNeverThrowAndErrorsPointIntoTheText() throws IOException {
        List<String> seeds = seeds();
        assertTrue(seeds.size() > 2, "the corpus is missing");
        SplittableRandom r = new SplittableRandom(11);
        int[] outcomes = new int[2];
        java.util.Set<String> kinds = new java.util.HashSet<>();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < CASES; i++) {
                String text = mutate(seeds.get(r.nextInt(seeds.size())), r);
                Either<ScriptError, Script> result = parseOrFail(text);
                checkWellFormed(text, result);
                if (i % 10 == 0) {
                    checkShift(text, result);
                }
                outcomes[result.isLeft() ? 0 : 1]++;
                if (result.isLeft()) {
                    kinds.add(result.getLeft().detail().replaceAll("'.*", ""));
                }
            }
        });
        // Both outcomes must be common, or the mutations test only one side of the parser.
        assertTrue(outcomes[0] > CASES / 10, "errors: " + outcomes[0]);
        assertTrue(outcomes[1] > CASES / 100, "accepted: " + outcomes[1]);
        // ... and the errors must come from many places in the parser, not one.
        assertTrue(kinds.size() >= 25, "kinds of error: " + kinds);
    }

    @Test
    void randomTokenSoupNeverThrows() {
        SplittableRandom r = new SplittableRandom(12);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < CASES; i++) {
                String text = random(r);
                checkWellFormed(text, parseOrFail(text));
            }
        });
    }

    @Test
    void hugeAndDeepInputsTerminate() {
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            for (String text : List.of("/*".repeat(50_000), "(".repeat(100_000), "0 close(" + "[".repeat(100_000),
                    "0 < " + "S".repeat(100_000), "0 < S 0:0(0) <" + "nop,".repeat(50_000) + "nop>",
                    "0 setsockopt(3, SOL_SOCKET, SO_LINGER, {" + "a=1,".repeat(20_000) + "}, 8) = 0",
                    "\n".repeat(200_000) + "x", "9".repeat(100_000))) {
                checkWellFormed(text, parseOrFail(text));
            }
        });
    }
}
