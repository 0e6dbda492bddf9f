package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConformanceTableTest {

    static final Path DOC = Path.of("../docs/conformance.md");

    static String table;

    static synchronized String table() throws IOException {
        if (table == null) {
            table = ConformanceTable.render(ModelCorpusTest.CORPUS);
        }
        return table;
    }

    @Test
    void theCommittedTableIsUpToDate() throws IOException {
        String table = table();
        // The section PacketdrillSuite generates from a packetdrill checkout follows the table and is kept as is.
        String suite = "";
        if (Files.exists(DOC)) {
            String doc = Files.readString(DOC, StandardCharsets.UTF_8);
            int at = doc.indexOf(PacketdrillSuite.HEADING);
            suite = at < 0 ? "" : doc.substring(at);
        }
        if (Boolean.getBoolean("tcpmodel.conformance.write")) {
            Files.writeString(DOC, table + (suite.isEmpty() ? "" : "\n" + suite), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), "docs/conformance.md is missing: run with -Dtcpmodel.conformance.write=true");
        assertEquals(table + (suite.isEmpty() ? "" : "\n" + suite), Files.readString(DOC, StandardCharsets.UTF_8),
                "docs/conformance.md is out of date: run this test with -Dtcpmodel.conformance.write=true");
    }

    @Test
    void theTableHasNoFailingModelCellAndARowPerScript() throws IOException {
        String table = table();
        assertFalse(table.contains("| FAIL"), table);
        long rows = table.lines().filter(l -> l.startsWith("| `")).count();
        assertEquals(ModelCorpusTest.scripts().count(), rows);
        assertTrue(table.contains("matrix/established-rst.pkt"));
    }
}
