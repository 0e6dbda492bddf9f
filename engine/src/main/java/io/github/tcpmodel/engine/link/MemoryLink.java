package io.github.tcpmodel.engine.link;

import io.github.tcpmodel.engine.clock.Clock;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * An end of an in-memory link pair. What one end sends arrives at the other after the delay its
 * {@link Impairments} decide, when the shared clock has reached the arrival time. Deterministic for a given seed and
 * order of calls. Not thread-safe.
 */
public final class MemoryLink implements Link {

    private final Clock clock;
    private final Impairments impairments;
    private final Random random;
    private final PriorityQueue<InFlight> inbox = new PriorityQueue<>();
    private MemoryLink peer;
    private long order;
    private long sent;
    private long lost;
    private long duplicated;
    private long corrupted;
    private long reordered;

    private MemoryLink(Clock clock, Impairments impairments, long seed) {
        this.clock = clock;
        this.impairments = impairments;
        this.random = new Random(seed);
    }

    /** Two connected ends; each direction is impaired independently with its own seed derived from {@code seed}. */
    public static MemoryLink[] pair(Clock clock, Impairments impairments, long seed) {
        Objects.requireNonNull(clock, "clock is null");
        Objects.requireNonNull(impairments, "impairments is null");
        MemoryLink a = new MemoryLink(clock, impairments, seed);
        MemoryLink b = new MemoryLink(clock, impairments, seed * 31 + 17);
        a.peer = b;
        b.peer = a;
        return new MemoryLink[] {a, b};
    }

    @Override
    public void send(byte[] packet) {
        Objects.requireNonNull(packet, "packet is null");
        sent++;
        if (random.nextDouble() < impairments.loss()) {
            lost++;
            return;
        }
        enqueue(packet.clone());
        if (random.nextDouble() < impairments.duplication()) {
            duplicated++;
            enqueue(packet.clone());
        }
    }

    /**
     * Sends {@code packet} as {@link #send} does, but {@code extraMillis} later than the impairments would deliver it
     * (a scripted reordering: whatever is sent meanwhile may overtake it).
     */
    public void sendDelayed(byte[] packet, long extraMillis) {
        Objects.requireNonNull(packet, "packet is null");
        if (extraMillis < 0) {
            throw new IllegalArgumentException("negative delay: " + extraMillis);
        }
        sent++;
        extraDelay = extraMillis;
        try {
            enqueue(packet.clone());
        } finally {
            extraDelay = 0;
        }
    }

    private long extraDelay;

    private void enqueue(byte[] copy) {
        long delay = impairments.delayMillis() + extraDelay;
        if (impairments.jitterMillis() > 0) {
            delay += (long) (random.nextDouble() * (impairments.jitterMillis() + 1));
        }
        if (random.nextDouble() < impairments.reordering()) {
            reordered++;
            delay += impairments.reorderMillis();
        }
        if (copy.length > 0 && random.nextDouble() < impairments.corruption()) {
            corrupted++;
            int bit = random.nextInt(copy.length * 8);
            copy[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
        peer.inbox.add(new InFlight(clock.nowMillis() + delay, order++, copy));
    }

    @Override
    public int receive(PacketReceiver receiver, int max) {
        long now = clock.nowMillis();
        int n = 0;
        while (n < max && !inbox.isEmpty() && inbox.peek().arrival <= now) {
            receiver.receive(inbox.poll().packet);
            n++;
        }
        return n;
    }

    @Override
    public long nextArrivalMillis() {
        InFlight head = inbox.peek();
        return head == null ? Long.MAX_VALUE : head.arrival;
    }

    /** Packets on their way to this end. */
    public int inFlight() {
        return inbox.size();
    }

    /** Counters of what happened to packets sent from this end. */
    public String stats() {
        return "sent " + sent + ", lost " + lost + ", duplicated " + duplicated + ", reordered " + reordered
                + ", corrupted " + corrupted;
    }

    /** Packets sent from this end. */
    public long sent() {
        return sent;
    }

    private static final class InFlight implements Comparable<InFlight> {
        final long arrival;
        final long order;
        final byte[] packet;

        InFlight(long arrival, long order, byte[] packet) {
            this.arrival = arrival;
            this.order = order;
            this.packet = packet;
        }

        @Override
        public int compareTo(InFlight o) {
            int c = Long.compare(arrival, o.arrival);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
