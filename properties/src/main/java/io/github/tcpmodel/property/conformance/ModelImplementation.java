package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.Objects;

/**
 * The model itself as an implementation under test: the first one the kit checks, and the base of the deliberately
 * broken doubles. Its one choice is the ISN: {@code iss + n * ISN_STRIDE} for its n-th connection (RFC 9293 §3.4.1
 * leaves the generator to the implementation; a stride keeps a reopened connection's ISN above the old one).
 * Mutable: one instance is one connection's life.
 */
public class ModelImplementation implements Implementation {

    /** How far apart the ISNs of successive connections are. */
    public static final long ISN_STRIDE = 1L << 24;

    private final Profile profile;
    private final SeqNum baseIss;
    private Tcb tcb = Tcb.closed();
    private long now;
    private int connections;

    /**
     * A connection in CLOSED following {@code profile}, with first ISN {@code iss}.
     *
     * @param profile the profile followed
     * @param iss the ISN of the first connection
     */
    public ModelImplementation(Profile profile, SeqNum iss) {
        this.profile = Objects.requireNonNull(profile, "profile is null");
        this.baseIss = Objects.requireNonNull(iss, "iss is null");
    }

    /**
     * A factory of model implementations with first ISN {@code iss}.
     *
     * @param profile the profile followed
     * @param iss the ISN of the first connection
     * @return the factory
     */
    public static ConformanceFactory factory(Profile profile, SeqNum iss) {
        return new ConformanceFactory() {
            @Override
            public Implementation create() {
                return new ModelImplementation(profile, iss);
            }

            @Override
            public Profile profile() {
                return profile;
            }

            @Override
            public String name() {
                return "model(" + profile.name() + ", ISS " + iss + ")";
            }
        };
    }

    /** {@return the TCB now} */
    public Tcb tcb() {
        return tcb;
    }

    /** {@return the profile followed} */
    public Profile profile() {
        return profile;
    }

    /** {@return the ISN the next connection will use} */
    protected SeqNum nextIss() {
        return baseIss.plus(connections * ISN_STRIDE);
    }

    @Override
    public List<Segment> call(UserCall call, long at) {
        return take(ModelSteps.call(profile, tcb, call, nextIss(), at, Choices.reference()), at);
    }

    @Override
    public List<Segment> deliver(Segment segment, long at) {
        return take(ModelSteps.deliver(profile, tcb, segment, nextIss(), at, Choices.reference()), at);
    }

    @Override
    public List<Segment> advance(long at) {
        List<Step> steps = ModelSteps.advance(profile, tcb, now, at, Choices.reference());
        List<Segment> sent = List.empty();
        for (Step s : steps) {
            sent = sent.appendAll(after(s).sent());
        }
        now = Math.max(now, at);
        return sent;
    }

    @Override
    public TcpState state() {
        return tcb.tcpState();
    }

    private List<Segment> take(Either<String, Step> e, long at) {
        now = Math.max(now, at);
        if (e.isLeft()) {
            // An invalid call changes nothing: the error is the answer, as the RFC's "error: ..." replies.
            return List.empty();
        }
        return after(e.get()).sent();
    }

    /**
     * Takes step {@code s}: the TCB after it becomes this connection's. A broken double overrides this to change
     * what the model does.
     */
    protected Step after(Step s) {
        SeqNum iss = nextIss();
        if (s.sent().exists(seg -> seg.syn() && seg.seq().equals(iss))) {
            connections++;
        }
        tcb = s.tcb();
        return s;
    }

    /**
     * Replaces the TCB (for broken doubles).
     *
     * @param t the new TCB
     */
    protected void setTcb(Tcb t) {
        tcb = Objects.requireNonNull(t, "tcb is null");
    }
}
