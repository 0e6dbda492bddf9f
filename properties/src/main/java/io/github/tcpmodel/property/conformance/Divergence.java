package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The first point where an implementation leaves what RFC 9293 (narrowed by the profile) allows.
 *
 * @param implementation the implementation's name
 * @param profile        the model's profile
 * @param index          the input's position, from 1
 * @param input          the input
 * @param stimulus       the input as delivered
 * @param reason         what differs, in one sentence
 * @param modelState     the model's state after the input
 * @param implState      the implementation's state after the input
 * @param modelSent      what the model emitted (under the implementation's choices)
 * @param implSent       what the implementation emitted
 * @param rule           the RFC rule the model applied
 * @param requirement    the requirement broken ({@link Requirement#of})
 * @param cause          what the implementation threw, when it threw
 */
public record Divergence(String implementation, String profile, int index, Input input, Stimulus stimulus,
                         String reason, String modelState, TcpState implState, List<Segment> modelSent,
                         List<Segment> implSent, String rule, Requirement requirement, Option<Throwable> cause) {

    public Divergence {
        Objects.requireNonNull(implementation, "implementation is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(requirement, "requirement is null");
        Objects.requireNonNull(cause, "cause is null");
    }

    /**
     * An {@link AssertionError} with the {@link #report()} as its message and what the implementation threw, if
     * anything, as its cause (so that its stack trace is shown).
     *
     * @param context what was being run, put before the report
     * @return the error to throw
     */
    public AssertionError asError(String context) {
        String message = (context.isEmpty() ? "" : context + "\n") + report();
        return cause.isDefined() ? new AssertionError(message, cause.get()) : new AssertionError(message);
    }

    /** {@return a multi-line report} */
    public String report() {
        return "divergence at input " + index + ": " + input + "\n"
                + "  stimulus:       " + stimulus + "\n"
                + "  reason:         " + reason + "\n"
                + "  breaks:         " + requirement + "\n"
                + "  model (" + profile + "): " + modelState + ", sends " + modelSent.mkString("[", " ", "]") + "\n"
                + "    rule:         " + rule + "\n"
                + "  " + implementation + ": " + implState.rfcName() + ", sends "
                + implSent.mkString("[", " ", "]");
    }

    @Override
    public String toString() {
        return report();
    }
}
