package io.github.tcpmodel.engine.resilience;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import java.util.SplittableRandom;

/**
 * What an off-path attacker of the RFC 5961 threat model sends: it knows the 4-tuple, not the sequence numbers, so
 * SEG.SEQ (and for data SEG.ACK and the text) are random.
 */
public final class BlindSegments {
    public static final int RST = 0;
    public static final int SYN = 1;
    public static final int DATA = 2;

    private BlindSegments() {
    }

    /** A blind segment of {@code kind} from {@code src:srcPort} to {@code dst:dstPort}. */
    public static Packet blind(int kind, int src, int dst, int srcPort, int dstPort, SplittableRandom random) {
        int flags;
        byte[] payload = Packet.EMPTY;
        int ack = 0;
        switch (kind) {
            case RST:
                flags = Flags.RST;
                break;
            case SYN:
                flags = Flags.SYN;
                break;
            default:
                flags = Flags.ACK | Flags.PSH;
                ack = random.nextInt();
                payload = new byte[64];
                for (int i = 0; i < payload.length; i++) {
                    payload[i] = (byte) random.nextInt();
                }
                break;
        }
        return new Packet(src, dst, srcPort, dstPort, random.nextInt(), ack, flags, 65535, 0, TcpOptions.NONE,
                payload);
    }
}
