package io.github.tcpmodel.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The visited set and the workers' recent-fingerprint cache against {@code java.util} collections on random
 * workloads: a table that lost a fingerprint would report a visited state as new (explored twice), one that
 * duplicated or invented one would report a new state as visited (a state never explored).
 */
class StateStoreTest {

    /** {@code n} fingerprints drawn from a pool of {@code pool} distinct non-zero values, so most recur. */
    private static long[] workload(long seed, int n, int pool) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] values = new long[pool];
        for (int i = 0; i < pool; i++) {
            long v;
            do {
                v = r.nextLong();
            } while (v == 0);
            values[i] = v;
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[r.nextInt(pool)];
        }
        return out;
    }

    private static void agreesWithHashSet(StateStore store, boolean ids) {
        long[] fps = workload(22, 400_000, 150_000);
        Set<Long> seen = new HashSet<>();
        Map<Long, Long> idOf = new HashMap<>();
        Map<Long, long[]> logOf = new HashMap<>();
        for (int i = 0; i < fps.length; i++) {
            long fp = fps[i];
            long id = store.add(fp, i - 1, i & 0xFFFF);
            boolean fresh = seen.add(fp);
            assertEquals(fresh, id >= 0, "add #" + i + " of " + Long.toHexString(fp) + " new or visited");
            if (fresh) {
                idOf.put(fp, id);
                logOf.put(id, new long[] {i - 1, i & 0xFFFF, fp});
            } else if (ids) {
                assertEquals((long) idOf.get(fp), id & ~StateStore.SEEN, "the id of a visited state");
            }
        }
        assertEquals(seen.size(), store.size());
        for (Map.Entry<Long, long[]> e : logOf.entrySet()) {
            long id = e.getKey();
            assertEquals(e.getValue()[0], store.parent(id));
            assertEquals(e.getValue()[1], store.label(id));
            assertEquals(e.getValue()[2], store.fingerprintOf(id));
        }
    }

    @Test
    void theFingerprintTableWithIdsAgreesWithAHashSet() {
        try (StateStore s = new StateStore(true, null, Integer.MAX_VALUE)) {
            agreesWithHashSet(s, true);
        }
    }

    @Test
    void theFingerprintTableWithoutIdsAgreesWithAHashSet() {
        try (StateStore s = new StateStore(false, null, Integer.MAX_VALUE)) {
            agreesWithHashSet(s, false);
        }
    }

    @Test
    void tablesFlushedToDiskAndASpilledTraceLogAgreeWithAHashSet(@TempDir Path dir) {
        // 150,000 distinct fingerprints over 64 shards of at most 256 slots: every shard flushes many times, and
        // past 1,024 records its trace log goes to a file.
        try (StateStore s = new StateStore(false, dir, 1024, 256)) {
            agreesWithHashSet(s, false);
            assertTrue(s.fingerprintsOnDisk() > 100_000, "fingerprints on disk: " + s.fingerprintsOnDisk());
        }
    }

    @Test
    void twoThreadsAddingOverlappingWorkloadsStoreEachFingerprintOnce() throws Exception {
        long[] a = workload(7, 300_000, 120_000);
        long[] b = workload(7, 300_000, 120_000); // the same pool, drawn in another order below
        ConcurrentHashMap<Long, AtomicLong> fresh = new ConcurrentHashMap<>();
        Set<Long> all = new HashSet<>();
        for (long v : a) {
            all.add(v);
        }
        try (StateStore store = new StateStore(true, null, Integer.MAX_VALUE)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> fa = pool.submit(() -> {
                    for (long v : a) {
                        if (store.add(v, -1, 0) >= 0) {
                            fresh.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                });
                Future<?> fb = pool.submit(() -> {
                    for (int i = b.length - 1; i >= 0; i--) {
                        if (store.add(b[i], -1, 0) >= 0) {
                            fresh.computeIfAbsent(b[i], k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                });
                fa.get();
                fb.get();
            } finally {
                pool.shutdown();
            }
            assertEquals(all.size(), store.size());
            assertEquals(all, fresh.keySet());
            fresh.forEach((fp, n) -> assertEquals(1, n.get(), "reported new " + n.get() + " times: " + fp));
        }
    }

    @Test
    void theRecentCacheAnswersOnlyWithWhatWasPutForThatFingerprint() {
        Explorer.RecentSet recent = new Explorer.RecentSet();
        Map<Long, Long> put = new HashMap<>();
        long[] fps = workload(3, 500_000, 100_000);
        int hits = 0;
        for (int i = 0; i < fps.length; i++) {
            long fp = fps[i];
            long got = recent.get(fp);
            if (got != Explorer.RecentSet.ABSENT) {
                hits++;
                assertEquals((long) put.get(fp), got, "cached id of " + fp);
            }
            if (got == Explorer.RecentSet.ABSENT || (i & 3) == 0) {
                long id = (long) i | StateStore.SEEN;
                recent.put(fp, id);
                put.put(fp, id);
            }
        }
        // The cache holds 16,384 entries of a working set of 100,000: it must hit sometimes, and cannot always.
        assertTrue(hits > 10_000 && hits < fps.length - 100_000, "hits: " + hits);
    }
}
