package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AckThrottleTest {

    private static final Choices THROTTLED = Choices.reference().throttlingAcks();

    private static void throttledReplyOnly(Profile p, Tcb t, Segment s) {
        Step reference = arrive(p, t, s);
        Step throttled = arrive(p, t, s, T0, THROTTLED);
        assertEquals(1, reference.sent().size(), () -> "the reference answers " + s + ": " + reference.rule());
        assertTrue(reference.sent().head().isAck() && reference.sent().head().len() == 0);
        assertEquals(List.empty(), throttled.sent(), throttled.rule());
        assertEquals(reference.tcb(), throttled.tcb(), "the TCB is the same whether the ACK goes out or not");
        assertEquals(reference.projection(), throttled.projection());
        assertTrue(throttled.rule().contains("RFC 5961 §7"), throttled.rule());
    }

    // §3.10.7.4 first: an unacceptable segment "should" get an ACK; RFC 5961 §7 lets the throttle hold it back.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void unacceptableSegmentsReplyIsThrottleable(Profile p) {
        throttledReplyOnly(p, established(p), peer(1_000_000, 0, Control.ACK).withDataLength(64));
        throttledReplyOnly(p, established(p), peer(-100, 0, Control.ACK));
        throttledReplyOnly(p, synRcvdPassive(p), Segment.of(Y.plus(1_000_000)).withAck(X.plus(1))
                .withWindow(PEER_WND));
    }

    // RFC 5961 §3.2 and §4.2: the challenge ACKs; §5.2: an ACK outside [SND.UNA - MAX.SND.WND, SND.NXT].
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#profiles")
    void challengeAndBadAckRepliesAreThrottleable(Profile p) {
        throttledReplyOnly(p, established(p), peer(10, 0, Control.RST));
        throttledReplyOnly(p, established(p), Segment.of(Y.plus(77), Control.SYN).withWindow(PEER_WND));
        throttledReplyOnly(p, established(p), peer(0, 1_000_000, Control.ACK));
    }

    // The throttle holds back only replies to failed checks: text in order is acknowledged as before.
    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void acceptableTextIsStillAcknowledged(Profile p) {
        Segment s = peer(0, 0, Control.ACK).withDataLength(100);
        Step reference = arrive(p, established(p), s);
        Step throttled = arrive(p, established(p), s, T0, THROTTLED);
        assertEquals(reference, throttled);
        assertEquals(Y.plus(101), throttled.sent().single().ack());
    }
}
