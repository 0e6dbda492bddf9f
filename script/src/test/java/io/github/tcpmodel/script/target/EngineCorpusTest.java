package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.Script;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.vavr.control.Either;

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
        ScriptReport r = Scripts.run(java.util.List.of(file), "engine", Option.none()).get();
        assertFalse(r.results().isEmpty());
        for (ScriptResult s : r.results()) {
            assertEquals("engine", s.target());
            boolean documented = deviations.containsKey("engine/" + s.profile());
            assertEquals(documented ? ScriptResult.Verdict.FAILED : ScriptResult.Verdict.PASSED, s.verdict(),
                    () -> (documented ? "documented deviation no longer fails: " : "") + s.render());
        }
    }

    // Sequence arithmetic is modulo 2^32 (RFC 9293 §3.4): the corpus also passes with both sides' ISNs just below the
    // wrap, so that every script's numbers cross it.
    @ParameterizedTest
    @MethodSource("scripts")
    void passesWithBothInitialSequenceNumbersJustBelowTheWrap(Path file) throws IOException {
        String text = Files.readString(file);
        Script script = ScriptParser.parse(file.toString(), text).get();
        for (String profile : Scripts.profilesOf(text)) {
            if (Scripts.deviationsOf(text).containsKey("engine/" + profile)) {
                continue;
            }
            EngineTarget t = new EngineTarget(EngineTarget.configFor(profile).get());
            t.overrideIsn(0xffff_fff0L);
            Either<Failure, Passed> r = ScriptRunner.run(script, t,
                    ScriptRunner.Config.defaults().withRemoteIsn(0xffff_fffaL));
            assertTrue(r.isRight(), () -> profile + ": " + r.getLeft().report());
            assertEquals(Option.none(), t.finish(), profile);
        }
    }
}
