package io.github.tcpmodel.engine.codec;

import java.util.Objects;

/** The result of decoding one packet: a segment, or why there is none. */
public sealed interface Decoded permits Decoded.Ok, Decoded.Malformed {

    /** A well-formed TCP segment. */
    record Ok(Packet segment) implements Decoded {
        /** Rejects null. */
        public Ok {
            Objects.requireNonNull(segment, "segment is null");
        }
    }

    /** A packet that is not a well-formed IPv4 TCP segment. */
    record Malformed(Malformation kind, String detail) implements Decoded {
        /** Rejects nulls. */
        public Malformed {
            Objects.requireNonNull(kind, "kind is null");
            Objects.requireNonNull(detail, "detail is null");
        }
    }
}
