package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.linux.tun.TunError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The thread that runs one {@link TcpStack} over a {@link TunLink} on the real clock. The engine is single-threaded:
 * every use of the stack or its connections goes through {@link #call} (run once on the driver's thread) or
 * {@link #until} (a job run after every turn of the loop until it says it is done). One turn: run submitted tasks
 * and jobs, wait for the kernel's packets at most until the engine's next timer (and never more than 10 ms, so that
 * submitted tasks are picked up), let the stack process them and its timers.
 */
public final class EngineDriver implements AutoCloseable {

    private static final long MAX_WAIT_MILLIS = 10;

    private final TcpStack stack;
    private final TunLink link;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Job> jobs = new ArrayList<>();
    private volatile boolean stopped;
    private volatile Option<Throwable> failure = Option.none();

    private record Job(BooleanSupplier step, CompletableFuture<Void> done) {
    }

    /** Starts a daemon thread named {@code name} that drives {@code stack}, whose link is {@code link}. */
    public EngineDriver(String name, TcpStack stack, TunLink link) {
        this.stack = Objects.requireNonNull(stack, "stack is null");
        this.link = Objects.requireNonNull(link, "link is null");
        this.thread = new Thread(this::loop, "engine-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (!stopped) {
                runTasks();
                stack.poll();
                runJobs();
                long next = stack.nextDeadline();
                long now = stack.now();
                long waitMillis = next == Long.MAX_VALUE ? MAX_WAIT_MILLIS
                        : Math.max(0, Math.min(MAX_WAIT_MILLIS, next - now));
                if (!tasks.isEmpty()) {
                    waitMillis = 0;
                }
                Either<TunError, Integer> r = link.pump(Duration.ofMillis(waitMillis));
                if (r.isLeft()) {
                    if (stopped) {
                        break;
                    }
                    // The device failed or went away under a running engine (its interface deleted, its descriptor
                    // closed by someone else): stop, and tell every caller why.
                    throw new IllegalStateException("TUN read failed: " + r.getLeft());
                }
                stack.poll();
                runJobs();
            }
        } catch (RuntimeException | Error e) {
            failure = Option.some(e);
        } finally {
            stopped = true;
            Throwable why = failure.getOrElse(() -> new IllegalStateException("engine driver stopped"));
            for (Job j : jobs) {
                j.done.completeExceptionally(why);
            }
            Runnable t;
            while ((t = tasks.poll()) != null) {
                t.run();
            }
        }
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            t.run();
        }
    }

    private void runJobs() {
        Iterator<Job> it = jobs.iterator();
        while (it.hasNext()) {
            Job j = it.next();
            try {
                if (j.step.getAsBoolean()) {
                    j.done.complete(null);
                    it.remove();
                }
            } catch (RuntimeException e) {
                j.done.completeExceptionally(e);
                it.remove();
            }
        }
    }

    /** Runs {@code task} on the driver's thread and returns its result, or why it did not within {@code timeout}. */
    public <T> Either<String, T> call(Supplier<T> task, Duration timeout) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            if (stopped && failure.isDefined()) {
                f.completeExceptionally(failure.get());
                return;
            }
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        if (stopped) {
            return Either.left("the engine driver has stopped" + failure.map(t -> ": " + t).getOrElse(""));
        }
        return await(f, timeout);
    }

    /** {@link #call(Supplier, Duration)} with a 10 s limit. */
    public <T> Either<String, T> call(Supplier<T> task) {
        return call(task, Duration.ofSeconds(10));
    }

    /**
     * Runs {@code step} on the driver's thread after every turn of its loop until it returns true; the future
     * completes then (or exceptionally if the step throws or the driver stops).
     */
    public CompletableFuture<Void> until(BooleanSupplier step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            if (stopped) {
                done.completeExceptionally(failure.getOrElse(() -> new IllegalStateException("engine driver stopped")));
                return;
            }
            jobs.add(new Job(step, done));
        });
        return done;
    }

    /** Waits for {@code f} up to {@code timeout}: its value, or why not. */
    public static <T> Either<String, T> await(CompletableFuture<T> f, Duration timeout) {
        try {
            return Either.right(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Either.left("timed out after " + timeout);
        } catch (ExecutionException e) {
            return Either.left(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Either.left("interrupted");
        }
    }

    /** Why the loop ended, if it failed. */
    public Option<Throwable> failure() {
        return failure;
    }

    /** The stack this driver runs (use it only through {@link #call}). */
    public TcpStack stack() {
        return stack;
    }

    /** The link. */
    public TunLink link() {
        return link;
    }

    /** Stops the loop and waits for its thread to end (the TUN device is closed by its owner). */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
