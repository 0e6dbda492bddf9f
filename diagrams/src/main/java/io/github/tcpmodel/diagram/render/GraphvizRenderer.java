package io.github.tcpmodel.diagram.render;

import guru.nidi.graphviz.engine.Format;
import guru.nidi.graphviz.engine.Graphviz;
import guru.nidi.graphviz.engine.GraphvizCmdLineEngine;
import guru.nidi.graphviz.engine.GraphvizEngine;
import guru.nidi.graphviz.engine.GraphvizV8Engine;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Renders DOT text with a Graphviz engine chosen once, at {@link #start}.
 *
 * <p>The default ({@code auto}) needs no native Graphviz: graphviz-java's V8 engine (J2V8, shipped for Linux
 * x86-64 as a Maven artifact) runs Graphviz compiled to JavaScript; its SVG is byte-identical across runs. When V8
 * cannot start (another platform), the {@code dot} command is used if it is installed. The system property
 * {@value #ENGINE_PROPERTY} forces one: {@code v8} or {@code dot}.
 *
 * <p>graphviz-java keeps its engine in a static field, so one renderer is used at a time; {@link #close} releases
 * the engine.
 */
public final class GraphvizRenderer implements AutoCloseable {

    /** The system property that picks the engine: {@code auto} (the default), {@code v8} or {@code dot}. */
    public static final String ENGINE_PROPERTY = "tcpmodel.diagram.engine";

    private final String engine;

    private GraphvizRenderer(String engine) {
        this.engine = engine;
    }

    /**
     * A renderer on the engine {@value #ENGINE_PROPERTY} asks for, or why no engine could start.
     *
     * @return the renderer, or why no engine could start
     */
    public static Either<String, GraphvizRenderer> start() {
        return start(System.getProperty(ENGINE_PROPERTY, "auto"));
    }

    /**
     * A renderer on {@code choice} ({@code auto}, {@code v8} or {@code dot}), or why no engine could start.
     *
     * @param choice {@code auto}, {@code v8} or {@code dot}
     * @return the renderer, or why no engine could start
     */
    public static Either<String, GraphvizRenderer> start(String choice) {
        Objects.requireNonNull(choice, "choice is null");
        // The PNG rasterizer draws with AWT; on a server there is no display.
        System.setProperty("java.awt.headless", "true");
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "v8":
                return tryV8();
            case "dot":
                return tryDot();
            case "auto": {
                Either<String, GraphvizRenderer> v8 = tryV8();
                if (v8.isRight()) {
                    return v8;
                }
                return tryDot().mapLeft(dotError -> "no Graphviz engine available: " + v8.getLeft() + "; "
                        + dotError);
            }
            default:
                return Either.left("unknown Graphviz engine \"" + choice + "\" (" + ENGINE_PROPERTY
                        + " is auto, v8 or dot)");
        }
    }

    private static Either<String, GraphvizRenderer> tryV8() {
        Path dir;
        try {
            // J2V8 unpacks its native library into this directory; a fresh one per process, so that two runs never
            // overwrite a library the other has loaded.
            dir = Files.createTempDirectory("tcpmodel-j2v8-");
            dir.toFile().deleteOnExit();
        } catch (IOException e) {
            return Either.left("embedded V8 engine: cannot create a temporary directory: " + e.getMessage());
        }
        try {
            return probe(() -> new GraphvizV8Engine(dir.toString()), "embedded V8 engine (J2V8)");
        } finally {
            // The library is loaded once per process and stays mapped after its file is gone (J2V8 does not delete
            // it): remove the 19 MB copy now rather than leave one per run in the temporary directory.
            removeQuietly(dir);
        }
    }

    private static void removeQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Left for deleteOnExit: a platform that cannot unlink a loaded library.
        }
        dir.toFile().delete();
    }

    private static Either<String, GraphvizRenderer> tryDot() {
        boolean onPath = List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(d -> !d.isEmpty()).exists(d -> Files.isExecutable(Path.of(d, "dot")));
        if (!onPath) {
            return Either.left("dot command unavailable: no dot on the PATH");
        }
        return probe(GraphvizCmdLineEngine::new, "dot command");
    }

    /** Starts the engine and renders a tiny graph; the engine is made inside, since J2V8's classes may be absent. */
    private static Either<String, GraphvizRenderer> probe(Supplier<GraphvizEngine> engine, String name) {
        try {
            Graphviz.useEngine(engine.get());
            Graphviz.fromString("digraph probe { a -> b }").render(Format.SVG).toString();
            return Either.right(new GraphvizRenderer(name));
        } catch (RuntimeException | LinkageError e) {
            Graphviz.releaseEngine();
            return Either.left(name + " unavailable: " + oneLine(e));
        }
    }

    /**
     * The engine in use, e.g. {@code embedded V8 engine (J2V8)}.
     *
     * @return the engine's name, e.g. {@code embedded V8 engine (J2V8)}
     */
    public String engine() {
        return engine;
    }

    /**
     * The SVG rendering of {@code dot}, or the engine's error.
     *
     * @param dot the graph in the DOT language
     * @return the SVG text, or why the engine could not render it
     */
    public Either<String, String> svg(String dot) {
        Objects.requireNonNull(dot, "dot is null");
        try {
            return Either.right(Graphviz.fromString(dot).render(Format.SVG).toString());
        } catch (RuntimeException | LinkageError e) {
            return Either.left("rendering SVG failed: " + oneLine(e));
        }
    }

    @Override
    public void close() {
        Graphviz.releaseEngine();
    }

    /** The first line of a failure and of its causes, without stack traces. */
    static String oneLine(Throwable t) {
        List<String> messages = List.empty();
        for (Throwable c = t; c != null && messages.size() < 3; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            messages = messages.append(m.lines().findFirst().orElse(c.getClass().getSimpleName()).trim());
            if (c.getCause() == c) {
                break;
            }
        }
        return messages.distinct().mkString(": ");
    }
}
