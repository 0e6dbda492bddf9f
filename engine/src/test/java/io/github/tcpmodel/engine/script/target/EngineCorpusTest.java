package io.github.tcpmodel.engine.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EngineCorpusTest {

    static Stream<Path> scripts() throws IOException {
        return ModelCorpusTest.scripts();
    }

    // Every script passes on the engine, with its conformance monitor on, under each profile it names, except where
    // it documents a deviation of the engine: there it must still fail, so that a fixed engine makes the line stale.
    @ParameterizedTest
    @MethodSource("scripts")
    void passesOnTheEngineUnderEachProfileItNamesOrFailsAsDocumented(Path file) throws IOException {
        Map<String, String> deviations = Scripts.deviationsOf(Files.readString(file));
        Report r = Scripts.run(java.util.List.of(file), "engine", Option.none()).get();
        assertFalse(r.results().isEmpty());
        for (ScriptResult s : r.results()) {
            assertEquals("engine", s.target());
            boolean documented = deviations.containsKey("engine/" + s.profile());
            assertEquals(documented ? ScriptResult.Verdict.FAILED : ScriptResult.Verdict.PASSED, s.verdict(),
                    () -> (documented ? "documented deviation no longer fails: " : "") + s.render());
        }
    }
}
