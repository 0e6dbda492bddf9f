package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** The user calls of RFC 9293 §3.10.1 - §3.10.6, state by state, with their arguments at the edges. */
class UserCallsTest {

    static final Profile P = Profile.rfc9293();
    static final Profile LINUX = Profile.linux();
    static final SeqNum ISS2 = SeqNum.of(77_777);

    static Tcb withText(Profile p, long octets) {
        Tcb e = established(p);
        return arrive(p, e, peer(0, 0, Control.ACK).withDataLength((int) octets)).tcb();
    }

    // ---------------------------------------------------------------- §3.10.1 OPEN

    // §3.10.1: the user timeout of the OPEN call is a positive time; without one the profile's default applies.
    @Test
    void openTakesAPositiveUserTimeoutOrTheDefault() {
        Either<String, Step> zero = UserCalls.open(P, Tcb.closed(), true, false, Option.some(0L), X, T0);
        assertTrue(zero.getLeft().contains("user timeout must be positive"), zero::toString);
        Tcb one = UserCalls.open(P, Tcb.closed(), false, true, Option.some(1L), X, T0).get().tcb();
        assertEquals(Option.some(1L), one.userTimeout());
        assertEquals(Option.some(T0 + 1), one.deadline(Timer.USER));
        Tcb dflt = UserCalls.open(P, Tcb.closed(), false, true, Option.none(), X, T0).get().tcb();
        assertEquals(P.userTimeout(), dflt.userTimeout());
        assertEquals(Option.none(), UserCalls.open(LINUX, Tcb.closed(), false, true, Option.none(), X, T0).get().tcb()
                .userTimeout());
    }

    // §3.10.1: an active OPEN needs the foreign socket: "error: remote socket unspecified".
    @Test
    void anActiveOpenNeedsTheRemoteSocket() {
        Either<String, Step> e = UserCalls.open(P, Tcb.closed(), false, false, UT, X, T0);
        assertEquals("error: remote socket unspecified", e.getLeft());
        Step passive = ok(P, Tcb.closed(), UserCalls.open(P, Tcb.closed(), true, false, UT, X, T0));
        assertEquals(List.of(Notice.OK), passive.told());
        assertEquals(List.empty(), passive.sent());
        assertFalse(passive.tcb().remoteSpecified());
        assertTrue(ok(P, Tcb.closed(), UserCalls.open(P, Tcb.closed(), true, true, UT, X, T0)).tcb().remoteSpecified());
    }

    // §3.10.1: an active OPEN sends <SEQ=ISS><CTL=SYN> with this side's window and MSS, and enters SYN-SENT; in
    // LISTEN it "changes the connection from passive to active"; with a TCB it is "connection already exists".
    @Test
    void activeOpenSendsTheSyn() {
        for (Tcb from : List.of(Tcb.closed(), listen(P))) {
            Step s = ok(P, from, UserCalls.open(P, from, false, true, UT, X, T0));
            assertEquals(ConnectionState.of(TcpState.SYN_SENT), s.tcb().state());
            assertEquals(syn(P, X, T0), s.sent().single());
            assertEquals(X, s.tcb().snd().una());
            assertEquals(X.plus(1), s.tcb().snd().nxt());
            assertEquals(P.receiveWindow(), s.tcb().rcv().wnd());
            assertEquals(List.of(s.sent().single()), s.tcb().retransmission());
            assertEquals(List.of(Notice.OK), s.told());
        }
        Step again = ok(P, listen(P), UserCalls.open(P, listen(P), true, false, UT, X, T0));
        assertEquals(List.of(Notice.CONNECTION_ALREADY_EXISTS), again.told());
        assertEquals(listen(P), again.tcb());
        for (Tcb t : everyState(P).drop(2)) {
            for (boolean passive : List.of(true, false)) {
                Step s = ok(P, t, UserCalls.open(P, t, passive, true, UT, X, T0));
                assertEquals(List.of(Notice.CONNECTION_ALREADY_EXISTS), s.told(), t.state()::toString);
                assertEquals(t, s.tcb());
            }
        }
    }

    // ---------------------------------------------------------------- §3.10.2 SEND

    // §3.10.2: a SEND of a negative count is no call; zero octets is a SEND that sends nothing.
    @Test
    void sendCountsAreNotNegative() {
        Either<String, Step> neg = UserCalls.send(P, established(P), -1, X, T0, Choices.reference());
        assertTrue(neg.getLeft().contains("negative"), neg::toString);
        Step zero = ok(P, established(P), UserCalls.send(P, established(P), 0, X, T0, Choices.reference()));
        assertEquals(List.empty(), zero.sent());
        assertEquals(0, zero.tcb().sendQueue());
    }

    // §3.10.2: CLOSED "error: connection does not exist"; LISTEN with the remote socket specified sends a SYN and
    // queues the data, without it "error: foreign socket unspecified"; SYN-SENT and SYN-RECEIVED queue; the
    // closing states "error: connection closing".
    @Test
    void sendStateByState() {
        assertEquals(List.of(Notice.CONNECTION_DOES_NOT_EXIST),
                ok(P, Tcb.closed(), UserCalls.send(P, Tcb.closed(), 5, X, T0, Choices.reference())).told());
        assertEquals("error: remote socket unspecified",
                UserCalls.send(P, listen(P), 5, X, T0, Choices.reference()).getLeft());
        Tcb named = UserCalls.open(P, Tcb.closed(), true, true, UT, X, T0).get().tcb();
        Step active = ok(P, named, UserCalls.send(P, named, 5, ISS2, T0, Choices.reference()));
        assertEquals(ConnectionState.of(TcpState.SYN_SENT), active.tcb().state());
        assertEquals(ISS2, active.sent().single().seq());
        assertEquals(5, active.tcb().sendQueue());
        for (Tcb t : List.of(synSent(P), synRcvdPassive(P), synRcvdActive(P))) {
            Tcb queued = t.withSendQueue(3);
            Step s = ok(P, queued, UserCalls.send(P, queued, 5, X, T0, Choices.reference()));
            assertEquals(8, s.tcb().sendQueue(), t.state()::toString);
            assertEquals(List.empty(), s.sent());
            assertEquals(List.of(Notice.QUEUED), s.told());
        }
        for (Tcb t : List.of(finWait1(P), finWait2(P), closing(P), lastAck(P), timeWait(P))) {
            Step s = ok(P, t, UserCalls.send(P, t, 5, X, T0, Choices.reference()));
            assertEquals(List.of(Notice.ERROR_CONNECTION_CLOSING), s.told(), t.state()::toString);
            assertEquals(t, s.tcb());
        }
    }

    // §3.10.2 / §3.8.6: ESTABLISHED and CLOSE-WAIT segmentize by MSS and the usable window, the rest stays queued.
    @Test
    void sendSegmentizesByMssAndWindow() {
        for (Tcb t : List.of(established(P), closeWait(P))) {
            Step s = ok(P, t, UserCalls.send(P, t, 5000, X, T0, Choices.reference()));
            assertEquals(List.of(1000, 1000, 1000, 1000, 96), s.sent().map(Segment::dataLength), t.state()::toString);
            assertEquals(5000 - 4096, s.tcb().sendQueue());
            assertEquals(X.plus(1 + 4096), s.tcb().snd().nxt());
            assertEquals(List.of(Notice.OK), s.told());
        }
        Either<String, Step> bad = UserCalls.send(P, established(P), 10, X, T0, Choices.reference().segmentizing(0));
        assertTrue(bad.getLeft().contains("positive"), bad::toString);
        Either<String, Step> big = UserCalls.send(P, established(P), 10, X, T0, Choices.reference().segmentizing(11));
        assertTrue(big.getLeft().contains("only 10 are queued"), big::toString);
    }

    // ---------------------------------------------------------------- §3.10.3 RECEIVE

    // §3.10.3: RECEIVE returns at most what was asked and what is on hand; the window reopens by as much (§3.8.6).
    @Test
    void receiveReturnsWhatIsOnHand() {
        Tcb t = withText(P, 300);
        assertEquals(300, t.undelivered());
        long wnd = t.rcv().wnd();
        Step part = ok(P, t, UserCalls.receive(P, t, 120, T0));
        assertEquals(120, part.delivered());
        assertEquals(180, part.tcb().undelivered());
        assertEquals(wnd + 120, part.tcb().rcv().wnd());
        assertEquals(List.of(Notice.DATA), part.told());
        Step rest = ok(P, part.tcb(), UserCalls.receive(P, part.tcb(), 1_000, T0));
        assertEquals(180, rest.delivered());
        assertEquals(0, rest.tcb().undelivered());
        assertEquals(wnd + 300, rest.tcb().rcv().wnd());
        Step none = ok(P, rest.tcb(), UserCalls.receive(P, rest.tcb(), 1_000, T0));
        assertEquals(List.of(Notice.QUEUED), none.told());
        assertEquals(0, none.delivered());
        Step zero = ok(P, t, UserCalls.receive(P, t, 0, T0));
        assertEquals(0, zero.delivered());
        assertTrue(UserCalls.receive(P, t, -1, T0).getLeft().contains("negative"));
    }

    // §3.10.3: CLOSED "error: connection does not exist"; before ESTABLISHED queued; CLOSE-WAIT returns what is on
    // hand, then "error: connection closing"; CLOSING, LAST-ACK and TIME-WAIT "error: connection closing".
    @Test
    void receiveStateByState() {
        assertEquals(List.of(Notice.CONNECTION_DOES_NOT_EXIST),
                ok(P, Tcb.closed(), UserCalls.receive(P, Tcb.closed(), 5, T0)).told());
        for (Tcb t : List.of(listen(P), synSent(P), synRcvdPassive(P))) {
            assertEquals(List.of(Notice.QUEUED), ok(P, t, UserCalls.receive(P, t, 5, T0)).told());
        }
        Tcb cw = arrive(P, withText(P, 50), peer(50, 0, Control.ACK, Control.FIN)).tcb();
        assertTrue(cw.is(TcpState.CLOSE_WAIT));
        Step data = ok(P, cw, UserCalls.receive(P, cw, 20, T0));
        assertEquals(20, data.delivered());
        assertEquals(List.of(Notice.DATA), data.told());
        assertEquals(List.of(Notice.ERROR_CONNECTION_CLOSING),
                ok(P, closeWait(P), UserCalls.receive(P, closeWait(P), 5, T0)).told());
        for (Tcb t : List.of(closing(P), lastAck(P), timeWait(P))) {
            assertEquals(List.of(Notice.ERROR_CONNECTION_CLOSING), ok(P, t, UserCalls.receive(P, t, 5, T0)).told());
        }
        Tcb fw2 = arrive(P, finWait2(P), peer(0, 1, Control.ACK).withDataLength(10)).tcb();
        assertEquals(10, ok(P, fw2, UserCalls.receive(P, fw2, 50, T0)).delivered());
    }

    // ---------------------------------------------------------------- §3.10.4 CLOSE

    // §3.10.4: CLOSED "error: connection does not exist"; LISTEN and SYN-SENT delete the TCB and return ("error:
    // closing" goes to outstanding calls, of which there are none here); FIN-WAIT-1 and later "error: connection
    // closing".
    @Test
    void closeStateByState() {
        assertEquals(List.of(Notice.CONNECTION_DOES_NOT_EXIST),
                ok(P, Tcb.closed(), UserCalls.close(P, Tcb.closed(), T0)).told());
        for (Tcb t : List.of(listen(P), synSent(P))) {
            Step s = ok(P, t, UserCalls.close(P, t, T0));
            assertEquals(Tcb.closed(), s.tcb());
            assertEquals(List.of(Notice.OK), s.told());
            assertEquals(List.empty(), s.sent());
        }
        for (Tcb t : List.of(finWait1(P), finWait2(P), closing(P), lastAck(P), timeWait(P))) {
            Step s = ok(P, t, UserCalls.close(P, t, T0));
            assertEquals(List.of(Notice.ERROR_CONNECTION_CLOSING), s.told(), t.state()::toString);
            assertEquals(t, s.tcb());
        }
    }

    // §3.10.4: ESTABLISHED sends the FIN and enters FIN-WAIT-1; CLOSE-WAIT sends it and enters LAST-ACK; with SENDs
    // queued the FIN follows them.
    @Test
    void closeSendsTheFinAfterTheQueuedData() {
        Step e = ok(P, established(P), UserCalls.close(P, established(P), T0));
        assertEquals(ConnectionState.of(TcpState.FIN_WAIT_1), e.tcb().state());
        Segment fin = e.sent().single();
        assertTrue(fin.fin() && fin.isAck());
        assertEquals(X.plus(1), fin.seq());
        assertEquals(Option.some(X.plus(1)), e.tcb().snd().fin());
        assertEquals(List.of(Notice.OK), e.told());
        Step cw = ok(P, closeWait(P), UserCalls.close(P, closeWait(P), T0));
        assertEquals(ConnectionState.of(TcpState.LAST_ACK), cw.tcb().state());
        assertTrue(cw.sent().single().fin());
        Tcb queued = established(P).withSendQueue(1);
        Step q = ok(P, queued, UserCalls.close(P, queued, T0));
        assertEquals(List.empty(), q.sent());
        assertTrue(q.tcb().closeQueued());
        assertEquals(ConnectionState.of(TcpState.FIN_WAIT_1), q.tcb().state());
    }

    // §3.10.4 SYN-RECEIVED: "form a FIN segment and send it, and enter FIN-WAIT-1 state" (the peer's window is not
    // yet known, so no window test applies); with SENDs queued the FIN waits.
    @Test
    void closeInSynReceivedSendsTheFin() {
        for (Tcb t : List.of(synRcvdPassive(P), synRcvdActive(P))) {
            Step s = ok(P, t, UserCalls.close(P, t, T0));
            assertEquals(ConnectionState.of(TcpState.FIN_WAIT_1), s.tcb().state());
            assertEquals(X.plus(1), s.sent().single().seq());
            assertTrue(s.sent().single().fin());
            assertEquals(List.of(Notice.OK), s.told());
            Step q = ok(P, t.withSendQueue(4), UserCalls.close(P, t.withSendQueue(4), T0));
            assertEquals(List.empty(), q.sent());
        }
    }

    // §3.2 Figure 3: the FIN is a sequence number and waits while the peer's window is full.
    @Test
    void theFinWaitsForRoomInTheWindow() {
        Tcb full = established(P).withSnd(established(P).snd().withWindow(0, Y, X.plus(1)));
        Step s = ok(P, full, UserCalls.close(P, full, T0));
        assertEquals(List.empty(), s.sent());
        assertTrue(s.rule().contains("waits for room"), s::rule);
        assertEquals(ConnectionState.of(TcpState.FIN_WAIT_1), s.tcb().state());
        Tcb one = established(P).withSnd(established(P).snd().withWindow(1, Y, X.plus(1)));
        assertTrue(ok(P, one, UserCalls.close(P, one, T0)).sent().single().fin());
    }

    // RFC 2525 §2.17 (Linux): a CLOSE with unread data resets the connection; with everything read it closes.
    @Test
    void linuxResetsOnCloseWithUnreadData() {
        Tcb unread = withText(LINUX, 1);
        Step rst = ok(LINUX, unread, UserCalls.close(LINUX, unread, T0));
        assertEquals(Tcb.closed(), rst.tcb());
        Segment r = rst.sent().single();
        assertTrue(r.rst() && r.isAck());
        assertEquals(unread.snd().nxt(), r.seq());
        assertEquals(unread.rcv().nxt(), r.ack());
        assertEquals(Event.ABORT, rst.event());
        Tcb read = UserCalls.receive(LINUX, unread, 1, T0).get().tcb();
        assertTrue(ok(LINUX, read, UserCalls.close(LINUX, read, T0)).sent().single().fin());
        assertTrue(ok(P, withText(P, 1), UserCalls.close(P, withText(P, 1), T0)).sent().single().fin(),
                "RFC 9293 sends the FIN anyway");
    }

    // ---------------------------------------------------------------- §3.10.5 ABORT, §3.10.6 STATUS

    // §3.10.5: LISTEN and SYN-SENT just delete the TCB (a listener's outstanding RECEIVEs get "error: connection
    // reset", SYN-SENT's queued calls "connection reset"); SYN-RECEIVED to CLOSE-WAIT send <SEQ=SND.NXT><CTL=RST>;
    // CLOSING, LAST-ACK and TIME-WAIT respond "ok"; CLOSED "error: connection does not exist".
    @Test
    void abortStateByState() {
        assertEquals(List.of(Notice.CONNECTION_DOES_NOT_EXIST),
                ok(P, Tcb.closed(), UserCalls.abort(P, Tcb.closed(), T0)).told());
        for (Tcb t : List.of(listen(P), synSent(P))) {
            Step s = ok(P, t, UserCalls.abort(P, t, T0));
            assertEquals(List.empty(), s.sent());
            assertEquals(List.of(t.is(TcpState.LISTEN) ? Notice.ERROR_CONNECTION_RESET : Notice.CONNECTION_RESET),
                    s.told());
        }
        for (Tcb t : List.of(synRcvdPassive(P), established(P), finWait1(P), finWait2(P), closeWait(P))) {
            Step s = ok(P, t, UserCalls.abort(P, t, T0));
            assertEquals(Segment.of(t.snd().nxt(), Control.RST), s.sent().single(), t.state()::toString);
            assertEquals(List.of(Notice.CONNECTION_RESET), s.told());
            assertEquals(Tcb.closed(), s.tcb());
        }
        for (Tcb t : List.of(closing(P), lastAck(P), timeWait(P))) {
            Step s = ok(P, t, UserCalls.abort(P, t, T0));
            assertEquals(List.empty(), s.sent());
            assertEquals(List.of(Notice.OK), s.told());
            assertEquals(Tcb.closed(), s.tcb());
        }
    }

    // §3.10.6: STATUS reports the state of an existing connection; CLOSED "error: connection does not exist".
    @Test
    void statusReportsTheState() {
        assertEquals(List.of(Notice.CONNECTION_DOES_NOT_EXIST),
                ok(P, Tcb.closed(), UserCalls.status(P, Tcb.closed(), T0)).told());
        for (Tcb t : everyState(P).drop(1)) {
            Step s = ok(P, t, UserCalls.status(P, t, T0));
            assertEquals(List.of(Notice.STATE), s.told());
            assertEquals(t, s.tcb());
            assertTrue(s.rule().contains(t.tcpState().rfcName()), s::rule);
        }
        assertEquals(ConnectionState.synReceived(Origin.PASSIVE), synRcvdPassive(P).state());
    }

    // §3.10: the user is told in the RFC's words; a refused call's rule ends with them.
    @Test
    void noticesUseTheRfcsWords() {
        assertEquals("error: connection does not exist", Notice.CONNECTION_DOES_NOT_EXIST.text());
        assertEquals("error: connection already exists", Notice.CONNECTION_ALREADY_EXISTS.text());
        assertEquals("error: connection closing", Notice.ERROR_CONNECTION_CLOSING.text());
        assertEquals("error: closing", Notice.ERROR_CLOSING.text());
        assertEquals("connection reset", Notice.CONNECTION_RESET.text());
        assertEquals("connection refused", Notice.CONNECTION_REFUSED.text());
        assertEquals("error: connection aborted due to user timeout", Notice.USER_TIMEOUT.text());
        Step s = ok(P, Tcb.closed(), UserCalls.send(P, Tcb.closed(), 1, X, T0, Choices.reference()));
        assertTrue(s.rule().endsWith(": error: connection does not exist"), s::rule);
    }
}
