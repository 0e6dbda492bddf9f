package io.github.tcpmodel.script;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The long fuzzing run of {@link ScriptParserJazzerTest}: {@code -Dtcpmodel.fuzzLong=true}, ten minutes. */
class ScriptParserJazzerLongTest {

    @EnabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "10m")
    void fuzz(byte[] data) {
        ScriptParserJazzerTest.parse(data);
    }
}
