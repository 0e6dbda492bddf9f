package io.github.tcpmodel.cli;

import io.vavr.collection.List;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file the command produces, atomically: into a temporary file in the same folder, forced to the disk,
 * then renamed over the target, so that a reader (or a full disk) never sees half a file and a failed write leaves
 * the old one in place. It refuses to write onto one of the command's input files.
 */
final class OutputFile {

    private OutputFile() {
    }

    /** Why {@code target} cannot be an output next to {@code inputs}, or none: empty, an input, a folder. */
    static Either<String, Path> check(Path target, List<Path> inputs) {
        if (target.toString().isEmpty()) {
            return Either.left("an output file name is empty");
        }
        for (Path in : inputs) {
            if (same(target, in)) {
                return Either.left("will not write " + Shown.line(target) + ": it is the input "
                        + Shown.line(in));
            }
        }
        if (Files.isDirectory(target)) {
            return Either.left("cannot write " + Shown.line(target) + ": it is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // Renaming over a device or FIFO would replace it rather than write into it.
            return Either.left("cannot write " + Shown.line(target) + ": not a regular file (a FIFO, socket or "
                    + "device)");
        }
        return Either.right(target);
    }

    /** Writes {@code text} as UTF-8 to {@code target}; the error names the file and the system's reason. */
    static Either<String, Path> write(Path target, String text, List<Path> inputs) {
        return write(target, text.getBytes(StandardCharsets.UTF_8), inputs);
    }

    /** Writes {@code content} to {@code target}; the error names the file and the system's reason. */
    static Either<String, Path> write(Path target, byte[] content, List<Path> inputs) {
        Either<String, Path> ok = check(target, inputs);
        if (ok.isLeft()) {
            return ok;
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return Either.right(target);
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed; that is what the user needs to hear.
                }
            }
            return Either.left("cannot write " + Shown.line(target) + ": " + StdoutGuard.reason(e));
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // Fall back to comparing the names.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
