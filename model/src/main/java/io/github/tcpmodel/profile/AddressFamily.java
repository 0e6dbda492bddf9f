package io.github.tcpmodel.profile;

/**
 * The internet protocol a connection runs over, an input of the model: it decides the send MSS a TCP assumes when
 * the peer's SYN carries no MSS option (RFC 9293 §3.7.1, MUST-15: "536 (576 - 40) for IPv4 or 1220 (1280 - 60) for
 * IPv6").
 */
public enum AddressFamily {
    /** IPv4: the default send MSS is 536 (576 - 40). */
    IPV4(536),
    /** IPv6: the default send MSS is 1220 (1280 - 60). */
    IPV6(1220);

    private final int defaultSendMss;

    AddressFamily(int defaultSendMss) {
        this.defaultSendMss = defaultSendMss;
    }

    /** The send MSS assumed when no MSS option is received at connection setup (MUST-15). */
    public int defaultSendMss() {
        return defaultSendMss;
    }
}
