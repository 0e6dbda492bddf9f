package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

// RFC 5961 §1 threat model: an off-path attacker knows the 4-tuple of a connection but not its sequence numbers, and
// injects RSTs, SYNs and data at uniformly random sequence (and acknowledgment) numbers.
class BlindAttackTest {

    private static final int RST = BlindSegments.RST;
    private static final int SYN = BlindSegments.SYN;
    private static final int DATA = BlindSegments.DATA;
    private static final String[] KINDS = {"RST", "SYN", "data"};

    private final long[] injected = new long[3];
    private final long[] answers = new long[3];
    private final List<Long> challengeTimesA = new ArrayList<>();
    private final List<Long> challengeTimesB = new ArrayList<>();
    private int injecting = -1;

    @Test
    void blindInjectionNeitherResetsNorCorruptsAndChallengeAcksStayRateLimited() {
        long perKind = Knobs.get("blind.perKind", 50_000);
        int connections = (int) Knobs.get("blind.connections", 8);
        int perRound = 50;
        ConnectionConfig config = ConnectionConfig.rfc9293();
        Simulation sim = new Simulation("blind", config, Impairments.NONE, 51);
        TableMonitor ma = new TableMonitor(config.table());
        TableMonitor mb = new TableMonitor(config.table());
        // After the simulation's conformance monitors, which stay on (the MonitorExtension fails the test on a
        // divergence).
        sim.observeA(ma.andThen(this::count));
        sim.observeB(mb.andThen(this::count));
        Pairs pairs = new Pairs(sim, 80, connections);
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            streams.add(new Stream(pairs.clients.get(i), pairs.servers.get(i), 2L * i, Long.MAX_VALUE));
            streams.add(new Stream(pairs.servers.get(i), pairs.clients.get(i), 2L * i + 1, Long.MAX_VALUE));
        }
        for (Stream s : streams) {
            s.limitTo(0);
        }
        SplittableRandom random = new SplittableRandom(52);
        long start = sim.clock().nowMillis();
        while (injected[DATA] < perKind) {
            for (int k = 0; k < perRound; k++) {
                for (int kind = 0; kind < 3; kind++) {
                    int i = random.nextInt(connections);
                    boolean intoServer = random.nextBoolean();
                    Connection victim = intoServer ? pairs.servers.get(i) : pairs.clients.get(i);
                    inject(intoServer ? sim.b() : sim.a(), victim, kind, random);
                }
            }
            // Between bursts, the connections carry data: 512 octets each way per 10 ms.
            long until = sim.clock().nowMillis() + 10;
            for (Stream s : streams) {
                s.grant(512);
            }
            sim.runUntil(() -> false, () -> {
                boolean did = false;
                for (Stream s : streams) {
                    did |= s.pump();
                }
                return did;
            }, until);
        }
        long elapsedMillis = sim.clock().nowMillis() - start;

        long reset = 0;
        for (int i = 0; i < connections; i++) {
            reset += pairs.clients.get(i).tcpState() == TcpState.ESTABLISHED ? 0 : 1;
            reset += pairs.servers.get(i).tcpState() == TcpState.ESTABLISHED ? 0 : 1;
        }
        long corrupted = 0;
        long delivered = 0;
        for (Stream s : streams) {
            corrupted += s.corrupted();
            delivered += s.read();
        }
        int limit = config.challengeAcksPerSecond();
        long worstSecond = Math.max(worstWindow(challengeTimesA, 1000), worstWindow(challengeTimesB, 1000));
        Knobs.report("blind", String.format("%d connections, %d injected per kind over %.1f s virtual; resets %d,"
                        + " corrupted octets %d of %d delivered; replies to RST %d, to SYN %d (challenge ACKs,"
                        + " at most %d in any sliding second of one engine), to data %d (%d held back by the RFC 5961"
                        + " §7 throttle); conformance monitor steps %d", 2 * connections, perKind,
                elapsedMillis / 1000.0, reset, corrupted, delivered, answers[RST], answers[SYN], worstSecond,
                answers[DATA], sim.a().replyAcksThrottled() + sim.b().replyAcksThrottled(),
                sim.monitorA().map(m -> m.steps()).getOrElse(0L) + sim.monitorB().map(m -> m.steps()).getOrElse(0L)));

        // RFC 5961 §3.2: only a RST at exactly RCV.NXT resets, odds 2^-32 per guess; a seeded run expects none.
        assertEquals(0, reset, "connections reset");
        // RFC 5961 §5.2: injected text also needs an acceptable ACK; the odds of both are about 2^-32 squared
        // times the windows, so none.
        assertEquals(0, corrupted, "corrupted octets");
        assertTrue(delivered > 2L * connections * 256 * (perKind / perRound), "the connections carried data: " + delivered);
        // RFC 5961 §7: at most challengeAcksPerSecond per engine in each one-second window of the limiter, so at
        // most twice that in any sliding second.
        assertTrue(worstSecond <= 2L * limit, "challenge ACKs in one second: " + worstSecond);
        assertTrue(answers[RST] + answers[SYN] <= 2L * limit * (elapsedMillis / 1000 + 1),
                "challenge ACKs: " + (answers[RST] + answers[SYN]));
        assertTrue(answers[RST] + answers[SYN] > 0, "the attack did reach the windows");
        // No ACK storm: the reply to an unacceptable segment (RFC 9293 §3.10.7.4 first) is throttled per
        // connection (RFC 5961 §7, invalidAckInterval), so at most one per interval and connection end.
        long interval = config.invalidAckInterval();
        long throttleBound = 2L * connections * (elapsedMillis / interval + 1);
        assertTrue(answers[DATA] <= throttleBound, "replies to data: " + answers[DATA] + " > " + throttleBound);
        assertTrue(sim.a().replyAcksThrottled() + sim.b().replyAcksThrottled() > 0, "the throttle held ACKs back");
        assertEquals(answers[RST] + answers[SYN], sim.a().challengeAcksAllowed() + sim.b().challengeAcksAllowed());
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        assertEquals(List.of(), sim.divergences());

        // The connections still close cleanly.
        for (int i = 0; i < connections; i++) {
            pairs.clients.get(i).close();
            pairs.servers.get(i).close();
        }
        byte[] sink = new byte[65536];
        assertTrue(sim.runUntil(() -> sim.a().connectionCount() == 0 && sim.b().connectionCount() == 0, () -> {
            boolean did = false;
            for (int i = 0; i < connections; i++) {
                did |= pairs.clients.get(i).read(sink, 0, sink.length) > 0;
                did |= pairs.servers.get(i).read(sink, 0, sink.length) > 0;
            }
            return did;
        }, sim.clock().nowMillis() + 600_000));
        assertEquals(0, sim.a().connectionCount() + sim.b().connectionCount());
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        assertEquals(List.of(), sim.divergences());
    }

    private void inject(TcpStack stack, Connection victim, int kind, SplittableRandom random) {
        Packet seg = BlindSegments.blind(kind, victim.id().remoteAddr(), victim.id().localAddr(),
                victim.id().remotePort(), victim.id().localPort(), random);
        injected[kind]++;
        injecting = kind;
        stack.packetArrives(Codec.encode(seg));
        injecting = -1;
    }

    private void count(EngineEvent e) {
        if (injecting >= 0 && e instanceof EngineEvent.SegmentOut out) {
            answers[injecting]++;
            if (injecting != DATA) {
                (out.connection().localAddr() == Simulation.ADDRESS_A ? challengeTimesA : challengeTimesB)
                        .add(e.atMillis());
            }
        }
    }

    static long worstWindow(List<Long> times, long width) {
        long worst = 0;
        int lo = 0;
        for (int hi = 0; hi < times.size(); hi++) {
            while (times.get(hi) - times.get(lo) >= width) {
                lo++;
            }
            worst = Math.max(worst, hi - lo + 1);
        }
        return worst;
    }
}
