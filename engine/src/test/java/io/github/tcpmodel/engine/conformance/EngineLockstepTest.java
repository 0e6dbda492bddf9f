package io.github.tcpmodel.engine.conformance;

import static io.github.tcpmodel.segment.Control.ACK;
import static io.github.tcpmodel.segment.Control.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.property.conformance.Input;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.Result;
import io.github.tcpmodel.property.conformance.SegmentSpec;
import io.github.tcpmodel.property.conformance.Trace;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.collection.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EngineLockstepTest {

    static Stream<ConnectionConfig> configs() {
        return Stream.of(ConnectionConfig.rfc9293(), ConnectionConfig.linux());
    }

    private static Input call(UserCall.Kind kind) {
        return new Input.Call(UserCall.of(kind));
    }

    private static Input peer(boolean rightEdge, long seqOffset, int data, Control... bits) {
        return new Input.Peer(new SegmentSpec(TreeSet.of(bits), rightEdge, seqOffset, false, 0, data, 4096));
    }

    private static Result run(ConnectionConfig config, Input... inputs) {
        Result r = new Lockstep(EngineImplementation.factory(config)).run(new Trace(SeqNum.of(0), List.of(inputs)));
        assertTrue(r.conforms(), () -> r.trace() + "\n" + r.divergence().get().report());
        return r;
    }

    // Found by the kit: the engine took the peer's first SYN, sent again with one octet of text (so the segment
    // straddles RCV.NXT), as a new SYN and returned the passive SYN-RECEIVED to LISTEN. §3.10.7.4 first: only the new
    // parts of such a segment are processed; the old SYN is trimmed off.
    @ParameterizedTest
    @MethodSource("configs")
    void aRetransmittedSynWithTextLeavesAPassiveSynReceivedAlone(ConnectionConfig config) {
        Result r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(false, -1, 1, SYN));
        assertEquals(TcpState.SYN_RECEIVED, r.entries().last().implState());
    }

    // Found by the kit: the model judged acceptability on the profile's receive window (64240 for linux) while the
    // engine had advertised 65535; the runner now takes the advertised window as the implementation's choice.
    @ParameterizedTest
    @MethodSource("configs")
    void acceptabilityIsJudgedOnTheAdvertisedWindow(ConnectionConfig config) {
        Result r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), peer(true, 0, 0, ACK));
        assertEquals(TcpState.SYN_RECEIVED, r.entries().last().implState());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void closeInAPassiveSynReceivedSendsTheFin(ConnectionConfig config) {
        Result r = run(config, call(UserCall.Kind.PASSIVE_OPEN), peer(false, 0, 0, SYN), call(UserCall.Kind.CLOSE));
        assertEquals(TcpState.FIN_WAIT_1, r.entries().last().implState());
    }
}
