/**
 * Links carry raw IPv4 packets between an engine and the outside: a {@link io.github.tcpmodel.engine.link.Link}
 * interface, and {@link io.github.tcpmodel.engine.link.MemoryLink}, a pair of in-memory ends with seeded
 * {@link io.github.tcpmodel.engine.link.Impairments} (loss, duplication, reordering, delay, corruption) timed by a
 * {@link io.github.tcpmodel.engine.clock.Clock}. The TUN link to the Linux kernel lives in {@code engine.tun}.
 */
package io.github.tcpmodel.engine.link;
