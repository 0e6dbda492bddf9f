package io.github.tcpmodel.script.target;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.TcpOption;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;

/** Between a script's segments and the engine codec's, for the targets that put real packets on a wire. */
final class WireSegments {

    private WireSegments() {
    }

    /**
     * The codec segment for {@code w}, from {@code src:srcPort} to {@code dst:dstPort}; its payload is {@code w}'s
     * length of zero octets, at most {@code maxPayload}.
     */
    static Packet toCodec(ScriptSegment w, int src, int dst, int srcPort, int dstPort, int maxPayload) {
        int flags = 0;
        for (Flag f : w.flags()) {
            flags |= switch (f) {
                case SYN -> Flags.SYN;
                case FIN -> Flags.FIN;
                case RST -> Flags.RST;
                case PSH -> Flags.PSH;
                case ACK -> Flags.ACK;
                case URG -> Flags.URG;
                case ECE -> Flags.ECE;
                case CWR -> Flags.CWR;
            };
        }
        int mss = -1;
        int ws = -1;
        boolean sack = false;
        boolean ts = false;
        long val = 0;
        long ecr = 0;
        for (TcpOption o : w.options()) {
            if (o instanceof TcpOption.Mss m) {
                mss = m.value();
            } else if (o instanceof TcpOption.WindowScale scale) {
                ws = scale.shift();
            } else if (o instanceof TcpOption.SackPermitted) {
                sack = true;
            } else if (o instanceof TcpOption.Timestamp t) {
                ts = true;
                val = t.value();
                ecr = t.echoReply();
            }
        }
        byte[] payload = w.length() == 0 ? Packet.EMPTY : new byte[(int) Math.min(maxPayload, w.length())];
        return new Packet(src, dst, srcPort, dstPort, (int) w.seq(), (int) w.ack(), flags, (int) w.window(), 0,
                new TcpOptions(mss, ws, sack, ts, (int) val, (int) ecr), payload);
    }

    /** The script's view of a codec segment: flags, SEG.SEQ, SEG.ACK (0 without ACK), window, options, length. */
    static ScriptSegment toWire(Packet s) {
        Set<Flag> flags = HashSet.empty();
        if (s.has(Flags.SYN)) {
            flags = flags.add(Flag.SYN);
        }
        if (s.has(Flags.FIN)) {
            flags = flags.add(Flag.FIN);
        }
        if (s.has(Flags.RST)) {
            flags = flags.add(Flag.RST);
        }
        if (s.has(Flags.PSH)) {
            flags = flags.add(Flag.PSH);
        }
        if (s.has(Flags.ACK)) {
            flags = flags.add(Flag.ACK);
        }
        TcpOptions o = s.options();
        List<TcpOption> options = List.empty();
        if (o.mss() >= 0) {
            options = options.append(new TcpOption.Mss(o.mss()));
        }
        if (o.sackPermitted()) {
            options = options.append(new TcpOption.SackPermitted());
        }
        if (o.timestamps()) {
            options = options.append(new TcpOption.Timestamp(Integer.toUnsignedLong(o.tsVal()),
                    Integer.toUnsignedLong(o.tsEcr())));
        }
        if (o.windowScale() >= 0) {
            options = options.append(new TcpOption.Nop()).append(new TcpOption.WindowScale(o.windowScale()));
        }
        return new ScriptSegment(flags, Integer.toUnsignedLong(s.seq()),
                s.has(Flags.ACK) ? Integer.toUnsignedLong(s.ack()) : 0, s.window(), options, s.payload().length);
    }
}
