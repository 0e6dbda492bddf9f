package io.github.tcpmodel.engine.simulation;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.engine.link.CapturingLink;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.link.MemoryLink;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.monitor.MonitorDivergence;
import io.github.tcpmodel.engine.observation.EngineObserver;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Two engines, A (10.0.0.1) and B (10.0.0.2), joined by an in-memory link pair on one virtual clock. When the system
 * property {@value CapturingLink#DIRECTORY_PROPERTY} names a directory, each side's traffic is captured there as
 * {@code <name>-a.pcap} and {@code <name>-b.pcap}.
 *
 * <p>Each engine runs with a {@link ConformanceMonitor} on by default ({@code -Dtcpmodel.monitor=false} switches it
 * off); observers added with {@link #observeA} and {@link #observeB} run after it, and {@link #divergences()} lists
 * what the monitors found.
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
    private Predicate<Packet> dropFromA = s -> false;
    private Predicate<Packet> dropFromB = s -> false;
    private long scriptedDrops;
    private Predicate<Packet> delayFromA = s -> false;
    private long delayMillisA;
    private final Option<ConformanceMonitor> monitorA;
    private final Option<ConformanceMonitor> monitorB;

    /** Whether new simulations attach a conformance monitor to each engine (default true). */
    public static final boolean MONITOR_ON = !"false".equals(System.getProperty("tcpmodel.monitor"));

    private static final ThreadLocal<List<Simulation>> CREATED = ThreadLocal.withInitial(ArrayList::new);

    /**
     * The simulations created on this thread since the last call, so that a test harness can check every
     * simulation's monitors after each test; the list is cleared.
     */
    public static List<Simulation> drainCreated() {
        List<Simulation> l = new ArrayList<>(CREATED.get());
        CREATED.get().clear();
        return l;
    }

    /** Both engines with the same config. */
    public Simulation(String name, ConnectionConfig config, Impairments impairments, long seed) {
        this(name, config, config, impairments, seed);
    }

    /** Engines with their own configs, each with a conformance monitor if {@link #MONITOR_ON}. */
    public Simulation(String name, ConnectionConfig configA, ConnectionConfig configB, Impairments impairments,
                      long seed) {
        this(name, configA, configB, impairments, seed, MONITOR_ON);
    }

    /** Engines with their own configs, each with a conformance monitor if {@code monitors}. */
    public Simulation(String name, ConnectionConfig configA, ConnectionConfig configB, Impairments impairments,
                      long seed, boolean monitors) {
        Objects.requireNonNull(name, "name is null");
        links = MemoryLink.pair(clock, impairments, seed);
        Link linkA = CapturingLink.wrapIfEnabled(new Gate(links[0], true), name + "-a", clock);
        Link linkB = CapturingLink.wrapIfEnabled(new Gate(links[1], false), name + "-b", clock);
        if (linkA instanceof AutoCloseable closeA && linkB instanceof AutoCloseable closeB) {
            captures.add(closeA);
            captures.add(closeB);
        }
        a = new TcpStack(clock, linkA, ADDRESS_A, configA, seed ^ 0xA);
        b = new TcpStack(clock, linkB, ADDRESS_B, configB, seed ^ 0xB);
        monitorA = monitors ? Option.some(new ConformanceMonitor(configA)) : Option.none();
        monitorB = monitors ? Option.some(new ConformanceMonitor(configB)) : Option.none();
        observeA(EngineObserver.NONE);
        observeB(EngineObserver.NONE);
        CREATED.get().add(this);
    }

    /** Attaches {@code observer} to A after A's conformance monitor (replacing any previous observer). */
    public void observeA(EngineObserver observer) {
        a.observe(monitorA.<EngineObserver>map(m -> m).getOrElse(EngineObserver.NONE).andThen(observer));
    }

    /** Attaches {@code observer} to B after B's conformance monitor (replacing any previous observer). */
    public void observeB(EngineObserver observer) {
        b.observe(monitorB.<EngineObserver>map(m -> m).getOrElse(EngineObserver.NONE).andThen(observer));
    }

    /** A's conformance monitor, if on. */
    public Option<ConformanceMonitor> monitorA() {
        return monitorA;
    }

    /** B's conformance monitor, if on. */
    public Option<ConformanceMonitor> monitorB() {
        return monitorB;
    }

    /** What both monitors found so far, after checking that every expected segment was sent. */
    public List<MonitorDivergence> divergences() {
        List<MonitorDivergence> all = new ArrayList<>();
        for (ConformanceMonitor m : monitorA.toList().appendAll(monitorB)) {
            m.finish();
            all.addAll(m.divergences());
        }
        return all;
    }

    /**
     * Drops every segment A sends that {@code drop} selects, before the link sees it (a scripted loss, e.g. "the
     * third ACK is lost"); {@code s -> false} lets everything through again.
     */
    public void dropFromA(Predicate<Packet> drop) {
        dropFromA = Objects.requireNonNull(drop, "drop is null");
    }

    /**
     * Delays every segment A sends that {@code delay} selects by {@code extraMillis} beyond the link's own delay (a
     * scripted reordering: what A sends meanwhile overtakes it); {@code s -> false} stops it.
     */
    public void delayFromA(Predicate<Packet> delay, long extraMillis) {
        delayFromA = Objects.requireNonNull(delay, "delay is null");
        delayMillisA = extraMillis;
    }

    /** As {@link #dropFromA}, for what B sends. */
    public void dropFromB(Predicate<Packet> drop) {
        dropFromB = Objects.requireNonNull(drop, "drop is null");
    }

    /** Segments dropped by the scripted filters. */
    public long scriptedDrops() {
        return scriptedDrops;
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

    /** Applies the scripted drop filter of one side to what it sends. */
    private final class Gate implements Link {
        private final Link inner;
        private final boolean sideA;

        Gate(Link inner, boolean sideA) {
            this.inner = inner;
            this.sideA = sideA;
        }

        @Override
        public void send(byte[] packet) {
            Decoded d = Codec.decode(packet);
            if (d instanceof Decoded.Ok ok && (sideA ? dropFromA : dropFromB).test(ok.segment())) {
                scriptedDrops++;
                return;
            }
            if (sideA && d instanceof Decoded.Ok ok && inner instanceof MemoryLink m && delayFromA.test(ok.segment())) {
                m.sendDelayed(packet, delayMillisA);
                return;
            }
            inner.send(packet);
        }

        @Override
        public int receive(PacketReceiver receiver, int max) {
            return inner.receive(receiver, max);
        }

        @Override
        public long nextArrivalMillis() {
            return inner.nextArrivalMillis();
        }
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
