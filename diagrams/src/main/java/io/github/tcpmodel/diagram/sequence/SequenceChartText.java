package io.github.tcpmodel.diagram.sequence;

import java.util.Locale;
import java.util.Objects;

/** A plain-text rendering of a {@link SequenceChart}: one line per step, with both states after it. */
public final class SequenceChartText {

    private SequenceChartText() {
    }

    /**
     * The chart as text, lines ending in {@code \n}.
     *
     * @param chart the chart
     * @return the text, one line per step
     */
    public static String render(SequenceChart chart) {
        Objects.requireNonNull(chart, "chart is null");
        int width = Math.max(14, Math.max(chart.left().length(), chart.right().length()) + 2);
        for (Row s : chart.steps()) {
            width = Math.max(width, Math.max(s.after().left().length(), s.after().right().length()) + 2);
        }
        String row = "%4s  %-" + width + "s%-" + width + "s%s%n";
        StringBuilder out = new StringBuilder();
        out.append(chart.title()).append('\n').append('\n');
        out.append(String.format(Locale.ROOT, row, "step", chart.left(), chart.right(), "what happens"));
        out.append(String.format(Locale.ROOT, row, "", chart.initial().left(), chart.initial().right(), ""));
        for (int i = 0; i < chart.steps().size(); i++) {
            Row s = chart.steps().get(i);
            out.append(String.format(Locale.ROOT, row, i + 1, s.after().left(), s.after().right(), describe(chart, s)));
        }
        if (!chart.notes().isEmpty()) {
            out.append('\n');
            chart.notes().forEach(n -> out.append(n).append('\n'));
        }
        return out.toString().replace("\r\n", "\n");
    }

    private static String describe(SequenceChart chart, Row step) {
        if (step instanceof Row.Send) {
            Row.Send send = (Row.Send) step;
            return chart.name(send.from()) + " sends " + send.segment().label();
        }
        if (step instanceof Row.Arrive) {
            Row.Send send = (Row.Send) chart.steps().get(((Row.Arrive) step).send());
            return chart.name(send.from().peer()) + " receives " + send.segment().label()
                    + " (sent at step " + (((Row.Arrive) step).send() + 1) + ")";
        }
        if (step instanceof Row.Lose) {
            Row.Send send = (Row.Send) chart.steps().get(((Row.Lose) step).send());
            return "lost: " + send.segment().label() + " (sent at step " + (((Row.Lose) step).send() + 1) + ")";
        }
        Row.Local local = (Row.Local) step;
        return chart.name(local.side()) + ": " + local.event();
    }
}
