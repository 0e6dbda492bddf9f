/**
 * Reading packet captures: pcap (both byte orders, microsecond and nanosecond timestamps) and pcapng (the format
 * Wireshark writes by default), with link types raw IP (101, 228), Ethernet (1), Linux cooked SLL (113) and SLL2
 * (276), IPv4 and IPv6 (link type 229 too). A {@link io.github.tcpmodel.pcap.CaptureReader} streams the IP packets of a capture, one at a
 * time, so memory stays bounded whatever the file's size; malformed input ends the stream with a
 * {@link io.github.tcpmodel.pcap.CaptureError} that names the byte offset, never with an exception.
 *
 * <p>Formats: the pcap file format (draft-ietf-opsawg-pcap) and the pcapng format (draft-ietf-opsawg-pcapng);
 * link-type numbers from the tcpdump.org LINKTYPE_ registry.
 */
package io.github.tcpmodel.pcap;
