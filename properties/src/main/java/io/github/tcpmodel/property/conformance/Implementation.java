package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;

/**
 * A TCP implementation under test, seen as one connection: it takes user calls, segments from the peer and the
 * passing of time, and answers with the segments it emits; its state is observable. Times are milliseconds on the
 * runner's clock, starting at 0 and never going back.
 *
 * <p>To test an implementation, give {@link ConformanceFactory} to a subclass of
 * {@link io.github.tcpmodel.property.group.ConformanceProperties}. An implementation may throw; the runner reports
 * that as a divergence.
 */
public interface Implementation {

    /** The user makes {@code call} at time {@code now}; returns the segments emitted, in order. */
    List<Segment> call(UserCall call, long now);

    /** {@code segment} arrives from the peer at time {@code now}; returns the segments emitted, in order. */
    List<Segment> deliver(Segment segment, long now);

    /** The clock reaches {@code now}; returns the segments emitted by timers that expired meanwhile, in order. */
    List<Segment> advance(long now);

    /** The connection's state now (CLOSED when there is no connection). */
    TcpState state();

    /** Makes fresh implementations, each a connection in CLOSED, and names the profile they claim to follow. */
    interface ConformanceFactory {
        /** A new implementation in CLOSED. */
        Implementation create();

        /**
         * The profile whose choices the implementation claims (e.g. {@link Profile#linux()}): the model runs with
         * it, so the implementation is checked against RFC 9293 as narrowed by those choices.
         */
        Profile profile();

        /** A name for reports. */
        String name();
    }
}
