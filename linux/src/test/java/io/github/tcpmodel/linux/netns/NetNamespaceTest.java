package io.github.tcpmodel.linux.netns;

import static io.github.tcpmodel.linux.netns.Wire.ENGINE;
import static io.github.tcpmodel.linux.netns.Wire.KERNEL;
import static io.github.tcpmodel.linux.netns.Wire.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.linux.tun.TunDevice;
import io.vavr.control.Option;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetNamespaceTest {

    @BeforeEach
    void needTun() {
        TunAssumptions.assumeTun();
    }

    private static Object inodeOfOwnNamespace() throws Exception {
        return Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino");
    }

    @Test
    void namespacesAreFreshUniqueAndGoneAfterClose() throws Exception {
        String first;
        String second;
        try (NetNamespace a = ok(NetNamespace.create()); NetNamespace b = ok(NetNamespace.create())) {
            first = a.name();
            second = b.name();
            assertTrue(first.matches("tcpm-" + ProcessHandle.current().pid() + "-\\d+"), first);
            assertNotEquals(first, second);
            Object inA = ok(a.inside(NetNamespaceTest::inodeOfOwnNamespace));
            Object inB = ok(b.inside(NetNamespaceTest::inodeOfOwnNamespace));
            assertNotEquals(inodeOfOwnNamespace(), inA);
            assertNotEquals(inA, inB);
            assertEquals(Files.getAttribute(Path.of(a.path()), "unix:ino"), inA);
            assertEquals(a.isNamed(), Prerequisites.missingForNamedNamespaces().isEmpty());
            assertEquals(a.isNamed(), NetNamespace.exists(first));
            assertEquals(b.isNamed(), NetNamespace.exists(second));
            // A fresh namespace has only its loopback, still down.
            String links = ok(a.run(List.of("ip", "-o", "link")));
            assertEquals(1, links.strip().lines().count(), links);
            assertTrue(links.contains("lo:"), links);
            assertTrue(ok(a.sockets()).isEmpty());
        }
        assertFalse(NetNamespace.exists(first));
        assertFalse(NetNamespace.exists(second));
        assertFalse(ok(io.github.tcpmodel.linux.netns.Command.run(List.of("ip", "netns", "list"))).contains(first));
    }

    @Test
    void tunIsConfiguredInsideTheNamespaceOnly() throws Exception {
        try (NetNamespace ns = ok(NetNamespace.create())) {
            TunDevice tun = ok(ns.openTun(KERNEL + "/24"));
            assertTrue(tun.name().matches("tcpm\\d+"), tun.name());
            String addr = ok(ns.run(List.of("ip", "-o", "-4", "addr", "show", "dev", tun.name())));
            assertTrue(addr.contains("inet " + KERNEL + "/24"), addr);
            String route = ok(ns.run(List.of("ip", "route", "get", ENGINE)));
            assertTrue(route.contains("dev " + tun.name()), route);
            assertEquals("1", ok(ns.run(List.of("sysctl", "-n", "net.ipv6.conf." + tun.name() + ".disable_ipv6")))
                    .strip());
            String link = ok(ns.run(List.of("ip", "-o", "link", "show", "dev", tun.name())));
            assertTrue(link.contains("UP"), link);
            assertTrue(ok(ns.run(List.of("ip", "-o", "link", "show", "dev", "lo"))).contains("UP"));
            // The device does not exist in this JVM's own namespace (the harness never makes one there).
            assertTrue(Command.run(List.of("ip", "link", "show", "dev", tun.name())).isLeft());

            ok(ns.route("10.99.0.0/16", tun.name()));
            assertTrue(ok(ns.run(List.of("ip", "route", "get", "10.99.3.4"))).contains("dev " + tun.name()));
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, ns.route("10.99.0.0", tun.name()).getLeft().kind());
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, ns.route("10.99.0.0/16", "a b").getLeft().kind());

            tun.close();
            assertTrue(ns.run(List.of("ip", "link", "show", "dev", tun.name())).isLeft(), "device deleted");
        }
    }

    @Test
    void cleanupHappensWhenTheTestBodyThrows() {
        String[] name = new String[1];
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
            try (Wire w = Wire.open("cleanup-on-throw")) {
                name[0] = w.ns.name();
                ok(w.ns.listen(KERNEL, 5010, 4));
                throw new IllegalStateException("test body failed");
            }
        });
        assertEquals("test body failed", thrown.getMessage());
        assertFalse(NetNamespace.exists(name[0]));
    }

    @Test
    void sweepDeletesNamespacesOfDeadProcessesOnly() throws Exception {
        TunAssumptions.assumeNamedNamespaces();
        // Above PID_MAX_LIMIT (2^22): no process can have this pid.
        String stale = NetNamespace.PREFIX + "4194305-0";
        String foreign = "tcpmx-4194305-0";
        ok(Command.run(List.of("ip", "netns", "add", stale)));
        try (NetNamespace live = ok(NetNamespace.create())) {
            ok(Command.run(List.of("ip", "netns", "add", foreign)));
            try {
                io.vavr.collection.List<String> swept = NetNamespace.sweepStale();
                assertTrue(swept.contains(stale), swept.toString());
                assertFalse(NetNamespace.exists(stale));
                assertTrue(NetNamespace.exists(live.name()), "a live process's namespace stays");
                assertTrue(NetNamespace.exists(foreign), "names without the tcpm- prefix stay");
            } finally {
                Command.run(List.of("ip", "netns", "del", foreign));
            }
        } finally {
            Command.run(List.of("ip", "netns", "del", stale));
        }
    }

    @Test
    void sysctlsArePerNamespaceAndOnlyNetKeysAreAccepted() {
        try (NetNamespace a = ok(NetNamespace.create()); NetNamespace b = ok(NetNamespace.create())) {
            String host = ok(Command.run(List.of("sysctl", "-n", "net.ipv4.tcp_sack"))).strip();
            assertEquals("0", ok(a.sysctl("net.ipv4.tcp_sack", "0")));
            assertEquals("0", ok(a.run(List.of("sysctl", "-n", "net.ipv4.tcp_sack"))).strip());
            assertEquals("1", ok(b.run(List.of("sysctl", "-n", "net.ipv4.tcp_sack"))).strip());
            assertEquals(host, ok(Command.run(List.of("sysctl", "-n", "net.ipv4.tcp_sack"))).strip());

            NetnsError global = a.sysctl("kernel.pid_max", "4096").getLeft();
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, global.kind());
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, a.sysctl("net.ipv4.tcp_sack", "1; reboot").getLeft().kind());
            assertEquals(NetnsError.Kind.COMMAND_FAILED, a.sysctl("net.ipv4.no_such_knob", "1").getLeft().kind());
        }
    }

    @Test
    void badArgumentsAreErrorValues() {
        try (NetNamespace ns = ok(NetNamespace.create())) {
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, ns.openTun("10.77.0.1").getLeft().kind());
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, ns.openTun("10.77.0.300/24").getLeft().kind());
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, ns.listen("example.com", 80, 1).getLeft().kind());
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, ns.listen(KERNEL, 0, 1).getLeft().kind());
            assertEquals(NetnsError.Kind.INVALID_ARGUMENT, ns.run(List.of()).getLeft().kind());
            NetnsError threw = ns.inside(() -> {
                throw new java.io.IOException("boom");
            }).getLeft();
            assertEquals(NetnsError.Kind.TASK_FAILED, threw.kind());
            assertTrue(threw.message().contains("boom"), threw.message());
            // Binding an address the namespace does not have fails inside, as a value (once lo is up: with every
            // interface down, Linux lets a socket bind any address).
            ok(ns.openTun(KERNEL + "/24"));
            assertEquals(NetnsError.Kind.TASK_FAILED, ns.listen("192.0.2.1", 80, 1).getLeft().kind());
            assertEquals(ns.name(), ok(ns.delete()));
            assertEquals(NetnsError.Kind.CLOSED, ns.socket().getLeft().kind());
            assertEquals(NetnsError.Kind.CLOSED, ns.sockets().getLeft().kind());
            assertTrue(ns.delete().isRight(), "delete is idempotent");
        }
    }

    @Test
    void kernelSocketsLiveInTheNamespace() throws Exception {
        try (Wire w = Wire.open("sockets-in-namespace")) {
            ServerSocketChannel server = ok(w.ns.listen(KERNEL, 5011, 4));
            KernelSocket listener = ok(w.ns.sockets()).single();
            assertEquals(io.github.tcpmodel.table.TcpState.LISTEN, listener.state());
            assertEquals(5011, listener.local().getPort());
            assertEquals(KERNEL, listener.local().getAddress().getHostAddress());
            // Not in this JVM's namespace: the kernel address is not even configured here.
            assertTrue(ok(Command.run(List.of("ss", "-H", "-tanl", "sport", "= :5011"))).isBlank());
            server.close();
            assertTrue(ok(w.ns.sockets()).isEmpty());
        }
    }

    @Test
    void icmpEchoThroughTheTunIsAnsweredAndCaptured() throws Exception {
        TunAssumptions.assumeCapture();
        Path pcap;
        try (Wire w = Wire.open("icmp-echo")) {
            byte[] data = "tcpmodel ping".getBytes(StandardCharsets.US_ASCII);
            byte[] request = TestPacket.icmpEcho(TestPacket.ip(ENGINE), TestPacket.ip(KERNEL), 0x77, 1, data);
            assertEquals(request.length, ok(w.tun.write(request)));
            TestPacket.Parsed reply = null;
            long deadline = System.nanoTime() + Wire.WAIT.toNanos();
            while (reply == null && System.nanoTime() < deadline) {
                Option<byte[]> raw = ok(w.tun.read(Duration.ofMillis(200)));
                if (raw.isDefined() && TestPacket.parse(raw.get()).protocol() == 1) {
                    reply = TestPacket.parse(raw.get());
                }
            }
            assertTrue(reply != null, "an echo reply");
            assertTrue(reply.checksumsValid());
            assertEquals(TestPacket.ip(KERNEL), reply.src());
            assertEquals(TestPacket.ip(ENGINE), reply.dst());
            assertEquals(0, reply.payload()[0], "type 0, echo reply");
            assertEquals(new String(data, StandardCharsets.US_ASCII),
                    new String(reply.payload(), 8, reply.payload().length - 8, StandardCharsets.US_ASCII));

            CaptureSummary summary = ok(w.capture.get().stop());
            pcap = summary.file();
            assertEquals(CaptureSummary.LINKTYPE_RAW, summary.linkType());
            assertEquals(2, summary.packets().size(), "the request and the reply, nothing else");
            assertTrue(java.util.Arrays.equals(request, summary.packets().get(0)));
            assertEquals(1, TestPacket.parse(summary.packets().get(1)).protocol());
        }
        assertTrue(Files.size(pcap) > 24);
    }

    @Test
    void aCorruptTcpChecksumIsDroppedByTheKernel() throws Exception {
        try (Wire w = Wire.open("bad-checksum-dropped")) {
            ok(w.ns.listen(KERNEL, 5012, 4));
            byte[] syn = TestPacket.tcp(TestPacket.ip(ENGINE), 40012, TestPacket.ip(KERNEL), 5012, 1, 0,
                    TestPacket.SYN, 65_535, TestPacket.mssOption(1460), new byte[0]);
            syn[37] ^= 0x5a;
            assertEquals(syn.length, ok(w.tun.write(syn)), "the TUN accepts it; the kernel drops it later");
            assertTrue(w.next(5012, 40012, Duration.ofMillis(300)).isEmpty(), "no SYN,ACK to a bad checksum");
            assertEquals(io.github.tcpmodel.table.TcpState.CLOSED, w.state(5012, 40012));
        }
    }
}
