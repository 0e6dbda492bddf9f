package io.github.tcpmodel.profile;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * The TCP extensions a profile offers in its SYN and accepts in the peer's: window scaling and timestamps (RFC
 * 7323), SACK (RFC 2018, with D-SACK, RFC 2883), ECN (RFC 3168) and TCP Fast Open (RFC 7413). Each is used only when
 * both sides offer it on their SYNs ({@link io.github.tcpmodel.semantics.Negotiation}).
 *
 * @param windowScale                the shift count this side offers in a Window Scale option, none for no option
 *                                   (RFC 7323 §2.2); at most 14 (§2.3)
 * @param timestamps                 whether this side offers the Timestamps option (RFC 7323 §3.2)
 * @param sack                       whether this side offers SACK-Permitted (RFC 2018 §2)
 * @param ecn                        how this side takes part in the ECN negotiation (RFC 3168 §6.1.1)
 * @param fastOpenClient             whether an active OPEN asks for a Fast Open cookie (RFC 7413 §4.1)
 * @param fastOpenServer             whether a listener hands out Fast Open cookies and accepts the text of a SYN that
 *                                   presents a well-formed cookie (RFC 7413 §4.2)
 * @param missingTimestampsAccepted  whether, with timestamps in use, a non-RST segment without a Timestamps option
 *                                   is processed (Linux) rather than dropped (RFC 7323 §3.2: "a TCP SHOULD silently
 *                                   drop the segment")
 */
public record TcpExtensions(Option<Integer> windowScale, boolean timestamps, boolean sack, EcnMode ecn,
                            boolean fastOpenClient, boolean fastOpenServer, boolean missingTimestampsAccepted) {

    /**
     * What RFC 9293 asks for: none of the options beyond MSS (RFC 7323 and RFC 2018 are not required, timestamps are
     * MAY-10), ECN on (SHLD-8: "A TCP endpoint SHOULD implement ECN as described in RFC 3168"), Fast Open off
     * (RFC 7413 is Experimental), and a missing Timestamps option dropped as RFC 7323 §3.2 recommends (moot without
     * timestamps, in effect when a profile switches them on).
     */
    public static final TcpExtensions RFC9293 = new TcpExtensions(Option.none(), false, false, EcnMode.ACTIVE,
            false, false, false);

    /**
     * Linux's defaults (kernel 6.x): tcp_window_scaling = 1 with shift 7 for the default buffers, tcp_timestamps = 1,
     * tcp_sack = 1 (with D-SACK, tcp_dsack = 1), tcp_ecn = 2 (answers, never asks), tcp_fastopen = 1 (client only,
     * and only where the application asks, so off for a plain connect()), a segment lacking timestamps accepted
     * (tcp_validate_incoming checks PAWS only when the segment carries the option).
     */
    public static final TcpExtensions LINUX = new TcpExtensions(Option.some(7), true, true, EcnMode.PASSIVE,
            false, false, true);

    /** No extension at all: the options of RFC 9293's mandatory set only, ECN off. */
    public static final TcpExtensions NONE = new TcpExtensions(Option.none(), false, false, EcnMode.OFF, false,
            false, false);

    public TcpExtensions {
        Objects.requireNonNull(windowScale, "windowScale is null");
        Objects.requireNonNull(ecn, "ecn is null");
        if (windowScale.exists(s -> s < 0 || s > 14)) {
            throw new IllegalArgumentException("shift count out of range [0, 14] (RFC 7323 §2.3): " + windowScale);
        }
    }

    /** Window scaling offered with shift {@code shift}, or not ({@code none}). */
    public TcpExtensions withWindowScale(Option<Integer> shift) {
        return new TcpExtensions(shift, timestamps, sack, ecn, fastOpenClient, fastOpenServer,
                missingTimestampsAccepted);
    }

    /** Timestamps offered or not. */
    public TcpExtensions withTimestamps(boolean on) {
        return new TcpExtensions(windowScale, on, sack, ecn, fastOpenClient, fastOpenServer, missingTimestampsAccepted);
    }

    /** SACK-Permitted offered or not. */
    public TcpExtensions withSack(boolean on) {
        return new TcpExtensions(windowScale, timestamps, on, ecn, fastOpenClient, fastOpenServer,
                missingTimestampsAccepted);
    }

    /** The ECN mode. */
    public TcpExtensions withEcn(EcnMode mode) {
        return new TcpExtensions(windowScale, timestamps, sack, mode, fastOpenClient, fastOpenServer,
                missingTimestampsAccepted);
    }

    /** Fast Open as a client (asking for a cookie) and as a server (accepting text on a SYN). */
    public TcpExtensions withFastOpen(boolean client, boolean server) {
        return new TcpExtensions(windowScale, timestamps, sack, ecn, client, server, missingTimestampsAccepted);
    }

    /** Whether a segment lacking the Timestamps option is processed when timestamps are in use. */
    public TcpExtensions withMissingTimestampsAccepted(boolean on) {
        return new TcpExtensions(windowScale, timestamps, sack, ecn, fastOpenClient, fastOpenServer, on);
    }
}
