package io.github.tcpmodel.linux.netns;

import static org.junit.jupiter.api.Assertions.fail;

import io.vavr.control.Option;
import org.junit.jupiter.api.Assumptions;

public final class TunAssumptions {
    public static final String REQUIRE = "TCPMODEL_REQUIRE_TUN";

    private TunAssumptions() {
    }

    public static void assumeTun() {
        skipOrFail(Prerequisites.missingForTun());
    }

    public static void assumeCapture() {
        skipOrFail(Prerequisites.missingForCapture());
    }

    public static void assumeNamedNamespaces() {
        skipOrFail(Prerequisites.missingForNamedNamespaces());
    }

    static void skipOrFail(Option<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE))) {
            fail(REQUIRE + "=1 but the TUN tests cannot run: " + missing.get());
        }
        Assumptions.abort("TUN tests skipped: " + missing.get()
                + " (run as root, or under `unshare -rn`; set " + REQUIRE + "=1 to make this a failure)");
    }
}
