package io.github.tcpmodel.script.target;

import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.NetnsError;
import io.github.tcpmodel.linux.netns.Prerequisites;
import io.github.tcpmodel.linux.tun.TunDevice;
import io.github.tcpmodel.script.CallResult;
import io.github.tcpmodel.script.Errno;
import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.OptionValue;
import io.github.tcpmodel.script.Script;
import io.github.tcpmodel.script.ScriptRunner;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.SocketCall;
import io.github.tcpmodel.script.Target;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Linux kernel as the system under test, as packetdrill drives it: a fresh network namespace per script with a
 * TUN device ({@code 192.168.0.1/16} on the kernel's side, packetdrill's local address), kernel sockets made on the
 * namespace's thread, the script's segments encoded octet by octet (checksums included) from the peer
 * {@code 192.0.2.1} (packetdrill's remote address; a script's {@code --local_ip} and {@code --remote_ip} replace
 * them) and
 * written into the TUN, and the kernel's segments read back from it. Calls run on a worker thread, so a blocking
 * {@code connect}, {@code accept} or {@code read} blocks only the worker while the script goes on.
 *
 * <p>The namespace keeps the kernel's default sysctls (its SYN carries MSS, SACK permitted, timestamps and window
 * scale), but for the duplicate and challenge ACK rate limits; a script's shell lines run in the namespace, where
 * they can change its {@code net.*} sysctls and nothing else ({@code /proc/sys} is read-only to them outside
 * {@code net}), and the namespace's deletion after the script restores them. The clock is the wall clock. The kernel listens
 * on port {@value #KERNEL_PORT}; an active open binds an ephemeral port on the local address towards the peer's
 * port {@value #PEER_PORT}. Socket calls are made through the C library ({@link SocketLibrary}) as the script
 * writes them, and answer the kernel's own return values and errnos; options are written to and read from the wire
 * octet by octet ({@link RawSegments}).
 */
public final class LinuxTarget implements Target, AutoCloseable {

    /** The environment variable that turns a missing TUN prerequisite from a skip into a failure. */
    public static final String REQUIRE_TUN = "TCPMODEL_REQUIRE_TUN";

    /** packetdrill's local and remote IPv4 addresses, as its run_all.py passes them. */
    static final String KERNEL_ADDRESS = "192.168.0.1";
    static final String PEER_ADDRESS = "192.0.2.1";

    /**
     * The IPv6 addresses of an {@code --ip_version=ipv6} run: the kernel's in the unique local prefix
     * fd3d:fa7b:d17d::/48 (RFC 4193) on the device, the script's in the documentation prefix 2001:db8::/32 (RFC
     * 3849) routed to the device, as packetdrill's scripts name them.
     */
    static final String KERNEL_ADDRESS6 = "fd3d:fa7b:d17d::1";
    static final String PEER_ADDRESS6 = "2001:db8::1";

    /** The 16 octets of IPv6 address {@code text}; IllegalArgumentException when it is not one. */
    static byte[] ipv6(String text) {
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            byte[] b = java.net.InetAddress.getByName(text).getAddress();
            if (b.length == 4) {
                // Java answers an IPv4-mapped address (::ffff:a.b.c.d) with its IPv4 address.
                return mapped(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
            }
            return b;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }

    /**
     * The names a script may use for values, as packetdrill's run_all.py defines them ({@code -D}) for IPv4:
     * {@code TFO_COOKIE} is the Fast Open cookie the kernel computes for the two addresses above under the key
     * {@code gtests/net/common/defaults.sh} sets; {@code CODE} is the code of an ICMP line that names it.
     */
    static final java.util.Map<String, String> DEFINITIONS = java.util.Map.of("TFO_COOKIE", "3021b9d889017eeb",
            "CODE", "host_unreachable");
    static final int KERNEL_PORT = 8080;
    static final int PEER_PORT = 40_000;

    /** The smallest timing tolerance on the wall clock, in microseconds (packetdrill's default is 4 ms). */
    static final long TOLERANCE = 50_000;

    /**
     * How long one script may run on the wall clock, in seconds: a time far in the future, or a call blocked until
     * one, fails the script instead of holding the run.
     */
    public static final long TIME_LIMIT_SECONDS = 120;

    /**
     * The limit in microseconds of script time. A wait whose deadline lies beyond it fails at once: the script
     * could not finish in time anyway.
     */
    private static final long LIMIT = TIME_LIMIT_SECONDS * 1_000_000;

    /** How long a call may take and still count as returning at once (microseconds). */
    private static final long QUICK = 15_000;

    /**
     * How long, past a call's deadline on the wall clock, the target waits for a call that the kernel no longer
     * blocks (its thread is runnable, or waits outside the socket call) to hand back its result (microseconds).
     */
    static final long GRACE = 2_000_000;

    /** How often the worker thread's kernel state is read while waiting out {@link #GRACE} (microseconds). */
    private static final long GRACE_POLL = 5_000;

    private final NetNamespace ns;
    private final TunDevice tun;
    private volatile int kernelAddr = Addresses.parse(KERNEL_ADDRESS);
    private volatile int peerAddr = Addresses.parse(PEER_ADDRESS);

    /**
     * The address family of a run, as packetdrill's {@code --ip_version} names it: {@code ipv4} (the default),
     * {@code ipv4-mapped-ipv6} (AF_INET6 sockets with IPv4-mapped addresses, IPv4 on the wire), {@code ipv6}.
     */
    enum Family { IPV4, IPV4_MAPPED, IPV6 }

    private volatile Family family = Family.IPV4;
    /** The kernel's and the script's IPv6 addresses of an {@code ipv6} run. */
    private volatile byte[] kernelAddr6 = ipv6(KERNEL_ADDRESS6);
    private volatile byte[] peerAddr6 = ipv6(PEER_ADDRESS6);
    private volatile long start = System.nanoTime();
    private final ExecutorService worker;
    private final Thread reader;
    private final LinkedBlockingQueue<Emitted> out = new LinkedBlockingQueue<>();
    /** The ports of each segment in {@link #out}, the kernel's then the script's, until it is taken. */
    private final java.util.Map<Emitted, Integer> portsOf = java.util.Collections.synchronizedMap(
            new java.util.IdentityHashMap<>());
    /** The ports, the kernel's then the script's, of the connections whose sockets the script closed. */
    private final java.util.Set<Integer> closedPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The script's file descriptors, numbered from 3 as the script expects, to the kernel's. */
    private final ConcurrentSkipListMap<Integer, Integer> fds = new ConcurrentSkipListMap<>();
    private int nextFd = 3;
    private volatile int kernelPort = KERNEL_PORT;
    /** The script's port: a new one for each passive connection after the first, as packetdrill's. */
    private volatile int peerPort = PEER_PORT;
    private int passiveConnections;
    private volatile boolean listening;
    /** The sequence number of the kernel's last SYN on the wire: what an ICMP message's quoted segment counts from. */
    private volatile long kernelIsn;
    private volatile boolean closing;
    /** Where the script's shell lines run (packetdrill runs them in the script's folder). */
    private java.nio.file.Path workDir;
    /**
     * The congestion control a shell line of the script chose (net.ipv4.tcp_congestion_control, packetdrill's
     * defaults.sh sets cubic): set on every socket the script makes (TCP_CONGESTION), because a namespace's default
     * may only be one the host allows (tcp_allowed_congestion_control: Linux refuses any other with EPERM outside the
     * initial namespace), while a socket of a process with CAP_NET_ADMIN may take any the kernel has.
     */
    private Option<String> congestionControl = Option.none();
    private Option<Future<Returned>> blocked = Option.none();
    /** The kernel's descriptor of the socket under test: the newest from socket or accept; -1 before one. */
    private volatile int underTest = -1;
    /** The script's Python blocks with the tcp_info of their time, run after its last line. */
    private final TcpInfoBlocks blocks = new TcpInfoBlocks();
    /** The kernel task id of the thread that reads the TUN device, or 0 before it runs. */
    private volatile int readerTid;
    /** The kernel task id of the worker thread that makes the socket calls, or 0 before its first call. */
    private volatile int workerTid;

    private LinuxTarget(NetNamespace ns, TunDevice tun) {
        this.ns = ns;
        this.tun = tun;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "linux-target-calls");
            t.setDaemon(true);
            return t;
        });
        this.reader = new Thread(this::readLoop, "linux-target-tun");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Why this machine cannot run the linux target, or none when it can. */
    public static Option<String> unavailable() {
        return Prerequisites.missingForTun();
    }

    /** A fresh namespace with its TUN device and deterministic sysctls; close it after the script. */
    public static Either<String, LinuxTarget> open() {
        Either<NetnsError, NetNamespace> made = NetNamespace.create();
        if (made.isLeft()) {
            return Either.left("cannot create a network namespace: " + made.getLeft().message());
        }
        NetNamespace ns = made.get();
        // As packetdrill's device: IFF_VNET_HDR with checksum and TSO offloads, so that the kernel's TCP sends
        // super-segments (one segment as long as TSO allows, compared as such) rather than MSS-sized pieces.
        Either<NetnsError, TunDevice> tun = ns.openTun(KERNEL_ADDRESS + "/16", TunDevice.TYPICAL_OFFLOADS);
        if (tun.isLeft()) {
            ns.close();
            return Either.left("cannot open the TUN device: " + tun.getLeft().message());
        }
        // packetdrill's device is tun0, and scripts' shell lines name it (tc qdisc ... dev tun0): the namespace is
        // the script's own, so the device takes that name (its addresses and routes stay with it).
        String dev = tun.get().name();
        Either<NetnsError, String> renamed = ns.run(java.util.List.of("ip", "link", "set", "dev", dev, "down"))
                .flatMap(x -> ns.run(java.util.List.of("ip", "link", "set", "dev", dev, "name", "tun0")))
                .flatMap(x -> ns.run(java.util.List.of("ip", "link", "set", "dev", "tun0", "up")))
                .flatMap(x -> ns.run(java.util.List.of("ip", "route", "replace", "192.168.0.0/16", "dev", "tun0",
                        "src", KERNEL_ADDRESS)))
                .flatMap(x -> ns.run(java.util.List.of("ip", "route", "replace", PEER_ADDRESS, "dev", "tun0",
                        "src", KERNEL_ADDRESS)));
        if (renamed.isLeft()) {
            ns.close();
            return Either.left("cannot name the TUN device tun0: " + renamed.getLeft().message());
        }
        // The kernel's defaults stand (timestamps, SACK, window scaling on; ECN answered when asked), but for the
        // rate limits of duplicate and challenge ACKs (RFC 5961 §7 lets them be tuned), so that every unacceptable
        // segment of a script gets its ACK however close together they come.
        for (String[] kv : List.of(new String[] {"tcp_invalid_ratelimit", "0"},
                new String[] {"tcp_challenge_ack_limit", "2147483647"})) {
            String key = kv[0];
            Either<NetnsError, String> set = ns.sysctl("net.ipv4." + key, kv[1]);
            if (set.isLeft()) {
                ns.close();
                return Either.left("cannot set net.ipv4." + key + ": " + set.getLeft().message());
            }
        }
        return Either.right(new LinuxTarget(ns, tun.get()));
    }

    /**
     * Runs {@code script} in a fresh namespace and answers its result: skipped when TUN namespaces are not
     * available here (failed instead when {@value #REQUIRE_TUN}=1).
     */
    static ScriptResult play(Script script, String name, String label) {
        return play(script, name, label, java.nio.file.Path.of(name).toAbsolutePath().getParent());
    }

    /** As {@link #play(Script, String, String)}, shell lines running in {@code dir} (the script's folder). */
    static ScriptResult play(Script script, String name, String label, java.nio.file.Path dir) {
        Option<String> missing = unavailable();
        if (missing.isDefined()) {
            boolean required = "1".equals(System.getenv(REQUIRE_TUN));
            return new ScriptResult(name, "linux", label,
                    required ? ScriptResult.Verdict.FAILED : ScriptResult.Verdict.SKIPPED,
                    "the linux target needs network namespaces and a TUN device: " + missing.get()
                            + (required ? " (" + REQUIRE_TUN + "=1)" : " (run as root; " + REQUIRE_TUN
                            + "=1 makes this a failure)"));
        }
        Option<String> refused = Scripts.refused(script, "linux");
        if (refused.isDefined()) {
            return new ScriptResult(name, "linux", label, ScriptResult.Verdict.INVALID, refused.get());
        }
        // The wall clock of a loaded machine (CI runs several builds on two cores) is not packetdrill's quiet
        // host: the tolerance is at least TOLERANCE. A failing script is run once more in a fresh namespace, not
        // to hide the failure but to tell a flaky script (it passes the second time) from a failing one: a flaky
        // script is a failure that reports both outcomes.
        Script lenient = new Script(script.file(), Option.some(Math.max(TOLERANCE,
                script.tolerance().getOrElse(0L))), script.events(), script.options());
        ScriptResult first = playOnce(lenient, name, label, dir);
        if (first.verdict() != ScriptResult.Verdict.FAILED) {
            return first;
        }
        ScriptResult second = playOnce(lenient, name, label, dir);
        return second.verdict() == ScriptResult.Verdict.PASSED
                ? new ScriptResult(name, "linux", label, ScriptResult.Verdict.FAILED,
                "flaky: the first run failed and a second run in a fresh namespace passed; the first run: "
                        + first.detail(), first.notApplicable())
                : first;
    }

    private static ScriptResult playOnce(Script script, String name, String label, java.nio.file.Path dir) {
        Either<String, LinuxTarget> t = open();
        if (t.isRight()) {
            t.get().workDir = dir;
        }
        if (t.isLeft()) {
            return new ScriptResult(name, "linux", label, ScriptResult.Verdict.FAILED, name + ": " + t.getLeft());
        }
        LinuxTarget target = t.get();
        ScriptResult result;
        try {
            target.warmUp();
            result = Scripts.result(name, "linux", label, ScriptRunner.run(script, target));
            if (result.verdict() == ScriptResult.Verdict.PASSED) {
                Option<String> raised = target.blocks.run();
                if (raised.isDefined()) {
                    result = new ScriptResult(name, "linux", label, ScriptResult.Verdict.FAILED,
                            name + ": a Python block failed: " + raised.get(), result.notApplicable());
                }
            }
        } catch (RuntimeException e) {
            result = new ScriptResult(name, "linux", label, ScriptResult.Verdict.FAILED,
                    name + ": target error: " + e);
        }
        try {
            target.close();
        } catch (RuntimeException e) {
            // NetNamespace.close() throws when the namespace could not be deleted: never a pass, then.
            result = new ScriptResult(name, "linux", label, ScriptResult.Verdict.FAILED,
                    name + ": cleaning up the namespace failed: " + e.getMessage());
        }
        return result;
    }

    /**
     * Makes and drops a socket of each kind in the namespace on the worker thread, so that class loading and the
     * first use of the namespace's thread do not fall inside the script's time; then starts the clock.
     */
    void warmUp() {
        try {
            worker.submit(() -> {
                workerTid = SocketLibrary.C.gettid();
                int fd = inside(() -> SocketLibrary.C.socket(SocketLibrary.AF_INET, SocketLibrary.SOCK_STREAM, 0));
                closeQuietly(fd);
                return 0;
            }).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A failure here shows again, as a target error, on the script's first call.
        }
        RawSegments.decode(RawSegments.encode(new ScriptSegment(HashSet.of(Flag.ACK), 0, 0, 0, List.empty(), 0),
                peerAddr, kernelAddr, PEER_PORT, KERNEL_PORT, 0, 0, 0));
        start = System.nanoTime();
    }

    // ---------------------------------------------------------------- Target

    @Override
    public long now() {
        return (System.nanoTime() - start) / 1000;
    }

    @Override
    public Either<String, Long> advanceTo(long micros) {
        if (micros > LIMIT) {
            return Either.left(overLimit());
        }
        long wait = micros - now();
        if (wait > 0) {
            try {
                TimeUnit.MICROSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Either.left("interrupted");
            }
        }
        return Either.right(now());
    }

    @Override
    public Either<String, Option<CallResult>> call(SocketCall call) {
        Objects.requireNonNull(call, "call is null");
        if (blocked.isDefined()) {
            return Either.left("a call is still blocked");
        }
        Future<Returned> f = worker.submit(() -> {
            workerTid = SocketLibrary.C.gettid();
            CallResult r = perform(call);
            return new Returned(now(), r);
        });
        try {
            Returned r = f.get(QUICK, TimeUnit.MICROSECONDS);
            return Either.right(Option.some(r.result()));
        } catch (TimeoutException e) {
            blocked = Option.some(f);
            return Either.right(Option.none());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Either.left("interrupted");
        } catch (ExecutionException e) {
            return Either.left(call + " failed: " + e.getCause());
        }
    }

    @Override
    public Either<String, Option<Returned>> awaitReturn(long deadline) {
        if (blocked.isEmpty()) {
            return Either.right(Option.none());
        }
        try {
            if (deadline > LIMIT) {
                return Either.left(overLimit());
            }
            Returned r;
            try {
                r = blocked.get().get(Math.max(0, deadline - now()), TimeUnit.MICROSECONDS);
            } catch (TimeoutException e) {
                Option<Returned> late = unlessBlocking(blocked.get());
                if (late.isEmpty()) {
                    return Either.right(Option.none());
                }
                r = late.get();
            }
            blocked = Option.none();
            return Either.right(Option.some(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Either.left("interrupted");
        } catch (ExecutionException e) {
            blocked = Option.none();
            return Either.left("the blocked call failed: " + e.getCause());
        }
    }

    /**
     * The result of a call that is still outstanding at its deadline on the wall clock, when the kernel no longer
     * blocks it; none when the kernel does. A loaded machine may not run the worker thread for a while after the
     * kernel has completed its call, so the wall clock alone would report a call as "still blocked" that the kernel
     * had answered in time. Whether the kernel still blocks the call is read from the worker thread's task state
     * ({@link #kernelBlocks}); while it does not, the result is waited for up to {@link #GRACE}. A call the kernel
     * really blocks past its deadline is reported as blocked, as before.
     */
    private Option<Returned> unlessBlocking(Future<Returned> f) throws InterruptedException, ExecutionException {
        long until = System.nanoTime() + GRACE * 1000;
        while (System.nanoTime() < until) {
            if (kernelBlocks(workerTid)) {
                return Option.none();
            }
            try {
                return Option.some(f.get(GRACE_POLL, TimeUnit.MICROSECONDS));
            } catch (TimeoutException e) {
                // Not yet handed back: read the task state again.
            }
        }
        return Option.none();
    }

    /**
     * Whether the kernel task {@code tid} sleeps inside a system call other than a futex wait: the state of a socket
     * call the kernel blocks (accept, connect, read, write, poll and the like; proc(5), {@code /proc/PID/task/TID/stat}
     * and {@code .../syscall}). A runnable task, one running in user space, and one waiting on a futex (the JVM's own
     * locks, the executor's queue) are not blocked by the kernel's TCP. Unknown (no task id, no procfs) counts as
     * blocked, the wall clock's answer.
     */
    static boolean kernelBlocks(int tid) {
        if (tid <= 0) {
            return true;
        }
        try {
            java.nio.file.Path task = java.nio.file.Path.of("/proc/self/task", Integer.toString(tid));
            String stat = java.nio.file.Files.readString(task.resolve("stat"));
            int close = stat.lastIndexOf(')');
            char state = close < 0 || close + 2 >= stat.length() ? '?' : stat.charAt(close + 2);
            if (state != 'S' && state != 'D') {
                return false;
            }
            String syscall = java.nio.file.Files.readString(task.resolve("syscall")).trim();
            String first = syscall.split("\\s+", 2)[0];
            if (first.equals("running")) {
                return false;
            }
            long nr = Long.parseLong(first);
            return nr >= 0 && nr != FUTEX;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The number of futex(2) on this machine's architecture (x86-64: 202; arm64: 98). */
    private static final long FUTEX = System.getProperty("os.arch", "").contains("aarch64") ? 98 : 202;

    @Override
    public Either<String, Long> inject(ScriptSegment segment) {
        return inject(segment, 0, 0);
    }

    @Override
    public Either<String, Long> inject(ScriptSegment segment, io.github.tcpmodel.script.ScriptEvent.Segment line) {
        return inject(segment, RawSegments.ecnBits(line.ecn()), (int) (long) line.urgent().getOrElse(0L));
    }

    private Either<String, Long> inject(ScriptSegment segment, int ecn, int urgent) {
        Objects.requireNonNull(segment, "segment is null");
        // Octet by octet: the options go out exactly as the script writes them.
        byte[] packet;
        try {
            packet = family == Family.IPV6
                    ? RawSegments.encode6(defined(segment), peerAddr6, kernelAddr6, peerPort(segment), kernelPort,
                    ecn, urgent, (int) Scripts.MAX_INJECTED_PAYLOAD)
                    : RawSegments.encode(defined(segment), peerAddr, kernelAddr, peerPort(segment), kernelPort, ecn,
                    urgent, (int) Scripts.MAX_INJECTED_PAYLOAD);
        } catch (IllegalArgumentException e) {
            return Either.left("cannot encode " + segment + ": " + e.getMessage());
        }
        if (segment.flags().contains(io.github.tcpmodel.script.Flag.SYN)
                && !segment.flags().contains(io.github.tcpmodel.script.Flag.ACK)) {
            // A SYN on the ports of a closed connection reopens the 4-tuple: what the kernel answers is the script's
            // again, before any accept() hands the new connection out.
            closedPorts.remove(ports(kernelPort, peerPort(segment)));
        }
        return tun.write(packet).mapLeft(e -> "writing to the TUN device: " + e.message()).map(n -> now());
    }

    @Override
    public Either<String, Option<Emitted>> awaitSegment(long deadline) {
        try {
            if (deadline > LIMIT) {
                return Either.left(overLimit());
            }
            Emitted e = out.poll(Math.max(0, deadline - now()), TimeUnit.MICROSECONDS);
            // The segment's time is the reader's: a loaded machine may leave the reader thread unscheduled while the
            // kernel's segment waits on the device. Past the deadline, a reader that is not waiting in its read of
            // the device (kernelBlocks) still has one to hand over: it is waited for, up to GRACE.
            long until = System.nanoTime() + GRACE * 1000;
            while (e == null && System.nanoTime() < until && !kernelBlocks(readerTid)) {
                e = out.poll(GRACE_POLL, TimeUnit.MICROSECONDS);
            }
            return Either.right(Option.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Either.left("interrupted");
        }
    }

    private static String overLimit() {
        return "the script runs past the linux target's limit of " + TIME_LIMIT_SECONDS + " s per script";
    }

    /** Closes the sockets, the device and the namespace. */
    @Override
    public void close() {
        closing = true;
        for (int fd : fds.values()) {
            closeQuietly(fd);
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tun.close();
        ns.close();
    }

    // ---------------------------------------------------------------- calls, on the worker thread

    private static final int SOL_SOCKET = 1;
    private static final int IPPROTO_TCP = 6;
    private static final java.util.Map<String, Integer> CONSTANTS = constants();

    private static java.util.Map<String, Integer> constants() {
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        Object[] kv = {"SOL_SOCKET", 1, "IPPROTO_TCP", 6, "SOL_TCP", 6, "IPPROTO_IP", 0, "SOL_IP", 0,
            "SO_REUSEADDR", 2, "SO_TYPE", 3, "SO_ERROR", 4, "SO_SNDBUF", 7, "SO_RCVBUF", 8, "SO_KEEPALIVE", 9,
            "SO_OOBINLINE", 10, "SO_PRIORITY", 12, "SO_LINGER", 13, "SO_REUSEPORT", 15, "SO_RCVLOWAT", 18,
            "SO_SNDLOWAT", 19, "SO_MARK", 36, "SO_MAX_PACING_RATE", 47, "SO_ZEROCOPY", 60,
            "TCP_NODELAY", 1, "TCP_MAXSEG", 2, "TCP_CORK", 3, "TCP_KEEPIDLE", 4, "TCP_KEEPINTVL", 5,
            "TCP_KEEPCNT", 6, "TCP_SYNCNT", 7, "TCP_LINGER2", 8, "TCP_DEFER_ACCEPT", 9, "TCP_WINDOW_CLAMP", 10,
            "TCP_QUICKACK", 12, "TCP_USER_TIMEOUT", 18, "TCP_FASTOPEN", 23, "TCP_NOTSENT_LOWAT", 25,
            "TCP_FASTOPEN_CONNECT", 30, "TCP_FASTOPEN_NO_COOKIE", 34, "TCP_INQ", 36, "TCP_TX_DELAY", 37,
            "F_GETFL", 3, "F_SETFL", 4, "O_RDONLY", 0, "O_WRONLY", 1, "O_RDWR", 2, "O_NONBLOCK", 0x800,
            "MSG_OOB", 1, "MSG_PEEK", 2, "MSG_DONTROUTE", 4, "MSG_TRUNC", 0x20, "MSG_DONTWAIT", 0x40,
            "MSG_EOR", 0x80, "MSG_WAITALL", 0x100, "MSG_ERRQUEUE", 0x2000, "MSG_NOSIGNAL", 0x4000,
            "MSG_MORE", 0x8000, "MSG_ZEROCOPY", 0x4000000, "MSG_FASTOPEN", 0x20000000,
            "POLLIN", 1, "POLLPRI", 2, "POLLOUT", 4, "POLLERR", 8, "POLLHUP", 0x10, "POLLNVAL", 0x20,
            "POLLRDNORM", 0x40, "POLLRDBAND", 0x80, "POLLWRNORM", 0x100, "POLLWRBAND", 0x200, "POLLRDHUP", 0x2000,
            "SHUT_RD", 0, "SHUT_WR", 1, "SHUT_RDWR", 2,
            "IP_TOS", 1, "IP_MTU_DISCOVER", 10, "IP_FREEBIND", 15, "IP_PMTUDISC_DONT", 0, "IP_PMTUDISC_WANT", 1,
            "IP_PMTUDISC_DO", 2, "IP_PMTUDISC_PROBE", 3, "TCP_CONGESTION", 13, "TCP_FASTOPEN_KEY", 33,
            "SO_TIMESTAMPING", 37, "SOF_TIMESTAMPING_TX_HARDWARE", 1, "SOF_TIMESTAMPING_TX_SOFTWARE", 1 << 1,
            "SOF_TIMESTAMPING_RX_HARDWARE", 1 << 2, "SOF_TIMESTAMPING_RX_SOFTWARE", 1 << 3,
            "SOF_TIMESTAMPING_SOFTWARE", 1 << 4, "SOF_TIMESTAMPING_SYS_HARDWARE", 1 << 5,
            "SOF_TIMESTAMPING_RAW_HARDWARE", 1 << 6, "SOF_TIMESTAMPING_OPT_ID", 1 << 7,
            "SOF_TIMESTAMPING_TX_SCHED", 1 << 8, "SOF_TIMESTAMPING_TX_ACK", 1 << 9,
            "SOF_TIMESTAMPING_OPT_CMSG", 1 << 10, "SOF_TIMESTAMPING_OPT_TSONLY", 1 << 11,
            "SOF_TIMESTAMPING_OPT_STATS", 1 << 12,
            "SOL_IPV6", 41, "CMSG_LEVEL_IP", 0, "CMSG_TYPE_RECVERR", 11, "IP_RECVERR", 11, "IPV6_RECVERR", 25,
            "SCM_TIMESTAMPING", 37, "TCP_CM_INQ", 36, "MSG_CTRUNC", 8, "ENOMSG", 42,
            "SO_EE_ORIGIN_NONE", 0, "SO_EE_ORIGIN_LOCAL", 1, "SO_EE_ORIGIN_ICMP", 2, "SO_EE_ORIGIN_ICMP6", 3,
            "SO_EE_ORIGIN_TIMESTAMPING", 4, "SO_EE_ORIGIN_ZEROCOPY", 5, "SO_EE_CODE_ZEROCOPY_COPIED", 1,
            "SCM_TSTAMP_SND", 0, "SCM_TSTAMP_SCHED", 1, "SCM_TSTAMP_ACK", 2};
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Calls this target makes, beyond the classic ones. */
    private static final List<String> GENERIC = List.of("send", "sendto", "sendmsg", "recv", "recvfrom", "recvmsg",
            "fcntl",
            "getsockopt", "setsockopt", "poll", "shutdown", "bind", "listen", "accept", "connect", "write", "read",
            "close", "socket", "open", "sendfile");

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public Option<String> notApplicable(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g
                && GENERIC.contains(g.name())) {
            return Option.none();
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Command) {
            return Option.none();
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Code) {
            return PYTHON ? Option.none() : Option.some("a Python block (python3 is not on this machine's path)");
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Icmp icmp) {
            if (icmp.direction() != io.github.tcpmodel.script.Direction.INBOUND) {
                return Option.some("an expected ICMP message (this target reads only TCP from the device)");
            }
            if (family == Family.IPV6) {
                return Option.some("an ICMP message on an IPv6 run (this target injects ICMPv4 only, not ICMPv6)");
            }
            if (!ICMP_TYPES.containsKey(icmp.type())) {
                return Option.some("an ICMP message of type " + icmp.type() + " (this target sends ICMPv4 "
                        + String.join(", ", new java.util.TreeSet<>(ICMP_TYPES.keySet())) + ")");
            }
            return Option.none();
        }
        return Target.super.notApplicable(event);
    }

    @Override
    public List<String> partly(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g
                && g.name().equals("recvmsg") && g.toString().contains("SCM_TIMESTAMPING")) {
            return List.of("the times of an SCM_TIMESTAMPING control message (the kernel's clock) are not compared; "
                    + "its level and type are");
        }
        return List.empty();
    }

    /**
     * The code of ICMP line {@code icmp} as packetdrill reads it: a number, or a Destination Unreachable code's name
     * (a name the runner defines, {@code CODE}, first replaced by its value); 0 when the line writes none.
     */
    static Either<String, Integer> icmpCode(io.github.tcpmodel.script.ScriptEvent.Icmp icmp) {
        Option<String> codeName = icmp.code().map(c -> DEFINITIONS.getOrDefault(c, c));
        if (codeName.isEmpty()) {
            return Either.right(0);
        }
        if (codeName.get().matches("[0-9]+")) {
            return Either.right(Integer.parseInt(codeName.get()));
        }
        if (icmp.type().equals("unreachable") && UNREACHABLE_CODES.contains(codeName.get())) {
            return Either.right(UNREACHABLE_CODES.indexOf(codeName.get()));
        }
        return Either.left("unknown ICMP code " + codeName.get() + " for type " + icmp.type());
    }

    /**
     * The quoted segment of ICMP line {@code icmp}, {@code [start:end(length)]}, as {start, length} relative to the
     * ISN of the side that sent it; {0, 0} when the line quotes none.
     */
    static Either<String, long[]> icmpQuoted(io.github.tcpmodel.script.ScriptEvent.Icmp icmp) {
        if (icmp.echoed().isEmpty()) {
            return Either.right(new long[] {0, 0});
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d+):(\\d+)\\((\\d+)\\)\\s*")
                .matcher(icmp.echoed().get());
        if (!m.matches()) {
            return Either.left("cannot read the quoted segment [" + icmp.echoed().get() + "]");
        }
        return Either.right(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(3))});
    }

    /** ICMPv4 types this target injects (RFC 792), by packetdrill's names. */
    static final java.util.Map<String, Integer> ICMP_TYPES = java.util.Map.of(
            "unreachable", 3, "source_quench", 4, "time_exceeded", 11);

    /** The codes of Destination Unreachable (RFC 792, RFC 1812 §5.2.7.1), by packetdrill's names. */
    private static final List<String> UNREACHABLE_CODES = List.of("net_unreachable", "host_unreachable",
            "protocol_unreachable", "port_unreachable", "frag_needed", "source_route_failed", "net_unknown",
            "host_unknown", "source_host_isolated", "net_prohibited", "host_prohibited", "net_unreachable_for_tos",
            "host_unreachable_for_tos", "packet_filtered", "precedence_violation", "precedence_cutoff");

    /**
     * An ICMPv4 message from the peer about a segment the kernel sent (RFC 792; RFC 9293 §3.9.1.8 lists what TCP
     * does with it), built as packetdrill builds it: the quoted IP header from the kernel's address to the peer's
     * and the first 8 octets of TCP (ports and sequence number), the sequence number {@code [start:...]} counted from
     * the kernel's ISN (0 when the line quotes none), the next-hop MTU in the fourth octet pair for
     * {@code frag_needed}.
     */
    private Either<String, Long> injectIcmp(io.github.tcpmodel.script.ScriptEvent.Icmp icmp) {
        int type = ICMP_TYPES.get(icmp.type());
        Either<String, Integer> parsedCode = icmpCode(icmp);
        if (parsedCode.isLeft()) {
            return Either.left(parsedCode.getLeft());
        }
        int code = parsedCode.get();
        Either<String, long[]> range = icmpQuoted(icmp);
        if (range.isLeft()) {
            return Either.left(range.getLeft());
        }
        long start = range.get()[0];
        long length = range.get()[1];
        long seq = (kernelIsn + start) & 0xffff_ffffL;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 + 8 + 20 + 8);
        // The outer IPv4 header, from the peer to the kernel.
        b.put((byte) 0x45).put((byte) 0).putShort((short) 56).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).putInt(peerAddr).putInt(kernelAddr);
        // ICMP: type, code, checksum, then unused (or the next-hop MTU of RFC 1191 §4 in the low 16 bits).
        b.put((byte) type).put((byte) code).putShort((short) 0)
                .putShort((short) 0).putShort((short) (long) icmp.mtu().getOrElse(0L));
        // The quoted IPv4 header of the kernel's segment and the first 8 octets of its TCP header.
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 20 + length)).putShort((short) 0)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt(kernelAddr).putInt(peerAddr);
        b.putShort((short) kernelPort).putShort((short) peerPort).putInt((int) seq);
        byte[] p = b.array();
        int quoted = RawSegments.internetChecksum(p, 28, 20);
        p[38] = (byte) (quoted >> 8);
        p[39] = (byte) quoted;
        int icmpSum = RawSegments.internetChecksum(p, 20, p.length - 20);
        p[22] = (byte) (icmpSum >> 8);
        p[23] = (byte) icmpSum;
        int ipSum = RawSegments.internetChecksum(p, 0, 20);
        p[10] = (byte) (ipSum >> 8);
        p[11] = (byte) ipSum;
        return tun.write(p).mapLeft(e -> "writing to the TUN device: " + e.message()).map(n -> now());
    }

    /** A shell line's choice of congestion control: {@code net.ipv4.tcp_congestion_control=NAME}. */
    private static final java.util.regex.Pattern CONGESTION_CONTROL = java.util.regex.Pattern.compile(
            "(?:net\\.ipv4\\.|/proc/sys/net/ipv4/)tcp_congestion_control\\s*=\\s*\"?([a-z0-9_]+)");

    /** TCP_CONGESTION, the socket option naming a socket's congestion control (linux/tcp.h). */
    private static final int TCP_CONGESTION = 13;

    /** How long a shell line may run. */
    private static final long SHELL_SECONDS = 30;

    /** Whether python3 runs here, for the scripts' Python blocks ({@link TcpInfoBlocks}). */
    static final boolean PYTHON = python();

    private static boolean python() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "pass").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The kernel's {@code struct tcp_info} of the socket under test now (the script's newest socket, from {@code
     * socket} or {@code accept}, as packetdrill's), decoded; none when there is no such socket or the kernel refuses.
     */
    Option<java.util.Map<String, Long>> tcpInfo() {
        int fd = underTest;
        if (fd < 0) {
            return Option.none();
        }
        byte[] info = new byte[TcpInfoBlocks.SIZE];
        int[] len = {info.length};
        try {
            SocketLibrary.C.getsockopt(fd, TcpInfoBlocks.IPPROTO_TCP, TcpInfoBlocks.TCP_INFO, info, len);
        } catch (com.sun.jna.LastErrorException e) {
            return Option.none();
        }
        return Option.some(TcpInfoBlocks.decode(info, len[0]));
    }

    @Override
    public Either<String, Long> other(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Icmp icmp) {
            return injectIcmp(icmp);
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Code code) {
            // Read now, run after the last line (TcpInfoBlocks): getsockopt is quick, python3's start-up is not.
            blocks.add(new TcpInfoBlocks.Block(code.position().line(), code.code(), tcpInfo()));
            return Either.right(now());
        }
        if (!(event instanceof io.github.tcpmodel.script.ScriptEvent.Command cmd)) {
            return Target.super.other(event);
        }
        java.util.regex.Matcher cc = CONGESTION_CONTROL.matcher(
                ModelTarget.shellText(cmd, Option.of(workDir)));
        while (cc.find()) {
            congestionControl = Option.some(cc.group(1));
        }
        // In the namespace, in a mount namespace of its own where /proc/sys is read-only but for net/: the line
        // may change the namespace's sysctls (deleted with it) and nothing of the host's.
        String guard = "mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && "
                + "mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net && exec "
                + "/bin/sh -c \"$1\"";
        ProcessBuilder pb = new ProcessBuilder("nsenter", "--net=" + ns.path(), "unshare", "--mount",
                "--propagation", "private", "/bin/sh", "-c", guard, "sh", cmd.command());
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().put("PACKETDRILL_PID", String.valueOf(ProcessHandle.current().pid()));
        pb.redirectErrorStream(true);
        java.nio.file.Path log = null;
        try {
            log = java.nio.file.Files.createTempFile("tcpm-shell", ".log");
            pb.redirectOutput(log.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(SHELL_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Either.left("the shell line ran longer than " + SHELL_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                String out = java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8).strip();
                return Either.left("the shell line exited with status " + p.exitValue()
                        + (out.isEmpty() ? "" : ": " + out.lines().limit(3).collect(
                        java.util.stream.Collectors.joining(" / "))));
            }
            return Either.right(now());
        } catch (IOException e) {
            return Either.left("cannot run the shell line: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Either.left("interrupted");
        } finally {
            if (log != null) {
                try {
                    java.nio.file.Files.deleteIfExists(log);
                } catch (IOException e) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }

    @Override
    public Option<String> option(String name, String value) {
        return switch (name) {
            case "tolerance_usecs" -> Option.none();
            case "ip_version" -> ipVersion(value);
            case "local_ip", "remote_ip" -> family == Family.IPV6 ? address6(name, value) : address(name, value);
            default -> Option.some("the option --" + name + (value.isEmpty() ? "" : "=" + value)
                    + " is not applied: the kernel target runs on its TUN device with the device's MTU");
        };
    }

    /**
     * {@code --ip_version}: {@code ipv4}; {@code ipv4-mapped-ipv6}, whose sockets are AF_INET6 with the IPv4
     * addresses mapped (the wire stays IPv4); {@code ipv6}, whose addresses {@link #KERNEL_ADDRESS6} and
     * {@link #PEER_ADDRESS6} are put on the device (without duplicate address detection, so that they are usable at
     * once) unless {@code --local_ip} or {@code --remote_ip} name others. Comes before the script's first line.
     */
    private Option<String> ipVersion(String value) {
        switch (value) {
            case "ipv4":
                family = Family.IPV4;
                return Option.none();
            case "ipv4-mapped-ipv6":
                family = Family.IPV4_MAPPED;
                return Option.none();
            case "ipv6": {
                // The namespace's devices may start with IPv6 off (net.ipv6.conf.default.disable_ipv6).
                Either<NetnsError, String> done = ns.sysctl("net.ipv6.conf.tun0.disable_ipv6", "0")
                        .flatMap(x -> ns.run(java.util.List.of("ip", "-6", "addr", "add",
                        KERNEL_ADDRESS6 + "/48", "dev", "tun0", "nodad")))
                        .flatMap(x -> ns.run(java.util.List.of("ip", "-6", "route", "replace", PEER_ADDRESS6,
                                "dev", "tun0", "src", KERNEL_ADDRESS6)));
                if (done.isLeft()) {
                    return Option.some("the option --ip_version=ipv6 could not be applied: "
                            + done.getLeft().message());
                }
                family = Family.IPV6;
                return Option.none();
            }
            default:
                return Option.some("the option --ip_version=" + value + " is not applied: packetdrill's versions are "
                        + "ipv4, ipv4-mapped-ipv6 and ipv6");
        }
    }

    /** {@code --local_ip} or {@code --remote_ip} of an IPv6 run, as {@link #address} for IPv4. */
    private Option<String> address6(String name, String value) {
        byte[] addr;
        try {
            addr = ipv6(value);
        } catch (IllegalArgumentException e) {
            return Option.some("the option --" + name + "=" + value + " is not applied: not an IPv6 address");
        }
        boolean local = name.equals("local_ip");
        if (java.util.Arrays.equals(addr, local ? kernelAddr6 : peerAddr6)) {
            return Option.none();
        }
        String text = ipv6Text(addr);
        String localText = local ? text : ipv6Text(kernelAddr6);
        java.util.List<String> step = local
                ? java.util.List.of("ip", "-6", "addr", "add", text + "/128", "dev", "tun0", "nodad")
                : java.util.List.of("ip", "-6", "route", "replace", text, "dev", "tun0", "src", localText);
        Either<NetnsError, String> done = ns.run(step);
        if (done.isLeft()) {
            return Option.some("the option --" + name + "=" + value + " could not be applied: "
                    + done.getLeft().message());
        }
        if (local) {
            kernelAddr6 = addr;
            ns.run(java.util.List.of("ip", "-6", "route", "replace", ipv6Text(peerAddr6), "dev", "tun0", "src",
                    text));
        } else {
            peerAddr6 = addr;
        }
        return Option.none();
    }

    private static String ipv6Text(byte[] addr) {
        try {
            return java.net.InetAddress.getByAddress(addr).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * {@code --local_ip} (the kernel's address, added to the device) or {@code --remote_ip} (the script's, routed
     * to the device), as packetdrill takes them; IPv4 only.
     */
    private Option<String> address(String name, String value) {
        int addr;
        try {
            addr = Addresses.parse(value);
        } catch (IllegalArgumentException e) {
            return Option.some("the option --" + name + "=" + value + " is not applied: the kernel target runs IPv4");
        }
        boolean local = name.equals("local_ip");
        if (addr == (local ? kernelAddr : peerAddr)) {
            return Option.none();
        }
        String localText = local ? value : Addresses.format(kernelAddr);
        java.util.List<String> step = local
                ? java.util.List.of("ip", "addr", "replace", value + "/32", "dev", "tun0")
                : java.util.List.of("ip", "route", "replace", value, "dev", "tun0", "src", localText);
        Either<NetnsError, String> done = ns.run(step);
        if (done.isLeft()) {
            return Option.some("the option --" + name + "=" + value + " could not be applied: "
                    + done.getLeft().message());
        }
        if (local) {
            kernelAddr = addr;
            // The peer's route takes the new address as its source.
            ns.run(java.util.List.of("ip", "route", "replace", Addresses.format(peerAddr), "dev", "tun0", "src",
                    value));
        } else {
            peerAddr = addr;
        }
        return Option.none();
    }

    /**
     * After a listen, the segments go to the listener's port; the SYN that opens a connection there comes from a
     * port of its own, as packetdrill gives each passive connection a new ephemeral port, so that it never meets a
     * connection of the script's earlier in the same namespace.
     */
    private void listened(int fd) {
        byte[] local = new byte[SOCKADDR_IN6];
        SocketLibrary.C.getsockname(fd, local, new int[] {SOCKADDR_IN6});
        kernelPort = ((local[2] & 0xff) << 8) | (local[3] & 0xff);
        listening = true;
    }

    private int peerPort(ScriptSegment segment) {
        if (listening && segment.flags().contains(Flag.SYN) && !segment.flags().contains(Flag.ACK)) {
            listening = false;
            peerPort = PEER_PORT + passiveConnections++;
        }
        return peerPort;
    }

    /** The segment with a Fast Open cookie written as a name ({@link #DEFINITIONS}) replaced by its value. */
    static ScriptSegment defined(ScriptSegment segment) {
        return new ScriptSegment(segment.flags(), segment.seq(), segment.ack(), segment.window(),
                definedOptions(segment.options()), segment.length());
    }

    private static List<io.github.tcpmodel.script.TcpOption> definedOptions(
            List<io.github.tcpmodel.script.TcpOption> options) {
        return options.map(o -> o instanceof io.github.tcpmodel.script.TcpOption.FastOpen fo
                && DEFINITIONS.containsKey(fo.cookie())
                ? new io.github.tcpmodel.script.TcpOption.FastOpen(fo.experimental(), DEFINITIONS.get(fo.cookie()))
                : o);
    }

    @Override
    public List<io.github.tcpmodel.script.TcpOption> comparable(List<io.github.tcpmodel.script.TcpOption> options) {
        return definedOptions(options);
    }

    private static int constant(io.github.tcpmodel.script.CallArgument a) {
        if (a instanceof io.github.tcpmodel.script.CallArgument.Number n) {
            return (int) n.value();
        }
        if (a instanceof io.github.tcpmodel.script.CallArgument.Array arr && arr.items().size() == 1) {
            return constant(arr.items().head());
        }
        if (a instanceof io.github.tcpmodel.script.CallArgument.Words w) {
            int v = 0;
            for (String word : w.words()) {
                Integer c = CONSTANTS.get(word);
                if (c == null) {
                    throw new IllegalArgumentException("unknown constant " + word);
                }
                v |= c;
            }
            return v;
        }
        throw new IllegalArgumentException("expected a number or a constant, found " + a);
    }

    /** The size of a {@code struct sockaddr_in6}, the larger of the two families' socket addresses. */
    private static final int SOCKADDR_IN6 = 28;
    private static final int AF_INET6 = 10;

    /** The kernel's socket address at {@code port}, in the family of the socket the run makes. */
    private byte[] kernelName(int port) {
        return switch (family) {
            case IPV4 -> sockaddr(kernelAddr, port);
            case IPV4_MAPPED -> sockaddr6(mapped(kernelAddr), port);
            case IPV6 -> sockaddr6(kernelAddr6, port);
        };
    }

    /** The script's socket address at {@code port}, as {@link #kernelName}. */
    private byte[] peerName(int port) {
        return switch (family) {
            case IPV4 -> sockaddr(peerAddr, port);
            case IPV4_MAPPED -> sockaddr6(mapped(peerAddr), port);
            case IPV6 -> sockaddr6(peerAddr6, port);
        };
    }

    private int nameLength() {
        return family == Family.IPV4 ? 16 : SOCKADDR_IN6;
    }

    /** The IPv4-mapped IPv6 address of {@code addr}, {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2). */
    static byte[] mapped(int addr) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        a[12] = (byte) (addr >> 24);
        a[13] = (byte) (addr >> 16);
        a[14] = (byte) (addr >> 8);
        a[15] = (byte) addr;
        return a;
    }

    /** A {@code struct sockaddr_in6}: family, port, flow info 0, the address, scope 0. */
    private static byte[] sockaddr6(byte[] addr, int port) {
        byte[] a = new byte[SOCKADDR_IN6];
        a[0] = (byte) AF_INET6;
        a[2] = (byte) (port >> 8);
        a[3] = (byte) port;
        System.arraycopy(addr, 0, a, 8, 16);
        return a;
    }

    private static byte[] sockaddr(int addr, int port) {
        byte[] a = new byte[16];
        a[0] = (byte) SocketLibrary.AF_INET;
        a[2] = (byte) (port >> 8);
        a[3] = (byte) port;
        a[4] = (byte) (addr >> 24);
        a[5] = (byte) (addr >> 16);
        a[6] = (byte) (addr >> 8);
        a[7] = (byte) addr;
        return a;
    }

    /**
     * The octets of a C string literal as packetdrill passes it (the key of TCP_FASTOPEN_KEY): hex escapes
     * (backslash, x, one or two hex digits), backslash-0, -n, -t, -r, and a backslash before any other character
     * for that character; {@code length} octets of it when the call gives a length.
     */
    static byte[] octets(String literal, Option<Integer> length) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < literal.length(); i++) {
            char ch = literal.charAt(i);
            if (ch != '\\' || i + 1 == literal.length()) {
                out.write(ch);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'x' -> {
                    int end = i + 1;
                    while (end < literal.length() && end < i + 3 && Character.digit(literal.charAt(end), 16) >= 0) {
                        end++;
                    }
                    if (end == i + 1) {
                        throw new IllegalArgumentException("\\x without hex digits in \"" + literal + "\"");
                    }
                    out.write(Integer.parseInt(literal.substring(i + 1, end), 16));
                    i = end - 1;
                }
                case '0' -> out.write(0);
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                default -> out.write(e);
            }
        }
        byte[] all = out.toByteArray();
        return length.map(n -> java.util.Arrays.copyOf(all, n)).getOrElse(all);
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static int int32(byte[] b) {
        return (b[0] & 0xff) | ((b[1] & 0xff) << 8) | ((b[2] & 0xff) << 16) | ((b[3] & 0xff) << 24);
    }

    private CallResult perform(SocketCall call) throws Exception {
        try {
            return performRaw(call);
        } catch (com.sun.jna.LastErrorException e) {
            return CallResult.fails(Errno.ofNumber(e.getErrorCode()).getOrElse(Errno.EINVAL));
        }
    }

    private int real(int fd) {
        Integer r = fds.get(fd);
        if (r == null) {
            throw new com.sun.jna.LastErrorException(Errno.EBADF.number());
        }
        return r;
    }

    private CallResult performRaw(SocketCall call) throws Exception {
        SocketLibrary c = SocketLibrary.C;
        if (call instanceof SocketCall.Socket) {
            int fd = inside(() -> c.socket(family == Family.IPV4 ? SocketLibrary.AF_INET : AF_INET6,
                    SocketLibrary.SOCK_STREAM, 0));
            c.setsockopt(fd, SOL_SOCKET, CONSTANTS.get("SO_REUSEADDR"), int32(1), 4);
            if (congestionControl.isDefined()) {
                // An accepted socket inherits its listener's congestion control.
                byte[] name = (congestionControl.get() + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                try {
                    c.setsockopt(fd, TcpInfoBlocks.IPPROTO_TCP, TCP_CONGESTION, name, name.length);
                } catch (com.sun.jna.LastErrorException e) {
                    // A congestion control this kernel does not have: the namespace's default stays, as the
                    // shell line's sysctl failed as well.
                }
            }
            int v = nextFd++;
            fds.put(v, fd);
            underTest = fd;
            return CallResult.returns(v);
        }
        if (call instanceof SocketCall.Generic g && g.name().equals("socket")) {
            return performRaw(new SocketCall.Socket());
        }
        if (call instanceof SocketCall.Generic g && g.name().equals("poll")) {
            return poll(g);
        }
        if (call instanceof SocketCall.Generic g && g.name().equals("open")) {
            // open(PATH, FLAGS): a file of the machine's (a shell line of the script made it); its descriptor is
            // numbered as the script's next one, like a socket's.
            if (!(g.arg(0).getOrNull() instanceof io.github.tcpmodel.script.CallArgument.Text path)) {
                throw new IllegalArgumentException("open needs a path in quotes: " + g);
            }
            int fd = c.open(path.value(), g.arg(1).map(LinuxTarget::constant).getOrElse(0));
            int v = nextFd++;
            fds.put(v, fd);
            return CallResult.returns(v);
        }
        if (call instanceof SocketCall.Generic g && g.name().equals("sendfile")) {
            // sendfile(OUT, IN, [OFFSET], COUNT): the kernel copies COUNT octets of file IN to socket OUT.
            int out = real(constant(g.arg(0).getOrElseThrow(() -> new IllegalArgumentException("sendfile needs 4 "
                    + "arguments"))));
            int in = real(constant(g.arg(1).getOrElseThrow(() -> new IllegalArgumentException("sendfile needs 4 "
                    + "arguments"))));
            long[] offset = {g.arg(2).map(a -> (long) constant(a)).getOrElse(0L)};
            long count = g.arg(3).map(a -> (long) constant(a)).getOrElse(0L);
            return CallResult.returns(c.sendfile(out, in, offset, new com.sun.jna.NativeLong(count)).longValue());
        }
        int fd = real(call.fd().get());
        if (call instanceof SocketCall.Bind || call instanceof SocketCall.Generic g && g.name().equals("bind")) {
            // The script's address is the kernel's own: packetdrill's local address, here the TUN's.
            c.bind(fd, kernelName(KERNEL_PORT), nameLength());
            return CallResult.returns(0);
        }
        if (call instanceof SocketCall.SetSockOpt set) {
            int level = set.option().level() == io.github.tcpmodel.script.SocketOption.Level.SOL_SOCKET
                    ? SOL_SOCKET : IPPROTO_TCP;
            byte[] value = set.value() instanceof OptionValue.Linger l
                    ? concat(int32((int) l.onoff()), int32((int) l.seconds()))
                    : int32((int) ((OptionValue.IntValue) set.value()).value());
            c.setsockopt(fd, level, CONSTANTS.get(set.option().name()), value, value.length);
            return CallResult.returns(0);
        }
        if (call instanceof SocketCall.Listen listen) {
            if (!bound(fd)) {
                c.bind(fd, kernelName(KERNEL_PORT), nameLength());
            }
            c.listen(fd, (int) Math.min(Integer.MAX_VALUE, listen.backlog().getOrElse(16L)));
            listened(fd);
            return CallResult.returns(0);
        }
        if (call instanceof SocketCall.Accept) {
            int n = c.accept(fd, null, null);
            reopened(n);
            int v = nextFd++;
            fds.put(v, n);
            underTest = n;
            return CallResult.returns(v);
        }
        if (call instanceof SocketCall.Connect) {
            if (!bound(fd)) {
                c.bind(fd, kernelName(0), nameLength());
            }
            byte[] local = new byte[SOCKADDR_IN6];
            c.getsockname(fd, local, new int[] {SOCKADDR_IN6});
            kernelPort = ((local[2] & 0xff) << 8) | (local[3] & 0xff);
            // A new connection on the ports of a closed one (a reopened 4-tuple) is the script's again.
            closedPorts.remove(ports(kernelPort, PEER_PORT));
            c.connect(fd, peerName(PEER_PORT), nameLength());
            return CallResult.returns(0);
        }
        if (call instanceof SocketCall.Write write) {
            return CallResult.returns(send(fd, write.count(), 0, false));
        }
        if (call instanceof SocketCall.Read read) {
            return CallResult.returns(receive(fd, read.count(), 0, false));
        }
        if (call instanceof SocketCall.Shutdown shutdown) {
            c.shutdown(fd, switch (shutdown.how()) {
                case SHUT_RD -> 0;
                case SHUT_WR -> 1;
                case SHUT_RDWR -> 2;
            });
            return CallResult.returns(0);
        }
        if (call instanceof SocketCall.Close close) {
            fds.remove(close.socket());
            closing(fd);
            c.close(fd);
            return CallResult.returns(0);
        }
        if (call instanceof SocketCall.Generic g) {
            return generic(g, fd);
        }
        throw new IllegalArgumentException("unsupported call " + call);
    }

    private CallResult generic(SocketCall.Generic g, int fd) throws Exception {
        SocketLibrary c = SocketLibrary.C;
        java.util.function.IntFunction<io.github.tcpmodel.script.CallArgument> arg = i -> g.arg(i)
                .getOrElseThrow(() -> new IllegalArgumentException(g.name() + " needs argument " + (i + 1)));
        // A buffer written NULL goes to the kernel as NULL: its EFAULT is the script's expectation.
        boolean nullBuffer = g.arg(1).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Words w
                && w.words().equals(List.of("NULL")));
        switch (g.name()) {
            case "send":
                return CallResult.returns(send(fd, constant(arg.apply(2)), constant(arg.apply(3)), true, nullBuffer));
            case "sendto": {
                // sendto(fd, buf, len, flags, addr, addrlen): the elided address is the script's side, which a
                // Fast Open connect (MSG_FASTOPEN) needs.
                long count = constant(arg.apply(2));
                int flags = constant(arg.apply(3));
                if (g.arg(4).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Words w
                        && w.words().equals(List.of("AF_UNSPEC")))) {
                    // packetdrill passes a sockaddr of family AF_UNSPEC: the kernel's answer to it is the test.
                    com.sun.jna.Memory buf = new com.sun.jna.Memory(Math.max(1, count));
                    buf.clear();
                    return CallResult.returns(c.sendto(fd, buf, new com.sun.jna.NativeLong(count), flags | 0x4000,
                            new byte[16], 16).longValue());
                }
                if (g.arg(4).exists(a -> !(a instanceof io.github.tcpmodel.script.CallArgument.Elided))) {
                    return CallResult.returns(send(fd, count, flags, true, nullBuffer));
                }
                if ((flags & CONSTANTS.get("MSG_FASTOPEN")) != 0 && !bound(fd)) {
                    c.bind(fd, kernelName(0), nameLength());
                    byte[] local = new byte[SOCKADDR_IN6];
                    c.getsockname(fd, local, new int[] {SOCKADDR_IN6});
                    kernelPort = ((local[2] & 0xff) << 8) | (local[3] & 0xff);
                }
                com.sun.jna.Memory buf = nullBuffer ? null : new com.sun.jna.Memory(Math.max(1, count));
                if (buf != null) {
                    buf.clear();
                }
                return CallResult.returns(c.sendto(fd, buf, new com.sun.jna.NativeLong(count), flags | 0x4000,
                        peerName(PEER_PORT), nameLength()).longValue());
            }
            case "sendmsg":
                return CallResult.returns(sendmsg(fd, arg.apply(1), constant(arg.apply(2))));
            case "recvmsg":
                return CallResult.returns(recvmsg(fd, arg.apply(1), constant(arg.apply(2))));
            case "recv", "recvfrom":
                return CallResult.returns(receive(fd, constant(arg.apply(2)), constant(arg.apply(3)), true,
                        nullBuffer));
            case "write":
                return CallResult.returns(send(fd, constant(arg.apply(2)), 0, false, nullBuffer));
            case "read":
                return CallResult.returns(receive(fd, constant(arg.apply(2)), 0, false, nullBuffer));
            case "fcntl":
                return CallResult.returns(c.fcntl(fd, constant(arg.apply(1)),
                        g.args().size() > 2 ? constant(arg.apply(2)) : 0));
            case "setsockopt": {
                io.github.tcpmodel.script.CallArgument v = arg.apply(3);
                byte[] value = v instanceof io.github.tcpmodel.script.CallArgument.Struct st
                        ? concat(int32(constant(st.get("onoff").get())), int32(constant(st.get("linger").get())))
                        : v instanceof io.github.tcpmodel.script.CallArgument.Text t
                        ? octets(t.value(), g.arg(4).map(LinuxTarget::constant))
                        : int32(constant(v));
                c.setsockopt(fd, constant(arg.apply(1)), constant(arg.apply(2)), value, value.length);
                return CallResult.returns(0);
            }
            case "getsockopt": {
                byte[] value = new byte[4];
                int[] len = {4};
                c.getsockopt(fd, constant(arg.apply(1)), constant(arg.apply(2)), value, len);
                io.github.tcpmodel.script.CallArgument expected = arg.apply(3);
                if (!(expected instanceof io.github.tcpmodel.script.CallArgument.Elided)
                        && constant(expected) != int32(value)) {
                    throw new GetsockoptMismatch("getsockopt gave [" + int32(value) + "], the script expects "
                            + expected);
                }
                return CallResult.returns(0);
            }
            case "shutdown":
                c.shutdown(fd, constant(arg.apply(1)));
                return CallResult.returns(0);
            case "listen":
                c.listen(fd, constant(arg.apply(1)));
                listened(fd);
                return CallResult.returns(0);
            default:
                throw new IllegalArgumentException("unsupported call " + g);
        }
    }

    /**
     * {@code poll(fds, nfds, timeout)} as the script writes it: each {@code {fd=N, events=E, revents=R}} goes to
     * the kernel as a {@code struct pollfd} (the script's descriptor numbers are this target's), and the revents
     * the kernel answers are compared with the script's where it gives them.
     */
    private CallResult poll(SocketCall.Generic g) {
        io.github.tcpmodel.script.CallArgument list = g.arg(0)
                .getOrElseThrow(() -> new IllegalArgumentException("poll needs a list of pollfd structs"));
        List<io.github.tcpmodel.script.CallArgument.Struct> entries = list
                instanceof io.github.tcpmodel.script.CallArgument.Array a
                ? a.items().map(i -> (io.github.tcpmodel.script.CallArgument.Struct) i)
                : List.of((io.github.tcpmodel.script.CallArgument.Struct) list);
        java.nio.ByteBuffer fdsBuf = java.nio.ByteBuffer.allocate(8 * Math.max(1, entries.size()))
                .order(java.nio.ByteOrder.nativeOrder());
        for (io.github.tcpmodel.script.CallArgument.Struct e : entries) {
            int scriptFd = constant(e.get("fd").getOrElseThrow(() -> new IllegalArgumentException(
                    "a pollfd without fd: " + e)));
            fdsBuf.putInt(scriptFd < 0 ? scriptFd : real(scriptFd))
                    .putShort((short) constant(e.get("events").getOrElse(
                            new io.github.tcpmodel.script.CallArgument.Number(0, "0"))))
                    .putShort((short) 0);
        }
        int nfds = g.arg(1).map(LinuxTarget::constant).getOrElse(entries.size());
        int timeout = g.arg(2).map(LinuxTarget::constant).getOrElse(0);
        byte[] raw = fdsBuf.array();
        int n = SocketLibrary.C.poll(raw, new com.sun.jna.NativeLong(nfds), timeout);
        java.nio.ByteBuffer answered = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder());
        for (int i = 0; i < entries.size(); i++) {
            Option<io.github.tcpmodel.script.CallArgument> expected = entries.get(i).get("revents");
            int revents = answered.getShort(8 * i + 6) & 0xffff;
            if (expected.isDefined() && constant(expected.get()) != revents) {
                throw new GetsockoptMismatch("poll gave revents=" + pollEvents(revents) + " for fd "
                        + entries.get(i).get("fd").get() + ", the script expects revents=" + expected.get());
            }
        }
        return CallResult.returns(n);
    }

    private static String pollEvents(int bits) {
        if (bits == 0) {
            return "0";
        }
        List<String> names = List.empty();
        for (String name : List.of("POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDNORM",
                "POLLRDBAND", "POLLWRNORM", "POLLWRBAND", "POLLRDHUP")) {
            if ((bits & CONSTANTS.get(name)) != 0) {
                names = names.append(name);
            }
        }
        return names.mkString("|");
    }

    /**
     * {@code sendmsg(fd, {msg_name(...)=..., msg_iov(n)=[{..., len}, ...], msg_flags=0}, flags)}: one iovec of
     * zero octets per entry, as written (empty ones included), in a {@code struct msghdr} (x86-64 and arm64 layout);
     * the elided name is the peer's address when the call opens a Fast Open connection (MSG_FASTOPEN), as for
     * sendto, and none otherwise.
     */
    private long sendmsg(int fd, io.github.tcpmodel.script.CallArgument msg, int flags) {
        if (!(msg instanceof io.github.tcpmodel.script.CallArgument.Struct st)) {
            throw new IllegalArgumentException("sendmsg needs a struct msghdr, found " + msg);
        }
        List<io.github.tcpmodel.script.CallArgument> iov = iovecs(st);
        java.util.List<com.sun.jna.Memory> keep = new java.util.ArrayList<>();
        com.sun.jna.Memory vec = iovecArray(iov, keep);
        com.sun.jna.Memory hdr = new com.sun.jna.Memory(56);
        hdr.clear();
        if ((flags & CONSTANTS.get("MSG_FASTOPEN")) != 0) {
            if (!bound(fd)) {
                SocketLibrary.C.bind(fd, kernelName(0), nameLength());
                byte[] local = new byte[SOCKADDR_IN6];
                SocketLibrary.C.getsockname(fd, local, new int[] {SOCKADDR_IN6});
                kernelPort = ((local[2] & 0xff) << 8) | (local[3] & 0xff);
            }
            byte[] peer = peerName(PEER_PORT);
            com.sun.jna.Memory name = new com.sun.jna.Memory(peer.length);
            name.write(0, peer, 0, peer.length);
            keep.add(name);
            hdr.setPointer(0, name);
            hdr.setInt(8, peer.length);
        }
        hdr.setPointer(16, vec);
        hdr.setLong(24, iov.size());
        long n = SocketLibrary.C.sendmsg(fd, hdr, flags | 0x4000).longValue();
        keep.clear();
        return n;
    }

    /** The entries of a {@code struct msghdr}'s {@code msg_iov} as the script writes them (none when absent). */
    private static List<io.github.tcpmodel.script.CallArgument> iovecs(
            io.github.tcpmodel.script.CallArgument.Struct msghdr) {
        return msghdr.get("msg_iov")
                .map(v -> v instanceof io.github.tcpmodel.script.CallArgument.Array a ? a.items()
                        : List.<io.github.tcpmodel.script.CallArgument>empty())
                .getOrElse(List.empty());
    }

    /**
     * The {@code struct iovec} array of {@code iov} (x86-64 and arm64 layout: base pointer, then length): one zeroed
     * buffer of each entry's length, kept in {@code keep} until the call returns.
     */
    private static com.sun.jna.Memory iovecArray(List<io.github.tcpmodel.script.CallArgument> iov,
                                                 java.util.List<com.sun.jna.Memory> keep) {
        com.sun.jna.Memory vec = new com.sun.jna.Memory(16L * Math.max(1, iov.size()));
        vec.clear();
        for (int i = 0; i < iov.size(); i++) {
            io.github.tcpmodel.script.CallArgument e = iov.get(i);
            long len = e instanceof io.github.tcpmodel.script.CallArgument.Struct s
                    ? constant(s.fields().last().value()) : constant(e);
            com.sun.jna.Memory base = new com.sun.jna.Memory(Math.max(1, len));
            base.clear();
            keep.add(base);
            vec.setPointer(16L * i, base);
            vec.setLong(16L * i + 8, len);
        }
        return vec;
    }

    /** The room for control messages a recvmsg hands the kernel (CMSG_SPACE of several of the largest). */
    private static final int CONTROL_SPACE = 1024;

    /**
     * {@code recvmsg(fd, {msg_name(...)=..., msg_iov(n)=[{..., len}, ...], msg_flags=F, msg_control=[{cmsg_level=L,
     * cmsg_type=T, cmsg_data=D}, ...]}, flags)}: the kernel's recvmsg(2) with the script's iovec lengths and room
     * for control messages ({@code struct msghdr} and {@code struct cmsghdr}, x86-64 and arm64 layout); then the
     * msg_flags the kernel answered and its control messages are compared with the script's where it gives them:
     * their number, level and type, and the data of each, an int (TCP_CM_INQ) or a {@code struct
     * sock_extended_err} (IP_RECVERR, IPV6_RECVERR: ee_errno, ee_origin, ee_type, ee_code, ee_info, ee_data, each
     * where written). The times of SCM_TIMESTAMPING are the kernel's clock and are not compared (reported).
     */
    private long recvmsg(int fd, io.github.tcpmodel.script.CallArgument msg, int flags) {
        if (!(msg instanceof io.github.tcpmodel.script.CallArgument.Struct st)) {
            throw new IllegalArgumentException("recvmsg needs a struct msghdr, found " + msg);
        }
        List<io.github.tcpmodel.script.CallArgument> iov = iovecs(st);
        java.util.List<com.sun.jna.Memory> keep = new java.util.ArrayList<>();
        com.sun.jna.Memory vec = iovecArray(iov, keep);
        com.sun.jna.Memory control = new com.sun.jna.Memory(CONTROL_SPACE);
        control.clear();
        com.sun.jna.Memory hdr = new com.sun.jna.Memory(56);
        hdr.clear();
        hdr.setPointer(16, vec);
        hdr.setLong(24, iov.size());
        hdr.setPointer(32, control);
        hdr.setLong(40, CONTROL_SPACE);
        long n = SocketLibrary.C.recvmsg(fd, hdr, flags).longValue();
        int msgFlags = hdr.getInt(48);
        Option<io.github.tcpmodel.script.CallArgument> expectedFlags = st.get("msg_flags");
        if (expectedFlags.isDefined() && !(expectedFlags.get() instanceof io.github.tcpmodel.script.CallArgument.Elided)
                && constant(expectedFlags.get()) != msgFlags) {
            throw new GetsockoptMismatch("recvmsg gave msg_flags=" + msgFlags + ", the script expects msg_flags="
                    + expectedFlags.get());
        }
        Option<io.github.tcpmodel.script.CallArgument> expectedControl = st.get("msg_control");
        if (expectedControl.isDefined()
                && !(expectedControl.get() instanceof io.github.tcpmodel.script.CallArgument.Elided)) {
            compareControl(controlMessages(control, (int) Math.min(CONTROL_SPACE, hdr.getLong(40))),
                    expectedControl.get());
        }
        keep.clear();
        return n;
    }

    /** One control message as the kernel wrote it: level, type and data. */
    record ControlMessage(int level, int type, byte[] data) {
    }

    /** The control messages in the first {@code length} octets of {@code control} (CMSG_FIRSTHDR, CMSG_NXTHDR). */
    static List<ControlMessage> controlMessages(com.sun.jna.Pointer control, int length) {
        List<ControlMessage> all = List.empty();
        int at = 0;
        while (at + 16 <= length) {
            long len = control.getLong(at);
            if (len < 16 || at + len > length) {
                break;
            }
            all = all.append(new ControlMessage(control.getInt(at + 8), control.getInt(at + 12),
                    control.getByteArray(at + 16, (int) len - 16)));
            at += (int) ((len + 7) & ~7L);
        }
        return all;
    }

    /** Compares the kernel's control messages with the script's list of {@code {cmsg_level, cmsg_type, cmsg_data}}. */
    static void compareControl(List<ControlMessage> actual, io.github.tcpmodel.script.CallArgument expected) {
        List<io.github.tcpmodel.script.CallArgument> items = expected
                instanceof io.github.tcpmodel.script.CallArgument.Array a ? a.items() : List.of(expected);
        if (items.size() != actual.size()) {
            throw new GetsockoptMismatch("recvmsg gave " + actual.size() + " control message(s) "
                    + actual.map(m -> m.level() + "/" + m.type()).mkString("[", ", ", "]") + ", the script expects "
                    + items.size());
        }
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof io.github.tcpmodel.script.CallArgument.Struct c)) {
                throw new IllegalArgumentException("a control message is {cmsg_level=..., cmsg_type=..., "
                        + "cmsg_data=...}, found " + items.get(i));
            }
            ControlMessage m = actual.get(i);
            int level = c.get("cmsg_level").map(LinuxTarget::constant).getOrElse(m.level());
            int type = c.get("cmsg_type").map(LinuxTarget::constant).getOrElse(m.type());
            if (level != m.level() || type != m.type()) {
                throw new GetsockoptMismatch("recvmsg gave control message " + (i + 1) + " of level " + m.level()
                        + " and type " + m.type() + ", the script expects " + c);
            }
            Option<io.github.tcpmodel.script.CallArgument> data = c.get("cmsg_data");
            if (data.isEmpty() || data.get() instanceof io.github.tcpmodel.script.CallArgument.Elided
                    || (level == SOL_SOCKET && type == CONSTANTS.get("SCM_TIMESTAMPING"))) {
                continue;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(m.data()).order(java.nio.ByteOrder.nativeOrder());
            if (data.get() instanceof io.github.tcpmodel.script.CallArgument.Struct err) {
                if (m.data().length < 16) {
                    throw new GetsockoptMismatch("recvmsg gave control message " + (i + 1) + " of " + m.data().length
                            + " octets, the script expects a struct sock_extended_err " + err);
                }
                long[] got = {Integer.toUnsignedLong(b.getInt(0)), b.get(4) & 0xff, b.get(5) & 0xff, b.get(6) & 0xff,
                    Integer.toUnsignedLong(b.getInt(8)), Integer.toUnsignedLong(b.getInt(12))};
                String[] names = {"ee_errno", "ee_origin", "ee_type", "ee_code", "ee_info", "ee_data"};
                for (int k = 0; k < names.length; k++) {
                    Option<io.github.tcpmodel.script.CallArgument> w = err.get(names[k]);
                    if (w.isDefined() && !(w.get() instanceof io.github.tcpmodel.script.CallArgument.Elided)
                            && Integer.toUnsignedLong(constant(w.get())) != got[k]) {
                        throw new GetsockoptMismatch("recvmsg gave " + names[k] + "=" + got[k] + " in control message "
                                + (i + 1) + ", the script expects " + names[k] + "=" + w.get());
                    }
                }
            } else {
                long got = m.data().length >= 4 ? b.getInt(0) : -1;
                if (constant(data.get()) != got) {
                    throw new GetsockoptMismatch("recvmsg gave cmsg_data=" + got + " in control message " + (i + 1)
                            + ", the script expects cmsg_data=" + data.get());
                }
            }
        }
    }

    /** A value a call wrote that differs from the script's: reported as the failure it is. */
    private static final class GetsockoptMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GetsockoptMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /** Remembers the ports of connected socket {@code fd}, which the script is closing. */
    private void closing(int fd) {
        connectionPorts(fd).forEach(closedPorts::add);
    }

    /** Accepted socket {@code fd}'s connection is the script's, even on the ports of a closed one. */
    private void reopened(int fd) {
        connectionPorts(fd).forEach(closedPorts::remove);
    }

    /** The ports of socket {@code fd}'s connection ({@link #ports}); none when it is not connected. */
    private static Option<Integer> connectionPorts(int fd) {
        byte[] local = new byte[SOCKADDR_IN6];
        byte[] peer = new byte[SOCKADDR_IN6];
        try {
            SocketLibrary.C.getsockname(fd, local, new int[] {SOCKADDR_IN6});
            SocketLibrary.C.getpeername(fd, peer, new int[] {SOCKADDR_IN6});
        } catch (com.sun.jna.LastErrorException e) {
            // Not connected (a listener, a socket never opened): no connection of its own.
            return Option.none();
        }
        return Option.some(ports(((local[2] & 0xff) << 8) | (local[3] & 0xff),
                ((peer[2] & 0xff) << 8) | (peer[3] & 0xff)));
    }

    private static int ports(int kernel, int script) {
        return (kernel << 16) | script;
    }

    @Override
    public boolean ofClosedSocket(Emitted e) {
        Integer p = portsOf.remove(e);
        return p != null && closedPorts.contains(p);
    }

    private static boolean bound(int fd) {
        byte[] local = new byte[SOCKADDR_IN6];
        SocketLibrary.C.getsockname(fd, local, new int[] {SOCKADDR_IN6});
        return local[2] != 0 || local[3] != 0;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Sends {@code count} zero octets in one call, as the script says (the size is bounded by Scripts.refused). */
    private static long send(int fd, long count, int flags, boolean isSend) {
        return send(fd, count, flags, isSend, false);
    }

    /** As above; with {@code nullBuffer} the buffer is NULL, as a script writes to see the kernel's EFAULT. */
    private static long send(int fd, long count, int flags, boolean isSend, boolean nullBuffer) {
        com.sun.jna.Memory buf = nullBuffer ? null : new com.sun.jna.Memory(Math.max(1, count));
        if (buf != null) {
            buf.clear();
        }
        com.sun.jna.NativeLong n = isSend
                ? SocketLibrary.C.send(fd, buf, new com.sun.jna.NativeLong(count), flags | 0x4000)
                : SocketLibrary.C.send(fd, buf, new com.sun.jna.NativeLong(count), 0x4000);
        return n.longValue();
    }

    private static long receive(int fd, long count, int flags, boolean isRecv) {
        return receive(fd, count, flags, isRecv, false);
    }

    private static long receive(int fd, long count, int flags, boolean isRecv, boolean nullBuffer) {
        long size = Math.min(Scripts.MAX_WRITE, Math.max(1, count));
        com.sun.jna.Memory buf = nullBuffer ? null : new com.sun.jna.Memory(size);
        com.sun.jna.NativeLong n = isRecv
                ? SocketLibrary.C.recv(fd, buf, new com.sun.jna.NativeLong(Math.min(size, count)), flags)
                : SocketLibrary.C.read(fd, buf, new com.sun.jna.NativeLong(Math.min(size, count)));
        return n.longValue();
    }

    private <T> T inside(Callable<T> task) throws IOException {
        Either<NetnsError, T> r = ns.inside(task);
        if (r.isLeft()) {
            throw new IOException("in the namespace: " + r.getLeft().message());
        }
        return r.get();
    }

    private static void closeQuietly(int fd) {
        try {
            // Shutting both directions first wakes a call blocked on the socket in the worker thread.
            SocketLibrary.C.shutdown(fd, 2);
        } catch (com.sun.jna.LastErrorException e) {
            // Not connected: nothing to wake.
        }
        try {
            SocketLibrary.C.close(fd);
        } catch (com.sun.jna.LastErrorException e) {
            // Closing is best effort here: the namespace is deleted after the script, taking the socket with it.
        }
    }

    // ---------------------------------------------------------------- the wire

    private void readLoop() {
        readerTid = SocketLibrary.C.gettid();
        while (!closing) {
            Either<io.github.tcpmodel.linux.tun.TunError, Option<byte[]>> r = tun.read(Duration.ofMillis(50));
            if (r.isLeft()) {
                return;
            }
            if (r.get().isEmpty()) {
                continue;
            }
            long at = now();
            if (family == Family.IPV6) {
                Option<RawSegments.Read6> d6 = RawSegments.decode6(r.get().get());
                if (d6.isDefined() && java.util.Arrays.equals(d6.get().src(), kernelAddr6)
                        && java.util.Arrays.equals(d6.get().dst(), peerAddr6)) {
                    if (d6.get().segment().flags().contains(Flag.SYN)) {
                        kernelIsn = d6.get().segment().seq();
                    }
                    Emitted x = new Emitted(at, d6.get().segment());
                    portsOf.put(x, ports(d6.get().srcPort(), d6.get().dstPort()));
                    out.add(x);
                }
                continue;
            }
            Option<RawSegments.Read> d = RawSegments.decode(r.get().get());
            if (d.isDefined() && d.get().src() == kernelAddr && d.get().dst() == peerAddr) {
                if (d.get().segment().flags().contains(Flag.SYN)) {
                    kernelIsn = d.get().segment().seq();
                }
                Emitted x = new Emitted(at, d.get().segment());
                portsOf.put(x, ports(d.get().srcPort(), d.get().dstPort()));
                out.add(x);
            }
        }
    }


}
