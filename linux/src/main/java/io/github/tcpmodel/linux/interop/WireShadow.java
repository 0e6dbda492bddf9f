package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * The model's prediction for the kernel's side of one connection, driven by the segments that cross the TUN alone:
 * each segment to the kernel is classified into the table event it is for the kernel (rcv SYN, rcv SYN,ACK, rcv ACK
 * of SYN, rcv FIN, rcv ACK of FIN, rcv FIN,ACK of FIN, rcv RST, rcv ACK), and the kernel's own segments reveal its
 * application's calls (its SYN: active OPEN; its first FIN: CLOSE; a RST while it has a connection: ABORT, which is
 * also what Linux's close with unread data is under the {@code linux} profile). The result is stepped through the
 * profile's table by a {@link KernelShadow}; a refusal is recorded as a problem. Meant for runs without
 * impairments (a duplicated or reordered segment would be classified as it crossed, not as the kernel took it).
 */
public final class WireShadow implements PacketTap {

    private final KernelShadow fresh;
    private volatile int kernelPort;
    private volatile int enginePort;
    private volatile KernelShadow shadow;
    private boolean tentativeListener;
    private volatile List<String> problems = List.empty();
    private boolean kernelFinSent;
    private int kernelFinNext;
    private boolean kernelFinAcked;

    /**
     * Follows the first connection that crosses the device, under {@code profile}'s table: a kernel client if the
     * kernel sends the first SYN, a kernel listener if the engine does and the kernel answers with a SYN,ACK (a
     * RST,ACK means the port was closed, and the kernel keeps no connection).
     */
    public WireShadow(io.github.tcpmodel.profile.Profile profile) {
        this.fresh = KernelShadow.of(Objects.requireNonNull(profile, "profile is null"));
        this.shadow = fresh;
    }

    @Override
    public void toKernel(byte[] packet) {
        Packet seg = decode(packet);
        if (seg == null || !adopt(seg.dstPort(), seg.srcPort())) {
            return;
        }
        TcpState s = shadow.tcpState();
        if (s == TcpState.CLOSED && shadow.history().isEmpty() && seg.has(Flags.SYN) && !seg.has(Flags.ACK)) {
            // The engine opens: the kernel has a listener, or no socket (then it answers RST,ACK, see fromKernel).
            tentativeListener = true;
            fire(Event.PASSIVE_OPEN, seg);
            s = shadow.tcpState();
        }
        if (s == TcpState.CLOSED) {
            return;
        }
        Event e;
        if (seg.has(Flags.RST)) {
            e = Event.RCV_RST;
        } else if (seg.has(Flags.SYN)) {
            e = seg.has(Flags.ACK) ? Event.RCV_SYN_ACK : Event.RCV_SYN;
        } else if (s == TcpState.SYN_RECEIVED && seg.has(Flags.ACK)) {
            e = Event.RCV_ACK_OF_SYN;
        } else {
            boolean acksFin = kernelFinSent && !kernelFinAcked && seg.has(Flags.ACK) && seg.ack() == kernelFinNext;
            if (acksFin) {
                kernelFinAcked = true;
            }
            e = seg.has(Flags.FIN) ? (acksFin ? Event.RCV_FIN_ACK_OF_FIN : Event.RCV_FIN)
                    : acksFin ? Event.RCV_ACK_OF_FIN : Event.RCV_ACK;
        }
        fire(e, seg);
    }

    @Override
    public void fromKernel(byte[] packet) {
        Packet seg = decode(packet);
        if (seg == null || !adopt(seg.srcPort(), seg.dstPort())) {
            return;
        }
        TcpState s = shadow.tcpState();
        if (tentativeListener && s == TcpState.SYN_RECEIVED && seg.has(Flags.RST)) {
            // RFC 9293 §3.10.7.1: no listener after all; the kernel's RST,ACK comes from CLOSED.
            shadow = fresh;
            tentativeListener = false;
            return;
        }
        tentativeListener = false;
        if (seg.has(Flags.SYN) && !seg.has(Flags.ACK) && s == TcpState.CLOSED) {
            fire(Event.ACTIVE_OPEN, seg);
        } else if (seg.has(Flags.RST) && s != TcpState.CLOSED && s != TcpState.LISTEN) {
            fire(Event.ABORT, seg);
        } else if (seg.has(Flags.FIN) && !kernelFinSent) {
            kernelFinSent = true;
            kernelFinNext = seg.seq() + seg.length();
            fire(Event.CLOSE, seg);
        }
    }

    private boolean adopt(int kernelSide, int engineSide) {
        if (kernelPort == 0 && enginePort == 0) {
            kernelPort = kernelSide;
            enginePort = engineSide;
        }
        return kernelPort == kernelSide && enginePort == engineSide;
    }

    private void fire(Event e, Packet seg) {
        shadow.on(e).fold(refused -> {
            problems = problems.append(refused + " (segment " + seg + ")");
            return null;
        }, next -> {
            shadow = next;
            return null;
        });
    }

    private static Packet decode(byte[] packet) {
        Decoded d = Codec.decode(packet);
        return d instanceof Decoded.Ok ok ? ok.segment() : null;
    }

    /** The prediction now. */
    public KernelShadow shadow() {
        return shadow;
    }

    /** The events classified from the wire so far. */
    public List<Event> events() {
        return shadow.history();
    }

    /** Segments whose event the profile's table refused. */
    public List<String> problems() {
        return problems;
    }
}
