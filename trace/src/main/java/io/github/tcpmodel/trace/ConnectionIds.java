package io.github.tcpmodel.trace;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Connection numbers in the order of the connections' first segments, the report's order. One thread numbers them
 * with a counter; when several threads check the connections (each the connections of its share of the 4-tuples),
 * each numbers its own connections and counts those the others started at earlier segments, which it reads once
 * they have reached that point of the capture.
 *
 * <p>Only the numbers of the connections the report lists ({@link Limits#connections()}) must be those one thread
 * gives: a connection beyond them is known by its number to its own thread alone (to tell a stale release from a
 * current one), so once a thread has numbered a connection beyond the listed ones, it numbers the rest of its
 * connections on from there without waiting: every connection it starts later comes after that one in the capture.
 */
interface ConnectionIds {

    /** The number of a connection whose first segment is the capture's TCP segment {@code index} (from 0). */
    int next(long index);

    /** The numbers of a single thread. */
    final class Counter implements ConnectionIds {
        private int next = 1;

        @Override
        public int next(long index) {
            return next++;
        }
    }

    /**
     * The segments each thread has checked so far, and the segments at which each started its connections until it
     * numbered one beyond the listed ones, shared by the threads.
     */
    final class Shared {
        /** Slots apart in {@link #progress}, so that the threads' counters do not share a cache line. */
        private static final int PAD = 16;
        private final int threads;
        private final int listed;
        private final AtomicLongArray progress;
        /**
         * Per thread: the segment indices at which it started connections, written by that thread only; the array
         * and then the count are published through volatile writes, so that a reader that sees a count sees the
         * entries below it (in a copy made when the array grew, too).
         */
        private final java.util.concurrent.atomic.AtomicReferenceArray<long[]> starts;
        private final java.util.concurrent.atomic.AtomicIntegerArray startCount;

        Shared(int threads, int listed) {
            this.threads = threads;
            this.listed = listed;
            this.progress = new AtomicLongArray(threads * PAD);
            for (int k = 0; k < threads; k++) {
                progress.set(k * PAD, -1);
            }
            this.starts = new java.util.concurrent.atomic.AtomicReferenceArray<>(threads);
            for (int k = 0; k < threads; k++) {
                starts.set(k, new long[16]);
            }
            this.startCount = new java.util.concurrent.atomic.AtomicIntegerArray(threads * PAD);
        }

        /** Thread {@code k}'s numbers. */
        ConnectionIds of(int k) {
            return new Worker(k);
        }

        /** Thread {@code k} has checked the capture's TCP segments up to {@code index}. */
        void reached(int k, long index) {
            // Ordered after the thread's writes to its starts: a reader that sees the index sees them.
            progress.lazySet(k * PAD, index);
        }

        private volatile boolean stopped;

        /** The check is abandoned: a thread waiting for another gives up. */
        void stop() {
            stopped = true;
        }

        /** Thread {@code k} checks no more segments (the capture's end, or a failure). */
        void done(int k) {
            progress.set(k * PAD, Long.MAX_VALUE);
        }

        private final class Worker implements ConnectionIds {
            private final int k;
            private int own;
            /** Per other thread: how many of its starts are known to come before the current segment. */
            private final int[] seen = new int[threads];
            private boolean beyondListed;
            private int last;

            Worker(int k) {
                this.k = k;
            }

            @Override
            public int next(long index) {
                if (beyondListed) {
                    return ++last;
                }
                int id = 1 + own;
                for (int j = 0; j < threads; j++) {
                    if (j != k) {
                        awaitPast(j, index - 1);
                        int n = startCount.get(j * PAD);
                        long[] s = starts.get(j);
                        while (seen[j] < n && s[seen[j]] < index) {
                            seen[j]++;
                        }
                        id += seen[j];
                    }
                }
                own++;
                int n = startCount.get(k * PAD);
                long[] s = starts.get(k);
                if (n == s.length) {
                    s = java.util.Arrays.copyOf(s, n * 2);
                    starts.set(k, s);
                }
                s[n] = index;
                startCount.set(k * PAD, n + 1);
                last = id;
                beyondListed = id > listed;
                return id;
            }

            /** Waits until thread {@code j} has checked the capture's TCP segments up to {@code index}. */
            private void awaitPast(int j, long index) {
                for (int spins = 0; progress.get(j * PAD) < index; spins++) {
                    if (stopped) {
                        throw new java.util.concurrent.CancellationException("the check was abandoned");
                    }
                    if (spins < 200) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(20_000);
                    }
                }
            }
        }
    }
}
