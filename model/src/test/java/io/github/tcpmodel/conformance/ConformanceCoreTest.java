package io.github.tcpmodel.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** The comparison core: segment equivalence, each allowance on both sides of its boundary, and adoption. */
class ConformanceCoreTest {

    static final Profile P = Profile.rfc9293();
    static final SeqNum X = SeqNum.of(1000);
    static final SeqNum Y = SeqNum.of(5000);

    /** An active client, ESTABLISHED by the peer's SYN,ACK with SEG.WND = {@code wnd}: SND.NXT = X+1, RCV.NXT = Y+1. */
    static Tcb established(long wnd) {
        Tcb synSent = UserCalls.open(P, Tcb.closed(), false, true, Option.none(), X, 0).get().tcb();
        Segment synAck = Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(wnd);
        Tcb t = Arrival.segmentArrives(P, synSent, synAck, X, 0, Choices.reference()).get().tcb();
        assertEquals(TcpState.ESTABLISHED, t.tcpState());
        return t;
    }

    /** {@code t} after SENDing {@code n} octets, sent at once. */
    static Tcb sent(Tcb t, int n) {
        return UserCalls.send(P, t, n, X, 0, Choices.reference()).get().tcb();
    }

    static Segment ack(SeqNum seq, SeqNum ack) {
        return Segment.of(seq).withAck(ack);
    }

    // ---------------------------------------------------------------- equivalence

    @Test
    void pshWindowAndOptionsAreNotCompared() {
        Segment data = ack(X.plus(1), Y.plus(1)).withDataLength(10);
        assertTrue(Conformance.same(data, data.with(Control.PSH).withWindow(7).withMss(536)));
        assertEquals(Option.none(), Conformance.difference(data.with(Control.PSH), data));
    }

    @Test
    void everyFieldRfc9293FixesIsCompared() {
        Segment data = ack(X.plus(1), Y.plus(1)).withDataLength(10);
        assertEquals(Option.some(Conformance.Field.SEQ), Conformance.difference(data, data.withSeq(X.plus(2))));
        assertEquals(Option.some(Conformance.Field.ACK), Conformance.difference(data, data.withAck(Y.plus(2))));
        assertEquals(Option.some(Conformance.Field.LEN), Conformance.difference(data, data.withDataLength(9)));
        assertEquals(Option.some(Conformance.Field.CTL), Conformance.difference(data, data.with(Control.FIN)));
        assertEquals(Option.some(Conformance.Field.CTL), Conformance.difference(data, data.with(Control.URG)));
        assertEquals(Option.some(Conformance.Field.CTL), Conformance.difference(data, data.without(Control.ACK)));
        // SYN and FIN count in SEG.LEN (§3.4), so the bits differ first.
        assertEquals(Option.some(Conformance.Field.CTL),
                Conformance.difference(data.withDataLength(11), data.with(Control.FIN)));
    }

    @Test
    void theAckFieldCountsOnlyWithTheAckBit() {
        Segment rst = Segment.of(X, Control.RST);
        Segment withJunk = new Segment(X, SeqNum.of(77), rst.controls(), 0, 0, 0, Option.none(), Option.none());
        assertTrue(Conformance.same(rst, withJunk));
    }

    @Test
    void beginsIsAPrefixByEquivalence() {
        Segment a = ack(X.plus(1), Y.plus(1));
        Segment b = a.withDataLength(5).with(Control.PSH);
        assertTrue(Conformance.begins(List.of(a), List.of(a, b)));
        assertTrue(Conformance.begins(List.of(a, b.without(Control.PSH)), List.of(a, b)));
        assertFalse(Conformance.begins(List.of(b), List.of(a, b)));
        assertFalse(Conformance.begins(List.of(a, b, a), List.of(a, b)));
    }

    // ---------------------------------------------------------------- allowances

    @Test
    void windowUpdateMovesTheRightEdge() {
        Tcb t = established(1000).withRcv(established(1000).rcv().withWnd(100));
        Segment update = ack(X.plus(1), Y.plus(1)).withWindow(200);
        assertTrue(Allowance.windowUpdate(t, t, update));
        assertEquals(Option.some(Allowance.WINDOW_UPDATE), Allowance.classify(t, List.empty(), t, update));
        assertEquals(200, Allowance.WINDOW_UPDATE.after(t, update).rcv().wnd());
        assertFalse(Allowance.windowUpdate(t, t, update.withWindow(100)), "the same edge is no update");
        assertFalse(Allowance.windowUpdate(t, t, update.withSeq(X.plus(2))), "not at SND.NXT");
        assertFalse(Allowance.windowUpdate(t, t, update.with(Control.FIN)), "a FIN is not a window update");
        assertEquals(Option.none(), Allowance.classify(t, List.empty(), t, update.withWindow(50)));
    }

    @Test
    void zeroWindowProbeNeedsAZeroWindowAndSomethingWaiting() {
        Tcb zero = established(0);
        Tcb waiting = sent(zero, 10);
        assertEquals(10, waiting.sendQueue(), "nothing goes into a zero window");
        Segment probe = ack(X, Y.plus(1));
        assertTrue(Allowance.zeroWindowProbe(waiting, probe));
        assertEquals(Option.some(Allowance.ZERO_WINDOW_PROBE), Allowance.classify(zero, List.of(waiting), zero,
                probe), "a probe during the input counts");
        assertFalse(Allowance.zeroWindowProbe(zero, probe), "nothing waits");
        assertFalse(Allowance.zeroWindowProbe(sent(established(1000), 10).withSendQueue(5), probe),
                "the window is open");
        assertFalse(Allowance.zeroWindowProbe(waiting, probe.withDataLength(1)), "one new octet is a transmit");
    }

    @Test
    void earlyRetransmissionIsFromSndUnaWithinWhatWasSent() {
        Tcb t = sent(established(10_000), 300);
        assertEquals(X.plus(301), t.snd().nxt());
        Segment first = ack(X.plus(1), Y.plus(1)).withDataLength(300);
        assertTrue(Allowance.earlyRetransmission(t, first));
        assertTrue(Allowance.earlyRetransmission(t, first.withDataLength(100)), "a part of it");
        assertEquals(Option.some(Allowance.EARLY_RETRANSMISSION), Allowance.classify(t, List.empty(), t, first));
        assertFalse(Allowance.earlyRetransmission(t, first.withDataLength(301)), "beyond SND.NXT");
        assertFalse(Allowance.earlyRetransmission(t, first.withSeq(X.plus(2)).withDataLength(10)),
                "not from SND.UNA");
        assertFalse(Allowance.earlyRetransmission(t, first.with(Control.FIN)), "no FIN was sent");
        assertFalse(Allowance.earlyRetransmission(established(10_000), ack(X.plus(1), Y.plus(1)).withDataLength(1)),
                "nothing is in flight");
    }

    @Test
    void repackagingKeepsSeqAndAckAndStaysWithinWhatWasSent() {
        Tcb t = sent(sent(established(10_000), 100), 100);
        Segment model = ack(X.plus(1), Y.plus(1)).withDataLength(100).with(Control.PSH);
        assertTrue(Allowance.repackages(t, model, model.withDataLength(200)));
        assertFalse(Allowance.repackages(t, model, model.withDataLength(201)), "beyond SND.NXT");
        assertFalse(Allowance.repackages(t, model, model.withSeq(X.plus(2))), "another SEG.SEQ");
        assertFalse(Allowance.repackages(t, model, model.withAck(Y)), "another SEG.ACK");
    }

    @Test
    void heldBackAnswersAreTheirChoices() {
        assertFalse(Allowance.DELAYED_ACK.heldBack(Choices.reference()).ackNow());
        assertTrue(Allowance.THROTTLED_ACK.heldBack(Choices.reference()).ackThrottled());
        assertEquals(Choices.reference(), Allowance.WINDOW_UPDATE.heldBack(Choices.reference()));
        Segment a = ack(X.plus(1), Y.plus(1));
        Segment b = a.withDataLength(3);
        assertEquals(List.of(a), Allowance.optional(List.of(a, b), List.of(b.with(Control.PSH))));
    }

    @Test
    void theOpenedWindowIsTakenOnlyWhenWider() {
        Tcb t = established(1000);
        SeqNum edge = t.rcv().nxt().plus(t.rcv().wnd() + 500);
        assertEquals(t.rcv().wnd() + 500, Allowance.opened(t, Option.some(edge)).get().rcv().wnd());
        assertEquals(Option.none(), Allowance.opened(t, Option.some(t.rcv().nxt().plus(t.rcv().wnd()))));
        assertEquals(Option.none(), Allowance.opened(t, Option.none()));
    }

    // ---------------------------------------------------------------- adoption

    @Test
    void theIssAndTheSegmentSizesAreTheImplementations() {
        Segment syn = Segment.of(SeqNum.of(4242), Control.SYN);
        assertEquals(Option.some(SeqNum.of(4242)), Adoption.iss(List.of(ack(X, Y), syn)));
        assertEquals(Option.none(), Adoption.iss(List.of(ack(X, Y))));
        Segment d = ack(X.plus(1), Y.plus(1));
        Choices c = Adoption.choices(List.of(d.withDataLength(500), d, d.withDataLength(200)), true);
        assertEquals(Option.some(List.of(500, 200)), c.segmentSizes());
        assertEquals(Option.some(List.empty()), Adoption.choices(List.empty(), true).segmentSizes());
        assertEquals(Choices.reference(), Adoption.choices(List.of(d.withDataLength(5)), false));
    }

    @Test
    void anAckNotSentIsADelayedAckForText() {
        Tcb t = established(1000);
        Segment text = ack(Y.plus(1), X.plus(1)).withDataLength(100).withWindow(1000);
        Adoption.Answer a = answer(t, text, List.empty(), TcpState.ESTABLISHED);
        assertEquals(Option.some(Allowance.DELAYED_ACK), a.allowance());
        assertEquals(List.empty(), a.step().sent());
        assertTrue(a.step().tcb().ackPending());
        Adoption.Answer now = answer(t, text, List.of(ack(X.plus(1), Y.plus(101))), TcpState.ESTABLISHED);
        assertEquals(Option.none(), now.allowance(), "the ACK sent at once is the reference answer");
    }

    @Test
    void anAckNotSentToAnUnacceptableSegmentIsThrottled() {
        Tcb t = established(1000);
        Segment old = ack(Y.minus(100), X.plus(1)).withDataLength(10);
        Step immediate = Arrival.segmentArrives(P, t, old, X, 0, Choices.reference()).get();
        assertEquals(1, immediate.sent().size(), "§3.10.7.4 first: an unacceptable segment is answered with an ACK");
        Adoption.Answer a = answer(t, old, List.empty(), TcpState.ESTABLISHED);
        assertEquals(Option.some(Allowance.THROTTLED_ACK), a.allowance());
        assertEquals(List.empty(), a.step().sent());
    }

    @Test
    void textWithinTheWindowReceiveOpenedIsAccepted() {
        Tcb t = established(1000).withRcv(established(1000).rcv().withWnd(0));
        Segment text = ack(Y.plus(1), X.plus(1)).withDataLength(100);
        SeqNum edge = t.rcv().nxt().plus(1000);
        Segment ackOfText = ack(X.plus(1), Y.plus(101));
        Adoption.Answer a = Adoption.answer(t, Choices.reference(), step(t, text, Choices.reference()),
                List.of(ackOfText), TcpState.ESTABLISHED, Option.some(edge), (tcb, c) -> arrive(tcb, text, c));
        assertEquals(Option.some(Allowance.OPENED_WINDOW), a.allowance());
        assertEquals(100, a.step().tcb().undelivered());
        Adoption.Answer closed = answer(t, text, List.of(ackOfText), TcpState.ESTABLISHED);
        assertEquals(0, closed.step().tcb().undelivered(), "without the opened window the text is not taken");
    }

    private static Adoption.Answer answer(Tcb t, Segment seg, List<Segment> implSent, TcpState implState) {
        return Adoption.answer(t, Choices.reference(), step(t, seg, Choices.reference()), implSent, implState,
                Option.none(), (tcb, c) -> arrive(tcb, seg, c));
    }

    private static Step step(Tcb t, Segment seg, Choices c) {
        return arrive(t, seg, c).get();
    }

    private static Either<String, Step> arrive(Tcb t, Segment seg, Choices c) {
        return Arrival.segmentArrives(P, t, seg, X, 0, c);
    }
}
