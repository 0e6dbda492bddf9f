package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checkpoints of one kernel connection: at each, the test names the events the kernel's socket has met since the
 * last one, the {@link KernelShadow} (the model's {@code linux} profile) predicts the state, and the kernel's state
 * is read with {@code ss} until it shows the prediction or {@link #SETTLE} passes (the kernel reacts to a segment
 * shortly after the engine sent it). Every checkpoint is kept.
 */
public final class KernelCheck {

    /** How long the kernel may take to reach a predicted state. */
    public static final Duration SETTLE = Duration.ofSeconds(3);

    private final NetNamespace ns;
    private final int kernelPort;
    private final int enginePort;
    private KernelShadow shadow;
    private io.vavr.control.Option<WireShadow> wire = io.vavr.control.Option.none();
    private List<Checkpoint> checkpoints = List.empty();

    /**
     * One comparison: what the profile predicts from the test's account of the events, what {@code ss} showed, and
     * (if a {@link WireShadow} is attached) what the profile predicts from the segments on the wire alone.
     */
    public record Checkpoint(String label, ConnectionState predicted, TcpState observed,
                             io.vavr.control.Option<ConnectionState> fromWire) {
        /** Whether the kernel is in the predicted state, and the wire's prediction is the same. */
        public boolean agrees() {
            return predicted.state() == observed && fromWire.forAll(predicted::equals);
        }

        @Override
        public String toString() {
            return label + ": linux profile predicts " + predicted.rfcName() + ", ss shows " + observed
                    + fromWire.map(w -> ", from the wire " + w.rfcName()).getOrElse("")
                    + (agrees() ? "" : "  <-- DIFFERS");
        }
    }

    /** Also compares every later checkpoint with the prediction {@code w} makes from the wire. */
    public KernelCheck withWire(WireShadow w) {
        this.wire = io.vavr.control.Option.some(Objects.requireNonNull(w, "w is null"));
        return this;
    }

    /** Checks the kernel's connection from {@code kernelPort} to {@code enginePort} (0 for a listener). */
    public KernelCheck(NetNamespace ns, int kernelPort, int enginePort, KernelShadow shadow) {
        this.ns = Objects.requireNonNull(ns, "ns is null");
        this.kernelPort = kernelPort;
        this.enginePort = enginePort;
        this.shadow = Objects.requireNonNull(shadow, "shadow is null");
    }

    /** The kernel's socket met {@code events}; compare at once (waiting up to {@link #SETTLE}). */
    public Either<String, Checkpoint> expect(String label, Event... events) {
        return advance(label, s -> s.on(events));
    }

    /** The kernel's application closed its socket, with or without unread text; compare. */
    public Either<String, Checkpoint> closed(String label, boolean unreadText) {
        return advance(label, s -> s.close(unreadText));
    }

    /**
     * The kernel's socket met {@code events} without a checkpoint: for states the kernel leaves faster than
     * {@code ss} can see them (e.g. FIN-WAIT-1 when the ACK of the FIN follows at once).
     */
    public Either<String, KernelShadow> meet(Event... events) {
        Either<String, KernelShadow> next = shadow.on(events);
        next.forEach(s -> shadow = s);
        return next;
    }

    /** The kernel's application closed its socket, without a checkpoint (see {@link #meet}). */
    public Either<String, KernelShadow> meetClose(boolean unreadText) {
        Either<String, KernelShadow> next = shadow.close(unreadText);
        next.forEach(s -> shadow = s);
        return next;
    }

    private Either<String, Checkpoint> advance(String label, Function<KernelShadow, Either<String, KernelShadow>> f) {
        Either<String, KernelShadow> next = f.apply(shadow);
        if (next.isLeft()) {
            return Either.left(label + ": " + next.getLeft());
        }
        shadow = next.get();
        TcpState want = shadow.tcpState();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Either<String, TcpState> seen = ns.state(kernelPort, enginePort).mapLeft(String::valueOf);
            if (seen.isLeft()) {
                return Either.left(label + ": " + seen.getLeft());
            }
            io.vavr.control.Option<ConnectionState> fromWire = wire.map(w -> w.shadow().state());
            boolean settled = seen.get() == want && fromWire.forAll(shadow.state()::equals);
            if (settled || System.nanoTime() - deadline > 0) {
                Checkpoint c = new Checkpoint(label, shadow.state(), seen.get(), fromWire);
                checkpoints = checkpoints.append(c);
                return Either.right(c);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Either.left(label + ": interrupted");
            }
        }
    }

    /** The kernel's port of the connection. */
    public int kernelPort() {
        return kernelPort;
    }

    /** The prediction now. */
    public KernelShadow shadow() {
        return shadow;
    }

    /** Every checkpoint so far. */
    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** The checkpoints where the kernel was not in the predicted state. */
    public List<Checkpoint> disagreements() {
        return checkpoints.filter(c -> !c.agrees());
    }
}
