package io.github.tcpmodel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vavr.control.Either;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Coverage-guided fuzzing of the script parser with Jazzer, from the bytes of a file: for every byte string, the
 * UTF-8 decoding answers text or says why not, and parsing answers a script or an error (never throws); an error
 * points at a line and column inside the text; a script has events, in order of time, each with its own line as
 * source. The corpus (the scripts of {@code src/test/resources/scripts}) and any crash reproducers live in
 * {@code src/test/resources/io/github/tcpmodel/script/ScriptParserJazzerTestInputs/fuzz}; the long run is
 * {@link ScriptParserJazzerLongTest}.
 */
class ScriptParserJazzerTest {

    @DisabledIfSystemProperty(named = "tcpmodel.fuzzLong", matches = "true")
    @FuzzTest(maxDuration = "5s")
    void fuzz(byte[] data) {
        parse(data);
    }

    static void parse(byte[] data) {
        Either<String, String> text = ScriptParser.decode(data);
        if (text.isLeft()) {
            assertTrue(text.getLeft().startsWith("not a UTF-8 text file"), text.getLeft());
            return;
        }
        Either<ScriptError, Script> r = ScriptParser.parse("f.pkt", text.get());
        String[] lines = ScriptParser.normalizeLineEnds(text.get()).split("\n", -1);
        if (r.isLeft()) {
            Position p = r.getLeft().position();
            assertTrue(p.line() >= 1 && p.line() <= lines.length, r.getLeft().message());
            assertTrue(p.column() >= 1 && p.column() <= lines[p.line() - 1].length() + 1, r.getLeft().message());
            assertFalse(r.getLeft().detail().isBlank());
            return;
        }
        assertFalse(r.get().events().isEmpty());
        for (ScriptEvent e : r.get().events()) {
            assertEquals(lines[e.position().line() - 1].trim(), e.source());
        }
    }
}
