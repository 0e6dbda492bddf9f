package io.github.tcpmodel.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.tcpmodel.diagram.render.GraphvizRenderer;
import io.github.tcpmodel.diagram.state.DotWriter;
import io.github.tcpmodel.diagram.state.StateDiagram;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.control.Either;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagramsTest {

    @TempDir
    Path tmp;

    @Test
    void aFileAsOutputDirectoryIsOneErrorLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        Either<String, Written> r = Diagrams.writeAll(file);
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().contains("not a directory"), r.getLeft());
        assertTrue(!r.getLeft().contains("\n"), r.getLeft());
    }

    @Test
    void aDirectoryBelowAFileIsOneErrorLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        Either<String, Written> r = Diagrams.writeAll(file.resolve("sub"));
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().startsWith("cannot create the output directory"), r.getLeft());
    }

    @Test
    void anUnknownEngineIsOneErrorLine() {
        Either<String, GraphvizRenderer> r = GraphvizRenderer.start("neato");
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().contains("unknown Graphviz engine \"neato\""), r.getLeft());
    }

    private static boolean dotOnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "dot"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aMissingDotCommandIsOneErrorLine() {
        assumeTrue(!dotOnPath(), "a dot command is installed here");
        Either<String, GraphvizRenderer> r = GraphvizRenderer.start("dot");
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().startsWith("dot command unavailable: "), r.getLeft());
        assertTrue(!r.getLeft().contains("\n"), r.getLeft());
    }

    @Test
    void withoutAnEngineTheEngineFreeFilesAreWrittenAndTheErrorSaysSo() throws IOException {
        assumeTrue(!dotOnPath(), "a dot command is installed here");
        String before = System.getProperty(GraphvizRenderer.ENGINE_PROPERTY);
        System.setProperty(GraphvizRenderer.ENGINE_PROPERTY, "dot");
        try {
            Either<String, Written> r = Diagrams.writeAll(tmp.resolve("out"));
            assertTrue(r.isLeft());
            assertTrue(r.getLeft().startsWith("dot command unavailable: "), r.getLeft());
            assertTrue(r.getLeft().contains("files that need no engine"), r.getLeft());
            assertTrue(Files.exists(tmp.resolve("out/tcp-states.dot")));
            assertTrue(Files.exists(tmp.resolve("out/tcp-states.mmd")));
            assertTrue(!Files.exists(tmp.resolve("out/tcp-states.svg")));
        } finally {
            if (before == null) {
                System.clearProperty(GraphvizRenderer.ENGINE_PROPERTY);
            } else {
                System.setProperty(GraphvizRenderer.ENGINE_PROPERTY, before);
            }
        }
    }

    @Test
    void writesEveryFileWithTheEmbeddedEngine() throws IOException {
        Either<String, GraphvizRenderer> probe = GraphvizRenderer.start("v8");
        probe.forEach(GraphvizRenderer::close);
        assumeTrue(probe.isRight(), "no embedded V8 engine on this platform: " + probe.swap().getOrElse(""));

        Either<String, Written> r = Diagrams.writeAll(tmp.resolve("out"));
        assertTrue(r.isRight(), () -> r.getLeft());
        int sources = Diagrams.sources(TransitionTable.rfc9293()).get().size();
        // Text sources (.dot and .mmd per state diagram, .svg and .txt per chart), a PNG per chart, and an SVG
        // and a PNG per state diagram.
        int charts = (sources - 4) / 2;
        assertEquals(sources + charts + 4, r.get().files().size(), r.get().files().toString());
        for (Path p : r.get().files()) {
            assertTrue(Files.size(p) > 0, p + " is empty");
        }
        String svg = Files.readString(tmp.resolve("out/tcp-states.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("TIME&#45;WAIT"), "state diagram SVG");
        BufferedImage png = ImageIO.read(tmp.resolve("out/tcp-states.png").toFile());
        assertEquals(Diagrams.PNG_WIDTH, png.getWidth());
        assertTrue(png.getHeight() > 400);
    }

    @Test
    void theEmbeddedEngineRendersTheSameSvgTwice() {
        Either<String, GraphvizRenderer> engine = GraphvizRenderer.start("v8");
        assumeTrue(engine.isRight(), "no embedded V8 engine on this platform");
        try (GraphvizRenderer r = engine.get()) {
            String dot = Diagrams.sources(TransitionTable.rfc9293()).get().get("tcp-states.dot").get();
            assertEquals(r.svg(dot).get(), r.svg(dot).get());
        }
    }

    /** The names in {@code dir}, sorted. */
    private static java.util.List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailingWriteLeavesNoPartialFile() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        // A non-empty directory where tcp-states.mmd goes: its rename fails after its content was written.
        Path inTheWay = Files.createDirectories(out.resolve("tcp-states.mmd"));
        Files.writeString(inTheWay.resolve("keep"), "keep");

        Either<String, Written> r = Diagrams.writeAll(out);
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().startsWith("cannot write ") && r.getLeft().contains("tcp-states.mmd"), r.getLeft());
        // What was written before it is whole, what failed is not there in part, no temporary file is left.
        assertEquals(java.util.List.of("tcp-states.dot", "tcp-states.mmd"), names(out));
        assertEquals(Diagrams.sources(TransitionTable.rfc9293()).get().get("tcp-states.dot").get(),
                Files.readString(out.resolve("tcp-states.dot")));
        assertEquals(java.util.List.of("keep"), names(inTheWay));
    }

    @Test
    void aWriteReplacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("tcp-states.dot"), "x".repeat(100_000));
        Either<String, Path> r = Diagrams.write(file, "digraph {}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(r.isRight(), () -> r.getLeft());
        assertEquals("digraph {}\n", Files.readString(file));
        assertEquals(java.util.List.of("tcp-states.dot"), names(tmp));
    }

    @Test
    void theLinuxProfileDrawsItsTableUnderItsOwnNames() {
        StateDiagram rfc = Diagrams.stateDiagrams(Profile.rfc9293()).get().get(1);
        StateDiagram linux = Diagrams.stateDiagrams(Profile.linux()).get().get(1);
        assertEquals("tcp-states-complete", rfc.name());
        assertEquals("tcp-states-complete-linux", linux.name());
        assertTrue(linux.title().endsWith(", linux profile"), linux.title());
        assertEquals("tcp-states-linux", Diagrams.stateDiagrams(Profile.linux()).get().get(0).name());
        // RFC 9293 §3.6.1 MAY-2: Linux reopens TIME-WAIT on a new SYN; the reference table does not.
        String linuxDot = DotWriter.write(linux);
        assertTrue(linuxDot.contains("TIME_WAIT -> SYN_RECEIVED"), linuxDot);
        assertTrue(!DotWriter.write(rfc).contains("TIME_WAIT -> SYN_RECEIVED"));
        // The rfc9293 profile draws exactly what the reference table draws.
        assertEquals(Diagrams.stateDiagrams(TransitionTable.rfc9293()).get(),
                Diagrams.stateDiagrams(Profile.rfc9293()).get());
    }

    @Test
    void theTextFormatsNeedNoEngineAndAreTheWritersOutput() {
        StateDiagram d = Diagrams.stateDiagrams(Profile.linux()).get().get(0);
        assertEquals(DotWriter.write(d), new String(Diagrams.render(d, DiagramFormat.DOT).get(),
                StandardCharsets.UTF_8));
        assertEquals(io.github.tcpmodel.diagram.state.MermaidWriter.write(d),
                new String(Diagrams.render(d, DiagramFormat.MERMAID).get(), StandardCharsets.UTF_8));
        assertTrue(!DiagramFormat.DOT.needsEngine() && !DiagramFormat.MERMAID.needsEngine());
    }

    @Test
    void thePictureFormatsAreDrawnByTheEngine() throws IOException {
        Either<String, GraphvizRenderer> probe = GraphvizRenderer.start("v8");
        probe.forEach(GraphvizRenderer::close);
        assumeTrue(probe.isRight(), "no embedded V8 engine on this platform: " + probe.swap().getOrElse(""));
        StateDiagram d = Diagrams.stateDiagrams(Profile.linux()).get().get(1);
        String svg = new String(Diagrams.render(d, DiagramFormat.SVG).get(), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg") && svg.contains("linux profile"), svg);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Diagrams.render(d, DiagramFormat.PNG).get()));
        assertEquals(Diagrams.PNG_WIDTH, png.getWidth());
    }
}
