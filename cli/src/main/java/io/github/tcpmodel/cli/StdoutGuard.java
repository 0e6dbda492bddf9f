package io.github.tcpmodel.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Standard output that does not swallow write errors. {@link java.io.PrintWriter} and {@link java.io.PrintStream}
 * keep an {@code IOException} to themselves (a full disk, {@code > /dev/full}, a closed pipe) and the command would
 * exit 0 with its report lost; this stream turns the first one into a {@link Failed}, which unwinds the command at
 * once, and remembers it so that {@link Main} reports it with the system's reason and exit code 2.
 */
final class StdoutGuard extends OutputStream {

    /** A write to standard output failed; the command stops. */
    static final class Failed extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        Failed(IOException cause) {
            super("cannot write to standard output: " + reason(cause), cause);
        }
    }

    private final OutputStream out;
    private volatile IOException failure;

    StdoutGuard(OutputStream out) {
        this.out = out;
    }

    /** The first write error, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public void write(int b) {
        guard(() -> out.write(b));
    }

    @Override
    public void write(byte[] b, int off, int len) {
        guard(() -> out.write(b, off, len));
    }

    @Override
    public void flush() {
        guard(out::flush);
    }

    @Override
    public void close() {
        guard(out::close);
    }

    private interface Io {
        void run() throws IOException;
    }

    private void guard(Io io) {
        if (failure != null) {
            throw new Failed(failure);
        }
        try {
            io.run();
        } catch (IOException e) {
            failure = e;
            throw new Failed(e);
        }
    }

    /** The system's reason for {@code e} ({@code No space left on device}), without a path or class name. */
    static String reason(IOException e) {
        return io.github.tcpmodel.script.target.Scripts.reason(e);
    }
}
