package io.github.tcpmodel.linux.netns;

import com.sun.jna.LastErrorException;
import io.github.tcpmodel.linux.tun.TunDevice;
import io.github.tcpmodel.linux.tun.TunError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh network namespace for one test, with a platform thread inside it.
 *
 * <p>Everything created through it (TUN devices, kernel sockets, captures) belongs to it and is closed by {@link
 * #close}, which then deletes the namespace. A JVM shutdown hook deletes namespaces a test left open (a failing
 * test, an interrupted run), and the first {@link #create} of a JVM sweeps away {@code tcpm-PID-N} namespaces
 * whose process is gone.
 *
 * <p>As root the namespace is named ({@code ip netns add}, visible in {@code /run/netns}); inside {@code unshare
 * -rn}, where {@code /run/netns} is not writable, it is anonymous: the thread calls {@code unshare(CLONE_NEWNET)},
 * and the namespace ends when the thread does. Commands run in it through {@code nsenter --net=PATH}.
 */
public final class NetNamespace implements AutoCloseable {

    /** The prefix of every namespace name, and of the names the sweep may delete. */
    public static final String PREFIX = "tcpm-";

    private static final Path RUN_NETNS = Path.of("/run/netns");
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern SYSCTL_KEY = Pattern.compile("net(\\.[A-Za-z0-9_-]+)+");
    private static final Pattern SYSCTL_VALUE = Pattern.compile("[A-Za-z0-9_ -]{1,64}");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<NetNamespace> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final long PID = ProcessHandle.current().pid();

    private final String name;
    private final boolean named;
    private final ExecutorService executor;
    private final Thread thread;
    private final String path;
    private final Object inode;
    private final java.util.List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
    private final java.util.List<Capture> captures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean deleted = new AtomicBoolean();

    private NetNamespace(String name, boolean named, ExecutorService executor, Thread thread, String path,
                         Object inode) {
        this.name = name;
        this.named = named;
        this.executor = executor;
        this.thread = thread;
        this.path = path;
        this.inode = inode;
    }

    /**
     * Creates a fresh namespace named {@code tcpm-PID-N} and a platform thread inside it, with only a loopback
     * interface (down until {@link #openTun} brings it up).
     *
     * @return the namespace, or why it could not be made ({@link NetnsError.Kind#NOT_PERMITTED} without root or
     *         {@code unshare -rn})
     */
    public static Either<NetnsError, NetNamespace> create() {
        if (STARTED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(NetNamespace::deleteAllLive, "tcpm-netns-cleanup"));
            sweepStale();
        }
        String name = PREFIX + PID + "-" + COUNTER.getAndIncrement();
        // As root the namespace gets a name in /run/netns; where that is not permitted (inside unshare -rn, whose
        // user namespace does not own the mount namespace) the thread makes an anonymous one below.
        Either<NetnsError, String> added = Command.run(java.util.List.of("ip", "netns", "add", name));
        boolean named = added.isRight();
        if (!named && !permissionProblem(added.getLeft())) {
            return Either.left(added.getLeft());
        }
        Thread[] holder = new Thread[1];
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            holder[0] = t;
            return t;
        });
        Either<NetnsError, Entered> entered;
        try {
            entered = executor.submit(() -> enter(name, named)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entered = Either.left(new NetnsError(NetnsError.Kind.TASK_FAILED, "interrupted entering " + name));
        } catch (ExecutionException e) {
            entered = Either.left(new NetnsError(NetnsError.Kind.TASK_FAILED,
                    "entering " + name + " threw " + e.getCause()));
        }
        if (entered.isLeft()) {
            executor.shutdownNow();
            if (named) {
                Command.run(java.util.List.of("ip", "netns", "del", name));
            }
            return Either.left(entered.getLeft());
        }
        NetNamespace ns = new NetNamespace(name, named, executor, holder[0], entered.get().path(),
                entered.get().inode());
        LIVE.add(ns);
        return Either.right(ns);
    }

    private static boolean permissionProblem(NetnsError e) {
        String m = e.message();
        return m.contains("Permission denied") || m.contains("Operation not permitted")
                || m.contains("Read-only file system");
    }

    /** Where the thread went: a file naming the namespace, and the namespace's inode. */
    private record Entered(String path, Object inode) {
    }

    /** Runs on the new thread: moves it into the namespace and proves it left the JVM's own namespace. */
    private static Either<NetnsError, Entered> enter(String name, boolean named) throws IOException {
        NsCalls c = NsCalls.INSTANCE;
        Object outside = Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
        String path;
        if (named) {
            path = RUN_NETNS.resolve(name).toString();
            int fd;
            try {
                fd = c.open(path, NsCalls.O_RDONLY | NsCalls.O_CLOEXEC);
            } catch (LastErrorException e) {
                return errno("open " + path, e);
            }
            try {
                c.setns(fd, NsCalls.CLONE_NEWNET);
            } catch (LastErrorException e) {
                return errno("setns " + path, e);
            } finally {
                try {
                    c.close(fd);
                } catch (LastErrorException e) {
                    // The descriptor is released either way.
                }
            }
        } else {
            try {
                c.unshare(NsCalls.CLONE_NEWNET);
            } catch (LastErrorException e) {
                return errno("unshare(CLONE_NEWNET)", e);
            }
            path = "/proc/" + PID + "/task/" + c.gettid() + "/ns/net";
        }
        Object inside = Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino");
        if (inside.equals(outside)) {
            return Either.left(new NetnsError(NetnsError.Kind.TASK_FAILED,
                    "the thread is still in the JVM's own network namespace after entering " + name));
        }
        if (named && !inside.equals(Files.getAttribute(Path.of(path), "unix:ino"))) {
            return Either.left(new NetnsError(NetnsError.Kind.TASK_FAILED,
                    "the thread is not in " + path + " after setns"));
        }
        return Either.right(new Entered(path, inside));
    }

    private static <T> Either<NetnsError, T> errno(String what, LastErrorException e) {
        int n = e.getErrorCode();
        NetnsError.Kind kind = n == 1 || n == 13 ? NetnsError.Kind.NOT_PERMITTED : NetnsError.Kind.TASK_FAILED;
        return Either.left(new NetnsError(kind, what + " failed: errno " + n + " ("
                + NsCalls.INSTANCE.strerror(n) + ")" + (kind == NetnsError.Kind.NOT_PERMITTED
                ? "; network namespaces need CAP_SYS_ADMIN: run as root, or inside `unshare -rn`" : "")));
    }

    /** The namespace's name, {@code tcpm-PID-N}. */
    public String name() {
        return name;
    }

    /** Whether the namespace is named in {@code /run/netns} (as root) rather than anonymous. */
    public boolean isNamed() {
        return named;
    }

    /** A file that refers to the namespace, for {@code nsenter --net=}. */
    public String path() {
        return path;
    }

    /** Whether the namespace has been deleted. */
    public boolean isDeleted() {
        return deleted.get();
    }

    /**
     * Runs {@code task} on the namespace's thread, so that sockets and devices it creates belong to the namespace.
     * Threads the task starts inherit the namespace. Blocks until the task ends.
     */
    public <T> Either<NetnsError, T> inside(Callable<T> task) {
        Objects.requireNonNull(task, "task is null");
        if (deleted.get()) {
            return Either.left(closedError());
        }
        Callable<T> guarded = () -> {
            // A thread that is not in the namespace must never create anything: that would reach the host.
            if (!inode.equals(Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino"))) {
                throw new IllegalStateException("thread " + Thread.currentThread().getName()
                        + " is not in namespace " + name);
            }
            return task.call();
        };
        if (Thread.currentThread() == thread) {
            try {
                return Either.right(guarded.call());
            } catch (Exception e) {
                return Either.left(new NetnsError(NetnsError.Kind.TASK_FAILED, "in " + name + ": " + e));
            }
        }
        try {
            Future<T> f = executor.submit(guarded);
            return Either.right(f.get());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return Either.left(closedError());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Either.left(new NetnsError(NetnsError.Kind.TASK_FAILED, "interrupted waiting for a task in "
                    + name));
        } catch (ExecutionException e) {
            return Either.left(new NetnsError(NetnsError.Kind.TASK_FAILED, "in " + name + ": " + e.getCause()));
        }
    }

    /**
     * Opens a TUN device in the namespace and configures it: IPv6 off on it (no router solicitations arrive), the
     * kernel's address {@code kernelCidr} on it, which also routes the whole prefix to it, the device and
     * loopback up. The device is closed by {@link #close}, or earlier by its owner.
     *
     * @param kernelCidr the kernel's IPv4 address and prefix length on the device, e.g. {@code 10.77.0.1/24}; the
     *                   other addresses of the prefix are reachable through the device
     */
    public Either<NetnsError, TunDevice> openTun(String kernelCidr) {
        return openTun(kernelCidr, io.vavr.control.Option.none());
    }

    /**
     * As {@link #openTun(String)}, the device opened with {@code IFF_VNET_HDR} and {@code offloads}
     * ({@link TunDevice#openWithVnetHeader}): with {@link TunDevice#TYPICAL_OFFLOADS} the kernel's TCP hands out
     * TSO super-segments, as to packetdrill's device.
     */
    public Either<NetnsError, TunDevice> openTun(String kernelCidr, Set<TunDevice.Offload> offloads) {
        Objects.requireNonNull(offloads, "offloads is null");
        return openTun(kernelCidr, io.vavr.control.Option.none(),
                () -> TunDevice.openWithVnetHeader("tcpm%d", offloads));
    }

    /**
     * As {@link #openTun(String)}, and with {@code kernelCidr6} the kernel's IPv6 address and prefix on the device as
     * well (IPv6 on, no router advertisements or solicitations, the address added {@code nodad} so that it is usable
     * at once without Duplicate Address Detection, RFC 4862 §5.4).
     *
     * @param kernelCidr6 e.g. {@code fd77::1/64}; none for an IPv4-only device
     */
    public Either<NetnsError, TunDevice> openTun(String kernelCidr, io.vavr.control.Option<String> kernelCidr6) {
        return openTun(kernelCidr, kernelCidr6, () -> TunDevice.open("tcpm%d"));
    }

    private Either<NetnsError, TunDevice> openTun(String kernelCidr, io.vavr.control.Option<String> kernelCidr6,
                                                 Callable<Either<TunError, TunDevice>> opener) {
        Objects.requireNonNull(kernelCidr, "kernelCidr is null");
        Objects.requireNonNull(kernelCidr6, "kernelCidr6 is null");
        if (kernelCidr6.exists(c -> !isCidr6(c))) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT,
                    "'" + kernelCidr6.get() + "' is not an IPv6 address with a prefix length up to 126"));
        }
        if (!isCidr(kernelCidr, 30)) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT,
                    "'" + kernelCidr + "' is not an IPv4 address with a prefix length up to 30, e.g. 10.77.0.1/24"));
        }
        Either<NetnsError, TunDevice> opened = inside(opener)
                .flatMap(e -> e.mapLeft(t -> new NetnsError(
                        t.kind() == io.github.tcpmodel.linux.tun.TunError.Kind.NOT_PERMITTED
                                ? NetnsError.Kind.NOT_PERMITTED
                                : t.kind() == io.github.tcpmodel.linux.tun.TunError.Kind.NOT_AVAILABLE
                                        ? NetnsError.Kind.NOT_AVAILABLE : NetnsError.Kind.TASK_FAILED,
                        t.message())));
        if (opened.isLeft()) {
            return opened;
        }
        TunDevice dev = opened.get();
        owned.add(dev);
        String d = dev.name();
        Either<NetnsError, String> configured = kernelCidr6.isEmpty()
                ? sysctl("net.ipv6.conf." + d + ".disable_ipv6", "1")
                : sysctl("net.ipv6.conf." + d + ".accept_ra", "0")
                        .flatMap(v -> sysctl("net.ipv6.conf." + d + ".router_solicitations", "0"))
                        .flatMap(v -> sysctl("net.ipv6.conf." + d + ".disable_ipv6", "0"));
        configured = configured.flatMap(v -> run(java.util.List.of("ip", "-batch", "-"),
                "addr add " + kernelCidr + " dev " + d + "\n"
                        + kernelCidr6.map(c -> "addr add " + c + " dev " + d + " nodad\n").getOrElse("")
                        + "link set " + d + " up\nlink set lo up\n"));
        if (configured.isLeft()) {
            dev.close();
            return Either.left(configured.getLeft());
        }
        return Either.right(dev);
    }

    /**
     * Routes {@code destinationCidr} (e.g. {@code 10.99.0.0/16}) to {@code device} in the namespace, for peers
     * outside the device's own prefix.
     */
    public Either<NetnsError, String> route(String destinationCidr, String device) {
        Objects.requireNonNull(destinationCidr, "destinationCidr is null");
        Objects.requireNonNull(device, "device is null");
        if (!isCidr(destinationCidr, 32) || !device.matches("[A-Za-z0-9_.-]{1,15}")) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT, "route " + destinationCidr
                    + " dev " + device + ": need an IPv4 prefix such as 10.99.0.0/16 and an interface name"));
        }
        return run(java.util.List.of("ip", "route", "add", destinationCidr, "dev", device));
    }

    /**
     * Opens a kernel listening socket in the namespace, bound to a literal IPv4 or IPv6 address.
     *
     * @param address a literal IPv4 or IPv6 address of the namespace (e.g. the TUN's kernel address) or
     *                {@code 0.0.0.0}
     * @param port    the port, 1 to 65535
     * @param backlog the accept backlog
     */
    public Either<NetnsError, ServerSocketChannel> listen(String address, int port, int backlog) {
        Objects.requireNonNull(address, "address is null");
        boolean v6 = isIpv6(address);
        if (!(isIpv4(address) || v6) || port < 1 || port > 65_535 || backlog < 1) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT, "listen on " + address + ":" + port
                    + " backlog " + backlog + ": need a literal IPv4 or IPv6 address, a port 1..65535, a backlog >= 1"));
        }
        return inside(() -> {
            ServerSocketChannel s = ServerSocketChannel.open(v6 ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            owned.add(s);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port), backlog);
            return s;
        });
    }

    /**
     * Opens an unconnected kernel TCP socket (IPv4) in the namespace. It may be configured, bound and connected
     * from any thread afterwards; it stays in the namespace.
     */
    public Either<NetnsError, SocketChannel> socket() {
        return inside(() -> {
            SocketChannel s = SocketChannel.open(StandardProtocolFamily.INET);
            owned.add(s);
            return s;
        });
    }

    /** As {@link #socket()}, an IPv6 TCP socket (AF_INET6). */
    public Either<NetnsError, SocketChannel> socket6() {
        return inside(() -> {
            SocketChannel s = SocketChannel.open(StandardProtocolFamily.INET6);
            owned.add(s);
            return s;
        });
    }

    /**
     * Sets a per-namespace sysctl, e.g. {@code net.ipv4.tcp_sack = 0}, and returns the value the kernel reports
     * back. Only {@code net.*} keys: other sysctls are global and would change the host.
     */
    public Either<NetnsError, String> sysctl(String key, String value) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(value, "value is null");
        if (!SYSCTL_KEY.matcher(key).matches() || !SYSCTL_VALUE.matcher(value).matches()) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT, "sysctl " + key + "=" + value
                    + ": only net.* keys (per namespace) and plain values"));
        }
        return run(java.util.List.of("sysctl", "-w", key + "=" + value)).flatMap(out -> {
            int eq = out.indexOf('=');
            return eq < 0
                    ? Either.left(new NetnsError(NetnsError.Kind.UNPARSEABLE, "sysctl printed '" + out + "'"))
                    : Either.right(out.substring(eq + 1).strip());
        });
    }

    /** Runs a command in the namespace ({@code nsenter --net=PATH argv...}) and returns its standard output. */
    public Either<NetnsError, String> run(java.util.List<String> argv) {
        return run(argv, null);
    }

    private Either<NetnsError, String> run(java.util.List<String> argv, String stdin) {
        Objects.requireNonNull(argv, "argv is null");
        if (deleted.get()) {
            return Either.left(closedError());
        }
        if (argv.isEmpty()) {
            return Either.left(new NetnsError(NetnsError.Kind.INVALID_ARGUMENT, "an empty command"));
        }
        java.util.List<String> full = new ArrayList<>(inNamespace());
        full.addAll(argv);
        return Command.run(full, stdin);
    }

    private java.util.List<String> inNamespace() {
        return java.util.List.of("nsenter", "--net=" + path);
    }

    /** The kernel's TCP sockets in the namespace, with their states and timers ({@code ss -H -tan -o}). */
    public Either<NetnsError, List<KernelSocket>> sockets() {
        return run(java.util.List.of("ss", "-H", "-tan", "-o")).flatMap(SocketTable::parse);
    }

    /**
     * The kernel's state of the connection from {@code localPort} to {@code peerPort}, at this moment: {@link
     * io.github.tcpmodel.table.TcpState#CLOSED} if the kernel has no such socket (RFC 9293 §3.3.2: CLOSED is the
     * absence of a TCB). Use peer port 0 for a listener.
     */
    public Either<NetnsError, io.github.tcpmodel.table.TcpState> state(int localPort, int peerPort) {
        return sockets().map(all -> all.find(s -> s.connects(localPort, peerPort)).map(KernelSocket::state)
                .getOrElse(io.github.tcpmodel.table.TcpState.CLOSED));
    }

    /**
     * Starts {@code tcpdump} on {@code device} in the namespace, writing {@code file}; it is stopped by {@link
     * Capture#stop} or by {@link #close}.
     */
    public Either<NetnsError, Capture> capture(String device, Path file) {
        Objects.requireNonNull(device, "device is null");
        Objects.requireNonNull(file, "file is null");
        if (deleted.get()) {
            return Either.left(closedError());
        }
        Either<NetnsError, Capture> c = Capture.start(inNamespace(), device, file);
        c.forEach(captures::add);
        return c;
    }

    /**
     * Stops captures, closes the sockets and devices made through this namespace, ends its thread and deletes it.
     * Idempotent.
     *
     * @return the name of the deleted namespace, or what could not be cleaned up
     */
    public Either<NetnsError, String> delete() {
        if (!deleted.compareAndSet(false, true)) {
            return Either.right(name);
        }
        java.util.List<String> problems = new ArrayList<>();
        for (Capture c : captures) {
            c.stop().orElseRun(e -> problems.add(e.message()));
        }
        java.util.List<AutoCloseable> reversed = new ArrayList<>(owned);
        Collections.reverse(reversed);
        for (AutoCloseable r : reversed) {
            try {
                r.close();
            } catch (Exception e) {
                problems.add("closing " + r + ": " + e);
            }
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                problems.add("the thread of " + name + " did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted waiting for the thread of " + name);
        }
        if (named) {
            Command.run(java.util.List.of("ip", "netns", "del", name)).orElseRun(e -> problems.add(e.message()));
        }
        LIVE.remove(this);
        return problems.isEmpty() ? Either.right(name)
                : Either.left(new NetnsError(NetnsError.Kind.COMMAND_FAILED,
                        "cleaning up " + name + ": " + String.join("; ", problems)));
    }

    /**
     * Deletes the namespace (see {@link #delete}).
     *
     * @throws IllegalStateException if something could not be cleaned up, so that a test does not pass silently
     *                               while leaving a namespace behind
     */
    @Override
    public void close() {
        delete().orElseRun(e -> {
            throw e.toException();
        });
    }

    /** Whether a namespace of this name is registered in {@code /run/netns}. */
    public static boolean exists(String name) {
        Objects.requireNonNull(name, "name is null");
        return !name.contains("/") && Files.exists(RUN_NETNS.resolve(name));
    }

    /**
     * Deletes the {@code tcpm-PID-N} namespaces in {@code /run/netns} whose process no longer exists (killed
     * before its shutdown hook ran). Namespaces of live processes, this one included, are left alone.
     *
     * @return the names deleted
     */
    public static List<String> sweepStale() {
        if (!Files.isDirectory(RUN_NETNS)) {
            return List.empty();
        }
        java.util.List<String> names;
        try (Stream<Path> entries = Files.list(RUN_NETNS)) {
            names = entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.empty();
        }
        List<String> deletedNames = List.empty();
        for (String n : names) {
            Matcher m = OURS.matcher(n);
            if (!m.matches() || m.group(1).length() > 10) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            if (pid != PID && !Files.exists(Path.of("/proc", Long.toString(pid)))
                    && Command.run(java.util.List.of("ip", "netns", "del", n)).isRight()) {
                deletedNames = deletedNames.append(n);
            }
        }
        return deletedNames;
    }

    private static void deleteAllLive() {
        for (NetNamespace ns : LIVE) {
            ns.delete().orElseRun(e -> System.err.println("tcpmodel: " + e.message()));
        }
    }

    private static boolean isCidr(String text, int maxPrefix) {
        int slash = text.indexOf('/');
        return slash > 0 && isIpv4(text.substring(0, slash)) && text.substring(slash + 1).matches("\\d{1,2}")
                && Integer.parseInt(text.substring(slash + 1)) <= maxPrefix;
    }

    private static boolean isCidr6(String text) {
        int slash = text.indexOf('/');
        return slash > 0 && isIpv6(text.substring(0, slash)) && text.substring(slash + 1).matches("\\d{1,3}")
                && Integer.parseInt(text.substring(slash + 1)) <= 126;
    }

    /** Whether {@code text} is an IPv6 address literal (never resolves a name). */
    private static boolean isIpv6(String text) {
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(text) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpv4(String text) {
        Matcher m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private NetnsError closedError() {
        return new NetnsError(NetnsError.Kind.CLOSED, "namespace " + name + " is already deleted");
    }

    @Override
    public String toString() {
        return "NetNamespace[" + name + (named ? "" : ", anonymous") + (deleted.get() ? ", deleted]" : "]");
    }
}
