package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TcpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCorpusTest {

    static final Path COMMITTED = Path.of("src/test/resources/captures");

    /** A checkpoint: when, and the kernel's connected sockets then ("LOCAL PEER" to state). */
    record Checkpoint(long time, String label, Map<String, TcpState> sockets) {
    }

    /** The addresses of scripted peers (no kernel socket) named in a checkpoints file by {@code ! scripted IP}. */
    static List<String> scripted(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("! scripted ")) {
                out.add(line.substring("! scripted ".length()).strip() + ":");
            }
        }
        return out;
    }

    static List<Checkpoint> checkpoints(Path file) throws IOException {
        List<Checkpoint> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ", 3);
            if (line.startsWith("# ")) {
                String[] h = line.substring(2).split(" ", 2);
                out.add(new Checkpoint(Long.parseLong(h[0]), h.length > 1 ? h[1] : "", new HashMap<>()));
            } else if (f.length == 3 && !line.startsWith("!")) {
                out.get(out.size() - 1).sockets().put(f[0] + " " + f[1], TcpState.ofRfcName(f[2]).get());
            }
        }
        return out;
    }

    /** Where the checker's inferred states differ from the kernel's at a checkpoint; empty when they agree. */
    static List<String> mismatches(Path pcap, Path checkpoints) throws IOException {
        CheckResult r = TraceChecker.check(pcap, Profile.linux());
        return mismatches(pcap, checkpoints, assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report());
    }

    /** The same for {@code report}, the linux profile's report on {@code pcap}. */
    static List<String> mismatches(Path pcap, Path checkpoints, TraceReport report) throws IOException {
        List<String> out = new ArrayList<>();
        List<Checkpoint> cps = checkpoints(checkpoints);
        List<String> scripted = scripted(checkpoints);
        assertFalse(cps.isEmpty(), "no checkpoints in " + checkpoints);
        assertFalse(report.connections().isEmpty(), "no connection in " + pcap);
        for (Checkpoint cp : cps) {
            for (ConnectionReport c : report.connections()) {
                for (int i = 0; i < 2; i++) {
                    EndpointReport e = c.endpoints().get(i);
                    if (scripted.stream().anyMatch(e.address()::startsWith)) {
                        continue;
                    }
                    String key = e.address() + " " + c.endpoints().get(1 - i).address();
                    TcpState kernel = cp.sockets().getOrDefault(key, TcpState.CLOSED);
                    TcpState model = e.stateAt(cp.time());
                    // A listener is not a socket of the 4-tuple: ss shows no connection for it.
                    model = model == TcpState.LISTEN ? TcpState.CLOSED : model;
                    if (kernel != model) {
                        out.add(pcap.getFileName() + " at '" + cp.label() + "': " + e.address() + " kernel "
                                + kernel.rfcName() + ", checker " + model.rfcName());
                    }
                }
            }
        }
        if (!report.conforms()) {
            report.connections().flatMap(ConnectionReport::violations)
                    .forEach(v -> out.add(pcap.getFileName() + ": violation " + v));
        }
        return out;
    }

    @Test
    void committedKernelCapturesMatchTheKernelsStatesAtEveryCheckpoint() throws IOException {
        List<String> all = new ArrayList<>();
        for (String s : KernelCorpus.ALL) {
            Path pcap = COMMITTED.resolve(s + ".pcap");
            assertTrue(Files.exists(pcap), pcap + " is missing: run KernelCorpus.main as root");
            all.addAll(mismatches(pcap, COMMITTED.resolve(s + ".checkpoints")));
        }
        assertEquals(List.of(), all);
    }

    // Kernel to engine over TUN: the checker's states equal the kernel's (ss) and the engine's own at every
    // checkpoint; the engine is an endpoint like the kernel in the checkpoints files.
    @Test
    void committedEngineCapturesMatchTheKernelsAndTheEnginesStatesAtEveryCheckpoint() throws IOException {
        List<String> all = new ArrayList<>();
        for (String s : EngineCorpus.SCENARIOS) {
            Path pcap = COMMITTED.resolve(s + ".pcap");
            assertTrue(Files.exists(pcap), pcap + " is missing: run EngineCorpus.main as root");
            all.addAll(mismatches(pcap, COMMITTED.resolve(s + ".checkpoints")));
        }
        assertEquals(List.of(), all);
    }

    // The corpus is not vacuous: every checkpoints file lists sockets, the simultaneous opens pass through
    // SYN-RECEIVED on both sides (RFC 9293 §3.5 Figure 7).
    @Test
    void theCorpusCoversTheScenariosItNames() throws IOException {
        for (String s : KernelCorpus.ALL) {
            assertTrue(checkpoints(COMMITTED.resolve(s + ".checkpoints")).stream()
                    .anyMatch(cp -> !cp.sockets().isEmpty()) || s.contains("refused"), s);
        }
        for (String s : List.of("veth-simultaneous-open", "engine-simultaneous-open", "simultaneous-open")) {
            TraceReport r = ((CheckResult.Checked) TraceChecker.check(COMMITTED.resolve(s + ".pcap"), Profile.linux()))
                    .report();
            ConnectionReport c = r.connections().head();
            for (EndpointReport e : c.endpoints()) {
                assertEquals(io.vavr.collection.List.of(TcpState.SYN_SENT, TcpState.SYN_RECEIVED,
                        TcpState.ESTABLISHED), e.states().map(StateEntry::state).take(3), s + " " + e.address());
            }
        }
    }

    // The captures between the kernel and the engine show the losses and timers they are named for. TIME-WAIT re-ACK:
    // the side in LAST-ACK sends its FIN twice with nothing from the other side in between (its ACK was lost before
    // the wire), and the side in TIME-WAIT acknowledges the second (RFC 9293 §3.10.7.4 eighth). Keep-alive death:
    // the sender's probes (SEG.SEQ = SND.NXT - 1, no text, RFC 9293 §3.8.4) go unanswered, TCP_KEEPCNT of them, and
    // both ends end CLOSED. TIME-WAIT expiry: each side's TIME-WAIT ends 60 s after it began or was last restarted by a
    // retransmitted FIN (linux profile).
    @Test
    void theEngineCorpusShowsTheLossesAndTimersItIsNamedFor() throws IOException {
        reAcknowledged("engine-engine-time-wait-re-ack", "10.77.0.2:");
        reAcknowledged("engine-kernel-time-wait-re-ack", "10.77.0.1:");
        keepAliveDeath("engine-engine-keepalive-death", "10.77.0.2:");
        keepAliveDeath("engine-kernel-keepalive-death", "10.77.0.1:");
        // In engine-time-wait-expiry the kernel's TIME-WAIT is restarted by the engine's FIN, retransmitted about
        // 6 s after the first (its ACKs were lost): it ends 60 s after that FIN arrived (§3.10.7.4 eighth).
        TraceReport r = report(COMMITTED.resolve("engine-time-wait-expiry.pcap"));
        List<String> timeWaits = new ArrayList<>();
        for (ConnectionReport c : r.connections()) {
            for (int side = 0; side < 2; side++) {
                EndpointReport e = c.endpoints().get(side);
                io.vavr.collection.List<StateEntry> st = e.states();
                int i = st.map(StateEntry::state).indexOf(TcpState.TIME_WAIT);
                if (i < 0) {
                    continue;
                }
                assertEquals(TcpState.CLOSED, st.get(i + 1).state(), e.address());
                long lasted = st.get(i + 1).timeNanos() - st.get(i).timeNanos();
                int peer = 1 - side;
                io.vavr.collection.List<SegmentRow> fins = c.segments()
                        .filter(x -> x.from() == peer && x.flags().contains("F"));
                if (e.address().startsWith("10.77.0.1:")) {
                    assertTrue(fins.size() >= 3, "the engine's FIN retransmitted: " + fins.size());
                    long restarted = fins.last().timeNanos() - st.get(i).timeNanos();
                    assertTrue(restarted > 5_000_000_000L, "the last FIN " + restarted + " ns after TIME-WAIT began");
                    assertTrue(lasted >= 60_000_000_000L + restarted && lasted < 60_100_000_000L + restarted,
                            "TIME-WAIT for " + lasted + " ns, restarted after " + restarted);
                } else {
                    assertEquals(1, fins.size(), e.address());
                    assertEquals(60_000_000_000L, lasted, e.address());
                }
                timeWaits.add(e.address().substring(0, e.address().indexOf(':')));
            }
        }
        timeWaits.sort(String::compareTo);
        assertEquals(List.of("10.77.0.1", "10.77.0.2"), timeWaits);
    }

    private static TraceReport report(Path pcap) {
        CheckResult r = TraceChecker.check(pcap, Profile.linux());
        return assertInstanceOf(CheckResult.Checked.class, r, r.toString()).report();
    }

    private static int side(ConnectionReport c, String address) {
        return c.endpoints().get(0).address().startsWith(address) ? 0 : 1;
    }

    private static void reAcknowledged(String name, String waiterAddress) {
        ConnectionReport c = report(COMMITTED.resolve(name + ".pcap")).connections().head();
        int waiter = side(c, waiterAddress);
        io.vavr.collection.List<SegmentRow> rows = c.segments();
        io.vavr.collection.List<Integer> fins = rows.zipWithIndex()
                .filter(t -> t._1.from() != waiter && t._1.flags().contains("F")).map(t -> t._2);
        assertEquals(2, fins.size(), name + ": the peer's FIN and its retransmission");
        assertEquals(rows.get(fins.get(0)).seq(), rows.get(fins.get(1)).seq(), name);
        assertTrue(rows.subSequence(fins.get(0) + 1, fins.get(1)).forAll(x -> x.from() != waiter),
                name + ": nothing from TIME-WAIT before the retransmission");
        SegmentRow second = rows.get(fins.get(1));
        assertEquals(TcpState.TIME_WAIT, waiter == 0 ? second.state0() : second.state1(), name);
        SegmentRow last = rows.last();
        assertEquals(waiter, last.from(), name);
        assertEquals(".", last.flags(), name);
        assertEquals((second.seq() + 1) & 0xFFFFFFFFL, last.ack(), name);
        assertEquals(TcpState.CLOSED, waiter == 0 ? last.state1() : last.state0(), name);
        assertEquals(TcpState.TIME_WAIT, c.endpoints().get(waiter).finalState(), name);
    }

    private static void keepAliveDeath(String name, String proberAddress) {
        ConnectionReport c = report(COMMITTED.resolve(name + ".pcap")).connections().head();
        int prober = side(c, proberAddress);
        long sndNxt = -1;
        int probes = 0;
        for (SegmentRow x : c.segments()) {
            if (x.from() != prober) {
                assertEquals(0, probes, name + ": an answer to a probe reached the wire: frame " + x.frame());
                continue;
            }
            if (x.len() == 0 && x.flags().equals(".") && x.seq() == ((sndNxt - 1) & 0xFFFFFFFFL)) {
                probes++;
            }
            long end = (x.seq() + x.len() + (x.flags().contains("S") ? 1 : 0) + (x.flags().contains("F") ? 1 : 0))
                    & 0xFFFFFFFFL;
            sndNxt = sndNxt < 0 || ((end - sndNxt) & 0x80000000L) == 0 ? end : sndNxt;
            if (probes == 2) {
                break;
            }
        }
        assertEquals(2, probes, name + ": TCP_KEEPCNT probes");
        for (EndpointReport e : c.endpoints()) {
            assertEquals(TcpState.CLOSED, e.finalState(), name + " " + e.address());
        }
    }

    // The checker is not blind on real captures: one acknowledgment number changed in a kernel capture is found.
    @Test
    void aWrongAcknowledgmentInAKernelCaptureIsAViolation() throws IOException {
        byte[] b = Files.readAllBytes(COMMITTED.resolve("client-closes-first.pcap"));
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = 24;
        for (int frame = 1; frame < 4; frame++) {
            at += 16 + buf.getInt(at + 8);
        }
        // Frame 4: Ethernet (14 octets), IPv4 header (IHL), then SEG.ACK at offset 8 of the TCP header.
        int ack = at + 16 + 14 + (b[at + 16 + 14] & 0x0F) * 4 + 8;
        buf.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(ack, buf.getInt(ack) + 1000);
        CheckResult r = TraceChecker.check(new java.io.ByteArrayInputStream(b), "x", Profile.linux(),
                Limits.defaults());
        assertEquals(1, r.exitCode());
        TraceReport report = ((CheckResult.Checked) r).report();
        assertEquals(List.of(4L), report.connections().head().violations().map(Violation::frame).toJavaList());
        assertTrue(report.connections().head().violations().head().reason().contains("ACK=RCV.NXT"));
    }

    // The scenarios recorded afresh: {@code base} and {@code more} by default (about half a minute), every one of
    // {@code all} with {@code -Dtcpmodel.corpus.fresh=all} (about a minute).
    static List<String> fresh(List<String> all, List<String> base, String... more) {
        if ("all".equals(System.getProperty("tcpmodel.corpus.fresh"))) {
            return all;
        }
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void freshKernelCapturesMatchTheKernelsStatesAtEveryCheckpoint(@TempDir Path dir) throws Exception {
        TunAssumptions.assumeCapture();
        List<String> all = new ArrayList<>();
        for (String s : fresh(KernelCorpus.ALL, KernelCorpus.SCENARIOS, "simultaneous-open",
                "veth-simultaneous-open", "veth-time-wait-re-ack")) {
            KernelCorpus.record(s, dir);
            all.addAll(mismatches(dir.resolve(s + ".pcap"), dir.resolve(s + ".checkpoints")));
        }
        assertEquals(List.of(), all);
    }

    @Test
    void freshEngineCapturesMatchTheKernelsAndTheEnginesStatesAtEveryCheckpoint(@TempDir Path dir) throws Exception {
        TunAssumptions.assumeTun();
        List<String> all = new ArrayList<>();
        for (String s : fresh(EngineCorpus.SCENARIOS, List.of(), "engine-simultaneous-open",
                "engine-simultaneous-close", "engine-half-close", "engine-engine-time-wait-re-ack")) {
            EngineCorpus.record(s, dir);
            all.addAll(mismatches(dir.resolve(s + ".pcap"), dir.resolve(s + ".checkpoints")));
        }
        assertEquals(List.of(), all);
    }
}
