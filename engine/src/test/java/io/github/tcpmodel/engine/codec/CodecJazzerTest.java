package io.github.tcpmodel.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Coverage-guided fuzzing of the engine's wire codec with Jazzer: IPv4 and TCP headers, TCP options and checksums
 * as they arrive from a TUN device. For every byte string, decoding answers a value (never throws); when the input's
 * first bit asks for it, the IPv4 and TCP checksums are set right first, so that the fuzzer reaches the checks
 * behind them. A decoded segment re-encodes to one that decodes to the same segment. The corpus and any crash
 * reproducers live in {@code src/test/resources/io/github/tcpmodel/engine/codec/CodecJazzerTestInputs/fuzz}; the
 * long run is {@link CodecJazzerLongTest}.
 */
class CodecJazzerTest {

    @DisabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "5s")
    void fuzz(byte[] data) {
        decode(data);
    }

    static void decode(byte[] input) {
        if (input.length == 0) {
            assertTrue(Codec.decode(input) instanceof Decoded.Malformed);
            return;
        }
        boolean repair = (input[0] & 1) == 1;
        byte[] p = java.util.Arrays.copyOfRange(input, 1, input.length);
        if (repair && p.length >= 20 && (p[0] & 0x0F) >= 5 && (p[0] & 0x0F) * 4 <= p.length) {
            int ihl = (p[0] & 0x0F) * 4;
            p[10] = 0;
            p[11] = 0;
            Codec.put16(p, 10, Checksum.fold(Checksum.sum(p, 0, ihl, 0)));
            int total = Codec.u16(p, 2);
            if (ihl == 20 && total >= 40 && total <= p.length) {
                CodecTest.refreshTcpChecksum(p);
            }
        }
        Decoded d = Codec.decode(p, 0, p.length);
        if (d instanceof Decoded.Ok ok) {
            Packet s = ok.segment();
            byte[] again = Codec.encode(s);
            Decoded back = Codec.decode(again);
            assertTrue(back instanceof Decoded.Ok, () -> "re-encoded segment does not decode: " + back);
            Packet t = ((Decoded.Ok) back).segment();
            assertEquals(s.seq(), t.seq());
            assertEquals(s.ack(), t.ack());
            assertEquals(s.flags(), t.flags());
            assertEquals(s.options(), t.options());
            assertArrayEquals(s.payload(), t.payload());
        }
    }
}
