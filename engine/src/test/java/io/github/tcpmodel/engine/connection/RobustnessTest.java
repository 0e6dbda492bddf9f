package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustnessTest {

    private static final Impairments WIRE = new Impairments(0, 0, 0, 0, 5, 0, 0);

    private static final class Setup {
        final Simulation sim;
        final Recorder ra = new Recorder();
        final Recorder rb = new Recorder();
        final TableMonitor ma;
        final TableMonitor mb;
        final Connection client;
        final Connection server;
        final Listener listener;

        Setup(ConnectionConfig config) {
            sim = new Simulation("robust", config, WIRE, 5);
            ma = new TableMonitor(config.table());
            mb = new TableMonitor(config.table());
            sim.observeA(ra.andThen(ma));
            sim.observeB(rb.andThen(mb));
            listener = sim.b().listen(80);
            client = sim.a().connect(Simulation.ADDRESS_B, 80);
            assertTrue(sim.runUntil(() -> listener.pending() > 0 && client.tcpState() == TcpState.ESTABLISHED, 60_000));
            server = listener.accept().get();
        }

        /** A segment from A's 4-tuple, injected straight into B. */
        void injectIntoB(int seq, int ack, int flags, byte[] payload) {
            sim.b().packetArrives(Codec.encode(new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B,
                    client.id().localPort(), 80, seq, ack, flags, 65535, 0, TcpOptions.NONE, payload)));
        }

        int serverRcvNxt() {
            return rb.sent(s -> s.has(Flags.ACK)).get(rb.sent(s -> s.has(Flags.ACK)).size() - 1).segment().ack();
        }

        int serverSndNxt() {
            List<io.github.tcpmodel.engine.observation.EngineEvent.SegmentOut> out = rb.sent(s -> true);
            Packet last = out.get(out.size() - 1).segment();
            return last.seq() + last.length();
        }

        void assertConforms() {
            assertEquals(List.of(), ma.divergences());
            assertEquals(List.of(), mb.divergences());
        }
    }

    // RFC 5961 §3.2: a RST in the window but not at RCV.NXT gets a challenge ACK; the connection stays.
    @Test
    void inWindowResetGetsAChallengeAckAndExactResetCloses() {
        Setup s = new Setup(ConnectionConfig.rfc9293());
        int rcvNxt = s.serverRcvNxt();
        int before = s.rb.sent(x -> x.flags() == Flags.ACK).size();
        s.injectIntoB(rcvNxt + 100, 0, Flags.RST, Packet.EMPTY);
        assertEquals(TcpState.ESTABLISHED, s.server.tcpState());
        assertEquals(before + 1, s.rb.sent(x -> x.flags() == Flags.ACK).size(), "one challenge ACK");
        s.injectIntoB(rcvNxt + 1_000_000, 0, Flags.RST, Packet.EMPTY);
        assertEquals(before + 1, s.rb.sent(x -> x.flags() == Flags.ACK).size(), "out of window: silently dropped");
        s.injectIntoB(rcvNxt, 0, Flags.RST, Packet.EMPTY);
        assertEquals(TcpState.CLOSED, s.server.tcpState());
        assertEquals("connection reset", s.server.error().get());
        s.assertConforms();
    }

    // RFC 5961 §4 and §7: a SYN in a synchronized state gets a challenge ACK, at most N per second.
    @Test
    void challengeAcksAreRateLimited() {
        Setup s = new Setup(ConnectionConfig.rfc9293());
        int rcvNxt = s.serverRcvNxt();
        int before = s.rb.sent(x -> x.flags() == Flags.ACK).size();
        for (int i = 0; i < 100; i++) {
            s.injectIntoB(rcvNxt + i, 0, Flags.SYN, Packet.EMPTY);
        }
        assertEquals(TcpState.ESTABLISHED, s.server.tcpState());
        assertEquals(before + 10, s.rb.sent(x -> x.flags() == Flags.ACK).size(), "10 challenge ACKs per second");
        s.sim.clock().advanceBy(1000);
        s.injectIntoB(rcvNxt, 0, Flags.SYN, Packet.EMPTY);
        assertEquals(before + 11, s.rb.sent(x -> x.flags() == Flags.ACK).size(), "a new second, a new allowance");
        s.assertConforms();
    }

    // RFC 5961 §5.2: an ACK of data not yet sent is answered with an ACK and dropped.
    @Test
    void ackOfUnsentDataIsAnsweredAndDropped() {
        Setup s = new Setup(ConnectionConfig.rfc9293());
        int rcvNxt = s.serverRcvNxt();
        int sndNxt = s.serverSndNxt();
        int before = s.rb.sent(x -> x.flags() == Flags.ACK).size();
        s.injectIntoB(rcvNxt, sndNxt + 5000, Flags.ACK, new byte[] {1, 2, 3});
        assertEquals(before + 1, s.rb.sent(x -> x.flags() == Flags.ACK).size());
        assertEquals(0, s.server.available(), "the text of a segment with a bad ACK is not taken");
        s.assertConforms();
    }

    @Test
    void theEmbryonicQueueIsBounded() {
        // The policy without SYN cookies (with them, a full queue answers with a cookie: engine.resilience).
        ConnectionConfig config = ConnectionConfig.rfc9293().withEmbryonicLimit(4).withSynCookies(false);
        Simulation sim = new Simulation("embryonic", config, WIRE, 6);
        Listener l = sim.b().listen(80);
        for (int port = 2000; port < 2010; port++) {
            sim.b().packetArrives(Codec.encode(new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B, port, 80,
                    port * 1000, 0, Flags.SYN, 65535, 0, TcpOptions.mssOnly(1460), Packet.EMPTY)));
        }
        assertEquals(4, l.embryonicCount());
        // All arrive at once: none of the half-open ones is old enough to be evicted, so the new SYNs are dropped.
        assertEquals(6, l.droppedSyns());
        assertEquals(0, l.evictedEmbryonic());
        assertEquals(4, sim.b().connectionCount());
        // Past the grace period, the oldest half-open connection makes room for a newer SYN (against SYN floods).
        sim.clock().advanceTo(sim.clock().nowMillis() + Listener.EVICTION_GRACE_MILLIS);
        sim.b().packetArrives(Codec.encode(new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B, 2010, 80,
                2010 * 1000, 0, Flags.SYN, 65535, 0, TcpOptions.mssOnly(1460), Packet.EMPTY)));
        assertEquals(1, l.evictedEmbryonic());
        assertEquals(4, l.embryonicCount());
        assertTrue(sim.b().connections().stream().noneMatch(c -> c.id().remotePort() == 2000), "the oldest went");
        assertTrue(sim.b().connections().stream().anyMatch(c -> c.id().remotePort() == 2010), "the newest came");
        // A's engine has no such connections and answers each SYN,ACK with a RST; the half-open ones go back to
        // LISTEN (RFC 9293 §3.10.7.4: a RST in a passive SYN-RECEIVED) and are discarded.
        sim.runTo(5_000);
        assertEquals(0, l.embryonicCount());
        assertEquals(0, sim.b().connectionCount());
        assertEquals(TcpState.LISTEN, l.tcpState());
    }

    @Test
    void manyConnectionsAreDemultiplexedByFourTuple() {
        Simulation sim = new Simulation("many", ConnectionConfig.rfc9293(), WIRE, 7);
        Listener l = sim.b().listen(80, 1000);
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clients.add(sim.a().connect(Simulation.ADDRESS_B, 80));
        }
        assertTrue(sim.runUntil(() -> l.pending() == 200, 60_000));
        List<Connection> servers = new ArrayList<>();
        while (l.pending() > 0) {
            servers.add(l.accept().get());
        }
        for (int i = 0; i < clients.size(); i++) {
            byte[] msg = ("client " + clients.get(i).id().localPort()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            clients.get(i).write(msg);
        }
        sim.runTo(sim.clock().nowMillis() + 1000);
        for (Connection server : servers) {
            byte[] buf = new byte[64];
            int n = server.read(buf, 0, buf.length);
            assertEquals("client " + server.id().remotePort(),
                    new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertEquals(200, sim.a().connectionCount());
        assertEquals(200, sim.b().connectionCount());
    }

    // RFC 9293 §3.8.6.1: a zero window is probed, with backoff, and the connection is not dropped.
    @Test
    void aZeroWindowIsProbedUntilItOpens() {
        Setup s = new Setup(ConnectionConfig.rfc9293());
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        int written = 0;
        while (written < data.length) {
            int n = s.client.write(data, written, data.length - written);
            if (n <= 0) {
                break;
            }
            written += n;
        }
        long start = s.sim.clock().nowMillis();
        s.sim.runTo(start + 120_000);
        assertEquals(65535, s.server.available(), "the receive buffer is full");
        assertEquals(TcpState.ESTABLISHED, s.client.tcpState());
        List<Long> probes = s.ra.sentTimes(x -> x.flags() == Flags.ACK && x.payload().length == 0 && x.seq()
                != s.ra.sent(y -> y.payload().length > 0).get(0).segment().seq());
        assertTrue(probes.size() >= 4, "probes " + probes.size());
        byte[] buf = new byte[200_000];
        int read = 0;
        while (read < written) {
            int n = s.server.read(buf, read, buf.length - read);
            if (n == 0) {
                s.sim.runTo(s.sim.clock().nowMillis() + 200_000);
                continue;
            }
            read += n;
        }
        assertEquals(written, read);
        assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOf(data, written), java.util.Arrays.copyOf(buf, read)));
        s.assertConforms();
    }

    // RFC 6298 §5.5 and RFC 9293 §3.8.3: a silent peer: retransmissions back off; the user timeout aborts.
    @Test
    void retransmissionsBackOffAndTheUserTimeoutAborts() {
        Setup s = new Setup(ConnectionConfig.rfc9293());
        s.sim.dropFromB(x -> true);
        long start = s.sim.clock().nowMillis();
        s.client.write(new byte[100]);
        assertTrue(s.sim.runUntil(s.client::isDeleted, start + 3_600_000));
        List<Long> sends = s.ra.sentTimes(x -> x.payload().length == 100);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < sends.size(); i++) {
            gaps.add(sends.get(i) - sends.get(i - 1));
        }
        // The handshake's RTT sample (10 ms) gives RTO = max(1 s, ...) = 1 s, then doubling up to 60 s.
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L), gaps.subList(0, 7));
        assertEquals(TcpState.CLOSED, s.client.tcpState());
        assertEquals("error: connection aborted due to user timeout", s.client.error().get());
        assertEquals(300_000, s.sim.clock().nowMillis() - start, 1);
        s.assertConforms();
    }

    @Test
    void rtoEstimatorFollowsRfc6298() {
        RtoEstimator rto = new RtoEstimator(1000, 200, 120_000);
        assertEquals(1000, rto.current());
        rto.sample(100);
        // SRTT = 100, RTTVAR = 50, RTO = 100 + 4 * 50 = 300
        assertEquals(300, rto.current());
        rto.sample(300);
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 300| = 87, SRTT = 7/8 * 100 + 1/8 * 300 = 125, RTO = 125 + 348 = 473
        assertEquals(473, rto.current());
        rto.backOff();
        rto.backOff();
        assertEquals(4 * 473, rto.current());
        rto.resetBackoff();
        assertEquals(473, rto.current());
        for (int i = 0; i < 40; i++) {
            rto.backOff();
        }
        assertEquals(120_000, rto.current());
        rto.sample(1);
        assertEquals(200, Math.min(rto.current(), 200), "never below the minimum");
    }
}
