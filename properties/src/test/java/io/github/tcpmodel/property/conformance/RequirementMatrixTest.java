package io.github.tcpmodel.property.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.property.conformance.ExtensionMatrix.ExtensionRow;
import io.github.tcpmodel.property.conformance.RequirementMatrix.MatrixRow;
import io.github.tcpmodel.property.conformance.RequirementMatrix.Strength;
import io.github.tcpmodel.property.conformance.RequirementMatrix.Treatment;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The requirements matrix against the RFC text, the repository's sources and the committed document: the IDs are
 * exactly those of RFC 9293 (the project's copy, {@code rfc9293.txt}), each row cites a section that states its ID,
 * every test, code reference and evidence file a row names exists, and {@code docs/requirements.md} is what the matrix
 * generates.
 */
class RequirementMatrixTest {

    /** The repository root: the parent of this module's directory, where the tests run. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOC = ROOT.resolve("docs").resolve("requirements.md");

    private static final Pattern ANY_ID = Pattern.compile("\\b(?:MUST|SHLD|MAY|REC)-[0-9]+\\b");
    private static final Pattern HEADING = Pattern.compile("^(\\d+(?:\\.\\d+)*)\\.\\s+\\S");
    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");

    private static String rfc;

    private static synchronized String rfc() {
        if (rfc == null) {
            try (InputStream in = RequirementMatrixTest.class.getResourceAsStream("/rfc9293.txt")) {
                assertTrue(in != null, "the RFC 9293 copy rfc9293.txt is not on the test classpath");
                // An ID broken across lines ("(MUST-\n   22)") is joined first.
                rfc = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replaceAll("\\b(MUST|SHLD|MAY|REC)-\\n\\s*(\\d+)", "$1-$2");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rfc;
    }

    /** The text before Appendix B and Appendix B itself (to the end). */
    private static String[] bodyAndAppendixB() {
        String text = rfc();
        int b = text.indexOf("\nAppendix B.  TCP Requirement Summary");
        assertTrue(b > 0, "the RFC copy has no Appendix B");
        return new String[] {text.substring(0, b), text.substring(b)};
    }

    private static Set<String> ids(String text) {
        Set<String> ids = new TreeSet<>();
        Matcher m = ANY_ID.matcher(text);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    private static Set<String> matrixIds() {
        return new TreeSet<>(RequirementMatrix.rows().map(MatrixRow::id).toJavaList());
    }

    @Test
    void theMatrixHasExactlyTheIdsOfAppendixB() {
        Set<String> inAppendix = ids(bodyAndAppendixB()[1]);
        Set<String> matrix = matrixIds();
        Set<String> missing = new TreeSet<>(inAppendix);
        missing.removeAll(matrix);
        Set<String> extra = new TreeSet<>(matrix);
        extra.removeAll(inAppendix);
        assertTrue(missing.isEmpty(), "Appendix B names IDs the matrix lacks: " + missing);
        assertTrue(extra.isEmpty(), "the matrix has IDs Appendix B lacks: " + extra);
        // The body of the RFC names no ID that Appendix B lacks either.
        Set<String> inBody = ids(bodyAndAppendixB()[0]);
        inBody.removeAll(inAppendix);
        assertTrue(inBody.isEmpty(), "the RFC's text names IDs Appendix B lacks: " + inBody);
    }

    @Test
    void appendixBCountsSixtyNineMustsThirtyOneShouldsEighteenMaysAndOneRecommended() {
        Map<Strength, Long> counts = RequirementMatrix.rows()
                .groupBy(MatrixRow::strength).mapValues(rows -> (long) rows.size()).toJavaMap();
        assertEquals(Map.of(Strength.MUST, 69L, Strength.SHLD, 31L, Strength.MAY, 18L, Strength.REC, 1L), counts);
        // Numbered without gaps: MUST-1 to MUST-69 and so on.
        for (Strength s : Strength.values()) {
            List<Integer> numbers = RequirementMatrix.rows().filter(r -> r.strength() == s).map(MatrixRow::number)
                    .toJavaList();
            for (int i = 0; i < numbers.size(); i++) {
                assertEquals(i + 1, numbers.get(i), s + " numbering");
            }
        }
    }

    @Test
    void eachRowCitesASectionWhoseTextStatesItsId() {
        // ID -> the sections of RFC 9293 whose text names it (MUST-22 is named in Appendix B only).
        Map<String, Set<String>> stated = new HashMap<>();
        String section = "";
        for (String line : bodyAndAppendixB()[0].split("\n")) {
            Matcher h = HEADING.matcher(line);
            if (h.find() && !line.contains(". . .")) {
                section = h.group(1);
            }
            Matcher m = ANY_ID.matcher(line);
            while (m.find()) {
                stated.computeIfAbsent(m.group(), k -> new LinkedHashSet<>()).add(section);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (MatrixRow r : RequirementMatrix.rows()) {
            Set<String> sections = stated.get(r.id());
            if (sections != null && !sections.contains(r.section())) {
                wrong.add(r.id() + " cites §" + r.section() + ", the RFC states it in §" + sections);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertFalse(stated.containsKey("MUST-22"));
    }

    @Test
    void everyTestARowNamesExistsInTheRepository() {
        SourceIndex index = SourceIndex.of(ROOT);
        List<String> missing = new ArrayList<>();
        for (MatrixRow r : RequirementMatrix.rows()) {
            for (String t : r.tests()) {
                if (!index.isTest(t)) {
                    missing.add(r.id() + ": " + t);
                }
            }
        }
        assertTrue(missing.isEmpty(), "rows name tests that do not exist:\n" + String.join("\n", missing));
    }

    @Test
    void everyCodeReferenceAndEvidenceARowNamesExists() {
        SourceIndex index = SourceIndex.of(ROOT);
        List<String> missing = new ArrayList<>();
        for (MatrixRow r : RequirementMatrix.rows()) {
            missing.addAll(absent(index, r.id(), io.vavr.collection.List.empty(),
                    r.model().code().appendAll(r.engine().code()), r.linux().evidence()));
        }
        assertTrue(missing.isEmpty(), "rows name code or evidence that does not exist:\n" + String.join("\n", missing));
    }

    @Test
    void theIndexRejectsWhatDoesNotExist() {
        SourceIndex index = SourceIndex.of(ROOT);
        assertTrue(index.isTest(getClass().getName() + "#theIndexRejectsWhatDoesNotExist"));
        assertFalse(index.isTest(getClass().getName() + "#noSuchTest"));
        assertFalse(index.isTest(getClass().getName() + "#rfc"), "a helper method is not a test");
        assertFalse(index.isTest("io.github.tcpmodel.property.NoSuchTest#anything"));
        // Inherited from the kit's property groups.
        assertTrue(index.isTest("io.github.tcpmodel.property.group.ModelValidityTest#tableIsTotal"));
        assertTrue(index.isCode("io.github.tcpmodel.semantics.Arrival#segmentArrives"));
        assertTrue(index.isCode("io.github.tcpmodel.semantics.Choices#ackNow"), "a record component");
        assertFalse(index.isCode("io.github.tcpmodel.semantics.Arrival#noSuchMethod"));
        assertFalse(index.isCode("io.github.tcpmodel.semantics.NoSuchClass"));
    }

    @Test
    void rowsThatClaimARuleOrAChoiceNameTheCodeAndRowsOutsideTheModelNameNone() {
        for (MatrixRow r : RequirementMatrix.rows()) {
            Treatment t = r.model().treatment();
            switch (t) {
                case RULE, CHOICE -> assertFalse(r.model().code().isEmpty(), r.id() + " names no code for its " + t);
                case NOT_OBSERVABLE, OUT_OF_SCOPE -> assertTrue(r.model().code().isEmpty(), r.id());
                case NOT_MODELLED -> assertFalse(r.model().note().isBlank(), r.id());
            }
            assertFalse(r.text().isBlank() || r.model().note().isBlank() || r.engine().note().isBlank()
                    || r.linux().observed().isBlank(), r.id());
            assertTrue(r.linux().evidence().isEmpty() == r.linux().observed().equals(RequirementMatrix.NOT_OBSERVED),
                    r.id() + ": an observation needs its evidence, and evidence an observation");
        }
    }

    @Test
    void divergencesTakeTheirIdsAndTextsFromTheMatrix() {
        // A RST in TIME-WAIT that the implementation took differently: MUST-13, with the matrix's text.
        Requirement r = Requirement.of(ConnectionState.TIME_WAIT,
                new Stimulus.Deliver(Segment.of(SeqNum.of(5), Control.RST)), "§3.10.7.4 second: TIME-WAIT",
                "state differs");
        assertEquals("MUST-13", r.id());
        assertEquals(RequirementMatrix.row("MUST-13").get().text(), r.text());
        for (Should s : Should.values()) {
            assertTrue(RequirementMatrix.row(s.id()).isDefined(), s.id());
        }
        assertThrows(IllegalArgumentException.class, () -> RequirementMatrix.requirement("MUST-70"));
    }

    @Test
    void theCommittedDocumentIsUpToDate() throws IOException {
        String fresh = RequirementMatrix.markdown();
        if (Boolean.getBoolean("tcpmodel.requirements.write")) {
            Files.writeString(DOC, fresh, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), "docs/requirements.md is missing: run this test with "
                + "-Dtcpmodel.requirements.write=true");
        assertEquals(fresh, Files.readString(DOC, StandardCharsets.UTF_8),
                "docs/requirements.md is out of date: run this test with -Dtcpmodel.requirements.write=true");
    }

    @Test
    void theDocumentHasOneTableRowPerId() {
        String doc = RequirementMatrix.markdown();
        Set<String> rows = doc.lines().filter(l -> l.matches("\\| (MUST|SHLD|MAY|REC)-\\d+ \\|.*"))
                .map(l -> l.substring(2, l.indexOf(' ', 2))).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(matrixIds(), rows);
        assertTrue(doc.contains("## How to read the matrix"));
    }

    @Test
    void everyExtensionRowHasAWellFormedIdOfACoveredRfcAndEveryRfcHasRows() {
        Set<String> ids = new TreeSet<>();
        Map<Integer, Integer> perRfc = new TreeMap<>();
        Map<String, Integer> lastOrdinal = new HashMap<>();
        for (ExtensionRow r : ExtensionMatrix.rows()) {
            assertTrue(ids.add(r.id()), "two rows for " + r.id());
            assertTrue(ExtensionMatrix.RFCS.contains(r.rfc()), r.id() + " is not of a covered RFC");
            assertEquals(r.id(), "RFC" + r.rfc() + "-§" + r.section() + "-R" + r.ordinal());
            perRfc.merge(r.rfc(), 1, Integer::sum);
            // Within a section the ordinals count 1, 2, 3 ... in the order of the rows.
            String key = r.rfc() + "-" + r.section();
            assertEquals(lastOrdinal.getOrDefault(key, 0) + 1, r.ordinal(), r.id() + " breaks its section's count");
            lastOrdinal.put(key, r.ordinal());
            Treatment t = r.model().treatment();
            assertTrue(t == Treatment.RULE || t == Treatment.CHOICE || t == Treatment.NOT_MODELLED,
                    r.id() + ": only statements the model covers have a row");
            assertFalse(r.model().code().isEmpty(), r.id() + " names no code");
            assertFalse(r.text().isBlank() || r.model().note().isBlank() || r.engine().note().isBlank(), r.id());
            assertTrue(r.linux().evidence().isEmpty() == r.linux().observed().equals(RequirementMatrix.NOT_OBSERVED),
                    r.id() + ": an observation needs its evidence, and evidence an observation");
        }
        assertEquals(new TreeSet<>(ExtensionMatrix.RFCS.toJavaList()), perRfc.keySet(), "an RFC without rows");
        assertThrows(IllegalArgumentException.class, () -> new ExtensionRow("RFC7323-5.3-R1", "x",
                ExtensionMatrix.rows().head().model(), io.vavr.collection.List.empty(),
                ExtensionMatrix.rows().head().engine(), ExtensionMatrix.rows().head().linux()));
        assertTrue(ExtensionMatrix.row("RFC7323-§5.3-R1").isDefined());
    }

    @Test
    void everyTestCodeReferenceAndEvidenceAnExtensionRowNamesExists() {
        SourceIndex index = SourceIndex.of(ROOT);
        List<String> missing = new ArrayList<>();
        for (ExtensionRow r : ExtensionMatrix.rows()) {
            missing.addAll(absent(index, r.id(), r.tests(), r.model().code().appendAll(r.engine().code()),
                    r.linux().evidence()));
        }
        assertTrue(missing.isEmpty(), "extension rows name what does not exist:\n" + String.join("\n", missing));
    }

    /** What a row names that does not exist: tests, code references, evidence (a test or a repository file). */
    private static List<String> absent(SourceIndex index, String id, Iterable<String> tests, Iterable<String> code,
                                       Iterable<String> evidence) {
        List<String> missing = new ArrayList<>();
        for (String t : tests) {
            if (!index.isTest(t)) {
                missing.add(id + ": test " + t);
            }
        }
        for (String c : code) {
            if (!index.isCode(c)) {
                missing.add(id + ": code " + c);
            }
        }
        for (String e : evidence) {
            boolean ok = e.contains("#") ? index.isTest(e) : Files.isRegularFile(ROOT.resolve(e));
            if (!ok) {
                missing.add(id + ": evidence " + e);
            }
        }
        return missing;
    }

    @Test
    void theDocumentHasOneExtensionTableRowPerIdAfterTheAppendixBTable() {
        String doc = RequirementMatrix.markdown();
        List<String> rows = doc.lines().filter(l -> l.matches("\\| RFC[0-9]{4}-§\\S+ \\|.*"))
                .map(l -> l.substring(2, l.indexOf(' ', 2))).toList();
        assertEquals(ExtensionMatrix.rows().map(ExtensionRow::id).toJavaList(), rows);
        int extensions = doc.indexOf("## TCP extensions");
        assertTrue(extensions > doc.indexOf("| REC-1 |"), "the extension table follows the Appendix B table");
        assertTrue(doc.indexOf("| " + ExtensionMatrix.rows().head().id() + " |") > extensions);
    }

    /**
     * The Java sources of every module ({@code src/main/java} and {@code src/test/java} of each directory of the
     * repository root and of {@code examples}), by fully qualified top-level class name.
     */
    private record SourceIndex(Map<String, Path> main, Map<String, Path> test) {

        private static SourceIndex index;

        static synchronized SourceIndex of(Path root) {
            if (index == null) {
                Map<String, Path> main = new TreeMap<>();
                Map<String, Path> test = new TreeMap<>();
                try (Stream<Path> modules = Stream.concat(Files.list(root), listIfDir(root.resolve("examples")))) {
                    for (Path module : modules.filter(Files::isDirectory).toList()) {
                        collect(module.resolve("src/main/java"), main);
                        collect(module.resolve("src/test/java"), test);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                assertTrue(test.size() > 50, "too few test sources found under " + root + ": " + test.size());
                index = new SourceIndex(main, test);
            }
            return index;
        }

        private static Stream<Path> listIfDir(Path dir) throws IOException {
            return Files.isDirectory(dir) ? Files.list(dir) : Stream.empty();
        }

        private static void collect(Path dir, Map<String, Path> into) throws IOException {
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    into.put(rel.substring(0, rel.length() - ".java".length()).replace('/', '.'), p);
                });
            }
        }

        /** {@code pkg.TestClass#method}: a test source declares, or inherits, a test method of that name. */
        boolean isTest(String ref) {
            int hash = ref.indexOf('#');
            if (hash < 0 || !test.containsKey(ref.substring(0, hash))) {
                return false;
            }
            return declaresTest(ref.substring(0, hash), ref.substring(hash + 1), 0);
        }

        private boolean declaresTest(String fqn, String method, int depth) {
            Path file = test.containsKey(fqn) ? test.get(fqn) : main.get(fqn);
            if (file == null || depth > 5) {
                return false;
            }
            String src = read(file);
            String[] lines = src.split("\n");
            Pattern decl = Pattern.compile("^\\s*(?:(?:public|protected|private|static|final)\\s+)*void\\s+"
                    + Pattern.quote(method) + "\\s*\\(");
            for (int i = 0; i < lines.length; i++) {
                if (decl.matcher(lines[i]).find() && annotatedAsTest(lines, i)) {
                    return true;
                }
            }
            String simple = fqn.substring(fqn.lastIndexOf('.') + 1);
            Matcher ext = Pattern.compile("\\bclass\\s+" + simple + "\\b[^{]*?\\bextends\\s+([\\w.]+)").matcher(src);
            return ext.find() && declaresTest(resolve(fqn, src, ext.group(1)), method, depth + 1);
        }

        /** Whether the annotations right above line {@code i} include a JUnit test annotation. */
        private static boolean annotatedAsTest(String[] lines, int i) {
            for (int j = i - 1; j >= 0; j--) {
                String l = lines[j].trim();
                if (l.startsWith("@")) {
                    Matcher m = Pattern.compile("^@(\\w+)").matcher(l);
                    if (m.find() && TEST_ANNOTATIONS.contains(m.group(1))) {
                        return true;
                    }
                } else if (!(l.startsWith("//") || l.startsWith("*") || l.startsWith("/*") || l.startsWith("\"")
                        || l.startsWith("}") || l.endsWith(",") || l.isEmpty())) {
                    return false;
                }
                if (l.isEmpty() || l.endsWith("*/")) {
                    return false;
                }
            }
            return false;
        }

        /** The fully qualified name of {@code name} as used in the source of {@code fqn}. */
        private static String resolve(String fqn, String src, String name) {
            if (name.contains(".")) {
                return name;
            }
            Matcher imp = Pattern.compile("(?m)^import\\s+([\\w.]+\\." + name + ");").matcher(src);
            return imp.find() ? imp.group(1) : fqn.substring(0, fqn.lastIndexOf('.') + 1) + name;
        }

        /** {@code pkg.Class} or {@code pkg.Class#member}: a main source declares the class and the member. */
        boolean isCode(String ref) {
            int hash = ref.indexOf('#');
            String fqn = hash < 0 ? ref : ref.substring(0, hash);
            Path file = main.get(fqn);
            if (file == null) {
                return false;
            }
            if (hash < 0) {
                return true;
            }
            String member = Pattern.quote(ref.substring(hash + 1));
            String src = read(file);
            Matcher m = Pattern.compile("([\\w>\\]]+)\\s+" + member + "\\s*\\(").matcher(src);
            while (m.find()) {
                if (!Set.of("return", "new", "throw", "else", "case", "yield").contains(m.group(1))) {
                    return true;
                }
            }
            String simple = fqn.substring(fqn.lastIndexOf('.') + 1);
            Matcher rec = Pattern.compile("\\brecord\\s+" + simple + "\\s*(?:<[^>]*>)?\\s*\\(([^)]*)\\)").matcher(src);
            return rec.find() && Pattern.compile("\\b" + member + "\\s*(,|$)").matcher(rec.group(1).trim()).find();
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
