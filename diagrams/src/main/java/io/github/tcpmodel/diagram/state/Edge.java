package io.github.tcpmodel.diagram.state;

import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * One drawn edge: every transition between two states that shares a style, one label line per group of events
 * with the same actions ({@code rcv RST or user timeout / delete TCB}).
 *
 * @param from    the source state
 * @param to      the target state
 * @param labels  the label lines, {@code event / action} in RFC 9293 Figure 5 notation
 * @param style   the path the edge belongs to
 * @param figure5 whether RFC 9293 draws it in Figure 5 (or its Notes 1 and 2) rather than only in the text
 */
public record Edge(TcpState from, TcpState to, List<String> labels, PathStyle style, boolean figure5) {
    public Edge {
        Objects.requireNonNull(from, "from is null");
        Objects.requireNonNull(to, "to is null");
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(style, "style is null");
    }
}
