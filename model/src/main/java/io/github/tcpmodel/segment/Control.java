package io.github.tcpmodel.segment;

/** The control bits of the TCP header that the model interprets (RFC 9293 §3.1). */
public enum Control {
    /** Urgent pointer field is significant. */
    URG,
    /** Acknowledgment field is significant. */
    ACK,
    /** Push function. */
    PSH,
    /** Reset the connection. */
    RST,
    /** Synchronize sequence numbers; occupies one sequence number. */
    SYN,
    /** No more data from sender; occupies one sequence number. */
    FIN
}
