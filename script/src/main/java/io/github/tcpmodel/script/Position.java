package io.github.tcpmodel.script;

import java.util.Objects;

/**
 * Where something is in a script: file name, 1-based line and 1-based column.
 *
 * @param file   the script's file name as given to the parser
 * @param line   the line, from 1
 * @param column the column, from 1
 */
public record Position(String file, int line, int column) {

    public Position {
        Objects.requireNonNull(file, "file is null");
    }

    /** The position as {@code file:line:column}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
