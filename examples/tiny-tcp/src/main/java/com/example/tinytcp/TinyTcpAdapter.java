package com.example.tinytcp;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.conformance.Implementation;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.function.LongFunction;

/**
 * The conformance kit's view of {@link TinyTcp}: user calls, segments and the clock in, the segments it sends out,
 * its state. One adapter is one connection's life.
 */
public final class TinyTcpAdapter implements Implementation {

    private final TinyTcp tcp;

    public TinyTcpAdapter(TinyTcp tcp) {
        this.tcp = tcp;
    }

    /** The factory the kit makes fresh connections with; {@code make} builds a stack from its first ISN. */
    public static ConformanceFactory factory(String name, LongFunction<? extends TinyTcp> make) {
        return new ConformanceFactory() {
            @Override
            public Implementation create() {
                return new TinyTcpAdapter(make.apply(0xfffffff0L));
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

    @Override
    public List<Segment> call(UserCall call, long now) {
        java.util.List<TinyTcp.Seg> out = switch (call.kind()) {
            case PASSIVE_OPEN -> tcp.open(false);
            case ACTIVE_OPEN -> tcp.open(true);
            case CLOSE -> tcp.close();
            case ABORT -> tcp.abort();
            case STATUS -> java.util.List.of();
            // TinyTcp carries no text: the kit's HANDSHAKE_AND_CLOSE level never makes these calls.
            case SEND, RECEIVE -> throw new UnsupportedOperationException(call + ": TinyTcp carries no text");
        };
        return List.ofAll(out).map(TinyTcpAdapter::toModel);
    }

    @Override
    public List<Segment> deliver(Segment segment, long now) {
        return List.ofAll(tcp.segment(fromModel(segment))).map(TinyTcpAdapter::toModel);
    }

    @Override
    public List<Segment> advance(long now) {
        return List.empty(); // no timers
    }

    @Override
    public TcpState state() {
        return TcpState.valueOf(tcp.state().name());
    }

    static TinyTcp.Seg fromModel(Segment s) {
        return new TinyTcp.Seg(s.seq().value(), s.isAck() ? s.ack().value() : 0, s.syn(), s.isAck(), s.fin(), s.rst(),
                s.window());
    }

    static Segment toModel(TinyTcp.Seg s) {
        java.util.List<Control> bits = new java.util.ArrayList<>();
        if (s.syn()) {
            bits.add(Control.SYN);
        }
        if (s.fin()) {
            bits.add(Control.FIN);
        }
        if (s.rst()) {
            bits.add(Control.RST);
        }
        Segment m = Segment.of(SeqNum.of(s.seq()), bits.toArray(Control[]::new)).withWindow(s.window());
        return s.ackBit() ? m.withAck(SeqNum.of(s.ack())) : m;
    }
}
