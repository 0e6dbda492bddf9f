package io.github.tcpmodel.cli;

import io.vavr.control.Either;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line on standard error for reading a large file: after two seconds, once a second, how much of the
 * file has been read and how fast. The reading itself is not touched; a daemon thread samples a byte counter.
 */
final class ProgressLine implements AutoCloseable {

    private final PrintWriter err;
    private final long size;
    private final AtomicLong read = new AtomicLong();
    private final Either<String, InputStream> stream;
    private final Thread reporter;
    private volatile boolean shown;

    private ProgressLine(PrintWriter err, Path file) {
        this.err = err;
        long s;
        Either<String, InputStream> in;
        try {
            s = Files.size(file);
            in = Either.right(new Counting(Files.newInputStream(file), read));
        } catch (IOException e) {
            s = 0;
            in = Either.left("cannot read: " + StdoutGuard.reason(e));
        }
        this.size = s;
        this.stream = in;
        this.reporter = new Thread(this::report, "tcpmodel-progress");
        this.reporter.setDaemon(true);
    }

    /**
     * Starts sampling the reading of {@code file} when standard error is a terminal; elsewhere (a log, a pipe) the
     * carriage returns that redraw the line would only litter the file, so nothing is shown.
     */
    static ProgressLine start(PrintWriter err, Path file) {
        return start(err, file, stderrIsTerminal());
    }

    static ProgressLine start(PrintWriter err, Path file, boolean terminal) {
        ProgressLine p = new ProgressLine(err, file);
        if (terminal) {
            p.reporter.start();
        }
        return p;
    }

    /** Whether the line is being drawn (on a terminal). */
    boolean reporting() {
        return reporter.isAlive();
    }

    /** Whether file descriptor 2 is a terminal (Linux: it links to a tty or pseudo-terminal device). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The file's contents, counted as they are read; or why the file cannot be opened. */
    Either<String, InputStream> stream() {
        return stream;
    }

    private void report() {
        long start = System.nanoTime();
        try {
            Thread.sleep(2000);
            while (!Thread.currentThread().isInterrupted()) {
                long n = read.get();
                double seconds = (System.nanoTime() - start) / 1e9;
                err.printf("\rtcpmodel: read %d of %d MB (%d%%), %.0f MB/s ", n >> 20, size >> 20,
                        size == 0 ? 100 : n * 100 / size, n / 1e6 / seconds);
                err.flush();
                shown = true;
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stream.forEach(in -> {
            try {
                in.close();
            } catch (IOException e) {
                // Everything needed was read; a failing close loses nothing.
            }
        });
        reporter.interrupt();
        try {
            reporter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shown) {
            err.println();
            err.flush();
        }
    }

    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
