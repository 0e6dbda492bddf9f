package io.github.tcpmodel.linux.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A TUN device ({@code IFF_TUN | IFF_NO_PI}): each {@link #read} returns one bare IP packet the kernel routed to
 * the device, each {@link #write} hands one IP packet to the kernel as if it had arrived on the device.
 *
 * <p>The device lives in the network namespace of the thread that calls {@link #open}; afterwards its descriptor
 * works from any thread. Closing the descriptor deletes the device.
 *
 * <p>A blocked {@code read(2)} is not woken by {@code close(2)} from another thread, so the descriptor is
 * non-blocking and every read waits in {@code poll(2)} on it and on an eventfd that {@link #close} signals. Reads
 * and writes may run concurrently with each other and with {@code close}; once closed, every call returns a
 * {@link TunError.Kind#CLOSED} error.
 *
 * <p>Opened with {@link #openWithVnetHeader} the device also carries {@code IFF_VNET_HDR}: every packet crosses it
 * with a {@link VirtioNetHeader}, and the {@link Offload}s declared with {@code TUNSETOFFLOAD} let the kernel hand
 * out TSO super-segments and partial checksums, as to a typical Ethernet device (packetdrill's TUN is set up so).
 * {@link #readFrame} returns the header with the packet; {@link #read} drops it; {@link #write(byte[])} sends a
 * packet with {@link VirtioNetHeader#NONE} and {@link #write(VirtioNetHeader, byte[])} with a header of the caller's.
 */
public final class TunDevice implements AutoCloseable {

    /** The largest IPv4 packet; a read buffer of this size never truncates. */
    public static final int MAX_PACKET = 65_535;

    private static final String DEVICE_NODE = "/dev/net/tun";
    private static final int POLLFD_SIZE = 8;

    /** What the device lets the kernel leave undone ({@code TUN_F_*} of linux/if_tun.h). */
    public enum Offload {
        /** {@code TUN_F_CSUM}: packets may carry a partial checksum ({@link VirtioNetHeader#F_NEEDS_CSUM}). */
        CSUM(0x01),
        /** {@code TUN_F_TSO4}: TCP over IPv4 may come as one super-segment larger than the MTU. */
        TSO4(0x02),
        /** {@code TUN_F_TSO6}: the same over IPv6. */
        TSO6(0x04),
        /** {@code TUN_F_TSO_ECN}: a super-segment may carry CWR (RFC 3168 §6.1.2 puts it on the first piece only). */
        TSO_ECN(0x08);

        final int bit;

        Offload(int bit) {
            this.bit = bit;
        }
    }

    /** The offloads packetdrill declares on its TUN device: checksum, TSO over IPv4 and IPv6, TSO with ECN. */
    public static final Set<Offload> TYPICAL_OFFLOADS =
            java.util.Collections.unmodifiableSet(EnumSet.allOf(Offload.class));

    private final int fd;
    private final int wakeFd;
    private final String name;
    /** The size of the virtio header before each packet: 0 without IFF_VNET_HDR. */
    private final int vnet;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Held shared by reads and writes, exclusively by close, so no call uses a descriptor number after close. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ThreadLocal<Memory> scratch =
            ThreadLocal.withInitial(() -> new Memory(MAX_PACKET + VirtioNetHeader.SIZE));
    private final ThreadLocal<Memory> writeScratch =
            ThreadLocal.withInitial(() -> new Memory(MAX_PACKET + VirtioNetHeader.SIZE));
    private final ThreadLocal<Memory> pollFds = ThreadLocal.withInitial(() -> new Memory(2L * POLLFD_SIZE));

    private TunDevice(int fd, int wakeFd, String name, int vnet) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.name = name;
        this.vnet = vnet;
    }

    /**
     * Creates a TUN device in the calling thread's network namespace.
     *
     * @param namePattern the interface name, or a pattern with {@code %d} such as {@code tcpm%d} for the kernel to
     *                    complete; at most 15 bytes of ASCII letters, digits, {@code - _ . %}
     * @return the open device, or why it could not be created
     */
    public static Either<TunError, TunDevice> open(String namePattern) {
        return open(namePattern, Option.none());
    }

    /**
     * Creates a TUN device with {@code IFF_VNET_HDR} in the calling thread's network namespace: the virtio header
     * size is set to {@value VirtioNetHeader#SIZE} ({@code TUNSETVNETHDRSZ}) and {@code offloads} are declared
     * ({@code TUNSETOFFLOAD}), so that the kernel's TCP sends super-segments as long as TSO allows instead of
     * MSS-sized pieces, as on a device with TSO.
     *
     * @param namePattern as for {@link #open(String)}
     * @param offloads    what the kernel may leave to the device; {@link #TYPICAL_OFFLOADS} as packetdrill, empty
     *                    for complete MSS-sized packets with a header of zeros
     */
    public static Either<TunError, TunDevice> openWithVnetHeader(String namePattern, Set<Offload> offloads) {
        Objects.requireNonNull(offloads, "offloads is null");
        if (offloads.stream().anyMatch(o -> o == Offload.TSO4 || o == Offload.TSO6 || o == Offload.TSO_ECN)
                && !offloads.contains(Offload.CSUM)) {
            // The kernel refuses TSO without checksum offload (tun_set_offload answers EINVAL).
            return Either.left(TunError.invalid("ioctl TUNSETOFFLOAD", "offloads " + offloads
                    + ": TSO needs CSUM"));
        }
        return open(namePattern, Option.some(offloads));
    }

    private static Either<TunError, TunDevice> open(String namePattern, Option<Set<Offload>> vnetOffloads) {
        Objects.requireNonNull(namePattern, "namePattern is null");
        String op = "open " + DEVICE_NODE;
        if (namePattern.isEmpty() || namePattern.length() >= LibC.IFNAMSIZ) {
            return Either.left(TunError.invalid(op, "interface name '" + namePattern
                    + "' must have 1 to " + (LibC.IFNAMSIZ - 1) + " characters"));
        }
        if (!namePattern.matches("[A-Za-z0-9_.%-]+") || namePattern.indexOf('%') != namePattern.lastIndexOf('%')
                || (namePattern.contains("%") && !namePattern.contains("%d"))) {
            return Either.left(TunError.invalid(op, "interface name '" + namePattern
                    + "' may hold only letters, digits, '-', '_', '.' and at most one '%d'"));
        }
        LibC c = LibC.INSTANCE;
        int fd;
        try {
            fd = c.open(DEVICE_NODE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            return Either.left(TunError.ofErrno(op, e.getErrorCode()));
        }
        Memory ifr = new Memory(LibC.IFREQ_SIZE);
        ifr.clear();
        byte[] raw = namePattern.getBytes(StandardCharsets.US_ASCII);
        ifr.write(0, raw, 0, raw.length);
        ifr.setShort(LibC.IFNAMSIZ, (short) (LibC.IFF_TUN | LibC.IFF_NO_PI
                | (vnetOffloads.isDefined() ? LibC.IFF_VNET_HDR : 0)));
        try {
            c.ioctl(fd, new NativeLong(LibC.TUNSETIFF), ifr);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            return Either.left(TunError.ofErrno("ioctl TUNSETIFF '" + namePattern + "'", e.getErrorCode()));
        }
        if (vnetOffloads.isDefined()) {
            Memory size = new Memory(4);
            size.setInt(0, VirtioNetHeader.SIZE);
            int bits = vnetOffloads.get().stream().mapToInt(o -> o.bit).reduce(0, (a, b) -> a | b);
            String step = "ioctl TUNSETVNETHDRSZ";
            try {
                c.ioctl(fd, new NativeLong(LibC.TUNSETVNETHDRSZ), size);
                step = "ioctl TUNSETOFFLOAD 0x" + Integer.toHexString(bits);
                c.ioctl(fd, new NativeLong(LibC.TUNSETOFFLOAD), new NativeLong(bits));
            } catch (LastErrorException e) {
                closeQuietly(fd);
                return Either.left(TunError.ofErrno(step, e.getErrorCode()));
            }
        }
        String actual = ifr.getString(0, StandardCharsets.US_ASCII.name());
        int wake;
        try {
            wake = c.eventfd(0, LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            return Either.left(TunError.ofErrno("eventfd", e.getErrorCode()));
        }
        return Either.right(new TunDevice(fd, wake, actual, vnetOffloads.isDefined() ? VirtioNetHeader.SIZE : 0));
    }

    /** The interface name the kernel gave the device, e.g. {@code tcpm0}. */
    public String name() {
        return name;
    }

    /** Whether every packet crosses this device with a {@link VirtioNetHeader} ({@code IFF_VNET_HDR}). */
    public boolean hasVnetHeader() {
        return vnet != 0;
    }

    /** Whether {@link #close} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Waits up to {@code timeout} for one packet.
     *
     * @return the packet, none if the timeout passed first, or an error ({@link TunError.Kind#CLOSED} if the
     *         device was closed before or while waiting)
     */
    public Either<TunError, Option<byte[]>> read(Duration timeout) {
        return readIntoScratch(timeout)
                .map(n -> n == 0 ? Option.<byte[]>none() : Option.some(scratch.get().getByteArray(vnet, n)));
    }

    /**
     * Waits up to {@code timeout} for one packet and returns it with its virtio header ({@link VirtioNetHeader#NONE}
     * on a device without {@code IFF_VNET_HDR}). A super-segment comes whole; a partial checksum comes as the
     * kernel left it (see {@link VirtioNetHeader#completeChecksum}).
     *
     * @return the frame, none if the timeout passed first, or an error as for {@link #read(Duration)}
     */
    public Either<TunError, Option<TunFrame>> readFrame(Duration timeout) {
        return readIntoScratch(timeout).map(n -> {
            if (n == 0) {
                return Option.none();
            }
            Memory m = scratch.get();
            VirtioNetHeader h = vnet == 0 ? VirtioNetHeader.NONE
                    : VirtioNetHeader.decode(m.getByteBuffer(0, vnet), 0);
            return Option.some(new TunFrame(h, m.getByteArray(vnet, n)));
        });
    }

    /**
     * Waits up to {@code timeout} for one packet and puts it into {@code dst} at its position, which advances;
     * for callers that reuse one buffer. So that no packet is ever cut short, {@code dst} must have room for
     * {@link #MAX_PACKET} bytes.
     *
     * @return the packet's length, 0 if the timeout passed first (a TUN packet is never empty), or an error
     */
    public Either<TunError, Integer> read(ByteBuffer dst, Duration timeout) {
        Objects.requireNonNull(dst, "dst is null");
        if (dst.remaining() < MAX_PACKET) {
            return Either.left(TunError.invalid("read", "a buffer with " + dst.remaining()
                    + " bytes remaining; it needs " + MAX_PACKET + " so that no packet is truncated"));
        }
        if (dst.isReadOnly()) {
            return Either.left(TunError.invalid("read", "a read-only buffer"));
        }
        return readIntoScratch(timeout).map(n -> {
            dst.put(scratch.get().getByteBuffer(vnet, n));
            return n;
        });
    }

    private Either<TunError, Integer> readIntoScratch(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative()) {
            return Either.left(TunError.invalid("read", "timeout " + timeout + " is negative"));
        }
        if (!lifecycle.readLock().tryLock()) {
            return Either.left(TunError.closed("read"));
        }
        try {
            if (closed.get()) {
                return Either.left(TunError.closed("read"));
            }
            return awaitAndRead(timeout);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Leaves the packet in this thread's scratch memory, after the virtio header when there is one, and returns the
     * packet's length (the header's not counted), 0 on timeout.
     */
    private Either<TunError, Integer> awaitAndRead(Duration timeout) {
        LibC c = LibC.INSTANCE;
        long deadline = System.nanoTime() + timeout.toNanos();
        Memory fds = pollFds.get();
        Memory buf = scratch.get();
        while (true) {
            long remaining = deadline - System.nanoTime();
            int waitMillis = (int) Math.min(Integer.MAX_VALUE,
                    Math.max(0, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999)));
            fds.setInt(0, fd);
            fds.setShort(4, LibC.POLLIN);
            fds.setShort(6, (short) 0);
            fds.setInt(POLLFD_SIZE, wakeFd);
            fds.setShort(POLLFD_SIZE + 4, LibC.POLLIN);
            fds.setShort(POLLFD_SIZE + 6, (short) 0);
            int ready;
            try {
                ready = c.poll(fds, new NativeLong(2), waitMillis);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                return Either.left(TunError.ofErrno("poll", e.getErrorCode()));
            }
            if (closed.get() || fds.getShort(POLLFD_SIZE + 6) != 0) {
                return Either.left(TunError.closed("read"));
            }
            short revents = fds.getShort(6);
            if ((revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0 && (revents & LibC.POLLIN) == 0) {
                return Either.left(new TunError(TunError.Kind.IO, "poll", 0,
                        "poll reported revents 0x" + Integer.toHexString(revents & 0xffff) + " on " + name));
            }
            if (ready > 0 && (revents & LibC.POLLIN) != 0) {
                long n;
                try {
                    n = c.read(fd, buf, new NativeLong(MAX_PACKET + vnet)).longValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                        continue;
                    }
                    return Either.left(TunError.ofErrno("read", e.getErrorCode()));
                }
                if (n <= vnet) {
                    return Either.left(new TunError(TunError.Kind.IO, "read", 0, "a read of " + n
                            + " bytes on " + name + " holds no packet after the " + vnet + "-byte virtio header"));
                }
                return Either.right((int) n - vnet);
            }
            if (System.nanoTime() - deadline >= 0) {
                return Either.right(0);
            }
        }
    }

    /**
     * Hands one IP packet to the kernel, as if it had arrived on the device.
     *
     * @param packet one complete IPv4 (or IPv6) packet; a packet with a wrong checksum is accepted here and then
     *               dropped by the kernel, which counts it in IpInHdrErrors or TcpInCsumErrors
     * @return the number of bytes written (the whole packet), or why not
     */
    public Either<TunError, Integer> write(byte[] packet) {
        Objects.requireNonNull(packet, "packet is null");
        if (vnet != 0) {
            return write(VirtioNetHeader.NONE, packet);
        }
        return checkPacket(packet.length, packet.length == 0 ? 0 : packet[0])
                .flatMap(ok -> locked("write", () -> LibC.INSTANCE.write(fd, packet, new NativeLong(packet.length))));
    }

    /**
     * Hands one IP packet to the kernel with a virtio header: {@link VirtioNetHeader#tcpSegmentation} has the
     * kernel cut a super-segment into pieces (GRO's counterpart, as packetdrill writes {@code mss} packets),
     * {@link VirtioNetHeader#F_NEEDS_CSUM} has it complete a partial checksum.
     *
     * @return the number of bytes of the packet written (the header not counted), or why not; a device without
     *         {@code IFF_VNET_HDR} takes only {@link VirtioNetHeader#NONE}
     */
    public Either<TunError, Integer> write(VirtioNetHeader header, byte[] packet) {
        Objects.requireNonNull(header, "header is null");
        Objects.requireNonNull(packet, "packet is null");
        if (vnet == 0) {
            return header.equals(VirtioNetHeader.NONE) ? write(packet) : Either.left(TunError.invalid("write",
                    "a virtio header " + header + " on " + name + ", opened without IFF_VNET_HDR"));
        }
        return checkPacket(packet.length, packet.length == 0 ? 0 : packet[0]).flatMap(ok -> {
            Memory m = writeScratch.get();
            m.write(0, header.encode(), 0, VirtioNetHeader.SIZE);
            m.write(VirtioNetHeader.SIZE, packet, 0, packet.length);
            NativeLong total = new NativeLong(VirtioNetHeader.SIZE + packet.length);
            return locked("write", () -> LibC.INSTANCE.write(fd, m, total)).map(n -> n - VirtioNetHeader.SIZE);
        });
    }

    /**
     * Hands the bytes between {@code packet}'s position and limit to the kernel as one IP packet; on success the
     * position moves to the limit. See {@link #write(byte[])}.
     */
    public Either<TunError, Integer> write(ByteBuffer packet) {
        Objects.requireNonNull(packet, "packet is null");
        int length = packet.remaining();
        Either<TunError, Integer> result = checkPacket(length, length == 0 ? 0 : packet.get(packet.position()))
                .flatMap(ok -> {
                    Memory m = writeScratch.get();
                    if (vnet != 0) {
                        m.write(0, VirtioNetHeader.NONE.encode(), 0, vnet);
                    }
                    m.getByteBuffer(vnet, length).put(packet.duplicate());
                    return locked("write", () -> LibC.INSTANCE.write(fd, m, new NativeLong(vnet + length)))
                            .map(n -> n - vnet);
                });
        result.forEach(n -> packet.position(packet.limit()));
        return result;
    }

    private static Either<TunError, Integer> checkPacket(int length, byte first) {
        if (length == 0 || length > MAX_PACKET) {
            return Either.left(TunError.invalid("write", "a packet of " + length
                    + " bytes; it must have 1 to " + MAX_PACKET));
        }
        int version = (first & 0xff) >>> 4;
        if (version != 4 && version != 6) {
            return Either.left(TunError.invalid("write", "IP version " + version + " in the first byte; a TUN "
                    + "device without packet information takes only IPv4 or IPv6 packets"));
        }
        return Either.right(length);
    }

    private interface NativeWrite {
        NativeLong call();
    }

    private Either<TunError, Integer> locked(String op, NativeWrite write) {
        if (!lifecycle.readLock().tryLock()) {
            return Either.left(TunError.closed(op));
        }
        try {
            if (closed.get()) {
                return Either.left(TunError.closed(op));
            }
            while (true) {
                try {
                    return Either.right((int) write.call().longValue());
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.EINTR) {
                        return Either.left(TunError.ofErrno(op, e.getErrorCode()));
                    }
                }
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Wakes any waiting read, waits until no call uses the descriptors, and closes them, which deletes the device.
     * Idempotent; safe from any thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            LibC.INSTANCE.write(wakeFd, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, new NativeLong(8));
        } catch (LastErrorException e) {
            // The eventfd counter cannot overflow from one write; a failure leaves readers to their timeout.
        }
        lifecycle.writeLock().lock();
        try {
            closeQuietly(fd);
            closeQuietly(wakeFd);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            // close(2) releases the descriptor even when it reports an error; there is nothing left to undo.
        }
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + (vnet != 0 ? ", vnet" : "") + (closed.get() ? ", closed]" : "]");
    }
}
