package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.tcpmodel.diagram.DiagramFormat;
import io.github.tcpmodel.diagram.Diagrams;
import io.github.tcpmodel.diagram.render.GraphvizRenderer;
import io.github.tcpmodel.profile.Profile;
import io.vavr.control.Either;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tcpmodel diagram --format dot|mermaid|svg|png --profile rfc9293|linux [--complete] [--out FILE|-]}. */
class DiagramCommandTest {

    @TempDir
    Path tmp;

    /** Standard output as bytes (a PNG is not text), standard error as text. */
    record Run(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(out, new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** What the diagrams module draws for {@code profile}: diagram 0 is Figure 5, 1 the complete one. */
    private static byte[] expected(Profile profile, int diagram, DiagramFormat format) {
        return Diagrams.stateDiagrams(profile).flatMap(ds -> Diagrams.render(ds.get(diagram), format)).get();
    }

    private static void assumeEngine() {
        Either<String, GraphvizRenderer> probe = GraphvizRenderer.start("v8");
        probe.forEach(GraphvizRenderer::close);
        assumeTrue(probe.isRight(), "no embedded V8 engine on this platform");
    }

    @Test
    void dotGoesToStandardOutputWithOutDash() {
        Run r = run("diagram", "--format", "dot", "--out", "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.text().contains("digraph"), r.text());
        assertArrayEquals(expected(Profile.rfc9293(), 0, DiagramFormat.DOT), r.out());
        assertEquals("", r.err());
    }

    @Test
    void mermaidGoesToStandardOutputByDefault() {
        Run r = run("diagram", "--format", "mermaid");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.text().contains("stateDiagram-v2\n"), r.text());
        assertArrayEquals(expected(Profile.rfc9293(), 0, DiagramFormat.MERMAID), r.out());
    }

    @Test
    void theLinuxProfileDrawsItsVariants() {
        for (String format : new String[] {"dot", "mermaid"}) {
            Run linux = run("diagram", "--format", format, "--profile", "linux", "--complete", "--out", "-");
            Run rfc = run("diagram", "--format", format, "--profile", "rfc9293", "--complete", "--out", "-");
            assertEquals(0, linux.code(), linux.err());
            assertEquals(0, rfc.code(), rfc.err());
            // RFC 9293 §3.6.1 MAY-2: the linux profile reopens TIME-WAIT on a new SYN.
            String arc = format.equals("dot") ? "TIME_WAIT -> SYN_RECEIVED" : "TIME_WAIT --> SYN_RECEIVED";
            assertTrue(linux.text().contains(arc), linux.text());
            assertFalse(rfc.text().contains(arc), rfc.text());
            assertTrue(linux.text().contains("linux profile"), linux.text());
            DiagramFormat f = format.equals("dot") ? DiagramFormat.DOT : DiagramFormat.MERMAID;
            assertArrayEquals(expected(Profile.linux(), 1, f), linux.out());
        }
    }

    @Test
    void svgGoesToAFile() throws IOException {
        assumeEngine();
        Path file = tmp.resolve("states.svg");
        Run r = run("diagram", "--format", "svg", "--profile", "linux", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(0, r.out().length);
        String svg = Files.readString(file);
        assertTrue(svg.contains("<svg") && svg.contains("linux profile"), svg);
        assertTrue(r.err().contains("wrote " + file), r.err());
    }

    @Test
    void pngGoesToAFileOrToAPipeButNotToATerminalByDefault() throws IOException {
        assumeEngine();
        Path file = tmp.resolve("states.png");
        Run r = run("diagram", "--format", "png", "--complete", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Diagrams.PNG_WIDTH, image.getWidth());

        Run piped = run("diagram", "--format", "png", "--out", "-");
        assertEquals(0, piped.code(), piped.err());
        assertEquals(Diagrams.PNG_WIDTH, ImageIO.read(new ByteArrayInputStream(piped.out())).getWidth());

        Run bare = run("diagram", "--format", "png");
        assertEquals(2, bare.code());
        assertEquals(0, bare.out().length);
        assertTrue(bare.err().startsWith("tcpmodel: a PNG is binary"), bare.err());
    }

    @Test
    void theFolderOfTheLinuxProfileHasItsStateDiagrams() throws IOException {
        assumeEngine();
        Path dir = tmp.resolve("linux");
        Run r = run("diagram", "--profile", "linux", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(new String(expected(Profile.linux(), 1, DiagramFormat.DOT), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("tcp-states-complete-linux.dot")));
        assertTrue(Files.size(dir.resolve("tcp-states-linux.png")) > 10_000);
        assertTrue(r.text().contains("tcp-states-complete-linux.svg"), r.text());
    }

    @Test
    void badCombinationsAreUsageErrors() {
        Run format = run("diagram", "--format", "pdf");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown format 'pdf' (known: dot, mermaid, svg, png)"), format.err());
        Run profile = run("diagram", "--format", "dot", "--profile", "bsd");
        assertEquals(2, profile.code());
        assertTrue(profile.err().contains("unknown profile 'bsd'"), profile.err());
        Run dash = run("diagram", "--out", "-");
        assertEquals(2, dash.code());
        assertTrue(dash.err().contains("give --format too"), dash.err());
        Run complete = run("diagram", "--complete", "--out", tmp.toString());
        assertEquals(2, complete.code());
        for (Run r : new Run[] {format, profile, dash, complete}) {
            assertEquals(0, r.out().length);
            assertTrue(r.err().startsWith("tcpmodel: "), r.err());
        }
    }

    @Test
    void aFileInTheWayOfTheOutputIsOneErrorAndNoPartialFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d.dot"));
        Run r = run("diagram", "--format", "dot", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("it is a directory"), r.err());
        try (var files = Files.list(tmp)) {
            assertEquals(java.util.List.of(dir), files.toList());
        }
    }
}
