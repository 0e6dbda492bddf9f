package io.github.tcpmodel.semantics;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;

/**
 * Which timers a TCB has armed, as a function of its state and queues.
 *
 * <p>The user timeout runs while data submitted is outstanding: a SYN, text or a FIN on the retransmission queue,
 * text the user has SENT and TCP has not yet sent, or a FIN waiting for room in the window. RFC 9293 §3.9.1.1: "The
 * timeout, if present, permits the caller to set up a timeout for all data submitted to TCP. If data is not
 * successfully delivered to the destination within the timeout period, the TCP endpoint will abort the
 * connection"; RFC 5482 §1: it "controls how long transmitted data may remain unacknowledged before a connection is
 * forcefully closed". An idle connection has nothing outstanding and never times out (§3.8.4: keep-alives are off
 * by default, MUST-24, MUST-25). The timer restarts with every segment that passes the RST, SYN and ACK checks; a
 * listener has none, and TIME-WAIT turns it off with the other timers (§3.10.7.4 eighth).
 *
 * <p>Keep-alive runs in ESTABLISHED, FIN-WAIT-2 and CLOSE-WAIT while nothing is outstanding, as the table's
 * keep-alive entries say. A profile's FIN-WAIT-2 timer runs only in an orphaned FIN-WAIT-2 connection (the user
 * closed it, {@link Tcb#orphaned()}). A step that restarts a timer removes it first; {@link #normalize} then arms
 * every timer that should run and is not running, and disarms the others.
 */
final class Timers {

    private Timers() {
    }

    static Tcb normalize(Profile p, Tcb t, long now) {
        TcpState s = t.tcpState();
        if (s == TcpState.CLOSED) {
            return t.withTimers(HashMap.empty());
        }
        if (s == TcpState.TIME_WAIT) {
            // RFC 9293 §3.10.7.4 eighth: "start the time-wait timer, turn off the other timers".
            Map<Timer, Long> tw = t.timers().filterKeys(k -> k == Timer.TIME_WAIT);
            return t.withTimers(tw.containsKey(Timer.TIME_WAIT) ? tw : tw.put(Timer.TIME_WAIT, now + p.timeWait()));
        }
        Map<Timer, Long> m = !t.timers().isEmpty() && t.timers().containsKey(Timer.TIME_WAIT)
                ? t.timers().remove(Timer.TIME_WAIT) : t.timers();
        m = arm(m, Timer.RETRANSMISSION, !t.retransmission().isEmpty(), now + interval(p, t));
        m = arm(m, Timer.USER, t.userTimeout().isDefined() && s != TcpState.LISTEN && outstanding(t),
                t.userTimeout().isDefined() ? now + t.userTimeout().get() : now);
        boolean idle = t.retransmission().isEmpty() && t.sendQueue() == 0
                && (s == TcpState.ESTABLISHED || s == TcpState.FIN_WAIT_2 || s == TcpState.CLOSE_WAIT);
        m = arm(m, Timer.KEEPALIVE, p.keepalive().isDefined() && idle,
                p.keepalive().isDefined() ? t.lastReceived() + p.keepalive().get().idle() : t.lastReceived());
        m = arm(m, Timer.FIN_WAIT_2, p.finWait2Timeout().isDefined() && s == TcpState.FIN_WAIT_2 && t.orphaned(),
                p.finWait2Timeout().isDefined() ? now + p.finWait2Timeout().get() : now);
        return t.withTimers(m);
    }

    /** Whether data submitted to TCP (a SYN, text, a FIN) is not yet acknowledged or not yet sent. */
    static boolean outstanding(Tcb t) {
        return !t.retransmission().isEmpty() || t.sendQueue() > 0 || (t.closeQueued() && t.snd().fin().isEmpty());
    }

    private static Map<Timer, Long> arm(Map<Timer, Long> m, Timer timer, boolean should, long deadline) {
        if (!should) {
            return !m.isEmpty() && m.containsKey(timer) ? m.remove(timer) : m;
        }
        return m.containsKey(timer) ? m : m.put(timer, deadline);
    }

    /** The interval until the next retransmission: the handshake schedule in SYN-SENT and SYN-RECEIVED. */
    static long interval(Profile p, Tcb t) {
        return switch (t.tcpState()) {
            case SYN_SENT -> p.synInterval(t.retries());
            case SYN_RECEIVED -> p.synAckInterval(t.retries());
            case CLOSED, LISTEN, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT ->
                    t.rto();
        };
    }

    /** The TCB with {@code timer} disarmed, so that {@link #normalize} restarts it from now. */
    static Tcb restart(Tcb t, Timer timer) {
        return t.timers().containsKey(timer) ? t.withTimers(t.timers().remove(timer)) : t;
    }

    /** The TCB with {@code timers} disarmed, so that {@link #normalize} restarts them from now. */
    static Tcb restart(Tcb t, Timer... timers) {
        Map<Timer, Long> m = t.timers();
        for (Timer timer : timers) {
            m = m.remove(timer);
        }
        return t.withTimers(m);
    }
}
