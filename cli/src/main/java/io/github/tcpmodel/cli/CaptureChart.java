package io.github.tcpmodel.cli;

import io.github.tcpmodel.diagram.sequence.Arrow;
import io.github.tcpmodel.diagram.sequence.Lifeline;
import io.github.tcpmodel.diagram.sequence.Row;
import io.github.tcpmodel.diagram.sequence.RowStates;
import io.github.tcpmodel.diagram.sequence.SequenceChart;
import io.github.tcpmodel.trace.ConnectionReport;
import io.github.tcpmodel.trace.SegmentRow;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * A connection of a checked capture as a sequence chart: every segment is drawn as sent and, at once, received
 * (a capture does not show the time on the wire), with both sides' states as the checker inferred them.
 */
final class CaptureChart {

    private CaptureChart() {
    }

    static Either<String, SequenceChart> of(String title, ConnectionReport c) {
        List<Row> steps = List.empty();
        for (SegmentRow r : c.segments()) {
            RowStates after = new RowStates(r.state0().rfcName(), r.state1().rfcName());
            Lifeline from = r.from() == 0 ? Lifeline.LEFT : Lifeline.RIGHT;
            Option<String> ack = r.flags().contains(".") ? Option.some(Long.toString(r.ack())) : Option.none();
            steps = steps.append(new Row.Send(from, new Arrow(rfcFlags(r.flags()), Long.toString(r.seq()), ack,
                    r.len()), after));
            steps = steps.append(new Row.Arrive(steps.size() - 1, after));
        }
        String first = c.segments().headOption().map(r -> r.state0().rfcName()).getOrElse("?");
        String second = c.segments().headOption().map(r -> r.state1().rfcName()).getOrElse("?");
        return SequenceChart.of(title, c.endpoints().get(0).address(), c.endpoints().get(1).address(),
                new RowStates(first, second), steps,
                List.of("states as inferred by tcpmodel check; sequence numbers absolute"));
    }

    /** tcpdump's flags ({@code S.}, {@code FP.}) in RFC 9293's words ({@code SYN,ACK}, {@code FIN,PSH,ACK}). */
    static String rfcFlags(String tcpdump) {
        List<String> out = List.empty();
        for (char ch : tcpdump.toCharArray()) {
            switch (ch) {
                case 'S':
                    out = out.append("SYN");
                    break;
                case 'F':
                    out = out.append("FIN");
                    break;
                case 'R':
                    out = out.append("RST");
                    break;
                case 'P':
                    out = out.append("PSH");
                    break;
                case 'U':
                    out = out.append("URG");
                    break;
                case '.':
                    out = out.append("ACK");
                    break;
                default:
                    break;
            }
        }
        return out.isEmpty() ? "none" : out.mkString(",");
    }
}
