package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * A sequence of inputs to one connection, and the peer's ISN that anchors the peer's segments until the connection
 * knows it. Printed one input per line, numbered, so that a shrunk counterexample reads as a scenario.
 *
 * @param peerIss the peer's initial sequence number
 * @param inputs  the inputs, in order
 */
public record InputTrace(SeqNum peerIss, List<Input> inputs) {

    public InputTrace {
        Objects.requireNonNull(peerIss, "peerIss is null");
        Objects.requireNonNull(inputs, "inputs is null");
    }

    /**
     * A trace of {@code inputs} with the peer's ISS {@code peerIss}.
     *
     * @param peerIss the peer's initial sequence number
     * @param inputs the inputs, in order
     * @return the trace
     */
    public static InputTrace of(long peerIss, Input... inputs) {
        return new InputTrace(SeqNum.of(peerIss), List.of(inputs));
    }

    /** {@return the number of inputs} */
    public int size() {
        return inputs.size();
    }

    @Override
    public String toString() {
        return "peer ISS " + peerIss + ", " + inputs.size() + " input(s):"
                + inputs.zipWithIndex().map(t -> "\n  " + (t._2 + 1) + ". " + t._1).mkString();
    }
}
