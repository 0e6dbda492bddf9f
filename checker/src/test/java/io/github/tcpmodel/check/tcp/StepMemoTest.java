package io.github.tcpmodel.check.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpModel#successors}'s fast path (the per-thread {@link StepMemo} of endpoint steps and the filter of user
 * calls and timers read off the TCB words) takes exactly the steps that the step function computed afresh takes.
 */
class StepMemoTest {

    /** The labels of a user call, timer or arrival: kinds 0 to 5, both sides, arrivals of slots 0 to 3. */
    private static java.util.List<Integer> endpointLabels() {
        java.util.List<Integer> labels = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            for (int kind = 0; kind <= 5; kind++) {
                for (int index = 0; index < (kind == 3 ? TcpModel.SLOTS : 1); index++) {
                    labels.add(kind | side << 3 | index << 4);
                }
            }
        }
        return labels;
    }

    /**
     * In every reachable state of each composition, the successors taken through the memo and the filter equal, label
     * by label, the steps computed afresh; the compositions take turns on this thread, 64 states at a time, so that the
     * memo both answers from its entries and changes hands between compositions.
     */
    @Test
    void memoizedStepsAreTheStepsComputedAfresh() {
        List<TcpModel> models = List.of(
                Theorems.handshake(TransitionTable.rfc9293()),
                Theorems.handshake(Variants.twoWayHandshake()),
                Theorems.handshake(TransitionTable.rfc9293()).withArrival(TheoremsTest.ANY_RST_IN_WINDOW),
                Theorems.closeWithLoss(TransitionTable.rfc9293()),
                Theorems.closeWithLoss(Variants.noTimeWait()),
                Theorems.halfClose(Variants.mergedClose()),
                Theorems.blindReset(),
                Theorems.blindReset(Profile.linux()),
                Theorems.dataTransfer(Profile.rfc9293()),
                Theorems.simultaneous(),
                Theorems.simultaneous(Profile.linux()));
        java.util.List<Integer> labels = endpointLabels();
        int n = models.size();
        java.util.List<ArrayDeque<long[]>> queues = new ArrayList<>();
        java.util.List<Set<java.util.List<Long>>> seen = new ArrayList<>();
        for (TcpModel m : models) {
            ArrayDeque<long[]> q = new ArrayDeque<>();
            Set<java.util.List<Long>> s = new HashSet<>();
            m.initial((l, x) -> {
                if (s.add(boxed(x))) {
                    q.add(x.clone());
                }
            });
            queues.add(q);
            seen.add(s);
        }
        long compared = 0;
        long enabled = 0;
        boolean more = true;
        while (more) {
            more = false;
            for (int turn = 0; turn < n * 64; turn++) {
                int i = turn / 64;
                long[] s = queues.get(i).poll();
                if (s == null) {
                    continue;
                }
                more = true;
                TcpModel m = models.get(i);
                Map<Integer, long[]> fast = new HashMap<>();
                Set<java.util.List<Long>> visited = seen.get(i);
                ArrayDeque<long[]> q = queues.get(i);
                m.successors(s, (l, x) -> {
                    fast.put(l, x.clone());
                    if (visited.add(boxed(x))) {
                        q.add(x.clone());
                    }
                });
                for (int label : labels) {
                    if (m.network().fifo() && label >>> 4 > 0) {
                        // A FIFO channel delivers its head only.
                        continue;
                    }
                    long[] afresh = m.stepAfresh(s, label);
                    long[] taken = fast.get(label);
                    if (afresh == null) {
                        assertNull(taken, () -> m.name() + ": label " + label + " taken but disabled afresh in "
                                + Arrays.toString(s));
                    } else {
                        assertArrayEquals(afresh, taken, () -> m.name() + ": label " + label + " from "
                                + Arrays.toString(s));
                        enabled++;
                    }
                    compared++;
                }
            }
        }
        // The comparison covered the compositions' whole spaces, with many enabled steps among the disabled ones.
        int states = seen.stream().mapToInt(Set::size).sum();
        assertTrue(compared >= (long) states * 12, compared + " steps compared in " + states + " states");
        assertTrue(enabled > states, enabled + " enabled steps in " + states + " states");
    }

    private static java.util.List<Long> boxed(long[] s) {
        java.util.List<Long> l = new ArrayList<>();
        for (long w : s) {
            l.add(w);
        }
        return l;
    }
}
