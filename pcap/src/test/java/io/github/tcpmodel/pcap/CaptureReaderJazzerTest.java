package io.github.tcpmodel.pcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Coverage-guided fuzzing of the pcap and pcapng reader with Jazzer: for every byte string, opening and reading to
 * the end answers values (never throws), consumes input on every packet, and reports errors at offsets inside the
 * file. The corpus and any crash reproducers live in {@code src/test/resources/io/github/tcpmodel/pcap/
 * CaptureReaderJazzerTestInputs/fuzz}; the long run is {@link CaptureReaderJazzerLongTest}.
 */
class CaptureReaderJazzerTest {

    @DisabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "5s")
    void fuzz(byte[] data) {
        read(data);
    }

    static void read(byte[] data) {
        Either<CaptureError, CaptureReader> open = CaptureReader.open(new ByteArrayInputStream(data));
        if (open.isLeft()) {
            assertTrue(open.getLeft().offset() <= data.length, open.getLeft().message());
            return;
        }
        CaptureReader r = open.get();
        Either<CaptureError, Option<CapturedPacket>> n;
        int steps = 0;
        do {
            n = r.next();
            steps++;
            assertTrue(steps <= data.length / 8 + 2, "the reader must consume input on every packet");
        } while (n.isRight() && n.get().isDefined());
        if (n.isLeft()) {
            assertTrue(n.getLeft().offset() <= data.length, n.getLeft().message());
            assertTrue(!n.getLeft().message().isBlank());
        }
    }
}
