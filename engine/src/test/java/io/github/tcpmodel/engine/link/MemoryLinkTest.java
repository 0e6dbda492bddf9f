package io.github.tcpmodel.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.clock.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLinkTest {

    private static List<String> run(long seed, Impairments imp, int packets) {
        VirtualClock clock = new VirtualClock();
        MemoryLink[] pair = MemoryLink.pair(clock, imp, seed);
        List<String> arrivals = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            byte[] p = new byte[20];
            p[0] = (byte) i;
            p[1] = (byte) (i >> 8);
            pair[0].send(p);
            clock.advanceBy(1);
            pair[1].receive(x -> arrivals.add(clock.nowMillis() + ":" + (x[0] & 0xFF | (x[1] & 0xFF) << 8)
                    + ":" + java.util.Arrays.hashCode(x)), Integer.MAX_VALUE);
        }
        clock.advanceBy(1000);
        pair[1].receive(x -> arrivals.add(clock.nowMillis() + ":" + (x[0] & 0xFF | (x[1] & 0xFF) << 8)
                + ":" + java.util.Arrays.hashCode(x)), Integer.MAX_VALUE);
        return arrivals;
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        assertEquals(run(5, Impairments.harsh(), 2000), run(5, Impairments.harsh(), 2000));
        assertTrue(!run(5, Impairments.harsh(), 2000).equals(run(6, Impairments.harsh(), 2000)));
    }

    @Test
    void impairmentsHappenAtAboutTheirRates() {
        VirtualClock clock = new VirtualClock();
        MemoryLink[] pair = MemoryLink.pair(clock, new Impairments(0.2, 0.1, 0.2, 0.01, 5, 0, 15), 9);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            pair[0].send(new byte[100]);
        }
        String stats = pair[0].stats();
        int received = pair[1].inFlight();
        // delivered = sent - lost + duplicated: about 0.8 n + 0.08 n
        assertTrue(Math.abs(received - 0.88 * n) < 0.01 * n, stats);
        clock.advanceBy(100);
        int[] corrupted = {0};
        pair[1].receive(p -> {
            for (byte b : p) {
                if (b != 0) {
                    corrupted[0]++;
                    break;
                }
            }
        }, Integer.MAX_VALUE);
        assertTrue(Math.abs(corrupted[0] - 0.01 * received) < 0.003 * n, "corrupted " + corrupted[0]);
    }

    @Test
    void delayAndReorderingDelayDelivery() {
        VirtualClock clock = new VirtualClock();
        MemoryLink[] pair = MemoryLink.pair(clock, new Impairments(0, 0, 1.0, 0, 5, 0, 15), 1);
        pair[0].send(new byte[] {1});
        assertEquals(20, pair[1].nextArrivalMillis());
        clock.advanceBy(19);
        assertEquals(0, pair[1].receive(p -> { }, 10));
        clock.advanceBy(1);
        assertEquals(1, pair[1].receive(p -> { }, 10));
    }
}
