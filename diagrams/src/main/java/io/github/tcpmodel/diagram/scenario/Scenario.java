package io.github.tcpmodel.diagram.scenario;

import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.github.tcpmodel.diagram.sequence.SequenceChart;
import io.github.tcpmodel.table.Arc;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * The result of a lockstep run: its chart and the arcs of the table each side took, in order.
 *
 * @param name  a file-name-friendly name, e.g. {@code three-way-handshake}
 * @param chart the message sequence chart
 * @param left  the arcs the left side (the client) took
 * @param right the arcs the right side (the server) took
 */
public record Scenario(String name, SequenceChart chart, List<Arc> left, List<Arc> right) {
    public Scenario {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(chart, "chart is null");
        Objects.requireNonNull(left, "left is null");
        Objects.requireNonNull(right, "right is null");
    }

    /**
     * The arcs {@code side} took.
     *
     * @param side the lifeline
     * @return the arcs of the table that side takes, in order
     */
    public List<Arc> arcs(Lifeline side) {
        return side == Lifeline.LEFT ? left : right;
    }
}
