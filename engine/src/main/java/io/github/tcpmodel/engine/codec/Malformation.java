package io.github.tcpmodel.engine.codec;

/** Why a packet could not be decoded into a TCP segment. */
public enum Malformation {
    /** Shorter than an IPv4 header, or than its own IHL or total length says. */
    TRUNCATED,
    /** The version nibble is not 4 (e.g. an IPv6 router solicitation on a TUN device). */
    NOT_IPV4,
    /** IHL below 5 (RFC 791 §3.1: the minimum header is 20 octets). */
    BAD_IHL,
    /** Total length below the header length. */
    BAD_TOTAL_LENGTH,
    /** The IPv4 header checksum does not verify (RFC 791 §3.1). */
    BAD_IP_CHECKSUM,
    /** Protocol is not 6. */
    NOT_TCP,
    /** A fragment (MF set or a non-zero offset): this engine does not reassemble IP fragments. */
    FRAGMENT,
    /** Data offset below 5 or beyond the segment (RFC 9293 §3.1). */
    BAD_DATA_OFFSET,
    /** The TCP checksum over the pseudo-header, header and text does not verify (RFC 9293 §3.1). */
    BAD_TCP_CHECKSUM,
    /** An option's length runs past the header or is below 2, or a known option has the wrong length. */
    BAD_OPTION
}
