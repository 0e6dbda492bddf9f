package io.github.tcpmodel.diagram.scenario;

import io.github.tcpmodel.diagram.sequence.Arrow;
import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.vavr.control.Option;

/** A segment on the wire in a lockstep run, with symbolic numbers. */
record Wire(Lifeline from, boolean syn, boolean fin, boolean rst, Sym seq, Option<Sym> ack) {

    String flags() {
        String ctl = syn ? "SYN" : fin ? "FIN" : rst ? "RST" : "";
        if (ack.isDefined()) {
            return ctl.isEmpty() ? "ACK" : ctl + ",ACK";
        }
        return ctl;
    }

    Arrow segment() {
        return Arrow.of(flags(), seq.toString(), ack.map(Sym::toString));
    }
}
