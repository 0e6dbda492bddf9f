package io.github.tcpmodel.property.conformance;

import static io.github.tcpmodel.property.conformance.RequirementMatrix.cell;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.choice;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.gap;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.linux;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.no;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.rule;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.seen;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.side;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.tests;
import static io.github.tcpmodel.property.conformance.RequirementMatrix.unseen;

import io.github.tcpmodel.property.conformance.RequirementMatrix.EngineSide;
import io.github.tcpmodel.property.conformance.RequirementMatrix.LinuxSide;
import io.github.tcpmodel.property.conformance.RequirementMatrix.ModelSide;
import io.github.tcpmodel.property.conformance.RequirementMatrix.Treatment;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requirements of the TCP extensions the model covers, beside RFC 9293's Appendix B ({@link RequirementMatrix}):
 * RFC 7323 (window scaling, timestamps, PAWS), RFC 2018 (SACK), RFC 2883 (D-SACK), RFC 7413 (TCP Fast Open) and the
 * ECN negotiation of RFC 3168. These RFCs number no requirements, so each row cites one normative statement by an ID
 * of the form {@code RFC7323-§5.3-R1}: the RFC, the section that makes the statement, and its ordinal among the
 * statements this matrix cites from that section. Only statements the model covers have a row. The columns are those
 * of {@link RequirementMatrix}, and the rows are the second section of {@code docs/requirements.md}.
 */
public final class ExtensionMatrix {

    /**
     * One normative statement of an extension RFC.
     *
     * @param id     {@code RFCnnnn-§s-Rn}
     * @param text   the statement, in the RFC's terms (shortened)
     * @param model  how the model treats it (a rule, a checked choice, or not modelled)
     * @param tests  the tests that check it ({@code package.TestClass#method}), possibly none
     * @param engine whether and where the engine implements it
     * @param linux  what Linux was observed to do
     */
    public record ExtensionRow(String id, String text, ModelSide model, List<String> tests, EngineSide engine,
                               LinuxSide linux) {
        public ExtensionRow {
            Objects.requireNonNull(id, "id is null");
            Objects.requireNonNull(text, "text is null");
            Objects.requireNonNull(model, "model is null");
            Objects.requireNonNull(tests, "tests is null");
            Objects.requireNonNull(engine, "engine is null");
            Objects.requireNonNull(linux, "linux is null");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not an extension requirement ID: " + id);
            }
        }

        /** The RFC's number. */
        public int rfc() {
            return Integer.parseInt(part(1));
        }

        /** The section of the RFC that makes the statement. */
        public String section() {
            return part(2);
        }

        /** The statement's ordinal among those cited from its section. */
        public int ordinal() {
            return Integer.parseInt(part(3));
        }

        private String part(int group) {
            Matcher m = ID.matcher(id);
            if (!m.matches()) {
                throw new IllegalStateException(id);
            }
            return m.group(group);
        }
    }

    /** The form of an ID: the RFC, the section, the ordinal. */
    public static final Pattern ID = Pattern.compile("RFC([1-9][0-9]{3})-§([1-9][0-9]*(?:\\.[1-9][0-9]*)*)-R([1-9][0-9]*)");

    /** The RFCs the matrix covers, in the order of the document. */
    public static final List<Integer> RFCS = List.of(7323, 2018, 2883, 7413, 3168);

    private static final String SEM = "io.github.tcpmodel.semantics.";
    private static final String PROF = "io.github.tcpmodel.profile.";
    private static final String CORE = "io.github.tcpmodel.conformance.";
    private static final String OPT = "io.github.tcpmodel.option.";
    private static final String GROUP = "io.github.tcpmodel.property.group.";
    private static final String CODEC = "io.github.tcpmodel.engine.codec.";
    private static final String KERNEL_SYN = "io.github.tcpmodel.linux.netns.KernelTcpTest#"
            + "kernelSynCarriesItsOptionsAndWrongSynAckGetsRstWhileSynSentThenRetriesEnd";
    private static final String KERNEL_SYSCTLS =
            "io.github.tcpmodel.linux.netns.KernelTcpTest#perNamespaceSysctlsShapeTheKernelsSyn";

    private static final Map<String, ExtensionRow> ROWS = build();

    private ExtensionMatrix() {
    }

    /** Every row, by RFC in the order of {@link #RFCS}, then by section and ordinal as written. */
    public static List<ExtensionRow> rows() {
        return ROWS.values().toList();
    }

    /** The row of {@code id}, if there is one. */
    public static Option<ExtensionRow> row(String id) {
        return ROWS.get(id);
    }

    private static EngineSide noOption(String what) {
        return no("the engine parses " + what + " and ignores it; its segments carry the MSS option only",
                CODEC + "Codec#decode");
    }

    private static Map<String, ExtensionRow> build() {
        List<ExtensionRow> rows = List.of(
                // ---------------------------------------------------------------- RFC 7323
                new ExtensionRow("RFC7323-§2.2-R1",
                        "Window scaling is in use in either direction only if both SYNs carry the Window Scale "
                                + "option (MUST); a SYN,ACK carries it only if the SYN did",
                        rule("the shifts are negotiated from the two SYNs; without the peer's option both are 0, "
                                + "whatever this side offered", SEM + "Negotiation#onSyn",
                                SEM + "Negotiation#synAckOptions"),
                        tests(SEM + "NegotiationTest#anActiveOpenNegotiatesWhatBothSidesOffered",
                                SEM + "NegotiationTest#withoutThePeersWindowScaleNeitherDirectionScales",
                                SEM + "NegotiationTest#aListenerAnswersWithWhatThePeerOffered"),
                        noOption("the Window Scale option"),
                        seen("the kernel's SYN offers wscale (10 by default), beside mss, sackOK and TS",
                                KERNEL_SYN, KERNEL_SYSCTLS)),
                new ExtensionRow("RFC7323-§2.2-R2",
                        "The window field of a SYN or SYN,ACK is not scaled (MUST NOT)",
                        rule("the window field of a SYN or SYN,ACK is taken and sent unscaled",
                                SEM + "WindowScaling#field", SEM + "WindowScaling#sendWindow"),
                        tests(SEM + "NegotiationTest#theSynAckWindowIsNotScaledAndEveryLaterOneIs"),
                        noOption("the Window Scale option"), unseen()),
                new ExtensionRow("RFC7323-§2.2-R3",
                        "A Window Scale option in a segment without SYN is ignored (MUST)",
                        rule("options on a segment without SYN negotiate nothing; an implementation that sends one "
                                + "is named by Conformance#optionViolations",
                                SEM + "Negotiation#onSyn", CORE + "Conformance#optionViolations"),
                        tests(SEM + "NegotiationTest#optionsOnASegmentWithoutSynNegotiateNothing",
                                CORE + "OptionComparisonTest#optionRulesOfSentSegments"),
                        noOption("the Window Scale option"), unseen()),
                new ExtensionRow("RFC7323-§2.3-R1",
                        "The scale applies to the window field of every segment after the SYN: SND.WND = SEG.WND "
                                + "<< Snd.Wind.Shift, and the field sent is RCV.WND >> Rcv.Wind.Shift",
                        rule("the peer's window is shifted from the third segment of the handshake on, and this "
                                + "side's field is its RCV.WND shifted right", SEM + "WindowScaling#sendWindow",
                                SEM + "WindowScaling#field", SEM + "OptionStamp#stamp"),
                        tests(SEM + "NegotiationTest#theSynAckWindowIsNotScaledAndEveryLaterOneIs",
                                SEM + "NegotiationTest#theThirdSegmentOfTheHandshakeIsScaled",
                                GROUP + "LinuxOptionTest#theScaledWindowRoundsDown"),
                        noOption("the Window Scale option"), unseen()),
                new ExtensionRow("RFC7323-§2.3-R2",
                        "A shift above 14 is taken as 14 (MUST), the error logged (SHOULD)",
                        rule("a received shift above 14 is taken as 14; the model logs nothing",
                                SEM + "Negotiation#onSyn"),
                        tests(SEM + "NegotiationTest#aShiftAbove14IsTakenAs14"),
                        noOption("the Window Scale option"), unseen()),
                new ExtensionRow("RFC7323-§2.4-R1",
                        "With window scaling the right edge may retract by less than one unit of the scale: a "
                                + "shrinking window must be handled (MUST)",
                        choice("this side rounds its window down, never advertising more than RCV.WND, and its "
                                + "acceptability test keeps RCV.WND; the rounding is this side's choice",
                                SEM + "WindowScaling#field"),
                        tests(GROUP + "LinuxOptionTest#theScaledWindowRoundsDown"),
                        noOption("the Window Scale option"), unseen()),
                new ExtensionRow("RFC7323-§3.2-R1",
                        "Timestamps are in use when both the SYN and the SYN,ACK carry the Timestamps option; a "
                                + "SYN,ACK carries it only if the SYN did",
                        rule("timestamps are negotiated from the two SYNs; TS.Recent starts at the TSval of the "
                                + "peer's SYN", SEM + "Negotiation#onSyn", SEM + "Negotiation#synAckOptions"),
                        tests(SEM + "NegotiationTest#anActiveOpenNegotiatesWhatBothSidesOffered",
                                SEM + "NegotiationTest#aListenerAnswersWithWhatThePeerOffered"),
                        noOption("the Timestamps option"),
                        seen("the kernel's SYN offers TS by default", KERNEL_SYN, KERNEL_SYSCTLS)),
                new ExtensionRow("RFC7323-§3.2-R2",
                        "Once timestamps are in use, the Timestamps option is sent in every non-RST segment (MUST)",
                        rule("every segment the model sends but a RST carries the option, TSecr = TS.Recent; a "
                                + "segment of an implementation without it is named by Conformance#optionViolations. "
                                + "The model's RST carries no options, although §3.2 says the option SHOULD be sent "
                                + "in a RST: PAWS does not apply to a RST (§5.3 R1)",
                                SEM + "OptionStamp#stamp", CORE + "Conformance#optionViolations"),
                        tests(CORE + "OptionComparisonTest#optionRulesOfSentSegments",
                                CORE + "OptionComparisonTest#laterSegmentsCompareOnlyTheTimestampsOption"),
                        noOption("the Timestamps option"), unseen()),
                new ExtensionRow("RFC7323-§3.2-R3",
                        "A non-RST segment received without the Timestamps option once they are in use is "
                                + "silently dropped (SHOULD)",
                        choice("dropped in the rfc9293 profile; processed in the linux profile "
                                + "(TcpExtensions#missingTimestampsAccepted), as Linux does",
                                SEM + "Paws#check", PROF + "TcpExtensions#missingTimestampsAccepted"),
                        tests(SEM + "PawsTest#aSegmentWithoutTimestampsIsProcessedByLinuxAndDroppedByTheRfcRule"),
                        noOption("the Timestamps option"), unseen()),
                new ExtensionRow("RFC7323-§4.3-R1",
                        "TS.Recent takes SEG.TSval when SEG.TSval >= TS.Recent and SEG.SEQ <= Last.ACK.sent",
                        rule("TS.Recent is updated after the sequence number check, and only for a segment at or "
                                + "before Last.ACK.sent", SEM + "Paws#record"),
                        tests(SEM + "PawsTest#anEqualOrNewerTimestampPassesAndIsRecorded",
                                SEM + "PawsTest#aSegmentBeyondLastAckSentDoesNotUpdateTsRecent"),
                        noOption("the Timestamps option"), unseen()),
                new ExtensionRow("RFC7323-§5.2-R1",
                        "Timestamp values are compared as 32-bit serial numbers",
                        rule("TSval and TS.Recent compare modulo 2^32", SEM + "Paws#before"),
                        tests(SEM + "PawsTest#timestampsCompareModulo2To32",
                                GROUP + "LinuxOptionTest#pawsDropsExactlyTheOlderTimestamps"),
                        noOption("the Timestamps option"), unseen()),
                new ExtensionRow("RFC7323-§5.3-R1",
                        "PAWS: a non-RST segment with SEG.TSval < TS.Recent is not acceptable: send an ACK and "
                                + "drop it",
                        rule("PAWS comes before RFC 9293's sequence number check; an older TSval is answered "
                                + "with an ACK and dropped, a RST is exempt and goes on to RFC 9293's checks",
                                SEM + "Paws#check", SEM + "Arrival#segmentArrives"),
                        tests(SEM + "PawsTest#anOldTimestampIsDroppedWithAnAck",
                                SEM + "PawsTest#aResetIsNotSubjectToPaws",
                                SEM + "PawsTest#withoutTimestampsThereIsNoPaws",
                                GROUP + "LinuxOptionTest#pawsDropsExactlyTheOlderTimestamps"),
                        noOption("the Timestamps option"), unseen()),
                new ExtensionRow("RFC7323-§5.5-R1",
                        "After more than 24 days idle TS.Recent is invalid and the PAWS test is skipped",
                        rule("after 24 idle days an old TSval is accepted and recorded", SEM + "Paws#check"),
                        tests(SEM + "PawsTest#after24IdleDaysAnOldTimestampIsAccepted"),
                        noOption("the Timestamps option"), unseen()),

                // ---------------------------------------------------------------- RFC 2018
                new ExtensionRow("RFC2018-§2-R1",
                        "SACK-Permitted is sent only on a SYN (MUST NOT on other segments); SACK is used only when "
                                + "both SYNs carried it",
                        rule("SACK is negotiated from the two SYNs; an implementation's SACK-Permitted without SYN "
                                + "is named by Conformance#optionViolations", SEM + "Negotiation#onSyn",
                                SEM + "Negotiation#synOptions", CORE + "Conformance#optionViolations"),
                        tests(SEM + "NegotiationTest#anActiveOpenNegotiatesWhatBothSidesOffered",
                                CORE + "OptionComparisonTest#optionRulesOfSentSegments"),
                        noOption("SACK-Permitted"),
                        seen("the kernel's SYN offers sackOK by default", KERNEL_SYN, KERNEL_SYSCTLS)),
                new ExtensionRow("RFC2018-§2-R2",
                        "No SACK option is sent unless SACK-Permitted was received",
                        rule("the model sends SACK blocks only with SACK negotiated; an implementation's SACK "
                                + "option without it is named by Conformance#optionViolations",
                                SEM + "OptionStamp#stamp", CORE + "Conformance#optionViolations"),
                        tests(SEM + "SackTest#withoutSackPermittedNoBlocksAreSent",
                                CORE + "OptionComparisonTest#optionRulesOfSentSegments"),
                        noOption("the SACK option"), unseen()),
                new ExtensionRow("RFC2018-§3-R1",
                        "At most 4 SACK blocks fit the option space; 3 beside the Timestamps option",
                        rule("the model reports at most 4 blocks, 3 with timestamps in use; more is a violation",
                                SEM + "SackRules#report", SEM + "SackRules#violations"),
                        tests(SEM + "SackTest#atMostThreeBlocksBesideTimestamps",
                                GROUP + "LinuxOptionTest#theModelsSackBlocksAreAllowed"),
                        noOption("the SACK option"), unseen()),
                new ExtensionRow("RFC2018-§4-R1",
                        "The SACK option SHOULD be in every ACK that does not acknowledge the highest sequence "
                                + "number in the receiver's queue",
                        rule("every ACK the model sends carries a SACK option exactly while it holds data beyond "
                                + "RCV.NXT", SEM + "OptionStamp#stamp", SEM + "SackRules#held"),
                        tests(SEM + "SackTest#theReceiverReportsWhatItHoldsMostRecentFirst",
                                GROUP + "LinuxOptionTest#theModelsSackBlocksAreAllowed"),
                        noOption("the SACK option"), unseen()),
                new ExtensionRow("RFC2018-§4-R2",
                        "The first block MUST be the one containing the segment that triggered the ACK, unless "
                                + "that segment advanced the cumulative ACK",
                        rule("the block holding the latest segment comes first; a report that puts another first "
                                + "is named by SackRules#violations", SEM + "SackRules#report",
                                SEM + "SackRules#violations"),
                        tests(SEM + "SackTest#theReceiverReportsWhatItHoldsMostRecentFirst",
                                SEM + "SackTest#blocksMustReportHeldDataTheMostRecentFirstAndNoSubsetTwice",
                                GROUP + "LinuxOptionTest#theModelsSackBlocksAreAllowed"),
                        noOption("the SACK option"), unseen()),
                new ExtensionRow("RFC2018-§4-R3",
                        "A block reports data received and queued; the later blocks repeat the most recently "
                                + "reported ones, none a subset of a block already included",
                        rule("blocks lie beyond RCV.NXT within what is held, most recent first, no subset "
                                + "repeated", SEM + "SackRules#report", SEM + "SackRules#violations"),
                        tests(SEM + "SackTest#blocksMustReportHeldDataTheMostRecentFirstAndNoSubsetTwice",
                                GROUP + "LinuxOptionTest#theModelsSackBlocksAreAllowed"),
                        noOption("the SACK option"), unseen()),
                new ExtensionRow("RFC2018-§8-R1",
                        "The sender MUST NOT discard data before the cumulative ACK acknowledges it (the receiver "
                                + "may renege on what it SACKed)",
                        rule("the scoreboard is an inference beside the retransmission queue, which only "
                                + "SEG.ACK empties; no test shows SACKed data staying queued",
                                SEM + "SackRules#scoreboard", SEM + "Arrival#segmentArrives"),
                        tests(),
                        noOption("the SACK option"), unseen()),

                // ---------------------------------------------------------------- RFC 2883
                new ExtensionRow("RFC2883-§4-R1",
                        "A D-SACK block reports the duplicate that triggered the ACK, first; when the duplicate "
                                + "lies in a larger block held above the cumulative ACK, the second block is that "
                                + "block",
                        rule("a report that omits the triggering duplicate is named by SackRules#violations; the "
                                + "model as receiver reports no D-SACK", SEM + "SackRules#violations"),
                        tests(SEM + "SackTest#aDuplicateIsReportedFirstBelowTheAckOrWithinTheSecondBlock"),
                        noOption("the SACK option"), unseen()),
                new ExtensionRow("RFC2883-§4-R2",
                        "The sender recognises a D-SACK as a first block below the cumulative ACK or within the "
                                + "second block, and leaves it out of its scoreboard",
                        rule("a first block below the ACK or inside the second is a D-SACK and not on the "
                                + "scoreboard", SEM + "SackRules#isDsack", SEM + "SackRules#scoreboard"),
                        tests(SEM + "SackTest#aDuplicateIsReportedFirstBelowTheAckOrWithinTheSecondBlock",
                                SEM + "SackTest#theScoreboardIsTheUnionOfTheBlocksAboveUna"),
                        noOption("the SACK option"), unseen()),

                // ---------------------------------------------------------------- RFC 7413
                new ExtensionRow("RFC7413-§4.1-R1",
                        "A client that wants a cookie sends a SYN with an empty Fast Open option",
                        choice("a profile switch (TcpExtensions#fastOpenClient); the client's data on the SYN is "
                                + "not modelled", PROF + "TcpExtensions#fastOpenClient", SEM + "Negotiation#synOptions"),
                        tests(SEM + "FastOpenTest#aClientAsksForACookie"),
                        no("no Fast Open"), unseen()),
                new ExtensionRow("RFC7413-§4.1.1-R1",
                        "A cookie is 4 to 16 octets, an even number",
                        rule("another cookie is not valid and the SYN's text is not accepted", SEM + "FastOpen#accepts"),
                        tests(SEM + "FastOpenTest#aMalformedCookieIsNotAccepted",
                                OPT + "OptionCodecTest#fastOpenCookiesInBothKinds"),
                        no("no Fast Open"), unseen()),
                new ExtensionRow("RFC7413-§4.2.1-R1",
                        "A server answers a cookie request with a cookie in its SYN,ACK",
                        choice("under the profile switch TcpExtensions#fastOpenServer, in the option kind the "
                                + "request used; the cookie stands for the server's and is compared by presence",
                                SEM + "FastOpen#cookieRequested", PROF + "TcpExtensions#fastOpenServer"),
                        tests(SEM + "FastOpenTest#aCookieRequestIsAnsweredWithACookie"),
                        no("no Fast Open"), unseen()),
                new ExtensionRow("RFC7413-§4.2.2-R1",
                        "With a valid cookie the server accepts the SYN's data and its SYN,ACK acknowledges the "
                                + "SYN and the data; otherwise only the SYN",
                        choice("under the switch the text is on hand for RECEIVE and acknowledged; without it the "
                                + "text is held until ESTABLISHED (RFC 9293 §3.10.7.2) or discarded "
                                + "(Profile#synTextDiscarded), the SYN,ACK acknowledging the SYN alone",
                                SEM + "FastOpen#accepts", PROF + "TcpExtensions#fastOpenServer",
                                PROF + "Profile#synTextDiscarded"),
                        tests(SEM + "FastOpenTest#aSynWithAValidCookieHasItsTextAccepted",
                                SEM + "FastOpenTest#withoutTheSwitchTheTextIsHeldOrDiscarded"),
                        no("no Fast Open"), unseen()),

                // ---------------------------------------------------------------- RFC 3168
                new ExtensionRow("RFC3168-§6.1.1-R1",
                        "An ECN-setup SYN carries ECE and CWR",
                        choice("the rfc9293 profile sends an ECN-setup SYN, the linux profile does not "
                                + "(TcpExtensions#ecn)", SEM + "Negotiation#synEcn", PROF + "TcpExtensions#ecn"),
                        tests(SEM + "NegotiationTest#ecnIsNegotiatedByTheSetupSynAndSynAck"),
                        no("ECE and CWR are decoded as flags, never set"), unseen()),
                new ExtensionRow("RFC3168-§6.1.1-R2",
                        "An ECN-setup SYN,ACK carries ECE and not CWR, and only answers an ECN-setup SYN",
                        rule("the SYN,ACK is ECN-setup exactly when the SYN was and the profile answers "
                                + "(both profiles do); the ECE and CWR bits are kept apart from the control bits",
                                SEM + "Negotiation#synAckEcn", SEM + "Negotiation#onSyn"),
                        tests(SEM + "NegotiationTest#ecnIsNegotiatedByTheSetupSynAndSynAck",
                                SEM + "NegotiationTest#segmentEquivalenceIgnoresTheEcnBits"),
                        no("ECE and CWR are decoded as flags, never set"), unseen()));
        Map<String, ExtensionRow> byId = LinkedHashMap.empty();
        for (ExtensionRow r : rows) {
            if (byId.containsKey(r.id())) {
                throw new IllegalStateException("two rows for " + r.id());
            }
            byId = byId.put(r.id(), r);
        }
        return byId;
    }

    /** The second section of {@code docs/requirements.md}: how the IDs are formed, a summary, the table. */
    static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("""
                ## TCP extensions: RFC 7323, RFC 2018, RFC 2883, RFC 7413, RFC 3168

                The normative statements of the TCP extensions the model covers: window scaling, timestamps and
                PAWS (RFC 7323), selective acknowledgments (RFC 2018) and duplicate SACKs (RFC 2883), TCP Fast Open
                at a listener (RFC 7413) and the ECN negotiation of the handshake (RFC 3168 §6.1.1), generated from
                `ExtensionMatrix`. These RFCs number no requirements, so a row's ID is formed as
                `RFCnnnn-§s-Rn`: the RFC, the section that makes the statement, and its ordinal among the
                statements this table cites from that section (`RFC7323-§5.3-R1` is the first statement cited from
                RFC 7323 §5.3). Only statements the model covers have a row; the columns read as in the first table.

                The model's own segments follow these rules. For an implementation's segments,
                `Conformance#optionDifference`, `Conformance#optionViolations` and `SackRules#violations` state the
                checks as functions; the comparison core (`Conformance#same`) leaves options out.

                """);
        b.append("| RFC | rule | checked choice | not modelled | rows |\n");
        b.append("|---|---|---|---|---|\n");
        for (int rfc : RFCS) {
            List<ExtensionRow> of = rows().filter(r -> r.rfc() == rfc);
            b.append("| RFC ").append(rfc);
            for (Treatment t : List.of(Treatment.RULE, Treatment.CHOICE, Treatment.NOT_MODELLED)) {
                b.append(" | ").append(of.count(r -> r.model().treatment() == t));
            }
            b.append(" | ").append(of.size()).append(" |\n");
        }
        b.append("\n| ID | Requirement | § | Model | Tests | Engine | Linux |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (ExtensionRow r : rows()) {
            b.append("| ").append(r.id())
                    .append(" | ").append(cell(r.text()))
                    .append(" | ").append("RFC ").append(r.rfc()).append(" §").append(r.section())
                    .append(" | ").append(side(r.model().treatment().label(), r.model().code(), r.model().note()))
                    .append(" | ").append(r.tests().isEmpty() ? "" : r.tests().map(RequirementMatrix::shortName)
                            .map(t -> "`" + t + "`").mkString(", "))
                    .append(" | ").append(side(r.engine().support().label(), r.engine().code(), r.engine().note()))
                    .append(" | ").append(linux(r.linux()))
                    .append(" |\n");
        }
        return b.toString();
    }
}
