package io.github.tcpmodel.trace;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The long fuzzing run of {@link TraceCheckerJazzerTest}: {@code -Dtcpmodel.fuzzLong=true}, ten minutes. */
class TraceCheckerJazzerLongTest {

    @EnabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "10m")
    void fuzz(FuzzedDataProvider data) {
        TraceCheckerJazzerTest.check(data);
    }
}
