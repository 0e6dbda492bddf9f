package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.AddressFamily;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.semantics.IcmpArrival.Kind;
import io.github.tcpmodel.semantics.IcmpArrival.Message;
import io.github.tcpmodel.semantics.IcmpArrival.Result;
import io.github.tcpmodel.semantics.IcmpArrival.Verdict;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** RFC 9293 §3.9.2.2 (MUST-54, MUST-55, MUST-56, SHLD-25, SHLD-26) and RFC 5927 §4.1: ICMP errors. */
class IcmpArrivalTest {

    static final Profile RFC = Profile.rfc9293();
    static final Profile LINUX = Profile.linux();

    static Message v4(int type, int code, Tcb t) {
        return new Message(AddressFamily.IPV4, type, code, t.snd().una());
    }

    static Message v6(int type, int code, Tcb t) {
        return new Message(AddressFamily.IPV6, type, code, t.snd().una());
    }

    /** An ESTABLISHED connection with 10 octets in flight: SND.UNA = X + 1, SND.NXT = X + 11. */
    static Tcb sending(Profile p) {
        return ok(p, established(p), UserCalls.send(p, established(p), 10, X, T0, Choices.reference())).tcb();
    }

    // §3.9.2.2: the soft errors and hard errors as RFC 9293 lists them, for ICMP and ICMPv6.
    @Test
    void theRfcsClassesOfMessages() {
        Tcb t = sending(RFC);
        for (int code : new int[] {0, 1, 5}) {
            assertEquals(Kind.SOFT, IcmpArrival.classify(RFC, v4(3, code, t)), "Dest Unreach " + code);
        }
        for (int code : new int[] {2, 3, 4}) {
            assertEquals(Kind.HARD, IcmpArrival.classify(RFC, v4(3, code, t)), "Dest Unreach " + code);
        }
        assertEquals(Kind.SOFT, IcmpArrival.classify(RFC, v4(11, 0, t)));
        assertEquals(Kind.SOFT, IcmpArrival.classify(RFC, v4(11, 1, t)));
        assertEquals(Kind.SOFT, IcmpArrival.classify(RFC, v4(12, 0, t)));
        assertEquals(Kind.SOURCE_QUENCH, IcmpArrival.classify(RFC, v4(4, 0, t)));
        assertEquals(Kind.UNLISTED, IcmpArrival.classify(RFC, v4(3, 13, t)));
        assertEquals(Kind.NOT_AN_ERROR, IcmpArrival.classify(RFC, v4(5, 0, t)), "Redirect");
        for (int code : new int[] {0, 3}) {
            assertEquals(Kind.SOFT, IcmpArrival.classify(RFC, v6(1, code, t)), "ICMPv6 Dest Unreach " + code);
        }
        assertEquals(Kind.UNLISTED, IcmpArrival.classify(RFC, v6(1, 4, t)), "ICMPv6 port unreachable");
        assertEquals(Kind.SOFT, IcmpArrival.classify(RFC, v6(3, 1, t)));
        assertEquals(Kind.SOFT, IcmpArrival.classify(RFC, v6(4, 2, t)));
        assertEquals(Kind.UNLISTED, IcmpArrival.classify(RFC, v6(4, 3, t)));
        assertEquals(Kind.PATH_MTU, IcmpArrival.classify(RFC, v6(2, 0, t)), "Packet Too Big");
        assertEquals(Kind.NOT_AN_ERROR, IcmpArrival.classify(RFC, v6(128, 0, t)), "Echo Request");
        assertEquals(Kind.PATH_MTU, IcmpArrival.classify(LINUX, v4(3, 4, t)), "Linux: fragmentation needed");
    }

    // MUST-56: "a TCP implementation MUST NOT abort the connection" on a soft error, in any state; SHLD-25: it is
    // reported. MUST-55: Source Quench is silently discarded.
    @Test
    void softErrorsNeverAbortUnderTheRfc() {
        int reported = 0;
        for (Tcb t : everyState(RFC).append(sending(RFC))) {
            if (t.is(TcpState.CLOSED) || t.is(TcpState.LISTEN)) {
                continue;
            }
            for (Message m : List.of(v4(3, 0, t), v4(3, 1, t), v4(3, 5, t), v4(11, 0, t), v4(12, 0, t), v6(1, 3, t),
                    v6(3, 0, t), v6(4, 1, t))) {
                Result r = IcmpArrival.arrives(RFC, t, m, T0);
                // Reported when it quotes an outstanding segment; otherwise RFC 5927 discards it first.
                assertEquals(IcmpArrival.sequenceAcceptable(RFC, t, m.quotedSeq()) ? Verdict.REPORTED
                        : Verdict.DISCARDED, r.verdict(), t.state() + " " + m);
                reported += r.verdict() == Verdict.REPORTED ? 1 : 0;
                assertSame(t, r.tcb(), "the connection is untouched");
            }
            Result q = IcmpArrival.arrives(RFC, t, v4(4, 0, t), T0);
            assertEquals(Verdict.DISCARDED, q.verdict());
            assertSame(t, q.tcb());
        }
        assertEquals(7 * 8, reported, "SYN-SENT, both SYN-RECEIVED, FIN-WAIT-1, CLOSING, LAST-ACK, ESTABLISHED sending");
    }

    // SHLD-26: a hard error "SHOULD abort the connection": the TCB is deleted; an embryo of a passive OPEN gives way
    // to its listener, which goes on listening.
    @Test
    void hardErrorsAbort() {
        Tcb est = sending(RFC);
        Result r = IcmpArrival.arrives(RFC, est, v4(3, 3, est), T0);
        assertEquals(Verdict.ABORTED, r.verdict());
        assertEquals(Tcb.closed(), r.tcb());
        Tcb synSent = synSent(RFC);
        assertEquals(Tcb.closed(), IcmpArrival.arrives(RFC, synSent, v4(3, 2, synSent), T0).tcb());
        Tcb embryo = synRcvdPassive(RFC);
        Result back = IcmpArrival.arrives(RFC, embryo, v4(3, 3, embryo), T0 + 5);
        assertEquals(Verdict.ABORTED, back.verdict());
        assertEquals(TcpState.LISTEN, back.tcb().tcpState());
        assertEquals(listen(RFC).withLastReceived(T0 + 5), back.tcb(), "the listener as the passive OPEN made it");
        assertEquals("§3.9.2.2 SHLD-26: a hard error: \"SHOULD abort the connection\"; the passive OPEN's listener goes "
                + "on (Figure 5 Note 1)", back.rule());
        assertEquals("§3.9.2.2 SHLD-26: a hard error: \"SHOULD abort the connection\"",
                IcmpArrival.arrives(RFC, est, v4(3, 3, est), T0).rule());
    }

    // RFC 5927 §4.1: "SND.UNA =< SEG.SEQ < SND.NXT"; outside it the message is discarded, so a blind attacker cannot
    // abort the connection. Linux also takes SEG.SEQ = SND.NXT.
    @Test
    void theQuotedSequenceNumberMustBeOutstanding() {
        Tcb t = sending(RFC);
        for (long off : new long[] {0, 5, 9}) {
            Message m = Message.unreachable(3, t.snd().una().plus(off));
            assertEquals(Verdict.ABORTED, IcmpArrival.arrives(RFC, t, m, T0).verdict(), "offset " + off);
        }
        for (long off : new long[] {-1, 10, 11, 1 << 30}) {
            Message m = Message.unreachable(3, t.snd().una().plus(off));
            Result r = IcmpArrival.arrives(RFC, t, m, T0);
            assertEquals(Verdict.DISCARDED, r.verdict(), "offset " + off);
            assertSame(t, r.tcb());
        }
        Tcb l = sending(LINUX);
        assertTrue(IcmpArrival.sequenceAcceptable(LINUX, l, l.snd().nxt()));
        assertFalse(IcmpArrival.sequenceAcceptable(RFC, t, t.snd().nxt()));
        assertFalse(IcmpArrival.sequenceAcceptable(LINUX, l, l.snd().nxt().plus(1)));
        // Nothing outstanding: every message is discarded under the RFC's check.
        Tcb idle = established(RFC);
        assertEquals(Verdict.DISCARDED, IcmpArrival.arrives(RFC, idle, v4(3, 3, idle), T0).verdict());
        assertEquals(Verdict.DISCARDED, IcmpArrival.arrives(RFC, listen(RFC), v4(3, 3, idle), T0).verdict(),
                "LISTEN sent nothing");
    }

    // The Linux switch: soft errors abort a connection being established (RFC 5461 §4), hard errors do not abort a
    // synchronized one, fragmentation needed aborts nothing.
    @Test
    void linuxTreatsSoftErrorsAsHardDuringTheHandshake() {
        Tcb synSent = synSent(LINUX);
        Result r = IcmpArrival.arrives(LINUX, synSent, v4(3, 1, synSent), T0);
        assertEquals(Verdict.ABORTED, r.verdict());
        assertEquals(Tcb.closed(), r.tcb());
        assertEquals(Verdict.REPORTED, IcmpArrival.arrives(RFC, synSent(RFC), v4(3, 1, synSent(RFC)), T0).verdict(),
                "the RFC's reading does not abort");
        Tcb active = synRcvdActive(LINUX);
        assertEquals(Verdict.ABORTED, IcmpArrival.arrives(LINUX, active, v4(11, 0, active), T0).verdict());
        Tcb est = sending(LINUX);
        assertEquals(Verdict.REPORTED, IcmpArrival.arrives(LINUX, est, v4(3, 1, est), T0).verdict());
        assertEquals(Verdict.REPORTED, IcmpArrival.arrives(LINUX, est, v4(3, 3, est), T0).verdict());
        assertEquals(Verdict.REPORTED, IcmpArrival.arrives(LINUX, est, v4(3, 4, est), T0).verdict());
        assertEquals(Verdict.ABORTED, IcmpArrival.arrives(RFC, sending(RFC), v4(3, 4, sending(RFC)), T0).verdict(),
                "RFC 9293 lists code 4 among the hard errors");
        assertTrue(LINUX.icmpAsLinux());
        assertFalse(RFC.icmpAsLinux());
        assertTrue(RFC.withIcmpAsLinux(true).icmpAsLinux());
        assertFalse(LINUX.withIcmpAsLinux(false).icmpAsLinux());
    }
}
