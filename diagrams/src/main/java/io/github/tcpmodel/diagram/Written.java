package io.github.tcpmodel.diagram;

import io.vavr.collection.List;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Diagrams#writeAll} wrote.
 *
 * @param files  the files written, in the order they were written
 * @param engine the Graphviz engine that rendered the state diagrams, e.g. {@code embedded V8 engine (J2V8)}
 */
public record Written(List<Path> files, String engine) {
    public Written {
        Objects.requireNonNull(files, "files is null");
        Objects.requireNonNull(engine, "engine is null");
    }
}
