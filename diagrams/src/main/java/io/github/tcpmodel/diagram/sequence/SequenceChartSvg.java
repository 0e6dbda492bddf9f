package io.github.tcpmodel.diagram.sequence;

import io.vavr.Tuple2;
import io.vavr.Tuple;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Draws a {@link SequenceChart} as SVG, without a Graphviz engine: the output is a pure function of the chart.
 *
 * <p>Layout: one row per step, except that a segment a side emits in response to a user call or an arrival is
 * drawn on the same row as its cause. A segment's arrow runs from its send row to its arrival row, so segments
 * that cross in the network are drawn crossing. Each side's state is written beside its lifeline on the row where
 * it changes; user calls and timers are boxes on the lifeline.
 */
public final class SequenceChartSvg {

    private static final int WIDTH = 900;
    private static final int LEFT_X = 220;
    private static final int RIGHT_X = 680;
    private static final int TOP = 96;
    private static final int ROW = 46;
    private static final int FONT = 14;
    private static final String INK = "#222222";
    private static final String STATE_INK = "#1f4e79";
    private static final String FONT_FAMILY = "Helvetica, Arial, sans-serif";

    private SequenceChartSvg() {
    }

    /**
     * The chart as a standalone SVG document.
     *
     * @param chart the chart
     * @return the SVG document
     */
    public static String render(SequenceChart chart) {
        Objects.requireNonNull(chart, "chart is null");
        List<Integer> rows = rows(chart);
        int lastRow = rows.isEmpty() ? 0 : rows.last();
        int bottom = y(lastRow + 1);
        List<String> notes = chart.notes().flatMap(SequenceChartSvg::wrap);
        int height = bottom + 24 + 20 * notes.size() + 16;
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"").append(FONT_FAMILY).append("\" font-size=\"").append(FONT).append("\">\n");
        svg.append("<title>").append(esc(chart.title())).append("</title>\n");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" "
                + "markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + INK
                + "\"/></marker></defs>\n");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>\n");
        svg.append(text(WIDTH / 2, 30, "middle", esc(chart.title()), "font-size=\"18\" font-weight=\"bold\""));
        for (Lifeline side : Lifeline.values()) {
            int x = x(side);
            svg.append("<rect x=\"").append(x - 70).append("\" y=\"44\" width=\"140\" height=\"30\" rx=\"4\" "
                    + "fill=\"#eef3f8\" stroke=\"" + INK + "\"/>\n");
            svg.append(text(x, 64, "middle", esc(chart.name(side)), "font-weight=\"bold\""));
            svg.append("<line x1=\"").append(x).append("\" y1=\"74\" x2=\"").append(x).append("\" y2=\"")
                    .append(bottom).append("\" stroke=\"#888888\" stroke-width=\"1.5\"/>\n");
            svg.append(state(side, TOP, chart.initial().of(side), 0));
        }
        // Segments first, so that the boxes of user calls and timers cover the start of their arrows; their labels
        // keep clear of those boxes.
        List<int[]> placed = List.empty();
        for (int i = 0; i < chart.steps().size(); i++) {
            if (chart.steps().get(i) instanceof Row.Local) {
                Row.Local local = (Row.Local) chart.steps().get(i);
                int half = localHalfWidth(local);
                int y = y(rows.get(i));
                placed = placed.append(new int[] {x(local.side()) - half, y - 13, x(local.side()) + half, y + 11});
            }
        }
        for (int i = 0; i < chart.steps().size(); i++) {
            if (chart.steps().get(i) instanceof Row.Send) {
                Tuple2<String, int[]> seg = segment(chart, rows, i, placed);
                svg.append(seg._1);
                placed = placed.append(seg._2);
            }
        }
        for (int i = 0; i < chart.steps().size(); i++) {
            svg.append(step(chart, rows, i));
        }
        for (int n = 0; n < notes.size(); n++) {
            svg.append(text(30, bottom + 24 + 20 * n, "start", esc(notes.get(n)),
                    "font-size=\"13\" fill=\"#555555\""));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The row of each step: a send shares the row of the user call or arrival at its side just before it. */
    static List<Integer> rows(SequenceChart chart) {
        List<Integer> rows = List.empty();
        int row = 0;
        for (int i = 0; i < chart.steps().size(); i++) {
            Row s = chart.steps().get(i);
            boolean sameRow = false;
            if (s instanceof Row.Send && i > 0) {
                Lifeline from = ((Row.Send) s).from();
                Option<Lifeline> previous = at(chart, i - 1);
                sameRow = previous.contains(from) && !(chart.steps().get(i - 1) instanceof Row.Send);
            }
            if (!sameRow) {
                row++;
            }
            rows = rows.append(row);
        }
        return rows;
    }

    /** The side at which step {@code i} happens, if it happens at one side (a loss happens in the network). */
    private static Option<Lifeline> at(SequenceChart chart, int i) {
        Row s = chart.steps().get(i);
        if (s instanceof Row.Send) {
            return Option.some(((Row.Send) s).from());
        }
        if (s instanceof Row.Arrive) {
            return Option.some(((Row.Send) chart.steps().get(((Row.Arrive) s).send())).from().peer());
        }
        if (s instanceof Row.Local) {
            return Option.some(((Row.Local) s).side());
        }
        return Option.none();
    }

    private static String step(SequenceChart chart, List<Integer> rows, int i) {
        Row s = chart.steps().get(i);
        int y = y(rows.get(i));
        StringBuilder out = new StringBuilder();
        int boxHalf = 0;
        if (s instanceof Row.Local) {
            Row.Local local = (Row.Local) s;
            boxHalf = localHalfWidth(local);
            int x = x(local.side());
            out.append("<rect x=\"").append(x - boxHalf).append("\" y=\"").append(y - 13).append("\" width=\"")
                    .append(2 * boxHalf).append("\" height=\"24\" rx=\"10\" fill=\"#fff4d6\" stroke=\"#b08a2e\"/>\n");
            out.append(text(x, y + 4, "middle", esc(local.event()), "font-size=\"13\" font-style=\"italic\""));
        }
        RowStates before = chart.before(i);
        for (Lifeline side : Lifeline.values()) {
            if (!s.after().of(side).equals(before.of(side))) {
                int shift = s instanceof Row.Local && ((Row.Local) s).side() == side ? boxHalf : 0;
                out.append(state(side, y, s.after().of(side), shift));
            }
        }
        return out.toString();
    }

    /**
     * The arrow of the segment sent at step {@code i} and the box its label takes. The label sits above the arrow,
     * a third of the way from its sender, so that labels of segments crossing in opposite directions fall apart;
     * where it would still cover a label already placed, it moves along the arrow, then below it.
     */
    private static Tuple2<String, int[]> segment(SequenceChart chart, List<Integer> rows, int i, List<int[]> placed) {
        Row.Send send = (Row.Send) chart.steps().get(i);
        int x1 = x(send.from());
        int x2 = x(send.from().peer());
        int y1 = y(rows.get(i));
        Option<Integer> end = chart.resolution(i);
        boolean lost = end.isDefined() && chart.steps().get(end.get()) instanceof Row.Lose;
        boolean halfway = lost || end.isEmpty();
        int y2 = end.map(e -> y(rows.get(e))).getOrElse(y(rows.last() + 1));
        String label = send.segment().label() + (lost ? " (lost)" : end.isEmpty() ? " (in flight)" : "");
        StringBuilder out = new StringBuilder();
        int xe = halfway ? (x1 + x2) / 2 : x2;
        int ye = halfway ? (y1 + y2) / 2 : y2;
        out.append(line(x1, y1, xe, ye, end.isEmpty() ? " stroke-dasharray=\"6,4\"" : "", !lost));
        if (lost) {
            // A lost segment ends in a cross where it vanished.
            out.append("<path d=\"M").append(xe - 7).append(',').append(ye - 7).append(" L").append(xe + 7)
                    .append(',').append(ye + 7).append(" M").append(xe - 7).append(',').append(ye + 7)
                    .append(" L").append(xe + 7).append(',').append(ye - 7)
                    .append("\" stroke=\"#b22222\" stroke-width=\"3\"/>\n");
        }
        int w = textWidth(label, FONT) + 10;
        int[] box = null;
        search:
        for (int dy : new int[] {-8, 20}) {
            for (int t : new int[] {35, 25, 45, 20, 55, 15, 65}) {
                int cx = x1 + (xe - x1) * t / 100;
                int cy = y1 + (ye - y1) * t / 100 + dy;
                box = new int[] {cx - w / 2, cy - FONT + 1, cx + w / 2, cy + 6};
                int[] b = box;
                boolean clearOfLifelines = b[0] > LEFT_X + 12 && b[2] < RIGHT_X - 12;
                if (clearOfLifelines && !placed.exists(p -> p[0] < b[2] && b[0] < p[2] && p[1] < b[3] && b[1] < p[3])) {
                    break search;
                }
            }
        }
        out.append(halo((box[0] + box[2]) / 2, box[3] - 6, esc(label)));
        return Tuple.of(out.toString(), box);
    }

    /** A note broken into lines that fit the width (about 110 characters at 13 px). */
    static List<String> wrap(String note) {
        List<String> lines = List.empty();
        StringBuilder line = new StringBuilder();
        for (String word : note.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > 110) {
                lines = lines.append(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        return lines.append(line.toString());
    }

    private static int localHalfWidth(Row.Local local) {
        return textWidth(local.event(), 13) / 2 + 10;
    }

    private static String line(int x1, int y1, int x2, int y2, String extra, boolean arrow) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"" + INK
                + "\" stroke-width=\"1.6\"" + extra + (arrow ? " marker-end=\"url(#arrow)\"" : "") + "/>\n";
    }

    private static String halo(int x, int y, String label) {
        int w = textWidth(label, FONT) + 10;
        return "<rect x=\"" + (x - w / 2) + "\" y=\"" + (y - FONT + 1) + "\" width=\"" + w + "\" height=\""
                + (FONT + 5) + "\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>\n"
                + text(x, y, "middle", label, "font-family=\"Courier New, monospace\" font-weight=\"bold\"");
    }

    private static String state(Lifeline side, int y, String state, int shift) {
        int gap = Math.max(12, shift + 8);
        return side == Lifeline.LEFT
                ? text(LEFT_X - gap, y + 5, "end", esc(state), "font-weight=\"bold\" fill=\"" + STATE_INK + "\"")
                : text(RIGHT_X + gap, y + 5, "start", esc(state), "font-weight=\"bold\" fill=\"" + STATE_INK + "\"");
    }

    private static String text(int x, int y, String anchor, String escaped, String attributes) {
        String fill = attributes.contains("fill=") ? "" : "fill=\"" + INK + "\" ";
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" " + fill + attributes + ">"
                + escaped + "</text>\n";
    }

    /** A generous estimate of a label's width, for the background boxes; no font metrics are needed. */
    private static int textWidth(String s, int fontSize) {
        return s.length() * fontSize * 62 / 100;
    }

    private static int x(Lifeline side) {
        return side == Lifeline.LEFT ? LEFT_X : RIGHT_X;
    }

    private static int y(int row) {
        return TOP + row * ROW;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
