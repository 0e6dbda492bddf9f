package io.github.tcpmodel.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.OptionCodec;
import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Mss;
import io.github.tcpmodel.option.SegmentOption.Nop;
import io.github.tcpmodel.option.SegmentOption.SackPermitted;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.option.SegmentOption.WindowScale;
import io.github.tcpmodel.profile.EcnMode;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.profile.TcpExtensions;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.EcnFlag;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** The comparison core on options: by negotiation outcome unless exact; option rules; adopting the offers. */
class OptionComparisonTest {

    static final SeqNum ISS = SeqNum.of(1000);
    static final Segment SYN = Segment.of(ISS, Control.SYN).withWindow(64240);

    static Segment syn(SegmentOption... o) {
        return SYN.withOptions(List.of(o));
    }

    // RFC 9293 §3.1: options "may begin on any octet boundary" (MUST-64) and the MSS is the sender's (§3.7.1); RFC
    // 7323 §2.3: the shift is the sender's; §5.4: TSval is its clock. The offers are what is compared.
    @Test
    void synsOfferingTheSameExtensionsAreTheSameWhateverTheirLayout() {
        Segment model = syn(new Mss(1460), new SackPermitted(), new Timestamps(10, 0), new Nop(), new WindowScale(7));
        Segment impl = syn(new Mss(1400), new Nop(), new WindowScale(9), new Nop(), new Nop(), new Timestamps(77, 0),
                new Nop(), new Nop(), new SackPermitted());
        assertEquals(Option.none(), Conformance.optionDifference(model, impl, false));
        assertTrue(Conformance.optionDifference(model, impl, true).get().startsWith("options"));
        assertEquals(Option.none(), Conformance.optionDifference(model, model, true));
        assertTrue(Conformance.optionDifference(model, syn(new Mss(1460), new SackPermitted(), new Nop(),
                new WindowScale(7)), false).isDefined(), "no timestamps offered");
        assertTrue(Conformance.optionDifference(model, model.withEcn(EcnFlag.ECE, EcnFlag.CWR), false).isDefined(),
                "RFC 3168 §6.1.1: an ECN-setup SYN is an offer");
        assertTrue(Conformance.optionDifference(model, model.withEcn(EcnFlag.ECE, EcnFlag.CWR), true).get()
                .startsWith("ECN bits"));
    }

    // After the handshake only the Timestamps option is fixed (RFC 7323 §3.2); ECE and CWR answer congestion marks
    // the model does not see (RFC 3168 §6.1.2, §6.1.3) and SACK blocks are the receiver's choice (RFC 2018 §4).
    @Test
    void laterSegmentsCompareOnlyTheTimestampsOption() {
        Segment ack = Segment.of(ISS.plus(1)).withAck(SeqNum.of(5001)).withWindow(501);
        Segment withTs = ack.withOptions(List.of(new Nop(), new Nop(), new Timestamps(5, 6)));
        assertTrue(Conformance.optionDifference(withTs, ack, false).isDefined());
        assertEquals(Option.none(), Conformance.optionDifference(withTs, withTs.withEcn(EcnFlag.ECE), false));
        assertEquals(Option.none(), Conformance.optionDifference(withTs, withTs.withOptions(List.of(
                new Timestamps(9, 9), SegmentOption.Sack.of(new SegmentOption.SackBlock(SeqNum.of(6000),
                        SeqNum.of(6010))))), false));
        assertTrue(Conformance.same(withTs, ack.withEcn(EcnFlag.CWR)), "segment equivalence is unchanged");
    }

    @Test
    void optionRulesOfSentSegments() {
        Tcb t = Tcb.closed().withNegotiated(new Negotiated(true, 7, 7, true, 0, 0, SeqNum.ZERO, false, false));
        Segment ack = Segment.of(ISS.plus(1)).withAck(SeqNum.of(5001));
        assertEquals(List.of("RFC 7323 §3.2: timestamps are in use and the segment has no Timestamps option"),
                Conformance.optionViolations(t, ack));
        Segment bad = ack.withOptions(List.of(new Timestamps(1, 0), new SackPermitted(), new WindowScale(3),
                SegmentOption.Sack.of(new SegmentOption.SackBlock(SeqNum.of(6000), SeqNum.of(6010)))));
        List<String> v = Conformance.optionViolations(t, bad);
        assertEquals(3, v.size(), v::toString);
        assertTrue(v.get(0).startsWith("RFC 2018 §2: SACK-Permitted"));
        assertTrue(v.get(1).startsWith("RFC 7323 §2.2"));
        assertTrue(v.get(2).startsWith("RFC 2018 §2: a SACK option"));
        assertEquals(List.empty(), Conformance.optionViolations(t, Segment.of(ISS, Control.RST)),
                "a RST needs no Timestamps option");
    }

    // The offers of the implementation's SYN become the model's (RFC 7323 §2.2, §3.2; RFC 2018 §2; RFC 3168 §6.1.1).
    @Test
    void theImplementationsOffersAreAdopted() {
        byte[] linux = {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 9};
        Segment implSyn = SYN.withOptions(OptionCodec.decode(linux).options());
        TcpExtensions adopted = Adoption.extensions(TcpExtensions.RFC9293, implSyn);
        assertEquals(new TcpExtensions(Option.some(9), true, true, EcnMode.PASSIVE, false, false, false), adopted);
        assertEquals(EcnMode.ACTIVE, Adoption.extensions(TcpExtensions.NONE,
                implSyn.withEcn(EcnFlag.ECE, EcnFlag.CWR)).ecn());
        Segment synAck = implSyn.withAck(SeqNum.of(77));
        assertEquals(EcnMode.OFF, Adoption.extensions(TcpExtensions.LINUX, synAck).ecn());
        assertEquals(EcnMode.PASSIVE, Adoption.extensions(TcpExtensions.NONE, synAck.withEcn(EcnFlag.ECE)).ecn());
        assertEquals(Option.some(14), Adoption.extensions(TcpExtensions.NONE,
                SYN.withOptions(List.of(new WindowScale(200)))).windowScale(), "RFC 7323 §2.3");

        Profile p = Adoption.profile(Profile.rfc9293(), List.of(Segment.of(ISS, Control.ACK), implSyn));
        assertEquals(1460, p.mss());
        assertEquals(adopted, p.extensions());
        assertEquals(Profile.rfc9293(), Adoption.profile(Profile.rfc9293(), List.empty()));
    }
}
