package io.github.tcpmodel.linux.resilience;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.resilience.BlindSegments;
import io.github.tcpmodel.engine.resilience.Knobs;
import io.github.tcpmodel.linux.interop.EngineDriver;
import io.github.tcpmodel.linux.interop.EngineOnTun;
import io.github.tcpmodel.linux.interop.EngineStreams;
import io.github.tcpmodel.linux.interop.KernelStreams;
import io.github.tcpmodel.linux.interop.TunImpairments;
import io.github.tcpmodel.linux.netns.KernelSocket;
import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

// RFC 5961 §1 threat model, engine to Linux: live connections between the engine (over a TUN device) and the kernel
// of a fresh namespace move data both ways while an off-path attacker that knows each 4-tuple but not the sequence
// numbers injects RSTs, SYNs and data at random sequence numbers into both ends: into the kernel by writing into the
// TUN device as if from the engine's address, into the engine as if from the kernel's.
class BlindAttackLinuxTest {

    private static final int RST = BlindSegments.RST;
    private static final int SYN = BlindSegments.SYN;
    private static final int DATA = BlindSegments.DATA;
    private static final int KERNEL = 0;
    private static final int ENGINE = 1;
    private static final String[] KINDS = {"RST", "SYN", "data"};
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PORT = 7210;

    /** [target][kind] */
    private final long[][] injected = new long[2][3];
    private final long[] engineAnswers = new long[3];
    private int injecting = -1;

    @Test
    void blindInjectionIntoTheEngineAndTheKernelNeitherResetsNorCorrupts() throws Exception {
        TunAssumptions.assumeTun();
        long perKind = Knobs.get("blindLinux.perKind", 30_000);
        int connections = (int) Knobs.get("blindLinux.connections", 4);
        int roundOctets = (int) Knobs.get("blindLinux.roundOctets", 64 * 1024);
        ConnectionConfig config = ConnectionConfig.linux().withUserTimeout(120_000);
        EngineOnTun e = ok(EngineOnTun.open("blind-linux", config, TunImpairments.NONE, TunImpairments.NONE, 81,
                Option.none()));
        ExecutorService kernelSide = Executors.newFixedThreadPool(2 * connections);
        try {
            EngineDriver driver = e.driver();
            TcpStack stack = driver.stack();
            ConformanceMonitor conformance = new ConformanceMonitor(config);
            TableMonitor table = new TableMonitor(config.table());
            ok(driver.call(() -> {
                stack.observe(conformance.andThen(table).andThen(this::count));
                return true;
            }));
            ServerSocketChannel server = ok(e.ns().listen(EngineOnTun.KERNEL, PORT, 16));
            List<Connection> engineEnds = new ArrayList<>();
            List<SocketChannel> kernelEnds = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Connection c = ok(driver.call(() -> stack.connect(EngineOnTun.kernelAddress(), PORT), WAIT));
                kernelEnds.add(server.accept());
                await(driver.until(() -> c.tcpState() == TcpState.ESTABLISHED));
                engineEnds.add(c);
            }
            Map<String, Long> netstatBefore = netstat(e);
            long start = System.nanoTime();

            AtomicBoolean attackDone = new AtomicBoolean();
            Thread attacker = new Thread(() -> attack(e, engineEnds, perKind, attackDone), "blind-attacker");
            attacker.setDaemon(true);
            attacker.start();

            // Data both ways, in rounds, until the attack is over; each round is checked byte-exact at both ends.
            long corruptedAtKernel = 0;
            long corruptedAtEngine = 0;
            long movedToKernel = 0;
            long movedToEngine = 0;
            String kernelFailure = "";
            String engineFailure = "";
            int round = 0;
            while (!attackDone.get() || round == 0) {
                List<CompletableFuture<EngineStreams.Received>> atEngine = new ArrayList<>();
                List<CompletableFuture<EngineStreams.Received>> atKernel = new ArrayList<>();
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    Connection c = engineEnds.get(i);
                    SocketChannel s = kernelEnds.get(i);
                    EngineStreams.Pattern down = pattern(round, i, 0, roundOctets);
                    EngineStreams.Pattern up = pattern(round, i, 1, roundOctets);
                    atEngine.add(EngineStreams.receive(driver, c, roundOctets));
                    sends.add(EngineStreams.send(driver, c, down, false));
                    sends.add(CompletableFuture.runAsync(() -> {
                        try {
                            KernelStreams.send(s, up);
                        } catch (IOException x) {
                            throw new IllegalStateException(x);
                        }
                    }, kernelSide));
                    atKernel.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return KernelStreams.receive(s, roundOctets);
                        } catch (IOException x) {
                            throw new IllegalStateException(x);
                        }
                    }, kernelSide));
                }
                for (CompletableFuture<Void> f : sends) {
                    await(f);
                }
                for (int i = 0; i < connections; i++) {
                    Either<String, EngineStreams.Received> k = EngineDriver.await(atKernel.get(i), WAIT);
                    Either<String, EngineStreams.Received> g = EngineDriver.await(atEngine.get(i), WAIT);
                    if (k.isLeft()) {
                        kernelFailure = k.getLeft();
                    } else {
                        movedToKernel += k.get().octets();
                        boolean same = java.util.Arrays.equals(pattern(round, i, 0, roundOctets).digest(),
                                k.get().sha256()) && k.get().octets() == roundOctets;
                        corruptedAtKernel += same ? 0 : 1;
                    }
                    if (g.isLeft()) {
                        engineFailure = g.getLeft();
                    } else {
                        movedToEngine += g.get().octets();
                        boolean same = java.util.Arrays.equals(pattern(round, i, 1, roundOctets).digest(),
                                g.get().sha256()) && g.get().octets() == roundOctets;
                        corruptedAtEngine += same ? 0 : 1;
                    }
                }
                if (!kernelFailure.isEmpty() || !engineFailure.isEmpty()) {
                    break;
                }
                round++;
            }
            attacker.join(WAIT.toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> netstatAfter = netstat(e);

            // Connections reset, per target.
            int engineReset = 0;
            for (Connection c : engineEnds) {
                TcpState st = ok(driver.call(() -> c.tcpState()));
                engineReset += st == TcpState.ESTABLISHED ? 0 : 1;
            }
            int kernelReset = 0;
            io.vavr.collection.List<KernelSocket> sockets = ok(e.ns().sockets());
            for (Connection c : engineEnds) {
                int enginePort = c.id().localPort();
                boolean established = sockets.exists(k -> k.connects(PORT, enginePort)
                        && k.state() == TcpState.ESTABLISHED);
                kernelReset += established ? 0 : 1;
            }
            long challenge = delta(netstatBefore, netstatAfter, "TCPChallengeACK");
            long synChallenge = delta(netstatBefore, netstatAfter, "TCPSYNChallenge");
            long skippedChallenge = delta(netstatBefore, netstatAfter, "TCPACKSkippedChallenge");
            long skippedSeq = delta(netstatBefore, netstatAfter, "TCPACKSkippedSeq");
            long engineChallenges = ok(driver.call(stack::challengeAcksAllowed));
            long engineSuppressed = ok(driver.call(stack::challengeAcksSuppressed));
            long engineThrottled = ok(driver.call(stack::replyAcksThrottled));
            // Linux: per socket at most one challenge ACK per tcp_invalid_ratelimit (500 ms), plus a per-namespace
            // limit; the engine: challengeAcksPerSecond per engine.
            double kernelPerSocketSecond = challenge / seconds / connections;
            double enginePerSecond = engineChallenges / seconds;
            Knobs.report("blind-linux", String.format("%d connections engine <-> Linux, %.1f s, %d rounds of %d octets"
                            + " each way per connection (%d octets to the kernel, %d to the engine, SHA-256 checked)",
                    connections, seconds, round, roundOctets, movedToKernel, movedToEngine));
            Knobs.report("blind-linux", String.format("kernel: injected RST %d, SYN %d, data %d; connections reset %d"
                            + " of %d; corrupted rounds %d; TCPChallengeACK %d (%.2f per socket-second), TCPSYNChallenge"
                            + " %d, TCPACKSkippedChallenge %d, TCPACKSkippedSeq %d", injected[KERNEL][RST],
                    injected[KERNEL][SYN], injected[KERNEL][DATA], kernelReset, connections, corruptedAtKernel,
                    challenge, kernelPerSocketSecond, synChallenge, skippedChallenge, skippedSeq));
            Knobs.report("blind-linux", String.format("engine: injected RST %d, SYN %d, data %d; connections reset %d"
                            + " of %d; corrupted rounds %d; challenge ACKs sent %d (%.2f per second, limit %d),"
                            + " held back %d; replies to RST %d, SYN %d, data %d; replies held back by the RFC 5961 §7"
                            + " throttle %d; conformance monitor steps %d, divergences %d", injected[ENGINE][RST],
                    injected[ENGINE][SYN], injected[ENGINE][DATA], engineReset, connections, corruptedAtEngine,
                    engineChallenges, enginePerSecond, config.challengeAcksPerSecond(), engineSuppressed,
                    engineAnswers[RST], engineAnswers[SYN], engineAnswers[DATA], engineThrottled, conformance.steps(),
                    conformance.divergences().size()));

            assertEquals("", kernelFailure, "the kernel's reads");
            assertEquals("", engineFailure, "the engine's reads");
            for (int kind = 0; kind < 3; kind++) {
                assertTrue(injected[KERNEL][kind] + injected[ENGINE][kind] >= perKind, KINDS[kind]);
            }
            assertEquals(0, kernelReset, "kernel connections reset");
            assertEquals(0, engineReset, "engine connections reset");
            assertEquals(0, corruptedAtKernel, "rounds corrupted at the kernel");
            assertEquals(0, corruptedAtEngine, "rounds corrupted at the engine");
            assertTrue(round > 0 && movedToKernel > 0 && movedToEngine > 0, "data moved during the attack");
            // RFC 5961 §7: the engine's challenge ACKs stay within its limit (a fixed one-second window).
            assertTrue(engineChallenges <= (long) config.challengeAcksPerSecond() * ((long) seconds + 2),
                    "engine challenge ACKs: " + engineChallenges);
            assertTrue(engineChallenges > 0, "the attack reached the engine's windows");
            assertTrue(engineAnswers[DATA] <= (long) connections * ((long) (seconds * 1000) / 500 + 2),
                    "engine replies to data: " + engineAnswers[DATA]);
            assertTrue(synChallenge + challenge > 0, "the attack reached the kernel's windows");
            ok(driver.call(() -> {
                conformance.finish();
                return true;
            }));
            assertEquals(List.of(), conformance.divergences());
            assertEquals(List.of(), table.divergences());
            for (SocketChannel s : kernelEnds) {
                s.close();
            }
            server.close();
        } finally {
            kernelSide.shutdownNow();
            kernelSide.awaitTermination(5, TimeUnit.SECONDS);
            e.close();
        }
    }

    /** The attacker: every segment at a random target, kind and connection, at random sequence numbers. */
    private void attack(EngineOnTun e, List<Connection> ends, long perKind, AtomicBoolean done) {
        try {
            SplittableRandom random = new SplittableRandom(82);
            List<byte[]> toEngine = new ArrayList<>();
            List<Integer> kinds = new ArrayList<>();
            long total = 0;
            while (total < 3 * perKind) {
                for (int kind = 0; kind < 3; kind++) {
                    Connection victim = ends.get(random.nextInt(ends.size()));
                    int target = random.nextBoolean() ? KERNEL : ENGINE;
                    byte[] packet = Codec.encode(segment(victim, target, kind, random));
                    if (target == KERNEL) {
                        // As if from the engine's address, written into the TUN device: the kernel receives it.
                        Either<?, Integer> w = e.tun().write(packet);
                        if (w.isLeft()) {
                            throw new IllegalStateException("TUN write: " + w.getLeft());
                        }
                    } else {
                        toEngine.add(packet);
                        kinds.add(kind);
                    }
                    injected[target][kind]++;
                    total++;
                }
                if (toEngine.size() >= 300) {
                    deliver(e.driver(), toEngine, kinds);
                }
            }
            deliver(e.driver(), toEngine, kinds);
        } finally {
            done.set(true);
        }
    }

    /** Into the engine, on its driver's thread (the engine is single-threaded), as if they came off the TUN. */
    private void deliver(EngineDriver driver, List<byte[]> packets, List<Integer> kinds) {
        List<byte[]> batch = List.copyOf(packets);
        List<Integer> batchKinds = List.copyOf(kinds);
        packets.clear();
        kinds.clear();
        ok(driver.call(() -> {
            for (int i = 0; i < batch.size(); i++) {
                injecting = batchKinds.get(i);
                driver.stack().packetArrives(batch.get(i));
            }
            injecting = -1;
            return true;
        }, WAIT));
    }

    private static Packet segment(Connection victim, int target, int kind, SplittableRandom random) {
        int engine = victim.id().localAddr();
        int kernel = victim.id().remoteAddr();
        int enginePort = victim.id().localPort();
        int kernelPort = victim.id().remotePort();
        return target == KERNEL ? BlindSegments.blind(kind, engine, kernel, enginePort, kernelPort, random)
                : BlindSegments.blind(kind, kernel, engine, kernelPort, enginePort, random);
    }

    /** Runs on the driver's thread: counts what the engine sends while an injected segment is processed. */
    private void count(EngineEvent ev) {
        if (injecting >= 0 && ev instanceof EngineEvent.SegmentOut) {
            engineAnswers[injecting]++;
        }
    }

    private static EngineStreams.Pattern pattern(int round, int connection, int direction, int octets) {
        return new EngineStreams.Pattern(((long) round << 20) ^ ((long) connection << 1) ^ direction, octets);
    }

    /** The kernel's TcpExt counters in the namespace (what {@code nstat} reads). */
    private static Map<String, Long> netstat(EngineOnTun e) {
        String text = ok(e.ns().run(List.of("cat", "/proc/net/netstat")));
        Map<String, Long> counters = new HashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String[] names = lines[i].trim().split("\\s+");
            String[] values = lines[i + 1].trim().split("\\s+");
            for (int j = 1; j < Math.min(names.length, values.length); j++) {
                counters.put(names[j], Long.parseLong(values[j]));
            }
        }
        return counters;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
        if (!after.containsKey(name)) {
            fail("no counter " + name + " in /proc/net/netstat");
        }
        return after.get(name) - before.getOrDefault(name, 0L);
    }

    private static <T> T ok(Either<?, T> r) {
        if (r.isLeft()) {
            fail(String.valueOf(r.getLeft()));
        }
        return r.get();
    }

    private static <T> T await(CompletableFuture<T> f) {
        return ok(EngineDriver.await(f, WAIT));
    }
}
