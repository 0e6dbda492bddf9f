package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.EmissionAllowedTest.MSS;
import static io.github.tcpmodel.semantics.EmissionAllowedTest.MSS_RULE;
import static io.github.tcpmodel.semantics.EmissionAllowedTest.assertAllowed;
import static io.github.tcpmodel.semantics.EmissionAllowedTest.assertViolations;
import static io.github.tcpmodel.semantics.EmissionAllowedTest.at;
import static io.github.tcpmodel.semantics.EmissionAllowedTest.sending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.AddressFamily;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

/** RFC 9293 §3.7.1: the effective send MSS (MUST-16) and the MSS value a TCP announces (MUST-67). */
class MssRulesTest {

    private static final SegmentOption NOP = new SegmentOption.Nop();
    private static final SegmentOption TS = new SegmentOption.Timestamps(7, 3);

    /** {@link EmissionAllowedTest#sending} with the Timestamps option in use on the connection. */
    private static Tcb withTimestamps(Tcb t) {
        return t.withNegotiated(new Negotiated(false, 0, 0, true, 3, 0, SeqNum.ZERO, true, false));
    }

    private static Segment stamped(Segment s, SegmentOption... more) {
        return s.withOptions(List.of(NOP, NOP, TS).appendAll(List.of(more)));
    }

    // MUST-16: "Eff.snd.MSS = min(SendMSS+20, MMS_S) - TCPhdrsize - IPoptionsize", TCPhdrsize being "the size of the
    // fixed TCP header and any options": with the Timestamps option on every segment, 12 octets fewer of text.
    @Test
    void theTimestampsOptionTakesItsRoomFromTheText() {
        Tcb t = withTimestamps(sending(0, 4096, 2000, false));
        assertAllowed(t, stamped(at(0, MSS - MssRules.TIMESTAMPS_SPACE)));
        assertViolations(t, stamped(at(0, MSS - MssRules.TIMESTAMPS_SPACE + 1)), MSS_RULE);
        // Without options the whole send MSS is text.
        assertAllowed(sending(0, 4096, 2000, false), at(0, MSS));
    }

    // §3.7.1: "some options might not be included on all segments, but ... the sender should adjust the data length
    // accordingly": SACK blocks, on some segments only, are the "should", not the MUST.
    @Test
    void sackBlocksOnSomeSegmentsAreNotHeldAgainstTheSender() {
        SegmentOption sack = SegmentOption.Sack.of(new SegmentOption.SackBlock(SeqNum.of(9000), SeqNum.of(9100)));
        Segment s = stamped(at(0, MSS - MssRules.TIMESTAMPS_SPACE), NOP, NOP, sack);
        assertEquals(MssRules.TIMESTAMPS_SPACE, MssRules.fixedOptionSpace(s));
        assertTrue(MssRules.payloadAllowed(withTimestamps(sending(0, 4096, 2000, false)), s));
    }

    // §3.1: options occupy whole 32-bit words of the header; an option of three octets takes four.
    @Test
    void theOptionSpaceIsCountedInWholeWords() {
        Segment odd = at(0, 10).withOptions(List.of(new SegmentOption.Unknown(99, Vector.of((byte) 1))));
        assertEquals(4, MssRules.fixedOptionSpace(odd));
        assertEquals(0, MssRules.fixedOptionSpace(at(0, 10).withOptions(List.of(NOP, NOP))));
        assertEquals(12, MssRules.fixedOptionSpace(at(0, 10).withOptions(List.of(TS))));
    }

    // The model's own segments leave room for the options it stamps on them (RFC 7323 §3.2: every segment).
    @Test
    void theModelSegmentizesWithinTheEffectiveSendMss() {
        Profile p = Profile.linux();
        Tcb t = withTimestamps(sending(0, 65_535, 3 * MSS, false));
        assertEquals(MSS - MssRules.TIMESTAMPS_SPACE, MssRules.effective(t));
        Step s = Emission.segmentize(p, t, 0, Choices.reference(), "test").get();
        assertEquals(List.of(988, 988, 988, 36), s.sent().map(Segment::dataLength));
        assertEquals(List.empty(), Emission.allowed(t, stamped(s.sent().head())));
        assertTrue(Emission.transmit(p, t, MSS - MssRules.TIMESTAMPS_SPACE + 1, 0).isLeft());
        assertTrue(Emission.transmit(p, t, MSS - MssRules.TIMESTAMPS_SPACE, 0).isRight());
    }

    // MUST-67: "The MSS value to be sent in an MSS Option must be less than or equal to: MMS_R - 20".
    @Test
    void theAnnouncedMssStaysWithinWhatCanBeReceived() {
        assertTrue(MssRules.announcedAllowed(1460, 1480));
        assertFalse(MssRules.announcedAllowed(1461, 1480));
        assertFalse(MssRules.announcedAllowed(0, 1480));
        assertTrue(MssRules.announcedAllowed(1, 1480));
        int v4 = MssRules.largestMmsR(AddressFamily.IPV4);
        assertTrue(MssRules.announcedAllowed(65_495, v4));
        assertFalse(MssRules.announcedAllowed(65_496, v4));
        // RFC 2675 §3: over IPv6 with jumbograms an MSS of 65,535 means "no limit".
        assertTrue(MssRules.announcedAllowed(65_535, MssRules.largestMmsR(AddressFamily.IPV6)));
    }
}
