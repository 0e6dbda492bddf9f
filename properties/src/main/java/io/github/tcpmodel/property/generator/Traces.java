package io.github.tcpmodel.property.generator;

import static io.github.tcpmodel.segment.Control.ACK;
import static io.github.tcpmodel.segment.Control.FIN;
import static io.github.tcpmodel.segment.Control.SYN;

import io.github.tcpmodel.property.conformance.Input;
import io.github.tcpmodel.property.conformance.InputTrace;
import io.github.tcpmodel.property.conformance.SegmentSpec;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.TreeMap;
import java.util.Optional;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Inputs and traces. A trace is a canonical prefix that leads to a chosen state (shrinking to none, i.e. CLOSED)
 * followed by random inputs: user calls, segments from the peer relative to the connection, and waits (often "until
 * the next timer", so that timeouts happen). See the package documentation for how they shrink.
 */
public final class Traces {

    private Traces() {
    }

    /**
     * {@code <SEQ=RCV.NXT><ACK=SND.NXT + ackOffset>} with {@code bits}, from SND.UNA with {@code fromUna}.
     *
     * @param fromUna whether SEG.ACK is relative to SND.UNA rather than SND.NXT
     * @param ackOffset SEG.ACK relative to its base
     * @param bits the control bits
     * @return the input
     */
    public static Input peer(boolean fromUna, long ackOffset, io.github.tcpmodel.segment.Control... bits) {
        return new Input.Peer(new SegmentSpec(Segments.set(bits), false, 0, fromUna, ackOffset, 0, 4096));
    }

    /**
     * A user call input.
     *
     * @param kind the call
     * @return the input
     */
    public static Input call(UserCall.Kind kind) {
        return new Input.Call(UserCall.of(kind));
    }

    private static final Input ACTIVE = call(UserCall.Kind.ACTIVE_OPEN);
    private static final Input PASSIVE = call(UserCall.Kind.PASSIVE_OPEN);
    private static final Input CLOSE = call(UserCall.Kind.CLOSE);
    private static final Input SYN_ = peer(false, 0, SYN);
    private static final Input SYN_ACK = peer(false, 0, SYN, ACK);
    private static final Input ACK_ = peer(false, 0, ACK);
    private static final Input FIN_ACK = peer(false, 0, FIN, ACK);
    /** A FIN whose ACK does not cover our FIN: SEG.ACK = SND.UNA. */
    private static final Input FIN_OLD_ACK = peer(true, 0, FIN, ACK);

    private static final List<Input> ESTABLISHED = List.of(ACTIVE, SYN_ACK);
    private static final List<Input> FIN_WAIT_1 = ESTABLISHED.append(CLOSE);
    private static final List<Input> FIN_WAIT_2 = FIN_WAIT_1.append(ACK_);
    private static final List<Input> CLOSE_WAIT = ESTABLISHED.append(FIN_ACK);

    /**
     * The canonical inputs that take a connection from CLOSED to each state: the RFC's own scenarios (Figures 6-13
     * of RFC 9293 §3.5 and §3.6).
     */
    public static final Map<ConnectionState, List<Input>> PREFIXES = TreeMap.ofEntries(
            io.vavr.Tuple.of(ConnectionState.of(TcpState.CLOSED), List.empty()),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.LISTEN), List.of(PASSIVE)),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.SYN_SENT), List.of(ACTIVE)),
            io.vavr.Tuple.of(ConnectionState.synReceived(Origin.PASSIVE), List.of(PASSIVE, SYN_)),
            io.vavr.Tuple.of(ConnectionState.synReceived(Origin.ACTIVE), List.of(ACTIVE, SYN_)),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.ESTABLISHED), ESTABLISHED),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.FIN_WAIT_1), FIN_WAIT_1),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.FIN_WAIT_2), FIN_WAIT_2),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.CLOSE_WAIT), CLOSE_WAIT),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.CLOSING), FIN_WAIT_1.append(FIN_OLD_ACK)),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.LAST_ACK), CLOSE_WAIT.append(CLOSE)),
            io.vavr.Tuple.of(ConnectionState.of(TcpState.TIME_WAIT), FIN_WAIT_2.append(FIN_ACK)));

    /**
     * Canonical inputs of hard cases the random tail reaches too rarely: a FIN,ACK that acknowledges our FIN in
     * FIN-WAIT-1 (straight to TIME-WAIT, RFC 9293 §3.10.7.4 eighth), a completed simultaneous open (Figure 8), and
     * a simultaneous close (Figure 13).
     */
    public static final List<List<Input>> HARD_CASES = List.of(FIN_WAIT_1.append(FIN_ACK),
            List.of(ACTIVE, SYN_, ACK_), FIN_WAIT_1.append(FIN_OLD_ACK).append(ACK_));

    /** {@return a user call: the opens and CLOSE most often, SEND and RECEIVE of edge-biased sizes} */
    public static Gen<UserCall> calls() {
        Gen<Long> amounts = Pick.weighted(List.of(1L, 100L, 536L, 5000L, 0L, 70_000L), 3, 2, 2, 2, 1, 1);
        return Pick.weightedGen(List.of(
                Generate.constant(UserCall.of(UserCall.Kind.CLOSE)),
                Generate.constant(UserCall.of(UserCall.Kind.ACTIVE_OPEN)),
                Generate.constant(UserCall.of(UserCall.Kind.PASSIVE_OPEN)),
                amounts.map(UserCall::send),
                amounts.map(UserCall::receive),
                Generate.constant(UserCall.of(UserCall.Kind.ABORT)),
                Generate.constant(UserCall.of(UserCall.Kind.STATUS))), 4, 2, 2, 3, 2, 1, 1);
    }

    /** {@return a wait: until the next timer, or a fixed time (1 ms, 1 s, 1 min, 2 MSL)} */
    public static Gen<Input> waits() {
        return Pick.weighted(List.of(new Input.Wait(1_000, true), new Input.Wait(1, false),
                new Input.Wait(1_000, false), new Input.Wait(60_000, false), new Input.Wait(240_000, false)),
                6, 1, 1, 1, 1);
    }

    /** {@return one input: a segment from the peer most often, then a user call, then a wait} */
    public static Gen<Input> inputs() {
        return Pick.weightedGen(List.of(Segments.specs().map(s -> (Input) new Input.Peer(s)),
                calls().map(c -> (Input) new Input.Call(c)), waits()), 6, 3, 2);
    }

    /**
     * Random inputs, at most {@code max}; each may be dropped by shrinking wherever it stands.
     *
     * @param max the most inputs
     * @return the generator
     */
    public static Gen<List<Input>> tails(int max) {
        Gen<Optional<Input>> maybe = Generate.range(0, 9, 0).zip(inputs(),
                (keep, in) -> keep == 0 ? Optional.<Input>empty() : Optional.of(in));
        return SourceDSL.lists().of(maybe).ofSizeBetween(0, max)
                .map(l -> List.ofAll(l).filter(Optional::isPresent).map(Optional::get));
    }

    /** {@return the peer's ISN: at an edge of sequence space half of the time} */
    public static Gen<SeqNum> peerIsns() {
        return SeqNums.edges();
    }

    /**
     * A trace: a canonical prefix to a random state (shrinks to none), then up to {@code max} random inputs.
     *
     * @param max the most random inputs after the prefix
     * @return the generator
     */
    public static Gen<InputTrace> traces(int max) {
        Gen<List<Input>> prefixes = Pick.uniform(PREFIXES.values().toList().appendAll(HARD_CASES));
        return peerIsns().zip(prefixes, tails(max), (iss, pre, tail) -> new InputTrace(iss, pre.appendAll(tail)));
    }

    /**
     * The canonical trace to {@code state}, then {@code tail}.
     *
     * @param state the state the canonical prefix reaches
     * @param peerIss the peer's ISS
     * @param tail the inputs after the prefix
     * @return the trace
     */
    public static InputTrace to(ConnectionState state, SeqNum peerIss, Input... tail) {
        return new InputTrace(peerIss, PREFIXES.get(state).get().appendAll(List.of(tail)));
    }
}
