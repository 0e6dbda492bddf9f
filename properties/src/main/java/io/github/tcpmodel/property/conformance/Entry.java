package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * What happened on one input of a lockstep run.
 *
 * @param index       the input's position in the trace, from 1
 * @param input       the input as generated
 * @param stimulus    the input resolved against the model's TCB
 * @param before      the model's state before
 * @param steps       the model's steps (several for an advance that fires several timers, none if the model
 *                    refused the input as invalid)
 * @param modelState  the model's state after
 * @param implState   the implementation's state after
 * @param implSent    what the implementation emitted
 * @param skipped     the model answered the input with an error value (invalid input), so neither side took it
 */
public record Entry(int index, Input input, Stimulus stimulus, ConnectionState before, List<Step> steps,
                    ConnectionState modelState, TcpState implState, List<Segment> implSent, boolean skipped) {

    public Entry {
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(stimulus, "stimulus is null");
        Objects.requireNonNull(before, "before is null");
        Objects.requireNonNull(steps, "steps is null");
        Objects.requireNonNull(modelState, "modelState is null");
        Objects.requireNonNull(implState, "implState is null");
        Objects.requireNonNull(implSent, "implSent is null");
    }

    /** {@return what the model emitted on this input} */
    public List<Segment> modelSent() {
        return steps.flatMap(Step::sent);
    }
}
