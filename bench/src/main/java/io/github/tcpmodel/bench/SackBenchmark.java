package io.github.tcpmodel.bench;

import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.link.Impairments;
import java.util.Locale;

/**
 * Throughput of the engine's linux configuration under {@code harsh()} impairments (20 % loss, 10 % duplication, 20 %
 * reordering, 1 % corruption) in memory, with SACK (RFC 2018, RFC 6675 loss recovery) and without it (NewReno, RFC
 * 6582), monitor on, each against the byte copy through the same link measured in the same run. Not a test.
 * Arguments: MiB per transfer (default 8), repetitions (default 3; the best is kept).
 */
public final class SackBenchmark {

    private SackBenchmark() {
    }

    /** Runs the benchmark and prints the figures. */
    public static void main(String[] args) {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 8) << 20;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ConnectionConfig sack = ConnectionConfig.linux().withUserTimeout(3_600_000);
        ConnectionConfig noSack = sack.withProfile(sack.profile().withExtensions(
                sack.profile().extensions().withSack(false)));
        EngineBenchmark.referenceCopy(bytes / 8);
        double reference = 0;
        double with = 0;
        double without = 0;
        for (int i = 0; i < reps; i++) {
            reference = Math.max(reference, EngineBenchmark.referenceCopy(bytes * 8));
            with = Math.max(with, EngineBenchmark.engineTransfer(bytes, sack, Impairments.harsh(), true));
            without = Math.max(without, EngineBenchmark.engineTransfer(bytes, noSack, Impairments.harsh(), true));
        }
        System.out.printf(Locale.ROOT, "%d MiB per transfer, best of %d%n", bytes >> 20, reps);
        System.out.printf(Locale.ROOT, "reference byte copy through the link:          %8.1f MB/s%n", reference);
        System.out.printf(Locale.ROOT, "linux config, harsh link, SACK, monitor on:    %8.2f MB/s  (%.4f)%n", with,
                with / reference);
        System.out.printf(Locale.ROOT, "linux config, harsh link, no SACK, monitor on: %8.2f MB/s  (%.4f)%n", without,
                without / reference);
    }
}
