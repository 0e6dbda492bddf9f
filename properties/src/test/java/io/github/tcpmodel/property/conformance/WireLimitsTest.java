package io.github.tcpmodel.property.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import io.vavr.collection.TreeSet;
import org.junit.jupiter.api.Test;

class WireLimitsTest {

    /** The model with the limits of an IPv4 stack without window scaling, recording what it is given. */
    private static final class Limited implements Implementation.ConformanceFactory {
        final java.util.List<Segment> delivered = new java.util.ArrayList<>();

        @Override
        public Implementation create() {
            return new ModelImplementation(Profile.rfc9293(), SeqNum.of(1000)) {
                @Override
                public List<Segment> deliver(Segment segment, long at) {
                    delivered.add(segment);
                    return super.deliver(segment, at);
                }
            };
        }

        @Override
        public Profile profile() {
            return Profile.rfc9293();
        }

        @Override
        public String name() {
            return "limited";
        }

        @Override
        public long maxWindow() {
            return 65_535;
        }

        @Override
        public int maxPayload() {
            return 65_495;
        }
    }

    @Test
    void peerSegmentsAreCutToWhatCanReachTheImplementationForBothSides() {
        Limited f = new Limited();
        Input synAck = new Input.Peer(new SegmentSpec(TreeSet.of(Control.SYN, Control.ACK), false, 0, false, 0, 0,
                Segment.MAX_WINDOW));
        Input big = new Input.Peer(new SegmentSpec(TreeSet.of(Control.ACK), false, 0, false, 0, 70_000,
                Segment.MAX_WINDOW));
        RunResult r = new Lockstep(f).run(new InputTrace(SeqNum.of(5), List.of(
                new Input.Call(UserCall.of(UserCall.Kind.ACTIVE_OPEN)), synAck, big)));
        assertTrue(r.conforms(), () -> r.divergence().get().report());
        assertEquals(2, f.delivered.size());
        assertEquals(65_535, f.delivered.get(0).window());
        assertEquals(65_535, f.delivered.get(1).window());
        assertEquals(65_495, f.delivered.get(1).dataLength());
        // The model took the same segment: its ACK covers exactly the octets that could arrive.
        Segment modelAck = r.entries().last().modelSent().last();
        assertEquals(SeqNum.of(6).plus(65_495), modelAck.ack());
        Stimulus.Deliver given = (Stimulus.Deliver) r.entries().last().stimulus();
        assertEquals(65_495, given.segment().dataLength());
    }

    @Test
    void withoutLimitsSegmentsPassUnchanged() {
        Implementation.ConformanceFactory plain = ModelImplementation.factory(Profile.rfc9293(), SeqNum.of(1000));
        assertEquals(Segment.MAX_WINDOW, plain.maxWindow());
        assertEquals(Integer.MAX_VALUE, plain.maxPayload());
        Input synAck = new Input.Peer(new SegmentSpec(TreeSet.of(Control.SYN, Control.ACK), false, 0, false, 0, 0,
                Segment.MAX_WINDOW));
        RunResult r = new Lockstep(plain).run(new InputTrace(SeqNum.of(5), List.of(
                new Input.Call(UserCall.of(UserCall.Kind.ACTIVE_OPEN)), synAck)));
        assertEquals(Segment.MAX_WINDOW, ((Stimulus.Deliver) r.entries().last().stimulus()).segment().window());
    }
}
