package io.github.tcpmodel.bench;

import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Model;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.check.semantic.SemanticEndpoint;
import io.github.tcpmodel.check.semantic.SemanticModel;
import io.github.tcpmodel.check.semantic.SemanticNetwork;
import io.github.tcpmodel.check.semantic.SemanticTheorems;
import io.github.tcpmodel.check.tcp.EndpointConfig;
import io.github.tcpmodel.check.tcp.Network;
import io.github.tcpmodel.check.tcp.TcpModel;
import io.github.tcpmodel.check.tcp.Theorems;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;

/**
 * Distinct states per second of the explorer on a large composition, against a reference measured in the same
 * run: a plain single-threaded breadth-first search over the same model and encoding with java.util.HashSet of
 * boxed states. Also the bytes per state of the visited set, the fingerprint collision probability, and a large run
 * with checkpoints from which the time and disk of a larger one are estimated. Not a test; run with the command in
 * docs/performance.md.
 */
public final class ExplorerBenchmark {

    private ExplorerBenchmark() {
    }

    static TcpModel large(int losses, int dups, int sends) {
        return TcpModel.of("bench: both active, " + sends + " sends each, both close, reordering, " + losses
                        + " losses, " + dups + " duplicates, capacity 4",
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, Theorems.A_ISS, sends, EndpointConfig.Close.ACTIVE),
                new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, Theorems.B_ISS, sends, EndpointConfig.Close.ACTIVE),
                new Network(false, losses, dups, 4), List.empty(), List.empty()).get();
    }

    private record Key(long[] s) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.s, s);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(s);
        }
    }

    /** The reference: the textbook search, one thread, boxed states in a java.util.HashSet. */
    static long reference(Model m) {
        HashSet<Key> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        m.initial((l, s) -> {
            if (m.withinBounds(s) && seen.add(new Key(s.clone()))) {
                queue.add(s.clone());
            }
        });
        while (!queue.isEmpty()) {
            long[] cur = queue.poll();
            m.successors(cur, (l, s) -> {
                if (m.withinBounds(s) && m.allowed(cur, l, s) && seen.add(new Key(s.clone()))) {
                    queue.add(s.clone());
                }
            });
        }
        referenceBytesPerState = heapAfterGc() / (double) seen.size();
        return seen.size();
    }

    /** The heap the reference's visited set held at its end, per state (measured after a full collection). */
    static double referenceBytesPerState;

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static Progress printer(long start) {
        long[] last = {start};
        return (distinct, generated, queue, depth) -> {
            long now = System.nanoTime();
            if (now - last[0] > 2_000_000_000L) {
                last[0] = now;
                double secs = (now - start) / 1e9;
                System.out.printf("  depth %d: %,d distinct, %,d generated, queue %,d, %,.0f states/s%n", depth,
                        distinct, generated, queue, distinct / secs);
            }
        };
    }

    /** CPU time of the whole process (all threads, GC and JIT included), robust to other load on the machine. */
    private static long cpuNanos() {
        // Linux: fields 14 and 15 of /proc/self/stat are user and system time in clock ticks (USER_HZ = 100).
        try {
            String stat = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/stat")),
                    java.nio.charset.StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double[] timed(String what, Model m, Options o) {
        return timed(what, m, o, false);
    }

    /** One exploration, timed; {@code stored} takes the general search over the sharded visited set. */
    private static double[] timed(String what, Model m, Options o, boolean stored) {
        long start = System.nanoTime();
        long cpu = cpuNanos();
        ExplorationResult r = stored ? Explorer.checkWithStateStore(m, o, printer(start))
                : Explorer.check(m, o, printer(start));
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (cpuNanos() - cpu) / 1e9;
        double rate = r.distinct() / secs;
        System.out.printf("%s: %s%n  %.2f s wall, %.2f s CPU, %,.0f distinct states/s, %,.0f per CPU-second, "
                        + "%d bytes per encoded state, %.1f bytes per state in the visited set, fingerprint collision "
                        + "probability %.1e (n^2/2^65), %.1e (TLC's n(g-n)/2^64)%n", what, r.summary(), secs, cpuSecs,
                rate, r.distinct() / cpuSecs, r.bytesPerState(), r.visitedBytesPerState(), r.collisionProbability(),
                r.tlcCollisionProbability());
        return new double[] {rate, r.distinct() / cpuSecs};
    }

    /**
     * The fingerprint tables' bytes for {@code n} states: 64 shards, each a power-of-two table of 8-byte slots at
     * most half full (the explorer's layout without liveness).
     */
    static long tableBytes(long n) {
        long perShard = (n + 63) / 64;
        return 64 * 8 * Long.highestOneBit(Math.max(1, 2 * perShard - 1)) * 2;
    }

    /** Bytes of the files under {@code dir}. */
    private static long diskBytes(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /**
     * A large run: no liveness (it would keep every edge), a checkpoint after every level in {@code dir} unless
     * {@code checkpoint} is false, the visited set spilling there past 1 GiB and each level's queue past 512 MiB,
     * stopping after the level that reaches {@code max} states (with {@code flat}: the flat path, the visited set in
     * memory, the frontier past 512 MiB in files under {@code dir}, no checkpoint); then the measured rates, peak RSS
     * and disk, and the
     * time and disk of a 10^9-state run extrapolated linearly (every file grows by a fixed number of bytes per state).
     */
    private static void large(TcpModel m, int threads, long max, java.nio.file.Path dir, boolean resume,
                              boolean checkpoint, boolean flat) {
        // The visited set's trace log and fingerprint tables spill past 1 GiB each, the frontier past 512 MiB.
        Options o = Options.defaults().withLiveness(false).withThreads(threads).withMaxStates(max)
                .withSpill(dir.resolve("spill"), 1L << 30).withFrontierLimit(1L << 29);
        if (flat) {
            // The flat path: the visited set in memory, the frontier past 512 MiB in files under dir.
            try {
                java.nio.file.Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.setProperty("java.io.tmpdir", dir.toString());
            o = Options.defaults().withLiveness(false).withThreads(threads).withMaxStates(max)
                    .withFrontierLimit(1L << 29);
        }
        if (checkpoint && !flat) {
            o = o.withCheckpoint(dir.resolve("checkpoint"), resume);
        }
        long start = System.nanoTime();
        long cpu = cpuNanos();
        long[] peakDisk = {0};
        Progress print = printer(start);
        ExplorationResult r = Explorer.check(m, o, (distinct, generated, queue, depth) -> {
            // After a level: the visited set's runs and logs, the next level's queue and the checkpoint on disk.
            peakDisk[0] = Math.max(peakDisk[0], diskBytes(dir));
            print.report(distinct, generated, queue, depth);
            System.out.printf("  level %d done: %,d distinct, %,d generated, queue %,d, %.1f s wall, %.1f s CPU, "
                    + "disk %,d bytes, RSS peak %,d kB%n", depth, distinct, generated, queue,
                    (System.nanoTime() - start) / 1e9, (cpuNanos() - cpu) / 1e9, diskBytes(dir), peakRssKb());
        });
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (cpuNanos() - cpu) / 1e9;
        long disk = diskBytes(dir);
        long rss = peakRssKb();
        System.out.printf("large run%s, %d threads%s: %s%n  %.1f s wall, %.1f s CPU, %,.0f distinct states/s wall, "
                        + "%,.0f per CPU-second%n  visited set in memory: %.1f bytes per state; peak RSS %,d kB "
                        + "(%.1f bytes per state); disk at the end %,d bytes (%.1f per state), peak after a level "
                        + "%,d bytes (%.1f per state); fingerprint collision probability %.1e%n",
                resume ? " (resumed)" : "", threads, checkpoint && !flat ? ", checkpoint after every level" : flat ? ", flat path" : "",
                r.summary(), secs, cpuSecs, r.distinct() / secs, r.distinct() / cpuSecs, r.visitedBytesPerState(),
                rss, rss * 1024.0 / r.distinct(), disk, (double) disk / r.distinct(), peakDisk[0],
                (double) peakDisk[0] / r.distinct(), r.collisionProbability());
        double scale = 1e9 / r.distinct();
        System.out.printf("10^9 states at these rates: %.1f h wall, %.1f CPU-hours, %.0f GB of fingerprint table "
                        + "if kept in memory, %.0f GB peak on disk, collision probability %.1e%n", secs * scale / 3600,
                cpuSecs * scale / 3600, tableBytes(1_000_000_000L) / 1e9, peakDisk[0] * scale / 1e9,
                1e18 / Math.pow(2, 65));
    }

    /** The process's peak resident set (VmHWM), in kB; -1 where /proc is missing. */
    static long peakRssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * A model whose step costs next to nothing, to measure the explorer itself: {@code k} counters from 0 to
     * {@code n}, packed 4 bits each into one word, each step adds one to one counter; (n+1)^k states, nearly every
     * one reached from k parents. Invariant: not every counter at n (fails in the far corner, the last level, which
     * is the end state).
     */
    record Lattice(int k, int n) implements Model {
        @Override
        public String name() {
            return "lattice: " + k + " counters 0.." + n;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public void initial(Sink sink) {
            sink.accept(-1, new long[1]);
        }

        @Override
        public void successors(long[] s, Sink sink) {
            long v = s[0];
            long[] t = new long[1];
            for (int i = 0; i < k; i++) {
                if ((v >>> (4 * i) & 15) < n) {
                    t[0] = v + (1L << (4 * i));
                    sink.accept(i, t);
                }
            }
        }

        long corner() {
            long c = 0;
            for (int i = 0; i < k; i++) {
                c |= (long) n << (4 * i);
            }
            return c;
        }

        @Override
        public List<io.github.tcpmodel.check.Invariant> invariants() {
            long c = corner();
            return List.of(new io.github.tcpmodel.check.Invariant("corner", "not every counter at n",
                    s -> s[0] != c));
        }

        @Override
        public boolean hasEndStates() {
            return true;
        }

        @Override
        public boolean quiescent(long[] s) {
            return s[0] == corner();
        }

        @Override
        public List<String> sides(long[] s) {
            return List.of(Long.toHexString(s[0]), "");
        }

        @Override
        public io.github.tcpmodel.check.TraceStep describe(long[] from, int label, long[] to) {
            return new io.github.tcpmodel.check.TraceStep(io.github.tcpmodel.check.Actor.LEFT, "+" + label,
                    io.vavr.control.Option.none(), List.empty(), io.vavr.control.Option.none(),
                    io.github.tcpmodel.check.Actor.RIGHT, "", Long.toHexString(to[0]), "");
        }
    }

    /** The reference and the explorer on {@link Lattice}, same run. */
    private static void lattice(int k, int n, int threads) {
        Lattice m = new Lattice(k, n);
        System.out.println(m.name());
        Explorer.check(new Lattice(k, Math.max(1, n / 2)), Options.defaults().withThreads(threads)
                .withLiveness(false), Progress.SILENT);
        reference(new Lattice(k, Math.max(1, n / 2)));
        long start = System.nanoTime();
        long cpu = cpuNanos();
        long count = reference(m);
        double refSecs = (System.nanoTime() - start) / 1e9;
        double refCpu = (cpuNanos() - cpu) / 1e9;
        System.out.printf("reference (HashSet BFS, 1 thread): %,d distinct states%n  %.2f s wall, %.2f s CPU, "
                + "%,.0f distinct states/s, %,.0f per CPU-second%n", count, refSecs, refCpu, count / refSecs,
                count / refCpu);
        double[] g = timed("general search (sharded visited set), " + threads + " threads", m,
                Options.defaults().withLiveness(false).withThreads(threads), true);
        double[] r = timed("explorer (flat path), " + threads + " threads", m, Options.defaults().withLiveness(false)
                .withThreads(threads));
        System.out.printf("ratios to the reference: general search %.2f wall, %.2f per CPU-second; flat path %.2f "
                        + "wall, %.2f per CPU-second; peak RSS %,d kB%n", g[0] / (count / refSecs),
                g[1] / (count / refCpu), r[0] / (count / refSecs), r[1] / (count / refCpu), peakRssKb());
    }

    /**
     * The semantics-based model on a data transfer: A's user sends {@code sends} octets and closes, B's window is
     * three octets and its MSS one, B RECEIVEs and closes after A, the network reorders and may lose and duplicate
     * one segment each; the reference and the explorer on {@code threads} threads, same run.
     */
    static SemanticModel semanticData(int sends) {
        Profile small = Profile.rfc9293().withReceiveWindow(3).withMss(1);
        return SemanticModel.of("bench: semantics, " + sends + " octets, window 3, both close, reordering, 1 loss, "
                        + "1 duplicate",
                SemanticEndpoint.of(small, SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.A_ISS, sends,
                        SemanticEndpoint.Closing.ACTIVE),
                SemanticEndpoint.of(small, SemanticEndpoint.Opening.ESTABLISHED, SemanticTheorems.B_ISS, 0,
                        SemanticEndpoint.Closing.PASSIVE).receiving(true).delayingAcks(true),
                new SemanticNetwork(true, 1, 1, 4), List.empty(), List.empty());
    }

    private static void semantic(int sends, int repeat, int threads) {
        SemanticModel m = semanticData(sends);
        System.out.println(m.name());
        Explorer.check(semanticData(1), Options.defaults().withThreads(threads).withLiveness(false), Progress.SILENT);
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            long cpu = cpuNanos();
            long n = reference(m);
            double refSecs = (System.nanoTime() - start) / 1e9;
            double refCpu = (cpuNanos() - cpu) / 1e9;
            System.out.printf("reference (HashSet BFS, 1 thread): %,d distinct states%n  %.2f s wall, %.2f s CPU, "
                    + "%,.0f distinct states/s, %,.0f per CPU-second%n", n, refSecs, refCpu, n / refSecs, n / refCpu);
            double[] r = timed("explorer, " + threads + " threads", m, Options.defaults().withLiveness(false)
                    .withThreads(threads));
            System.out.printf("ratios to the reference: wall clock %.2f, per CPU-second %.2f%n", r[0] / (n / refSecs),
                    r[1] / (n / refCpu));
        }
    }

    /**
     * Arguments: {@code lattice K N [THREADS]} (the explorer alone, see {@link Lattice}: the reference, the general
     * search and the flat path, same run), {@code lattice K N THREADS probe} (the flat path alone), {@code semantic
     * SENDS REPEAT THREADS} (the semantics-based model, see {@link #semantic}), or
     * losses duplicates sends, then {@code spill T BYTES DIR} (in memory, then with the visited set spilled past BYTES
     * into DIR), or (default 2 2 1); then {@code probe T} (one exploration on T threads),
     * {@code trace} (the violations' charts), or {@code large T MAX DIR [resume|nocheckpoint|flat]} (see {@link
     * #large}; {@code flat}: the flat path, visited set in memory, frontier files under DIR); otherwise the
     * reference, the general search and the flat path on 2 threads, and with a fourth argument {@code all} also on 1
     * thread and with liveness.
     */
    public static void main(String[] args) {
        if (args.length > 4 && args[0].equals("lattice") && args[4].equals("probe")) {
            timed("explorer, " + args[3] + " threads", new Lattice(Integer.parseInt(args[1]),
                    Integer.parseInt(args[2])), Options.defaults().withLiveness(false)
                    .withThreads(Integer.parseInt(args[3])));
            return;
        }
        if (args.length > 0 && args[0].equals("lattice")) {
            lattice(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3])
                    : 2);
            return;
        }
        if (args.length > 0 && args[0].equals("semantic")) {
            semantic(args.length > 1 ? Integer.parseInt(args[1]) : 3, args.length > 2 ? Integer.parseInt(args[2]) : 1,
                    args.length > 3 ? Integer.parseInt(args[3]) : 2);
            return;
        }
        int losses = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int dups = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int sends = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        TcpModel m = large(losses, dups, sends);
        System.out.println(m.name());
        if (args.length > 3 && args[3].equals("trace")) {
            ExplorationResult r = Explorer.check(m, Options.defaults().withThreads(1), Progress.SILENT);
            System.out.println(r.summary());
            r.violations().forEach(v -> System.out.println(io.github.tcpmodel.check.TextChart.render(v.trace())));
            return;
        }
        if (args.length > 3 && args[3].equals("large")) {
            large(m, Integer.parseInt(args[4]), Long.parseLong(args[5]), java.nio.file.Path.of(args[6]),
                    args.length > 7 && args[7].equals("resume"), !(args.length > 7 && args[7].equals("nocheckpoint")),
                    args.length > 7 && args[7].equals("flat"));
            return;
        }
        if (args.length > 3 && args[3].equals("spill")) {
            // The fingerprint tables in memory, then spilled to disk past BYTES: same model, same run.
            int t = Integer.parseInt(args[4]);
            timed("explorer, " + t + " threads, in memory", m, Options.defaults().withLiveness(false).withThreads(t));
            timed("explorer, " + t + " threads, fingerprints and trace log spilled past " + args[5] + " bytes", m,
                    Options.defaults().withLiveness(false).withThreads(t)
                            .withSpill(java.nio.file.Path.of(args[6]), Long.parseLong(args[5])));
            System.out.printf("on disk: %,d bytes%n", diskBytes(java.nio.file.Path.of(args[6])));
            return;
        }
        if (args.length > 3 && args[3].equals("probe")) {
            timed("explorer, " + args[4] + " threads", m, Options.defaults().withLiveness(false)
                    .withThreads(Integer.parseInt(args[4])));
            return;
        }
        // Warm-up on a smaller configuration so that the JIT has compiled the model.
        Explorer.check(large(0, 1, sends), Options.defaults().withThreads(2).withLiveness(false), Progress.SILENT);
        reference(large(0, 1, sends));
        boolean all = args.length > 3 && args[3].equals("all");

        Options noLiveness = Options.defaults().withLiveness(false);
        System.out.println("Fingerprint collision probability estimates: n^2 / 2^65 (birthday bound over n distinct "
                + "states) and TLC's optimistic n (g - n) / 2^64 (g states generated).");
        long start = System.nanoTime();
        long cpu = cpuNanos();
        long n = reference(m);
        double refSecs = (System.nanoTime() - start) / 1e9;
        double refCpu = (cpuNanos() - cpu) / 1e9;
        double ref = n / refSecs;
        System.out.printf("reference (HashSet BFS, 1 thread): %,d distinct states%n  %.2f s wall, %.2f s CPU, "
                + "%,.0f distinct states/s, %,.0f per CPU-second, %.1f bytes per state in the visited set (heap after "
                + "a full collection)%n", n, refSecs, refCpu, ref, n / refCpu, referenceBytesPerState);
        System.out.printf("peak RSS so far %,d kB%n", peakRssKb());
        if (!(args.length > 3 && args[3].equals("flat"))) {
            double[] general = timed("general search (sharded visited set), 2 threads", m, noLiveness.withThreads(2),
                    true);
            System.out.printf("ratio to the reference, 2 threads: general search %.2f wall, %.2f per CPU-second%n",
                    general[0] / ref, general[1] / (n / refCpu));
        }
        double[] two = timed("explorer (flat path), 2 threads", m, noLiveness.withThreads(2));
        System.out.printf("ratio to the reference, 2 threads: flat path %.2f wall, %.2f per CPU-second%n",
                two[0] / ref, two[1] / (n / refCpu));
        if (all) {
            double[] one = timed("explorer, 1 thread", m, noLiveness.withThreads(1));
            double[] live = timed("explorer, 2 threads, with liveness", m, Options.defaults().withThreads(2));
            System.out.printf("ratios to the reference: 1 thread %.2f wall, %.2f per CPU-second; 2 threads with "
                    + "liveness %.2f wall, %.2f per CPU-second%n", one[0] / ref, one[1] / (n / refCpu),
                    live[0] / ref, live[1] / (n / refCpu));
        }
    }
}
