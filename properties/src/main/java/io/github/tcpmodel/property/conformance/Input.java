package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Tcb;
import java.util.Objects;

/**
 * One input of a trace, relative to the connection: a user call, a segment from the peer, or time passing. The
 * runner resolves it against the model's TCB into a {@link Stimulus}.
 */
public sealed interface Input permits Input.Call, Input.Peer, Input.Wait {

    /** The concrete stimulus for a connection whose TCB is {@code t} at time {@code now}. */
    Stimulus resolve(Tcb t, long now, SeqNum peerIss);

    /** The user makes {@code call}. */
    record Call(UserCall call) implements Input {
        public Call {
            Objects.requireNonNull(call, "call is null");
        }

        @Override
        public Stimulus resolve(Tcb t, long now, SeqNum peerIss) {
            return new Stimulus.Call(call);
        }

        @Override
        public String toString() {
            return call.toString();
        }
    }

    /** The peer's segment {@code spec} arrives. */
    record Peer(SegmentSpec spec) implements Input {
        public Peer {
            Objects.requireNonNull(spec, "spec is null");
        }

        @Override
        public Stimulus resolve(Tcb t, long now, SeqNum peerIss) {
            return new Stimulus.Deliver(spec.resolve(t, peerIss));
        }

        @Override
        public String toString() {
            return spec.toString();
        }
    }

    /**
     * Time passes: {@code ms} milliseconds, or with {@code untilNextTimer} until the earliest armed timer of the
     * model is due ({@code ms} when none is armed).
     */
    record Wait(long ms, boolean untilNextTimer) implements Input {
        public Wait {
            if (ms < 0) {
                throw new IllegalArgumentException("negative wait: " + ms);
            }
        }

        @Override
        public Stimulus resolve(Tcb t, long now, SeqNum peerIss) {
            if (untilNextTimer && !t.timers().isEmpty()) {
                long due = t.timers().values().min().get();
                return new Stimulus.Advance(Math.max(0, due - now));
            }
            return new Stimulus.Advance(ms);
        }

        @Override
        public String toString() {
            return untilNextTimer ? "wait for the next timer" : "wait " + ms + " ms";
        }
    }
}
