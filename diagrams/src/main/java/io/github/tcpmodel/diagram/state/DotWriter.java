package io.github.tcpmodel.diagram.state;

import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * Writes a {@link StateDiagram} as Graphviz DOT text. The text is a pure function of the diagram, so the committed
 * {@code .dot} files can be compared with a fresh rendering without any engine.
 */
public final class DotWriter {

    private static final String FONT = "Helvetica";
    private static final String GREY = "#8a8a8a";

    private DotWriter() {
    }

    /**
     * The diagram as DOT text, lines ending in {@code \n}.
     *
     * @param diagram the diagram
     * @return the DOT text
     */
    public static String write(StateDiagram diagram) {
        Objects.requireNonNull(diagram, "diagram is null");
        StringBuilder dot = new StringBuilder();
        dot.append("// Generated from the transition table by io.github.tcpmodel.diagram; do not edit.\n");
        dot.append("digraph ").append(quote(diagram.name())).append(" {\n");
        dot.append("  graph [rankdir=TB, fontname=\"" + FONT + "\", fontsize=22, labelloc=t, pad=0.3, label=")
                .append(quote(diagram.title())).append(", nodesep=0.5, ranksep=0.55, newrank=true];\n");
        dot.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3f8\", color=\"#1f4e79\", "
                + "fontname=\"" + FONT + "-Bold\", fontsize=15, margin=\"0.2,0.08\"];\n");
        dot.append("  edge [fontname=\"" + FONT + "\", fontsize=12, arrowsize=0.8];\n\n");
        for (TcpState s : TcpState.values()) {
            dot.append("  ").append(s.name()).append(" [label=").append(quote(s.rfcName())).append("];\n");
        }
        dot.append('\n');
        for (Edge e : diagram.edges()) {
            dot.append("  ").append(e.from().name()).append(" -> ").append(e.to().name())
                    .append(" [label=").append(quote(String.join("\n", e.labels())))
                    .append(", ").append(style(e)).append("];\n");
        }
        if (!diagram.exits().isEmpty()) {
            dot.append('\n').append(exits(diagram));
        }
        dot.append('\n').append(legend(diagram));
        dot.append("}\n");
        return dot.toString();
    }

    private static String style(Edge e) {
        String colour = e.figure5() ? "" : ", color=\"" + GREY + "\", fontcolor=\"#555555\"";
        return switch (e.style()) {
            case CLIENT -> "style=bold, penwidth=3" + colour;
            case SERVER -> "style=dashed, penwidth=2" + colour;
            case OTHER -> "penwidth=1" + colour;
        };
    }

    /**
     * The legend, stacked under the diagram: one sample edge per style, then the notes. Invisible edges from
     * TIME-WAIT (the lowest state) keep it below the states rather than beside them.
     */
    private static String legend(StateDiagram diagram) {
        StringBuilder l = new StringBuilder();
        l.append("  subgraph cluster_legend {\n");
        l.append("    label=\"Legend\"; fontsize=14; style=rounded; color=\"#aaaaaa\"; labeljust=l;\n");
        l.append("    node [shape=point, width=0.05, style=invis, label=\"\"];\n");
        List<String> ids = List.of("client", "server", "other");
        sample(l, "client", "client's normal path (active open, active close)", "style=bold, penwidth=3");
        sample(l, "server", "server's normal path (passive open, passive close)", "style=dashed, penwidth=2");
        sample(l, "other", "other transitions", "penwidth=1");
        if (diagram.edges().exists(e -> !e.figure5())) {
            ids = ids.append("text");
            sample(l, "text", "only in the RFC's text or Note 3, not drawn in Figure 5",
                    "penwidth=1, color=\"" + GREY + "\", fontcolor=\"#555555\"");
        }
        l.append("    legend_notes [shape=plaintext, style=\"\", fontname=\"" + FONT + "\", fontsize=13, label=")
                .append(quote(String.join("\\l", diagram.notes()) + "\\l")).append("];\n");
        l.append("  }\n");
        String chain = ids.map(id -> "legend_" + id + "_a")
                .prepend(diagram.exits().isEmpty() ? "TIME_WAIT" : "exits").append("legend_notes")
                .mkString(" -> ");
        l.append("  ").append(chain).append(" [style=invis];\n");
        return l.toString();
    }

    /** The table of resets, aborts and user timeouts; states with the same row share it. */
    private static String exits(StateDiagram diagram) {
        StringBuilder t = new StringBuilder();
        t.append("<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"5\" color=\"" + GREY
                + "\">");
        t.append("<tr><td colspan=\"4\"><b>To CLOSED by a reset, ABORT or the user timeout</b></td></tr>");
        t.append("<tr><td><b>from</b></td>");
        StateDiagram.EXIT_EVENTS.forEach(e -> t.append("<td><b>").append(html(e.label())).append("</b></td>"));
        t.append("</tr><tr><td></td>");
        StateDiagram.EXIT_EVENTS.forEach(e -> t.append("<td>").append(html(section(e))).append("</td>"));
        t.append("</tr>");
        List<List<String>> rows = diagram.exits().map(Exit::cells).distinct();
        for (List<String> cells : rows) {
            String states = diagram.exits().filter(x -> x.cells().equals(cells)).map(x -> x.state().rfcName())
                    .mkString(", ");
            t.append("<tr><td align=\"left\">").append(html(states)).append("</td>");
            cells.forEach(c -> t.append("<td>").append(html(c)).append("</td>"));
            t.append("</tr>");
        }
        t.append("</table>>");
        return "  exits [shape=plaintext, style=\"\", fontname=\"" + FONT + "\", fontsize=12, fontcolor=\"#333333\", "
                + "label=" + t + "];\n  TIME_WAIT -> exits [style=invis];\n";
    }

    /** The section that takes a connection to CLOSED on exit event {@code e}. */
    private static String section(io.github.tcpmodel.table.Event e) {
        return switch (e) {
            case RCV_RST -> "§3.10.7, Note 3";
            case ABORT -> "§3.10.5";
            case USER_TIMEOUT, RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT -> "§3.10.8";
            case PASSIVE_OPEN, ACTIVE_OPEN, SEND, RECEIVE, CLOSE, STATUS, RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN,
                    RCV_ACK, RCV_BAD_ACK, RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, TIME_WAIT_TIMEOUT, FIN_WAIT_2_TIMEOUT ->
                    throw new IllegalArgumentException("not an exit to CLOSED: " + e);
        };
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void sample(StringBuilder l, String id, String label, String style) {
        l.append("    { rank=same; legend_").append(id).append("_a; legend_").append(id).append("_b; }\n");
        l.append("    legend_").append(id).append("_a -> legend_").append(id).append("_b [label=")
                .append(quote(label)).append(", ").append(style).append(", minlen=6];\n");
    }

    /** A DOT string literal; {@code \l} (left-justified line break) is kept, other backslashes escaped. */
    private static String quote(String s) {
        return "\"" + s.replace("\\l", "\u0000").replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                .replace("\u0000", "\\l") + "\"";
    }
}
