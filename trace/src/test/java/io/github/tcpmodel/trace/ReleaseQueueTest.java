package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker's release queue (a first-in first-out ring for the quiet checks, a heap for the rest) against a {@link
 * PriorityQueue}, on random operations shaped like the checker's: quiet checks at a clock that never goes back plus a
 * second, ends of TIME-WAIT further on, items taken while they are due.
 */
class ReleaseQueueTest {

    private record Item(long at, int entry, int id) {
    }

    @Test
    void itemsComeOutInTimeOrderWhateverPartHoldsThem() {
        for (long seed = 1; seed <= 3; seed++) {
            Random r = new Random(seed);
            TraceChecker.ReleaseQueue q = new TraceChecker.ReleaseQueue();
            PriorityQueue<Item> reference = new PriorityQueue<>(Comparator.comparingLong(Item::at));
            long clock = 0;
            int ids = 0;
            for (int step = 0; step < 10_000; step++) {
                clock += r.nextInt(3) == 0 ? 0 : r.nextInt(5_000_000);
                int k = r.nextInt(10);
                Item x;
                if (k < 7) {
                    x = new Item(clock + TraceChecker.QUIET_NANOS, r.nextInt(4096), ++ids);
                    q.add(x.at(), x.entry(), x.id(), true);
                } else if (k < 9) {
                    // The end of a TIME-WAIT: any time from now to a minute on.
                    x = new Item(clock + (long) (r.nextDouble() * 60e9), r.nextInt(4096), ++ids);
                    q.add(x.at(), x.entry(), x.id(), false);
                } else {
                    // Claimed in order but earlier than the last in-order item: the heap must take it.
                    x = new Item(clock + r.nextInt(1000), r.nextInt(4096), ++ids);
                    q.add(x.at(), x.entry(), x.id(), true);
                }
                reference.add(x);
                List<Item> taken = new ArrayList<>();
                List<Item> expected = new ArrayList<>();
                while (q.nonEmpty() && q.firstAt() < clock) {
                    taken.add(new Item(q.firstAt(), q.firstEntry(), q.firstId()));
                    q.poll();
                }
                while (!reference.isEmpty() && reference.peek().at() < clock) {
                    expected.add(reference.poll());
                }
                if (expected.isEmpty() && taken.isEmpty()) {
                    continue;
                }
                // Ties may come out in either order: compare the times in order and the items as sets.
                assertEquals(expected.stream().map(Item::at).toList(), taken.stream().map(Item::at).toList(),
                        "seed " + seed + ", step " + step);
                assertEquals(new java.util.HashSet<>(expected), new java.util.HashSet<>(taken),
                        "seed " + seed + ", step " + step);
            }
            long last = Long.MIN_VALUE;
            int left = 0;
            while (q.nonEmpty()) {
                long at = q.firstAt();
                assertFalse(at < last, "seed " + seed + ": " + at + " after " + last);
                last = at;
                q.poll();
                left++;
            }
            assertEquals(reference.size(), left, "seed " + seed);
        }
    }
}
