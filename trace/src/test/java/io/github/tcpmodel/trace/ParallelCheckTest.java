package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The report of connections checked by several threads is the report of one thread, byte for byte (text and
 * JSON), on every public capture and every capture of the Linux and engine corpus, with the default limits and with
 * limits that list fewer connections than the capture has (the numbering across threads) or keep fewer open at once
 * than it opens (the fallback to one thread).
 */
class ParallelCheckTest {

    private static final Limits FEW_LISTED = new Limits(2, 65_536, 1_000, 1_000, 100);
    private static final Limits FEW_LIVE = new Limits(5_000, 2, 1_000, 1_000, 100);

    private static java.util.List<Path> captures() throws IOException {
        ArrayList<Path> all = new ArrayList<>();
        for (Path dir : new Path[] {KernelCorpusTest.COMMITTED, PublicCapturesTest.DIR}) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).sorted()
                        .forEach(all::add);
            }
        }
        return all;
    }

    private static String text(CheckResult r) {
        return r instanceof CheckResult.Checked c ? Renderer.table(c.report()) + "\n" + Renderer.json(c.report())
                : r.toString();
    }

    private static CheckResult check(Path f, Limits limits, int workers) {
        return TraceChecker.check(() -> Files.newInputStream(f), f.toString(), Profile.linux(), limits,
                TraceChecker.Until.LAST_FRAME, Option.none(), workers);
    }

    @Test
    void severalThreadsReportWhatOneThreadReports() throws IOException {
        java.util.List<Path> files = captures();
        assertFalse(files.isEmpty(), "no captures at " + KernelCorpusTest.COMMITTED.toAbsolutePath());
        for (Path f : files) {
            for (Limits limits : new Limits[] {Limits.defaults(), FEW_LISTED, FEW_LIVE}) {
                String one = text(check(f, limits, 1));
                for (int workers : new int[] {2, 3}) {
                    assertEquals(one, text(check(f, limits, workers)), f + " with " + workers + " threads, " + limits);
                }
            }
        }
    }

    @Test
    void connectionsAreNumberedInTheOrderOfTheirFirstSegmentsAcrossThreads() throws IOException {
        // A capture with many connections, so that each thread starts some of the listed ones.
        Path many = null;
        int most = 0;
        for (Path f : captures()) {
            if (check(f, Limits.defaults(), 1) instanceof CheckResult.Checked c
                    && c.report().connectionCount() > most) {
                most = (int) c.report().connectionCount();
                many = f;
            }
        }
        assertTrue(most >= 4, "no capture with several connections");
        for (int listed : new int[] {1, 2, 3, most - 1, most}) {
            Limits limits = new Limits(listed, 65_536, 1_000, 1_000, 100);
            CheckResult one = check(many, limits, 1);
            CheckResult two = check(many, limits, 2);
            assertEquals(text(one), text(two), many + ", " + listed + " listed");
            assertEquals(Math.min(listed, most), ((CheckResult.Checked) two).report().connections().size());
        }
    }
}
