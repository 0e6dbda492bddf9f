package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The public test captures of tcpdump and Zeek ({@code ../shared/captures/public/} from the repository root, data
 * only, not part of the repository), under the linux profile: every one conforms except those named here, with the
 * number of violations each has (docs/trace-checker.md, "Public captures", says why).
 */
class PublicCapturesTest {

    static final Path DIR = Path.of("..", "..", "shared", "captures", "public");

    /** The captures that do not conform, and how many violations each shows. */
    static final Map<String, Long> EXPECTED_VIOLATIONS = Map.of(
            "zeek-ftp-bigtransfer.pcap", 16L,
            "zeek-http-206_example_b.pcap", 105L);

    @Test
    void everyPublicCaptureConformsExceptTheKnownOnes() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DIR), "the public captures are not at " + DIR.toAbsolutePath()
                + ": skipped");
        Map<String, Long> got = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                CheckResult r = TraceChecker.check(f, Profile.linux());
                TraceReport report = assertInstanceOf(CheckResult.Checked.class, r, f + ": " + r).report();
                assertTrue(report.connectionCount() > 0, f.toString());
                got.put(f.getFileName().toString(), report.violationCount());
            }
        }
        assertTrue(got.size() >= 35, got.toString());
        Map<String, Long> nonConforming = new TreeMap<>();
        got.forEach((k, v) -> {
            if (v > 0) {
                nonConforming.put(k, v);
            }
        });
        assertEquals(new TreeMap<>(EXPECTED_VIOLATIONS), nonConforming);
    }

    @Test
    void aCaptureOfOneDirectionPresumesTheSynAckItsClientAcknowledges() {
        Path ldp = DIR.resolve("tcpdump-ldp-common-session.pcap");
        Assumptions.assumeTrue(Files.isRegularFile(ldp), ldp.toAbsolutePath() + " is absent: skipped");
        TraceReport r = ((CheckResult.Checked) TraceChecker.check(ldp, Profile.linux())).report();
        assertTrue(r.conforms(), Renderer.table(r));
        ConnectionReport c = r.connections().find(x -> x.endpoints().head().address().endsWith(":58321")).get();
        assertTrue(c.segments().exists(s -> s.note().contains("is not in the capture (presumed)")),
                Renderer.table(r));
        assertEquals(io.github.tcpmodel.table.TcpState.ESTABLISHED, c.endpoints().get(1).finalState());
    }

    @Test
    void fastOpenDataOnTheSynIsAcceptedUnderLinux() {
        Path tfo = DIR.resolve("zeek-tcp-tcp-fast-open.pcap");
        Assumptions.assumeTrue(Files.isRegularFile(tfo), tfo.toAbsolutePath() + " is absent: skipped");
        TraceReport r = ((CheckResult.Checked) TraceChecker.check(tfo, Profile.linux())).report();
        assertTrue(r.conforms(), Renderer.table(r));
        assertTrue(r.connections().exists(c -> c.segments().exists(s -> s.note().contains(
                "TCP Fast Open: the SYN's text accepted"))), Renderer.table(r));
    }

    @Test
    void offloadCapturesNoteTheirSuperSegments() {
        Path bigTcp = DIR.resolve("tcpdump-bigtcp-ipv4.pcap");
        Assumptions.assumeTrue(Files.isRegularFile(bigTcp), bigTcp.toAbsolutePath() + " is absent: skipped");
        TraceReport big = ((CheckResult.Checked) TraceChecker.check(bigTcp, Profile.linux())).report();
        assertTrue(big.conforms(), Renderer.table(big));
        assertEquals(1, big.notes().superSegments());
        assertEquals(1, big.notes().lengthFromRecord());
        // A capture that starts mid-connection does not know the MSS: its 7,240-octet segment is simply accepted.
        TraceReport gso = ((CheckResult.Checked) TraceChecker.check(DIR.resolve("tcpdump-gso-ipv4.pcap"),
                Profile.linux())).report();
        assertTrue(gso.conforms(), Renderer.table(gso));
        TraceReport tso = ((CheckResult.Checked) TraceChecker.check(DIR.resolve(
                "tcpdump-ipv4_tcp_http_xml_tso.pcap"), Profile.linux())).report();
        assertTrue(tso.conforms(), Renderer.table(tso));
        assertEquals(1, tso.notes().lengthFromRecord());
    }
}
