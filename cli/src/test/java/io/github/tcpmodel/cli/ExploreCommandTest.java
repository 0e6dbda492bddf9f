package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {

    private static final Pattern COUNTS = Pattern.compile("(\\d+) distinct states, (\\d+) generated, depth (\\d+)");

    static String counts(String out) {
        Matcher m = COUNTS.matcher(out);
        assertTrue(m.find(), out);
        return m.group();
    }

    @Test
    void theBlindResetTheoremIsProvenWithItsCountsAndCollisionProbability() {
        MainTest.Run r = MainTest.run("explore", "--theorem", "blind-reset", "--threads", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("theorem-7-blind-reset: as predicted")), r.out());
        assertTrue(r.out().contains("semantic-theorem-7-blind-reset: as predicted"), r.out());
        assertTrue(r.out().contains("semantic-theorem-7-blind-reset-linux: as predicted"), r.out());
        assertTrue(r.out().contains("fingerprint collision probability"), r.out());
        assertTrue(r.out().contains("4 of 4 verdicts as RFC 9293 predicts"), r.out());
    }

    @Test
    void aCheckpointedRunResumesToTheSameCounts(@TempDir Path dir) throws IOException {
        Path ck = dir.resolve("ck");
        MainTest.Run first = MainTest.run("explore", "--theorem", "time-wait", "--threads", "1", "--checkpoint",
                ck.toString());
        assertEquals(0, first.code(), first.out() + first.err());
        try (var files = Files.walk(ck)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("level.bin")));
        }
        MainTest.Run resumed = MainTest.run("explore", "--theorem", "time-wait", "--threads", "1", "--resume",
                ck.toString());
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertEquals(counts(first.out()), counts(resumed.out()));
        // theorem-3-time-wait and -no-time-wait, semantic-theorem-3-time-wait, -no-time-wait and -short-time-wait,
        // under both profiles.
        assertTrue(resumed.out().contains("10 of 10 verdicts as RFC 9293 predicts"), resumed.out());
    }

    @Test
    void checkpointOptionsAreCheckedBeforeExploring(@TempDir Path dir) {
        MainTest.Run both = MainTest.run("explore", "--checkpoint", dir.toString(), "--resume", dir.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give one of them"), both.err());
        MainTest.Run none = MainTest.run("explore", "--resume", dir.resolve("absent").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no checkpoint to resume from"), none.err());
        // A folder that holds no checkpoint of this exploration: one line, exit 2.
        MainTest.Run empty = MainTest.run("explore", "--theorem", "blind-reset", "--resume", dir.toString());
        assertEquals(2, empty.code());
        assertEquals(1, empty.err().lines().filter(l -> !l.startsWith("tcpmodel: [")).count(), empty.err());
    }
}
