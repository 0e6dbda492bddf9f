package io.github.tcpmodel.check.tcp;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.control.Either;

/**
 * The processing of an arriving segment (RFC 9293 §3.10.7) that {@link TcpModel} runs at each endpoint: by
 * default the reference semantics, {@link Arrival#segmentArrives}. Another function (one rule of §3.10.7 changed,
 * say) shows which theorems depend on that rule. It must be pure: the composition memoizes its results.
 */
@FunctionalInterface
public interface ArrivalFunction {

    /** The reference semantics of RFC 9293 §3.10.7, {@link Arrival#segmentArrives}. */
    ArrivalFunction REFERENCE = Arrival::segmentArrives;

    /**
     * Processes {@code seg} arriving at {@code t} under {@code p}, as {@link Arrival#segmentArrives} does.
     *
     * @return the step, or a message when the input is not one the semantics accept
     */
    Either<String, Step> arrive(Profile p, Tcb t, Segment seg, SeqNum iss, long now, Choices c);
}
