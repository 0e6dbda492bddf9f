package io.github.tcpmodel.property.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.conformance.Entry;
import io.github.tcpmodel.property.conformance.InputTrace;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.ModelImplementation;
import io.github.tcpmodel.property.conformance.RunResult;
import io.github.tcpmodel.property.conformance.Stimulus;
import io.github.tcpmodel.property.generator.SeqNums;
import io.github.tcpmodel.property.generator.Traces;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Metamorphic properties: sequence space is a circle and the ISN a free choice (RFC 9293 §3.4, §3.4.1), so
 * rotating every sequence number, or choosing other ISNs, must change nothing but the numbers. Subclass and override
 * {@link #profile()} for another profile.
 */
public abstract class MetamorphicProperties {

    /** {@return the profile checked} */
    protected Profile profile() {
        return Profile.rfc9293();
    }

    /**
     * {@code s} with SEG.SEQ and SEG.ACK moved by {@code k} modulo 2^32.
     *
     * @param s the segment
     * @param k the distance, in sequence numbers
     * @return the shifted segment
     */
    public static Segment shift(Segment s, long k) {
        Segment moved = s.withSeq(s.seq().plus(k));
        return s.isAck() ? moved.withAck(s.ack().plus(k)) : moved;
    }

    /**
     * Whether {@code b} is {@code a} moved by {@code k}. The one exception is the reset that answers a segment
     * without ACK, {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>} (§3.10.7.1): its SEG.SEQ is the constant 0.
     */
    static boolean isShifted(Segment a, Segment b, long k) {
        Segment expected = shift(a, k);
        return expected.equals(b) || (a.rst() && a.isAck() && a.seq().equals(SeqNum.ZERO)
                && b.seq().equals(SeqNum.ZERO) && expected.withSeq(SeqNum.ZERO).equals(b));
    }

    // forall trace, iss, k: running shift(trace, k) from ISS iss + k gives the same states, and emits
    // shift(emitted, k), step by step.
    @Test
    void shiftingEverySequenceNumberChangesOnlyTheNumbers(TestInfo info) {
        Profile p = profile();
        Check.qt(Names.of(info)).forAll(SeqNums.edges(), Traces.traces(12), SeqNums.anyLong())
                .checkAssert((iss, trace, k) -> {
                    RunResult a = new Lockstep(ModelImplementation.factory(p, iss)).run(trace);
                    ModelImplementation b = new ModelImplementation(p, iss.plus(k));
                    long now = 0;
                    for (Entry e : a.entries()) {
                        if (e.skipped()) {
                            continue;
                        }
                        List<Segment> sent;
                        Stimulus s = e.stimulus();
                        if (s instanceof Stimulus.Call call) {
                            sent = b.call(call.call(), now);
                        } else if (s instanceof Stimulus.Deliver deliver) {
                            sent = b.deliver(shift(deliver.segment(), k), now);
                        } else if (s instanceof Stimulus.Advance advance) {
                            now += advance.ms();
                            sent = b.advance(now);
                        } else {
                            throw new AssertionError("Stimulus is sealed: " + s);
                        }
                        String where = "input " + e.index() + " (" + s + ") shifted by " + k;
                        assertEquals(e.modelState(), b.tcb().state(), where);
                        List<Segment> expected = e.implSent();
                        assertEquals(expected.size(), sent.size(), () -> where + ": " + expected + " vs " + sent);
                        assertTrue(expected.zip(sent).forAll(t -> isShifted(t._1, t._2, k)),
                                () -> where + ": expected " + expected.map(x -> shift(x, k)) + ", got " + sent);
                    }
                });
    }

    // forall trace, iss1, iss2, peer1, peer2: the model's state trace does not depend on either ISN.
    @Test
    void theIsnsDoNotChangeTheStateTrace(TestInfo info) {
        Profile p = profile();
        Check.qt(Names.of(info)).forAll(Traces.traces(12), SeqNums.edges(), SeqNums.edges(), SeqNums.edges())
                .checkAssert((trace, iss1, iss2, peer2) -> {
                    List<ConnectionState> one = new Lockstep(ModelImplementation.factory(p, iss1)).run(trace)
                            .modelStates();
                    List<ConnectionState> two = new Lockstep(ModelImplementation.factory(p, iss2))
                            .run(new InputTrace(peer2, trace.inputs())).modelStates();
                    assertEquals(one, two, () -> "ISS " + iss1 + " vs " + iss2 + ", peer ISS " + trace.peerIss()
                            + " vs " + peer2);
                });
    }
}
