/**
 * IPv4 and TCP on the wire: {@link io.github.tcpmodel.engine.codec.Codec} parses a raw IPv4 packet into a
 * {@link io.github.tcpmodel.engine.codec.Packet} or a typed {@link io.github.tcpmodel.engine.codec.Malformation},
 * and serializes a segment with both checksums (RFC 791 §3.1; RFC 9293 §3.1 and its pseudo-header). Malformed
 * input never throws: it is a value, counted in {@link io.github.tcpmodel.engine.codec.DecodeCounters}.
 */
package io.github.tcpmodel.engine.codec;
