package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A socket call as a script writes it, with the arguments that matter to TCP; addresses and buffers are elided
 * ({@code ...}) because the target owns its addresses and the script only counts bytes. The runner hands calls to
 * the {@link Target} with file descriptors already mapped from the script's numbers to the target's.
 */
public sealed interface SocketCall {

    /** The call's name as written, e.g. {@code connect}. */
    String name();

    /** The file descriptor the call acts on; none for {@code socket}. */
    Option<Integer> fd();

    /** This call on file descriptor {@code fd} instead (no change for {@code socket}). */
    SocketCall withFd(int fd);

    /** How {@code shutdown} closes a connection. */
    enum How {
        /** Further receptions are disallowed. */
        SHUT_RD,
        /** Further transmissions are disallowed: the TCP CLOSE call of RFC 9293 §3.10.4 for the sending half. */
        SHUT_WR,
        /** Both. */
        SHUT_RDWR
    }

    /** {@code socket(..., SOCK_STREAM, IPPROTO_TCP)}: a new TCP socket. */
    record Socket() implements SocketCall {
        @Override
        public String name() {
            return "socket";
        }

        @Override
        public Option<Integer> fd() {
            return Option.none();
        }

        @Override
        public SocketCall withFd(int fd) {
            return this;
        }

        @Override
        public String toString() {
            return "socket(..., SOCK_STREAM, IPPROTO_TCP)";
        }
    }

    /** {@code bind(fd, ..., ...)}: the target's own address and port. */
    record Bind(int socket) implements SocketCall {
        @Override
        public String name() {
            return "bind";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Bind(fd);
        }

        @Override
        public String toString() {
            return "bind(" + socket + ", ..., ...)";
        }
    }

    /** {@code listen(fd, backlog)}: the passive OPEN of RFC 9293 §3.10.1; backlog none when elided. */
    record Listen(int socket, Option<Long> backlog) implements SocketCall {
        public Listen {
            Objects.requireNonNull(backlog, "backlog is null");
        }

        @Override
        public String name() {
            return "listen";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Listen(fd, backlog);
        }

        @Override
        public String toString() {
            return "listen(" + socket + ", " + backlog.map(String::valueOf).getOrElse("...") + ")";
        }
    }

    /** {@code accept(fd, ..., ...)}: hands out an established connection; answers its new descriptor. */
    record Accept(int socket) implements SocketCall {
        @Override
        public String name() {
            return "accept";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Accept(fd);
        }

        @Override
        public String toString() {
            return "accept(" + socket + ", ..., ...)";
        }
    }

    /** {@code connect(fd, ..., ...)}: the active OPEN of RFC 9293 §3.10.1 towards the script's side. */
    record Connect(int socket) implements SocketCall {
        @Override
        public String name() {
            return "connect";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Connect(fd);
        }

        @Override
        public String toString() {
            return "connect(" + socket + ", ..., ...)";
        }
    }

    /** {@code write(fd, ..., count)}: SEND of {@code count} bytes (RFC 9293 §3.10.2). */
    record Write(int socket, long count) implements SocketCall {
        @Override
        public String name() {
            return "write";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Write(fd, count);
        }

        @Override
        public String toString() {
            return "write(" + socket + ", ..., " + count + ")";
        }
    }

    /** {@code read(fd, ..., count)}: RECEIVE of up to {@code count} bytes (RFC 9293 §3.10.3). */
    record Read(int socket, long count) implements SocketCall {
        @Override
        public String name() {
            return "read";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Read(fd, count);
        }

        @Override
        public String toString() {
            return "read(" + socket + ", ..., " + count + ")";
        }
    }

    /** {@code shutdown(fd, how)}. */
    record Shutdown(int socket, How how) implements SocketCall {
        public Shutdown {
            Objects.requireNonNull(how, "how is null");
        }

        @Override
        public String name() {
            return "shutdown";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Shutdown(fd, how);
        }

        @Override
        public String toString() {
            return "shutdown(" + socket + ", " + how + ")";
        }
    }

    /** {@code close(fd)}: CLOSE (RFC 9293 §3.10.4), or ABORT when SO_LINGER is on with linger 0. */
    record Close(int socket) implements SocketCall {
        @Override
        public String name() {
            return "close";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new Close(fd);
        }

        @Override
        public String toString() {
            return "close(" + socket + ")";
        }
    }

    /** {@code setsockopt(fd, level, option, value, length)}; the level is implied by the option. */
    record SetSockOpt(int socket, SocketOption option, OptionValue value) implements SocketCall {
        public SetSockOpt {
            Objects.requireNonNull(option, "option is null");
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public String name() {
            return "setsockopt";
        }

        @Override
        public Option<Integer> fd() {
            return Option.some(socket);
        }

        @Override
        public SocketCall withFd(int fd) {
            return new SetSockOpt(fd, option, value);
        }

        @Override
        public String toString() {
            return "setsockopt(" + socket + ", " + option.level() + ", " + option + ", " + value + ", "
                    + (option.takesLinger() ? 8 : 4) + ")";
        }
    }

    /**
     * Any other call, with its arguments as written: {@code send}, {@code sendto}, {@code sendmsg}, {@code recv},
     * {@code recvfrom}, {@code recvmsg}, {@code fcntl}, {@code getsockopt}, {@code setsockopt} of other options,
     * {@code poll}, {@code epoll_create}, {@code epoll_ctl}, {@code epoll_wait}, {@code ioctl}, ... A target makes
     * the call it can make, and says which ones it cannot.
     *
     * @param name the call's name
     * @param args the arguments as written
     */
    record Generic(String name, List<CallArgument> args) implements SocketCall {

        /** The calls whose first argument is not a socket's file descriptor. */
        private static final List<String> NO_FD = List.of("socket", "epoll_create", "epoll_create1", "pipe", "poll",
                "open", "sendfile");

        public Generic {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(args, "args is null");
        }

        @Override
        public Option<Integer> fd() {
            if (NO_FD.contains(name) || args.isEmpty() || !(args.head() instanceof CallArgument.Number n)
                    || n.value() < 0 || n.value() > Integer.MAX_VALUE) {
                return Option.none();
            }
            return Option.some((int) n.value());
        }

        @Override
        public SocketCall withFd(int fd) {
            if (fd().isEmpty()) {
                return this;
            }
            return new Generic(name, args.update(0, new CallArgument.Number(fd, String.valueOf(fd))));
        }

        /**
         * The classic call this one amounts to for a target without the full sockets API: {@code send},
         * {@code sendto} and {@code sendmsg} without flags are {@code write}s of their length, {@code recv} and
         * {@code recvfrom} without flags are {@code read}s; none otherwise.
         */
        public Option<SocketCall> classic() {
            Option<Integer> fd = fd();
            if (fd.isEmpty()) {
                return Option.none();
            }
            int s = fd.get();
            Option<Long> count = arg(2).flatMap(CallArgument::number).filter(n -> n >= 0);
            boolean noFlags = arg(3).map(f -> f instanceof CallArgument.Elided
                    || CallArgument.number(f).contains(0L)).getOrElse(true);
            switch (name) {
                case "write", "send", "sendto":
                    return count.isDefined() && noFlags ? Option.some(new Write(s, count.get())) : Option.none();
                case "read", "recv", "recvfrom":
                    return count.isDefined() && noFlags ? Option.some(new Read(s, count.get())) : Option.none();
                case "sendmsg": {
                    boolean flags0 = arg(2).flatMap(CallArgument::number).contains(0L);
                    Option<Long> total = arg(1).filter(a -> a instanceof CallArgument.Struct)
                            .flatMap(a -> ((CallArgument.Struct) a).get("msg_iov"))
                            .filter(a -> a instanceof CallArgument.Array)
                            .flatMap(a -> iovLength((CallArgument.Array) a));
                    return flags0 && total.isDefined() ? Option.some(new Write(s, total.get())) : Option.none();
                }
                default:
                    return Option.none();
            }
        }

        /** The total length of {@code [{..., N}, ...]}, an iovec array as packetdrill writes it. */
        private static Option<Long> iovLength(CallArgument.Array iov) {
            long total = 0;
            for (CallArgument item : iov.items()) {
                if (!(item instanceof CallArgument.Struct st) || st.fields().size() != 2) {
                    return Option.none();
                }
                Option<Long> n = CallArgument.number(st.fields().get(1).value());
                if (n.isEmpty() || n.get() < 0) {
                    return Option.none();
                }
                total += n.get();
            }
            return Option.some(total);
        }

        /** The argument at {@code i}, if written. */
        public Option<CallArgument> arg(int i) {
            return i < args.size() ? Option.some(args.get(i)) : Option.none();
        }

        @Override
        public String toString() {
            return name + "(" + args.mkString(", ") + ")";
        }
    }
}
