package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.SendVars;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** {@link Emission#allowed}: each rule it checks, on both sides of its boundary. */
class EmissionAllowedTest {

    static final Profile P = Profile.rfc9293();
    /** SND.UNA of the sending connections below. */
    static final SeqNum UNA = X.plus(1);
    /** RCV.NXT of an established client (the peer's SYN had ISS Y). */
    static final SeqNum RCV_NXT = Y.plus(1);
    static final int MSS = 1000;

    static final String SEQ = "SEG.SEQ must lie in";
    static final String ACK = "every segment carries <ACK=RCV.NXT>";
    static final String WINDOW = "within the peer's window";
    static final String SENT = "more octets than the user has SENT";
    static final String MSS_RULE = "payload exceeds the MSS";
    static final String FIN = "a FIN only after CLOSE";
    static final String SYN = "no SYN once synchronized";

    /**
     * An ESTABLISHED client (or FIN-WAIT-1 once closed) with {@code inFlight} octets sent and unacknowledged,
     * SND.WND = {@code wnd}, {@code queued} octets SENT and not yet segmentized.
     */
    static Tcb sending(long inFlight, long wnd, long queued, boolean closed) {
        Tcb e = established(P);
        SendVars snd = new SendVars(X, UNA, UNA.plus(inFlight), wnd, Y, UNA, wnd, MSS, Option.none());
        return e.withSnd(snd).withSendQueue(queued).withCloseQueued(closed)
                .withState(ConnectionState.of(closed ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED));
    }

    /** {@code <SEQ=SND.UNA+off><ACK=RCV.NXT><CTL=ACK>} with {@code n} octets. */
    static Segment at(long off, int n, Control... more) {
        Segment s = Segment.of(UNA.plus(off)).withAck(RCV_NXT).withDataLength(n);
        for (Control c : more) {
            s = s.with(c);
        }
        return s;
    }

    static void assertAllowed(Tcb t, Segment s) {
        assertEquals(List.empty(), Emission.allowed(t, s), () -> s + " from " + t.snd());
    }

    /** Exactly these violations, each recognised by a phrase of its message. */
    static void assertViolations(Tcb t, Segment s, String... phrases) {
        List<String> v = Emission.allowed(t, s);
        assertEquals(phrases.length, v.size(), () -> s + ": " + v);
        for (int i = 0; i < phrases.length; i++) {
            String phrase = phrases[i];
            String got = v.get(i);
            assertTrue(got.contains(phrase), () -> s + ": expected '" + phrase + "' in " + v);
        }
    }

    // ---------------------------------------------------------------- sequence number: [SND.UNA, SND.NXT]

    // §3.8.6 / Figure 3: new data starts at SND.NXT, the right end of [SND.UNA, SND.NXT].
    @Test
    void newDataAtSndNxtIsAllowed() {
        assertAllowed(sending(100, 4096, 200, false), at(100, 200));
        assertAllowed(sending(0, 4096, 1, false), at(0, 1));
    }

    // Figure 3: sequence numbers beyond SND.NXT have not been sent; a segment cannot start there.
    @Test
    void aSegmentBeyondSndNxtIsRefused() {
        assertViolations(sending(100, 4096, 200, false), at(101, 10), SEQ);
        assertViolations(sending(0, 4096, 200, false), at(1, 0), SEQ);
    }

    // Figure 3: sequence numbers before SND.UNA are acknowledged; only a keep-alive probe uses SND.UNA - 1 (§3.8.4).
    @Test
    void aSegmentBeforeSndUnaIsRefusedUnlessItIsAKeepAlive() {
        Tcb t = sending(0, 4096, 0, false);
        assertViolations(t, at(-2, 0), SEQ, WINDOW, SENT);
        assertAllowed(t, at(-1, 0));
        assertAllowed(t, at(-1, 1));
        assertViolations(t, at(-1, 2), SEQ, WINDOW, SENT);
        assertViolations(t.withCloseQueued(true), at(-1, 0, Control.FIN), SEQ, WINDOW, SENT, FIN);
        // §3.8.4: a probe carries no SYN either.
        Tcb synAcked = sending(0, 4096, 0, false);
        assertViolations(synAcked, at(-1, 0, Control.SYN), SYN, SEQ, WINDOW, SENT);
    }

    // §3.8.4: the keep-alive allowance holds with a closed peer window too (the probe carries no new data).
    @Test
    void aKeepAliveIsAllowedWithAZeroWindow() {
        assertAllowed(sending(0, 0, 0, false), at(-1, 1));
    }

    // ---------------------------------------------------------------- SEG.ACK = RCV.NXT

    // §3.10.7.4 seventh / §3.8.6: every segment after the handshake acknowledges RCV.NXT, no more and no less.
    @Test
    void theAckMustBeRcvNxtAndItsBitSet() {
        Tcb t = sending(0, 4096, 10, false);
        assertViolations(t, at(0, 10).withAck(RCV_NXT.plus(1)), ACK);
        assertViolations(t, at(0, 10).withAck(RCV_NXT.minus(1)), ACK);
        assertViolations(t, at(0, 10).without(Control.ACK), ACK);
    }

    // ---------------------------------------------------------------- the peer's window (§3.8.6)

    // §3.8.6: new data may fill the window SND.UNA + SND.WND exactly, not one octet beyond.
    @Test
    void newDataEndsAtTheRightWindowEdge() {
        assertAllowed(sending(96, 100, 200, false), at(96, 4));
        assertViolations(sending(96, 100, 200, false), at(96, 5), WINDOW);
        assertAllowed(sending(0, 100, 200, false), at(0, 100));
        assertViolations(sending(0, 100, 200, false), at(0, 101), WINDOW);
    }

    // §3.10.8 / §3.8.6: retransmitted octets were in the window when first sent; a smaller window since is no reason
    // to refuse them, but an octet beyond SND.NXT is new data and needs the window.
    @Test
    void retransmittedDataNeedsNoWindow() {
        Tcb shrunk = sending(300, 100, 200, false);
        assertAllowed(shrunk, at(0, 300));
        assertAllowed(shrunk, at(200, 100));
        assertViolations(shrunk, at(200, 101), WINDOW);
    }

    // §3.8.6.1: with a zero window the sender probes with one new octet; two are refused.
    @Test
    void aZeroWindowAdmitsOneProbeOctet() {
        assertAllowed(sending(0, 0, 10, false), at(0, 1));
        assertViolations(sending(0, 0, 10, false), at(0, 2), WINDOW);
        // The allowance is for a zero window only: a one-octet window that is full admits nothing new.
        assertViolations(sending(1, 1, 10, false), at(1, 1), WINDOW);
    }

    // ---------------------------------------------------------------- what the user SENT, and the MSS

    // §3.10.2: only octets the user has SENT are transmitted.
    @Test
    void noMoreOctetsThanQueued() {
        assertAllowed(sending(50, 4096, 10, false), at(50, 10));
        assertViolations(sending(50, 4096, 10, false), at(50, 11), SENT);
        assertViolations(sending(0, 4096, 0, false), at(0, 1), SENT);
    }

    // §3.7.1: a segment's payload stays within the MSS the peer announced.
    @Test
    void thePayloadStaysWithinTheMss() {
        assertAllowed(sending(0, 4096, 2000, false), at(0, MSS));
        assertViolations(sending(0, 4096, 2000, false), at(0, MSS + 1), MSS_RULE);
    }

    // ---------------------------------------------------------------- FIN (§3.10.4)

    // §3.10.4: after CLOSE the FIN follows the last queued octet, in the same segment or alone.
    @Test
    void theFinFollowsTheLastQueuedOctet() {
        assertAllowed(sending(0, 4096, 0, true), at(0, 0, Control.FIN));
        assertAllowed(sending(0, 4096, 5, true), at(0, 5, Control.FIN));
        assertAllowed(sending(20, 4096, 5, true), at(20, 5, Control.FIN));
    }

    // §3.10.4: "all preceding SENDs" are segmentized before the FIN: a FIN with data left behind it is refused.
    @Test
    void aFinBeforeTheQueuedDataIsRefused() {
        assertViolations(sending(0, 4096, 10, true), at(0, 5, Control.FIN), FIN);
        assertViolations(sending(0, 4096, 10, true), at(0, 0, Control.FIN), FIN);
    }

    // §3.10.4: without CLOSE there is no FIN; its sequence number is one the user never SENT.
    @Test
    void aFinWithoutCloseIsRefused() {
        assertViolations(sending(0, 4096, 10, false), at(0, 10, Control.FIN), SENT, FIN);
        assertViolations(sending(0, 4096, 0, false), at(0, 0, Control.FIN), SENT, FIN);
    }

    // §3.10.8: once sent, the FIN is retransmitted at its own sequence number and nowhere else.
    @Test
    void aRetransmittedFinKeepsItsSequenceNumber() {
        SeqNum fin = UNA.plus(30);
        Tcb t = sending(31, 4096, 0, true);
        t = t.withSnd(t.snd().withFin(fin));
        assertAllowed(t, at(30, 0, Control.FIN));
        assertAllowed(t, at(0, 30, Control.FIN));
        assertAllowed(t, at(10, 20, Control.FIN));
        assertViolations(t, at(0, 29, Control.FIN), FIN);
        assertViolations(t, at(31, 0, Control.FIN), SENT, FIN);
        // Without CLOSE recorded a recorded FIN is no licence either.
        assertViolations(t.withCloseQueued(false), at(30, 0, Control.FIN), FIN);
    }

    // ---------------------------------------------------------------- SYN once synchronized

    // §3.10.7.4 / §3.10.8: a synchronized connection sends no SYN, except the SYN,ACK that is still unacknowledged
    // (a CLOSE in SYN-RECEIVED leads to FIN-WAIT-1 before the peer acknowledged it).
    @Test
    void onlyAnUnacknowledgedSynAckIsSentAgain() {
        Tcb closedEarly = ok(P, synRcvdPassive(P), UserCalls.close(P, synRcvdPassive(P), T0)).tcb();
        assertEquals(TcpState.FIN_WAIT_1, closedEarly.tcpState());
        Segment synAck = Segment.of(X, Control.SYN).withAck(closedEarly.rcv().nxt());
        assertAllowed(closedEarly, synAck);
        Tcb est = sending(0, 4096, 1, false);
        assertViolations(est, Segment.of(UNA, Control.SYN).withAck(RCV_NXT), SYN);
        assertTrue(Emission.allowed(est, Segment.of(X, Control.SYN).withAck(RCV_NXT)).head().contains(SYN));
        // A SYN at another sequence number is no retransmission.
        assertTrue(Emission.allowed(closedEarly, synAck.withSeq(X.plus(1))).exists(m -> m.contains(SYN)));
    }

    // ---------------------------------------------------------------- states before synchronization

    // §3.10.7.1, §3.10.7.2: CLOSED and LISTEN send nothing but resets.
    @Test
    void closedAndListenSendOnlyResets() {
        for (Tcb t : List.of(Tcb.closed(), listen(P))) {
            assertEquals(1, Emission.allowed(t, Segment.of(X, Control.SYN)).size());
            assertTrue(Emission.allowed(t, Segment.of(X).withAck(Y)).head().contains("no segment but a RST"));
            assertAllowed(t, Segment.of(X, Control.RST));
            assertAllowed(t, Segment.of(SeqNum.ZERO, Control.RST).withAck(Y));
        }
    }

    // §3.10.1: SYN-SENT sends <SEQ=ISS><CTL=SYN> and nothing else; text only if the user SENT it ("Data associated
    // with SEND may be sent with SYN segment"), and no FIN (CLOSE in SYN-SENT deletes the TCB).
    @Test
    void synSentSendsTheSynAtIss() {
        Tcb t = synSent(P);
        assertAllowed(t, Segment.of(X, Control.SYN));
        assertViolations(t, Segment.of(X, Control.SYN).withAck(Y), "SYN-SENT sends <SEQ=ISS><CTL=SYN>");
        assertViolations(t, Segment.of(X), "SYN-SENT sends <SEQ=ISS><CTL=SYN>");
        assertViolations(t, Segment.of(X.plus(1), Control.SYN), "SEG.SEQ = ISS");
        assertViolations(t, Segment.of(X, Control.SYN).withDataLength(1), "only 0 are queued");
        assertViolations(t, Segment.of(X, Control.SYN, Control.FIN), "a FIN only after CLOSE");
        assertAllowed(t.withSendQueue(1), Segment.of(X, Control.SYN).withDataLength(1));
        assertAllowed(t, Segment.of(X.plus(7), Control.RST));
    }

    // §3.10.7.2 / §3.10.7.3: SYN-RECEIVED sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, or an empty ACK at SND.NXT.
    @Test
    void synReceivedSendsTheSynAckOrAnEmptyAck() {
        for (Tcb t : List.of(synRcvdPassive(P), synRcvdActive(P))) {
            SeqNum rcvNxt = t.rcv().nxt();
            assertEquals(Y.plus(1), rcvNxt);
            Segment synAck = Segment.of(X, Control.SYN).withAck(rcvNxt);
            assertAllowed(t, synAck);
            assertViolations(t, Segment.of(X, Control.SYN), "is a SYN,ACK", "SEG.ACK must be RCV.NXT");
            assertViolations(t, synAck.withSeq(X.plus(1)), "SEG.SEQ = ISS");
            assertViolations(t, synAck.withAck(rcvNxt.plus(1)), "SEG.ACK must be RCV.NXT");
            Segment ack = Segment.of(t.snd().nxt()).withAck(rcvNxt);
            assertAllowed(t, ack);
            assertViolations(t, ack.withAck(rcvNxt.minus(1)), "SEG.ACK must be RCV.NXT");
            assertViolations(t, ack.without(Control.ACK), "SEG.ACK must be RCV.NXT");
            assertViolations(t, ack.withDataLength(1), "before ESTABLISHED only an empty");
            assertViolations(t, ack.with(Control.FIN), "before ESTABLISHED only an empty");
            assertViolations(t, ack.withSeq(t.snd().nxt().plus(1)), "before ESTABLISHED only an empty");
        }
    }

    // ---------------------------------------------------------------- the model's own segments

    // Every segment the model emits on the way through a connection's life is one allowed from the TCB it left.
    @Test
    void theModelsOwnTransmissionsAreAllowed() {
        Tcb t = established(P);
        Step send = ok(P, t, UserCalls.send(P, t, 2500, X, T0, Choices.reference().segmentizing(1000)));
        Tcb cur = send.tcb();
        assertAllowed(t.withSendQueue(2500), send.sent().head());
        while (cur.sendQueue() > 0) {
            int size = (int) Math.min(cur.sendQueue(), Math.min(cur.snd().mss(), cur.snd().usable()));
            Step s = Emission.transmit(P, cur, size, T0).get();
            assertAllowed(cur, s.sent().single());
            cur = s.tcb();
        }
        Step close = ok(P, cur, UserCalls.close(P, cur, T0));
        assertAllowed(cur.withCloseQueued(true), close.sent().single());
        assertTrue(close.sent().single().fin());
    }

    @Test
    void nullsAreRejected() {
        assertEquals("tcb is null", assertThrows(NullPointerException.class,
                () -> Emission.allowed(null, at(0, 0))).getMessage());
        assertEquals("segment is null", assertThrows(NullPointerException.class,
                () -> Emission.allowed(established(P), null)).getMessage());
    }
}
