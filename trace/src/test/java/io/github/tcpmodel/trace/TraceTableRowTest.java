package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tcpmodel.table.TcpState;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The table's segment rows, built without a Formatter, read exactly as the format string they replace. */
class TraceTableRowTest {

    private static String formatted(SegmentRow s, long t0, String seg, int w0) {
        return String.format(Locale.ROOT, "%7d %12.6f  %-3s %-44s %-" + w0 + "s %s%s%n", s.frame(),
                (s.timeNanos() - t0) / 1e9, s.from() == 0 ? "->" : "<-", seg, s.state0().rfcName(),
                s.state1().rfcName(), s.note().isEmpty() ? "" : "   (" + s.note() + ")");
    }

    private static void same(long frame, long nanos, int from, String seg, String note, int w0) {
        TcpState[] states = TcpState.values();
        SegmentRow s = new SegmentRow(frame, 1_700_000_000_000_000_000L + nanos, from, "S.", 1, 2, 3, 4,
                states[(int) (frame % states.length)], states[(int) (nanos & 0xF) % states.length], note);
        StringBuilder b = new StringBuilder();
        Renderer.row(b, s, 1_700_000_000_000_000_000L, seg, w0);
        assertEquals(formatted(s, 1_700_000_000_000_000_000L, seg, w0), b.toString(), "nanos " + nanos);
    }

    @Test
    void roundingBoundariesAndWidths() {
        long[] nanos = {0, 1, 499, 500, 501, 999, 1_000, 1_280_500, 999_999_499, 999_999_500, 1_000_000_000,
            59_999_999_500L, 86_400_000_000_500L, 9_999_999_999_500L, -1, -1_500, -2_000_000_000L};
        for (long n : nanos) {
            same(42, n, 0, "[S.] seq 1 ack 2 len 3 win 4", "", 14);
            same(12_345_678, n, 1, "[P.] seq 4294967295 ack 4294967295 len 65535 win 65535 and more", "inferred",
                    21);
        }
    }

    @Test
    void randomTimes() {
        SplittableRandom r = new SplittableRandom(20261207);
        for (int i = 0; i < 20_000; i++) {
            long n = r.nextLong(0, 10_000_000_000_000L) / (1L << r.nextInt(0, 30));
            same(r.nextLong(0, 10_000_000), n, r.nextInt(2), "[.] seq " + r.nextLong(1L << 32), i % 3 == 0 ? "x" : "",
                    14 + r.nextInt(30));
        }
    }
}
