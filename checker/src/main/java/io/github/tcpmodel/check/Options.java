package io.github.tcpmodel.check;

/**
 * How to explore.
 *
 * @param threads         worker threads (at least 1); with more than one, which of several shortest
 *                        counterexamples is reported may vary, their length does not
 * @param checkLiveness   check that a quiescent end state is reachable from every state (stores every edge)
 * @param checkDeadlock   report states without successors that are not quiescent end states
 * @param stopAtViolation stop at the end of the first level where an invariant fails
 * @param maxStates       stop (incomplete) once this many distinct states are stored
 */
public record Options(int threads, boolean checkLiveness, boolean checkDeadlock, boolean stopAtViolation,
                      long maxStates) {

    /** Validates the bounds. */
    public Options {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (maxStates < 1) {
            throw new IllegalArgumentException("maxStates must be at least 1: " + maxStates);
        }
    }

    /** All checks, on every available core, up to 100 million states. */
    public static Options defaults() {
        return new Options(Math.max(1, Runtime.getRuntime().availableProcessors()), true, true, false, 100_000_000L);
    }

    /** The same options with {@code n} threads. */
    public Options withThreads(int n) {
        return new Options(n, checkLiveness, checkDeadlock, stopAtViolation, maxStates);
    }

    /** The same options with liveness checking on or off. */
    public Options withLiveness(boolean on) {
        return new Options(threads, on, checkDeadlock, stopAtViolation, maxStates);
    }

    /** The same options with deadlock checking on or off. */
    public Options withDeadlock(boolean on) {
        return new Options(threads, checkLiveness, on, stopAtViolation, maxStates);
    }

    /** The same options, stopping at the first violating level or not. */
    public Options withStopAtViolation(boolean on) {
        return new Options(threads, checkLiveness, checkDeadlock, on, maxStates);
    }

    /** The same options with another state limit. */
    public Options withMaxStates(long n) {
        return new Options(threads, checkLiveness, checkDeadlock, stopAtViolation, n);
    }
}
