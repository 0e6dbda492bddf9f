package io.github.tcpmodel.property.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.generator.Traces;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import org.junit.jupiter.api.Test;

/** What a divergence report says: the implementation's own state, the requirement, the exception; levels. */
class KitReportTest {

    static final SeqNum ISS = SeqNum.of(1000);
    static final Set<Should> ALL = HashSet.of(Should.values());

    /** Answers a SYN in LISTEN with a SYN,ACK whose SEG.ACK is one too far, and stays in SYN-RECEIVED. */
    static final class WrongSynAck extends ModelImplementation {
        WrongSynAck(Profile p, SeqNum iss) {
            super(p, iss);
        }

        @Override
        public List<Segment> deliver(Segment segment, long now) {
            List<Segment> sent = super.deliver(segment, now);
            return sent.map(s -> s.syn() && s.isAck() ? s.withAck(s.ack().plus(1)) : s);
        }
    }

    /** Throws on CLOSE. */
    static final class ThrowsOnClose extends ModelImplementation {
        static final IllegalStateException BOOM = new IllegalStateException("close failed");

        ThrowsOnClose(Profile p, SeqNum iss) {
            super(p, iss);
        }

        @Override
        public List<Segment> call(UserCall call, long now) {
            if (call.kind() == UserCall.Kind.CLOSE) {
                throw BOOM;
            }
            return super.call(call, now);
        }
    }

    /** Declines SHLD-31: text beyond RCV.NXT is acknowledged and dropped, not held. */
    static final class DropsOutOfOrder extends ModelImplementation {
        DropsOutOfOrder(Profile p, SeqNum iss) {
            super(p, iss);
        }

        @Override
        public List<Segment> deliver(Segment segment, long now) {
            List<Segment> held = tcb().reassembly();
            List<Segment> sent = super.deliver(segment, now);
            List<Segment> added = tcb().reassembly().removeAll(held).filter(h -> h.seq().gt(tcb().rcv().nxt()));
            setTcb(tcb().withReassembly(tcb().reassembly().removeAll(added)));
            return sent;
        }
    }

    static Implementation.ConformanceFactory factory(String name, java.util.function.Supplier<Implementation> make) {
        return new Implementation.ConformanceFactory() {
            @Override
            public Implementation create() {
                return make.get();
            }

            @Override
            public Profile profile() {
                return Profile.rfc9293();
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    void theReportShowsTheImplementationsOwnStateWhenTheSegmentsDiffer() {
        Lockstep runner = new Lockstep(factory("wrong-syn-ack", () -> new WrongSynAck(Profile.rfc9293(), ISS)));
        RunResult r = runner.run(Traces.to(ConnectionState.synReceived(io.github.tcpmodel.table.Origin.PASSIVE),
                SeqNum.of(5)));
        Divergence d = r.divergence().get();
        assertTrue(d.reason().startsWith("the segments differ"), d::report);
        assertEquals(TcpState.SYN_RECEIVED, d.implState(), d::report);
        assertTrue(d.report().contains("wrong-syn-ack: SYN-RECEIVED"), d::report);
        assertTrue(d.report().contains("breaks:         RFC 9293 §3.10.7.2"), d::report);
    }

    @Test
    void anExceptionOfTheImplementationIsTheCause() {
        Lockstep runner = new Lockstep(factory("throws", () -> new ThrowsOnClose(Profile.rfc9293(), ISS)));
        RunResult r = runner.run(Traces.to(ConnectionState.of(TcpState.FIN_WAIT_1), SeqNum.of(5)));
        Divergence d = r.divergence().get();
        assertSame(ThrowsOnClose.BOOM, d.cause().get());
        assertSame(ThrowsOnClose.BOOM, d.asError("ctx").getCause());
        assertTrue(d.asError("ctx").getMessage().startsWith("ctx\ndivergence at input 3"), d::report);
        assertEquals(TcpState.ESTABLISHED, d.implState(), d::report);
    }

    @Test
    void anExceptionFromStateIsADivergenceWithItsCause() {
        IllegalStateException boom = new IllegalStateException("no state");
        Lockstep runner = new Lockstep(factory("state-throws", () -> new ModelImplementation(Profile.rfc9293(), ISS) {
            @Override
            public TcpState state() {
                if (tcb().is(TcpState.SYN_SENT)) {
                    throw boom;
                }
                return super.state();
            }
        }));
        Divergence d = runner.run(Traces.to(ConnectionState.of(TcpState.ESTABLISHED), SeqNum.of(5)))
                .divergence().get();
        assertEquals(1, d.index(), d::report);
        assertTrue(d.reason().contains("from state()"), d::report);
        assertSame(boom, d.cause().get());
    }

    @Test
    void aPropertyFailureKeepsTheExceptionInItsCauseChain() {
        Lockstep runner = new Lockstep(factory("throws", () -> new ThrowsOnClose(Profile.rfc9293(), ISS)));
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> Check.qt("KitReportTest#chain", 50).forAll(Traces.traces(6)).checkAssert(t -> {
                    RunResult r = runner.run(t);
                    if (!r.conforms()) {
                        throw r.divergence().get().asError("");
                    }
                }));
        Throwable c = e;
        while (c != null && c != ThrowsOnClose.BOOM) {
            c = c.getCause();
        }
        assertSame(ThrowsOnClose.BOOM, c, () -> "cause chain of " + e);
    }

    @Test
    void eachLevelAdmitsTheInputsOfTheLevelsBelow() {
        ModelImplementation m = new ModelImplementation(Profile.rfc9293(), ISS);
        m.call(UserCall.of(UserCall.Kind.ACTIVE_OPEN), 0);
        m.deliver(Segment.of(SeqNum.of(7), Control.SYN).withAck(ISS.plus(1)).withWindow(4096), 0);
        Tcb established = m.tcb();
        assertTrue(established.is(TcpState.ESTABLISHED));
        SeqNum nxt = established.rcv().nxt();
        SeqNum sndNxt = established.snd().nxt();
        Stimulus ack = new Stimulus.Deliver(Segment.of(nxt).withAck(sndNxt).withWindow(4096));
        Stimulus fin = new Stimulus.Deliver(Segment.of(nxt, Control.FIN).withAck(sndNxt).withWindow(4096));
        Stimulus text = new Stimulus.Deliver(Segment.of(nxt).withAck(sndNxt).withWindow(4096).withDataLength(10));
        Stimulus ahead = new Stimulus.Deliver(Segment.of(nxt.plus(5)).withAck(sndNxt).withWindow(4096)
                .withDataLength(10));
        Stimulus closedWindow = new Stimulus.Deliver(Segment.of(nxt).withAck(sndNxt).withWindow(0));
        Stimulus syn = new Stimulus.Deliver(Segment.of(nxt, Control.SYN).withWindow(4096));
        Stimulus badAck = new Stimulus.Deliver(Segment.of(nxt).withAck(sndNxt.plus(9)).withWindow(4096));
        // 2^31 ahead: neither before nor after SND.NXT (RFC 1982 §3.2), so not within [SND.UNA, SND.NXT] either.
        Stimulus farAck = new Stimulus.Deliver(Segment.of(nxt).withAck(sndNxt.plus(SeqNum.HALF)).withWindow(4096));
        Stimulus send = new Stimulus.Call(UserCall.send(10));
        Stimulus close = new Stimulus.Call(UserCall.of(UserCall.Kind.CLOSE));
        Stimulus wait = new Stimulus.Advance(1000);
        List<Stimulus> all = List.of(ack, fin, close, text, ahead, closedWindow, send, syn, badAck, farAck, wait);
        // The first n of `all` are in scope at each level, in order.
        int[] admitted = {3, 7, 10, 11};
        for (Level level : Level.values()) {
            Tcb t = established;
            List<Boolean> in = all.map(s -> Lockstep.outOfScope(level, ALL, t, s).isEmpty());
            assertEquals(List.fill(admitted[level.ordinal()], true)
                    .appendAll(List.fill(all.size() - admitted[level.ordinal()], false)), in, level::toString);
        }
        assertTrue(Lockstep.outOfScope(Level.TIMERS, HashSet.empty(), established, ahead).get().contains("SHLD-31"));
        assertTrue(Lockstep.outOfScope(Level.TIMERS, HashSet.empty(), established, text).isEmpty());
    }

    @Test
    void declinedShouldsAreNotTestedAndClaimedOnesAreAndNamed() {
        Implementation.ConformanceFactory f = factory("drops-out-of-order",
                () -> new DropsOutOfOrder(Profile.rfc9293(), ISS));
        Lockstep claimed = new Lockstep(f, Level.TIMERS, ALL);
        Lockstep declined = new Lockstep(f, Level.TIMERS, HashSet.empty());
        // Text at RCV.NXT + 10, then the 10 octets before it: who held the first acknowledges both.
        InputTrace t = Traces.to(ConnectionState.of(TcpState.ESTABLISHED), SeqNum.of(5),
                new Input.Peer(new SegmentSpec(HashSet.of(Control.ACK), false, 10, false, 0, 10, 4096)),
                new Input.Peer(new SegmentSpec(HashSet.of(Control.ACK), false, 0, false, 0, 10, 4096)));
        Divergence d = claimed.run(t).divergence().get();
        assertEquals(4, d.index(), d::report);
        assertEquals("SHLD-31", d.requirement().id(), d::report);
        RunResult r = declined.run(t);
        assertTrue(r.conforms(), () -> r.divergence().get().report());
        assertEquals(List.of(false, false, true, false), r.entries().map(Entry::skipped));
    }

    @Test
    void handshakeAndCloseSkipsDataAndTime() {
        Lockstep runner = new Lockstep(ModelImplementation.factory(Profile.rfc9293(), ISS), Level.HANDSHAKE_AND_CLOSE,
                ALL);
        RunResult r = runner.run(Traces.to(ConnectionState.of(TcpState.ESTABLISHED), SeqNum.of(5),
                new Input.Call(UserCall.send(100)), new Input.Wait(1000, true),
                new Input.Call(UserCall.of(UserCall.Kind.CLOSE))));
        assertTrue(r.conforms());
        assertEquals(List.of(false, false, true, true, false), r.entries().map(Entry::skipped));
        assertEquals(TcpState.FIN_WAIT_1, r.entries().last().implState());
    }
}
