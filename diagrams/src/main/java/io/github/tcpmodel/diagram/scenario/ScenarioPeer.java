package io.github.tcpmodel.diagram.scenario;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * How one side of a scenario starts, with sequence numbers named as the seeds name them: CLOSED with its
 * initial sequence number {@code x}, or ESTABLISHED with nothing outstanding, its SND.NXT {@code u} and its
 * RCV.NXT {@code v} (RFC 9293 §3.3.1). The names become concrete numbers for the reference semantics and are
 * written back into the chart.
 *
 * @param isn    the name of its ISN, when it starts CLOSED
 * @param sndNxt the name of SND.NXT (= SND.UNA), when it starts ESTABLISHED
 * @param rcvNxt the name of RCV.NXT, when it starts ESTABLISHED
 */
record ScenarioPeer(Option<String> isn, Option<String> sndNxt, Option<String> rcvNxt) {

    ScenarioPeer {
        Objects.requireNonNull(isn, "isn is null");
        Objects.requireNonNull(sndNxt, "sndNxt is null");
        Objects.requireNonNull(rcvNxt, "rcvNxt is null");
        if (isn.isDefined() == sndNxt.isDefined() || sndNxt.isDefined() != rcvNxt.isDefined()) {
            throw new IllegalArgumentException("a peer starts CLOSED with an ISN or ESTABLISHED with SND.NXT and "
                    + "RCV.NXT");
        }
    }

    /** A side in CLOSED whose ISN will be {@code isn}. */
    static ScenarioPeer closed(String isn) {
        return new ScenarioPeer(Option.some(isn), Option.none(), Option.none());
    }

    /** A side in ESTABLISHED with nothing outstanding: SND.UNA = SND.NXT = {@code snd}, RCV.NXT = {@code rcv}. */
    static ScenarioPeer established(String snd, String rcv) {
        return new ScenarioPeer(Option.none(), Option.some(snd), Option.some(rcv));
    }

    /** The sequence number names this side introduces. */
    List<String> names() {
        return isn.toList().appendAll(sndNxt).appendAll(rcvNxt);
    }
}
