package io.github.tcpmodel.engine.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ConformanceMonitorTest {

    /** Passes each event through {@code tamper} (null drops it) before the monitor sees it. */
    private static EngineObserver tampered(ConformanceMonitor m, Function<EngineEvent, EngineEvent> tamper) {
        return e -> {
            EngineEvent t = tamper.apply(e);
            if (t != null) {
                m.observe(t);
            }
        };
    }

    /**
     * A handshake, 5000 octets from A to B, a half-close by A, B's close, TIME-WAIT to its end, and a connection
     * attempt to a closed port of B. {@code onA} and {@code onB} get every event of A and B.
     */
    private static void scenario(ConnectionConfig config, EngineObserver onA, EngineObserver onB) {
        Simulation sim = new Simulation("monitor", config, Impairments.NONE, 3);
        sim.observeA(onA);
        sim.observeB(onB);
        Listener listener = sim.b().listen(80);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, sim.clock().nowMillis() + 10_000));
        Connection server = listener.accept().get();
        assertEquals(5000, client.write(new byte[5000]));
        assertTrue(sim.runUntil(() -> server.available() == 5000, sim.clock().nowMillis() + 10_000));
        assertEquals(5000, server.read(new byte[8000], 0, 8000));
        assertTrue(client.shutdown());
        assertTrue(sim.runUntil(() -> server.tcpState() == TcpState.CLOSE_WAIT,
                sim.clock().nowMillis() + 10_000));
        server.close();
        assertTrue(sim.runUntil(() -> client.tcpState() == TcpState.TIME_WAIT && server.isDeleted(),
                sim.clock().nowMillis() + 10_000));
        assertTrue(sim.runUntil(client::isDeleted, sim.clock().nowMillis() + 1_000_000));
        Connection refused = sim.a().connect(Simulation.ADDRESS_B, 9);
        assertTrue(sim.runUntil(refused::isDeleted, sim.clock().nowMillis() + 10_000));
        assertEquals(List.of(), sim.divergences());
    }

    private static ConformanceMonitor[] runTampered(Function<EngineEvent, EngineEvent> onA,
                                                    Function<EngineEvent, EngineEvent> onB) {
        ConnectionConfig config = ConnectionConfig.rfc9293();
        ConformanceMonitor a = new ConformanceMonitor(config);
        ConformanceMonitor b = new ConformanceMonitor(config);
        scenario(config, tampered(a, onA), tampered(b, onB));
        a.finish();
        b.finish();
        return new ConformanceMonitor[] {a, b};
    }

    private static Packet withAck(Packet s, int ack) {
        return new Packet(s.srcAddr(), s.dstAddr(), s.srcPort(), s.dstPort(), s.seq(), ack, s.flags(), s.window(),
                s.urgent(), s.options(), s.payload());
    }

    @Test
    void aConformingRunHasNoDivergenceUnderBothPresets() {
        for (ConnectionConfig config : List.of(ConnectionConfig.rfc9293(), ConnectionConfig.linux())) {
            ConformanceMonitor a = new ConformanceMonitor(config);
            ConformanceMonitor b = new ConformanceMonitor(config);
            scenario(config, a, b);
            a.finish();
            b.finish();
            assertEquals(List.of(), a.divergences(), config.name());
            assertEquals(List.of(), b.divergences(), config.name());
            assertTrue(a.steps() > 10 && b.steps() > 10, () -> a.steps() + " / " + b.steps());
        }
    }

    // MUST-61 (RFC 9293 §3.9.1.2): a SEND without a PUSH flag, and the last buffered segment must carry PSH.
    @Test
    void aMissingPushOnTheLastBufferedSegmentIsCaught() {
        ConformanceMonitor[] m = runTampered(e -> {
            if (e instanceof EngineEvent.SegmentOut o && o.segment().payload().length > 0) {
                Packet s = o.segment();
                return new EngineEvent.SegmentOut(o.atMillis(), o.connection(), new Packet(s.srcAddr(), s.dstAddr(),
                        s.srcPort(), s.dstPort(), s.seq(), s.ack(), s.flags() & ~Flags.PSH, s.window(), s.urgent(),
                        s.options(), s.payload()), o.state());
            }
            return e;
        }, e -> e);
        assertTrue(m[0].divergences().stream().anyMatch(d -> d.expected().contains("MUST-61")),
                () -> m[0].divergences().toString());
        assertEquals(List.of(), m[1].divergences());
    }

    // MUST-40 (RFC 9293 §3.8.6.3): "the delay MUST be less than 0.5 seconds". The receiver's ACKs of text are shown
    // to its monitor 600 ms later than they were sent.
    @Test
    void anAckHalfASecondLateIsCaught() {
        ConformanceMonitor[] m = runTampered(e -> e, e -> {
            if (e instanceof EngineEvent.SegmentOut o && o.segment().payload().length == 0
                    && (o.segment().flags() & (Flags.SYN | Flags.FIN | Flags.RST)) == 0) {
                return new EngineEvent.SegmentOut(o.atMillis() + 600, o.connection(), o.segment(), o.state());
            }
            return e;
        });
        assertTrue(m[1].divergences().stream().anyMatch(d -> d.actual().startsWith("MUST-40")),
                () -> m[1].divergences().toString());
        assertEquals(List.of(), m[0].divergences());
    }

    @Test
    void aWrongAcknowledgmentNumberIsCaught() {
        ConformanceMonitor[] m = runTampered(e -> {
            if (e instanceof EngineEvent.SegmentOut o) {
                if (o.segment().payload().length > 0) {
                    return new EngineEvent.SegmentOut(o.atMillis(), o.connection(),
                            withAck(o.segment(), o.segment().ack() + 1), o.state());
                }
            }
            return e;
        }, e -> e);
        assertFalse(m[0].divergences().isEmpty());
        assertTrue(m[0].divergences().stream().anyMatch(d -> d.expected().contains("<ACK=RCV.NXT>")),
                () -> m[0].divergences().toString());
        assertEquals(List.of(), m[1].divergences());
    }

    @Test
    void aSkippedTimeWaitIsCaught() {
        // The engine "forgets" TIME-WAIT: it reports going from FIN-WAIT-2 straight to CLOSED.
        ConformanceMonitor[] m = runTampered(e -> {
            if (e instanceof EngineEvent.StateChanged c) {
                if (c.to().state() == TcpState.TIME_WAIT) {
                    return new EngineEvent.StateChanged(c.atMillis(), c.connection(), c.from(),
                            ConnectionState.of(TcpState.CLOSED), c.cause());
                }
            }
            return e;
        }, e -> e);
        assertTrue(m[0].divergences().stream().anyMatch(d -> d.expected().equals("state TIME-WAIT")
                && d.actual().equals("state CLOSED")), () -> m[0].divergences().toString());
    }

    @Test
    void aShortenedTimeWaitIsCaught() {
        // The 2 MSL timer fires a minute early.
        ConformanceMonitor[] m = runTampered(e -> {
            if (e instanceof EngineEvent.TimerFired f) {
                if (f.timer() == io.github.tcpmodel.table.Event.TIME_WAIT_TIMEOUT) {
                    return new EngineEvent.TimerFired(f.atMillis() - 60_000, f.connection(), f.timer(),
                            f.outcome());
                }
            }
            return e;
        }, e -> e);
        assertTrue(m[0].divergences().stream().anyMatch(d -> d.actual().contains("is due at")),
                () -> m[0].divergences().toString());
    }

    @Test
    void aMissingRstIsCaught() {
        // B "forgets" to answer the SYN to its closed port with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
        ConformanceMonitor[] m = runTampered(e -> e, e -> e instanceof EngineEvent.SegmentOut o
                && o.segment().has(Flags.RST) ? null : e);
        assertEquals(1, m[1].divergences().size(), () -> m[1].divergences().toString());
        MonitorDivergence d = m[1].divergences().get(0);
        assertTrue(d.expected().contains("RST") && d.actual().equals("nothing sent"), d::toString);
        assertEquals(0, d.connection().incarnation());
    }

    @Test
    void anUnexpectedRstAndAWrongSequenceNumberAreCaught() {
        ConformanceMonitor[] m = runTampered(e -> {
            if (e instanceof EngineEvent.SegmentOut o) {
                Packet s = o.segment();
                if (s.payload().length > 0 && o.state().state() == TcpState.ESTABLISHED) {
                    Packet moved = new Packet(s.srcAddr(), s.dstAddr(), s.srcPort(), s.dstPort(), s.seq() + 100000,
                            s.ack(), s.flags(), s.window(), s.urgent(), s.options(), s.payload());
                    return new EngineEvent.SegmentOut(o.atMillis(), o.connection(), moved, o.state());
                }
            }
            return e;
        }, e -> {
            if (e instanceof EngineEvent.SegmentOut o) {
                Packet s = o.segment();
                if (!s.has(Flags.RST) && !s.has(Flags.SYN) && o.state().state() == TcpState.CLOSE_WAIT) {
                    return new EngineEvent.SegmentOut(o.atMillis(), o.connection(), new Packet(s.srcAddr(),
                            s.dstAddr(), s.srcPort(), s.dstPort(), s.seq(), s.ack(), Flags.RST | Flags.ACK, 0, 0,
                            s.options(), Packet.EMPTY), o.state());
                }
            }
            return e;
        });
        assertTrue(m[0].divergences().stream().anyMatch(d -> d.expected().contains("SEG.SEQ must lie")),
                () -> m[0].divergences().toString());
        assertTrue(m[1].divergences().stream().anyMatch(d -> d.actual().contains("unexpected")),
                () -> m[1].divergences().toString());
    }

    @Test
    void theMonitorRunsTheConfigsProfile() {
        // The reference engine offers no option beyond MSS and no ECN (it does not implement RFC 3168).
        Profile rfc = Profile.rfc9293().withMss(1460);
        assertEquals(rfc.withExtensions(rfc.extensions().withEcn(io.github.tcpmodel.profile.EcnMode.OFF)),
                new ConformanceMonitor(ConnectionConfig.rfc9293()).profile());
        Profile linux = new ConformanceMonitor(ConnectionConfig.linux()).profile();
        assertEquals(ConnectionConfig.linuxProfile(), linux);
        assertEquals("linux", linux.name());
        // The linux profile without the departures the engine does not implement: an allowed RFC 9293 behaviour.
        Profile departures = Profile.linux();
        assertTrue(departures.dropWithoutAckRstSyn() && departures.requestSocket() && departures.timeWaitReopen());
        assertFalse(linux.dropWithoutAckRstSyn() || linux.resetAtRcvNxtMinusOne() || linux.synRetransmitOnBadAck()
                || linux.timeWaitSilentRst() || linux.timeWaitAcksAll() || linux.finAfterFinIgnored()
                || linux.endOfDataBeforeReset() || linux.requestSocket());
        // The departures the engine implements: Linux's RST,ACK on ABORT, the text of a SYN without Fast Open
        // discarded, and Fast Open itself (RFC 7413).
        assertTrue(linux.abortSendsRstAck() && linux.synTextDiscarded() && linux.fastOpenCapable());
        assertFalse(linux.timeWaitReopen());
        assertTrue(linux.keepalive().isEmpty());
        assertTrue(linux.rfc5961());
        assertFalse(linux.rfc1337());
        assertTrue(linux.crossedSynAckEstablishes());
        assertTrue(linux.resetOnCloseWithUnreadData());
        assertEquals(60_000L, linux.finWait2Timeout().get());
        assertEquals(60_000L, linux.timeWait());
        assertEquals(ConnectionConfig.linux().table(), linux.table());
        Profile ka = new ConformanceMonitor(ConnectionConfig.rfc9293().withKeepAlive(true)).profile();
        assertEquals(7_200_000L, ka.keepalive().get().idle());
        assertEquals(9, ka.keepalive().get().count());
        ConnectionConfig variant = ConnectionConfig.rfc9293().withTable(ConnectionConfig.linux().table());
        assertEquals(Profile.rfc9293().table(), new ConformanceMonitor(variant).profile().table(),
                "the monitor's model keeps the profile's table");
    }

    @Test
    @Tag("divergences-expected")
    void everySimulationRunsWithTheMonitorAndReportsWhatItFinds() {
        Simulation sim = new Simulation("default-on", ConnectionConfig.rfc9293(), Impairments.NONE, 4);
        assertTrue(sim.monitorA().isDefined() && sim.monitorB().isDefined());
        Listener listener = sim.b().listen(80);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, sim.clock().nowMillis() + 10_000));
        assertTrue(sim.monitorA().get().steps() > 0 && sim.monitorB().get().steps() > 0);
        assertEquals(List.of(), sim.divergences());
        // An engine that claims to have sent data nobody wrote: the monitor of A reports it through the simulation.
        Packet bogus = new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B, client.id().localPort(), 80,
                0, 0, Flags.ACK, 1000, 0, io.github.tcpmodel.engine.codec.TcpOptions.NONE, new byte[10]);
        sim.monitorA().get().observe(new EngineEvent.SegmentOut(sim.clock().nowMillis(), client.id(), bogus,
                client.state()));
        assertEquals(1, sim.divergences().size(), () -> sim.divergences().toString());
        assertEquals(client.id(), sim.divergences().get(0).connection());
    }

    // A call on a connection the model has closed and forgotten is answered as in CLOSED: "error: connection does not
    // exist" (RFC 9293 §3.10.4); any other answer is a divergence.
    @Test
    @Tag("divergences-expected")
    void aCallOnAForgottenConnectionMustBeAnsweredAsInClosed() {
        Simulation sim = new Simulation("forgotten", ConnectionConfig.rfc9293(), Impairments.NONE, 5);
        Listener listener = sim.b().listen(80);
        Connection client = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> listener.pending() > 0, sim.clock().nowMillis() + 10_000));
        client.abort();
        assertTrue(sim.runUntil(client::isDeleted, sim.clock().nowMillis() + 10_000));
        ConformanceMonitor m = sim.monitorA().get();
        TransitionTable table = ConnectionConfig.rfc9293().table();
        m.observe(new EngineEvent.UserCall(sim.clock().nowMillis(), client.id(), Event.CLOSE,
                table.step(ConnectionState.of(TcpState.CLOSED), Event.CLOSE), 0));
        assertEquals(List.of(), sim.divergences());
        m.observe(new EngineEvent.UserCall(sim.clock().nowMillis(), client.id(), Event.CLOSE,
                table.step(ConnectionState.of(TcpState.ESTABLISHED), Event.CLOSE), 0));
        assertEquals(1, sim.divergences().size(), () -> sim.divergences().toString());
    }
}
