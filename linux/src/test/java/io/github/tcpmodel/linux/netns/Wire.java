package io.github.tcpmodel.linux.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tcpmodel.linux.tun.TunDevice;
import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.time.Duration;

/** A namespace with a TUN device (kernel 10.77.0.1, this side 10.77.0.2) and a capture, for one test. */
public final class Wire implements AutoCloseable {
    public static final String KERNEL = "10.77.0.1";
    public static final String ENGINE = "10.77.0.2";
    public static final Duration WAIT = Duration.ofSeconds(3);

    public final NetNamespace ns;
    public final TunDevice tun;
    public final Option<Capture> capture;
    private List<TestPacket.Parsed> skipped = List.empty();

    private Wire(NetNamespace ns, TunDevice tun, Option<Capture> capture) {
        this.ns = ns;
        this.tun = tun;
        this.capture = capture;
    }

    public static Wire open(String testName) {
        TunAssumptions.assumeTun();
        NetNamespace ns = ok(NetNamespace.create());
        try {
            TunDevice tun = ok(ns.openTun(KERNEL + "/24"));
            Option<Capture> capture = Prerequisites.missingForCapture().isEmpty()
                    ? Option.some(ok(ns.capture(tun.name(), Path.of("target", "pcap", testName + ".pcap"))))
                    : Option.none();
            return new Wire(ns, tun, capture);
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
    }

    public static <T> T ok(Either<? extends Object, T> result) {
        if (result.isLeft()) {
            fail(String.valueOf(result.getLeft()));
        }
        return result.get();
    }

    public void send(int enginePort, int kernelPort, long seq, long ack, int flags, byte[] options, byte[] payload) {
        byte[] packet = TestPacket.tcp(TestPacket.ip(ENGINE), enginePort, TestPacket.ip(KERNEL), kernelPort, seq, ack,
                flags, 65_535, options, payload);
        assertEquals(packet.length, ok(tun.write(packet)));
    }

    public void send(int enginePort, int kernelPort, long seq, long ack, int flags) {
        send(enginePort, kernelPort, seq, ack, flags, new byte[0], new byte[0]);
    }

    /** The next TCP segment from kernelPort to enginePort, or none within the wait. */
    public Option<TestPacket.Parsed> next(int kernelPort, int enginePort, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Option.none();
            }
            Option<byte[]> raw = ok(tun.read(Duration.ofNanos(left)));
            if (raw.isEmpty()) {
                return Option.none();
            }
            TestPacket.Parsed p = TestPacket.parse(raw.get());
            if (p.isTcp() && p.srcPort() == kernelPort && p.dstPort() == enginePort) {
                assertTrue(p.checksumsValid(), "the kernel's checksums are valid: " + p.describe());
                return Option.some(p);
            }
            skipped = skipped.append(p);
        }
    }

    public TestPacket.Parsed expect(int kernelPort, int enginePort) {
        return next(kernelPort, enginePort, WAIT).getOrElse(() -> fail("no segment from " + KERNEL + ":"
                + kernelPort + " to " + ENGINE + ":" + enginePort + " within " + WAIT));
    }

    public TcpState state(int kernelPort, int enginePort) {
        return ok(ns.state(kernelPort, enginePort));
    }

    public Option<KernelSocket> socket(int kernelPort, int enginePort) {
        return ok(ns.sockets()).find(s -> s.connects(kernelPort, enginePort));
    }

    /** Polls ss until the kernel's socket is in {@code expected} or the wait is over; returns the last seen. */
    public TcpState awaitState(int kernelPort, int enginePort, TcpState expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TcpState seen = state(kernelPort, enginePort);
        while (seen != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = state(kernelPort, enginePort);
        }
        return seen;
    }

    public List<TestPacket.Parsed> skipped() {
        return skipped;
    }

    @Override
    public void close() {
        ns.close();
        assertTrue(tun.isClosed(), "the TUN device is closed with its namespace");
        assertTrue(!NetNamespace.exists(ns.name()), ns.name() + " is deleted");
    }
}
