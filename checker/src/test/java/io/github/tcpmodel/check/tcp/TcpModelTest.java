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
}
