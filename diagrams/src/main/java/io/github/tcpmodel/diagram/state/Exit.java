package io.github.tcpmodel.diagram.state;

import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * The ways one state is left for CLOSED by a reset, an abort or the user timeout: drawn as one row of a table in
 * the complete diagram rather than as ten arcs converging on CLOSED.
 *
 * @param state the state
 * @param cells the shown actions for each of {@link StateDiagram#EXIT_EVENTS}, {@code -} where the event does not
 *              lead to CLOSED
 */
public record Exit(TcpState state, List<String> cells) {
    public Exit {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(cells, "cells is null");
    }
}
