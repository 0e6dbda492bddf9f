package io.github.tcpmodel.cli;

import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** What is wrong with an input file before it is opened, in the words a user expects. */
final class Inputs {

    private Inputs() {
    }

    /**
     * Why {@code p} cannot be read as an input file, or none: it does not exist, is a directory, is not a regular
     * file (a FIFO would block the read forever, a device never ends), or is not readable.
     */
    static Option<String> problem(Path p) {
        if (p.toString().isEmpty()) {
            return Option.some("the file name is empty");
        }
        if (!Files.exists(p)) {
            return Option.some(Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? "a broken symbolic link"
                    : "no such file");
        }
        if (Files.isDirectory(p)) {
            return Option.some("is a directory");
        }
        if (!Files.isRegularFile(p)) {
            return Option.some("not a regular file (a FIFO, socket or device)");
        }
        if (!Files.isReadable(p)) {
            return Option.some("permission denied");
        }
        return Option.none();
    }
}
