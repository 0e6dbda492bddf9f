package io.github.tcpmodel.property.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.OptionCodec;
import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.generator.OptionLists;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.Paws;
import io.github.tcpmodel.semantics.SackRules;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.semantics.WindowScaling;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * TCP options: the option codec (RFC 9293 §3.1), window scaling (RFC 7323 §2), PAWS (RFC 7323 §5) and the SACK
 * blocks the model reports (RFC 2018 §3, §4). The semantics properties run on a connection whose handshake
 * negotiated window scaling, timestamps and SACK, so {@link #profile()} must offer them (the linux profile does).
 */
public abstract class OptionProperties {

    static final SeqNum ISS = SeqNum.of(1000);
    static final SeqNum PEER_ISS = SeqNum.of(5000);

    /** The profile of the connection; it must offer window scaling, timestamps and SACK. */
    protected Profile profile() {
        return Profile.linux();
    }

    /** ESTABLISHED after an active OPEN whose peer offered everything, its SYN,ACK with TSval {@code tsVal}. */
    Tcb established(long tsVal) {
        Profile p = profile();
        Tcb t = UserCalls.open(p, Tcb.closed(), false, true, Option.none(), ISS, 0).get().tcb();
        Segment synAck = Segment.of(PEER_ISS, Control.SYN).withAck(ISS.plus(1)).withWindow(65535)
                .withOptions(List.of(new SegmentOption.Mss(1460), new SegmentOption.SackPermitted(),
                        new SegmentOption.Timestamps(tsVal, 0), new SegmentOption.Nop(),
                        new SegmentOption.WindowScale(7)));
        Tcb e = Arrival.segmentArrives(p, t, synAck, ISS, 1, Choices.reference()).get().tcb();
        Negotiated n = e.negotiated();
        assertTrue(n.timestamps() && n.sackOk() && n.windowScaling(), () -> p + " did not negotiate: " + n);
        return e;
    }

    Segment data(long offset, int n, long tsVal) {
        return Segment.of(PEER_ISS.plus(1 + offset)).withAck(ISS.plus(1)).withWindow(512).withDataLength(n)
                .withOptions(List.of(new SegmentOption.Timestamps(tsVal, 1)));
    }

    // forall option lists l: decode(encode(l)) = l, well formed (RFC 9293 §3.1: every option but EOL and NOP has a
    // length field, MUST-68, so a list written out reads back the same, unknown kinds included, MUST-6).
    @Test
    void theCodecRoundTrips(TestInfo info) {
        Check.qt(Names.of(info)).forAll(OptionLists.lists(8)).checkAssert(l -> {
            OptionCodec.Decoded d = OptionCodec.decode(OptionCodec.encode(l));
            assertEquals(l, d.options());
            assertTrue(d.valid());
        });
    }

    // forall octets b: decode(b) does not throw, and what it read writes back as a prefix of b (MUST-7: an illegal
    // length ends the reading, nothing is invented); a well-formed reading without EOL covers all of b.
    @Test
    void theDecoderIsTotalAndReadsAPrefix(TestInfo info) {
        Check.qt(Names.of(info)).forAll(OptionLists.raw()).checkAssert(b -> {
            OptionCodec.Decoded d = OptionCodec.decode(b);
            byte[] again = OptionCodec.encode(d.options());
            assertTrue(again.length <= b.length);
            assertTrue(Arrays.equals(again, Arrays.copyOf(b, again.length)), () -> Arrays.toString(b));
            boolean eol = d.options().lastOption().exists(o -> o instanceof SegmentOption.Eol);
            if (d.valid() && !eol) {
                assertEquals(b.length, again.length);
            }
        });
    }

    // forall shift in [0, 14], RCV.WND in [0, 2^30]: the SEG.WND sent, shifted back, is at most RCV.WND and short
    // of it by less than one unit of the scale unless the 16-bit field is full (RFC 7323 §2.3, §2.4: rounding down
    // may shrink the window).
    @Test
    void theScaledWindowRoundsDown(TestInfo info) {
        Check.qt(Names.of(info)).forAll(Generate.range(0, 14), Generate.longRange(0, Segment.MAX_WINDOW))
                .checkAssert((shift, wnd) -> {
                    Negotiated n = new Negotiated(true, 0, shift, false, 0, 0, SeqNum.ZERO, false, false);
                    long field = WindowScaling.field(n, wnd, false);
                    assertTrue(field <= WindowScaling.MAX_FIELD);
                    assertTrue(field << shift <= wnd);
                    assertTrue(field == WindowScaling.MAX_FIELD || wnd - (field << shift) < 1L << shift);
                    assertEquals(wnd, WindowScaling.field(n, wnd, true), "a SYN's window is never scaled (§2.2)");
                });
    }

    // forall TS.Recent r, d in (-2^31, 2^31): a segment with TSval r + d (mod 2^32) is dropped with an ACK exactly
    // when d < 0 (RFC 7323 §5.3 R1, §5.2); otherwise its text is taken and TSval becomes TS.Recent (§4.3).
    @Test
    void pawsDropsExactlyTheOlderTimestamps(TestInfo info) {
        Check.qt(Names.of(info), Check.tries(0.5, 50)).forAll(Generate.longRange(0, 0xFFFF_FFFFL),
                Generate.longRange(-(1L << 31) + 1, (1L << 31) - 1)).checkAssert((r, d) -> {
                    Tcb t = established(r);
                    long ts = (r + d) & 0xFFFF_FFFFL;
                    Step s = Arrival.segmentArrives(profile(), t, data(0, 10, ts), ISS, 2, Choices.reference()).get();
                    if (d < 0) {
                        assertEquals(Event.RCV_BAD_ACK, s.event());
                        assertEquals(t.rcv().nxt(), s.tcb().rcv().nxt());
                        assertEquals(t.rcv().nxt(), s.sent().single().ack());
                        assertTrue(Paws.before(ts, r));
                    } else {
                        assertEquals(t.rcv().nxt().plus(10), s.tcb().rcv().nxt());
                        assertEquals(ts, s.tcb().negotiated().tsRecent());
                    }
                });
    }

    // forall arrivals of out-of-order segments: every ACK the model sends carries a SACK option exactly while it
    // holds data beyond RCV.NXT, and its blocks are ones RFC 2018 allows (held data, the most recent segment's
    // block first, at most 3 beside timestamps, no subset repeated).
    @Test
    void theModelsSackBlocksAreAllowed(TestInfo info) {
        Check.qt(Names.of(info), Check.tries(0.5, 50)).forAll(SourceDSL.lists().of(
                Generate.range(0, 3000).zip(Generate.range(1, 400), (o, n) -> new long[] {o, n}))
                .ofSizeBetween(1, 10)).checkAssert(arrivals -> {
                    Tcb t = established(100);
                    long now = 2;
                    for (long[] a : arrivals) {
                        Segment seg = data(a[0], (int) a[1], 100);
                        Step s = Arrival.segmentArrives(profile(), t, seg, ISS, now++, Choices.reference()).get();
                        t = s.tcb();
                        for (Segment out : s.sent()) {
                            Option<SegmentOption.Sack> sack = out.option(SegmentOption.Sack.class);
                            assertEquals(!t.reassembly().isEmpty(), sack.isDefined(), () -> out + " " + sack);
                            Tcb held = t;
                            sack.forEach(k -> assertEquals(List.empty(),
                                    SackRules.violations(held, Option.some(seg), k, true)));
                        }
                    }
                });
    }
}
