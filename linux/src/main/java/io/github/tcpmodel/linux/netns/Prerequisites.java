package io.github.tcpmodel.linux.netns;

import io.vavr.Lazy;
import io.vavr.control.Option;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this machine can run the TUN tests: a {@code /dev/net/tun} node, the tools, and the privilege to make a
 * namespace and a TUN device in it (root, or inside {@code unshare -rn}). Checked once per JVM, by doing it.
 */
public final class Prerequisites {
    private static final Lazy<Option<String>> TUN = Lazy.of(Prerequisites::probeTun);
    private static final Lazy<Option<String>> CAPTURE = Lazy.of(Prerequisites::probeCapture);
    private static final Lazy<Option<String>> NAMED = Lazy.of(Prerequisites::probeNamed);

    private Prerequisites() {
    }

    /** Why namespaces with a TUN device cannot be used here, or none if they can. */
    public static Option<String> missingForTun() {
        return TUN.get();
    }

    /** Why packets cannot be captured here (no tcpdump), or none if they can. */
    public static Option<String> missingForCapture() {
        return missingForTun().orElse(() -> CAPTURE.get());
    }

    /**
     * Why namespaces here are anonymous rather than named in {@code /run/netns} (inside {@code unshare -rn}), or
     * none if they are named; named ones are what the shutdown hook and the sweep of stale namespaces act on.
     */
    public static Option<String> missingForNamedNamespaces() {
        return missingForTun().orElse(() -> NAMED.get());
    }

    /** Whether this process runs in a user namespace other than the initial one (as under {@code unshare -r}). */
    public static boolean inUserNamespace() {
        try {
            String map = Files.readString(Path.of("/proc/self/uid_map")).strip();
            return !map.matches("0\\s+0\\s+4294967295");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Option<String> probeCapture() {
        if (inUserNamespace()) {
            // tcpdump started as (mapped) root always switches user, which a user namespace forbids.
            return Option.some("tcpdump cannot run in a user namespace (it fails switching to its own user)");
        }
        return missingTool("tcpdump");
    }

    private static Option<String> probeNamed() {
        return NetNamespace.create().fold(e -> Option.some(e.message()), ns -> {
            boolean named = ns.isNamed();
            ns.delete();
            return named ? Option.none()
                    : Option.some("network namespaces are anonymous here (no root in the initial user namespace, "
                            + "so /run/netns cannot be used)");
        });
    }

    private static Option<String> probeTun() {
        Path node = Path.of("/dev/net/tun");
        if (!Files.exists(node)) {
            return Option.some("/dev/net/tun does not exist (no TUN driver, or a container without the device)");
        }
        for (String tool : new String[] {"ip", "ss", "nsenter", "sysctl"}) {
            Option<String> missing = missingTool(tool);
            if (missing.isDefined()) {
                return missing;
            }
        }
        return NetNamespace.create().fold(
                e -> Option.some("cannot create a network namespace: " + e.message()),
                ns -> {
                    Option<String> why = ns.openTun("10.77.0.1/24").fold(
                            e -> Option.some("cannot create a TUN device in a namespace: " + e.message()),
                            dev -> Option.none());
                    return why.orElse(() -> ns.delete().fold(e -> Option.some(e.message()), n -> Option.none()));
                });
    }

    private static Option<String> missingTool(String tool) {
        String pathVar = System.getenv("PATH");
        String dirs = (pathVar == null ? "" : pathVar + File.pathSeparator) + "/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : dirs.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Option.none();
            }
        }
        return Option.some("`" + tool + "` is not installed (apt-get install iproute2 util-linux procps tcpdump)");
    }
}
