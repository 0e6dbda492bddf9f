package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.pcap.PcapWriter;
import io.github.tcpmodel.profile.Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Coverage-guided fuzzing of the capture checker end to end with Jazzer: a capture is either the raw input bytes
 * (exercising the reader and decoder under the checker) or, most of the time, a well-formed pcap built from the
 * input: segments with valid checksums between two hosts on a few ports, with flags, numbers near each other,
 * windows, options and payloads chosen by the fuzzer, at times that may go backwards. For every capture, both
 * the profile the input chooses checks it without throwing, the report renders as a table and as JSON, and the exit code matches the
 * result. The corpus and any crash reproducers live in {@code src/test/resources/io/github/tcpmodel/trace/
 * TraceCheckerJazzerTestInputs/fuzz}; the long run is {@link TraceCheckerJazzerLongTest}.
 */
class TraceCheckerJazzerTest {

    private static final int[] HOSTS = {0x0a000001, 0x0a000002};
    private static final int[] PORTS = {80, 40000, 40001};
    private static final int[] FLAGS = {0x02, 0x12, 0x10, 0x18, 0x11, 0x01, 0x04, 0x14, 0x19, 0x03, 0x06};

    @DisabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "5s")
    void fuzz(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        byte[] capture = data.consumeBoolean() && data.consumeBoolean() ? data.consumeRemainingAsBytes()
                : synthetic(data);
        Profile chosen = data.consumeBoolean() ? Profile.rfc9293() : Profile.linux();
        for (Profile p : new Profile[] {chosen}) {
            CheckResult r = TraceChecker.check(new ByteArrayInputStream(capture), "fuzz.pcap", p,
                    new Limits(4, 8, 16, 16, 8));
            if (r instanceof CheckResult.Unreadable u) {
                assertTrue(!u.message().isBlank());
                assertEquals(CheckResult.UNREADABLE, r.exitCode());
            } else {
                TraceReport report = ((CheckResult.Checked) r).report();
                assertNotNull(Renderer.table(report));
                String json = Renderer.json(report);
                assertTrue(json.startsWith("{") && json.strip().endsWith("}"), json);
                assertTrue(report.connections().size() <= 4 && report.connections().size() <= report.connectionCount());
                assertEquals(report.violationCount() == 0 ? 0 : 1, r.exitCode());
            }
        }
    }

    private static byte[] synthetic(FuzzedDataProvider data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] clock = {1_700_000_000_000_000_000L};
        try (PcapWriter w = new PcapWriter(out, () -> clock[0])) {
            int n = data.consumeInt(1, 24);
            for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
                boolean fromA = data.consumeBoolean();
                int port = PORTS[data.consumeInt(0, PORTS.length - 1)];
                int seq = 1000 * data.consumeInt(0, 3) + data.consumeInt(-2, 2);
                int ack = 5000 * data.consumeInt(0, 2) + data.consumeInt(-2, 2);
                int flags = FLAGS[data.consumeInt(0, FLAGS.length - 1)];
                int window = data.consumeBoolean() ? 65535 : data.consumeInt(0, 65535);
                TcpOptions options = data.consumeBoolean() ? TcpOptions.NONE : TcpOptions.mssOnly(1460);
                byte[] payload = new byte[data.consumeInt(0, 3) == 0 ? data.consumeInt(0, 40) : 0];
                Packet p = new Packet(HOSTS[fromA ? 0 : 1], HOSTS[fromA ? 1 : 0], fromA ? port : 80,
                        fromA ? 80 : port, seq, ack, flags, window, 0, options, payload);
                // Time mostly goes forward; sometimes it steps back, as in captures merged from two interfaces.
                clock[0] += data.consumeInt(-1_000_000, 200_000_000);
                w.write(Codec.encode(p));
            }
        }
        return out.toByteArray();
    }
}
