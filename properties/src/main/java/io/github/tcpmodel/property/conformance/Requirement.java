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
            return new Requirement("MUST-19", "retransmission timer per RFC 6298");
        }
        if (reason.contains("user timeout")) {
            return new Requirement("MUST-21", "the user sets R2, the user timeout");
        }
        if (reason.contains("choice is not allowed") && stimulus instanceof Stimulus.Call c
                && (c.call().kind() == UserCall.Kind.ACTIVE_OPEN || c.call().kind() == UserCall.Kind.PASSIVE_OPEN)) {
            return new Requirement("MUST-8", "clock-driven ISN selection");
        }
        if (rule.contains("TIME-WAIT TIMEOUT") || from == TcpState.TIME_WAIT && reason.contains("state differs")
                || rule.contains("TIME-WAIT") && rule.contains("eighth")) {
            return new Requirement("MUST-13", "stay in TIME-WAIT for 2xMSL");
        }
        if (seg != null && from == TcpState.SYN_SENT && seg.syn() && !seg.isAck()) {
            return new Requirement("MUST-10", "support simultaneous open attempts");
        }
        if (seg != null && from == TcpState.SYN_RECEIVED && seg.rst()) {
            return new Requirement("MUST-11", "SYN-RECEIVED remembers the OPEN it came from");
        }
        if (rule.contains("RFC 5961")) {
            return new Requirement(section(rule, "RFC 5961"), "blind-attack checks of RFC 5961 (SHOULD in §3.10.7.4)");
        }
        // Held text in a synchronized state came out of order; before, it came on a SYN (§3.10.7.2, §3.10.7.3).
        if (rule.contains("held") && from.isSynchronized()) {
            return new Requirement("SHLD-31", "hold segments beyond RCV.NXT for later processing");
        }
        if (rule.contains("RETRANSMISSION TIMEOUT") || rule.contains("USER TIMEOUT")) {
            return new Requirement("MUST-20", "retransmit, and close the connection at R2");
        }
        if (rule.contains("keep-alive")) {
            return new Requirement("MUST-26", "keep-alive only after an idle interval");
        }
        if (reason.contains("zero-window") || rule.contains("§3.8.6.1")) {
            return new Requirement("MUST-36", "probe zero windows");
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
