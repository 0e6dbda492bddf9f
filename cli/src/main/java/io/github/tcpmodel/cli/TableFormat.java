package io.github.tcpmodel.cli;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Tuple2;
import io.vavr.collection.List;

/** Renders a transition table as aligned text, Markdown, or JSON. */
final class TableFormat {

    private TableFormat() {
    }

    private static List<Tuple2<ConnectionState, Event>> rows(TransitionTable table, boolean changesOnly) {
        return TransitionTable.allPairs().filter(p -> !changesOnly
                || !table.step(p._1, p._2).target(p._1).equals(p._1));
    }

    private static String outcomeText(Outcome o, ConnectionState s) {
        return o.fold(t -> "-> " + t.target().rfcName(), r -> "refused: " + r.reply().text());
    }

    private static String actionsText(Outcome o) {
        return o.fold(Outcome.Transition::actionLabel, r -> "");
    }

    static String text(TransitionTable table, boolean changesOnly) {
        List<List<String>> cells = rows(table, changesOnly).map(p -> {
            Outcome o = table.step(p._1, p._2);
            return List.of(p._1.rfcName(), p._2.label(), outcomeText(o, p._1), actionsText(o), o.section());
        }).prepend(List.of("STATE", "EVENT", "OUTCOME", "ACTIONS", "RFC 9293"));
        List<Integer> widths = List.range(0, 5).map(i -> cells.map(r -> r.get(i).length()).max().getOrElse(0));
        StringBuilder sb = new StringBuilder();
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                sb.append(cell);
                if (i < row.size() - 1) {
                    sb.append(" ".repeat(widths.get(i) - cell.length() + 2));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String markdown(TransitionTable table, boolean changesOnly) {
        StringBuilder sb = new StringBuilder("| State | Event | Outcome | Actions | RFC 9293 | Note |\n"
                + "|---|---|---|---|---|---|\n");
        for (Tuple2<ConnectionState, Event> p : rows(table, changesOnly)) {
            Outcome o = table.step(p._1, p._2);
            sb.append("| ").append(p._1.rfcName()).append(" | ").append(p._2.label()).append(" | ")
                    .append(outcomeText(o, p._1)).append(" | ").append(actionsText(o)).append(" | ")
                    .append(o.section()).append(" | ").append(o.note().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    static String json(TransitionTable table, boolean changesOnly) {
        StringBuilder sb = new StringBuilder("{\n  \"table\": ").append(Json.string(table.name()))
                .append(",\n  \"entries\": [\n");
        List<String> entries = rows(table, changesOnly).map(p -> {
            Outcome o = table.step(p._1, p._2);
            String body = o.fold(
                    t -> "\"kind\": \"transition\", \"target\": " + Json.string(t.target().rfcName())
                            + ", \"actions\": " + Json.array(t.actions().map(a -> a.label()))
                            + ", \"provenance\": " + Json.string(t.provenance().name()),
                    r -> "\"kind\": \"refusal\", \"reply\": " + Json.string(r.reply().text()));
            return "    {\"state\": " + Json.string(p._1.rfcName()) + ", \"event\": " + Json.string(p._2.label())
                    + ", " + body + ", \"section\": " + Json.string(o.section())
                    + ", \"note\": " + Json.string(o.note()) + "}";
        });
        sb.append(entries.mkString(",\n")).append("\n  ]\n}\n");
        return sb.toString();
    }

    static String reachability(TransitionTable table) {
        ConnectionState closed = ConnectionState.all().head();
        StringBuilder sb = new StringBuilder();
        int reachable = table.reachableFrom(closed).size();
        sb.append(String.format("%d of %d connection states are reachable from CLOSED; ", reachable,
                ConnectionState.all().size()));
        long back = ConnectionState.all().count(s -> table.reachableFrom(s).contains(closed));
        sb.append(String.format("CLOSED is reachable from %d of them.%n%n", back));
        int w = ConnectionState.all().map(s -> s.rfcName().length()).max().get();
        for (ConnectionState s : ConnectionState.all()) {
            String path = table.shortestPath(closed, s)
                    .map(p -> p.isEmpty() ? "(start)" : p.map(Event::label).mkString(", "))
                    .getOrElse("unreachable");
            sb.append(String.format("  %-" + w + "s  shortest path from CLOSED: %s%n", s.rfcName(), path));
        }
        return sb.toString();
    }
}
