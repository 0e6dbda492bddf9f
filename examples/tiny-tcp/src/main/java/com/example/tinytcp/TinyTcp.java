package com.example.tinytcp;

import java.util.ArrayList;
import java.util.List;

/**
 * A small in-memory TCP endpoint that implements connection management of RFC 9293 alone: the three-way handshake
 * (§3.5), closing (§3.6) and reset processing (§3.5.2, §3.10.7), for one connection. It carries no text, keeps no
 * timers and does no retransmission: it is what the conformance kit's "handshake and close" level checks.
 *
 * <p>Sequence numbers are 32-bit values held in a {@code long} and compared modulo 2^32 (§3.4).
 */
public class TinyTcp {

    /** The connection states of RFC 9293 §3.3.2. */
    public enum State {
        CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
        TIME_WAIT
    }

    /** A segment: sequence and acknowledgment numbers, the control bits, the window. */
    public record Seg(long seq, long ack, boolean syn, boolean ackBit, boolean fin, boolean rst, long window) {

        /** SEG.LEN: a SYN and a FIN each occupy one sequence number (§3.4). */
        public long len() {
            return (syn ? 1 : 0) + (fin ? 1 : 0);
        }
    }

    static final long MOD = 1L << 32;
    /** The receive window offered: there is no text to take, but the peer may send SYN and FIN. */
    static final long WINDOW = 4096;

    private State state = State.CLOSED;
    private boolean passive;
    private long iss;
    private long sndUna;
    private long sndNxt;
    private long rcvNxt;
    /** MAX.SND.WND (RFC 5961 §5): the window of the peer's SYN in a simultaneous open, 0 after a passive OPEN. */
    private long maxSndWnd;
    private long nextIss;
    /** A FIN that came on the peer's SYN: processed once the connection is ESTABLISHED (§3.10.7.2 third). */
    private boolean heldFin;

    /** An endpoint in CLOSED whose first ISN is {@code firstIss}. */
    public TinyTcp(long firstIss) {
        this.nextIss = mod(firstIss);
    }

    public State state() {
        return state;
    }

    // ---- user calls (§3.10.1 - §3.10.5); a call the state does not allow is an error: nothing is sent

    /** OPEN, passive (listen) or active (connect). */
    public List<Seg> open(boolean active) {
        List<Seg> out = new ArrayList<>();
        if (state == State.CLOSED || state == State.LISTEN && active) {
            passive = !active;
            maxSndWnd = 0;
            if (active) {
                iss = takeIss();
                sndUna = iss;
                sndNxt = mod(iss + 1);
                out.add(new Seg(iss, 0, true, false, false, false, WINDOW));
                state = State.SYN_SENT;
            } else {
                state = State.LISTEN;
            }
        }
        return out;
    }

    /** CLOSE: no more data from this side; a FIN once the connection is synchronized. */
    public List<Seg> close() {
        List<Seg> out = new ArrayList<>();
        switch (state) {
            case LISTEN, SYN_SENT -> state = State.CLOSED;
            case SYN_RECEIVED, ESTABLISHED -> {
                out.add(fin());
                state = State.FIN_WAIT_1;
            }
            case CLOSE_WAIT -> {
                out.add(fin());
                state = State.LAST_ACK;
            }
            default -> {
                // CLOSED: "connection does not exist"; the closing states: "connection closing".
            }
        }
        return out;
    }

    /** ABORT: a RST to the peer where it knows the connection (§3.10.5). */
    public List<Seg> abort() {
        List<Seg> out = new ArrayList<>();
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT ->
                    out.add(new Seg(sndNxt, 0, false, false, false, true, 0));
            default -> {
            }
        }
        state = State.CLOSED;
        return out;
    }

    // ---- segment arrives (§3.10.7)

    /** A segment from the peer arrives; returns what is sent in answer. */
    public List<Seg> segment(Seg s) {
        List<Seg> out = new ArrayList<>();
        switch (state) {
            case CLOSED -> closed(s, out);
            case LISTEN -> listen(s, out);
            case SYN_SENT -> synSent(s, out);
            default -> synchronizedOrSynReceived(s, out);
        }
        return out;
    }

    private void closed(Seg s, List<Seg> out) {
        if (s.rst()) {
            return;
        }
        out.add(s.ackBit() ? rst(s.ack()) : new Seg(0, mod(s.seq() + s.len()), false, true, false, true, 0));
    }

    private void listen(Seg s, List<Seg> out) {
        if (s.rst()) {
            return;
        }
        if (s.ackBit()) {
            out.add(rst(s.ack()));
            return;
        }
        if (s.syn()) {
            rcvNxt = mod(s.seq() + 1);
            heldFin = s.fin();
            iss = takeIss();
            sndUna = iss;
            sndNxt = mod(iss + 1);
            out.add(synAck(iss, rcvNxt));
            state = State.SYN_RECEIVED;
        }
    }

    private void synSent(Seg s, List<Seg> out) {
        boolean ackOk = false;
        if (s.ackBit()) {
            if (le(s.ack(), iss) || gt(s.ack(), sndNxt)) {
                if (!s.rst()) {
                    out.add(rst(s.ack()));
                }
                return;
            }
            ackOk = le(sndUna, s.ack()) && le(s.ack(), sndNxt);
        }
        if (s.rst()) {
            if (ackOk) {
                state = State.CLOSED; // "error: connection reset"
            }
            return;
        }
        if (!s.syn()) {
            return;
        }
        rcvNxt = mod(s.seq() + 1);
        if (ackOk) {
            sndUna = s.ack();
        }
        if (gt(sndUna, iss)) {
            state = State.ESTABLISHED;
            out.add(ack());
            if (s.fin()) {
                finArrives(out);
            }
        } else {
            // Simultaneous open (§3.5 Figure 8); SND.WND <- SEG.WND (§3.10.7.3 fourth).
            state = State.SYN_RECEIVED;
            maxSndWnd = s.window();
            heldFin = s.fin();
            out.add(synAck(iss, rcvNxt));
        }
    }

    private void synchronizedOrSynReceived(Seg s, List<Seg> out) {
        // First: the acceptability test of a segment of length 0 or 1 against RCV.WND (§3.10.7.4, Table 6).
        boolean acceptable = inWindow(s.seq()) || s.len() > 0 && inWindow(mod(s.seq() + s.len() - 1));
        if (!acceptable) {
            if (!s.rst()) {
                out.add(ack());
            }
            return;
        }
        // Second: RST.
        if (s.rst()) {
            if (s.seq() != rcvNxt) {
                out.add(ack()); // RFC 5961 §3: a challenge ACK
                return;
            }
            state = state == State.SYN_RECEIVED && passive ? State.LISTEN : State.CLOSED;
            heldFin = false;
            return;
        }
        // Fourth: SYN (RFC 5961 §4: a challenge ACK; in SYN-RECEIVED from a passive OPEN, back to LISTEN).
        if (s.syn()) {
            if (state == State.SYN_RECEIVED && passive) {
                state = State.LISTEN;
                heldFin = false;
                return;
            }
            out.add(ack());
            return;
        }
        // Fifth: ACK.
        if (!s.ackBit()) {
            return;
        }
        if (state == State.SYN_RECEIVED) {
            if (lt(sndUna, s.ack()) && le(s.ack(), sndNxt)) {
                state = State.ESTABLISHED;
                sndUna = s.ack();
            } else if (!(le(mod(sndUna - maxSndWnd), s.ack()) && le(s.ack(), sndNxt))) {
                // RFC 5961 §5 first: an ACK outside [SND.UNA - MAX.SND.WND, SND.NXT] is discarded and an ACK sent
                // back (after a passive OPEN no window was received yet: MAX.SND.WND = 0).
                out.add(ack());
                return;
            } else {
                out.add(rst(s.ack()));
                return;
            }
        }
        if (gt(s.ack(), sndNxt)) {
            out.add(ack());
            return;
        }
        if (gt(s.ack(), sndUna)) {
            sndUna = s.ack();
        }
        boolean finAcked = sndUna == sndNxt;
        switch (state) {
            case FIN_WAIT_1 -> {
                if (finAcked) {
                    state = State.FIN_WAIT_2;
                }
            }
            case CLOSING -> {
                // "if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise, ignore the segment"
                if (finAcked) {
                    state = State.TIME_WAIT;
                }
                return;
            }
            case LAST_ACK -> {
                if (finAcked) {
                    state = State.CLOSED;
                    return;
                }
            }
            default -> {
            }
        }
        // Seventh and eighth: a FIN held from the SYN now that the connection is established, or this one.
        boolean receiving = state == State.ESTABLISHED || state == State.FIN_WAIT_1 || state == State.FIN_WAIT_2;
        if (s.fin() || heldFin && receiving) {
            heldFin = false;
            finArrives(out);
        }
    }

    /**
     * A FIN at RCV.NXT: the end of the peer's data, acknowledged (§3.10.7.4 eighth). In the states after the peer's
     * FIN (CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT) it is acknowledged again and changes nothing.
     */
    private void finArrives(List<Seg> out) {
        boolean first = switch (state) {
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> true;
            default -> false;
        };
        if (first) {
            rcvNxt = mod(rcvNxt + 1);
        }
        out.add(ack());
        state = switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> State.CLOSE_WAIT;
            case FIN_WAIT_1 -> sndUna == sndNxt ? State.TIME_WAIT : State.CLOSING;
            case FIN_WAIT_2 -> State.TIME_WAIT;
            default -> state;
        };
    }

    // ---- helpers

    /**
     * {@code <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>}: acknowledges the peer's SYN (§3.10.7.2 third, §3.10.7.3 fourth).
     */
    protected Seg synAck(long iss, long rcvNxt) {
        return new Seg(iss, rcvNxt, true, true, false, false, WINDOW);
    }

    private Seg fin() {
        Seg f = new Seg(sndNxt, rcvNxt, false, true, true, false, WINDOW);
        sndNxt = mod(sndNxt + 1);
        return f;
    }

    private Seg ack() {
        return new Seg(sndNxt, rcvNxt, false, true, false, false, WINDOW);
    }

    private static Seg rst(long seq) {
        return new Seg(seq, 0, false, false, false, true, 0);
    }

    private long takeIss() {
        long i = nextIss;
        nextIss = mod(nextIss + (1L << 24));
        return i;
    }

    private boolean inWindow(long seq) {
        long off = mod(seq - rcvNxt);
        return off < WINDOW;
    }

    static long mod(long x) {
        return Math.floorMod(x, MOD);
    }

    static boolean lt(long a, long b) {
        return a != b && mod(b - a) < (MOD >>> 1);
    }

    static boolean le(long a, long b) {
        return a == b || lt(a, b);
    }

    static boolean gt(long a, long b) {
        return lt(b, a);
    }
}
