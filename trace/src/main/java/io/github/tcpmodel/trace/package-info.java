/**
 * The trace checker behind {@code tcpmodel check}: reads a pcap or pcapng capture, groups its TCP segments into
 * connections by 4-tuple, replays each connection through the segment-level semantics of RFC 9293 for both
 * endpoints, and reports the states each endpoint went through and every segment no conforming TCP (under the
 * chosen profile) would send. Entry point: {@link io.github.tcpmodel.trace.TraceChecker#check}. See
 * docs/trace-checker.md.
 */
package io.github.tcpmodel.trace;
