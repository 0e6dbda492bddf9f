package io.github.tcpmodel.check;

/**
 * Receives the explorer's counts after every breadth-first level. The model has no clock: a caller that wants
 * states per second measures time itself. Called from the exploring thread, never concurrently.
 */
@FunctionalInterface
public interface Progress {
    /** Ignores every report. */
    Progress SILENT = (distinct, generated, queue, depth) -> { };

    /**
     * One report.
     *
     * @param distinct  distinct states stored so far
     * @param generated states generated so far
     * @param queue     states waiting to be explored (the next level)
     * @param depth     levels completed
     */
    void report(long distinct, long generated, long queue, int depth);
}
