package io.github.tcpmodel.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 5961 §7: the ACKs an off-path attacker can provoke (replies to unacceptable segments, §3.10.7.4 first, and to
// ACKs outside [SND.UNA - MAX.SND.WND, SND.NXT], RFC 5961 §5.2) are throttled per connection.
class AckThrottleTest {

    private final List<Long> acksFromB = new ArrayList<>();
    private int rcvNxtOfB;

    private Simulation established(ConnectionConfig config, List<Connection> ends) {
        Simulation sim = new Simulation("throttle", config, Impairments.NONE, 7);
        sim.observeB(e -> {
            if (e instanceof EngineEvent.SegmentOut out) {
                acksFromB.add(e.atMillis());
                rcvNxtOfB = out.segment().ack();
            }
        });
        Pairs p = new Pairs(sim, 80, 1);
        ends.add(p.clients.get(0));
        ends.add(p.servers.get(0));
        acksFromB.clear();
        return sim;
    }

    /** Injects into B {@code count} segments, one a millisecond, made by {@code make} for B's connection. */
    private static void inject(Simulation sim, int count, IntFunction<Packet> make) {
        for (int i = 0; i < count; i++) {
            sim.b().packetArrives(Codec.encode(make.apply(i)));
            sim.runTo(sim.clock().nowMillis() + 1);
        }
    }

    private static Packet toServer(Connection server, int seq, int ack, int flags, int len) {
        return new Packet(server.id().remoteAddr(), server.id().localAddr(), server.id().remotePort(),
                server.id().localPort(), seq, ack, flags, 65535, 0, TcpOptions.NONE, new byte[len]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9293", "linux"})
    void unacceptableSegmentsGetOneAckPerInterval(String preset) {
        ConnectionConfig config = preset.equals("linux") ? ConnectionConfig.linux() : ConnectionConfig.rfc9293();
        List<Connection> ends = new ArrayList<>();
        Simulation sim = established(config, ends);
        Connection server = ends.get(1);
        // 2,000 segments far outside the window over 2 s: sequence numbers half the space away.
        inject(sim, 2000, i -> toServer(server, 0x7000_0000 + i * 1000, 0, Flags.ACK | Flags.PSH, 64));
        long interval = config.invalidAckInterval();
        assertEquals(500, interval);
        // One ACK at the first segment, then one whenever another interval has passed: 2,000 ms / 500 ms.
        assertTrue(acksFromB.size() >= 4 && acksFromB.size() <= 2000 / interval + 1, "ACKs: " + acksFromB);
        for (int i = 1; i < acksFromB.size(); i++) {
            assertTrue(acksFromB.get(i) - acksFromB.get(i - 1) >= interval, "ACKs at " + acksFromB);
        }
        assertEquals(2000 - acksFromB.size(), sim.b().replyAcksThrottled());
        assertEquals(TcpState.ESTABLISHED, server.tcpState());
        assertEquals(List.of(), sim.divergences());
    }

    @Test
    void ackOfUnsentDataIsThrottledToo() {
        List<Connection> ends = new ArrayList<>();
        Simulation sim = established(ConnectionConfig.rfc9293(), ends);
        Connection client = ends.get(0);
        Connection server = ends.get(1);
        // In the window, but acknowledging 1,000,000 octets the server never sent: RFC 5961 §5.2 "discarded and an
        // ACK sent back".
        int rcvNxt = rcvNxtOfB;
        inject(sim, 1000, i -> toServer(server, rcvNxt, 0x4000_0000, Flags.ACK, 0));
        assertTrue(acksFromB.size() >= 2 && acksFromB.size() <= 1000 / 500 + 1, "ACKs: " + acksFromB);
        assertEquals(TcpState.ESTABLISHED, client.tcpState());
        assertEquals(1000 - acksFromB.size(), sim.b().replyAcksThrottled());
        assertEquals(List.of(), sim.divergences());
    }

    @Test
    void withoutTheThrottleEverySegmentIsAnswered() {
        List<Connection> ends = new ArrayList<>();
        Simulation sim = established(ConnectionConfig.rfc9293().withInvalidAckInterval(0), ends);
        Connection server = ends.get(1);
        inject(sim, 500, i -> toServer(server, 0x7000_0000 + i * 1000, 0, Flags.ACK | Flags.PSH, 64));
        assertEquals(500, acksFromB.size());
        assertEquals(0, sim.b().replyAcksThrottled());
        assertEquals(List.of(), sim.divergences());
    }
}
