package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

// RFC 9293 §3.5 Figure 7 line 6 against §3.10.7.4 first (Table 6): the crossed SYN,ACK of a simultaneous open.
class CrossedSynAckTest {

    static final ConnectionState SYN_RCVD_ACTIVE = ConnectionState.synReceived(Origin.ACTIVE);

    // The peer's SYN,ACK of Figure 7 line 6, as it reaches the client: SEG.SEQ = IRS = Y, SEG.ACK = ISS + 1.
    static Segment crossed() {
        return Segment.of(Fx.Y, Control.SYN).withAck(Fx.X.plus(1)).withWindow(Fx.PEER_WND);
    }

    @Test
    void theSwitchIsOnInLinuxAndOffInTheReference() {
        assertTrue(Profile.linux().crossedSynAckEstablishes());
        assertFalse(Profile.rfc9293().crossedSynAckEstablishes());
        assertTrue(Profile.rfc9293().withCrossedSynAckEstablishes(true).crossedSynAckEstablishes());
        assertFalse(Profile.linux().withCrossedSynAckEstablishes(false).crossedSynAckEstablishes());
        assertTrue(Profile.linux().table().name().contains("crossed-syn-ack"), Profile.linux().table().name());
    }

    @Test
    void theLinuxTableHasTheVariantArcAndTheReferenceDoesNot() {
        var linux = Profile.linux().table().step(SYN_RCVD_ACTIVE, Event.RCV_SYN_ACK);
        assertTrue(linux.isTransition());
        assertEquals(TcpState.ESTABLISHED, Profile.linux().table().next(SYN_RCVD_ACTIVE, Event.RCV_SYN_ACK).state());
        assertEquals(Provenance.VARIANT, ((io.github.tcpmodel.table.Outcome.Transition) linux).provenance());
        assertEquals(TcpState.SYN_RECEIVED,
                Profile.rfc9293().table().next(SYN_RCVD_ACTIVE, Event.RCV_SYN_ACK).state());
        // The passive origin keeps §3.10.7.4 fourth (back to LISTEN) under both.
        assertEquals(TcpState.LISTEN, Profile.linux().table()
                .next(ConnectionState.synReceived(Origin.PASSIVE), Event.RCV_SYN_ACK).state());
    }

    @Test
    void linuxTakesTheCrossedSynAckToEstablishedWithoutAReply() {
        Profile p = Profile.linux();
        Tcb before = Fx.synRcvdActive(p);
        Step s = Fx.arrive(p, before, crossed());
        assertEquals(TcpState.ESTABLISHED, s.tcb().tcpState());
        assertEquals(List.of(Event.RCV_SYN_ACK), s.projection());
        assertEquals(Fx.X.plus(1), s.tcb().snd().una());
        assertEquals(Fx.Y.plus(1), s.tcb().rcv().nxt(), "the old SYN is not counted twice");
        assertEquals(List.empty(), s.sent());
        assertTrue(s.rule().contains("Figure 7"), s.rule());
    }

    @Test
    void theReferenceFindsItUnacceptableAcksAndStays() {
        Profile p = Profile.rfc9293();
        Tcb before = Fx.synRcvdActive(p);
        Step s = Fx.arrive(p, before, crossed());
        assertEquals(TcpState.SYN_RECEIVED, s.tcb().tcpState());
        assertEquals(1, s.sent().size());
        Segment ack = s.sent().head();
        assertEquals(Fx.X.plus(1), ack.seq());
        assertEquals(Fx.Y.plus(1), ack.ack());
        assertFalse(ack.syn());
        assertTrue(s.rule().contains("§3.10.7.4 first"), s.rule());
        // The peer's answer to our own SYN,ACK, an ACK <SEQ=Y+1><ACK=X+1>, then completes the handshake.
        Step done = Fx.arrive(p, s.tcb(), Segment.of(Fx.Y.plus(1), Control.ACK).withAck(Fx.X.plus(1))
                .withWindow(Fx.PEER_WND));
        assertEquals(TcpState.ESTABLISHED, done.tcb().tcpState());
    }

    @Test
    void otherSynAcksOfTheStateAreStillChallengedUnderTheSwitch() {
        Profile p = Profile.linux();
        Tcb before = Fx.synRcvdActive(p);
        // A SYN,ACK at RCV.NXT (a different ISN), one with text, and one acknowledging nothing new.
        for (Segment seg : List.of(Segment.of(Fx.Y.plus(1), Control.SYN).withAck(Fx.X.plus(1)),
                crossed().withDataLength(3), Segment.of(Fx.Y, Control.SYN).withAck(Fx.X))) {
            Step s = Fx.arrive(p, before, seg.withWindow(Fx.PEER_WND));
            assertEquals(TcpState.SYN_RECEIVED, s.tcb().tcpState(), seg::toString);
            assertFalse(s.projection().contains(Event.RCV_SYN_ACK), seg + " " + s.projection());
        }
    }

    @Test
    void aListenerOriginIsNotAffected() {
        Profile p = Profile.linux();
        Tcb before = Fx.synRcvdPassive(p);
        Segment seg = Segment.of(Fx.Y, Control.SYN).withAck(Fx.X.plus(1)).withWindow(Fx.PEER_WND);
        assertFalse(Fx.arrive(p, before, seg).tcb().is(TcpState.ESTABLISHED));
    }

    @Test
    void everySegmentRefinesTheTableWithTheSwitchAndWithoutRfc5961() {
        RefinementTest r = new RefinementTest();
        r.everySegmentInEveryStateRefinesTheTable(Profile.rfc9293().withCrossedSynAckEstablishes(true)
                .named("crossed"));
        r.everySegmentInEveryStateRefinesTheTable(Profile.rfc9293().withRfc5961(false)
                .withCrossedSynAckEstablishes(true).named("crossed-no5961"));
    }
}
