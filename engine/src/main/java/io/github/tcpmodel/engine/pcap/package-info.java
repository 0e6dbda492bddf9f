/**
 * Packet captures that open in Wireshark and tcpdump: {@link io.github.tcpmodel.engine.pcap.PcapWriter} writes the
 * classic pcap format with link type 101 (LINKTYPE_RAW: bare IPv4), and
 * {@link io.github.tcpmodel.engine.pcap.CapturingLink} records what passes through any link. Tests switch it on with
 * the system property {@code tcpmodel.pcap.dir}.
 */
package io.github.tcpmodel.engine.pcap;
