/**
 * Sequence numbers of RFC 9293 §3.4: 32-bit values compared modulo 2^32.
 *
 * <p>Read first: RFC 9293 §3.4 ("Sequence Numbers") and RFC 1982 (serial number arithmetic). {@link
 * io.github.tcpmodel.seq.SeqNum} is the value type; its comparisons are the RFC's {@code <} and {@code =<}, and
 * {@link io.github.tcpmodel.seq.SeqNum#inWindow} is the window test of the acceptability check (§3.10.7.4).
 */
package io.github.tcpmodel.seq;
