package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/scripts");

    static Stream<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".pkt")).sorted().collect(Collectors.toList()).stream();
        }
    }

    // Every script passes on the model under each profile it names, except where it documents a deviation of the
    // model: there it must still fail, so that a fixed model makes the deviation line stale and this test says so.
    @ParameterizedTest
    @MethodSource("scripts")
    void passesOnTheModelUnderEachProfileItNamesOrFailsAsDocumented(Path file) throws IOException {
        Map<String, String> deviations = Scripts.deviationsOf(Files.readString(file));
        ScriptReport r = Scripts.run(java.util.List.of(file), "model", Option.none()).get();
        assertFalse(r.results().isEmpty());
        for (ScriptResult s : r.results()) {
            boolean documented = deviations.containsKey("model/" + s.profile());
            assertEquals(documented ? ScriptResult.Verdict.FAILED : ScriptResult.Verdict.PASSED, s.verdict(),
                    () -> (documented ? "documented deviation no longer fails: " : "") + s.render());
        }
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void aScriptNamingBothProfilesBehavesAlikeOnBoth(Path file) throws IOException {
        String text = Files.readString(file);
        if (!Scripts.profilesOf(text).equals(io.vavr.collection.List.of("rfc9293", "linux"))
                || !Scripts.deviationsOf(text).isEmpty()) {
            return;
        }
        ScriptReport r = Scripts.run(java.util.List.of(file), "model", Option.none()).get();
        assertEquals(2, r.results().size());
        assertTrue(r.results().map(ScriptResult::verdict).distinct().size() == 1, r::render);
    }
}
