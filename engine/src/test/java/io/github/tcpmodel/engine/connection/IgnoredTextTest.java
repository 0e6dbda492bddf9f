package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 9293 §3.10.7.4 seventh: in CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT segment text "should not occur" and is
// ignored; a regression test: acknowledging it is wrong.
class IgnoredTextTest {

    private static final int LOCAL = 0x0a000001;
    private static final int PEER = 0x0a000002;
    private static final int PEER_ISN = 5000;

    private final VirtualClock clock = new VirtualClock();
    private final List<Packet> sent = new ArrayList<>();
    private final Link link = new Link() {
        @Override
        public void send(byte[] packet) {
            sent.add(((Decoded.Ok) Codec.decode(packet)).segment());
        }

        @Override
        public int receive(PacketReceiver receiver, int max) {
            return 0;
        }
    };

    private void inject(TcpStack stack, int seq, int ack, int flags, int payload) {
        clock.advanceBy(10);
        stack.packetArrives(Codec.encode(new Packet(PEER, LOCAL, 40000, 80, seq, ack, flags, 65535, 0,
                TcpOptions.NONE, new byte[payload])));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"})
    void textAtRcvNxtAfterThePeersFinIsIgnoredWithoutAnAck(String name) {
        TcpState target = TcpState.valueOf(name);
        Connection c = reach(target);
        int before = sent.size();
        inject(stack, PEER_ISN + 2, ackOf(target), Flags.ACK | Flags.PSH, 10);
        assertEquals(List.of(), sent.subList(before, sent.size()), "nothing answers ignored text");
        assertEquals(target, c.tcpState());
        monitor.finish();
        assertEquals(List.of(), monitor.divergences());
    }

    // The eighth step still acknowledges a FIN in CLOSE-WAIT, LAST-ACK and TIME-WAIT; in CLOSING the fifth step
    // ignores a segment that does not acknowledge our FIN.
    @ParameterizedTest
    @ValueSource(strings = {"CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"})
    void aSecondFinAtRcvNxtIsAcknowledgedExceptInClosing(String name) {
        TcpState target = TcpState.valueOf(name);
        Connection c = reach(target);
        int before = sent.size();
        inject(stack, PEER_ISN + 2, ackOf(target), Flags.ACK | Flags.FIN, 0);
        List<Packet> answers = sent.subList(before, sent.size());
        if (target == TcpState.CLOSING) {
            assertEquals(List.of(), answers);
        } else {
            assertEquals(1, answers.size(), answers::toString);
            assertEquals(Flags.ACK, answers.get(0).flags());
            assertEquals(PEER_ISN + 2, answers.get(0).ack(), "RCV.NXT, after the first FIN");
        }
        assertEquals(target, c.tcpState());
        monitor.finish();
        assertEquals(List.of(), monitor.divergences());
    }

    private TcpStack stack;
    private ConformanceMonitor monitor;
    private int iss;

    private int ackOf(TcpState target) {
        return target == TcpState.TIME_WAIT ? iss + 2 : iss + 1;
    }

    private Connection reach(TcpState target) {
        ConnectionConfig config = ConnectionConfig.rfc9293();
        stack = new TcpStack(clock, link, LOCAL, config, 7);
        monitor = new ConformanceMonitor(config);
        stack.observe(monitor);
        Listener l = stack.listen(80);
        inject(stack, PEER_ISN, 0, Flags.SYN, 0);
        iss = sent.get(sent.size() - 1).seq();
        inject(stack, PEER_ISN + 1, iss + 1, Flags.ACK, 0);
        Connection c = l.accept().get();
        int myFin = iss + 1;
        Runnable setup = switch (target) {
            case CLOSE_WAIT -> () -> inject(stack, PEER_ISN + 1, iss + 1, Flags.FIN | Flags.ACK, 0);
            case CLOSING -> () -> {
                c.shutdown();
                inject(stack, PEER_ISN + 1, iss + 1, Flags.FIN | Flags.ACK, 0);
            };
            case LAST_ACK -> () -> {
                inject(stack, PEER_ISN + 1, iss + 1, Flags.FIN | Flags.ACK, 0);
                c.shutdown();
            };
            case TIME_WAIT -> () -> {
                c.shutdown();
                inject(stack, PEER_ISN + 1, myFin + 1, Flags.ACK, 0);
                inject(stack, PEER_ISN + 1, myFin + 1, Flags.FIN | Flags.ACK, 0);
            };
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 ->
                    throw new IllegalArgumentException("no setup reaches " + target + " after the peer's FIN");
        };
        setup.run();
        assertEquals(target, c.tcpState());
        return c;
    }
}
