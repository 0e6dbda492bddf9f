package io.github.tcpmodel.check.tcp;

import static io.github.tcpmodel.table.Action.DELETE_TCB;
import static io.github.tcpmodel.table.Action.SND_ACK;
import static io.github.tcpmodel.table.Action.SND_FIN;
import static io.github.tcpmodel.table.Action.SND_SYN_ACK;
import static io.github.tcpmodel.table.Action.TELL_CLOSING;

import io.github.tcpmodel.table.Action;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;

/**
 * The broken protocols the seeds argue against, as variants of the reference table
 * ({@link Provenance#VARIANT}); the reference never changes.
 */
public final class Variants {

    private Variants() {
    }

    private static Outcome.Transition variant(TcpState to, String section, String note, Action... actions) {
        return new Outcome.Transition(ConnectionState.of(to), List.of(actions), Provenance.VARIANT, section, note);
    }

    /**
     * A two-way handshake: the passive side counts as ESTABLISHED as soon as it answers a SYN with SYN,ACK,
     * without waiting for the ACK of its SYN (against RFC 9293 §3.5, seed claim C6).
     */
    public static TransitionTable twoWayHandshake() {
        return twoWayHandshake(TransitionTable.rfc9293());
    }

    /** The same variant of another profile's table ({@code base}). */
    public static TransitionTable twoWayHandshake(TransitionTable base) {
        return base
                .with(ConnectionState.of(TcpState.LISTEN), Event.RCV_SYN, variant(TcpState.ESTABLISHED, "§3.5",
                        "two-way handshake: ESTABLISHED once SYN,ACK is sent", SND_SYN_ACK))
                .named("two-way-handshake");
    }

    /**
     * No TIME-WAIT: the active closer deletes its TCB as soon as both FINs are acknowledged (against RFC 9293
     * §3.6.1, seed claims C29-C32).
     */
    public static TransitionTable noTimeWait() {
        return noTimeWait(TransitionTable.rfc9293());
    }

    /** The same variant of another profile's table ({@code base}). */
    public static TransitionTable noTimeWait(TransitionTable base) {
        return base
                .with(ConnectionState.of(TcpState.FIN_WAIT_2), Event.RCV_FIN, variant(TcpState.CLOSED, "§3.6.1",
                        "no TIME-WAIT: acknowledge the FIN and delete the TCB", SND_ACK, TELL_CLOSING, DELETE_TCB))
                .with(ConnectionState.of(TcpState.FIN_WAIT_1), Event.RCV_FIN_ACK_OF_FIN, variant(TcpState.CLOSED,
                        "§3.6.1", "no TIME-WAIT: acknowledge the FIN and delete the TCB", SND_ACK, TELL_CLOSING,
                        DELETE_TCB))
                .with(ConnectionState.of(TcpState.CLOSING), Event.RCV_ACK_OF_FIN, variant(TcpState.CLOSED,
                        "§3.6.1", "no TIME-WAIT: delete the TCB", DELETE_TCB))
                .named("no-time-wait");
    }

    /**
     * A three-way close: the passive side always answers a FIN with FIN,ACK at once, skipping CLOSE-WAIT, so it
     * cannot send what its user still has to send (against RFC 9293 §3.6, seed claims C7, C25).
     */
    public static TransitionTable mergedClose() {
        return mergedClose(TransitionTable.rfc9293());
    }

    /** The same variant of another profile's table ({@code base}). */
    public static TransitionTable mergedClose(TransitionTable base) {
        return base
                .with(ConnectionState.of(TcpState.ESTABLISHED), Event.RCV_FIN, variant(TcpState.LAST_ACK, "§3.6",
                        "three-way close: the ACK of the FIN and our FIN in one segment", SND_ACK, SND_FIN,
                        TELL_CLOSING))
                .named("merged-fin-ack");
    }
}
