package com.example.modeluser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class PathAndStepTest {

    @Test
    void theShortestPathEndsInTimeWaitAndNoShorterOneDoes() {
        List<Event> path = PathAndStep.pathToTimeWait();
        ConnectionState s = ConnectionState.of(TcpState.CLOSED);
        for (Event e : path) {
            s = TransitionTable.rfc9293().next(s, e);
        }
        assertEquals(ConnectionState.of(TcpState.TIME_WAIT), s);
        // An OPEN, the peer's SYN, a CLOSE, and the FIN that acknowledges ours (§3.10.7.4 eighth): no path is
        // shorter, since a FIN is processed only in a synchronized state or SYN-RECEIVED.
        assertEquals(4, path.size(), path::toString);
    }

    @Test
    void aSynInListenIsAnsweredWithSynAck() {
        Step step = PathAndStep.synInListen(SeqNum.of(SeqNum.MODULUS - 1), SeqNum.of(5000));
        assertTrue(step.tcb().is(TcpState.SYN_RECEIVED), step::toString);
        Segment synAck = step.sent().single();
        assertTrue(synAck.syn() && synAck.isAck(), synAck::toString);
        assertEquals(SeqNum.of(5000), synAck.seq());
        assertEquals(SeqNum.of(0), synAck.ack(), "SEG.ACK = IRS + 1 wraps around (§3.4)");
    }
}
