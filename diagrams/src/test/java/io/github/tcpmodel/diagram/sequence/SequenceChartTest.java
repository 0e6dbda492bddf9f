package io.github.tcpmodel.diagram.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class SequenceChartTest {

    private static final RowStates START = new RowStates("CLOSED", "LISTEN");
    private static final Arrow SYN = Arrow.of("SYN", "100", Option.none());

    private static Either<String, SequenceChart> chart(List<Row> steps) {
        return SequenceChart.of("t", "client", "server", START, steps, List.of("a note"));
    }

    private static SequenceChart lostSyn() {
        RowStates sent = new RowStates("SYN-SENT", "LISTEN");
        return chart(List.of(new Row.Local(Lifeline.LEFT, "active OPEN", sent), new Row.Send(Lifeline.LEFT, SYN, sent),
                new Row.Lose(1, sent), new Row.Send(Lifeline.LEFT, SYN, sent),
                new Row.Arrive(3, new RowStates("SYN-SENT", "SYN-RECEIVED")),
                new Row.Send(Lifeline.RIGHT, new Arrow("SYN,ACK", "300", Option.some("101"), 0),
                        new RowStates("SYN-SENT", "SYN-RECEIVED")))).get();
    }

    // ---- validity of the value

    @Test
    void anArrivalMustReferToAnEarlierSend() {
        Either<String, SequenceChart> c = chart(List.of(new Row.Arrive(0, START)));
        assertTrue(c.isLeft());
        assertTrue(c.getLeft().contains("not an earlier send"), c.getLeft());
        assertTrue(chart(List.of(new Row.Local(Lifeline.LEFT, "x", START), new Row.Arrive(0, START))).isLeft());
    }

    @Test
    void aSegmentArrivesAtMostOnce() {
        Either<String, SequenceChart> c = chart(List.of(new Row.Send(Lifeline.LEFT, SYN, START),
                new Row.Arrive(0, START), new Row.Lose(0, START)));
        assertTrue(c.isLeft());
        assertTrue(c.getLeft().contains("a second time"), c.getLeft());
    }

    @Test
    void blankLifelinesAreRefused() {
        assertTrue(SequenceChart.of("t", " ", "server", START, List.empty(), List.empty()).isLeft());
    }

    @Test
    void segmentLabelsShowLengthOnlyWithData() {
        assertEquals("SYN seq=100", SYN.label());
        assertEquals("ACK seq=101 ack=301 len=500", new Arrow("ACK", "101", Option.some("301"), 500).label());
    }

    // ---- renderings

    @Test
    void theSvgIsWellFormedAndShowsEverySegmentAndState() throws Exception {
        SequenceChart c = lostSyn();
        String svg = SequenceChartSvg.render(c);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        String text = doc.getDocumentElement().getTextContent();
        assertTrue(text.contains("SYN seq=100 (lost)"), text);
        assertTrue(text.contains("SYN,ACK seq=300 ack=101 (in flight)"), text);
        assertTrue(text.contains("SYN-RECEIVED") && text.contains("SYN-SENT") && text.contains("active OPEN"));
        assertTrue(text.contains("a note"));
    }

    @Test
    void theSvgIsAFunctionOfTheChart() {
        assertEquals(SequenceChartSvg.render(lostSyn()), SequenceChartSvg.render(lostSyn()));
    }

    @Test
    void aSendSharesTheRowOfItsCause() {
        // Local (row 1) + send (row 1), loss (row 2), send (row 3), arrival (row 4) + send (row 4).
        assertEquals(List.of(1, 1, 2, 3, 4, 4), SequenceChartSvg.rows(lostSyn()));
    }

    @Test
    void theTextHasOneLinePerStep() {
        String text = SequenceChartText.render(lostSyn());
        assertTrue(text.contains("   2  SYN-SENT      LISTEN        client sends SYN seq=100\n"), text);
        assertTrue(text.contains("   3  SYN-SENT      LISTEN        lost: SYN seq=100 (sent at step 2)\n"), text);
        assertTrue(text.contains("server receives SYN seq=100 (sent at step 4)"), text);
    }
}
