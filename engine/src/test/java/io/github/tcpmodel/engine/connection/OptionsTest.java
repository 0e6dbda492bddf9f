package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// RFC 7323 (window scaling, timestamps, PAWS) and RFC 2018 / RFC 2883 (SACK, D-SACK) as the engine negotiates and
// uses them, each run under the conformance monitor, which must find nothing.
class OptionsTest {

    private static final int LOCAL = 0x0a000001;
    private static final int PEER = 0x0a000002;
    private static final int PEER_ISN = 1_000_000;
    private static final int PEER_TS = 5000;
    /** The peer's offer as Linux sends it: mss 1460, sackOK, TS, nop, wscale 7. */
    private static final TcpOptions LINUX_OFFER = new TcpOptions(1460, 7, true, true, PEER_TS, 0);

    private final VirtualClock clock = new VirtualClock();
    private final List<byte[]> wire = new ArrayList<>();
    private final List<Packet> sent = new ArrayList<>();
    private final Link link = new Link() {
        @Override
        public void send(byte[] packet) {
            wire.add(packet);
            sent.add(((Decoded.Ok) Codec.decode(packet)).segment());
        }

        @Override
        public int receive(PacketReceiver receiver, int max) {
            return 0;
        }
    };
    private ConformanceMonitor monitor;

    private TcpStack stack(ConnectionConfig config) {
        clock.advanceBy(1000);
        TcpStack stack = new TcpStack(clock, link, LOCAL, config, 7);
        monitor = new ConformanceMonitor(config);
        stack.observe(monitor);
        return stack;
    }

    @AfterEach
    void noDivergence() {
        if (monitor != null) {
            monitor.finish();
            assertEquals(List.of(), monitor.divergences());
        }
    }

    private void inject(TcpStack stack, int seq, int ack, int flags, int window, TcpOptions options, byte[] text) {
        clock.advanceBy(10);
        stack.packetArrives(Codec.encode(new Packet(PEER, LOCAL, 40000, 80, seq, ack, flags, window, 0, options,
                text)));
    }

    private Packet last() {
        return sent.get(sent.size() - 1);
    }

    /** The option octets of the IPv4 packet {@code p}. */
    private static byte[] optionOctets(byte[] p) {
        int ihl = (p[0] & 0x0F) * 4;
        int dataOffset = ((p[ihl + 12] & 0xFF) >>> 4) * 4;
        return Arrays.copyOfRange(p, ihl + 20, ihl + dataOffset);
    }

    @Test
    void theLinuxSynOffersMssSackTimestampsAndWindowScaleInLinuxsLayout() {
        TcpStack stack = stack(ConnectionConfig.linux());
        stack.connect(PEER, 80);
        byte[] o = optionOctets(wire.get(0));
        int ts = last().options().tsVal();
        // tcp_options_write: mss 1460, sackOK, TS val ecr 0, nop, wscale 7.
        assertArrayEquals(new byte[] {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, (byte) (ts >>> 24), (byte) (ts >>> 16),
                (byte) (ts >>> 8), (byte) ts, 0, 0, 0, 0, 1, 3, 3, 7}, o);
        assertEquals(65535, last().window(), "the window of a SYN is not scaled (RFC 7323 §2.2)");
        monitor = null;
    }

    @Test
    void theRfc9293SynOffersTheMssAlone() {
        TcpStack stack = stack(ConnectionConfig.rfc9293());
        stack.connect(PEER, 80);
        assertArrayEquals(new byte[] {2, 4, 0x05, (byte) 0xb4}, optionOctets(wire.get(0)));
        monitor = null;
    }

    @Test
    void theSynAckAnswersOnlyWhatThePeerOffered() {
        TcpStack stack = stack(ConnectionConfig.linux());
        stack.listen(80);
        inject(stack, PEER_ISN, 0, Flags.SYN, 64240, new TcpOptions(1460, -1, false, true, PEER_TS, 0), new byte[0]);
        Packet synAck = last();
        assertEquals(Flags.SYN | Flags.ACK, synAck.flags());
        TcpOptions o = synAck.options();
        assertEquals(-1, o.windowScale(), "no Window Scale in reply to a SYN without one (RFC 7323 §2.2)");
        assertFalse(o.sackPermitted(), "no SACK-Permitted in reply to a SYN without one (RFC 2018 §2)");
        assertTrue(o.timestamps());
        assertEquals(PEER_TS, o.tsEcr(), "TSecr echoes the SYN's TSval (RFC 7323 §3.2)");
        // mss, nop, nop, TS.
        byte[] octets = optionOctets(wire.get(wire.size() - 1));
        assertArrayEquals(new byte[] {2, 4, 0x05, (byte) 0xb4, 1, 1, 8, 10}, Arrays.copyOf(octets, 8));
    }

    /** A passive handshake with Linux's offer; returns the connection and the engine's ISS. */
    private Connection established(TcpStack stack) {
        Listener l = stack.listen(80);
        inject(stack, PEER_ISN, 0, Flags.SYN, 64240, LINUX_OFFER, new byte[0]);
        Packet synAck = last();
        assertEquals(7, synAck.options().windowScale());
        assertTrue(synAck.options().sackPermitted());
        assertEquals(65535, synAck.window(), "the window of a SYN,ACK is not scaled (RFC 7323 §2.2)");
        inject(stack, PEER_ISN + 1, synAck.seq() + 1, Flags.ACK, 502, TcpOptions.stamp(PEER_TS + 1,
                synAck.options().tsVal(), null), new byte[0]);
        return l.accept().get();
    }

    private int iss() {
        return sent.stream().filter(p -> p.has(Flags.SYN)).findFirst().get().seq();
    }

    @Test
    void theReceiveWindowIsScaledToTheBufferAndThePeersWindowByItsShift() {
        TcpStack stack = stack(ConnectionConfig.linux());
        Connection c = established(stack);
        // The peer's 502 << 7: the engine may send 64256 octets at once (the congestion window allowing).
        assertEquals(502 << 7, peerWindowSeen(c));
        inject(stack, PEER_ISN + 1, iss() + 1, Flags.ACK | Flags.PSH, 502,
                TcpOptions.stamp(PEER_TS + 2, last().options().tsVal(), null), new byte[100]);
        Packet ack = last();
        assertEquals(PEER_ISN + 101, ack.ack());
        int free = ConnectionConfig.LINUX_RECEIVE_BUFFER - 100;
        assertEquals(free >> 7, ack.window(), "RCV.WND >> Rcv.Wind.Shift, rounded down (RFC 7323 §2.3)");
        assertTrue(ack.options().timestamps());
        assertEquals(PEER_TS + 2, ack.options().tsEcr(), "TS.Recent is the TSval of the last in-order segment");
    }

    private static int peerWindowSeen(Connection c) {
        // SND.WND is visible through the text the engine sends at once, with congestion control off.
        return c.toString().contains("snd.wnd=") ? Integer.parseInt(c.toString().replaceAll(".*snd.wnd=(\\d+).*",
                "$1")) : -1;
    }

    @Test
    void pawsDropsAnOldTimestampWithAnAck() {
        TcpStack stack = stack(ConnectionConfig.linux().withInvalidAckInterval(0));
        Connection c = established(stack);
        int before = sent.size();
        inject(stack, PEER_ISN + 1, iss() + 1, Flags.ACK | Flags.PSH, 502,
                TcpOptions.stamp(PEER_TS - 1000, 0, null), new byte[10]);
        assertEquals(0, c.available(), "SEG.TSval < TS.Recent: not acceptable (RFC 7323 §5.3 R1)");
        assertEquals(before + 1, sent.size(), "an ACK in reply");
        assertEquals(PEER_ISN + 1, last().ack());
        assertEquals(PEER_TS + 1, last().options().tsEcr(), "TS.Recent is unchanged");
        inject(stack, PEER_ISN + 1, iss() + 1, Flags.ACK | Flags.PSH, 502,
                TcpOptions.stamp(PEER_TS + 1, 0, null), new byte[10]);
        assertEquals(10, c.available(), "an equal TSval passes PAWS");
    }

    @Test
    void sackBlocksReportTheMostRecentSegmentFirstAndDsackADuplicate() {
        TcpStack stack = stack(ConnectionConfig.linux().withInvalidAckInterval(0));
        Connection c = established(stack);
        int base = PEER_ISN + 1;
        int ts = PEER_TS + 2;
        inject(stack, base + 1000, iss() + 1, Flags.ACK, 502, TcpOptions.stamp(ts++, 0, null), new byte[500]);
        assertArrayEquals(new int[] {base + 1000, base + 1500}, last().options().sack());
        inject(stack, base + 3000, iss() + 1, Flags.ACK, 502, TcpOptions.stamp(ts++, 0, null), new byte[500]);
        assertArrayEquals(new int[] {base + 3000, base + 3500, base + 1000, base + 1500}, last().options().sack(),
                "the block holding the segment that triggered the ACK first (RFC 2018 §4)");
        inject(stack, base + 1500, iss() + 1, Flags.ACK, 502, TcpOptions.stamp(ts++, 0, null), new byte[500]);
        assertArrayEquals(new int[] {base + 1000, base + 2000, base + 3000, base + 3500}, last().options().sack());
        inject(stack, base, iss() + 1, Flags.ACK, 502, TcpOptions.stamp(ts++, 0, null), new byte[1000]);
        assertEquals(base + 2000, last().ack());
        assertArrayEquals(new int[] {base + 3000, base + 3500}, last().options().sack());
        assertEquals(2000, c.available());
        inject(stack, base + 200, iss() + 1, Flags.ACK, 502, TcpOptions.stamp(ts++, 0, null), new byte[300]);
        assertArrayEquals(new int[] {base + 200, base + 500, base + 3000, base + 3500}, last().options().sack(),
                "a duplicate is reported first, as a D-SACK below SEG.ACK (RFC 2883 §4)");
    }

    @Test
    void sackedDataIsNotResentAndTheHoleGoesAtOnce() {
        TcpStack stack = stack(ConnectionConfig.linux());
        Connection c = established(stack);
        int mss = c.sendMss();
        assertEquals(1448, mss, "1460 less the 12 octets of the Timestamps option (RFC 9293 §3.7.1)");
        int before = sent.size();
        c.write(new byte[10 * mss]);
        List<Packet> data = sent.subList(before, sent.size()).stream().filter(p -> p.payload().length > 0).toList();
        assertEquals(10, data.size(), "the initial window (RFC 6928)");
        int una = iss() + 1;
        int ts = PEER_TS + 2;
        long rexmitBefore = c.retransmissions();
        // Segments 2 to 4 arrived, the first did not: more than (DupThresh - 1) * SMSS octets SACKed above it, so
        // it is lost (RFC 6675 §4 IsLost) on the first such ACK, without waiting for three duplicates.
        int tsEcr = last().options().tsVal();
        inject(stack, PEER_ISN + 1, una, Flags.ACK, 502, TcpOptions.stamp(ts++, tsEcr,
                new int[] {una + mss, una + 4 * mss}), new byte[0]);
        assertEquals(rexmitBefore + 1, c.retransmissions());
        assertEquals(una, last().seq());
        assertEquals(mss, last().payload().length);
        // The rest arrives: nothing SACKed is sent again.
        int count = sent.size();
        inject(stack, PEER_ISN + 1, una, Flags.ACK, 502, TcpOptions.stamp(ts++, tsEcr,
                new int[] {una + mss, una + 10 * mss}), new byte[0]);
        assertTrue(sent.subList(count, sent.size()).stream().noneMatch(p -> p.payload().length > 0
                && p.seq() - una < 10 * mss), () -> sent.subList(count, sent.size()).toString());
        inject(stack, PEER_ISN + 1, una + 10 * mss, Flags.ACK, 502, TcpOptions.stamp(ts, tsEcr, null),
                new byte[0]);
        assertEquals(0, c.unacknowledged());
        assertEquals(rexmitBefore + 1, c.retransmissions());
    }
}
