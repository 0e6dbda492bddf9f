package io.github.tcpmodel.property.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.generator.Traces;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class BrokenImplementationsTest {

    static final SeqNum ISS = SeqNum.of(SeqNum.MODULUS - 1);

    /** Goes to CLOSED where RFC 9293 §3.10.7.4 eighth enters TIME-WAIT. */
    static final class SkipsTimeWait extends ModelImplementation {
        SkipsTimeWait(Profile p, SeqNum iss) {
            super(p, iss);
        }

        @Override
        protected Step after(Step s) {
            Step r = super.after(s);
            if (tcb().is(TcpState.TIME_WAIT)) {
                setTcb(Tcb.closed());
            }
            return r;
        }
    }

    /** Takes any RST, in the window or not, as a reset of the connection (no RFC 9293 §3.10.7.4 first/second). */
    static final class AcceptsAnyRst extends ModelImplementation {
        AcceptsAnyRst(Profile p, SeqNum iss) {
            super(p, iss);
        }

        @Override
        public List<Segment> deliver(Segment segment, long now) {
            if (segment.rst() && !tcb().is(TcpState.CLOSED) && !tcb().is(TcpState.LISTEN)) {
                setTcb(Tcb.closed());
                return List.empty();
            }
            return super.deliver(segment, now);
        }
    }

    /** Never sets PSH: no PUSH flag on its SEND and no PSH on the last buffered segment (RFC 9293 MUST-61). */
    static final class NeverPushes extends ModelImplementation {
        NeverPushes(Profile p, SeqNum iss) {
            super(p, iss);
        }

        @Override
        public List<Segment> call(UserCall call, long at) {
            return super.call(call, at).map(x -> x.without(Control.PSH));
        }

        @Override
        public List<Segment> deliver(Segment segment, long at) {
            return super.deliver(segment, at).map(x -> x.without(Control.PSH));
        }

        @Override
        public List<Segment> advance(long at) {
            return super.advance(at).map(x -> x.without(Control.PSH));
        }
    }

    /**
     * Holds every ACK that acknowledges text and sends it with its next answer to time passing at least 600 ms later:
     * later than MUST-40's 0.5 seconds.
     */
    static final class AcksLate extends ModelImplementation {
        private List<Segment> held = List.empty();
        private long heldSince;

        AcksLate(Profile p, SeqNum iss) {
            super(p, iss);
        }

        @Override
        public List<Segment> deliver(Segment segment, long at) {
            List<Segment> out = super.deliver(segment, at);
            if (segment.dataLength() == 0 || !tcb().tcpState().isSynchronized()) {
                return out;
            }
            List<Segment> acks = out.filter(x -> x.isAck() && x.len() == 0 && !x.rst());
            if (held.isEmpty()) {
                heldSince = at;
            }
            held = held.appendAll(acks);
            return out.removeAll(acks);
        }

        @Override
        public List<Segment> advance(long at) {
            List<Segment> out = super.advance(at);
            if (!held.isEmpty() && at - heldSince >= 600) {
                out = held.appendAll(out);
                held = List.empty();
            }
            return out;
        }
    }

    static Implementation.ConformanceFactory factory(String name, Profile claimed,
                                                     BiFunction<Profile, SeqNum, Implementation> make) {
        return new Implementation.ConformanceFactory() {
            @Override
            public Implementation create() {
                return make.apply(claimed, ISS);
            }

            @Override
            public Profile profile() {
                return claimed;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** The smallest trace on which the runner catches {@code f}, after checking it is short. */
    static RunResult caught(Implementation.ConformanceFactory f, int maxInputs) {
        Lockstep runner = new Lockstep(f);
        Option<InputTrace> t = Check.counterexample("caught " + f.name(), Check.tries(5.0, 500), Traces.traces(12),
                trace -> runner.run(trace).conforms());
        assertTrue(t.isDefined(), () -> f.name() + " was not caught");
        RunResult r = runner.run(t.get());
        System.out.println("counterexample for " + f.name() + ":\n" + t.get() + "\n" + r.divergence().get().report());
        assertTrue(t.get().size() <= maxInputs, () -> "counterexample too long:\n" + t.get());
        return r;
    }

    @Test
    void skippingTimeWaitIsCaughtWithAShortTrace() {
        RunResult r = caught(factory("skips-time-wait", Profile.rfc9293(), SkipsTimeWait::new), 6);
        Divergence d = r.divergence().get();
        assertEquals(TcpState.TIME_WAIT.rfcName(), d.modelState());
        assertEquals(TcpState.CLOSED, d.implState());
    }

    @Test
    void acceptingAnyRstIsCaughtWithAShortTrace() {
        RunResult r = caught(factory("accepts-any-rst", Profile.rfc9293(), AcceptsAnyRst::new), 4);
        Divergence d = r.divergence().get();
        assertTrue(d.stimulus().toString().contains("RST"), d::report);
        assertEquals(TcpState.CLOSED, d.implState());
    }

    @Test
    void neverPushingIsCaughtWithAShortTrace() {
        RunResult r = caught(factory("never-pushes", Profile.rfc9293(), NeverPushes::new), 4);
        assertTrue(r.divergence().get().report().contains("MUST-61"), r.divergence().get()::report);
        assertEquals("MUST-61", r.divergence().get().requirement().id(), r.divergence().get()::report);
    }

    // An RFC 793 stack (no RFC 5961 challenge ACKs) claiming RFC 9293's recommended profile.
    @Test
    void missingChallengeAcksAreCaughtWithAShortTrace() {
        RunResult r = caught(factory("rfc793-stack", Profile.rfc9293(),
                (p, iss) -> new ModelImplementation(Profile.rfc9293().withRfc5961(false), iss)), 4);
        assertTrue(r.divergence().get().rule().contains("5961"), r.divergence().get()::report);
    }

    // MUST-40: an ACK delayed by 0.5 seconds or more.
    @Test
    void anAckHalfASecondLateIsCaught() {
        Lockstep runner = new Lockstep(factory("acks-late", Profile.rfc9293(), AcksLate::new));
        Input open = Traces.call(UserCall.Kind.ACTIVE_OPEN);
        Input synAck = Traces.peer(false, 0, Control.SYN, Control.ACK);
        Input text = new Input.Peer(new SegmentSpec(io.vavr.collection.HashSet.of(Control.ACK), false, 0, false, 0,
                100, 4096));
        RunResult late = runner.run(InputTrace.of(7, open, synAck, text, new Input.Wait(1000, false)));
        assertFalse(late.conforms());
        Divergence d = late.divergence().get();
        assertTrue(d.report().contains("MUST-40"), d::report);
        assertEquals("MUST-40", d.requirement().id(), d::report);
        // The same implementation within the bound: time passes in steps of 300 ms, and its held ACK goes at 600.
        RunResult model = new Lockstep(factory("model", Profile.rfc9293(), ModelImplementation::new))
                .run(InputTrace.of(7, open, synAck, text, new Input.Wait(1000, false)));
        assertTrue(model.conforms(), () -> model.divergence().get().report());
    }

    // MUST-67: over IPv4 no TCP can receive more than 65,515 octets of TCP segment, so it announces at most 65,495.
    @Test
    void anMssBeyondWhatIpCanCarryIsCaught() {
        Input open = Traces.call(UserCall.Kind.ACTIVE_OPEN);
        RunResult beyond = new Lockstep(factory("mss-65496", Profile.rfc9293(),
                (p, iss) -> new ModelImplementation(p.withMss(65_496), iss))).run(InputTrace.of(7, open));
        assertFalse(beyond.conforms());
        assertEquals("MUST-67", beyond.divergence().get().requirement().id(), beyond.divergence().get()::report);
        RunResult largest = new Lockstep(factory("mss-65495", Profile.rfc9293(),
                (p, iss) -> new ModelImplementation(p.withMss(65_495), iss))).run(InputTrace.of(7, open));
        assertTrue(largest.conforms(), () -> largest.divergence().get().report());
    }

    /**
     * The model as an implementation, which sends whatever the peer's window allows, claiming RFC 5681's congestion
     * control: an initial window of 4 segments of 536 octets (RFC 5681 §3.1 equation 1).
     */
    static Implementation.ConformanceFactory claimingCongestionControl() {
        Implementation.ConformanceFactory f = factory("no-congestion-control", Profile.rfc9293(),
                ModelImplementation::new);
        return new Implementation.ConformanceFactory() {
            @Override
            public Implementation create() {
                return f.create();
            }

            @Override
            public Profile profile() {
                return f.profile();
            }

            @Override
            public String name() {
                return f.name();
            }

            @Override
            public Option<CongestionBounds.Rules> congestionControl() {
                return Option.some(CongestionBounds.Rules.rfc5681());
            }
        };
    }

    // A TCP without congestion control (MUST-19) claiming it.
    @Test
    void sendingBeyondTheCongestionWindowIsCaughtWithAShortTrace() {
        RunResult r = caught(claimingCongestionControl(), 4);
        assertEquals("MUST-19", r.divergence().get().requirement().id(), r.divergence().get()::report);
    }

    @Test
    void theCongestionCheckAllowsTheInitialWindowAndNoMore() {
        Lockstep runner = new Lockstep(claimingCongestionControl());
        Input open = Traces.call(UserCall.Kind.ACTIVE_OPEN);
        Input synAck = Traces.peer(false, 0, Control.SYN, Control.ACK);
        // 4 x 536 = 2144 octets: the initial window; the peer's window (4096) would allow more.
        RunResult within = runner.run(InputTrace.of(7, open, synAck, new Input.Call(UserCall.send(2144))));
        assertTrue(within.conforms(), () -> within.divergence().get().report());
        RunResult beyond = runner.run(InputTrace.of(7, open, synAck, new Input.Call(UserCall.send(2145))));
        assertFalse(beyond.conforms());
        assertTrue(beyond.divergence().get().report().contains("MUST-19: 2145 octets in flight"),
                beyond.divergence().get()::report);
        assertTrue(new Lockstep(factory("no-claim", Profile.rfc9293(), ModelImplementation::new))
                .run(InputTrace.of(7, open, synAck, new Input.Call(UserCall.send(2145)))).conforms(),
                "without a claim there is no congestion check");
    }
}
