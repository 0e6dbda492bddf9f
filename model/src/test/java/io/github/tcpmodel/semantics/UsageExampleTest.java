package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class UsageExampleTest {

    // The example of docs/segment-semantics.md, "Using it".
    @Test
    void theDocumentedExample() {
        Profile p = Profile.rfc9293();
        long now = 0;
        Step open = UserCalls.open(p, Tcb.closed(), false, true, Option.none(), SeqNum.of(1000), now).get();
        assertEquals("List(<SEQ=1000><CTL=SYN><WND=65535>)", open.sent().toString());
        Segment synAck = Segment.of(SeqNum.of(5000), Control.SYN).withAck(SeqNum.of(1001)).withWindow(4096);
        Step est = Arrival.segmentArrives(p, open.tcb(), synAck, SeqNum.of(0), now + 30, Choices.reference()).get();
        assertEquals("List(<SEQ=1001><ACK=5001><CTL=ACK><WND=65535>)", est.sent().toString());
        assertEquals(List.of(Event.RCV_SYN_ACK), est.projection());
        assertEquals(ConnectionState.of(TcpState.ESTABLISHED),
                p.table().run(ConnectionState.of(TcpState.SYN_SENT), est.projection()));
        assertEquals(ConnectionState.of(TcpState.ESTABLISHED), est.tcb().state());
    }
}
