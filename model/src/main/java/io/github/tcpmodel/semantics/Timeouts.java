package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.Objects;

/**
 * Timeouts (RFC 9293 §3.10.8), keep-alive (§3.8.4) and a profile's FIN-WAIT-2 timer. A timer expires only if the
 * TCB has it armed and its deadline has come; otherwise the answer is an error value, not a step (the table's
 * "timer not armed" refusals). Giving up (retries exhausted, R2 of §3.8.3, or unanswered keep-alives) closes the
 * connection as the user timeout does and projects onto {@code user timeout}.
 *
 * <p>RFC9293-CHOICE: an embryonic connection of a passive OPEN (SYN-RECEIVED after LISTEN) that gives up returns to
 * LISTEN without telling the user, as one that is reset does (Figure 5 Note 1: "the user need not be informed"):
 * the passive OPEN waits "for any call", and MUST-42 has a listener coexist with connections in SYN-RECEIVED, so
 * the end of one attempt does not end the listening.
 */
public final class Timeouts {

    private Timeouts() {
    }

    /** Timer {@code timer} expires at {@code now}. */
    public static Either<String, Step> expire(Profile p, Tcb t, Timer timer, long now, Choices c) {
        Objects.requireNonNull(p, "profile is null");
        Objects.requireNonNull(t, "tcb is null");
        Objects.requireNonNull(timer, "timer is null");
        Objects.requireNonNull(c, "choices is null");
        if (t.deadline(timer).isEmpty()) {
            return Either.left("timer " + timer + " is not armed in " + t.state().rfcName());
        }
        if (now < t.deadline(timer).get()) {
            return Either.left("timer " + timer + " is due at " + t.deadline(timer).get() + ", not at " + now);
        }
        return OptionStamp.stamp(p, t, now, Either.right(switch (timer) {
            case TIME_WAIT -> Step.of(Tcb.closed(), List.empty(), List.empty(), Event.TIME_WAIT_TIMEOUT,
                    "§3.10.8 TIME-WAIT TIMEOUT: delete the TCB, enter CLOSED");
            case USER -> giveUp(p, t, now, "§3.10.8 USER TIMEOUT: flush all queues, delete the TCB, CLOSED");
            case FIN_WAIT_2 -> Step.of(Tcb.closed(), List.empty(), List.empty(), Event.FIN_WAIT_2_TIMEOUT,
                    "profile " + p.name() + ": the orphaned FIN-WAIT-2 timer deletes the TCB");
            case RETRANSMISSION -> retransmit(p, t, now, c);
            case KEEPALIVE -> keepalive(p, t, now);
        }));
    }

    private static Step giveUp(Profile p, Tcb t, long now, String rule) {
        if (t.tcpState() == TcpState.SYN_RECEIVED && t.state().origin().contains(Origin.PASSIVE)) {
            return Step.of(UserCalls.listening(p, t.userTimeout(), t.remoteSpecified(), now), List.empty(),
                    List.empty(), Event.USER_TIMEOUT, rule.replaceFirst(": .*", "") + ": the embryonic connection of "
                            + "a passive OPEN is dropped and the listener kept (MUST-42, Note 1): LISTEN");
        }
        return Step.of(Tcb.closed(), List.empty(), List.of(Notice.USER_TIMEOUT), Event.USER_TIMEOUT, rule);
    }

    private static Step retransmit(Profile p, Tcb t, long now, Choices c) {
        TcpState s = t.tcpState();
        int limit = s == TcpState.SYN_SENT ? p.synRetries()
                : s == TcpState.SYN_RECEIVED ? p.synAckRetries() : p.dataRetries();
        if (t.retries() >= limit) {
            return giveUp(p, t, now, "§3.8.3: " + limit + " retransmissions without an acknowledgment (R2): close the "
                    + "connection");
        }
        Segment head = t.retransmission().head();
        // The retransmission carries the current acknowledgment and window (SYN-SENT's SYN has no ACK).
        Segment again = head.isAck() ? head.withAck(t.rcv().nxt()).withWindow(t.rcv().wnd()) : head;
        long rto = c.rto().getOrElse(Math.min(p.maxRto(), t.rto() * 2));
        Tcb u = Timers.restart(t.withRetries(t.retries() + 1).withRto(rto).withAckPending(false),
                Timer.RETRANSMISSION);
        return Step.of(Timers.normalize(p, u, now), List.of(again), List.empty(), Event.RETRANSMISSION_TIMEOUT,
                "§3.10.8 RETRANSMISSION TIMEOUT: send the segment at the front of the queue again, restart the timer");
    }

    private static Step keepalive(Profile p, Tcb t, long now) {
        Keepalive k = p.keepalive().get();
        if (t.probes() >= k.count()) {
            return giveUp(p, t, now, "§3.8.4: " + k.count()
                    + " keep-alive probes unanswered: the connection is dropped");
        }
        // §3.8.4: a probe is <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>, which the peer must answer with an ACK.
        Segment probe = Segment.of(t.snd().nxt().minus(1)).withAck(t.rcv().nxt()).withWindow(t.rcv().wnd());
        Tcb u = t.withProbes(t.probes() + 1).withTimers(t.timers().put(Timer.KEEPALIVE, now + k.interval()));
        return Step.of(Timers.normalize(p, u, now), List.of(probe), List.empty(), Event.KEEPALIVE_TIMEOUT,
                "§3.8.4: the connection has been idle: send a keep-alive probe");
    }
}
