package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Mss;
import io.github.tcpmodel.option.SegmentOption.Nop;
import io.github.tcpmodel.option.SegmentOption.SackPermitted;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.option.SegmentOption.WindowScale;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.collection.TreeSet;
import org.junit.jupiter.api.Test;

/** RFC 7323 §2.2, §2.3, §2.4, §3.2, RFC 2018 §2 and RFC 3168 §6.1.1: what the handshake negotiates. */
class NegotiationTest {

    static final Profile LINUX = Profile.linux();
    static final Profile RFC = Profile.rfc9293();

    /** The peer's options: MSS 1000, SACK-Permitted, TSval 500, Window Scale {@code shift}. */
    static List<SegmentOption> peerOptions(int shift) {
        return List.of(new Mss(1000), new SackPermitted(), new Timestamps(500, T0), new Nop(), new WindowScale(shift));
    }

    static Step synAckArrives(Profile p, List<SegmentOption> options) {
        Segment synAck = Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(PEER_WND).withOptions(options);
        return arrive(p, synSent(p), synAck);
    }

    // §2.2: "both sides MUST send Window Scale options in their <SYN> segments to enable window scaling in either
    // direction"; §3.2: timestamps likewise; RFC 2018 §2: SACK-Permitted likewise. Snd.Wind.Shift is the peer's
    // shift, Rcv.Wind.Shift this side's; TS.Recent starts at the TSval of the peer's SYN; Last.ACK.sent is the ACK
    // of the SYN,ACK.
    @Test
    void anActiveOpenNegotiatesWhatBothSidesOffered() {
        Step s = synAckArrives(LINUX, peerOptions(9));
        assertEquals(TcpState.ESTABLISHED, s.tcb().tcpState());
        assertEquals(new Negotiated(true, 9, 7, true, 500, T0, Y.plus(1), true, false), s.tcb().negotiated());
        // The ACK of the SYN,ACK: TSecr = TS.Recent; SEG.WND = RCV.WND >> 7 rounded down (64240 / 128 = 501.875).
        Segment ack = s.sent().single();
        assertEquals(List.of(new Nop(), new Nop(), new Timestamps(T0, 500)), ack.options());
        assertEquals(501, ack.window());
        assertTrue(501L << 7 < LINUX.receiveWindow(), "§2.4: rounding down advertises a little less than RCV.WND");
    }

    // §2.2: "The window field in a segment where the SYN bit is set ... MUST NOT be scaled"; §2.3: every later
    // SEG.WND is shifted left by Snd.Wind.Shift.
    @Test
    void theSynAckWindowIsNotScaledAndEveryLaterOneIs() {
        Tcb t = synAckArrives(LINUX, peerOptions(9)).tcb();
        assertEquals(PEER_WND, t.snd().wnd(), "the SYN,ACK's window, unscaled");
        Segment update = peer(0, 0, Control.ACK).withWindow(10).withOptions(List.of(new Timestamps(501, T0)));
        Tcb u = arrive(LINUX, t, update, T0 + 1, Choices.reference()).tcb();
        assertEquals(10L << 9, u.snd().wnd());
        assertEquals(10L << 9, u.snd().maxWnd());
    }

    // §2.2: without the peer's Window Scale option both shifts are 0, whatever this side offered.
    @Test
    void withoutThePeersWindowScaleNeitherDirectionScales() {
        List<SegmentOption> noWs = List.of(new Mss(1000), new SackPermitted(), new Timestamps(500, T0));
        Tcb t = synAckArrives(LINUX, noWs).tcb();
        assertFalse(t.negotiated().windowScaling());
        assertEquals(0, t.negotiated().sndShift());
        assertEquals(0, t.negotiated().rcvShift());
        Step s = arrive(LINUX, t, peer(0, 0, Control.ACK).withWindow(3000)
                .withOptions(List.of(new Timestamps(501, T0))), T0 + 1, Choices.reference());
        assertEquals(3000, s.tcb().snd().wnd());
        Tcb data = ok(LINUX, t, UserCalls.send(LINUX, t, 10, X, T0 + 2, Choices.reference())).tcb();
        assertEquals(10, data.retransmission().head().dataLength());
    }

    // §2.3: "If a Window Scale option is received with a shift.cnt value larger than 14, the TCP SHOULD log the
    // error but MUST use 14 instead of the specified value."
    @Test
    void aShiftAbove14IsTakenAs14() {
        assertEquals(14, synAckArrives(LINUX, peerOptions(15)).tcb().negotiated().sndShift());
        assertEquals(14, synAckArrives(LINUX, peerOptions(255)).tcb().negotiated().sndShift());
        assertEquals(14, synAckArrives(LINUX, peerOptions(14)).tcb().negotiated().sndShift());
    }

    // §2.2: "A Window Scale option in a segment without a SYN bit MUST be ignored."
    @Test
    void optionsOnASegmentWithoutSynNegotiateNothing() {
        Tcb t = synAckArrives(LINUX, List.of(new Mss(1000))).tcb();
        assertEquals(new Negotiated(false, 0, 0, false, 0, T0, Y.plus(1), false, false), t.negotiated());
        Segment late = peer(0, 0, Control.ACK).withWindow(100).withOptions(peerOptions(5));
        Tcb u = arrive(LINUX, t, late, T0 + 1, Choices.reference()).tcb();
        assertEquals(t.negotiated(), u.negotiated());
        assertEquals(100, u.snd().wnd());
    }

    // A listener answers with exactly what is in use (§2.2: "MAY send the WS option in a <SYN,ACK> segment only if
    // it has received a WS option in the initial <SYN>"; §3.2 likewise for TSopt; RFC 2018 §2), TSecr = the SYN's
    // TSval, and the SYN,ACK's window unscaled.
    @Test
    void aListenerAnswersWithWhatThePeerOffered() {
        Segment syn = Segment.of(Y, Control.SYN).withWindow(PEER_WND).withOptions(List.of(new Mss(1000),
                new SackPermitted(), new Timestamps(700, 0), new Nop(), new WindowScale(2)));
        Step s = arrive(LINUX, listen(LINUX), syn, T0 + 5, Choices.reference());
        Segment synAck = s.sent().single();
        assertEquals(List.of(new Mss(1460), new SackPermitted(), new Timestamps(T0 + 5, 700), new Nop(),
                new WindowScale(7)), synAck.options());
        assertEquals(LINUX.receiveWindow(), synAck.window());
        assertEquals(new Negotiated(true, 2, 7, true, 700, T0 + 5, Y.plus(1), true, false), s.tcb().negotiated());

        Segment plain = Segment.of(Y, Control.SYN).withWindow(PEER_WND).withMss(1000);
        Segment bare = arrive(LINUX, listen(LINUX), plain).sent().single();
        assertEquals(List.of(new Mss(1460)), bare.options());
        Segment onlyTs = Segment.of(Y, Control.SYN).withWindow(PEER_WND).withOptions(List.of(new Timestamps(9, 0)));
        assertEquals(List.of(new Mss(1460), new Nop(), new Nop(), new Timestamps(T0, 9)),
                arrive(LINUX, listen(LINUX), onlyTs).sent().single().options());
    }

    // The handshake's last ACK at a listener: the peer's window is scaled from then on.
    @Test
    void theThirdSegmentOfTheHandshakeIsScaled() {
        Segment syn = Segment.of(Y, Control.SYN).withWindow(PEER_WND).withOptions(List.of(new Mss(1000),
                new SackPermitted(), new Timestamps(700, 0), new Nop(), new WindowScale(2)));
        Tcb rcvd = arrive(LINUX, listen(LINUX), syn).tcb();
        Segment ack = Segment.of(Y.plus(1)).withAck(NEW_ISS.plus(1)).withWindow(1000)
                .withOptions(List.of(new Timestamps(701, T0)));
        Tcb est = arrive(LINUX, rcvd, ack, T0 + 1, Choices.reference()).tcb();
        assertEquals(TcpState.ESTABLISHED, est.tcpState());
        assertEquals(4000, est.snd().wnd());
        assertEquals(701, est.negotiated().tsRecent(), "§4.3: SEG.SEQ = Last.ACK.sent, a newer TSval is recorded");
    }

    // RFC 3168 §6.1.1: an ECN-setup SYN has ECE and CWR; an ECN-setup SYN,ACK has ECE and not CWR. The reference
    // profile asks (RFC 9293 SHLD-8), Linux only answers (tcp_ecn = 2).
    @Test
    void ecnIsNegotiatedByTheSetupSynAndSynAck() {
        assertEquals(TreeSet.of(EcnFlag.ECE, EcnFlag.CWR),
                ok(RFC, Tcb.closed(), UserCalls.open(RFC, Tcb.closed(), false, true, UT, X, T0)).sent().single().ecn());
        assertTrue(ok(LINUX, Tcb.closed(), UserCalls.open(LINUX, Tcb.closed(), false, true, UT, X, T0)).sent()
                .single().ecn().isEmpty(), "Linux does not ask");

        Segment setup = Segment.of(Y, Control.SYN).withWindow(PEER_WND).withMss(1000).withEcn(EcnFlag.ECE,
                EcnFlag.CWR);
        Step answered = arrive(LINUX, listen(LINUX), setup);
        assertEquals(TreeSet.of(EcnFlag.ECE), answered.sent().single().ecn());
        assertTrue(answered.tcb().negotiated().ecn());
        Step plain = arrive(LINUX, listen(LINUX), setup.withEcn());
        assertTrue(plain.sent().single().ecn().isEmpty());
        assertFalse(plain.tcb().negotiated().ecn());
        Step eceOnly = arrive(LINUX, listen(LINUX), setup.withEcn(EcnFlag.ECE));
        assertTrue(eceOnly.sent().single().ecn().isEmpty(), "ECE alone on a SYN is not an ECN-setup SYN");

        Segment synAck = Segment.of(Y, Control.SYN).withAck(X.plus(1)).withWindow(PEER_WND).withMss(1000);
        assertTrue(arrive(RFC, synSent(RFC), synAck.withEcn(EcnFlag.ECE)).tcb().negotiated().ecn());
        assertFalse(arrive(RFC, synSent(RFC), synAck.withEcn(EcnFlag.ECE, EcnFlag.CWR)).tcb().negotiated().ecn(),
                "a SYN,ACK with CWR is not an ECN-setup SYN,ACK");
        assertFalse(arrive(LINUX, synSent(LINUX), synAck.withEcn(EcnFlag.ECE)).tcb().negotiated().ecn(),
                "Linux did not ask");
    }

    // The ECN bits are not control bits of connection management: segment equivalence does not see them.
    @Test
    void segmentEquivalenceIgnoresTheEcnBits() {
        Segment s = Segment.of(X, Control.SYN).withEcn(EcnFlag.ECE, EcnFlag.CWR);
        assertTrue(Conformance.same(s, s.withEcn()));
        assertFalse(Conformance.same(s, s.with(Control.ACK)));
    }
}
