package io.github.tcpmodel.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class SequenceChartTest {

    @Test
    void drawsSendsArrivalsAndLosses() {
        Trace t = new Trace("m", "A", "B", "SYN-SENT", "LISTEN", List.of(
                new TraceStep(Actor.RIGHT, "rcv SYN", Option.some("<SYN>"), List.of("<SYN,ACK>"), Option.none(), Actor.LEFT,
                        "", "SYN-SENT", "SYN-RECEIVED"),
                new TraceStep(Actor.NETWORK, "lose", Option.none(), List.empty(), Option.some("<SYN,ACK>"), Actor.LEFT, "",
                        "SYN-SENT", "SYN-RECEIVED")), "witness: x");
        String[] lines = TextChart.render(t).split("\n");
        assertEquals(7, lines.length);
        assertEquals("model: m", lines[0]);
        assertEquals("witness: x", lines[1]);
        assertEquals("  0  SYN-SENT", lines[3].substring(0, 13));
        assertEquals(true, lines[4].startsWith("  1  SYN-SENT"));
        assertEquals(true, lines[4].contains("--<SYN>-->| SYN-RECEIVED"));
        assertEquals(true, lines[4].endsWith("B: rcv SYN"));
        assertEquals(true, lines[5].contains("<--<SYN,ACK>--| SYN-RECEIVED"));
        assertEquals(true, lines[6].contains("X--<SYN,ACK>--"));
        assertEquals(true, lines[6].endsWith("network: lose"));
    }
}
