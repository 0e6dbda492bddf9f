package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.Timeouts;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/** The model's answer to each kind of stimulus, as one set of functions the runner and the model-as-IUT share. */
public final class ModelSteps {

    /** Advancing the clock fires at most this many timers (a guard against a model that re-arms in the past). */
    static final int MAX_TIMERS_PER_ADVANCE = 256;

    private ModelSteps() {
    }

    /** The model's step for {@code call}; an error value when the call's arguments are invalid. */
    public static Either<String, Step> call(Profile p, Tcb t, UserCall call, SeqNum iss, long now, Choices c) {
        return switch (call.kind()) {
            case PASSIVE_OPEN -> UserCalls.open(p, t, true, false, Option.none(), iss, now);
            case ACTIVE_OPEN -> UserCalls.open(p, t, false, true, Option.none(), iss, now);
            case SEND -> UserCalls.send(p, t, call.amount(), iss, now, c);
            case RECEIVE -> UserCalls.receive(p, t, call.amount(), now);
            case CLOSE -> UserCalls.close(p, t, now);
            case ABORT -> UserCalls.abort(p, t, now);
            case STATUS -> UserCalls.status(p, t, now);
        };
    }

    /** The model's step for {@code segment} arriving. */
    public static Either<String, Step> deliver(Profile p, Tcb t, Segment segment, SeqNum iss, long now, Choices c) {
        return Arrival.segmentArrives(p, t, segment, iss, now, c);
    }

    /**
     * The steps of the timers that expire while the clock goes from {@code from} to {@code to}, each at its
     * deadline, earliest first (ties in {@link Timer} order).
     */
    public static List<Step> advance(Profile p, Tcb t, long from, long to, Choices c) {
        List<Step> steps = List.empty();
        Tcb cur = t;
        for (int i = 0; i < MAX_TIMERS_PER_ADVANCE; i++) {
            Option<Tuple2<Timer, Long>> due = cur.timers().filter(e -> e._2 <= to).toList()
                    .sortBy(e -> e._2 * 8 + e._1.ordinal()).headOption();
            if (due.isEmpty()) {
                return steps;
            }
            Either<String, Step> s = Timeouts.expire(p, cur, due.get()._1, Math.max(from, due.get()._2), c);
            if (s.isLeft()) {
                throw new IllegalStateException("an armed, due timer did not expire: " + s.getLeft());
            }
            steps = steps.append(s.get());
            cur = s.get().tcb();
        }
        throw new IllegalStateException("more than " + MAX_TIMERS_PER_ADVANCE + " timers expired in one advance");
    }
}
