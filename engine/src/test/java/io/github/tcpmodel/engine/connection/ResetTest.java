package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.table.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResetTest {

    private static final Impairments WIRE = new Impairments(0, 0, 0, 0, 5, 0, 0);

    private static Packet fromA(int srcPort, int dstPort, int seq, int ack, int flags, int payload) {
        return new Packet(Simulation.ADDRESS_A, Simulation.ADDRESS_B, srcPort, dstPort, seq, ack, flags, 1000, 0,
                TcpOptions.NONE, new byte[payload]);
    }

    private static Packet lastSent(Recorder r) {
        List<EngineEvent.SegmentOut> out = r.sent(s -> true);
        return out.get(out.size() - 1).segment();
    }

    // ---- CLOSED (RFC 9293 §3.10.7.1) ----

    @Test
    void closedAnswersASynWithRstAckAndAnAckWithRstAtItsAck() {
        Simulation sim = new Simulation("closed", ConnectionConfig.rfc9293(), WIRE, 1);
        Recorder rb = new Recorder();
        TableMonitor mb = new TableMonitor(ConnectionConfig.rfc9293().table());
        sim.observeB(rb.andThen(mb));
        sim.b().packetArrives(Codec.encode(fromA(4000, 81, 1000, 0, Flags.SYN, 0)));
        Packet rst = lastSent(rb);
        assertEquals(Flags.RST | Flags.ACK, rst.flags());
        assertEquals(0, rst.seq());
        assertEquals(1001, rst.ack(), "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>");
        sim.b().packetArrives(Codec.encode(fromA(4000, 81, 1000, 777, Flags.ACK, 10)));
        rst = lastSent(rb);
        assertEquals(Flags.RST, rst.flags());
        assertEquals(777, rst.seq(), "<SEQ=SEG.ACK><CTL=RST>");
        int before = rb.sent(s -> true).size();
        sim.b().packetArrives(Codec.encode(fromA(4000, 81, 1000, 0, Flags.RST, 0)));
        assertEquals(before, rb.sent(s -> true).size(), "an incoming RST is discarded");
        assertEquals(List.of(), mb.divergences());
    }

    // ---- LISTEN (RFC 9293 §3.10.7.2) ----

    @Test
    void listenAnswersAnAckWithRstAndIgnoresRst() {
        Simulation sim = new Simulation("listen", ConnectionConfig.rfc9293(), WIRE, 1);
        Recorder rb = new Recorder();
        sim.observeB(rb);
        Listener l = sim.b().listen(80);
        sim.b().packetArrives(Codec.encode(fromA(4000, 80, 5, 4242, Flags.ACK, 0)));
        assertEquals(Flags.RST, lastSent(rb).flags());
        assertEquals(4242, lastSent(rb).seq());
        int before = rb.sent(s -> true).size();
        sim.b().packetArrives(Codec.encode(fromA(4000, 80, 5, 0, Flags.RST, 0)));
        sim.b().packetArrives(Codec.encode(fromA(4000, 80, 5, 0, Flags.FIN, 0)));
        assertEquals(before, rb.sent(s -> true).size());
        assertEquals(TcpState.LISTEN, l.tcpState());
        assertEquals(0, sim.b().connectionCount());
    }

    // ---- SYN-SENT (RFC 9293 §3.10.7.3) ----

    @Test
    void synSentAnswersABadSynAckWithRstAndStays() {
        Simulation sim = new Simulation("synsent", ConnectionConfig.rfc9293(), WIRE, 1);
        Recorder ra = new Recorder();
        sim.observeA(ra);
        sim.a().overrideIsn(id -> 5000);
        Connection c = sim.a().connect(Simulation.ADDRESS_B, 80, 4000);
        Packet synAck = new Packet(Simulation.ADDRESS_B, Simulation.ADDRESS_A, 80, 4000, 9000, 7777,
                Flags.SYN | Flags.ACK, 1000, 0, TcpOptions.NONE, Packet.EMPTY);
        sim.a().packetArrives(Codec.encode(synAck));
        assertEquals(TcpState.SYN_SENT, c.tcpState());
        assertEquals(Flags.RST, lastSent(ra).flags());
        assertEquals(7777, lastSent(ra).seq());
        // A RST without an acceptable ACK is dropped; with one, the connection is reset.
        Packet rstNoAck = new Packet(Simulation.ADDRESS_B, Simulation.ADDRESS_A, 80, 4000, 0, 0, Flags.RST, 0, 0,
                TcpOptions.NONE, Packet.EMPTY);
        sim.a().packetArrives(Codec.encode(rstNoAck));
        assertEquals(TcpState.SYN_SENT, c.tcpState());
        Packet rstAck = new Packet(Simulation.ADDRESS_B, Simulation.ADDRESS_A, 80, 4000, 0, 5001,
                Flags.RST | Flags.ACK, 0, 0, TcpOptions.NONE, Packet.EMPTY);
        sim.a().packetArrives(Codec.encode(rstAck));
        assertEquals(TcpState.CLOSED, c.tcpState());
        assertEquals("connection reset", c.error().get());
    }

    @Test
    void connectingToAClosedPortIsReset() {
        Simulation sim = new Simulation("refused", ConnectionConfig.rfc9293(), WIRE, 1);
        Connection c = sim.a().connect(Simulation.ADDRESS_B, 9);
        assertTrue(sim.runUntil(c::isDeleted, 10_000));
        assertEquals(TcpState.CLOSED, c.tcpState());
        assertEquals("connection reset", c.error().get());
        assertTrue(sim.clock().nowMillis() < 100);
    }

    // ---- ESTABLISHED: ABORT, and Linux's close() with unread data ----

    @Test
    void abortSendsRstAtSndNxtAndThePeerIsReset() {
        Simulation sim = new Simulation("abort", ConnectionConfig.rfc9293(), WIRE, 1);
        Listener l = sim.b().listen(80);
        Connection c = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> l.pending() > 0, 10_000));
        Connection s = l.accept().get();
        c.abort();
        assertTrue(c.isDeleted());
        assertTrue(sim.runUntil(s::isDeleted, 10_000));
        assertEquals("connection reset", s.error().get());
    }

    @Test
    void linuxCloseWithUnreadDataResets() {
        Simulation sim = new Simulation("unread", ConnectionConfig.linux(), WIRE, 1);
        Listener l = sim.b().listen(80);
        Connection c = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> l.pending() > 0, 10_000));
        Connection s = l.accept().get();
        c.write(new byte[] {1, 2, 3});
        assertTrue(sim.runUntil(() -> s.available() == 3, 10_000));
        s.close();
        assertTrue(s.isDeleted(), "closed with unread data: aborted, no TIME-WAIT");
        assertTrue(sim.runUntil(c::isDeleted, 10_000));
        assertEquals("connection reset", c.error().get());
    }

    @Test
    void rfc9293CloseWithUnreadDataClosesGracefully() {
        Simulation sim = new Simulation("unread-rfc", ConnectionConfig.rfc9293(), WIRE, 1);
        Listener l = sim.b().listen(80);
        Connection c = sim.a().connect(Simulation.ADDRESS_B, 80);
        assertTrue(sim.runUntil(() -> l.pending() > 0, 10_000));
        Connection s = l.accept().get();
        c.write(new byte[] {1, 2, 3});
        assertTrue(sim.runUntil(() -> s.available() == 3, 10_000));
        s.close();
        assertTrue(sim.runUntil(() -> c.tcpState() == TcpState.CLOSE_WAIT
                && s.tcpState() == TcpState.FIN_WAIT_2, 10_000));
        assertEquals(TcpState.FIN_WAIT_2, s.tcpState());
        assertTrue(c.error().isEmpty());
    }

    // ---- TIME-WAIT: a new SYN gets a challenge ACK (RFC 9293 §3.10.7.4 fourth), the state stays ----

    @Test
    void timeWaitAnswersASynWithAnAck() {
        Simulation sim = new Simulation("tw-syn", ConnectionConfig.rfc9293(), WIRE, 1);
        Recorder rb = new Recorder();
        sim.observeB(rb);
        Listener l = sim.b().listen(80);
        Connection c = sim.a().connect(Simulation.ADDRESS_B, 80, 4000);
        assertTrue(sim.runUntil(() -> l.pending() > 0, 10_000));
        Connection s = l.accept().get();
        s.close();
        assertTrue(sim.runUntil(() -> c.tcpState() == TcpState.CLOSE_WAIT, 10_000));
        c.close();
        assertTrue(sim.runUntil(() -> s.tcpState() == TcpState.TIME_WAIT && c.isDeleted(), 10_000));
        int before = rb.sent(x -> x.flags() == Flags.ACK).size();
        sim.b().packetArrives(Codec.encode(fromA(4000, 80, 123456, 0, Flags.SYN, 0)));
        assertEquals(TcpState.TIME_WAIT, s.tcpState());
        assertEquals(before + 1, rb.sent(x -> x.flags() == Flags.ACK).size());
    }
}
