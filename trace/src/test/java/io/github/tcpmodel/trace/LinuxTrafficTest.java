package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TcpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary traffic between two Linux hosts, recorded afresh ({@link LinuxTrafficCorpus}: IPv4 and IPv6, offloads on
 * and off, bulk and many short connections, losses and reordering): every capture conforms under the linux profile,
 * and the checker's state of every endpoint equals the kernel's ({@code ss}) at every checkpoint. Needs root,
 * tcpdump, nft, ethtool and tc; skipped with a message otherwise, failing when {@code TCPMODEL_REQUIRE_TUN=1}.
 */
class LinuxTrafficTest {

    private static final Limits ALL_ROWS = new Limits(5_000, 65_536, 100_000, 1_000, 100);

    @Test
    void everyCaptureOfTwoLinuxHostsConformsAndAgreesWithSs(@TempDir Path dir) throws Exception {
        TunAssumptions.assumeCapture();
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("nft", "ethtool", "tc")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            String why = "needs " + missing + " (apt-get install nftables ethtool iproute2)";
            if ("1".equals(System.getenv(TunAssumptions.REQUIRE))) {
                Assertions.fail(TunAssumptions.REQUIRE + "=1 but " + why);
            }
            Assumptions.abort(why);
        }
        List<String> problems = new ArrayList<>();
        for (LinuxTrafficCorpus.Scenario s : LinuxTrafficCorpus.SCENARIOS) {
            LinuxTrafficCorpus.record(s, dir);
            Path pcap = dir.resolve(s.name() + ".pcap");
            CheckResult r = TraceChecker.check(pcap, Profile.linux(), ALL_ROWS);
            TraceReport report = assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report();
            problems.addAll(KernelCorpusTest.mismatches(pcap, dir.resolve(s.name() + ".checkpoints"), report));
            problems.addAll(shows(s, report, dir.resolve(s.name() + ".checkpoints")));
            // MUST-19 with Linux's own congestion rules: real Linux senders stay within the model's bound.
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(pcap)) {
                CheckResult c = TraceChecker.check(in, pcap.toString(), Profile.linux(), ALL_ROWS,
                        TraceChecker.Until.LAST_FRAME, io.vavr.control.Option.some(
                                io.github.tcpmodel.semantics.CongestionBounds.Rules.linux()));
                assertInstanceOf(CheckResult.Checked.class, c, c.toString()).report().connections()
                        .flatMap(ConnectionReport::violations).filter(v -> v.reason().contains("MUST-19"))
                        .forEach(v -> problems.add(s.name() + ": " + v));
            }
        }
        assertEquals(List.of(), problems);
    }

    /** What the capture must show to be the scenario it is named for: where it is not, why. */
    private static List<String> shows(LinuxTrafficCorpus.Scenario s, TraceReport report, Path checkpoints)
            throws Exception {
        List<String> out = new ArrayList<>();
        String n = s.name() + ": ";
        int connections = s.load() == LinuxTrafficCorpus.Load.BULK ? 1 : LinuxTrafficCorpus.SHORT_CONNECTIONS;
        if (report.connectionCount() != connections) {
            out.add(n + report.connectionCount() + " connections, not " + connections);
        }
        if ((report.notes().ipv6Segments() == report.segments()) != s.ipv6()) {
            out.add(n + report.notes().ipv6Segments() + " of " + report.segments() + " segments over IPv6");
        }
        // Segmentation offload shows as segments larger than the MSS; without it there are none.
        if ((report.notes().superSegments() > 0) != s.offloads()) {
            out.add(n + report.notes().superSegments() + " super-segments, offloads " + s.offloads());
        }
        long octets = 0;
        long repeated = 0;
        for (ConnectionReport c : report.connections()) {
            for (SegmentRow row : c.segments()) {
                octets += row.len();
                repeated += row.note().contains("retransmission") ? 1 : 0;
            }
        }
        if (s.load() == LinuxTrafficCorpus.Load.BULK && octets < LinuxTrafficCorpus.BULK) {
            out.add(n + "only " + octets + " octets of text");
        }
        if (s.impairment() != LinuxTrafficCorpus.Impairment.NONE && s.load() == LinuxTrafficCorpus.Load.BULK
                && repeated == 0 && report.notes().captureLoss() == 0) {
            out.add(n + "no retransmission and no gap: the impairment did nothing");
        }
        // The kernel's sockets: both ends ESTABLISHED while connected, the closing side in TIME-WAIT at the end.
        List<KernelCorpusTest.Checkpoint> cps = KernelCorpusTest.checkpoints(checkpoints);
        if (cps.stream().noneMatch(cp -> cp.sockets().containsValue(TcpState.TIME_WAIT))) {
            out.add(n + "no TIME-WAIT socket at any checkpoint");
        }
        if (s.load() == LinuxTrafficCorpus.Load.BULK
                && cps.get(0).sockets().values().stream().filter(TcpState.ESTABLISHED::equals).count() != 2) {
            out.add(n + "not both ends ESTABLISHED at the first checkpoint: " + cps.get(0));
        }
        return out;
    }

    private static boolean onPath(String tool) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    // The checker is not blind on this traffic: one acknowledgment number moved past what was sent is found.
    @Test
    void aWrongAcknowledgmentInLinuxTrafficIsAViolation(@TempDir Path dir) throws Exception {
        TunAssumptions.assumeCapture();
        LinuxTrafficCorpus.Scenario s = LinuxTrafficCorpus.SCENARIOS.get(2);
        LinuxTrafficCorpus.record(s, dir);
        byte[] b = Files.readAllBytes(dir.resolve(s.name() + ".pcap"));
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = 24;
        int frame = 1;
        // The first record that is the client's third segment (its first data after the handshake): frame 4 of
        // the first connection; earlier records may be IPv6 neighbour traffic, so look for TCP.
        int tcpSeen = 0;
        while (at < b.length) {
            int caplen = buf.getInt(at + 8);
            int eth = at + 16;
            boolean ipv4Tcp = (b[eth + 12] & 0xFF) == 0x08 && b[eth + 13] == 0 && b[eth + 14 + 9] == 6;
            if (ipv4Tcp && ++tcpSeen == 4) {
                int ack = eth + 14 + (b[eth + 14] & 0x0F) * 4 + 8;
                buf.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(ack, buf.getInt(ack) + 100_000);
                break;
            }
            at += 16 + caplen;
            frame++;
        }
        CheckResult r = TraceChecker.check(new java.io.ByteArrayInputStream(b), "x", Profile.linux(),
                Limits.defaults());
        TraceReport report = assertInstanceOf(CheckResult.Checked.class, r).report();
        assertEquals(1, r.exitCode(), Renderer.table(report));
        long f = frame;
        assertTrue(report.connections().head().violations().exists(v -> v.frame() == f
                && v.reason().contains("ACK=RCV.NXT")), Renderer.table(report));
    }
}
