package io.github.tcpmodel.property.claim;

import static io.github.tcpmodel.property.conformance.UserCall.Kind.ACTIVE_OPEN;
import static io.github.tcpmodel.property.conformance.UserCall.Kind.CLOSE;
import static io.github.tcpmodel.property.conformance.UserCall.Kind.PASSIVE_OPEN;
import static io.github.tcpmodel.table.TcpState.CLOSED;
import static io.github.tcpmodel.table.TcpState.CLOSE_WAIT;
import static io.github.tcpmodel.table.TcpState.CLOSING;
import static io.github.tcpmodel.table.TcpState.ESTABLISHED;
import static io.github.tcpmodel.table.TcpState.FIN_WAIT_1;
import static io.github.tcpmodel.table.TcpState.FIN_WAIT_2;
import static io.github.tcpmodel.table.TcpState.LAST_ACK;
import static io.github.tcpmodel.table.TcpState.LISTEN;
import static io.github.tcpmodel.table.TcpState.SYN_RECEIVED;
import static io.github.tcpmodel.table.TcpState.SYN_SENT;
import static io.github.tcpmodel.table.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.property.generator.SeqNums;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeds' behavioural claims (docs/seed-claims.md) as checks on two model endpoints joined by a wire, most of
 * them for all ISNs (biased to the edges of sequence space). docs/seed-claims.md maps each claim to its check.
 */
class SeedClaimsTest {

    static final Profile RFC = Profile.rfc9293();

    static Stream<Profile> profiles() {
        return Stream.of(Profile.rfc9293(), Profile.linux());
    }

    /** A client A (ISS x) opened actively and a server B (ISS y) opened passively, handshake completed. */
    static Wire established(Profile p, SeqNum x, SeqNum y) {
        Wire w = new Wire(p, x, y);
        w.callB(PASSIVE_OPEN);
        w.callA(ACTIVE_OPEN);
        w.settle();
        assertEquals(List.of(ESTABLISHED, ESTABLISHED), w.states(), w::toString);
        return w;
    }

    static void forAllIsns(String name, java.util.function.BiConsumer<SeqNum, SeqNum> check) {
        Check.qt("SeedClaimsTest#" + name, Check.tries(0.5, 50)).forAll(SeqNums.edges(), SeqNums.edges())
                .checkAssert(check);
    }

    // ---------------------------------------------------------------- set-up

    // C1, C2, C3: forall x, y: SYN <SEQ=x>; SYN,ACK <SEQ=y><ACK=x+1>; ACK <SEQ=x+1><ACK=y+1>; the server is
    // ESTABLISHED only once the third segment arrives.
    @Test
    void c1_c2_c3_threeWayHandshakeForAllIsns() {
        forAllIsns("c1_c2_c3", (x, y) -> {
            Wire w = new Wire(RFC, x, y);
            w.callB(PASSIVE_OPEN);
            w.callA(ACTIVE_OPEN);
            assertEquals(SYN_SENT, w.a.state());
            Segment syn = w.deliverOneToB();
            assertEquals(Segment.of(x, Control.SYN).controls(), syn.controls());
            assertEquals(x, syn.seq());
            assertEquals(SYN_RECEIVED, w.b.state());
            Segment synAck = w.deliverOneToA();
            assertTrue(synAck.syn() && synAck.isAck() && synAck.seq().equals(y) && synAck.ack().equals(x.plus(1)),
                    synAck::toString);
            assertEquals(ESTABLISHED, w.a.state());
            assertEquals(SYN_RECEIVED, w.b.state(), "the server waits for the third segment");
            Segment ack = w.deliverOneToB();
            assertTrue(!ack.syn() && ack.isAck() && ack.seq().equals(x.plus(1)) && ack.ack().equals(y.plus(1)),
                    ack::toString);
            assertEquals(List.of(ESTABLISHED, ESTABLISHED), w.states());
        });
    }

    // C4: a SYN occupies one sequence number, a pure ACK none, the third segment may carry data, and data on a SYN
    // is queued until ESTABLISHED.
    @Test
    void c4_synConsumesOneAckNoneAndDataMayRideOnTheThirdSegmentOrTheSyn() {
        forAllIsns("c4", (x, y) -> {
            Wire w = new Wire(RFC, x, y);
            w.callB(PASSIVE_OPEN);
            w.callA(ACTIVE_OPEN);
            w.deliverOneToB();
            w.deliverOneToA();
            Segment ack = w.toB.poll();
            assertEquals(0, ack.len());
            assertEquals(x.plus(1), w.a.tcb().snd().nxt(), "the SYN took one number, the ACK none");
            w.sendA(List.of(ack.withDataLength(10)));
            w.settle();
            assertEquals(ESTABLISHED, w.b.state());
            assertEquals(y.plus(1), w.b.tcb().snd().nxt());
            assertEquals(x.plus(11), w.b.tcb().rcv().nxt(), "the third segment's data was accepted");
            assertEquals(10, w.b.tcb().undelivered());
        });
        Wire w = new Wire(RFC, SeqNum.of(100), SeqNum.of(900));
        w.callB(PASSIVE_OPEN);
        w.sendA(List.of(Segment.of(SeqNum.of(100), Control.SYN).withDataLength(5).withWindow(4096)));
        w.deliverOneToB();
        assertEquals(0, w.b.tcb().undelivered(), "data on a SYN waits for ESTABLISHED");
        w.sendA(List.of(Segment.of(SeqNum.of(101)).withAck(SeqNum.of(901)).withWindow(4096)));
        w.deliverOneToB();
        assertEquals(ESTABLISHED, w.b.state());
        assertEquals(5, w.b.tcb().undelivered(), "queued SYN data delivered once ESTABLISHED");
    }

    // C5, C31: a segment of an old incarnation (sequence numbers far from the new window) is not accepted: the
    // connection only answers with an ACK and keeps its state.
    @Test
    void c5_c31_oldSegmentsAreNotAcceptedByANewIncarnation() {
        forAllIsns("c5", (x, y) -> {
            Wire w = established(RFC, x, y);
            Tcb before = w.a.tcb();
            SeqNum old = before.rcv().nxt().minus(SeqNum.HALF / 2);
            List<Segment> out = w.a.deliver(Segment.of(old).withAck(before.snd().nxt()).withDataLength(100)
                    .withWindow(4096), w.now);
            assertEquals(before.state(), w.a.tcb().state());
            assertEquals(before.rcv().nxt(), w.a.tcb().rcv().nxt());
            assertEquals(List.of(before.snd().nxt()), out.map(Segment::seq));
        });
    }

    // C6: an old duplicate SYN reaches the server; the client (SYN-SENT with a new ISN) answers the stale
    // SYN,ACK with <SEQ=SEG.ACK><CTL=RST>; the server returns to LISTEN (RFC 9293 Figure 9).
    @Test
    void c6_oldDuplicateSynIsResetAndTheServerReturnsToListen() {
        forAllIsns("c6", (x, y) -> {
            Wire w = new Wire(RFC, x, y);
            w.callB(PASSIVE_OPEN);
            w.callA(ACTIVE_OPEN);
            w.dropToB();
            w.sendA(List.of(Segment.of(x.minus(90_000), Control.SYN).withWindow(4096)));
            w.deliverOneToB();
            assertEquals(SYN_RECEIVED, w.b.state());
            w.deliverOneToA();
            Segment rst = w.toB.peek();
            assertTrue(rst.rst() && rst.seq().equals(x.minus(90_000).plus(1)), () -> "expected RST: " + w);
            assertEquals(SYN_SENT, w.a.state());
            w.deliverOneToB();
            assertEquals(LISTEN, w.b.state(), w::toString);
        });
    }

    // C7: the ACK of a FIN is the stack's at once; the passive side's FIN waits for its user's CLOSE.
    @Test
    void c7_c16_c26_theFinAndItsAckGoSeparately() {
        Wire w = established(RFC, SeqNum.of(1), SeqNum.of(2));
        w.callA(CLOSE);
        w.deliverOneToB();
        assertEquals(CLOSE_WAIT, w.b.state());
        Segment ack = w.toA.peek();
        assertTrue(ack.isAck() && !ack.fin(), ack::toString);
        w.settle();
        assertEquals(FIN_WAIT_2, w.a.state());
        w.callB(UserCall.send(100));
        assertTrue(w.toA.peek().dataLength() == 100, "CLOSE-WAIT may still send (C16)");
        w.settle();
        w.callB(CLOSE);
        assertTrue(w.toA.peek().fin(), "B's FIN comes from its CLOSE (C26)");
    }

    static Stream<Profile> synProfiles() {
        return profiles();
    }

    // C8: a lost SYN is retransmitted with the same SEG.SEQ at the profile's intervals (initial RTO 1 s, then
    // doubling; Linux keeps the first intervals at 1 s) and the attempt is given up after synRetries.
    @ParameterizedTest
    @MethodSource("synProfiles")
    void c8_lostSynIsRetransmittedWithBackoffThenGivenUp(Profile p) {
        Wire w = new Wire(p, SeqNum.of(SeqNum.MODULUS - 1), SeqNum.of(7));
        w.callA(ACTIVE_OPEN);
        w.dropToB();
        long last = 0;
        for (int i = 0; i < p.synRetries(); i++) {
            long due = w.a.tcb().deadline(Timer.RETRANSMISSION).get();
            assertEquals(p.synInterval(i), due - last, "interval " + i);
            w.advance(due - w.now);
            Segment again = w.dropToB();
            assertTrue(again.syn() && again.seq().equals(SeqNum.of(SeqNum.MODULUS - 1)), again::toString);
            last = due;
        }
        assertEquals(1_000, p.synInterval(0));
        w.advance(w.a.tcb().deadline(Timer.RETRANSMISSION).get() - w.now);
        assertEquals(CLOSED, w.a.state(), "given up after " + p.synRetries() + " retransmissions");
        assertTrue(w.toB.isEmpty());
    }

    // C9: a lost SYN,ACK: the client retransmits its SYN, the server its SYN,ACK; the connection still opens.
    @Test
    void c9_lostSynAckIsRecoveredByBothRetransmissions() {
        Wire w = new Wire(RFC, SeqNum.of(10), SeqNum.of(20));
        w.callB(PASSIVE_OPEN);
        w.callA(ACTIVE_OPEN);
        w.deliverOneToB();
        w.dropToA();
        w.advance(1_000);
        List<Segment> again = List.ofAll(w.fromA).filter(Segment::syn);
        List<Segment> againB = List.ofAll(w.fromB).filter(Segment::syn);
        assertEquals(2, again.size(), w::toString);
        assertEquals(2, againB.size(), w::toString);
        assertEquals(again.get(0), again.get(1));
        assertEquals(againB.get(0).seq(), againB.get(1).seq());
        w.settle();
        assertEquals(List.of(ESTABLISHED, ESTABLISHED), w.states(), w::toString);
    }

    // C10: the third ACK is lost: the server retransmits SYN,ACK synAckRetries times, then drops the half-open
    // connection; the client's later data gets a RST. No pure ACK is ever retransmitted.
    @ParameterizedTest
    @MethodSource("profiles")
    void c10_lostThirdAckLeadsToSynAckRetriesThenReset(Profile p) {
        Wire w = new Wire(p, SeqNum.of(10), SeqNum.of(20));
        w.callB(PASSIVE_OPEN);
        w.callA(ACTIVE_OPEN);
        w.deliverOneToB();
        w.deliverOneToA();
        w.dropToB();
        int synAcks = 0;
        while (w.b.state() == SYN_RECEIVED) {
            w.advance(w.b.tcb().deadline(Timer.RETRANSMISSION).get() - w.now);
            if (!w.toB.isEmpty()) {
                w.dropToB();
            }
            while (!w.toB.isEmpty()) {
                w.dropToB();
            }
            Segment s = w.toA.poll();
            if (s != null) {
                assertTrue(s.syn() && s.isAck(), s::toString);
                synAcks++;
            }
        }
        assertEquals(p.synAckRetries(), synAcks);
        // The half-open connection is dropped and the passive OPEN listens on (MUST-42, Note 1); the client's data
        // then meets the listener, which resets any ACK-bearing segment (§3.10.7.2 second).
        assertEquals(LISTEN, w.b.state());
        assertTrue(List.ofAll(w.fromA).forAll(s -> !(s.len() == 0 && w.fromA.indexOf(s) != w.fromA.lastIndexOf(s))),
                "the client never retransmitted its ACK: " + w);
        w.callA(UserCall.send(10));
        w.deliverOneToB();
        assertTrue(w.toA.peek().rst(), w::toString);
    }

    // C11: the client sends its SYN twice (same ISN); only the first SYN,ACK moves it; the duplicate SYN,ACK is
    // answered by an ACK and changes nothing.
    @Test
    void c11_onlyOneSynAckIsAcknowledged() {
        Wire w = new Wire(RFC, SeqNum.of(10), SeqNum.of(20));
        w.callB(PASSIVE_OPEN);
        w.callA(ACTIVE_OPEN);
        w.advance(1_000);
        assertEquals(2, w.toB.size());
        w.deliverOneToB();
        w.deliverOneToB();
        assertEquals(SYN_RECEIVED, w.b.state());
        w.deliverOneToA();
        assertEquals(ESTABLISHED, w.a.state());
        w.settle();
        assertEquals(List.of(ESTABLISHED, ESTABLISHED), w.states(), w::toString);
        assertEquals(1, List.ofAll(w.fromB).count(s -> s.syn()), "B answered the duplicate SYN with an ACK: " + w);
    }

    // C12: each SYN carries the MSS option; the peer never sends a segment larger than the MSS it was told.
    @Test
    void c12_mssIsAnnouncedAndRespected() {
        Wire w = new Wire(Profile.linux(), SeqNum.of(1), SeqNum.of(2));
        w.callB(PASSIVE_OPEN);
        w.callA(ACTIVE_OPEN);
        w.settle();
        assertTrue(w.fromA.get(0).mss().contains(1460) && w.fromB.get(0).mss().contains(1460), w::toString);
        w.callA(UserCall.send(4000));
        assertTrue(List.ofAll(w.fromA).forAll(s -> s.dataLength() <= 1460), w::toString);
        assertEquals(3, List.ofAll(w.fromA).count(s -> s.dataLength() > 0));
    }

    // C13: simultaneous open (both active, SYNs cross) and a socket connecting to itself both reach ESTABLISHED
    // without LISTEN, through SYN-RECEIVED (active).
    @Test
    void c13_simultaneousOpenAndSelfConnect() {
        forAllIsns("c13", (x, y) -> {
            Wire w = new Wire(RFC, x, y);
            w.callA(ACTIVE_OPEN);
            w.callB(ACTIVE_OPEN);
            w.deliverOneToB();
            w.deliverOneToA();
            assertEquals(io.github.tcpmodel.table.ConnectionState.synReceived(Origin.ACTIVE), w.a.tcb().state());
            w.settle();
            assertEquals(List.of(ESTABLISHED, ESTABLISHED), w.states(), w::toString);
        });
        io.github.tcpmodel.property.conformance.ModelImplementation self =
                new io.github.tcpmodel.property.conformance.ModelImplementation(RFC, SeqNum.of(77));
        java.util.ArrayDeque<Segment> loop = new java.util.ArrayDeque<>(self.call(UserCall.of(ACTIVE_OPEN), 0)
                .toJavaList());
        for (int i = 0; i < 10 && !loop.isEmpty(); i++) {
            loop.addAll(self.deliver(loop.poll(), 0).toJavaList());
        }
        assertEquals(ESTABLISHED, self.state());
    }

    // C14: the server's user makes no call after OPEN (no accept()): the connection is ESTABLISHED all the same.
    @Test
    void c14_noUserCallIsNeededAfterPassiveOpen() {
        Wire w = new Wire(RFC, SeqNum.of(5), SeqNum.of(6));
        w.callB(PASSIVE_OPEN);
        w.callA(ACTIVE_OPEN);
        w.settle();
        assertEquals(List.of(ESTABLISHED, ESTABLISHED), w.states());
    }

    // ---------------------------------------------------------------- tear-down

    // C15-C19: forall ISNs: FIN <SEQ=u>; ACK <ACK=u+1>, CLOSE-WAIT; FIN-WAIT-2; FIN <SEQ=w><ACK=u+1>, LAST-ACK;
    // ACK <SEQ=u+1><ACK=w+1>, TIME-WAIT; the passive side is CLOSED while the active one is still in TIME-WAIT.
    @Test
    void c15_to_c19_fourWayCloseForAllIsns() {
        forAllIsns("c15_c19", (x, y) -> {
            Wire w = established(RFC, x, y);
            SeqNum u = w.a.tcb().snd().nxt();
            w.callA(CLOSE);
            assertEquals(FIN_WAIT_1, w.a.state());
            Segment fin = w.deliverOneToB();
            assertTrue(fin.fin() && fin.seq().equals(u));
            assertEquals(CLOSE_WAIT, w.b.state());
            Segment ack = w.deliverOneToA();
            assertTrue(ack.isAck() && ack.ack().equals(u.plus(1)) && !ack.fin());
            assertEquals(FIN_WAIT_2, w.a.state());
            SeqNum wq = w.b.tcb().snd().nxt();
            w.callB(CLOSE);
            assertEquals(LAST_ACK, w.b.state());
            Segment fin2 = w.deliverOneToA();
            assertTrue(fin2.fin() && fin2.seq().equals(wq) && fin2.ack().equals(u.plus(1)));
            assertEquals(TIME_WAIT, w.a.state());
            Segment last = w.deliverOneToB();
            assertTrue(last.seq().equals(u.plus(1)) && last.ack().equals(wq.plus(1)));
            assertEquals(List.of(TIME_WAIT, CLOSED), w.states());
        });
    }

    // C21: whichever side closes first goes through TIME-WAIT, the other never does.
    @Test
    void c21_onlyTheActiveCloserWaits() {
        for (boolean aFirst : new boolean[] {true, false}) {
            Wire w = established(RFC, SeqNum.of(3), SeqNum.of(SeqNum.HALF));
            java.util.Set<TcpState> seenA = new java.util.HashSet<>();
            java.util.Set<TcpState> seenB = new java.util.HashSet<>();
            if (aFirst) {
                w.callA(CLOSE);
            } else {
                w.callB(CLOSE);
            }
            for (int i = 0; i < 5; i++) {
                w.settle();
                seenA.add(w.a.state());
                seenB.add(w.b.state());
                if (w.a.state() == CLOSE_WAIT) {
                    w.callA(CLOSE);
                }
                if (w.b.state() == CLOSE_WAIT) {
                    w.callB(CLOSE);
                }
            }
            assertEquals(aFirst, seenA.contains(TIME_WAIT), w::toString);
            assertEquals(!aFirst, seenB.contains(TIME_WAIT), w::toString);
        }
    }

    // C22: a FIN,ACK that also acknowledges our FIN takes FIN-WAIT-1 straight to TIME-WAIT.
    @Test
    void c22_finAckInFinWait1GoesStraightToTimeWait() {
        Wire w = established(RFC, SeqNum.of(SeqNum.MODULUS - 2), SeqNum.of(9));
        w.callA(CLOSE);
        Segment fin = w.toB.poll();
        Tcb b = w.b.tcb();
        w.a.deliver(Segment.of(b.snd().nxt(), Control.FIN).withAck(fin.seq().plus(1)).withWindow(4096), w.now);
        assertEquals(TIME_WAIT, w.a.state());
    }

    // C23: both close at once, each receives the other's FIN before the ACK of its own: CLOSING, then TIME-WAIT.
    @Test
    void c23_simultaneousCloseGoesThroughClosing() {
        Wire w = established(RFC, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.callB(CLOSE);
        w.deliverOneToA();
        w.deliverOneToB();
        assertEquals(List.of(CLOSING, CLOSING), w.states());
        w.settle();
        assertEquals(List.of(TIME_WAIT, TIME_WAIT), w.states());
    }

    // C24: the passive side's FIN may ride on its last data: SEND with the data still queued, then CLOSE, then one
    // segment carries data, FIN and ACK.
    @Test
    void c24_finMayRideOnTheLastData() {
        Wire w = established(RFC, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        Tcb t = UserCalls.send(RFC, w.b.tcb(), 100, SeqNum.ZERO, w.now, Choices.reference().segmentizing()).get()
                .tcb();
        t = UserCalls.close(RFC, t, w.now).get().tcb();
        assertEquals(LAST_ACK, t.tcpState());
        Step s = Emission.transmit(RFC, t, 100, w.now).get();
        Segment seg = s.sent().single();
        assertTrue(seg.fin() && seg.isAck() && seg.dataLength() == 100, seg::toString);
    }

    // C25: the passive closer learns that its FIN arrived only from the last ACK: in LAST-ACK the FIN is
    // retransmitted until it is acknowledged.
    @Test
    void c25_lastAckRetransmitsItsFinUntilAcknowledged() {
        Wire w = established(RFC, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        w.callB(CLOSE);
        w.dropToA();
        w.advance(w.b.tcb().deadline(Timer.RETRANSMISSION).get() - w.now);
        assertEquals(LAST_ACK, w.b.state());
        assertTrue(w.toA.peek().fin(), w::toString);
        w.settle();
        assertEquals(List.of(TIME_WAIT, CLOSED), w.states());
    }

    // C27: Linux deletes an orphaned FIN-WAIT-2 after tcp_fin_timeout (60 s); RFC 9293 has no such timer.
    @Test
    void c27_finWait2TimerOfLinux() {
        Wire w = established(Profile.linux(), SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        assertEquals(FIN_WAIT_2, w.a.state());
        w.advance(59_999);
        assertEquals(FIN_WAIT_2, w.a.state());
        w.advance(1);
        assertEquals(CLOSED, w.a.state());
        assertTrue(Profile.rfc9293().finWait2Timeout().isEmpty());
    }

    // C28: CLOSE-WAIT lasts until the user calls CLOSE (no timer ends it when keep-alive and user timeout are off).
    @Test
    void c28_closeWaitLastsUntilTheUserCloses() {
        Profile p = Profile.linux().withKeepalive(Option.none());
        Wire w = established(p, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        w.advance(30L * 24 * 3600 * 1000);
        assertEquals(CLOSE_WAIT, w.b.state());
        w.callB(CLOSE);
        assertEquals(LAST_ACK, w.b.state());
    }

    // ---------------------------------------------------------------- TIME-WAIT

    // C29, C33: TIME-WAIT lasts exactly the profile's 2 MSL (RFC 9293: MSL 2 min; Linux: a fixed 60 s).
    @ParameterizedTest
    @MethodSource("profiles")
    void c29_c33_timeWaitLastsTwoMsl(Profile p) {
        Wire w = established(p, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        w.callB(CLOSE);
        w.settle();
        assertEquals(TIME_WAIT, w.a.state());
        w.advance(p.timeWait() - 1);
        assertEquals(TIME_WAIT, w.a.state());
        w.advance(1);
        assertEquals(CLOSED, w.a.state());
        assertEquals(p.name().equals("linux") ? 60_000 : 240_000, p.timeWait());
    }

    // C30: the last ACK is lost; the passive closer retransmits its FIN; TIME-WAIT ACKs it again and restarts
    // the 2 MSL timer.
    @Test
    void c30_retransmittedFinIsAckedAndRestartsTimeWait() {
        Wire w = established(RFC, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        w.callB(CLOSE);
        w.deliverOneToA();
        w.dropToB();
        w.advance(w.b.tcb().deadline(Timer.RETRANSMISSION).get() - w.now);
        long retransmittedAt = w.now;
        w.deliverOneToA();
        assertEquals(TIME_WAIT, w.a.state());
        assertEquals(retransmittedAt + RFC.timeWait(), w.a.tcb().deadline(Timer.TIME_WAIT).get());
        w.deliverOneToB();
        assertEquals(List.of(TIME_WAIT, CLOSED), w.states(), w::toString);
    }

    // C31: in TIME-WAIT a new SYN does not open a connection under RFC 9293 (challenge ACK); Linux reopens only for
    // a SYN above RCV.NXT (RFC 9293 §3.6.1 MAY-2).
    @Test
    void c31_timeWaitGuardsAgainstOldSyns() {
        for (Profile p : profiles().toArray(Profile[]::new)) {
            Wire w = established(p, SeqNum.of(3), SeqNum.of(4));
            w.callA(CLOSE);
            w.settle();
            w.callB(CLOSE);
            w.settle();
            Tcb t = w.a.tcb();
            List<Segment> out = w.a.deliver(Segment.of(t.rcv().nxt().minus(10), Control.SYN).withWindow(4096), w.now);
            assertEquals(TIME_WAIT, w.a.state(), p.name());
            assertTrue(out.single().isAck() && !out.single().syn(), p.name() + ": " + out);
        }
    }

    // C32: without TIME-WAIT the retransmitted FIN meets CLOSED and is answered by a RST, so the passive side ends
    // with a reset instead of the ACK of its FIN.
    @Test
    void c32_withoutTimeWaitTheRetransmittedFinGetsReset() {
        Wire w = established(RFC, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        w.callB(CLOSE);
        w.deliverOneToA();
        w.dropToB();
        io.github.tcpmodel.property.conformance.ModelImplementation closed =
                new io.github.tcpmodel.property.conformance.ModelImplementation(RFC, SeqNum.of(3));
        w.advance(w.b.tcb().deadline(Timer.RETRANSMISSION).get() - w.now);
        Segment fin = w.toA.poll();
        Segment rst = closed.deliver(fin, w.now).single();
        assertTrue(rst.rst(), rst::toString);
        w.b.deliver(rst, w.now);
        assertEquals(CLOSED, w.b.state(), "closed by the reset, not by the ACK of its FIN");
    }

    // ---------------------------------------------------------------- keep-alive

    // C34: keep-alive (optional, off in RFC 9293's profile): after the idle time a probe <SEQ=SND.NXT-1>, then one
    // per interval; any segment received restarts the idle time; after count unanswered probes: CLOSED.
    @Test
    void c34_keepAliveProbesThenGivesUp() {
        assertTrue(Profile.rfc9293().keepalive().isEmpty(), "RFC 9293 §3.8.4: off by default");
        Keepalive k = Profile.linux().keepalive().get();
        assertEquals(new Keepalive(7_200_000, 75_000, 9), k);
        Wire w = established(Profile.linux(), SeqNum.of(3), SeqNum.of(4));
        w.advance(k.idle() - 1);
        assertTrue(w.toB.isEmpty());
        w.sendB(List.of(Segment.of(w.b.tcb().snd().nxt()).withAck(w.b.tcb().rcv().nxt()).withWindow(4096)));
        w.deliverOneToA();
        w.advance(k.idle() - 1);
        assertTrue(w.toB.isEmpty(), "a received segment restarted the idle time");
        w.advance(1);
        for (int i = 0; i < k.count(); i++) {
            Segment probe = w.dropToB();
            assertEquals(w.a.tcb().snd().nxt().minus(1), probe.seq());
            w.advance(k.interval());
        }
        assertEquals(CLOSED, w.a.state());
    }

    // C35: a rebooted peer (no connection) answers the probe with a RST, which closes the connection at once.
    @Test
    void c35_probeToARebootedPeerIsReset() {
        Keepalive k = Profile.linux().keepalive().get();
        Wire w = established(Profile.linux(), SeqNum.of(3), SeqNum.of(4));
        w.advance(k.idle());
        Segment probe = w.toB.poll();
        io.github.tcpmodel.property.conformance.ModelImplementation rebooted =
                new io.github.tcpmodel.property.conformance.ModelImplementation(Profile.linux(), SeqNum.of(4));
        Segment rst = rebooted.deliver(probe, w.now).single();
        w.a.deliver(rst, w.now);
        assertEquals(CLOSED, w.a.state());
    }

    // ---------------------------------------------------------------- fields

    // C36: every segment but the first SYN carries ACK; a RST answering a segment without ACK carries one, a RST
    // answering an ACK-bearing segment does not (§3.10.7.1).
    @Test
    void c36_ackIsOnEverySegmentButTheFirstSyn() {
        Wire w = established(RFC, SeqNum.of(3), SeqNum.of(4));
        w.callA(CLOSE);
        w.settle();
        w.callB(CLOSE);
        w.settle();
        List<Segment> all = List.ofAll(w.fromA).appendAll(w.fromB);
        assertTrue(all.filter(s -> !s.isAck()).map(Segment::seq).equals(List.of(SeqNum.of(3))), w::toString);
        io.github.tcpmodel.property.conformance.ModelImplementation closed =
                new io.github.tcpmodel.property.conformance.ModelImplementation(RFC, SeqNum.of(3));
        assertTrue(closed.deliver(Segment.of(SeqNum.of(5), Control.SYN), 0).single().isAck());
        assertTrue(!closed.deliver(Segment.of(SeqNum.of(5)).withAck(SeqNum.of(9)), 0).single().isAck());
    }
}
