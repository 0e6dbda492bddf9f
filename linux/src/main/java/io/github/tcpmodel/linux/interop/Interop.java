package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.PrintStream;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Entry points for the CLI and the tour: live runs of the engine against the Linux kernel in a namespace of their
 * own.
 */
public final class Interop {

    private static final int KERNEL_PORT = 7000;
    private static final int OCTETS = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Interop() {
    }

    /**
     * Engine client, Linux server, in a fresh namespace: handshake, {@value #OCTETS} octets each way, the engine
     * closes first, then the kernel. Prints both sides' states side by side as they change (the engine's from its
     * state listener, the kernel's from {@code ss}, with what the model's {@code linux} profile predicts for it),
     * and returns the result; {@link InteropResult.Skipped} without root or {@code /dev/net/tun}. The namespace is
     * deleted before it returns.
     */
    public static InteropResult liveHandshake(PrintStream out) {
        Objects.requireNonNull(out, "out is null");
        Option<String> missing = EngineOnTun.missing();
        if (missing.isDefined()) {
            out.println("skipped: " + missing.get());
            return new InteropResult.Skipped(missing.get());
        }
        Path pcap = Path.of(System.getProperty("java.io.tmpdir"), "tcpmodel-interop-" + ProcessHandle.current().pid()
                + ".pcap");
        Either<String, EngineOnTun> opened = EngineOnTun.open("live", ConnectionConfig.rfc9293(),
                TunImpairments.NONE, TunImpairments.NONE, System.nanoTime(), Option.some(pcap));
        if (opened.isLeft()) {
            out.println("skipped: " + opened.getLeft());
            return new InteropResult.Skipped(opened.getLeft());
        }
        try (EngineOnTun e = opened.get()) {
            return run(e, out, pcap);
        } catch (Exception ex) {
            out.println("failed: " + ex);
            return new InteropResult.Failed(String.valueOf(ex));
        }
    }

    /** Runs {@link #liveHandshake} on standard output; exits 0 if it completed in agreement, 2 if skipped, else 1. */
    public static void main(String[] args) {
        InteropResult r = liveHandshake(System.out);
        System.exit(r.ok() ? 0 : r instanceof InteropResult.Skipped ? 2 : 1);
    }

    private static InteropResult run(EngineOnTun e, PrintStream out, Path pcap) throws Exception {
        long start = System.nanoTime();
        AtomicReference<String> engineState = new AtomicReference<>("CLOSED");
        AtomicReference<String> kernelState = new AtomicReference<>("CLOSED");
        out.printf("%-9s %-13s %-13s %-14s %-14s %s%n", "time", "engine", "kernel (ss)", "linux profile",
                "  ... from wire", "step");
        Row row = (what) -> out.printf("%-9s %-13s %-13s %-14s %-14s %s%n",
                "+" + (System.nanoTime() - start) / 1_000_000 + "ms", engineState.get(), kernelState.get(), "", "",
                what);

        WireShadow wire = new WireShadow(Profile.linux());
        e.link().tap(wire);
        ServerSocketChannel server = e.ns().listen(EngineOnTun.KERNEL, KERNEL_PORT, 8).getOrElseThrow(
                err -> new IllegalStateException(String.valueOf(err)));
        KernelCheck listener = new KernelCheck(e.ns(), KERNEL_PORT, 0, KernelShadow.of(Profile.linux()));
        List<KernelCheck.Checkpoint> all = List.empty();
        all = all.append(checkpoint(listener.expect("kernel listens", Event.PASSIVE_OPEN), kernelState, out, start,
                engineState));

        Connection c = e.driver().call(() -> {
            Connection conn = e.driver().stack().connect(EngineOnTun.kernelAddress(), KERNEL_PORT);
            conn.addStateListener((x, from, to) -> {
                engineState.set(to.rfcName());
                row.print("engine " + from.rfcName() + " -> " + to.rfcName());
            });
            engineState.set(conn.state().rfcName());
            return conn;
        }).getOrElseThrow((String m) -> new IllegalStateException(m));
        row.print("engine connects");
        int enginePort = c.id().localPort();
        await(e.driver().until(() -> c.tcpState() == TcpState.ESTABLISHED || c.isDeleted()));
        if (c.tcpState() != TcpState.ESTABLISHED) {
            return new InteropResult.Failed("the engine did not reach ESTABLISHED: " + c.error().getOrElse("?"));
        }
        SocketChannel accepted = server.accept();
        KernelCheck conn = new KernelCheck(e.ns(), KERNEL_PORT, enginePort,
                KernelShadow.of(Profile.linux()).on(Event.PASSIVE_OPEN).get()).withWire(wire);
        all = all.append(checkpoint(conn.expect("handshake", Event.RCV_SYN, Event.RCV_ACK_OF_SYN), kernelState, out,
                start, engineState));

        EngineStreams.Pattern up = new EngineStreams.Pattern(1, OCTETS);
        EngineStreams.Pattern down = new EngineStreams.Pattern(2, OCTETS);
        CompletableFuture<Void> sent = EngineStreams.send(e.driver(), c, up, false);
        EngineStreams.Received atKernel = KernelStreams.receive(accepted, OCTETS);
        await(sent);
        CompletableFuture<EngineStreams.Received> atEngine = EngineStreams.receive(e.driver(), c, OCTETS);
        KernelStreams.send(accepted, down);
        EngineStreams.Received got = await(atEngine);
        if (!Arrays.equals(atKernel.sha256(), up.digest()) || !Arrays.equals(got.sha256(), down.digest())) {
            return new InteropResult.Failed("the transfer was not byte-exact");
        }
        row.print(OCTETS + " octets each way, SHA-256 equal");
        all = all.append(checkpoint(conn.expect("after the transfer", Event.RCV_ACK), kernelState, out, start,
                engineState));

        e.driver().call(() -> {
            c.close();
            return true;
        }).getOrElseThrow((String m) -> new IllegalStateException(m));
        row.print("engine close()");
        all = all.append(checkpoint(conn.expect("engine's FIN arrived", Event.RCV_FIN), kernelState, out, start,
                engineState));
        await(e.driver().until(() -> c.tcpState() == TcpState.FIN_WAIT_2));

        // Hold the engine's last ACK back, so that ss can see LAST-ACK before the ACK of the kernel's FIN arrives.
        e.link().holdToKernel(true);
        accepted.close();
        row.print("kernel close()");
        all = all.append(checkpoint(conn.closed("kernel closed", false), kernelState, out, start, engineState));
        e.link().holdToKernel(false);
        all = all.append(checkpoint(conn.expect("engine's ACK of FIN arrived", Event.RCV_ACK_OF_FIN), kernelState,
                out, start, engineState));
        await(e.driver().until(() -> c.tcpState() == TcpState.TIME_WAIT));
        row.print("done");
        server.close();
        InteropResult r = new InteropResult.Completed(all, OCTETS, pcap.toString());
        out.println(r.summary());
        return r;
    }

    @FunctionalInterface
    private interface Row {
        void print(String what);
    }

    private static KernelCheck.Checkpoint checkpoint(Either<String, KernelCheck.Checkpoint> c,
                                                     AtomicReference<String> kernelState, PrintStream out,
                                                     long start, AtomicReference<String> engineState) {
        KernelCheck.Checkpoint cp = c.getOrElseThrow((String m) -> new IllegalStateException(m));
        kernelState.set(cp.observed().rfcName());
        out.printf("%-9s %-13s %-13s %-14s %-14s %s%s%n", "+" + (System.nanoTime() - start) / 1_000_000 + "ms",
                engineState.get(), kernelState.get(), cp.predicted().rfcName(),
                cp.fromWire().map(w -> w.rfcName()).getOrElse("-"), "checkpoint: " + cp.label(),
                cp.agrees() ? "" : "  <-- DIFFERS");
        return cp;
    }

    private static <T> T await(CompletableFuture<T> f) {
        return EngineDriver.await(f, WAIT).getOrElseThrow((String m) -> new IllegalStateException(m));
    }
}
