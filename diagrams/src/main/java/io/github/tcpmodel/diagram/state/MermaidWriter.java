package io.github.tcpmodel.diagram.state;

import io.github.tcpmodel.table.TcpState;
import java.util.Objects;

/**
 * Writes a {@link StateDiagram} as a Mermaid {@code stateDiagram-v2}, which renders inside Markdown on
 * code-hosting sites. Mermaid cannot style individual transitions, so the paths are marked in the labels:
 * {@code (client)} and {@code (server)}.
 */
public final class MermaidWriter {

    private MermaidWriter() {
    }

    /**
     * The diagram as Mermaid text, lines ending in {@code \n}.
     *
     * @param diagram the diagram
     * @return the Mermaid text
     */
    public static String write(StateDiagram diagram) {
        Objects.requireNonNull(diagram, "diagram is null");
        StringBuilder m = new StringBuilder();
        m.append("---\ntitle: ").append(diagram.title()).append("\n---\n");
        m.append("stateDiagram-v2\n");
        m.append("    %% Generated from the transition table by io.github.tcpmodel.diagram; do not edit.\n");
        for (String n : diagram.notes()) {
            m.append("    %% ").append(n).append('\n');
        }
        m.append("    %% (client) / (server): the client's / the server's normal path.\n");
        for (TcpState s : TcpState.values()) {
            m.append("    state \"").append(s.rfcName()).append("\" as ").append(s.name()).append('\n');
        }
        m.append("    [*] --> CLOSED\n");
        for (Edge e : diagram.edges()) {
            String mark = e.style() == PathStyle.CLIENT ? " (client)" : e.style() == PathStyle.SERVER ? " (server)" : "";
            for (String label : e.labels()) {
                m.append("    ").append(e.from().name()).append(" --> ").append(e.to().name()).append(" : ")
                        .append(label.replace(":", "&#58;").replace(";", "&#59;")).append(mark).append('\n');
            }
        }
        for (Exit x : diagram.exits()) {
            for (int i = 0; i < x.cells().size(); i++) {
                if (x.cells().get(i).equals("-")) {
                    continue;
                }
                for (String part : x.cells().get(i).split("; ")) {
                    // The table writes "[active] delete TCB"; a transition label puts the origin after the event.
                    int close = part.startsWith("[") ? part.indexOf("] ") : -1;
                    String origin = close < 0 ? "" : " " + part.substring(0, close + 1);
                    String actions = close < 0 ? part : part.substring(close + 2);
                    m.append("    ").append(x.state().name()).append(" --> CLOSED : ")
                            .append(StateDiagram.EXIT_EVENTS.get(i).label()).append(origin).append(" / ")
                            .append(actions).append('\n');
                }
            }
        }
        return m.toString();
    }
}
