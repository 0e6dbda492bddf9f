package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MatrixCoverageTest {

    static final Path MATRIX = ModelCorpusTest.CORPUS.resolve("matrix");
    static final List<String> STATES = List.of("closed", "listen", "syn-sent", "syn-received", "established",
            "fin-wait-1", "fin-wait-2", "close-wait", "closing", "last-ack", "time-wait");
    static final List<String> KINDS = List.of("syn", "synack", "ack", "fin", "finack", "rst", "rstack", "data");

    // RFC 9293 §3.10.7: every state x segment kind has a script for each profile, either one naming both or a
    // .rfc9293/.linux pair, and says which positions it covers and which it merges.
    @Test
    void everyCellOfTheSegmentArrivalMatrixHasAScriptForEachProfile() throws IOException {
        int cells = 0;
        for (String state : STATES) {
            for (String kind : KINDS) {
                String base = state + "-" + kind;
                Path both = MATRIX.resolve(base + ".pkt");
                List<Path> files = Files.exists(both) ? List.of(both)
                        : List.of(MATRIX.resolve(base + ".rfc9293.pkt"), MATRIX.resolve(base + ".linux.pkt"));
                List<String> profiles = List.empty();
                for (Path f : files) {
                    assertTrue(Files.exists(f), "missing " + f);
                    String text = Files.readString(f);
                    assertTrue(text.contains("// matrix: " + state.toUpperCase() + " x "), f.toString());
                    assertTrue(text.contains("// positions"), f + " says which positions it covers");
                    profiles = profiles.appendAll(Scripts.profilesOf(text));
                }
                assertEquals(List.of("rfc9293", "linux"), profiles.sorted().reverse(), base);
                cells++;
            }
        }
        assertEquals(88, cells);
    }
}
