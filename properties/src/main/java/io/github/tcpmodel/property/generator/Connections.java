package io.github.tcpmodel.property.generator;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.conformance.InputTrace;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.ModelImplementation;
import io.github.tcpmodel.property.conformance.RunResult;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.tcb.Tcb;
import java.util.Objects;
import org.quicktheories.core.Gen;

/**
 * Connections (TCBs) the model reaches: a generated trace run on the model from CLOSED, with the local ISN at an
 * edge of sequence space half of the time. Every value is reachable, so properties never test impossible TCBs.
 *
 * @param trace the inputs that led here
 * @param iss   the local ISN
 * @param tcb   the TCB reached
 * @param now   the time reached (ms)
 */
public record Connections(InputTrace trace, SeqNum iss, Tcb tcb, long now) {

    public Connections {
        Objects.requireNonNull(trace, "trace is null");
        Objects.requireNonNull(iss, "iss is null");
        Objects.requireNonNull(tcb, "tcb is null");
    }

    /**
     * Runs {@code trace} on the model with local ISN {@code iss}.
     *
     * @param p the profile
     * @param iss the local ISN
     * @param trace the inputs
     * @return the connections the model reaches
     */
    public static Connections reached(Profile p, SeqNum iss, InputTrace trace) {
        RunResult r = new Lockstep(ModelImplementation.factory(p, iss)).run(trace);
        if (!r.conforms()) {
            throw new IllegalStateException("the model diverged from itself:\n" + r.divergence().get());
        }
        long now = 0;
        Tcb t = Tcb.closed();
        for (var e : r.entries()) {
            if (e.stimulus() instanceof io.github.tcpmodel.property.conformance.Stimulus.Advance && !e.skipped()) {
                now += ((io.github.tcpmodel.property.conformance.Stimulus.Advance) e.stimulus()).ms();
            }
            if (!e.steps().isEmpty()) {
                t = e.steps().last().tcb();
            }
        }
        return new Connections(trace, iss, t, now);
    }

    /**
     * Connections reached by a canonical prefix and up to {@code max} random inputs.
     *
     * @param p the profile
     * @param max the most random inputs after the prefix
     * @return the generator
     */
    public static Gen<Connections> any(Profile p, int max) {
        Objects.requireNonNull(p, "profile is null");
        return SeqNums.edges().zip(Traces.traces(max), (iss, tr) -> reached(p, iss, tr));
    }

    /**
     * Connections reached by the canonical prefix of one of {@code states} and up to {@code max} random inputs
     * (which may lead elsewhere).
     */
    public static Gen<Connections> from(Profile p, io.vavr.collection.List<ConnectionState> states, int max) {
        Objects.requireNonNull(p, "profile is null");
        Gen<io.vavr.collection.List<io.github.tcpmodel.property.conformance.Input>> prefixes =
                Pick.uniform(states.map(s -> Traces.PREFIXES.get(s).get()));
        return SeqNums.edges().zip(Traces.peerIsns(), prefixes, Traces.tails(max), (iss, peer, pre, tail) ->
                reached(p, iss, new InputTrace(peer, pre.appendAll(tail))));
    }

    @Override
    public String toString() {
        return tcb.state().rfcName() + " (ISS " + iss + ", SND.UNA " + tcb.snd().una() + ", SND.NXT "
                + tcb.snd().nxt() + ", RCV.NXT " + tcb.rcv().nxt() + ", RCV.WND " + tcb.rcv().wnd() + ") after "
                + trace;
    }
}
