package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

// The linux profile's switches for the kernel's departures from RFC 9293's SEGMENT ARRIVES, each on and off.
class LinuxSwitchesTest {

    static final Profile LINUX = Profile.linux();
    static final Profile RFC = Profile.rfc9293();

    static List<Function<Profile, Boolean>> switches() {
        return List.of(Profile::dropWithoutAckRstSyn, Profile::resetAtRcvNxtMinusOne, Profile::synRetransmitOnBadAck,
                Profile::timeWaitSilentRst, Profile::timeWaitAcksAll, Profile::finAfterFinIgnored,
                Profile::endOfDataBeforeReset, Profile::requestSocket, Profile::abortSendsRstAck,
                Profile::synTextDiscarded);
    }

    static List<Function<Profile, Profile>> turnOn() {
        return List.of(p -> p.withDropWithoutAckRstSyn(true), p -> p.withResetAtRcvNxtMinusOne(true),
                p -> p.withSynRetransmitOnBadAck(true), p -> p.withTimeWaitSilentRst(true),
                p -> p.withTimeWaitAcksAll(true), p -> p.withFinAfterFinIgnored(true),
                p -> p.withEndOfDataBeforeReset(true), p -> p.withRequestSocket(true),
                p -> p.withAbortSendsRstAck(true), p -> p.withSynTextDiscarded(true));
    }

    static List<Function<Profile, Profile>> turnOff() {
        return List.of(p -> p.withDropWithoutAckRstSyn(false), p -> p.withResetAtRcvNxtMinusOne(false),
                p -> p.withSynRetransmitOnBadAck(false), p -> p.withTimeWaitSilentRst(false),
                p -> p.withTimeWaitAcksAll(false), p -> p.withFinAfterFinIgnored(false),
                p -> p.withEndOfDataBeforeReset(false), p -> p.withRequestSocket(false),
                p -> p.withAbortSendsRstAck(false), p -> p.withSynTextDiscarded(false));
    }

    @Test
    void everySwitchIsOnInLinuxOffInTheReferenceAndIndependent() {
        for (int i = 0; i < switches().size(); i++) {
            Function<Profile, Boolean> get = switches().get(i);
            assertTrue(get.apply(LINUX), "switch " + i);
            assertFalse(get.apply(RFC), "switch " + i);
            Profile on = turnOn().get(i).apply(RFC);
            Profile off = turnOff().get(i).apply(LINUX);
            assertTrue(get.apply(on));
            assertFalse(get.apply(off));
            assertNotEquals(RFC, on);
            assertNotEquals(LINUX, off);
            for (int j = 0; j < switches().size(); j++) {
                if (j != i) {
                    assertFalse(switches().get(j).apply(on), i + " turned on " + j);
                    assertTrue(switches().get(j).apply(off), i + " turned off " + j);
                }
            }
            // Only the request socket changes the table; the others pick among the arcs the reference has.
            boolean tableSwitch = get.apply(Profile.rfc9293().withRequestSocket(true))
                    && !get.apply(Profile.rfc9293());
            assertEquals(tableSwitch, !RFC.table().name().equals(on.table().name()), "switch " + i);
            assertEquals(tableSwitch, !LINUX.table().name().equals(off.table().name()), "switch " + i);
            assertEquals(tableSwitch, on.table().name().contains("request-socket"), on.table().name());
        }
    }

    // ------------------------------------------------------------ drop without ACK, RST, SYN

    @Test
    void aFinWithoutAckLeftOfTheWindowIsDroppedUnansweredUnderTheSwitch() {
        for (Function<Profile, Tcb> state : List.<Function<Profile, Tcb>>of(Fx::established, Fx::finWait1,
                Fx::finWait2, Fx::closeWait, Fx::closing, Fx::lastAck, Fx::synRcvdActive)) {
            Tcb before = state.apply(LINUX);
            Segment seg = Segment.of(before.rcv().nxt().minus(1), Control.FIN).withWindow(Fx.PEER_WND);
            Step on = Fx.arrive(LINUX, before, seg);
            assertEquals(List.empty(), on.sent(), before.state()::toString);
            assertEquals(before, on.tcb(), "nothing of the connection changes");
            assertTrue(on.rule().contains("without ACK, RST or SYN"), on.rule());
            Profile offP = LINUX.withDropWithoutAckRstSyn(false);
            Step off = Fx.arrive(offP, state.apply(offP), seg);
            assertEquals(1, off.sent().size(), before.state()::toString);
            assertEquals(before.rcv().nxt(), off.sent().head().ack());
        }
    }

    @Test
    void timeWaitAndAPassiveSynReceivedStillAnswerUnderTheSwitchAlone() {
        Profile p = RFC.withDropWithoutAckRstSyn(true);
        for (Tcb before : List.of(Fx.timeWait(p), Fx.synRcvdPassive(p))) {
            Segment seg = Segment.of(before.rcv().nxt().minus(1), Control.FIN).withWindow(Fx.PEER_WND);
            Step s = Fx.arrive(p, before, seg);
            assertEquals(1, s.sent().size(), before.state()::toString);
            assertTrue(s.sent().head().isAck());
        }
    }

    // ------------------------------------------------------------ RST at RCV.NXT - 1

    @Test
    void aRstAtRcvNxtMinusOneResetsAfterThePeersFinUnderTheSwitch() {
        for (Function<Profile, Tcb> state : List.<Function<Profile, Tcb>>of(Fx::closeWait, Fx::closing,
                Fx::lastAck)) {
            Tcb before = state.apply(LINUX);
            Segment rst = Segment.of(before.rcv().nxt().minus(1), Control.RST);
            Step on = Fx.arrive(LINUX, before, rst);
            assertEquals(TcpState.CLOSED, on.tcb().tcpState(), before.state()::toString);
            assertEquals(List.of(Event.RCV_RST), on.projection());
            assertEquals(List.empty(), on.sent());
            Profile offP = LINUX.withResetAtRcvNxtMinusOne(false);
            Step off = Fx.arrive(offP, state.apply(offP), rst);
            assertEquals(before.tcpState(), off.tcb().tcpState());
            assertEquals(List.empty(), off.sent());
        }
    }

    @Test
    void beforeThePeersFinARstAtRcvNxtMinusOneIsStillDropped() {
        for (Tcb before : List.of(Fx.established(LINUX), Fx.finWait1(LINUX), Fx.finWait2(LINUX))) {
            Step s = Fx.arrive(LINUX, before, Segment.of(before.rcv().nxt().minus(1), Control.RST));
            assertEquals(before.tcpState(), s.tcb().tcpState());
            assertEquals(List.empty(), s.sent());
        }
        // TIME-WAIT too: the timewait socket takes a RST only at RCV.NXT.
        Tcb tw = Fx.timeWait(LINUX);
        assertEquals(TcpState.TIME_WAIT,
                Fx.arrive(LINUX, tw, Segment.of(tw.rcv().nxt().minus(1), Control.RST)).tcb().tcpState());
    }

    // ------------------------------------------------------------ SYN re-armed after a bad ACK

    @Test
    void aBadAckInSynSentReArmsTheSynAtTheMinimumUnderTheSwitch() {
        long now = Fx.T0 + 300;
        for (Segment bad : List.of(Segment.of(Fx.Y, Control.ACK).withAck(Fx.X.plus(100)),
                Segment.of(Fx.Y, Control.RST).withAck(Fx.X.plus(100)), Segment.of(Fx.Y, Control.ACK).withAck(Fx.X))) {
            Tcb before = Fx.synSent(LINUX);
            Step on = Fx.arrive(LINUX, before, bad, now, Choices.reference());
            assertEquals(TcpState.SYN_SENT, on.tcb().tcpState());
            assertEquals(now + Profile.SYN_REARM_INTERVAL, on.tcb().deadline(Timer.RETRANSMISSION).get(),
                    bad::toString);
            Step again = Timeouts.expire(LINUX, on.tcb(), Timer.RETRANSMISSION, now + Profile.SYN_REARM_INTERVAL,
                    Choices.reference()).get();
            assertEquals(List.of(Event.RETRANSMISSION_TIMEOUT), again.projection());
            assertTrue(again.sent().head().syn());
            assertEquals(Fx.X, again.sent().head().seq());
            // The retransmission counts: the next one waits a whole interval, and a second bad ACK re-arms nothing.
            long next = again.tcb().deadline(Timer.RETRANSMISSION).get();
            assertEquals(now + Profile.SYN_REARM_INTERVAL + LINUX.synInterval(1), next);
            Step second = Fx.arrive(LINUX, again.tcb(), bad, now + 10, Choices.reference());
            assertEquals(next, second.tcb().deadline(Timer.RETRANSMISSION).get());

            Profile offP = LINUX.withSynRetransmitOnBadAck(false);
            Tcb b2 = Fx.synSent(offP);
            Step off = Fx.arrive(offP, b2, bad, now, Choices.reference());
            assertEquals(b2.deadline(Timer.RETRANSMISSION), off.tcb().deadline(Timer.RETRANSMISSION));
            assertEquals(on.sent(), off.sent(), "the reply is the RFC's either way");
        }
    }

    // ------------------------------------------------------------ TIME-WAIT

    @Test
    void timeWaitDropsAnInWindowRstSilentlyUnderTheSwitch() {
        Tcb before = Fx.timeWait(LINUX);
        Segment rst = Segment.of(before.rcv().nxt().plus(10), Control.RST);
        Step on = Fx.arrive(LINUX, before, rst);
        assertEquals(TcpState.TIME_WAIT, on.tcb().tcpState());
        assertEquals(List.empty(), on.sent());
        Profile offP = LINUX.withTimeWaitSilentRst(false);
        Step off = Fx.arrive(offP, Fx.timeWait(offP), rst);
        assertEquals(TcpState.TIME_WAIT, off.tcb().tcpState());
        assertEquals(1, off.sent().size(), "the challenge ACK of RFC 5961 §3.2");
        // A RST at RCV.NXT still ends TIME-WAIT (tcp_rfc1337 = 0).
        Step exact = Fx.arrive(LINUX, before, Segment.of(before.rcv().nxt(), Control.RST));
        assertEquals(TcpState.CLOSED, exact.tcb().tcpState());
    }

    @Test
    void timeWaitAcknowledgesAllButABareAckAtRcvNxtUnderTheSwitch() {
        long later = Fx.T0 + 5_000;
        Tcb before = Fx.timeWait(LINUX);
        Segment text = Segment.of(before.rcv().nxt(), Control.ACK).withAck(before.snd().nxt()).withDataLength(10)
                .withWindow(Fx.PEER_WND);
        Segment finNoAck = Segment.of(before.rcv().nxt(), Control.FIN).withWindow(Fx.PEER_WND);
        Step on = Fx.arrive(LINUX, before, text, later, Choices.reference());
        assertEquals(1, on.sent().size());
        assertEquals(before.rcv().nxt(), on.sent().head().ack());
        assertEquals(later + LINUX.timeWait(), on.tcb().deadline(Timer.TIME_WAIT).get(), "an ACK restarts 2 MSL");
        Step fin = Fx.arrive(LINUX, before, finNoAck, later, Choices.reference());
        assertEquals(1, fin.sent().size());
        assertEquals(before.deadline(Timer.TIME_WAIT), fin.tcb().deadline(Timer.TIME_WAIT), "no ACK, no restart");
        Step bare = Fx.arrive(LINUX, before, text.withDataLength(0), later, Choices.reference());
        assertEquals(List.empty(), bare.sent());
        assertEquals(TcpState.TIME_WAIT, bare.tcb().tcpState());

        Profile offP = LINUX.withTimeWaitAcksAll(false);
        Tcb b2 = Fx.timeWait(offP);
        assertEquals(List.empty(), Fx.arrive(offP, b2, text, later, Choices.reference()).sent());
        assertEquals(List.empty(), Fx.arrive(offP, b2, finNoAck, later, Choices.reference()).sent());
    }

    // ------------------------------------------------------------ FIN after the peer's FIN

    @Test
    void aFurtherFinAtRcvNxtAfterThePeersFinIsIgnoredUnderTheSwitch() {
        for (Function<Profile, Tcb> state : List.<Function<Profile, Tcb>>of(Fx::closeWait, Fx::lastAck)) {
            Tcb before = state.apply(LINUX);
            Segment fin = Segment.of(before.rcv().nxt(), Control.FIN).withAck(before.snd().una())
                    .withWindow(Fx.PEER_WND);
            Step on = Fx.arrive(LINUX, before, fin);
            assertEquals(List.empty(), on.sent(), before.state()::toString);
            assertEquals(List.of(Event.RCV_ACK), on.projection());
            assertEquals(before.rcv().nxt(), on.tcb().rcv().nxt());
            Profile offP = LINUX.withFinAfterFinIgnored(false);
            Step off = Fx.arrive(offP, state.apply(offP), fin);
            assertEquals(1, off.sent().size());
            assertEquals(List.of(Event.RCV_FIN), off.projection());
        }
    }

    // ------------------------------------------------------------ end of data before a reset

    @Test
    void aResetInCloseWaitIsNotToldUnderTheSwitch() {
        Tcb before = Fx.closeWait(LINUX);
        Segment rst = Segment.of(before.rcv().nxt(), Control.RST);
        Step on = Fx.arrive(LINUX, before, rst);
        assertEquals(TcpState.CLOSED, on.tcb().tcpState());
        assertEquals(List.empty(), on.told());
        Profile offP = LINUX.withEndOfDataBeforeReset(false);
        Step off = Fx.arrive(offP, Fx.closeWait(offP), rst);
        assertEquals(List.of(Notice.CONNECTION_RESET), off.told());
        // Before the peer's FIN the reset is told under the switch too.
        Tcb est = Fx.established(LINUX);
        assertEquals(List.of(Notice.CONNECTION_RESET),
                Fx.arrive(LINUX, est, Segment.of(est.rcv().nxt(), Control.RST)).told());
    }

    // ------------------------------------------------------------ the request socket of SYN-RECEIVED

    @Test
    void thePeersSynAgainGetsTheSynAckAgainUnderTheSwitch() {
        long later = Fx.T0 + 300;
        Tcb before = Fx.synRcvdPassive(LINUX);
        Segment again = Segment.of(Fx.Y, Control.SYN).withWindow(Fx.PEER_WND);
        Step on = Fx.arrive(LINUX, before, again, later, Choices.reference());
        assertEquals(TcpState.SYN_RECEIVED, on.tcb().tcpState());
        assertEquals(List.of(before.retransmission().head()), on.sent());
        assertTrue(on.sent().head().syn() && on.sent().head().isAck());
        assertEquals(later + LINUX.synAckInterval(0), on.tcb().deadline(Timer.RETRANSMISSION).get());
        Profile offP = LINUX.withRequestSocket(false);
        Step off = Fx.arrive(offP, Fx.synRcvdPassive(offP), again, later, Choices.reference());
        assertEquals(1, off.sent().size());
        assertFalse(off.sent().head().syn(), "§3.10.7.4 first: an ACK for the unacceptable segment");
    }

    @Test
    void anInWindowSynResetsTheEmbryoUnderTheSwitch() {
        Tcb before = Fx.synRcvdPassive(LINUX);
        Segment synAck = Segment.of(Fx.Y.plus(1), Control.SYN).withAck(before.snd().nxt()).withWindow(Fx.PEER_WND);
        Step on = Fx.arrive(LINUX, before, synAck);
        assertEquals(TcpState.LISTEN, on.tcb().tcpState());
        assertEquals(List.of(Segment.of(before.snd().nxt(), Control.RST)), on.sent());
        assertEquals(List.of(Event.RCV_SYN_ACK), on.projection());
        Segment syn = Segment.of(Fx.Y.plus(1), Control.SYN).withWindow(Fx.PEER_WND);
        Step bare = Fx.arrive(LINUX, before, syn);
        assertEquals(TcpState.LISTEN, bare.tcb().tcpState());
        assertEquals(1, bare.sent().size());
        assertTrue(bare.sent().head().rst() && bare.sent().head().isAck());
        assertEquals(Fx.Y.plus(2), bare.sent().head().ack());
        // A wrong ACK is answered by the reset alone; the embryo stays.
        Step wrong = Fx.arrive(LINUX, before, synAck.withAck(before.snd().nxt().plus(7)));
        assertEquals(TcpState.SYN_RECEIVED, wrong.tcb().tcpState());
        assertEquals(List.of(Segment.of(before.snd().nxt().plus(7), Control.RST)), wrong.sent());

        Profile offP = LINUX.withRequestSocket(false);
        Step off = Fx.arrive(offP, Fx.synRcvdPassive(offP), synAck);
        assertEquals(TcpState.LISTEN, off.tcb().tcpState());
        assertEquals(List.empty(), off.sent(), "§3.10.7.4 fourth: back to LISTEN silently");
        // An active SYN-RECEIVED is not a request socket.
        Tcb active = Fx.synRcvdActive(LINUX);
        Step a = Fx.arrive(LINUX, active, Segment.of(Fx.Y, Control.SYN).withWindow(Fx.PEER_WND));
        assertFalse(a.sent().exists(Segment::rst));
    }

    // ------------------------------------------------------------ RST,ACK on ABORT

    @Test
    void abortSendsRstAckUnderTheSwitch() {
        for (Function<Profile, Tcb> state : List.<Function<Profile, Tcb>>of(Fx::synRcvdActive, Fx::established,
                Fx::finWait1, Fx::finWait2, Fx::closeWait)) {
            Tcb before = state.apply(LINUX);
            Step on = Fx.ok(LINUX, before, UserCalls.abort(LINUX, before, Fx.T0));
            assertEquals(List.of(Segment.of(before.snd().nxt(), Control.RST).withAck(before.rcv().nxt())), on.sent(),
                    before.state()::toString);
            assertEquals(TcpState.CLOSED, on.tcb().tcpState());
            Profile offP = LINUX.withAbortSendsRstAck(false);
            Tcb b2 = state.apply(offP);
            Step off = Fx.ok(offP, b2, UserCalls.abort(offP, b2, Fx.T0));
            assertEquals(List.of(Segment.of(b2.snd().nxt(), Control.RST)), off.sent());
        }
        // Where ABORT sends nothing, the switch changes nothing.
        Tcb tw = Fx.timeWait(LINUX);
        assertEquals(List.empty(), Fx.ok(LINUX, tw, UserCalls.abort(LINUX, tw, Fx.T0)).sent());
    }

    // ------------------------------------------------------------ the text of a SYN

    @Test
    void theTextOfASynIsDiscardedUnderTheSwitch() {
        Segment syn = Segment.of(Fx.Y, Control.SYN).withDataLength(10).withWindow(Fx.PEER_WND).withMss(1000);
        Segment third = Segment.of(Fx.Y.plus(11), Control.ACK).withAck(Fx.X.plus(1)).withWindow(Fx.PEER_WND);
        Tcb l = Fx.listen(LINUX);
        Step on = Fx.ok(LINUX, l, Arrival.segmentArrives(LINUX, l, syn, Fx.X, Fx.T0, Choices.reference()));
        assertEquals(Fx.Y.plus(1), on.sent().head().ack(), "the SYN,ACK acknowledges the SYN alone");
        assertEquals(List.empty(), on.tcb().reassembly());
        Step est = Fx.arrive(LINUX, on.tcb(), third);
        assertEquals(TcpState.ESTABLISHED, est.tcb().tcpState());
        assertEquals(Fx.Y.plus(1), est.tcb().rcv().nxt(), "nothing of the text was taken");
        assertEquals(0, est.tcb().undelivered());

        Profile offP = LINUX.withSynTextDiscarded(false);
        Tcb l2 = Fx.listen(offP);
        Step off = Fx.ok(offP, l2, Arrival.segmentArrives(offP, l2, syn, Fx.X, Fx.T0, Choices.reference()));
        assertEquals(1, off.tcb().reassembly().size(), "§3.10.7.2 third: queued for processing later");
        Step est2 = Fx.arrive(offP, off.tcb(), third);
        assertEquals(Fx.Y.plus(11), est2.tcb().rcv().nxt());
        assertEquals(10, est2.tcb().undelivered());
    }

    // ------------------------------------------------------------ refinement

    @Test
    void everySegmentRefinesTheTableWithEachSwitchAloneAndEachLeftOut() {
        RefinementTest r = new RefinementTest();
        for (int i = 0; i < turnOn().size(); i++) {
            r.everySegmentInEveryStateRefinesTheTable(turnOn().get(i).apply(RFC).named("rfc+" + i));
            r.everySegmentInEveryStateRefinesTheTable(turnOn().get(i).apply(RFC.withRfc5961(false)).named("no5961+" + i));
            r.everySegmentInEveryStateRefinesTheTable(turnOff().get(i).apply(LINUX).named("linux-" + i));
            r.everyUserCallAndTimerInEveryStateRefinesTheTable(turnOn().get(i).apply(RFC).named("rfc+t" + i));
        }
    }
}
