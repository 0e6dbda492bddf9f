package io.github.tcpmodel.semantics;

import static io.github.tcpmodel.semantics.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.option.SegmentOption.Mss;
import io.github.tcpmodel.option.SegmentOption.Nop;
import io.github.tcpmodel.option.SegmentOption.SackPermitted;
import io.github.tcpmodel.option.SegmentOption.Timestamps;
import io.github.tcpmodel.option.SegmentOption.WindowScale;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Header prediction ({@code Arrival.predicted}) is an optimisation, not a second semantics: for every TCB and segment
 * generated here, SEGMENT ARRIVES with the prediction gives the step that the full processing of §3.10.7.4 gives,
 * field by field. The segments aim at the prediction's edges (SEG.SEQ at and next to RCV.NXT, SEG.ACK at and next to
 * SND.UNA, text up to and beyond RCV.WND, each control bit, old and new timestamps), on connections of every
 * profile, with and without options, data outstanding, delayed ACKs, held segments and zero windows.
 */
class HeaderPredictionTest {

    static final Choices DELAYED = new Choices(false, Option.none(), Option.none());

    static List<Tcb> starts() {
        Profile linux = Profile.linux();
        List<Tcb> out = List.empty();
        for (Profile p : PROFILES) {
            out = out.append(established(p));
        }
        out = out.append(PawsTest.established());
        List<List<SegmentOption>> offers = List.of(List.of(new Mss(1000), new Timestamps(500, T0)),
                List.of(new Mss(1000), new SackPermitted()), List.of(new Mss(1000), new Nop(), new WindowScale(3)));
        for (List<SegmentOption> o : offers) {
            out = out.append(NegotiationTest.synAckArrives(linux, o).tcb());
        }
        return out;
    }

    /** The profile of each start, in the order of {@link #starts}. */
    static final List<Profile> PROFILES = List.ofAll(allProfiles().toList());

    static Profile profileOf(int i) {
        return i < PROFILES.size() ? PROFILES.get(i) : Profile.linux();
    }

    @Test
    void thePredictionGivesTheFullProcessingsStep() {
        Random r = new Random(20261207);
        List<Tcb> starts = starts();
        int predicted = 0;
        int compared = 0;
        for (int run = 0; run < 600; run++) {
            int i = r.nextInt(starts.size());
            Profile p = profileOf(i);
            Tcb t = starts.get(i);
            long now = T0 + 1;
            long tsVal = 600;
            for (int k = 0; k < 30 && t.is(TcpState.ESTABLISHED); k++) {
                now += r.nextInt(3);
                tsVal += r.nextInt(3);
                Segment seg = candidate(r, t, tsVal);
                Choices c = r.nextInt(4) == 0 ? DELAYED : Choices.reference();
                Either<String, Step> fast = Arrival.segmentArrives(p, t, seg, NEW_ISS, now, c, true);
                Either<String, Step> full = Arrival.segmentArrives(p, t, seg, NEW_ISS, now, c, false);
                final Tcb before = t;
                assertEquals(full, fast, () -> p.name() + ": " + before + " <- " + seg);
                compared++;
                if (Arrival.predictable(p, t, seg, now)) {
                    predicted++;
                }
                // Move on: mostly along the segment just compared, sometimes by sending data or reading it.
                if (r.nextInt(3) == 0) {
                    Either<String, Step> s = UserCalls.receive(p, t, 1 + r.nextInt(70_000), now);
                    if (s.isRight()) {
                        t = s.get().tcb();
                    }
                } else if (r.nextInt(5) == 0) {
                    Either<String, Step> s = UserCalls.send(p, t, 1 + r.nextInt(3000), X, now, c);
                    if (s.isRight()) {
                        t = s.get().tcb();
                    }
                } else if (full.isRight()) {
                    t = full.get().tcb();
                }
            }
        }
        assertTrue(compared > 5_000, "compared " + compared);
        assertTrue(predicted > compared / 10, "predicted " + predicted + " of " + compared);
        assertTrue(predicted < compared, "the prediction does not take every segment");
    }

    /** A segment from the peer aimed at the prediction's conditions and their edges. */
    static Segment candidate(Random r, Tcb t, long tsVal) {
        SeqNum nxt = t.rcv().nxt();
        long wnd = t.rcv().wnd();
        SeqNum seq = switch (r.nextInt(6)) {
            case 0 -> nxt.plus(1 + r.nextInt(200));
            case 1 -> nxt.minus(1 + r.nextInt(50));
            default -> nxt;
        };
        SeqNum una = t.snd().una();
        SeqNum ack = switch (r.nextInt(6)) {
            case 0 -> una.plus(r.nextInt((int) Math.min(3000, t.snd().nxt().offsetFrom(una) + 2)));
            case 1 -> una.minus(1);
            default -> una;
        };
        int n = switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> (int) Math.min(wnd, 65_000);
            case 2 -> (int) Math.min(wnd + 1, 65_000);
            default -> 1 + r.nextInt(1460);
        };
        Segment s = Segment.of(seq, Control.ACK).withAck(ack).withDataLength(n).withWindow(r.nextInt(3) == 0
                ? 0 : 1 + r.nextInt(60_000));
        switch (r.nextInt(14)) {
            case 0 -> s = s.with(Control.PSH);
            case 1 -> s = s.with(Control.FIN);
            case 2 -> s = s.with(Control.URG).withUrgent(1 + r.nextInt(10));
            case 3 -> s = s.with(Control.RST);
            case 4 -> s = s.with(Control.SYN);
            case 5 -> s = s.without(Control.ACK);
            default -> { }
        }
        if (t.negotiated().timestamps() && r.nextInt(8) != 0) {
            long val = r.nextInt(6) == 0 ? t.negotiated().tsRecent() - 1 - r.nextInt(5) : tsVal;
            s = s.withOptions(List.of(new Nop(), new Nop(), new Timestamps(val, T0)));
        }
        return s;
    }
}
