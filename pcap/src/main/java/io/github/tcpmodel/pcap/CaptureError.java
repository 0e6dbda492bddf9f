package io.github.tcpmodel.pcap;

import java.util.Objects;

/**
 * Why a capture cannot be read (further): one clear line for the user, with the byte offset where it happened.
 *
 * @param kind   the class of error
 * @param offset the byte offset in the file where the problem was found
 * @param detail a sentence naming the problem
 */
public record CaptureError(Kind kind, long offset, String detail) {

    /** The classes of error a reader reports. */
    public enum Kind {
        /** The file does not start with a pcap or pcapng magic number. */
        NOT_A_CAPTURE,
        /** The file ends in the middle of a header, record or block. */
        TRUNCATED,
        /** A header or block field has an impossible value (a length, a version, a byte-order magic). */
        MALFORMED,
        /** An interface uses a link type this reader does not decode. */
        UNSUPPORTED_LINK_TYPE,
        /** Reading the underlying stream failed. */
        IO
    }

    public CaptureError {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(detail, "detail is null");
    }

    /**
     * The error as one line.
     *
     * @return e.g. {@code truncated at byte 1234: record header}
     */
    public String message() {
        return switch (kind) {
            case NOT_A_CAPTURE -> "not a capture (no pcap or pcapng magic number): " + detail;
            case TRUNCATED -> "truncated at byte " + offset + ": " + detail;
            case UNSUPPORTED_LINK_TYPE -> "unsupported link type " + detail + " (at byte " + offset + ")";
            case IO -> "read error at byte " + offset + ": " + detail;
            case MALFORMED -> "malformed capture at byte " + offset + ": " + detail;
        };
    }
}
