package io.github.tcpmodel.engine.conformance;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.conformance.Implementation;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Timer;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One engine {@link TcpStack} as the kit's implementation under test: a virtual clock, a link that captures what
 * the engine sends, and one connection to a fixed peer. The model sees one connection from OPEN to CLOSED; for a
 * passive OPEN that is the listener until its first SYN, then the connection forked from it (the listener is closed
 * once that connection is synchronized or gone, as a server that accepts one connection would; a fork that returns
 * to LISTEN leaves the listener listening).
 */
final class EngineImplementation implements Implementation {

    static final int LOCAL = Addresses.of(10, 0, 0, 1);
    static final int PEER = Addresses.of(10, 0, 0, 2);
    static final int LOCAL_PORT = 5001;
    static final int PEER_PORT = 40_000;

    private final VirtualClock clock = new VirtualClock();
    private final CapturingLink link = new CapturingLink();
    private final TcpStack stack;
    private Connection connection;
    private Listener listener;

    EngineImplementation(ConnectionConfig config, long seed) {
        stack = new TcpStack(clock, link, LOCAL, acksAtOnce(config), seed);
    }

    /**
     * {@code config} with every ACK sent at once and no congestion window. The kit compares the answer to each input
     * with the model's. An ACK the engine delayed (RFC 9293 §3.8.6.3) goes out later on its own timer, which the
     * model does not have, so the kit would take it for a segment the model never sends; a FIN or text that the
     * congestion window holds back (RFC 5681 §3.1, after a retransmission timeout the window is one segment) goes out
     * when an ACK opens it, where the model, which has no congestion window, sends it at once. Both are allowed
     * (MUST-19 asks for congestion control; sending less than the window allows is always allowed), and the
     * conformance monitor, which follows the engine's own choices, checks them (ConformanceMonitorTest,
     * DataTransferTest).
     */
    static ConnectionConfig acksAtOnce(ConnectionConfig config) {
        return config.withTransfer(config.transfer().withDelayedAcks(false).withCongestionControl(false));
    }

    /** Attaches {@code observer} (e.g. a conformance monitor) to the engine. */
    void observe(io.github.tcpmodel.engine.observation.EngineObserver observer) {
        stack.observe(observer);
    }

    /** Fresh engines with {@code config}, each with its own seed (so its own ISNs), checked against its profile. */
    static ConformanceFactory factory(ConnectionConfig config) {
        // The engine's profile: its SYN and SYN,ACK retransmissions are the profile's (§3.8.3 leaves R2 to the
        // implementation, above MUST-23's three minutes for a SYN).
        Profile profile = config.profile();
        AtomicLong seeds = new AtomicLong(1);
        return new ConformanceFactory() {
            @Override
            public Implementation create() {
                return new EngineImplementation(config, seeds.getAndIncrement());
            }

            @Override
            public Profile profile() {
                return profile;
            }

            @Override
            public String name() {
                return "engine(" + config.name() + ")";
            }

            @Override
            public long maxWindow() {
                // No window scale option (RFC 7323): SEG.WND is the 16-bit header field.
                return 0xFFFF;
            }

            @Override
            public int maxPayload() {
                // One IPv4 datagram: 65535 octets less 20 of IPv4 and 20 of TCP header.
                return 65_495;
            }
        };
    }

    @Override
    public List<Segment> call(UserCall call, long now) {
        runTimersTo(now);
        Runnable make = switch (call.kind()) {
            case PASSIVE_OPEN -> () -> {
                if (!live(connection) && listener == null) {
                    connection = null;
                    listener = stack.listen(LOCAL_PORT, 1);
                }
            };
            // RFC 9293 §3.10.1: an active OPEN in LISTEN turns the connection active; the socket API does it by
            // closing the listener and connecting from the same port.
            case ACTIVE_OPEN -> () -> {
                if (!live(connection)) {
                    closeListener();
                    connection = stack.connect(PEER, PEER_PORT, LOCAL_PORT);
                }
            };
            case SEND -> () -> {
                if (live(connection)) {
                    connection.write(new byte[(int) Math.min(call.amount(), Integer.MAX_VALUE - 8)]);
                }
            };
            case RECEIVE -> () -> {
                if (live(connection) && call.amount() > 0) {
                    connection.read(new byte[(int) Math.min(call.amount(), 1 << 20)], 0,
                            (int) Math.min(call.amount(), 1 << 20));
                }
            };
            case CLOSE -> () -> {
                if (live(connection)) {
                    connection.close();
                } else {
                    closeListener();
                }
            };
            case ABORT -> () -> {
                if (live(connection)) {
                    connection.abort();
                }
                closeListener();
            };
            // STATUS changes nothing on the wire (RFC 9293 §3.10.6); the engine has no call for it.
            case STATUS -> () -> { };
        };
        make.run();
        return sent();
    }

    @Override
    public List<Segment> deliver(Segment segment, long now) {
        runTimersTo(now);
        stack.packetArrives(Codec.encode(toEngine(segment)));
        return sent();
    }

    @Override
    public List<Segment> advance(long now) {
        runTimersTo(now);
        return sent();
    }

    @Override
    public io.vavr.collection.Set<Timer> toldTimers() {
        return HashSet.of(Timer.RETRANSMISSION, Timer.USER);
    }

    @Override
    public Option<Long> timerDeadline(Timer timer) {
        track();
        if (connection == null) {
            return Option.none();
        }
        return timer == Timer.RETRANSMISSION ? connection.retransmissionDeadline()
                : timer == Timer.USER ? connection.userTimeoutDeadline() : Option.none();
    }

    @Override
    public TcpState state() {
        track();
        if (connection != null) {
            return connection.tcpState();
        }
        return listener != null ? listener.tcpState() : TcpState.CLOSED;
    }

    /** Moves the virtual clock to {@code now}, running every timer that falls due on the way at its deadline. */
    private void runTimersTo(long now) {
        while (true) {
            long next = stack.nextDeadline();
            if (next > now) {
                break;
            }
            clock.advanceTo(Math.max(next, clock.nowMillis()));
            stack.poll();
            track();
        }
        clock.advanceTo(Math.max(now, clock.nowMillis()));
        stack.poll();
        track();
    }

    /** Follows the passive side's connection: the fork of the listener, and the listener's end. */
    private void track() {
        if (listener == null) {
            return;
        }
        if (connection == null) {
            for (Connection c : stack.connections()) {
                if (c.id().remotePort() == PEER_PORT && c.id().localPort() == LOCAL_PORT && !c.isDeleted()) {
                    connection = c;
                }
            }
        }
        if (connection == null) {
            return;
        }
        TcpState s = connection.tcpState();
        if (s == TcpState.LISTEN) {
            // RFC 9293 §3.10.7.4: a passive SYN-RECEIVED went back to LISTEN; the fork is gone, the listener stays.
            connection = null;
        } else if (s != TcpState.SYN_RECEIVED) {
            listener.accept();
            closeListener();
        }
    }

    private void closeListener() {
        if (listener != null && listener.tcpState() == TcpState.LISTEN) {
            listener.close();
        }
        listener = null;
    }

    private static boolean live(Connection c) {
        return c != null && !c.isDeleted();
    }

    /** What the engine sent since the last call, in the model's terms. */
    private List<Segment> sent() {
        List<Segment> out = List.empty();
        for (byte[] packet : link.drain()) {
            Decoded d = Codec.decode(packet);
            if (!(d instanceof Decoded.Ok ok)) {
                throw new IllegalStateException("the engine sent a malformed packet: " + d);
            }
            out = out.append(toModel(ok.segment()));
        }
        return out;
    }

    static io.github.tcpmodel.engine.codec.Packet toEngine(Segment s) {
        int flags = 0;
        flags |= s.has(Control.FIN) ? Flags.FIN : 0;
        flags |= s.has(Control.SYN) ? Flags.SYN : 0;
        flags |= s.has(Control.RST) ? Flags.RST : 0;
        flags |= s.has(Control.PSH) ? Flags.PSH : 0;
        flags |= s.has(Control.ACK) ? Flags.ACK : 0;
        flags |= s.has(Control.URG) ? Flags.URG : 0;
        byte[] payload = new byte[s.dataLength()];
        if (s.data().isDefined()) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] = s.data().get().get(i);
            }
        }
        TcpOptions options = s.mss().isDefined() ? TcpOptions.mssOnly(s.mss().get()) : TcpOptions.NONE;
        return new io.github.tcpmodel.engine.codec.Packet(PEER, LOCAL, PEER_PORT, LOCAL_PORT, (int) s.seq().value(),
                s.isAck() ? (int) s.ack().value() : 0, flags, (int) s.window(), s.urgent(), options, payload);
    }

    static Segment toModel(io.github.tcpmodel.engine.codec.Packet s) {
        Set<Control> controls = HashSet.empty();
        controls = s.has(Flags.FIN) ? controls.add(Control.FIN) : controls;
        controls = s.has(Flags.SYN) ? controls.add(Control.SYN) : controls;
        controls = s.has(Flags.RST) ? controls.add(Control.RST) : controls;
        controls = s.has(Flags.PSH) ? controls.add(Control.PSH) : controls;
        controls = s.has(Flags.ACK) ? controls.add(Control.ACK) : controls;
        controls = s.has(Flags.URG) ? controls.add(Control.URG) : controls;
        int mss = s.options().mss();
        return Segment.checked(s.seq() & 0xFFFF_FFFFL, s.has(Flags.ACK) ? s.ack() & 0xFFFF_FFFFL : 0, controls,
                s.window(), s.has(Flags.URG) ? s.urgent() : 0, s.payload().length, Option.none(),
                mss >= 0 && s.has(Flags.SYN) ? Option.some(mss) : Option.none()).getOrElseThrow(
                        (String why) -> new IllegalStateException(why));
    }

    /** A link that keeps what the engine sends; nothing arrives on it (segments are handed in directly). */
    private static final class CapturingLink implements Link {
        private final java.util.List<byte[]> sent = new ArrayList<>();

        @Override
        public void send(byte[] packet) {
            sent.add(packet.clone());
        }

        @Override
        public int receive(PacketReceiver receiver, int max) {
            return 0;
        }

        java.util.List<byte[]> drain() {
            java.util.List<byte[]> l = new ArrayList<>(sent);
            sent.clear();
            return l;
        }
    }
}
