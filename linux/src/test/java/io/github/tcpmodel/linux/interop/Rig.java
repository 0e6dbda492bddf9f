package io.github.tcpmodel.linux.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.linux.netns.TunAssumptions;
import io.github.tcpmodel.engine.observation.TableMonitor;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** One engine facing one kernel in a namespace of its own, with a table monitor and a pcap; closes everything. */
final class Rig implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final EngineOnTun e;
    final TableMonitor monitor;
    final WireShadow wire = new WireShadow(Profile.linux());
    private boolean impaired;
    final CopyOnWriteArrayList<String> engineStates = new CopyOnWriteArrayList<>();

    private Rig(EngineOnTun e, TableMonitor monitor) {
        this.e = e;
        this.monitor = monitor;
    }

    static Rig open(String test) {
        return open(test, TunImpairments.NONE, TunImpairments.NONE);
    }

    static Rig open(String test, TunImpairments toEngine, TunImpairments toKernel) {
        TunAssumptions.assumeTun();
        ConnectionConfig config = ConnectionConfig.linux().withUserTimeout(120_000);
        EngineOnTun e = ok(EngineOnTun.open(test, config, toEngine, toKernel, test.hashCode(),
                Option.some(Path.of("target", "pcap", "interop-" + test + ".pcap"))));
        TableMonitor monitor = new TableMonitor(config.table());
        try {
            ok(e.driver().call(() -> {
                e.driver().stack().observe(monitor);
                return true;
            }));
        } catch (RuntimeException | Error failure) {
            e.close();
            throw failure;
        }
        Rig rig = new Rig(e, monitor);
        rig.impaired = toEngine.any() || toKernel.any();
        e.link().tap(rig.wire);
        return rig;
    }

    static <T> T ok(Either<? extends Object, T> r) {
        if (r.isLeft()) {
            fail(String.valueOf(r.getLeft()));
        }
        return r.get();
    }

    <T> T call(Supplier<T> task) {
        return ok(e.driver().call(task, WAIT));
    }

    void run(Runnable task) {
        call(() -> {
            task.run();
            return true;
        });
    }

    <T> T await(CompletableFuture<T> f) {
        return ok(EngineDriver.await(f, WAIT));
    }

    void until(String what, BooleanSupplier condition) {
        Either<String, Void> r = EngineDriver.await(e.driver().until(condition), WAIT);
        if (r.isLeft()) {
            fail(what + ": " + r.getLeft() + "; engine states " + engineStates);
        }
    }

    void awaitEngine(Connection c, TcpState state) {
        until("engine reaches " + state + " (now " + c.state() + ")", () -> c.tcpState() == state);
    }

    void awaitDeleted(Connection c) {
        until("engine connection deleted (now " + c.state() + ")", c::isDeleted);
    }

    Connection track(Connection c) {
        c.addStateListener((x, from, to) -> engineStates.add(to.rfcName()));
        return c;
    }

    /** Engine connects to the kernel's port; returns the connection once ESTABLISHED. */
    Connection engineConnects(int kernelPort) {
        Connection c = call(() -> track(e.driver().stack().connect(EngineOnTun.kernelAddress(), kernelPort)));
        awaitEngine(c, TcpState.ESTABLISHED);
        return c;
    }

    Listener engineListens(int port) {
        return call(() -> e.driver().stack().listen(port, 8));
    }

    Connection engineAccepts(Listener l) {
        until("engine accepts", () -> l.pending() > 0);
        return call(() -> track(l.accept().get()));
    }

    ServerSocketChannel kernelListens(int port) {
        return ok(e.ns().listen(EngineOnTun.KERNEL, port, 8));
    }

    SocketChannel kernelConnects(int enginePort) throws Exception {
        SocketChannel s = ok(e.ns().socket());
        s.connect(new InetSocketAddress(EngineOnTun.ENGINE, enginePort));
        return s;
    }

    static int localPort(SocketChannel s) throws Exception {
        return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }

    /** A kernel connection as the linux profile sees it, passive (after its listener's OPEN) or active. */
    KernelCheck check(int kernelPort, int enginePort, boolean passive) {
        KernelShadow s = ok(KernelShadow.of(Profile.linux()).on(passive ? Event.PASSIVE_OPEN : Event.ACTIVE_OPEN));
        return new KernelCheck(e.ns(), kernelPort, enginePort, s).withWire(wire);
    }

    static void agrees(Either<String, KernelCheck.Checkpoint> c) {
        KernelCheck.Checkpoint cp = ok(c);
        assertTrue(cp.agrees(), cp.toString());
    }

    static void predicted(Either<String, KernelCheck.Checkpoint> c, ConnectionState expected) {
        KernelCheck.Checkpoint cp = ok(c);
        assertEquals(expected, cp.predicted(), cp.toString());
        assertTrue(cp.agrees(), cp.toString());
    }

    @Override
    public void close() {
        try {
            e.close();
        } finally {
            assertEquals(java.util.List.of(), monitor.divergences(), "the table monitor stays silent");
            if (!impaired) {
                assertEquals(io.vavr.collection.List.empty(), wire.problems(),
                        "the linux profile's table accepts every event seen on the wire: " + wire.events());
            }
        }
    }
}
