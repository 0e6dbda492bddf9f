package io.github.tcpmodel.pcap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The long fuzzing run of {@link CaptureReaderJazzerTest}: {@code -Dtcpmodel.fuzzLong=true}, ten minutes. */
class CaptureReaderJazzerLongTest {

    @EnabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "10m")
    void fuzz(byte[] data) {
        CaptureReaderJazzerTest.read(data);
    }
}
