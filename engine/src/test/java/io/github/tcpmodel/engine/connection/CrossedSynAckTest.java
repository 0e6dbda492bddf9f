package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// RFC 9293 §3.5 Figure 7: the SYN,ACKs of a simultaneous open cross. Under the linux config (Figure 7 line 6, as
// Linux does) each takes SYN-RECEIVED to ESTABLISHED; under rfc9293 (§3.10.7.4 first, Table 6) each is unacceptable,
// answered with an ACK, and that ACK completes the handshake. Both run with the conformance and table monitors.
class CrossedSynAckTest {

    private static final Impairments WIRE = new Impairments(0, 0, 0, 0, 5, 0, 0);

    // Both ends connect at once; returns, per end, its states and the flags of every segment it sent.
    private static List<List<String>> simultaneousOpen(ConnectionConfig config) {
        Simulation sim = new Simulation("crossed-" + config.name(), config, WIRE, 7);
        TableMonitor ma = new TableMonitor(config.table());
        TableMonitor mb = new TableMonitor(config.table());
        List<String> outA = new ArrayList<>();
        sim.observeA(ma.andThen(e -> {
            if (e instanceof EngineEvent.SegmentOut out) {
                outA.add(io.github.tcpmodel.engine.codec.Flags.describe(out.segment().flags()));
            }
        }));
        sim.observeB(mb);
        Connection a = sim.a().connect(Simulation.ADDRESS_B, 7000, 6000);
        Connection b = sim.b().connect(Simulation.ADDRESS_A, 6000, 7000);
        List<String> pathA = new ArrayList<>();
        List<String> pathB = new ArrayList<>();
        a.addStateListener((c, from, to) -> pathA.add(to.rfcName()));
        b.addStateListener((c, from, to) -> pathB.add(to.rfcName()));
        assertTrue(sim.runUntil(() -> a.tcpState() == TcpState.ESTABLISHED
                && b.tcpState() == TcpState.ESTABLISHED, 10_000));
        sim.runTo(sim.clock().nowMillis() + 100);
        assertEquals(List.of(), sim.divergences(), "the conformance monitor stays silent");
        assertEquals(List.of(), ma.divergences());
        assertEquals(List.of(), mb.divergences());
        sim.close();
        return List.of(pathA, pathB, outA);
    }

    @Test
    void linuxTakesTheCrossedSynAckToEstablished() {
        List<List<String>> r = simultaneousOpen(ConnectionConfig.linux());
        assertEquals(List.of("SYN-RECEIVED (active)", "ESTABLISHED"), r.get(0));
        assertEquals(List.of("SYN-RECEIVED (active)", "ESTABLISHED"), r.get(1));
        // SYN, SYN,ACK and nothing more: the crossed SYN,ACK needs no answer.
        assertEquals(List.of("S", "S."), r.get(2));
    }

    @Test
    void rfc9293AnswersTheCrossedSynAckWithAnAckThatCompletesTheHandshake() {
        List<List<String>> r = simultaneousOpen(ConnectionConfig.rfc9293());
        assertEquals(List.of("SYN-RECEIVED (active)", "ESTABLISHED"), r.get(0));
        assertEquals(List.of("S", "S.", "."), r.get(2));
    }
}
