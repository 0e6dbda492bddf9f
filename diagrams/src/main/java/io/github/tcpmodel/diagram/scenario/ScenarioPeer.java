package io.github.tcpmodel.diagram.scenario;

import io.github.tcpmodel.table.ConnectionState;
import io.vavr.control.Option;

/**
 * One side of a lockstep run: its connection state and the few send and receive variables (RFC 9293 §3.3.1) the
 * symbolic segments need.
 *
 * @param state     the connection state
 * @param sndNxt    SND.NXT: the sequence number of the next segment sent
 * @param sndUna    SND.UNA: the oldest unacknowledged sequence number, once something was sent
 * @param synEnd    the sequence number after our SYN, once sent: an ACK field equal to it acknowledges the SYN
 * @param finEnd    the sequence number after our FIN, once sent
 * @param rcvNxt    RCV.NXT: what we expect next from the peer, once its SYN arrived
 * @param finSymbol the name the seeds give the sequence number of our FIN ({@code u}, {@code w}); data sent
 *                  before the FIN is not drawn, so SND.NXT jumps to it when the FIN is sent
 * @param unacked   the SYN or FIN at the front of the retransmission queue, if one is unacknowledged
 */
record ScenarioPeer(ConnectionState state, Sym sndNxt, Option<Sym> sndUna, Option<Sym> synEnd, Option<Sym> finEnd,
            Option<Sym> rcvNxt, Option<String> finSymbol, Option<Wire> unacked) {

    /** A side in CLOSED whose ISN will be {@code isn}. */
    static ScenarioPeer closed(ConnectionState closed, String isn, Option<String> finSymbol) {
        return new ScenarioPeer(closed, Sym.of(isn), Option.none(), Option.none(), Option.none(), Option.none(), finSymbol,
                Option.none());
    }

    /** A side in ESTABLISHED with nothing outstanding: SND.NXT = {@code snd}, RCV.NXT = {@code rcv}. */
    static ScenarioPeer established(ConnectionState established, String snd, String rcv, Option<String> finSymbol) {
        Sym s = Sym.of(snd);
        return new ScenarioPeer(established, s, Option.some(s), Option.none(), Option.none(), Option.some(Sym.of(rcv)),
                finSymbol, Option.none());
    }

    ScenarioPeer withState(ConnectionState s) {
        return new ScenarioPeer(s, sndNxt, sndUna, synEnd, finEnd, rcvNxt, finSymbol, unacked);
    }

    ScenarioPeer withSndNxt(Sym s) {
        return new ScenarioPeer(state, s, sndUna, synEnd, finEnd, rcvNxt, finSymbol, unacked);
    }

    ScenarioPeer withSndUna(Sym s) {
        // The SYN or FIN is acknowledged when SND.UNA passes it: it leaves the retransmission queue.
        Option<Wire> still = unacked.filter(w -> !s.equals(w.seq().plus(1)));
        return new ScenarioPeer(state, sndNxt, Option.some(s), synEnd, finEnd, rcvNxt, finSymbol, still);
    }

    ScenarioPeer withSynEnd(Sym s) {
        return new ScenarioPeer(state, sndNxt, sndUna, Option.some(s), finEnd, rcvNxt, finSymbol, unacked);
    }

    ScenarioPeer withFinEnd(Sym s) {
        return new ScenarioPeer(state, sndNxt, sndUna, synEnd, Option.some(s), rcvNxt, finSymbol, unacked);
    }

    ScenarioPeer withRcvNxt(Sym s) {
        return new ScenarioPeer(state, sndNxt, sndUna, synEnd, finEnd, Option.some(s), finSymbol, unacked);
    }

    ScenarioPeer withUnacked(Wire w) {
        return new ScenarioPeer(state, sndNxt, sndUna, synEnd, finEnd, rcvNxt, finSymbol, Option.some(w));
    }

    /** Whether {@code ack} newly acknowledges our SYN (it equals the number after the SYN, not yet acknowledged). */
    boolean newlyAcksSyn(Option<Sym> ack) {
        return ack.isDefined() && synEnd.contains(ack.get()) && !sndUna.contains(ack.get());
    }

    /** Whether {@code ack} newly acknowledges our FIN. */
    boolean newlyAcksFin(Option<Sym> ack) {
        return ack.isDefined() && finEnd.contains(ack.get()) && !sndUna.contains(ack.get());
    }
}
