/**
 * A Linux TUN device opened through JNA: one bare IPv4 packet per read and per write, non-blocking, with a
 * wake-up descriptor so that another thread can close it cleanly while a read is waiting.
 *
 * <p>The device is created with {@code IFF_TUN | IFF_NO_PI} and without {@code IFF_VNET_HDR}, so the kernel hands
 * over complete packets with valid checksums, no larger than the device's MTU, and checks the checksums of what is
 * written to it (a bad IPv4 or TCP checksum is dropped silently by the kernel, not reported to the writer).
 *
 * <p>Failures are values: every operation returns an {@code Either} whose left side is a {@link
 * io.github.tcpmodel.linux.tun.TunError} naming the operation, the errno and its meaning.
 */
package io.github.tcpmodel.linux.tun;
