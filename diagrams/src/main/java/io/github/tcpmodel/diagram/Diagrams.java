package io.github.tcpmodel.diagram;

import io.github.tcpmodel.diagram.render.GraphvizRenderer;
import io.github.tcpmodel.diagram.render.SvgRasterizer;
import io.github.tcpmodel.diagram.scenario.Scenario;
import io.github.tcpmodel.diagram.scenario.Scenarios;
import io.github.tcpmodel.diagram.sequence.SequenceChartSvg;
import io.github.tcpmodel.diagram.sequence.SequenceChartText;
import io.github.tcpmodel.diagram.state.DotWriter;
import io.github.tcpmodel.diagram.state.MermaidWriter;
import io.github.tcpmodel.diagram.state.StateDiagram;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The entry point: every diagram of the reference table, as files.
 *
 * <p>{@link #writeAll(Path)} writes, into one directory: for the state diagrams ({@code tcp-states},
 * {@code tcp-states-complete}) the {@code .dot} and {@code .mmd} text and the {@code .svg} and {@code .png}
 * pictures; for each scenario chart ({@code three-way-handshake}, {@code simultaneous-open},
 * {@code four-way-close}, {@code simultaneous-close}, {@code lost-last-ack}) an {@code .svg}, a {@code .txt} and a {@code .png}.
 * {@link #main} regenerates the committed files in {@code diagrams/generated}.
 */
public final class Diagrams {

    /** The width of the PNG files, in pixels. */
    public static final int PNG_WIDTH = 1200;

    private Diagrams() {
    }

    /**
     * The files whose content needs no Graphviz engine (DOT, Mermaid, and the SVG and text of the sequence charts),
     * by file name, for {@code table}; or why a diagram could not be derived.
     */
    public static Either<String, Map<String, String>> sources(TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return stateDiagrams(table).flatMap(states -> allCharts(table).map(charts -> {
            Map<String, String> files = LinkedHashMap.empty();
            for (StateDiagram d : states) {
                files = files.put(d.name() + ".dot", DotWriter.write(d)).put(d.name() + ".mmd", MermaidWriter.write(d));
            }
            for (Scenario s : charts) {
                files = files.put(s.name() + ".svg", SequenceChartSvg.render(s.chart()))
                        .put(s.name() + ".txt", SequenceChartText.render(s.chart()));
            }
            return files;
        }));
    }

    /** The scenario charts of {@code table}, then the model checker's counterexamples. */
    private static Either<String, List<Scenario>> allCharts(TransitionTable table) {
        return Scenarios.charts(table).flatMap(c -> Scenarios.counterexamples().map(c::appendAll));
    }

    /** The two state diagrams: Figure 5 and complete. */
    public static Either<String, List<StateDiagram>> stateDiagrams(TransitionTable table) {
        return StateDiagram.figure5(table).flatMap(f -> StateDiagram.complete(table).map(c -> List.of(f, c)));
    }

    /**
     * Writes every diagram of the reference table into {@code dir} (created if missing), or says in one line why
     * it could not: a bad output path, or no Graphviz engine (in which case the engine-free files are written
     * first, and the message says so).
     */
    public static Either<String, Written> writeAll(Path dir) {
        Objects.requireNonNull(dir, "dir is null");
        TransitionTable table = TransitionTable.rfc9293();
        Either<String, Path> out = directory(dir);
        if (out.isLeft()) {
            return Either.left(out.getLeft());
        }
        Either<String, Map<String, String>> sources = sources(table);
        if (sources.isLeft()) {
            return Either.left(sources.getLeft());
        }
        List<Path> written = List.empty();
        for (Tuple2<String, String> f : sources.get()) {
            Either<String, Path> w = write(dir.resolve(f._1), f._2.getBytes(StandardCharsets.UTF_8));
            if (w.isLeft()) {
                return Either.left(w.getLeft());
            }
            written = written.append(w.get());
        }
        for (Scenario s : allCharts(table).get()) {
            Either<String, Path> w = SvgRasterizer.png(sources.get().get(s.name() + ".svg").get(), PNG_WIDTH)
                    .flatMap(image -> writePng(dir.resolve(s.name() + ".png"), image));
            if (w.isLeft()) {
                return Either.left(w.getLeft());
            }
            written = written.append(w.get());
        }
        Either<String, GraphvizRenderer> engine = GraphvizRenderer.start();
        if (engine.isLeft()) {
            return Either.left(engine.getLeft() + " (wrote the " + written.size()
                    + " files that need no engine to " + dir + ")");
        }
        try (GraphvizRenderer renderer = engine.get()) {
            for (StateDiagram d : stateDiagrams(table).get()) {
                String dot = sources.get().get(d.name() + ".dot").get();
                Either<String, Path> svg = renderer.svg(dot)
                        .flatMap(text -> write(dir.resolve(d.name() + ".svg"), text.getBytes(StandardCharsets.UTF_8)));
                Either<String, Path> png = renderer.svg(dot).flatMap(text -> SvgRasterizer.png(text, PNG_WIDTH))
                        .flatMap(image -> writePng(dir.resolve(d.name() + ".png"), image));
                if (png.isLeft()) {
                    return Either.left(d.name() + ": " + png.getLeft());
                }
                written = written.append(svg.get()).append(png.get());
            }
            return Either.right(new Written(written, renderer.engine()));
        }
    }

    private static Either<String, Path> directory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Either.left("cannot write diagrams to " + dir + ": it is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            return Either.left("cannot create the output directory " + dir + ": " + reason(e));
        }
        if (!Files.isWritable(dir)) {
            return Either.left("cannot write diagrams to " + dir + ": the directory is not writable");
        }
        return Either.right(dir);
    }

    private static Either<String, Path> write(Path file, byte[] content) {
        try {
            Files.write(file, content);
            return Either.right(file);
        } catch (IOException | RuntimeException e) {
            return Either.left("cannot write " + file + ": " + reason(e));
        }
    }

    /** An I/O failure in words: the JDK's file exceptions carry only the path as their message. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way: " + e.getMessage();
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason() + ": " + ((FileSystemException) e).getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Either<String, Path> writePng(Path file, BufferedImage image) {
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                return Either.left("cannot write " + file + ": no PNG writer");
            }
            return Either.right(file);
        } catch (IOException | RuntimeException e) {
            return Either.left("cannot write " + file + ": " + reason(e));
        }
    }

    /**
     * Regenerates the committed diagrams: {@code Diagrams [DIR]}, by default {@code diagrams/generated} (run from
     * the repository root). Prints what it wrote, or one error line and exits with status 1.
     */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "diagrams/generated");
        Either<String, Written> result = writeAll(dir);
        if (result.isLeft()) {
            System.err.println("error: " + result.getLeft());
            System.exit(1);
        }
        System.out.println("wrote " + result.get().files().size() + " files to " + dir + " (Graphviz: "
                + result.get().engine() + ")");
    }

}
