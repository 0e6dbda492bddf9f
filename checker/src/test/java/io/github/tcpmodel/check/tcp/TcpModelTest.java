package io.github.tcpmodel.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class TcpModelTest {

    static EndpointConfig active(int iss) {
        return new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, iss, 0, EndpointConfig.Close.NEVER);
    }

    static EndpointConfig passive(int iss) {
        return new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.PASSIVE, iss, 0, EndpointConfig.Close.NEVER);
    }

    @Test
    void tooManySegmentsInFlightIsAnErrorValue() {
        assertTrue(TcpModel.of("x", active(1), passive(5), Network.reliable(1),
                List.of(AbstractSegment.syn(0), AbstractSegment.syn(1)), List.empty()).isLeft());
    }

    @Test
    void badBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AbstractSegment(true, false, false, false, false, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> new Network(true, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE,
                14, 0, EndpointConfig.Close.NEVER));
    }

    @Test
    void segmentsPrintInRfcNotation() {
        assertEquals("<SEQ=9><ACK=1><CTL=SYN,ACK>", new AbstractSegment(true, true, false, false, false, 9, 1).toString());
        assertEquals("<SEQ=5><ACK=10><CTL=ACK><DATA>", new AbstractSegment(false, true, false, false, true, 5, 10).toString());
        assertEquals(AbstractSegment.syn(3), AbstractSegment.decode(AbstractSegment.syn(3).code()));
    }

    // the plain handshake over a reliable FIFO network: every end state has both sides ESTABLISHED
    @Test
    void reliableHandshakeEndsEstablished() {
        TcpModel m = TcpModel.of("handshake", active(1), passive(5), Network.reliable(2), List.empty(), List.empty())
                .get();
        ExplorationResult r = Explorer.check(m, Options.defaults().withThreads(1), Progress.SILENT);
        assertTrue(r.holds(), r::summary);
        java.util.List<long[]> ends = new java.util.ArrayList<>();
        // Walk the reachable states by hand through the model's successor function.
        java.util.ArrayDeque<long[]> q = new java.util.ArrayDeque<>();
        java.util.Set<java.util.List<Long>> seen = new java.util.HashSet<>();
        m.initial((l, s) -> q.add(s.clone()));
        while (!q.isEmpty()) {
            long[] s = q.poll();
            if (!seen.add(java.util.Arrays.asList(s[0], s[1], s[2], s[3]))) {
                continue;
            }
            if (m.quiescent(s)) {
                ends.add(s);
            }
            m.successors(s, (l, t) -> q.add(t.clone()));
        }
        assertEquals(r.distinct(), seen.size());
        assertEquals(1, ends.size());
        assertEquals(TcpState.ESTABLISHED, TcpModel.state(ends.get(0), 0));
        assertEquals(TcpState.ESTABLISHED, TcpModel.state(ends.get(0), 1));
        TcpModel.Endpoint a = TcpModel.endpoint(ends.get(0), 0);
        assertEquals(List.of(1, 5, 2, 2, 6), List.of(a.iss(), a.irs(), a.una(), a.nxt(), a.rcvNxt()));
    }

    // forall reachable s: some quiescent end state is reachable from s, and every end state is CLOSED on both
    // sides (a refused connection, where one SYN meets a CLOSED peer, ends there too). Reordering drops out-of-order FINs; a window of one for zero-length segments
    // used to start an endless ACK exchange here (docs/model-checker.md).
    @Test
    void bothSidesSendAndCloseOverAReorderingNetworkAndAlwaysFinish() {
        EndpointConfig a = new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, 4, 1, EndpointConfig.Close.ACTIVE);
        EndpointConfig b = new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ACTIVE, 9, 1, EndpointConfig.Close.ACTIVE);
        TcpModel base = TcpModel.of("reordering", a, b, new Network(false, 0, 0, 3), List.empty(), List.empty())
                .get();
        TcpModel m = base.withInvariants(List.of(Theorems.endsClosed(base)));
        ExplorationResult r = Explorer.check(m, Options.defaults(), Progress.SILENT);
        assertTrue(r.complete());
        assertTrue(r.violation("liveness").isEmpty(), r::summary);
        assertTrue(r.violation("deadlock").isEmpty(), r::summary);
        assertTrue(r.violation("ends-closed").isEmpty(), r::summary);
    }

    // ---------------------------------------------------------------- arrivals go through the reference semantics

    static EndpointConfig established(int iss) {
        return new EndpointConfig(TransitionTable.rfc9293(), EndpointConfig.Start.ESTABLISHED, iss, 0,
                EndpointConfig.Close.NEVER);
    }

    /** The state after the oldest segment in flight to {@code side} arrives. */
    static long[] receive(TcpModel m, long[] s, int side) {
        long[][] next = new long[1][];
        m.successors(s, (label, t) -> {
            if (label == (3 | side << 3)) {
                next[0] = t.clone();
            }
        });
        return next[0];
    }

    static long[] initial(TcpModel m) {
        long[][] s = new long[1][];
        m.initial((label, t) -> s[0] = t.clone());
        return s[0];
    }

    @Test
    void anInWindowResetNotAtRcvNxtGetsAChallengeAck() {
        // RFC 9293 §3.10.7.4 second (RFC 5961 §3.2): <SEQ=7><CTL=RST> with RCV.NXT = 5 is answered with
        // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and the connection stays.
        AbstractSegment rst = new AbstractSegment(false, false, false, true, false, 7, 0);
        TcpModel m = TcpModel.of("blind RST", established(4), established(9), Network.reliable(2), List.of(rst),
                List.empty()).get();
        long[] after = receive(m, initial(m), 1);
        assertEquals(TcpState.ESTABLISHED, TcpModel.state(after, 1));
        assertEquals(List.of(new AbstractSegment(false, true, false, false, false, 10, 5)), TcpModel.inFlight(after, 0));
        assertTrue(!TcpModel.endpoint(after, 1).reset());
        // At RCV.NXT it resets.
        AbstractSegment exact = new AbstractSegment(false, false, false, true, false, 5, 0);
        TcpModel n = TcpModel.of("RST at RCV.NXT", established(4), established(9), Network.reliable(2),
                List.of(exact), List.empty()).get();
        long[] reset = receive(n, initial(n), 1);
        assertEquals(TcpState.CLOSED, TcpModel.state(reset, 1));
        assertTrue(TcpModel.endpoint(reset, 1).reset());
        assertEquals(List.empty(), TcpModel.inFlight(reset, 0));
    }

    @Test
    void textBeyondRcvNxtIsHeldAndDeliveredWhenTheGapFills() {
        // RFC 9293 §3.10.7.4 seventh: the unit at RCV.NXT + 1 is acceptable and held (SHLD-31), RCV.NXT is
        // acknowledged; the unit at RCV.NXT then delivers both, and the ACK covers both.
        AbstractSegment second = new AbstractSegment(false, true, false, false, true, 6, 10);
        AbstractSegment first = new AbstractSegment(false, true, false, false, true, 5, 10);
        TcpModel m = TcpModel.of("out of order", established(4), established(9), Network.reliable(3),
                List.of(second, first), List.empty()).get();
        long[] held = receive(m, initial(m), 1);
        assertEquals(List.of(new AbstractSegment(false, true, false, false, false, 10, 5)), TcpModel.inFlight(held, 0));
        assertEquals(List.of(5, 0), List.of(TcpModel.endpoint(held, 1).rcvNxt(), TcpModel.endpoint(held, 1).delivered()));
        long[] both = receive(m, held, 1);
        assertEquals(List.of(7, 2), List.of(TcpModel.endpoint(both, 1).rcvNxt(), TcpModel.endpoint(both, 1).delivered()));
        assertEquals(new AbstractSegment(false, true, false, false, false, 10, 7), TcpModel.inFlight(both, 0).last());
    }
}
