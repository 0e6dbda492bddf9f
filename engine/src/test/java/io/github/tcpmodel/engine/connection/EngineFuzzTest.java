package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Codec;
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

class EngineFuzzTest {

    /** Packets fed to the live engine; the millions are -Dtcpmodel.fuzz.packets=5000000. */
    private static final int PACKETS = Integer.getInteger("tcpmodel.fuzz.packets", 150_000);

    // forall packets: feeding them to a live engine throws nothing, keeps memory bounded, and leaves a connection
    // whose 4-tuple they do not hit intact: it still moves data byte-exact and closes.
    @Test
    void randomAndMutatedPacketsDoNotHurtALiveEngine() {
        ConnectionConfig config = ConnectionConfig.rfc9293().withEmbryonicLimit(64);
        Simulation sim = new Simulation("fuzz", config, new Impairments(0, 0, 0, 0, 2, 0, 0), 99);
        TableMonitor monitorB = new TableMonitor(config.table());
        sim.observeB(monitorB);
        Listener listener = sim.b().listen(80, 16);
        sim.b().listen(443, 16);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, 10_000));
        Connection server = listener.accept().get();
        int protectedPort = client.id().localPort();

        // A corpus of real packets, captured from a short exchange, to mutate.
        List<byte[]> corpus = new ArrayList<>();
        Random random = new Random(2026);
        for (int i = 0; i < 50; i++) {
            corpus.add(Codec.encode(new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B, 1024 + random.nextInt(100),
                    random.nextBoolean() ? 80 : 443, random.nextInt(), random.nextInt(), random.nextInt(256),
                    random.nextInt(65536), 0, random.nextBoolean() ? TcpOptions.mssOnly(random.nextInt(65536))
                    : TcpOptions.NONE, new byte[random.nextInt(40)])));
        }
        long maxConnections = 0;
        for (int i = 0; i < PACKETS; i++) {
            byte[] p;
            switch (i % 3) {
                case 0:
                    p = new byte[random.nextInt(100)];
                    random.nextBytes(p);
                    if (p.length > 0) {
                        p[0] = 0x45;
                    }
                    break;
                case 1:
                    p = corpus.get(random.nextInt(corpus.size())).clone();
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                default:
                    // Well-formed segments with random fields to the listeners' ports, from ports other than the
                    // protected connection's: they reach listeners, embryonic connections and the CLOSED path.
                    int srcPort = 1024 + random.nextInt(200);
                    if (srcPort == protectedPort) {
                        srcPort++;
                    }
                    p = Codec.encode(new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B, srcPort,
                            random.nextInt(4) == 0 ? random.nextInt(65536) : 80, random.nextInt(), random.nextInt(),
                            random.nextInt(256), random.nextInt(65536), 0, TcpOptions.NONE,
                            new byte[random.nextInt(4) == 0 ? random.nextInt(200) : 0]));
                    break;
            }
            sim.b().packetArrives(p);
            if (i % 1000 == 0) {
                sim.runTo(sim.clock().nowMillis() + 50);
                maxConnections = Math.max(maxConnections, sim.b().connectionCount());
                for (Connection c : sim.b().connections()) {
                    assertEquals(io.vavr.control.Option.none(), c.invariantViolation());
                }
                while (listener.pending() > 0) {
                    listener.accept().get().abort();
                }
            }
        }
        assertTrue(sim.b().decodeCounters().malformedTotal() > PACKETS / 5);
        assertTrue(maxConnections <= 2L * 64 + 32 + 1, "connections bounded: " + maxConnections);
        assertTrue(sim.b().timerEntries() < 10_000, "timer entries bounded: " + sim.b().timerEntries());
        assertEquals(List.of(), monitorB.divergences());

        // The protected connection is intact.
        assertEquals(TcpState.ESTABLISHED, server.tcpState());
        Pump up = new Pump(300_000, 3);
        Pump down = new Pump(300_000, 4);
        assertTrue(sim.runUntil(() -> up.eof() && down.eof(), () -> up.write(client, true) | down.write(server, true)
                | up.read(server) | down.read(client), sim.clock().nowMillis() + 3_600_000));
        assertEquals(300_000, up.read());
        assertEquals(300_000, down.read());
        assertEquals(0, up.mismatches() + down.mismatches());
    }
}
