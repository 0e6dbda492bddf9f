package io.github.tcpmodel.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecFuzzTest {

    private static final int ROUNDS = Integer.getInteger("tcpmodel.fuzz.codec", 200_000);

    // forall bytes: decode(bytes) returns a value (never throws); Ok only if re-encoding round-trips the segment
    @Test
    void randomAndMutatedPacketsNeverThrow() {
        Random random = new Random(6);
        DecodeCounters counters = new DecodeCounters();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] p;
            if (round % 4 == 0) {
                p = new byte[random.nextInt(80)];
                random.nextBytes(p);
                if (p.length > 0 && random.nextBoolean()) {
                    p[0] = 0x45;
                }
            } else {
                p = mutate(random, Codec.encode(randomSegment(random)));
            }
            Decoded d = counters.count(Codec.decode(p, 0, p.length));
            if (d instanceof Decoded.Ok ok) {
                Packet s = ok.segment();
                Decoded again = Codec.decode(Codec.encode(s));
                assertEquals(s, ((Decoded.Ok) again).segment());
            }
        }
        assertEquals(ROUNDS, counters.ok() + counters.malformedTotal());
        // Coverage: both outcomes and most kinds of malformation occur.
        assertTrue(counters.ok() > ROUNDS / 20, "ok " + counters.ok());
        assertTrue(counters.snapshot().size() >= 8, "kinds " + counters.snapshot());
    }

    static Packet randomSegment(Random r) {
        TcpOptions o;
        switch (r.nextInt(3)) {
            case 0:
                o = TcpOptions.NONE;
                break;
            case 1:
                o = TcpOptions.mssOnly(r.nextInt(65536));
                break;
            default:
                o = new TcpOptions(r.nextInt(65536), r.nextInt(15), r.nextBoolean(), true, r.nextInt(), r.nextInt());
        }
        byte[] payload = new byte[r.nextInt(4) == 0 ? r.nextInt(1500) : r.nextInt(8)];
        r.nextBytes(payload);
        return new Packet(r.nextInt(), r.nextInt(), r.nextInt(65536), r.nextInt(65536), r.nextInt(), r.nextInt(),
                r.nextInt(256), r.nextInt(65536), r.nextInt(65536), o, payload);
    }

    static byte[] mutate(Random r, byte[] p) {
        switch (r.nextInt(6)) {
            case 0:
                return p;
            case 1:
                p[r.nextInt(p.length)] ^= (byte) (1 << r.nextInt(8));
                return p;
            case 2:
                return java.util.Arrays.copyOf(p, r.nextInt(p.length + 1));
            case 3:
                // Header mutation with the checksums recomputed, so that the checks after them are reached.
                p[r.nextInt(Math.min(p.length, 60))] = (byte) r.nextInt(256);
                if (p.length >= 40 && (p[0] & 0x0F) == 5) {
                    p[10] = 0;
                    p[11] = 0;
                    Codec.put16(p, 10, Checksum.fold(Checksum.sum(p, 0, 20, 0)));
                    if (Codec.u16(p, 2) <= p.length && Codec.u16(p, 2) >= 40) {
                        CodecTest.refreshTcpChecksum(p);
                    }
                }
                return p;
            case 4:
                byte[] longer = java.util.Arrays.copyOf(p, p.length + r.nextInt(10));
                return longer;
            default:
                for (int i = 0; i < 1 + r.nextInt(5); i++) {
                    p[r.nextInt(p.length)] = (byte) r.nextInt(256);
                }
                return p;
        }
    }
}
