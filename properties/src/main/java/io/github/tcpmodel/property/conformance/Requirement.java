package io.github.tcpmodel.property.conformance;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.TcpState;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requirement a divergence breaks, by its ID in RFC 9293 Appendix B (MUST-n, SHLD-n) where the rule the model
 * applied has one. Most of the event processing of §3.10 carries no ID in Appendix B; the requirement is then the
 * section the rule cites ({@code §3.10.7.4}), and for the blind-attack checks RFC 5961, which §3.10.7.4 recommends
 * (a SHOULD without an Appendix B ID).
 *
 * @param id   {@code MUST-n} or {@code SHLD-n}, or the section when Appendix B has no ID for the rule
 * @param text what the requirement asks, in a few words
 */
public record Requirement(String id, String text) {

    private static final Pattern SECTION = Pattern.compile("§\\d+(\\.\\d+)*");
    /**
     * A segment the implementation sent, or an ACK it did not send in time, that breaks a rule of the comparison core
     * naming its ID (MUST-19, MUST-40, MUST-61).
     */
    private static final Pattern SENT_BREAKS = Pattern.compile(
            "^(?:the implementation sent .*?|at \\d+ ms the implementation had sent no ACK): ((MUST|SHLD)-\\d+)[: ]");

    // The Appendix B requirements a divergence can name, with their text from the matrix (the one source of IDs).
    private static final Requirement RTO = RequirementMatrix.requirement("MUST-18");
    private static final Requirement USER_SETS_R2 = RequirementMatrix.requirement("MUST-21");
    private static final Requirement ISN = RequirementMatrix.requirement("MUST-8");
    private static final Requirement TIME_WAIT = RequirementMatrix.requirement("MUST-13");
    private static final Requirement SIMULTANEOUS_OPEN = RequirementMatrix.requirement("MUST-10");
    private static final Requirement SYN_RECEIVED_ORIGIN = RequirementMatrix.requirement("MUST-11");
    private static final Requirement OUT_OF_ORDER = RequirementMatrix.requirement("SHLD-31");
    private static final Requirement R2 = RequirementMatrix.requirement("MUST-20");
    private static final Requirement KEEPALIVE_IDLE = RequirementMatrix.requirement("MUST-26");
    private static final Requirement ZERO_WINDOW_PROBE = RequirementMatrix.requirement("MUST-36");

    /** {@code "MUST-13 (keep TIME-WAIT for 2xMSL)"}. */
    @Override
    public String toString() {
        return id + " (" + text + ")";
    }

    /**
     * The requirement broken at input {@code stimulus} taken in state {@code before}, where the model applied
     * {@code rule} and the runner found {@code reason}.
     */
    public static Requirement of(ConnectionState before, Stimulus stimulus, String rule, String reason) {
        TcpState from = before.state();
        Segment seg = stimulus instanceof Stimulus.Deliver d ? d.segment() : null;
        if (reason.contains("retransmission timer")) {
            return RTO;
        }
        if (reason.contains("user timeout")) {
            return USER_SETS_R2;
        }
        Matcher sent = SENT_BREAKS.matcher(reason);
        if (sent.find() && RequirementMatrix.row(sent.group(1)).isDefined()) {
            return RequirementMatrix.requirement(sent.group(1));
        }
        if (reason.contains("choice is not allowed") && stimulus instanceof Stimulus.Call c
                && (c.call().kind() == UserCall.Kind.ACTIVE_OPEN || c.call().kind() == UserCall.Kind.PASSIVE_OPEN)) {
            return ISN;
        }
        if (rule.contains("TIME-WAIT TIMEOUT") || from == TcpState.TIME_WAIT && reason.contains("state differs")
                || rule.contains("TIME-WAIT") && rule.contains("eighth")) {
            return TIME_WAIT;
        }
        if (seg != null && from == TcpState.SYN_SENT && seg.syn() && !seg.isAck()) {
            return SIMULTANEOUS_OPEN;
        }
        if (seg != null && from == TcpState.SYN_RECEIVED && seg.rst()) {
            return SYN_RECEIVED_ORIGIN;
        }
        if (rule.contains("RFC 5961")) {
            return new Requirement(section(rule, "RFC 5961"), "blind-attack checks of RFC 5961 (SHOULD in §3.10.7.4)");
        }
        // Held text in a synchronized state came out of order; before, it came on a SYN (§3.10.7.2, §3.10.7.3).
        if (rule.contains("held") && from.isSynchronized()) {
            return OUT_OF_ORDER;
        }
        if (rule.contains("RETRANSMISSION TIMEOUT") || rule.contains("USER TIMEOUT")) {
            return R2;
        }
        if (rule.contains("keep-alive")) {
            return KEEPALIVE_IDLE;
        }
        if (reason.contains("zero-window") || rule.contains("§3.8.6.1")) {
            return ZERO_WINDOW_PROBE;
        }
        return new Requirement(section(rule, "§3.10"), "event processing (no Appendix B ID)");
    }

    /** The first section {@code rule} cites, else {@code fallback}. */
    private static String section(String rule, String fallback) {
        if (rule.contains("RFC 5961 §")) {
            Matcher m = SECTION.matcher(rule.substring(rule.indexOf("RFC 5961 §") + 9));
            return m.find() ? "RFC 5961 " + m.group() : fallback;
        }
        Matcher m = SECTION.matcher(rule);
        return m.find() ? "RFC 9293 " + m.group() : fallback;
    }
}
