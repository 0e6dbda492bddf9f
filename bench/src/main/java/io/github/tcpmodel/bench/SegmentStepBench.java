package io.github.tcpmodel.bench;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TransitionTable;
import io.github.tcpmodel.tcb.Tcb;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Segment-level model steps per second (RFC 9293 §3.10.7.4 for an in-window segment with 100 octets of text on an
 * ESTABLISHED TCB: acceptability, RST, SYN, ACK, text, FIN checks and a new immutable TCB), against the
 * transition-table step of the same event in the same run.
 *
 * <p>Options on and off, same profile (linux), same segment: {@link #segmentArrivesOptionsOn} on a connection whose
 * handshake negotiated window scaling, timestamps and SACK (RFC 7323, RFC 2018), the segment carrying a Timestamps
 * option (PAWS, the TS.Recent update, the scaled window and the stamped ACK); {@link #segmentArrivesOptionsOff} on
 * one whose peer offered none, the segment carrying none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SegmentStepBench {

    final Profile profile = Profile.rfc9293();
    final TransitionTable table = TransitionTable.rfc9293();
    Tcb established;
    Segment data;

    @Setup
    public void setup() {
        Tcb t = UserCalls.open(profile, Tcb.closed(), false, true, Option.none(), SeqNum.of(1000), 0).get().tcb();
        Segment synAck = Segment.of(SeqNum.of(5000), Control.SYN).withAck(SeqNum.of(1001)).withWindow(65535);
        established = Arrival.segmentArrives(profile, t, synAck, SeqNum.of(0), 1, Choices.reference()).get().tcb();
        data = Segment.of(SeqNum.of(5001)).withAck(SeqNum.of(1001)).withWindow(65535).withDataLength(100);
    }

    @Benchmark
    public Object segmentArrives() {
        return Arrival.segmentArrives(profile, established, data, SeqNum.of(0), 2, Choices.reference());
    }

    final Profile linux = Profile.linux();
    Tcb linuxPlain;
    Tcb linuxOptions;
    Segment linuxData;
    Segment linuxDataTs;

    @Setup
    public void setupOptions() {
        Tcb t = UserCalls.open(linux, Tcb.closed(), false, true, Option.none(), SeqNum.of(1000), 0).get().tcb();
        Segment synAck = Segment.of(SeqNum.of(5000), Control.SYN).withAck(SeqNum.of(1001)).withWindow(65535);
        linuxPlain = Arrival.segmentArrives(linux, t, synAck.withMss(1460), SeqNum.of(0), 1, Choices.reference())
                .get().tcb();
        List<SegmentOption> offer = List.of(new SegmentOption.Mss(1460), new SegmentOption.SackPermitted(),
                new SegmentOption.Timestamps(100, 0), new SegmentOption.Nop(), new SegmentOption.WindowScale(7));
        linuxOptions = Arrival.segmentArrives(linux, t, synAck.withOptions(offer), SeqNum.of(0), 1,
                Choices.reference()).get().tcb();
        if (!linuxOptions.negotiated().timestamps() || !linuxOptions.negotiated().windowScaling()
                || !linuxOptions.negotiated().sackOk() || linuxPlain.negotiated().timestamps()) {
            throw new IllegalStateException("the handshakes did not negotiate what the benchmark compares");
        }
        linuxData = Segment.of(SeqNum.of(5001)).withAck(SeqNum.of(1001)).withWindow(512).withDataLength(100);
        linuxDataTs = linuxData.withOptions(List.of(new SegmentOption.Nop(), new SegmentOption.Nop(),
                new SegmentOption.Timestamps(101, 1)));
    }

    @Benchmark
    public Object segmentArrivesOptionsOff() {
        return Arrival.segmentArrives(linux, linuxPlain, linuxData, SeqNum.of(0), 2, Choices.reference());
    }

    @Benchmark
    public Object segmentArrivesOptionsOn() {
        return Arrival.segmentArrives(linux, linuxOptions, linuxDataTs, SeqNum.of(0), 2, Choices.reference());
    }

    @Benchmark
    public Object tableStep() {
        return table.step(ConnectionState.ESTABLISHED, Event.RCV_ACK);
    }
}
