package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tcpmodel.table.TransitionTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated documents in docs/generated are what the current model generates. */
class GeneratedDocsTest {

    @Test
    void transitionTableMarkdownIsUpToDate() throws IOException {
        Path file = Path.of("..", "docs", "generated", "transition-table.md");
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(TableFormat.markdown(TransitionTable.rfc9293(), false), committed,
                "docs/generated/transition-table.md is out of date; regenerate it with "
                        + "./tcpmodel table --format markdown > docs/generated/transition-table.md");
    }
}
