package io.github.tcpmodel.check;

import io.vavr.collection.List;
import java.util.Objects;

/**
 * Prints a {@link Trace} as a message sequence chart in plain text: one row per segment movement, the left
 * side's state, the arrow, the right side's state, and what happened.
 *
 * <pre>
 *   #  A                     ...                                      B
 *   0  SYN-SENT                                                       LISTEN
 *   1  SYN-SENT              |--&lt;SEQ=0&gt;&lt;CTL=SYN&gt;--&gt;                  LISTEN        A: active OPEN
 * </pre>
 *
 * <p>A segment leaving a side starts at that side's lifeline ({@code |-->} or {@code <--|}); a segment arriving
 * ends at the receiver's ({@code -->|} or {@code |<--}); a lost one ends in {@code X}. Segments in between are
 * in flight, so reordering and delay show as arrows that arrive rows after they left.
 */
public final class TextChart {
    private static final int STATE = 22;
    private static final int ARROW = 50;

    private TextChart() {
    }

    /** The chart of {@code trace}, lines separated by {@code \n}, ending with a newline. */
    public static String render(Trace trace) {
        Objects.requireNonNull(trace, "trace is null");
        StringBuilder b = new StringBuilder();
        b.append("model: ").append(trace.model()).append('\n');
        b.append(trace.verdict()).append('\n');
        row(b, "#", trace.leftName(), "", trace.rightName(), "");
        row(b, "0", trace.left(), "", trace.right(), "initial state");
        int i = 1;
        for (TraceStep s : trace.steps()) {
            String who = s.actor() == Actor.LEFT ? trace.leftName() : s.actor() == Actor.RIGHT ? trace.rightName()
                    : "network";
            String what = who + ": " + s.event() + (s.note().isEmpty() ? "" : " (" + s.note() + ")");
            List<String> arrows = List.empty();
            if (s.received().isDefined()) {
                arrows = arrows.append(s.actor() == Actor.LEFT ? leftAligned("|<--" + s.received().get() + "--")
                        : rightAligned("--" + s.received().get() + "-->|"));
            }
            for (String seg : s.sent()) {
                arrows = arrows.append(s.actor() == Actor.LEFT ? leftAligned("|--" + seg + "-->")
                        : rightAligned("<--" + seg + "--|"));
            }
            if (s.lost().isDefined()) {
                arrows = arrows.append(s.towards() == Actor.RIGHT ? centered("--" + s.lost().get() + "--X")
                        : centered("X--" + s.lost().get() + "--"));
            }
            if (arrows.isEmpty()) {
                arrows = List.of("");
            }
            boolean first = true;
            for (String a : arrows) {
                row(b, first ? Integer.toString(i) : "", s.left(), a, s.right(), first ? what : "");
                first = false;
            }
            i++;
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String n, String left, String arrow, String right, String what) {
        b.append(pad(n, 3, true)).append("  ").append(pad(left, STATE, false)).append(' ')
                .append(pad(arrow, ARROW, false)).append(' ').append(pad(right, STATE, false));
        if (!what.isEmpty()) {
            b.append("  ").append(what);
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        b.append('\n');
    }

    private static String leftAligned(String a) {
        return a;
    }

    private static String rightAligned(String a) {
        return pad(a, ARROW, true);
    }

    private static String centered(String a) {
        int left = Math.max(0, (ARROW - a.length()) / 2);
        return " ".repeat(left) + a;
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
