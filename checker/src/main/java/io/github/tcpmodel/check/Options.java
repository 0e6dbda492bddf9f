package io.github.tcpmodel.check;

import io.vavr.control.Option;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to explore.
 *
 * @param threads         worker threads (at least 1); with more than one, which of several shortest
 *                        counterexamples is reported may vary, their length does not
 * @param checkLiveness   check that a quiescent end state is reachable from every state (stores every edge)
 * @param checkDeadlock   report states without successors that are not quiescent end states
 * @param stopAtViolation stop at the end of the first level where an invariant fails
 * @param maxStates       stop (incomplete) once this many distinct states are stored
 * @param checkpoint      a folder to which the search writes a checkpoint after every breadth-first level, so that
 *                        a stopped run can be resumed from the last completed level
 * @param resume          resume from the checkpoint in {@code checkpoint} instead of starting afresh
 * @param spill           a folder to which the visited set's trace log spills past {@code memoryLimit}, and, without
 *                        liveness, its fingerprint tables (sorted runs merged on each flush, as TLC's DiskFPSet)
 * @param memoryLimit     bytes of trace log kept in memory before it spills, and bytes of fingerprint table (only
 *                        with {@code spill})
 * @param frontierLimit   bytes of a breadth-first level's queue kept in memory; past it the queue's blocks go to
 *                        files in a temporary folder (under {@code spill}, or the system's temporary folder) and are
 *                        read back in order ({@link Frontier})
 */
public record Options(int threads, boolean checkLiveness, boolean checkDeadlock, boolean stopAtViolation,
                      long maxStates, Option<Path> checkpoint, boolean resume, Option<Path> spill, long memoryLimit,
                      long frontierLimit) {

    /** Validates the bounds. */
    public Options {
        Objects.requireNonNull(checkpoint, "checkpoint is null");
        Objects.requireNonNull(spill, "spill is null");
        if (resume && checkpoint.isEmpty()) {
            throw new IllegalArgumentException("resume needs a checkpoint folder");
        }
        if (memoryLimit < 1) {
            throw new IllegalArgumentException("memoryLimit must be positive: " + memoryLimit);
        }
        if (frontierLimit < 0) {
            throw new IllegalArgumentException("frontierLimit must not be negative: " + frontierLimit);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (maxStates < 1) {
            throw new IllegalArgumentException("maxStates must be at least 1: " + maxStates);
        }
    }

    /**
     * All checks, on every available core, up to 100 million states, each level's queue in memory up to 1 GiB and
     * on disk past it.
     */
    public static Options defaults() {
        return new Options(Math.max(1, Runtime.getRuntime().availableProcessors()), true, true, false, 100_000_000L,
                Option.none(), false, Option.none(), Long.MAX_VALUE, 1L << 30);
    }

    /** The same options with {@code n} threads. */
    public Options withThreads(int n) {
        return new Options(n, checkLiveness, checkDeadlock, stopAtViolation, maxStates, checkpoint, resume, spill, memoryLimit, frontierLimit);
    }

    /** The same options with liveness checking on or off. */
    public Options withLiveness(boolean on) {
        return new Options(threads, on, checkDeadlock, stopAtViolation, maxStates, checkpoint, resume, spill, memoryLimit, frontierLimit);
    }

    /** The same options with deadlock checking on or off. */
    public Options withDeadlock(boolean on) {
        return new Options(threads, checkLiveness, on, stopAtViolation, maxStates, checkpoint, resume, spill, memoryLimit, frontierLimit);
    }

    /** The same options, stopping at the first violating level or not. */
    public Options withStopAtViolation(boolean on) {
        return new Options(threads, checkLiveness, checkDeadlock, on, maxStates, checkpoint, resume, spill, memoryLimit, frontierLimit);
    }

    /** The same options with another state limit. */
    public Options withMaxStates(long n) {
        return new Options(threads, checkLiveness, checkDeadlock, stopAtViolation, n, checkpoint, resume, spill, memoryLimit, frontierLimit);
    }

    /** The same options writing a checkpoint to {@code dir} after every level, resuming from it or not. */
    public Options withCheckpoint(Path dir, boolean resumeFromIt) {
        Objects.requireNonNull(dir, "dir is null");
        return new Options(threads, checkLiveness, checkDeadlock, stopAtViolation, maxStates, Option.some(dir),
                resumeFromIt, spill, memoryLimit, frontierLimit);
    }

    /** The same options without checkpoints. */
    public Options withoutCheckpoint() {
        return new Options(threads, checkLiveness, checkDeadlock, stopAtViolation, maxStates, Option.none(), false,
                spill, memoryLimit, frontierLimit);
    }

    /** The same options with the checkpoint folder (if any) replaced by its subfolder {@code name}. */
    public Options withCheckpointSubfolder(String name) {
        Objects.requireNonNull(name, "name is null");
        return new Options(threads, checkLiveness, checkDeadlock, stopAtViolation, maxStates,
                checkpoint.map(d -> d.resolve(name)), resume, spill, memoryLimit, frontierLimit);
    }

    /** The same options spilling the trace log to {@code dir} past {@code bytes} in memory. */
    public Options withSpill(Path dir, long bytes) {
        Objects.requireNonNull(dir, "dir is null");
        return new Options(threads, checkLiveness, checkDeadlock, stopAtViolation, maxStates, checkpoint, resume,
                Option.some(dir), bytes, frontierLimit);
    }

    /**
     * The same options keeping at most {@code bytes} of each breadth-first level's queue in memory, the rest in
     * files read back in order (0 sends every full block to disk).
     */
    public Options withFrontierLimit(long bytes) {
        return new Options(threads, checkLiveness, checkDeadlock, stopAtViolation, maxStates, checkpoint, resume,
                spill, memoryLimit, bytes);
    }
}
