package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.arrive;
import static io.github.tcpmodel.semantics.Fx.established;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ZeroWindowRstTest {

    // RFC 9293 §3.10.7.4 first: "If the RCV.WND is zero, no segments will be acceptable, but special allowance
    // should be made to accept valid ACKs, URGs, and RSTs": a RST at RCV.NXT resets the connection also when it
    // carries a SYN (SEG.LEN = 1, which Table 6 alone refuses); the RST is checked second, before the SYN.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void aRstAtRcvNxtInAZeroWindowResetsAlsoWithASyn(Profile p) {
        Tcb t = established(p);
        Tcb closed = t.withRcv(t.rcv().withWnd(0));
        Step s = arrive(p, closed, Segment.of(closed.rcv().nxt()).with(Control.RST).with(Control.SYN));
        assertTrue(s.tcb().is(TcpState.CLOSED), s::toString);
        assertEquals(Event.RCV_RST, s.event(), s::toString);
        assertTrue(s.sent().isEmpty(), s::toString);
    }

    // The allowance is for segments at RCV.NXT only: one octet further, the same RST is unacceptable and dropped.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void aRstBeyondRcvNxtInAZeroWindowIsDropped(Profile p) {
        Tcb t = established(p);
        Tcb closed = t.withRcv(t.rcv().withWnd(0));
        Step s = arrive(p, closed, Segment.of(closed.rcv().nxt().plus(1)).with(Control.RST).with(Control.SYN));
        assertTrue(s.tcb().is(TcpState.ESTABLISHED), s::toString);
        assertTrue(s.sent().isEmpty(), s::toString);
    }
}
