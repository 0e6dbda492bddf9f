package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

// RFC 9293 §3.10.7.2 third: text on a SYN is "queued for processing later" and taken once the connection is
// ESTABLISHED; discarding it is wrong (the script handshake-data-on-syn.rfc9293.pkt checks it too).
class SynTextTest {

    private static final int LOCAL = 0x0a000001;
    private static final int PEER = 0x0a000002;
    private static final int PEER_ISN = 0x7fff_fff8;

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

    private void inject(TcpStack stack, int seq, int ack, int flags, byte[] payload) {
        clock.advanceBy(10);
        stack.packetArrives(Codec.encode(new Packet(PEER, LOCAL, 40000, 80, seq, ack, flags, 65535, 0,
                TcpOptions.mssOnly(1460), payload)));
    }

    private Packet last() {
        return sent.get(sent.size() - 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theTextOfASynIsHeldUntilEstablishedThenAcknowledgedAndDelivered(boolean thirdSegmentRepeatsIt) {
        ConnectionConfig config = ConnectionConfig.rfc9293();
        TcpStack stack = new TcpStack(clock, link, LOCAL, config, 3);
        ConformanceMonitor monitor = new ConformanceMonitor(config);
        stack.observe(monitor);
        Listener l = stack.listen(80);
        byte[] text = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        inject(stack, PEER_ISN, 0, Flags.SYN, text);
        Packet synAck = last();
        assertEquals(Flags.SYN | Flags.ACK, synAck.flags());
        assertEquals(PEER_ISN + 1, synAck.ack(), "the SYN,ACK acknowledges the SYN only");
        int before = sent.size();
        if (thirdSegmentRepeatsIt) {
            inject(stack, PEER_ISN + 1, synAck.seq() + 1, Flags.ACK | Flags.PSH, text);
        } else {
            inject(stack, PEER_ISN + 11, synAck.seq() + 1, Flags.ACK, new byte[0]);
        }
        assertEquals(1, sent.size() - before, sent::toString);
        assertEquals(Flags.ACK, last().flags());
        assertEquals(PEER_ISN + 11, last().ack(), "the held text is acknowledged");
        Connection c = l.accept().get();
        assertEquals(TcpState.ESTABLISHED, c.tcpState());
        byte[] got = new byte[100];
        assertEquals(10, c.read(got, 0, 100));
        assertArrayEquals(text, java.util.Arrays.copyOf(got, 10));
        monitor.finish();
        assertEquals(List.of(), monitor.divergences());
    }
}
