package io.github.tcpmodel.engine.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The long fuzzing run of {@link CodecJazzerTest}: {@code -Dtcpmodel.fuzzLong=true}, ten minutes. */
class CodecJazzerLongTest {

    @EnabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "10m")
    void fuzz(byte[] data) {
        CodecJazzerTest.decode(data);
    }
}
