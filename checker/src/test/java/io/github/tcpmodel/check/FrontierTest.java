package io.github.tcpmodel.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breadth-first queue against {@link ArrayDeque} on random workloads, in memory and spilled to disk. */
class FrontierTest {

    private static final int REC = 3;

    /** Interleaves appends of random runs of records with takes of whole blocks, checking FIFO order throughout. */
    private static void agreesWithArrayDeque(Frontier f, long seed, Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        ArrayDeque<long[]> expected = new ArrayDeque<>();
        long next = 0;
        long peakOnDisk = 0;
        for (int round = 0; round < 400; round++) {
            if (rnd.nextInt(3) > 0) {
                int n = rnd.nextInt(200);
                long[] words = new long[n * REC];
                for (int i = 0; i < n; i++) {
                    long[] r = {next++, rnd.nextLong(), rnd.nextLong()};
                    System.arraycopy(r, 0, words, i * REC, REC);
                    expected.add(r);
                }
                f.addAll(words, words.length);
            } else {
                Explorer.LongBuf b = f.take();
                if (expected.isEmpty()) {
                    assertNull(b);
                    continue;
                }
                assertEquals(0, b.size % REC);
                assertTrue(b.size > 0);
                for (int i = 0; i < b.size; i += REC) {
                    long[] r = new long[REC];
                    System.arraycopy(b.data, i, r, 0, REC);
                    assertArrayEquals(expected.poll(), r);
                }
            }
            assertEquals(expected.size(), f.size());
            peakOnDisk = Math.max(peakOnDisk, f.bytesOnDisk());
            if (dir != null) {
                assertEquals(f.bytesOnDisk(), bytesUnder(dir));
            }
        }
        // Drain: everything comes back in order.
        for (Explorer.LongBuf b = f.take(); b != null; b = f.take()) {
            for (int i = 0; i < b.size; i += REC) {
                assertEquals(expected.poll()[0], b.data[i]);
            }
        }
        assertTrue(expected.isEmpty());
        assertTrue(f.isEmpty());
        assertEquals(peakOnDisk, f.peakBytesOnDisk());
    }

    private static long bytesUnder(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void inMemoryItIsAFifo() throws Exception {
        try (Frontier f = new Frontier(REC, 64, Long.MAX_VALUE, null)) {
            agreesWithArrayDeque(f, 1, null);
            assertEquals(0, f.bytesWritten());
        }
    }

    @Test
    void spilledToDiskItIsTheSameFifoAndDeletesItsFiles(@TempDir Path dir) throws Exception {
        // Blocks of 64 records, at most two blocks in memory: most blocks go to files.
        Frontier f = new Frontier(REC, 64, 2 * 64 * REC, dir);
        agreesWithArrayDeque(f, 2, dir);
        assertTrue(f.bytesWritten() > 0);
        assertTrue(f.peakBytesOnDisk() > 0);
        f.close();
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the frontier's folder and files are deleted on close");
        }
    }

    @Test
    void withNoMemoryEveryFullBlockGoesToDisk(@TempDir Path dir) throws Exception {
        try (Frontier f = new Frontier(REC, 64, 0, dir)) {
            agreesWithArrayDeque(f, 3, dir);
            long[] words = new long[150 * REC];
            f.addAll(words, words.length);
            // Two full blocks of 64 on disk, 22 records in the block being filled.
            assertEquals(2L * 64 * REC * Long.BYTES, f.bytesOnDisk());
            assertEquals(150, f.size());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void closingAQueueWithBlocksOnDiskDeletesThem(@TempDir Path dir) throws Exception {
        Frontier f = new Frontier(REC, 16, 0, dir);
        long[] words = new long[1000 * REC];
        f.addAll(words, words.length);
        assertTrue(bytesUnder(dir) > 0);
        f.close();
        assertEquals(0, bytesUnder(dir));
        assertFalse(f.isEmpty() && f.size() != 0);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void forEachBlockVisitsInOrderWithoutTaking(@TempDir Path dir) throws Exception {
        try (Frontier f = new Frontier(REC, 16, 16 * REC, dir)) {
            long[] words = new long[100 * REC];
            for (int i = 0; i < 100; i++) {
                words[i * REC] = i;
            }
            f.addAll(words, words.length);
            ArrayList<Long> seen = new ArrayList<>();
            f.forEachBlock((data, n) -> {
                for (int i = 0; i < n; i += REC) {
                    seen.add(data[i]);
                }
            });
            assertEquals(100, seen.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i, (long) seen.get(i));
            }
            assertEquals(100, f.size());
            assertEquals(0, f.take().data[0]);
        }
    }
}
