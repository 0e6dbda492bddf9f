package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.tcpmodel.pcap.IpTcpSegment;
import io.github.tcpmodel.pcap.TcpHeaderOptions;
import io.github.tcpmodel.profile.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker's connection table against a {@link LinkedHashMap} in access order, on random operations. */
class ConnectionTableTest {

    private static CapturedSegment segment(long srcHigh, long srcLow, int srcPort, long dstHigh, long dstLow,
                                           int dstPort) {
        return CapturedSegment.of(new IpTcpSegment(srcHigh == 0 ? 4 : 6, srcHigh, srcLow, dstHigh, dstLow, 0, srcPort,
                dstPort, 1, 0, CapturedSegment.SYN, 1000, 0, 0, IpTcpSegment.LengthSource.HEADER,
                TcpHeaderOptions.NONE));
    }

    /** A 4-tuple drawn from a small space, so that the same ones come again, in either direction. */
    private record Tuple(long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        CapturedSegment forward() {
            return segment(aHigh, aLow, aPort, bHigh, bLow, bPort);
        }

        CapturedSegment backward() {
            return segment(bHigh, bLow, bPort, aHigh, aLow, aPort);
        }

        String key() {
            // Both directions are one connection: the lower endpoint first.
            String a = aHigh + "/" + aLow + ":" + aPort;
            String b = bHigh + "/" + bLow + ":" + bPort;
            return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
        }
    }

    private static Tuple tuple(Random r) {
        boolean v6 = r.nextInt(4) == 0;
        long high = v6 ? 0xfd00L << 48 : 0;
        long a = v6 ? r.nextInt(50) : 0xFFFF_0A00_0000L + r.nextInt(50);
        long b = v6 ? r.nextInt(50) : 0xFFFF_0A00_0000L + r.nextInt(50);
        return new Tuple(high, a, 1 + r.nextInt(40), high, b, 1 + r.nextInt(3));
    }

    @Test
    void findsAddsRemovesAndOrdersByActivityAsAMapDoes() {
        Random r = new Random(7);
        ConnectionTable t = new ConnectionTable();
        LinkedHashMap<String, Conversation> model = new LinkedHashMap<>(16, 0.75f, true);
        Limits limits = Limits.defaults();
        Profile linux = Profile.linux();
        int id = 0;
        for (int step = 0; step < 100_000; step++) {
            Tuple x = tuple(r);
            CapturedSegment w = r.nextBoolean() ? x.forward() : x.backward();
            int e = t.find(w);
            Conversation expected = model.get(x.key());
            if (expected != (e < 0 ? null : t.conversation(e))) {
                assertSame(expected, e < 0 ? null : t.conversation(e), "step " + step + " " + x.key());
            }
            if (expected == null) {
                Conversation c = new Conversation(++id, linux, limits, w);
                t.add(w, c, step);
                model.put(x.key(), c);
            } else if (r.nextInt(3) == 0) {
                t.remove(e);
                model.remove(x.key());
            } else {
                t.touch(e, step);
                assertEquals(step, t.lastActive(e));
            }
            assertEquals(model.size(), t.size());
            if (!model.isEmpty()) {
                assertSame(model.values().iterator().next(), t.conversation(t.oldest()), "least recently active");
            }
        }
        assertEquals(new ArrayList<>(model.values()), t.conversations());
    }
}
