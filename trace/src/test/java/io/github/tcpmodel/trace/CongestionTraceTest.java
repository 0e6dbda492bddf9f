package io.github.tcpmodel.trace;

import static io.github.tcpmodel.trace.SyntheticCapture.ACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * MUST-19 on captures ({@link CongestionView}, the comparison core's {@code CongestionCheck} in capture order): a
 * sender that puts more in flight than any conforming sender could is caught, one that stays within the bound is
 * not, and the public captures show no false alarm.
 */
class CongestionTraceTest {

    static final SyntheticCapture.Host C = TraceCheckerTest.C;
    static final SyntheticCapture.Host S = TraceCheckerTest.S;

    static TraceReport report(SyntheticCapture t, Option<CongestionBounds.Rules> rules) {
        return report(new ByteArrayInputStream(t.bytes()), "test", Profile.linux(), rules);
    }

    static TraceReport report(InputStream in, String name, Profile p, Option<CongestionBounds.Rules> rules) {
        CheckResult r = TraceChecker.check(in, name, p, Limits.defaults(), TraceChecker.Until.LAST_FRAME, rules);
        return assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report();
    }

    static List<Violation> congestion(TraceReport r) {
        return r.connections().flatMap(ConnectionReport::violations).filter(v -> v.reason().contains("MUST-19"));
    }

    /**
     * After the handshake (MSS 1460 both ways) the server sends {@code first} segments of 1460 octets, the client
     * acknowledges {@code acked} of them, and the server sends {@code second} more.
     */
    static SyntheticCapture burst(int first, int acked, int second) {
        SyntheticCapture t = DeliveryInferenceTest.handshake(1);
        long seq = 5001;
        for (int i = 0; i < first; i++, seq += 1460) {
            t.seg(S, C, seq, 1001, ACK, 1460, 64_000, TcpOptions.NONE).after(0.01);
        }
        t.after(1).seg(C, S, 1001, 5001 + 1460L * acked, ACK, 0, 64_240, TcpOptions.NONE).after(0.01);
        for (int i = 0; i < second; i++, seq += 1460) {
            t.seg(S, C, seq, 1001, ACK, 1460, 64_000, TcpOptions.NONE).after(0.01);
        }
        return t;
    }

    @Test
    void aFirstFlightAboveTenSegmentsAndAProbeIsCaught() {
        Option<CongestionBounds.Rules> linux = Option.some(CongestionBounds.Rules.linux());
        // Ten segments, and an eleventh that may be a tail loss probe (RFC 8985 §7.3).
        TraceReport within = report(burst(11, 0, 0), linux);
        assertEquals(List.empty(), congestion(within), Renderer.table(within));
        TraceReport beyond = report(burst(12, 0, 0), linux);
        List<Violation> v = congestion(beyond);
        assertEquals(1, v.size(), Renderer.table(beyond));
        assertTrue(v.head().reason().startsWith("MUST-19: 17520 octets in flight"), v.head().reason());
        assertEquals(Violation.Certainty.TIMING, v.head().certainty());
        assertEquals(List.empty(), congestion(report(burst(12, 0, 0), Option.none())), "the check is a choice");
    }

    @Test
    void slowStartGrowthIsAllowedAndNoMore() {
        Option<CongestionBounds.Rules> linux = Option.some(CongestionBounds.Rules.linux());
        // Four segments acknowledged: cwnd 14 segments (RFC 5681 §3.1 slow start, every octet acknowledged), six
        // outstanding, so eight more may go, and a probe.
        assertEquals(List.empty(), congestion(report(burst(10, 4, 9), linux)));
        assertEquals(1, congestion(report(burst(10, 4, 10), linux)).size());
    }

    @Test
    void aCaptureWithoutTheHandshakeIsNotChecked() {
        SyntheticCapture t = SyntheticCapture.inMemory();
        long seq = 5001;
        for (int i = 0; i < 30; i++, seq += 1460) {
            t.seg(S, C, seq, 1001, ACK, 1460, 64_000, TcpOptions.NONE).after(0.01);
        }
        assertEquals(List.empty(), congestion(report(t, Option.some(CongestionBounds.Rules.linux()))));
    }

    // The public captures (real stacks of many kinds) under the widest rules: no false alarm.
    @Test
    void thePublicCapturesStayWithinTheWidestBound() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(PublicCapturesTest.DIR), "the public captures are not at "
                + PublicCapturesTest.DIR.toAbsolutePath() + ": skipped");
        int checked = 0;
        StringBuilder alarms = new StringBuilder();
        try (Stream<Path> files = Files.list(PublicCapturesTest.DIR)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (!f.toString().endsWith("cap") && !f.toString().endsWith("pcapng")) {
                    continue;
                }
                CheckResult r = TraceChecker.check(Files.newInputStream(f), f.getFileName().toString(),
                        Profile.linux(), Limits.defaults(), TraceChecker.Until.LAST_FRAME,
                        Option.some(CongestionBounds.Rules.widest()));
                if (r instanceof CheckResult.Checked c) {
                    checked++;
                    for (Violation v : congestion(c.report())) {
                        alarms.append(f.getFileName()).append(": ").append(v).append('\n');
                    }
                }
            }
        }
        assertTrue(checked > 0);
        assertEquals("", alarms.toString());
    }
}
