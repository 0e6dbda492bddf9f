package io.github.tcpmodel.cli;

import io.github.tcpmodel.linux.interop.Interop;
import io.github.tcpmodel.linux.interop.InteropResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The tour's live part: the engine as a client and the Linux kernel as a server, through a TUN device in a fresh
 * network namespace (handshake, a checksummed transfer each way, close), both sides' states printed side by side.
 * Needs root and /dev/net/tun; otherwise it says why it is skipped.
 */
final class Live {

    private Live() {
    }

    /** Runs the live part, or says why it is skipped; false only when it ran and failed (a skip is no failure). */
    static boolean run(PrintWriter out, PrintWriter err) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        InteropResult r;
        try (PrintStream ps = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            r = Interop.liveHandshake(ps);
        }
        out.print(buffer.toString(StandardCharsets.UTF_8));
        out.flush();
        return r.ok() || r instanceof InteropResult.Skipped;
    }
}
