package io.github.tcpmodel.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Tuple2;
import io.vavr.collection.Map;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GeneratedFilesTest {

    private static final Path GENERATED = Path.of("generated");
    private static final String HOW = ": regenerate the committed diagrams as docs/diagrams.md says";

    @Test
    void committedTextMatchesTheCurrentModel() throws IOException {
        Map<String, String> fresh = Diagrams.sources(TransitionTable.rfc9293()).get();
        for (Tuple2<String, String> f : fresh) {
            Path committed = GENERATED.resolve(f._1);
            if (!Files.exists(committed)) {
                fail("diagrams/generated/" + f._1 + " is missing" + HOW);
            }
            assertEquals(f._2, Files.readString(committed, StandardCharsets.UTF_8), "diagrams/generated/" + f._1 + " is out of date" + HOW);
        }
    }

    @Test
    void everyStateDiagramAndChartHasItsTextFiles() {
        Map<String, String> fresh = Diagrams.sources(TransitionTable.rfc9293()).get();
        for (String name : new String[] {"tcp-states.dot", "tcp-states.mmd", "tcp-states-complete.dot",
                "tcp-states-complete.mmd", "three-way-handshake.svg", "four-way-close.svg", "simultaneous-close.svg",
                "simultaneous-open.svg", "lost-last-ack.svg", "three-way-handshake.txt"}) {
            assertTrue(fresh.containsKey(name), name);
        }
    }

    @Test
    void committedPicturesExist() {
        for (String name : new String[] {"tcp-states.svg", "tcp-states.png", "tcp-states-complete.svg",
                "tcp-states-complete.png", "three-way-handshake.png"}) {
            assertTrue(Files.isRegularFile(GENERATED.resolve(name)), "diagrams/generated/" + name + " is missing");
        }
    }
}
