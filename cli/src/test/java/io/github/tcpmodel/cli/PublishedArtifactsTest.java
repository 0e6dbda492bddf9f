package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The bill of materials (bom/pom.xml) stays in step with the build: it has no parent, so nothing keeps it so but this.
 * A module is published unless its pom sets {@code maven.deploy.skip}.
 */
class PublishedArtifactsTest {

    private static final Path ROOT = Path.of("..");

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    /** The direct children of {@code parent} named {@code name}. */
    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The text of the element at {@code path} under {@code parent}, or "" when there is none. */
    private static String text(Element parent, String... path) {
        Element e = parent;
        for (String name : path) {
            List<Element> c = children(e, name);
            if (c.isEmpty()) {
                return "";
            }
            e = c.get(0);
        }
        return e.getTextContent().strip();
    }

    private static boolean published(Element modulePom) {
        return !text(modulePom, "properties", "maven.deploy.skip").equals("true");
    }

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom").resolve("pom.xml"));

        TreeSet<String> expected = new TreeSet<>();
        TreeSet<String> unpublished = new TreeSet<>();
        for (Element module : children(children(root, "modules").get(0), "module")) {
            String dir = module.getTextContent().strip();
            if (dir.equals("bom")) {
                continue;
            }
            Element modulePom = pom(ROOT.resolve(dir).resolve("pom.xml"));
            (published(modulePom) ? expected : unpublished).add(text(modulePom, "artifactId"));
        }
        // Not libraries: the command, the benchmarks, the architecture test and the example projects of a user.
        assertEquals(new TreeSet<>(List.of("model-user", "tcpmodel-architecture", "tcpmodel-bench", "tcpmodel-cli",
                "tiny-tcp")), unpublished);

        TreeSet<String> listed = new TreeSet<>();
        Element managed = children(children(bom, "dependencyManagement").get(0), "dependencies").get(0);
        for (Element dependency : children(managed, "dependency")) {
            assertEquals(text(root, "groupId"), text(dependency, "groupId"));
            assertEquals("${project.version}", text(dependency, "version"), text(dependency, "artifactId"));
            assertTrue(listed.add(text(dependency, "artifactId")), "listed twice: " + text(dependency, "artifactId"));
        }
        assertEquals(expected, listed, "bom/pom.xml must list every published module");
        assertEquals(text(root, "groupId"), text(bom, "groupId"));
        assertEquals(text(root, "version"), text(bom, "version"), "the bom's version is the project's");
    }

    @Test
    void theBomRepeatsTheProjectMetadataAndInheritsNothing() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom").resolve("pom.xml"));
        // An imported pom brings its parent's dependencyManagement along (the parent pins JUnit, guava, ...).
        assertTrue(children(bom, "parent").isEmpty(), "tcpmodel-bom must have no parent");
        assertEquals("pom", text(bom, "packaging"));
        for (String[] path : List.of(new String[] {"url"}, new String[] {"inceptionYear"},
                new String[] {"organization", "name"}, new String[] {"licenses", "license", "name"},
                new String[] {"licenses", "license", "url"}, new String[] {"developers", "developer", "name"},
                new String[] {"scm", "connection"}, new String[] {"scm", "developerConnection"},
                new String[] {"scm", "url"}, new String[] {"issueManagement", "url"})) {
            assertFalse(text(root, path).isEmpty(), String.join("/", path));
            assertEquals(text(root, path), text(bom, path), String.join("/", path));
        }
    }
}
