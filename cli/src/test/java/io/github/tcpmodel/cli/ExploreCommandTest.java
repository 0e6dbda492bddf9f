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

    @Test
    void sizesAreBytesWithAnOptionalBinarySuffix() {
        assertEquals(0, ExploreCommand.parseSize("0"));
        assertEquals(65_536, ExploreCommand.parseSize("65536"));
        assertEquals(4096, ExploreCommand.parseSize("4k"));
        assertEquals(512L << 20, ExploreCommand.parseSize("512M"));
        assertEquals(2L << 30, ExploreCommand.parseSize("2G"));
        for (String bad : new String[] {"", "-1", "1.5G", "1T", "G", "99999999999999999999", "9999999999999G"}) {
            assertEquals(-1, ExploreCommand.parseSize(bad), bad);
        }
    }

    @Test
    void theStorageOptionsReachTheExplorersOptions(@TempDir Path dir) {
        ExploreCommand c = new ExploreCommand();
        c.frontierLimit = "0";
        c.spill = dir;
        c.memoryLimit = "4K";
        var o = c.withStorage(io.github.tcpmodel.check.Options.defaults()).get();
        assertEquals(0, o.frontierLimit());
        assertEquals(4096, o.memoryLimit());
        assertEquals(dir, o.spill().get());
        ExploreCommand d = new ExploreCommand();
        d.frontierLimit = "64M";
        var p = d.withStorage(io.github.tcpmodel.check.Options.defaults()).get();
        assertEquals(64L << 20, p.frontierLimit());
        assertTrue(p.spill().isEmpty());
        assertEquals(io.github.tcpmodel.check.Options.defaults().memoryLimit(), p.memoryLimit());
    }

    @Test
    void theTlaCountsAreReproducedWithTheFrontierAndTheVisitedSetOnDisk(@TempDir Path dir) {
        // Every full block of each level's queue to a file, the visited set past 4 KiB to files under dir.
        MainTest.Run r = MainTest.run("explore", "--tla", "--threads", "2", "--frontier-limit", "0", "--spill",
                dir.toString(), "--memory-limit", "4K");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("1182 distinct states, 6322 generated, depth 14", counts(r.out()));
        MainTest.Run flat = MainTest.run("explore", "--tla", "--threads", "2", "--frontier-limit", "0");
        assertEquals(0, flat.code(), flat.out() + flat.err());
        assertEquals("1182 distinct states, 6322 generated, depth 14", counts(flat.out()));
    }

    @Test
    void badStorageOptionsAreRefusedBeforeExploring(@TempDir Path dir) {
        MainTest.Run size = MainTest.run("explore", "--tla", "--frontier-limit", "lots");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("--frontier-limit takes a size"), size.err());
        MainTest.Run noSpill = MainTest.run("explore", "--tla", "--memory-limit", "1G");
        assertEquals(2, noSpill.code());
        assertTrue(noSpill.err().contains("give --spill DIR too"), noSpill.err());
        MainTest.Run zero = MainTest.run("explore", "--tla", "--spill", dir.toString(), "--memory-limit", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--memory-limit takes a positive size"), zero.err());
    }
}
