package io.github.tcpmodel.engine.simulation;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.link.MemoryLink;
import io.github.tcpmodel.engine.pcap.CapturingLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Two engines, A (10.0.0.1) and B (10.0.0.2), joined by an in-memory link pair on one virtual clock. When the system
 * property {@value CapturingLink#DIRECTORY_PROPERTY} names a directory, each side's traffic is captured there as
 * {@code <name>-a.pcap} and {@code <name>-b.pcap}.
 */
public final class Simulation {

    /** A's address, 10.0.0.1. */
    public static final int ADDRESS_A = Addresses.of(10, 0, 0, 1);
    /** B's address, 10.0.0.2. */
    public static final int ADDRESS_B = Addresses.of(10, 0, 0, 2);

    private final VirtualClock clock = new VirtualClock();
    private final MemoryLink[] links;
    private final TcpStack a;
    private final TcpStack b;
    private final List<AutoCloseable> captures = new ArrayList<>();
    private long steps;

    /** Both engines with the same config. */
    public Simulation(String name, ConnectionConfig config, Impairments impairments, long seed) {
        this(name, config, config, impairments, seed);
    }

    /** Engines with their own configs. */
    public Simulation(String name, ConnectionConfig configA, ConnectionConfig configB, Impairments impairments,
                      long seed) {
        Objects.requireNonNull(name, "name is null");
        links = MemoryLink.pair(clock, impairments, seed);
        Link linkA = CapturingLink.wrapIfEnabled(links[0], name + "-a", clock);
        Link linkB = CapturingLink.wrapIfEnabled(links[1], name + "-b", clock);
        if (linkA instanceof AutoCloseable) {
            captures.add((AutoCloseable) linkA);
            captures.add((AutoCloseable) linkB);
        }
        a = new TcpStack(clock, linkA, ADDRESS_A, configA, seed ^ 0xA);
        b = new TcpStack(clock, linkB, ADDRESS_B, configB, seed ^ 0xB);
    }

    /** Engine A. */
    public TcpStack a() {
        return a;
    }

    /** Engine B. */
    public TcpStack b() {
        return b;
    }

    /** The virtual clock. */
    public VirtualClock clock() {
        return clock;
    }

    /** A's end of the link (what A sends goes through it). */
    public MemoryLink linkA() {
        return links[0];
    }

    /** B's end of the link. */
    public MemoryLink linkB() {
        return links[1];
    }

    /** Scheduler iterations so far. */
    public long steps() {
        return steps;
    }

    /**
     * Runs until {@code done} holds or virtual time reaches {@code untilMillis}: each round polls both engines and
     * calls {@code user} (the application's turn: it returns whether it did anything); when a round does nothing,
     * the clock jumps to the next deadline. Returns whether {@code done} held.
     */
    public boolean runUntil(BooleanSupplier done, BooleanSupplier user, long untilMillis) {
        while (!done.getAsBoolean()) {
            steps++;
            int work = a.poll() + b.poll();
            boolean userWork = user.getAsBoolean();
            if (work > 0 || userWork) {
                continue;
            }
            long next = Math.min(a.nextDeadline(), b.nextDeadline());
            if (next == Long.MAX_VALUE || next > untilMillis) {
                if (clock.nowMillis() < untilMillis && untilMillis != Long.MAX_VALUE) {
                    clock.advanceTo(untilMillis);
                }
                return done.getAsBoolean();
            }
            clock.advanceTo(Math.max(next, clock.nowMillis()));
        }
        return true;
    }

    /** Runs with no user code until {@code done} or {@code untilMillis}. */
    public boolean runUntil(BooleanSupplier done, long untilMillis) {
        return runUntil(done, () -> false, untilMillis);
    }

    /** Runs everything due up to {@code untilMillis} (absolute virtual time), then stops there. */
    public void runTo(long untilMillis) {
        runUntil(() -> false, () -> false, untilMillis);
    }

    /** Closes the captures, if any. */
    public void close() {
        for (AutoCloseable c : captures) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a capture", e);
            }
        }
    }
}
