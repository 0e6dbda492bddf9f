package io.github.tcpmodel.script.target;

import io.github.tcpmodel.conformance.Conformance;
import io.github.tcpmodel.conformance.CongestionCheck;
import io.github.tcpmodel.profile.Keepalive;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.CallResult;
import io.github.tcpmodel.script.Errno;
import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.OptionValue;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.SocketCall;
import io.github.tcpmodel.script.Target;
import io.github.tcpmodel.script.TcpOption;
import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.semantics.Arrival;
import io.github.tcpmodel.semantics.Choices;
import io.github.tcpmodel.semantics.CongestionBounds;
import io.github.tcpmodel.semantics.Emission;
import io.github.tcpmodel.semantics.MssRules;
import io.github.tcpmodel.semantics.IcmpArrival;
import io.github.tcpmodel.semantics.FastOpen;
import io.github.tcpmodel.semantics.Notice;
import io.github.tcpmodel.semantics.Step;
import io.github.tcpmodel.semantics.Timeouts;
import io.github.tcpmodel.semantics.UserCalls;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Negotiated;
import io.github.tcpmodel.tcb.Tcb;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.Tuple2;
import io.vavr.Tuple;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference model as the system under test: a sockets layer over the segment semantics of the {@code model}
 * module, on a virtual clock.
 *
 * <p>The mapping. {@code listen} is a passive OPEN (RFC 9293 §3.10.1) that makes a LISTEN TCB; every SYN it
 * accepts (§3.10.7.2) spawns an embryonic connection with its own TCB, which steps through the semantics on its
 * own and is handed out by {@code accept} once it is synchronized; the listener's TCB stays in LISTEN, as a BSD
 * listener does. {@code connect} is an active OPEN, {@code write} SEND (§3.10.2), {@code read} RECEIVE (§3.10.3),
 * {@code shutdown(SHUT_WR)} and {@code close} CLOSE (§3.10.4), and {@code close} with {@code SO_LINGER {1, 0}}
 * ABORT (§3.10.5). {@code SO_KEEPALIVE} and {@code TCP_KEEP*} switch the profile's keep-alive (§3.8.4) for that
 * socket; {@code TCP_USER_TIMEOUT} sets the OPEN's user timeout (§3.8.3). A segment from the peer goes to the
 * newest connection that still has a TCB, else to the listener, else to CLOSED (§3.10.7.1): the script plays one
 * peer on one pair of ports.
 *
 * <p>Blocking: {@code connect} returns when the connection is synchronized or gone, {@code accept} when a
 * synchronized connection waits (or one whose SYN's text a Fast Open listener accepted, RFC 7413 §4.2.2), {@code
 * read} when text is on hand, the peer has closed, or the connection is gone; {@code poll} and {@code epoll_wait}
 * when a socket has an event or their timeout ends. On a non-blocking socket ({@code fcntl O_NONBLOCK}, or {@code
 * MSG_DONTWAIT}) a call that would wait answers at once: {@code connect} {@code EINPROGRESS} with the OPEN under way,
 * the others {@code EAGAIN}. The RFC's user signals become errnos: "connection reset" in SYN-SENT and "connection
 * refused" are {@code ECONNREFUSED}, "connection reset" later {@code ECONNRESET}, the user timeout {@code
 * ETIMEDOUT}, "connection closing" on SEND {@code EPIPE}.
 *
 * <p>Options: every option of an injected segment reaches the model, which negotiates on it (RFC 7323, RFC 2018,
 * RFC 7413); the options of an emitted segment are the model's. An expected line's options are judged as a
 * reference judges an implementation ({@link #optionDifference}). The sysctls tcp_fastopen, tcp_timestamps,
 * tcp_sack and tcp_window_scaling of a shell line switch the profile's offers; the rest of a shell line, and a
 * Python block other than assertions on {@code tcpi_state}, is not applicable and reported.
 *
 * <p>Choices: ISNs are inputs (a fixed base, and each new connection one million further); every emitted segment
 * comes from the semantics. SEND queues and {@link Emission#transmit} sends what the queues hold as soon as the
 * window allows, in segments of the effective MSS (§3.7.1), but for the sender's own choices: sender SWS avoidance
 * (§3.8.6.2.1) and the application's TCP_CORK and MSG_MORE (§3.7.4). The ACK of received text is held back and
 * sent when the script shows it, within the 0.5 s of MUST-40 ({@link #awaitExpected}). Where the RFC allows several
 * timings, the script's {@code *} or the runner's tolerance decides. Times are microseconds here and milliseconds
 * in the model.
 */
public final class ModelTarget implements Target {

    /** The default ISN base: any fixed value works, scripts use relative numbers. */
    public static final long DEFAULT_ISN = 0x2a00_0000L;

    private static final long ISN_STEP = 1_000_000L;
    private static final long REOPEN_ISS_STEP = 65_537L;
    private static final int LARGEST_MSS = 0xffff;

    private final Profile profile;
    private final long isnBase;
    private final Choices choices = Choices.reference();

    private long now;
    private int nextFd = 3;
    private int opened;
    private final Deque<Emitted> out = new ArrayDeque<>();
    private final TreeMap<Integer, Sock> fds = new TreeMap<>();
    private final java.util.List<Conn> conns = new ArrayList<>();
    private Option<Sock> listener = Option.none();
    private Option<Tuple2<SocketCall, Sock>> blocked = Option.none();
    /** When the blocked call gives up (a poll's or epoll_wait's timeout), in microseconds, and what it answers then. */
    private Option<Tuple2<Long, CallResult>> blockedUntil = Option.none();
    private Option<Returned> returned = Option.none();
    /** The connection of each segment in {@link #out}, none for a segment of no connection (a RST from CLOSED). */
    private final Deque<Option<Conn>> outConn = new ArrayDeque<>();
    /** The connection of the segment {@link #awaitSegment} answered last, whose options the runner then judges. */
    private Option<Conn> lastTaken = Option.none();
    /** Whether that segment was a RST. */
    private boolean lastReset;
    /** The epoll instances by descriptor: the registrations, by the registered descriptor. */
    private final TreeMap<Integer, java.util.Map<Integer, Interest>> epolls = new TreeMap<>();
    /** net.ipv4.tcp_fastopen as the script's shell lines set it; 1, Linux's default, is the client bit alone. */
    private long tcpFastopen = 1;
    /** The descriptor of the socket the last call named: the one tcp_info is read from. */
    private Option<Integer> lastSocket = Option.none();
    /**
     * Whether the newest listener has not yet taken a connection: a script's SYN then opens a new connection through
     * it, from a new port of the peer's (as packetdrill gives each passive connection its own), even while an older
     * connection is still open.
     */
    private boolean listenerFresh;
    /** The extensions offered, as the profile's and the script's tcp_timestamps and tcp_sack say. */
    private io.github.tcpmodel.profile.TcpExtensions sysctlExtensions;
    /** net.ipv4.tcp_window_scaling: whether a Window Scale option is offered at all. */
    private boolean windowScaling = true;
    /** Whether the SEND being made asked for MSG_MORE. */
    private boolean sendingMore;
    /**
     * The Fast Open cookie the peer's SYN,ACK handed out (RFC 7413 §4.1.2: "the client caches the cookie"); the
     * script plays one server, so one cookie is cached, kept across connections.
     */
    private Option<io.vavr.collection.Vector<Byte>> cachedCookie = Option.none();
    /**
     * The server's MSS, cached from the SYN,ACK of a Fast Open client's connection with the cookie (RFC 7413 §4.1.3),
     * which bounds the text of later SYNs ({@link FastOpen#synTextRoom}).
     */
    private Option<Integer> cachedMss = Option.none();
    /** What ended a connection in the step being applied, for its socket's error: a reset unless an ICMP error. */
    private Errno endedBy = Errno.ECONNRESET;
    /** The Window Scale shift the script showed as the implementation's (RFC 7323 §2.3), for later SYNs. */
    private Option<Integer> adoptedShift = Option.none();

    /** One epoll registration: the events asked for, edge-triggered or not, and whether an edge is pending. */
    private static final class Interest {
        final int events;
        final boolean edge;
        /** EPOLLONESHOT: the registration is disabled once it has reported, until EPOLL_CTL_MOD re-arms it. */
        final boolean oneshot;
        boolean disabled;
        boolean pending = true;

        Interest(int events, boolean edge, boolean oneshot) {
            this.events = events;
            this.edge = edge;
            this.oneshot = oneshot;
        }
    }

    private enum Kind { FRESH, LISTENER, CONN }

    /** A file descriptor's socket. */
    private static final class Sock {
        Kind kind = Kind.FRESH;
        /** shutdown(SHUT_RD) was called: a read answers what is queued, then the end of the data at once. */
        boolean readShut;
        boolean linger0;
        /** fcntl O_NONBLOCK: a call that would wait fails with EINPROGRESS or EAGAIN instead. */
        boolean nonBlocking;
        /** TCP_CORK: only full-sized segments leave until it is cleared (Nagle's choice, RFC 9293 §3.7.4). */
        boolean cork;
        /** TCP_NODELAY: the Nagle algorithm off (RFC 9293 §3.7.4, SHLD-7 leaves it to the application). */
        boolean nodelay;
        /** TCP_FASTOPEN on a listener: a Fast Open queue, so that the listener takes text on SYNs (RFC 7413). */
        boolean fastOpen;
        /** TCP_FASTOPEN_CONNECT: connect() opens a Fast Open connection (RFC 7413 §4.1), as MSG_FASTOPEN does. */
        boolean fastOpenConnect;
        /**
         * connect() with TCP_FASTOPEN_CONNECT and a cookie on hand returned at once and left the active OPEN to the
         * first write, so that the SYN can carry its text (Linux's choice of when to OPEN; RFC 7413 §4.1.2).
         */
        boolean openDeferred;
        Option<Long> userTimeout = Option.none();
        boolean keepalive;
        Option<Long> keepIdle = Option.none();
        Option<Long> keepIntvl = Option.none();
        Option<Integer> keepCnt = Option.none();
        /** SO_ZEROCOPY: a MSG_ZEROCOPY send reports its completion (without it Linux ignores the flag). */
        boolean zeroCopy;
        Tcb listenTcb = Tcb.closed();
        final java.util.List<Conn> backlog = new ArrayList<>();
        Option<Conn> conn = Option.none();
    }

    /** One connection: its TCB and what its socket will be told. */
    private static final class Conn {
        Tcb tcb;
        Profile profile;
        Option<Errno> error = Option.none();
        boolean synchronizedOnce;
        /** The socket's cork (TCP_CORK, or MSG_MORE on the last send) and TCP_NODELAY, for {@link #flush}. */
        boolean corked;
        boolean nodelay;
        /** Since when an ACK of received text has been held back (a delayed ACK, RFC 9293 §3.8.6.3), in µs. */
        Option<Long> ackHeldSince = Option.none();
        /** Octets queued by sends that asked for MSG_MORE and not yet pushed by a later send. */
        boolean more;
        /**
         * Whether the listener accepted the text of this connection's SYN (RFC 7413 §4.2.2): it may be accepted,
         * and read, before the handshake completes.
         */
        boolean fastOpen;
        /**
         * Where the octets of each MSG_ZEROCOPY send not yet acknowledged end: Linux reports a send's completion on
         * the socket's error queue once the peer has acknowledged all of it.
         */
        final java.util.ArrayDeque<SeqNum> zeroCopyEnds = new java.util.ArrayDeque<>();
        /** A zero-copy completion waits on the error queue: poll and epoll report POLLERR (never read here). */
        boolean completionQueued;
        /**
         * Octets of a Fast Open SYN's text that the socket still holds after a reset or an ICMP error ended the
         * connection in SYN-RECEIVED: RFC 7413 §4.2.2 had delivered them to the application, so they stay readable
         * (Linux keeps the socket's receive queue) ahead of the error.
         */
        long retained;
        /** Whether this side opened it as a Fast Open client (TCP_FASTOPEN_CONNECT or MSG_FASTOPEN). */
        boolean fastOpenClient;

        /** MUST-19 on the script's lines ({@link #congestion(ScriptSegment)}). */
        CongestionCheck congestion = CongestionCheck.start(CongestionBounds.Rules.widest());
        /** The end of the newest data a script line showed this connection send (null before any). */
        SeqNum congestionNxt;

        Conn(Tcb tcb, Profile profile) {
            this.tcb = tcb;
            this.profile = profile;
        }
    }

    /**
     * The MTU of the link the corpus scripts run over, the kernel's and the engine's as well: Ethernet's 1500
     * octets.
     */
    public static final int LINK_MTU = 1500;

    /**
     * A model target under {@code profile} on a link of {@code mtu} octets: it announces the MSS a real stack
     * derives from the link, the MTU less 40 octets of IPv4 and TCP headers (RFC 9293 §3.7.1: the MSS sent is the
     * implementation's choice, MUST-14; MUST-16 bounds what it sends by the IP layer's EMTU_S), instead of the
     * profile's.
     */
    public static ModelTarget onLink(Profile profile, int mtu) {
        if (mtu < 41 || mtu - 40 > 0xffff) {
            throw new IllegalArgumentException("an MTU leaves room for 40 octets of headers and an MSS: " + mtu);
        }
        return new ModelTarget(profile.withMss(mtu - 40));
    }

    /** A model target under {@code profile}, with ISNs from {@link #DEFAULT_ISN}. */
    public ModelTarget(Profile profile) {
        this(profile, DEFAULT_ISN);
    }

    /** A model target under {@code profile}; connections take ISNs {@code isn}, {@code isn + 10^6}, ... */
    public ModelTarget(Profile profile, long isn) {
        this.profile = Objects.requireNonNull(profile, "profile is null");
        if (isn < 0 || isn >= SeqNum.MODULUS) {
            throw new IllegalArgumentException("isn is 32-bit unsigned: " + isn);
        }
        this.isnBase = isn;
        this.sysctlExtensions = profile.extensions();
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Option<String> notApplicable(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g) {
            return g.classic().isDefined() || (g.name().equals("sendmsg") && EngineTarget.zeroCopy(g).isDefined())
                    || EngineTarget.sendfile(g).isDefined() ? Option.none()
                    : fastOpenSendmsg(g).orElse(plainRecvmsg(g)).map(ModelTarget::unsupported)
                            .getOrElse(() -> unsupported(g));
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Command cmd && !SYSCTLS.isEmpty()
                && SYSCTL.matcher(shellText(cmd)).find()) {
            return Option.none();
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Code code && stateAssertions(code.code()).isDefined()) {
            return Option.none();
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Code) {
            return Option.some("a Python block (the model target evaluates only assertions on tcpi_state, the "
                    + "connection's state in tcp_info)");
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Command) {
            return Option.some("a shell command (the model target has no shell; the line sets none of the sysctls "
                    + "it applies, " + SYSCTLS.mkString(", ") + ")");
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Icmp icmp) {
            if (icmp.direction() != io.github.tcpmodel.script.Direction.INBOUND) {
                return Option.some("an expected ICMP message (the model emits TCP segments only)");
            }
            if (!LinuxTarget.ICMP_TYPES.containsKey(icmp.type())) {
                return Option.some("an ICMP message of type " + icmp.type() + " (the model target takes "
                        + String.join(", ", new java.util.TreeSet<>(LinuxTarget.ICMP_TYPES.keySet())) + ")");
            }
            return LinuxTarget.icmpCode(icmp).swap().toOption().map(w -> w + " (the line cannot be read)");
        }
        return Target.super.notApplicable(event);
    }

    /** One assertion of a Python block the model evaluates: {@code assert tcpi_state == TCP_NAME[, message]}. */
    private static final java.util.regex.Pattern STATE_ASSERT = java.util.regex.Pattern.compile(
            "assert\\s+tcpi_state\\s*==\\s*(TCP_[A-Z0-9_]+)\\s*(?:,.*)?");

    /** The states a Python block asserts, when it is nothing but {@code tcpi_state} assertions; none otherwise. */
    private static Option<List<String>> stateAssertions(String code) {
        List<String> states = List.empty();
        for (String stmt : code.replace("\\\n", " ").split("[;\n]")) {
            String st = stmt.strip();
            if (st.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher m = STATE_ASSERT.matcher(st);
            if (!m.matches()) {
                return Option.none();
            }
            states = states.append(m.group(1));
        }
        return states.isEmpty() ? Option.none() : Option.some(states);
    }

    /** Linux's name of a state in tcp_info's tcpi_state (include/net/tcp_states.h). */
    private static String linuxName(TcpState s) {
        return switch (s) {
            case CLOSED -> "TCP_CLOSE";
            case LISTEN -> "TCP_LISTEN";
            case SYN_SENT -> "TCP_SYN_SENT";
            case SYN_RECEIVED -> "TCP_SYN_RECV";
            case ESTABLISHED -> "TCP_ESTABLISHED";
            case FIN_WAIT_1 -> "TCP_FIN_WAIT1";
            case FIN_WAIT_2 -> "TCP_FIN_WAIT2";
            case CLOSE_WAIT -> "TCP_CLOSE_WAIT";
            case CLOSING -> "TCP_CLOSING";
            case LAST_ACK -> "TCP_LAST_ACK";
            case TIME_WAIT -> "TCP_TIME_WAIT";
        };
    }

    /**
     * The state tcp_info reports for the socket of the last call that named one (packetdrill reads tcp_info of that
     * socket): a listener's LISTEN, a fresh socket's CLOSE, a connection's state.
     */
    private String infoState() {
        Sock s = lastSocket.map(fds::get).getOrNull();
        if (s == null || s.kind == Kind.FRESH) {
            return linuxName(TcpState.CLOSED);
        }
        return s.kind == Kind.LISTENER ? linuxName(TcpState.LISTEN) : linuxName(s.conn.get().tcb.tcpState());
    }

    /**
     * The sysctls a shell line may set that this target applies, as the profile's extension switches: tcp_fastopen,
     * whose bits 0x2 (server on), 0x200 (no cookie required) and 0x400 (no TCP_FASTOPEN needed on the listener) make
     * a listener a Fast Open server (RFC 7413); tcp_timestamps, tcp_sack and tcp_window_scaling, which switch the
     * offers of RFC 7323 and RFC 2018 off (0) or on. Written {@code sysctl [-q] net.ipv4.NAME=V} or {@code
     * /proc/sys/net/ipv4/NAME=V}; the rest of a shell line is reported as not applicable.
     */
    private static final List<String> SYSCTLS = List.of("tcp_fastopen", "tcp_timestamps", "tcp_sack",
            "tcp_window_scaling");

    static final java.util.regex.Pattern SYSCTL = java.util.regex.Pattern.compile(
            "(?:net\\.ipv4\\.|/proc/sys/net/ipv4/)(" + String.join("|", SYSCTLS)
                    + ")\\s*=\\s*\"?(0x[0-9a-fA-F]+|[0-9]+)");

    /** A shell script a shell line runs by its path ({@code `../common/defaults.sh`}), a word ending in .sh. */
    private static final java.util.regex.Pattern SHELL_FILE = java.util.regex.Pattern.compile(
            "(?:^|[\\s;&|(])([^\\s;&|()`'\"]+\\.sh)(?=$|[\\s;&|)])");

    /** The folder of the script being run, against which a shell line's relative paths are resolved; none: no files. */
    private Option<java.nio.file.Path> scriptDirectory = Option.none();

    /**
     * Lets shell lines that run a shell script by its path ({@code `../common/defaults.sh`}, packetdrill's way of
     * setting a suite's sysctls) contribute that file's sysctls, resolved against {@code directory} as the kernel
     * target's shell does.
     */
    public ModelTarget inDirectory(java.nio.file.Path directory) {
        this.scriptDirectory = Option.of(directory);
        return this;
    }

    /**
     * The text whose sysctls a shell line sets, in the order the shell runs them: the line with every shell script it
     * runs by a path that names a readable file in the script's folder replaced by that file's text (one level deep;
     * what such a file runs in turn is not read), so that a later line of the command overrides the file's settings.
     */
    private String shellText(io.github.tcpmodel.script.ScriptEvent.Command cmd) {
        return shellText(cmd, scriptDirectory);
    }

    /** As {@link #shellText(io.github.tcpmodel.script.ScriptEvent.Command)}, for scripts in {@code scriptDirectory}. */
    static String shellText(io.github.tcpmodel.script.ScriptEvent.Command cmd,
                            Option<java.nio.file.Path> scriptDirectory) {
        String text = cmd.command();
        if (scriptDirectory.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        java.util.regex.Matcher m = SHELL_FILE.matcher(text);
        int last = 0;
        while (m.find()) {
            java.nio.file.Path f = scriptDirectory.get().resolve(m.group(1));
            if (java.nio.file.Files.isRegularFile(f)) {
                try {
                    String included = java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.UTF_8);
                    b.append(text, last, m.start(1)).append('\n').append(included).append('\n');
                    last = m.end(1);
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    // An unreadable file sets nothing here; the line stays reported as not applicable.
                }
            }
        }
        return b.append(text.substring(last)).toString();
    }

    @Override
    public Either<String, Long> other(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Code code) {
            String state = infoState();
            for (String expected : stateAssertions(code.code()).getOrElse(List.empty())) {
                if (!expected.equals(state)) {
                    return Either.left("tcpi_state is " + state + ", the script asserts " + expected);
                }
            }
            return Either.right(now);
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Icmp icmp) {
            return icmp(icmp);
        }
        if (!(event instanceof io.github.tcpmodel.script.ScriptEvent.Command cmd)) {
            return Target.super.other(event);
        }
        java.util.regex.Matcher m = SYSCTL.matcher(shellText(cmd));
        while (m.find()) {
            String text = m.group(2);
            long v = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
            switch (m.group(1)) {
                case "tcp_fastopen" -> tcpFastopen = v;
                case "tcp_timestamps" -> sysctlExtensions = sysctlExtensions.withTimestamps(v != 0);
                case "tcp_sack" -> sysctlExtensions = sysctlExtensions.withSack(v != 0);
                default -> windowScaling = v != 0;
            }
        }
        return Either.right(now);
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public List<String> partly(io.github.tcpmodel.script.ScriptEvent event) {
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Segment s) {
            List<String> parts = List.empty();
            if (s.ecn().isDefined() || s.flags().exists(f -> f == io.github.tcpmodel.script.Flag.ECE
                    || f == io.github.tcpmodel.script.Flag.CWR)) {
                parts = parts.append("ECN (RFC 3168) marks and flags, which the model target neither sends nor "
                        + "compares");
            }
            return parts;
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Command cmd) {
            return List.of("the shell line but its sysctls " + SYSCTLS.mkString(", ") + " (the model target has no "
                    + "shell; it applies these to the profile)");
        }
        if (event instanceof io.github.tcpmodel.script.ScriptEvent.Call c && c.call() instanceof SocketCall.Generic g) {
            if (EngineTarget.sendfile(g).isDefined()) {
                return List.of(EngineTarget.SENDFILE_NOTE);
            }
            if (names(g.arg(g.name().equals("sendmsg") ? 2 : 3)).contains("MSG_ZEROCOPY")) {
                return List.of("MSG_ZEROCOPY: the model sends the octets as a plain send (it has no buffers to "
                        + "pin); with SO_ZEROCOPY a completion, due once the peer acknowledged the send, sets POLLERR "
                        + "as Linux's error queue does, whose messages are not read");
            }
            if (plainRecvmsg(g).isDefined()) {
                return List.of("recvmsg: the RECEIVE of the iovec's total; msg_flags and the control messages "
                        + "(TCP_CM_INQ, timestamps) are not compared");
            }
            if (g.name().equals("setsockopt") && names(g.arg(2)).contains("SO_ZEROCOPY")) {
                return List.of("SO_ZEROCOPY is accepted and has no effect (MSG_ZEROCOPY sends are plain sends)");
            }
        }
        return List.empty();
    }

    /**
     * The options of the segment the model just emitted against those its script line writes, as a reference judges
     * an implementation (see the class comment): the same extensions signalled ({@link Conformance#optionDifference});
     * the Timestamps option's TSecr exact, its TSval the implementation's clock; the MSS value exact (the model
     * announces its link's, see {@link #onLink}); the Window Scale shift the implementation's (RFC 7323 §2.3),
     * adopted by the model; SACK blocks as the model reports them or any others RFC 2018 allows
     * ({@link Conformance#optionViolations}); a Fast Open cookie the server's secret (RFC 7413 §4.1.2), compared by
     * presence; NOP and EOL padding the implementation's layout (RFC 9293 §3.1, MUST-64), within 40 octets.
     */
    @Override
    public Option<String> optionDifference(List<TcpOption> expected, List<TcpOption> actual) {
        List<SegmentOption> e = ModelOptions.toModel(expected);
        List<SegmentOption> a = ModelOptions.toModel(actual);
        Option<String> why = judge(e, a);
        return why.map(w -> "options (" + w + ")");
    }

    private Option<String> judge(List<SegmentOption> expected, List<SegmentOption> actual) {
        // RFC 7323 §3.2: the Timestamps option "SHOULD be sent in an <RST> segment": on a RST it is a choice.
        List<SegmentOption> e = lastReset ? expected.filter(o -> !(o instanceof SegmentOption.Timestamps))
                : expected;
        List<SegmentOption> a = lastReset ? actual.filter(o -> !(o instanceof SegmentOption.Timestamps)) : actual;
        Segment script = Segment.of(SeqNum.ZERO, Control.SYN).withOptions(e);
        Segment model = Segment.of(SeqNum.ZERO, Control.SYN).withOptions(a);
        Option<String> signals = Conformance.optionDifference(script, model, false);
        if (signals.isDefined()) {
            return signals;
        }
        if (e.map(SegmentOption::size).sum().intValue() > MAX_OPTION_SPACE) {
            return Option.some("more than " + MAX_OPTION_SPACE + " octets of options");
        }
        List<SegmentOption> ek = e.filter(o -> !(o instanceof SegmentOption.Nop) && !(o instanceof SegmentOption.Eol));
        List<SegmentOption> ak = a.filter(o -> !(o instanceof SegmentOption.Nop) && !(o instanceof SegmentOption.Eol));
        if (!ek.map(SegmentOption::kind).equals(ak.map(SegmentOption::kind))
                && !ek.map(SegmentOption::kind).sorted().equals(ak.map(SegmentOption::kind).sorted())) {
            return Option.some(ek.mkString(",") + " expected, " + ak.mkString(",") + " sent");
        }
        for (SegmentOption x : ek) {
            SegmentOption y = ak.find(o -> o.kind() == x.kind()).get();
            Option<String> d = judgeOne(x, y);
            if (d.isDefined()) {
                return d;
            }
        }
        adopt(ek);
        return Option.none();
    }

    /** The octets a TCP header has for options (RFC 9293 §3.1: a data offset of at most 15 words). */
    private static final int MAX_OPTION_SPACE = 40;

    private Option<String> judgeOne(SegmentOption x, SegmentOption y) {
        if (x instanceof SegmentOption.WindowScale w) {
            return w.shift() <= Negotiated.MAX_SHIFT ? Option.none()
                    : Option.some("wscale " + w.shift() + " is above 14 (RFC 7323 §2.3)");
        }
        if (x instanceof SegmentOption.Timestamps ts && y instanceof SegmentOption.Timestamps ys) {
            return ts.tsEcr() == ys.tsEcr() ? Option.none()
                    : Option.some("TS ecr " + ts.tsEcr() + " expected, " + ys.tsEcr() + " sent");
        }
        if (x instanceof SegmentOption.FastOpen fo && y instanceof SegmentOption.FastOpen yo) {
            // RFC 7413 §4.1.2: a client that holds a cookie presents it on its SYN instead of asking for one; the
            // cookie it presents is the one the server handed out.
            if (yo.isRequest() && !fo.isRequest() && lastTaken.exists(c -> c.fastOpenClient)
                    && cachedCookie.contains(fo.cookie())) {
                return Option.none();
            }
            return fo.isRequest() == yo.isRequest() ? Option.none()
                    : Option.some("a Fast Open " + (fo.isRequest() ? "cookie request" : "cookie") + " expected");
        }
        if (x instanceof SegmentOption.Sack sx && !x.equals(y)) {
            List<String> v = lastTaken.map(c -> Conformance.optionViolations(c.tcb,
                    Segment.of(c.tcb.snd().nxt(), Control.ACK).withOptions(List.of(sx)))).getOrElse(List.of(
                    "no connection"));
            return v.isEmpty() ? Option.none() : Option.some(sx + " expected, " + y + " sent: " + v.head());
        }
        return x.equals(y) ? Option.none() : Option.some(x + " expected, " + y + " sent");
    }

    /**
     * Takes the script's Window Scale shift as the connection's own (RFC 7323 §2.3: the shift is the receiver's
     * choice, for its buffer): the windows it advertises from now on are scaled by it, and a SYN still to be
     * answered offers it.
     */
    private void adopt(List<SegmentOption> expected) {
        Option<Integer> shift = expected.find(o -> o instanceof SegmentOption.WindowScale)
                .map(o -> Math.min(Negotiated.MAX_SHIFT, ((SegmentOption.WindowScale) o).shift()));
        if (shift.isEmpty() || lastTaken.isEmpty()) {
            return;
        }
        adoptedShift = shift;
        Conn c = lastTaken.get();
        c.profile = c.profile.withExtensions(c.profile.extensions().withWindowScale(shift));
        Negotiated n = c.tcb.negotiated();
        if (n.windowScaling() && n.rcvShift() != shift.get()) {
            c.tcb = c.tcb.withNegotiated(new Negotiated(true, n.sndShift(), shift.get(), n.timestamps(),
                    n.tsRecent(), n.tsRecentAt(), n.lastAckSent(), n.sackOk(), n.ecn()));
        }
    }

    @Override
    public Either<String, Long> advanceTo(long micros) {
        try {
            while (pass(micros)) {
                settle();
            }
            now = Math.max(now, micros);
            return Either.right(now);
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    @Override
    public Either<String, Option<CallResult>> call(SocketCall call) {
        Objects.requireNonNull(call, "call is null");
        if (call instanceof SocketCall.Generic g && g.classic().isDefined()) {
            return call(g.classic().get());
        }
        if (call instanceof SocketCall.Generic g && g.name().equals("sendmsg") && EngineTarget.zeroCopy(g).isDefined()) {
            Option<Sock> zs = g.fd().flatMap(fd -> Option.of(fds.get(fd)));
            Either<String, Option<CallResult>> r = call(EngineTarget.zeroCopy(g).get());
            if (r.isRight() && zs.isDefined()) {
                zeroCopySent(zs.get(), r.get());
            }
            return r;
        }
        if (call instanceof SocketCall.Generic g && EngineTarget.sendfile(g).isDefined()) {
            return call(EngineTarget.sendfile(g).get());
        }
        if (call instanceof SocketCall.Generic g && fastOpenSendmsg(g).isDefined()) {
            return call(fastOpenSendmsg(g).get());
        }
        if (call instanceof SocketCall.Generic g && plainRecvmsg(g).isDefined()) {
            return call(plainRecvmsg(g).get());
        }
        try {
            if (blocked.isDefined()) {
                return Either.left("a call is still blocked: " + blocked.get()._1);
            }
            returned = Option.none();
            try {
                if (call instanceof SocketCall.Generic g && g.fd().isEmpty()) {
                    return Either.right(unbound(g));
                }
                if (call instanceof SocketCall.Generic g && g.name().startsWith("epoll_")) {
                    return Either.right(epoll(g, g.fd().get()));
                }
            } catch (IllegalArgumentException | java.util.NoSuchElementException | ArithmeticException e) {
                return Either.left("cannot make " + call + ": " + e.getMessage());
            }
            Option<Sock> sock = call.fd().flatMap(fd -> Option.of(fds.get(fd)));
            if (sock.isDefined()) {
                lastSocket = call.fd();
            }
            if (call.fd().isDefined() && sock.isEmpty()) {
                return Either.right(Option.some(CallResult.fails(epolls.containsKey(call.fd().get())
                        ? Errno.EINVAL : Errno.EBADF)));
            }
            if (call instanceof SocketCall.Generic g) {
                try {
                    return Either.right(generic(g, sock.get()));
                } catch (IllegalArgumentException | java.util.NoSuchElementException | ArithmeticException e) {
                    return Either.left("cannot make " + g + ": " + e.getMessage());
                }
            }
            if (call instanceof SocketCall.Socket) {
                return Either.right(start(call, Option.none()));
            }
            Option<CallResult> r = begin(call, sock.get(), sock.get().nonBlocking);
            if (call instanceof SocketCall.Accept && r.exists(x -> x.errno().isEmpty())) {
                lastSocket = Option.some((int) r.get().value());
            }
            return Either.right(r);
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    /**
     * Makes {@code call} on {@code s}: its result now, or none when it waits (then it is the blocked call). A call
     * that would wait on a non-blocking socket answers at once: {@code connect} {@code EINPROGRESS} with the
     * connection under way, the others {@code EAGAIN}.
     */
    private Option<CallResult> begin(SocketCall call, Sock s, boolean nonBlocking) {
        Option<CallResult> r = start(call, Option.some(s));
        if (r.isDefined()) {
            return r;
        }
        Option<CallResult> again = attempt(call, s);
        if (again.isDefined()) {
            return again;
        }
        if (nonBlocking) {
            return fail(call instanceof SocketCall.Connect ? Errno.EINPROGRESS : Errno.EAGAIN);
        }
        blocked = Option.some(Tuple.of(call, s));
        return Option.none();
    }

    /** Blocks a call on {@code s} that {@code ready} answers once it can, or {@code timeout} at {@code until}. */
    private void block(SocketCall call, Sock s, long until, CallResult timeout) {
        blocked = Option.some(Tuple.of(call, s));
        blockedUntil = Option.some(Tuple.of(until, timeout));
    }

    @Override
    public Either<String, Option<Returned>> awaitReturn(long deadline) {
        try {
            while (returned.isEmpty() && blocked.isDefined() && pass(deadline)) {
                settle();
            }
            if (returned.isDefined()) {
                Option<Returned> r = returned;
                returned = Option.none();
                return Either.right(r);
            }
            now = Math.max(now, deadline);
            return Either.right(Option.none());
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    @Override
    public Either<String, Long> inject(ScriptSegment segment) {
        Objects.requireNonNull(segment, "segment is null");
        try {
            Segment seg = toModel(segment);
            arrive(seg);
            settle();
            return Either.right(now);
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    @Override
    public Either<String, Option<Emitted>> awaitSegment(long deadline) {
        try {
            while (out.isEmpty() && pass(deadline)) {
                settle();
            }
            if (!out.isEmpty()) {
                lastTaken = outConn.poll();
                Emitted e = out.poll();
                lastReset = e.segment().flags().contains(Flag.RST);
                return Either.right(Option.some(e));
            }
            now = Math.max(now, deadline);
            return Either.right(Option.none());
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    /**
     * An ACK of received text is held back (the model acknowledges through {@link Choices#delayingAcks()}), and sent
     * when the script shows it: at the line's time, no later than {@link #MAX_ACK_DELAY} after the text arrived (RFC
     * 9293 §3.8.6.3, MUST-40: "the delay MUST be less than 0.5 seconds"). Whether and when to delay an ACK is the
     * implementation's choice (MAY-13, SHLD-18), so an ACK at once and a delayed one both conform; a segment of
     * text or a FIN that leaves meanwhile carries the acknowledgment.
     */
    @Override
    public Either<String, Option<Emitted>> awaitExpected(Option<Long> at, long deadline) {
        try {
            long when = Math.min(deadline, Math.max(now, at.getOrElse(now)));
            while (out.isEmpty() && pass(when)) {
                settle();
            }
            if (out.isEmpty()) {
                now = Math.max(now, when);
                for (Conn c : conns) {
                    if (c.ackHeldSince.isDefined() && out.isEmpty()) {
                        sendHeldAck(c);
                    }
                }
            }
            if (out.isEmpty() && at.isDefined()) {
                retransmitAt(deadline);
            }
            return awaitSegment(deadline);
        } catch (ModelError e) {
            return Either.left(e.getMessage());
        }
    }

    /**
     * The implementation's retransmission time taken as its choice: when a script line expects a segment now and
     * nothing else is due, while the model's retransmission timer is set for later than the line allows
     * ({@code deadline}), the timer is moved to now and fires. The RTO is the implementation's within the bounds of
     * RFC 6298 (§2: "the sender SHOULD" round it up to 1 second, which Linux does not; §5.5 backs it off), as the
     * kit takes an implementation's told deadline in (now, now + the profile's maximum RTO]; what it then sends is
     * the model's retransmission, compared as usual, so a line that expects anything else still fails.
     */
    private void retransmitAt(long deadline) {
        Option<Conn> first = Option.none();
        long at = Long.MAX_VALUE;
        long rto = Long.MAX_VALUE;
        for (Conn c : conns) {
            for (Tuple2<Timer, Long> e : c.tcb.timers()) {
                at = Math.min(at, e._2 * 1000);
                if (e._1 == Timer.RETRANSMISSION && e._2 * 1000 < rto) {
                    rto = e._2 * 1000;
                    first = Option.some(c);
                }
            }
        }
        if (first.isEmpty() || at <= deadline) {
            return;
        }
        Conn c = first.get();
        c.tcb = c.tcb.withTimers(c.tcb.timers().put(Timer.RETRANSMISSION, ms()));
        pass(Math.max(now, deadline));
        settle();
    }

    /**
     * The model sends in segments of the effective MSS (§3.7.1); an implementation that hands its TCP a larger
     * segment to cut (TSO, GSO) shows the same octets as one segment where the script records it. The segments the
     * model emitted at {@code first}'s time right after it, on the same connection, each beginning where the one
     * before ends, with the same acknowledgment, and without SYN or RST, are joined to it while the text stays within
     * {@code length}; a FIN or PSH of the last one joined is kept (a FIN ends the burst).
     */
    @Override
    public Emitted joined(Emitted first, long length) {
        ScriptSegment w = first.segment();
        Option<Conn> conn = lastTaken;
        while (!w.flags().contains(Flag.FIN) && !out.isEmpty() && !outConn.isEmpty()) {
            Emitted next = out.peek();
            ScriptSegment n = next.segment();
            boolean sameConn = outConn.peek().isDefined() && conn.isDefined() && outConn.peek().get() == conn.get();
            if (!sameConn || next.at() != first.at() || n.length() == 0 || n.ack() != w.ack()
                    || n.flags().contains(Flag.SYN) || n.flags().contains(Flag.RST)
                    || n.seq() != (w.seq() + w.length()) % SeqNum.MODULUS || w.length() + n.length() > length) {
                break;
            }
            out.poll();
            outConn.poll();
            w = new ScriptSegment(w.flags().removeAll(List.of(Flag.PSH, Flag.FIN)).addAll(
                    n.flags().retainAll(List.of(Flag.PSH, Flag.FIN))), w.seq(), w.ack(), n.window(), w.options(),
                    w.length() + n.length());
        }
        return new Emitted(first.at(), w);
    }

    /** The longest an ACK of received text is held back: RFC 9293 §3.8.6.3, MUST-40, less than 0.5 s (µs). */
    public static final long MAX_ACK_DELAY = 500_000 - 1_000;

    private void sendHeldAck(Conn c) {
        c.ackHeldSince = Option.none();
        if (!c.tcb.ackPending() || !c.tcb.tcpState().isSynchronized()) {
            return;
        }
        Either<String, Step> st = Emission.transmit(c.profile, c.tcb, 0, ms());
        if (st.isRight()) {
            emit(Option.some(c), st.get().sent());
            c.tcb = st.get().tcb();
        }
    }

    /**
     * The model is held to what RFC 9293 fixes and nothing more ({@link Conformance#difference}): where it places PSH
     * is its own choice, as it is any implementation's (§3.9.1.2, MAY-15), so a script recorded from a conforming
     * implementation that places PSH elsewhere still passes. What the RFC does fix about PSH is judged on the
     * script's line, the implementation's choice, through {@link #userRules}.
     */
    @Override
    public Option<String> difference(ScriptSegment expected, ScriptSegment actual) {
        Option<String> fields = ScriptSegment.difference(expected, actual);
        if (fields.isDefined()) {
            return fields;
        }
        List<String> user = userRules(expected);
        if (!user.isEmpty()) {
            return Option.some("flags (" + user.mkString("; ") + ")");
        }
        List<String> congestion = congestion(expected);
        return congestion.isEmpty() ? Option.none() : Option.some(congestion.mkString("; "));
    }

    /**
     * MUST-19 (RFC 9293 §3.8.2) on the segment a script line expects, through the comparison core's
     * {@link CongestionCheck}: the lines are the implementation's choices, and new data must leave at most the model's
     * congestion bound in flight after the ACKs the script injected (the widest rules: ten segments of any size, every
     * octet delivered counted). A script shows neither the sender's D-SACK or timestamp evidence for undoing a
     * reduction (RFC 4015, RFC 5682) nor its probe timeout, so every reduction is undone and one segment of new data
     * beyond the bound may be a tail loss probe (RFC 8985 §7.3): the check catches an initial window or a growth
     * that no conforming sender has.
     */
    List<String> congestion(ScriptSegment expected) {
        Option<Segment> data = dataLine(expected);
        if (data.isEmpty()) {
            return List.empty();
        }
        Segment seg = data.get();
        Conn c = lastTaken.get();
        Tcb t = c.tcb;
        SeqNum top = c.congestionNxt == null ? seg.seq() : c.congestionNxt.max(t.snd().una());
        boolean fresh = !seg.seq().lt(top);
        Tcb before = t.withSnd(t.snd().withNxt(fresh ? seg.seq() : top));
        CongestionCheck.Sent s = c.congestion.sent(before, seg, true);
        c.congestion = undone(s.next());
        if (fresh) {
            c.congestionNxt = seg.seq().plus(seg.len());
        }
        return s.violations();
    }

    /**
     * The model's form of {@code expected} when it is a line of text (no SYN or RST) on the connection of the last
     * segment taken, in a synchronized state; none otherwise, or when the line cannot be read into the model.
     */
    private Option<Segment> dataLine(ScriptSegment expected) {
        if (lastTaken.isEmpty() || expected.length() == 0 || expected.flags().contains(Flag.SYN)
                || expected.flags().contains(Flag.RST) || !lastTaken.get().tcb.tcpState().isSynchronized()) {
            return Option.none();
        }
        try {
            return Option.some(toModel(expected));
        } catch (ModelError e) {
            return Option.none();
        }
    }

    /** The check with any reduction undone (see {@link #congestion(ScriptSegment)}). */
    private static CongestionCheck undone(CongestionCheck c) {
        return c.bounds().exists(CongestionBounds::recovery) ? c.undo() : c;
    }

    /**
     * The rules that depend on what the user asked for ({@link Conformance#userRules}), applied to the segment a
     * script line expects, since the model sees the send queue the script's calls filled: the sockets interface's
     * SEND has no PUSH flag, so the segment that takes the last queued octets carries PSH (RFC 9293 §3.9.1.2,
     * MUST-61). The octets queued after the line's segment are the model's send queue and what the model already
     * sent beyond the segment's end; the rule applies only where that is nothing, and not after a send with
     * MSG_MORE, the sockets interface's SEND without PUSH. Scripts carry no URG flag and the
     * targets no urgent SEND, so SND.UP is none and the urgent rules (MUST-30, MUST-62) hold of every line.
     */
    List<String> userRules(ScriptSegment expected) {
        Option<Segment> data = dataLine(expected);
        if (data.isEmpty()) {
            return List.empty();
        }
        Segment seg = data.get();
        Tcb t = lastTaken.get().tcb;
        SeqNum seq = SeqNum.of(expected.seq());
        SeqNum end = seq.plus(expected.length());
        long beyond = t.snd().nxt().distanceFrom(end);
        if (beyond < 0) {
            return List.empty();
        }
        Tcb before = t.withSnd(t.snd().withNxt(seq)).withSendQueue(expected.length() + beyond + t.sendQueue());
        // MSG_MORE is the sockets interface's SEND without PUSH (§3.9.1.2, MAY-15: where SEND can say PUSH, where
        // PSH goes after a SEND without it is the sender's choice); a send without it asks for the PSH of MUST-61.
        return Conformance.userRules(before, seg, lastTaken.get().more, Option.none());
    }

    /** The state of the newest connection, for tests and checkpoints; CLOSED when there is none. */
    public TcpState connectionState() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            if (!conns.get(i).tcb.is(TcpState.CLOSED)) {
                return conns.get(i).tcb.tcpState();
            }
        }
        return TcpState.CLOSED;
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
            return done(0);
        }
        if (call instanceof SocketCall.SetSockOpt o) {
            return setsockopt(s, o);
        }
        if (call instanceof SocketCall.Listen) {
            if (s.kind != Kind.FRESH && s.kind != Kind.LISTENER) {
                return fail(Errno.EINVAL);
            }
            if (s.kind == Kind.FRESH) {
                Step st = ok(UserCalls.open(profileOf(s), Tcb.closed(), true, false, s.userTimeout, nextIss(),
                        ms()));
                s.listenTcb = st.tcb();
                s.kind = Kind.LISTENER;
                listener = Option.some(s);
                listenerFresh = true;
            }
            return done(0);
        }
        if (call instanceof SocketCall.Accept) {
            return s.kind == Kind.LISTENER ? Option.none() : fail(Errno.EINVAL);
        }
        if (call instanceof SocketCall.Connect) {
            if (s.kind == Kind.LISTENER) {
                return fail(Errno.EINVAL);
            }
            if (s.kind == Kind.CONN) {
                Conn c = s.conn.get();
                return c.tcb.is(TcpState.SYN_SENT) || c.tcb.is(TcpState.SYN_RECEIVED)
                        ? fail(Errno.EALREADY) : fail(Errno.EISCONN);
            }
            if (s.openDeferred) {
                return fail(Errno.EISCONN);
            }
            if (s.fastOpenConnect && cachedCookie.isDefined()) {
                // Linux connects at the first write, whose text the SYN can then carry; connect() answers at once.
                s.openDeferred = true;
                return done(0);
            }
            activeOpen(s, s.fastOpenConnect);
            return Option.none();
        }
        if (call instanceof SocketCall.Write w) {
            return write(s, w.count());
        }
        if (call instanceof SocketCall.Read) {
            // A deferred Fast Open OPEN (TCP_FASTOPEN_CONNECT) has nothing to read yet: a read waits, as in SYN-SENT.
            return s.kind == Kind.CONN || s.openDeferred ? Option.none() : fail(Errno.ENOTCONN);
        }
        if (call instanceof SocketCall.Shutdown sh) {
            return shutdown(s, sh.how());
        }
        if (call instanceof SocketCall.Close cl) {
            return close(s, cl.socket());
        }
        throw new ModelError("unsupported call " + call);
    }

    /**
     * The active OPEN of socket {@code s} (§3.10.1); with {@code fastOpen} under a profile whose client asks for a
     * Fast Open cookie (RFC 7413 §4.1.1), which {@link #judgeOne} lets the SYN present as the cached cookie.
     */
    private Conn activeOpen(Sock s, boolean fastOpen) {
        return activeOpen(s, fastOpen, 0, 0);
    }

    /**
     * As {@link #activeOpen(Sock, boolean)}, a Fast Open OPEN with {@code queued} octets to send, {@code text} of them
     * on the SYN (RFC 7413 §4.2.2, {@link FastOpen#withSynText}), the rest queued until ESTABLISHED.
     */
    private Conn activeOpen(Sock s, boolean fastOpen, long queued, long text) {
        Profile p = profileOf(s);
        if (fastOpen) {
            p = p.withExtensions(p.extensions().withFastOpen(true, p.extensions().fastOpenServer()));
        }
        Step st = ok(UserCalls.open(p, Tcb.closed(), false, true, s.userTimeout, nextIss(), ms()));
        if (queued > 0) {
            st = ok(FastOpen.withSynText(p, st, queued, text, synTextRoom(p)));
        }
        Conn c = new Conn(Tcb.closed(), p);
        c.fastOpenClient = fastOpen;
        conns.add(c);
        s.kind = Kind.CONN;
        s.conn = Option.some(c);
        s.openDeferred = false;
        c.corked = s.cork;
        c.nodelay = s.nodelay;
        apply(c, st);
        return c;
    }

    /**
     * A Fast Open client's first send of {@code count} octets on socket {@code s}, which opens the connection (RFC
     * 7413 §4.2.2). With a cached cookie the SYN carries as much of the text as fits ({@link #synTextRoom}): a
     * non-blocking call answers what the SYN took and leaves the rest to the application (Linux); a blocking one
     * queues the rest and returns, with the whole count, once the connection is synchronized. Without a cookie the SYN
     * asks for one (§4.1.1) and carries no text: a non-blocking call answers EINPROGRESS with nothing taken; a blocking
     * one queues the text for ESTABLISHED and waits as well. None while the call waits.
     */
    private Option<CallResult> fastOpenSend(Sock s, long count, boolean nonBlocking) {
        Profile p = profileOf(s);
        // net.ipv4.tcp_fastopen's "no cookie" bit: the client sends text on a SYN without any Fast Open option, a
        // server that takes text without a cookie assumed (RFC 7413 §4.1.2 leaves cookie validity to the server).
        boolean noCookie = (tcpFastopen & TFO_CLIENT_NO_COOKIE) != 0;
        long room = cachedCookie.isDefined() || noCookie ? synTextRoom(p) : 0;
        long text = Math.min(count, room);
        Conn c = activeOpen(s, true, nonBlocking ? text : count, text);
        if (noCookie) {
            withoutFastOpenOption(c);
        }
        if (nonBlocking) {
            return text == 0 ? fail(Errno.EINPROGRESS) : done(text);
        }
        return Option.none();
    }

    /** Connection {@code c}'s SYN, just sent, without its Fast Open option, in the output and for retransmission. */
    private void withoutFastOpenOption(Conn c) {
        Segment syn = c.tcb.retransmission().head();
        Segment plain = syn.withOptions(syn.options().filter(o -> !(o instanceof SegmentOption.FastOpen)));
        c.tcb = c.tcb.withRetransmission(List.of(plain));
        c.profile = c.profile.withExtensions(c.profile.extensions().withFastOpen(false,
                c.profile.extensions().fastOpenServer()));
        Emitted last = out.pollLast();
        Option<Conn> lastConn = outConn.pollLast();
        out.add(new Emitted(last.at(), toWire(plain)));
        outConn.add(lastConn);
    }

    /**
     * The room for text on a Fast Open SYN under profile {@code p}: the cached MSS, or the MSS this side announces
     * (Linux's default), less 40.
     */
    private long synTextRoom(Profile p) {
        return FastOpen.synTextRoom(cachedMss, p.mss());
    }

    /** Whether a waiting call returns now, and with what. */
    private Option<CallResult> attempt(SocketCall call, Sock s) {
        if (call instanceof SocketCall.Generic g) {
            return g.name().equals("poll") ? polled(g)
                    : Option.of(epolls.get(g.fd().get())).flatMap(regs -> waited(g, regs));
        }
        if (call instanceof SocketCall.Accept) {
            for (Conn c : s.backlog) {
                if (c.synchronizedOnce || c.fastOpen) {
                    s.backlog.remove(c);
                    Sock n = new Sock();
                    n.kind = Kind.CONN;
                    n.conn = Option.some(c);
                    n.linger0 = s.linger0;
                    // The accepted socket inherits the listener's TCP options (Linux clones the listener).
                    n.cork = s.cork;
                    n.nodelay = s.nodelay;
                    n.userTimeout = s.userTimeout;
                    n.zeroCopy = s.zeroCopy;
                    c.corked = s.cork;
                    c.nodelay = s.nodelay;
                    int fd = nextFd++;
                    fds.put(fd, n);
                    return done(fd);
                }
            }
            return Option.none();
        }
        if (call instanceof SocketCall.Write w && s.kind == Kind.CONN) {
            // A blocking Fast Open send (sendto(MSG_FASTOPEN), or the first write after TCP_FASTOPEN_CONNECT) returns
            // once the connection is synchronized, as a connect() would (Linux waits for the connection in
            // sendmsg), or fails with the error that ended it.
            Conn c = s.conn.get();
            if (c.tcb.tcpState().isSynchronized()) {
                return done(w.count());
            }
            if (c.tcb.is(TcpState.CLOSED)) {
                Errno e = c.error.getOrElse(Errno.EPIPE);
                c.error = Option.none();
                return fail(e);
            }
            return Option.none();
        }
        if (call instanceof SocketCall.Connect) {
            Conn c = s.conn.get();
            if (c.tcb.tcpState().isSynchronized()) {
                return done(0);
            }
            if (c.tcb.is(TcpState.CLOSED)) {
                Errno e = c.error.getOrElse(Errno.ECONNREFUSED);
                c.error = Option.none();
                return fail(e);
            }
            return Option.none();
        }
        if (call instanceof SocketCall.Read r) {
            if (s.conn.isEmpty()) {
                return Option.none();
            }
            Option<CallResult> got = read(s.conn.get(), r.count());
            // After SHUT_RD a read that would wait answers the end of the data instead (as Linux does).
            return got.isEmpty() && s.readShut ? done(0) : got;
        }
        return Option.none();
    }

    private Option<CallResult> read(Conn c, long count) {
        if (c.retained > 0) {
            long n = Math.min(count, c.retained);
            c.retained -= n;
            return done(n);
        }
        if (c.tcb.undelivered() > 0) {
            Step st = ok(UserCalls.receive(c.profile, c.tcb, count, ms()));
            apply(c, st);
            return done(st.delivered());
        }
        if (c.error.isDefined()) {
            Errno e = c.error.get();
            c.error = Option.none();
            return fail(e);
        }
        return switch (c.tcb.tcpState()) {
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> Option.none();
            case CLOSED -> c.synchronizedOnce ? done(0) : fail(Errno.ENOTCONN);
            // §3.10.3: the peer's FIN has been received and nothing is left: the end of the data.
            case LISTEN, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> done(0);
        };
    }

    private Option<CallResult> write(Sock s, long count) {
        if (s.openDeferred) {
            return fastOpenSend(s, count, s.nonBlocking);
        }
        if (s.kind != Kind.CONN) {
            return fail(Errno.ENOTCONN);
        }
        Conn c = s.conn.get();
        if (c.error.isDefined()) {
            Errno e = c.error.get();
            c.error = Option.none();
            return fail(e);
        }
        if (c.tcb.is(TcpState.CLOSED)) {
            // A Fast Open connection was the application's before it was synchronized (RFC 7413 §4.2.2).
            return fail(c.synchronizedOnce || c.fastOpen ? Errno.EPIPE : Errno.ENOTCONN);
        }
        // SEND queues; flush decides what leaves (the segment sizes are the sender's choice, §3.8.6, §3.10.2).
        c.more = sendingMore;
        Step st = ok(UserCalls.send(c.profile, c.tcb, count, nextIssPeek(), ms(), choices.segmentizing()));
        if (st.told().contains(Notice.ERROR_CONNECTION_CLOSING)
                || st.told().contains(Notice.CONNECTION_DOES_NOT_EXIST)) {
            return fail(Errno.EPIPE);
        }
        apply(c, st);
        return done(count);
    }

    private Option<CallResult> shutdown(Sock s, SocketCall.How how) {
        if (s.kind != Kind.CONN) {
            return fail(Errno.ENOTCONN);
        }
        if (how != SocketCall.How.SHUT_WR) {
            s.readShut = true;
        }
        if (how == SocketCall.How.SHUT_RD) {
            return done(0);
        }
        Conn c = s.conn.get();
        if (c.tcb.is(TcpState.CLOSED)) {
            return fail(Errno.ENOTCONN);
        }
        // shutdown(SHUT_WR) is the CLOSE of §3.10.4 by a user that keeps the socket: the connection is not orphaned.
        Step st = ok(UserCalls.halfClose(c.profile, c.tcb, ms()));
        apply(c, st);
        return done(0);
    }

    private Option<CallResult> close(Sock s, int fd) {
        fds.remove(fd);
        if (s.kind == Kind.LISTENER) {
            // §3.10.4 LISTEN: delete the TCB. Connections not yet accepted belong to the closed socket: they are
            // aborted (§3.10.5), as a BSD listener does.
            for (Conn c : new ArrayList<>(s.backlog)) {
                apply(c, ok(UserCalls.abort(c.profile, c.tcb, ms())));
            }
            s.backlog.clear();
            s.listenTcb = Tcb.closed();
            listener = Option.none();
            return done(0);
        }
        if (s.kind == Kind.CONN) {
            Conn c = s.conn.get();
            if (!c.tcb.is(TcpState.CLOSED)) {
                Step st = s.linger0
                        ? ok(UserCalls.abort(c.profile, c.tcb, ms()))
                        : ok(UserCalls.close(c.profile, c.tcb, ms()));
                apply(c, st);
            }
        }
        return done(0);
    }

    private Option<CallResult> setsockopt(Sock s, SocketCall.SetSockOpt o) {
        OptionValue v = o.value();
        long n = v instanceof OptionValue.IntValue i ? i.value() : 0;
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
                yield reprofiled(s);
            }
            case TCP_KEEPIDLE -> {
                if (n <= 0) {
                    yield fail(Errno.EINVAL);
                }
                s.keepIdle = Option.some(n * 1000);
                yield reprofiled(s);
            }
            case TCP_KEEPINTVL -> {
                if (n <= 0) {
                    yield fail(Errno.EINVAL);
                }
                s.keepIntvl = Option.some(n * 1000);
                yield reprofiled(s);
            }
            case TCP_KEEPCNT -> {
                if (n <= 0 || n > Integer.MAX_VALUE) {
                    yield fail(Errno.EINVAL);
                }
                s.keepCnt = Option.some((int) n);
                yield reprofiled(s);
            }
            case TCP_USER_TIMEOUT -> {
                if (n < 0) {
                    yield fail(Errno.EINVAL);
                }
                s.userTimeout = n == 0 ? Option.none() : Option.some(n);
                s.conn.forEach(c -> c.tcb = withUserTimeout(c.tcb, s.userTimeout));
                yield reprofiled(s);
            }
            case TCP_NODELAY -> {
                // Setting TCP_NODELAY pushes what a cork holds, once (Linux's tcp_push_pending_frames).
                s.nodelay = n != 0;
                s.conn.forEach(c -> {
                    c.nodelay = s.nodelay;
                    if (s.nodelay) {
                        flush(c, true);
                    }
                });
                yield done(0);
            }
            case SO_REUSEADDR -> done(0);
        };
    }

    /** Keep-alive is a profile switch in the model: the socket's connection runs under the changed profile. */
    private Option<CallResult> reprofiled(Sock s) {
        s.conn.forEach(c -> c.profile = profileOf(s));
        return done(0);
    }

    private static Tcb withUserTimeout(Tcb t, Option<Long> ut) {
        return new Tcb(t.state(), t.snd(), t.rcv(), t.sendQueue(), t.closeQueued(), t.retransmission(),
                t.undelivered(), t.reassembly(), t.timers(), t.lastReceived(), t.retries(), t.probes(), t.rto(), ut,
                t.remoteSpecified(), t.ackPending(), t.orphaned(), t.negotiated());
    }

    /** The base profile with this socket's keep-alive settings. */
    private Profile profileOf(Sock s) {
        Profile p = profile.withExtensions(sysctlExtensions);
        if (!windowScaling) {
            p = p.withExtensions(p.extensions().withWindowScale(Option.none()));
        } else if (adoptedShift.isDefined()) {
            p = p.withExtensions(p.extensions().withWindowScale(adoptedShift));
        }
        if (fastOpenServer(s)) {
            p = p.withExtensions(p.extensions().withFastOpen(p.extensions().fastOpenClient(), true));
        }
        if (!s.keepalive) {
            return p.withKeepalive(Option.none());
        }
        // RFC 9293 §3.8.4 MUST-28: the idle interval defaults to no less than two hours; RFC 1122 §4.2.3.6.
        Keepalive d = p.keepalive().getOrElse(new Keepalive(7_200_000, 75_000, 9));
        return p.withKeepalive(Option.some(new Keepalive(s.keepIdle.getOrElse(d.idle()),
                s.keepIntvl.getOrElse(d.interval()), s.keepCnt.getOrElse(d.count()))));
    }

    /** net.ipv4.tcp_fastopen's bits, as Linux defines them. */
    private static final long TFO_SERVER_ENABLE = 0x2;
    private static final long TFO_CLIENT_NO_COOKIE = 0x4;
    private static final long TFO_SERVER_COOKIE_NOT_REQD = 0x200;
    private static final long TFO_SERVER_WO_SOCKOPT1 = 0x400;

    /**
     * Whether listener {@code s} is a Fast Open server (RFC 7413 §4.2): the sysctl's server bit, and a Fast Open
     * queue given by TCP_FASTOPEN or the sysctl's bit that gives every listener one.
     */
    private boolean fastOpenServer(Sock s) {
        return (tcpFastopen & TFO_SERVER_ENABLE) != 0
                && (s.fastOpen || (tcpFastopen & TFO_SERVER_WO_SOCKOPT1) != 0);
    }

    /**
     * The SYN {@code seg} as listener {@code l}'s Fast Open validity check sees it: with the sysctl's "no cookie
     * required" bit every SYN's cookie is valid (RFC 7413 §4.1.2 leaves validity to the server), so a data-bearing
     * SYN without a cookie is presented with one; the options the script sent are otherwise unchanged.
     */
    private Segment cookieChecked(Sock l, Segment seg) {
        if (!seg.syn() || seg.isAck() || seg.dataLength() == 0 || !fastOpenServer(l)
                || (tcpFastopen & TFO_SERVER_COOKIE_NOT_REQD) == 0
                || seg.option(SegmentOption.FastOpen.class).exists(SegmentOption.FastOpen::wellFormed)) {
            return seg;
        }
        return seg.withOptions(seg.options().filter(o -> !(o instanceof SegmentOption.FastOpen))
                .append(new SegmentOption.FastOpen(io.vavr.collection.Vector.fill(8, () -> (byte) 0), false)));
    }

    // ---------------------------------------------------------------- the other calls

    private static final int O_RDWR = 2;
    private static final int O_NONBLOCK = 0x800;
    private static final int POLLIN = 0x1;
    private static final int POLLOUT = 0x4;
    private static final int POLLERR = 0x8;
    private static final int POLLHUP = 0x10;
    private static final int POLLRDNORM = 0x40;
    private static final int POLLWRNORM = 0x100;
    private static final int POLLRDHUP = 0x2000;
    private static final long EPOLLET = 1L << 31;
    private static final long EPOLLONESHOT = 1L << 30;
    private static final long EPOLLEXCLUSIVE = 1L << 28;

    /** The constants of the calls this target makes, by name, as Linux numbers them (packetdrill writes either). */
    private static final java.util.Map<String, Long> CONSTANTS = java.util.Map.ofEntries(
            java.util.Map.entry("O_RDONLY", 0L), java.util.Map.entry("O_WRONLY", 1L),
            java.util.Map.entry("O_RDWR", (long) O_RDWR), java.util.Map.entry("O_NONBLOCK", (long) O_NONBLOCK),
            java.util.Map.entry("POLLIN", (long) POLLIN), java.util.Map.entry("POLLPRI", 0x2L),
            java.util.Map.entry("POLLOUT", (long) POLLOUT), java.util.Map.entry("POLLERR", (long) POLLERR),
            java.util.Map.entry("POLLHUP", (long) POLLHUP), java.util.Map.entry("POLLNVAL", 0x20L),
            java.util.Map.entry("POLLRDNORM", (long) POLLRDNORM), java.util.Map.entry("POLLRDBAND", 0x80L),
            java.util.Map.entry("POLLWRNORM", (long) POLLWRNORM), java.util.Map.entry("POLLWRBAND", 0x200L),
            java.util.Map.entry("POLLRDHUP", (long) POLLRDHUP),
            java.util.Map.entry("EPOLLIN", (long) POLLIN), java.util.Map.entry("EPOLLPRI", 0x2L),
            java.util.Map.entry("EPOLLOUT", (long) POLLOUT), java.util.Map.entry("EPOLLERR", (long) POLLERR),
            java.util.Map.entry("EPOLLHUP", (long) POLLHUP), java.util.Map.entry("EPOLLRDNORM", (long) POLLRDNORM),
            java.util.Map.entry("EPOLLWRNORM", (long) POLLWRNORM), java.util.Map.entry("EPOLLRDHUP",
                    (long) POLLRDHUP), java.util.Map.entry("EPOLLET", EPOLLET),
            java.util.Map.entry("EPOLLONESHOT", EPOLLONESHOT), java.util.Map.entry("EPOLLEXCLUSIVE", EPOLLEXCLUSIVE),
            java.util.Map.entry("MSG_DONTWAIT", 0x40L), java.util.Map.entry("MSG_EOR", 0x80L),
            java.util.Map.entry("MSG_NOSIGNAL", 0x4000L), java.util.Map.entry("MSG_MORE", 0x8000L),
            java.util.Map.entry("MSG_ZEROCOPY", 0x4000000L));

    /** The send flags this target takes; any other flag makes the call not applicable. */
    private static final List<String> SEND_FLAGS = List.of("MSG_DONTWAIT", "MSG_EOR", "MSG_NOSIGNAL", "MSG_MORE",
            "MSG_ZEROCOPY", "MSG_FASTOPEN");

    /** The calls beyond the classic ones this target makes (with the arguments {@link #unsupported} accepts). */
    private static final List<String> CALLS = List.of("fcntl", "setsockopt", "getsockopt", "send", "sendto", "recv",
            "recvfrom", "poll", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "ioctl");

    /** The socket options a generic {@code setsockopt} applies. */
    private static final List<String> SET_OPTIONS = List.of("TCP_CORK", "TCP_NODELAY", "TCP_FASTOPEN",
            "TCP_FASTOPEN_CONNECT",
            "SO_ZEROCOPY", "SO_REUSEADDR", "TCP_USER_TIMEOUT");

    /** The socket options {@code getsockopt} answers. */
    private static final List<String> GET_OPTIONS = List.of("SO_ERROR", "TCP_MAXSEG");

    /**
     * {@code sendmsg(FD, {msg_iov(...)=[...]}, FLAGS)} with MSG_FASTOPEN among FLAGS as the {@code sendto(FD, ...,
     * LENGTH, FLAGS, ..., ...)} it amounts to, LENGTH the iovec's total: the destination and the pieces of the buffer
     * are not TCP's business. None for any other call.
     */
    private static Option<SocketCall.Generic> fastOpenSendmsg(SocketCall.Generic g) {
        if (!g.name().equals("sendmsg") || !names(g.arg(2)).contains("MSG_FASTOPEN") || g.fd().isEmpty()) {
            return Option.none();
        }
        io.github.tcpmodel.script.CallArgument elided = new io.github.tcpmodel.script.CallArgument.Elided();
        return iovecLength(g).map(n -> new SocketCall.Generic("sendto",
                List.of(g.args().get(0), elided, n, g.args().get(2), elided, elided)));
    }

    /**
     * The total length of the iovec of a {@code sendmsg} or {@code recvmsg} call {@code g}, as a call argument: the
     * count of the write its message parses as when read as {@code sendmsg} with no flags; none when it does not.
     */
    private static Option<io.github.tcpmodel.script.CallArgument> iovecLength(SocketCall.Generic g) {
        Option<SocketCall> write = new SocketCall.Generic("sendmsg", g.args().update(2,
                new io.github.tcpmodel.script.CallArgument.Number(0, "0"))).classic();
        return write.filter(w -> w instanceof SocketCall.Write).map(w -> {
            long n = ((SocketCall.Write) w).count();
            return new io.github.tcpmodel.script.CallArgument.Number(n, String.valueOf(n));
        });
    }

    /**
     * {@code recvmsg(FD, {msg_iov(...)=[...], ...}, FLAGS)} as the {@code recv(FD, ..., LENGTH, FLAGS)} it amounts to
     * for TCP, LENGTH the iovec's total (the control messages it asks for are the sockets layer's, reported by
     * {@link #partly}); none for any other call and for a read of the error queue.
     */
    private static Option<SocketCall.Generic> plainRecvmsg(SocketCall.Generic g) {
        if (!g.name().equals("recvmsg") || g.fd().isEmpty() || names(g.arg(2)).contains("MSG_ERRQUEUE")) {
            return Option.none();
        }
        io.github.tcpmodel.script.CallArgument elided = new io.github.tcpmodel.script.CallArgument.Elided();
        return iovecLength(g).map(n -> new SocketCall.Generic("recv", List.of(g.args().get(0), elided, n,
                g.args().get(2))));
    }

    /** Why this target does not make generic call {@code g}; none when it does. */
    private static Option<String> unsupported(SocketCall.Generic g) {
        if (g.name().equals("recvmsg") && names(g.arg(2)).contains("MSG_ERRQUEUE")) {
            return Option.some("recvmsg() of the error queue, where Linux reports MSG_ZEROCOPY completions (the model "
                    + "target sends MSG_ZEROCOPY as a plain send and reports a completion only as POLLERR)");
        }
        if (!CALLS.contains(g.name())) {
            return Option.some("the call " + g.name() + "() is not supported by the model target");
        }
        return switch (g.name()) {
            case "fcntl" -> names(g.arg(1)).exists(n -> n.equals("F_GETFL") || n.equals("F_SETFL")) ? Option.none()
                    : Option.some("the fcntl command " + g.arg(1).map(Object::toString).getOrElse("") + " (not modelled)");
            case "send", "sendto" -> g.arg(3).exists(a -> a instanceof io.github.tcpmodel.script.CallArgument.Number n
                    && n.value() != 0) ? Option.some("send flags written as a number (the model target reads names)") : g.arg(4).exists(a -> !(a instanceof io.github.tcpmodel.script.CallArgument.Elided))
                    && (!names(g.arg(3)).contains("MSG_FASTOPEN") || names(g.arg(4)).contains("AF_UNSPEC"))
                    ? Option.some("sendto() with an address (the model target sends on a connected socket only)")
                    : names(g.arg(3)).find(f -> !SEND_FLAGS.contains(f))
                            .map(f -> "the send flag " + f + " (not modelled)");
            case "recv", "recvfrom" -> names(g.arg(3)).find(f -> !f.equals("MSG_DONTWAIT"))
                    .map(f -> "the receive flag " + f + " (not modelled)");
            case "setsockopt" -> names(g.arg(2)).size() != 1 || !SET_OPTIONS.contains(names(g.arg(2)).head())
                    ? Option.some("the socket option " + g.arg(2).map(Object::toString).getOrElse("") + " (not modelled)")
                    : Option.none();
            case "getsockopt" -> names(g.arg(2)).size() != 1 || !GET_OPTIONS.contains(names(g.arg(2)).head())
                    ? Option.some("the socket option " + g.arg(2).map(Object::toString).getOrElse("") + " (not modelled)")
                    : Option.none();
            case "ioctl" -> names(g.arg(1)).exists(n -> n.equals("SIOCINQ") || n.equals("FIONREAD")) ? Option.none()
                    : Option.some("the ioctl " + g.arg(1).map(Object::toString).getOrElse("") + " (not modelled)");
            default -> Option.none();
        };
    }

    /** The constant names of an argument ({@code A|B}); empty for a number or an elided argument. */
    private static List<String> names(Option<io.github.tcpmodel.script.CallArgument> a) {
        return a.filter(x -> x instanceof io.github.tcpmodel.script.CallArgument.Words)
                .map(x -> ((io.github.tcpmodel.script.CallArgument.Words) x).words()).getOrElse(List.empty());
    }

    /** The value of an argument: a number, {@code [N]}, or constants or'ed together. */
    private static long value(io.github.tcpmodel.script.CallArgument a) {
        Option<Long> n = io.github.tcpmodel.script.CallArgument.number(a);
        if (n.isDefined()) {
            return n.get();
        }
        if (a instanceof io.github.tcpmodel.script.CallArgument.Array arr && arr.items().size() == 1) {
            return value(arr.items().head());
        }
        if (a instanceof io.github.tcpmodel.script.CallArgument.Words w) {
            long v = 0;
            for (String word : w.words()) {
                Long c = CONSTANTS.get(word);
                if (c == null) {
                    throw new ModelError("unknown constant " + word);
                }
                v |= c;
            }
            return v;
        }
        throw new ModelError("expected a number or a constant, found " + a);
    }

    private static io.github.tcpmodel.script.CallArgument arg(SocketCall.Generic g, int i) {
        return g.arg(i).getOrElseThrow(() -> new ModelError(g.name() + "() needs argument " + (i + 1)));
    }

    /** A value a call gives back that differs from the one the script writes: the call's failure. */
    private static void expectValue(String what, long actual, io.github.tcpmodel.script.CallArgument written) {
        if (!(written instanceof io.github.tcpmodel.script.CallArgument.Elided) && value(written) != actual) {
            throw new ModelError(what + " gave " + actual + ", the script expects " + written);
        }
    }

    /** The calls that act on no socket: poll and the epoll instances. */
    private Option<CallResult> unbound(SocketCall.Generic g) {
        return switch (g.name()) {
            case "epoll_create", "epoll_create1" -> {
                int fd = nextFd++;
                epolls.put(fd, new java.util.LinkedHashMap<>());
                yield done(fd);
            }
            case "poll" -> {
                Sock none = new Sock();
                Option<CallResult> r = polled(g);
                long timeout = value(arg(g, 2));
                if (r.isDefined() || timeout == 0) {
                    yield r.orElse(done(0));
                }
                block(g, none, timeout < 0 ? Long.MAX_VALUE : now + timeout * 1000, CallResult.returns(0));
                yield Option.none();
            }
            default -> throw new ModelError("unsupported call " + g);
        };
    }

    /** What {@code poll} answers now: the number of descriptors with events, each checked; none when no event. */
    private Option<CallResult> polled(SocketCall.Generic g) {
        if (!(arg(g, 0) instanceof io.github.tcpmodel.script.CallArgument.Array entries)) {
            throw new ModelError("poll() takes an array of {fd, events, revents}");
        }
        int ready = 0;
        java.util.List<Runnable> checks = new ArrayList<>();
        for (io.github.tcpmodel.script.CallArgument e : entries.items()) {
            if (!(e instanceof io.github.tcpmodel.script.CallArgument.Struct st)) {
                throw new ModelError("poll() takes an array of {fd, events, revents}");
            }
            int fd = (int) value(st.get("fd").getOrElseThrow(() -> new ModelError("poll(): an entry without fd")));
            long events = st.get("events").map(ModelTarget::value).getOrElse(0L);
            Sock s = fds.get(fd);
            long revents = s == null ? 0x20 : mask(s) & (events | POLLERR | POLLHUP);
            if (revents != 0) {
                ready++;
            }
            st.get("revents").forEach(w -> checks.add(() -> expectValue("poll's revents of fd " + fd, revents, w)));
        }
        if (ready == 0) {
            return Option.none();
        }
        checks.forEach(Runnable::run);
        return done(ready);
    }

    /** The calls on one socket that are not classic socket calls. */
    private Option<CallResult> generic(SocketCall.Generic g, Sock s) {
        switch (g.name()) {
            case "fcntl": {
                List<String> cmd = names(g.arg(1));
                if (cmd.contains("F_GETFL")) {
                    return done(O_RDWR | (s.nonBlocking ? O_NONBLOCK : 0));
                }
                if (cmd.contains("F_SETFL")) {
                    s.nonBlocking = (value(arg(g, 2)) & O_NONBLOCK) != 0;
                    return done(0);
                }
                throw new ModelError("fcntl() command not modelled: " + arg(g, 1));
            }
            case "setsockopt":
                return setOption(s, names(g.arg(2)).head(), value(arg(g, 3)));
            case "getsockopt":
                return getOption(s, names(g.arg(2)).head(), arg(g, 3));
            case "ioctl": {
                if (s.kind != Kind.CONN) {
                    return fail(Errno.EINVAL);
                }
                // SIOCINQ: the octets received and not yet read.
                expectValue("ioctl(SIOCINQ)", s.conn.get().tcb.undelivered(), arg(g, 2));
                return done(0);
            }
            case "send", "sendto": {
                List<String> flags = names(g.arg(3));
                long count = value(arg(g, 2));
                boolean nonBlocking = s.nonBlocking || flags.contains("MSG_DONTWAIT");
                if (flags.contains("MSG_FASTOPEN") && s.kind == Kind.FRESH) {
                    // RFC 7413 §4.1: sendto(MSG_FASTOPEN) is connect() and write() in one call.
                    Option<CallResult> r = fastOpenSend(s, count, nonBlocking);
                    if (r.isEmpty()) {
                        blocked = Option.some(Tuple.of(new SocketCall.Write(g.fd().get(), count), s));
                    }
                    return r;
                }
                // MSG_MORE corks this send; a send without it pushes what earlier ones held (Linux's tcp_sendmsg).
                // MSG_ZEROCOPY is a plain copy here: the model has no buffers to pin.
                sendingMore = flags.contains("MSG_MORE");
                try {
                    Option<CallResult> r = begin(new SocketCall.Write(g.fd().get(), count), s, nonBlocking);
                    if (flags.contains("MSG_ZEROCOPY")) {
                        zeroCopySent(s, r);
                    }
                    return r;
                } finally {
                    sendingMore = false;
                }
            }
            case "recv", "recvfrom":
                return begin(new SocketCall.Read(g.fd().get(), value(arg(g, 2))), s,
                        s.nonBlocking || names(g.arg(3)).contains("MSG_DONTWAIT"));
            default:
                throw new ModelError("unsupported call " + g);
        }
    }

    private Option<CallResult> setOption(Sock s, String name, long v) {
        switch (name) {
            case "TCP_CORK":
                s.cork = v != 0;
                s.conn.forEach(c -> {
                    c.corked = s.cork;
                    flush(c);
                });
                return done(0);
            case "TCP_NODELAY":
                return setsockopt(s, new SocketCall.SetSockOpt(0, io.github.tcpmodel.script.SocketOption.TCP_NODELAY,
                        new OptionValue.IntValue(v)));
            case "TCP_USER_TIMEOUT":
                return setsockopt(s, new SocketCall.SetSockOpt(0,
                        io.github.tcpmodel.script.SocketOption.TCP_USER_TIMEOUT, new OptionValue.IntValue(v)));
            case "TCP_FASTOPEN":
                // RFC 7413 §4.2: the listener's Fast Open queue; its length bounds pending Fast Open connections.
                if (v < 0) {
                    return fail(Errno.EINVAL);
                }
                s.fastOpen = v > 0;
                return reprofiled(s);
            case "TCP_FASTOPEN_CONNECT":
                if (s.kind != Kind.FRESH) {
                    return fail(Errno.EINVAL);
                }
                s.fastOpenConnect = v != 0;
                return done(0);
            case "SO_ZEROCOPY":
                s.zeroCopy = v != 0;
                return done(0);
            case "SO_REUSEADDR":
                return done(0);
            default:
                throw new ModelError("setsockopt " + name + " is not modelled");
        }
    }

    private Option<CallResult> getOption(Sock s, String name, io.github.tcpmodel.script.CallArgument expected) {
        switch (name) {
            case "SO_ERROR": {
                // The pending error, cleared by reading it (the "connection reset"/"refused" signal of §3.10).
                long e = s.conn.flatMap(c -> c.error).map(x -> (long) x.number()).getOrElse(0L);
                s.conn.forEach(c -> c.error = Option.none());
                expectValue("getsockopt(SO_ERROR)", e, expected);
                return done(0);
            }
            case "TCP_MAXSEG": {
                // The MSS this side sends with: the peer's (§3.7.1, MUST-14) once synchronized, else its own offer.
                long mss = s.conn.filter(c -> c.tcb.tcpState().isSynchronized()).map(c -> (long) c.tcb.snd().mss())
                        .getOrElse((long) profileOf(s).mss());
                expectValue("getsockopt(TCP_MAXSEG)", mss, expected);
                return done(0);
            }
            default:
                throw new ModelError("getsockopt " + name + " is not modelled");
        }
    }

    /**
     * The poll events of socket {@code s} (Linux's tcp_poll, read as the specification of the sockets layer): a
     * listener is readable with a synchronized connection to accept; a connection readable with text on hand or
     * its receiving half shut (the peer's FIN, SHUT_RD); writable once synchronized (the model's send queue has no
     * bound) or with its sending half shut; hung up when both halves are shut or it is closed; in error with an
     * error pending. A socket still in SYN-SENT has no event.
     */
    /**
     * A MSG_ZEROCOPY send of {@code r}'s octets on a socket with SO_ZEROCOPY: its completion is due once SND.UNA
     * reaches the end of what the socket has queued (the send's last octet).
     */
    private void zeroCopySent(Sock s, Option<CallResult> r) {
        if (!s.zeroCopy || s.conn.isEmpty() || r.isEmpty() || r.get().errno().isDefined() || r.get().value() <= 0) {
            return;
        }
        Conn c = s.conn.get();
        c.zeroCopyEnds.add(c.tcb.snd().nxt().plus(c.tcb.sendQueue()));
        completeZeroCopy(c);
    }

    /** Queues the completions of the zero-copy sends SND.UNA now covers. */
    private static void completeZeroCopy(Conn c) {
        while (!c.zeroCopyEnds.isEmpty() && !c.tcb.snd().una().lt(c.zeroCopyEnds.peek())) {
            c.zeroCopyEnds.poll();
            c.completionQueued = true;
        }
    }

    private long mask(Sock s) {
        if (s.kind == Kind.LISTENER) {
            return s.backlog.stream().anyMatch(c -> c.synchronizedOnce || c.fastOpen) ? POLLIN | POLLRDNORM : 0;
        }
        if (s.kind == Kind.FRESH && s.openDeferred) {
            // connect() with TCP_FASTOPEN_CONNECT returned and left the OPEN to the first write: writable, as the
            // connection is the application's; not hung up.
            return POLLOUT | POLLWRNORM;
        }
        if (s.kind == Kind.FRESH) {
            return POLLOUT | POLLWRNORM | POLLHUP;
        }
        Conn c = s.conn.get();
        TcpState st = c.tcb.tcpState();
        long m = 0;
        boolean closed = st == TcpState.CLOSED;
        boolean rcvShut = closed || s.readShut || switch (st) {
            case CLOSE_WAIT, LAST_ACK, CLOSING, TIME_WAIT -> true;
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> false;
        };
        boolean sndShut = closed || c.tcb.closeQueued() || c.tcb.snd().fin().isDefined();
        if (closed || (rcvShut && sndShut)) {
            m |= POLLHUP;
        }
        if (rcvShut) {
            m |= POLLIN | POLLRDNORM | POLLRDHUP;
        }
        if (st != TcpState.SYN_SENT && st != TcpState.SYN_RECEIVED) {
            if (c.tcb.undelivered() > 0) {
                m |= POLLIN | POLLRDNORM;
            }
            m |= POLLOUT | POLLWRNORM;
        }
        if (c.error.isDefined() || c.completionQueued) {
            m |= POLLERR;
        }
        return m;
    }

    /** An event on connection {@code c}: its edge-triggered epoll registrations have an edge pending. */
    private void edge(Conn c) {
        for (java.util.Map<Integer, Interest> regs : epolls.values()) {
            regs.forEach((fd, i) -> {
                Sock s = fds.get(fd);
                if (s != null && (s.conn.contains(c) || s.backlog.contains(c))) {
                    i.pending = true;
                }
            });
        }
    }

    /** The epoll calls, on instance {@code epfd}. */
    private Option<CallResult> epoll(SocketCall.Generic g, int epfd) {
        java.util.Map<Integer, Interest> regs = epolls.get(epfd);
        if (regs == null) {
            return fail(Errno.EBADF);
        }
        if (g.name().equals("epoll_ctl")) {
            List<String> op = names(g.arg(1));
            int fd = (int) value(arg(g, 2));
            if (!fds.containsKey(fd)) {
                return fail(Errno.EBADF);
            }
            if (op.contains("EPOLL_CTL_DEL")) {
                return regs.remove(fd) == null ? fail(Errno.ENOENT) : done(0);
            }
            if (!(arg(g, 3) instanceof io.github.tcpmodel.script.CallArgument.Struct ev)) {
                throw new ModelError("epoll_ctl() takes {events=..., fd=...}");
            }
            long events = ev.get("events").map(ModelTarget::value).getOrElse(0L);
            if (op.contains("EPOLL_CTL_ADD") && regs.containsKey(fd)) {
                return fail(Errno.EEXIST);
            }
            if (op.contains("EPOLL_CTL_MOD") && !regs.containsKey(fd)) {
                return fail(Errno.ENOENT);
            }
            // EPOLLEXCLUSIVE only chooses which of several epoll instances on one socket wakes: one instance here.
            regs.put(fd, new Interest((int) (events & 0xffff_ffffL & ~(EPOLLET | EPOLLONESHOT | EPOLLEXCLUSIVE)),
                    (events & EPOLLET) != 0, (events & EPOLLONESHOT) != 0));
            return done(0);
        }
        // epoll_wait(epfd, {events=..., fd=...}, maxevents, timeout)
        Option<CallResult> r = waited(g, regs);
        long timeout = value(arg(g, 3));
        if (r.isDefined() || timeout == 0) {
            return r.orElse(done(0));
        }
        block(g, new Sock(), timeout < 0 ? Long.MAX_VALUE : now + timeout * 1000, CallResult.returns(0));
        return Option.none();
    }

    /** What {@code epoll_wait} answers now: the registrations with events (the first checked); none when none. */
    private Option<CallResult> waited(SocketCall.Generic g, java.util.Map<Integer, Interest> regs) {
        long max = value(arg(g, 2));
        int n = 0;
        Option<Tuple2<Integer, Long>> first = Option.none();
        for (java.util.Map.Entry<Integer, Interest> e : regs.entrySet()) {
            Sock s = fds.get(e.getKey());
            Interest i = e.getValue();
            long m = s == null || i.disabled ? 0 : mask(s) & (i.events | POLLERR | POLLHUP);
            boolean report = m != 0 && (!i.edge || i.pending);
            if (i.edge) {
                i.pending = false;
            }
            if (report && n < max) {
                n++;
                i.disabled = i.oneshot;
                if (first.isEmpty()) {
                    first = Option.some(Tuple.of(e.getKey(), m));
                }
            }
        }
        if (n == 0) {
            return Option.none();
        }
        if (arg(g, 1) instanceof io.github.tcpmodel.script.CallArgument.Struct ev) {
            long events = first.get()._2;
            ev.get("events").forEach(w -> expectValue("epoll_wait's events", events, w));
            int fd = first.get()._1;
            ev.get("fd").forEach(w -> expectValue("epoll_wait's fd", fd, w));
        }
        return done(n);
    }

    // ---------------------------------------------------------------- segments and timers

    /**
     * An ICMPv4 error from the peer's side about the newest connection's segment {@code [start:...]} (counted from
     * that connection's ISS, as packetdrill quotes it), through the model's {@link IcmpArrival} (RFC 9293
     * §3.9.2.2, RFC 5927 §4.1): discarded, reported, or the connection aborted, its socket told the errno Linux's
     * icmp_err_convert gives the code.
     */
    private Either<String, Long> icmp(io.github.tcpmodel.script.ScriptEvent.Icmp line) {
        Either<String, Integer> code = LinuxTarget.icmpCode(line);
        Either<String, long[]> quoted = LinuxTarget.icmpQuoted(line);
        if (code.isLeft() || quoted.isLeft()) {
            return Either.left(code.isLeft() ? code.getLeft() : quoted.getLeft());
        }
        Option<Conn> live = newestLive();
        if (live.isEmpty()) {
            // §3.9.2.2: no connection sent what the message quotes.
            return Either.right(now);
        }
        Conn c = live.get();
        int type = LinuxTarget.ICMP_TYPES.get(line.type());
        IcmpArrival.Result r = IcmpArrival.arrives(c.profile, c.tcb, new IcmpArrival.Message(
                io.github.tcpmodel.profile.AddressFamily.IPV4, type, code.get(),
                c.tcb.snd().iss().plus(quoted.get()[0])), ms());
        if (r.verdict() == IcmpArrival.Verdict.ABORTED) {
            Tcb old = c.tcb;
            c.tcb = r.tcb().is(TcpState.LISTEN) ? Tcb.closed() : r.tcb();
            endedBy = icmpErrno(type, code.get());
            if (!c.fastOpen && old.tcpState() != TcpState.SYN_RECEIVED) {
                c.error = Option.some(endedBy);
            }
            fastOpenEnded(c, old);
            endedBy = Errno.ECONNRESET;
            if (!c.synchronizedOnce && !c.fastOpen) {
                listener.forEach(l -> l.backlog.remove(c));
            }
            edge(c);
        }
        return Either.right(now);
    }

    /** The errno Linux gives an ICMPv4 error (icmp_err_convert): Destination Unreachable by code, else unreachable. */
    private static Errno icmpErrno(int type, int code) {
        if (type != 3) {
            return Errno.EHOSTUNREACH;
        }
        return switch (code) {
            case 0, 6, 9, 11 -> Errno.ENETUNREACH;
            case 2 -> Errno.ENOPROTOOPT;
            case 3 -> Errno.ECONNREFUSED;
            case 4 -> Errno.EMSGSIZE;
            case 5 -> Errno.EOPNOTSUPP;
            case 7 -> Errno.EHOSTDOWN;
            default -> Errno.EHOSTUNREACH;
        };
    }

    /**
     * The bare ACK of a SYN,ACK that took SYN-SENT TCB {@code before} to ESTABLISHED in {@code st} while text waits
     * on the send queue (a blocking Fast Open send's rest, or the SYN's text the SYN,ACK did not acknowledge): RFC
     * 9293 §3.10.7.3 lets "data or controls that were queued for transmission" ride on that ACK, and Linux sends the
     * text instead of a bare ACK. None otherwise.
     */
    private static Option<Segment> ackOnText(Tcb before, Step st) {
        if (!before.is(TcpState.SYN_SENT) || !st.tcb().is(TcpState.ESTABLISHED) || st.tcb().sendQueue() == 0
                || st.sent().size() != 1) {
            return Option.none();
        }
        Segment a = st.sent().head();
        return a.isAck() && a.len() == 0 && !a.rst() ? Option.some(a) : Option.none();
    }

    /**
     * Whether {@code seg} brings new text (beyond RCV.NXT) to a connection in FIN-WAIT-1 or FIN-WAIT-2 whose user has
     * closed it ({@link Tcb#orphaned()}): nobody will read it.
     */
    private static boolean textAfterClose(Tcb t, Segment seg) {
        if (!t.orphaned() || seg.rst() || seg.syn() || !seg.isAck() || seg.dataLength() == 0
                || !(t.is(TcpState.FIN_WAIT_1) || t.is(TcpState.FIN_WAIT_2))) {
            return false;
        }
        return seg.seq().plus(seg.dataLength()).gt(t.rcv().nxt());
    }

    private void arrive(Segment seg) {
        Option<Conn> live = newestLive();
        boolean toListener = listenerFresh && listener.isDefined() && seg.syn() && !seg.isAck() && !seg.rst()
                && live.exists(c -> !c.tcb.is(TcpState.TIME_WAIT));
        endedBy = Errno.ECONNRESET;
        if (live.isDefined() && !toListener) {
            Conn c = live.get();
            if (c.fastOpenClient && c.tcb.is(TcpState.SYN_SENT) && seg.syn() && seg.isAck()) {
                // RFC 7413 §4.1.2: the client caches the cookie of the server's SYN,ACK for its later connections.
                seg.option(SegmentOption.FastOpen.class).filter(SegmentOption.FastOpen::wellFormed)
                        .forEach(fo -> cachedCookie = Option.some(fo.cookie()));
                // §4.1.3: and the server's MSS with it, whether or not this SYN,ACK carries a new cookie.
                if (seg.mss().isDefined() && c.tcb.snd().una().lt(seg.ack()) && !seg.ack().gt(c.tcb.snd().nxt())) {
                    cachedMss = seg.mss();
                }
            }
            if (textAfterClose(c.tcb, seg)) {
                // RFC 1122 §4.2.2.13: "if new data is received after CLOSE is called, its TCP SHOULD send a RST to
                // show that data was lost"; as Linux does in FIN-WAIT-1 and FIN-WAIT-2, the RST answers the segment
                // (<SEQ=SEG.ACK><CTL=RST>, the form of §3.10.7.1) and the connection, whose user is gone, is deleted.
                emit(Option.some(c), List.of(Segment.of(seg.ack(), Control.RST)));
                c.tcb = Tcb.closed();
                return;
            }
            boolean wasTimeWait = c.tcb.is(TcpState.TIME_WAIT);
            // §3.6.1 MAY-2 needs the new ISS above the old SND.NXT; the ISS is the target's choice, and this one
            // (the old SND.NXT + 65537) is the one Linux picks, so that a script can name it.
            SeqNum iss = wasTimeWait ? c.tcb.snd().nxt().plus(REOPEN_ISS_STEP) : nextIssPeek();
            Step st = ok(Arrival.segmentArrives(c.profile, c.tcb, seg, iss, ms(), choices.delayingAcks()));
            if (wasTimeWait && st.tcb().is(TcpState.SYN_RECEIVED)) {
                // §3.6.1 MAY-2: the SYN reopened the connection: a new incarnation, handed out by the listener.
                nextIss();
                c.tcb = Tcb.closed();
                Conn n = new Conn(Tcb.closed(), c.profile);
                // A SYN whose text the reopening accepted (RFC 7413 §4.2.2) makes the connection acceptable at once,
                // as one the listener created.
                n.fastOpen = st.tcb().undelivered() > 0;
                conns.add(n);
                listener.forEach(l -> l.backlog.add(n));
                apply(n, st);
                return;
            }
            c.congestion = undone(c.congestion.arrived(c.profile, c.tcb, st.tcb(), seg));
            Option<Segment> heldAck = ackOnText(c.tcb, st);
            if (heldAck.isDefined()) {
                st = new Step(st.tcb().withAckPending(true), List.empty(), st.told(), st.delivered(),
                        st.projection(), st.rule());
            }
            apply(c, st);
            if (heldAck.isDefined() && c.tcb.ackPending()) {
                // No text could leave after all: the ACK goes alone.
                emit(Option.some(c), List.of(heldAck.get()));
                c.tcb = c.tcb.withAckPending(false);
                c.ackHeldSince = Option.none();
            }
            return;
        }
        if (listener.isDefined()) {
            Sock l = listener.get();
            Step st = ok(Arrival.segmentArrives(profileOf(l), l.listenTcb, cookieChecked(l, seg), nextIssPeek(), ms(),
                    choices));
            if (st.tcb().is(TcpState.SYN_RECEIVED)) {
                nextIss();
                listenerFresh = false;
                Conn n = new Conn(Tcb.closed(), profileOf(l));
                n.fastOpen = st.tcb().undelivered() > 0;
                conns.add(n);
                l.backlog.add(n);
                apply(n, st);
            } else {
                emit(st.sent());
            }
            return;
        }
        Step st = ok(Arrival.segmentArrives(profile, Tcb.closed(), seg, SeqNum.of(isnBase), ms(), choices));
        emit(st.sent());
    }

    private Option<Conn> newestLive() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            if (!conns.get(i).tcb.is(TcpState.CLOSED)) {
                return Option.some(conns.get(i));
            }
        }
        return Option.none();
    }

    /**
     * Lets the next thing due by {@code limit} (microseconds) happen: the earliest timer, or the timeout of the
     * blocked call when that comes first; false when nothing is due.
     */
    private boolean pass(long limit) {
        if (blocked.isDefined() && blockedUntil.isDefined() && blockedUntil.get()._1 <= limit) {
            long until = blockedUntil.get()._1;
            if (fireNext(until)) {
                return true;
            }
            now = Math.max(now, until);
            returned = Option.some(new Returned(now, blockedUntil.get()._2));
            blocked = Option.none();
            blockedUntil = Option.none();
            return true;
        }
        return fireNext(limit);
    }

    /** Fires the earliest timer due by {@code limit} (microseconds); false when none is. */
    private boolean fireNext(long limit) {
        Option<Tuple2<Conn, Timer>> first = Option.none();
        long at = Long.MAX_VALUE;
        for (Conn c : conns) {
            for (Tuple2<Timer, Long> e : c.tcb.timers()) {
                long us = e._2 * 1000;
                if (us < at) {
                    at = us;
                    first = Option.some(Tuple.of(c, e._1));
                }
            }
        }
        Option<Conn> ack = Option.none();
        for (Conn c : conns) {
            if (c.ackHeldSince.isDefined() && c.ackHeldSince.get() + MAX_ACK_DELAY < at) {
                at = c.ackHeldSince.get() + MAX_ACK_DELAY;
                ack = Option.some(c);
            }
        }
        if ((first.isEmpty() && ack.isEmpty()) || at > limit) {
            return false;
        }
        now = Math.max(now, at);
        if (ack.isDefined()) {
            sendHeldAck(ack.get());
            return true;
        }
        Conn c = first.get()._1;
        Step st = ok(Timeouts.expire(c.profile, c.tcb, first.get()._2, ms(), choices));
        if (c.fastOpenClient && c.tcb.is(TcpState.SYN_SENT)) {
            Step plain = FastOpen.plainSynRetransmission(st);
            if (plain != st) {
                // The fallback holds for the rest of the attempt: later SYNs are plain too.
                c.profile = c.profile.withExtensions(c.profile.extensions().withFastOpen(false,
                        c.profile.extensions().fastOpenServer()));
            }
            st = plain;
        }
        apply(c, st);
        return true;
    }

    /** Takes a step of connection {@code c}: its segments, its signals, then whatever the queues can send. */
    private void apply(Conn c, Step st) {
        TcpState before = c.tcb.tcpState();
        emit(Option.some(c), st.sent());
        for (Notice n : st.told()) {
            c.error = switch (n) {
                case CONNECTION_RESET -> st.tcb().is(TcpState.CLOSED)
                        ? Option.some(before == TcpState.SYN_SENT ? Errno.ECONNREFUSED : Errno.ECONNRESET) : c.error;
                case CONNECTION_REFUSED -> Option.some(Errno.ECONNREFUSED);
                case USER_TIMEOUT -> Option.some(Errno.ETIMEDOUT);
                case OK, QUEUED, DATA, URGENT, CONNECTION_CLOSING, ERROR_CLOSING, ERROR_CONNECTION_CLOSING,
                        ERROR_CONNECTION_RESET, CONNECTION_DOES_NOT_EXIST, CONNECTION_ALREADY_EXISTS, STATE -> c.error;
            };
        }
        // A passive SYN-RECEIVED connection that a RST or SYN returns to LISTEN (§3.10.7.4 Note 1) was an
        // embryonic connection of the listener: it is gone, the listener remains.
        Tcb old = c.tcb;
        c.tcb = st.tcb().is(TcpState.LISTEN) ? Tcb.closed() : st.tcb();
        fastOpenEnded(c, old);
        completeZeroCopy(c);
        if (old.tcpState() != c.tcb.tcpState() || c.tcb.undelivered() > old.undelivered() || c.error.isDefined()
                || !old.snd().una().equals(c.tcb.snd().una())) {
            edge(c);
        }
        if (c.tcb.tcpState().isSynchronized()) {
            c.synchronizedOnce = true;
        }
        if (c.tcb.is(TcpState.CLOSED) && !c.synchronizedOnce && !c.fastOpen) {
            listener.forEach(l -> l.backlog.remove(c));
        }
        flush(c);
    }

    /**
     * A Fast Open connection that a reset or an ICMP error took out of SYN-RECEIVED ({@code old}) back to LISTEN:
     * §3.10.7.4 says of a passive SYN-RECEIVED connection that "the user need not be informed", but this one was
     * already the application's (RFC 7413 §4.2.2: the server "delivers the data to the application" and may send
     * before the handshake completes). Its socket stays acceptable, keeps the text it had been given, and is told
     * the error ({@link #endedBy}), as Linux's Fast Open socket (a full socket, not a request socket) is.
     */
    private void fastOpenEnded(Conn c, Tcb old) {
        if (c.fastOpen && old.is(TcpState.SYN_RECEIVED) && c.tcb.is(TcpState.CLOSED)) {
            c.retained += old.undelivered();
            c.error = Option.some(endedBy);
        }
    }

    /** Sends what the queues hold while the peer's window allows (§3.10.2), then the FIN after the data (§3.10.4). */
    private void flush(Conn c) {
        flush(c, false);
    }

    /**
     * As {@link #flush(Conn)}; a corked connection (TCP_CORK, or MSG_MORE on the last send) holds back a segment
     * smaller than the MSS until it is uncorked, its FIN is queued, or {@code push} (TCP_NODELAY set) pushes what is
     * queued once: when to send a small segment is the sender's choice (RFC 9293 §3.7.4, SHLD-7; §3.8.6.2.1).
     */
    private void flush(Conn c, boolean push) {
        // A Fast Open connection may send from SYN-RECEIVED (RFC 7413 §4.2.2); the model's Emission decides.
        while (c.tcb.tcpState().isSynchronized() || (c.fastOpen && c.tcb.is(TcpState.SYN_RECEIVED))) {
            Tcb t = c.tcb;
            long mss = MssRules.effective(t);
            long room = Math.min(Math.min(mss, t.snd().usable()), LARGEST_MSS);
            int size;
            long fits = Math.min(t.sendQueue(), room);
            boolean held = t.sendQueue() > 0 && room > 0 && !push && fits < mss
                    && (((c.corked || c.more) && !t.closeQueued()) || swsHeld(c, fits));
            if (t.sendQueue() > 0 && room > 0 && !held) {
                size = (int) Math.min(t.sendQueue(), room);
            } else if (t.sendQueue() == 0 && t.closeQueued() && t.snd().fin().isEmpty()) {
                size = 0;
            } else {
                // Nothing to send but, maybe, an ACK: it is held back (see awaitExpected).
                if (t.ackPending() && c.ackHeldSince.isEmpty()) {
                    c.ackHeldSince = Option.some(now);
                }
                return;
            }
            Either<String, Step> st = Emission.transmit(c.profile, t, size, ms());
            if (st.isLeft()) {
                return;
            }
            emit(Option.some(c), st.get().sent());
            c.tcb = st.get().tcb();
            if (!c.tcb.ackPending()) {
                c.ackHeldSince = Option.none();
            }
        }
    }

    /**
     * Sender SWS avoidance (RFC 9293 §3.8.6.2.1, MUST-38): a segment smaller than the MSS that does not empty the
     * queue leaves only when it is at least half the largest window the peer has offered (Fs = 1/2).
     */
    private static boolean swsHeld(Conn c, long fits) {
        return fits < c.tcb.sendQueue() && fits * 2 < c.tcb.snd().maxWnd();
    }

    /** After an event: a blocked call that can now return does. */
    private void settle() {
        if (blocked.isDefined()) {
            Option<CallResult> r = attempt(blocked.get()._1, blocked.get()._2);
            if (r.isDefined()) {
                blocked = Option.none();
                blockedUntil = Option.none();
                returned = Option.some(new Returned(now, r.get()));
            }
        }
    }

    private void emit(List<Segment> segments) {
        emit(Option.none(), segments);
    }

    private void emit(Option<Conn> c, List<Segment> segments) {
        for (Segment s : segments) {
            out.add(new Emitted(now, toWire(s)));
            outConn.add(c);
        }
    }

    private SeqNum nextIssPeek() {
        return SeqNum.wrap(isnBase + (long) opened * ISN_STEP);
    }

    private SeqNum nextIss() {
        SeqNum iss = nextIssPeek();
        opened++;
        return iss;
    }

    private long ms() {
        return now / 1000;
    }

    // ---------------------------------------------------------------- conversions

    /** The segment in the model's terms, its options as sent (the model negotiates on them). */
    static Segment toModel(ScriptSegment w) {
        Either<String, Segment> s = w.toModel();
        if (s.isLeft()) {
            throw new ModelError("segment not representable in the model: " + s.getLeft());
        }
        try {
            return s.get().withOptions(ModelOptions.toModel(w.options()));
        } catch (IllegalArgumentException e) {
            throw new ModelError("options not representable in the model: " + e.getMessage());
        }
    }

    static ScriptSegment toWire(Segment s) {
        Set<Flag> flags = HashSet.empty();
        for (Control c : s.controls()) {
            flags = switch (c) {
                case SYN -> flags.add(Flag.SYN);
                case FIN -> flags.add(Flag.FIN);
                case RST -> flags.add(Flag.RST);
                case PSH -> flags.add(Flag.PSH);
                case ACK -> flags.add(Flag.ACK);
                // Flag has no URG: scripts do not use the urgent mechanism (RFC 9293 §3.8.5).
                case URG -> flags;
            };
        }
        List<TcpOption> options = ModelOptions.toWire(s.options());
        return new ScriptSegment(flags, s.seq().value(), s.isAck() ? s.ack().value() : 0,
                Math.min(0xffff, s.window()), options, s.dataLength());
    }

    // ---------------------------------------------------------------- plumbing

    private static Option<CallResult> done(long value) {
        return Option.some(CallResult.returns(value));
    }

    private static Option<CallResult> fail(Errno e) {
        return Option.some(CallResult.fails(e));
    }

    private static Step ok(Either<String, Step> step) {
        if (step.isLeft()) {
            throw new ModelError("the model refused: " + step.getLeft());
        }
        return step.get();
    }

    /** A refusal of the model, unwound to the {@link Target} method and answered as a left value. */
    private static final class ModelError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ModelError(String message) {
            super(message, null, false, false);
        }
    }
}
