package io.github.tcpmodel.script.target;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.engine.link.CapturingLink;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.monitor.MonitorDivergence;
import io.github.tcpmodel.pcap.PcapWriter;
import io.github.tcpmodel.script.CallResult;
import io.github.tcpmodel.script.Errno;
import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.OptionValue;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.Script;
import io.github.tcpmodel.script.ScriptRunner;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.SocketCall;
import io.github.tcpmodel.script.Target;
import io.github.tcpmodel.table.TcpState;
import io.vavr.Tuple2;
import io.vavr.Tuple;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The engine as the system under test: one {@link TcpStack} on a virtual clock that the script's times drive, wired
 * to the runner by an in-memory link, with a {@link ConformanceMonitor} stepping the model beside it, so that every
 * script run is also checked against the model.
 *
 * <p>The wire. The engine is {@value #ENGINE_ADDRESS}, port {@value #ENGINE_PORT}; the script plays
 * {@value #PEER_ADDRESS}, port {@value #PEER_PORT}. The engine's link is in memory: an injected segment is encoded by
 * the engine's codec (checksums included) and arrives on it at once; every packet the engine sends is decoded again
 * and queued with the time it left. With a capture file (or {@code -Dtcpmodel.pcap.dir=DIR} for {@link Scripts}) the
 * link records both directions as pcap. Listeners listen on {@value #ENGINE_PORT} and active opens start from it, so
 * the script's segments always reach the socket under test (or CLOSED, RFC 9293 §3.10.7.1, when there is none).
 *
 * <p>The sockets. {@code listen} is {@link TcpStack#listen}, {@code accept} {@link Listener#accept}, {@code connect}
 * {@link TcpStack#connect}, {@code write} {@link Connection#write} (the payload is zeros), {@code read}
 * {@link Connection#read}, {@code shutdown(SHUT_WR)} {@link Connection#shutdown}, {@code close}
 * {@link Connection#close}, or {@link Connection#abort} with {@code SO_LINGER {1, 0}}; closing a listener also aborts
 * the connections it forked that were not accepted (a BSD listener's queues go with it). Options set before
 * {@code listen} or {@code connect} ({@code SO_KEEPALIVE}, {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL},
 * {@code TCP_KEEPCNT}, {@code TCP_USER_TIMEOUT}) become the connection's own {@link ConnectionConfig}, which a
 * listener hands on to the connections it forks; later, only {@code SO_KEEPALIVE} can be switched (the engine has no
 * setter for the others, a target error). {@code SO_REUSEADDR} is accepted and changes
 * nothing (the engine has no address reuse check); {@code TCP_NODELAY} switches the engine's Nagle algorithm off
 * ({@code Connection.setNoDelay}), before or after the connection opens, and an accepted socket inherits it.
 *
 * <p>TCP Fast Open (RFC 7413). net.ipv4.tcp_fastopen's server bit (0x2) with {@code TCP_FASTOPEN} on the listener,
 * or with its bit 0x400 (every listener, its queue the backlog), makes a listener a Fast Open server ({@link
 * Listener#fastOpen}); bit 0x200 takes the text of every data-bearing SYN without a cookie; net.ipv4.tcp_fastopen_key
 * sets the key. The engine's cookie is the kernel's MAC of the two addresses ({@link
 * io.github.tcpmodel.engine.connection.FastOpenCookies}), and the script's cookies are those of its own addresses
 * (packetdrill's, or {@code --local_ip} and {@code --remote_ip}), not the engine's: the target presents the cookie the
 * engine computes for its addresses to the script as the one it computes, under the same key, for the script's, and
 * the reverse, so that a script's literal cookie is compared with the engine's own octet for octet.
 *
 * <p>Blocking. The engine never blocks; the target does: {@code connect} returns when the connection is
 * synchronized or gone, {@code accept} when a connection waits, {@code read} when text is on hand, the peer's FIN
 * has been read, or the connection is gone. The engine's user signals become errnos as on a BSD socket, each
 * reported once: "connection reset" before the connection was synchronized and "connection refused" are
 * {@code ECONNREFUSED}, "connection reset" later {@code ECONNRESET}, the user timeout (also the SYN retries or the
 * keep-alive probes running out) {@code ETIMEDOUT}; a write after CLOSE is {@code EPIPE}.
 *
 * <p>Configuration: {@link ConnectionConfig#rfc9293()} or {@link ConnectionConfig#linux()} by the profile's name,
 * with the RFC 5961 §7 challenge ACK rate limit lifted, as on the kernel target, so that every unacceptable segment
 * of a script is answered (the limit is an implementation's choice, tested elsewhere).
 *
 * <p>Time: the script's clock is in microseconds, the engine's in milliseconds; the engine sees the script's time
 * rounded down to the millisecond, and its timers fire at whole milliseconds.
 */
public final class EngineTarget implements Target {

    /** The engine's address. */
    public static final String ENGINE_ADDRESS = "10.0.0.1";
    /** The script's (the peer's) address. */
    public static final String PEER_ADDRESS = "10.0.0.2";
    /** The engine's port, for listening and for active opens. */
    public static final int ENGINE_PORT = 8080;
    /** The script's port. */
    public static final int PEER_PORT = 40_000;

    /** The largest payload an injected segment can carry in one IPv4 packet with a 20-octet TCP header. */
    private static final long LARGEST_PAYLOAD = 0xFFFF - 40;
    /** Timer firings in one wait before the target gives up on a runaway engine. */
    private static final int MAX_FIRINGS = 1_000_000;
    /** Linux's upper bounds for TCP_KEEPIDLE and TCP_KEEPINTVL (seconds) and TCP_KEEPCNT. */
    private static final long MAX_KEEP_SECONDS = 32_767;
    private static final long MAX_KEEPCNT = 127;

    private final ConnectionConfig base;
    /**
     * The extensions the script's shell lines switch (tcp_timestamps, tcp_sack, tcp_window_scaling), applied to the
     * profile of every connection opened after them; the base configuration's until then.
     */
    private io.github.tcpmodel.profile.TcpExtensions sysctlExtensions;
    /**
     * The engine's port the script's segments go to: {@value #ENGINE_PORT}, or the port of the latest Fast Open
     * sendto's connection, which took the first port free of connections to the peer.
     */
    private int activePort = ENGINE_PORT;
    /** net.ipv4.tcp_fastopen as the script's shell lines set it; 1, Linux's default, is the client bit alone. */
    private long tcpFastopen = 1;
    /** The Fast Open key (net.ipv4.tcp_fastopen_key) the shell lines set; the engine's own until then. */
    private Option<io.github.tcpmodel.engine.connection.FastOpenCookies> fastOpenKey = Option.none();
    /** The script's own addresses (packetdrill's, or --local_ip and --remote_ip), for its Fast Open cookies. */
    private int scriptLocal = Addresses.parse(LinuxTarget.KERNEL_ADDRESS);
    private int scriptRemote = Addresses.parse(LinuxTarget.PEER_ADDRESS);
    /** The folder of the script, against which a shell line's {@code ../common/defaults.sh} is read; none: none. */
    private Option<Path> scriptDirectory = Option.none();
    private final VirtualClock clock = new VirtualClock();
    private final int engineAddr = Addresses.parse(ENGINE_ADDRESS);
    private final int peerAddr = Addresses.parse(PEER_ADDRESS);
    private final ScriptLink wire = new ScriptLink();
    private final Option<CapturingLink> capture;
    private final TcpStack stack;
    private ConformanceMonitor monitor;

    private long now;
    private int nextFd = 3;
    private int divergencesReported;
    /**
     * Whether the peer's latest SYN announced an MSS of 0. That is legal on the wire (RFC 9293 §3.7.1, MUST-14:
     * the option carries any 16-bit value), but it leaves the engine an effective send MSS of
     * min(0 + 20, MMS_S) - 20 - options = 0 (MUST-16; RFC 6691 §2 counts no options in the value): no segment to
     * this peer may carry data. The model takes an MSS of 1 to 65535 only, so the monitor does not follow such a
     * connection; the target itself holds the engine to MUST-16.
     */
    private boolean peerMssZero;
    /** Whether the segment being injected is a SYN with an MSS of 0 (its connection then leaves the monitor). */
    private boolean injectingMssZero;
    /** The connections the monitor cannot follow, because their peer announced an MSS of 0. */
    private final java.util.Set<io.github.tcpmodel.engine.connection.ConnectionId> unmodelled =
            new java.util.HashSet<>();
    private Option<String> linkError = Option.none();
    private final Deque<Emitted> out = new ArrayDeque<>();
    private final TreeMap<Integer, Sock> fds = new TreeMap<>();
    /** Connections a socket holds (accepted or connected): the rest of a listener's are aborted with it. */
    private final Map<Connection, Sock> owned = new IdentityHashMap<>();
    private Option<Tuple2<SocketCall, Sock>> blocked = Option.none();
    private Option<Returned> returned = Option.none();

    private enum Kind { FRESH, LISTENER, CONN }

    /** A file descriptor's socket: its options, then its listener or connection. */
    private static final class Sock {
        Kind kind = Kind.FRESH;
        /** shutdown(SHUT_RD) was called: a read answers what is queued, then the end of the data at once. */
        boolean readShut;
        boolean linger0;
        boolean keepalive;
        /** TCP_NODELAY: Nagle's algorithm off for this socket's connection (RFC 9293 §3.7.4, MUST-17). */
        boolean noDelay;
        /** TCP_FASTOPEN: the length of the listener's Fast Open queue (RFC 7413 §5.1); 0 for none. */
        long fastOpenQueue;
        /** O_NONBLOCK (fcntl F_SETFL): a call that would wait answers at once, connect EINPROGRESS, others EAGAIN. */
        boolean nonBlocking;
        Option<Long> keepIdle = Option.none();
        Option<Long> keepIntvl = Option.none();
        Option<Integer> keepCnt = Option.none();
        Option<Long> userTimeout = Option.none();
        Option<Listener> listener = Option.none();
        Option<Connection> conn = Option.none();
        /** The connection reached a synchronized state (so a reset is ECONNRESET, an end of data is 0). */
        boolean synced;
        /** The connection's TCB is gone and its signal, if any, has been taken into {@link #error}. */
        boolean gone;
        Option<Errno> error = Option.none();
        /** What a blocking sendto with MSG_FASTOPEN returns once the connection is synchronized (its count). */
        long fastOpenReturns;
    }

    /** The linux configuration's receive buffer here: packetdrill's tcp_rmem[2], 15 MiB (shift 8, RFC 7323 §2.3). */
    static final int PACKETDRILL_RECEIVE_BUFFER = 15 << 20;

    /** The engine under {@code config} (its challenge ACK rate limit as given), at time 0. */
    public EngineTarget(ConnectionConfig config) {
        this(config, Option.none());
    }

    /**
     * The engine under {@code config}, at time 0, its link captured into the pcap file {@code pcap} when given (the
     * file is complete after {@link #finish()}).
     */
    public EngineTarget(ConnectionConfig config, Option<Path> pcap) {
        this.base = Objects.requireNonNull(config, "config is null");
        this.sysctlExtensions = config.profile().extensions();
        Objects.requireNonNull(pcap, "pcap is null");
        this.capture = pcap.map(p -> new CapturingLink(wire, PcapWriter.create(p, clock::nowMillis)));
        this.stack = new TcpStack(clock, capture.isDefined() ? capture.get() : wire, engineAddr, config, 1L);
        this.monitor = new ConformanceMonitor(config);
        stack.observe(monitor);
    }

    /**
     * The engine's configuration for a profile: {@code rfc9293} or {@code linux}, with the challenge ACK rate limit and
     * the RFC 5961 §7 ACK throttle lifted (a script states every answer it expects); or why not.
     */
    public static Either<String, ConnectionConfig> configFor(String profile) {
        Objects.requireNonNull(profile, "profile is null");
        ConnectionConfig c;
        switch (profile) {
            case "rfc9293":
                c = ConnectionConfig.rfc9293();
                break;
            case "linux":
                // packetdrill's scripts expect the window scale shift the kernel sizes to tcp_rmem[2] = 15 MiB, the
                // value gtests/net/common/defaults.sh sets: the engine sizes its shift to the same receive buffer.
                c = ConnectionConfig.linux().withBuffers(PACKETDRILL_RECEIVE_BUFFER,
                        ConnectionConfig.linux().sendBuffer());
                break;
            default:
                return Either.left("the engine has no configuration for profile '" + profile + "'");
        }
        return Either.right(c.withChallengeAcksPerSecond(Integer.MAX_VALUE).withInvalidAckInterval(0));
    }

    /**
     * Runs {@code script} on a fresh engine configured for {@code profile}: it passes when every line holds and the
     * conformance monitor found no divergence, up to the end of the run.
     */
    static ScriptResult play(Script script, String name, String profile) {
        return play(script, name, profile, Option.none());
    }

    /** As {@link #play(Script, String, String)}, shell lines' files read from {@code directory}. */
    static ScriptResult play(Script script, String name, String profile, Option<Path> directory) {
        Either<String, ConnectionConfig> config = configFor(profile);
        if (config.isLeft()) {
            return new ScriptResult(name, "engine", profile, ScriptResult.Verdict.FAILED,
                    name + ": " + config.getLeft());
        }
        String dir = System.getProperty(CapturingLink.DIRECTORY_PROPERTY);
        Option<Path> pcap = dir == null || dir.isBlank() ? Option.none()
                : Option.some(Path.of(dir, (name + "." + profile).replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap"));
        EngineTarget target;
        try {
            target = new EngineTarget(config.get(), pcap);
        } catch (java.io.UncheckedIOException e) {
            return new ScriptResult(name, "engine", profile, ScriptResult.Verdict.FAILED,
                    name + ": cannot capture: " + e.getMessage());
        }
        target.scriptDirectory = directory;
        Either<Failure, Passed> r = ScriptRunner.run(script, target);
        if (r.isRight()) {
            Option<String> late = target.finish();
            if (late.isDefined()) {
                return new ScriptResult(name, "engine", profile, ScriptResult.Verdict.FAILED,
                        name + ": after the last line: " + late.get());
            }
        }
        return Scripts.result(name, "engine", profile, r);
    }

    /**
     * Ends the run: the monitor checks that every segment the model required was sent, and a capture file is
     * closed. Answers the first divergence not yet reported, if any.
     */
    public Option<String> finish() {
        capture.forEach(CapturingLink::close);
        monitor.finish();
        return newDivergence();
    }

    /**
     * Makes every connection of the engine take the initial sequence number {@code isn} (0 to 2^32-1) instead of
     * RFC 6528's, e.g. just below the 2^32 wrap.
     */
    public void overrideIsn(long isn) {
        if (isn < 0 || isn > 0xffff_ffffL) {
            throw new IllegalArgumentException("isn is 32-bit unsigned: " + isn);
        }
        stack.overrideIsn(id -> (int) isn);
    }

    /** Every divergence the conformance monitor found so far. */
    public java.util.List<MonitorDivergence> divergences() {
        return monitor.divergences();
    }

    /** The engine, for tests. */
    public TcpStack stack() {
        return stack;
    }

    // ---------------------------------------------------------------- Target

    @Override
    public Option<String> notApplicable(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g
                && (g.classic().isDefined() || zeroCopy(g).isDefined() || soZeroCopy(g) || fileFlags(g)
                || sendfile(g).isDefined() || tcpFastOpen(g).isDefined()
                || (fastOpenSendto(g).isDefined() && fastOpenClient()))) {
            return Option.none();
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Command cmd
                && (sysctls(cmd).nonEmpty() || fastOpenKeyOf(cmd).isDefined())) {
            return Option.none();
        }
        return Target.super.notApplicable(event);
    }

    /** The sysctls the engine target applies, as switches of its configuration's profile. */
    static final io.vavr.collection.List<String> SYSCTLS = io.vavr.collection.List.of("tcp_timestamps", "tcp_sack",
            "tcp_window_scaling", "tcp_fastopen", "tcp_fastopen_key");

    /** net.ipv4.tcp_fastopen_key = four 32-bit words in hexadecimal, as a shell line sets it. */
    private static final java.util.regex.Pattern FASTOPEN_KEY = java.util.regex.Pattern.compile(
            "(?:net\\.ipv4\\.|/proc/sys/net/ipv4/)tcp_fastopen_key\\s*=\\s*\"?([0-9a-fA-F]{1,8}(?:-[0-9a-fA-F]{1,8}){3})");

    /** net.ipv4.tcp_fastopen's bits, as Linux defines them: the server on, no cookie required, every listener. */
    private static final long TFO_CLIENT_ENABLE = 0x1;
    private static final long TFO_SERVER_ENABLE = 0x2;
    private static final long TFO_SERVER_COOKIE_NOT_REQD = 0x200;
    private static final long TFO_SERVER_WO_SOCKOPT1 = 0x400;

    /** The sysctls of {@link #SYSCTLS} shell line {@code cmd} sets (with the files it runs), in order. */
    private io.vavr.collection.List<Tuple2<String, Long>> sysctls(io.github.tcpmodel.script.ScriptEvent.Command cmd) {
        java.util.regex.Matcher m = ModelTarget.SYSCTL.matcher(ModelTarget.shellText(cmd, scriptDirectory));
        io.vavr.collection.List<Tuple2<String, Long>> set = io.vavr.collection.List.empty();
        while (m.find()) {
            String text = m.group(2);
            long v = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
            if (SYSCTLS.contains(m.group(1))) {
                set = set.append(io.vavr.Tuple.of(m.group(1), v));
            }
        }
        return set;
    }

    /** The Fast Open key shell line {@code cmd} sets (with the files it runs), the last one; none when none. */
    private Option<String> fastOpenKeyOf(io.github.tcpmodel.script.ScriptEvent.Command cmd) {
        java.util.regex.Matcher m = FASTOPEN_KEY.matcher(ModelTarget.shellText(cmd, scriptDirectory));
        Option<String> key = Option.none();
        while (m.find()) {
            key = Option.some(m.group(1));
        }
        return key;
    }

    /**
     * A shell line's sysctls tcp_timestamps, tcp_sack and tcp_window_scaling, as the offers of RFC 7323 and RFC 2018
     * in the profile of the connections opened after it (Linux reads them when it builds a SYN or SYN,ACK); the rest
     * of the line is reported ({@link #partly}).
     */
    @Override
    public Either<String, Long> other(io.github.tcpmodel.script.ScriptEvent event) {
        if (!(event instanceof io.github.tcpmodel.script.ScriptEvent.Command cmd)) {
            return Target.super.other(event);
        }
        io.vavr.collection.List<Tuple2<String, Long>> all = sysctls(cmd);
        // Fast Open's switches and key are read when a listener is made and a SYN arrives, as Linux reads them: they
        // apply at any time, and the monitor takes Fast Open from what the engine does.
        for (Tuple2<String, Long> kv : all.filter(kv -> kv._1.equals("tcp_fastopen"))) {
            tcpFastopen = kv._2;
        }
        stack.fastOpenCookieRequired((tcpFastopen & TFO_SERVER_COOKIE_NOT_REQD) == 0);
        Option<String> key = fastOpenKeyOf(cmd);
        if (key.isDefined()) {
            fastOpenKey = Option.some(io.github.tcpmodel.engine.connection.FastOpenCookies.ofText(key.get()));
            stack.fastOpenKey(fastOpenKey.get());
        }
        io.vavr.collection.List<Tuple2<String, Long>> set = all.filter(kv -> !kv._1.startsWith("tcp_fastopen"));
        if (set.isEmpty()) {
            return Either.right(now);
        }
        if (!fds.isEmpty() || !owned.isEmpty()) {
            // The conformance monitor is built for one profile, before the first socket; Linux would apply the
            // switch to later SYNs, which the monitor could not follow.
            return Either.left("the sysctls " + set.map(Tuple2::_1).mkString(", ") + " set after the first socket "
                    + "(the engine target applies them to its configuration and its monitor before any socket)");
        }
        for (Tuple2<String, Long> kv : set) {
            boolean on = kv._2 != 0;
            sysctlExtensions = switch (kv._1) {
                case "tcp_timestamps" -> sysctlExtensions.withTimestamps(on);
                case "tcp_sack" -> sysctlExtensions.withSack(on);
                default -> sysctlExtensions.withWindowScale(on
                        ? base.profile().extensions().windowScale() : Option.none());
            };
        }
        monitor = new ConformanceMonitor(base.withProfile(base.profile().withExtensions(sysctlExtensions)));
        stack.observe(monitor);
        return Either.right(now);
    }

    /**
     * A {@code send}, {@code sendto} or {@code sendmsg} whose only flag is MSG_ZEROCOPY, as the plain send it is to
     * TCP: zero-copy changes where the octets are taken from and how their completion is reported (on the socket's
     * error queue), not the segments (the {@link #partly} report says so).
     */
    static Option<SocketCall> zeroCopy(SocketCall.Generic g) {
        int flags = g.name().equals("sendmsg") ? 2 : 3;
        boolean onlyZeroCopy = g.arg(flags).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Words w
                && w.words().equals(io.vavr.collection.List.of("MSG_ZEROCOPY")));
        if (!onlyZeroCopy || !io.vavr.collection.List.of("send", "sendto", "sendmsg").contains(g.name())) {
            return Option.none();
        }
        java.util.List<io.github.tcpmodel.script.CallArgument> args = new java.util.ArrayList<>(g.args().asJava());
        args.set(flags, new io.github.tcpmodel.script.CallArgument.Number(0, "0"));
        return new SocketCall.Generic(g.name(), io.vavr.collection.List.ofAll(args)).classic();
    }

    /**
     * {@code sendfile(OUT, IN, [OFFSET], COUNT)} as the SEND of COUNT octets on socket OUT: which file the octets
     * come from is not TCP's business (the {@code partly} report says the file is not read).
     */
    static Option<SocketCall> sendfile(SocketCall.Generic g) {
        if (!g.name().equals("sendfile")) {
            return Option.none();
        }
        Option<Long> out = g.arg(0).flatMap(io.github.tcpmodel.script.CallArgument::number);
        Option<Long> count = g.arg(3).flatMap(io.github.tcpmodel.script.CallArgument::number);
        return out.isDefined() && count.isDefined() && count.get() >= 0 && out.get() >= 0
                && out.get() <= Integer.MAX_VALUE
                ? Option.some(new SocketCall.Write((int) (long) out.get(), count.get())) : Option.none();
    }

    /** The {@code --report} note of a sendfile made as a SEND. */
    static final String SENDFILE_NOTE = "sendfile: the target sends the count of octets as a plain send (it has no "
            + "files; open() is not applicable)";

    /** {@code fcntl(fd, F_GETFL)} or {@code fcntl(fd, F_SETFL, O_RDWR|O_NONBLOCK)}, flags written as names. */
    private static boolean fileFlags(SocketCall.Generic g) {
        if (!g.name().equals("fcntl") || !g.arg(1).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Words)) {
            return false;
        }
        io.vavr.collection.List<String> cmd = ((io.github.tcpmodel.script.CallArgument.Words) g.arg(1).get()).words();
        if (cmd.equals(io.vavr.collection.List.of("F_GETFL"))) {
            return true;
        }
        return cmd.equals(io.vavr.collection.List.of("F_SETFL")) && g.arg(2).exists(a ->
                a instanceof io.github.tcpmodel.script.CallArgument.Words w
                        && w.words().forAll(n -> n.equals("O_RDWR") || n.equals("O_NONBLOCK")));
    }

    /** Linux's O_RDWR and O_NONBLOCK (asm-generic/fcntl.h). */
    private static final long O_RDWR = 02;
    private static final long O_NONBLOCK = 04000;

    /** {@code setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, [1], 4)}: accepted, without effect on the segments. */
    private static boolean soZeroCopy(SocketCall.Generic g) {
        return g.name().equals("setsockopt") && g.arg(2).exists(a ->
                a instanceof io.github.tcpmodel.script.CallArgument.Words w
                        && w.words().equals(io.vavr.collection.List.of("SO_ZEROCOPY")));
    }

    @Override
    public io.vavr.collection.List<String> partly(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Segment s
                && s.direction() == io.github.tcpmodel.script.Direction.INBOUND
                && announcesMssZero(s.flags(), s.options().getOrElse(io.vavr.collection.List.empty()))) {
            return io.vavr.collection.List.of("the conformance monitor does not follow this connection: the peer "
                    + "announces MSS 0, and the model takes an MSS of 1 to 65535 (RFC 9293 §3.7.1); the target "
                    + "checks that no segment to the peer carries data (MUST-16: an effective send MSS of 0)");
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g) {
            if (g.classic().isEmpty() && zeroCopy(g).isDefined()) {
                return io.vavr.collection.List.of("MSG_ZEROCOPY: the engine target sends the octets as a plain send "
                        + "(it has no error queue to report completions on)");
            }
            if (sendfile(g).isDefined()) {
                return io.vavr.collection.List.of(SENDFILE_NOTE);
            }
            if (fastOpenSendto(g).isDefined() && fastOpenClient()) {
                return io.vavr.collection.List.of("sendto with MSG_FASTOPEN: the conformance monitor does not follow a "
                        + "connection whose SYN carries text (RFC 7413 §4.1.2): it does not yet step the model's "
                        + "client rules");
            }
            if (soZeroCopy(g)) {
                return io.vavr.collection.List.of("SO_ZEROCOPY is accepted and has no effect (MSG_ZEROCOPY sends are "
                        + "plain sends)");
            }
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Command) {
            return io.vavr.collection.List.of("the shell line but its sysctls " + SYSCTLS.mkString(", ") + " (the "
                    + "engine target has no shell; it applies these to its configuration's profile)");
        }
        return Target.super.partly(event);
    }

    /** A SYN whose MSS option is 0 (RFC 9293 §3.7.1: legal, and the effective send MSS is then 0). */
    private static boolean announcesMssZero(io.vavr.collection.Set<io.github.tcpmodel.script.Flag> flags,
                                            io.vavr.collection.List<io.github.tcpmodel.script.TcpOption> options) {
        return flags.contains(io.github.tcpmodel.script.Flag.SYN)
                && options.exists(o -> o instanceof io.github.tcpmodel.script.TcpOption.Mss m && m.value() == 0);
    }

    /**
     * {@code --local_ip} and {@code --remote_ip}: the engine keeps its own addresses; the script's stand for them in
     * Fast Open cookies (see the class comment).
     */
    @Override
    public Option<String> option(String name, String value) {
        if (!name.equals("local_ip") && !name.equals("remote_ip")) {
            return Target.super.option(name, value);
        }
        int addr;
        try {
            addr = Addresses.parse(value);
        } catch (IllegalArgumentException e) {
            return Option.some("not applied: the engine target runs IPv4");
        }
        if (name.equals("local_ip")) {
            scriptLocal = addr;
        } else {
            scriptRemote = addr;
        }
        return Option.some("the engine runs on " + ENGINE_ADDRESS + " and the script plays " + PEER_ADDRESS + "; "
                + value + " stands for " + (name.equals("local_ip") ? ENGINE_ADDRESS : PEER_ADDRESS)
                + " in Fast Open cookies");
    }

    /**
     * The options compared as every target compares them ({@link Target#optionDifference}), a Fast Open cookie the
     * script writes as a name ({@code FOEXP TFO_COOKIE}) standing for the cookie packetdrill defines for it, as on
     * an injected segment.
     */
    @Override
    public Option<String> optionDifference(io.vavr.collection.List<io.github.tcpmodel.script.TcpOption> expected,
                                           io.vavr.collection.List<io.github.tcpmodel.script.TcpOption> actual) {
        return Target.super.optionDifference(expected.map(o -> o instanceof io.github.tcpmodel.script.TcpOption.FastOpen f
                && LinuxTarget.DEFINITIONS.containsKey(f.cookie())
                ? new io.github.tcpmodel.script.TcpOption.FastOpen(f.experimental(), LinuxTarget.DEFINITIONS.get(f.cookie()))
                : o), actual);
    }

    /**
     * The Fast Open cookie of the script's addresses and that of the engine's, hex, under the engine's key: the pair
     * the target translates between.
     */
    private Tuple2<String, String> cookies() {
        io.github.tcpmodel.engine.connection.FastOpenCookies c = stack.fastOpenCookies();
        return Tuple.of(hex(c.cookie(octets(scriptRemote), octets(scriptLocal))),
                hex(c.cookie(octets(peerAddr), octets(engineAddr))));
    }

    private static byte[] octets(int addr) {
        return new byte[] {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    /** {@code segment} with a Fast Open cookie {@code from} replaced by {@code to} (hex, case ignored). */
    private static ScriptSegment cookieTranslated(ScriptSegment segment, String from, String to) {
        if (!segment.options().exists(o -> o instanceof io.github.tcpmodel.script.TcpOption.FastOpen f
                && f.cookie().equalsIgnoreCase(from))) {
            return segment;
        }
        return new ScriptSegment(segment.flags(), segment.seq(), segment.ack(), segment.window(),
                segment.options().map(o -> o instanceof io.github.tcpmodel.script.TcpOption.FastOpen f
                        && f.cookie().equalsIgnoreCase(from)
                        ? new io.github.tcpmodel.script.TcpOption.FastOpen(f.experimental(), to) : o),
                segment.length());
    }

    /**
     * {@code setsockopt(fd, SOL_TCP, TCP_FASTOPEN, [N], 4)} (or IPPROTO_TCP): the queue length N of a listener's Fast
     * Open queue; none for any other call.
     */
    static Option<Long> tcpFastOpen(SocketCall.Generic g) {
        if (!g.name().equals("setsockopt") || !g.arg(2).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Words w
                && w.words().equals(io.vavr.collection.List.of("TCP_FASTOPEN")))) {
            return Option.none();
        }
        return g.arg(3).flatMap(a -> a instanceof io.github.tcpmodel.script.CallArgument.Array arr
                && arr.items().size() == 1 ? io.github.tcpmodel.script.CallArgument.number(arr.items().head())
                : io.github.tcpmodel.script.CallArgument.number(a));
    }

    /**
     * {@code sendto(fd, ..., N, MSG_FASTOPEN, ..., ...)}: the count N of a Fast Open client's connect with text (RFC
     * 7413 §4.1.2), MSG_FASTOPEN its only flag; none for any other call.
     */
    static Option<Long> fastOpenSendto(SocketCall.Generic g) {
        if (!g.name().equals("sendto") || !g.arg(3).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Words w
                && w.words().equals(io.vavr.collection.List.of("MSG_FASTOPEN")))
                || g.arg(4).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Words w
                && w.words().contains("AF_UNSPEC"))) {
            return Option.none();
        }
        return g.arg(2).flatMap(io.github.tcpmodel.script.CallArgument::number).filter(n -> n >= 0);
    }

    /** Whether a connection of the engine's to the peer's port is on local port {@code port}. */
    private boolean portTaken(int port) {
        for (Connection c : stack.connections()) {
            if (c.id().localPort() == port && c.id().remotePort() == PEER_PORT) {
                return true;
            }
        }
        return false;
    }

    /** Whether the engine is a Fast Open client: net.ipv4.tcp_fastopen's client bit, a profile that implements it. */
    private boolean fastOpenClient() {
        return (tcpFastopen & TFO_CLIENT_ENABLE) != 0 && base.profile().fastOpenCapable();
    }

    /**
     * sendto with MSG_FASTOPEN on a fresh socket, as Linux: an active OPEN as a Fast Open client
     * ({@link ConnectionConfig#withFastOpenClient}). With a cookie cached for the peer the SYN carries the text (RFC
     * 7413 §4.1.2); a non-blocking call queues only what the SYN holds and returns that count, a blocking one queues
     * all and returns the count once the connection is synchronized. Without a cookie the SYN asks for one (§4.1.1);
     * a non-blocking call queues nothing and fails with EINPROGRESS, a blocking one sends the text after the handshake.
     * On a connected socket it is a plain send.
     */
    private Either<String, Option<CallResult>> fastOpenSendto(SocketCall.Generic g, long count) {
        Sock s = g.fd().flatMap(fd -> Option.of(fds.get(fd))).getOrNull();
        if (s == null) {
            return Either.right(Option.some(CallResult.fails(Errno.EBADF)));
        }
        if (s.kind == Kind.CONN) {
            return call(new SocketCall.Write(g.fd().get(), count));
        }
        if (blocked.isDefined()) {
            return Either.left("a call is still blocked: " + blocked.get()._1);
        }
        if (count > Scripts.MAX_WRITE) {
            throw new TargetError(Scripts.tooLargeWrite("engine", count));
        }
        return guarded(() -> {
            returned = Option.none();
            settle();
            if (s.kind != Kind.FRESH) {
                return fail(Errno.EINVAL);
            }
            // Each Fast Open sendto is a new socket, which Linux binds to a new ephemeral port (packetdrill maps the
            // script's port to it): the engine's port here is the first one no connection to the peer holds (an
            // earlier connection may still be in TIME-WAIT), and segments the script injects go to it.
            int port = ENGINE_PORT;
            while (portTaken(port)) {
                port++;
            }
            activePort = port;
            ConnectionConfig config = configOf(s).withFastOpenClient(true);
            io.github.tcpmodel.engine.connection.FastOpenClientCache.Entry cached = stack.fastOpenClientEntry(peerAddr);
            long queued = count;
            if (s.nonBlocking) {
                queued = cached == null ? 0
                        : Math.min(count, Math.max(0, Math.min(config.profile().mss(), cached.mss()) - 40));
            }
            s.kind = Kind.CONN;
            own(s, stack.connectWithText(peerAddr, PEER_PORT, port, config, new byte[(int) queued], 0,
                    (int) queued));
            settle();
            if (s.nonBlocking) {
                return queued > 0 ? done(queued) : fail(Errno.EINPROGRESS);
            }
            if (s.synced) {
                return done(count);
            }
            if (s.gone) {
                Errno e = s.error.getOrElse(Errno.ECONNREFUSED);
                s.error = Option.none();
                return fail(e);
            }
            s.fastOpenReturns = count;
            blocked = Option.some(Tuple.of(new SocketCall.Connect(g.fd().get()), s));
            return Option.<CallResult>none();
        });
    }

    /** The Fast Open queue a listener made by {@code s} with {@code backlog} gets: 0 for none (see the class comment). */
    private int fastOpenQueueOf(Sock s, int backlog) {
        if ((tcpFastopen & TFO_SERVER_ENABLE) == 0 || !base.profile().fastOpenCapable()) {
            return 0;
        }
        long q = s.fastOpenQueue > 0 ? s.fastOpenQueue : (tcpFastopen & TFO_SERVER_WO_SOCKOPT1) != 0 ? backlog : 0;
        return (int) Math.min(q, Integer.MAX_VALUE);
    }

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Either<String, Long> advanceTo(long micros) {
        return guarded(() -> {
            int firings = 0;
            while (fireNext(micros)) {
                settle();
                firings = count(firings);
            }
            moveTo(micros);
            return now;
        });
    }

    @Override
    public Either<String, Option<CallResult>> call(SocketCall call) {
        if (call instanceof SocketCall.Generic g && g.classic().isDefined()) {
            return call(g.classic().get());
        }
        if (call instanceof SocketCall.Generic g && zeroCopy(g).isDefined()) {
            return call(zeroCopy(g).get());
        }
        if (call instanceof SocketCall.Generic g && sendfile(g).isDefined()) {
            return call(sendfile(g).get());
        }
        if (call instanceof SocketCall.Generic g && fileFlags(g)) {
            Sock s = g.fd().flatMap(fd -> Option.of(fds.get(fd))).getOrNull();
            if (s == null) {
                return Either.right(Option.some(CallResult.fails(Errno.EBADF)));
            }
            if (((io.github.tcpmodel.script.CallArgument.Words) g.arg(1).get()).words().contains("F_GETFL")) {
                return Either.right(Option.some(CallResult.returns(O_RDWR | (s.nonBlocking ? O_NONBLOCK : 0))));
            }
            s.nonBlocking = ((io.github.tcpmodel.script.CallArgument.Words) g.arg(2).get()).words()
                    .contains("O_NONBLOCK");
            return Either.right(Option.some(CallResult.returns(0)));
        }
        if (call instanceof SocketCall.Generic g && tcpFastOpen(g).isDefined()) {
            Sock s = g.fd().flatMap(fd -> Option.of(fds.get(fd))).getOrNull();
            if (s == null) {
                return Either.right(Option.some(CallResult.fails(Errno.EBADF)));
            }
            long q = tcpFastOpen(g).get();
            if (q < 0 || s.kind == Kind.CONN) {
                return Either.right(Option.some(CallResult.fails(Errno.EINVAL)));
            }
            s.fastOpenQueue = q;
            s.listener.forEach(l -> l.fastOpen(fastOpenQueueOf(s, l.fastOpenQueue())));
            return Either.right(Option.some(CallResult.returns(0)));
        }
        if (call instanceof SocketCall.Generic g && fastOpenSendto(g).isDefined() && fastOpenClient()) {
            return fastOpenSendto(g, fastOpenSendto(g).get());
        }
        if (call instanceof SocketCall.Generic g && soZeroCopy(g)) {
            return g.fd().exists(fds::containsKey) ? Either.right(Option.some(CallResult.returns(0)))
                    : Either.right(Option.some(CallResult.fails(Errno.EBADF)));
        }
        Objects.requireNonNull(call, "call is null");
        if (blocked.isDefined()) {
            return Either.left("a call is still blocked: " + blocked.get()._1);
        }
        return guarded(() -> {
            returned = Option.none();
            settle();
            Option<Sock> sock = call.fd().flatMap(fd -> Option.of(fds.get(fd)));
            if (call.fd().isDefined() && sock.isEmpty()) {
                return fail(Errno.EBADF);
            }
            Option<CallResult> r = start(call, sock);
            settle();
            if (r.isEmpty()) {
                Option<CallResult> at = attempt(call, sock.get());
                if (at.isDefined()) {
                    return at;
                }
                if (sock.get().nonBlocking) {
                    // The OPEN goes on (RFC 9293 §3.10.1); the user is told at once that it has not completed.
                    return call instanceof SocketCall.Connect ? fail(Errno.EINPROGRESS) : fail(Errno.EAGAIN);
                }
                blocked = Option.some(Tuple.of(call, sock.get()));
            }
            return r;
        });
    }

    @Override
    public Either<String, Option<Returned>> awaitReturn(long deadline) {
        return guarded(() -> {
            int firings = 0;
            while (returned.isEmpty() && blocked.isDefined() && fireNext(deadline)) {
                settle();
                firings = count(firings);
            }
            if (returned.isDefined()) {
                Option<Returned> r = returned;
                returned = Option.none();
                return r;
            }
            moveTo(deadline);
            return Option.none();
        });
    }

    @Override
    public Either<String, Long> inject(ScriptSegment given) {
        Objects.requireNonNull(given, "segment is null");
        // A cookie written as a name (FOEXP TFO_COOKIE) goes out as the cookie packetdrill defines for it.
        ScriptSegment defined = LinuxTarget.defined(given);
        Tuple2<String, String> cookies = cookies();
        ScriptSegment segment = defined.flags().contains(io.github.tcpmodel.script.Flag.SYN)
                ? cookieTranslated(defined, cookies._1, cookies._2) : defined;
        if (segment.length() > LARGEST_PAYLOAD) {
            return Either.left("a payload of " + segment.length() + " octets does not fit one IPv4 packet");
        }
        if (RawSegments.options(segment.options()).length > 40) {
            return Either.left("the options " + segment.options().mkString(",") + " do not fit a TCP header (40 "
                    + "octets, RFC 9293 §3.1)");
        }
        if (segment.flags().contains(io.github.tcpmodel.script.Flag.SYN)) {
            peerMssZero = announcesMssZero(segment.flags(), segment.options());
        }
        injectingMssZero = peerMssZero && segment.flags().contains(io.github.tcpmodel.script.Flag.SYN);
        return guarded(() -> {
            wire.inbox.add(RawSegments.encode(segment, peerAddr, engineAddr, PEER_PORT, activePort, 0, 0,
                    Integer.MAX_VALUE));
            // Timers due by now have fired (the runner advanced the clock first): poll takes just the packet.
            stack.poll();
            settle();
            return now;
        });
    }

    /**
     * The engine sends in segments of at most the effective MSS (RFC 9293 §3.7.1, MUST-16); a kernel that hands its
     * TCP a larger segment to cut (TSO, GSO) shows the same octets as one segment where the script records it. The
     * segments the engine emitted at {@code first}'s time right after it, each beginning where the one before ends,
     * with the same acknowledgment and without SYN or RST, are joined to it while the text stays within {@code
     * length}; a FIN or PSH of the last one joined is kept (a FIN ends the burst). Each was checked by the conformance
     * monitor as the engine sent it.
     */
    @Override
    public Emitted joined(Emitted first, long length) {
        ScriptSegment w = first.segment();
        io.vavr.collection.List<io.github.tcpmodel.script.Flag> kept = io.vavr.collection.List.of(
                io.github.tcpmodel.script.Flag.PSH, io.github.tcpmodel.script.Flag.FIN);
        while (!w.flags().contains(io.github.tcpmodel.script.Flag.FIN) && !out.isEmpty()) {
            Emitted next = out.peek();
            ScriptSegment n = next.segment();
            if (next.at() != first.at() || n.length() == 0 || n.ack() != w.ack()
                    || n.flags().contains(io.github.tcpmodel.script.Flag.SYN)
                    || n.flags().contains(io.github.tcpmodel.script.Flag.RST)
                    || n.seq() != (w.seq() + w.length()) % (1L << 32) || w.length() + n.length() > length) {
                break;
            }
            out.poll();
            w = new ScriptSegment(w.flags().removeAll(kept).addAll(n.flags().retainAll(kept)), w.seq(), w.ack(),
                    n.window(), w.options(), w.length() + n.length());
        }
        return new Emitted(first.at(), w);
    }

    @Override
    public Either<String, Option<Emitted>> awaitSegment(long deadline) {
        return guarded(() -> {
            int firings = 0;
            while (out.isEmpty() && fireNext(deadline)) {
                settle();
                firings = count(firings);
            }
            if (!out.isEmpty()) {
                return Option.some(out.poll());
            }
            moveTo(deadline);
            return Option.<Emitted>none();
        });
    }

    // ---------------------------------------------------------------- calls

    /** Makes {@code call}; none when it has to wait (then {@link #attempt} decides when it returns). */
    private Option<CallResult> start(SocketCall call, Option<Sock> sock) {
        if (call instanceof SocketCall.Socket) {
            int fd = nextFd++;
            fds.put(fd, new Sock());
            return done(fd);
        }
        Sock s = sock.get();
        if (call instanceof SocketCall.Bind) {
            return s.kind == Kind.FRESH ? done(0) : fail(Errno.EINVAL);
        }
        if (call instanceof SocketCall.SetSockOpt set) {
            return setsockopt(s, set);
        }
        if (call instanceof SocketCall.Listen listen) {
            return listen(s, listen.backlog());
        }
        if (call instanceof SocketCall.Accept) {
            return s.kind == Kind.LISTENER ? Option.none() : fail(Errno.EINVAL);
        }
        if (call instanceof SocketCall.Connect) {
            return connect(s);
        }
        if (call instanceof SocketCall.Write write) {
            return write(s, write.count());
        }
        if (call instanceof SocketCall.Read) {
            return s.kind == Kind.CONN ? Option.none() : fail(Errno.ENOTCONN);
        }
        if (call instanceof SocketCall.Shutdown shutdown) {
            return shutdown(s, shutdown.how());
        }
        if (call instanceof SocketCall.Close close) {
            return close(s, close.socket());
        }
        throw new TargetError("unsupported call " + call);
    }

    /** Whether a waiting call returns now, and with what. */
    private Option<CallResult> attempt(SocketCall call, Sock s) {
        if (call instanceof SocketCall.Accept) {
            if (s.listener.isEmpty()) {
                return fail(Errno.EINVAL);
            }
            Option<Connection> c = s.listener.get().accept();
            if (c.isEmpty()) {
                return Option.none();
            }
            Sock n = new Sock();
            n.kind = Kind.CONN;
            n.linger0 = s.linger0;
            n.keepalive = s.keepalive;
            n.noDelay = s.noDelay;
            n.keepIdle = s.keepIdle;
            n.keepIntvl = s.keepIntvl;
            n.keepCnt = s.keepCnt;
            n.userTimeout = s.userTimeout;
            own(n, c.get());
            n.synced = true;
            int fd = nextFd++;
            fds.put(fd, n);
            return done(fd);
        }
        if (call instanceof SocketCall.Connect) {
            if (s.synced) {
                long r = s.fastOpenReturns;
                s.fastOpenReturns = 0;
                return done(r);
            }
            if (s.gone) {
                Errno e = s.error.getOrElse(Errno.ECONNREFUSED);
                s.error = Option.none();
                return fail(e);
            }
            return Option.none();
        }
        if (call instanceof SocketCall.Read read) {
            Option<CallResult> got = read(s, read.count());
            // After SHUT_RD a read that would wait answers the end of the data instead (as Linux does).
            return got.isEmpty() && s.readShut ? done(0) : got;
        }
        return Option.none();
    }

    private Option<CallResult> listen(Sock s, Option<Long> backlog) {
        if (s.kind == Kind.LISTENER) {
            return done(0);
        }
        if (s.kind != Kind.FRESH) {
            return fail(Errno.EINVAL);
        }
        if (!stack.listeners().isEmpty()) {
            return fail(Errno.EADDRINUSE);
        }
        // Linux caps the backlog at somaxconn and takes 0 or less as 1 (listen(2)); the engine needs at least 1.
        int b = (int) Math.max(1, Math.min(4096, backlog.getOrElse(128L)));
        activePort = ENGINE_PORT;
        s.listener = Option.some(stack.listen(ENGINE_PORT, b, configOf(s)));
        s.listener.get().fastOpen(fastOpenQueueOf(s, b));
        s.kind = Kind.LISTENER;
        return done(0);
    }

    private Option<CallResult> connect(Sock s) {
        if (s.kind == Kind.LISTENER) {
            return fail(Errno.EINVAL);
        }
        if (s.kind == Kind.CONN) {
            if (s.gone) {
                return fail(Errno.EISCONN);
            }
            return s.synced ? fail(Errno.EISCONN) : fail(Errno.EALREADY);
        }
        for (Connection c : stack.connections()) {
            if (c.id().localPort() == ENGINE_PORT && c.id().remotePort() == PEER_PORT) {
                // The 4-tuple is taken (a connection in TIME-WAIT, say): Linux answers EADDRNOTAVAIL, which scripts
                // cannot name; the nearest is EADDRINUSE.
                return fail(Errno.EADDRINUSE);
            }
        }
        s.kind = Kind.CONN;
        activePort = ENGINE_PORT;
        own(s, stack.connect(peerAddr, PEER_PORT, ENGINE_PORT, configOf(s)));
        return Option.none();
    }

    private Option<CallResult> read(Sock s, long count) {
        Connection c = s.conn.get();
        if (count == 0) {
            // read(2) of nothing returns 0 at once, whatever the connection's state.
            return done(0);
        }
        if (!c.isDeleted() && c.available() > 0) {
            int n = (int) Math.min(Math.min(count, Integer.MAX_VALUE - 8), c.available());
            int got = c.read(new byte[n], 0, n);
            if (got < 0) {
                throw new TargetError("the engine refused a read with " + c.available() + " octets on hand: "
                        + c.error().getOrElse("no reason"));
            }
            return done(got);
        }
        if (s.error.isDefined()) {
            Errno e = s.error.get();
            s.error = Option.none();
            return fail(e);
        }
        if (s.gone) {
            return s.synced ? done(0) : fail(Errno.ENOTCONN);
        }
        // §3.10.3: after the peer's FIN, with nothing left on hand, RECEIVE answers the end of the data.
        return c.isEndOfStream() ? done(0) : Option.none();
    }

    private Option<CallResult> write(Sock s, long count) {
        if (s.kind != Kind.CONN) {
            return fail(Errno.ENOTCONN);
        }
        if (s.error.isDefined()) {
            Errno e = s.error.get();
            s.error = Option.none();
            return fail(e);
        }
        if (s.gone) {
            return fail(s.synced ? Errno.EPIPE : Errno.ENOTCONN);
        }
        if (count > Scripts.MAX_WRITE) {
            // The engine takes a buffer of the count: bounded here as on every target (Scripts.refused).
            throw new TargetError(Scripts.tooLargeWrite("engine", count));
        }
        Connection c = s.conn.get();
        int n = c.write(new byte[(int) count]);
        if (n < 0) {
            // §3.10.2: SEND after CLOSE is "error: connection closing".
            return fail(Errno.EPIPE);
        }
        if (n == 0 && count > 0) {
            // The send buffer is full: a blocking socket would wait; a script here asks too much at once.
            return fail(Errno.EAGAIN);
        }
        return done(n);
    }

    private Option<CallResult> shutdown(Sock s, SocketCall.How how) {
        if (s.kind != Kind.CONN || s.gone) {
            return fail(Errno.ENOTCONN);
        }
        if (how != SocketCall.How.SHUT_WR) {
            s.readShut = true;
        }
        if (how == SocketCall.How.SHUT_RD) {
            return done(0);
        }
        Connection c = s.conn.get();
        TcpState st = c.tcpState();
        if (st == TcpState.FIN_WAIT_1 || st == TcpState.FIN_WAIT_2 || st == TcpState.CLOSING
                || st == TcpState.LAST_ACK || st == TcpState.TIME_WAIT) {
            // Already shut for sending: a second shutdown is a no-op on a socket, not a second CLOSE.
            return done(0);
        }
        return c.shutdown() ? done(0) : fail(Errno.ENOTCONN);
    }

    private Option<CallResult> close(Sock s, int fd) {
        fds.remove(fd);
        if (s.kind == Kind.LISTENER) {
            Listener l = s.listener.get();
            // §3.10.4 LISTEN: delete the TCB. The connections it forked and nobody accepted go with the socket: they
            // are aborted (§3.10.5), as a BSD listener's queues are.
            l.close();
            for (Connection c : stack.connections()) {
                if (!owned.containsKey(c) && c.id().localPort() == l.id().localPort() && !c.isDeleted()) {
                    c.abort();
                }
            }
            return done(0);
        }
        if (s.kind == Kind.CONN && !s.gone) {
            Connection c = s.conn.get();
            if (s.linger0) {
                c.abort();
            } else {
                c.close();
            }
        }
        return done(0);
    }

    private Option<CallResult> setsockopt(Sock s, SocketCall.SetSockOpt o) {
        OptionValue v = o.value();
        long n = v instanceof OptionValue.IntValue i ? i.value() : 0;
        boolean live = s.kind != Kind.FRESH;
        return switch (o.option()) {
            case SO_LINGER -> {
                if (!(v instanceof OptionValue.Linger l)) {
                    yield fail(Errno.EINVAL);
                }
                s.linger0 = l.onoff() != 0 && l.seconds() == 0;
                yield done(0);
            }
            case SO_KEEPALIVE -> {
                s.keepalive = n != 0;
                if (s.kind == Kind.CONN && !s.gone) {
                    s.conn.get().setKeepAlive(s.keepalive);
                } else if (s.kind == Kind.LISTENER) {
                    throw new TargetError("the engine takes SO_KEEPALIVE for a listener's connections only before "
                            + "listen");
                }
                yield done(0);
            }
            case TCP_KEEPIDLE, TCP_KEEPINTVL -> {
                if (n < 1 || n > MAX_KEEP_SECONDS) {
                    yield fail(Errno.EINVAL);
                }
                if (live) {
                    throw notAfterOpen(o);
                }
                if (o.option() == io.github.tcpmodel.script.SocketOption.TCP_KEEPIDLE) {
                    s.keepIdle = Option.some(n * 1000);
                } else {
                    s.keepIntvl = Option.some(n * 1000);
                }
                yield done(0);
            }
            case TCP_KEEPCNT -> {
                if (n < 1 || n > MAX_KEEPCNT) {
                    yield fail(Errno.EINVAL);
                }
                if (live) {
                    throw notAfterOpen(o);
                }
                s.keepCnt = Option.some((int) n);
                yield done(0);
            }
            case TCP_USER_TIMEOUT -> {
                if (n < 0 || n > Integer.MAX_VALUE) {
                    yield fail(Errno.EINVAL);
                }
                if (live) {
                    throw notAfterOpen(o);
                }
                s.userTimeout = n == 0 ? Option.none() : Option.some(n);
                yield done(0);
            }
            case TCP_NODELAY -> {
                s.noDelay = n != 0;
                s.conn.forEach(c -> c.setNoDelay(s.noDelay));
                yield done(0);
            }
            case SO_REUSEADDR -> done(0);
        };
    }

    private static TargetError notAfterOpen(SocketCall.SetSockOpt o) {
        return new TargetError("the engine takes " + o.option() + " only before listen or connect (it has no "
                + "setter for a live connection)");
    }

    /** The base configuration with this socket's options. */
    private ConnectionConfig configOf(Sock s) {
        ConnectionConfig c = base.withProfile(base.profile().withExtensions(sysctlExtensions));
        return c.withUserTimeout(s.userTimeout.getOrElse(c.userTimeout())).withKeepAlive(s.keepalive)
                .withKeepAliveTimes(s.keepIdle.getOrElse(c.keepalive().idle()),
                        s.keepIntvl.getOrElse(c.keepalive().interval()), s.keepCnt.getOrElse(c.keepalive().count()));
    }

    private void own(Sock s, Connection c) {
        s.conn = Option.some(c);
        if (s.noDelay) {
            c.setNoDelay(true);
        }
        owned.put(c, s);
        c.addStateListener((conn, from, to) -> {
            if (to.state().isSynchronized()) {
                s.synced = true;
            }
        });
    }

    // ---------------------------------------------------------------- time and signals

    /** Fires the engine's earliest deadline if it is due by {@code limit} (microseconds); false when none is. */
    private boolean fireNext(long limit) {
        long deadline = stack.nextDeadline();
        if (deadline == Long.MAX_VALUE || deadline > limit / 1000) {
            return false;
        }
        moveTo(deadline * 1000);
        stack.poll();
        return true;
    }

    private void moveTo(long micros) {
        now = Math.max(now, micros);
        clock.advanceTo(Math.max(clock.nowMillis(), now / 1000));
    }

    private static int count(int firings) {
        if (firings + 1 > MAX_FIRINGS) {
            throw new TargetError("the engine fired " + MAX_FIRINGS + " timers without time passing the deadline");
        }
        return firings + 1;
    }

    /**
     * After an event: a connection whose TCB went away leaves its signal with its socket, and a blocked call that
     * can now return does.
     */
    private void settle() {
        for (Map.Entry<Connection, Sock> e : owned.entrySet()) {
            Sock s = e.getValue();
            if (!s.gone && e.getKey().isDeleted()) {
                s.gone = true;
                s.error = errnoOf(e.getKey().error(), s.synced);
            }
        }
        if (blocked.isDefined()) {
            Option<CallResult> r = attempt(blocked.get()._1, blocked.get()._2);
            if (r.isDefined()) {
                blocked = Option.none();
                returned = Option.some(new Returned(now, r.get()));
            }
        }
    }

    /** The errno of the signal that ended a connection (RFC 9293 §3.10.7.3, §3.10.7.4, §3.8.3), if any. */
    static Option<Errno> errnoOf(Option<String> signal, boolean synced) {
        if (signal.isEmpty()) {
            return Option.none();
        }
        String s = signal.get();
        if (s.contains("refused")) {
            return Option.some(Errno.ECONNREFUSED);
        }
        if (s.contains("reset")) {
            // A RST answering our SYN is "connection refused" to a BSD socket, whatever the RFC calls it.
            return Option.some(synced ? Errno.ECONNRESET : Errno.ECONNREFUSED);
        }
        if (s.contains("user timeout")) {
            return Option.some(Errno.ETIMEDOUT);
        }
        return Option.none();
    }

    /** Runs one target method: an engine or monitor problem becomes a left value, never an exception. */
    private <T> Either<String, T> guarded(java.util.function.Supplier<T> body) {
        T value;
        try {
            value = body.get();
        } catch (TargetError e) {
            return Either.left(e.getMessage());
        } catch (RuntimeException e) {
            return Either.left("the engine failed: " + e);
        }
        if (linkError.isDefined()) {
            String e = linkError.get();
            linkError = Option.none();
            return Either.left(e);
        }
        Option<String> d = newDivergence();
        return d.isDefined() ? Either.left(d.get()) : Either.right(value);
    }

    /**
     * The first divergence not yet reported, but for those of connections the model cannot follow: the SYN that
     * announces MSS 0 (the model's MSS is 1 to 65535) and everything after it on that connection.
     */
    private Option<String> newDivergence() {
        java.util.List<MonitorDivergence> all = monitor.divergences();
        Option<String> first = Option.none();
        for (int i = divergencesReported; i < all.size(); i++) {
            MonitorDivergence d = all.get(i);
            if (injectingMssZero && d.event().equals("segment in")) {
                unmodelled.add(d.connection());
            }
            if (first.isEmpty() && !unmodelled.contains(d.connection())) {
                first = Option.some("conformance monitor: " + d);
            }
        }
        divergencesReported = all.size();
        injectingMssZero = false;
        return first;
    }

    // ---------------------------------------------------------------- the wire

    /** The engine's side of the wire: what it sends is decoded and queued with its time; injected packets arrive. */
    private final class ScriptLink implements Link {
        final Deque<byte[]> inbox = new ArrayDeque<>();

        @Override
        public void send(byte[] packet) {
            Decoded d = Codec.decode(packet);
            Option<RawSegments.Read> raw = RawSegments.decode(packet);
            if (d instanceof Decoded.Ok && raw.isDefined()) {
                ScriptSegment sent = raw.get().segment();
                if (sent.flags().contains(io.github.tcpmodel.script.Flag.SYN)) {
                    Tuple2<String, String> c = cookies();
                    sent = cookieTranslated(sent, c._2, c._1);
                }
                if (peerMssZero && sent.length() > 0 && linkError.isEmpty()) {
                    linkError = Option.some("the engine sent " + sent.length() + " data octets to a peer that "
                            + "announced MSS 0: its effective send MSS is min(0 + 20, MMS_S) - 20 = 0 (RFC 9293 "
                            + "§3.7.1, MUST-16; RFC 6691 §2), so a segment to it may carry no data");
                }
                // Read octet by octet: the options as the engine laid them out, not as its codec summarises them.
                out.add(new Emitted(now, sent));
            } else if (linkError.isEmpty()) {
                linkError = Option.some("the engine sent a packet its own codec rejects: " + d);
            }
        }

        @Override
        public int receive(PacketReceiver receiver, int max) {
            int n = 0;
            while (n < max && !inbox.isEmpty()) {
                receiver.receive(inbox.poll());
                n++;
            }
            return n;
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static Option<CallResult> done(long value) {
        return Option.some(CallResult.returns(value));
    }

    private static Option<CallResult> fail(Errno e) {
        return Option.some(CallResult.fails(e));
    }

    /** A problem of the target itself, unwound to the {@link Target} method and answered as a left value. */
    private static final class TargetError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TargetError(String message) {
            super(message, null, false, false);
        }
    }
}
