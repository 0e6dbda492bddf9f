package io.github.tcpmodel.linux.netns;

import io.vavr.control.Either;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running {@code tcpdump -U --immediate-mode -w FILE} on one interface of a namespace. {@link #stop} ends it
 * with SIGTERM, on which tcpdump writes out what it holds, and reads the file back.
 *
 * <p>Without {@code --immediate-mode} packets sit in the capture buffer and a quick stop loses them; without
 * {@code -U} they sit in the file buffer. tcpdump opens the file before it drops root for its own user, so it can
 * write under a build directory only root may write to.
 *
 * <p>Without {@code --immediate-mode} packets sit in the capture buffer and a quick stop loses them; without
 * {@code -U} they sit in the file buffer. {@code -Z root} keeps tcpdump from switching to its own user, who could
 * not write under the build's {@code target/}.
 */
public final class Capture implements AutoCloseable {
    private static final long START_SECONDS = 10;
    private static final long STOP_SECONDS = 10;
    private static final long SETTLE_MAX_MILLIS = 2_000;
    private static final long SETTLE_STEP_MILLIS = 25;
    private static final int SETTLE_ROUNDS = 4;

    private final Process process;
    private final Path file;
    private final String device;
    private final List<String> stderr;
    private final CompletableFuture<Void> drained;
    private Either<NetnsError, CaptureSummary> result;

    private Capture(Process process, Path file, String device, List<String> stderr,
                    CompletableFuture<Void> drained) {
        this.process = process;
        this.file = file;
        this.device = device;
        this.stderr = stderr;
        this.drained = drained;
    }

    static Either<NetnsError, Capture> start(List<String> inNamespace, String device, Path file) {
        if (!device.matches("[A-Za-z0-9_.-]{1,15}")) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT, "device name '" + device + "'"));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT,
                    "cannot create the directory of " + file + ": " + e.getMessage()));
        }
        List<String> argv = new ArrayList<>(inNamespace);
        // -B: a 32 MiB kernel buffer (tcpdump's default is 2 MiB), so that a burst of bulk traffic over veth is not
        // dropped before tcpdump reads it.
        argv.addAll(List.of("tcpdump", "-i", device, "-n", "-U", "--immediate-mode", "-B", "32768",
                "-w", file.toAbsolutePath().toString()));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Either.left(new NetnsError(NetnsError.Kind.NOT_AVAILABLE,
                    "cannot run tcpdump (apt-get install tcpdump): " + e.getMessage()));
        }
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> listening = new CompletableFuture<>();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.contains("listening on")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                lines.add("(reading tcpdump's messages failed: " + e.getMessage() + ")");
            } finally {
                listening.complete(null);
                drained.complete(null);
            }
        }, "tcpdump-" + device);
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED, "interrupted while tcpdump started"));
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED,
                    "tcpdump did not start listening within " + START_SECONDS + " s: " + lines));
        }
        if (!p.isAlive()) {
            return Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED,
                    "`" + String.join(" ", argv) + "` ended at once: " + String.join(" / ", lines)));
        }
        return Either.right(new Capture(p, file, device, lines, drained));
    }

    /** The pcap file being written. */
    public Path file() {
        return file;
    }

    /** The interface being captured. */
    public String device() {
        return device;
    }

    /**
     * Stops tcpdump (SIGTERM, so it writes out what it holds) and reads the file back. Idempotent: later calls
     * return the first result.
     */
    public synchronized Either<NetnsError, CaptureSummary> stop() {
        if (result != null) {
            return result;
        }
        try {
            settle();
            process.destroy();
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                result = Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED,
                        "tcpdump on " + device + " did not stop within " + STOP_SECONDS + " s"));
                return result;
            }
            drained.get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            result = Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED, "interrupted while stopping tcpdump"));
            return result;
        } catch (ExecutionException | TimeoutException e) {
            // The messages are only for diagnosis; the file is what counts.
        }
        result = CaptureSummary.read(file);
        return result;
    }

    /**
     * Waits until the file has stopped growing for a while (at most {@link #SETTLE_MAX_MILLIS}): on SIGTERM
     * tcpdump leaves its loop at once, and packets the kernel already handed to its socket but tcpdump had not yet
     * written (the last reply of a test, typically) would be lost.
     */
    private void settle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS);
        long last = -1;
        int unchanged = 0;
        while (unchanged < SETTLE_ROUNDS && System.nanoTime() < deadline && process.isAlive()) {
            long size = file.toFile().length();
            unchanged = size == last ? unchanged + 1 : 0;
            last = size;
            Thread.sleep(SETTLE_STEP_MILLIS);
        }
    }

    /** tcpdump's messages so far (its start line and, once stopped, its packet counts). */
    public List<String> messages() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** Stops the capture; see {@link #stop}. */
    @Override
    public void close() {
        stop();
    }
}
