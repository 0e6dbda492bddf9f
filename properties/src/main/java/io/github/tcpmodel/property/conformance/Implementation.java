package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;

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

    /**
     * The user makes {@code call} at time {@code now}; returns the segments emitted, in order.
     *
     * @param call the user call
     * @param now the time in milliseconds on the runner's clock
     * @return the segments emitted, in order
     */
    List<Segment> call(UserCall call, long now);

    /**
     * {@code segment} arrives from the peer at time {@code now}; returns the segments emitted, in order.
     *
     * @param segment the segment arriving
     * @param now the time in milliseconds on the runner's clock
     * @return the segments emitted, in order
     */
    List<Segment> deliver(Segment segment, long now);

    /**
     * The clock reaches {@code now}; returns the segments emitted by timers that expired meanwhile, in order.
     *
     * @param now the time in milliseconds on the runner's clock
     * @return the segments emitted, in order
     */
    List<Segment> advance(long now);

    /** {@return the connection's state now (CLOSED when there is no connection)} */
    TcpState state();

    /**
     * The timers whose deadlines the implementation tells through {@link #timerDeadline} (as Linux reports tcpi_rto
     * in TCP_INFO); none by default, and then every timer expires at the profile's deadlines. The runner takes two:
     * <ul>
     *   <li>{@link Timer#RETRANSMISSION}: RFC 6298 computes the RTO from measured round trips and §3.8.3 leaves the
     *       SYN schedule open, so the model's retransmission timer expires when the implementation's does, provided
     *       that lies in (now, now + the profile's maximum RTO] (RFC 6298 §2.5); what is retransmitted stays the
     *       model's;</li>
     *   <li>{@link Timer#USER}: the user timeout is the user's (the OPEN call's timeout, §3.9.1.1; R2 may be
     *       "infinity", §3.8.3 (d), or a time, (a)), so the model's expires when the implementation's does, and not
     *       at all while the implementation has none armed; while it is armed, it is the R2 of the retransmissions,
     *       which then do not count towards the profile's retry limit.</li>
     * </ul>
     */
    default Set<Timer> toldTimers() {
        return HashSet.empty();
    }

    /**
     * When {@code timer} expires next, on the runner's clock; none when it is not armed. Asked only for the
     * {@link #toldTimers}.
     *
     * @param timer one of the {@link #toldTimers}
     * @return the expiry time in milliseconds on the runner's clock, or none
     */
    default Option<Long> timerDeadline(Timer timer) {
        return Option.none();
    }

    /** Makes fresh implementations, each a connection in CLOSED, and names the profile they claim to follow. */
    interface ConformanceFactory {
        /** {@return a new implementation in CLOSED} */
        Implementation create();

        /**
         * The profile whose choices the implementation claims (e.g. {@link Profile#linux()}): the model runs with
         * it, so the implementation is checked against RFC 9293 as narrowed by those choices.
         */
        Profile profile();

        /** {@return a name for reports} */
        String name();

        /**
         * The largest SEG.WND the implementation can be sent: {@link Segment#MAX_WINDOW} by default; 65535 for an
         * implementation without the window scale option (RFC 7323 §2), whose header field has 16 bits. The runner
         * caps SEG.WND of the peer's segments at it, for the model as for the implementation.
         */
        default long maxWindow() {
            return Segment.MAX_WINDOW;
        }

        /**
         * The most text one segment can carry to the implementation: unbounded by default; 65495 over IPv4 (a
         * datagram of at most 65535 octets less 40 of IPv4 and TCP headers, RFC 791, RFC 9293 §3.1). The runner
         * cuts the peer's longer segments to it, for the model as for the implementation.
         */
        default int maxPayload() {
            return Integer.MAX_VALUE;
        }

        /**
         * The congestion control the implementation claims (RFC 9293 §3.8.2, MUST-19): the rules of the model's
         * congestion bound it stays within ({@link CongestionBounds.Rules}: its initial window, slow-start growth and
         * restart after idle). The runner then checks each segment of new data against the bound with the comparison
         * core's {@link io.github.tcpmodel.conformance.CongestionCheck}. None by default: the model as an
         * implementation sends whatever the peer's window allows, and a kit run without congestion control checks
         * segments and states only.
         */
        default Option<CongestionBounds.Rules> congestionControl() {
            return Option.none();
        }
    }
}
