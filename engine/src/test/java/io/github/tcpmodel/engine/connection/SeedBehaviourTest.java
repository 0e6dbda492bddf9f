package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeedBehaviourTest {

    private static final Impairments WIRE = new Impairments(0, 0, 0, 0, 5, 0, 0);

    private final List<Pair> pairs = new ArrayList<>();

    @AfterEach
    void everyRunConformsToTheTable() {
        for (Pair p : pairs) {
            assertEquals(List.of(), p.monitorA.divergences());
            assertEquals(List.of(), p.monitorB.divergences());
            assertTrue(p.monitorA.steps() + p.monitorB.steps() > 0);
        }
    }

    private final class Pair {
        final Simulation sim;
        final Recorder ra = new Recorder();
        final Recorder rb = new Recorder();
        Connection client;
        Connection server;
        Listener listener;

        Pair(String name, ConnectionConfig config) {
            this(name, config, config);
        }

        final TableMonitor monitorA;
        final TableMonitor monitorB;

        Pair(String name, ConnectionConfig a, ConnectionConfig b) {
            sim = new Simulation(name, a, b, WIRE, 42);
            monitorA = new TableMonitor(a.table());
            monitorB = new TableMonitor(b.table());
            sim.observeA(ra.andThen(monitorA));
            sim.observeB(rb.andThen(monitorB));
            pairs.add(this);
        }

        Pair established() {
            listener = sim.b().listen(80);
            client = sim.a().connect(Simulation.ADDRESS_B, 80);
            assertTrue(sim.runUntil(() -> listener.pending() > 0 && client.tcpState() == TcpState.ESTABLISHED,
                    60_000));
            server = listener.accept().get();
            return this;
        }
    }

    private static List<Long> relative(List<Long> times) {
        List<Long> r = new ArrayList<>();
        for (long t : times) {
            r.add(t - times.get(0));
        }
        return r;
    }

    private static Predicate<Packet> pureAck() {
        return s -> s.flags() == Flags.ACK && s.payload().length == 0;
    }

    // ---- C8: lost SYN: same sequence number, exponential backoff from 1 s, then give up ----

    @Test
    void c8SynRetriesBackOffExponentiallyThenGiveUp() {
        Pair p = new Pair("c8", ConnectionConfig.rfc9293());
        p.sim.dropFromA(s -> s.has(Flags.SYN));
        Connection c = p.sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(p.sim.runUntil(c::isDeleted, 1_000_000));
        List<Packet> syns = new ArrayList<>();
        p.ra.sent(Recorder.flags(Flags.SYN)).forEach(e -> syns.add(e.segment()));
        assertEquals(List.of(0L, 1000L, 3000L, 7000L, 15000L, 31000L, 63000L, 123000L),
                relative(p.ra.sentTimes(Recorder.flags(Flags.SYN))));
        for (Packet s : syns) {
            assertEquals(syns.get(0).seq(), s.seq(), "every SYN carries the ISS");
        }
        // RFC 9293 §3.8.3 MUST-23: a SYN is retransmitted for at least 3 minutes before the attempt is given up.
        assertEquals(183_000, p.sim.clock().nowMillis());
        assertEquals(TcpState.CLOSED, c.tcpState());
        assertEquals("error: connection aborted due to user timeout", c.error().get());
    }

    @Test
    void c8LinuxPresetSynTimings() {
        Pair p = new Pair("c8-linux", ConnectionConfig.linux());
        p.sim.dropFromA(s -> s.has(Flags.SYN));
        Connection c = p.sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(p.sim.runUntil(c::isDeleted, 1_000_000));
        // Linux's observed SYN schedule: about 1, 2, 3.1, 4.1, 5.1, 7.1, 11.2, 19.4, 35.5 s.
        assertEquals(List.of(0L, 1000L, 2000L, 3000L, 4000L, 5000L, 7000L, 11000L, 19000L, 35000L),
                relative(p.ra.sentTimes(Recorder.flags(Flags.SYN))));
        // Given up where the kernel gives up (docs/tun.md): tcp_syn_retries = 6 as a time budget, (2^7 - 1) x 1 s =
        // 127 s after the first SYN, waited for after the ninth retransmission (Profile.synGiveUp); the configuration
        // follows Profile.linux().
        assertEquals(35_000 + ConnectionConfig.linux().profile().synInterval(9), p.sim.clock().nowMillis());
        assertEquals(127_000, p.sim.clock().nowMillis());
    }

    // ---- C10: lost third ACK: SYN,ACK retransmitted, half-open dropped, later data gets RST ----

    @Test
    void c10SynAckRetransmittedWhenTheThirdAckIsLostThenDataIsReset() {
        Pair p = new Pair("c10", ConnectionConfig.rfc9293());
        p.sim.dropFromA(pureAck());
        Listener listener = p.sim.b().listen(80);
        Connection c = p.sim.a().connect(Simulation.ADDRESS_B, 80);
        p.sim.runTo(10_000);
        assertEquals(TcpState.ESTABLISHED, c.tcpState());
        assertEquals(1, listener.embryonicCount());
        // Profile.rfc9293(): the SYN,ACK is retransmitted 7 times, doubling from 1 s up to the 60 s maximum RTO, and
        // the half-open connection dropped 60 s after the last, at 183 s.
        p.sim.runTo(182_000);
        assertEquals(1, listener.embryonicCount(), "still half-open before the last interval runs out");
        p.sim.runTo(200_000);
        assertEquals(0, listener.embryonicCount(), "the half-open connection is dropped");
        assertEquals(0, listener.pending());
        assertEquals(List.of(0L, 1000L, 3000L, 7000L, 15000L, 31000L, 63000L, 123000L),
                relative(p.rb.sentTimes(Recorder.flags(Flags.SYN | Flags.ACK))));
        // ACKs themselves are never retransmitted: A sent exactly one ACK for the handshake and one per duplicate.
        assertEquals(TcpState.ESTABLISHED, c.tcpState());
        c.write(new byte[] {1, 2, 3});
        assertTrue(p.sim.runUntil(c::isDeleted, 300_000));
        assertEquals(TcpState.CLOSED, c.tcpState());
        assertEquals("connection reset", c.error().get());
        assertEquals(1, p.rb.sent(s -> s.has(Flags.RST)).size());
    }

    // ---- C12: MSS negotiation ----

    @Test
    void c12MssIsNegotiatedAndSegmentsFitIt() {
        Pair p = new Pair("c12", ConnectionConfig.rfc9293(), ConnectionConfig.rfc9293().withMss(1000)).established();
        assertEquals(1460, p.ra.sent(s -> s.has(Flags.SYN)).get(0).segment().options().mss());
        assertEquals(1000, p.rb.sent(s -> s.has(Flags.SYN)).get(0).segment().options().mss());
        assertEquals(1000, p.client.sendMss());
        assertEquals(1000, p.server.sendMss());
        Pump up = new Pump(100_000, 1);
        Pump down = new Pump(100_000, 2);
        assertTrue(p.sim.runUntil(() -> up.read() == 100_000 && down.read() == 100_000,
                () -> up.write(p.client, false) | down.write(p.server, false) | up.read(p.server)
                        | down.read(p.client), 1_000_000));
        int maxA = p.ra.sent(s -> true).stream().mapToInt(e -> e.segment().payload().length).max().getAsInt();
        int maxB = p.rb.sent(s -> true).stream().mapToInt(e -> e.segment().payload().length).max().getAsInt();
        assertEquals(1000, maxA);
        assertEquals(1000, maxB);
        assertEquals(0, up.mismatches() + down.mismatches());
    }

    @Test
    void c12WithoutAnMssOptionThePeerIsAssumedToTake536() {
        Pair p = new Pair("c12-default", ConnectionConfig.rfc9293());
        Listener listener = p.sim.b().listen(80);
        Packet syn = new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B, 4000, 80, 100, 0, Flags.SYN, 8192, 0,
                io.github.tcpmodel.engine.codec.TcpOptions.NONE, Packet.EMPTY);
        p.sim.b().packetArrives(io.github.tcpmodel.engine.codec.Codec.encode(syn));
        assertEquals(1, listener.embryonicCount());
        Connection embryo = p.sim.b().connections().iterator().next();
        assertEquals(536, embryo.sendMss());
    }

    // ---- C27: orphaned FIN-WAIT-2 ends after tcp_fin_timeout on Linux; not under RFC 9293 ----

    @Test
    void c27LinuxDropsAnOrphanedFinWait2After60Seconds() {
        Pair p = new Pair("c27", ConnectionConfig.linux()).established();
        p.client.close();
        assertTrue(p.sim.runUntil(() -> p.client.tcpState() == TcpState.FIN_WAIT_2, 10_000));
        long entered = p.sim.clock().nowMillis();
        assertTrue(p.sim.runUntil(p.client::isDeleted, 1_000_000));
        assertEquals(60_000, p.sim.clock().nowMillis() - entered, 10);
        assertEquals(TcpState.CLOSED, p.client.tcpState());
        assertEquals(TcpState.CLOSE_WAIT, p.server.tcpState());
    }

    @Test
    void c27Rfc9293KeepsFinWait2AndLinuxKeepsAHalfClosedOne() {
        Pair rfc = new Pair("c27-rfc", ConnectionConfig.rfc9293()).established();
        rfc.client.close();
        rfc.sim.runTo(3_600_000);
        assertEquals(TcpState.FIN_WAIT_2, rfc.client.tcpState());
        Pair linux = new Pair("c27-shutdown", ConnectionConfig.linux()).established();
        linux.client.shutdown();
        linux.sim.runTo(3_600_000);
        assertEquals(TcpState.FIN_WAIT_2, linux.client.tcpState());
    }

    // ---- C30: TIME-WAIT re-ACKs a retransmitted FIN and restarts its timer ----

    @Test
    void c30TimeWaitReacknowledgesARetransmittedFinAndRestartsTheTimer() {
        Pair p = new Pair("c30", ConnectionConfig.linux()).established();
        p.client.close();
        assertTrue(p.sim.runUntil(() -> p.server.tcpState() == TcpState.CLOSE_WAIT
                && p.client.tcpState() == TcpState.FIN_WAIT_2, 10_000));
        int[] dropped = {0};
        p.sim.dropFromA(s -> pureAck().test(s) && dropped[0]++ == 0);
        p.server.close();
        assertTrue(p.sim.runUntil(() -> p.client.tcpState() == TcpState.TIME_WAIT, 10_000));
        long entered = p.sim.clock().nowMillis();
        assertTrue(p.sim.runUntil(p.server::isDeleted, 100_000));
        assertEquals(1, dropped[0] > 0 ? p.sim.scriptedDrops() : -1);
        List<Long> finsAtB = p.rb.sentTimes(s -> s.has(Flags.FIN));
        assertEquals(2, finsAtB.size(), "the FIN was retransmitted once");
        long secondFinArrival = finsAtB.get(1) + 5;
        assertEquals(2, p.ra.sent(s -> pureAck().test(s) && s.ack() == p.rb.sent(x -> x.has(Flags.FIN)).get(0)
                .segment().seq() + 1).size(), "the FIN was acknowledged twice");
        assertTrue(p.sim.runUntil(p.client::isDeleted, 1_000_000));
        assertEquals(secondFinArrival + 60_000, p.sim.clock().nowMillis(), "2 MSL counted from the second FIN");
        assertTrue(p.sim.clock().nowMillis() > entered + 60_000);
    }

    // ---- C34: keep-alive probes, then close after the count ----

    @Test
    void c34KeepAliveProbesAnIdlePeerAndClosesAfterTheCount() {
        ConnectionConfig config = ConnectionConfig.linux().withKeepAlive(true);
        Pair p = new Pair("c34", config).established();
        long start = p.sim.clock().nowMillis();
        p.sim.runTo(start + 3 * 3_600_000L);
        // A live peer answers every probe, so the connection survives: one probe per 2 h idle from each side.
        assertEquals(TcpState.ESTABLISHED, p.client.tcpState());
        int iss = p.ra.sent(x -> x.has(Flags.SYN)).get(0).segment().seq();
        // A probe is <SEQ=SND.NXT-1><ACK=RCV.NXT>; no text was sent, so SND.NXT-1 is the ISS.
        List<Long> probes = p.ra.sentTimes(x -> pureAck().test(x) && x.seq() == iss);
        long heard = p.rb.sentTimes(x -> x.has(Flags.SYN)).get(0) + 5;
        assertEquals(List.of(heard + 7_200_000L), probes.subList(0, 1), "first probe after 2 h idle");
        assertEquals(TcpState.ESTABLISHED, p.server.tcpState());
        // Now the peer goes silent.
        p.sim.dropFromB(s -> true);
        long silentFrom = p.sim.clock().nowMillis();
        int before = p.ra.sent(pureAck()).size();
        assertTrue(p.sim.runUntil(p.client::isDeleted, silentFrom + 5 * 3_600_000L));
        List<Long> all = p.ra.sentTimes(pureAck());
        List<Long> unanswered = all.subList(before, all.size());
        assertEquals(9, unanswered.size(), "nine probes");
        for (int i = 1; i < unanswered.size(); i++) {
            assertEquals(75_000, unanswered.get(i) - unanswered.get(i - 1));
        }
        assertEquals(unanswered.get(8) + 75_000, p.sim.clock().nowMillis(), "closed 75 s after the ninth probe");
        assertEquals("error: connection aborted due to user timeout", p.client.error().get());
    }

    // ---- C35: the rebooted peer answers a probe with RST; the connection closes at once ----

    @Test
    void c35ARebootedPeerResetsTheProbedConnection() {
        ConnectionConfig config = ConnectionConfig.linux().withKeepAlive(true);
        Pair p = new Pair("c35", config).established();
        // The peer "reboots": its TCB vanishes and nothing it would have said gets out.
        p.sim.dropFromB(s -> true);
        p.server.abort();
        p.sim.runTo(p.sim.clock().nowMillis() + 1000);
        p.sim.dropFromB(s -> false);
        long start = p.sim.clock().nowMillis();
        assertTrue(p.sim.runUntil(p.client::isDeleted, start + 3 * 3_600_000L));
        assertEquals(TcpState.CLOSED, p.client.tcpState());
        assertEquals("connection reset", p.client.error().get());
        assertEquals(1, p.ra.sent(pureAck()).stream().filter(e -> e.atMillis() > start).count(), "one probe");
        assertTrue(p.sim.clock().nowMillis() - start < 7_200_000 + 100);
    }

    // ---- simultaneous open and simultaneous close (RFC 9293 Figures 8 and 13) ----

    @Test
    void simultaneousOpenAndSimultaneousClose() {
        Pair p = new Pair("simultaneous", ConnectionConfig.rfc9293());
        List<String> pathA = new ArrayList<>();
        Connection a = p.sim.a().connect(Simulation.ADDRESS_B, 7000, 6000);
        Connection b = p.sim.b().connect(Simulation.ADDRESS_A, 6000, 7000);
        a.addStateListener((c, from, to) -> pathA.add(to.rfcName()));
        assertTrue(p.sim.runUntil(() -> a.tcpState() == TcpState.ESTABLISHED && b.tcpState() == TcpState.ESTABLISHED,
                10_000));
        assertEquals(List.of("SYN-RECEIVED (active)", "ESTABLISHED"), pathA);
        assertEquals(5, a.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(p.sim.runUntil(() -> b.available() == 5, 10_000));
        assertTrue(a.shutdown());
        assertTrue(b.shutdown());
        assertTrue(p.sim.runUntil(() -> a.isDeleted() && b.isDeleted(), 10_000_000));
        assertEquals(List.of("SYN-RECEIVED (active)", "ESTABLISHED", "FIN-WAIT-1", "CLOSING", "TIME-WAIT", "CLOSED"),
                pathA);
        assertFalse(a.error().isDefined());
    }
}
