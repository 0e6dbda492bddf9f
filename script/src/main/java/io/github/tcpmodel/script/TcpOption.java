package io.github.tcpmodel.script;

/**
 * A TCP option as written between {@code < >} after a segment. Values are kept as written; no scaling is applied.
 */
public sealed interface TcpOption {

    /** {@code mss N}: Maximum Segment Size (RFC 9293 §3.7.1). */
    record Mss(int value) implements TcpOption {
        @Override
        public String toString() {
            return "mss " + value;
        }
    }

    /** {@code wscale N}: Window Scale shift count (RFC 7323 §2). */
    record WindowScale(int shift) implements TcpOption {
        @Override
        public String toString() {
            return "wscale " + shift;
        }
    }

    /** {@code sackOK}: SACK permitted (RFC 2018). */
    record SackPermitted() implements TcpOption {
        @Override
        public String toString() {
            return "sackOK";
        }
    }

    /** {@code TS val N ecr N}: Timestamps (RFC 7323 §3). */
    record Timestamp(long value, long echoReply) implements TcpOption {
        @Override
        public String toString() {
            return "TS val " + value + " ecr " + echoReply;
        }
    }

    /** {@code nop}: No-Operation (RFC 9293 §3.2). */
    record Nop() implements TcpOption {
        @Override
        public String toString() {
            return "nop";
        }
    }

    /** {@code eol}: End of Option List (RFC 9293 §3.2). */
    record Eol() implements TcpOption {
        @Override
        public String toString() {
            return "eol";
        }
    }
}
