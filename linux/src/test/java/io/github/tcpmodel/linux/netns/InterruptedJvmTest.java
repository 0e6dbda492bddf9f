package io.github.tcpmodel.linux.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InterruptedJvmTest {

    @BeforeEach
    void needTun() {
        TunAssumptions.assumeNamedNamespaces();
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Process startProbe() throws Exception {
        String cp = String.join(File.pathSeparator, location(HookProbe.class), location(NetNamespace.class),
                location(com.sun.jna.Native.class), location(io.vavr.control.Either.class),
                location(io.github.tcpmodel.table.TcpState.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp,
                HookProbe.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String nameFrom(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String name = r.readLine();
        assertTrue(name != null && name.startsWith(NetNamespace.PREFIX + p.pid() + "-"), String.valueOf(name));
        return name;
    }

    @Test
    void sigtermRunsTheShutdownHookWhichDeletesTheNamespace() throws Exception {
        Process p = startProbe();
        try {
            String name = nameFrom(p);
            assertTrue(NetNamespace.exists(name));
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertFalse(NetNamespace.exists(name), name + " deleted by the child's shutdown hook");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigkillLeavesANamespaceThatTheSweepRemoves() throws Exception {
        Process p = startProbe();
        String name;
        try {
            name = nameFrom(p);
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertTrue(NetNamespace.exists(name), "SIGKILL gives no hook a chance");
        assertTrue(NetNamespace.sweepStale().contains(name));
        assertFalse(NetNamespace.exists(name));
        assertEquals(List.of(), NetNamespace.sweepStale().filter(n -> n.equals(name)).toJavaList());
    }
}
