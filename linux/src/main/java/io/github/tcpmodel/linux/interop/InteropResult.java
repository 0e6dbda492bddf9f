package io.github.tcpmodel.linux.interop;

import io.vavr.collection.List;

/** The outcome of a live run against the kernel: skipped (with why), completed, or failed (with why). */
public sealed interface InteropResult permits InteropResult.Skipped, InteropResult.Completed, InteropResult.Failed {

    /** Whether the run completed and the kernel agreed with the model at every checkpoint. */
    boolean ok();

    /** One line for a user. */
    String summary();

    /** The run could not start here (no root, no {@code /dev/net/tun}, a missing tool). */
    record Skipped(String reason) implements InteropResult {
        @Override
        public boolean ok() {
            return false;
        }

        @Override
        public String summary() {
            return "skipped: " + reason;
        }
    }

    /** The run completed; {@code checkpoints} compare the kernel's states with the {@code linux} profile. */
    record Completed(List<KernelCheck.Checkpoint> checkpoints, long octetsEachWay, String pcap)
            implements InteropResult {
        @Override
        public boolean ok() {
            return checkpoints.forAll(KernelCheck.Checkpoint::agrees);
        }

        @Override
        public String summary() {
            long agree = checkpoints.count(KernelCheck.Checkpoint::agrees);
            return "completed: " + octetsEachWay + " octets each way byte-exact; kernel state agrees with the linux"
                    + " profile at " + agree + " of " + checkpoints.size() + " checkpoints; pcap " + pcap;
        }
    }

    /** The run started but something went wrong. */
    record Failed(String reason) implements InteropResult {
        @Override
        public boolean ok() {
            return false;
        }

        @Override
        public String summary() {
            return "failed: " + reason;
        }
    }
}
