package io.github.tcpmodel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tcpmodel interop}: the engine against the Linux kernel through a TUN device, live. */
@Command(name = "interop",
        mixinStandardHelpOptions = true,
        description = {"Run the engine against the Linux kernel, live: a fresh network namespace with a TUN device, "
                + "the engine as client and a kernel socket as server; handshake, 64 KiB each way (SHA-256 "
                + "compared), close. Both sides' states are printed side by side as they change, and the kernel's "
                + "states (from ss) are checked against the model's linux profile.",
                "Needs root and /dev/net/tun; without them it says why and exits 0.",
                "Exit codes: 0 completed or skipped, 1 the exchange failed."},
        footer = {"", "Example:", "  sudo ./tcpmodel interop"})
final class InteropCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Live.run(spec.commandLine().getOut(), spec.commandLine().getErr()) ? 0 : 1;
    }
}
