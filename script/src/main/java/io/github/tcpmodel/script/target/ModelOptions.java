package io.github.tcpmodel.script.target;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.script.TcpOption;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import io.vavr.collection.Vector;

/**
 * TCP options between a script's notation ({@link TcpOption}) and the model's ({@link SegmentOption}), one for one
 * and in order, NOP and EOL included (RFC 9293 §3.1), so that the model negotiates on exactly what the script sent
 * and the script sees exactly what the model sent.
 *
 * <p>A Fast Open cookie written as a name ({@code FOEXP TFO_COOKIE}, a cookie packetdrill defines for the run) is
 * the server's own cookie handed back: the model, which has no secret, takes any well-formed cookie as valid (RFC
 * 7413 §4.1.2), so it becomes an 8-octet cookie, the size the model hands out.
 */
final class ModelOptions {

    /** The octets of the cookie a named cookie stands for (RFC 7413 §4.1.1: 4 to 16 octets, an even number). */
    private static final int NAMED_COOKIE_OCTETS = 8;

    private ModelOptions() {
    }

    /** The script's options in the model's terms (SACK blocks and timestamps already in the target's numbers). */
    static List<SegmentOption> toModel(List<TcpOption> options) {
        return options.map(ModelOptions::toModel);
    }

    private static SegmentOption toModel(TcpOption o) {
        if (o instanceof TcpOption.Mss m) {
            return new SegmentOption.Mss(m.value());
        }
        if (o instanceof TcpOption.WindowScale w) {
            return new SegmentOption.WindowScale(w.shift());
        }
        if (o instanceof TcpOption.SackPermitted) {
            return new SegmentOption.SackPermitted();
        }
        if (o instanceof TcpOption.Timestamp ts) {
            return new SegmentOption.Timestamps(ts.value() & 0xFFFF_FFFFL, ts.echoReply() & 0xFFFF_FFFFL);
        }
        if (o instanceof TcpOption.Nop) {
            return new SegmentOption.Nop();
        }
        if (o instanceof TcpOption.Eol) {
            return new SegmentOption.Eol();
        }
        if (o instanceof TcpOption.Sack s) {
            return new SegmentOption.Sack(s.blocks().map(b -> new SegmentOption.SackBlock(SeqNum.wrap(b.left()),
                    SeqNum.wrap(b.right()))));
        }
        if (o instanceof TcpOption.FastOpen fo) {
            boolean hex = fo.cookie().chars().allMatch(c -> Character.digit(c, 16) >= 0);
            Vector<Byte> cookie = hex ? octets(fo.cookie())
                    : Vector.fill(NAMED_COOKIE_OCTETS, () -> (byte) 0);
            return new SegmentOption.FastOpen(cookie, fo.experimental());
        }
        TcpOption.Other other = (TcpOption.Other) o;
        return new SegmentOption.Unknown(other.kind(), octets(other.data()));
    }

    /** The model's options in the script's notation. */
    static List<TcpOption> toWire(List<SegmentOption> options) {
        return options.map(ModelOptions::toWire);
    }

    private static TcpOption toWire(SegmentOption o) {
        if (o instanceof SegmentOption.Mss m) {
            return new TcpOption.Mss(m.value());
        }
        if (o instanceof SegmentOption.WindowScale w) {
            return new TcpOption.WindowScale(w.shift());
        }
        if (o instanceof SegmentOption.SackPermitted) {
            return new TcpOption.SackPermitted();
        }
        if (o instanceof SegmentOption.Timestamps ts) {
            return new TcpOption.Timestamp(ts.tsVal(), ts.tsEcr());
        }
        if (o instanceof SegmentOption.Nop) {
            return new TcpOption.Nop();
        }
        if (o instanceof SegmentOption.Eol) {
            return new TcpOption.Eol();
        }
        if (o instanceof SegmentOption.Sack s) {
            return new TcpOption.Sack(s.blocks().map(b -> new TcpOption.SackBlock(b.left().value(),
                    b.right().value())));
        }
        if (o instanceof SegmentOption.FastOpen fo) {
            return new TcpOption.FastOpen(fo.experimental(), hex(fo.cookie()));
        }
        SegmentOption.Unknown u = (SegmentOption.Unknown) o;
        return new TcpOption.Other(u.kind(), hex(u.data()));
    }

    private static Vector<Byte> octets(String hex) {
        return Vector.range(0, hex.length() / 2)
                .map(i -> (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16));
    }

    private static String hex(Vector<Byte> bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }
}
