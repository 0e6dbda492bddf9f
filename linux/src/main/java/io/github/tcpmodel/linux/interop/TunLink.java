package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.pcap.PcapWriter;
import io.github.tcpmodel.linux.tun.TunDevice;
import io.github.tcpmodel.linux.tun.TunError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An engine {@link Link} over a {@link TunDevice}: one IPv4 packet per TUN read and write. Packets the kernel sends
 * are read by {@link #pump(Duration)} (called by the {@link EngineDriver}'s thread) and queued for
 * {@link #receive}; packets the engine sends are written to the device at once. Between the device and the engine
 * each direction may be impaired ({@link TunImpairments}), and the engine-to-kernel direction may be held back
 * altogether ({@link #holdToKernel(boolean)}) to make both sides' segments cross. Every packet that crosses the device
 * is written to the pcap, if one is given.
 *
 * <p>Only the driver's thread calls {@link #send}, {@link #receive} and {@link #pump}; the counters and
 * {@link #holdToKernel(boolean)} may be used from any thread.
 */
public final class TunLink implements Link, AutoCloseable {

    /** How long a packet held back for reordering waits at most when no other packet passes it. */
    private static final long REORDER_HOLD_NANOS = 20_000_000L;
    private static final int DRAIN_BATCH = 256;

    private final TunDevice tun;
    private final TunImpairments toEngine;
    private final TunImpairments toKernel;
    private final SplittableRandom random;
    private final Option<PcapWriter> pcap;
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private final ArrayDeque<byte[]> parked = new ArrayDeque<>();
    private final Map<Long, Integer> kernelHighestEnd = new HashMap<>();
    private byte[] heldToEngine;
    private long heldToEngineSince;
    private byte[] heldToKernel;
    private long heldToKernelSince;
    private volatile boolean holding;
    private volatile PacketTap tap;
    private final java.util.concurrent.atomic.AtomicInteger releases = new java.util.concurrent.atomic.AtomicInteger();
    private long packetsFromKernel;
    private long packetsToKernel;
    private long droppedToEngine;
    private long droppedToKernel;
    private long duplicated;
    private long reordered;
    private long kernelRetransmissions;
    private Option<TunError> lastError = Option.none();

    /**
     * A link over {@code tun} with the given impairments of each direction, decided by a random source seeded with
     * {@code seed}, and every packet recorded to {@code pcap} if present. The link owns neither the device nor the
     * writer.
     */
    public TunLink(TunDevice tun, TunImpairments toEngine, TunImpairments toKernel, long seed,
                   Option<PcapWriter> pcap) {
        this.tun = Objects.requireNonNull(tun, "tun is null");
        this.toEngine = Objects.requireNonNull(toEngine, "toEngine is null");
        this.toKernel = Objects.requireNonNull(toKernel, "toKernel is null");
        this.pcap = Objects.requireNonNull(pcap, "pcap is null");
        this.random = new SplittableRandom(seed);
    }

    /** A perfect link over {@code tun}. */
    public static TunLink perfect(TunDevice tun, Option<PcapWriter> pcap) {
        return new TunLink(tun, TunImpairments.NONE, TunImpairments.NONE, 0, pcap);
    }

    // ---- engine to kernel ----

    @Override
    public synchronized void send(byte[] packet) {
        if (holding) {
            parked.add(packet.clone());
            return;
        }
        impairToKernel(packet.clone());
    }

    private void impairToKernel(byte[] packet) {
        if (!toKernel.any()) {
            write(packet);
            return;
        }
        if (random.nextDouble() < toKernel.drop()) {
            droppedToKernel++;
            return;
        }
        boolean twice = random.nextDouble() < toKernel.duplicate();
        if (heldToKernel == null && random.nextDouble() < toKernel.reorder()) {
            heldToKernel = packet;
            heldToKernelSince = System.nanoTime();
            reordered++;
            return;
        }
        write(packet);
        if (twice) {
            duplicated++;
            write(packet);
        }
        if (heldToKernel != null) {
            byte[] h = heldToKernel;
            heldToKernel = null;
            write(h);
        }
    }

    private void write(byte[] packet) {
        pcap.forEach(p -> p.write(packet));
        Either<TunError, Integer> r = tun.write(packet);
        if (r.isLeft()) {
            lastError = Option.some(r.getLeft());
        } else {
            packetsToKernel++;
            PacketTap t = tap;
            if (t != null) {
                t.toKernel(packet);
            }
        }
    }

    /**
     * While {@code on}, packets of the engine wait in the link instead of reaching the kernel; switching it off sends
     * them in order at the next {@link #pump(Duration)}. Used to make both sides' FINs cross (simultaneous close).
     */
    public void holdToKernel(boolean on) {
        holding = on;
    }

    /** Shows every later packet that crosses the device to {@code newTap} (replacing the previous one). */
    public void tap(PacketTap newTap) {
        this.tap = java.util.Objects.requireNonNull(newTap, "newTap is null");
    }

    /** While holding, lets the next {@code count} held packets through (in order) at the next pump. */
    public void releaseHeld(int count) {
        releases.addAndGet(count);
    }

    /** How many engine packets are held back now. */
    public synchronized int held() {
        return parked.size();
    }

    // ---- kernel to engine ----

    /**
     * Waits up to {@code wait} for a packet from the kernel, then takes every further packet already there (up to a
     * batch), and queues them, impaired, for {@link #receive}. Returns how many packets were read, or the device's
     * error (e.g. {@link TunError.Kind#CLOSED}).
     */
    public Either<TunError, Integer> pump(Duration wait) {
        synchronized (this) {
            while (!parked.isEmpty() && (!holding || releases.getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
                impairToKernel(parked.poll());
            }
            releaseStale();
        }
        Duration w = (heldToEngine != null || heldToKernel != null) && wait.toNanos() > REORDER_HOLD_NANOS
                ? Duration.ofNanos(REORDER_HOLD_NANOS) : wait;
        int n = 0;
        Either<TunError, Option<byte[]>> r = read(w);
        while (true) {
            if (r.isLeft()) {
                synchronized (this) {
                    lastError = Option.some(r.getLeft());
                }
                return Either.left(r.getLeft());
            }
            if (r.get().isEmpty()) {
                break;
            }
            n++;
            arrive(r.get().get());
            if (n >= DRAIN_BATCH) {
                break;
            }
            r = read(Duration.ZERO);
        }
        return Either.right(n);
    }

    /**
     * One packet from the device. On a device with {@code IFF_VNET_HDR} a TSO super-segment comes whole (the
     * engine takes a segment longer than its MSS as any receiver does: RFC 9293 §3.7.1 bounds what is sent) and a
     * checksum the kernel left partial is completed here (RFC 1071), so that the engine's codec checks it as any
     * other.
     */
    private Either<TunError, Option<byte[]>> read(Duration wait) {
        if (!tun.hasVnetHeader()) {
            return tun.read(wait);
        }
        return tun.readFrame(wait).map(f -> f.map(frame -> {
            byte[] p = frame.packet();
            completeChecksum(frame.header(), p);
            return p;
        }));
    }

    /**
     * {@link io.github.tcpmodel.linux.tun.VirtioNetHeader#completeChecksum} over whole words: the field holds the
     * pseudo-header's sum, and the checksum is the complement of the sum from {@code csumStart} to the end (RFC
     * 1071), as the engine's codec computes it.
     */
    private static void completeChecksum(io.github.tcpmodel.linux.tun.VirtioNetHeader h, byte[] p) {
        if (!h.needsChecksum()) {
            return;
        }
        int start = h.csumStart();
        int field = start + h.csumOffset();
        if (start >= p.length || field + 2 > p.length) {
            h.completeChecksum(p);
            return;
        }
        int c = io.github.tcpmodel.engine.codec.Checksum.fold(
                io.github.tcpmodel.engine.codec.Checksum.sum(p, start, p.length - start, 0));
        p[field] = (byte) (c >> 8);
        p[field + 1] = (byte) c;
    }

    private synchronized void releaseStale() {
        long now = System.nanoTime();
        if (heldToEngine != null && now - heldToEngineSince >= REORDER_HOLD_NANOS) {
            inbound.add(heldToEngine);
            heldToEngine = null;
        }
        if (heldToKernel != null && now - heldToKernelSince >= REORDER_HOLD_NANOS) {
            byte[] h = heldToKernel;
            heldToKernel = null;
            write(h);
        }
    }

    private synchronized void arrive(byte[] packet) {
        packetsFromKernel++;
        pcap.forEach(p -> p.write(packet));
        PacketTap t = tap;
        if (t != null) {
            t.fromKernel(packet);
        }
        countRetransmission(packet);
        if (!toEngine.any()) {
            inbound.add(packet);
            return;
        }
        if (random.nextDouble() < toEngine.drop()) {
            droppedToEngine++;
            return;
        }
        boolean twice = random.nextDouble() < toEngine.duplicate();
        if (heldToEngine == null && random.nextDouble() < toEngine.reorder()) {
            heldToEngine = packet;
            heldToEngineSince = System.nanoTime();
            reordered++;
            return;
        }
        inbound.add(packet);
        if (twice) {
            duplicated++;
            inbound.add(packet.clone());
        }
        if (heldToEngine != null) {
            inbound.add(heldToEngine);
            heldToEngine = null;
        }
    }

    /**
     * A kernel segment with text that starts below the highest sequence number the kernel has sent on its
     * connection is a retransmission (RFC 9293 §3.8.1), counted here from the wire itself.
     */
    private void countRetransmission(byte[] p) {
        boolean v6 = p.length >= 60 && (p[0] >> 4) == 6 && p[6] == 6;
        if (!v6 && (p.length < 40 || (p[0] >> 4) != 4 || p[9] != 6)) {
            return;
        }
        // RFC 8200 §3: a 40-octet header and the payload length; IPv4: IHL and total length.
        int ihl = v6 ? 40 : (p[0] & 0x0f) * 4;
        int total = v6 ? 40 + (((p[4] & 0xff) << 8) | (p[5] & 0xff)) : ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        if (total > p.length || ihl + 20 > total) {
            return;
        }
        int dataOffset = ((p[ihl + 12] >> 4) & 0x0f) * 4;
        int textLength = total - ihl - dataOffset;
        if (textLength <= 0) {
            return;
        }
        long ports = ((long) (((p[ihl] & 0xff) << 8) | (p[ihl + 1] & 0xff)) << 16)
                | (((p[ihl + 2] & 0xff) << 8) | (p[ihl + 3] & 0xff));
        int seq = ((p[ihl + 4] & 0xff) << 24) | ((p[ihl + 5] & 0xff) << 16) | ((p[ihl + 6] & 0xff) << 8)
                | (p[ihl + 7] & 0xff);
        int end = seq + textLength;
        Integer highest = kernelHighestEnd.get(ports);
        if (highest != null && seq - highest < 0) {
            kernelRetransmissions++;
        }
        if (highest == null || end - highest > 0) {
            kernelHighestEnd.put(ports, end);
        }
    }

    @Override
    public synchronized int receive(PacketReceiver receiver, int max) {
        int n = 0;
        while (n < max && !inbound.isEmpty()) {
            receiver.receive(inbound.poll());
            n++;
        }
        return n;
    }

    // ---- counters ----

    /** Packets read from the device. */
    public synchronized long packetsFromKernel() {
        return packetsFromKernel;
    }

    /** Packets written to the device. */
    public synchronized long packetsToKernel() {
        return packetsToKernel;
    }

    /** Packets of the kernel dropped before the engine saw them. */
    public synchronized long droppedToEngine() {
        return droppedToEngine;
    }

    /** Packets of the engine dropped before the kernel saw them. */
    public synchronized long droppedToKernel() {
        return droppedToKernel;
    }

    /** Packets delivered twice, either direction. */
    public synchronized long duplicated() {
        return duplicated;
    }

    /** Packets held back so that a later one passed them, either direction. */
    public synchronized long reordered() {
        return reordered;
    }

    /** Kernel segments whose text starts below the highest sequence number the kernel had already sent. */
    public synchronized long kernelRetransmissions() {
        return kernelRetransmissions;
    }

    /** The last error of the device, if any. */
    public synchronized Option<TunError> lastError() {
        return lastError;
    }

    /** Flushes the pcap; the device and the writer stay open (their owner closes them). */
    @Override
    public void close() {
        pcap.forEach(PcapWriter::flush);
    }
}
