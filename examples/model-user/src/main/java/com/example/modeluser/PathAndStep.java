package com.example.modeluser;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Uses the model as a library: the shortest way through RFC 9293's transition table from CLOSED to TIME-WAIT, and
 * a passive OPEN followed by a SYN stepped through the segment semantics (§3.10.1, §3.10.7.2).
 */
public final class PathAndStep {

    private PathAndStep() {
    }

    /** A shortest sequence of table events from CLOSED to TIME-WAIT. */
    public static List<Event> pathToTimeWait() {
        return TransitionTable.rfc9293().shortestPath(ConnectionState.of(TcpState.CLOSED),
                ConnectionState.of(TcpState.TIME_WAIT)).get();
    }

    /** LISTEN, then a SYN with SEG.SEQ = {@code peerIss} arrives: the step the model takes (ISS {@code iss}). */
    public static Step synInListen(SeqNum peerIss, SeqNum iss) {
        Profile p = Profile.rfc9293();
        Tcb listen = UserCalls.open(p, Tcb.closed(), true, false, Option.none(), iss, 0).get().tcb();
        Segment syn = Segment.of(peerIss, Control.SYN).withWindow(65_535);
        return Arrival.segmentArrives(p, listen, syn, iss, 1, Choices.reference()).get();
    }

    public static void main(String[] args) {
        System.out.println("CLOSED to TIME-WAIT: " + pathToTimeWait().map(Event::label).mkString(", "));
        Step s = synInListen(SeqNum.of(1000), SeqNum.of(5000));
        System.out.println("LISTEN + SYN: " + s.rule());
        System.out.println("  sends " + s.sent().mkString(" ") + ", now " + s.tcb().state().rfcName());
    }
}
