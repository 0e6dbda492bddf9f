package io.github.tcpmodel.property.conformance;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requirements matrix: one row per requirement ID of RFC 9293 Appendix B (MUST-n, SHLD-n, MAY-n and REC-1),
 * saying how the model treats the requirement, which tests check it, whether the engine implements it and what the
 * Linux kernel was observed to do. It is the one source of Appendix B IDs in the project: {@link Requirement} takes
 * its IDs and texts from here, and {@code docs/requirements.md} is generated from it ({@link #markdown()}).
 *
 * <p>References are fully qualified: code as {@code package.Class#member} (or a class alone), tests as {@code
 * package.TestClass#method}, evidence files by their path from the repository root. The properties module's tests
 * check that every one of them exists, and that the IDs are exactly those of the RFC text.
 */
public final class RequirementMatrix {

    /** How strongly Appendix B states a requirement: its ID prefix. */
    public enum Strength {
        MUST, SHLD, MAY, REC
    }

    /** How the model treats a requirement. */
    public enum Treatment {
        /**
         * A rule of the model: the named code computes what the RFC says. Where the requirement shows in what the
         * comparison core compares (the state, SEG.SEQ, SEG.ACK, the control bits but PSH, SEG.LEN), an
         * implementation that does otherwise diverges; the note says where it does not.
         */
        RULE("rule"),
        /** A checked choice: the RFC leaves a value or behaviour open; the model takes it as a profile value or input
         * ({@code Choices}) and checks that what an implementation chose is allowed. */
        CHOICE("checked choice"),
        /** Not observable on the wire (buffer management, the user interface): nothing in a capture can tell. */
        NOT_OBSERVABLE("not observable on the wire"),
        /** Observable, but outside what the model describes, for the reason given (IP layer, addresses). */
        OUT_OF_SCOPE("out of scope"),
        /** Observable connection behaviour the model does not state yet: neither a rule nor a checked choice. */
        NOT_MODELLED("not modelled");

        private final String label;

        Treatment(String label) {
            this.label = label;
        }

        /** The words the generated document uses. */
        public String label() {
            return label;
        }
    }

    /** Whether the engine implements a requirement. */
    public enum EngineSupport {
        YES("yes"), PARTLY("partly"), NO("no");

        private final String label;

        EngineSupport(String label) {
            this.label = label;
        }

        /** The words the generated document uses. */
        public String label() {
            return label;
        }
    }

    /**
     * The model's side of a row.
     *
     * @param treatment how the model treats the requirement
     * @param code      the model's classes and members that carry it ({@code io.github.tcpmodel...Class#member})
     * @param note      what the model does, in a sentence or two
     */
    public record ModelSide(Treatment treatment, List<String> code, String note) {
        public ModelSide {
            Objects.requireNonNull(treatment, "treatment is null");
            Objects.requireNonNull(code, "code is null");
            Objects.requireNonNull(note, "note is null");
        }
    }

    /**
     * The engine's side of a row.
     *
     * @param support whether the engine implements the requirement
     * @param code    where ({@code io.github.tcpmodel.engine...Class#member})
     * @param note    how, or why not
     */
    public record EngineSide(EngineSupport support, List<String> code, String note) {
        public EngineSide {
            Objects.requireNonNull(support, "support is null");
            Objects.requireNonNull(code, "code is null");
            Objects.requireNonNull(note, "note is null");
        }
    }

    /**
     * What the Linux kernel was observed to do.
     *
     * @param observed what was seen, or {@link #NOT_OBSERVED}
     * @param evidence the tests (class#method) and files (path from the repository root) that saw it
     */
    public record LinuxSide(String observed, List<String> evidence) {
        public LinuxSide {
            Objects.requireNonNull(observed, "observed is null");
            Objects.requireNonNull(evidence, "evidence is null");
        }
    }

    /**
     * One requirement of RFC 9293 Appendix B.
     *
     * @param id      {@code MUST-n}, {@code SHLD-n}, {@code MAY-n} or {@code REC-1}
     * @param text    the feature, in the words of Appendix B (shortened, its parent row added where it is a sub-item)
     * @param section the section of RFC 9293 whose text states the requirement with this ID
     * @param model   how the model treats it
     * @param tests   the tests that check it ({@code package.TestClass#method}), possibly none
     * @param engine  whether and where the engine implements it
     * @param linux   what Linux was observed to do
     */
    public record MatrixRow(String id, String text, String section, ModelSide model, List<String> tests,
                            EngineSide engine, LinuxSide linux) {
        public MatrixRow {
            Objects.requireNonNull(id, "id is null");
            Objects.requireNonNull(text, "text is null");
            Objects.requireNonNull(section, "section is null");
            Objects.requireNonNull(model, "model is null");
            Objects.requireNonNull(tests, "tests is null");
            Objects.requireNonNull(engine, "engine is null");
            Objects.requireNonNull(linux, "linux is null");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not an Appendix B ID: " + id);
            }
        }

        /** The ID's prefix. */
        public Strength strength() {
            return Strength.valueOf(id.substring(0, id.indexOf('-')));
        }

        /** The number after the prefix. */
        public int number() {
            return Integer.parseInt(id.substring(id.indexOf('-') + 1));
        }
    }

    /** What the matrix says where the project has no evidence of Linux's behaviour. */
    public static final String NOT_OBSERVED = "not observed";

    /** The form of an Appendix B ID. */
    public static final Pattern ID = Pattern.compile("(MUST|SHLD|MAY|REC)-[1-9][0-9]*");

    // Package prefixes, to keep the rows readable.
    private static final String SEM = "io.github.tcpmodel.semantics.";
    private static final String PROF = "io.github.tcpmodel.profile.";
    private static final String SEG = "io.github.tcpmodel.segment.";
    private static final String SEQ = "io.github.tcpmodel.seq.";
    private static final String TAB = "io.github.tcpmodel.table.";
    private static final String CORE = "io.github.tcpmodel.conformance.";
    private static final String OPT = "io.github.tcpmodel.option.";
    private static final String CONN = "io.github.tcpmodel.engine.connection.";
    private static final String CODEC = "io.github.tcpmodel.engine.codec.";
    private static final String MON = "io.github.tcpmodel.engine.monitor.";
    private static final String ENG_CONF = "io.github.tcpmodel.engine.conformance.";
    private static final String ENG_RES = "io.github.tcpmodel.engine.resilience.";
    private static final String GROUP = "io.github.tcpmodel.property.group.";
    private static final String CLAIM = "io.github.tcpmodel.property.claim.";
    private static final String KIT = "io.github.tcpmodel.property.conformance.";
    private static final String NETNS = "io.github.tcpmodel.linux.netns.";
    private static final String INTEROP = "io.github.tcpmodel.linux.interop.";
    private static final String TRACE = "io.github.tcpmodel.trace.";
    private static final String SCRIPTS = "script/src/test/resources/scripts/";
    private static final String KERNEL_SYN =
            NETNS + "KernelTcpTest#kernelSynCarriesItsOptionsAndWrongSynAckGetsRstWhileSynSentThenRetriesEnd";
    private static final String KERNEL_CORPUS =
            TRACE + "KernelCorpusTest#committedKernelCapturesMatchTheKernelsStatesAtEveryCheckpoint";
    private static final String ENGINE_BLIND =
            ENG_RES + "BlindAttackTest#blindInjectionNeitherResetsNorCorruptsAndChallengeAcksStayRateLimited";

    private static final Map<String, MatrixRow> ROWS = build();

    private RequirementMatrix() {
    }

    /** Every row, in the order MUST, SHLD, MAY, REC, each by number. */
    public static List<MatrixRow> rows() {
        return ROWS.values().toList();
    }

    /** The row of {@code id}, if Appendix B has that ID. */
    public static Option<MatrixRow> row(String id) {
        return ROWS.get(id);
    }

    /**
     * The requirement {@code id} as a divergence names it, with its Appendix B text.
     *
     * @throws IllegalArgumentException when Appendix B has no such ID
     */
    public static Requirement requirement(String id) {
        return row(id).map(r -> new Requirement(r.id(), r.text()))
                .getOrElseThrow(() -> new IllegalArgumentException("RFC 9293 Appendix B has no " + id));
    }

    // ------------------------------------------------------------------------------------------------ building

    static ModelSide rule(String note, String... code) {
        return new ModelSide(Treatment.RULE, List.of(code), note);
    }

    static ModelSide choice(String note, String... code) {
        return new ModelSide(Treatment.CHOICE, List.of(code), note);
    }

    static ModelSide hidden(String note) {
        return new ModelSide(Treatment.NOT_OBSERVABLE, List.empty(), note);
    }

    static ModelSide outOfScope(String reason) {
        return new ModelSide(Treatment.OUT_OF_SCOPE, List.empty(), reason);
    }

    static ModelSide gap(String note, String... code) {
        return new ModelSide(Treatment.NOT_MODELLED, List.of(code), note);
    }

    static EngineSide yes(String note, String... code) {
        return new EngineSide(EngineSupport.YES, List.of(code), note);
    }

    static EngineSide partly(String note, String... code) {
        return new EngineSide(EngineSupport.PARTLY, List.of(code), note);
    }

    static EngineSide no(String note, String... code) {
        return new EngineSide(EngineSupport.NO, List.of(code), note);
    }

    static LinuxSide seen(String observed, String... evidence) {
        return new LinuxSide(observed, List.of(evidence));
    }

    static LinuxSide unseen() {
        return new LinuxSide(NOT_OBSERVED, List.empty());
    }

    static List<String> tests(String... names) {
        return List.of(names);
    }

    private static Map<String, MatrixRow> build() {
        List<MatrixRow> rows = List.of(
                // ---------------------------------------------------------------- MUST
                new MatrixRow("MUST-1", "Window: treat as unsigned number", "3.1",
                        rule("SEG.WND is a non-negative count of octets; a negative or too large window is a bad "
                                + "field, rejected as an error value", SEG + "Segment#checked", SEG + "Segment"),
                        tests(SEG + "SegmentTest#badFieldsAreErrorValues",
                                GROUP + "ModelValidityTest#checkedSegmentsRejectBadFieldsAsValues"),
                        yes("the window is read and written as an unsigned 16-bit field", CODEC + "Codec#decode",
                                CODEC + "Codec#encode"),
                        unseen()),
                new MatrixRow("MUST-2", "Checksums: sender computes the checksum", "3.1",
                        outOfScope("the model's segments are abstract: no header octets, no checksum"),
                        tests(CODEC + "CodecTest#encodedChecksumsVerifyAndFieldsSitWhereRfc791AndRfc9293PutThem",
                                CODEC + "CodecTest#rfc1071Example"),
                        yes("the TCP checksum over the pseudo-header, header and text", CODEC + "Codec#encode",
                                CODEC + "Checksum#sum"),
                        seen("the kernel's segments carry valid checksums; the TUN tests check every one",
                                "docs/tun.md")),
                new MatrixRow("MUST-3", "Checksums: receiver checks the checksum", "3.1",
                        outOfScope("the model's segments are abstract: no header octets, no checksum"),
                        tests(CODEC + "CodecTest#malformedInputIsATypedValue",
                                ENG_RES + "FaultTest#halfWrittenAndGarbagePacketsNeverWedgeTheEngine"),
                        yes("a segment whose checksum does not verify is a malformation and is dropped",
                                CODEC + "Codec#decode"),
                        seen("a segment with a bad TCP or IP checksum written into the TUN is dropped silently "
                                + "(counters TcpInCsumErrors, IpInHdrErrors)", "docs/tun.md")),
                new MatrixRow("MUST-4", "Options: support the mandatory option set (EOL, NOP, MSS)", "3.1",
                        rule("the option list is read and written as RFC 9293 §3.2 lays it out: EOL ends it, NOP "
                                + "fills, the MSS option is Segment#mss", OPT + "OptionCodec#decode",
                                OPT + "OptionCodec#encode", SEG + "Segment#mss"),
                        tests(OPT + "OptionCodecTest#readsTheOptionsOfALinuxSynInOrderAndWritesThemBackOctetForOctet",
                                OPT + "OptionCodecTest#theListEndsAtEol",
                                CODEC + "CodecTest#nopAndEolAndUnknownOptionsAreSkipped",
                                CODEC + "CodecTest#encodeThenDecodeIsIdentity"),
                        yes("EOL and NOP are parsed, the MSS option parsed and sent", CODEC + "Codec#decode",
                                CODEC + "Codec#encode"),
                        seen("the kernel's SYN carries mss 1460 (with sackOK, TS, nop, wscale 10 by default)",
                                KERNEL_SYN,
                                NETNS + "KernelTcpTest#perNamespaceSysctlsShapeTheKernelsSyn")),
                new MatrixRow("MUST-5", "Options: receive a TCP option in any segment", "3.1",
                        rule("the options of every segment are read, whatever its control bits; the Timestamps "
                                + "option of every segment is taken by PAWS and the TS.Recent update (RFC 7323 §5.3)",
                                OPT + "OptionCodec#decode", SEM + "Paws#check", SEM + "Paws#record"),
                        tests(OPT + "OptionCodecTest#readsTheOptionsOfALinuxSynInOrderAndWritesThemBackOctetForOctet",
                                SEM + "PawsTest#anOldTimestampIsDroppedWithAnAck",
                                SEM + "PawsTest#anEqualOrNewerTimestampPassesAndIsRecorded",
                                CODEC + "CodecTest#encodeThenDecodeIsIdentity"),
                        yes("options are parsed in every segment, whatever its control bits",
                                CODEC + "Codec#decode"),
                        unseen()),
                new MatrixRow("MUST-6", "Options: ignore unsupported options", "3.1",
                        rule("an option of unknown kind, or of a known kind with a length its definition does not "
                                + "allow, is skipped by its length and kept as unknown; the options after it are read",
                                OPT + "OptionCodec#decode"),
                        tests(OPT + "OptionCodecTest#anUnknownOptionIsSkippedByItsLengthAndKept",
                                OPT + "OptionCodecTest#aKnownKindWithTheWrongLengthIsSkippedAsUnknown",
                                GROUP + "LinuxOptionTest#theCodecRoundTrips",
                                CODEC + "CodecTest#nopAndEolAndUnknownOptionsAreSkipped"),
                        yes("an unknown option is skipped by its length", CODEC + "Codec#decode"),
                        unseen()),
                new MatrixRow("MUST-7", "Options: cope with an illegal option length", "3.1",
                        rule("an option length below 2 or beyond the header makes the list malformed: the result "
                                + "is a value naming the fault, with the options before it, never an exception",
                                OPT + "OptionCodec#decode"),
                        tests(OPT + "OptionCodecTest#anIllegalLengthMakesTheListMalformedAndKeepsWhatCameBefore",
                                GROUP + "LinuxOptionTest#theDecoderIsTotalAndReadsAPrefix",
                                CODEC + "CodecTest#malformedInputIsATypedValue",
                                CODEC + "CodecFuzzTest#randomAndMutatedPacketsNeverThrow"),
                        yes("an option length below 2 or beyond the header makes the segment a malformation, "
                                + "dropped without harm to the connection", CODEC + "Codec#decode"),
                        unseen()),
                new MatrixRow("MUST-8", "ISN selection: include a clock-driven ISN generator component", "3.4.1",
                        choice("the ISN is an input of every step that sends a SYN (the implementation's choice, "
                                + "adopted from its SYN by the comparison core); IsnClock#sameTupleAllowed checks "
                                + "that two ISNs of one 4-tuple differ by the clock's advance, the clock rate "
                                + "being the implementation's (at least one tick per 4 microseconds; Linux: one "
                                + "per 64 ns). No harness collects ISNs across connections yet",
                                SEM + "UserCalls#open",
                                CORE + "Adoption#iss", SEM + "IsnClock#sameTupleAllowed"),
                        tests(SEM + "IsnClockTest#isnsOfOneTupleFollowTheClock",
                                SEM + "IsnClockTest#aRandomOrStoppedGeneratorIsCaught",
                                GROUP + "ModelMetamorphicTest#theIsnsDoNotChangeTheStateTrace",
                                CORE + "ConformanceCoreTest#theIssAndTheSegmentSizesAreTheImplementations",
                                SEM + "SeedNumbersTest#differentIsnsKeepOldSegmentsOut_c5"),
                        yes("RFC 6528: a 4-microsecond clock plus a keyed hash of the 4-tuple",
                                CONN + "TcpStack#initialSequenceNumber"),
                        unseen()),
                new MatrixRow("MUST-9", "ISN selection: the PRF must not be computable from outside the host",
                        "3.4.1",
                        hidden("the secret key of the ISN function is internal; a capture cannot show whether "
                                + "an outsider can compute it"),
                        tests(),
                        yes("the hash is keyed with a per-stack random secret",
                                CONN + "TcpStack#initialSequenceNumber"),
                        unseen()),
                new MatrixRow("MUST-10", "Opening: support simultaneous open attempts", "3.5",
                        rule("SYN-SENT and a SYN without ACK: SYN-RECEIVED, send the SYN,ACK (§3.10.7.3 fourth)",
                                SEM + "Arrival#segmentArrives", TAB + "Rfc9293Table"),
                        tests(SEM + "HardCasesTest#case03_simultaneousOpen",
                                TAB + "TextTransitionsTest#simultaneousOpenReachesSynReceivedWithActiveOrigin",
                                TAB + "Figure5ArcsTest#synSent_rcvSyn_sndSynAck_toSynReceivedActive",
                                CLAIM + "SeedClaimsTest#c13_simultaneousOpenAndSelfConnect",
                                CONN + "SeedBehaviourTest#simultaneousOpenAndSimultaneousClose"),
                        yes("SYN-SENT takes a SYN without ACK to SYN-RECEIVED", CONN + "Connection#segmentArrives"),
                        seen("a simultaneous open completes; the SYN,ACK that crosses the kernel's own takes it "
                                + "from SYN-RECEIVED to ESTABLISHED at once (Figure 7 line 6)",
                                KERNEL_CORPUS,
                                SCRIPTS + "handshake-simultaneous-open.pkt")),
                new MatrixRow("MUST-11", "Opening: SYN-RECEIVED remembers the last state (passive or active OPEN)",
                        "3.5",
                        rule("SYN-RECEIVED carries its origin; a RST returns a passive one to LISTEN and closes an "
                                + "active one with \"connection refused\"; a passive one whose SYN,ACK is given up "
                                + "returns to LISTEN too, the user not told", TAB + "ConnectionState#origin",
                                SEM + "Arrival#segmentArrives", SEM + "Timeouts#expire"),
                        tests(TAB + "TransitionTableTest#synReceivedCarriesItsOriginAndNoOtherStateDoes",
                                TAB + "Figure5ArcsTest#synReceivedPassive_rcvRst_toListen_note1",
                                TAB + "Figure5ArcsTest#synReceivedActive_rcvRst_connectionRefused_toClosed_note1",
                                SEM + "HardCasesTest#case01_rstInSynReceived",
                                SEM + "DeviationsTest#anEmbryoThatGivesUpLeavesTheListenerListening"),
                        yes("a passive SYN-RECEIVED is a connection forked from its listener, which stays",
                                CONN + "Listener#segmentArrives"),
                        seen("a RST in a passive SYN-RECEIVED leaves the listener in LISTEN",
                                SCRIPTS + "matrix/syn-received-rst.pkt")),
                new MatrixRow("MUST-12", "Closing: inform the application of an aborted connection", "3.6",
                        rule("a reset tells the user \"connection reset\" (or \"connection refused\" from an active "
                                + "SYN-RECEIVED); a user timeout tells \"connection aborted due to user timeout\"",
                                SEM + "Arrival#segmentArrives", SEM + "Timeouts#expire", SEM + "Notice"),
                        tests(SEM + "UserCallsTest#noticesUseTheRfcsWords",
                                TAB + "TextTransitionsTest#rstInSynReceivedActiveIsConnectionRefused",
                                SEM + "HardCasesTest#case11_rstInSynchronizedStates",
                                ENG_RES + "FaultTest#aLinkSilentLongerThanTheUserTimeoutEndsClosedWithTheUserTold"),
                        yes("the connection records the error the table's TELL actions name",
                                CONN + "Connection#error"),
                        seen("a RST at RCV.NXT aborts the connection: the application sees \"Connection reset\"",
                                NETNS + "KernelTcpTest#inWindowRstWithWrongSeqGetsChallengeAckAndExactRstAborts")),
                new MatrixRow("MUST-13", "Closing: stay in TIME-WAIT for 2 MSL", "3.6.1",
                        rule("TIME-WAIT arms one timer of Profile#timeWait (2 MSL, 240 s in the rfc9293 profile) "
                                + "and nothing else; CLOSED only when it expires", PROF + "Profile#timeWait",
                                SEM + "Timers#normalize", SEM + "Timeouts#expire"),
                        tests(SEM + "ProfileBehaviourTest#timeWaitLength",
                                SEM + "TimersTest#timeWaitRunsOnlyItsOwnTimer",
                                CLAIM + "SeedClaimsTest#c29_c33_timeWaitLastsTwoMsl",
                                KIT + "BrokenImplementationsTest#skippingTimeWaitIsCaughtWithAShortTrace",
                                MON + "ConformanceMonitorTest#aShortenedTimeWaitIsCaught",
                                TRACE + "TraceCheckerTest#timeWaitExpiresAfterTheProfilesLength"),
                        yes("TIME-WAIT lasts the profile's length", CONN + "Connection#onTimers",
                                CONN + "ConnectionConfig#profile"),
                        seen("TIME-WAIT lasts a fixed 60 s, less than 2 MSL with the RFC's MSL of 2 minutes (the "
                                + "linux profile's 60 s)",
                                NETNS + "KernelTcpTest#listenerHandshakeDataAndActiveCloseEndInTimeWait",
                                "docs/tun.md")),
                new MatrixRow("MUST-14", "Options: implement sending and receiving the MSS option", "3.7.1",
                        rule("the SYN and SYN,ACK carry Profile#mss; the peer's option sets the send MSS, and no "
                                + "segment carries more text than it; the option an implementation sends is not "
                                + "compared (Lockstep)", SEM + "Arrival#segmentArrives",
                                SEM + "Emission#allowed", PROF + "Profile#mss"),
                        tests(CLAIM + "SeedClaimsTest#c12_mssIsAnnouncedAndRespected",
                                SEM + "EmissionAllowedTest#thePayloadStaysWithinTheMss",
                                CONN + "SeedBehaviourTest#c12MssIsNegotiatedAndSegmentsFitIt"),
                        yes("the SYN and SYN,ACK carry the MSS option; the peer's sizes the segments",
                                CONN + "Connection#sendSyn", CONN + "Connection#learnPeerSyn"),
                        seen("the kernel's SYN and SYN,ACK carry mss 1460 on a 1500-octet link",
                                NETNS + "KernelTcpTest#listenerHandshakeDataAndActiveCloseEndInTimeWait")),
                new MatrixRow("MUST-15", "Options: the default send MSS is 536 (IPv4) or 1220 (IPv6)", "3.7.1",
                        rule("without the peer's MSS option the send MSS is the profile's address family's "
                                + "default: 536 for IPv4, 1220 for IPv6", PROF + "Profile#defaultSendMss",
                                PROF + "AddressFamily#defaultSendMss", SEM + "Arrival#segmentArrives"),
                        tests(SEM + "DeviationsTest#theDefaultSendMssDependsOnTheAddressFamily",
                                SEM + "ArrivalChecksTest#aSynAckInitializesTheConnection",
                                CONN + "SeedBehaviourTest#c12WithoutAnMssOptionThePeerIsAssumedToTake536"),
                        partly("536 without an option (IPv4); the engine has no IPv6",
                                CONN + "Connection#learnPeerSyn"),
                        unseen()),
                new MatrixRow("MUST-16", "Options: calculate the effective send segment size", "3.7.1",
                        rule("Eff.snd.MSS: a segment's text and the options on every segment of the connection "
                                + "(the Timestamps option once negotiated, in whole 32-bit words) together stay "
                                + "within SND.MSS (the peer's option or MUST-15's default); SACK blocks, on some "
                                + "segments only, are the RFC's 'should' and not counted. MMS_S and IP options are "
                                + "the sender's own and only smaller. The model's own segments leave room for the "
                                + "Timestamps option (MssRules#effective); Emission#allowed applies the rule in every "
                                + "driver", SEM + "MssRules#payloadAllowed", SEM + "MssRules#effective",
                                SEM + "Emission#allowed"),
                        tests(SEM + "EmissionAllowedTest#thePayloadStaysWithinTheMss",
                                SEM + "MssRulesTest#theTimestampsOptionTakesItsRoomFromTheText",
                                SEM + "MssRulesTest#sackBlocksOnSomeSegmentsAreNotHeldAgainstTheSender",
                                SEM + "MssRulesTest#theModelSegmentizesWithinTheEffectiveSendMss"),
                        yes("the smaller of the peer's MSS and its own, less the 12 octets of the Timestamps option "
                                + "when in use", CONN + "Connection#learnPeerSyn"),
                        unseen()),
                new MatrixRow("MUST-17", "Sending data: the application can disable the Nagle algorithm", "3.7.4",
                        choice("the Nagle variant is an input of SillyWindowAvoidance#sendAllowed: OFF drops the "
                                + "bracketed conditions of §3.8.6.2.1, so a sender with Nagle switched off is held "
                                + "to the SWS rules alone", SEM + "SillyWindowAvoidance#sendAllowed"),
                        tests(SEM + "SillyWindowAvoidanceTest#allThePushedDataGoesWhenNothingIsInFlightOrNagleIsOff",
                                CONN + "DataTransferTest#nagleHoldsASmallSegmentUntilTheAckAndNoDelaySendsIt",
                                CONN + "DataTransferTest#theKnobsSwitchThemOff"),
                        yes("Connection#setNoDelay (TCP_NODELAY) turns Nagle off for one connection; "
                                + "DataTransfer#nagle for all", CONN + "Connection#setNoDelay",
                                CONN + "DataTransfer#nagle"),
                        unseen()),
                new MatrixRow("MUST-18", "Retransmissions: Karn's algorithm (the RTO computed by RFC 6298)", "3.8.1",
                        choice("the RTO is the implementation's choice, taken as an input (Choices#rto) or "
                                + "observed, and checked to lie within the profile's bounds. RetransmissionBounds "
                                + "states RFC 6298's initial RTO (1 s, or the 3 s of §5.7) and Karn's rule (no RTT "
                                + "sample from a retransmitted segment) as predicates; no conformance harness "
                                + "applies them to an implementation yet", SEM + "Choices#rto",
                                SEM + "Timeouts#expire", SEM + "RetransmissionBounds#initialAllowed",
                                SEM + "RetransmissionBounds#rttSampleAllowed"),
                        tests(SEM + "BoundsTest#theFirstRetransmissionComesAfterTheInitialRto",
                                SEM + "BoundsTest#karnTakesNoSampleFromARetransmittedSegment",
                                SEM + "ProfileBehaviourTest#dataRetransmissionUsesTheChosenRto",
                                SEM + "TimersTest#aRetransmissionCarriesTheCurrentAckAndBacksOff",
                                CONN + "RobustnessTest#rtoEstimatorFollowsRfc6298",
                                CONN + "DataTransferTest#aTimeoutLeavesOneSegment"),
                        yes("RFC 6298 estimator; no sample from a retransmitted segment", CONN + "RtoEstimator#sample",
                                CONN + "Connection#retransmitFront"),
                        unseen()),
                new MatrixRow("MUST-19", "Retransmissions: exponential backoff, slow start and congestion avoidance",
                        "3.8.2",
                        choice("exponential backoff is a rule (the RTO doubles up to Profile#maxRto; "
                                + "RetransmissionBounds#backoffAllowed). Slow start and congestion avoidance are "
                                + "CongestionBounds: the largest cwnd and ssthresh any sender within RFC 5681, RFC "
                                + "6928, RFC 3042, RFC 6582 and RFC 9438 (CUBIC) can have after the ACKs, timeouts "
                                + "and idle periods seen, and #check flags a flight beyond it. The comparison core's "
                                + "CongestionCheck turns a sender's segments, ACKs and timeouts into the bound and "
                                + "checks each new data segment (with SACK against the least RFC 6675 pipe any "
                                + "conforming sender, RACK included, can count); the engine's monitor, the kit "
                                + "(for an implementation that claims congestion control), the script model target "
                                + "(on each expected line) and the trace checker (--congestion, in capture order) "
                                + "apply it, the last two with every reduction undone and a tail loss probe allowed",
                                SEM + "Timeouts#expire",
                                PROF + "Profile#maxRto", SEM + "RetransmissionBounds#backoffAllowed",
                                SEM + "CongestionBounds#check", CORE + "CongestionCheck#sent",
                                SEM + "CongestionBounds#onAck", SEM + "CongestionBounds#onTimeout",
                                SEM + "CongestionBounds#onIdle"),
                        tests(SEM + "BoundsTest#theTimerBacksOffByDoublingUpToAMaximumOfAtLeastSixtySeconds",
                                SEM + "CongestionBoundsTest#initialWindows",
                                SEM + "CongestionBoundsTest#slowStartGrowsPerAckByTheRulesStep",
                                SEM + "CongestionBoundsTest#theThirdDuplicateAckReducesTheBound",
                                SEM + "CongestionBoundsTest#idlePeriodsRestartTheWindow",
                                SEM + "CongestionBoundsTest#newRenoStaysWithinTheBound",
                                SEM + "CongestionBoundsTest#sendersThatBreakARuleAreCaught",
                                SEM + "CongestionBoundsTest#aReductionAllowsHalfTheFlightSize",
                                CORE + "CongestionCheckTest#theBoundStartsWithTheAckOfTheSynAtTheInitialWindow",
                                CORE + "CongestionCheckTest#withSackOctetsBelowTheHighestSackedOneMayBeDeemedLost",
                                CORE + "CongestionCheckTest#aTimeoutBacksOffAndTheCheckResumesWithTheLossWindow",
                                KIT + "BrokenImplementationsTest#sendingBeyondTheCongestionWindowIsCaughtWithAShortTrace",
                                TRACE + "CongestionTraceTest#aFirstFlightAboveTenSegmentsAndAProbeIsCaught",
                                TRACE + "CongestionTraceTest#thePublicCapturesStayWithinTheWidestBound",
                                "io.github.tcpmodel.script.target.ModelTargetTest#aFirstFlightBeyondTheCongestionBoundFails",
                                MON + "CongestionMonitorTest#aFirstFlightAboveTheInitialWindowIsCaught",
                                MON + "CongestionMonitorTest#aSenderThatKeepsItsWindowAfterATimeoutIsCaught",
                                SEM + "TimersTest#aRetransmissionCarriesTheCurrentAckAndBacksOff",
                                SEM + "ProfileBehaviourTest#synRetransmissionScheduleAndGivingUp",
                                CONN + "RobustnessTest#retransmissionsBackOffAndTheUserTimeoutAborts",
                                CONN + "DataTransferTest#theFirstFlightIsTheInitialWindow",
                                CONN + "DataTransferTest#slowStartGrowsTheWindowByWhatIsAcknowledged",
                                CONN + "DataTransferTest#threeDuplicateAcksRetransmitAndHalveTheWindow",
                                CONN + "DataTransferTest#aTimeoutLeavesOneSegment",
                                CONN + "DataTransferTest#initialWindows"),
                        yes("RTO backoff (RFC 6298 §5.5); RFC 5681 slow start, congestion avoidance, fast "
                                + "retransmit and fast recovery with NewReno (RFC 6582) and the RFC 6928 initial "
                                + "window, on in both presets (DataTransfer#congestionControl)",
                                CONN + "RtoEstimator#backOff", CONN + "DataTransfer#congestionControl",
                                CONN + "Connection#congestionWindow", CONN + "Connection#processAck"),
                        seen("with the peer silent, data is retransmitted at 0.2, 0.6, 1.45, 3.1, 6.4 and 13 s "
                                + "(the RTO doubling); slow start and congestion avoidance not observed",
                                "docs/tun.md")),
                new MatrixRow("MUST-20", "Connection failures: negative advice to IP at R1; close the connection at R2",
                        "3.8.3",
                        choice("R2 is a profile value (Profile#dataRetries, #synRetries, #synAckRetries) or the "
                                + "user timeout, which runs only while data is outstanding; giving up closes the "
                                + "connection. RetransmissionBounds#giveUpAllowed states the bounds on giving up "
                                + "(R2 beyond R1, at least 100 s for data, 3 minutes for a SYN) as a predicate. "
                                + "Negative advice to IP at R1 is outside the model", PROF + "Profile#dataRetries",
                                SEM + "Timeouts#expire", SEM + "RetransmissionBounds#giveUpAllowed"),
                        tests(SEM + "TimersTest#retransmissionLimitsDependOnTheState",
                                SEM + "ProfileBehaviourTest#synRetransmissionScheduleAndGivingUp",
                                SEM + "BoundsTest#givingUpNeedsEnoughRetransmissionsAndTime",
                                SEM + "DeviationsTest#theUserTimeoutRunsWhileDataIsOutstanding",
                                SEM + "DeviationsTest#anIdleConnectionHasNoUserTimeout",
                                CLAIM + "SeedClaimsTest#c8_lostSynIsRetransmittedWithBackoffThenGivenUp"),
                        partly("closes at R2 (retries or the user timeout); no advice to IP at R1",
                                CONN + "Connection#retransmissionTimeout"),
                        seen("with tcp_syn_retries = 1 the kernel gives up the SYN after about 3 s: connect() "
                                + "fails with \"Connection timed out\"",
                                KERNEL_SYN)),
                new MatrixRow("MUST-21", "Connection failures: the application can set R2", "3.8.3",
                        choice("OPEN takes the user timeout (R2 in time units); the profile gives the default",
                                SEM + "UserCalls#open", PROF + "Profile#withUserTimeout"),
                        tests(SEM + "UserCallsTest#openTakesAPositiveUserTimeoutOrTheDefault",
                                SEM + "TimersTest#theUserTimeoutClosesSilently"),
                        yes("per configuration", CONN + "ConnectionConfig#withUserTimeout"),
                        unseen()),
                new MatrixRow("MUST-22", "Connection failures: the same mechanism for SYNs", "3.8.3",
                        rule("SYN and SYN,ACK are retransmitted and given up like data, with their own counts; "
                                + "giving up tells the user as a user timeout does", SEM + "Timeouts#expire",
                                PROF + "Profile#synInterval"),
                        tests(SEM + "TimersTest#synSentRunsTheRetransmissionAndUserTimers",
                                SEM + "TimersTest#synReceivedUsesTheSynAckSchedule",
                                CLAIM + "SeedClaimsTest#c8_lostSynIsRetransmittedWithBackoffThenGivenUp",
                                CONN + "SeedBehaviourTest#c8SynRetriesBackOffExponentiallyThenGiveUp"),
                        yes("the SYN schedule of the profile, then a user timeout",
                                CONN + "Connection#retransmissionTimeout"),
                        seen("the SYN is retried by tcp_syn_retries, then connect() fails; the SYN,ACK is retried "
                                + "at 1, 3, 7.3, 15.4 and 31.6 s",
                                KERNEL_SYN,
                                "docs/tun.md")),
                new MatrixRow("MUST-23", "Connection failures: R2 for a SYN at least 3 minutes", "3.8.3",
                        choice("the rfc9293 profile retries a SYN 7 times, giving up after 183 s; the linux profile "
                                + "gives up after 127 s (tcp_syn_retries as a time budget), a departure the profile "
                                + "states. RetransmissionBounds#giveUpAllowed holds an implementation's give-up to "
                                + "3 minutes for a SYN",
                                PROF + "Profile#synRetries", PROF + "Profile#synInterval", PROF + "Profile#synGiveUp",
                                SEM + "RetransmissionBounds#giveUpAllowed"),
                        tests(SEM + "ProfileBehaviourTest#synRetransmissionScheduleAndGivingUp",
                                SEM + "BoundsTest#givingUpNeedsEnoughRetransmissionsAndTime",
                                SEM + "DeviationsTest#linuxGivesASynUpAt127Seconds",
                                PROF + "ProfileTest#linuxNumbers",
                                CONN + "SeedBehaviourTest#c8LinuxPresetSynTimings"),
                        yes("follows the profile's SYN schedule (183 s under rfc9293, 127 s under linux)",
                                CONN + "ConnectionConfig#synTimeout"),
                        seen("the SYN is sent again at about 1, 2, 3.1, 4.1, 5.1, 7.1, 11.2, 19.4 and 35.5 s "
                                + "and given up after about 127 s in all, less than 3 minutes",
                                "docs/tun.md", SCRIPTS + "syn-retransmit.linux.pkt")),
                new MatrixRow("MUST-24", "Keep-alives: the application can request them", "3.8.4",
                        choice("keep-alive is a profile value (on with parameters, or off)",
                                PROF + "Profile#withKeepalive", PROF + "Keepalive"),
                        tests(SEM + "TimersTest#keepAliveRunsOnlyOnIdleConnections",
                                CONN + "SeedBehaviourTest#c34KeepAliveProbesAnIdlePeerAndClosesAfterTheCount"),
                        yes("SO_KEEPALIVE-like switch per connection", CONN + "Connection#setKeepAlive"),
                        seen("SO_KEEPALIVE turns probing on", SCRIPTS + "keepalive.pkt")),
                new MatrixRow("MUST-25", "Keep-alives: default is off", "3.8.4",
                        rule("the rfc9293 profile has no keep-alive; no keep-alive timer is armed without one",
                                PROF + "Profile#keepalive", SEM + "Timers#normalize"),
                        tests(SEM + "TimersTest#keepAliveRunsOnlyOnIdleConnections"),
                        yes("off unless the profile or the application turns it on",
                                CONN + "ConnectionConfig#keepAliveByDefault"),
                        unseen()),
                new MatrixRow("MUST-26", "Keep-alives: only send when idle for an interval", "3.8.4",
                        rule("the keep-alive timer runs only while nothing is outstanding, from the last arrival",
                                SEM + "Timers#normalize"),
                        tests(SEM + "TimersTest#keepAliveRunsOnlyOnIdleConnections",
                                SEM + "TimersTest#keepAliveCountsFromTheLastArrival"),
                        yes("the probe deadline moves with every arrival", CONN + "Connection#rearmKeepAlive"),
                        seen("the first probe comes one idle time after the last segment, and an answer restarts "
                                + "the idle time", SCRIPTS + "keepalive.pkt")),
                new MatrixRow("MUST-27", "Keep-alives: the interval is configurable", "3.8.4",
                        choice("Keepalive carries the idle time, the probe interval and the count",
                                PROF + "Keepalive", PROF + "Profile#withKeepalive"),
                        tests(SEM + "ProfileBehaviourTest#keepAliveProbesThenGivesUp"),
                        yes("per configuration", CONN + "ConnectionConfig#withKeepAliveTimes"),
                        seen("TCP_KEEPIDLE and TCP_KEEPINTVL of 1 s are followed", SCRIPTS + "keepalive.pkt")),
                new MatrixRow("MUST-28", "Keep-alives: the default interval is at least 2 hours", "3.8.4",
                        choice("the linux profile's keep-alive idle time is 7200 s; the rfc9293 profile has none",
                                PROF + "Profile#keepalive"),
                        tests(PROF + "ProfileTest#linuxNumbers"),
                        yes("7200 s when keep-alive is turned on without times", CONN + "ConnectionConfig#keepalive"),
                        unseen()),
                new MatrixRow("MUST-29", "Keep-alives: tolerant of lost ACKs", "3.8.4",
                        rule("the connection is dropped only after Keepalive#count unanswered probes",
                                SEM + "Timeouts#expire"),
                        tests(SEM + "TimersTest#keepAliveProbesCountUp",
                                SEM + "ProfileBehaviourTest#keepAliveProbesThenGivesUp",
                                CLAIM + "SeedClaimsTest#c34_keepAliveProbesThenGivesUp"),
                        yes("a number of probes before giving up", CONN + "Connection#keepAliveTimeout"),
                        unseen()),
                new MatrixRow("MUST-30", "Urgent data: include support for the urgent pointer", "3.8.5",
                        rule("the receiver's sixth step moves RCV.UP forward and signals the user; the sender's side "
                                + "is UrgentRules: SND.UP after an urgent SEND, and URG with SEG.UP on every "
                                + "segment before it", SEM + "Arrival#segmentArrives",
                                SEM + "UrgentRules#sndUpAfterSend", SEM + "UrgentRules#violations"),
                        tests(SEM + "ArrivalDetailsTest#urgentDataIsSignalledOnce",
                                SEM + "ArrivalChecksTest#theUrgentPointerOnlyMovesForward",
                                SEM + "PushAndUrgentTest#theUrgentPointerPointsPastTheUrgentData",
                                SEM + "PushAndUrgentTest#theReceiverFindsTheSendersUrgentPoint"),
                        no("the urgent pointer is ignored on arrival and never sent"),
                        unseen()),
                new MatrixRow("MUST-31", "Urgent data: arbitrary length urgent data sequence", "3.8.5",
                        rule("RCV.UP is a sequence number anywhere ahead; a sender's SEG.UP beyond the 16-bit field "
                                + "is capped at 65535 and moves on with the following segments "
                                + "(UrgentRules#expected)", SEM + "Arrival#segmentArrives",
                                SEM + "UrgentRules#expected"),
                        tests(SEM + "ArrivalChecksTest#theUrgentPointerOnlyMovesForward",
                                SEM + "PushAndUrgentTest#theUrgentPointerPointsPastTheUrgentData"),
                        no("the urgent pointer is ignored"),
                        unseen()),
                new MatrixRow("MUST-32", "Urgent data: inform the application asynchronously of urgent data", "3.8.5",
                        rule("Notice URGENT is told once per advance of RCV.UP; what an implementation tells its "
                                + "user "
                                + "is not compared", SEM + "Arrival#segmentArrives",
                                SEM + "Notice"),
                        tests(SEM + "ArrivalDetailsTest#urgentDataIsSignalledOnce"),
                        no("the urgent pointer is ignored"),
                        unseen()),
                new MatrixRow("MUST-33", "Urgent data: the application can learn if and how much urgent data is queued",
                        "3.8.5",
                        hidden("what RECEIVE reports about urgent data is the user interface; UrgentRules#remaining "
                                + "computes the octets of urgent data still to be read (RCV.UP less the first "
                                + "unread octet) but no call reports it"),
                        tests(SEM + "PushAndUrgentTest#theReceiverFindsTheSendersUrgentPoint"),
                        no("the urgent pointer is ignored"),
                        unseen()),
                new MatrixRow("MUST-34", "Window: robust against a shrinking window", "3.8.6",
                        rule("SND.WND follows the newest segment, also downwards; a usable window SND.UNA + SND.WND "
                                + "- SND.NXT below zero counts as none (SendVars#usable): no new text is sent, "
                                + "everything sent stays outstanding and may be retransmitted, within the window and "
                                + "beyond it, the retransmission timer keeps resending, and the connection goes on",
                                SEM + "Arrival#segmentArrives", "io.github.tcpmodel.tcb.SendVars#usable",
                                SEM + "Emission#allowed"),
                        tests(SEM + "ArrivalChecksTest#theWindowIsUpdatedByTheNewestSegmentOnly",
                                SEM + "ShrinkingWindowTest#aShrunkWindowIsAcceptedWithEverythingSentStillOutstanding",
                                SEM + "ShrinkingWindowTest#noNewDataButTheOldDataMayBeRetransmitted",
                                SEM + "ShrinkingWindowTest#theRetransmissionTimerResendsAndAnOpenedWindowResumes"),
                        partly("takes the smaller window; data in flight beyond it stays in flight",
                                CONN + "Connection#processAck"),
                        unseen()),
                new MatrixRow("MUST-35", "Window: use standard probing logic", "3.8.6",
                        choice("a probe of one new octet in a zero window, or of no text at SND.UNA - 1 with "
                                + "nothing in flight, is allowed; when probes are sent is not stated",
                                SEM + "Emission#allowed", CORE + "Allowance#zeroWindowProbe"),
                        tests(SEM + "EmissionAllowedTest#aZeroWindowAdmitsOneProbeOctet",
                                CORE + "ConformanceCoreTest#zeroWindowProbeNeedsAZeroWindowAndSomethingWaiting"),
                        yes("probes at the retransmission interval while the window is zero",
                                CONN + "Connection#sendWindowProbe"),
                        unseen()),
                new MatrixRow("MUST-36", "Window: the sender probes a zero window", "3.8.6.1",
                        choice("ZeroWindowProbing#mustProbe says when a probe is due (a zero window, nothing in "
                                + "flight, text or a FIN waiting: no retransmission timer carries it) and #probe "
                                + "what the model sends (one new octet; with only the FIN waiting, no text at "
                                + "SND.UNA - 1, the FIN staying behind the window); #form accepts a probe in two "
                                + "forms (one new octet, no text at SND.UNA - 1), and #overdue "
                                + "flags a sender that has not probed within its maximum RTO (at least 60 s). Time "
                                + "is an input; no conformance harness applies #overdue to an implementation yet",
                                SEM + "ZeroWindowProbing#mustProbe", SEM + "ZeroWindowProbing#probe",
                                SEM + "ZeroWindowProbing#form", SEM + "ZeroWindowProbing#overdue",
                                CORE + "Allowance#zeroWindowProbe"),
                        tests(SEM + "ZeroWindowProbingTest#textBehindAZeroWindowWithNothingInFlightMustBeProbed",
                                SEM + "ZeroWindowProbingTest#aFinBehindAZeroWindowIsProbedWithoutTheFin",
                                SEM + "ZeroWindowProbingTest#theFormsOfAProbe",
                                SEM + "ZeroWindowProbingTest#aSenderThatNeverProbesIsOverdue",
                                ENG_CONF + "EngineLockstepTest#aZeroWindowIsProbedWhileTheFinWaits",
                                CONN + "RobustnessTest#aZeroWindowIsProbedUntilItOpens"),
                        yes("the persist timer probes with <SEQ=SND.UNA-1>, no text", CONN + "Connection#output",
                                CONN + "Connection#sendWindowProbe"),
                        unseen()),
                new MatrixRow("MUST-37", "Window: allow the window to stay zero indefinitely", "3.8.6.1",
                        rule("an ACK of SND.UNA that offers a zero window while a retransmission is outstanding "
                                + "answers the probe: the count toward R2 starts again (the timer keeps its "
                                + "backoff), so a peer that answers every probe keeps the connection open; the "
                                + "receiver answers every probe with its zero window (ZeroWindowProbing#answer)",
                                SEM + "Arrival#segmentArrives",
                                SEM + "ZeroWindowProbing#answer"),
                        tests(SEM + "BoundsTest#aConnectionWhoseProbesAreAcknowledgedStaysOpen",
                                SEM + "ZeroWindowProbingTest#theReceiverAnswersEveryProbeWithItsZeroWindow",
                                ENG_CONF + "EngineLockstepTest#probesBeforeTheUserTimeout"),
                        partly("text queued behind a zero window arms no user timeout and is probed for as long as "
                                + "the window stays zero; text already in flight stays bounded by the user timeout",
                                CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("MUST-38", "Sending data: sender silly window syndrome avoidance", "3.8.6.2.1",
                        choice("SillyWindowAvoidance#sendAllowed takes the implementation's decision (a segment of "
                                + "some size now) and checks it against §3.8.6.2.1's rules: a full segment, all "
                                + "the pushed data, half the largest window, or the override timeout (an input); "
                                + "#sendNow says when the rules send. Fs = 1/2. No conformance harness applies it "
                                + "to an implementation yet", SEM + "SillyWindowAvoidance#sendAllowed",
                                SEM + "SillyWindowAvoidance#sendNow"),
                        tests(SEM + "SillyWindowAvoidanceTest#aFullSegmentIsSentWheneverOneCanBe",
                                SEM + "SillyWindowAvoidanceTest#allThePushedDataGoesWhenNothingIsInFlightOrNagleIsOff",
                                SEM + "SillyWindowAvoidanceTest#halfTheLargestWindowOrTheOverrideTimeoutLetsAShortSegmentGo",
                                SEM + "SillyWindowAvoidanceTest#theModelsOwnSegmentizingPassesTheSendersCheck"),
                        yes("sends a full segment, all that is queued, or when nothing is in flight",
                                CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("MUST-39", "Generating ACKs: receiver silly window syndrome avoidance", "3.8.6.2.2",
                        choice("SillyWindowAvoidance#windowUpdateAllowed: the right edge RCV.NXT + RCV.WND an "
                                + "implementation advertises stays, or advances by at least min(RCV.BUFF / 2, "
                                + "Eff.snd.MSS), RCV.BUFF and Eff.snd.MSS being the implementation's inputs; the "
                                + "comparison core takes a wider window (Allowance#opened) without this check yet",
                                SEM + "SillyWindowAvoidance#windowUpdateAllowed",
                                SEM + "SillyWindowAvoidance#threshold", CORE + "Allowance#opened"),
                        tests(SEM + "SillyWindowAvoidanceTest#theReceiversRightEdgeStaysOrAdvancesByTheThreshold",
                                CORE + "ConformanceCoreTest#theOpenedWindowIsTakenOnlyWhenWider"),
                        yes("the window opens by at least min(RCV.BUFF / 2, Eff.snd.MSS)",
                                CONN + "Connection#advertiseWindow", CONN + "Connection#maybeSendWindowUpdate"),
                        unseen()),
                new MatrixRow("MUST-40", "Generating ACKs: delay an ACK less than 0.5 seconds", "3.8.6.3",
                        choice("a delayed ACK is allowed (Choices#ackNow false: pending until the next segment); "
                                + "AckDelayBounds#delayAllowed checks an implementation's ACK delay against the "
                                + "0.5 s bound. The comparison core's AckTiming times every octet that advanced "
                                + "RCV.NXT until an ACK covers it; the kit applies it to every implementation "
                                + "(time being the inputs' waits, a stage's segments taken at its start) and the "
                                + "engine's monitor to the engine (its clock); the script model target holds an ACK "
                                + "of received text at most 499 ms, so a script expecting a later one fails "
                                + "(ModelTarget#awaitExpected)",
                                SEM + "Choices#ackNow", SEM + "Emission#transmit", SEM + "AckDelayBounds#delayAllowed",
                                CORE + "AckTiming#sent", CORE + "AckTiming#elapsed"),
                        tests(CORE + "AckTimingTest#anAckLessThanHalfASecondAfterTheTextIsInTime",
                                CORE + "AckTimingTest#textLeftUnacknowledgedIsReportedOnce",
                                KIT + "BrokenImplementationsTest#anAckHalfASecondLateIsCaught",
                                MON + "ConformanceMonitorTest#anAckHalfASecondLateIsCaught",
                                "io.github.tcpmodel.script.target.ModelTargetCallsTest"
                                        + "#aDelayedAckIsAllowedUpToHalfASecondAndNotBeyond",
                                SEM + "BoundsTest#aDelayedAckComesWithinHalfASecondAndEverySecondFullSizedSegment",
                                SEM + "ArrivalChecksTest#delayedAcksArePendingExceptForOutOfOrderText",
                                SEM + "ArrivalDetailsTest#delayedAckRidesOnData",
                                CORE + "ConformanceCoreTest#anAckNotSentIsADelayedAckForText",
                                CONN + "DataTransferTest#delayedAcksWithinMust40AndEverySecondFullSegment",
                                CONN + "DataTransferTest#theDelayedAckTimerIsBoundedByMust40"),
                        yes("the delayed-ACK timer must lie in (0, 500) ms: 200 ms in the rfc9293 preset; the linux "
                                + "preset acknowledges at once (its timer, if turned on, is 40 ms)",
                                CONN + "DataTransfer#delayedAckTimeout", CONN + "Connection#delayAck"),
                        seen("ACKs are usually immediate, sometimes delayed by about 40 ms",
                                NETNS + "KernelTcpTest#listenerHandshakeDataAndActiveCloseEndInTimeWait",
                                "docs/tun.md")),
                new MatrixRow("MUST-41", "Opening: a passive OPEN must not interfere with other connections", "3.9.1.1",
                        rule("Listening holds one LISTEN endpoint and the connections it spawned per remote socket: "
                                + "a segment goes to its connection alone, a SYN for a new socket spawns a "
                                + "connection and leaves the listener and the others untouched",
                                SEM + "Listening#segmentArrives",
                                SEM + "Listening#expire"),
                        tests(SEM + "ListeningTest#oneListenerAnswersManySynsAndKeepsListening",
                                CONN + "RobustnessTest#manyConnectionsAreDemultiplexedByFourTuple"),
                        yes("each SYN forks a connection; the listener and other connections are untouched",
                                CONN + "Listener#segmentArrives"),
                        unseen()),
                new MatrixRow("MUST-42", "Opening: several LISTENs for the same port at the same time", "3.9.1.1",
                        rule("Listening: the listener stays in LISTEN while its connections are in SYN-RECEIVED, and "
                                + "beside an active OPEN's SYN-SENT on the same port (Listening#with); an embryo "
                                + "that is reset or gives up leaves the set and the listener answers the next SYN",
                                SEM + "Listening#segmentArrives",
                                SEM + "Listening#with", SEM + "Listening#expire"),
                        tests(SEM + "ListeningTest#oneListenerAnswersManySynsAndKeepsListening",
                                SEM + "ListeningTest#anEmbryoThatGivesUpLeavesTheListenerListening",
                                SEM + "ListeningTest#aListenerBesideAnActiveOpen",
                                CONN + "RobustnessTest#manyConnectionsAreDemultiplexedByFourTuple"),
                        partly("one listener serves many connections, demultiplexed by 4-tuple; several listeners "
                                + "on one port are not offered", CONN + "Listener#segmentArrives"),
                        unseen()),
                new MatrixRow("MUST-43", "Interface: optional local IP address parameter in OPEN", "3.9.1.1",
                        outOfScope("addresses are not part of the model's TCB"),
                        tests(),
                        partly("a listener is opened on a given local address; an active open uses the stack's",
                                CONN + "Listener#open"),
                        unseen()),
                new MatrixRow("MUST-44", "Opening: ask IP for the source address of a SYN if necessary", "3.9.1.1",
                        outOfScope("addresses and the IP layer are not part of the model"),
                        tests(),
                        no("the local address is always given by the caller"),
                        unseen()),
                new MatrixRow("MUST-45", "Opening: otherwise, use the local address of the connection", "3.9.1.1",
                        outOfScope("addresses and the IP layer are not part of the model"),
                        tests(),
                        yes("every segment of a connection carries its local address", CONN + "Connection#emit"),
                        unseen()),
                new MatrixRow("MUST-46", "Opening: reject an OPEN to a broadcast, multicast or invalid IP address",
                        "3.9.1.1",
                        outOfScope("addresses and the IP layer are not part of the model"),
                        tests(),
                        no("addresses are not checked"),
                        unseen()),
                new MatrixRow("MUST-47", "Interface: error report mechanism", "3.9.1.8",
                        rule("the user is told in the RFC's words on every call and asynchronous event",
                                SEM + "Notice", SEM + "UserCalls#open"),
                        tests(SEM + "UserCallsTest#noticesUseTheRfcsWords"),
                        yes("errors are recorded per connection", CONN + "Connection#error"),
                        unseen()),
                new MatrixRow("MUST-48", "Interface: the application can specify the Diffserv field", "3.9.1.9",
                        outOfScope("the IP header is not part of the model"),
                        tests(),
                        no("the DS field is not settable"),
                        unseen()),
                new MatrixRow("MUST-49", "Sending data: configurable TTL", "3.9.2",
                        outOfScope("the IP header is not part of the model"),
                        tests(),
                        no("TTL is fixed at 64", CODEC + "Codec#encode"),
                        unseen()),
                new MatrixRow("MUST-50", "IP options: ignore IP options TCP does not understand", "3.9.2",
                        outOfScope("the IP header is not part of the model"),
                        tests(),
                        yes("IP options are skipped by the header length", CODEC + "Codec#decode"),
                        unseen()),
                new MatrixRow("MUST-51", "IP options: the application can specify a source route", "3.9.2.1",
                        outOfScope("the IP layer is not part of the model"),
                        tests(), no("no source routes"), unseen()),
                new MatrixRow("MUST-52", "IP options: a source route given overrides one in the datagram", "3.9.2.1",
                        outOfScope("the IP layer is not part of the model"),
                        tests(), no("no source routes"), unseen()),
                new MatrixRow("MUST-53", "IP options: build a return route from a received source route", "3.9.2.1",
                        outOfScope("the IP layer is not part of the model"),
                        tests(), no("no source routes"), unseen()),
                new MatrixRow("MUST-54", "ICMP: receive ICMP messages from IP", "3.9.2.2",
                        rule("IcmpArrival#arrives takes an ICMP or ICMPv6 error for a connection, behind RFC 5927 "
                                + "§4.1's check of the quoted sequence number (SND.UNA =< SEG.SEQ < SND.NXT); not "
                                + "an event of the transition table. No driver feeds ICMP to the model yet",
                                SEM + "IcmpArrival#arrives",
                                SEM + "IcmpArrival#sequenceAcceptable"),
                        tests(SEM + "IcmpArrivalTest#theRfcsClassesOfMessages",
                                SEM + "IcmpArrivalTest#theQuotedSequenceNumberMustBeOutstanding"),
                        no("the engine reads TCP segments only"), unseen()),
                new MatrixRow("MUST-55", "ICMP: Source Quench is silently discarded", "3.9.2.2",
                        rule("IcmpArrival#arrives discards Source Quench in every state",
                                SEM + "IcmpArrival#arrives"),
                        tests(SEM + "IcmpArrivalTest#softErrorsNeverAbortUnderTheRfc"),
                        no("ICMP is not read"), unseen()),
                new MatrixRow("MUST-56", "ICMP: do not abort on Dest Unreach (0, 1, 5), Time Exceeded or Param Problem",
                        "3.9.2.2",
                        rule("IcmpArrival#classify names the soft errors (IPv4 Dest Unreach 0, 1, 5, Time Exceeded, "
                                + "Param Problem; ICMPv6 Dest Unreach 0, 3, Time Exceeded, Param Problem); "
                                + "IcmpArrival#arrives reports them and never aborts. The profile switch "
                                + "Profile#icmpAsLinux aborts a connection in SYN-SENT or SYN-RECEIVED on a soft "
                                + "error (RFC 5461 §4, which §3.9.2.2 notes as widespread)",
                                SEM + "IcmpArrival#classify",
                                SEM + "IcmpArrival#arrives", PROF + "Profile#icmpAsLinux"),
                        tests(SEM + "IcmpArrivalTest#softErrorsNeverAbortUnderTheRfc",
                                SEM + "IcmpArrivalTest#linuxTreatsSoftErrorsAsHardDuringTheHandshake"),
                        yes("ICMP is not read, so a soft error never aborts a connection"), unseen()),
                new MatrixRow("MUST-57", "Address validation: silently discard a SYN or segment to a broadcast or "
                        + "multicast address", "3.9.2.3",
                        outOfScope("addresses are not part of the model"),
                        tests(), no("destination addresses are not classified"), unseen()),
                new MatrixRow("MUST-58", "Generating ACKs: aggregate whenever possible", "3.10.7.4",
                        rule("one ACK answers a segment and the held segments it lets through; a delayed ACK rides "
                                + "on the next segment", SEM + "Arrival#segmentArrives", SEM + "Emission#transmit"),
                        tests(SEM + "ArrivalChecksTest#heldSegmentsFollowInSequenceOrder",
                                SEM + "ArrivalDetailsTest#delayedAckRidesOnData",
                                SEM + "EmissionTransmitTest#aPendingAckGoesAlone"),
                        partly("one ACK per arriving segment with text; ACKs ride on data sent in the same step",
                                CONN + "Connection#otherwiseArrives"),
                        unseen()),
                new MatrixRow("MUST-59", "Generating ACKs: process all queued segments before sending an ACK",
                        "3.10.7.4",
                        rule("held segments that now begin at RCV.NXT are taken before the one ACK goes out",
                                SEM + "Arrival#segmentArrives"),
                        tests(SEM + "ArrivalChecksTest#heldSegmentsFollowInSequenceOrder",
                                SEM + "ArrivalDetailsTest#heldFinIsProcessedWhenTheGapCloses",
                                SEM + "HardCasesTest#case20_trimmingAndReassembly"),
                        yes("held text is drained before the ACK", CONN + "Connection#receiveText",
                                CONN + "Reassembly#drain"),
                        unseen()),
                new MatrixRow("MUST-60", "PUSH: if SEND cannot specify PUSH, do not buffer data indefinitely",
                        "3.9.1.2",
                        choice("SEND segmentizes what the window and the MSS allow at once; "
                                + "SillyWindowAvoidance#heldTooLong bounds an implementation that holds sendable "
                                + "text with nothing in flight to the override timeout's upper end, 1 s "
                                + "(§3.8.6.2.1); Lockstep takes a later segment as the implementation's choice and "
                                + "does not apply the bound yet", SEM + "UserCalls#send",
                                SEM + "Emission#segmentize", SEM + "SillyWindowAvoidance#heldTooLong"),
                        tests(SEM + "UserCallsTest#sendSegmentizesByMssAndWindow",
                                SEM + "SillyWindowAvoidanceTest#sendableTextHeldPastTheOverrideTimeoutIsTooLong"),
                        yes("queued text goes out as the window allows", CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("MUST-61", "PUSH: if SEND cannot specify PUSH, set PSH on the last segment", "3.9.1.2",
                        rule("every data segment the model sends carries PSH; PushRules#violations checks that an "
                                + "implementation without a PUSH flag on SEND sets PSH on the last buffered "
                                + "segment (PSH is not compared by Conformance#same); the comparison core applies "
                                + "it as Conformance#userRules, which the engine's monitor checks on every new data "
                                + "segment, the kit's Lockstep on the last data segment of a turn that leaves "
                                + "nothing queued, and the script's model target on every expected data segment (a "
                                + "capture does not show the send queue)", SEM + "Out#data",
                                SEM + "Emission#transmit", SEM + "PushRules#violations",
                                SEM + "PushRules#lastBuffered", CORE + "Conformance#userRules"),
                        tests(SEM + "PushAndUrgentTest#theLastBufferedSegmentCarriesPsh",
                                MON + "ConformanceMonitorTest"
                                        + "#aMissingPushOnTheLastBufferedSegmentIsCaught",
                                "io.github.tcpmodel.property.conformance.BrokenImplementationsTest"
                                        + "#neverPushingIsCaughtWithAShortTrace",
                                "io.github.tcpmodel.script.target.OneVerdictTest"
                                        + "#aLastBufferedSegmentWithoutPshBreaksMust61WhereTheSendQueueIsSeen"),
                        yes("data segments carry PSH", CONN + "Connection#sendText"),
                        unseen()),
                new MatrixRow("MUST-62", "Urgent data: the urgent pointer points to the first non-urgent octet",
                        "3.8.5",
                        rule("RCV.UP = SEG.SEQ + SEG.UP, the octet after the urgent data; a sender's SND.UP points "
                                + "past the urgent SEND's last octet and UrgentRules#violations flags a pointer to "
                                + "the last urgent octet (RFC 793's reading)", SEM + "Arrival#segmentArrives",
                                SEM + "UrgentRules#sndUpAfterSend", SEM + "UrgentRules#violations"),
                        tests(SEM + "ArrivalDetailsTest#urgentDataIsSignalledOnce",
                                SEM + "PushAndUrgentTest#theUrgentPointerPointsPastTheUrgentData",
                                SEM + "PushAndUrgentTest#theReceiverFindsTheSendersUrgentPoint"),
                        no("the urgent pointer is ignored"),
                        unseen()),
                new MatrixRow("MUST-63", "Address validation: reject a SYN from an invalid IP address", "3.9.2.3",
                        outOfScope("addresses are not part of the model"),
                        tests(), no("source addresses are not classified"), unseen()),
                new MatrixRow("MUST-64", "Options: process options regardless of word alignment", "3.2",
                        rule("options are read octet by octet, wherever they begin; two SYNs that offer the same "
                                + "extensions in another layout compare equal", OPT + "OptionCodec#decode",
                                CORE + "Conformance#optionDifference"),
                        tests(OPT + "OptionCodecTest#unalignedOptionsAreRead",
                                CORE + "OptionComparisonTest#synsOfferingTheSameExtensionsAreTheSameWhateverTheirLayout",
                                CODEC + "CodecTest#nopAndEolAndUnknownOptionsAreSkipped"),
                        yes("options are parsed octet by octet", CODEC + "Codec#decode"),
                        unseen()),
                new MatrixRow("MUST-65", "Options: the MSS option is not sent on non-SYN segments", "3.2",
                        rule("only the SYN and SYN,ACK the model sends carry Segment#mss; options are not compared "
                                + "for "
                                + "an implementation (Conformance#same)", SEM + "Out#syn", SEM + "Out#synAck",
                                SEM + "Out#data"),
                        tests(),
                        yes("the MSS option is sent on SYN and SYN,ACK only", CONN + "Connection#sendSyn"),
                        unseen()),
                new MatrixRow("MUST-66", "Window: process RST and URG even with a zero window", "3.4",
                        rule("a RST (and the ACK field) is processed in a zero window, and so is the URG of a "
                                + "segment at RCV.NXT: RCV.UP moves and the user is told, while its text is "
                                + "refused and acknowledged with the zero window", SEM + "Arrival#acceptable",
                                SEM + "Arrival#segmentArrives"),
                        tests(SEM + "ZeroWindowRstTest#aRstAtRcvNxtInAZeroWindowResetsAlsoWithASyn",
                                SEM + "ZeroWindowRstTest#aRstBeyondRcvNxtInAZeroWindowIsDropped",
                                SEM + "ArrivalChecksTest#aZeroWindowStillTakesAcksAndRsts",
                                SEM + "PushAndUrgentTest#theUrgentPointerIsTakenInAZeroWindow"),
                        partly("RST and ACK in a zero window; the urgent pointer is ignored altogether",
                                CONN + "Connection#acceptable"),
                        unseen()),
                new MatrixRow("MUST-67", "Options: the MSS value is based on MMS_R", "3.7.1",
                        choice("the MSS a TCP announces is its choice (the model's: Profile#mss), within MMS_R - "
                                + "20; MMS_R is the implementation's, at most what its IP layer can receive "
                                + "(MssRules#largestMmsR: 65,515 over IPv4). The kit checks the MSS option of every "
                                + "implementation's SYN against the profile's address family",
                                SEM + "MssRules#announcedAllowed", SEM + "MssRules#largestMmsR", PROF + "Profile#mss"),
                        tests(PROF + "ProfileTest#mssAndUserTimeoutWithers",
                                SEM + "MssRulesTest#theAnnouncedMssStaysWithinWhatCanBeReceived",
                                KIT + "BrokenImplementationsTest#anMssBeyondWhatIpCanCarryIsCaught"),
                        yes("from the configuration, 1460 for a 1500-octet link", CONN + "ConnectionConfig#withMss"),
                        seen("the kernel announces mss 1460 on a 1500-octet MTU (MTU - 40)",
                                NETNS + "KernelTcpTest#listenerHandshakeDataAndActiveCloseEndInTimeWait")),
                new MatrixRow("MUST-68", "Options: include a length for all options except EOL and NOP", "3.1",
                        rule("every option but EOL and NOP is written kind, length, value; on reading, the length "
                                + "field delimits an option even where its kind's definition does not allow it",
                                OPT + "OptionCodec#encode", OPT + "OptionCodec#decode"),
                        tests(OPT + "OptionCodecTest#readsTheOptionsOfALinuxSynInOrderAndWritesThemBackOctetForOctet",
                                OPT + "OptionCodecTest#aKnownKindWithTheWrongLengthIsSkippedAsUnknown",
                                GROUP + "LinuxOptionTest#theCodecRoundTrips",
                                CODEC + "CodecTest#encodedChecksumsVerifyAndFieldsSitWhereRfc791AndRfc9293PutThem"),
                        yes("each option is written kind, length, value", CODEC + "Codec#encode"),
                        unseen()),
                new MatrixRow("MUST-69", "Options: pad the header with zeros", "3.1",
                        rule("the option list is padded to a 32-bit boundary with zeros; what follows EOL is "
                                + "padding, not options", OPT + "OptionCodec#encodePadded", OPT + "OptionCodec#decode"),
                        tests(OPT + "OptionCodecTest#paddingFillsTheLastWordWithZeros",
                                OPT + "OptionCodecTest#theListEndsAtEol"),
                        yes("the header is written into a fresh, zeroed array rounded up to 32 bits",
                                CODEC + "Codec#encode"),
                        unseen()),

                // ---------------------------------------------------------------- SHOULD
                new MatrixRow("SHLD-1", "ISN selection: secure ISN generator with a PRF component (RFC 6528)",
                        "3.4.1",
                        choice("IsnClock#prfSuspect flags ISNs of two 4-tuples that lie on one clock line, as a "
                                + "generator without the per-tuple F of RFC 6528 makes them",
                                SEM + "IsnClock#prfSuspect"),
                        tests(SEM + "IsnClockTest#aGeneratorWithoutAPerTupleComponentIsSuspect",
                                GROUP + "ModelMetamorphicTest#theIsnsDoNotChangeTheStateTrace"),
                        yes("a keyed hash of the 4-tuple plus a clock", CONN + "TcpStack#initialSequenceNumber"),
                        unseen()),
                new MatrixRow("SHLD-2", "Closing: a RST can contain data", "3.5.3",
                        rule("a RST with text is taken like any RST and its text is not processed; it is judged by "
                                + "SEG.SEQ alone (§3.10.7.4 second), so text reaching into the window does not make "
                                + "a RST before RCV.NXT acceptable. The profile switch Profile#rstSequenceByEnd "
                                + "(Linux) judges it as any segment, by its text too",
                                SEM + "Arrival#segmentArrives", SEM + "Arrival#acceptable",
                                PROF + "Profile#rstSequenceByEnd"),
                        tests(SEM + "DeviationsTest#aRstBeforeRcvNxtIsDroppedEvenWhenItsTextReachesTheWindow",
                                SEM + "DeviationsTest#linuxChallengesARstWhoseTextEndsAtRcvNxt"),
                        yes("the text of a RST is ignored and the RST validated by SEG.SEQ alone",
                                CONN + "Connection#otherwiseArrives"),
                        unseen()),
                new MatrixRow("SHLD-3", "Closing: half-duplex close: send a RST to indicate data lost", "3.6.1",
                        choice("CLOSE with unread data: a FIN under rfc9293, a RST under linux "
                                + "(Profile#resetOnCloseWithUnreadData)", PROF + "Profile#resetOnCloseWithUnreadData",
                                SEM + "UserCalls#close"),
                        tests(SEM + "UserCallsTest#linuxResetsOnCloseWithUnreadData",
                                SEM + "ProfileBehaviourTest#linuxCloseWithUnreadDataSendsReset",
                                CONN + "ResetTest#linuxCloseWithUnreadDataResets",
                                CONN + "ResetTest#rfc9293CloseWithUnreadDataClosesGracefully"),
                        yes("follows the profile", CONN + "Connection#close"),
                        seen("close() with unread received data sends RST,ACK (seq = SND.NXT) instead of a FIN",
                                NETNS + "KernelTcpTest#closeWithUnreadDataSendsRstAck",
                                INTEROP + "InteropTest#kernelCloseWithUnreadDataSendsRst")),
                new MatrixRow("SHLD-4", "Closing: use timestamps to reduce TIME-WAIT", "3.6.1",
                        gap("timestamps are modelled (RFC 7323, the second table), but TIME-WAIT does not use them: "
                                + "a SYN reopens it by its sequence number alone (RFC 6191 without timestamps, MAY-2)",
                                PROF + "Profile#timeWaitReopen"),
                        tests(), no("timestamps are parsed, never used"), unseen()),
                new MatrixRow("SHLD-5", "Options: send the MSS option unless the MSS is 536 (IPv4) or 1220 (IPv6)",
                        "3.7.1",
                        rule("the model's SYN and SYN,ACK always carry the MSS option (MAY-3); options are not "
                                + "compared for an implementation", SEM + "Out#syn", SEM + "Out#synAck"),
                        tests(CLAIM + "SeedClaimsTest#c12_mssIsAnnouncedAndRespected"),
                        yes("the MSS option is always sent", CONN + "Connection#sendSyn"),
                        seen("the kernel's SYN always carries mss",
                                NETNS + "KernelTcpTest#perNamespaceSysctlsShapeTheKernelsSyn")),
                new MatrixRow("SHLD-6", "Options: the MSS accounts for a varying MTU", "3.7.3",
                        outOfScope("path MTU discovery and the IP layer are not part of the model"),
                        tests(), no("the MSS is fixed per connection"), unseen()),
                new MatrixRow("SHLD-7", "Sending data: the Nagle algorithm", "3.7.4",
                        choice("SillyWindowAvoidance#sendAllowed with Nagle CLASSIC (§3.7.4: a short segment waits "
                                + "while data is unacknowledged) or MINSHALL (Appendix A.3: while a short segment "
                                + "is unacknowledged, as Linux does); the violation names SHLD-7",
                                SEM + "SillyWindowAvoidance#sendAllowed"),
                        tests(SEM + "SillyWindowAvoidanceTest#allThePushedDataGoesWhenNothingIsInFlightOrNagleIsOff",
                                CONN + "DataTransferTest#nagleHoldsASmallSegmentUntilTheAckAndNoDelaySendsIt"),
                        yes("with text in flight, less than a full segment waits until all in flight is "
                                + "acknowledged; on in both presets", CONN + "DataTransfer#nagle",
                                CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("SHLD-8", "ECN: support ECN (RFC 3168)", "3.8.2",
                        choice("the ECN negotiation is a profile value (TcpExtensions#ecn): the rfc9293 profile "
                                + "sends an ECN-setup SYN, the linux profile only answers one (RFC 3168 §6.1.1); "
                                + "the ECE and CWR bits are kept apart from the control bits, and the IP header's "
                                + "ECT and CE marks are outside the model", PROF + "TcpExtensions#ecn",
                                SEM + "Negotiation#synEcn", SEM + "Negotiation#synAckEcn"),
                        tests(SEM + "NegotiationTest#ecnIsNegotiatedByTheSetupSynAndSynAck",
                                SEM + "NegotiationTest#segmentEquivalenceIgnoresTheEcnBits"),
                        no("ECE and CWR are decoded as flags, never acted on"), unseen()),
                new MatrixRow("SHLD-9", "Connection failures: inform the application when R1 <= retransmissions < R2",
                        "3.8.3",
                        gap("no notice between R1 and R2; the user is told only when the connection is given up"),
                        tests(), no("the application is told only at R2"), unseen()),
                new MatrixRow("SHLD-10", "Connection failures: R1 at least 3 retransmissions", "3.8.3",
                        outOfScope("R1 only triggers advice to the IP layer, which the model leaves out"),
                        tests(), no("no R1"), unseen()),
                new MatrixRow("SHLD-11", "Connection failures: R2 at least 100 seconds", "3.8.3",
                        choice("the rfc9293 profile retries data 6 times with the RTO doubling from 1 s (123 s) "
                                + "and a user timeout of 5 minutes", PROF + "Profile#dataRetries",
                                PROF + "Profile#userTimeout"),
                        tests(SEM + "TimersTest#retransmissionLimitsDependOnTheState"),
                        yes("the configuration's user timeout, or the time the profile's data retries take",
                                CONN + "ConnectionConfig#userTimeout"),
                        unseen()),
                new MatrixRow("SHLD-12", "Keep-alives: send a keep-alive with no data", "3.8.4",
                        rule("a probe is <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no text",
                                SEM + "Timeouts#expire"),
                        tests(SEM + "TimersTest#keepAliveProbesCountUp",
                                SEM + "EmissionAllowedTest#aKeepAliveIsAllowedWithAZeroWindow"),
                        yes("no text", CONN + "Connection#sendKeepAlive"),
                        seen("the kernel's probe is an empty ACK one below SND.NXT", SCRIPTS + "keepalive.pkt")),
                new MatrixRow("SHLD-13", "Urgent data: applications should not employ the urgent mechanism", "3.8.5",
                        hidden("advice to applications, not to TCP"),
                        tests(), no("no urgent data"), unseen()),
                new MatrixRow("SHLD-14", "Window: do not shrink the window from the right", "3.8.6",
                        choice("SillyWindowAvoidance#windowUpdateAllowed flags a right edge that moves left; the "
                                + "model's own RCV.WND never shrinks (accepted text is subtracted)",
                                SEM + "SillyWindowAvoidance#windowUpdateAllowed",
                                SEM + "Arrival#segmentArrives"),
                        tests(SEM + "SillyWindowAvoidanceTest#theReceiversRightEdgeStaysOrAdvancesByTheThreshold"),
                        yes("the right edge never moves left", CONN + "Connection#advertiseWindow"),
                        unseen()),
                new MatrixRow("SHLD-15", "Window: do not send new data when the window shrinks", "3.8.6",
                        rule("new data must end within SND.UNA + SND.WND of the current window",
                                SEM + "Emission#allowed"),
                        tests(SEM + "EmissionAllowedTest#newDataEndsAtTheRightWindowEdge"),
                        yes("sends only into the current window", CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("SHLD-16", "Window: retransmit old unacknowledged data within the window", "3.8.6",
                        rule("a retransmission may lie anywhere in [SND.UNA, SND.NXT]", SEM + "Emission#allowed",
                                CORE + "Allowance#earlyRetransmission"),
                        tests(SEM + "EmissionAllowedTest#retransmittedDataNeedsNoWindow",
                                CORE + "ConformanceCoreTest#earlyRetransmissionIsFromSndUnaWithinWhatWasSent"),
                        yes("retransmits from SND.UNA", CONN + "Connection#retransmitFront"),
                        unseen()),
                new MatrixRow("SHLD-17", "Window: do not time out the connection for data past the right edge",
                        "3.8.6",
                        gap("retransmissions count towards R2 whatever the window; data past the right edge is "
                                + "not told apart"),
                        tests(), partly("the user timeout bounds unacknowledged data, beyond the window too",
                                CONN + "Connection#retransmissionTimeout"),
                        unseen()),
                new MatrixRow("SHLD-18", "Generating ACKs: delayed ACKs", "3.8.6.3",
                        choice("whether received text is acknowledged at once or later is the implementation's "
                                + "choice (Choices#ackNow); a FIN and out-of-order text are acknowledged at once",
                                SEM + "Choices#ackNow"),
                        tests(SEM + "ArrivalChecksTest#delayedAcksArePendingExceptForOutOfOrderText",
                                CORE + "ConformanceCoreTest#anAckNotSentIsADelayedAckForText",
                                CONN + "DataTransferTest#delayedAcksWithinMust40AndEverySecondFullSegment",
                                CONN + "DataTransferTest#outOfOrderTextIsAcknowledgedAtOnce",
                                CONN + "DataTransferTest#theKnobsSwitchThemOff"),
                        yes("in-order text is acknowledged every second full-sized segment or at the delayed-ACK "
                                + "timer; out-of-order text, text that fills a hole and a FIN at once; on in the "
                                + "rfc9293 preset, off in the linux one", CONN + "DataTransfer#delayedAcks",
                                CONN + "Connection#delayAck"),
                        seen("some ACKs are delayed, by about 40 ms", "docs/tun.md")),
                new MatrixRow("SHLD-19", "Generating ACKs: an ACK for at least every second full-sized segment",
                        "3.8.6.3",
                        choice("AckDelayBounds#holdAllowed checks the bound (less than 2 * RMSS of new text held "
                                + "without an ACK); the comparison core's AckTiming reports text that arrives while "
                                + "2 * RMSS are held as a SHOULD not met, apart from its MUST violations; no harness "
                                + "fails a run on it (a receiver may hold its ACK while its user does not read): the "
                                + "engine's monitor counts them (ConformanceMonitor#ackHolds)",
                                SEM + "Choices#ackNow", SEM + "AckDelayBounds#holdAllowed", CORE + "AckTiming#received"),
                        tests(CORE + "AckTimingTest#aThirdFullSegmentWithoutAnAckMissesTheShould",
                                SEM + "BoundsTest#aDelayedAckComesWithinHalfASecondAndEverySecondFullSizedSegment",
                                CONN + "DataTransferTest#delayedAcksWithinMust40AndEverySecondFullSegment"),
                        yes("with delayed ACKs on, two full-sized segments unacknowledged are acknowledged at once",
                                CONN + "Connection#delayAck"),
                        unseen()),
                new MatrixRow("SHLD-20", "Interface: the application can disable the error report routine", "3.9.1.8",
                        hidden("a user-interface switch"),
                        tests(), no("errors are always recorded"), unseen()),
                new MatrixRow("SHLD-21", "Interface: the application can change the Diffserv field during a "
                        + "connection", "3.9.1.9",
                        outOfScope("the IP header is not part of the model"),
                        tests(), no("no Diffserv"), unseen()),
                new MatrixRow("SHLD-22", "Interface: the Diffserv field is passed unchanged to IP", "3.9.1.9",
                        outOfScope("the IP header is not part of the model"),
                        tests(), no("no Diffserv"), unseen()),
                new MatrixRow("SHLD-23", "Interface: applications should not generally change Diffserv during a "
                        + "connection", "3.9.2",
                        hidden("advice to applications"),
                        tests(), no("no Diffserv"), unseen()),
                new MatrixRow("SHLD-24", "IP options: a later source route overrides an earlier one", "3.9.2.1",
                        outOfScope("the IP layer is not part of the model"),
                        tests(), no("no source routes"), unseen()),
                new MatrixRow("SHLD-25", "ICMP: Dest Unreach (0, 1, 5) informs the application", "3.9.2.2",
                        rule("a soft error that passes the sequence check is REPORTED: the user is told, the "
                                + "connection goes on", SEM + "IcmpArrival#arrives"),
                        tests(SEM + "IcmpArrivalTest#softErrorsNeverAbortUnderTheRfc"),
                        no("ICMP is not read"), unseen()),
                new MatrixRow("SHLD-26", "ICMP: Dest Unreach (2-4) aborts the connection", "3.9.2.2",
                        choice("a hard error (IPv4 Dest Unreach 2-4) aborts the connection: the TCB is deleted, a "
                                + "passive embryo returns to LISTEN. The linux profile (Profile#icmpAsLinux) "
                                + "aborts only a connection being established, reports a hard error in a "
                                + "synchronized state (as §3.9.2.2 says some implementations do) and takes code 4 "
                                + "as path MTU discovery", SEM + "IcmpArrival#arrives",
                                PROF + "Profile#icmpAsLinux"),
                        tests(SEM + "IcmpArrivalTest#hardErrorsAbort",
                                SEM + "IcmpArrivalTest#linuxTreatsSoftErrorsAsHardDuringTheHandshake"),
                        no("ICMP is not read"), unseen()),
                new MatrixRow("SHLD-27", "PUSH: the sender collapses successive PSH bits", "3.9.1.2",
                        gap("the model sets PSH on every data segment and PSH is not compared, so whether a "
                                + "sender collapses PSH bits is not checked", SEM + "Out#data"),
                        tests(CORE + "ConformanceCoreTest#pshWindowAndOptionsAreNotCompared"),
                        no("every data segment carries PSH"), unseen()),
                new MatrixRow("SHLD-28", "PUSH: send a maximum-sized segment when possible", "3.9.1.2",
                        choice("SEND segmentizes greedily by MSS and window, or by the implementation's sizes, each "
                                + "checked to fit; SillyWindowAvoidance#sendAllowed names SHLD-28 when a short "
                                + "segment goes where a full one could", SEM + "Emission#segmentize",
                                SEM + "Choices#segmentSizes", SEM + "SillyWindowAvoidance#sendAllowed"),
                        tests(SEM + "UserCallsTest#sendSegmentizesByMssAndWindow",
                                SEM + "SillyWindowAvoidanceTest#aFullSegmentIsSentWheneverOneCanBe",
                                CORE + "ConformanceCoreTest#theIssAndTheSegmentSizesAreTheImplementations"),
                        yes("full segments while the window allows", CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("SHLD-29", "Window: the first zero-window probe after an RTO", "3.8.6.1",
                        choice("ZeroWindowProbing#firstProbeAllowed: the first probe one RTO (within the clock "
                                + "granularity) after the window closed with nothing in flight, as a predicate "
                                + "over the implementation's time", SEM + "ZeroWindowProbing#firstProbeAllowed"),
                        tests(SEM + "ZeroWindowProbingTest#probeTimesFollowTheRetransmissionTimer",
                                CONN + "RobustnessTest#aZeroWindowIsProbedUntilItOpens"),
                        yes("the first probe one RTO after the window closed", CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("SHLD-30", "Window: exponential backoff of zero-window probes", "3.8.6.1",
                        choice("ZeroWindowProbing#nextProbeAllowed: the interval doubles, as the retransmission "
                                + "timer backs off, up to a maximum of at least 60 s "
                                + "(RetransmissionBounds#backoffAllowed)",
                                SEM + "ZeroWindowProbing#nextProbeAllowed"),
                        tests(SEM + "ZeroWindowProbingTest#probeTimesFollowTheRetransmissionTimer"),
                        yes("the probe is sent by the retransmission timer, which backs off",
                                CONN + "Connection#retransmissionTimeout"),
                        unseen()),
                new MatrixRow("SHLD-31", "Generating ACKs: queue out-of-order segments", "3.10.7.4",
                        rule("text beyond RCV.NXT is held and taken when the gap closes; the kit lets an "
                                + "implementation decline it (Should#QUEUE_OUT_OF_ORDER)",
                                SEM + "Arrival#segmentArrives",
                                KIT + "Should"),
                        tests(SEM + "ArrivalChecksTest#heldSegmentsFollowInSequenceOrder",
                                SEM + "ArrivalDetailsTest#heldFinIsProcessedWhenTheGapCloses",
                                KIT + "KitReportTest#declinedShouldsAreNotTestedAndClaimedOnesAreAndNamed",
                                ENG_CONF + "EngineLockstepTest#anOutOfOrderFinIsHeld"),
                        yes("out-of-order text and a FIN beyond RCV.NXT are held", CONN + "Reassembly#hold"),
                        unseen()),

                // ---------------------------------------------------------------- MAY
                new MatrixRow("MAY-1", "Closing: half-duplex close connections", "3.6.1",
                        rule("CLOSE closes only the sending side: FIN-WAIT-1 and FIN-WAIT-2 still take text; "
                                + "UserCalls#halfClose is the CLOSE of an application that still reads",
                                SEM + "UserCalls#close", SEM + "UserCalls#halfClose"),
                        tests(TAB + "SeedScenariosTest#halfClosedPeerMayStillSend_c16",
                                INTEROP + "InteropTest#engineHalfClosesAndTheKernelSendsAfterTheFin"),
                        yes("shutdown() sends the FIN and reading goes on", CONN + "Connection#shutdown"),
                        seen("after shutdown(SHUT_WR) the kernel goes on receiving; after the peer's FIN it goes on "
                                + "sending", INTEROP + "InteropTest#kernelHalfClosesAndTheEngineSendsAfterTheFin",
                                SCRIPTS + "half-close.pkt")),
                new MatrixRow("MAY-2", "Closing: accept a SYN in TIME-WAIT", "3.6.1",
                        choice("the profile switch Profile#timeWaitReopen: off in rfc9293, on in linux (a SYN "
                                + "above RCV.NXT reopens)", PROF + "Profile#timeWaitReopen",
                                SEM + "Arrival#segmentArrives"),
                        tests(SEM + "ArrivalChecksTest#timeWaitReopensOnlyAboveBothEdges",
                                SEM + "ProfileBehaviourTest#linuxSynAboveRcvNxtReopensTimeWait",
                                CONN + "ResetTest#timeWaitAnswersASynWithAnAck"),
                        yes("follows the profile's table", CONN + "Connection#otherwiseArrives"),
                        seen("a SYN with a higher ISN reopens TIME-WAIT (no timestamps); a lower one gets the "
                                + "TIME-WAIT ACK", NETNS + "KernelTcpTest#synToTimeWaitReopensOnlyWithAHigherIsn")),
                new MatrixRow("MAY-3", "Options: send the MSS option always", "3.7.1",
                        rule("the model's SYN and SYN,ACK always carry the MSS option; options are not compared for "
                                + "an "
                                + "implementation", SEM + "Out#syn", SEM + "Out#synAck"),
                        tests(CLAIM + "SeedClaimsTest#c12_mssIsAnnouncedAndRespected"),
                        yes("always", CONN + "Connection#sendSyn"),
                        seen("always, also with timestamps, SACK and window scaling off",
                                NETNS + "KernelTcpTest#perNamespaceSysctlsShapeTheKernelsSyn")),
                new MatrixRow("MAY-4", "Retransmissions: retransmit with the same IP identity", "3.8.1",
                        outOfScope("the IP header is not part of the model"),
                        tests(), yes("the IP identification is always 0 (DF set)", CODEC + "Codec#encode"), unseen()),
                new MatrixRow("MAY-5", "Keep-alives: send keep-alive packets", "3.8.4",
                        choice("keep-alive is a profile value: off in rfc9293, on in linux",
                                PROF + "Profile#keepalive"),
                        tests(SEM + "ProfileBehaviourTest#keepAliveProbesThenGivesUp",
                                CLAIM + "SeedClaimsTest#c34_keepAliveProbesThenGivesUp"),
                        yes("when turned on", CONN + "Connection#sendKeepAlive"),
                        seen("probes after the idle time", SCRIPTS + "keepalive.pkt")),
                new MatrixRow("MAY-6", "Keep-alives: configurable to send a garbage octet", "3.8.4",
                        choice("a keep-alive <SEQ=SND.UNA-1> with at most one octet is allowed",
                                SEM + "Emission#allowed"),
                        tests(SEM + "EmissionAllowedTest#aSegmentBeforeSndUnaIsRefusedUnlessItIsAKeepAlive"),
                        no("probes carry no text"), unseen()),
                new MatrixRow("MAY-7", "Window: retransmit old data beyond SND.UNA + SND.WND", "3.8.6",
                        rule("a retransmission needs no window: anything up to SND.NXT may be sent again",
                                SEM + "Emission#allowed"),
                        tests(SEM + "EmissionAllowedTest#retransmittedDataNeedsNoWindow"),
                        yes("the front of the retransmission queue is sent whatever the window",
                                CONN + "Connection#retransmitFront"),
                        unseen()),
                new MatrixRow("MAY-8", "Window: the receiver's window closed indefinitely", "3.8.6.1",
                        choice("RCV.WND follows what the user has read; it may stay zero for as long as the user "
                                + "does not read", SEM + "UserCalls#receive"),
                        tests(SEM + "UserCallsTest#receiveReturnsWhatIsOnHand",
                                ENG_CONF + "EngineLockstepTest#readingDoesNotOpenTheWindowUntilItIsAdvertised"),
                        yes("the window stays zero while the receive buffer is full",
                                CONN + "Connection#advertiseWindow"),
                        unseen()),
                new MatrixRow("MAY-9", "Interface: pass the received Diffserv field up to the application", "3.9.1.9",
                        outOfScope("the IP header is not part of the model"),
                        tests(), no("no Diffserv"), unseen()),
                new MatrixRow("MAY-10", "IP options: timestamp support", "3.9.2",
                        outOfScope("the IP layer is not part of the model"),
                        tests(), no("IP options are skipped"), unseen()),
                new MatrixRow("MAY-11", "IP options: record route support", "3.9.2",
                        outOfScope("the IP layer is not part of the model"),
                        tests(), no("IP options are skipped"), unseen()),
                new MatrixRow("MAY-12", "RFC 5961: implement data injection protection", "3.10.7.4",
                        choice("the profile switch Profile#rfc5961 turns the ACK range check (RFC 5961 §5) on with "
                                + "the challenge ACKs; on in both shipped profiles", PROF + "Profile#rfc5961",
                                SEM + "Arrival#segmentArrives"),
                        tests(SEM + "ArrivalChecksTest#withoutRfc5961OnlyAcksBeyondSndNxtAreRefused",
                                GROUP + "ModelPostconditionTest#ackOfUnsentDataIsAnsweredAndDropped",
                                CONN + "RobustnessTest#ackOfUnsentDataIsAnsweredAndDropped",
                                ENGINE_BLIND),
                        yes("the RFC 5961 §5.2 ACK check, with the §7 throttle",
                                CONN + "Connection#otherwiseArrives"),
                        seen("blind data injection neither resets nor corrupts a kernel connection",
                                "io.github.tcpmodel.linux.resilience.BlindAttackLinuxTest#"
                                        + "blindInjectionIntoTheEngineAndTheKernelNeitherResetsNorCorrupts")),
                new MatrixRow("MAY-13", "Generating ACKs: send an ACK for an out-of-order segment", "3.10.7.4",
                        rule("text beyond RCV.NXT is held and RCV.NXT acknowledged at once",
                                SEM + "Arrival#segmentArrives"),
                        tests(SEM + "ArrivalChecksTest#delayedAcksArePendingExceptForOutOfOrderText"),
                        yes("at once (RFC 5681 §4.2)", CONN + "Connection#otherwiseArrives"),
                        seen("data beyond RCV.NXT, in the window or outside it, is answered with an ACK of RCV.NXT",
                                SCRIPTS + "matrix/established-data.pkt", "docs/tun.md")),
                new MatrixRow("MAY-14", "Interface: FLUSH call", "3.9.1.7",
                        hidden("a user call the model does not offer; it changes only the local queues"),
                        tests(), no("no FLUSH"), unseen()),
                new MatrixRow("MAY-15", "PUSH: the SEND call can specify PUSH", "3.9.1.2",
                        hidden("SEND has no PUSH flag in the model; PSH is not compared"),
                        tests(CORE + "ConformanceCoreTest#pshWindowAndOptionsAreNotCompared"),
                        no("no PUSH flag on write"), unseen()),
                new MatrixRow("MAY-16", "PUSH: aggregate or queue un-pushed data", "3.9.1.2",
                        choice("segment sizes are the implementation's choice (Choices#segmentSizes)",
                                SEM + "Choices#segmentSizes"),
                        tests(CORE + "ConformanceCoreTest#repackagingKeepsSeqAndAckAndStaysWithinWhatWasSent"),
                        yes("queued text is sent in full segments where the window allows", CONN + "Connection#output"),
                        unseen()),
                new MatrixRow("MAY-17", "PUSH: notify the receiving application of PSH", "3.9.1.3",
                        hidden("RECEIVE reports no PUSH in the model; text is accepted, acknowledged and delivered "
                                + "the same with and without PSH (a receiver that needs no PSH)"),
                        tests(SEM + "PushAndUrgentTest#theReceiverDoesNotNeedPsh"),
                        no("PSH is not reported"), unseen()),
                new MatrixRow("MAY-18", "Congestion control: implement alternative conformant algorithm(s)", "3.8.2",
                        choice("CongestionBounds is no one algorithm but the bound conformant algorithms stay "
                                + "within: NewReno (RFC 5681, RFC 6582) and CUBIC (RFC 9438: β = 0.7, at most 1.5 "
                                + "cwnd per round trip) both pass it", SEM + "CongestionBounds#check"),
                        tests(SEM + "CongestionBoundsTest#newRenoStaysWithinTheBound",
                                SEM + "CongestionBoundsTest#aCubicLikeSenderStaysWithinTheWidestBound"),
                        no("RFC 5681 with NewReno (RFC 6582) only; no alternative algorithm",
                                CONN + "DataTransfer#congestionControl"), unseen()),

                // ---------------------------------------------------------------- RECOMMENDED
                new MatrixRow("REC-1", "Window: handle as a 32-bit number", "3.1",
                        rule("SND.WND, RCV.WND and MAX.SND.WND are longs up to 2^30: the peer's SEG.WND is shifted "
                                + "by the window scale negotiated (RFC 7323 §2.3)", SEG + "Segment",
                                "io.github.tcpmodel.tcb.SendVars", SEM + "WindowScaling#sendWindow"),
                        tests(SEG + "SegmentTest#badFieldsAreErrorValues",
                                SEM + "NegotiationTest#theSynAckWindowIsNotScaledAndEveryLaterOneIs"),
                        partly("windows are ints, but no window scaling: at most 65535", CONN + "Connection#rcvWnd"),
                        unseen()));
        Map<String, MatrixRow> byId = LinkedHashMap.empty();
        for (MatrixRow r : rows.sortBy(r -> r.strength().ordinal() * 1000 + r.number())) {
            if (byId.containsKey(r.id())) {
                throw new IllegalStateException("two rows for " + r.id());
            }
            byId = byId.put(r.id(), r);
        }
        return byId;
    }

    // ------------------------------------------------------------------------------------------------ markdown

    /**
     * {@code docs/requirements.md}: how to read the matrix, a summary, one table row per requirement, then the
     * extension RFCs' table ({@link ExtensionMatrix}).
     */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# RFC 9293 requirements matrix\n\n");
        b.append("<!-- Generated from io.github.tcpmodel.property.conformance.RequirementMatrix; do not edit. "
                + "Regenerate with: mvn -B -ntp -o -q verify -pl properties -am -Dtest=RequirementMatrixTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dtcpmodel.requirements.write=true -->\n\n");
        b.append("""
                One row per requirement ID of RFC 9293 Appendix B (MUST-n, SHLD-n, MAY-n, and REC-1), generated
                from `RequirementMatrix` in the `properties` module, the one source of these IDs in the project (the
                conformance kit's divergences name their requirement from it).

                ## How to read the matrix

                - **ID**, **Requirement** and **§**: the Appendix B ID, its feature in Appendix B's words (a
                  sub-item with its parent), and the section of RFC 9293 whose text carries the ID.
                - **Model**: how the model treats the requirement.
                  - *rule*: the named code computes what the RFC says. Where the requirement shows in what the
                    comparison core compares (the state, SEG.SEQ, SEG.ACK, the control bits but PSH, SEG.LEN), an
                    implementation that does otherwise diverges; the note says where it does not (PSH, options,
                    what the user is told).
                  - *checked choice*: the RFC leaves a value or behaviour open; the model takes it as a profile value
                    (`Profile`) or an input (`Choices`, the ISN) and checks that what an implementation chose is
                    allowed.
                  - *not observable on the wire*: internal to an implementation or its user interface (buffer
                    management, what a call reports); no capture can tell.
                  - *out of scope*: observable, but outside the model, which describes one connection's TCP segments
                    without IP headers or addresses (an ICMP error is an input of its own, `IcmpArrival`).
                  - *not modelled*: observable connection behaviour the model does not state yet: an implementation
                    is not checked for it. These rows are the model's open work.
                - **Tests**: the tests that check the row, as `TestClass#method` (the full names are in
                  `RequirementMatrix`; a test fails when one of them does not exist). A test of the engine or of
                  Linux checks that implementation, not the model. An empty cell means no test checks it.
                - **Engine**: whether the user-space engine implements the requirement (*yes*, *partly*, *no*),
                  where, and how.
                - **Linux**: what the Linux kernel was observed to do in the project's own tests, scripts and
                  captures (docs/tun.md, `script/src/test/resources/scripts`, the trace corpus), with the evidence;
                  *not observed* where the project has none. No claim about Linux is made from its source.

                Code is named `Class#member` without its package (`io.github.tcpmodel.semantics`, `.profile`,
                `.segment`, `.option`, `.table`, `.conformance` for the model; `io.github.tcpmodel.engine.*` for the
                engine).

                The TCP options and extensions beyond RFC 9293 (RFC 7323, RFC 2018, RFC 2883, RFC 7413, RFC 3168)
                have a table of their own, after this one.

                """);
        b.append("## Summary\n\n");
        b.append("| | rule | checked choice | not observable | out of scope | not modelled | rows |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Strength s : Strength.values()) {
            List<MatrixRow> of = rows().filter(r -> r.strength() == s);
            b.append("| ").append(s.name());
            for (Treatment t : Treatment.values()) {
                b.append(" | ").append(of.count(r -> r.model().treatment() == t));
            }
            b.append(" | ").append(of.size()).append(" |\n");
        }
        b.append("\n## The matrix\n\n");
        b.append("| ID | Requirement | § | Model | Tests | Engine | Linux |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (MatrixRow r : rows()) {
            b.append("| ").append(r.id())
                    .append(" | ").append(cell(r.text()))
                    .append(" | ").append(r.section())
                    .append(" | ").append(side(r.model().treatment().label(), r.model().code(), r.model().note()))
                    .append(" | ").append(r.tests().isEmpty() ? "" : r.tests().map(RequirementMatrix::shortName)
                            .map(t -> "`" + t + "`").mkString(", "))
                    .append(" | ").append(side(r.engine().support().label(), r.engine().code(), r.engine().note()))
                    .append(" | ").append(linux(r.linux()))
                    .append(" |\n");
        }
        b.append('\n').append(ExtensionMatrix.markdown());
        return b.toString();
    }

    static String side(String label, List<String> code, String note) {
        String refs = code.isEmpty() ? "" : " " + code.map(RequirementMatrix::shortName).map(c -> "`" + c + "`")
                .mkString(", ");
        return "*" + label + "*" + refs + ": " + cell(note);
    }

    static String linux(LinuxSide l) {
        if (l.evidence().isEmpty()) {
            return "*" + cell(l.observed()) + "*";
        }
        return cell(l.observed()) + " (" + l.evidence().map(e -> "`" + shortName(e) + "`").mkString(", ") + ")";
    }

    private static final Pattern QUALIFIED = Pattern.compile("^(?:[a-z][a-z0-9]*\\.)+([A-Z][A-Za-z0-9]*(?:#\\w+)?)$");

    /** {@code Class#member} for a qualified name; a file path from the scripts directory on; anything else as is. */
    static String shortName(String ref) {
        Matcher m = QUALIFIED.matcher(ref);
        if (m.matches()) {
            return m.group(1);
        }
        return ref.startsWith(SCRIPTS) ? "scripts/" + ref.substring(SCRIPTS.length()) : ref;
    }

    static String cell(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
