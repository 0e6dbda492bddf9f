package io.github.tcpmodel.linux.netns;

import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code ss -H -tan -o}: one socket a line, {@code STATE RECV-Q SEND-Q LOCAL PEER [timer]}.
 *
 * <p>The kernel's state names map to RFC 9293's one to one, except that ss abbreviates ({@code ESTAB},
 * {@code SYN-RECV}) and calls a socket in TCP_CLOSE {@code UNCONN}; that is RFC 9293's CLOSED (no connection).
 */
final class SocketTable {
    private static final Pattern TIMER = Pattern.compile("timer:\\(([a-z_]+),([0-9a-z.]*),(\\d+)\\)");
    /** ss prints milliseconds as e.g. {@code 1min5sec}, {@code 59sec}, {@code 1.200ms}, {@code 200ms}. */
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)min)?(?:(\\d+)(sec|\\.))?(?:(\\d+)ms)?");
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

    private SocketTable() {
    }

    static Either<NetnsError, List<KernelSocket>> parse(String ssOutput) {
        List<KernelSocket> sockets = List.empty();
        for (String line : ssOutput.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Either<NetnsError, KernelSocket> socket = parseLine(line.strip());
            if (socket.isLeft()) {
                return Either.left(socket.getLeft());
            }
            sockets = sockets.append(socket.get());
        }
        return Either.right(sockets);
    }

    /** RFC 9293 §3.3.2's state for the name ss prints. */
    static Option<TcpState> stateOf(String ssName) {
        switch (ssName) {
            case "UNCONN":
            case "CLOSE":
                return Option.some(TcpState.CLOSED);
            case "LISTEN":
                return Option.some(TcpState.LISTEN);
            case "SYN-SENT":
                return Option.some(TcpState.SYN_SENT);
            case "SYN-RECV":
            case "NEW-SYN-RECV":
                return Option.some(TcpState.SYN_RECEIVED);
            case "ESTAB":
                return Option.some(TcpState.ESTABLISHED);
            case "FIN-WAIT-1":
                return Option.some(TcpState.FIN_WAIT_1);
            case "FIN-WAIT-2":
                return Option.some(TcpState.FIN_WAIT_2);
            case "CLOSE-WAIT":
                return Option.some(TcpState.CLOSE_WAIT);
            case "CLOSING":
                return Option.some(TcpState.CLOSING);
            case "LAST-ACK":
                return Option.some(TcpState.LAST_ACK);
            case "TIME-WAIT":
                return Option.some(TcpState.TIME_WAIT);
            default:
                return Option.none();
        }
    }

    private static Either<NetnsError, KernelSocket> parseLine(String line) {
        String[] f = line.split("\\s+");
        if (f.length < 5) {
            return unparseable(line, "fewer than five columns");
        }
        Option<TcpState> state = stateOf(f[0]);
        if (state.isEmpty()) {
            return unparseable(line, "unknown state '" + f[0] + "'");
        }
        long recvQ;
        long sendQ;
        try {
            recvQ = Long.parseLong(f[1]);
            sendQ = Long.parseLong(f[2]);
        } catch (NumberFormatException e) {
            return unparseable(line, "queue sizes are not numbers");
        }
        Either<String, InetSocketAddress> local = address(f[3]);
        Either<String, InetSocketAddress> peer = address(f[4]);
        if (local.isLeft() || peer.isLeft()) {
            return unparseable(line, local.isLeft() ? local.getLeft() : peer.getLeft());
        }
        Option<KernelSocket.Timer> timer = Option.none();
        Matcher m = TIMER.matcher(line);
        if (m.find()) {
            Option<Duration> remaining = duration(m.group(2));
            if (remaining.isEmpty()) {
                return unparseable(line, "timer duration '" + m.group(2) + "'");
            }
            timer = Option.some(new KernelSocket.Timer(m.group(1), remaining.get(), Integer.parseInt(m.group(3))));
        }
        return Either.right(new KernelSocket(state.get(), f[0], local.get(), peer.get(), recvQ, sendQ, timer));
    }

    static Option<Duration> duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Option.none();
        }
        long millis = 0;
        if (m.group(1) != null) {
            millis += Long.parseLong(m.group(1)) * 60_000;
        }
        if (m.group(2) != null) {
            millis += Long.parseLong(m.group(2)) * 1000;
        }
        if (m.group(4) != null) {
            millis += Long.parseLong(m.group(4));
        }
        return Option.some(Duration.ofMillis(millis));
    }

    private static Either<String, InetSocketAddress> address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return Either.left("address '" + text + "' has no port");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port;
        if (portText.equals("*")) {
            port = 0;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                return Either.left("port '" + portText + "' in '" + text + "'");
            }
            if (port < 0 || port > 65_535) {
                return Either.left("port " + port + " out of range in '" + text + "'");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        if (host.equals("*")) {
            host = "0.0.0.0";
        }
        if (!LITERAL.matcher(host).matches()) {
            // Only literals: never let a name reach the resolver.
            return Either.left("address '" + host + "' is not a literal IP address");
        }
        try {
            return Either.right(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            return Either.left("address '" + host + "': " + e.getMessage());
        }
    }

    private static Either<NetnsError, KernelSocket> unparseable(String line, String why) {
        return Either.left(new NetnsError(NetnsError.Kind.UNPARSEABLE, "ss line '" + line + "': " + why));
    }
}
