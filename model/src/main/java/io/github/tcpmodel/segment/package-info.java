/**
 * TCP segments as the model sees them (RFC 9293 §3.1, §3.4): sequence and acknowledgment numbers, the six control
 * bits, the window, the payload and the MSS option.
 *
 * <p>Read first: RFC 9293 §3.1 (header format) and §3.4 ({@code SEG.LEN} counts SYN and FIN). Checksums, ports,
 * addresses and options other than MSS belong to the engine, not to the model.
 */
package io.github.tcpmodel.segment;
