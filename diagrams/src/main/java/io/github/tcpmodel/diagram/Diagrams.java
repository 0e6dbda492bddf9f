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
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The entry point: every diagram of the reference table, as files.
 *
 * <p>{@link #writeAll(Path)} writes, into one directory: for the state diagrams ({@code tcp-states},
 * {@code tcp-states-complete}) the {@code .dot} and {@code .mmd} text and the {@code .svg} and {@code .png}
 * pictures; for each scenario chart ({@code three-way-handshake}, {@code simultaneous-open},
 * {@code four-way-close}, {@code simultaneous-close}, {@code lost-last-ack}) an {@code .svg}, a {@code .txt} and a {@code .png}.
 * Every file is written atomically: into a temporary file in the same directory, then renamed over the target, so
 * that a failed write (a full disk, a name in the way) leaves the previous file or none, never half of one.
 * {@link #stateDiagrams(Profile)} and {@link #render} draw one state diagram of a profile's table in one
 * {@link DiagramFormat}. {@link #main} regenerates the committed files in {@code diagrams/generated}.
 */
public final class Diagrams {

    /** The width of the PNG files, in pixels. */
    public static final int PNG_WIDTH = 1200;

    private Diagrams() {
    }

    /**
     * The two state diagrams of {@code profile}'s table (Figure 5 and complete). For a profile other than rfc9293
     * the names end in the profile's name (e.g. {@code tcp-states-complete-linux}), the titles say which profile,
     * and the notes say that its variants of RFC 9293 are the grey arcs of the complete diagram.
     *
     * @param profile the profile whose {@link Profile#table() table} is drawn
     * @return the two diagrams, or why a diagram could not be derived
     */
    public static Either<String, List<StateDiagram>> stateDiagrams(Profile profile) {
        Objects.requireNonNull(profile, "profile is null");
        Either<String, List<StateDiagram>> drawn = stateDiagrams(profile.table());
        if (profile.name().equals(Profile.rfc9293().name())) {
            return drawn;
        }
        return drawn.map(ds -> ds.map(d -> new StateDiagram(d.name() + "-" + profile.name(),
                d.title() + ", " + profile.name() + " profile", d.edges(), d.exits(),
                d.notes().prepend("The " + profile.name() + " profile's table: its variants of RFC 9293 are grey "
                        + "in the complete diagram."))));
    }

    /**
     * One state diagram in one format. SVG and PNG start a Graphviz engine ({@link GraphvizRenderer#start()}) for
     * the call; DOT and Mermaid need none.
     *
     * @param diagram the diagram, e.g. one of {@link #stateDiagrams(Profile)}
     * @param format  the format
     * @return the file's content (UTF-8 text for DOT, Mermaid and SVG), or why it could not be drawn
     */
    public static Either<String, byte[]> render(StateDiagram diagram, DiagramFormat format) {
        Objects.requireNonNull(diagram, "diagram is null");
        Objects.requireNonNull(format, "format is null");
        String dot = DotWriter.write(diagram);
        return switch (format) {
            case DOT -> Either.right(dot.getBytes(StandardCharsets.UTF_8));
            case MERMAID -> Either.right(MermaidWriter.write(diagram).getBytes(StandardCharsets.UTF_8));
            case SVG, PNG -> GraphvizRenderer.start().flatMap(engine -> {
                try (GraphvizRenderer renderer = engine) {
                    Either<String, String> svg = renderer.svg(dot);
                    return format == DiagramFormat.SVG ? svg.map(text -> text.getBytes(StandardCharsets.UTF_8))
                            : svg.flatMap(text -> SvgRasterizer.png(text, PNG_WIDTH)).flatMap(Diagrams::png);
                }
            });
        };
    }

    /**
     * The files whose content needs no Graphviz engine (DOT, Mermaid, and the SVG and text of the sequence charts),
     * by file name, for {@code table}; or why a diagram could not be derived.
     *
     * @param table the transition table drawn
     * @return the file contents by file name, or why a diagram could not be derived
     */
    public static Either<String, Map<String, String>> sources(TransitionTable table) {
        Objects.requireNonNull(table, "table is null");
        return stateDiagrams(table).flatMap(states -> allCharts(table).map(charts -> sources(states, charts)));
    }

    private static Map<String, String> sources(List<StateDiagram> states, List<Scenario> charts) {
        Map<String, String> files = LinkedHashMap.empty();
        for (StateDiagram d : states) {
            files = files.put(d.name() + ".dot", DotWriter.write(d)).put(d.name() + ".mmd", MermaidWriter.write(d));
        }
        for (Scenario s : charts) {
            files = files.put(s.name() + ".svg", SequenceChartSvg.render(s.chart()))
                    .put(s.name() + ".txt", SequenceChartText.render(s.chart()));
        }
        return files;
    }

    /** The scenario charts of {@code table}, then the model checker's counterexamples. */
    private static Either<String, List<Scenario>> allCharts(TransitionTable table) {
        return Scenarios.charts(table).flatMap(c -> Scenarios.counterexamples().map(c::appendAll));
    }

    /**
     * The two state diagrams: Figure 5 and complete.
     *
     * @param table the transition table drawn
     * @return Figure 5 and the complete diagram, or why one could not be derived
     */
    public static Either<String, List<StateDiagram>> stateDiagrams(TransitionTable table) {
        return StateDiagram.figure5(table).flatMap(f -> StateDiagram.complete(table).map(c -> List.of(f, c)));
    }

    /**
     * Writes every diagram of the reference table into {@code dir} (created if missing), or says in one line why
     * it could not: a bad output path, or no Graphviz engine (in which case the engine-free files are written
     * first, and the message says so).
     *
     * @param dir the output directory
     * @return the files written and the engine that drew them, or why not
     */
    public static Either<String, Written> writeAll(Path dir) {
        Objects.requireNonNull(dir, "dir is null");
        TransitionTable table = TransitionTable.rfc9293();
        return writeAll(dir, table, stateDiagrams(table));
    }

    /**
     * Writes every diagram of {@code profile}'s table into {@code dir}, as {@link #writeAll(Path)} does for the
     * reference table: the state diagrams of {@link #stateDiagrams(Profile)}, and the scenario charts as that
     * table runs them.
     *
     * @param dir     the output directory
     * @param profile the profile whose table is drawn
     * @return the files written and the engine that drew them, or why not
     */
    public static Either<String, Written> writeAll(Path dir, Profile profile) {
        Objects.requireNonNull(dir, "dir is null");
        Objects.requireNonNull(profile, "profile is null");
        return writeAll(dir, profile.table(), stateDiagrams(profile));
    }

    private static Either<String, Written> writeAll(Path dir, TransitionTable table,
                                                    Either<String, List<StateDiagram>> diagrams) {
        Either<String, Path> out = directory(dir);
        if (out.isLeft()) {
            return Either.left(out.getLeft());
        }
        if (diagrams.isLeft()) {
            return Either.left(diagrams.getLeft());
        }
        List<StateDiagram> states = diagrams.get();
        Either<String, List<Scenario>> charts = allCharts(table);
        if (charts.isLeft()) {
            return Either.left(charts.getLeft());
        }
        Map<String, String> sources = sources(states, charts.get());
        List<Path> written = List.empty();
        for (Tuple2<String, String> f : sources) {
            Either<String, Path> w = write(dir.resolve(f._1), f._2.getBytes(StandardCharsets.UTF_8));
            if (w.isLeft()) {
                return Either.left(w.getLeft());
            }
            written = written.append(w.get());
        }
        for (Scenario s : charts.get()) {
            Either<String, Path> w = SvgRasterizer.png(sources.get(s.name() + ".svg").get(), PNG_WIDTH)
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
            for (StateDiagram d : states) {
                Either<String, String> svg = renderer.svg(sources.get(d.name() + ".dot").get());
                Either<String, Path> files = svg
                        .flatMap(text -> write(dir.resolve(d.name() + ".svg"), text.getBytes(StandardCharsets.UTF_8)))
                        .flatMap(svgFile -> svg.flatMap(text -> SvgRasterizer.png(text, PNG_WIDTH))
                                .flatMap(image -> writePng(dir.resolve(d.name() + ".png"), image)));
                if (files.isLeft()) {
                    return Either.left(d.name() + ": " + files.getLeft());
                }
                written = written.append(dir.resolve(d.name() + ".svg")).append(files.get());
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

    /**
     * Writes {@code content} to {@code file} atomically: into a temporary file beside it, forced to the disk, then
     * renamed over it. On failure the temporary file is removed and {@code file} is as it was.
     */
    static Either<String, Path> write(Path file, byte[] content) {
        Path tmp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return Either.right(file);
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed; that failure is what the caller is told.
                }
            }
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
        return png(image).mapLeft(why -> "cannot write " + file + ": " + why).flatMap(bytes -> write(file, bytes));
    }

    /** The PNG encoding of {@code image}, or why it failed. */
    private static Either<String, byte[]> png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                return Either.left("no PNG writer");
            }
            return Either.right(bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            return Either.left(reason(e));
        }
    }

    /**
     * Regenerates the committed diagrams: {@code Diagrams [DIR]}, by default {@code diagrams/generated} (run from
     * the repository root). Prints what it wrote, or one error line and exits with status 1.
     *
     * @param args the output directory, optional
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
