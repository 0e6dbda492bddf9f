package io.github.tcpmodel.script;

import io.vavr.collection.List;
import java.util.Objects;

/**
 * A TCP option as written between {@code < >} after a segment, in packetdrill's syntax. Values are kept as written;
 * no scaling is applied, and a list of options is compared element by element, in order (no option is dropped,
 * merged or laid out again).
 */
public sealed interface TcpOption {

    /** The option kind octet (RFC 9293 §3.2, the IANA TCP option kind registry). */
    int kind();

    /** {@code mss N}: Maximum Segment Size (RFC 9293 §3.7.1). */
    record Mss(int value) implements TcpOption {
        @Override
        public int kind() {
            return 2;
        }

        @Override
        public String toString() {
            return "mss " + value;
        }
    }

    /** {@code wscale N}: Window Scale shift count (RFC 7323 §2). */
    record WindowScale(int shift) implements TcpOption {
        @Override
        public int kind() {
            return 3;
        }

        @Override
        public String toString() {
            return "wscale " + shift;
        }
    }

    /** {@code sackOK}: SACK permitted (RFC 2018). */
    record SackPermitted() implements TcpOption {
        @Override
        public int kind() {
            return 4;
        }

        @Override
        public String toString() {
            return "sackOK";
        }
    }

    /** {@code TS val N ecr N}: Timestamps (RFC 7323 §3). */
    record Timestamp(long value, long echoReply) implements TcpOption {
        @Override
        public int kind() {
            return 8;
        }

        @Override
        public String toString() {
            return "TS val " + value + " ecr " + echoReply;
        }
    }

    /** {@code nop}: No-Operation (RFC 9293 §3.2). */
    record Nop() implements TcpOption {
        @Override
        public int kind() {
            return 1;
        }

        @Override
        public String toString() {
            return "nop";
        }
    }

    /** {@code eol}: End of Option List (RFC 9293 §3.2). */
    record Eol() implements TcpOption {
        @Override
        public int kind() {
            return 0;
        }

        @Override
        public String toString() {
            return "eol";
        }
    }

    /** One SACK block {@code left:right} (RFC 2018 §3): the left edge and the sequence number after the right edge. */
    record SackBlock(long left, long right) {
        @Override
        public String toString() {
            return left + ":" + right;
        }
    }

    /** {@code sack a:b c:d}: SACK blocks (RFC 2018 §3), relative to the data sender's ISN as written. */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        public Sack {
            Objects.requireNonNull(blocks, "blocks is null");
        }

        @Override
        public int kind() {
            return 5;
        }

        @Override
        public String toString() {
            return "sack" + blocks.map(b -> " " + b).mkString("");
        }
    }

    /**
     * {@code FO cookie} (RFC 7413 §4.1.1, kind 34) or {@code FOEXP cookie} (the experimental kind 254 with magic
     * 0xF989); the cookie is hex digits, empty for a cookie request.
     *
     * @param experimental whether the experimental encoding ({@code FOEXP}) is used
     * @param cookie       the cookie as hex digits, possibly empty, or the name of one defined for the run
     */
    record FastOpen(boolean experimental, String cookie) implements TcpOption {
        public FastOpen {
            Objects.requireNonNull(cookie, "cookie is null");
            boolean hex = cookie.length() % 2 == 0 && cookie.chars().allMatch(c -> Character.digit(c, 16) >= 0);
            boolean symbol = !cookie.isEmpty() && cookie.chars().allMatch(c -> c == '_'
                    || Character.isLetterOrDigit(c)) && !Character.isDigit(cookie.charAt(0));
            if (!hex && !symbol) {
                throw new IllegalArgumentException("a Fast Open cookie is an even number of hex digits, or a name "
                        + "defined for the run: " + cookie);
            }
        }

        @Override
        public int kind() {
            return experimental ? 254 : 34;
        }

        @Override
        public String toString() {
            return (experimental ? "FOEXP" : "FO") + (cookie.isEmpty() ? "" : " " + cookie);
        }
    }

    /**
     * An option of another kind, with its data octets as hex digits: written {@code kind K [HEX]}, and how an
     * emitted option the script language has no name for is shown.
     *
     * @param kind the kind octet, 0 to 255
     * @param data the option's data (after kind and length) as hex digits
     */
    record Other(int kind, String data) implements TcpOption {
        public Other {
            Objects.requireNonNull(data, "data is null");
            if (kind < 0 || kind > 255 || data.length() % 2 != 0
                    || !data.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("kind 0..255 and an even number of hex digits: " + kind);
            }
        }

        @Override
        public String toString() {
            // Kind 19 is the TCP MD5 signature (RFC 2385), which packetdrill writes md5.
            return (kind == 19 && data.length() == 32 ? "md5" : "kind " + kind) + (data.isEmpty() ? "" : " " + data);
        }
    }
}
